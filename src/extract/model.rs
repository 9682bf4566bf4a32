//! The model the readers build and the method runs on: an [`Extract`] with its persons, their
//! residence and education spells, DREAM's weeks and months, and the files it was read from.
//! Nothing here reads a file: the readers (`read`) fill typed rows, `assemble` builds this.

use crate::method::calendar::{IsoWeek, Month};
use crate::method::classify::Register;
use crate::method::codemap::CodeMap;
use crate::method::coverage::{Columns, Covered};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::method::coverage::Fills;
pub use crate::method::person::{Herkomst, Koen, Oprindelse, Person, Spell};

/// One input file as read: for the appendix and the record.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    /// What the file is: `befolkning`, `bef`, `bopael`, `dream`, `uddannelse`, … (see
    /// `layout::Input`).
    pub kind: &'static str,
    /// `CSV`, `Parquet` or `SAS7BDAT`.
    pub format: &'static str,
    pub sha256: String,
    pub encoding: String,
    /// CSV only; 0 for other formats.
    pub separator: u8,
    pub rows: usize,
    /// The period the file covers, in words (e.g. "2013-01 – 2016-12").
    pub period: String,
}

/// DREAM's weeks as a dense matrix, one row per DREAM row.
#[derive(Debug, Default)]
pub struct Dream {
    /// Week index (see [`IsoWeek::index`]) of the first week column of the file's header, and
    /// the span of weeks to its last (what coverage reads, see `week_present`).
    pub first_week: i32,
    pub n_weeks: usize,
    /// `codes[row * codes_n_weeks + (week - codes_first_week)]`, 0 = no benefit that week.
    /// The same span as `first_week`/`n_weeks` unless the extract was loaded for a window of
    /// months ([`load_window`](super::load_window)): then only the window's weeks are decoded. Empty unless the
    /// rows are held ([`load`](super::load())); `compute`, `report` and `check` read them a batch at a time
    /// ([`Pending`](super::Pending)).
    pub codes: Vec<u16>,
    pub codes_first_week: i32,
    pub codes_n_weeks: usize,
    /// Whether the week columns existed in the file (weeks between columns are 0 and unknown).
    pub week_present: Vec<bool>,
    /// Per row of `codes`: its person (`u32::MAX`: none in the population).
    pub person_of_row: Vec<u32>,
    /// The months with a `grad_YYYY_MM` column, sorted.
    pub grad_months: Vec<Month>,
    /// How full each column read is, once the rows are read (`None` before, or from the stamp
    /// of an extract converted before stamps said so): see `method::coverage`.
    pub fills: Option<Fills>,
}

/// A validated extract, ready for the method.
#[derive(Debug)]
pub struct Extract {
    pub dir: PathBuf,
    /// The layout the files follow, in words: "effektmaal", "DST", "DST (with effektmaal.toml)".
    pub layout: String,
    pub sources: Vec<Source>,
    pub persons: Vec<Person>,
    /// Residence spells per person, sorted by `fra`.
    pub spells: Lists<Spell>,
    /// Local area names; index 0 is the empty name (no area given).
    pub areas: Vec<String>,
    pub dream: Dream,
    /// Enrolment spells per person.
    pub education: Lists<(NaiveDate, Option<NaiveDate>)>,
    /// Months with employment data: first month index and count (all months of the files,
    /// also when loaded for a window; months outside it read as not employed).
    pub first_month: i32,
    pub n_months: usize,
    /// `employed[person * n_months + m]`: employment degree > 0 that month.
    pub employed: Vec<bool>,
    /// The months employment data covers (a `grad_YYYY_MM` column or rows in
    /// beskaeftigelse.csv), sorted.
    pub employment_months: Vec<Month>,
    /// The months beskaeftigelse.csv has rows for, sorted.
    pub employment_rows_months: Vec<Month>,
    /// Warnings from reading: columns ignored, repairs made. Never holds a person id.
    pub notes: Vec<String>,
    pub codemap: CodeMap,
    /// Benefit codes seen in DREAM (over all weeks) with the number of person-weeks.
    pub code_counts: BTreeMap<u16, u64>,
    pub stats: Stats,
    /// For an extract `convert` wrote, whose files still match its stamp: what the stamp says
    /// (see `stamp`). Such files are not checked cell by cell again.
    pub stamp: Option<String>,
}

/// Data-quality figures for `check`.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub residence_spells: usize,
    pub dream_rows: usize,
    pub dream_not_in_population: usize,
    pub persons_without_dream: usize,
    pub overlapping_spells: usize,
    /// Persons with spells in two municipalities at the same time (counted where the later
    /// spell is, see `method::classify::current_spell`).
    pub persons_in_two_municipalities: usize,
    /// Residence spells that began before the person's birth date, clipped to it.
    pub spells_clipped_to_birth: usize,
    pub education_spells: usize,
    pub education_not_in_population: usize,
    pub employment_rows: usize,
    pub employment_not_in_population: usize,
    pub first_week: Option<IsoWeek>,
    pub last_week: Option<IsoWeek>,
    pub first_grad_month: Option<Month>,
    pub last_grad_month: Option<Month>,
}

impl Extract {
    /// Whether the person was employed in `month`: by `beskaeftigelse.csv`, or by DREAM's
    /// degrees when its rows are held in the extract (else they come with each row, see
    /// [`Rows::employed`](super::Rows::employed)).
    pub fn employed(&self, person: u32, month: Month) -> bool {
        let m = month.index() - self.first_month;
        m >= 0
            && (m as usize) < self.n_months
            && self.employed.get(person as usize * self.n_months + m as usize).is_some_and(|e| *e)
    }

    /// Marks the person employed in `month` (inside the employment months).
    pub fn set_employed(&mut self, person: u32, month: Month) {
        let m = month.index() - self.first_month;
        if m < 0 || m as usize >= self.n_months {
            return;
        }
        if self.employed.is_empty() {
            self.employed = vec![false; self.persons.len() * self.n_months];
        }
        self.employed[person as usize * self.n_months + m as usize] = true;
    }

    /// The months for which the extract has DREAM weeks: first and last.
    pub fn months_covered(&self) -> Option<(Month, Month)> {
        let first = self.stats.first_week?.month();
        let last = self.stats.last_week?.month();
        Some((first, last))
    }

    /// SHA-256 over the checksums of all sources, in name order: identifies the extract.
    pub fn checksum(&self) -> String {
        let mut s: Vec<&Source> = self.sources.iter().collect();
        s.sort_by(|a, b| a.name.cmp(&b.name));
        super::csv::combined_sha256(s.iter().map(|src| (src.name.as_str(), src.sha256.as_str())))
    }
}

/// Items grouped by person, in one allocation: person `p`'s are `items[starts[p]..starts[p+1]]`
/// (millions of persons, most with one or no item, would otherwise be millions of vectors).
#[derive(Debug, Clone)]
pub struct Lists<T> {
    starts: Vec<u32>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists { starts: vec![0], items: Vec::new() }
    }
}

impl<T> Lists<T> {
    /// From items already sorted by person (`person` gives an item's), for `n` persons.
    pub fn sorted(n: usize, items: Vec<T>, person: impl Fn(&T) -> u32) -> Lists<T> {
        let mut starts = vec![0u32; n + 1];
        for it in &items {
            starts[person(it) as usize + 1] += 1;
        }
        for p in 0..n {
            starts[p + 1] += starts[p];
        }
        Lists { starts, items }
    }

    /// From `(person, item)` pairs in any order (`pairs` is gone through twice), each person's
    /// items in the order given; `fill` is any item (overwritten).
    pub fn grouped<I: Iterator<Item = (u32, T)>>(n: usize, pairs: impl Fn() -> I, fill: T) -> Lists<T>
    where
        T: Clone,
    {
        let mut starts = vec![0u32; n + 1];
        for (p, _) in pairs() {
            starts[p as usize + 1] += 1;
        }
        for p in 0..n {
            starts[p + 1] += starts[p];
        }
        let mut next = starts.clone();
        let mut items = vec![fill; starts[n] as usize];
        for (p, it) in pairs() {
            items[next[p as usize] as usize] = it;
            next[p as usize] += 1;
        }
        Lists { starts, items }
    }

    /// Persons.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each person's items, in person order.
    pub fn iter(&self) -> impl Iterator<Item = &[T]> {
        self.starts.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }

    /// Every item, in person order.
    pub fn all(&self) -> &[T] {
        &self.items
    }
}

impl<T> std::ops::Index<usize> for Lists<T> {
    type Output = [T];

    fn index(&self, p: usize) -> &[T] {
        &self.items[self.starts[p] as usize..self.starts[p + 1] as usize]
    }
}

/// What classifying reads of an extract, a person at a time.
impl Register for Extract {
    fn codemap(&self) -> &CodeMap {
        &self.codemap
    }

    fn person(&self, p: usize) -> Person {
        self.persons[p]
    }

    fn spells(&self, p: usize) -> &[Spell] {
        &self.spells[p]
    }

    fn education(&self, p: usize) -> &[(NaiveDate, Option<NaiveDate>)] {
        &self.education[p]
    }

    fn employed(&self, person: u32, month: Month) -> bool {
        Extract::employed(self, person, month)
    }
}

/// What coverage reads of an extract: its DREAM columns and the months employment data covers.
impl Covered for Extract {
    fn columns(&self) -> Columns<'_> {
        Columns {
            first_week: self.dream.first_week,
            week_present: &self.dream.week_present,
            grad_months: &self.dream.grad_months,
            fills: self.dream.fills.as_ref(),
            employment_months: &self.employment_months,
            employment_rows_months: &self.employment_rows_months,
            span: self.months_covered(),
        }
    }
}
