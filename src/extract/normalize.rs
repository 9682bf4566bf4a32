//! Any detected extract (effektmaal or DST layout, a manifest's names, CSV, Parquet or
//! SAS7BDAT files) read into the typed rows of `typed`: each cell through `values` (SAS
//! numbers and dates, codes as `111.0`, `.`/`NA` for none, KOEN 1/2, KOM `0461`, IE_TYPE,
//! OPR_LAND through the country table), checked on its own, and a problem at its own file, row
//! and column. The small optional files (`beskaeftigelse`, `ydelseskoder`) are rewritten as
//! effektmaal-layout CSV text instead, with the way back to their cells ([`Provenance`]).
//!
//! A DREAM file is read by projection: only `PNR`, the weekly and the monthly columns (those in
//! the asked window, when one is given) are decoded; `branche_*`, `ak*` and the like are not.
//! A Parquet DREAM file is read column by column (typed: integer codes are copied, not parsed).
//!
//! An extract `convert` wrote carries a stamp (`converted`): when every file still matches its
//! checksum, the cells are not checked again (raw CPR numbers, code ranges); otherwise they are.

use super::countries::{Countries, Origin};
use super::csv::{CsvText, TextEncoding, quote};
use super::layout::{Detected, Field, FileSpec, Input, Layout, LayoutKind, MANIFEST};
use super::load::{Herkomst, Koen, Oprindelse, Person};
use super::source::{Format, Table, Value};
use super::typed::{
    Areas, BATCH, DreamIn, DreamRows, EducationIn, FileRead, Inputs, Place, Pnr, PopulationIn, SpellIn, Want,
};
use super::values;
use crate::error::{Problem, Problems};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub use super::typed::Window;

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

    fn part(&mut self, table: &Table, columns: &[(&str, usize)]) {
        self.origin.parts.push(Part {
            file: table.name.clone(),
            by_row: table.format != Format::Csv,
            columns: columns.iter().map(|(n, c)| (n.to_string(), (c + 1, table.columns[*c].clone()))).collect(),
            rows: Vec::new(),
        });
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

/// Where a table's located fields are, for messages.
fn place(t: &Table, at: &BTreeMap<Field, usize>) -> Place {
    Place {
        file: t.name.clone(),
        by_row: t.format != Format::Csv,
        columns: at.iter().map(|(f, &c)| (*f, (c, t.columns[c].clone()))).collect(),
    }
}

struct Ctx<'a> {
    layout: &'a Layout,
    countries: Countries,
    /// Unknown country codes: code → persons.
    unknown_countries: BTreeMap<u16, usize>,
    /// Whether the files are those `convert` checked (see `converted`).
    trusted: bool,
    /// Whether they hold their rows in the persons' order, as the stamp says.
    in_persons_order: bool,
}

/// A converted extract whose stamp holds: how its DREAM rows are packed, when they are.
struct Trusted {
    packed: Option<super::converted::Packed>,
    in_persons_order: bool,
}

impl Ctx<'_> {
    fn koen(&self, v: &Value) -> Result<Koen, String> {
        values::key(v)
            .and_then(|k| self.layout.koen.get(&k).copied())
            .ok_or_else(|| format!("{} is not a sex (expected {})", values::show(v), self.layout.koen_codes()))
    }

    fn herkomst(&self, v: &Value) -> Result<Herkomst, String> {
        values::key(v)
            .and_then(|k| self.layout.herkomst.get(&k).copied())
            .ok_or_else(|| format!("{} is not a herkomst (expected {})", values::show(v), self.layout.herkomst_codes()))
    }

    /// Oprindelse from a country code, for a person who is not of dansk oprindelse.
    fn oprindelse(&mut self, herkomst: Herkomst, v: &Value) -> Result<Oprindelse, String> {
        if herkomst == Herkomst::Dansk {
            // Dansk oprindelse whatever OPR_LAND says (and it may be missing).
            return Ok(Oprindelse::Dansk);
        }
        let code = values::country(v)?;
        match self.countries.origin(code) {
            Some(Origin::Vestlig) => Ok(Oprindelse::Vestlig),
            Some(Origin::IkkeVestlig) => Ok(Oprindelse::IkkeVestlig),
            Some(Origin::Uoplyst) | Some(Origin::Dansk) => Ok(Oprindelse::Uoplyst),
            None => {
                *self.unknown_countries.entry(code).or_insert(0) += 1;
                Ok(Oprindelse::Uoplyst)
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
) -> Option<Person> {
    let before = problems.total();
    let cell = |f: Field| cells[pos[&f]];
    let mut report = |f: Field, e: String| problems.push(table.problem(row, at[&f], e));
    let born = values::date(&cell(Field::Foedselsdato)).map_err(|e| report(Field::Foedselsdato, e)).ok();
    let koen = ctx.koen(&cell(Field::Koen)).map_err(|e| report(Field::Koen, e)).ok();
    let herkomst = ctx.herkomst(&cell(Field::Herkomst)).map_err(|e| report(Field::Herkomst, e)).ok();
    let expected = "(expected dansk, vestlig, ikke_vestlig or uoplyst)";
    let oprindelse = match (herkomst, pos.get(&Field::OprLand), pos.get(&Field::Oprindelse)) {
        (Some(h), Some(&i), _) => ctx.oprindelse(h, &cells[i]).map_err(|e| report(Field::OprLand, e)).ok(),
        (_, None, Some(&i)) => {
            let o = match &cells[i] {
                Value::Text(s) => super::load::oprindelse(s),
                _ => None,
            };
            if o.is_none() {
                report(Field::Oprindelse, format!("{} is not an oprindelse {expected}", values::show(&cells[i])));
            }
            if let (Some(h), Some(o)) = (herkomst, o)
                && !super::load::agrees(h, o)
            {
                report(Field::Oprindelse, super::load::DISAGREE.to_string());
            }
            o
        }
        _ => None,
    };
    if problems.total() != before {
        return None;
    }
    Some(Person { foedselsdato: born?, koen: koen?, herkomst: herkomst?, oprindelse: oprindelse? })
}

/// An id as `values::pnr` gives it back unchanged: not empty, nothing to trim (its first and
/// last bytes are ASCII and not blank, so no Unicode white space either).
fn plain_id(id: &str) -> bool {
    let plain = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace();
    id.as_bytes().first().is_some_and(plain) && id.as_bytes().last().is_some_and(plain)
}

/// A person id cell: present and not a raw CPR number (the value is never shown), as the
/// loader checks it, but at the cell's own file, row and column. A converted extract whose
/// stamp holds was checked for raw CPR numbers when it was written.
fn pnr_cell(t: &Table, row: usize, column: usize, v: &Value, trusted: bool, problems: &mut Problems) -> Option<String> {
    let Some(pnr) = values::pnr(v) else {
        problems.push(t.problem(row, column, "the person id is empty: expected a pseudonymised pnr"));
        return None;
    };
    if !trusted && super::fields::looks_like_cpr(&pnr) {
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

/// A residence spell's fields: kommune, omraade, fra, til.
#[allow(clippy::type_complexity)]
fn spell_cells(
    t: &Table,
    row: usize,
    cells: &[Value],
    (at, pos): (&BTreeMap<Field, usize>, &BTreeMap<Field, usize>),
    areas: &mut Areas,
    problems: &mut Problems,
) -> Option<(u16, u32, NaiveDate, Option<NaiveDate>)> {
    let before = problems.total();
    let kommune = values::kommune(&cells[pos[&Field::Kommune]])
        .map_err(|e| problems.push(t.problem(row, at[&Field::Kommune], e)));
    let fra = values::date(&cells[pos[&Field::Fra]]).map_err(|e| problems.push(t.problem(row, at[&Field::Fra], e)));
    let til = values::opt_date(&cells[pos[&Field::Til]]).map_err(|e| problems.push(t.problem(row, at[&Field::Til], e)));
    if problems.total() != before {
        return None;
    }
    let omraade = pos.get(&Field::Omraade).map_or(0, |&i| match &cells[i] {
        Value::Text(s) => areas.id(s.trim()),
        v => areas.id(&values::key(v).unwrap_or_default()),
    });
    Some((kommune.ok()?, omraade, fra.ok()?, til.ok()?))
}

fn file_read(input: Input, t: &Table, rows: usize, decoded: usize) -> FileRead {
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

/// The country table: the user's, when the manifest names one, else the shipped one.
fn countries(dir: &Path, layout: &Layout, problems: &mut Problems) -> Countries {
    let Some(name) = &layout.countries else { return Countries::embedded() };
    match std::fs::read(dir.join(name)) {
        Ok(bytes) => match CsvText::from_bytes(name, &bytes) {
            Ok(csv) => Countries::parse(&csv).unwrap_or_else(|p| {
                problems.extend(p);
                Countries::embedded()
            }),
            Err(p) => {
                problems.push(p);
                Countries::embedded()
            }
        },
        Err(e) => {
            problems.push(Problem::file(name, format!("the country table cannot be read: {e}")));
            Countries::embedded()
        }
    }
}

/// Reads every input of a detected extract into typed rows. Problems are collected; the rows
/// read without one are returned with them.
/// `degrees`: whether DREAM's employment degrees are wanted as read (for `convert`); else a
/// converted extract's packed months may give 1 for a month employed, 0 for not.
pub fn read(dir: &Path, detected: &Detected, window: Window, degrees: bool) -> (Inputs, Option<DreamRows>, Problems) {
    match read_as(dir, detected, window, degrees, true) {
        Ok(read) => read,
        // DREAM's file, read as if it matched the stamp, did not: everything read again.
        Err(Mismatch) => read_as(dir, detected, window, degrees, false).unwrap_or_else(|_| unreachable!()),
    }
}

/// The reading of a converted extract as if its files matched its stamp turned out wrong:
/// one did not.
struct Mismatch;

/// [`read`]. `hash_beside`: a converted extract's DREAM file (most of its bytes) is hashed on
/// a thread of its own while everything is read as if it matched the stamp, and its other
/// Parquet files are checked by the BLAKE3 the stamp holds (if it does); when one turns out
/// not to match, `Mismatch`, and the caller reads again with `hash_beside` false (every file
/// by SHA-256, hashed first).
fn read_as(
    dir: &Path,
    detected: &Detected,
    window: Window,
    degrees: bool,
    hash_beside: bool,
) -> Result<(Inputs, Option<DreamRows>, Problems), Mismatch> {
    let layout = &detected.layout;
    let mut problems = Problems::default();
    let mut tables: BTreeMap<Input, Table> = BTreeMap::new();
    let stamp = super::converted::Stamp::read(dir);
    // A stamp holding the files' BLAKE3: its Parquet files are checked by that (faster than
    // SHA-256, and as strong) and take their SHA-256 from the stamp. A file that
    // does not match is `Mismatch`: everything is read again the plain way, which says what
    // changed.
    let quick = match &stamp {
        Some(Ok(s)) if hash_beside && !s.blake3.is_empty() => Some(s),
        _ => None,
    };
    let mut hashing = None;
    for (input, name) in &detected.files {
        let path = dir.join(name);
        let beside = hash_beside && *input == Input::Dream && matches!(stamp, Some(Ok(_)));
        match if beside || quick.is_some() { Table::open_unhashed(&path, name) } else { Table::open(&path, name) } {
            Ok(mut t) => {
                if t.sha256.is_empty() {
                    match quick {
                        Some(s) => {
                            let (b3, sha) = (s.blake3.get(name).cloned(), s.files.get(name).cloned());
                            let check = move || match (super::source::blake3_file(&path)?, b3, sha) {
                                (got, Some(b3), Some(sha)) if got == b3 => Ok(sha),
                                _ => Err(std::io::Error::other("the file does not match its stamp")),
                            };
                            if beside {
                                hashing = Some(std::thread::spawn(check));
                            } else {
                                t.sha256 = check().map_err(|_| Mismatch)?;
                            }
                        }
                        None => hashing = Some(std::thread::spawn(move || super::source::sha256_file(&path))),
                    }
                }
                tables.insert(*input, t);
            }
            Err(p) => problems.push(p),
        }
    }
    // DREAM's checksum, once hashed; a file that cannot be read is read again the plain way,
    // for its message.
    let hashed = |h: std::thread::JoinHandle<std::io::Result<String>>| -> Result<String, Mismatch> {
        h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)).map_err(|_| Mismatch)
    };
    let mut out = Inputs { layout: layout.name(), ..Inputs::default() };
    // A converted extract whose files all match the stamp is not checked cell by cell again.
    // While DREAM's file is being hashed, it is taken to match: checked when hashed (below).
    let stamped_sha = |name: &str| match &stamp {
        Some(Ok(s)) => s.files.get(name).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let mut files: Vec<(String, String)> = tables
        .values()
        .map(|t| (t.name.clone(), if t.sha256.is_empty() { stamped_sha(&t.name) } else { t.sha256.clone() }))
        .collect();
    if let Some(Ok(s)) = &stamp
        && hashing.is_some()
        && s.verify(&as_refs(&files)).is_err()
    {
        // The other files already differ: no reading as if; DREAM's checksum now.
        let sha = hashed(hashing.take().unwrap_or_else(|| unreachable!()))?;
        if let Some(t) = tables.get_mut(&Input::Dream) {
            t.sha256 = sha;
        }
        files = tables.values().map(|t| (t.name.clone(), t.sha256.clone())).collect();
    }
    let files = as_refs(&files);
    let dream_stamped = tables.get(&Input::Dream).map(|t| stamped_sha(&t.name)).unwrap_or_default();
    let stamped = match stamp {
        None => None,
        Some(Err(why)) => {
            out.notes.push(format!("{}: {why}; every cell was checked", super::converted::STAMP));
            None
        }
        Some(Ok(stamp)) => match stamp.verify(&files) {
            Ok(()) => {
                out.stamp = Some(stamp.describe());
                out.code_counts = Some(stamp.code_counts.clone());
                out.fills = stamp.fills.clone();
                out.notes.extend(stamp.notes.iter().cloned());
                Some(Trusted { packed: stamp.packed, in_persons_order: stamp.in_persons_order })
            }
            Err(why) => {
                out.notes.push(format!("{}: {why}; every cell was checked", super::converted::STAMP));
                None
            }
        },
    };
    let trusted = stamped.is_some();
    // The files exactly as `convert` wrote them: read column by column, unchecked (see
    // `converted`), unless something is not as `convert` writes it.
    let as_converted = |t: &Table| trusted && layout.kind == LayoutKind::Effektmaal && t.format == Format::Parquet;
    let countries = countries(dir, layout, &mut problems);
    let in_persons_order = stamped.as_ref().is_some_and(|s| s.in_persons_order);
    let mut ctx = Ctx { layout, countries, unknown_countries: BTreeMap::new(), trusted, in_persons_order };

    // DREAM: pnr and the weekly and monthly columns, by projection. Its header is read first,
    // and its rows from then on, ahead, on a thread of their own, while the population and
    // education are read and assembled here (see `DreamRows::ahead` and `load::Pending`); what
    // reading the header finds is told after the population's, as the files are listed.
    let (mut dream_problems, mut dream_notes, mut dream_read) = (Problems::default(), Vec::new(), Vec::new());
    let packed = stamped
        .as_ref()
        .and_then(|s| s.packed.clone())
        .map(|p| super::converted::Packed { months: p.months.filter(|_| !degrees), ..p });
    let mut dream_rows = None;
    if let (Some(t), Some(spec)) = (tables.remove(&Input::Dream), layout.file(Input::Dream))
        && let Some(at) = locate(&t, spec, Input::Dream, &mut dream_problems)
    {
        let packed = packed.filter(|_| as_converted(&t));
        let (d, rows) = read_dream(
            t,
            spec,
            at[&Field::Pnr],
            window,
            ctx.trusted,
            packed,
            &mut dream_problems,
            &mut dream_notes,
            &mut dream_read,
        );
        dream_rows = Some(rows);
        out.dream = Some(d);
    }

    // The population, and beside it the education spells: neither needs the other until they
    // are assembled.
    let (education, education_problems) = std::thread::scope(|scope| {
        let trusted = ctx.trusted;
        let t = tables.get(&Input::Uddannelse);
        let education = scope.spawn(move || education_spells(t, layout, trusted, as_converted));
        population(&mut ctx, &tables, as_converted, &mut problems, &mut out);
        education.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    });
    problems.extend(dream_problems);
    out.notes.append(&mut dream_notes);
    out.read.append(&mut dream_read);

    if let Some((education, read)) = education {
        out.read.push(read);
        out.education = Some(education);
    }
    problems.extend(education_problems);

    // Employment beyond DREAM, and the code map: small text files, passed on as read.
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
                if fields[0] == Field::Pnr && pnr_cell(t, row, cols[0], &cells[0], ctx.trusted, problems).is_none() {
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
            out.read.push(file_read(input, t, rows, cols.len()));
            let (csv, origin) = b.finish(t.sha256.clone());
            out.texts.insert(name, csv);
            out.origins.insert(name, origin);
        }
    }

    for (code, n) in &ctx.unknown_countries {
        out.notes.push(format!(
            "the country code {code} (OPR_LAND) is not in the country table ({}): {n} person{} counted as of unknown origin",
            ctx.countries.source,
            if *n == 1 { "" } else { "s" }
        ));
    }
    if let Some(h) = hashing {
        let sha = hashed(h)?;
        if sha != dream_stamped {
            return Err(Mismatch);
        }
        for r in out.read.iter_mut().filter(|r| r.input == Input::Dream) {
            r.sha256 = sha.clone();
        }
    }
    Ok((out, dream_rows, problems))
}

/// The education spells of `t` (uddannelse), with the file as read and the problems found.
#[allow(clippy::type_complexity)]
fn education_spells(
    t: Option<&Table>,
    layout: &Layout,
    trusted: bool,
    as_converted: impl Fn(&Table) -> bool,
) -> (Option<(EducationIn, FileRead)>, Problems) {
    let mut problems = Problems::default();
    let (Some(t), Some(spec)) = (t, layout.file(Input::Uddannelse)) else {
        return (None, problems);
    };
    let Some(at) = locate(t, spec, Input::Uddannelse, &mut problems) else {
        return (None, problems);
    };
    let (cols, pos) = projection(&at);
    let fast = as_converted(t).then(|| super::converted::education(t, &at)).flatten();
    let (spells, rows) = fast.unwrap_or_else(|| {
        let mut spells = Vec::new();
        let rows = t.rows(&cols, &mut problems, |row, cells, problems| {
            let before = problems.total();
            let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], trusted, problems);
            let fra =
                values::date(&cells[pos[&Field::Fra]]).map_err(|e| problems.push(t.problem(row, at[&Field::Fra], e)));
            let til = values::opt_date(&cells[pos[&Field::Til]])
                .map_err(|e| problems.push(t.problem(row, at[&Field::Til], e)));
            if problems.total() == before
                && let (Some(pnr), Ok(fra), Ok(til)) = (pnr, fra, til)
            {
                spells.push((Pnr::new(&pnr), fra, til, row));
            }
        });
        (spells, rows)
    });
    let read = file_read(Input::Uddannelse, t, rows, cols.len());
    (Some((EducationIn { place: place(t, &at), spells, rows_seen: rows }, read)), problems)
}

fn as_refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect()
}

/// The population: befolkning (effektmaal layout) or bef + bopael (DST).
fn population(
    ctx: &mut Ctx,
    tables: &BTreeMap<Input, Table>,
    as_converted: impl Fn(&Table) -> bool,
    problems: &mut Problems,
    out: &mut Inputs,
) {
    let layout = ctx.layout;
    match layout.kind {
        LayoutKind::Effektmaal => {
            if let (Some(t), Some(spec)) = (tables.get(&Input::Befolkning), layout.file(Input::Befolkning))
                && let Some(at) = locate(t, spec, Input::Befolkning, problems)
            {
                let (cols, pos) = projection(&at);
                let fast = as_converted(t).then(|| super::converted::population(t, &at)).flatten();
                let persons_together = fast.is_some() && ctx.in_persons_order;
                let (spells, areas, rows) = fast.unwrap_or_else(|| {
                    let (mut spells, mut areas) = (Vec::new(), Areas::default());
                    let rows = t.rows(&cols, problems, |row, cells, problems| {
                        let before = problems.total();
                        let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], ctx.trusted, problems);
                        let person = person_cells(ctx, t, row, cells, &at, &pos, problems);
                        let spell = spell_cells(t, row, cells, (&at, &pos), &mut areas, problems);
                        if problems.total() != before {
                            return;
                        }
                        if let (Some(pnr), Some(person), Some(spell)) = (pnr, person, spell) {
                            spells.push(SpellIn::new(&pnr, person, spell, row, row));
                        }
                    });
                    (spells, areas, rows)
                });
                out.read.push(file_read(Input::Befolkning, t, rows, cols.len()));
                let p = place(t, &at);
                out.population = Some(PopulationIn {
                    spells,
                    areas,
                    spell_place: p.clone(),
                    person_place: p,
                    person_per_spell: true,
                    persons_together,
                });
            }
        }
        LayoutKind::Dst => {
            let mut persons: HashMap<String, (Person, usize)> = HashMap::new();
            let mut bef_place = Place::default();
            if let (Some(t), Some(spec)) = (tables.get(&Input::Bef), layout.file(Input::Bef))
                && let Some(at) = locate(t, spec, Input::Bef, problems)
            {
                let (cols, pos) = projection(&at);
                let rows = t.rows(&cols, problems, |row, cells, problems| {
                    let Some(pnr) = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], ctx.trusted, problems)
                    else {
                        return;
                    };
                    if let Some(p) = person_cells(ctx, t, row, cells, &at, &pos, problems) {
                        if let Some((_, first)) = persons.get(&pnr) {
                            problems.push(t.problem(
                                row,
                                at[&Field::Pnr],
                                format!(
                                    "this person already has a row ({} {first}): expected one row per person in bef",
                                    if t.format == Format::Csv { "line" } else { "row" },
                                ),
                            ));
                        } else {
                            persons.insert(pnr, (p, row));
                        }
                    }
                });
                out.read.push(file_read(Input::Bef, t, rows, cols.len()));
                bef_place = place(t, &at);
            }
            if let (Some(bef), Some(t), Some(spec)) =
                (tables.get(&Input::Bef), tables.get(&Input::Bopael), layout.file(Input::Bopael))
                && let Some(at) = locate(t, spec, Input::Bopael, problems)
            {
                let (cols, pos) = projection(&at);
                let bef_name = bef.name.clone();
                let (mut spells, mut areas) = (Vec::new(), Areas::default());
                let rows = t.rows(&cols, problems, |row, cells, problems| {
                    let before = problems.total();
                    let pnr = pnr_cell(t, row, at[&Field::Pnr], &cells[pos[&Field::Pnr]], ctx.trusted, problems);
                    let spell = spell_cells(t, row, cells, (&at, &pos), &mut areas, problems);
                    let Some(pnr) = pnr else {
                        return;
                    };
                    if problems.total() != before {
                        return;
                    }
                    let Some(&(person, person_row)) = persons.get(&pnr) else {
                        problems.push(t.problem(
                            row,
                            at[&Field::Pnr],
                            format!("the person of this residence spell has no row in {bef_name}: expected a row there for every person in bopael"),
                        ));
                        return;
                    };
                    if let Some(spell) = spell {
                        spells.push(SpellIn::new(&pnr, person, spell, row, person_row));
                    }
                });
                out.read.push(file_read(Input::Bopael, t, rows, cols.len()));
                out.population = Some(PopulationIn {
                    spells,
                    areas,
                    spell_place: place(t, &at),
                    person_place: bef_place,
                    person_per_spell: false,
                    persons_together: false,
                });
            }
        }
    }
}

/// DREAM's header sorted into weeks and months (the layout's prefixes, compared without regard
/// to case), and a reader of the cells of those in `window`. Returns the header and the reader;
/// the file goes in `read` with the number of columns decoded.
#[allow(clippy::too_many_arguments)]
fn read_dream(
    t: Table,
    spec: &FileSpec,
    pnr_col: usize,
    window: Window,
    trusted: bool,
    packed: Option<super::converted::Packed>,
    problems: &mut Problems,
    notes: &mut Vec<String>,
    read: &mut Vec<FileRead>,
) -> (DreamIn, DreamRows) {
    let week_prefix = spec.week_prefix.clone().unwrap_or_else(|| "y_".into()).to_lowercase();
    let grad_prefix = spec.grad_prefix.clone().unwrap_or_else(|| "grad_".into()).to_lowercase();
    let mut canonical = Vec::new();
    let mut column_of = Vec::new();
    for (i, name) in t.columns.iter().enumerate() {
        let lower = name.to_lowercase();
        let c = if let Some(rest) = lower.strip_prefix(&week_prefix) {
            format!("y_{rest}")
        } else if let Some(rest) = lower.strip_prefix(&grad_prefix) {
            format!("grad_{rest}")
        } else {
            continue;
        };
        canonical.push(c);
        column_of.push(i);
    }
    let (weeks, months, ignored) = super::load::dream_columns(&canonical);
    for (name, why) in ignored {
        notes.push(format!("{}: column {name} is ignored: {why}", t.name));
    }
    if weeks.is_empty() {
        problems.push(t.header_problem(super::load::NO_WEEKS));
    }
    let weeks: Vec<(usize, i32)> = weeks.iter().map(|&(i, w)| (column_of[i], w)).collect();
    let months: Vec<(usize, crate::method::calendar::Month)> = months.iter().map(|&(i, m)| (column_of[i], m)).collect();
    let mut d = DreamIn {
        place: Place {
            file: t.name.clone(),
            by_row: t.format != Format::Csv,
            columns: [(Field::Pnr, (pnr_col, t.columns[pnr_col].clone()))].into(),
        },
        ..DreamIn::default()
    };
    let (week_cols, month_cols) = d.set_header(&weeks, &months, window);
    let decoded = 1 + week_cols.len() + month_cols.len();
    let no_weeks = weeks.is_empty();
    // A converted extract whose stamp holds: the packed weeks instead of the week columns, and
    // the packed months instead of the month columns.
    let packed = packed.and_then(|p| super::converted::packed_weeks(&t, &d, &p).map(|c| (p, c)));
    let packed_months = packed.as_ref().and_then(|(p, _)| {
        let m = p.months.clone()?;
        super::converted::packed_months(&t, &d, &m).map(|c| (m, c))
    });
    let decoded = match (&packed, &packed_months) {
        (Some(_), Some(_)) => 3,
        (Some(_), None) => 2 + month_cols.len(),
        _ => decoded,
    };
    // Rows are counted when they are read.
    read.push(file_read(Input::Dream, &t, 0, decoded));
    // Read ahead from now on (see `DreamRows::ahead`, which also unpacks the packed weeks and
    // months `dream_by_column` hands on, so packed rows are always read ahead); but not a file
    // mostly skipped (a window decoding under a third of its columns, as a 4-year report on a
    // 30-year file does), which read on its own thread took longer: 0,56 -> 0,70 s for
    // `compute --from 2013-01 --to 2016-12` on a 30-year SAS7BDAT file of 13 500 persons,
    // while the whole of it read 5 % faster.
    let is_packed = (packed.is_some(), packed_months.is_some());
    let ahead = is_packed.0 || is_packed.1 || decoded * 3 >= t.columns.len();
    let rows = move |d: &mut DreamIn, _: Want, problems: &mut Problems, sink: &mut dyn FnMut(&mut DreamIn)| -> usize {
        if no_weeks {
            return 0;
        }
        if t.format == Format::Parquet {
            let packed = packed.as_ref().map(|(p, c)| (p, *c));
            let months = packed_months.as_ref().map(|(m, c)| (m, *c));
            let cols = Columns { pnr: pnr_col, weeks: &week_cols, months: &month_cols };
            dream_by_column(&t, d, cols, trusted, packed, months, problems, sink);
        } else {
            dream_by_row(&t, d, pnr_col, &week_cols, &month_cols, trusted, problems, sink);
        }
        d.flush(sink, true);
        d.rows_seen
    };
    let rows = DreamRows(Box::new(rows));
    let rows = if ahead { rows.ahead(&d, is_packed) } else { rows };
    (d, rows)
}

/// DREAM read row by row (SAS7BDAT, CSV), handed to `sink` a batch at a time.
#[allow(clippy::too_many_arguments)]
fn dream_by_row(
    t: &Table,
    d: &mut DreamIn,
    pnr_col: usize,
    week_cols: &[(usize, usize)],
    month_cols: &[(usize, usize)],
    trusted: bool,
    problems: &mut Problems,
    sink: &mut dyn FnMut(&mut DreamIn),
) {
    let mut cols = vec![pnr_col];
    cols.extend(week_cols.iter().map(|c| c.0));
    cols.extend(month_cols.iter().map(|c| c.0));
    let nwc = week_cols.len();
    let (mut codes, mut grads) = (vec![0u16; d.n_weeks], vec![0f32; d.decoded_months.len()]);
    let seen = t.rows(&cols, problems, |row, cells, problems| {
        let before = problems.total();
        let Some(pnr) = pnr_cell(t, row, pnr_col, &cells[0], trusted, problems) else {
            return;
        };
        codes.fill(0);
        grads.fill(0.0);
        for (k, &(col, w)) in week_cols.iter().enumerate() {
            match values::code(&cells[1 + k]) {
                Ok(c) => codes[w] = c,
                Err(e) => problems.push(t.problem(row, col, e)),
            }
        }
        for (k, &(col, m)) in month_cols.iter().enumerate() {
            match values::degree(&cells[1 + nwc + k]) {
                Ok(g) => grads[m] = g,
                Err(e) => problems.push(t.problem(row, col, e)),
            }
        }
        if problems.total() != before {
            return;
        }
        d.push(&pnr, row, &codes, &grads);
        d.flush(sink, false);
    });
    d.rows_seen = seen;
}

/// The row-major matrix (`width` values per row, `height` rows) of Parquet columns
/// `(column, offset in a row)` of a slice of the file whose first row is `first` (0-based), in
/// `out` (its memory reused from slice to slice): a
/// column `fast` accepts is copied as it is, a block of rows at a time so the rows being filled
/// stay in the cache (null cells give 0); any other is read cell by cell with `slow`, each cell
/// checked, its problems (at the row of the whole file) in `problems[k]` for `columns[k]`.
#[allow(clippy::too_many_arguments)]
fn columns_into_rows<T>(
    t: &Table,
    columns: &[(usize, usize)],
    (width, height): (usize, usize),
    first: usize,
    series: impl Fn(usize) -> Result<polars::prelude::Series, Problem>,
    fast: impl Fn(&polars::prelude::Series) -> Option<polars::prelude::ChunkedArray<T>>,
    slow: impl Fn(&Value) -> Result<T::Native, String>,
    problems: &mut [Problems],
    out: &mut Vec<T::Native>,
) where
    T: polars::prelude::PolarsNumericType,
    T::Native: From<u8> + std::ops::Mul<Output = T::Native>,
{
    out.clear();
    out.resize(width * height, T::Native::default());
    let mut copied = Vec::new();
    for (k, &(col, at)) in columns.iter().enumerate() {
        let s = match series(col) {
            Ok(s) => s,
            Err(p) => {
                problems[k].push(p);
                continue;
            }
        };
        match fast(&s) {
            Some(ca) => copied.push((at, ca)),
            None => super::source::for_each_value(&s, |row, v| match slow(&v) {
                Ok(x) => out[row * width + at] = x,
                Err(e) => problems[k].push(t.problem(first + row + 1, col, e)),
            }),
        }
    }
    const BLOCK: usize = 256;
    for start in (0..height).step_by(BLOCK) {
        let end = (start + BLOCK).min(height);
        for (at, ca) in &copied {
            let Some(a) = ca.downcast_iter().next() else { continue };
            let values = a.values().as_slice();
            match a.validity().filter(|_| ca.null_count() > 0) {
                None => {
                    for r in start..end {
                        out[r * width + at] = values[r];
                    }
                }
                Some(bits) => {
                    // Without a branch: most code cells are null (no benefit that week).
                    for r in start..end {
                        out[r * width + at] = values[r] * T::Native::from(u8::from(bits.get_bit(r)));
                    }
                }
            }
        }
    }
}

/// The rows of a Parquet DREAM file decoded at once: `convert` writes row groups of this many
/// (see `cmd::convert`), and a larger row group is decoded this many rows at a time.
pub const READ: usize = 4 * BATCH;

/// The slices a Parquet file is read in: `(first row, rows)`, at most `size` rows each and
/// never across a row group's end (a slice is decoded from its row group's pages alone).
fn slices(groups: &[usize], size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for &rows in groups {
        let mut at = 0;
        while at < rows {
            let n = (rows - at).min(size.max(1));
            out.push((start + at, n));
            at += n;
        }
        start += rows;
    }
    out
}

/// DREAM read column by column (Parquet), a slice of rows at a time (see [`slices`]: at most
/// [`BATCH`] rows, each handed to `sink` before the next is read, so memory holds one slice's
/// columns and matrices, not the file's): integer code columns are copied as they are, after a
/// range check (none for a converted extract whose stamp holds). With `packed` (a converted
/// extract whose stamp holds, and the column of its packed weeks), the weeks come from that
/// column, a row at a time, instead of the week columns. Problems are kept per column and
/// joined at the end, so they come as when the file was read whole: the person ids', then
/// each week column's, then each month column's, rows numbered within the whole file.
#[allow(clippy::too_many_arguments)]
/// DREAM's columns to decode: the person id's, and the weeks' and months' with their places in
/// a row of the matrices.
struct Columns<'a> {
    pnr: usize,
    weeks: &'a [(usize, usize)],
    months: &'a [(usize, usize)],
}

#[allow(clippy::too_many_arguments)]
fn dream_by_column(
    t: &Table,
    d: &mut DreamIn,
    Columns { pnr: pnr_col, weeks: week_cols, months: month_cols }: Columns,
    trusted: bool,
    packed: Option<(&super::converted::Packed, usize)>,
    packed_months: Option<(&super::converted::PackedMonths, usize)>,
    problems: &mut Problems,
    sink: &mut dyn FnMut(&mut DreamIn),
) {
    let file = match t.parquet_slices() {
        Ok(f) => f,
        Err(p) => {
            problems.push(p);
            return;
        }
    };
    let mut pnr_problems = Problems::default();
    let mut week_problems: Vec<Problems> = week_cols.iter().map(|_| Problems::default()).collect();
    let mut month_problems: Vec<Problems> = month_cols.iter().map(|_| Problems::default()).collect();
    let mut broken = None;
    let nm = d.decoded_months.len();
    let week_columns = |cols: &mut Vec<usize>| cols.extend(week_cols.iter().map(|c| c.0));
    let month_columns = |cols: &mut Vec<usize>| cols.extend(month_cols.iter().map(|c| c.0));
    let mut cols = vec![pnr_col];
    match packed {
        Some((_, c)) => cols.push(c),
        None => week_columns(&mut cols),
    }
    match packed_months {
        Some((_, c)) => cols.push(c),
        None => month_columns(&mut cols),
    }
    // A frame of up to READ rows decoded at once (a row group as `convert` writes them), handed
    // on a batch at a time.
    let frames = slices(&file.groups, READ);
    let batches = frames.iter().flat_map(|&(at, n)| slices(&[n], BATCH).into_iter().map(move |(b, m)| (at, b, m)));
    let mut frame: Option<(usize, polars::prelude::DataFrame)> = None;
    for (at, offset, height) in batches {
        let first = at + offset;
        if frame.as_ref().is_none_or(|f| f.0 != at) {
            let n = frames.iter().find(|f| f.0 == at).map_or(0, |f| f.1);
            match file.frame(&cols, at, n) {
                Ok(df) => frame = Some((at, df)),
                Err(p) => {
                    broken = Some(p);
                    break;
                }
            }
        }
        let Some((_, whole)) = &frame else { break };
        let df = whole.slice(offset as i64, height);
        let series = |df: &polars::prelude::DataFrame, c: usize| {
            df.column(&t.columns[c])
                .map(|c| c.as_materialized_series().clone())
                .map_err(|e| Problem::file(&t.name, format!("the Parquet file cannot be read ({e})")))
        };
        match series(&df, pnr_col) {
            // A converted extract's ids as `convert` wrote them: text, trimmed, none empty.
            Ok(s) if trusted && s.str().is_ok_and(|ids| ids.iter().all(|id| id.is_some_and(plain_id))) => {
                d.pnrs
                    .extend(s.str().into_iter().flat_map(|ids| ids.iter().map(|id| Pnr::new(id.unwrap_or_default()))));
            }
            Ok(s) => super::source::for_each_value(&s, |row, v| {
                let id = pnr_cell(t, first + row + 1, pnr_col, &v, trusted, &mut pnr_problems).unwrap_or_default();
                d.pnrs.push(Pnr::new(&id));
            }),
            Err(p) => pnr_problems.push(p),
        }
        d.rows.extend(first + 1..=first + height);
        // Integer code columns whose values all lie in 1–999 (nulls aside) are copied as `u16`,
        // float degree columns as `f32`. The months are turned into rows on a thread of their
        // own beside the weeks. The matrices are those of the slice before, emptied by `sink`:
        // their memory is used again (first touching new memory took a good part of the time).
        let (mut codes, mut grads) = (std::mem::take(&mut d.codes), std::mem::take(&mut d.grads));
        let (mut runs, mut bits) = (std::mem::take(&mut d.runs), std::mem::take(&mut d.month_bits));
        let dream = &*d;
        // The slice's own columns of weeks or months: read now when their packed column was
        // read instead (and was not as `convert` writes it), else in the frame read.
        let unpacked_frame = |packed: bool, columns: &dyn Fn(&mut Vec<usize>)| {
            if packed {
                let mut cols = Vec::new();
                columns(&mut cols);
                file.frame(&cols, first, height)
            } else {
                Ok(df.clone())
            }
        };
        let result = std::thread::scope(|scope| {
            let months = scope.spawn(|| {
                let unpacked = packed_months.and_then(|(p, c)| {
                    let s = series(&df, c).ok()?;
                    super::converted::month_bits(&s, dream, p, &mut bits)
                });
                if unpacked.is_some() {
                    grads.clear();
                    return Ok(());
                }
                bits.clear();
                // Packed months not as `convert` writes them (they cannot be while the stamp
                // holds), or none: this slice's month columns.
                unpacked_frame(packed_months.is_some(), &month_columns).map(|f| {
                    let degrees = |s: &polars::prelude::Series| as_degrees(s, trusted);
                    let s = |c| series(&f, c);
                    let (m, g) = (&mut month_problems, &mut grads);
                    columns_into_rows(t, month_cols, (nm, height), first, s, degrees, values::degree, m, g);
                })
            });
            let unpacked = packed.and_then(|(p, c)| {
                let s = series(&df, c).ok()?;
                super::converted::packed_rows(&s, dream, p, &mut runs)
            });
            let result = match unpacked {
                Some(()) => {
                    codes.clear();
                    Ok(())
                }
                None => {
                    runs.clear();
                    // Packed weeks not as `convert` writes them (they cannot be while the
                    // stamp holds): this slice's week columns instead.
                    unpacked_frame(packed.is_some(), &week_columns).map(|w| {
                        let s = |c| series(&w, c);
                        let as_codes = |s: &polars::prelude::Series| as_codes(s, trusted);
                        let (wp, nw) = (&mut week_problems, dream.n_weeks);
                        columns_into_rows(t, week_cols, (nw, height), first, s, as_codes, values::code, wp, &mut codes);
                    })
                }
            };
            let months = months.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            result.and(months)
        });
        (d.codes, d.grads, d.runs, d.month_bits) = (codes, grads, runs, bits);
        if let Err(p) = result {
            broken = Some(p);
            break;
        }
        d.rows_seen += height;
        d.flush(sink, true);
    }
    problems.extend(pnr_problems);
    for p in week_problems.into_iter().chain(month_problems) {
        problems.extend(p);
    }
    if let Some(p) = broken {
        problems.push(p);
    }
}

/// The smallest and largest value of the non-null cells of one-chunk integer arrays, as `i64`.
/// (polars' own min/max walks the set bits one by one on a column with nulls, which is most
/// of a DREAM week column.)
macro_rules! valid_range {
    ($ca:expr) => {{
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for a in $ca.downcast_iter() {
            let values = a.values().as_slice();
            match a.validity() {
                None => {
                    for &x in values {
                        lo = lo.min(x as i64);
                        hi = hi.max(x as i64);
                    }
                }
                Some(bits) => {
                    for (i, &x) in values.iter().enumerate() {
                        if bits.get_bit(i) {
                            lo = lo.min(x as i64);
                            hi = hi.max(x as i64);
                        }
                    }
                }
            }
        }
        (lo, hi)
    }};
}

/// A column of benefit codes as `u16` in one chunk, when it is an integer column whose values
/// all lie in 1–999 (for a trusted converted extract: any integer column).
fn as_codes(s: &polars::prelude::Series, trusted: bool) -> Option<polars::prelude::UInt16Chunked> {
    use polars::prelude::DataType;
    if !s.dtype().is_integer() {
        return None;
    }
    if !trusted {
        let (lo, hi) = if s.dtype() == &DataType::UInt16 {
            valid_range!(s.u16().ok()?)
        } else {
            valid_range!(s.cast(&DataType::Int64).ok()?.i64().ok()?)
        };
        if lo <= hi && (lo < 1 || hi > 999) {
            return None;
        }
    }
    Some(s.cast(&DataType::UInt16).ok()?.u16().ok()?.rechunk().into_owned())
}

/// A column of employment degrees as `f32` in one chunk, when it is a float column whose values
/// all lie in 0–1.
fn as_degrees(s: &polars::prelude::Series, trusted: bool) -> Option<polars::prelude::Float32Chunked> {
    use polars::prelude::DataType;
    if !matches!(s.dtype(), DataType::Float32 | DataType::Float64) {
        return None;
    }
    if !trusted {
        let lo = s.min::<f64>().ok()?;
        let hi = s.max::<f64>().ok()?;
        if lo.is_some_and(|lo| !(0.0..=1.0).contains(&lo)) || hi.is_some_and(|hi| !(0.0..=1.0).contains(&hi)) {
            return None;
        }
    }
    Some(s.cast(&DataType::Float32).ok()?.f32().ok()?.rechunk().into_owned())
}

/// Whether a directory must be read through the layouts: it has a manifest, a file of the DST
/// layout, or an input of the effektmaal layout in a format other than CSV. Otherwise it is the
/// effektmaal layout in CSV, read by `load`'s own CSV reader (with its messages).
pub fn needs_normalizing(dir: &Path) -> bool {
    let Ok(rd) = std::fs::read_dir(dir) else { return false };
    let dst = Layout::dst();
    let effektmaal = Layout::effektmaal();
    rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).any(|name| {
        if name == MANIFEST {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::calendar::{IsoWeek, Month};

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name)
    }

    fn inputs(name: &str, window: Window) -> Inputs {
        let dir = fixture(name);
        let (inputs, problems) = crate::extract::load::read(&dir, window).unwrap();
        assert!(problems.is_empty(), "{name}: {problems}");
        inputs
    }

    /// The population as text lines, as the effektmaal layout would write them.
    fn population(i: &Inputs) -> Vec<String> {
        let pop = i.population.as_ref().unwrap();
        pop.spells
            .iter()
            .map(|s| {
                format!(
                    "{};{};{:?};{};{};{};{};{};{}",
                    s.pnr.as_str(),
                    s.person.foedselsdato,
                    s.person.koen,
                    s.person.herkomst.id(),
                    s.person.oprindelse.id(),
                    s.kommune,
                    pop.areas.name(s.omraade),
                    s.fra,
                    s.til.map(|t| t.to_string()).unwrap_or_default()
                )
            })
            .collect()
    }

    /// A DREAM row as `pnr;codes…;grads…` (0 shown empty).
    fn dream_row(i: &Inputs, row: usize) -> String {
        let d = i.dream.as_ref().unwrap();
        let (nw, nm) = (d.n_weeks, d.decoded_months.len());
        let mut out = vec![d.pnrs[row].as_str().to_string()];
        out.extend(
            d.codes[row * nw..(row + 1) * nw].iter().map(|&c| if c == 0 { String::new() } else { c.to_string() }),
        );
        out.extend(
            d.grads[row * nm..(row + 1) * nm].iter().map(|&g| if g == 0.0 { String::new() } else { g.to_string() }),
        );
        out.join(";")
    }

    #[test]
    fn every_variant_reads_to_the_same_population() {
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
            let i = inputs(v, Window::default());
            assert_eq!(population(&i), want, "{v}");
            let edu: Vec<String> = i
                .education
                .as_ref()
                .unwrap()
                .spells
                .iter()
                .map(|(p, f, t, _)| format!("{};{f};{}", p.as_str(), t.map(|t| t.to_string()).unwrap_or_default()))
                .collect();
            assert_eq!(edu, ["C03;2015-12-01;2015-12-24", "D04;2015-08-01;"], "{v}");
            assert_eq!(dream_row(&i, 1), "B02;111;111;111;111;111;111;111;111;111;111;111;111;111;;0.5;", "{v}");
            assert_eq!(dream_row(&i, 2), "C03;651;651;651;651;;;;;;;;;;;0.3;", "{v}");
            assert_eq!(dream_row(&i, 6), "G07;;;;;;;999;999;999;999;999;999;999;1;1;", "{v}");
            assert!(i.notes.is_empty(), "{v}: {:?}", i.notes);
        }
        assert_eq!(inputs("dst-sas", Window::default()).layout, "DST");
        assert_eq!(inputs("dst-manifest", Window::default()).layout, "DST (with effektmaal.toml)");
        assert_eq!(inputs("effektmaal-sas", Window::default()).layout, "effektmaal");
    }

    #[test]
    fn plain_ids_are_those_values_pnr_gives_back_unchanged() {
        for id in
            ["A01", "x", "12345678901234567890123", "a b", "Ø1Ø", " A01", "A01 ", "A01\u{a0}", "\u{2003}A", "", "\t"]
        {
            let unchanged = values::pnr(&Value::Text(id)).as_deref() == Some(id);
            // Plain is the safe side of unchanged: never plain when it would change.
            assert!(!plain_id(id) || unchanged, "{id:?}");
            let ascii =
                id.bytes().next().is_some_and(|b| b.is_ascii()) && id.bytes().last().is_some_and(|b| b.is_ascii());
            assert_eq!(plain_id(id), unchanged && ascii, "{id:?}");
        }
    }

    #[test]
    fn slices_never_cross_a_row_group() {
        assert_eq!(slices(&[5, 0, 3], 2), [(0, 2), (2, 2), (4, 1), (5, 2), (7, 1)]);
        assert_eq!(slices(&[65_536, 10], READ), [(0, 65_536), (65_536, 10)]);
        assert!(slices(&[], 2).is_empty());
    }

    #[test]
    fn dream_is_read_by_projection() {
        let i = inputs("dst-sas", Window::default());
        let dream = i.read.iter().find(|r| r.input == Input::Dream).unwrap();
        // PNR, 13 weeks and 3 months of the 19 columns; branche_2015_11 and ak15 are not decoded.
        assert_eq!((dream.decoded, dream.width, dream.rows), (17, 19, 9));
        assert_eq!(dream.format, Format::Sas);
        // A window of two weeks and one month decodes four columns; the header's weeks are
        // all kept for coverage.
        let w = |y, n| IsoWeek::new(y, n).unwrap().index();
        let m = Month::parse("2015-12").unwrap().index();
        for v in ["dst-sas", "dst-parquet"] {
            let i = inputs(v, Window { weeks: Some((w(2015, 52), w(2015, 53))), months: Some((m, m)) });
            let d = i.dream.as_ref().unwrap();
            assert_eq!((d.first_week, d.n_weeks, d.decoded_months.len()), (w(2015, 52), 2, 1), "{v}");
            assert_eq!(d.weeks.len(), 13, "{v}");
            assert_eq!(i.read.iter().find(|r| r.input == Input::Dream).unwrap().decoded, 4, "{v}");
            // B02 has 111 in every week and 0,5 in December.
            assert_eq!(dream_row(&i, 1), "B02;111;111;0.5", "{v}");
        }
    }

    /// Prints what a window saves on a wide DREAM file: run with
    /// `EFFEKTMAAL_WIDE=DIR cargo test --release --lib window_cost -- --ignored --nocapture`
    /// on a directory made by `scripts/make-format-fixtures --only dst-sas-30y`.
    #[test]
    #[ignore]
    fn window_cost() {
        let Ok(dir) = std::env::var("EFFEKTMAAL_WIDE") else { return };
        let dir = Path::new(&dir);
        let four_years = Window::months(Month::parse("2013-01"), Month::parse("2016-12"));
        for (label, window) in [("all weeks", Window::default()), ("2013-2016", four_years)] {
            let best = (0..3)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let (i, _) = crate::extract::load::read(dir, window).unwrap();
                    (t.elapsed().as_secs_f64(), i.read.iter().find(|r| r.input == Input::Dream).unwrap().decoded)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .unwrap();
            println!("{label}: {:.3} s, {} columns decoded", best.0, best.1);
        }
    }
}
