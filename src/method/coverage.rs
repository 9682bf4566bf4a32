//! Which months can be computed (`domain.md`, "Measuring"): a month is complete only when
//! DREAM has a column for every one of its ISO weeks **and** employment data covers it (a
//! `grad_YYYY_MM` column or rows in `beskaeftigelse.csv`). A missing week would read as "no
//! benefit" and a missing employment month as "nobody in a job": both give wrong figures
//! without a word, so such months are never computed. The newest complete month is
//! provisional: DREAM's late registrations still move it.

use super::calendar::{IsoWeek, Month};
use crate::extract::load::Extract;

/// Why a month cannot be computed, in words a user can act on; empty when it can.
pub fn missing(ex: &Extract, month: Month) -> Vec<String> {
    let mut why = Vec::new();
    let lo = ex.dream.first_week;
    let absent: Vec<IsoWeek> = month
        .weeks()
        .into_iter()
        .filter(|w| {
            let i = w.index() - lo;
            i < 0 || i as usize >= ex.dream.n_weeks || !ex.dream.week_present[i as usize]
        })
        .collect();
    if !absent.is_empty() {
        let cols: Vec<String> = absent.iter().map(|w| format!("{} ({})", w.dream_column(), w)).collect();
        why.push(format!("DREAM has no column for week{} {}", if cols.len() == 1 { "" } else { "s" }, cols.join(", ")));
    }
    if ex.employment_months.binary_search(&month).is_err() {
        why.push(format!(
            "no employment data covers it (no column grad_{} in DREAM and no rows for {month} in beskaeftigelse.csv)",
            month.to_string().replace('-', "_")
        ));
    }
    why
}

pub fn is_complete(ex: &Extract, month: Month) -> bool {
    missing(ex, month).is_empty()
}

/// The months DREAM's weeks touch, first and last (complete or not).
fn span(ex: &Extract) -> Option<(Month, Month)> {
    ex.months_covered()
}

/// Every complete month, oldest first.
pub fn complete_months(ex: &Extract) -> Vec<Month> {
    let Some((a, b)) = span(ex) else { return Vec::new() };
    (a.index()..=b.index()).map(Month::from_index).filter(|&m| is_complete(ex, m)).collect()
}

/// The default range of months: the latest unbroken run of complete months. Earlier complete
/// months cut off by an incomplete one are left out (they can be asked for on their own).
pub fn default_range(ex: &Extract) -> Option<(Month, Month)> {
    run_containing(ex, provisional(ex)?)
}

/// The unbroken run of complete months that holds `month`, if it is complete.
pub fn run_containing(ex: &Extract, month: Month) -> Option<(Month, Month)> {
    if !is_complete(ex, month) {
        return None;
    }
    let (mut a, mut b) = (month, month);
    while is_complete(ex, a.offset(-1)) {
        a = a.offset(-1);
    }
    while is_complete(ex, b.offset(1)) {
        b = b.offset(1);
    }
    Some((a, b))
}

/// Incomplete months between the first and the last complete month: the gaps a user should
/// hear about.
pub fn gaps(ex: &Extract) -> Vec<Month> {
    let months = complete_months(ex);
    let (Some(a), Some(b)) = (months.first(), months.last()) else { return Vec::new() };
    (a.index()..=b.index()).map(Month::from_index).filter(|m| !is_complete(ex, *m)).collect()
}

/// Checks that every month of `from..=to` is complete. The error says which months the
/// extract covers, then names the asked months that lie outside its weeks as one span and
/// each incomplete month inside them with what it lacks (at most three, then a count).
pub fn check_range(ex: &Extract, from: Month, to: Month) -> Result<(), String> {
    let bad: Vec<Month> = (from.index()..=to.index()).map(Month::from_index).filter(|m| !is_complete(ex, *m)).collect();
    if bad.is_empty() {
        return Ok(());
    }
    let covered = match default_range(ex) {
        Some((a, b)) => format!("the extract covers the months {a} to {b}"),
        None => "the extract covers no complete month".to_string(),
    };
    let span = span(ex);
    let outside = |m: &Month| span.is_none_or(|(a, b)| *m < a || *m > b);
    let mut lines = Vec::new();
    let before: Vec<Month> = bad.iter().copied().filter(|m| span.is_none_or(|(a, _)| *m < a)).collect();
    let after: Vec<Month> = bad.iter().copied().filter(|m| span.is_some_and(|(_, b)| *m > b)).collect();
    for part in [before, after] {
        if let (Some(a), Some(b)) = (part.first(), part.last()) {
            let which = if a == b { a.to_string() } else { format!("{a} to {b}") };
            lines.push(format!("{which}: outside the extract's DREAM weeks"));
        }
    }
    let inside: Vec<&Month> = bad.iter().filter(|m| !outside(m)).collect();
    for m in inside.iter().take(3) {
        lines.push(format!("{m}: {}", missing(ex, **m).join("; ")));
    }
    if inside.len() > 3 {
        lines.push(format!("… and {} more incomplete months", inside.len() - 3));
    }
    let asked = if from == to { from.to_string() } else { format!("{from} to {to}") };
    Err(format!(
        "{covered}; {asked} was asked for, and {} of those months cannot be computed:\n  {}",
        bad.len(),
        lines.join("\n  ")
    ))
}

/// The newest complete month: provisional, since DREAM is updated with late registrations.
pub fn provisional(ex: &Extract) -> Option<Month> {
    complete_months(ex).last().copied()
}
