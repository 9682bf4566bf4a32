//! Loading an extract directory. [`read`] fills the typed rows of `typed`: here for the
//! effektmaal layout in CSV (`befolkning.csv` and `dream.csv` required, `uddannelse.csv`,
//! `beskaeftigelse.csv` and `ydelseskoder.csv` optional, names in any case), through
//! `normalize` for every other layout and format. [`assemble`] checks what needs several rows
//! or files and builds the [`Extract`]. Every cell is checked (unless a converted extract's
//! stamp vouches for it, see `converted`); all problems are collected and returned together,
//! so a user fixes a file in one pass. Person ids are interned to dense numbers here; only
//! `convert` sees them again, to write them back to files.

use super::csv::CsvFile;
use super::csv::{CsvText, TextEncoding};
use super::fields;
use super::layout::{Field, Input};
pub use super::rows::Pending;
use super::table::{self, CsvSource, Row};
use super::typed::{
    Areas, DreamIn, DreamRows, EducationIn, FileRead, Inputs, Lists, NEAR, Place, Pnr, PnrIndex, PopulationIn, SpellIn,
    Want, Window,
};
use crate::error::{Error, Problem, Problems};
use crate::method::calendar::{IsoWeek, Month, age_on};
use crate::method::codemap::CodeMap;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const BEFOLKNING: &str = "befolkning.csv";
pub const DREAM: &str = "dream.csv";
pub const UDDANNELSE: &str = "uddannelse.csv";
pub const BESKAEFTIGELSE: &str = "beskaeftigelse.csv";
pub const YDELSESKODER: &str = "ydelseskoder.csv";

/// The oldest age a person may have at the start of a residence spell.
pub const MAX_AGE: i32 = 130;

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
    /// months ([`load_window`]): then only the window's weeks are decoded. Empty unless the
    /// rows are held ([`load`]); `compute`, `report` and `check` read them a batch at a time
    /// ([`Pending`]).
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
    pub fills: Option<super::rows::Fills>,
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
    /// (see `converted`). Such files are not checked cell by cell again.
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
    /// [`super::rows::Rows::employed`]).
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

/// Checks a pnr cell: present, and not a raw CPR number. Never puts the value in a message.
fn pnr_ok(row: &Row, col: usize, problems: &mut Problems) -> bool {
    let cell = row.cell(col);
    if cell.value.trim().is_empty() {
        problems.push(cell.problem("the person id is empty: expected a pseudonymised pnr"));
        return false;
    }
    if fields::looks_like_cpr(cell.value) {
        problems.push(cell.problem(
            "the person id looks like a raw CPR number (ten digits starting with a valid date); it is not shown here. \
             Pseudonymise the extract first (effektmaal pseudonymize)",
        ));
        return false;
    }
    true
}

/// The local areas are published (breakdowns, tables, alt texts): one that holds a CPR number or
/// is a person id of the population (a column of ids read as the area) is a problem at the
/// first spell that names it, never showing the name. Each name is held once (`Areas`), so
/// this looks at a handful of names, not at every spell.
fn area_problems(pop: &PopulationIn, ids: &PnrIndex, problems: &mut Problems) {
    let bad: Vec<(u32, &str)> = pop
        .areas
        .names()
        .iter()
        .enumerate()
        .skip(1)
        .filter_map(|(i, name)| {
            let why = if crate::cpr::contains_cpr(name) {
                "the local area holds what looks like a CPR number; it is not shown here"
            } else if ids.find(name.as_bytes()).is_some() {
                "the local area is a person id of the extract; it is not shown here"
            } else {
                return None;
            };
            Some((i as u32, why))
        })
        .collect();
    if bad.is_empty() {
        return;
    }
    // The first spell of each area, by the area's number.
    let mut first = vec![u32::MAX; pop.areas.names().len()];
    for s in &pop.spells {
        if let Some(f) = first.get_mut(s.omraade as usize) {
            *f = (*f).min(s.row);
        }
    }
    let mut found: Vec<(u32, &str)> =
        bad.iter().map(|&(i, why)| (first[i as usize], why)).filter(|(row, _)| *row != u32::MAX).collect();
    found.sort_unstable();
    for (row, why) in found {
        problems.push(pop.spell_place.cell(
            row as usize,
            Field::Omraade,
            format!("{why}: expected the name of a local area (such as Vollsmose), which the report publishes"),
        ));
    }
}

/// A person id as used to link files: without the blanks a quoted export may leave around it.
fn pnr<'r>(row: &'r Row, col: usize) -> &'r str {
    row.cell(col).value.trim()
}

fn date_cell(row: &Row, col: usize, problems: &mut Problems) -> Option<NaiveDate> {
    let cell = row.cell(col);
    match fields::date(cell.value) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(cell.problem(e));
            None
        }
    }
}

fn opt_date_cell(row: &Row, col: usize, problems: &mut Problems) -> Option<Option<NaiveDate>> {
    if row.cell(col).value.is_empty() { Some(None) } else { date_cell(row, col, problems).map(Some) }
}

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

/// The file names in a directory (those that are text).
fn dir_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Reads a CSV file of the effektmaal layout, its name matched without regard to case
/// (`DREAM.CSV` is `dream.csv`); `Ok(None)` when an optional file is absent.
fn read_csv_file(dir: &Path, names: &[String], want: &str, required: bool) -> Result<Option<CsvText>, Problem> {
    let Some(name) = csv_name(dir, names, want, required)? else { return Ok(None) };
    match std::fs::read(dir.join(&name)) {
        Ok(bytes) => CsvText::from_bytes(&name, &bytes).map(Some),
        Err(e) => Err(cannot_read(&name, &e)),
    }
}

fn cannot_read(name: &str, e: &std::io::Error) -> Problem {
    if e.kind() == std::io::ErrorKind::IsADirectory {
        Problem::file(name, "this is a directory, not a file")
    } else {
        Problem::file(name, format!("the file cannot be read: {e}"))
    }
}

/// A CSV file of the effektmaal layout, to be read a block at a time when it is plain text
/// (see [`CsvFile`]), else whole; `Ok(None)` when an optional file is absent.
fn csv_source(dir: &Path, names: &[String], want: &str, required: bool) -> Result<Option<CsvSource>, Problem> {
    let Some(name) = csv_name(dir, names, want, required)? else { return Ok(None) };
    let path = dir.join(&name);
    if path.is_dir() {
        return Err(Problem::file(&name, "this is a directory, not a file"));
    }
    match CsvFile::scan(&path, &name) {
        Ok(Some(f)) => Ok(Some(CsvSource::File(f))),
        Ok(None) => Ok(read_csv_file(dir, names, want, required)?.map(CsvSource::Text)),
        Err(e) => Err(cannot_read(&name, &e)),
    }
}

/// The name of a file of the effektmaal layout, matched without regard to case.
fn csv_name(dir: &Path, names: &[String], want: &str, required: bool) -> Result<Option<String>, Problem> {
    let found: Vec<&String> = names.iter().filter(|n| n.eq_ignore_ascii_case(want)).collect();
    let name = match found.as_slice() {
        [] if required => {
            return Err(Problem::file(want, format!("the file is missing from {}: it is required", dir.display())));
        }
        [] => return Ok(None),
        [one] => (*one).clone(),
        many => {
            return Err(Problem::file(
                many[0],
                format!(
                    "{} files could be {want} ({}): their names differ only in case; keep one",
                    many.len(),
                    many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    };
    Ok(Some(name))
}

/// Where the fields of a CSV file are, from its (normalised) header.
fn csv_place(file: &str, names: &[String], fields: &[(Field, &str)]) -> Place {
    Place {
        file: file.to_string(),
        by_row: false,
        columns: fields
            .iter()
            .filter_map(|&(f, n)| names.iter().position(|x| x == n).map(|i| (f, (i, n.to_string()))))
            .collect(),
    }
}

/// A CSV file as read, from its name, SHA-256, encoding and separator (`meta()`).
fn file_read(
    input: Input,
    (name, sha256, encoding, separator): (&str, &str, TextEncoding, u8),
    rows: usize,
) -> FileRead {
    FileRead {
        input,
        name: name.to_string(),
        format: super::source::Format::Csv,
        sha256: sha256.to_string(),
        encoding: encoding.label().to_string(),
        separator,
        rows,
        decoded: 0,
        width: 0,
    }
}

/// befolkning.csv: each cell parsed as the effektmaal layout writes it.
fn csv_population(csv: &CsvSource, problems: &mut Problems) -> (PopulationIn, usize) {
    use Field::{Fra, Kommune, Omraade, Pnr, Til};
    let req = ["pnr", "foedselsdato", "koen", "herkomst", "oprindelse", "kommune", "omraade", "fra", "til"];
    let fields = [
        (Pnr, "pnr"),
        (Field::Foedselsdato, "foedselsdato"),
        (Field::Koen, "koen"),
        (Field::Herkomst, "herkomst"),
        (Field::Oprindelse, "oprindelse"),
        (Kommune, "kommune"),
        (Omraade, "omraade"),
        (Fra, "fra"),
        (Til, "til"),
    ];
    let (mut spells, mut areas) = (Vec::new(), Areas::default());
    let mut place = None;
    let rows = csv.for_each_row(&req, problems, |h, row, problems| {
        let c = |n: &str| h.position(n).expect("required column");
        if place.is_none() {
            place = Some(csv_place(csv.name(), &h.names, &fields));
        }
        let before = problems.total();
        let pnr_valid = pnr_ok(&row, c("pnr"), problems);
        let born = date_cell(&row, c("foedselsdato"), problems);
        let koen = {
            let cell = row.cell(c("koen"));
            match cell.value.to_uppercase().as_str() {
                "M" => Some(Koen::M),
                "K" => Some(Koen::K),
                _ => {
                    problems.push(cell.problem(format!("{} is not a sex (expected M or K)", cell.shown())));
                    None
                }
            }
        };
        let herkomst = {
            let cell = row.cell(c("herkomst"));
            match cell.value.to_lowercase().as_str() {
                "dansk" => Some(Herkomst::Dansk),
                "indvandrer" => Some(Herkomst::Indvandrer),
                "efterkommer" => Some(Herkomst::Efterkommer),
                _ => {
                    problems.push(cell.problem(format!(
                        "{} is not a herkomst (expected dansk, indvandrer or efterkommer)",
                        cell.shown()
                    )));
                    None
                }
            }
        };
        let oprindelse = {
            let cell = row.cell(c("oprindelse"));
            match oprindelse(cell.value) {
                Some(o) => Some(o),
                None => {
                    problems.push(cell.problem(format!(
                        "{} is not an oprindelse (expected dansk, vestlig, ikke_vestlig or uoplyst)",
                        cell.shown()
                    )));
                    None
                }
            }
        };
        if let (Some(hk), Some(op)) = (herkomst, oprindelse)
            && !agrees(hk, op)
        {
            problems.push(row.cell(c("oprindelse")).problem(DISAGREE));
        }
        let kommune = {
            let cell = row.cell(c("kommune"));
            match cell.value.parse::<u16>() {
                Ok(k) if (1..=999).contains(&k) => Some(k),
                _ => {
                    problems.push(cell.problem(format!(
                        "{} is not a municipality code (expected a number such as 461)",
                        cell.shown()
                    )));
                    None
                }
            }
        };
        let fra = date_cell(&row, c("fra"), problems);
        let til = opt_date_cell(&row, c("til"), problems);
        if problems.total() != before || !pnr_valid {
            return;
        }
        let (Some(foedselsdato), Some(koen), Some(herkomst), Some(oprindelse), Some(kommune), Some(fra), Some(til)) =
            (born, koen, herkomst, oprindelse, kommune, fra, til)
        else {
            return;
        };
        spells.push(SpellIn {
            pnr: super::typed::Pnr::new(pnr(&row, c("pnr"))),
            person: Person { foedselsdato, koen, herkomst, oprindelse },
            kommune,
            omraade: areas.id(row.cell(c("omraade")).value.trim()),
            fra,
            til,
            row: row.line() as u32,
            person_row: row.line() as u32,
        });
    });
    let place = place.unwrap_or_else(|| Place { file: csv.name().to_string(), ..Place::default() });
    (
        PopulationIn {
            spells,
            areas,
            spell_place: place.clone(),
            person_place: place,
            person_per_spell: true,
            persons_together: false,
        },
        rows,
    )
}

/// An oprindelse as the effektmaal layout writes it (`ikke-vestlig` too).
pub fn oprindelse(s: &str) -> Option<Oprindelse> {
    match s.trim().to_lowercase().replace('-', "_").as_str() {
        "dansk" => Some(Oprindelse::Dansk),
        "vestlig" => Some(Oprindelse::Vestlig),
        "ikke_vestlig" => Some(Oprindelse::IkkeVestlig),
        "uoplyst" => Some(Oprindelse::Uoplyst),
        _ => None,
    }
}

/// Whether herkomst and oprindelse agree: oprindelse dansk exactly when herkomst is dansk.
pub fn agrees(h: Herkomst, o: Oprindelse) -> bool {
    (h == Herkomst::Dansk) == (o == Oprindelse::Dansk)
}

pub const DISAGREE: &str = "herkomst and oprindelse disagree: expected oprindelse dansk exactly when herkomst is dansk";

pub const NO_WEEKS: &str = "the header has no weekly columns: expected columns y_YYWW such as y_1634";

/// dream.csv: the header's week and month columns now, and a reader of the cells of those in
/// `window`, run later (see [`Pending`]).
fn csv_dream(
    src: CsvSource,
    head: &CsvText,
    window: Window,
    problems: &mut Problems,
    notes: &mut Vec<String>,
) -> (DreamIn, DreamRows) {
    let mut d = DreamIn::default();
    // The header is read on its own, so the week and month columns are known before any row.
    // Columns that are not DREAM weeks or months (y_total, grad_gns, a year total y_2016 far
    // from the other weeks) are ignored with a warning, never stretching the period: see
    // `dream_columns`. A header with problems is reported now, and its rows are not read.
    let mut header_read = true;
    let (mut head_width, mut pnr_col) = (0, 0);
    let (week_cols, month_cols) = match table::open(head, &["pnr"]) {
        Ok((h, _)) => {
            head_width = h.names.len();
            pnr_col = h.position("pnr").unwrap_or(0);
            let (weeks, months, ignored) = dream_columns(&h.names);
            for (name, why) in ignored {
                notes.push(format!("{}: column {name} is ignored: {why}", head.name));
            }
            if weeks.is_empty() {
                problems.push(Problem::at(&head.name, h.line, NO_WEEKS));
            }
            d.place = csv_place(&head.name, &h.names, &[(Field::Pnr, "pnr")]);
            d.set_header(&weeks, &months, window)
        }
        Err(p) => {
            problems.extend(p);
            header_read = false;
            (Vec::new(), Vec::new())
        }
    };
    let header_ok = !d.weeks.is_empty();
    let rows = move |d: &mut DreamIn, _: Want, problems: &mut Problems, sink: &mut dyn FnMut(&mut DreamIn)| -> usize {
        if !header_read {
            return 0;
        }
        let parse = |h: &table::Header, row: Row<'_>, problems: &mut Problems, d: &mut DreamIn| {
            if header_ok {
                dream_row(h, &row, &week_cols, &month_cols, problems, d);
            }
        };
        match &src {
            // A file without quotes (DREAM files have none) is read on every core, its blocks
            // apart; each block's rows are a batch.
            CsvSource::File(file) if !file.quoted => {
                let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
                // `d` holds the header and no rows yet.
                let header_only = d.clone();
                let new = || header_only.clone();
                let line = DreamLine::new(head_width, pnr_col, &week_cols, &month_cols, file.separator);
                let fast = |text: &str, at: usize, d: &mut DreamIn| header_ok && line.read(text, at, d);
                table::for_each_block_apart(file, &["pnr"], problems, threads, new, fast, parse, |mut b| {
                    b.flush(sink, true)
                })
            }
            _ => {
                let n = src.for_each_row(&["pnr"], problems, |h, row, problems| {
                    parse(h, row, problems, d);
                    d.flush(sink, false);
                });
                d.flush(sink, true);
                n
            }
        }
    };
    (d, DreamRows(Box::new(rows)))
}

/// The short way through a row of dream.csv whose cells are all plainly right, straight from
/// its line (see `table::for_each_block_apart`): each cell of the header's width taken as it
/// stands, without splitting the line into cells first. A cell the short way does not take (a
/// code or degree that `fields::code` or `fields::degree` refuses as it stands, say for blanks
/// around it; an id that is empty, has blanks around it or looks like a CPR number), or a row
/// of another width, and the row is left to [`dream_row`], whose messages say what is wrong.
struct DreamLine {
    /// Per column of the header: what it holds.
    roles: Vec<Role>,
    sep: u8,
}

#[derive(Clone, Copy)]
enum Role {
    Pnr,
    Week(usize),
    Month(usize),
    Other,
}

impl DreamLine {
    fn new(width: usize, pnr_col: usize, weeks: &[(usize, usize)], months: &[(usize, usize)], sep: u8) -> DreamLine {
        let mut roles = vec![Role::Other; width];
        for &(c, w) in weeks {
            roles[c] = Role::Week(w);
        }
        for &(c, k) in months {
            roles[c] = Role::Month(k);
        }
        if pnr_col < width {
            roles[pnr_col] = Role::Pnr;
        }
        DreamLine { roles, sep }
    }

    /// Reads the row onto `d` and returns true, or leaves `d` as it was and returns false.
    fn read(&self, text: &str, line: usize, d: &mut DreamIn) -> bool {
        let (nw, nm) = (d.n_weeks, d.decoded_months.len());
        let (c0, g0) = (d.codes.len(), d.grads.len());
        d.codes.resize(c0 + nw, 0);
        d.grads.resize(g0 + nm, 0.0);
        let taken = self.cells(text.strip_suffix('\r').unwrap_or(text), &mut d.codes[c0..], &mut d.grads[g0..]);
        match taken {
            Some(pnr) => {
                d.pnrs.push(Pnr::new(pnr));
                d.rows.push(line);
                true
            }
            None => {
                d.codes.truncate(c0);
                d.grads.truncate(g0);
                false
            }
        }
    }

    /// The row's cells into `codes` and `grads` (zeros on entry); its person id, or `None`
    /// when a cell or the width is not as the short way takes it.
    fn cells<'t>(&self, text: &'t str, codes: &mut [u16], grads: &mut [f32]) -> Option<&'t str> {
        let b = text.as_bytes();
        let (sep, n) = (self.sep, b.len());
        let (mut col, mut start, mut pnr) = (0, 0, None);
        loop {
            let mut end = start;
            while end < n && b[end] != sep {
                end += 1;
            }
            let cell = &text[start..end];
            // Most cells are empty (no benefit that week): nothing to do but count them. (An
            // empty id leaves `pnr` unset, and the row to the long way.) A cell the checks
            // take as it stands has no blanks around it, so it is what the long way reads.
            let role = if cell.is_empty() { Role::Other } else { *self.roles.get(col)? };
            match role {
                Role::Week(w) => codes[w] = fields::code(cell).ok()?,
                Role::Month(k) => grads[k] = fields::degree(cell).ok()?,
                Role::Pnr => {
                    let blank = |c: &u8| *c <= b' ' || *c >= 0x80;
                    let bytes = cell.as_bytes();
                    if bytes.first().is_none_or(blank) || bytes.last().is_none_or(blank) || fields::looks_like_cpr(cell)
                    {
                        return None;
                    }
                    pnr = Some(cell);
                }
                Role::Other => {}
            }
            col += 1;
            if end == n {
                break;
            }
            start = end + 1;
        }
        if col != self.roles.len() {
            return None;
        }
        pnr
    }
}

/// One row of dream.csv, its cells checked, onto `d` (left out when a cell has a problem).
fn dream_row(
    h: &table::Header,
    row: &Row<'_>,
    week_cols: &[(usize, usize)],
    month_cols: &[(usize, usize)],
    problems: &mut Problems,
    d: &mut DreamIn,
) {
    let before = problems.total();
    let pnr_col = h.position("pnr").expect("required");
    if !pnr_ok(row, pnr_col, problems) {
        return;
    }
    let (nw, nm) = (d.n_weeks, d.decoded_months.len());
    let (c0, g0) = (d.codes.len(), d.grads.len());
    d.codes.resize(c0 + nw, 0);
    d.grads.resize(g0 + nm, 0.0);
    let (codes, grads) = (&mut d.codes[c0..], &mut d.grads[g0..]);
    for &(col, w) in week_cols {
        let cell = row.cell(col);
        if cell.value.is_empty() {
            continue;
        }
        match fields::code(cell.value) {
            Ok(code) => codes[w] = code,
            Err(e) => problems.push(cell.problem(e)),
        }
    }
    for &(col, k) in month_cols {
        let cell = row.cell(col);
        match fields::degree(cell.value) {
            Ok(g) => grads[k] = g,
            Err(e) => problems.push(cell.problem(e)),
        }
    }
    if problems.total() != before {
        d.codes.truncate(c0);
        d.grads.truncate(g0);
        return;
    }
    d.pnrs.push(Pnr::new(pnr(row, pnr_col)));
    d.rows.push(row.line());
}

/// uddannelse.csv: pnr, fra, til.
fn csv_education(csv: &CsvSource, problems: &mut Problems) -> EducationIn {
    let mut e = EducationIn::default();
    let mut spells = Vec::new();
    let mut place = None;
    e.rows_seen = csv.for_each_row(&["pnr", "fra", "til"], problems, |h, row, problems| {
        let c = |n: &str| h.position(n).expect("required column");
        if place.is_none() {
            let fields = [(Field::Pnr, "pnr"), (Field::Fra, "fra"), (Field::Til, "til")];
            place = Some(csv_place(csv.name(), &h.names, &fields));
        }
        let before = problems.total();
        let ok = pnr_ok(&row, c("pnr"), problems);
        let fra = date_cell(&row, c("fra"), problems);
        let til = opt_date_cell(&row, c("til"), problems);
        if !ok || problems.total() != before {
            return;
        }
        if let (Some(fra), Some(til)) = (fra, til) {
            spells.push((Pnr::new(pnr(&row, c("pnr"))), fra, til, row.line()));
        }
    });
    e.spells = spells;
    e.place = place.unwrap_or_else(|| Place { file: csv.name().to_string(), ..Place::default() });
    e
}

/// Reads an extract of the effektmaal layout in CSV, each cell parsed and checked on its own.
fn read_csv(dir: &Path, window: Window, problems: &mut Problems) -> (Inputs, Option<DreamRows>) {
    let names = dir_names(dir);
    let mut inputs = Inputs { layout: "effektmaal".into(), ..Inputs::default() };
    // The three large files are read a block at a time; the two small ones whole.
    let mut sources = BTreeMap::new();
    let mut files = BTreeMap::new();
    let mut dream_rows = None;
    for (name, required) in [(BEFOLKNING, true), (DREAM, true), (UDDANNELSE, false)] {
        match csv_source(dir, &names, name, required) {
            Ok(Some(src)) => {
                sources.insert(name, src);
            }
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    for (name, required) in [(BESKAEFTIGELSE, false), (YDELSESKODER, false)] {
        match read_csv_file(dir, &names, name, required) {
            Ok(Some(csv)) => {
                files.insert(name, csv);
            }
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    if let Some(src) = sources.remove(BEFOLKNING) {
        let (pop, rows) = csv_population(&src, problems);
        inputs.population = Some(pop);
        inputs.read.push(file_read(Input::Befolkning, src.meta(), rows));
    }
    if let Some(src) = sources.remove(DREAM) {
        let head = match &src {
            CsvSource::File(f) => f.head().map_err(|e| cannot_read(&f.name, &e)),
            CsvSource::Text(t) => Ok(t.clone()),
        };
        match head {
            Ok(head) => {
                // Its rows are counted when they are read.
                inputs.read.push(file_read(Input::Dream, src.meta(), 0));
                let (d, rows) = csv_dream(src, &head, window, problems, &mut inputs.notes);
                inputs.dream = Some(d);
                dream_rows = Some(rows);
            }
            Err(p) => problems.push(p),
        }
    }
    if let Some(src) = sources.remove(UDDANNELSE) {
        let e = csv_education(&src, problems);
        inputs.read.push(file_read(Input::Uddannelse, src.meta(), e.rows_seen));
        inputs.education = Some(e);
    }
    for (name, input) in [(BESKAEFTIGELSE, Input::Beskaeftigelse), (YDELSESKODER, Input::Ydelseskoder)] {
        if let Some(csv) = files.remove(name) {
            // Rows are counted when the text is parsed (see `assemble`).
            inputs.read.push(file_read(input, csv.meta(), 0));
            inputs.texts.insert(name, csv);
        }
    }
    (inputs, dream_rows)
}

/// Reads an extract directory in any layout and format into typed rows: each cell parsed and
/// checked on its own. Problems are collected, not returned early; a directory that cannot be
/// read at all, or whose layout is unclear, is an error.
pub fn read(dir: &Path, window: Window) -> Result<(Inputs, Problems), Error> {
    let (mut inputs, rows, mut problems) = deferred(dir, window, true)?;
    if let (Some(rows), Some(d)) = (rows, inputs.dream.as_mut()) {
        let mut held = DreamIn::default();
        let seen = (rows.0)(d, Want::Rows, &mut problems, &mut |batch: &mut DreamIn| {
            held.pnrs.append(&mut batch.pnrs);
            held.rows.append(&mut batch.rows);
            held.codes.append(&mut batch.codes);
            held.grads.append(&mut batch.grads);
        });
        (d.pnrs, d.rows, d.codes, d.grads, d.rows_seen) = (held.pnrs, held.rows, held.codes, held.grads, seen);
        for r in inputs.read.iter_mut().filter(|r| r.input == Input::Dream) {
            r.rows = seen;
        }
    }
    Ok((inputs, problems))
}

/// [`read`] up to DREAM's rows: those are read by the reader returned (header already read).
/// DREAM's degrees may come as 1 for a month employed and 0 for not (see `degrees` of
/// `normalize::read`): what counting asks of them.
pub fn read_deferred(dir: &Path, window: Window) -> Result<(Inputs, Option<DreamRows>, Problems), Error> {
    deferred(dir, window, false)
}

fn deferred(dir: &Path, window: Window, degrees: bool) -> Result<(Inputs, Option<DreamRows>, Problems), Error> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::input(Problem::file(
                &dir.display().to_string(),
                "this is a file: expected an extract directory",
            )));
        }
        Err(e) => {
            return Err(Error::input(Problem::file(
                &dir.display().to_string(),
                format!("the extract directory cannot be opened: {e}"),
            )));
        }
    }
    if super::normalize::needs_normalizing(dir) {
        let detected = super::layout::detect(dir).map_err(Error::Input)?;
        let (inputs, rows, problems) = super::normalize::read(dir, &detected, window, degrees);
        return Ok((inputs, rows, problems));
    }
    let mut problems = Problems::default();
    let (inputs, rows) = read_csv(dir, window, &mut problems);
    Ok((inputs, rows, problems))
}

/// Loads and validates an extract directory.
pub fn load(dir: &Path) -> Result<Extract, Error> {
    load_window(dir, Window::default())
}

/// Loads and validates an extract directory, decoding DREAM's weeks and months only inside
/// `window` (the header is read whole, so coverage still sees every week). Cells outside the
/// window are not read, so not checked either: `check` reads everything.
pub fn load_window(dir: &Path, window: Window) -> Result<Extract, Error> {
    let (mut ex, pending) = open(dir, window)?;
    pending.load_into(&mut ex)?;
    Ok(ex)
}

/// Reads and checks an extract directory up to DREAM's rows: the extract without them, and
/// the rows to read (a batch at a time: [`Pending::read`]). When the rest has problems, DREAM's
/// rows are read only to report theirs with them.
pub fn open(dir: &Path, window: Window) -> Result<(Extract, Pending), Error> {
    let (inputs, rows, problems) = read_deferred(dir, window)?;
    match open_inputs(dir, inputs, rows, problems) {
        (Some(ex), pending) => Ok((ex, pending)),
        (None, pending) => Err(pending.fail()),
    }
}

/// The checks that need several rows or files, and the [`Extract`] built from typed rows, with
/// DREAM's rows held in it (all of them: for `convert` and the tests).
pub fn assemble(dir: &Path, inputs: Inputs, problems: Problems) -> Result<Extract, Error> {
    match open_inputs(dir, inputs, None, problems) {
        (Some(mut ex), pending) => {
            pending.load_into(&mut ex)?;
            Ok(ex)
        }
        (None, pending) => Err(pending.fail()),
    }
}

/// [`assemble`] up to DREAM's rows: the extract without them, and the rows still to read, with
/// the problems found so far. No extract when there are problems.
fn open_inputs(
    dir: &Path,
    inputs: Inputs,
    dream_rows: Option<DreamRows>,
    mut problems: Problems,
) -> (Option<Extract>, Pending) {
    let Inputs {
        layout,
        mut population,
        dream: dream_in,
        education: education_in,
        texts,
        origins,
        read,
        mut notes,
        stamp,
        code_counts: stamped_counts,
        fills: stamped_fills,
    } = inputs;
    let place_text = |p: Problem| match origins.get(p.file.as_str()) {
        Some(origin) => origin.place(p),
        None => p,
    };
    let mut text_problems = Problems::default();
    let codemap = match texts.get(YDELSESKODER) {
        Some(csv) => match CodeMap::parse(csv) {
            Ok(m) => m,
            Err(p) => {
                text_problems.extend(p);
                CodeMap::embedded()
            }
        },
        None => CodeMap::embedded(),
    };

    // Population: residence spells, persons interned by pnr in the order first seen.
    let mut ids = PnrIndex::default();
    // The person of the spell before: a person's spells mostly come together.
    let mut last = u32::MAX;
    let mut persons: Vec<Person> = Vec::new();
    let mut person_row: Vec<usize> = Vec::new();
    // Every spell, with its person; grouped by person below.
    let mut all_spells: Vec<Spell> = Vec::new();
    let mut stats = Stats::default();
    let (mut lo, mut hi, mut open_ended): (Option<NaiveDate>, Option<NaiveDate>, bool) = (None, None, false);
    if let Some(pop) = &population {
        // Most persons have one or two spells; a table sized for every spell would be twice
        // what a national population needs.
        ids = PnrIndex::with_capacity(pop.spells.len() / 2);
        all_spells.reserve_exact(pop.spells.len());
        let (sp, pp) = (&pop.spell_place, &pop.person_place);
        // Names too long for a report, checked once per area rather than per spell.
        let long_areas: Vec<Option<String>> = pop
            .areas
            .names()
            .iter()
            .map(|n| super::fields::text_length("the local area's name", n, super::fields::max_chars::OMRAADE).err())
            .collect();
        for s in &pop.spells {
            let before = problems.total();
            if let Some(Some(why)) = long_areas.get(s.omraade as usize) {
                problems.push(sp.cell(s.row as usize, Field::Omraade, why.clone()));
            }
            if let Some(t) = s.til
                && t < s.fra
            {
                problems.push(sp.cell(
                    s.row as usize,
                    Field::Til,
                    format!("the spell ends ({t}) before it begins (fra {}): expected til on or after fra", s.fra),
                ));
            }
            let born = s.person.foedselsdato;
            let mut fra = s.fra;
            if fra < born {
                if s.til.is_some_and(|t| t < born) {
                    // The birth date itself is not shown: with the line it could point to a person.
                    let column = pp.column_number(Field::Foedselsdato);
                    let at = if pp.file == sp.file {
                        format!("column {column}")
                    } else {
                        format!("{}, column {column}", pp.file)
                    };
                    problems.push(sp.cell(
                        s.row as usize,
                        Field::Til,
                        format!(
                            "the whole spell lies before the person's birth date ({at}): expected til on or after foedselsdato"
                        ),
                    ));
                } else {
                    // Extracts often set fra to their own start date for everyone resident
                    // then: the person has lived here since birth. Clipped and counted.
                    fra = born;
                    stats.spells_clipped_to_birth += 1;
                }
            } else if age_on(born, fra) > MAX_AGE {
                problems.push(pp.cell(
                    s.person_row as usize,
                    Field::Foedselsdato,
                    format!(
                        "the person would be {} years old when the spell begins: expected an age of at most {MAX_AGE}",
                        age_on(born, fra)
                    ),
                ));
            }
            if problems.total() != before {
                continue;
            }
            let found = if pop.persons_together {
                ids.is(last, s.pnr.as_bytes()).then_some(last)
            } else {
                ids.find_near(s.pnr.as_bytes(), last)
            };
            let id = match found {
                Some(id) => {
                    let first = persons[id as usize];
                    if first != s.person {
                        // Name the column that differs; show the values only where they say
                        // nothing about who the person is (not the birth date).
                        let person = s.person;
                        let (field, values) = if first.foedselsdato != person.foedselsdato {
                            (Field::Foedselsdato, String::new())
                        } else if first.koen != person.koen {
                            (Field::Koen, format!(" ({:?} against {:?})", person.koen, first.koen))
                        } else if first.herkomst != person.herkomst {
                            (Field::Herkomst, format!(" ({} against {})", person.herkomst.id(), first.herkomst.id()))
                        } else {
                            (
                                Field::Oprindelse,
                                format!(" ({} against {})", person.oprindelse.id(), first.oprindelse.id()),
                            )
                        };
                        let name = field.id();
                        problems.push(pp.cell(
                            s.person_row as usize,
                            field,
                            format!(
                                "this spell gives the person another {name} than the spell on {} {}{values}: expected the same {name} in every spell",
                                pp.word(),
                                person_row[id as usize]
                            ),
                        ));
                        continue;
                    }
                    id
                }
                None => {
                    let id = ids.push(s.pnr.clone());
                    persons.push(s.person);
                    person_row.push(s.person_row as usize);
                    id
                }
            };
            let Ok(omraade) = u16::try_from(s.omraade) else {
                problems.push(sp.cell(
                    s.row as usize,
                    Field::Omraade,
                    format!("more than {} local areas are named by now: expected at most {}", u16::MAX, u16::MAX),
                ));
                continue;
            };
            lo = Some(lo.map_or(fra, |l| l.min(fra)));
            match s.til {
                Some(t) => hi = Some(hi.map_or(t, |h| h.max(t))),
                None => open_ended = true,
            }
            last = id;
            all_spells.push(Spell { line: s.row as usize, person: id, kommune: s.kommune, omraade, fra, til: s.til });
        }
    }
    if let Some(pop) = &population {
        area_problems(pop, &ids, &mut problems);
    }
    // The spells as read are no longer needed (their files' places are): at national size
    // they are the largest thing held.
    if let Some(pop) = population.as_mut() {
        pop.spells = Vec::new();
    }
    let population_period = match lo {
        Some(l) => format!(
            "{l} – {}",
            if open_ended { "(open)".to_string() } else { hi.map(|h| h.to_string()).unwrap_or_default() }
        ),
        None => String::new(),
    };
    // Each person's spells by fra and til, ties in the order read.
    all_spells.sort_unstable_by_key(|s| (s.person, s.fra, s.til, s.line));
    let n_persons = persons.len();
    let spells = Lists::sorted(n_persons, all_spells, |s| s.person);
    for list in spells.iter() {
        stats.residence_spells += list.len();
        for w in list.windows(2) {
            if w[0].til.is_none_or(|t| t >= w[1].fra) {
                stats.overlapping_spells += 1;
            }
        }
        let overlap = |a: &Spell, b: &Spell| a.til.is_none_or(|t| t >= b.fra) && b.til.is_none_or(|t| t >= a.fra);
        if list.iter().enumerate().any(|(i, a)| list[i + 1..].iter().any(|b| a.kommune != b.kommune && overlap(a, b))) {
            stats.persons_in_two_municipalities += 1;
        }
    }

    // Monthly employment beyond DREAM (a small text file).
    let mut employment_rows: Vec<(u32, Month, bool)> = Vec::new();
    let mut employment_file_rows = 0;
    if let Some(csv) = texts.get(BESKAEFTIGELSE) {
        let mut unknown = 0;
        employment_file_rows =
            table::for_each_row(csv, &["pnr", "maaned", "grad"], &mut text_problems, |h, row, problems| {
                let c = |n: &str| h.position(n).expect("required column");
                let before = problems.total();
                let ok = pnr_ok(&row, c("pnr"), problems);
                let mcell = row.cell(c("maaned"));
                let month = Month::parse(mcell.value);
                if month.is_none() {
                    problems.push(
                        mcell.problem(format!("{} is not a month (expected YYYY-MM, e.g. 2016-08)", mcell.shown())),
                    );
                }
                let gcell = row.cell(c("grad"));
                let grad = fields::degree(gcell.value).map_err(|e| problems.push(gcell.problem(e))).ok();
                if !ok || problems.total() != before {
                    return;
                }
                let (Some(month), Some(grad)) = (month, grad) else { return };
                match ids.find(pnr(&row, c("pnr")).as_bytes()) {
                    Some(id) => employment_rows.push((id, month, grad > 0.0)),
                    None => unknown += 1,
                }
            });
        stats.employment_rows = employment_file_rows;
        stats.employment_not_in_population = unknown;
    }
    let mut employment_months: Vec<Month> = dream_in
        .as_ref()
        .map(|d| d.months.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(employment_rows.iter().map(|r| r.1))
        .collect();
    employment_months.sort();
    employment_months.dedup();
    let mut employment_rows_months: Vec<Month> = employment_rows.iter().map(|r| r.1).collect();
    employment_rows_months.sort();
    employment_rows_months.dedup();
    let first_month = employment_months.first().map(|m| m.index()).unwrap_or(0);
    let last_month = employment_months.last().map(|m| m.index()).unwrap_or(-1);
    let n_months = (last_month - first_month + 1).max(0) as usize;
    // Allocated only when some row says so: DREAM's degrees come with its rows (see `Pending`).
    let mut employed = Vec::new();
    if employment_rows.iter().any(|r| r.2) {
        employed = vec![false; n_persons * n_months];
    }
    for &(id, m, yes) in &employment_rows {
        if yes {
            employed[id as usize * n_months + (m.index() - first_month) as usize] = true;
        }
    }

    // DREAM's header: its weeks and months. Its rows are read after (see `Pending`), so that a
    // national file is classified a batch at a time instead of held.
    let mut dream = Dream::default();
    let mut dream_period = String::new();
    if let Some(d) = &dream_in {
        if let (Some(&lo), Some(&hi)) = (d.weeks.first(), d.weeks.last()) {
            dream.first_week = lo;
            dream.n_weeks = (hi - lo + 1) as usize;
            dream.week_present = vec![false; dream.n_weeks];
            for &w in &d.weeks {
                dream.week_present[(w - lo) as usize] = true;
            }
            stats.first_week = Some(IsoWeek::from_index(lo));
            stats.last_week = Some(IsoWeek::from_index(hi));
            dream_period = format!("{} – {}", IsoWeek::from_index(lo), IsoWeek::from_index(hi));
        }
        stats.first_grad_month = d.months.first().copied();
        stats.last_grad_month = d.months.last().copied();
        dream.grad_months = d.months.clone();
        dream.codes_first_week = d.first_week;
        dream.codes_n_weeks = d.n_weeks;
    }

    // The age limit also holds in the weeks measured: an open spell of someone born long ago
    // would otherwise make a 166-year-old count.
    if let (Some(last), Some(pop)) = (stats.last_week, &population) {
        let data_end = last.thursday();
        for (p, list) in spells.iter().enumerate() {
            let born = persons[p].foedselsdato;
            if let Some(s) = list.iter().find(|s| age_on(born, s.til.unwrap_or(data_end).min(data_end)) > MAX_AGE) {
                let end = s.til.unwrap_or(data_end).min(data_end);
                let row = if pop.person_per_spell { s.line } else { person_row[p] };
                problems.push(pop.person_place.cell(
                    row,
                    Field::Foedselsdato,
                    format!(
                        "the person would be {} years old on {end}, while resident and within the weeks of DREAM: expected an age of at most {MAX_AGE}",
                        age_on(born, end)
                    ),
                ));
            }
        }
    }

    // A converted extract's DREAM rows and education spells come in the persons' order (as its
    // population says), some or most persons without one: looked for further ahead before
    // hashing, which would build the table of every person for the odd run of persons without.
    let reach = if population.as_ref().is_some_and(|p| p.persons_together) { 64 } else { NEAR };

    // Education spells.
    let mut education = Lists::sorted(n_persons, Vec::new(), |_| 0);
    let mut education_period = String::new();
    if let Some(e) = &education_in {
        let mut unknown = 0;
        let mut last = u32::MAX;
        let (mut lo, mut hi): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        // Per spell kept (til not before fra): its person, `u32::MAX` outside the population.
        let mut person = Vec::with_capacity(e.spells.len());
        for (pnr, fra, til, row) in &e.spells {
            if let Some(t) = til
                && t < fra
            {
                problems.push(e.place.cell(
                    *row,
                    Field::Til,
                    format!("the spell ends ({t}) before it begins (fra {fra}): expected til on or after fra"),
                ));
                continue;
            }
            lo = Some(lo.map_or(*fra, |l| l.min(*fra)));
            let end = til.unwrap_or(*fra);
            hi = Some(hi.map_or(end, |h| h.max(end)));
            let p = ids.find_within(pnr.as_bytes(), last, reach).unwrap_or(u32::MAX);
            last = if p == u32::MAX { last } else { p };
            person.push(p);
            unknown += usize::from(person.last() == Some(&u32::MAX));
        }
        // Grouped by person in one allocation, each person's in the order read.
        let pairs = || {
            e.spells
                .iter()
                .filter(|s| s.2.is_none_or(|t| t >= s.1))
                .zip(&person)
                .filter(|(_, p)| **p != u32::MAX)
                .map(|((_, fra, til, _), &p)| (p, (*fra, *til)))
        };
        education = Lists::grouped(n_persons, pairs, (NaiveDate::MIN, None));
        stats.education_spells = e.rows_seen;
        stats.education_not_in_population = unknown;
        education_period =
            lo.map(|l| format!("{l} – {}", hi.map(|h| h.to_string()).unwrap_or_default())).unwrap_or_default();
    }

    problems.extend(text_problems.map(place_text));

    let codes_in_map = texts.get(YDELSESKODER).map(|_| codemap.iter().count());
    let mut sources: Vec<Source> = read
        .iter()
        .map(|r| Source {
            name: r.name.clone(),
            kind: r.input.id(),
            format: r.format.label(),
            sha256: r.sha256.clone(),
            encoding: r.encoding.clone(),
            separator: r.separator,
            rows: match r.input {
                Input::Ydelseskoder => codes_in_map.unwrap_or(r.rows),
                Input::Beskaeftigelse if r.format == super::source::Format::Csv && r.rows == 0 => employment_file_rows,
                _ => r.rows,
            },
            period: match r.input {
                Input::Befolkning | Input::Bopael => population_period.clone(),
                Input::Dream => dream_period.clone(),
                Input::Uddannelse => education_period.clone(),
                Input::Ydelseskoder => "code map".into(),
                Input::Bef | Input::Beskaeftigelse => String::new(),
            },
        })
        .collect();
    sources.sort_by_key(|s| {
        ["befolkning", "bef", "bopael", "dream", "uddannelse", "beskaeftigelse", "ydelseskoder"]
            .iter()
            .position(|n| *n == s.kind)
    });
    notes.dedup();
    let pending = Pending {
        rows: dream_rows,
        dream: dream_in,
        ids,
        reach,
        n_persons,
        stamped: stamped_counts,
        stamped_fills,
        problems,
    };
    if !pending.problems.is_empty() {
        return (None, pending);
    }
    let areas = match &population {
        Some(pop) => pop.areas.names().iter().map(|n| n.to_string()).collect(),
        None => vec![String::new()],
    };
    let ex = Extract {
        dir: dir.to_path_buf(),
        layout,
        sources,
        persons,
        spells,
        areas,
        dream,
        education,
        first_month,
        n_months,
        employed,
        employment_months,
        employment_rows_months,
        notes,
        codemap,
        code_counts: BTreeMap::new(),
        stats,
        stamp,
    };
    (Some(ex), pending)
}
