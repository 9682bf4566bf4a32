//! `effektmaal convert DIR OUT`: an extract in any layout and format, validated as `check`
//! validates it, written as the effektmaal layout in Parquet (typed columns: dates as dates,
//! codes as `u16`, degrees as numbers), with a stamp (`effektmaal-convert.json`, see
//! `extract::converted`) holding each file's SHA-256, so later runs parse nothing and, while
//! the files match the stamp, skip the cell checks. Nothing is written when the extract has a
//! problem; the files appear together or not at all.

use crate::error::{Error, Problem};
use crate::extract::csv::CsvText;
use crate::extract::csv::hex;
use crate::extract::packed::{self, MONTHS_COLUMN, Packed, PackedMonths, WEEKS_COLUMN};
use crate::extract::pnr::{IdMap, Pnr};
use crate::extract::stamp::{STAMP, Stamp};
use crate::extract::typed::{DreamIn, EducationIn, PopulationIn, Window};
use crate::extract::{self, fields};
use crate::method::calendar::IsoWeek;
use crate::report::output::write_atomically;
use polars::prelude::*;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The converted files' compression: LZ4 (raw), which every current Parquet reader takes. At
/// Odense's size its files are as small as Snappy's (21,4 against 21,8 MB) and `check` takes
/// 15 % less CPU decompressing them.
const COMPRESSION: ParquetCompression = ParquetCompression::Lz4Raw;

/// How a column of the effektmaal layout is stored in Parquet.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Date,
    Code,
    Degree,
}

fn kind(file: &str, column: &str) -> Kind {
    match (file, column) {
        (_, "foedselsdato" | "fra" | "til") => Kind::Date,
        ("dream.csv", c) if c.starts_with("y_") => Kind::Code,
        ("dream.csv", c) if c.starts_with("grad_") => Kind::Degree,
        ("beskaeftigelse.csv", "grad") => Kind::Degree,
        _ => Kind::Text,
    }
}

/// One validated effektmaal-layout text as a typed Parquet file.
pub fn parquet(csv: &CsvText) -> anyhow::Result<Vec<u8>> {
    let mut records = csv.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.fields.iter().map(|f| f.trim().to_lowercase()).collect(),
        _ => return Err(Error::input(Problem::file(&csv.name, "the file holds no header")).into()),
    };
    let rows: Vec<Vec<String>> = records
        .map(|r| r.map(|r| r.fields.iter().map(|f| f.trim().to_string()).collect()))
        .collect::<Result<_, _>>()
        .map_err(Error::input)?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    let mut columns = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let cells = rows.iter().map(|r| r[i].as_str());
        let column = match kind(&csv.name, name) {
            Kind::Text => Column::new(name.into(), cells.map(|c| (!c.is_empty()).then_some(c)).collect::<Vec<_>>()),
            Kind::Date => Column::new(
                name.into(),
                cells
                    .map(|c| fields::date(c).ok().map(|d| (d - epoch).num_days() as i32))
                    .collect::<Vec<Option<i32>>>(),
            )
            .cast(&DataType::Date)?,
            Kind::Code => Column::new(name.into(), cells.map(|c| fields::code(c).ok()).collect::<Vec<Option<u16>>>()),
            Kind::Degree => Column::new(
                name.into(),
                cells.map(|c| if c.is_empty() { None } else { fields::decimal(c).ok() }).collect::<Vec<Option<f64>>>(),
            ),
        };
        columns.push(column);
    }
    let mut df = DataFrame::new(rows.len(), columns)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).with_compression(COMPRESSION).finish(&mut df)?;
    Ok(bytes)
}

/// A data frame as Parquet bytes, in row groups of `rows` rows (`None`: polars' default).
fn to_parquet(mut df: DataFrame, rows: Option<usize>) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).with_compression(COMPRESSION).with_row_group_size(rows).finish(&mut df)?;
    Ok(bytes)
}

fn days(d: chrono::NaiveDate) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    (d - epoch).num_days() as i32
}

fn date_column(name: &str, values: Vec<Option<i32>>) -> anyhow::Result<Column> {
    Ok(Column::new(name.into(), values).cast(&DataType::Date)?)
}

/// befolkning.parquet: one row per residence spell with its person's data, typed; the spells
/// in the order `by_person` gives.
fn befolkning(pop: &PopulationIn, by_person: &[usize]) -> anyhow::Result<Vec<u8>> {
    let s: Vec<_> = by_person.iter().map(|&i| &pop.spells[i]).collect();
    let columns = vec![
        Column::new("pnr".into(), s.iter().map(|s| s.pnr.as_str()).collect::<Vec<_>>()),
        date_column("foedselsdato", s.iter().map(|s| Some(days(s.person.foedselsdato))).collect())?,
        Column::new(
            "koen".into(),
            s.iter().map(|s| if s.person.koen == extract::Koen::M { "M" } else { "K" }).collect::<Vec<_>>(),
        ),
        Column::new("herkomst".into(), s.iter().map(|s| s.person.herkomst.id()).collect::<Vec<_>>()),
        Column::new("oprindelse".into(), s.iter().map(|s| s.person.oprindelse.id()).collect::<Vec<_>>()),
        Column::new("kommune".into(), s.iter().map(|s| s.kommune).collect::<Vec<u16>>()),
        Column::new(
            "omraade".into(),
            s.iter().map(|s| (s.omraade != 0).then(|| pop.areas.name(s.omraade))).collect::<Vec<_>>(),
        ),
        date_column("fra", s.iter().map(|s| Some(days(s.fra))).collect())?,
        date_column("til", s.iter().map(|s| s.til.map(days)).collect())?,
    ];
    to_parquet(DataFrame::new(s.len(), columns)?, None)
}

/// dream.parquet: pnr, a `u16` column per week (null for no benefit) and an `f32` column per
/// employment month (null for none), so a read copies typed columns and parses nothing; then
/// the weeks of each row packed in one binary column and the months employed in another (see
/// `packed::Packed`), which a read whose stamp holds takes instead, a row at a time. The
/// rows in the order `rows` gives.
fn dream(d: &DreamIn, rows: &[usize]) -> anyhow::Result<(Vec<u8>, Option<Packed>)> {
    let n = d.pnrs.len();
    let (nw, nm) = (d.n_weeks, d.decoded_months.len());
    let mut columns = vec![Column::new("pnr".into(), rows.iter().map(|&i| d.pnrs[i].as_str()).collect::<Vec<_>>())];
    for &w in &d.weeks {
        let at = (w - d.first_week) as usize;
        let codes: Vec<Option<u16>> = rows.iter().map(|&i| Some(d.codes[i * nw + at]).filter(|&c| c != 0)).collect();
        columns.push(Column::new(IsoWeek::from_index(w).dream_column().into(), codes));
    }
    for (k, m) in d.decoded_months.iter().enumerate() {
        let grads: Vec<Option<f32>> = rows.iter().map(|&i| Some(d.grads[i * nm + k]).filter(|&g| g != 0.0)).collect();
        columns.push(Column::new(format!("grad_{}", m.to_string().replace('-', "_")).into(), grads));
    }
    // Packed only when the matrix spans the header's weeks (as read without a window), so a
    // read can take any window of it.
    let whole = d.weeks.first().is_some_and(|&w| w == d.first_week)
        && d.weeks.last().is_some_and(|&w| (w - d.first_week + 1) as usize == nw);
    let packed = whole.then(|| {
        let weeks: Vec<Vec<u8>> = rows
            .iter()
            .map(|&i| {
                let mut runs = Vec::new();
                packed::pack_weeks(&d.codes[i * nw..(i + 1) * nw], &mut runs);
                runs
            })
            .collect();
        columns.push(Column::new(WEEKS_COLUMN.into(), weeks.iter().map(Vec::as_slice).collect::<Vec<_>>()));
        // The months as bits when the header's months lie in one run (as DREAM's do).
        let months = &d.decoded_months;
        let run = d.months == *months
            && months.first().zip(months.last()).is_some_and(|(a, b)| (b.index() - a.index() + 1) as usize == nm);
        let months = run.then(|| {
            let bits: Vec<Vec<u8>> =
                rows.iter().map(|&i| packed::pack_months(&d.grads[i * nm..(i + 1) * nm])).collect();
            columns.push(Column::new(MONTHS_COLUMN.into(), bits.iter().map(Vec::as_slice).collect::<Vec<_>>()));
            PackedMonths { column: MONTHS_COLUMN.into(), first_month: d.decoded_months[0].to_string(), n_months: nm }
        });
        Packed {
            weeks_column: WEEKS_COLUMN.into(),
            first_week: IsoWeek::from_index(d.first_week).to_string(),
            n_weeks: nw,
            months,
        }
    });
    // In row groups of the rows a read decodes at once (`read::READ`), so each page is
    // decompressed once and memory holds one group's columns, not the file's.
    Ok((to_parquet(DataFrame::new(n, columns)?, Some(crate::extract::read::READ))?, packed))
}

/// uddannelse.parquet: pnr, fra, til; the spells in the order `by_person` gives.
fn uddannelse(e: &EducationIn, by_person: &[usize]) -> anyhow::Result<Vec<u8>> {
    let s: Vec<_> = by_person.iter().map(|&i| &e.spells[i]).collect();
    let columns = vec![
        Column::new("pnr".into(), s.iter().map(|s| s.0.as_str()).collect::<Vec<_>>()),
        date_column("fra", s.iter().map(|s| Some(days(s.1))).collect())?,
        date_column("til", s.iter().map(|s| s.2.map(days)).collect())?,
    ];
    to_parquet(DataFrame::new(s.len(), columns)?, None)
}

pub fn run(dir: &Path, out: &Path) -> anyhow::Result<()> {
    if dir.canonicalize().ok().is_some() && dir.canonicalize().ok() == out.canonicalize().ok() {
        return Err(Error::Usage("OUT must differ from DIR".into()).into());
    }
    // Validate first: a converted extract is one that `check` accepts.
    let (inputs, problems) = extract::read(dir, Window::default())?;
    let ex = extract::assemble(dir, inputs.clone(), problems)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    // Every file's rows in the persons' order (the order they are first seen in befolkning,
    // as a read numbers them), each person's together, rows of no person in the population
    // last, each in the order read: a read then links them to their persons by comparing ids
    // with the next person's, without hashing (`pnr::PnrIndex::find_near`).
    let mut person: IdMap<&str, usize> = IdMap::default();
    if let Some(pop) = &inputs.population {
        for s in &pop.spells {
            let next = person.len();
            person.entry(s.pnr.as_str()).or_insert(next);
        }
    }
    let in_order = |ids: &mut dyn Iterator<Item = &str>| -> Vec<usize> {
        let mut keyed: Vec<(usize, usize)> =
            ids.enumerate().map(|(i, id)| (person.get(id).copied().unwrap_or(usize::MAX), i)).collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|k| k.1).collect()
    };
    if let Some(pop) = &inputs.population {
        let order = in_order(&mut pop.spells.iter().map(|s| s.pnr.as_str()));
        files.push(("befolkning.parquet".into(), befolkning(pop, &order)?));
    }
    let mut packed = None;
    if let Some(d) = &inputs.dream {
        let (bytes, p) = dream(d, &in_order(&mut d.pnrs.iter().map(Pnr::as_str)))?;
        files.push(("dream.parquet".into(), bytes));
        packed = p;
    }
    if let Some(e) = &inputs.education {
        let order = in_order(&mut e.spells.iter().map(|s| s.0.as_str()));
        files.push(("uddannelse.parquet".into(), uddannelse(e, &order)?));
    }
    for (name, csv) in &inputs.texts {
        files.push((format!("{}.parquet", name.trim_end_matches(".csv")), parquet(csv)?));
    }
    let stamp = Stamp {
        tool: "effektmaal".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        from_layout: ex.layout.clone(),
        from_checksum: ex.checksum(),
        files: files.iter().map(|(n, b)| (n.clone(), hex(&Sha256::digest(b)))).collect(),
        blake3: files.iter().map(|(n, b)| (n.clone(), blake3::hash(b).to_hex().to_string())).collect(),
        persons: ex.persons.len(),
        residence_spells: ex.stats.residence_spells,
        dream_rows: ex.stats.dream_rows,
        code_counts: ex.code_counts.clone(),
        notes: ex.notes.iter().filter(|n| !n.starts_with(STAMP)).cloned().collect(),
        packed,
        in_persons_order: true,
        fills: ex.dream.fills.clone(),
    };
    let n_data = files.len();
    files.push((STAMP.into(), stamp.to_json()));
    let refs: Vec<(String, &[u8])> = files.iter().map(|(n, b)| (n.clone(), &b[..])).collect();
    write_atomically(out, &refs, false)?;
    crate::ui::info(&format!(
        "converted {} ({} layout, {} persons) to {} Parquet files and {STAMP} in {}",
        dir.display(),
        ex.layout,
        ex.persons.len(),
        n_data,
        out.display()
    ));
    Ok(())
}
