//! The checks of single cells that every reader makes, and their messages, written once: a
//! person id (present, never a raw CPR number, never shown), dates, herkomst against
//! oprindelse. Over a CSV [`Row`] (the effektmaal reader) or a [`Table`]'s [`Value`] (the
//! general reader), each problem at its own file, line or row, and column.

use crate::error::Problems;
use crate::extract::fields;
use crate::extract::layout::{Field, FileSpec, Input};
use crate::extract::model::{Herkomst, Koen, Oprindelse};
use crate::extract::source::{Format, Table, Value};
use crate::extract::table::{Cell, Row};
use crate::extract::typed::{FileRead, Place};
use crate::extract::values;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A person id cell with nothing in it.
const EMPTY_PNR: &str = "the person id is empty: expected a pseudonymised pnr";

/// A person id cell that looks like a CPR number: the value is never shown.
const RAW_CPR: &str = "the person id looks like a raw CPR number (ten digits starting with a valid date); it is not shown here. \
                       Pseudonymise the extract first (effektmaal pseudonymize)";

/// Checks a pnr cell: present, and not a raw CPR number. Never puts the value in a message.
pub(crate) fn pnr_ok(row: &Row, col: usize, problems: &mut Problems) -> bool {
    let cell = row.cell(col);
    if cell.value.trim().is_empty() {
        problems.push(cell.problem(EMPTY_PNR));
        return false;
    }
    if fields::looks_like_cpr(cell.value) {
        problems.push(cell.problem(RAW_CPR));
        return false;
    }
    true
}

/// A person id as used to link files: without the blanks a quoted export may leave around it.
pub(crate) fn pnr<'r>(row: &'r Row, col: usize) -> &'r str {
    row.cell(col).value.trim()
}

pub(crate) fn date_cell(row: &Row, col: usize, problems: &mut Problems) -> Option<NaiveDate> {
    let cell = row.cell(col);
    match fields::date(cell.value) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(cell.problem(e));
            None
        }
    }
}

pub(crate) fn opt_date_cell(row: &Row, col: usize, problems: &mut Problems) -> Option<Option<NaiveDate>> {
    if row.cell(col).value.is_empty() { Some(None) } else { date_cell(row, col, problems).map(Some) }
}

/// An oprindelse as the effektmaal layout writes it (`ikke-vestlig` too).
pub(crate) fn oprindelse(s: &str) -> Option<Oprindelse> {
    match s.trim().to_lowercase().replace('-', "_").as_str() {
        "dansk" => Some(Oprindelse::Dansk),
        "vestlig" => Some(Oprindelse::Vestlig),
        "ikke_vestlig" => Some(Oprindelse::IkkeVestlig),
        "uoplyst" => Some(Oprindelse::Uoplyst),
        _ => None,
    }
}

/// A sex as the effektmaal layout writes it: `M` or `K`, in any case.
pub(crate) fn koen_cell(cell: &Cell, problems: &mut Problems) -> Option<Koen> {
    match cell.value.to_uppercase().as_str() {
        "M" => Some(Koen::M),
        "K" => Some(Koen::K),
        _ => {
            problems.push(cell.problem(format!("{} is not a sex (expected M or K)", cell.shown())));
            None
        }
    }
}

/// A herkomst as the effektmaal layout writes it, in any case.
pub(crate) fn herkomst_cell(cell: &Cell, problems: &mut Problems) -> Option<Herkomst> {
    match cell.value.to_lowercase().as_str() {
        "dansk" => Some(Herkomst::Dansk),
        "indvandrer" => Some(Herkomst::Indvandrer),
        "efterkommer" => Some(Herkomst::Efterkommer),
        _ => {
            problems.push(
                cell.problem(format!("{} is not a herkomst (expected dansk, indvandrer or efterkommer)", cell.shown())),
            );
            None
        }
    }
}

/// An oprindelse as the effektmaal layout writes it (see [`oprindelse`]).
pub(crate) fn oprindelse_cell(cell: &Cell, problems: &mut Problems) -> Option<Oprindelse> {
    let o = oprindelse(cell.value);
    if o.is_none() {
        problems.push(cell.problem(format!(
            "{} is not an oprindelse (expected dansk, vestlig, ikke_vestlig or uoplyst)",
            cell.shown()
        )));
    }
    o
}

/// A municipality code, 1–999.
pub(crate) fn kommune_cell(cell: &Cell, problems: &mut Problems) -> Option<u16> {
    match cell.value.parse::<u16>() {
        Ok(k) if (1..=999).contains(&k) => Some(k),
        _ => {
            problems.push(
                cell.problem(format!("{} is not a municipality code (expected a number such as 461)", cell.shown())),
            );
            None
        }
    }
}

/// Whether herkomst and oprindelse agree: oprindelse dansk exactly when herkomst is dansk.
pub(crate) fn agrees(h: Herkomst, o: Oprindelse) -> bool {
    (h == Herkomst::Dansk) == (o == Oprindelse::Dansk)
}

pub(crate) const DISAGREE: &str =
    "herkomst and oprindelse disagree: expected oprindelse dansk exactly when herkomst is dansk";

pub(crate) const NO_WEEKS: &str = "the header has no weekly columns: expected columns y_YYWW such as y_1634";

/// An id as `values::pnr` gives it back unchanged: not empty, nothing to trim (its first and
/// last bytes are ASCII and not blank, so no Unicode white space either).
pub(crate) fn plain_id(id: &str) -> bool {
    let plain = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace();
    id.as_bytes().first().is_some_and(plain) && id.as_bytes().last().is_some_and(plain)
}

/// A person id cell: present and not a raw CPR number (the value is never shown), as the
/// loader checks it, but at the cell's own file, row and column. A converted extract whose
/// stamp holds was checked for raw CPR numbers when it was written.
pub(crate) fn pnr_cell(
    t: &Table,
    row: usize,
    column: usize,
    v: &Value,
    trusted: bool,
    problems: &mut Problems,
) -> Option<String> {
    let Some(pnr) = values::pnr(v) else {
        problems.push(t.problem(row, column, EMPTY_PNR));
        return None;
    };
    if !trusted && fields::looks_like_cpr(&pnr) {
        problems.push(t.problem(row, column, RAW_CPR));
        return None;
    }
    Some(pnr)
}

/// Where a table's located fields are, for messages.
pub(crate) fn place(t: &Table, at: &BTreeMap<Field, usize>) -> Place {
    Place {
        file: t.name.clone(),
        by_row: t.format != Format::Csv,
        columns: at.iter().map(|(f, &c)| (*f, (c, t.columns[c].clone()))).collect(),
    }
}

pub(crate) fn file_read(input: Input, t: &Table, rows: usize, decoded: usize) -> FileRead {
    FileRead {
        input,
        name: t.name.clone(),
        format: t.format,
        sha256: t.sha256.clone(),
        encoding: t.encoding.clone(),
        separator: t.separator.unwrap_or(0),
        rows,
        decoded,
        width: t.columns.len(),
    }
}

/// The columns a spec's fields are in; a problem for each required one missing.
pub(crate) fn locate(
    table: &Table,
    spec: &FileSpec,
    input: Input,
    problems: &mut Problems,
) -> Option<BTreeMap<Field, usize>> {
    let mut found = BTreeMap::new();
    let mut ok = true;
    for c in &spec.columns {
        match table.find(&c.name) {
            Some(i) => {
                found.insert(c.field, i);
            }
            None if c.required => {
                ok = false;
                let wanted: Vec<&str> = spec.columns.iter().filter(|c| c.required).map(|c| c.name.as_str()).collect();
                let mut msg =
                    format!("the required column {} is missing; expected the columns {}", c.name, wanted.join(", "));
                if let Some(hint) = crate::extract::layout::header_hint(input, &table.columns) {
                    msg.push_str(&format!(" ({hint})"));
                }
                problems.push(table.header_problem(msg));
            }
            None => {}
        }
    }
    // A column twice (ignoring case) is ambiguous.
    for (i, name) in table.columns.iter().enumerate() {
        if let Some(first) = table.columns[..i].iter().position(|n| n.eq_ignore_ascii_case(name)) {
            ok = false;
            problems.push(table.header_problem(format!(
                "column {name} appears twice in the header (columns {} and {}): expected each column once",
                first + 1,
                i + 1
            )));
        }
    }
    ok.then_some(found)
}
