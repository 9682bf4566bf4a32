//! DREAM's rows through the general reader ([`Table`]): the header sorted into weeks and
//! months by the layout's prefixes, and only `PNR`, the weekly and the monthly columns (those
//! in the asked window) decoded. A Parquet file is read column by column, typed (integer codes
//! copied, not parsed); a converted extract's packed weeks and months, while its stamp holds,
//! are its short way (see `converted`); any other format is read row by row.

use super::cells::{NO_WEEKS, file_read, plain_id, pnr_cell};
use super::converted::{month_bits, packed_months, packed_rows, packed_weeks};
use crate::error::{Problem, Problems};
use crate::extract::ahead::{DreamRows, DreamSource, Want};
use crate::extract::layout::dream_columns;
use crate::extract::layout::{Field, FileSpec, Input};
use crate::extract::packed::{Packed, PackedMonths};
use crate::extract::pnr::Pnr;
use crate::extract::source::{self, Format, Table, Value};
use crate::extract::typed::{BATCH, DreamIn, FileRead, Place, Window};
use crate::extract::values;
use crate::method::calendar::Month;

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

/// DREAM's header sorted into weeks and months (the layout's prefixes, compared without regard
/// to case), and a reader of the cells of those in `window`. Returns the header and the reader;
/// the file goes in `read` with the number of columns decoded.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_dream(
    t: Table,
    spec: &FileSpec,
    pnr_col: usize,
    window: Window,
    trusted: bool,
    packed: Option<Packed>,
    problems: &mut Problems,
    notes: &mut Vec<String>,
    read: &mut Vec<FileRead>,
) -> (DreamIn, DreamRows) {
    let (weeks, months) = header_columns(&t, spec, problems, notes);
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
    let packed = packed.and_then(|p| packed_weeks(&t, &d, &p).map(|c| (p, c)));
    let packed_months = packed.as_ref().and_then(|(p, _)| {
        let m = p.months.clone()?;
        packed_months(&t, &d, &m).map(|c| (m, c))
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
    let rows =
        DreamRows::new(TableDreamRows { t, no_weeks, pnr_col, week_cols, month_cols, trusted, packed, packed_months });
    let rows = if ahead { rows.ahead(&d, is_packed) } else { rows };
    (d, rows)
}

/// DREAM's header sorted into week and month columns by the layout's prefixes (compared
/// without regard to case): `(column, week index)` and `(column, month)`. Columns left out
/// are told in `notes`; a header without weeks is a problem.
#[allow(clippy::type_complexity)]
fn header_columns(
    t: &Table,
    spec: &FileSpec,
    problems: &mut Problems,
    notes: &mut Vec<String>,
) -> (Vec<(usize, i32)>, Vec<(usize, Month)>) {
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
    let (weeks, months, ignored) = dream_columns(&canonical);
    for (name, why) in ignored {
        notes.push(format!("{}: column {name} is ignored: {why}", t.name));
    }
    if weeks.is_empty() {
        problems.push(t.header_problem(NO_WEEKS));
    }
    let weeks: Vec<(usize, i32)> = weeks.iter().map(|&(i, w)| (column_of[i], w)).collect();
    let months: Vec<(usize, Month)> = months.iter().map(|&(i, m)| (column_of[i], m)).collect();
    (weeks, months)
}

/// A DREAM table's rows, read after the rest of the extract: Parquet column by column
/// ([`dream_by_column`]), any other format row by row ([`dream_by_row`]).
struct TableDreamRows {
    t: Table,
    /// The header has no week columns (a problem already): no rows are read.
    no_weeks: bool,
    pnr_col: usize,
    week_cols: Vec<(usize, usize)>,
    month_cols: Vec<(usize, usize)>,
    trusted: bool,
    /// A converted extract whose stamp holds: its packed weeks and months, and their columns.
    packed: Option<(Packed, usize)>,
    packed_months: Option<(PackedMonths, usize)>,
}

impl DreamSource for TableDreamRows {
    fn read_rows(
        self: Box<Self>,
        d: &mut DreamIn,
        _: Want,
        problems: &mut Problems,
        sink: &mut dyn FnMut(&mut DreamIn),
    ) -> usize {
        let TableDreamRows { t, no_weeks, pnr_col, week_cols, month_cols, trusted, packed, packed_months } = *self;
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
    }
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
            None => source::for_each_value(&s, |row, v| match slow(&v) {
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
pub(super) fn slices(groups: &[usize], size: usize) -> Vec<(usize, usize)> {
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

/// DREAM's columns to decode: the person id's, and the weeks' and months' with their places in
/// a row of the matrices.
struct Columns<'a> {
    pnr: usize,
    weeks: &'a [(usize, usize)],
    months: &'a [(usize, usize)],
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
fn dream_by_column(
    t: &Table,
    d: &mut DreamIn,
    Columns { pnr: pnr_col, weeks: week_cols, months: month_cols }: Columns,
    trusted: bool,
    packed: Option<(&Packed, usize)>,
    packed_months: Option<(&PackedMonths, usize)>,
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
            Ok(s) => source::for_each_value(&s, |row, v| {
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
                    month_bits(&s, dream, p, &mut bits)
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
                packed_rows(&s, dream, p, &mut runs)
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
