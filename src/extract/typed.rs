//! The inputs as typed rows, whatever file, format and layout they came from: residence spells
//! with the person's data, DREAM's weeks as a matrix of codes, education spells. The readers
//! (`read`: one per input kind and source shape) fill these with each cell already parsed and
//! checked on its own; `assemble` then checks what needs several rows or files (spells
//! against the birth date, one DREAM row per person) and builds the
//! [`Extract`](super::model::Extract). Each row keeps the row (or line) it was read from and
//! each file a [`Place`] with the columns of its fields, so a problem found late still names
//! file, row and column. No CSV text is written in between.

use super::csv::CsvText;
use super::layout::{Field, Input};
use super::model::{Fills, Person};
use super::packed::{MonthBits, PackedRuns};
use super::pnr::{IdMap, Pnr};
use super::source::Format;
use crate::error::Problem;
use crate::method::calendar::Month;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Where a file's fields are, for messages: its name, whether its rows are counted by row
/// (SAS7BDAT, Parquet) or by line (CSV), and the column (0-based position, name) of each field.
#[derive(Debug, Clone, Default)]
pub struct Place {
    pub file: String,
    pub by_row: bool,
    pub columns: BTreeMap<Field, (usize, String)>,
}

impl Place {
    /// A problem in the cell of `field` in row (or line) `row`.
    pub fn cell(&self, row: usize, field: Field, message: impl Into<String>) -> Problem {
        match self.columns.get(&field) {
            Some((c, name)) if self.by_row => Problem::row_cell(&self.file, row, c + 1, name, message),
            Some((c, name)) => Problem::cell(&self.file, row, c + 1, name, message),
            None => Problem { by_row: self.by_row, ..Problem::at(&self.file, row, message) },
        }
    }

    /// "line" for CSV, "row" for the others: how a message names another row of the file.
    pub fn word(&self) -> &'static str {
        if self.by_row { "row" } else { "line" }
    }

    /// The 1-based column of a field, 0 when the file has none.
    pub fn column_number(&self, field: Field) -> usize {
        self.columns.get(&field).map_or(0, |c| c.0 + 1)
    }
}

/// A residence spell with the data of its person, each field parsed.
#[derive(Debug, Clone)]
pub struct SpellIn {
    pub pnr: Pnr,
    pub person: Person,
    pub kommune: u16,
    /// The local area, in the population's [`Areas`]: 0 when none is given. Each name is held
    /// once, not once per spell.
    pub omraade: u32,
    pub fra: NaiveDate,
    pub til: Option<NaiveDate>,
    /// The row (or line) of the spell, and of the person's data (the same row in the
    /// effektmaal layout, the row of `bef` in the DST layout). Small, as millions are held.
    pub row: u32,
    pub person_row: u32,
}

impl SpellIn {
    /// A spell as read: the person's id and data, the spell's kommune, omraade, fra and til, and
    /// the rows of the spell and of the person's data.
    pub fn new(
        pnr: &str,
        person: Person,
        (kommune, omraade, fra, til): (u16, u32, NaiveDate, Option<NaiveDate>),
        row: usize,
        person_row: usize,
    ) -> SpellIn {
        let (row, person_row) = (row as u32, person_row as u32);
        SpellIn { pnr: Pnr::new(pnr), person, kommune, omraade, fra, til, row, person_row }
    }
}

/// As many areas as are looked through by name rather than hashed.
const FEW_AREAS: usize = 16;

/// The local areas' names as read, each once, numbered from 1 in the order first given; 0 is
/// no area (the empty name).
#[derive(Debug, Clone)]
pub struct Areas {
    names: Vec<Box<str>>,
    index: IdMap<Box<str>, u32>,
    /// The number given last.
    last: u32,
}

impl Default for Areas {
    fn default() -> Areas {
        Areas { names: vec!["".into()], index: IdMap::default(), last: 0 }
    }
}

impl Areas {
    /// The number of `name` (as given: the reader trims it), numbered now if new.
    pub fn id(&mut self, name: &str) -> u32 {
        if name.is_empty() {
            return 0;
        }
        // Most spells name the area of the spell before; most municipalities have a handful of
        // areas, looked through faster than hashed.
        if *self.names[self.last as usize] == *name {
            return self.last;
        }
        let few = (self.names.len() <= FEW_AREAS).then(|| self.names.iter().position(|n| **n == *name));
        self.last = match few.unwrap_or_else(|| self.index.get(name).map(|&i| i as usize)) {
            Some(i) => i as u32,
            None => {
                let i = self.names.len() as u32;
                self.names.push(name.into());
                self.index.insert(name.into(), i);
                i
            }
        };
        self.last
    }

    /// The name of area `i`: empty for 0 (and for a number never given).
    pub fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |n| n)
    }

    /// Every name, by number: the first is the empty name of no area.
    pub fn names(&self) -> &[Box<str>] {
        &self.names
    }
}

/// The population: residence spells, and where their fields were read.
#[derive(Debug, Clone, Default)]
pub struct PopulationIn {
    pub spells: Vec<SpellIn>,
    /// The local areas the spells name.
    pub areas: Areas,
    /// Where the spell's fields are (kommune, omraade, fra, til).
    pub spell_place: Place,
    /// Where the person's fields are (foedselsdato, koen, herkomst, oprindelse).
    pub person_place: Place,
    /// Whether every spell repeats its person's data (effektmaal layout), so the spells of a
    /// person must agree; in the DST layout `bef` holds it once.
    pub person_per_spell: bool,
    /// Whether each person's spells come together, after the spells of the persons before
    /// (a converted extract whose stamp says so): persons are numbered without being looked
    /// up.
    pub persons_together: bool,
}

/// DREAM's rows: person id, weekly codes and monthly employment degrees.
#[derive(Debug, Clone, Default)]
pub struct DreamIn {
    /// Where the person id is (for duplicate rows).
    pub place: Place,
    /// Every week column of the header (week indices, see `IsoWeek::index`), sorted: what
    /// coverage needs, whether decoded or not.
    pub weeks: Vec<i32>,
    /// Every employment month column of the header, sorted.
    pub months: Vec<Month>,
    /// The weeks decoded into `codes`: the first week and the count (0 when none).
    pub first_week: i32,
    pub n_weeks: usize,
    /// The months decoded into `grads`, sorted.
    pub decoded_months: Vec<Month>,
    /// Per row: the person id and the row (or line) it was read from.
    pub pnrs: Vec<Pnr>,
    pub rows: Vec<usize>,
    /// `codes[i * n_weeks + w]`: 0 when no benefit (or the week has no column).
    pub codes: Vec<u16>,
    /// `grads[i * decoded_months.len() + m]`: 0 when missing.
    pub grads: Vec<f32>,
    /// The rows' weeks still packed, when a reader hands them so (a converted extract's, see
    /// `converted::packed_rows`); `codes` is then empty. [`DreamRows::ahead`](super::ahead::DreamRows::ahead) unpacks them
    /// before a batch is handed on, so no sink sees them.
    pub runs: PackedRuns,
    /// Likewise the rows' months employed, as bits (`grads` then empty).
    pub month_bits: MonthBits,
    /// Data rows in the file, including rows left out for a problem.
    pub rows_seen: usize,
}

/// DREAM's rows per reading call: the batch a reader hands on when it has this many.
pub const BATCH: usize = 16_384;

impl DreamIn {
    /// Hands the rows held on to `sink` when there are [`BATCH`] of them (`all`: any).
    pub fn flush(&mut self, sink: &mut dyn FnMut(&mut DreamIn), all: bool) {
        if self.pnrs.len() >= BATCH || (all && !self.pnrs.is_empty()) {
            sink(self);
            self.clear_rows();
        }
    }

    /// Empties the rows (their memory kept), not the header.
    pub(super) fn clear_rows(&mut self) {
        self.pnrs.clear();
        self.rows.clear();
        self.codes.clear();
        self.grads.clear();
        self.runs.clear();
        self.month_bits.clear();
    }

    /// One row: person id, row (or line) and the row's codes and degrees.
    pub fn push(&mut self, pnr: &str, row: usize, codes: &[u16], grads: &[f32]) {
        self.pnrs.push(Pnr::new(pnr));
        self.rows.push(row);
        self.codes.extend_from_slice(codes);
        self.grads.extend_from_slice(grads);
    }
}

/// Education spells: person id, fra, til and the row read from.
#[derive(Debug, Clone, Default)]
pub struct EducationIn {
    pub place: Place,
    pub spells: Vec<(Pnr, NaiveDate, Option<NaiveDate>, usize)>,
    pub rows_seen: usize,
}

/// An input file as read, for `check` and the appendix.
#[derive(Debug, Clone)]
pub struct FileRead {
    pub input: Input,
    pub name: String,
    pub format: Format,
    pub sha256: String,
    pub encoding: String,
    /// CSV only; 0 for other formats.
    pub separator: u8,
    pub rows: usize,
    /// Columns decoded, and the file's width.
    pub decoded: usize,
    pub width: usize,
}

/// Everything read from an extract directory, before the checks across rows and files.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// "effektmaal", "DST", "DST (with effektmaal.toml)".
    pub layout: String,
    pub population: Option<PopulationIn>,
    pub dream: Option<DreamIn>,
    pub education: Option<EducationIn>,
    /// `beskaeftigelse.csv` and `ydelseskoder.csv` as effektmaal-layout CSV text (rewritten from
    /// other formats: both are small), with where their rows came from.
    pub texts: BTreeMap<&'static str, CsvText>,
    pub origins: BTreeMap<&'static str, Provenance>,
    pub read: Vec<FileRead>,
    /// Warnings for the user: columns ignored, unknown country codes.
    pub notes: Vec<String>,
    /// Set when the files are those `convert` wrote and checked (see `converted`): what the
    /// stamp says, for `check`.
    pub stamp: Option<String>,
    /// The benefit codes seen, as the stamp of a converted extract gives them (over all
    /// weeks, whatever the window): then they are not counted again.
    pub code_counts: Option<BTreeMap<u16, u64>>,
    /// Likewise how full each of DREAM's columns is (over all of them).
    pub fills: Option<Fills>,
}

impl Inputs {
    /// Puts a problem found in one of the rewritten `texts` back at the file, row and column it
    /// was read from.
    pub fn place(&self, p: Problem) -> Problem {
        match self.origins.get(p.file.as_str()) {
            Some(origin) => origin.place(p),
            None => p,
        }
    }
}

/// The weeks and months wanted from DREAM: week indices (see `IsoWeek::index`) and month
/// indices (see `Month::index`), inclusive; `None` reads all. The header is always read whole,
/// so coverage sees every week column whichever are decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub weeks: Option<(i32, i32)>,
    pub months: Option<(i32, i32)>,
}

impl Window {
    /// The weeks and employment months that the months `from..=to` need (`None`: open on that
    /// side): each month's ISO weeks (those whose Thursday falls in it).
    pub fn months(from: Option<Month>, to: Option<Month>) -> Window {
        let lo = from.and_then(|m| m.weeks().first().map(|w| w.index())).unwrap_or(i32::MIN);
        let hi = to.and_then(|m| m.weeks().last().map(|w| w.index())).unwrap_or(i32::MAX);
        Window {
            weeks: Some((lo, hi)),
            months: Some((from.map_or(i32::MIN, |m| m.index()), to.map_or(i32::MAX, |m| m.index()))),
        }
    }

    pub fn has_week(&self, week: i32) -> bool {
        self.weeks.is_none_or(|(lo, hi)| (lo..=hi).contains(&week))
    }

    pub fn has_month(&self, month: Month) -> bool {
        self.months.is_none_or(|(lo, hi)| (lo..=hi).contains(&month.index()))
    }
}

impl DreamIn {
    /// Takes the header's week columns `(column, week index)` and month columns `(column,
    /// month)`, and chooses those to decode in `window`. Returns the decoded columns with their
    /// offset in a row of `codes` and of `grads`.
    #[allow(clippy::type_complexity)]
    pub fn set_header(
        &mut self,
        weeks: &[(usize, i32)],
        months: &[(usize, Month)],
        window: Window,
    ) -> (Vec<(usize, usize)>, Vec<(usize, usize)>) {
        self.weeks = weeks.iter().map(|w| w.1).collect();
        self.weeks.sort_unstable();
        self.months = months.iter().map(|m| m.1).collect();
        self.months.sort_unstable();
        let decoded: Vec<(usize, i32)> = weeks.iter().copied().filter(|w| window.has_week(w.1)).collect();
        let lo = decoded.iter().map(|w| w.1).min().unwrap_or(0);
        let hi = decoded.iter().map(|w| w.1).max();
        self.first_week = lo;
        self.n_weeks = hi.map_or(0, |hi| (hi - lo + 1) as usize);
        let mut dm: Vec<Month> = months.iter().map(|m| m.1).filter(|m| window.has_month(*m)).collect();
        dm.sort_unstable();
        dm.dedup();
        let week_cols = decoded.iter().map(|&(c, w)| (c, (w - lo) as usize)).collect();
        let month_cols = months
            .iter()
            .filter(|m| window.has_month(m.1))
            .map(|&(c, m)| (c, dm.binary_search(&m).unwrap_or(0)))
            .collect();
        self.decoded_months = dm;
        (week_cols, month_cols)
    }
}

/// Where the cells of one rewritten file came from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    pub(super) parts: Vec<Part>,
}

/// One original file behind (some columns of) a rewritten file.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub(super) file: String,
    pub(super) by_row: bool,
    /// Rewritten column name → the original column (1-based position, name).
    pub(super) columns: BTreeMap<String, (usize, String)>,
    /// `rows[k]`: the original row or line of the rewritten file's line `k + 2`.
    pub(super) rows: Vec<usize>,
}

impl Provenance {
    /// Puts a problem found in the rewritten text back at the original file, row and column.
    pub fn place(&self, p: Problem) -> Problem {
        let part = match &p.column {
            Some((_, name)) => self.parts.iter().find(|part| part.columns.contains_key(name)),
            None => self.parts.first(),
        };
        let Some(part) = part else { return p };
        let line = p.line.map(|l| if l >= 2 { part.rows.get(l - 2).copied().unwrap_or(l) } else { l });
        let column = p.column.as_ref().and_then(|(_, name)| part.columns.get(name).cloned());
        Problem {
            file: part.file.clone(),
            line,
            by_row: part.by_row && line.is_some(),
            column: column.or(p.column.clone()),
            message: p.message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Areas;

    #[test]
    fn areas_are_numbered_once_each_in_the_order_first_named() {
        let mut areas = Areas::default();
        let named: Vec<u32> = ["Vollsmose", "Vollsmose", "", "Bolbro", "Vollsmose", "Bolbro", "bolbro", "Tarup"]
            .map(|n| areas.id(n))
            .into();
        assert_eq!(named, [1, 1, 0, 2, 1, 2, 3, 4]);
        let names: Vec<&str> = areas.names().iter().map(|n| &**n).collect();
        assert_eq!(names, ["", "Vollsmose", "Bolbro", "bolbro", "Tarup"]);
        assert_eq!((areas.name(2), areas.name(0), areas.name(99)), ("Bolbro", "", ""));
    }
}
