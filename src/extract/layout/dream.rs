//! DREAM's header as the layouts name its columns: a week column `y_YYWW` (or the manifest's
//! prefix, see `read::general_dream`) and an employment month column `grad_YYYY_MM`.

use crate::method::calendar::{IsoWeek, Month};

/// Weeks further than this from the other DREAM weeks are not taken as part of the run.
const WEEK_GAP_MAX: i32 = 53;

/// Likewise for employment months.
const MONTH_GAP_MAX: i32 = 12;

/// Sorts DREAM's header into week columns `(column, week index)`, employment month columns
/// `(column, month)` and ignored columns with the reason. A `y_`/`grad_` column that is not a
/// week or month, or that stands more than a year away from the run of the others (a year
/// total `y_2016` reads as week 16 of 2020), is ignored: it must never stretch the period.
#[allow(clippy::type_complexity)]
pub fn dream_columns(names: &[String]) -> (Vec<(usize, i32)>, Vec<(usize, Month)>, Vec<(String, String)>) {
    let mut weeks = Vec::new();
    let mut months = Vec::new();
    let mut ignored = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(r) = IsoWeek::from_dream_column(name) {
            match r {
                Ok(w) => weeks.push((i, w.index())),
                Err(e) => ignored.push((name.clone(), format!("it is not a DREAM week ({e})"))),
            }
        } else if let Some(rest) = name.strip_prefix("grad_") {
            let m = rest
                .split_once('_')
                .and_then(|(y, m)| (y.len() == 4 && m.len() == 2).then(|| Month::parse(&format!("{y}-{m}"))).flatten());
            match m {
                Some(m) => months.push((i, m)),
                None => ignored.push((
                    name.clone(),
                    "it is not an employment month (expected grad_YYYY_MM, e.g. grad_2016_08)".to_string(),
                )),
            }
        }
    }
    let keep_weeks = main_run(weeks.iter().map(|w| w.1).collect(), WEEK_GAP_MAX);
    weeks.retain(|&(i, w)| {
        let inside = keep_weeks.as_ref().is_some_and(|r| r.contains(&w));
        if !inside {
            let (lo, hi) = keep_weeks.clone().map(|r| r.into_inner()).unwrap_or((w, w));
            ignored.push((
                names[i].clone(),
                format!(
                    "it would be week {}, more than a year away from DREAM's other weeks ({} – {})",
                    IsoWeek::from_index(w),
                    IsoWeek::from_index(lo),
                    IsoWeek::from_index(hi)
                ),
            ));
        }
        inside
    });
    let keep_months = main_run(months.iter().map(|m| m.1.index()).collect(), MONTH_GAP_MAX);
    months.retain(|&(i, m)| {
        let inside = keep_months.as_ref().is_some_and(|r| r.contains(&m.index()));
        if !inside {
            ignored.push((
                names[i].clone(),
                format!("month {m} is more than a year away from the other employment months"),
            ));
        }
        inside
    });
    ignored.sort();
    (weeks, months, ignored)
}

/// The span of the largest group of values in which neighbours are at most `gap` apart (ties:
/// the latest group).
fn main_run(mut values: Vec<i32>, gap: i32) -> Option<std::ops::RangeInclusive<i32>> {
    values.sort_unstable();
    values.dedup();
    let mut best: Option<(usize, i32, i32)> = None;
    let mut start = 0;
    for i in 0..values.len() {
        if i + 1 == values.len() || values[i + 1] - values[i] > gap {
            let n = i + 1 - start;
            if best.is_none_or(|(bn, _, _)| n >= bn) {
                best = Some((n, values[start], values[i]));
            }
            start = i + 1;
        }
    }
    best.map(|(_, lo, hi)| lo..=hi)
}
