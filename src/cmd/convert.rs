//! `effektmaal convert DIR OUT`: an extract in any layout and format, validated as `check`
//! validates it, written as the effektmaal layout in Parquet (typed columns: dates as dates,
//! codes as small integers, degrees as numbers), so later runs skip CSV parsing. Nothing is
//! written when the extract has a problem; the files appear together or not at all.

use crate::error::{Error, Problem};
use crate::extract::csv::CsvText;
use crate::extract::{fields, load, normalize};
use crate::report::output::write_atomically;
use polars::prelude::*;
use std::path::Path;

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
    ParquetWriter::new(&mut bytes).with_compression(ParquetCompression::Snappy).finish(&mut df)?;
    Ok(bytes)
}

pub fn run(dir: &Path, out: &Path) -> anyhow::Result<()> {
    if dir.canonicalize().ok().is_some() && dir.canonicalize().ok() == out.canonicalize().ok() {
        return Err(Error::Usage("OUT must differ from DIR".into()).into());
    }
    // Validate first: a converted extract is one that `check` accepts.
    let ex = load::load(dir)?;
    let texts = normalize::texts(dir).map_err(Error::Input)?;
    let mut files = Vec::new();
    for (name, csv) in &texts {
        let stem = name.trim_end_matches(".csv");
        files.push((format!("{stem}.parquet"), parquet(csv)?));
    }
    let refs: Vec<(String, &[u8])> = files.iter().map(|(n, b)| (n.clone(), &b[..])).collect();
    write_atomically(out, &refs, false)?;
    crate::ui::info(&format!(
        "converted {} ({} layout, {} persons) to {} Parquet files in {}",
        dir.display(),
        ex.layout,
        ex.persons.len(),
        files.len(),
        out.display()
    ));
    Ok(())
}
