//! The reader of an extract of the effektmaal layout in CSV: `befolkning.csv` and `dream.csv`
//! required, `uddannelse.csv`, `beskaeftigelse.csv` and `ydelseskoder.csv` optional, names in
//! any case. The three large files are read a block at a time, DREAM's rows on every core;
//! each cell parsed and checked as the effektmaal layout writes it (`cells`). A plain DREAM
//! line takes a short way ([`DreamLine`]), a specialisation of the checked way
//! ([`dream_row`]) that leaves every row it does not take to it.

use super::cells::{
    DISAGREE, NO_WEEKS, agrees, date_cell, herkomst_cell, koen_cell, kommune_cell, oprindelse_cell, opt_date_cell, pnr,
    pnr_ok,
};
use crate::error::{Problem, Problems};
use crate::extract::ahead::{DreamRows, DreamSource, Want};
use crate::extract::csv::{CsvFile, CsvText, TextEncoding};
use crate::extract::fields;
use crate::extract::layout::{
    BEFOLKNING, BESKAEFTIGELSE, DREAM, Field, Input, UDDANNELSE, YDELSESKODER, dream_columns, effektmaal_columns,
};
use crate::extract::model::Person;
use crate::extract::pnr::Pnr;
use crate::extract::source::Format;
use crate::extract::table::{self, CsvSource, Row};
use crate::extract::typed::{Areas, DreamIn, EducationIn, FileRead, Inputs, Place, PopulationIn, SpellIn, Window};
use std::collections::BTreeMap;
use std::path::Path;

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

/// The name of `field`'s column among a file's `columns` (see `layout::effektmaal_columns`).
fn column(columns: &[(Field, &'static str)], field: Field) -> &'static str {
    columns.iter().find(|c| c.0 == field).map_or("", |c| c.1)
}

/// dream.csv's column of person ids.
fn dream_pnr() -> &'static str {
    column(effektmaal_columns(Input::Dream), Field::Pnr)
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
        format: Format::Csv,
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
    let fields = effektmaal_columns(Input::Befolkning);
    let req: Vec<&str> = fields.iter().map(|f| f.1).collect();
    let (mut spells, mut areas) = (Vec::new(), Areas::default());
    let mut place = None;
    let rows = csv.for_each_row(&req, problems, |h, row, problems| {
        let c = |f: Field| h.position(column(fields, f)).expect("required column");
        if place.is_none() {
            place = Some(csv_place(csv.name(), &h.names, fields));
        }
        let before = problems.total();
        let pnr_valid = pnr_ok(&row, c(Field::Pnr), problems);
        let born = date_cell(&row, c(Field::Foedselsdato), problems);
        let koen = koen_cell(&row.cell(c(Field::Koen)), problems);
        let herkomst = herkomst_cell(&row.cell(c(Field::Herkomst)), problems);
        let oprindelse = oprindelse_cell(&row.cell(c(Field::Oprindelse)), problems);
        if let (Some(hk), Some(op)) = (herkomst, oprindelse)
            && !agrees(hk, op)
        {
            problems.push(row.cell(c(Field::Oprindelse)).problem(DISAGREE));
        }
        let kommune = kommune_cell(&row.cell(c(Field::Kommune)), problems);
        let fra = date_cell(&row, c(Field::Fra), problems);
        let til = opt_date_cell(&row, c(Field::Til), problems);
        if problems.total() != before || !pnr_valid {
            return;
        }
        let (Some(foedselsdato), Some(koen), Some(herkomst), Some(oprindelse), Some(kommune), Some(fra), Some(til)) =
            (born, koen, herkomst, oprindelse, kommune, fra, til)
        else {
            return;
        };
        spells.push(SpellIn {
            pnr: crate::extract::pnr::Pnr::new(pnr(&row, c(Field::Pnr))),
            person: Person { foedselsdato, koen, herkomst, oprindelse },
            kommune,
            omraade: areas.id(row.cell(c(Field::Omraade)).value.trim()),
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
    let (week_cols, month_cols) = match table::open(head, &[dream_pnr()]) {
        Ok((h, _)) => {
            head_width = h.names.len();
            pnr_col = h.position(dream_pnr()).unwrap_or(0);
            let (weeks, months, ignored) = dream_columns(&h.names);
            for (name, why) in ignored {
                notes.push(format!("{}: column {name} is ignored: {why}", head.name));
            }
            if weeks.is_empty() {
                problems.push(Problem::at(&head.name, h.line, NO_WEEKS));
            }
            d.place = csv_place(&head.name, &h.names, effektmaal_columns(Input::Dream));
            d.set_header(&weeks, &months, window)
        }
        Err(p) => {
            problems.extend(p);
            header_read = false;
            (Vec::new(), Vec::new())
        }
    };
    let header_ok = !d.weeks.is_empty();
    let rows = CsvDreamRows { src, header_read, header_ok, head_width, pnr_col, week_cols, month_cols };
    (d, DreamRows::new(rows))
}

/// dream.csv's rows, read after the rest of the extract: every core on a file without quotes
/// (DREAM files have none), its blocks apart, each block's rows a batch; else a row at a time.
struct CsvDreamRows {
    src: CsvSource,
    /// Whether the header could be read, and whether it has week columns.
    header_read: bool,
    header_ok: bool,
    head_width: usize,
    pnr_col: usize,
    week_cols: Vec<(usize, usize)>,
    month_cols: Vec<(usize, usize)>,
}

impl DreamSource for CsvDreamRows {
    fn read_rows(
        self: Box<Self>,
        d: &mut DreamIn,
        _: Want,
        problems: &mut Problems,
        sink: &mut dyn FnMut(&mut DreamIn),
    ) -> usize {
        let CsvDreamRows { src, header_read, header_ok, head_width, pnr_col, week_cols, month_cols } = *self;
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
                table::for_each_block_apart(file, &[dream_pnr()], problems, threads, new, fast, parse, |mut b| {
                    b.flush(sink, true)
                })
            }
            _ => {
                let n = src.for_each_row(&[dream_pnr()], problems, |h, row, problems| {
                    parse(h, row, problems, d);
                    d.flush(sink, false);
                });
                d.flush(sink, true);
                n
            }
        }
    }
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
    let pnr_col = h.position(dream_pnr()).expect("required");
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
    let fields = effektmaal_columns(Input::Uddannelse);
    let req: Vec<&str> = fields.iter().map(|f| f.1).collect();
    e.rows_seen = csv.for_each_row(&req, problems, |h, row, problems| {
        let c = |f: Field| h.position(column(fields, f)).expect("required column");
        if place.is_none() {
            place = Some(csv_place(csv.name(), &h.names, fields));
        }
        let before = problems.total();
        let ok = pnr_ok(&row, c(Field::Pnr), problems);
        let fra = date_cell(&row, c(Field::Fra), problems);
        let til = opt_date_cell(&row, c(Field::Til), problems);
        if !ok || problems.total() != before {
            return;
        }
        if let (Some(fra), Some(til)) = (fra, til) {
            spells.push((Pnr::new(pnr(&row, c(Field::Pnr))), fra, til, row.line()));
        }
    });
    e.spells = spells;
    e.place = place.unwrap_or_else(|| Place { file: csv.name().to_string(), ..Place::default() });
    e
}

/// Reads an extract of the effektmaal layout in CSV, each cell parsed and checked on its own.
pub(super) fn read(dir: &Path, window: Window, problems: &mut Problems) -> (Inputs, Option<DreamRows>) {
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
