//! Loading an extract directory: `befolkning.csv` and `dream.csv` (required), `uddannelse.csv`,
//! `beskaeftigelse.csv` and `ydelseskoder.csv` (optional). Every file is checked cell by cell;
//! all problems are collected and returned together, so a user fixes a file in one pass.
//! Person ids are interned to dense numbers here and never leave this module as text.

use super::csv::CsvText;
use super::fields;
use super::table::{self, Row};
use crate::error::{Error, Problem, Problems};
use crate::method::calendar::{IsoWeek, Month, age_on};
use crate::method::codemap::CodeMap;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
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
    /// The line of befolkning.csv the spell is on, for messages.
    pub line: usize,
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

/// DREAM's weeks and employment months as dense matrices, one row per person.
#[derive(Debug, Default)]
pub struct Dream {
    /// Week index (see [`IsoWeek::index`]) of the first column of `codes`.
    pub first_week: i32,
    pub n_weeks: usize,
    /// `codes[row * n_weeks + w]`, 0 = no benefit that week.
    pub codes: Vec<u16>,
    /// Per person: its DREAM row, or `u32::MAX` when the person has none.
    pub row_of: Vec<u32>,
    /// Whether the week columns existed in the file (weeks between columns are 0 and unknown).
    pub week_present: Vec<bool>,
}

impl Dream {
    pub fn code(&self, person: u32, week: i32) -> u16 {
        let row = self.row_of[person as usize];
        let w = week - self.first_week;
        if row == u32::MAX || w < 0 || w as usize >= self.n_weeks {
            return 0;
        }
        self.codes[row as usize * self.n_weeks + w as usize]
    }
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
    pub spells: Vec<Vec<Spell>>,
    /// Local area names; index 0 is the empty name (no area given).
    pub areas: Vec<String>,
    pub dream: Dream,
    /// Enrolment spells per person.
    pub education: Vec<Vec<(NaiveDate, Option<NaiveDate>)>>,
    /// Months with employment data: first month index and count.
    pub first_month: i32,
    pub n_months: usize,
    /// `employed[person * n_months + m]`: employment degree > 0 that month.
    pub employed: Vec<bool>,
    /// The months employment data covers (a `grad_YYYY_MM` column or rows in
    /// beskaeftigelse.csv), sorted.
    pub employment_months: Vec<Month>,
    /// Warnings from reading: columns ignored, repairs made. Never holds a person id.
    pub notes: Vec<String>,
    pub codemap: CodeMap,
    /// Benefit codes seen in DREAM (over all weeks) with the number of person-weeks.
    pub code_counts: BTreeMap<u16, u64>,
    pub stats: Stats,
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
    pub fn employed(&self, person: u32, month: Month) -> bool {
        let m = month.index() - self.first_month;
        m >= 0 && (m as usize) < self.n_months && self.employed[person as usize * self.n_months + m as usize]
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

/// The line a key was first seen on, or `None` (and remember `line`) when it is new.
fn first_line<K: std::hash::Hash + Eq>(seen: &mut HashMap<K, usize>, key: K, line: usize) -> Option<usize> {
    match seen.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(line);
            None
        }
    }
}

/// Reads a file of the extract; `Ok(None)` when an optional file is absent.
fn read_file(dir: &Path, name: &str, required: bool) -> Result<Option<CsvText>, Problem> {
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(bytes) => CsvText::from_bytes(name, &bytes).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if required {
                Err(Problem::file(name, format!("the file is missing from {}: it is required", dir.display())))
            } else {
                Ok(None)
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
            Err(Problem::file(name, "this is a directory, not a file"))
        }
        Err(e) => Err(Problem::file(name, format!("the file cannot be read: {e}"))),
    }
}

fn source(csv: &CsvText, rows: usize, period: String) -> Source {
    Source {
        name: csv.name.clone(),
        kind: ["befolkning", "dream", "uddannelse", "beskaeftigelse", "ydelseskoder"]
            .into_iter()
            .find(|k| csv.name.strip_suffix(".csv") == Some(k))
            .unwrap_or("?"),
        format: "CSV",
        sha256: csv.sha256.clone(),
        encoding: csv.encoding.label().to_string(),
        separator: csv.separator,
        rows,
        period,
    }
}

/// The files a rewritten extract was read from, each with the rows and period the loader found
/// in the text rewritten from it.
fn original_sources(n: &super::normalize::Normalized, rewritten: &[Source]) -> Vec<Source> {
    use super::layout::Input;
    n.read
        .iter()
        .map(|r| {
            let served = match r.input {
                Input::Bef | Input::Bopael | Input::Befolkning => "befolkning",
                other => other.id(),
            };
            let period = rewritten.iter().find(|s| s.kind == served).map(|s| s.period.clone()).unwrap_or_default();
            Source {
                name: r.name.clone(),
                kind: r.input.id(),
                format: r.format.label(),
                sha256: r.sha256.clone(),
                encoding: r.encoding.clone(),
                separator: r.separator,
                rows: r.rows,
                period: if r.input == Input::Bef { String::new() } else { period },
            }
        })
        .collect()
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

/// Loads and validates an extract directory.
pub fn load(dir: &Path) -> Result<Extract, Error> {
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
    let mut problems = Problems::default();
    let mut files = BTreeMap::new();
    // Another layout or format: read through the layouts and rewritten as effektmaal CSV.
    let mut normalized = None;
    let mut layout = "effektmaal".to_string();
    if super::normalize::needs_normalizing(dir) {
        let mut n = super::layout::detect(dir)
            .and_then(|d| super::normalize::normalize(dir, &d, super::normalize::Window::default()))
            .map_err(Error::Input)?;
        files.append(&mut n.texts);
        layout = n.layout.clone();
        normalized = Some(n);
    } else {
        for (name, required) in
            [(BEFOLKNING, true), (DREAM, true), (UDDANNELSE, false), (BESKAEFTIGELSE, false), (YDELSESKODER, false)]
        {
            match read_file(dir, name, required) {
                Ok(Some(csv)) => {
                    files.insert(name, csv);
                }
                Ok(None) => {}
                Err(p) => problems.push(p),
            }
        }
    }
    let mut sources = Vec::new();
    let codemap = match files.get(YDELSESKODER) {
        Some(csv) => match CodeMap::parse(csv) {
            Ok(m) => {
                sources.push(source(csv, m.iter().count(), "code map".into()));
                m
            }
            Err(p) => {
                problems.extend(p);
                CodeMap::embedded()
            }
        },
        None => CodeMap::embedded(),
    };

    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut persons: Vec<Person> = Vec::new();
    let mut person_line: Vec<usize> = Vec::new();
    let mut spells: Vec<Vec<Spell>> = Vec::new();
    let mut areas: Vec<String> = vec![String::new()];
    let mut area_ix: HashMap<String, u16> = HashMap::new();
    let mut stats = Stats::default();
    // 1-based column of foedselsdato in befolkning.csv, for messages after the file is read.
    let mut born_column = 2;

    if let Some(csv) = files.get(BEFOLKNING) {
        let req = ["pnr", "foedselsdato", "koen", "herkomst", "oprindelse", "kommune", "omraade", "fra", "til"];
        let (mut lo, mut hi): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        let mut open_ended = false;
        let mut clipped_to_birth = 0usize;
        let rows = table::for_each_row(csv, &req, &mut problems, |h, row, problems| {
            let c = |n: &str| h.position(n).expect("required column");
            let before = problems.total();
            born_column = c("foedselsdato") + 1;
            let pnr_valid = pnr_ok(&row, c("pnr"), problems);
            let born = date_cell(&row, c("foedselsdato"), problems);
            let koen = {
                let cell = row.cell(c("koen"));
                match cell.value.to_uppercase().as_str() {
                    "M" => Some(Koen::M),
                    "K" => Some(Koen::K),
                    _ => {
                        problems.push(cell.problem(format!("{:?} is not a sex (expected M or K)", cell.value)));
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
                            "{:?} is not a herkomst (expected dansk, indvandrer or efterkommer)",
                            cell.value
                        )));
                        None
                    }
                }
            };
            let oprindelse = {
                let cell = row.cell(c("oprindelse"));
                match cell.value.to_lowercase().replace('-', "_").as_str() {
                    "dansk" => Some(Oprindelse::Dansk),
                    "vestlig" => Some(Oprindelse::Vestlig),
                    "ikke_vestlig" => Some(Oprindelse::IkkeVestlig),
                    "uoplyst" => Some(Oprindelse::Uoplyst),
                    _ => {
                        problems.push(cell.problem(format!(
                            "{:?} is not an oprindelse (expected dansk, vestlig, ikke_vestlig or uoplyst)",
                            cell.value
                        )));
                        None
                    }
                }
            };
            if let (Some(hk), Some(op)) = (herkomst, oprindelse)
                && ((hk == Herkomst::Dansk) != (op == Oprindelse::Dansk))
            {
                problems.push(row.cell(c("oprindelse")).problem(
                    "herkomst and oprindelse disagree: expected oprindelse dansk exactly when herkomst is dansk",
                ));
            }
            let kommune = {
                let cell = row.cell(c("kommune"));
                match cell.value.parse::<u16>() {
                    Ok(k) if (1..=999).contains(&k) => Some(k),
                    _ => {
                        problems.push(cell.problem(format!(
                            "{:?} is not a municipality code (expected a number such as 461)",
                            cell.value
                        )));
                        None
                    }
                }
            };
            let fra = date_cell(&row, c("fra"), problems);
            let til = opt_date_cell(&row, c("til"), problems);
            if let (Some(f), Some(Some(t))) = (fra, til)
                && t < f
            {
                problems.push(
                    row.cell(c("til")).problem(format!(
                        "the spell ends ({t}) before it begins (fra {f}): expected til on or after fra"
                    )),
                );
            }
            let mut fra = fra;
            if let (Some(b), Some(f)) = (born, fra) {
                if f < b {
                    if til.flatten().is_some_and(|t| t < b) {
                        // The birth date itself is not shown: with the line it could point to a person.
                        problems.push(row.cell(c("til")).problem(format!(
                            "the whole spell lies before the person's birth date (column {}): expected til on or after foedselsdato",
                            c("foedselsdato") + 1
                        )));
                    } else {
                        // Extracts often set fra to their own start date for everyone resident
                        // then: the person has lived here since birth. Clipped and counted.
                        fra = Some(b);
                        clipped_to_birth += 1;
                    }
                } else if age_on(b, f) > MAX_AGE {
                    problems.push(row.cell(c("foedselsdato")).problem(format!(
                        "the person would be {} years old when the spell begins: expected an age of at most {MAX_AGE}",
                        age_on(b, f)
                    )));
                }
            }
            if problems.total() != before || !pnr_valid {
                return;
            }
            let (born, koen, herkomst, oprindelse, kommune, fra, til) = (
                born.expect("ok"),
                koen.expect("ok"),
                herkomst.expect("ok"),
                oprindelse.expect("ok"),
                kommune.expect("ok"),
                fra.expect("ok"),
                til.expect("ok"),
            );
            let area_name = row.cell(c("omraade")).value.trim().to_string();
            let omraade = if area_name.is_empty() {
                0
            } else {
                *area_ix.entry(area_name.clone()).or_insert_with(|| {
                    areas.push(area_name);
                    (areas.len() - 1) as u16
                })
            };
            let person = Person { foedselsdato: born, koen, herkomst, oprindelse };
            let pnr = pnr(&row, c("pnr"));
            let id = match ids.get(pnr) {
                Some(&id) => {
                    let first = persons[id as usize];
                    if first != person {
                        // Name the column that differs; show the values only where they say
                        // nothing about who the person is (not the birth date).
                        let (name, values) = if first.foedselsdato != person.foedselsdato {
                            ("foedselsdato", String::new())
                        } else if first.koen != person.koen {
                            ("koen", format!(" ({:?} against {:?})", person.koen, first.koen))
                        } else if first.herkomst != person.herkomst {
                            ("herkomst", format!(" ({} against {})", person.herkomst.id(), first.herkomst.id()))
                        } else {
                            ("oprindelse", format!(" ({} against {})", person.oprindelse.id(), first.oprindelse.id()))
                        };
                        problems.push(row.cell(c(name)).problem(format!(
                            "this spell gives the person another {name} than the spell on line {}{values}: expected the same {name} in every spell",
                            person_line[id as usize]
                        )));
                        return;
                    }
                    id
                }
                None => {
                    let id = persons.len() as u32;
                    ids.insert(pnr.to_string(), id);
                    persons.push(person);
                    person_line.push(row.line());
                    spells.push(Vec::new());
                    id
                }
            };
            lo = Some(lo.map_or(fra, |l| l.min(fra)));
            match til {
                Some(t) => hi = Some(hi.map_or(t, |h| h.max(t))),
                None => open_ended = true,
            }
            spells[id as usize].push(Spell { line: row.line(), kommune, omraade, fra, til });
        });
        stats.spells_clipped_to_birth = clipped_to_birth;
        let period = match lo {
            Some(l) => format!(
                "{l} – {}",
                if open_ended { "(open)".to_string() } else { hi.map(|h| h.to_string()).unwrap_or_default() }
            ),
            None => String::new(),
        };
        sources.push(source(csv, rows, period));
    }
    for list in &mut spells {
        list.sort_by_key(|s| (s.fra, s.til));
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
    let n_persons = persons.len();

    // DREAM.
    let mut dream = Dream { row_of: vec![u32::MAX; n_persons], ..Dream::default() };
    let mut code_counts: BTreeMap<u16, u64> = BTreeMap::new();
    let mut grad_months: Vec<(usize, Month)> = Vec::new();
    // Months with employment data from beskaeftigelse.csv.
    let mut employment_file_months: Vec<Month> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut grad_values: Vec<(u32, Month)> = Vec::new();
    if let Some(csv) = files.get(DREAM) {
        let mut week_cols: Vec<(usize, i32)> = Vec::new();
        let mut dream_line: HashMap<u32, usize> = HashMap::new();
        // Rows of persons outside the population: still one row per person.
        let mut other_line: HashMap<String, usize> = HashMap::new();
        let mut not_in_pop = 0usize;
        let mut header_ok = true;
        let mut rows_codes: Vec<u16> = Vec::new();
        // The header is read on its own, so the week and month columns are known before any
        // row. Columns that are not DREAM weeks or months (y_total, grad_gns, a year total
        // y_2016 far from the other weeks) are ignored with a warning, never stretching the
        // period: see `dream_columns`.
        if let Ok((h, _)) = table::open(csv, &["pnr"]) {
            let (weeks, months, ignored) = dream_columns(&h.names);
            week_cols = weeks;
            grad_months = months;
            for (name, why) in ignored {
                notes.push(format!("{}: column {name} is ignored: {why}", csv.name));
            }
            if week_cols.is_empty() {
                header_ok = false;
                problems.push(Problem::at(
                    &csv.name,
                    h.line,
                    "the header has no weekly columns: expected columns y_YYWW such as y_1634",
                ));
            }
            if let (Some(lo), Some(hi)) = (week_cols.iter().map(|w| w.1).min(), week_cols.iter().map(|w| w.1).max()) {
                dream.first_week = lo;
                dream.n_weeks = (hi - lo + 1) as usize;
                dream.week_present = vec![false; dream.n_weeks];
                for &(_, w) in &week_cols {
                    dream.week_present[(w - lo) as usize] = true;
                }
            }
        }
        let rows = table::for_each_row(csv, &["pnr"], &mut problems, |h, row, problems| {
            if !header_ok {
                return;
            }
            let before = problems.total();
            if !pnr_ok(&row, h.position("pnr").expect("required"), problems) {
                return;
            }
            let mut codes = vec![0u16; dream.n_weeks];
            for &(col, w) in &week_cols {
                let cell = row.cell(col);
                if cell.value.is_empty() {
                    continue;
                }
                match fields::code(cell.value) {
                    Ok(code) => codes[(w - dream.first_week) as usize] = code,
                    Err(e) => problems.push(cell.problem(e)),
                }
            }
            let mut employed_months = Vec::new();
            for &(col, m) in &grad_months {
                let cell = row.cell(col);
                match fields::degree(cell.value) {
                    Ok(g) if g > 0.0 => employed_months.push(m),
                    Ok(_) => {}
                    Err(e) => problems.push(cell.problem(e)),
                }
            }
            let pnr_col = h.position("pnr").expect("required");
            let pnr = pnr(&row, pnr_col);
            let id = ids.get(pnr).copied();
            let first = match id {
                Some(id) => first_line(&mut dream_line, id, row.line()),
                None => first_line(&mut other_line, pnr.to_string(), row.line()),
            };
            if let Some(first) = first {
                problems.push(row.cell(pnr_col).problem(format!(
                    "this person already has a row on line {first}: expected one row per person in DREAM"
                )));
                return;
            }
            if problems.total() != before {
                return;
            }
            for &c in &codes {
                if c != 0 {
                    *code_counts.entry(c).or_insert(0) += 1;
                }
            }
            match id {
                Some(id) => {
                    dream.row_of[id as usize] = (rows_codes.len() / dream.n_weeks.max(1)) as u32;
                    rows_codes.extend_from_slice(&codes);
                    grad_values.extend(employed_months.into_iter().map(|m| (id, m)));
                }
                None => not_in_pop += 1,
            }
        });
        dream.codes = rows_codes;
        stats.dream_rows = rows;
        stats.dream_not_in_population = not_in_pop;
        if dream.n_weeks > 0 {
            stats.first_week = Some(IsoWeek::from_index(dream.first_week));
            stats.last_week = Some(IsoWeek::from_index(dream.first_week + dream.n_weeks as i32 - 1));
        }
        stats.first_grad_month = grad_months.iter().map(|g| g.1).min();
        stats.last_grad_month = grad_months.iter().map(|g| g.1).max();
        let period = match (stats.first_week, stats.last_week) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            _ => String::new(),
        };
        sources.push(source(csv, rows, period));
    }
    stats.persons_without_dream = dream.row_of.iter().filter(|&&r| r == u32::MAX).count();

    // The age limit also holds in the weeks measured: an open spell of someone born long ago
    // would otherwise make a 166-year-old count.
    if let Some(last) = stats.last_week {
        let data_end = last.thursday();
        for (p, list) in spells.iter().enumerate() {
            let born = persons[p].foedselsdato;
            if let Some(s) = list.iter().find(|s| age_on(born, s.til.unwrap_or(data_end).min(data_end)) > MAX_AGE) {
                let end = s.til.unwrap_or(data_end).min(data_end);
                problems.push(Problem::cell(
                    BEFOLKNING,
                    s.line,
                    born_column,
                    "foedselsdato",
                    format!(
                        "the person would be {} years old on {end}, while resident and within the weeks of DREAM: expected an age of at most {MAX_AGE}",
                        age_on(born, end)
                    ),
                ));
            }
        }
    }

    // Education spells.
    let mut education: Vec<Vec<(NaiveDate, Option<NaiveDate>)>> = vec![Vec::new(); n_persons];
    if let Some(csv) = files.get(UDDANNELSE) {
        let mut unknown = 0;
        let (mut lo, mut hi): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        let rows =
            table::for_each_row(csv, &["pnr", "fra", "til"], &mut problems, |h, row, problems| {
                let c = |n: &str| h.position(n).expect("required column");
                let before = problems.total();
                let ok = pnr_ok(&row, c("pnr"), problems);
                let fra = date_cell(&row, c("fra"), problems);
                let til = opt_date_cell(&row, c("til"), problems);
                if let (Some(f), Some(Some(t))) = (fra, til)
                    && t < f
                {
                    problems.push(row.cell(c("til")).problem(format!(
                        "the spell ends ({t}) before it begins (fra {f}): expected til on or after fra"
                    )));
                }
                if !ok || problems.total() != before {
                    return;
                }
                let (fra, til) = (fra.expect("ok"), til.expect("ok"));
                lo = Some(lo.map_or(fra, |l| l.min(fra)));
                hi = Some(hi.map_or(til.unwrap_or(fra), |h| h.max(til.unwrap_or(fra))));
                match ids.get(pnr(&row, c("pnr"))) {
                    Some(&id) => education[id as usize].push((fra, til)),
                    None => unknown += 1,
                }
            });
        stats.education_spells = rows;
        stats.education_not_in_population = unknown;
        let period = lo.map(|l| format!("{l} – {}", hi.map(|h| h.to_string()).unwrap_or_default())).unwrap_or_default();
        sources.push(source(csv, rows, period));
    }

    // Monthly employment beyond DREAM.
    if let Some(csv) = files.get(BESKAEFTIGELSE) {
        let mut unknown = 0;
        let rows = table::for_each_row(csv, &["pnr", "maaned", "grad"], &mut problems, |h, row, problems| {
            let c = |n: &str| h.position(n).expect("required column");
            let before = problems.total();
            let ok = pnr_ok(&row, c("pnr"), problems);
            let mcell = row.cell(c("maaned"));
            let month = Month::parse(mcell.value);
            if month.is_none() {
                problems
                    .push(mcell.problem(format!("{:?} is not a month (expected YYYY-MM, e.g. 2016-08)", mcell.value)));
            }
            let gcell = row.cell(c("grad"));
            let grad = match fields::degree(gcell.value) {
                Ok(g) => Some(g),
                Err(e) => {
                    problems.push(gcell.problem(e));
                    None
                }
            };
            if !ok || problems.total() != before {
                return;
            }
            match ids.get(pnr(&row, c("pnr"))) {
                Some(&id) => {
                    employment_file_months.push(month.expect("ok"));
                    if grad.expect("ok") > 0.0 {
                        grad_values.push((id, month.expect("ok")));
                    }
                }
                None => unknown += 1,
            }
        });
        stats.employment_rows = rows;
        stats.employment_not_in_population = unknown;
        sources.push(source(csv, rows, String::new()));
    }

    if !problems.is_empty() {
        if let Some(n) = &normalized {
            // Put each problem back at the file, row and column it was read from.
            problems = problems.map(|p| n.place(p));
        }
        return Err(Error::Input(problems));
    }

    let mut employment_months: Vec<Month> =
        grad_months.iter().map(|g| g.1).chain(employment_file_months.iter().copied()).collect();
    employment_months.sort();
    employment_months.dedup();
    let first_month = employment_months.first().map(|m| m.index()).unwrap_or(0);
    let last_month = employment_months.last().map(|m| m.index()).unwrap_or(-1);
    let n_months = (last_month - first_month + 1).max(0) as usize;
    let mut employed = vec![false; n_persons * n_months];
    for (id, m) in grad_values {
        employed[id as usize * n_months + (m.index() - first_month) as usize] = true;
    }
    if let Some(n) = normalized {
        sources = original_sources(&n, &sources);
        // Notes about a rewritten text name the file it was read from.
        notes = notes.into_iter().map(|note| n.place_note(note)).chain(n.warnings.iter().cloned()).collect();
    }
    sources.sort_by_key(|s| {
        ["befolkning", "bef", "bopael", "dream", "uddannelse", "beskaeftigelse", "ydelseskoder"]
            .iter()
            .position(|n| *n == s.kind)
    });
    Ok(Extract {
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
        notes,
        codemap,
        code_counts,
        stats,
    })
}
