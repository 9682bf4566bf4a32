//! Which months can be computed (`domain.md`, "Measuring"): a month is complete only when
//! DREAM has a column for every one of its ISO weeks **and** employment data covers it (a
//! `grad_YYYY_MM` column or rows in `beskaeftigelse.csv`), **and** those columns hold data. A
//! missing week would read as "no benefit" and a missing employment month as "nobody in a
//! job": both give wrong figures without a word, so such months are never computed. So do
//! columns that are there but empty: DREAM's employment degree reaches Danmarks Statistik
//! months late, so a delivery's newest `grad_` columns are often present and empty or nearly
//! so. Once DREAM's rows are read, a column counts as empty when fewer than half as many rows
//! hold something in it (a benefit code in a week, a degree above 0 in a month) as the median
//! of the same kind of column over the three months before it, where those hold at least
//! [`MIN_REFERENCE`] rows: a test that needs data to judge by, so the first weeks of a file
//! and tiny extracts are judged by their columns alone. The months before are always read
//! with a month (`WINDOW_BEFORE`), so the same month is judged alike by every command. The
//! newest complete month is provisional: DREAM's late registrations still move it.

use super::calendar::{IsoWeek, Month};
use crate::extract::load::Extract;

/// Why a month cannot be computed, in words a user can act on; empty when it can.
pub fn missing(ex: &Extract, month: Month) -> Vec<String> {
    let mut why = header_missing(ex, month);
    if why.is_empty() {
        why.extend(empty(ex, month));
    }
    why
}

/// Months before a month whose columns it is judged against; a read of DREAM decodes them
/// with it (see [`with_reference`]).
pub const WINDOW_BEFORE: i32 = 3;

/// Fewest rows the columns before must hold (their median) for a column to be judged empty.
pub const MIN_REFERENCE: u32 = 20;

/// The first month a read must decode so that months from `from` on are judged as every
/// other read judges them.
pub fn with_reference(from: Month) -> Month {
    from.offset(-WINDOW_BEFORE)
}

fn median(mut v: Vec<u32>) -> Option<u32> {
    v.sort_unstable();
    (!v.is_empty()).then(|| v[v.len() / 2])
}

/// Why a month's columns, present, hold too little to be used (empty when they do, or when
/// DREAM's rows have not been read).
fn empty(ex: &Extract, month: Month) -> Vec<String> {
    let Some(f) = &ex.dream.fills else { return Vec::new() };
    let mut why = Vec::new();
    let present = |w: i32| {
        let i = w - ex.dream.first_week;
        i >= 0 && (i as usize) < ex.dream.n_weeks && ex.dream.week_present[i as usize]
    };
    let first_week = month.weeks().first().map(|w| w.index()).unwrap_or(0);
    let lo = month.offset(-WINDOW_BEFORE).weeks().first().map(|w| w.index()).unwrap_or(first_week);
    let before: Vec<u32> = (lo..first_week).filter(|&w| present(w)).filter_map(|w| f.week(w)).collect();
    if let Some(reference) = median(before).filter(|&m| m >= MIN_REFERENCE) {
        for w in month.weeks() {
            if let Some(n) = f.week(w.index()).filter(|&n| 2 * n < reference) {
                why.push(format!(
                    "DREAM's column {} ({w}) holds a benefit code in {n} rows, under half the {reference} of the weeks before it (median): present but {}",
                    w.dream_column(),
                    if n == 0 { "empty" } else { "not yet filled" }
                ));
            }
        }
    }
    let by_rows = ex.employment_rows_months.binary_search(&month).is_ok();
    if !by_rows && ex.dream.grad_months.binary_search(&month).is_ok() {
        let before: Vec<u32> = (1..=WINDOW_BEFORE)
            .map(|k| month.offset(-k))
            .filter(|m| ex.dream.grad_months.binary_search(m).is_ok())
            .filter_map(|m| f.month(m))
            .collect();
        if let (Some(reference), Some(n)) = (median(before).filter(|&m| m >= MIN_REFERENCE), f.month(month))
            && 2 * n < reference
        {
            why.push(format!(
                "DREAM's column grad_{} gives {n} rows an employment degree above 0, under half the {reference} of the months before it (median): present but {} (DREAM's employment degree reaches DST months late)",
                month.to_string().replace('-', "_"),
                if n == 0 { "empty" } else { "not yet filled" }
            ));
        }
    }
    why
}

/// Why a month cannot be computed by the file's columns alone (before its rows are read).
pub fn header_missing(ex: &Extract, month: Month) -> Vec<String> {
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
