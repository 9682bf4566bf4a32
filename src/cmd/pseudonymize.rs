//! `effektmaal pseudonymize --key KEYFILE IN_DIR OUT_DIR`: replaces every person id with a keyed
//! hash (HMAC-SHA256 under the user's secret key), the same in every file and for every form of
//! one CPR number (`cpr::canonical_cpr`), so an analyst can make a usable extract from raw data.
//!
//! The files are found exactly as the readers find them (`layout::detect`: names in any case,
//! either layout, a manifest's names), and each is handled by its format: CSV keeps every byte
//! but the ids (encoding, separator, quotes, line ends, header); Parquet is written back with
//! the same columns and types (the id column as text); SAS7BDAT, for which no writer exists, is
//! written as Parquet under the same stem, with the same columns (text as text, SAS numbers as
//! doubles, dates as dates), and a manifest that names it is changed to the new name. The other
//! files of an extract (code map, manifest, country table, initiatives, benchmarks, clusters)
//! are copied unchanged. A file it does not know is refused before anything is written, never
//! skipped: an extract missing a file would give other figures without a word. No person id is
//! ever printed.

use crate::error::{Error, Problem, Problems};
use crate::extract::csv::{CsvText, TextEncoding, hex};
use crate::extract::layout::{self, Detected, Field, Input, MANIFEST};
use crate::extract::source::{self, Format, Kind, Table, Value};
use crate::extract::{table, values};
use crate::report::output::write_atomically;
use hmac::{Hmac, KeyInit, Mac};
use polars::prelude::*;
use sha2::Sha256;
use std::borrow::Cow;
use std::path::Path;

/// The report's own inputs, kept in the extract directory and copied as they are (matched
/// without regard to case).
const REPORT_INPUTS: [&str; 3] = ["initiativer.csv", "benchmarks.csv", "klynger.csv"];

/// Rows of a Parquet or SAS7BDAT file handled at a time: memory holds one batch, not the file.
const BATCH: usize = 65_536;

/// The written Parquet files' compression, as `convert` writes (every current reader takes it).
const COMPRESSION: ParquetCompression = ParquetCompression::Lz4Raw;

/// The pseudonym of a person id under a key: "P" and 24 hex digits of HMAC-SHA256.
pub fn pseudonym(key: &[u8], pnr: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(pnr.as_bytes());
    let out = mac.finalize().into_bytes();
    format!("P{}", &hex(&out)[..24])
}

/// A raw id as hashed: a CPR number in whatever form a file wrote it (a dash of any kind, a
/// space, a point, Excel's `'`, its leading zero dropped) as its ten digits, so one person gets
/// one pseudonym; any other id as it stands, without the blanks around it.
fn canonical(pnr: &str) -> Cow<'_, str> {
    match crate::cpr::canonical_cpr(pnr) {
        Some(ten) => Cow::Owned(ten),
        None => Cow::Borrowed(pnr.trim()),
    }
}

/// What is done with one file of the extract.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    /// Copied as it is.
    Copy,
    /// Its person ids, in the column of this name (matched without regard to case), replaced.
    Pseudonymize(String),
}

/// Every file of the directory with what to do with it, or the problems: a file that is no
/// input of the extract nor one of the files kept beside it, and whatever `layout::detect`
/// finds (a required file missing, two files that could be one input).
fn plan(dir: &Path) -> Result<(Detected, Vec<(String, Action)>), Error> {
    let detected = layout::detect(dir).map_err(Error::Input)?;
    let layout = &detected.layout;
    let mut planned: Vec<(String, Action)> = Vec::new();
    for (input, name) in &detected.files {
        let action = match layout.file(*input).and_then(|s| s.column(Field::Pnr)) {
            Some(pnr) if *input != Input::Ydelseskoder => Action::Pseudonymize(pnr.name.clone()),
            _ => Action::Copy,
        };
        planned.push((name.clone(), action));
    }
    let mut problems = Problems::default();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::input(Problem::file(&dir.display().to_string(), format!("the extract directory cannot be read: {e}")))
    })?;
    let mut names: Vec<std::ffi::OsString> = entries.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    names.sort();
    for os in names {
        let Some(name) = os.to_str().map(str::to_string) else {
            problems.push(Problem::file(
                &os.to_string_lossy(),
                "the file's name is not UTF-8 text: pseudonymize does not know what the file is; nothing was written",
            ));
            continue;
        };
        if planned.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let known = name == MANIFEST
            || layout.countries.as_deref() == Some(name.as_str())
            || REPORT_INPUTS.iter().any(|r| r.eq_ignore_ascii_case(&name));
        if known && dir.join(&name).is_file() {
            planned.push((name, Action::Copy));
            continue;
        }
        problems.push(Problem::file(
            &name,
            format!(
                "pseudonymize does not know what this {} is: it is no input of the extract (layout: {}), nor {MANIFEST}, \
                 a country table it names, {}. Nothing was written: move it out of the directory, or name it in {MANIFEST}",
                if dir.join(&name).is_dir() { "directory" } else { "file" },
                layout.name(),
                REPORT_INPUTS.join(", ").replacen(", klynger", " or klynger", 1),
            ),
        ));
    }
    problems.into_result()?;
    planned.sort();
    Ok((detected, planned))
}

/// A CSV file with the ids of column `pnr` replaced and every other byte as it was.
fn csv(name: &str, bytes: &[u8], pnr: &str, key: &[u8], problems: &mut Problems) -> Option<Vec<u8>> {
    let text = CsvText::from_bytes(name, bytes).map_err(|p| problems.push(p)).ok()?;
    let want = table::normalize(pnr);
    // Each id's place in the file's bytes, and its pseudonym. The text is the file decoded: as
    // long as the bytes for UTF-8 (after a byte order mark), a character per byte for
    // Windows-1252 (counted on as the ids come, in order). Old Mac line ends were read as `\n`,
    // one byte for one.
    let base = text.text.as_ptr() as usize;
    let bom = if text.encoding == TextEncoding::Utf8Bom { 3 } else { 0 };
    let (mut at_text, mut at_byte) = (0, 0);
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let mut found = Problems::default();
    table::for_each_row(&text, &[&want], &mut found, |h, row, problems| {
        let col = h.position(&want).expect("required");
        let field = &row.record.fields[col];
        if field.trim().is_empty() {
            problems.push(row.cell(col).problem("the person id is empty: expected an id to pseudonymise"));
            return;
        }
        let Cow::Borrowed(id) = field else {
            problems.push(row.cell(col).problem("the person id holds a quote character: expected a plain id"));
            return;
        };
        let start = id.as_ptr() as usize - base;
        let byte = match text.encoding {
            TextEncoding::Windows1252 => {
                at_byte += text.text[at_text..start].chars().count();
                at_text = start;
                at_byte
            }
            _ => start + bom,
        };
        let len = match text.encoding {
            TextEncoding::Windows1252 => id.chars().count(),
            _ => id.len(),
        };
        spans.push((byte, byte + len, pseudonym(key, &canonical(id))));
    });
    if !found.is_empty() {
        problems.extend(found);
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + spans.len() * 16);
    let mut from = 0;
    for (start, end, p) in &spans {
        out.extend_from_slice(&bytes[from..*start]);
        out.extend_from_slice(p.as_bytes());
        from = *end;
    }
    out.extend_from_slice(&bytes[from..]);
    Some(out)
}

/// Parquet bytes written a batch of rows at a time, the schema taken from the first batch.
struct Batched<'a> {
    out: Option<&'a mut Vec<u8>>,
    writer: Option<BatchedWriter<&'a mut Vec<u8>>>,
}

impl<'a> Batched<'a> {
    fn new(out: &'a mut Vec<u8>) -> Batched<'a> {
        Batched { out: Some(out), writer: None }
    }

    fn started(&self) -> bool {
        self.writer.is_some()
    }

    fn write(&mut self, df: &DataFrame) -> PolarsResult<()> {
        if let Some(out) = self.out.take() {
            self.writer = Some(ParquetWriter::new(out).with_compression(COMPRESSION).batched(df.schema())?);
        }
        match self.writer.as_mut() {
            Some(w) => w.write_batch(df),
            None => Err(PolarsError::ComputeError("the Parquet writer was not made".into())),
        }
    }

    fn finish(self) -> PolarsResult<()> {
        if let Some(w) = self.writer {
            w.finish()?;
        }
        Ok(())
    }
}

/// A Parquet file written back with the ids of column `pnr` replaced (as text): the same
/// columns in the same order, of the same types, read and written [`BATCH`] rows at a time.
fn parquet(path: &Path, name: &str, pnr: &str, key: &[u8], problems: &mut Problems) -> Option<Vec<u8>> {
    let t = Table::open(path, name).map_err(|p| problems.push(p)).ok()?;
    let Some(col) = t.find(pnr) else {
        problems.push(t.header_problem(format!("the required column {pnr} is missing")));
        return None;
    };
    let slices = t.parquet_slices().map_err(|p| problems.push(p)).ok()?;
    let (all, column) = ((0..t.columns.len()).collect::<Vec<usize>>(), t.columns[col].clone());
    let total = slices.rows();
    let mut found = Problems::default();
    let mut out = Vec::new();
    let mut w = Batched::new(&mut out);
    let mut offset = 0;
    loop {
        let n = (total - offset).min(BATCH);
        let mut df = slices.frame(&all, offset, n).map_err(|p| problems.push(p)).ok()?;
        let ids = {
            let series = df.column(&column).ok()?.as_materialized_series();
            let mut ids: Vec<Option<String>> = Vec::with_capacity(n);
            source::for_each_value(series, |row, v| ids.push(id(&t, (offset + row + 1, col), &v, key, &mut found)));
            ids
        };
        let written = df.with_column(Column::new(column.as_str().into(), ids)).and_then(|df| w.write(df));
        if let Err(e) = written {
            problems.push(Problem::file(name, format!("the file cannot be written as Parquet ({e})")));
            return None;
        }
        offset += n;
        if offset >= total {
            break;
        }
    }
    if let Err(e) = w.finish() {
        problems.push(Problem::file(name, format!("the file cannot be written as Parquet ({e})")));
        return None;
    }
    if !found.is_empty() {
        problems.extend(found);
        return None;
    }
    Some(out)
}

/// The pseudonym of the id in a cell of a typed file; an empty cell is a problem at `row`.
fn id(t: &Table, (row, col): (usize, usize), v: &Value, key: &[u8], problems: &mut Problems) -> Option<String> {
    match values::pnr(v) {
        Some(raw) => Some(pseudonym(key, &canonical(&raw))),
        None => {
            problems.push(t.problem(row, col, "the person id is empty: expected an id to pseudonymise"));
            None
        }
    }
}

/// One column of a batch of a SAS file, as Parquet takes it.
enum Cells {
    Text(Vec<Option<String>>),
    Number(Vec<Option<f64>>),
    /// Days since 1970-01-01.
    Date(Vec<Option<i32>>),
}

impl Cells {
    fn new(kind: Kind) -> Cells {
        match kind {
            Kind::Text => Cells::Text(Vec::new()),
            Kind::Number => Cells::Number(Vec::new()),
            Kind::Date => Cells::Date(Vec::new()),
        }
    }

    /// Adds a cell; false when it is not of the column's kind.
    fn push(&mut self, v: &Value) -> bool {
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
        match (self, v) {
            (Cells::Text(c), Value::Missing) => c.push(None),
            (Cells::Number(c), Value::Missing) => c.push(None),
            (Cells::Date(c), Value::Missing) => c.push(None),
            (Cells::Text(c), Value::Text(s)) => c.push(Some(s.to_string())),
            (Cells::Number(c), Value::Number(x)) => c.push(Some(*x)),
            (Cells::Date(c), Value::Date(d)) => c.push(Some((*d - epoch).num_days() as i32)),
            _ => return false,
        }
        true
    }

    fn column(&mut self, name: &str) -> PolarsResult<Column> {
        let name: PlSmallStr = name.into();
        Ok(match self {
            Cells::Text(c) => Column::new(name, std::mem::take(c)),
            Cells::Number(c) => Column::new(name, std::mem::take(c)),
            Cells::Date(c) => Column::new(name, std::mem::take(c)).cast(&DataType::Date)?,
        })
    }
}

/// A SAS7BDAT file as Parquet bytes, with the ids of column `pnr` replaced (as text) and every
/// other column as the reader gives it: text as text, SAS numbers as doubles, dates (a date or
/// date-time format) as dates; [`BATCH`] rows at a time.
fn sas(path: &Path, name: &str, pnr: &str, key: &[u8], problems: &mut Problems) -> Option<Vec<u8>> {
    let t = Table::open(path, name).map_err(|p| problems.push(p)).ok()?;
    let Some(col) = t.find(pnr) else {
        problems.push(t.header_problem(format!("the required column {pnr} is missing")));
        return None;
    };
    let mut kinds = t.sas_kinds().unwrap_or_default();
    if let Some(k) = kinds.get_mut(col) {
        *k = Kind::Text;
    }
    let all: Vec<usize> = (0..t.columns.len()).collect();
    let mut cells: Vec<Cells> = kinds.iter().map(|k| Cells::new(*k)).collect();
    let frame = |cells: &mut [Cells]| -> PolarsResult<DataFrame> {
        let columns = cells.iter_mut().zip(&t.columns).map(|(c, n)| c.column(n)).collect::<PolarsResult<Vec<_>>>()?;
        DataFrame::new_infer_height(columns)
    };
    let mut out = Vec::new();
    let mut w = Batched::new(&mut out);
    let mut found = Problems::default();
    let (mut in_batch, mut failed) = (0, None);
    t.rows(&all, &mut found, |row, values, problems| {
        for (k, v) in values.iter().enumerate() {
            let fits = if k == col {
                let p = id(&t, (row, col), v, key, problems);
                cells[k].push(&p.as_deref().map_or(Value::Missing, Value::Text))
            } else {
                cells[k].push(v)
            };
            if !fits {
                problems.push(t.problem(
                    row,
                    k,
                    "the cell's type is not its column's: it cannot be written as Parquet",
                ));
            }
        }
        in_batch += 1;
        if in_batch == BATCH && failed.is_none() {
            in_batch = 0;
            failed = frame(&mut cells).and_then(|df| w.write(&df)).err();
        }
    });
    // The last rows, and the columns of a file without rows.
    if failed.is_none() && (in_batch > 0 || !w.started()) {
        failed = frame(&mut cells).and_then(|df| w.write(&df)).err();
    }
    if let Some(e) = failed.or_else(|| w.finish().err()) {
        problems.push(Problem::file(name, format!("the file cannot be written as Parquet ({e})")));
        return None;
    }
    if !found.is_empty() {
        problems.extend(found);
        return None;
    }
    Some(out)
}

/// Changes a manifest's file names (`old` → `new`, each quoted as TOML writes strings); `None`
/// when a name is not found quoted, or the manifest read back does not name the new file.
fn renamed_manifest(text: &str, renames: &[(String, String)]) -> Option<String> {
    let mut out = text.to_string();
    for (old, new) in renames {
        let mut changed = false;
        for q in ['"', '\''] {
            let (from, to) = (format!("{q}{old}{q}"), format!("{q}{new}{q}"));
            if out.contains(&from) {
                out = out.replace(&from, &to);
                changed = true;
            }
        }
        if !changed {
            return None;
        }
    }
    let layout = layout::Manifest::parse(&out).ok()?.layout().ok()?;
    renames.iter().all(|(_, new)| layout.files.iter().any(|f| f.file.as_deref() == Some(new.as_str()))).then_some(out)
}

pub fn run(key_path: &Path, input: &Path, output: &Path) -> anyhow::Result<()> {
    let key = read_key(key_path)?;
    if !input.is_dir() {
        return Err(Error::input(Problem::file(
            &input.display().to_string(),
            "the input extract directory cannot be opened",
        ))
        .into());
    }
    if input.canonicalize().ok() == output.canonicalize().ok() {
        return Err(Error::Usage("OUT_DIR must differ from IN_DIR: the raw extract is never overwritten".into()).into());
    }
    let (detected, planned) = plan(input)?;
    let mut problems = Problems::default();
    let (mut files, renames) = pseudonymized(input, &planned, &key, &mut problems);
    // A manifest naming a SAS file names its Parquet file instead.
    let named: Vec<(String, String)> = renames
        .iter()
        .filter(|(old, _)| detected.layout.files.iter().any(|f| f.file.as_deref() == Some(old.as_str())))
        .cloned()
        .collect();
    if !named.is_empty()
        && let Some((_, bytes)) = files.iter_mut().find(|(n, _)| n == MANIFEST)
    {
        match std::str::from_utf8(bytes).ok().and_then(|text| renamed_manifest(text, &named)) {
            Some(text) => *bytes = text.into_bytes(),
            None => problems.push(Problem::file(
                MANIFEST,
                format!(
                    "names {}, written as Parquet ({}), and the name could not be changed in the manifest: name the file there as a quoted string",
                    named.iter().map(|(o, _)| o.as_str()).collect::<Vec<_>>().join(", "),
                    named.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }
    for (old, new) in &renames {
        if planned.iter().any(|(n, _)| n == new) {
            problems
                .push(Problem::file(old, format!("is written as {new}, but the extract holds a file {new} already")));
        }
    }
    problems.into_result()?;
    let refs: Vec<(String, &[u8])> = files.iter().map(|(n, b)| (n.clone(), &b[..])).collect();
    write_atomically(output, &refs, false)?;
    for (old, new) in &renames {
        crate::ui::info(&format!(
            "{old} was written as {new}: effektmaal has no SAS7BDAT writer; the same columns (SAS numbers as doubles, dates as dates){}",
            if named.iter().any(|(o, _)| o == old) {
                format!(", and {MANIFEST} names the new file")
            } else {
                String::new()
            }
        ));
    }
    crate::ui::info(&format!(
        "wrote {} files to {} (layout: {})",
        files.len(),
        output.display(),
        detected.layout.name()
    ));
    Ok(())
}

/// The secret key: at least 32 bytes, blanks around it left out.
fn read_key(key_path: &Path) -> anyhow::Result<Vec<u8>> {
    let key = std::fs::read(key_path).map_err(|e| {
        Error::input(Problem::file(&key_path.display().to_string(), format!("the key file cannot be read: {e}")))
    })?;
    let key: Vec<u8> = key.trim_ascii().to_vec();
    if key.len() < 32 {
        return Err(Error::input(Problem::file(
            &key_path.display().to_string(),
            format!("the key is {} bytes: expected at least 32 bytes of secret (e.g. head -c 48 /dev/urandom | base64 > key)", key.len()),
        ))
        .into());
    }
    Ok(key)
}

/// Every file of the plan read and written anew: person ids pseudonymised where the plan
/// says so, SAS7BDAT files as Parquet (old name → new name in the second list), the rest
/// copied. Problems are collected, not returned early.
#[allow(clippy::type_complexity)]
fn pseudonymized(
    input: &Path,
    planned: &[(String, Action)],
    key: &[u8],
    problems: &mut Problems,
) -> (Vec<(String, Vec<u8>)>, Vec<(String, String)>) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    // SAS7BDAT files written as Parquet: old name → new name.
    let mut renames: Vec<(String, String)> = Vec::new();
    for (name, action) in planned {
        let path = input.join(name);
        let pnr = match action {
            Action::Pseudonymize(pnr) => pnr,
            Action::Copy => {
                match std::fs::read(&path) {
                    Ok(b) => files.push((name.clone(), b)),
                    Err(e) => problems.push(Problem::file(name, format!("the file cannot be read: {e}"))),
                }
                continue;
            }
        };
        let written = match Format::of(name) {
            Some(Format::Csv) => match std::fs::read(&path) {
                Ok(bytes) => csv(name, &bytes, pnr, key, problems).map(|b| (name.clone(), b)),
                Err(e) => {
                    problems.push(Problem::file(name, format!("the file cannot be read: {e}")));
                    None
                }
            },
            Some(Format::Parquet) => parquet(&path, name, pnr, key, problems).map(|b| (name.clone(), b)),
            Some(Format::Sas) => {
                let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
                let new = format!("{stem}.parquet");
                renames.push((name.clone(), new.clone()));
                sas(&path, name, pnr, key, problems).map(|b| (new, b))
            }
            None => {
                problems.push(Problem::file(name, "the file's extension is not one effektmaal reads"));
                None
            }
        };
        files.extend(written);
    }
    (files, renames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_person_same_pseudonym_and_key_matters() {
        let k1 = [7u8; 32];
        let k2 = [8u8; 32];
        assert_eq!(pseudonym(&k1, "0101901234"), pseudonym(&k1, "0101901234"));
        assert_ne!(pseudonym(&k1, "0101901234"), pseudonym(&k2, "0101901234"));
        assert_ne!(pseudonym(&k1, "0101901234"), pseudonym(&k1, "0101901235"));
        assert_eq!(pseudonym(&k1, "x").len(), 25);
        assert!(!crate::cpr::looks_like_cpr(&pseudonym(&k1, "0101901234")));
    }

    fn pseudonymized(name: &str, bytes: &[u8], pnr: &str) -> Vec<u8> {
        let mut problems = Problems::default();
        let out = csv(name, bytes, pnr, &[1u8; 32], &mut problems);
        assert!(problems.is_empty(), "{problems}");
        out.unwrap()
    }

    #[test]
    fn only_the_ids_of_a_csv_file_change() {
        let p = pseudonym(&[1u8; 32], "0101901234");
        let out = pseudonymized("dream.csv", b"PNR;y_1601;grad_2016_01\r\n0101901234;111;0,5\r\n", "PNR");
        assert_eq!(out, format!("PNR;y_1601;grad_2016_01\r\n{p};111;0,5\r\n").into_bytes());
        // Windows-1252 letters before and after the id, quotes, a BOM, blanks around the id.
        let mut cp1252 = b"navn;pnr;by\n\xc6blet;\"0101901234\";\xd8ster \n".to_vec();
        let want = [&b"navn;pnr;by\n\xc6blet;\""[..], p.as_bytes(), b"\";\xd8ster \n"].concat();
        assert_eq!(pseudonymized("bef.csv", &cp1252, "PNR"), want);
        cp1252.extend_from_slice(b"\xe6;  0101901234  ;\xe5\n");
        let want = [&want[..], b"\xe6;  ", p.as_bytes(), b"  ;\xe5\n"].concat();
        assert_eq!(pseudonymized("bef.csv", &cp1252, "pnr"), want);
        let utf8 = "\u{feff}by,pnr\nÅrhus,0101901234\n";
        let want = format!("\u{feff}by,pnr\nÅrhus,{p}\n");
        assert_eq!(pseudonymized("bef.csv", utf8.as_bytes(), "pnr"), want.into_bytes());
    }

    /// Issue 19, item 6: the en-dash form got another pseudonym than the others.
    #[test]
    fn every_form_of_a_cpr_number_gets_one_pseudonym() {
        let forms = [
            "0101901234",
            "010190-1234",
            "010190\u{2013}1234",
            "010190\u{2014}1234",
            "010190.1234",
            "010190 1234",
            "'0101901234",
            "101901234",
        ];
        let text = format!("pnr;y_1601\n{}\n", forms.map(|f| format!("{f};111")).join("\n"));
        let out = String::from_utf8(pseudonymized("dream.csv", text.as_bytes(), "pnr")).unwrap();
        let p = pseudonym(&[1u8; 32], "0101901234");
        assert_eq!(out, format!("pnr;y_1601\n{}\n", vec![format!("{p};111"); forms.len()].join("\n")));
        assert_ne!(canonical("6101901234"), canonical("0101901234"), "a replacement number is another person");
    }

    #[test]
    fn a_manifest_names_the_parquet_file_written_for_a_sas_file() {
        let text = "layout = \"dst\"\n[files]\nbef = \"personer.csv\"\ndream = 'dream_2016.sas7bdat'\n";
        let renames = [("dream_2016.sas7bdat".to_string(), "dream_2016.parquet".to_string())];
        assert_eq!(
            renamed_manifest(text, &renames).unwrap(),
            "layout = \"dst\"\n[files]\nbef = \"personer.csv\"\ndream = 'dream_2016.parquet'\n"
        );
        assert_eq!(renamed_manifest("[files]\ndream = \"x.sas7bdat\"\n", &renames), None);
    }
}
