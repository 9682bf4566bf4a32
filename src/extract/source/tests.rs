use super::*;

fn fixture(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The first `n` rows of some columns, as owned values with their row numbers.
fn head(t: &Table, columns: &[&str], n: usize) -> Vec<(usize, Vec<String>)> {
    let cols: Vec<usize> = columns.iter().map(|c| t.find(c).unwrap()).collect();
    let mut out = Vec::new();
    let mut problems = Problems::default();
    t.rows(&cols, &mut problems, |row, cells, _| {
        if out.len() < n {
            out.push((row, cells.iter().map(|c| format!("{c:?}")).collect()));
        }
    });
    assert!(problems.is_empty(), "{problems}");
    out
}

#[test]
fn formats_by_extension() {
    assert_eq!(Format::of("dream.SAS7BDAT"), Some(Format::Sas));
    assert_eq!(Format::of("bef.parquet"), Some(Format::Parquet));
    assert_eq!(Format::of("a.b.csv"), Some(Format::Csv));
    assert_eq!(Format::of("dream.xlsx"), None);
    assert_eq!(Format::of("dream"), None);
}

#[test]
fn csv_rows_by_line_and_projection() {
    let t = Table::open(&fixture("basic/befolkning.csv"), "befolkning.csv").unwrap();
    assert_eq!(t.columns.len(), 9);
    assert_eq!(t.find("KOEN"), Some(2));
    assert_eq!(
        head(&t, &["koen", "pnr"], 2),
        vec![
            (2, vec!["Text(\"M\")".to_string(), "Text(\"A01\")".to_string()]),
            (3, vec!["Text(\"K\")".to_string(), "Text(\"B02\")".to_string()]),
        ]
    );
    assert_eq!(t.problem(3, 1, "bad").to_string(), "befolkning.csv:3: column 2 (foedselsdato): bad");
}

#[test]
fn sas_cells_keep_their_types() {
    let t = Table::open(&fixture("formats/dst-sas/bef.sas7bdat"), "bef.sas7bdat").unwrap();
    assert_eq!(t.format, Format::Sas);
    assert_eq!(t.columns, ["PNR", "FOED_DAG", "KOEN", "IE_TYPE", "OPR_LAND"]);
    // Written without a SAS format: the birth date is a bare day number (1980-05-05).
    assert_eq!(
        head(&t, &["opr_land", "pnr", "foed_dag", "koen"], 2),
        vec![
            (1, vec!["Number(5100.0)".into(), "Text(\"A01\")".into(), "Number(7430.0)".into(), "Number(1.0)".into()]),
            (2, vec!["Number(5486.0)".into(), "Text(\"B02\")".into(), "Number(7345.0)".into(), "Number(2.0)".into()]),
        ]
    );
    assert_eq!(t.problem(2, 1, "bad").to_string(), "bef.sas7bdat: row 2: column 2 (FOED_DAG): bad");
    // SAS missing in DREAM is missing.
    let dream = Table::open(&fixture("formats/dst-sas/dream.sas7bdat"), "dream.sas7bdat").unwrap();
    assert_eq!(
        head(&dream, &["y_1545", "grad_2015_12"], 2),
        vec![
            (1, vec!["Missing".into(), "Number(1.0)".into()]),
            (2, vec!["Number(111.0)".into(), "Number(0.5)".into()])
        ]
    );
}

#[test]
fn a_sas_file_with_date_formats_gives_dates() {
    // FOED_DAG carries the SAS format DATE, as in real DST files (see make-format-fixtures).
    let t = Table::open(&fixture("formats/dst-sas-dateformat/bef.sas7bdat"), "bef.sas7bdat").unwrap();
    assert_eq!(
        head(&t, &["FOED_DAG", "KOEN"], 2),
        vec![
            (1, vec!["Date(1980-05-05)".into(), "Number(1.0)".into()]),
            (2, vec!["Date(1980-02-10)".into(), "Number(2.0)".into()]),
        ]
    );
    let t = Table::open(&fixture("formats/dst-sas-dateformat/bopael.sas7bdat"), "bopael.sas7bdat").unwrap();
    assert_eq!(head(&t, &["BOP_VTIL"], 8)[7], (8, vec!["Date(2015-11-20)".to_string()]));
}

#[test]
fn sas_date_formats_give_dates() {
    use sas7bdat::{CellValue, SasDate, SasDateTime};
    // What the reader gives for a column with a DATE format (real DST files have them).
    assert_eq!(sas_value(&CellValue::Date(SasDate { days_since_sas_epoch: 7430 })), Value::Date(d(1980, 5, 5)));
    assert_eq!(
        sas_value(&CellValue::DateTime(SasDateTime { seconds_since_sas_epoch: 7430 * 86_400 + 3600 })),
        Value::Date(d(1980, 5, 5))
    );
    assert_eq!(sas_value(&CellValue::Float64(f64::NAN)), Value::Missing);
    assert_eq!(sas_value(&CellValue::Str("  A01 ")), Value::Text("A01"));
    assert_eq!(sas_day(-1), Some(d(1959, 12, 31)));
}

#[test]
fn parquet_cells_keep_their_types() {
    let t = Table::open(&fixture("formats/dst-parquet/bef.parquet"), "bef.parquet").unwrap();
    assert_eq!(t.format, Format::Parquet);
    assert_eq!(
        head(&t, &["FOED_DAG", "KOEN", "PNR"], 1),
        vec![(1, vec!["Date(1980-05-05)".into(), "Number(1.0)".into(), "Text(\"A01\")".into()])]
    );
    let bop = Table::open(&fixture("formats/dst-parquet/bopael.parquet"), "bopael.parquet").unwrap();
    assert_eq!(
        head(&bop, &["KOM", "BOP_VTIL", "OMRAADE"], 7)[6],
        (7, vec!["Text(\"0461\")".into(), "Missing".into(), "Missing".into()])
    );
    assert_eq!(t.problem(3, 0, "bad").to_string(), "bef.parquet: row 3: column 1 (PNR): bad");
}

#[test]
fn broken_binary_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("formats/dst-sas/dream.sas7bdat")).unwrap();
    let cut = dir.path().join("dream.sas7bdat");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let err = Table::open(&cut, "dream.sas7bdat").map(|_| ()).unwrap_err().to_string();
    assert!(err.starts_with("dream.sas7bdat: the file is not a readable SAS7BDAT file ("), "{err}");
    let bytes = std::fs::read(fixture("formats/dst-parquet/dream.parquet")).unwrap();
    let cut = dir.path().join("dream.parquet");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let err = Table::open(&cut, "dream.parquet").map(|_| ()).unwrap_err().to_string();
    assert!(err.starts_with("dream.parquet: the file is not a readable Parquet file ("), "{err}");
    std::fs::write(dir.path().join("x.sas7bdat"), b"a;b\n1;2\n").unwrap();
    assert!(Table::open(&dir.path().join("x.sas7bdat"), "x.sas7bdat").is_err());
}
