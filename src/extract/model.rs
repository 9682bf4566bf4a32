//! The model the readers build and the method runs on: an [`Extract`] with its persons, their
//! residence and education spells, DREAM's weeks and months, and the files it was read from.
//! Nothing here reads a file: the readers (`read`) fill typed rows, `assemble` builds this.

use crate::method::calendar::{IsoWeek, Month};
use crate::method::codemap::CodeMap;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Koen {
    M,
    K,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Herkomst {
    Dansk,
    Indvandrer,
    Efterkommer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Oprindelse {
    Dansk,
    Vestlig,
    IkkeVestlig,
    /// Not known: an immigrant or descendant whose country of origin is unknown or missing from
    /// the country table (DST layout, see `countries`).
    Uoplyst,
}

impl Herkomst {
    pub fn id(self) -> &'static str {
        match self {
            Herkomst::Dansk => "dansk",
            Herkomst::Indvandrer => "indvandrer",
            Herkomst::Efterkommer => "efterkommer",
        }
    }
}

impl Oprindelse {
    pub fn id(self) -> &'static str {
        match self {
            Oprindelse::Dansk => "dansk",
            Oprindelse::Vestlig => "vestlig",
            Oprindelse::IkkeVestlig => "ikke_vestlig",
            Oprindelse::Uoplyst => "uoplyst",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    pub foedselsdato: NaiveDate,
    pub koen: Koen,
    pub herkomst: Herkomst,
    pub oprindelse: Oprindelse,
}

/// A residence spell in a municipality. `omraade` indexes [`Extract::areas`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spell {
    /// The line (CSV) or row (SAS7BDAT, Parquet) of the spell in befolkning or bopael, for
    /// messages.
    pub line: usize,
    /// The person whose spell it is.
    pub person: u32,
    pub kommune: u16,
    pub omraade: u16,
    pub fra: NaiveDate,
    pub til: Option<NaiveDate>,
}

impl Spell {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.fra <= day && self.til.is_none_or(|t| day <= t)
    }
}

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
            first_week: crate::method::calendar::IsoWeek::from_index(f.first_week).to_string(),
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
            .and_then(|(y, w)| crate::method::calendar::IsoWeek::new(y.parse().ok()?, w.parse().ok()?))
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
