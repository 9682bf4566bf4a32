//! The hand-computed fixture `basic` rewritten in every format and layout effektmaal reads
//! (`tests/fixtures/formats/`, made by `scripts/make-format-fixtures`) gives the figures of
//! `basic/EXPECTED.md`, and broken SAS and Parquet files give problems that name file, row and
//! column.

use crate::common::*;

const VARIANTS: [&str; 6] =
    ["dst-sas", "dst-parquet", "dst-csv", "effektmaal-parquet", "effektmaal-sas", "dst-manifest"];

fn compute(dir: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec!["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression"];
    args.extend_from_slice(extra);
    run(&args).ok().stdout
}

#[test]
fn every_format_and_layout_gives_the_hand_computed_figures() {
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    let want = compute(&fixture("basic"), &by);
    let want_odense = compute(&fixture("basic"), &["--kommune", "461"]);
    let rows = parse_csv(&want_odense);
    // EXPECTED.md: Nov 2015 12 of 23 person-weeks in job or education (3,00 of 5,75 FTE).
    let r = find(&rows, "uddannelse_job", "2015-11", "total", "I alt");
    assert_eq!((r.numerator, r.denominator, r.share), (Some(3.0), Some(5.75), Some(52.17)));
    for v in VARIANTS {
        let dir = fixture(&format!("formats/{v}"));
        assert_eq!(compute(&dir, &by), want, "{v}: breakdowns differ from the CSV original");
        assert_eq!(compute(&dir, &["--kommune", "461"]), want_odense, "{v}: Odense figures differ");
    }
}

#[test]
fn check_names_the_layout_and_the_formats() {
    let out = run(&["check", fixture("formats/dst-sas").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("Files (layout: DST)"), "{out}");
    for line in [
        "  bef.sas7bdat                 9 rows  SAS7BDAT UTF-8",
        "  bopael.sas7bdat              9 rows  SAS7BDAT UTF-8",
        "  dream.sas7bdat               9 rows  SAS7BDAT UTF-8",
        "  kotre.sas7bdat               2 rows  SAS7BDAT UTF-8",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }
    let out = run(&["check", fixture("formats/dst-csv").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("  bef.csv                      9 rows  Windows-1252 separator ';'"), "{out}");
    let out = run(&["check", fixture("formats/dst-manifest").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("Files (layout: DST (with effektmaal.toml))"), "{out}");
    let out = run(&["check", fixture("basic").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("Files (layout: effektmaal)"), "{out}");
}

/// A copy of a format fixture to break.
fn copy(v: &str) -> tempfile::TempDir {
    copy_fixture(&format!("formats/{v}"))
}

#[test]
fn a_truncated_sas_or_parquet_file_is_named() {
    for (v, file) in [("dst-sas", "dream.sas7bdat"), ("dst-parquet", "bopael.parquet")] {
        let tmp = copy(v);
        let path = tmp.path().join(file);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
        let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
        let kind = if v == "dst-sas" { "SAS7BDAT" } else { "Parquet" };
        assert!(err.contains(&format!("  {file}: the file is not a readable {kind} file (")), "{err}");
    }
}

#[test]
fn a_missing_required_column_in_a_sas_file() {
    let tmp = copy("dst-sas");
    // bopael written without BOP_VFRA: made from the fixture's own columns.
    std::fs::copy(fixture("formats/dst-sas/kotre.sas7bdat"), tmp.path().join("bopael.sas7bdat")).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(
        err.contains(
            "  bopael.sas7bdat: the required column KOM is missing; expected the columns PNR, KOM, BOP_VFRA, BOP_VTIL"
        ),
        "{err}"
    );
}

#[test]
fn wrong_types_name_file_row_and_column() {
    // bef's FOED_DAG holds the sex and KOEN the birth date: bef.parquet with two columns swapped.
    let tmp = copy("dst-parquet");
    std::fs::copy(fixture("formats/dst-parquet/kotre.parquet"), tmp.path().join("bef.parquet")).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(err.contains("bef.parquet: the required column FOED_DAG is missing"), "{err}");
}

#[test]
fn convert_writes_parquet_that_gives_the_same_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    run(&["convert", fixture("formats/dst-sas").to_str().unwrap(), out.to_str().unwrap()]).ok();
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["befolkning.parquet", "dream.parquet", "uddannelse.parquet"]);
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    assert_eq!(compute(&out, &by), compute(&fixture("basic"), &by));
    let check = run(&["check", out.to_str().unwrap()]).ok().stdout;
    assert!(
        check.contains("  befolkning.parquet           9 rows  Parquet  UTF-8         1980-01-01 – (open)"),
        "{check}"
    );
}

#[test]
fn convert_writes_nothing_for_a_broken_extract() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    let err = run(&["convert", fixture("../corpus/sas-raw-cpr-pnr").to_str().unwrap(), out.to_str().unwrap()])
        .fails(3)
        .stderr;
    assert!(err.contains("dream.sas7bdat: row 3: column 1 (PNR): the person id looks like a raw CPR number"), "{err}");
    assert!(!out.exists());
}

#[test]
fn an_unknown_country_code_is_unknown_origin_with_a_warning() {
    let tmp = copy("dst-csv");
    let bef = tmp.path().join("bef.csv");
    let text = std::fs::read(&bef).unwrap();
    let changed = String::from_utf8_lossy(&text).replace("F06;03MAR1985;2;2;5120;", "F06;03MAR1985;2;2;5901;");
    assert_ne!(changed, String::from_utf8_lossy(&text));
    std::fs::write(&bef, changed.as_bytes()).unwrap();
    let r =
        run(&["compute", tmp.path().to_str().unwrap(), "--format", "csv", "--no-suppression", "--by", "herkomst"]).ok();
    assert!(
        r.stderr.contains(
            "warning: the country code 5901 (OPR_LAND) is not in the country table (shipped (docs/oprindelse.md)): 1 person counted as of unknown origin"
        ),
        "{}",
        r.stderr
    );
    let rows = parse_csv(&r.stdout);
    // F06 (vestlig immigrant, moved in 15 Dec: 3 job weeks in December) moves to the new group.
    let unknown = find(&rows, "uddannelse_job", "2015-12", "herkomst", "Indvandrer/efterkommer, uoplyst oprindelse");
    assert_eq!(unknown.numerator, Some(0.6));
    let vestlig = find(&rows, "uddannelse_job", "2015-12", "herkomst", "Indvandrer, vestlig");
    assert_eq!(vestlig.denominator, Some(0.0));
}
