//! One way to read a table of named columns, whatever file holds it: CSV (our own reader in
//! `csv`), Parquet (polars) or SAS7BDAT (the `sas7bdat` crate). The format is chosen by the
//! file's extension. A reader asks for the columns it needs by position (projection) and gets
//! each row's cells as [`Value`]s with the row's number, so a 1 800-week DREAM file decodes
//! only the weeks asked for. Nothing here knows what the columns mean: that is `layout`'s and
//! `values`' job.
//!
//! Where a problem is: CSV rows are named by their line (the header is line 1), SAS7BDAT and
//! Parquet rows by their 1-based number within the file ([`Table::problem`]).

use super::csv::{CsvFile, CsvText, hex};
use super::table;
use crate::error::{Problem, Problems};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::ops::ControlFlow;
use std::path::Path;

/// A file format the extract may use, chosen by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Parquet,
    Sas,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::Parquet, Format::Sas];

    /// The extension (lower case, without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
            Format::Sas => "sas7bdat",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Parquet => "Parquet",
            Format::Sas => "SAS7BDAT",
        }
    }

    /// The format of a file name by its extension, in any case; `None` for other files.
    pub fn of(name: &str) -> Option<Format> {
        let (_, ext) = name.rsplit_once('.')?;
        let ext = ext.to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// One cell as read. CSV cells are always text; SAS and Parquet cells keep their type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// SAS missing (`.`, `.A`–`.Z`), a Parquet null.
    Missing,
    Text(&'a str),
    Number(f64),
    /// A SAS number with a date format, a Parquet date.
    Date(NaiveDate),
}

/// What a column of a typed file holds, as [`Value`] gives its cells (missing aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Date,
}

/// The days from 1960-01-01 (SAS's day 0) to a date.
pub fn sas_day(days: i64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1960, 1, 1)?;
    epoch.checked_add_signed(chrono::TimeDelta::try_days(days)?)
}

enum Body {
    Csv(CsvText),
    /// A CSV file read a block at a time (see [`CsvFile`]).
    CsvFile(CsvFile),
    Parquet(std::path::PathBuf),
    Sas(Box<sas7bdat::Dataset>),
}

/// An opened file: its column names and how to read its rows.
pub struct Table {
    /// The file name used in messages.
    pub name: String,
    pub format: Format,
    /// Column names as written in the file (trimmed; a CSV byte order mark removed).
    pub columns: Vec<String>,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Text encoding in words (CSV: as detected; SAS: as declared by the file).
    pub encoding: String,
    /// CSV only: the separator.
    pub separator: Option<u8>,
    /// CSV only: the line of the header.
    header_line: usize,
    body: Body,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("name", &self.name).field("format", &self.format).finish_non_exhaustive()
    }
}

/// Hands a file's bytes to `take` a block of 1 MiB at a time (a 30-year DREAM file does not
/// fit in memory twice).
fn in_blocks(path: &Path, mut take: impl FnMut(&[u8])) -> std::io::Result<()> {
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        take(&buf[..n]);
    }
}

/// SHA-256 of a file, read in blocks.
pub(crate) fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut h = Sha256::new();
    in_blocks(path, |b| h.update(b))?;
    Ok(hex(&h.finalize()))
}

/// BLAKE3 of a file, read in blocks.
pub(crate) fn blake3_file(path: &Path) -> std::io::Result<String> {
    let mut h = blake3::Hasher::new();
    in_blocks(path, |b| {
        h.update(b);
    })?;
    Ok(h.finalize().to_hex().to_string())
}

fn io_problem(name: &str, e: &std::io::Error) -> Problem {
    if e.kind() == std::io::ErrorKind::IsADirectory {
        Problem::file(name, "this is a directory, not a file")
    } else {
        Problem::file(name, format!("the file cannot be read: {e}"))
    }
}

impl Table {
    /// Opens a file and reads its header. `name` is what messages call it.
    pub fn open(path: &Path, name: &str) -> Result<Table, Problem> {
        let format = Format::of(name).ok_or_else(|| {
            Problem::file(
                name,
                "the file's extension is not one effektmaal reads: expected .csv, .parquet or .sas7bdat",
            )
        })?;
        if path.is_dir() {
            return Err(Problem::file(name, "this is a directory, not a file"));
        }
        match format {
            // Plain text is read a block at a time when its rows are read (a national DREAM
            // file is gigabytes); a file with anything odd about it whole, for its message.
            Format::Csv => match CsvFile::scan(path, name).map_err(|e| io_problem(name, &e))? {
                Some(file) => {
                    let head = file.head().map_err(|e| io_problem(name, &e))?;
                    Ok(Table { body: Body::CsvFile(file), ..Table::from_csv(head)? })
                }
                None => {
                    let bytes = std::fs::read(path).map_err(|e| io_problem(name, &e))?;
                    Table::from_csv(CsvText::from_bytes(name, &bytes)?)
                }
            },
            Format::Parquet => Table::open_parquet(path, name, true),
            Format::Sas => Table::open_sas(path, name),
        }
    }

    /// A CSV text already decoded.
    pub fn from_csv(csv: CsvText) -> Result<Table, Problem> {
        let header = match csv.records().next() {
            None => {
                return Err(Problem::file(&csv.name, "the file holds no header: expected a header row and data rows"));
            }
            Some(Err(p)) => return Err(p),
            Some(Ok(rec)) => rec,
        };
        let header_line = header.line;
        let columns = header.fields.iter().map(|f| f.trim().trim_start_matches('\u{feff}').to_string()).collect();
        Ok(Table {
            name: csv.name.clone(),
            format: Format::Csv,
            columns,
            sha256: csv.sha256.clone(),
            encoding: csv.encoding.label().to_string(),
            separator: Some(csv.separator),
            header_line,
            body: Body::Csv(csv),
        })
    }

    /// [`Table::open`] without the SHA-256 of a Parquet file (`sha256` empty): the caller
    /// hashes it beside the reading (see `read::general`). Other formats as `open`.
    pub fn open_unhashed(path: &Path, name: &str) -> Result<Table, Problem> {
        match Format::of(name) {
            Some(Format::Parquet) if !path.is_dir() => Table::open_parquet(path, name, false),
            _ => Table::open(path, name),
        }
    }

    fn open_parquet(path: &Path, name: &str, hash: bool) -> Result<Table, Problem> {
        use polars::prelude::{ParquetReader, SerReader};
        let sha256 = if hash { sha256_file(path).map_err(|e| io_problem(name, &e))? } else { String::new() };
        let file = std::fs::File::open(path).map_err(|e| io_problem(name, &e))?;
        let schema = ParquetReader::new(file)
            .schema()
            .map_err(|e| Problem::file(name, format!("the file is not a readable Parquet file ({e})")))?;
        let columns = schema.iter_names().map(|n| n.trim().to_string()).collect();
        Ok(Table {
            name: name.to_string(),
            format: Format::Parquet,
            columns,
            sha256,
            encoding: "UTF-8".into(),
            separator: None,
            header_line: 0,
            body: Body::Parquet(path.to_path_buf()),
        })
    }

    fn open_sas(path: &Path, name: &str) -> Result<Table, Problem> {
        let sha256 = sha256_file(path).map_err(|e| io_problem(name, &e))?;
        // Read through positional reads, not a memory map: a mapped national DREAM file (some
        // gigabytes) would count whole in the process's memory once every page is read.
        let options = sas7bdat::OpenOptions::builder().io_backend(sas7bdat::IoBackendPreference::Buffered).build();
        let ds = sas7bdat::Dataset::open_with(path, options)
            .map_err(|e| Problem::file(name, format!("the file is not a readable SAS7BDAT file ({e})")))?;
        let columns = ds.columns().iter().map(|c| c.name.trim().to_string()).collect();
        let encoding = ds.metadata().encoding.clone().unwrap_or_else(|| "unknown".into());
        Ok(Table {
            name: name.to_string(),
            format: Format::Sas,
            columns,
            sha256,
            encoding,
            separator: None,
            header_line: 0,
            body: Body::Sas(Box::new(ds)),
        })
    }

    /// The position of a column, its name compared without regard to case.
    pub fn find(&self, name: &str) -> Option<usize> {
        let want = name.trim().to_lowercase();
        self.columns.iter().position(|c| c.to_lowercase() == want)
    }

    /// The line of the header (CSV), for problems with the header; 0 for other formats.
    pub fn header_line(&self) -> usize {
        self.header_line
    }

    /// A problem in the header, or with the file's columns as a whole.
    pub fn header_problem(&self, message: impl Into<String>) -> Problem {
        match self.format {
            Format::Csv => Problem::at(&self.name, self.header_line, message),
            _ => Problem::file(&self.name, message),
        }
    }

    /// A problem in column `column` (0-based position in the file) of row `row` as given to the
    /// row callback.
    pub fn problem(&self, row: usize, column: usize, message: impl Into<String>) -> Problem {
        let name = self.columns.get(column).map(String::as_str).unwrap_or("?");
        match self.format {
            Format::Csv => Problem::cell(&self.name, row, column + 1, name, message),
            _ => Problem::row_cell(&self.name, row, column + 1, name, message),
        }
    }

    /// A problem with a whole row.
    pub fn row_problem(&self, row: usize, message: impl Into<String>) -> Problem {
        match self.format {
            Format::Csv => Problem::at(&self.name, row, message),
            _ => Problem { by_row: true, ..Problem::at(&self.name, row, message) },
        }
    }

    /// Calls `f(row, cells)` for every data row, with `cells[i]` the value of column
    /// `columns[i]`; `row` is the line (CSV) or the row number (SAS, Parquet). Rows that cannot
    /// be read add a problem (a CSV row of the wrong width is skipped; a broken file stops).
    /// Returns the number of data rows seen.
    pub fn rows(
        &self,
        columns: &[usize],
        problems: &mut Problems,
        mut f: impl FnMut(usize, &[Value<'_>], &mut Problems),
    ) -> usize {
        match &self.body {
            Body::Csv(csv) => self.csv_rows(csv, columns, problems, &mut f),
            Body::CsvFile(file) => {
                let header = table::Header { names: self.columns.clone(), line: self.header_line };
                table::for_each_record_in_file(file, &header, problems, |_, row, problems| {
                    let cells: Vec<Value> =
                        columns.iter().map(|&c| Value::Text(row.record.fields[c].as_ref())).collect();
                    f(row.line(), &cells, problems);
                })
            }
            Body::Parquet(path) => match parquet_rows(path, &self.columns, columns, problems, &mut f) {
                Ok(n) => n,
                Err(e) => {
                    problems.push(Problem::file(&self.name, format!("the Parquet file cannot be read ({e})")));
                    0
                }
            },
            Body::Sas(ds) => {
                let mut seen = 0;
                match sas_rows(ds, columns, problems, &mut seen, &mut f) {
                    Ok(()) => seen,
                    Err(e) => {
                        let after = if seen == 0 { String::new() } else { format!(" after row {seen}") };
                        problems.push(Problem::file(
                            &self.name,
                            format!("the SAS7BDAT file cannot be read{after} ({e}): is it cut short or damaged?"),
                        ));
                        seen
                    }
                }
            }
        }
    }

    /// SAS7BDAT only: what each column holds, by its SAS type and format (`None` for other
    /// formats): text for a character column, a date for a date or date-time format, else a
    /// number.
    pub fn sas_kinds(&self) -> Option<Vec<Kind>> {
        use sas7bdat::LogicalType as L;
        match &self.body {
            Body::Sas(ds) => Some(
                ds.columns()
                    .iter()
                    .map(|c| match c.logical_type {
                        L::String | L::Bytes => Kind::Text,
                        L::Date | L::DateTime => Kind::Date,
                        L::Integer | L::Float | L::Time => Kind::Number,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// Parquet only: the columns asked for, read whole (for a reader that goes column by
    /// column).
    pub fn parquet_frame(&self, columns: &[usize]) -> Result<polars::prelude::DataFrame, Problem> {
        match &self.body {
            Body::Parquet(path) => parquet_frame(path, columns)
                .map_err(|e| Problem::file(&self.name, format!("the Parquet file cannot be read ({e})"))),
            _ => Err(Problem::file(&self.name, "not a Parquet file")),
        }
    }

    /// Parquet only: a reader of slices of rows (a row group, or part of one, at a time), so a
    /// large file is not decoded whole. The file's metadata is read once.
    pub fn parquet_slices(&self) -> Result<ParquetSlices, Problem> {
        use polars::prelude::{ParquetReader, SerReader};
        let broken = |e: polars::prelude::PolarsError| {
            Problem::file(&self.name, format!("the Parquet file cannot be read ({e})"))
        };
        match &self.body {
            Body::Parquet(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| broken(polars::prelude::PolarsError::IO { error: e.into(), msg: None }))?;
                let metadata = ParquetReader::new(file).get_metadata().map_err(broken)?.clone();
                let groups = metadata.row_groups.iter().map(|g| g.num_rows()).collect();
                Ok(ParquetSlices { path: path.clone(), name: self.name.clone(), metadata, groups })
            }
            _ => Err(Problem::file(&self.name, "not a Parquet file")),
        }
    }

    fn csv_rows(
        &self,
        csv: &CsvText,
        columns: &[usize],
        problems: &mut Problems,
        f: &mut impl FnMut(usize, &[Value<'_>], &mut Problems),
    ) -> usize {
        let header = table::Header { names: self.columns.clone(), line: self.header_line };
        table::for_each_record(csv, &header, csv.records().skip(1), problems, |rec, problems| {
            let cells: Vec<Value> = columns.iter().map(|&c| Value::Text(rec.fields[c].as_ref())).collect();
            f(rec.line, &cells, problems);
        })
    }
}

/// A SAS cell as a [`Value`]: numbers stay numbers (a date format makes a date), text is
/// trimmed of SAS's padding, SAS missing (`.`, `.A`–`.Z`) is missing.
pub fn sas_value<'a>(cell: &sas7bdat::CellValue<'a>) -> Value<'a> {
    use sas7bdat::CellValue;
    match cell {
        CellValue::Null => Value::Missing,
        CellValue::Int32(x) => Value::Number(f64::from(*x)),
        CellValue::Int64(x) => Value::Number(*x as f64),
        CellValue::Float64(x) if x.is_nan() => Value::Missing,
        CellValue::Float64(x) => Value::Number(*x),
        CellValue::Str(s) => Value::Text(s.trim()),
        // Uninterpreted bytes: text if they are UTF-8, else a value no parser accepts.
        CellValue::Bytes(b) => Value::Text(std::str::from_utf8(b).map_or("\u{fffd}", str::trim)),
        CellValue::Date(d) => sas_day(i64::from(d.days_since_sas_epoch)).map_or(Value::Missing, Value::Date),
        CellValue::DateTime(t) => {
            sas_day(t.seconds_since_sas_epoch.div_euclid(86_400)).map_or(Value::Missing, Value::Date)
        }
        CellValue::Time(t) => Value::Number(f64::from(t.seconds_since_midnight)),
    }
}

fn sas_rows(
    ds: &sas7bdat::Dataset,
    columns: &[usize],
    problems: &mut Problems,
    seen: &mut usize,
    f: &mut impl FnMut(usize, &[Value<'_>], &mut Problems),
) -> sas7bdat::Result<()> {
    if columns.is_empty() {
        return Ok(());
    }
    let mut builder = ds.projection();
    for &c in columns {
        builder = builder.column_idx(c);
    }
    let projection = builder.build()?;
    // The projection may order its columns by position in the file: find each asked column.
    let order: Vec<usize> =
        columns.iter().map(|c| projection.columns().iter().position(|p| p.index == *c).unwrap_or(usize::MAX)).collect();
    ds.scan().with_projection(&projection).with_ordering(sas7bdat::OrderingMode::Stable).visit_rows(|row| {
        *seen += 1;
        let cells: Vec<Value> = order.iter().map(|&i| row.get(i).map_or(Value::Missing, sas_value)).collect();
        f(*seen, &cells, problems);
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(())
}

/// Day 0 of Parquet dates.
const UNIX_EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A Parquet column turned into one of the few shapes a cell can have.
enum ParquetColumn {
    Text(polars::prelude::StringChunked),
    Number(polars::prelude::Float64Chunked),
    /// Days since 1970-01-01.
    Date(polars::prelude::Int32Chunked),
    Missing,
}

impl ParquetColumn {
    fn of(series: &polars::prelude::Series) -> polars::prelude::PolarsResult<ParquetColumn> {
        use polars::prelude::DataType;
        Ok(match series.dtype() {
            DataType::String => ParquetColumn::Text(series.str()?.clone()),
            DataType::Date => ParquetColumn::Date(series.date()?.physical().clone()),
            DataType::Null => ParquetColumn::Missing,
            dt if dt.is_primitive_numeric() => ParquetColumn::Number(series.cast(&DataType::Float64)?.f64()?.clone()),
            _ => ParquetColumn::Text(series.cast(&DataType::String)?.str()?.clone()),
        })
    }

    /// The column's cells in order.
    fn cells(&self) -> ParquetCells<'_> {
        match self {
            ParquetColumn::Text(ca) => ParquetCells::Text(Box::new(ca.iter())),
            ParquetColumn::Number(ca) => ParquetCells::Number(Box::new(ca.iter())),
            ParquetColumn::Date(ca) => ParquetCells::Date(Box::new(ca.iter())),
            ParquetColumn::Missing => ParquetCells::Missing,
        }
    }
}

/// A column read in order, row by row (no chunk lookup per cell).
enum ParquetCells<'a> {
    Text(Box<dyn Iterator<Item = Option<&'a str>> + 'a>),
    Number(Box<dyn Iterator<Item = Option<f64>> + 'a>),
    Date(Box<dyn Iterator<Item = Option<i32>> + 'a>),
    Missing,
}

impl<'a> ParquetCells<'a> {
    fn next_value(&mut self) -> Value<'a> {
        let unix = UNIX_EPOCH;
        match self {
            ParquetCells::Text(i) => i.next().flatten().map_or(Value::Missing, |s| Value::Text(s.trim())),
            ParquetCells::Number(i) => i.next().flatten().filter(|x| !x.is_nan()).map_or(Value::Missing, Value::Number),
            ParquetCells::Date(i) => i
                .next()
                .flatten()
                .and_then(|d| unix.checked_add_signed(chrono::TimeDelta::days(i64::from(d))))
                .map_or(Value::Missing, Value::Date),
            ParquetCells::Missing => Value::Missing,
        }
    }
}

/// Calls `f(row, value)` for every cell of a Parquet column, `row` counted from 0.
pub fn for_each_value(col: &polars::prelude::Series, mut f: impl FnMut(usize, Value<'_>)) {
    let Ok(shape) = ParquetColumn::of(col) else {
        // A type no cell parser reads: every cell shows as such.
        for row in 0..col.len() {
            f(row, Value::Text("\u{fffd}"));
        }
        return;
    };
    let mut cells = shape.cells();
    for row in 0..col.len() {
        f(row, cells.next_value());
    }
}

/// A Parquet file read a slice of rows at a time (see [`Table::parquet_slices`]).
pub struct ParquetSlices {
    path: std::path::PathBuf,
    name: String,
    metadata: polars::io::parquet::metadata::FileMetadataRef,
    /// The rows of each row group, in order.
    pub groups: Vec<usize>,
}

impl ParquetSlices {
    /// The rows of the file.
    pub fn rows(&self) -> usize {
        self.groups.iter().sum()
    }

    /// Rows `offset..offset + rows` of the columns asked for (positions in the file), each
    /// column in one chunk. Only the pages holding those rows are decompressed and decoded.
    pub fn frame(&self, columns: &[usize], offset: usize, rows: usize) -> Result<polars::prelude::DataFrame, Problem> {
        use polars::prelude::{DataFrame, ParquetReader, PolarsError, PolarsResult, SerReader};
        let read = || -> PolarsResult<DataFrame> {
            let file = std::fs::File::open(&self.path).map_err(|e| PolarsError::IO { error: e.into(), msg: None })?;
            let mut wanted: Vec<usize> = columns.to_vec();
            wanted.sort_unstable();
            wanted.dedup();
            let mut reader = ParquetReader::new(file);
            reader.set_metadata(self.metadata.clone());
            reader.with_projection(Some(wanted)).with_slice(Some((offset, rows))).set_rechunk(true).finish()
        };
        read().map_err(|e| Problem::file(&self.name, format!("the Parquet file cannot be read ({e})")))
    }
}

fn parquet_frame(path: &Path, columns: &[usize]) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let file = std::fs::File::open(path).map_err(|e| PolarsError::IO { error: e.into(), msg: None })?;
    let mut wanted: Vec<usize> = columns.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    ParquetReader::new(file).with_projection(Some(wanted)).set_rechunk(true).finish()
}

fn parquet_rows(
    path: &Path,
    names: &[String],
    columns: &[usize],
    problems: &mut Problems,
    f: &mut impl FnMut(usize, &[Value<'_>], &mut Problems),
) -> polars::prelude::PolarsResult<usize> {
    let df = parquet_frame(path, columns)?;
    let height = df.height();
    let mut shaped = Vec::with_capacity(columns.len());
    for &c in columns {
        shaped.push(ParquetColumn::of(df.column(&names[c])?.as_materialized_series())?);
    }
    let mut iters: Vec<ParquetCells> = shaped.iter().map(ParquetColumn::cells).collect();
    let mut cells: Vec<Value> = Vec::with_capacity(columns.len());
    for row in 0..height {
        cells.clear();
        cells.extend(iters.iter_mut().map(ParquetCells::next_value));
        f(row + 1, &cells, problems);
    }
    Ok(height)
}

#[cfg(test)]
mod tests;
