//! The general reader's short way through an extract `convert` wrote, taken while its stamp
//! holds (see `stamp`): the cell checks `convert` already made are not made again.
//!
//! `dream.parquet` also holds each row's weeks packed as runs and its months employed as bits,
//! in two binary columns (see `packed`), beside the week and month
//! columns, which stay for other tools. While the stamp holds, a read takes the packed columns
//! and writes each row of the week matrix in one pass (no column-to-row turn of 209 columns,
//! no 48 columns of degrees decoded), and reads the population and education spells column by
//! column as `convert` wrote them, without the per-cell parsing of the checked path. Every
//! file holds its rows in the persons' order ([`Stamp::in_persons_order`]), so the persons
//! are numbered and the rows linked to them without hashing their ids.
//! Anything not as `convert` writes it, and these readers give up: the checked way of
//! `read::general` reads the file instead. When the stamp does not hold, the packed columns are not
//! read at all: the week and month columns are, every cell checked.

use crate::extract::layout::Field;
use crate::extract::model::{Herkomst, Koen, Oprindelse, Person};
use crate::extract::packed::{MonthBits, Packed, PackedMonths, PackedRuns};
use crate::extract::pnr::Pnr;
use crate::extract::read::cells::agrees;
use crate::extract::source::Table;
use crate::extract::typed::{Areas, DreamIn, SpellIn};
use crate::method::calendar::IsoWeek;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The months employed of a slice's rows, for `d`'s decoded months (`d.decoded_months`, which
/// must lie within the packed months), from the column of packed months: checked and kept as
/// bits in `out` (its memory reused), made into degrees where the rows are used
/// ([`MonthBits::expand`]). `None` when a value is not as [`pack_months`] writes it.
pub fn month_bits(s: &polars::prelude::Series, d: &DreamIn, packed: &PackedMonths, out: &mut MonthBits) -> Option<()> {
    let values = s.binary().ok()?;
    let first = crate::method::calendar::Month::parse(&packed.first_month)?.index();
    out.clear();
    out.at = d
        .decoded_months
        .iter()
        .map(|m| usize::try_from(m.index() - first).ok().filter(|&k| k < packed.n_months))
        .collect::<Option<_>>()?;
    out.width = packed.n_months.div_ceil(8);
    for v in values.iter() {
        let v = v?;
        if v.len() != out.width {
            return None;
        }
        out.bits.extend_from_slice(v);
    }
    out.rows = values.len();
    Some(())
}

/// The column of the packed months, when the months decoded lie within those packed.
pub fn packed_months(t: &Table, d: &DreamIn, packed: &PackedMonths) -> Option<usize> {
    let first = crate::method::calendar::Month::parse(&packed.first_month)?.index();
    let within = d.decoded_months.iter().all(|m| (first..first + packed.n_months as i32).contains(&m.index()));
    if within { t.find(&packed.column) } else { None }
}

/// Day 0 of Parquet dates, as days from the Common Era.
const UNIX_DAY: i32 = 719_163;

fn day(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days.checked_add(UNIX_DAY)?)
}

/// A frame's column by its position in the file.
fn column<'a>(t: &Table, df: &'a polars::prelude::DataFrame, c: usize) -> Option<&'a polars::prelude::Series> {
    Some(df.column(&t.columns[c]).ok()?.as_materialized_series())
}

/// A person id as the checked reader takes it (trimmed, not empty).
fn pnr(s: Option<&str>) -> Option<Pnr> {
    Some(s?.trim()).filter(|s| !s.is_empty()).map(Pnr::new)
}

/// befolkning.parquet as `convert` writes it (see `cmd::convert`), read column by column;
/// `at` gives each field's column. `None` when a column or cell is not what `convert`
/// writes.
pub fn population(t: &Table, at: &BTreeMap<Field, usize>) -> Option<(Vec<SpellIn>, Areas, usize)> {
    use Field as F;
    let expected =
        [F::Pnr, F::Foedselsdato, F::Koen, F::Herkomst, F::Oprindelse, F::Kommune, F::Omraade, F::Fra, F::Til];
    if at.len() != expected.len() || expected.iter().any(|f| !at.contains_key(f)) {
        return None;
    }
    let cols: Vec<usize> = expected.iter().map(|f| at[f]).collect();
    // A row group at a time: the decoded columns of the whole file beside the spells made of
    // them would be the peak of a national read.
    let file = t.parquet_slices().ok()?;
    let (mut spells, mut areas) = (Vec::with_capacity(file.rows()), Areas::default());
    let mut first = 0;
    for &rows in &file.groups {
        let df = file.frame(&cols, first, rows).ok()?;
        population_rows(t, at, &df, first, (&mut spells, &mut areas))?;
        first += rows;
    }
    Some((spells, areas, first))
}

/// The spells of a slice of befolkning.parquet whose first row is `first` (0-based).
fn population_rows(
    t: &Table,
    at: &BTreeMap<Field, usize>,
    df: &polars::prelude::DataFrame,
    first: usize,
    (spells, areas): (&mut Vec<SpellIn>, &mut Areas),
) -> Option<()> {
    use Field as F;
    let col = |f: Field| column(t, df, at[&f]);
    let (pnrs, born, koen, herkomst) = (
        col(F::Pnr)?.str().ok()?,
        col(F::Foedselsdato)?.date().ok()?,
        col(F::Koen)?.str().ok()?,
        col(F::Herkomst)?.str().ok()?,
    );
    let (oprindelse, kommune, omraade) =
        (col(F::Oprindelse)?.str().ok()?, col(F::Kommune)?.u16().ok()?, col(F::Omraade)?.str().ok()?);
    let (fra, til) = (col(F::Fra)?.date().ok()?, col(F::Til)?.date().ok()?);
    let (born, koen, herkomst) = (numbers(born.physical())?, texts(koen)?, texts(herkomst)?);
    let (oprindelse, kommune, omraade) = (texts(oprindelse)?, numbers(kommune)?, texts(omraade)?);
    let (fra, til) = (numbers(fra.physical())?, numbers(til.physical())?);
    // A person's spells come together, so its birth date repeats: made once while it repeats.
    let mut born_day = (i32::MIN, NaiveDate::MIN);

    for (i, p) in pnrs.iter().enumerate() {
        let p = pnr(p)?;
        let b = born(i)?;
        if b != born_day.0 {
            born_day = (b, day(b)?);
        }
        let area = omraade(i).map_or("", str::trim);
        let person = Person {
            foedselsdato: born_day.1,
            koen: match koen(i)? {
                "M" => Koen::M,
                "K" => Koen::K,
                _ => return None,
            },
            herkomst: match herkomst(i)? {
                "dansk" => Herkomst::Dansk,
                "indvandrer" => Herkomst::Indvandrer,
                "efterkommer" => Herkomst::Efterkommer,
                _ => return None,
            },
            oprindelse: match oprindelse(i)? {
                "dansk" => Oprindelse::Dansk,
                "vestlig" => Oprindelse::Vestlig,
                "ikke_vestlig" => Oprindelse::IkkeVestlig,
                "uoplyst" => Oprindelse::Uoplyst,
                _ => return None,
            },
        };
        if !agrees(person.herkomst, person.oprindelse) {
            return None;
        }
        spells.push(SpellIn {
            pnr: p,
            person,
            kommune: kommune(i).filter(|k| (1..=999).contains(k))?,
            omraade: areas.id(area),
            fra: day(fra(i)?)?,
            til: match til(i) {
                Some(d) => Some(day(d)?),
                None => None,
            },
            row: (first + i) as u32 + 1,
            person_row: (first + i) as u32 + 1,
        });
    }
    Some(())
}

/// The cells of a text column read in one chunk, by row: `None` for a null.
fn texts<'a>(ca: &'a polars::prelude::StringChunked) -> Option<impl Fn(usize) -> Option<&'a str> + 'a> {
    let a = ca.downcast_iter().next().filter(|_| ca.chunks().len() == 1)?;
    Some(move |i: usize| a.get(i))
}

/// The cells of a numeric column read in one chunk, by row: `None` for a null.
fn numbers<T: polars::prelude::PolarsNumericType>(
    ca: &polars::prelude::ChunkedArray<T>,
) -> Option<impl Fn(usize) -> Option<T::Native> + '_> {
    let a = ca.downcast_iter().next().filter(|_| ca.chunks().len() == 1)?;
    let (values, valid) = (a.values().as_slice(), a.validity());
    Some(move |i: usize| valid.is_none_or(|b| b.get_bit(i)).then(|| values[i]))
}

/// uddannelse.parquet as `convert` writes it: pnr, fra, til. `None` when a column or cell is
/// not what `convert` writes.
#[allow(clippy::type_complexity)]
pub fn education(
    t: &Table,
    at: &BTreeMap<Field, usize>,
) -> Option<(Vec<(Pnr, NaiveDate, Option<NaiveDate>, usize)>, usize)> {
    let expected = [Field::Pnr, Field::Fra, Field::Til];
    if at.len() != expected.len() || expected.iter().any(|f| !at.contains_key(f)) {
        return None;
    }
    let df = t.parquet_frame(&expected.map(|f| at[&f])).ok()?;
    let pnrs = column(t, &df, at[&Field::Pnr])?.str().ok()?;
    let fra = numbers(column(t, &df, at[&Field::Fra])?.date().ok()?.physical())?;
    let til = numbers(column(t, &df, at[&Field::Til])?.date().ok()?.physical())?;
    let mut spells = Vec::with_capacity(df.height());
    for (i, p) in pnrs.iter().enumerate() {
        let til = match til(i) {
            Some(d) => Some(day(d)?),
            None => None,
        };
        spells.push((pnr(p)?, day(fra(i)?)?, til, i + 1));
    }
    Some((spells, df.height()))
}

/// The column of the packed weeks, when `d`'s header (the week columns read, see
/// `DreamIn::set_header`) spans the weeks the stamp says were packed.
pub fn packed_weeks(t: &Table, d: &DreamIn, packed: &Packed) -> Option<usize> {
    let (&first, &last) = (d.weeks.first()?, d.weeks.last()?);
    let spans = IsoWeek::from_index(first).to_string() == packed.first_week
        && usize::try_from(last - first + 1).ok()? == packed.n_weeks;
    if spans { t.find(&packed.weeks_column) } else { None }
}

/// The packed weeks of a slice's rows, for `d`'s decoded weeks (`d.first_week`, `d.n_weeks`),
/// checked as [`unpack_weeks`] checks them and kept packed in `runs` (its memory reused): the
/// matrix they make is some thirty times their size, so it is made where the rows are used
/// ([`PackedRuns::unpack`]), not while they wait. `None` when a value is not as [`pack_weeks`]
/// writes it.
pub fn packed_rows(s: &polars::prelude::Series, d: &DreamIn, packed: &Packed, runs: &mut PackedRuns) -> Option<()> {
    let values = s.binary().ok()?;
    let nw = d.n_weeks;
    let first = *d.weeks.first()?;
    let skip = if nw == 0 { 0 } else { usize::try_from(d.first_week - first).ok()? };
    if skip + nw > packed.n_weeks {
        return None;
    }
    runs.clear();
    (runs.skip, runs.total, runs.width) = (skip, packed.n_weeks, nw);
    for v in values.iter() {
        let v = v?;
        let weeks: usize = v.chunks_exact(4).map(|r| usize::from(u16::from_le_bytes([r[2], r[3]]))).sum();
        if !v.len().is_multiple_of(4) || weeks != packed.n_weeks {
            return None;
        }
        runs.bytes.extend_from_slice(v);
        runs.ends.push(u32::try_from(runs.bytes.len()).ok()?);
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::packed::{MONTHS_COLUMN, WEEKS_COLUMN, pack_months, pack_weeks, unpack_weeks};
    use crate::extract::stamp::Stamp;

    fn stamp() -> Stamp {
        Stamp {
            tool: "effektmaal".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            from_layout: "DST".into(),
            from_checksum: "ab".repeat(32),
            files: [("befolkning.parquet".to_string(), "11".to_string()), ("dream.parquet".into(), "22".into())].into(),
            blake3: BTreeMap::new(),
            persons: 9,
            residence_spells: 9,
            dream_rows: 9,
            code_counts: [(111, 5), (651, 4)].into(),
            notes: vec![],
            packed: None,
            in_persons_order: false,
            fills: None,
        }
    }

    #[test]
    fn files_must_match_exactly() {
        let s = stamp();
        assert_eq!(s.verify(&[("befolkning.parquet", "11"), ("dream.parquet", "22")]), Ok(()));
        assert_eq!(
            s.verify(&[("befolkning.parquet", "11"), ("dream.parquet", "23")]).unwrap_err(),
            "the files no longer match the checksums written by convert (dream.parquet changed)"
        );
        assert_eq!(
            s.verify(&[("befolkning.parquet", "11"), ("uddannelse.csv", "33")]).unwrap_err(),
            "the files no longer match the checksums written by convert (uddannelse.csv was added, dream.parquet is gone)"
        );
        let old = Stamp { version: "0.0.1".into(), ..stamp() };
        assert!(old.verify(&[("befolkning.parquet", "11"), ("dream.parquet", "22")]).unwrap_err().contains("0.0.1"));
        let back: Stamp = serde_json::from_slice(&s.to_json()).unwrap();
        assert_eq!(back, s);
        // A stamp written before there were packed columns still reads (without them).
        let text = String::from_utf8(s.to_json()).unwrap();
        assert!(!text.contains("packed"), "{text}");
        let months = PackedMonths { column: MONTHS_COLUMN.into(), first_month: "2015-11".into(), n_months: 3 };
        let with = Stamp {
            packed: Some(Packed {
                weeks_column: WEEKS_COLUMN.into(),
                first_week: "2015-W45".into(),
                n_weeks: 13,
                months: Some(months),
            }),
            in_persons_order: true,
            ..stamp()
        };
        assert_eq!(serde_json::from_slice::<Stamp>(&with.to_json()).unwrap(), with);
    }

    #[test]
    fn months_employed_pack_into_bits_and_unpack_in_any_window() {
        use crate::method::calendar::Month;
        use polars::prelude::*;
        // Ten months from 2015-11: employed (above 0) in the 1st, 3rd, 9th and 10th.
        let degrees = [0.5, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.01, 0.25];
        let bits = pack_months(&degrees);
        assert_eq!(bits, [0b0000_0101, 0b0000_0011]);
        let packed = PackedMonths { column: MONTHS_COLUMN.into(), first_month: "2015-11".into(), n_months: 10 };
        let s = Series::new("m".into(), [bits.as_slice(), pack_months(&[0.0; 10]).as_slice()]);
        let months = |from: &str, n: usize| -> Vec<Month> {
            let first = Month::parse(from).unwrap().index();
            (0..n).map(|k| Month::from_index(first + k as i32)).collect()
        };
        let mut grads = vec![7.0; 3];
        let unpack_months = |s: &Series, d: &DreamIn, packed: &PackedMonths, grads: &mut Vec<f32>| {
            let mut bits = MonthBits::default();
            month_bits(s, d, packed, &mut bits)?;
            bits.expand(grads);
            Some(())
        };
        let d = DreamIn { decoded_months: months("2015-11", 10), ..DreamIn::default() };
        assert_eq!(unpack_months(&s, &d, &packed, &mut grads), Some(()));
        let mut want = [1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0].to_vec();
        want.extend([0.0; 10]);
        assert_eq!(grads, want);
        // 2016-01 to 2016-08 only (bits 2 to 9).
        let d = DreamIn { decoded_months: months("2016-01", 8), ..DreamIn::default() };
        assert_eq!(unpack_months(&s, &d, &packed, &mut grads), Some(()));
        assert_eq!(&grads[..8], [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]);
        // A month beyond those packed, or a value of the wrong width: refused.
        let d = DreamIn { decoded_months: months("2016-08", 2), ..DreamIn::default() };
        assert_eq!(unpack_months(&s, &d, &packed, &mut grads), None);
        let short = Series::new("m".into(), [&bits[..1]]);
        let d = DreamIn { decoded_months: months("2015-11", 1), ..DreamIn::default() };
        assert_eq!(unpack_months(&short, &d, &packed, &mut grads), None);
    }

    #[test]
    fn weeks_pack_into_runs_and_unpack_in_any_window() {
        let codes = [0, 0, 111, 111, 111, 651, 0, 0];
        let mut runs = Vec::new();
        pack_weeks(&codes, &mut runs);
        // (0, 2) (111, 3) (651, 1) (0, 2), each number a little-endian u16.
        assert_eq!(runs, [0, 0, 2, 0, 111, 0, 3, 0, 139, 2, 1, 0, 0, 0, 2, 0]);
        let mut all = [0u16; 8];
        assert_eq!(unpack_weeks(&runs, 0, 8, &mut all), Some(()));
        assert_eq!(all, codes);
        // Weeks 3..6 only.
        let mut some = [0u16; 3];
        assert_eq!(unpack_weeks(&runs, 3, 8, &mut some), Some(()));
        assert_eq!(some, [111, 111, 651]);
        // Runs that do not add up to the weeks stamped, or a window beyond them: refused.
        assert_eq!(unpack_weeks(&runs, 0, 9, &mut all), None);
        assert_eq!(unpack_weeks(&runs, 6, 8, &mut some), None);
        assert_eq!(unpack_weeks(&runs[..15], 0, 8, &mut all), None);
    }
}

#[cfg(test)]
mod reading {
    use super::Table;
    use crate::extract::layout::{Field, Input};
    use crate::extract::typed::{Inputs, Window};
    use crate::method::calendar::{IsoWeek, Month};
    use std::collections::BTreeMap;
    use std::path::Path;

    /// What `read` gives, as text to compare: population, DREAM (header, rows, matrices) and
    /// education.
    fn typed(i: &Inputs) -> Vec<String> {
        let d = i.dream.as_ref().unwrap();
        vec![
            format!("{:?}", i.population.as_ref().unwrap().spells),
            // (Debug never shows a person id.)
            format!("{:?}", i.population.as_ref().unwrap().spells.iter().map(|s| s.pnr.as_str()).collect::<Vec<_>>()),
            format!("{:?}", (&d.weeks, &d.months, d.first_week, d.n_weeks, &d.decoded_months)),
            format!("{:?}", d.pnrs.iter().map(|p| p.as_str()).collect::<Vec<_>>()),
            format!("{:?}", (&d.rows, &d.codes, &d.grads, d.rows_seen)),
            format!("{:?}", i.education.as_ref().unwrap().spells),
        ]
    }

    fn read_dir(dir: &Path, window: Window) -> Inputs {
        let (inputs, problems) = crate::extract::load::read(dir, window).unwrap();
        assert!(problems.is_empty(), "{problems}");
        inputs
    }

    #[test]
    fn the_packed_reader_gives_what_the_checked_reader_gives() {
        let tmp = tempfile::tempdir().unwrap();
        let basic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let out = tmp.path().join("converted");
        crate::cmd::convert::run(&basic, &out).unwrap();
        // The same files without the stamp: every cell checked, the week columns read.
        let checked = tmp.path().join("checked");
        std::fs::create_dir(&checked).unwrap();
        for f in ["befolkning.parquet", "dream.parquet", "uddannelse.parquet"] {
            std::fs::copy(out.join(f), checked.join(f)).unwrap();
        }
        let w = |y, n| IsoWeek::new(y, n).unwrap().index();
        let m = Month::parse("2015-12").unwrap().index();
        for window in [Window::default(), Window { weeks: Some((w(2015, 47), w(2015, 50))), months: Some((m, m)) }] {
            let fast = read_dir(&out, window);
            let slow = read_dir(&checked, window);
            assert!(fast.stamp.is_some() && slow.stamp.is_none());
            assert_eq!(typed(&fast), typed(&slow), "{window:?}");
            // The packed reader decoded the person id, the packed weeks and the months.
            let decoded = |i: &Inputs| i.read.iter().find(|r| r.input == Input::Dream).unwrap().decoded;
            let months = fast.dream.as_ref().unwrap().decoded_months.len();
            assert_eq!(decoded(&fast), 2 + months, "{window:?}");
            assert_eq!(
                decoded(&slow),
                1 + months + slow.dream.as_ref().unwrap().weeks.iter().filter(|&&x| window.has_week(x)).count()
            );
        }
        // The column readers took the population and the education spells (they give up on
        // anything `convert` does not write, and the checked readers read instead).
        let at = |t: &Table, fields: &[(Field, &str)]| -> BTreeMap<Field, usize> {
            fields.iter().map(|&(f, n)| (f, t.find(n).unwrap())).collect()
        };
        let t = Table::open(&out.join("befolkning.parquet"), "befolkning.parquet").unwrap();
        let names = [
            (Field::Pnr, "pnr"),
            (Field::Foedselsdato, "foedselsdato"),
            (Field::Koen, "koen"),
            (Field::Herkomst, "herkomst"),
            (Field::Oprindelse, "oprindelse"),
            (Field::Kommune, "kommune"),
            (Field::Omraade, "omraade"),
            (Field::Fra, "fra"),
            (Field::Til, "til"),
        ];
        assert_eq!(super::population(&t, &at(&t, &names)).map(|p| p.2), Some(9));
        let t = Table::open(&out.join("uddannelse.parquet"), "uddannelse.parquet").unwrap();
        let names = [(Field::Pnr, "pnr"), (Field::Fra, "fra"), (Field::Til, "til")];
        assert_eq!(super::education(&t, &at(&t, &names)).map(|e| e.1), Some(2));
        let d = read_dir(&out, Window { weeks: Some((w(2015, 47), w(2015, 50))), months: Some((m, m)) });
        let d = d.dream.as_ref().unwrap();
        // C03 (row 3): 651 in 2015-W45..W48, then nothing.
        assert_eq!((d.pnrs[2].as_str(), &d.codes[2 * 4..3 * 4]), ("C03", &[651u16, 651, 0, 0][..]));
    }
}

#[cfg(test)]
mod slices {
    use crate::extract::typed::{Inputs, Window};
    use polars::prelude::*;
    use std::path::Path;

    /// dream.parquet rewritten by `f`, in row groups of `rows` rows (`None`: polars' default,
    /// one group for a small file).
    fn rewrite(path: &Path, rows: Option<usize>, f: impl FnOnce(&mut DataFrame)) {
        let mut df = ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap();
        f(&mut df);
        ParquetWriter::new(std::fs::File::create(path).unwrap()).with_row_group_size(rows).finish(&mut df).unwrap();
    }

    /// DREAM's typed rows and every problem, as text.
    fn read(dir: &Path, window: Window) -> (String, Vec<String>) {
        let (i, problems): (Inputs, _) = crate::extract::load::read(dir, window).unwrap();
        let d = i.dream.as_ref().unwrap();
        let ids: Vec<&str> = d.pnrs.iter().map(|p| p.as_str()).collect();
        let rows = format!("{:?}", (ids, &d.rows, &d.codes, &d.grads, d.rows_seen, d.first_week, d.n_weeks));
        (rows, problems.shown().iter().map(|p| p.to_string()).collect())
    }

    /// The stamp's checksum of dream.parquet set to the file's (so the stamp holds).
    fn restamp(dir: &Path) {
        use sha2::{Digest, Sha256};
        let sha = crate::extract::csv::hex(&Sha256::digest(std::fs::read(dir.join("dream.parquet")).unwrap()));
        let path = dir.join(crate::extract::stamp::STAMP);
        let mut stamp: crate::extract::stamp::Stamp =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        stamp.files.insert("dream.parquet".into(), sha);
        std::fs::write(&path, stamp.to_json()).unwrap();
    }

    /// Every person's months employed, as the counting commands read them (packed months
    /// while the stamp holds).
    fn employed(dir: &Path) -> Vec<(u32, String)> {
        let ex = crate::extract::load::load(dir).unwrap();
        let mut out = Vec::new();
        for p in 0..ex.persons.len() as u32 {
            out.extend(ex.employment_months.iter().filter(|m| ex.employed(p, **m)).map(|m| (p, m.to_string())));
        }
        out
    }

    #[test]
    fn packed_months_read_as_their_columns_and_give_way_to_them_when_broken() {
        let tmp = tempfile::tempdir().unwrap();
        let basic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let conv = tmp.path().join("converted");
        crate::cmd::convert::run(&basic, &conv).unwrap();
        let want = employed(&basic);
        assert!(want.len() >= 3, "{want:?}");
        assert_eq!(employed(&conv), want);
        // The bits cut short in every row, in one row group and in groups of two, with the
        // stamp made to hold: the month columns are read instead.
        for rows in [None, Some(2)] {
            rewrite(&conv.join("dream.parquet"), rows, |df| {
                let short: Vec<&[u8]> = vec![&[]; df.height()];
                df.replace(
                    crate::extract::packed::MONTHS_COLUMN,
                    Column::new(crate::extract::packed::MONTHS_COLUMN.into(), short),
                )
                .unwrap();
            });
            restamp(&conv);
            assert_eq!(employed(&conv), want, "{rows:?}");
        }
    }

    #[test]
    fn a_dream_file_in_many_row_groups_reads_as_one() {
        let tmp = tempfile::tempdir().unwrap();
        let basic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let conv = tmp.path().join("converted");
        crate::cmd::convert::run(&basic, &conv).unwrap();
        let w = |y, n| crate::method::calendar::IsoWeek::new(y, n).unwrap().index();
        let m = crate::method::calendar::Month::parse("2015-12").unwrap().index();
        let windows = [Window::default(), Window { weeks: Some((w(2015, 47), w(2015, 50))), months: Some((m, m)) }];
        // The packed reader (the stamp holds): nine rows in one group, then in groups of two
        // (five slices) and of one.
        let packed = |rows: Option<usize>| {
            rewrite(&conv.join("dream.parquet"), rows, |_| {});
            restamp(&conv);
            windows.map(|w| read(&conv, w))
        };
        let whole = packed(None);
        assert!(whole[0].1.is_empty(), "{:?}", whole[0].1);
        assert!(whole[0].0.contains("651, 651, 651, 651"), "{}", whole[0].0);
        assert_eq!(packed(Some(2)), whole);
        assert_eq!(packed(Some(1)), whole);
        // The checked reader (no stamp), on a file with problems in rows of several slices: an
        // empty person id, codes out of range or not whole, a degree above 1.
        std::fs::remove_file(conv.join(crate::extract::stamp::STAMP)).unwrap();
        let broken = |rows: Option<usize>| {
            rewrite(&conv.join("dream.parquet"), rows, |df| {
                let set = |df: &mut DataFrame, name: &str, column: Column| {
                    df.replace(name, column.with_name(name.into())).unwrap();
                };
                let mut pnr: Vec<Option<String>> =
                    df.column("pnr").unwrap().str().unwrap().iter().map(|s| s.map(String::from)).collect();
                pnr[4] = None;
                set(df, "pnr", Column::new("pnr".into(), pnr));
                let mut y: Vec<Option<f64>> =
                    df.column("y_1547").unwrap().cast(&DataType::Float64).unwrap().f64().unwrap().iter().collect();
                (y[1], y[6], y[8]) = (Some(1234.0), Some(111.5), Some(0.0));
                set(df, "y_1547", Column::new("y".into(), y));
                let mut y: Vec<Option<u16>> = df.column("y_1550").unwrap().u16().unwrap().iter().collect();
                (y[0], y[7]) = (Some(1000), Some(0));
                set(df, "y_1550", Column::new("y".into(), y));
                let mut g: Vec<Option<f32>> = df.column("grad_2015_12").unwrap().f32().unwrap().iter().collect();
                (g[3], g[8]) = (Some(1.5), Some(-0.25));
                set(df, "grad_2015_12", Column::new("g".into(), g));
            });
            windows.map(|w| read(&conv, w))
        };
        let whole = broken(None);
        assert_eq!(whole[0].1.len(), 8, "{:?}", whole[0].1);
        assert_eq!(
            whole[0].1[0],
            "dream.parquet: row 5: column 1 (pnr): the person id is empty: expected a pseudonymised pnr"
        );
        assert!(whole[0].1[1].starts_with("dream.parquet: row 2: column 4 (y_1547): 1234 is not a benefit code"));
        assert!(whole[0].1[5].starts_with("dream.parquet: row 8: column 7 (y_1550): 0 is not a benefit code"));
        assert_eq!(
            whole[0].1[7],
            "dream.parquet: row 9: column 16 (grad_2015_12): -0.25 is not an employment degree: it must lie between 0 and 1"
        );
        assert_eq!(broken(Some(2)), whole);
        assert_eq!(broken(Some(1)), whole);
        assert_eq!(broken(Some(4)), whole);
    }
}
