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
use std::collections::BTreeMap;

/// What coverage reads of an extract (`extract::Extract` gives it): DREAM's week and month
/// columns and how full they are, and the months employment data covers.
pub trait Covered {
    fn columns(&self) -> Columns<'_>;
}

/// An extract's columns as coverage reads them.
pub struct Columns<'a> {
    /// Week index (see [`IsoWeek::index`]) of DREAM's first week column, and per week from it
    /// to the last, whether its column exists.
    pub first_week: i32,
    pub week_present: &'a [bool],
    /// The months with a `grad_YYYY_MM` column, sorted.
    pub grad_months: &'a [Month],
    /// How full each column read is, once DREAM's rows are read.
    pub fills: Option<&'a Fills>,
    /// The months employment data covers (DREAM's degrees or beskaeftigelse.csv), sorted.
    pub employment_months: &'a [Month],
    /// The months beskaeftigelse.csv has rows for, sorted.
    pub employment_rows_months: &'a [Month],
    /// The months DREAM's weeks touch, first and last.
    pub span: Option<(Month, Month)>,
}

/// Why a month cannot be computed, in words a user can act on; empty when it can.
pub fn missing(ex: &impl Covered, month: Month) -> Vec<String> {
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
fn empty(ex: &impl Covered, month: Month) -> Vec<String> {
    let c = ex.columns();
    let Some(f) = c.fills else { return Vec::new() };
    let mut why = Vec::new();
    let present = |w: i32| {
        let i = w - c.first_week;
        i >= 0 && (i as usize) < c.week_present.len() && c.week_present[i as usize]
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
    let by_rows = c.employment_rows_months.binary_search(&month).is_ok();
    if !by_rows && c.grad_months.binary_search(&month).is_ok() {
        let before: Vec<u32> = (1..=WINDOW_BEFORE)
            .map(|k| month.offset(-k))
            .filter(|m| c.grad_months.binary_search(m).is_ok())
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
pub fn header_missing(ex: &impl Covered, month: Month) -> Vec<String> {
    let c = ex.columns();
    let mut why = Vec::new();
    let lo = c.first_week;
    let absent: Vec<IsoWeek> = month
        .weeks()
        .into_iter()
        .filter(|w| {
            let i = w.index() - lo;
            i < 0 || i as usize >= c.week_present.len() || !c.week_present[i as usize]
        })
        .collect();
    if !absent.is_empty() {
        let cols: Vec<String> = absent.iter().map(|w| format!("{} ({})", w.dream_column(), w)).collect();
        why.push(format!("DREAM has no column for week{} {}", if cols.len() == 1 { "" } else { "s" }, cols.join(", ")));
    }
    if c.employment_months.binary_search(&month).is_err() {
        why.push(format!(
            "no employment data covers it (no column grad_{} in DREAM and no rows for {month} in beskaeftigelse.csv)",
            month.to_string().replace('-', "_")
        ));
    }
    why
}

pub fn is_complete(ex: &impl Covered, month: Month) -> bool {
    missing(ex, month).is_empty()
}

/// The months DREAM's weeks touch, first and last (complete or not).
fn span(ex: &impl Covered) -> Option<(Month, Month)> {
    ex.columns().span
}

/// Every complete month, oldest first.
pub fn complete_months(ex: &impl Covered) -> Vec<Month> {
    let Some((a, b)) = span(ex) else { return Vec::new() };
    (a.index()..=b.index()).map(Month::from_index).filter(|&m| is_complete(ex, m)).collect()
}

/// The default range of months: the latest unbroken run of complete months. Earlier complete
/// months cut off by an incomplete one are left out (they can be asked for on their own).
pub fn default_range(ex: &impl Covered) -> Option<(Month, Month)> {
    run_containing(ex, provisional(ex)?)
}

/// The unbroken run of complete months that holds `month`, if it is complete.
pub fn run_containing(ex: &impl Covered, month: Month) -> Option<(Month, Month)> {
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
pub fn gaps(ex: &impl Covered) -> Vec<Month> {
    let months = complete_months(ex);
    let (Some(a), Some(b)) = (months.first(), months.last()) else { return Vec::new() };
    (a.index()..=b.index()).map(Month::from_index).filter(|m| !is_complete(ex, *m)).collect()
}

/// Checks that every month of `from..=to` is complete. The error says which months the
/// extract covers, then names the asked months that lie outside its weeks as one span and
/// each incomplete month inside them with what it lacks (at most three, then a count).
pub fn check_range(ex: &impl Covered, from: Month, to: Month) -> Result<(), String> {
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
pub fn provisional(ex: &impl Covered) -> Option<Month> {
    complete_months(ex).last().copied()
}

/// How many of DREAM's rows hold something in each column read: a benefit code in a week, an
/// employment degree above 0 in a month. A column present but empty, or far emptier than the
/// ones before it, makes its month incomplete (`method::coverage`).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "FillsText", into = "FillsText")]
pub struct Fills {
    /// The week of `weeks[0]` (see `IsoWeek::index`).
    pub first_week: i32,
    pub weeks: Vec<u32>,
    /// (month index, rows with a degree above 0), for the months read.
    pub months: Vec<(i32, u32)>,
}

/// [`Fills`] as a converted extract's stamp writes it: weeks and months by name.
#[derive(serde::Serialize, serde::Deserialize)]
struct FillsText {
    first_week: String,
    weeks: Vec<u32>,
    months: BTreeMap<String, u32>,
}

impl From<Fills> for FillsText {
    fn from(f: Fills) -> FillsText {
        FillsText {
            first_week: IsoWeek::from_index(f.first_week).to_string(),
            weeks: f.weeks,
            months: f.months.iter().map(|&(m, n)| (Month::from_index(m).to_string(), n)).collect(),
        }
    }
}

impl TryFrom<FillsText> for Fills {
    type Error = String;

    fn try_from(t: FillsText) -> Result<Fills, String> {
        let week = t
            .first_week
            .split_once("-W")
            .and_then(|(y, w)| IsoWeek::new(y.parse().ok()?, w.parse().ok()?))
            .ok_or_else(|| format!("{:?} is not a week (expected e.g. 2015-W45)", t.first_week))?;
        let months = t
            .months
            .iter()
            .map(|(m, &n)| Month::parse(m).map(|m| (m.index(), n)).ok_or_else(|| format!("{m:?} is not a month")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Fills { first_week: week.index(), weeks: t.weeks, months })
    }
}

impl Fills {
    /// Rows with a code in week `w`, if it was read.
    pub fn week(&self, w: i32) -> Option<u32> {
        let i = w - self.first_week;
        (i >= 0).then(|| self.weeks.get(i as usize).copied()).flatten()
    }

    /// Rows with a degree above 0 in `m`, if it was read.
    pub fn month(&self, m: Month) -> Option<u32> {
        self.months.binary_search_by_key(&m.index(), |x| x.0).ok().map(|i| self.months[i].1)
    }
}
