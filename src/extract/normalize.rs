//! Any detected extract (effektmaal or DST layout, a manifest's names, CSV, Parquet or
//! SAS7BDAT files) rewritten as the effektmaal layout's CSV texts in memory, for the loader to
//! validate as it always has. Each cell is read through `values` (SAS numbers and dates, codes
//! as `111.0`, `.`/`NA` for none, KOEN 1/2, KOM `0461`, IE_TYPE, OPR_LAND through the country
//! table) and written in its canonical form; a cell that cannot be read is a problem at its
//! own file, row and column, and its row is left out. Problems the loader finds later in the
//! rewritten texts are put back at the original file, row and column by [`Normalized::place`].
//!
//! A DREAM file is read by projection: only `PNR`, the weekly and the monthly columns (those in
//! the asked window, when one is given) are decoded; `branche_*`, `ak*` and the like are not.

use super::countries::{Countries, Origin};
use super::csv::{CsvText, TextEncoding, quote};
use super::layout::{Detected, Field, FileSpec, Input, Layout, LayoutKind};
use super::source::{Format, Table, Value};
use super::values;
use crate::error::{Problem, Problems};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Where the cells of one rewritten file came from.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    parts: Vec<Part>,
}

/// One original file behind (some columns of) a rewritten file.
#[derive(Debug, Clone)]
struct Part {
    file: String,
    by_row: bool,
    /// Rewritten column name → the original column (1-based position, name).
    columns: BTreeMap<String, (usize, String)>,
    /// `rows[k]`: the original row or line of the rewritten file's line `k + 2`.
    rows: Vec<usize>,
}

/// An original file read, for `check` and the appendix.
#[derive(Debug, Clone)]
pub struct Read {
    pub input: Input,
    pub name: String,
    pub format: Format,
    pub sha256: String,
    pub encoding: String,
    /// CSV only; 0 for other formats.
    pub separator: u8,
    pub rows: usize,
    /// Columns decoded out of the file's columns.
    pub decoded: usize,
    pub width: usize,
}

/// The extract as effektmaal-layout CSV texts, keyed by the effektmaal file name.
#[derive(Debug)]
pub struct Normalized {
    pub layout: String,
    pub texts: BTreeMap<&'static str, CsvText>,
    pub read: Vec<Read>,
    /// Messages for the user that are not problems (e.g. unknown country codes).
    pub warnings: Vec<String>,
    origins: BTreeMap<&'static str, Provenance>,
}

/// A rewritten file being built: its header, lines and origins.
struct Builder {
    name: &'static str,
    text: String,
    origin: Provenance,
}

impl Builder {
    fn new(name: &'static str, header: &[&str]) -> Builder {
        let mut text = header.join(";");
        text.push('\n');
        Builder { name, text, origin: Provenance::default() }
    }

    fn part(&mut self, table: &Table, columns: &[(&str, usize)]) -> usize {
        self.origin.parts.push(Part {
            file: table.name.clone(),
            by_row: table.format != Format::Csv,
            columns: columns.iter().map(|(n, c)| (n.to_string(), (c + 1, table.columns[*c].clone()))).collect(),
            rows: Vec::new(),
        });
        self.origin.parts.len() - 1
    }

    /// Adds a line; `rows[i]` is the original row of part `i`.
    fn line(&mut self, fields: &[String], rows: &[usize]) {
        let line: Vec<String> = fields.iter().map(|f| quote(f, b';')).collect();
        self.text.push_str(&line.join(";"));
        self.text.push('\n');
        for (part, row) in self.origin.parts.iter_mut().zip(rows) {
            part.rows.push(*row);
        }
    }

    /// Adds a line already joined and quoted.
    fn raw_line(&mut self, line: &str, rows: &[usize]) {
        self.text.push_str(line);
        self.text.push('\n');
        for (part, row) in self.origin.parts.iter_mut().zip(rows) {
            part.rows.push(*row);
        }
    }

    fn finish(self, sha256: String) -> (CsvText, Provenance) {
        let csv = CsvText {
            name: self.name.to_string(),
            text: self.text,
            encoding: TextEncoding::Utf8,
            separator: b';',
            sha256,
        };
        (csv, self.origin)
    }
}

/// The columns a spec's fields are in; a problem for each required one missing.
fn locate(table: &Table, spec: &FileSpec, input: Input, problems: &mut Problems) -> Option<BTreeMap<Field, usize>> {
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
                if let Some(hint) = super::layout::header_hint(input, &table.columns) {
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

fn combined_sha(tables: &[&Table]) -> String {
    if let [one] = tables {
        return one.sha256.clone();
    }
    super::csv::combined_sha256(tables.iter().map(|t| (t.name.as_str(), t.sha256.as_str())))
}

/// A person's data from `bef` (DST) or a `befolkning` row.
#[derive(Clone)]
struct PersonCells {
    row: usize,
    foedselsdato: String,
    koen: &'static str,
    herkomst: &'static str,
    oprindelse: &'static str,
}

/// What the loader's effektmaal layout expects in each rewritten file.
const BEFOLKNING_COLS: [&str; 9] =
    ["pnr", "foedselsdato", "koen", "herkomst", "oprindelse", "kommune", "omraade", "fra", "til"];

struct Ctx<'a> {
    layout: &'a Layout,
    countries: Countries,
    /// Unknown country codes: code → persons.
    unknown_countries: BTreeMap<u16, usize>,
    uoplyst: usize,
}

impl Ctx<'_> {
    fn koen(&self, v: &Value) -> Result<&'static str, String> {
        match values::key(v).and_then(|k| self.layout.koen.get(&k).copied()) {
            Some(super::load::Koen::M) => Ok("M"),
            Some(super::load::Koen::K) => Ok("K"),
            None => Err(format!("{} is not a sex (expected {})", values::show(v), self.layout.koen_codes())),
        }
    }

    fn herkomst(&self, v: &Value) -> Result<&'static str, String> {
        match values::key(v).and_then(|k| self.layout.herkomst.get(&k).copied()) {
            Some(h) => Ok(h.id()),
            None => Err(format!("{} is not a herkomst (expected {})", values::show(v), self.layout.herkomst_codes())),
        }
    }

    /// Oprindelse from a country code, for a person who is not of dansk oprindelse.
    fn oprindelse(&mut self, herkomst: &str, v: &Value) -> Result<&'static str, String> {
        if herkomst == "dansk" {
            // Dansk oprindelse whatever OPR_LAND says (and it may be missing).
            return Ok("dansk");
        }
        let code = values::country(v)?;
        match self.countries.origin(code) {
            Some(Origin::Vestlig) => Ok("vestlig"),
            Some(Origin::IkkeVestlig) => Ok("ikke_vestlig"),
            Some(Origin::Uoplyst) | Some(Origin::Dansk) => {
                self.uoplyst += 1;
                Ok("uoplyst")
            }
            None => {
                *self.unknown_countries.entry(code).or_insert(0) += 1;
                Ok("uoplyst")
            }
        }
    }
}

/// Reads the person fields of one row (bef, or befolkning in a non-CSV format).
fn person_cells(
    ctx: &mut Ctx,
    table: &Table,
    row: usize,
    cells: &[Value],
    at: &BTreeMap<Field, usize>,
    pos: &BTreeMap<Field, usize>,
    problems: &mut Problems,
) -> Option<PersonCells> {
    let before = problems.total();
    let cell = |f: Field| cells[pos[&f]];
    let mut report = |f: Field, e: String| problems.push(table.problem(row, at[&f], e));
    let born = values::date(&cell(Field::Foedselsdato)).map_err(|e| report(Field::Foedselsdato, e)).ok();
    let koen = ctx.koen(&cell(Field::Koen)).map_err(|e| report(Field::Koen, e)).ok();
    let herkomst = ctx.herkomst(&cell(Field::Herkomst)).map_err(|e| report(Field::Herkomst, e)).ok();
    let oprindelse = match (herkomst, pos.get(&Field::OprLand), pos.get(&Field::Oprindelse)) {
        (Some(h), Some(&i), _) => ctx.oprindelse(h, &cells[i]).map_err(|e| report(Field::OprLand, e)).ok(),
        (_, None, Some(&i)) => match &cells[i] {
            Value::Text(s) => match s.to_lowercase().replace('-', "_").as_str() {
                "dansk" => Some("dansk"),
                "vestlig" => Some("vestlig"),
                "ikke_vestlig" => Some("ikke_vestlig"),
                _ => {
                    report(
                        Field::Oprindelse,
                        format!("{s:?} is not an oprindelse (expected dansk, vestlig or ikke_vestlig)"),
                    );
                    None
                }
            },
            v => {
                report(
                    Field::Oprindelse,
                    format!("{} is not an oprindelse (expected dansk, vestlig or ikke_vestlig)", values::show(v)),
                );
                None
            }
        },
        _ => None,
    };
    if problems.total() != before {
        return None;
    }
    Some(PersonCells {
        row,
        foedselsdato: born?.to_string(),
        koen: koen?,
        herkomst: herkomst?,
        oprindelse: oprindelse?,
    })
}

/// A person id cell: present and not a raw CPR number (the value is never shown), as the
/// loader checks it, but at the cell's own file, row and column.
fn pnr_cell(t: &Table, row: usize, column: usize, v: &Value, problems: &mut Problems) -> Option<String> {
    let Some(pnr) = values::pnr(v) else {
        problems.push(t.problem(row, column, "the person id is empty: expected a pseudonymised pnr"));
        return None;
    };
    if super::fields::looks_like_cpr(&pnr) {
        problems.push(t.problem(
            row,
            column,
            "the person id looks like a raw CPR number (ten digits starting with a valid date); it is not shown here. \
             Pseudonymise the extract first (effektmaal pseudonymize)",
        ));
        return None;
    }
    Some(pnr)
}

/// The fields a spec locates, in a fixed order, and their positions in the projected cells.
fn projection(at: &BTreeMap<Field, usize>) -> (Vec<usize>, BTreeMap<Field, usize>) {
    let mut cols = Vec::new();
    let mut pos = BTreeMap::new();
    for (f, &c) in at {
        pos.insert(*f, cols.len());
        cols.push(c);
    }
    (cols, pos)
}

/// A spell's end: a date, or empty for a spell still running.
fn opt_date_text(v: &Value) -> Result<String, String> {
    values::opt_date(v).map(|d| d.map(|d| d.to_string()).unwrap_or_default())
}

/// The weeks and months wanted from DREAM: week indices (see `IsoWeek::index`) and month
/// indices (see `Month::index`), inclusive; `None` reads all.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub weeks: Option<(i32, i32)>,
    pub months: Option<(i32, i32)>,
}

/// Reads every input of a detected extract and rewrites it in the effektmaal layout.
pub fn normalize(dir: &Path, detected: &Detected, window: Window) -> Result<Normalized, Problems> {
    let layout = &detected.layout;
    let mut problems = Problems::default();
    let mut tables: BTreeMap<Input, Table> = BTreeMap::new();
    for (input, name) in &detected.files {
        match Table::open(&dir.join(name), name) {
            Ok(t) => {
                tables.insert(*input, t);
            }
            Err(p) => problems.push(p),
        }
    }
    let countries = match &layout.countries {
        None => Countries::embedded(),
        Some(name) => match std::fs::read(dir.join(name)) {
            Ok(bytes) => match CsvText::from_bytes(name, &bytes).map_err(|p| {
                let mut ps = Problems::default();
                ps.push(p);
                ps
            }) {
                Ok(csv) => Countries::parse(&csv).unwrap_or_else(|p| {
                    problems.extend(p);
                    Countries::embedded()
                }),
                Err(p) => {
                    problems.extend(p);
                    Countries::embedded()
                }
            },
            Err(e) => {
                problems.push(Problem::file(name, format!("the country table cannot be read: {e}")));
                Countries::embedded()
            }
        },
    };
    let mut ctx = Ctx { layout, countries, unknown_countries: BTreeMap::new(), uoplyst: 0 };
    let mut out = Normalized {
        layout: layout.name(),
        texts: BTreeMap::new(),
        read: Vec::new(),
        warnings: Vec::new(),
        origins: BTreeMap::new(),
    };
    fn record(input: Input, t: &Table, rows: usize, decoded: usize, out: &mut Normalized) {
        out.read.push(Read {
            input,
            name: t.name.clone(),
            format: t.format,
            sha256: t.sha256.clone(),
            encoding: t.encoding.clone(),
            separator: t.separator.unwrap_or(0),
            rows,
            decoded,
            width: t.columns.len(),
        });
    }

    // Population: befolkning (effektmaal) or bef + bopael (DST).
    match layout.kind {
        LayoutKind::Effektmaal => {
            if let (Some(t), Some(spec)) = (tables.get(&Input::Befolkning), layout.file(Input::Befolkning))
                && let Some(at) = locate(t, spec, Input::Befolkning, &mut problems)
            {
                let (cols, pos) = projection(&at);
                let mut b = Builder::new("befolkning.csv", &BEFOLKNING_COLS);
                let part_cols: Vec<(&str, usize)> = at.iter().map(|(f, &c)| (f.id(), c)).collect();
                b.part(t, &part_cols);
                let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
                    let before = problems.total();
                    let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], problems);
                    let person = person_cells(&mut ctx, t, row, cells, &at, &pos, problems);
                    let spell = spell_cells(t, row, cells, &at, &pos, problems);
                    if problems.total() != before {
                        return;
                    }
                    if let (Some(pnr), Some(p), Some(s)) = (pnr, person, spell) {
                        b.line(&befolkning_line(pnr, &p, s), &[row]);
                    }
                });
                record(Input::Befolkning, t, rows, cols.len(), &mut out);
                let (csv, origin) = b.finish(t.sha256.clone());
                out.texts.insert("befolkning.csv", csv);
                out.origins.insert("befolkning.csv", origin);
            }
        }
        LayoutKind::Dst => {
            let mut persons: HashMap<String, PersonCells> = HashMap::new();
            if let (Some(t), Some(spec)) = (tables.get(&Input::Bef), layout.file(Input::Bef))
                && let Some(at) = locate(t, spec, Input::Bef, &mut problems)
            {
                let (cols, pos) = projection(&at);
                let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
                    let Some(pnr) = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], problems) else {
                        return;
                    };
                    if let Some(p) = person_cells(&mut ctx, t, row, cells, &at, &pos, problems) {
                        if let Some(first) = persons.get(&pnr) {
                            problems.push(t.problem(
                                row,
                                at[&Field::Pnr],
                                format!(
                                    "this person already has a row ({} {}): expected one row per person in bef",
                                    if t.format == Format::Csv { "line" } else { "row" },
                                    first.row
                                ),
                            ));
                        } else {
                            persons.insert(pnr, p);
                        }
                    }
                });
                record(Input::Bef, t, rows, cols.len(), &mut out);
            }
            if let (Some(bef), Some(t), Some(spec)) =
                (tables.get(&Input::Bef), tables.get(&Input::Bopael), layout.file(Input::Bopael))
                && let Some(at) = locate(t, spec, Input::Bopael, &mut problems)
            {
                let bef_at = layout.file(Input::Bef).and_then(|s| {
                    let mut ignore = Problems::default();
                    locate(bef, s, Input::Bef, &mut ignore)
                });
                let (cols, pos) = projection(&at);
                let mut b = Builder::new("befolkning.csv", &BEFOLKNING_COLS);
                let own: Vec<(&str, usize)> = at.iter().map(|(f, &c)| (f.id(), c)).collect();
                b.part(t, &own);
                let from_bef: Vec<(&str, usize)> = bef_at
                    .iter()
                    .flatten()
                    .filter(|(f, _)| **f != Field::Pnr)
                    .map(|(f, &c)| (if *f == Field::OprLand { "oprindelse" } else { f.id() }, c))
                    .collect();
                b.part(bef, &from_bef);
                let bef_name = bef.name.clone();
                let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
                    let before = problems.total();
                    let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], problems);
                    let spell = spell_cells(t, row, cells, &at, &pos, problems);
                    let Some(pnr) = pnr else {
                        return;
                    };
                    if problems.total() != before {
                        return;
                    }
                    let Some(person) = persons.get(&pnr) else {
                        problems.push(t.problem(
                            row,
                            at[&Field::Pnr],
                            format!("the person of this residence spell has no row in {bef_name}: expected a row there for every person in bopael"),
                        ));
                        return;
                    };
                    if let Some(s) = spell {
                        b.line(&befolkning_line(pnr, person, s), &[row, person.row]);
                    }
                });
                record(Input::Bopael, t, rows, cols.len(), &mut out);
                let (csv, origin) = b.finish(combined_sha(&[bef, t]));
                out.texts.insert("befolkning.csv", csv);
                out.origins.insert("befolkning.csv", origin);
            }
        }
    }

    // DREAM: pnr and the weekly and monthly columns, by projection.
    if let (Some(t), Some(spec)) = (tables.get(&Input::Dream), layout.file(Input::Dream))
        && let Some(at) = locate(t, spec, Input::Dream, &mut problems)
    {
        let week_prefix = spec.week_prefix.clone().unwrap_or_else(|| "y_".into()).to_lowercase();
        let grad_prefix = spec.grad_prefix.clone().unwrap_or_else(|| "grad_".into()).to_lowercase();
        let mut cols = vec![at[&Field::Pnr]];
        let mut header: Vec<String> = vec!["pnr".into()];
        let mut is_week = vec![false];
        for (i, name) in t.columns.iter().enumerate() {
            let lower = name.to_lowercase();
            let (canonical, week) = if let Some(rest) = lower.strip_prefix(&week_prefix) {
                (format!("y_{rest}"), true)
            } else if let Some(rest) = lower.strip_prefix(&grad_prefix) {
                (format!("grad_{rest}"), false)
            } else {
                continue;
            };
            if !in_window(&canonical, window) {
                continue;
            }
            cols.push(i);
            header.push(canonical);
            is_week.push(week);
        }
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut b = Builder::new("dream.csv", &header_refs);
        let part_cols: Vec<(&str, usize)> = header.iter().map(String::as_str).zip(cols.iter().copied()).collect();
        b.part(t, &part_cols);
        // One line buffer for all rows: DREAM is most of an extract's cells.
        let mut line = String::new();
        let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
            use std::fmt::Write as _;
            let before = problems.total();
            let Some(pnr) = pnr_cell(t, row, cols[0], &cells[0], problems) else {
                return;
            };
            line.clear();
            line.push_str(&quote(&pnr, b';'));
            for (k, v) in cells.iter().enumerate().skip(1) {
                line.push(';');
                if is_week[k] {
                    match values::code(v) {
                        Ok(0) => {}
                        Ok(c) => {
                            let _ = write!(line, "{c}");
                        }
                        Err(e) => problems.push(t.problem(row, cols[k], e)),
                    }
                } else {
                    match values::degree(v) {
                        Ok(0.0) => {}
                        Ok(g) => {
                            let _ = write!(line, "{g}");
                        }
                        Err(e) => problems.push(t.problem(row, cols[k], e)),
                    }
                }
            }
            if problems.total() == before {
                b.raw_line(&line, &[row]);
            }
        });
        record(Input::Dream, t, rows, cols.len(), &mut out);
        let (csv, origin) = b.finish(t.sha256.clone());
        out.texts.insert("dream.csv", csv);
        out.origins.insert("dream.csv", origin);
    }

    // Education spells.
    if let (Some(t), Some(spec)) = (tables.get(&Input::Uddannelse), layout.file(Input::Uddannelse))
        && let Some(at) = locate(t, spec, Input::Uddannelse, &mut problems)
    {
        let (cols, pos) = projection(&at);
        let mut b = Builder::new("uddannelse.csv", &["pnr", "fra", "til"]);
        let part_cols: Vec<(&str, usize)> = at.iter().map(|(f, &c)| (f.id(), c)).collect();
        b.part(t, &part_cols);
        let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
            let before = problems.total();
            let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], problems).unwrap_or_default();
            let fra =
                values::date(&cells[pos[&Field::Fra]]).map_err(|e| problems.push(t.problem(row, at[&Field::Fra], e)));
            let til =
                opt_date_text(&cells[pos[&Field::Til]]).map_err(|e| problems.push(t.problem(row, at[&Field::Til], e)));
            if problems.total() == before
                && let (Ok(fra), Ok(til)) = (fra, til)
            {
                b.line(&[pnr, fra.to_string(), til], &[row]);
            }
        });
        record(Input::Uddannelse, t, rows, cols.len(), &mut out);
        let (csv, origin) = b.finish(t.sha256.clone());
        out.texts.insert("uddannelse.csv", csv);
        out.origins.insert("uddannelse.csv", origin);
    }

    // Employment beyond DREAM, and the code map: text fields, passed on as read.
    for (input, name, fields) in [
        (Input::Beskaeftigelse, "beskaeftigelse.csv", &[Field::Pnr, Field::Maaned, Field::Grad][..]),
        (Input::Ydelseskoder, "ydelseskoder.csv", &[Field::Kode, Field::Tekst, Field::Gruppe, Field::Status][..]),
    ] {
        if let (Some(t), Some(spec)) = (tables.get(&input), layout.file(input))
            && let Some(at) = locate(t, spec, input, &mut problems)
        {
            let cols: Vec<usize> = fields.iter().map(|f| at[f]).collect();
            let header: Vec<&'static str> = fields.iter().map(|f| f.id()).collect();
            let mut b = Builder::new(name, &header);
            let part_cols: Vec<(&str, usize)> = header.iter().copied().zip(cols.iter().copied()).collect();
            b.part(t, &part_cols);
            let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
                if fields[0] == Field::Pnr && pnr_cell(t, row, cols[0], &cells[0], problems).is_none() {
                    return;
                }
                let line: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(k, v)| match v {
                        Value::Missing => String::new(),
                        Value::Text(s) => s.to_string(),
                        Value::Date(d) => d.to_string(),
                        Value::Number(x) if fields[k] == Field::Kode || fields[k] == Field::Pnr => {
                            values::key(v).unwrap_or_else(|| x.to_string())
                        }
                        Value::Number(x) => x.to_string(),
                    })
                    .collect();
                b.line(&line, &[row]);
            });
            record(input, t, rows, cols.len(), &mut out);
            let (csv, origin) = b.finish(t.sha256.clone());
            out.texts.insert(name, csv);
            out.origins.insert(name, origin);
        }
    }

    for (code, n) in &ctx.unknown_countries {
        out.warnings.push(format!(
            "the country code {code} (OPR_LAND) is not in the country table ({}): {n} person{} counted as of unknown origin",
            ctx.countries.source,
            if *n == 1 { "" } else { "s" }
        ));
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// Whether a DREAM column is inside the window asked for.
fn in_window(canonical: &str, window: Window) -> bool {
    use crate::method::calendar::{IsoWeek, Month};
    if let Some((lo, hi)) = window.weeks
        && let Some(Ok(w)) = IsoWeek::from_dream_column(canonical)
    {
        return (lo..=hi).contains(&w.index());
    }
    if let Some((lo, hi)) = window.months
        && let Some(rest) = canonical.strip_prefix("grad_")
        && let Some(m) = Month::parse(&rest.replacen('_', "-", 1))
    {
        return (lo..=hi).contains(&m.index());
    }
    true
}

/// A residence spell's fields: kommune, omraade, fra, til as text.
fn spell_cells(
    t: &Table,
    row: usize,
    cells: &[Value],
    at: &BTreeMap<Field, usize>,
    pos: &BTreeMap<Field, usize>,
    problems: &mut Problems,
) -> Option<[String; 4]> {
    let before = problems.total();
    let kommune = values::kommune(&cells[pos[&Field::Kommune]])
        .map_err(|e| problems.push(t.problem(row, at[&Field::Kommune], e)));
    let omraade = pos.get(&Field::Omraade).map(|&i| match &cells[i] {
        Value::Text(s) => s.to_string(),
        v => values::key(v).unwrap_or_default(),
    });
    let fra = values::date(&cells[pos[&Field::Fra]]).map_err(|e| problems.push(t.problem(row, at[&Field::Fra], e)));
    let til = opt_date_text(&cells[pos[&Field::Til]]).map_err(|e| problems.push(t.problem(row, at[&Field::Til], e)));
    if problems.total() != before {
        return None;
    }
    Some([kommune.ok()?.to_string(), omraade.unwrap_or_default(), fra.ok()?.to_string(), til.ok()?])
}

fn befolkning_line(pnr: String, p: &PersonCells, s: [String; 4]) -> [String; 9] {
    let [kommune, omraade, fra, til] = s;
    [
        pnr,
        p.foedselsdato.clone(),
        p.koen.to_string(),
        p.herkomst.to_string(),
        p.oprindelse.to_string(),
        kommune,
        omraade,
        fra,
        til,
    ]
}

/// Whether a directory must go through [`normalize`]: it has a manifest, a file of the DST
/// layout, or an input of the effektmaal layout in a format other than CSV. Otherwise it is the
/// effektmaal layout in CSV, read as it always was.
pub fn needs_normalizing(dir: &Path) -> bool {
    let Ok(rd) = std::fs::read_dir(dir) else { return false };
    let dst = Layout::dst();
    let effektmaal = Layout::effektmaal();
    rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).any(|name| {
        if name == super::layout::MANIFEST {
            return true;
        }
        let Some(format) = Format::of(&name) else { return false };
        let stem = name.rsplit_once('.').map_or("", |(s, _)| s);
        let named = |l: &Layout, input: Input| {
            l.file(input).is_some_and(|f| f.stems.iter().any(|s| s.eq_ignore_ascii_case(stem)))
        };
        named(&dst, Input::Bef)
            || named(&dst, Input::Bopael)
            || named(&dst, Input::Uddannelse) && !named(&effektmaal, Input::Uddannelse)
            || (format != Format::Csv && Input::ALL.into_iter().any(|i| named(&effektmaal, i)))
    })
}

/// The extract's inputs as effektmaal-layout CSV texts, whatever layout and format the
/// directory has: read as they are (effektmaal layout in CSV) or rewritten.
pub fn texts(dir: &Path) -> Result<BTreeMap<&'static str, CsvText>, Problems> {
    if needs_normalizing(dir) {
        let detected = super::layout::detect(dir)?;
        return Ok(normalize(dir, &detected, Window::default())?.texts);
    }
    let mut problems = Problems::default();
    let mut out = BTreeMap::new();
    for name in ["befolkning.csv", "dream.csv", "uddannelse.csv", "beskaeftigelse.csv", "ydelseskoder.csv"] {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) => match CsvText::from_bytes(name, &bytes) {
                Ok(csv) => {
                    out.insert(name, csv);
                }
                Err(p) => problems.push(p),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => problems.push(Problem::file(name, format!("the file cannot be read: {e}"))),
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

impl Normalized {
    /// A note that begins with a rewritten file's name ("dream.csv: column … is ignored")
    /// begins with the name of the file it was read from instead.
    pub fn place_note(&self, note: String) -> String {
        for (name, origin) in &self.origins {
            if let (Some(rest), Some(part)) = (note.strip_prefix(&format!("{name}:")), origin.parts.first()) {
                return format!("{}:{rest}", part.file);
            }
        }
        note
    }

    /// Puts a problem found in a rewritten text back at the original file, row and column.
    pub fn place(&self, p: Problem) -> Problem {
        let Some(origin) = self.origins.iter().find(|(n, _)| **n == p.file).map(|(_, o)| o) else {
            return p;
        };
        let part = match &p.column {
            Some((_, name)) => origin.parts.iter().find(|part| part.columns.contains_key(name)),
            None => origin.parts.first(),
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
    use super::*;
    use crate::extract::layout::detect;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name)
    }

    fn normalized(name: &str) -> Normalized {
        let dir = fixture(name);
        let d = detect(&dir).unwrap();
        normalize(&dir, &d, Window::default()).unwrap_or_else(|p| panic!("{p}"))
    }

    /// The rows of a rewritten text, without the header.
    fn lines(n: &Normalized, file: &str) -> Vec<String> {
        n.texts[file].text.lines().skip(1).map(String::from).collect()
    }

    #[test]
    fn every_variant_rewrites_to_the_same_population() {
        let want = [
            "A01;1980-05-05;M;dansk;dansk;461;Centrum;2000-01-01;",
            "B02;1980-02-10;K;indvandrer;ikke_vestlig;461;Vollsmose;2010-06-01;",
            "C03;1990-07-01;K;dansk;dansk;461;Centrum;2008-01-01;",
            "D04;1999-12-31;M;efterkommer;ikke_vestlig;461;Vollsmose;1999-12-31;",
            "E05;1949-01-15;M;dansk;dansk;461;Centrum;1980-01-01;",
            "F06;1985-03-03;K;indvandrer;vestlig;461;Centrum;2015-12-15;",
            "G07;1970-10-10;M;dansk;dansk;461;;1995-01-01;",
            "H08;1975-04-04;K;dansk;dansk;461;Centrum;2001-01-01;2015-11-20",
            "I09;1982-08-08;M;dansk;dansk;851;;2005-01-01;",
        ];
        for v in [
            "dst-sas",
            "dst-sas-dateformat",
            "dst-parquet",
            "dst-csv",
            "effektmaal-parquet",
            "effektmaal-sas",
            "dst-manifest",
        ] {
            let n = normalized(v);
            assert_eq!(lines(&n, "befolkning.csv"), want, "{v}");
            assert_eq!(lines(&n, "uddannelse.csv"), ["C03;2015-12-01;2015-12-24", "D04;2015-08-01;"], "{v}");
            let dream = lines(&n, "dream.csv");
            assert_eq!(dream[1], "B02;111;111;111;111;111;111;111;111;111;111;111;111;111;;0.5;", "{v}");
            assert_eq!(dream[2], "C03;651;651;651;651;;;;;;;;;;;0.3;", "{v}");
            assert_eq!(dream[6], "G07;;;;;;;999;999;999;999;999;999;999;1;1;", "{v}");
            assert!(n.warnings.is_empty(), "{v}: {:?}", n.warnings);
        }
        assert_eq!(normalized("dst-sas").layout, "DST");
        assert_eq!(normalized("dst-manifest").layout, "DST (with effektmaal.toml)");
        assert_eq!(normalized("effektmaal-sas").layout, "effektmaal");
    }

    #[test]
    fn dream_is_read_by_projection() {
        let n = normalized("dst-sas");
        let dream = n.read.iter().find(|r| r.input == Input::Dream).unwrap();
        // PNR, 13 weeks and 3 months of the 19 columns; branche_2015_11 and ak15 are not decoded.
        assert_eq!((dream.decoded, dream.width, dream.rows), (17, 19, 9));
        assert_eq!(dream.format, Format::Sas);
        // A window of two weeks and one month decodes four columns.
        use crate::method::calendar::{IsoWeek, Month};
        let w = |y, n| IsoWeek::new(y, n).unwrap().index();
        let m = Month::parse("2015-12").unwrap().index();
        let dir = fixture("dst-sas");
        let d = detect(&dir).unwrap();
        let n = normalize(&dir, &d, Window { weeks: Some((w(2015, 52), w(2015, 53))), months: Some((m, m)) }).unwrap();
        assert_eq!(n.texts["dream.csv"].text.lines().next(), Some("pnr;y_1552;y_1553;grad_2015_12"));
        assert_eq!(n.read.iter().find(|r| r.input == Input::Dream).unwrap().decoded, 4);
    }

    /// Prints what a window saves on a wide DREAM file: run with
    /// `EFFEKTMAAL_WIDE=DIR cargo test --release --lib window_cost -- --ignored --nocapture`
    /// on a directory made by `scripts/make-format-fixtures --only dst-sas-30y`.
    #[test]
    #[ignore]
    fn window_cost() {
        use crate::method::calendar::{IsoWeek, Month};
        let Ok(dir) = std::env::var("EFFEKTMAAL_WIDE") else { return };
        let dir = Path::new(&dir);
        let d = detect(dir).unwrap();
        let four_years = Window {
            weeks: Some((IsoWeek::new(2013, 1).unwrap().index(), IsoWeek::new(2016, 52).unwrap().index())),
            months: Some((Month::parse("2013-01").unwrap().index(), Month::parse("2016-12").unwrap().index())),
        };
        for (label, window) in [("all weeks", Window::default()), ("2013-2016", four_years)] {
            let best = (0..3)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let n = normalize(dir, &d, window).unwrap();
                    (t.elapsed().as_secs_f64(), n.read.iter().find(|r| r.input == Input::Dream).unwrap().decoded)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap();
            println!("{label}: {:.3} s, {} columns decoded", best.0, best.1);
        }
    }
}
