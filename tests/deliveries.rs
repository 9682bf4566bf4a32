//! Degenerate deliveries: a month whose DREAM columns are there but hold nothing, or far less
//! than the months before (DREAM's employment degree reaches Danmarks Statistik months late),
//! is not complete. `check` says so, `compute` leaves it out with a warning (or refuses it when
//! asked for), `report` refuses a quarter holding it, and no figure of it is published.

use crate::common::*;
use std::path::Path;

/// A copy of the sample with `f` applied to every row of dream.csv's columns named in `cols`.
fn sample_with(cols: &[&str], f: impl Fn(usize, &str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    for e in std::fs::read_dir(&sample).unwrap().flatten() {
        std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
    }
    let p = dir.path().join("dream.csv");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at: Vec<usize> = cols.iter().map(|c| header.iter().position(|h| h == c).unwrap()).collect();
    let mut out = header.join(",") + "\n";
    for (row, l) in lines.enumerate() {
        let mut cells: Vec<String> = l.split(',').map(String::from).collect();
        for &i in &at {
            cells[i] = f(row, &cells[i]);
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    std::fs::write(&p, out).unwrap();
    dir
}

fn months_of(csv: &str) -> Vec<String> {
    let mut m: Vec<String> = parse_csv(csv).into_iter().map(|r| r.month).collect();
    m.sort();
    m.dedup();
    m
}

#[test]
fn an_empty_employment_month_is_not_complete() {
    // grad_2016_12 present for every row but empty: read as "nobody in a job", it gave
    // uddannelse_job 13,60 % for December 2016, published as the provisional month.
    let dir = sample_with(&["grad_2016_12"], |_, _| String::new());
    let d = dir.path().to_str().unwrap();
    let out = run(&["compute", d, "--format", "csv"]).ok();
    let months = months_of(&out.stdout);
    assert_eq!(months.last().map(String::as_str), Some("2016-11"), "{}", out.stdout);
    assert_eq!(months.len(), 47);
    assert!(!out.stdout.contains("2016-12"));
    // The newest complete month is now November, and it is the provisional one.
    let rows = parse_csv(&out.stdout);
    assert!(find(&rows, "uddannelse_job", "2016-11", "total", "I alt").provisional);
    assert!(
        out.stderr.contains(
            "warning: 2016-12 is left out: DREAM's column grad_2016_12 gives 0 rows an employment degree above 0, \
             under half the 2788 of the months before it (median): present but empty"
        ),
        "{}",
        out.stderr
    );
    // Asked for, it is a usage error that says what the month lacks.
    let err = run(&["compute", d, "--from", "2016-12", "--to", "2016-12"]).fails(2).stderr;
    assert!(err.contains("2016-12: DREAM's column grad_2016_12 gives 0 rows an employment degree above 0"), "{err}");
    // check says so, and which months are complete.
    let check = run(&["check", d]).ok().stdout;
    assert!(check.contains("complete months              2013-01 – 2016-11 (47 months)"), "{check}");
    assert!(check.contains("incomplete 2016-12"), "{check}");
    // The report on the quarter holding it is refused; the quarter before is reported.
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("r");
    let o = out_dir.to_str().unwrap();
    let err = run(&["report", d, "--quarter", "2016K4", "--out", o, "--no-record"]).fails(2).stderr;
    assert!(err.contains("4. kvartal 2016 cannot be reported") && err.contains("grad_2016_12"), "{err}");
    assert!(!out_dir.exists(), "a refused report writes nothing");
    run(&["report", d, "--quarter", "2016K3", "--out", o, "--no-record"]).ok();
}

#[test]
fn a_month_of_empty_week_columns_is_not_complete() {
    // y_1649 to y_1652 (December 2016's weeks) present but empty: read as "no benefit", they
    // gave arbejdsduelige 75,41 % against 74,97 %.
    let dir = sample_with(&["y_1649", "y_1650", "y_1651", "y_1652"], |_, _| String::new());
    let d = dir.path().to_str().unwrap();
    let out = run(&["compute", d, "--format", "csv"]).ok();
    assert_eq!(months_of(&out.stdout).last().map(String::as_str), Some("2016-11"));
    assert!(
        out.stderr.contains("2016-12 is left out: DREAM's column y_1649 (2016-W49) holds a benefit code in 0 rows"),
        "{}",
        out.stderr
    );
    let err = run(&["compute", d, "--to", "2016-12"]).fails(2).stderr;
    assert!(err.contains("y_1652 (2016-W52) holds a benefit code in 0 rows"), "{err}");
}

#[test]
fn a_month_filled_far_less_than_the_ones_before_is_not_complete() {
    // Only every fourth row has its December degree: DREAM's degrees are on their way.
    let dir = sample_with(&["grad_2016_12"], |row, cell| if row % 4 == 0 { cell.to_string() } else { String::new() });
    let d = dir.path().to_str().unwrap();
    let out = run(&["compute", d, "--format", "csv"]).ok();
    assert_eq!(months_of(&out.stdout).last().map(String::as_str), Some("2016-11"));
    assert!(out.stderr.contains("present but not yet filled"), "{}", out.stderr);
    // Three rows in four is not far less: the month is complete.
    let dir = sample_with(&["grad_2016_12"], |row, cell| if row % 4 != 0 { cell.to_string() } else { String::new() });
    let out = run(&["compute", dir.path().to_str().unwrap(), "--format", "csv"]).ok();
    assert_eq!(months_of(&out.stdout).last().map(String::as_str), Some("2016-12"));
}

#[test]
fn a_converted_extract_judges_its_months_as_the_csv_did() {
    let dir = sample_with(&["grad_2016_12"], |_, _| String::new());
    let tmp = tempfile::tempdir().unwrap();
    let conv = tmp.path().join("c");
    run(&["convert", dir.path().to_str().unwrap(), conv.to_str().unwrap()]).ok();
    let c = conv.to_str().unwrap();
    // The rows stay packed in check: how full each column is comes from the stamp.
    let check = run(&["check", c]).ok().stdout;
    assert!(check.contains("complete months              2013-01 – 2016-11 (47 months)"), "{check}");
    let want = run(&["compute", dir.path().to_str().unwrap(), "--format", "csv", "--by", "age"]).ok().stdout;
    assert_eq!(run(&["compute", c, "--format", "csv", "--by", "age"]).ok().stdout, want);
}

#[test]
fn a_window_judges_a_month_as_the_whole_file_does() {
    // A window still reads the three months before it, so December is judged the same.
    let dir = sample_with(&["grad_2016_12"], |_, _| String::new());
    let d = dir.path().to_str().unwrap();
    let err = run(&["compute", d, "--from", "2016-11", "--to", "2016-12"]).fails(2).stderr;
    assert!(err.contains("grad_2016_12 gives 0 rows"), "{err}");
    let out = run(&["compute", d, "--from", "2016-11", "--format", "csv"]).ok();
    assert_eq!(months_of(&out.stdout), ["2016-11"]);
}

#[test]
fn a_tiny_extract_is_judged_by_its_columns_alone() {
    // In the hand-made fixtures nobody may have a benefit in a week: under 20 rows with
    // something in them before, an empty column is no sign of a delivery not yet filled.
    let out = run(&["compute", fixture("basic").to_str().unwrap(), "--format", "csv", "--no-suppression"]).ok();
    assert_eq!(months_of(&out.stdout), ["2015-11", "2015-12", "2016-01"]);
}
