//! The report's own inputs besides the extract: the secretariat's initiatives file and
//! benchmark figures of other municipalities or the country. Checked like the extract: every
//! problem names file, line and column. The texts the report publishes (titles, notes, names of
//! units and clusters) may not hold a CPR number (`cpr::contains_cpr`).

use crate::error::{Error, Problem, Problems};
use crate::extract::csv::CsvText;
use crate::extract::fields;
use crate::extract::table::{self, Cell, Row};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use chrono::NaiveDate;
use std::path::Path;

pub const INITIATIVE_STATUSES: [&str; 5] = ["planlagt", "igangsat", "justeret", "afsluttet", "lukket"];

#[derive(Debug, Clone)]
pub struct Initiative {
    pub id: String,
    pub fokusomraade: String,
    pub titel: String,
    pub status: String,
    pub igangsat: Option<NaiveDate>,
    pub justering: Option<NaiveDate>,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct Initiatives {
    pub name: String,
    pub sha256: String,
    pub items: Vec<Initiative>,
}

#[derive(Debug, Clone)]
pub struct Benchmark {
    pub kpi: Kpi,
    pub month: Month,
    pub enhed: String,
    pub andel: f64,
}

/// A table of clusters of comparable municipalities: municipality code → cluster name.
#[derive(Debug, Clone)]
pub struct Klynger {
    pub name: String,
    pub sha256: String,
    pub items: Vec<(u16, String)>,
}

impl Klynger {
    /// The cluster of `kommune` and its members (sorted), if it is in the table.
    pub fn of(&self, kommune: u16) -> Option<(String, Vec<u16>)> {
        let (_, name) = self.items.iter().find(|(k, _)| *k == kommune)?;
        let mut members: Vec<u16> = self.items.iter().filter(|(_, n)| n == name).map(|(k, _)| *k).collect();
        members.sort();
        Some((name.clone(), members))
    }
}

#[derive(Debug, Clone)]
pub struct Benchmarks {
    pub name: String,
    pub sha256: String,
    pub items: Vec<Benchmark>,
}

fn read(path: &Path) -> Result<CsvText, Error> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let bytes = std::fs::read(path).map_err(|e| {
        Error::input(Problem::file(&path.display().to_string(), format!("the file cannot be read: {e}")))
    })?;
    CsvText::from_bytes(&name, &bytes).map_err(Error::input)
}

fn rows(csv: &CsvText, required: &[&str], f: impl FnMut(&table::Header, Row<'_>, &mut Problems)) -> Result<(), Error> {
    let mut problems = Problems::default();
    table::for_each_row(csv, required, &mut problems, f);
    problems.into_result()
}

/// A cell whose text the report publishes (a title, a note, a unit's or a cluster's name): one
/// holding what looks like a CPR number is a problem, its text not shown. True when it is fine.
fn published(cell: &Cell, problems: &mut Problems) -> bool {
    if !crate::cpr::contains_cpr(cell.value) {
        return true;
    }
    problems.push(cell.problem(
        "the text holds what looks like a CPR number; it is not shown here: remove it, as the report publishes this column",
    ));
    false
}

/// Refuses a text longer than a report can show ([`fields::max_chars`]), at its cell.
fn length(row: &Row, col: usize, what: &str, max: usize, problems: &mut Problems) {
    let cell = row.cell(col);
    if let Err(e) = fields::text_length(what, cell.value.trim(), max) {
        problems.push(cell.problem(e));
    }
}

fn opt_date(row: &Row, col: usize, problems: &mut Problems) -> Option<NaiveDate> {
    let cell = row.cell(col);
    if cell.value.is_empty() {
        return None;
    }
    match fields::date(cell.value) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(cell.problem(e));
            None
        }
    }
}

/// Reads the initiatives file: `id;fokusomraade;titel;status;igangsat;justering;note`.
pub fn initiatives(path: &Path) -> Result<Initiatives, Error> {
    let csv = read(path)?;
    let req = ["id", "fokusomraade", "titel", "status", "igangsat", "justering", "note"];
    let mut items = Vec::new();
    let mut seen = std::collections::HashMap::new();
    rows(&csv, &req, |h, row, problems| {
        let c = |n: &str| h.position(n).expect("required column");
        let before = problems.total();
        let id = row.cell(c("id"));
        if id.value.is_empty() {
            problems.push(id.problem("the initiative has no id: expected a short id such as 1.2"));
        } else if let Some(first) = seen.insert(id.value.to_string(), row.line()) {
            problems.push(id.problem(format!(
                "id {} is used twice (lines {first} and {}): expected each id once",
                id.shown(),
                row.line()
            )));
        }
        for name in ["fokusomraade", "titel"] {
            let cell = row.cell(c(name));
            if cell.value.trim().is_empty() {
                problems.push(cell.problem(format!("{name} is empty: expected text")));
            }
        }
        use fields::max_chars;
        for (name, what, max) in [
            ("id", "the id", max_chars::INITIATIVE_ID),
            ("fokusomraade", "the focus area", max_chars::FOKUSOMRAADE),
            ("titel", "the title", max_chars::TITEL),
            ("note", "the note", max_chars::NOTE),
        ] {
            published(&row.cell(c(name)), problems);
            length(&row, c(name), what, max, problems);
        }
        let status = row.cell(c("status"));
        let st = status.value.trim().to_lowercase();
        if !INITIATIVE_STATUSES.contains(&st.as_str()) {
            problems.push(status.problem(format!(
                "{} is not a status: expected one of {}",
                status.shown(),
                INITIATIVE_STATUSES.join(", ")
            )));
        }
        let igangsat = opt_date(&row, c("igangsat"), problems);
        let justering = opt_date(&row, c("justering"), problems);
        if st != "planlagt" && igangsat.is_none() && problems.total() == before {
            problems.push(
                row.cell(c("igangsat"))
                    .problem(format!("status {st} needs the date the initiative started (igangsat)")),
            );
        }
        if problems.total() != before {
            return;
        }
        items.push(Initiative {
            id: id.value.trim().to_string(),
            fokusomraade: row.cell(c("fokusomraade")).value.trim().to_string(),
            titel: row.cell(c("titel")).value.trim().to_string(),
            status: st,
            igangsat,
            justering,
            note: row.cell(c("note")).value.trim().to_string(),
        });
    })?;
    Ok(Initiatives { name: csv.name.clone(), sha256: csv.sha256.clone(), items })
}

/// Reads benchmark figures: `kpi;maaned;enhed;andel` (andel in per cent).
pub fn benchmarks(path: &Path) -> Result<Benchmarks, Error> {
    let csv = read(path)?;
    let mut items = Vec::new();
    rows(&csv, &["kpi", "maaned", "enhed", "andel"], |h, row, problems| {
        let c = |n: &str| h.position(n).expect("required column");
        let kc = row.cell(c("kpi"));
        let kpi = Kpi::from_id(kc.value.trim());
        if kpi.is_none() {
            problems
                .push(kc.problem(format!("{} is not a KPI: expected uddannelse_job or arbejdsduelige", kc.shown())));
        }
        let mc = row.cell(c("maaned"));
        let month = Month::parse(mc.value);
        if month.is_none() {
            problems.push(mc.problem(format!("{} is not a month: expected YYYY-MM", mc.shown())));
        }
        let ec = row.cell(c("enhed"));
        if ec.value.trim().is_empty() {
            problems.push(ec.problem("enhed is empty: expected the name of a municipality or Hele landet"));
        }
        let named = published(&ec, problems);
        length(&row, c("enhed"), "the unit's name", fields::max_chars::ENHED, problems);
        let ac = row.cell(c("andel"));
        let andel = match fields::decimal(ac.value) {
            Ok(a) if (0.0..=100.0).contains(&a) => Some(a),
            Ok(_) => {
                problems.push(ac.problem(format!(
                    "{} is not a share in per cent: expected 0 to 100",
                    crate::cpr::show_plain(ac.value)
                )));
                None
            }
            Err(e) => {
                problems.push(ac.problem(e));
                None
            }
        };
        if let (Some(kpi), Some(month), Some(andel)) = (kpi, month, andel)
            && named
            && !ec.value.trim().is_empty()
        {
            items.push(Benchmark { kpi, month, enhed: ec.value.trim().to_string(), andel });
        }
    })?;
    Ok(Benchmarks { name: csv.name.clone(), sha256: csv.sha256.clone(), items })
}

/// Reads a cluster table: `kommune;klynge`, each municipality (a code of the 98) at most once.
pub fn klynger(path: &Path) -> Result<Klynger, Error> {
    let csv = read(path)?;
    let mut items = Vec::new();
    let mut seen = std::collections::HashMap::new();
    rows(&csv, &["kommune", "klynge"], |h, row, problems| {
        let c = |n: &str| h.position(n).expect("required column");
        let kc = row.cell(c("kommune"));
        let code = kc.value.trim().parse::<u16>().ok().filter(|k| crate::kommuner::get(*k).is_some());
        if code.is_none() {
            problems.push(kc.problem(format!(
                "{} is not a municipality code: expected one of the 98 codes, such as 461 for Odense",
                kc.shown()
            )));
        }
        let name = row.cell(c("klynge"));
        if name.value.trim().is_empty() {
            problems.push(name.problem("klynge is empty: expected the name of the cluster"));
        }
        published(&name, problems);
        length(&row, c("klynge"), "the cluster's name", fields::max_chars::KLYNGE, problems);
        if let Some(k) = code {
            if let Some(first) = seen.insert(k, row.line()) {
                problems.push(kc.problem(format!(
                    "municipality {k} is listed twice (lines {first} and {}): expected each municipality in one cluster",
                    row.line()
                )));
            } else if !name.value.trim().is_empty() {
                items.push((k, name.value.trim().to_string()));
            }
        }
    })?;
    Ok(Klynger { name: csv.name.clone(), sha256: csv.sha256.clone(), items })
}
