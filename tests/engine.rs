//! The engine on hand-made extracts: `tests/fixtures/basic/EXPECTED.md` derives every figure.

use crate::common::*;

fn basic_csv(extra: &[&str]) -> Vec<Row> {
    let dir = fixture("basic");
    let mut args = vec!["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression"];
    args.extend_from_slice(extra);
    parse_csv(&run(&args).ok().stdout)
}

fn assert_fig(rows: &[Row], kpi: &str, month: &str, num: f64, den: f64, share: f64) {
    let r = find(rows, kpi, month, "total", "I alt");
    assert_eq!(r.numerator, Some(num), "{kpi} {month} numerator");
    assert_eq!(r.denominator, Some(den), "{kpi} {month} denominator");
    assert_eq!(r.share, Some(share), "{kpi} {month} share");
}

#[test]
fn hand_computed_figures_for_odense() {
    let rows = basic_csv(&["--kommune", "461"]);
    // Nov 2015: 23 person-weeks in 4 weeks; 12 in job or education, 16 work-ready.
    assert_fig(&rows, "uddannelse_job", "2015-11", 3.0, 5.75, 52.17);
    assert_fig(&rows, "arbejdsduelige", "2015-11", 4.0, 5.75, 69.57);
    // Dec 2015 (weeks 49–53, week 53 ends 3 Jan 2016): 30 person-weeks in 5 weeks.
    assert_fig(&rows, "uddannelse_job", "2015-12", 4.0, 6.0, 66.67);
    assert_fig(&rows, "arbejdsduelige", "2015-12", 5.0, 6.0, 83.33);
    // Jan 2016: 20 person-weeks in 4 weeks.
    assert_fig(&rows, "uddannelse_job", "2016-01", 3.0, 5.0, 60.0);
    assert_fig(&rows, "arbejdsduelige", "2016-01", 4.0, 5.0, 80.0);
    // Two KPIs × three months, total only.
    assert_eq!(rows.len(), 6);
}

#[test]
fn all_municipalities_without_kommune_filter() {
    let rows = basic_csv(&[]);
    assert_fig(&rows, "uddannelse_job", "2015-11", 4.0, 6.75, 59.26);
    assert_fig(&rows, "uddannelse_job", "2015-12", 5.0, 7.0, 71.43);
    assert_fig(&rows, "uddannelse_job", "2016-01", 4.0, 6.0, 66.67);
}

#[test]
fn status_breakdown_sums_to_total() {
    let rows = basic_csv(&["--kommune", "461", "--by", "status", "--from", "2015-12", "--to", "2015-12"]);
    let fte = |s: &str| find(&rows, "fuldtidspersoner", "2015-12", "status", s).numerator.unwrap();
    // A01 5 + C03 1 + F06 3 + G07 2 = 11 job weeks; C03 4 + D04 5 = 9 education weeks.
    assert_eq!(fte("job"), 2.2);
    assert_eq!(fte("uddannelse"), 1.8);
    assert_eq!(fte("ledig_jobparat"), 1.0);
    assert_eq!(fte("oevrige"), 1.0);
    assert_eq!(fte("pension"), 0.0);
    let sum: f64 = rows.iter().filter(|r| r.dimension == "status").map(|r| r.numerator.unwrap()).sum();
    assert!((sum - 6.0).abs() < 1e-9);
}

#[test]
fn age_band_holds_the_sixteen_year_old_in_school() {
    let rows = basic_csv(&["--kommune", "461", "--by", "age"]);
    // D04 turns 16 on 31 Dec 2015 and is in school all five December weeks.
    let r = find(&rows, "uddannelse_job", "2015-12", "age", "16–19 år");
    assert_eq!((r.numerator, r.denominator, r.share), (Some(1.0), Some(1.0), Some(100.0)));
    let r = find(&rows, "uddannelse_job", "2015-11", "age", "16–19 år");
    assert_eq!((r.numerator, r.denominator), (Some(0.0), Some(0.0)));
    // E05 (66 in December) is in the 60–66 band in December but not in January.
    assert_eq!(find(&rows, "uddannelse_job", "2015-12", "age", "60–66 år").denominator, Some(1.0));
    assert_eq!(find(&rows, "uddannelse_job", "2016-01", "age", "60–66 år").denominator, Some(0.0));
}

#[test]
fn windows_1252_semicolons_and_decimal_commas_give_the_same_figures() {
    let dir = fixture("win1252");
    let out = run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression", "--kommune", "461"]).ok();
    let rows = parse_csv(&out.stdout);
    assert_fig(&rows, "uddannelse_job", "2015-11", 3.0, 5.75, 52.17);
    assert_fig(&rows, "uddannelse_job", "2015-12", 4.0, 6.0, 66.67);
    assert_fig(&rows, "arbejdsduelige", "2016-01", 4.0, 5.0, 80.0);
    let areas = run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression", "--by", "omraade"]).ok();
    assert!(areas.stdout.contains(",omraade,Højby,"), "{}", areas.stdout);
}

#[test]
fn suppression_is_on_by_default() {
    let dir = fixture("basic");
    let out = run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--kommune", "461"]).ok();
    assert!(!out.stderr.contains("must not be published"));
    let rows = parse_csv(&out.stdout);
    let r = find(&rows, "uddannelse_job", "2015-11", "total", "I alt");
    // Three persons in the numerator (A01, C03, G07): hidden; six in the denominator: under
    // 20, so hidden too, and no share.
    assert_eq!((r.numerator, r.denominator, r.share), (None, None, None));
    assert_eq!(r.suppressed, "1-4 personer; nævner under 20 personer");
    let unsup = run(&["compute", dir.to_str().unwrap(), "--no-suppression"]).ok();
    assert!(unsup.stderr.contains("must not be published"), "{}", unsup.stderr);
}

#[test]
fn table_uses_danish_number_format() {
    let dir = fixture("basic");
    let out = run(&["compute", dir.to_str().unwrap(), "--no-suppression", "--kommune", "461"]).ok();
    let line = out.stdout.lines().find(|l| l.starts_with("uddannelse_job") && l.contains("2015-11")).unwrap();
    let t: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&t[t.len() - 4..], ["3,0", "5,8", "52,2", "%"], "{line:?}");
}

#[test]
fn json_output_has_the_same_figures() {
    let dir = fixture("basic");
    let out = run(&["compute", dir.to_str().unwrap(), "--no-suppression", "--kommune", "461", "--format", "json"]).ok();
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let first = &v[0];
    assert_eq!(first["kpi"], "uddannelse_job");
    assert_eq!(first["month"], "2015-11");
    assert_eq!(first["share_pct"], 52.17);
    assert_eq!(first["denominator"], 5.75);
}

#[test]
fn check_summarises_the_extract() {
    let dir = fixture("basic");
    let out = run(&["check", dir.to_str().unwrap()]).ok();
    let s = out.stdout;
    assert!(s.contains("persons                              9"), "{s}");
    assert!(s.contains("2015-W45 – 2016-W04 (13 weeks)"), "{s}");
    assert!(s.contains("complete months              2015-11 – 2016-01 (3 months)"), "{s}");
    // Codes with their person-weeks: 111 × 13 (B02), 651 × 4 (C03), 999 × 7 (G07).
    let code = |c: &str, n: &str| {
        s.lines().any(|l| l.trim_start().starts_with(c) && l.contains(&format!(" {n} person-weeks")))
    };
    assert!(code("111", "13") && code("651", "4") && code("999", "7"), "{s}");
    assert!(s.contains("unknown codes: none"));
}

#[test]
fn unknown_code_is_listed_and_counted_as_oevrige() {
    let tmp = copy_fixture("basic");
    let path = tmp.path().join("dream.csv");
    let text = std::fs::read_to_string(&path).unwrap().replace("A01,,,,,", "A01,555,,,,");
    std::fs::write(&path, text).unwrap();
    let check = run(&["check", tmp.path().to_str().unwrap()]).ok();
    assert!(check.stdout.contains("Unknown codes"), "{}", check.stdout);
    assert!(check.stdout.lines().any(|l| l.trim_start().starts_with("555") && l.contains(" 1 person-weeks")));
    let out =
        run(&["compute", tmp.path().to_str().unwrap(), "--format", "csv", "--no-suppression", "--kommune", "461"]).ok();
    assert!(
        out.stderr.contains("benefit code 555 is not in the code map: 1 person-weeks counted as oevrige"),
        "{}",
        out.stderr
    );
    // A01 loses one job week in November: 11/23.
    let rows = parse_csv(&out.stdout);
    assert_fig(&rows, "uddannelse_job", "2015-11", 2.75, 5.75, 47.83);
}

#[test]
fn month_outside_the_extract_is_a_usage_error() {
    let dir = fixture("basic");
    let out = run(&["compute", dir.to_str().unwrap(), "--from", "2015-01"]).fails(2);
    assert!(out.stderr.contains("the extract covers the months 2015-11 to 2016-01"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn raw_cpr_number_is_refused_without_showing_it() {
    let tmp = copy_fixture("basic");
    for name in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        let path = tmp.path().join(name);
        let text = std::fs::read_to_string(&path).unwrap().replace("C03", "0101901234");
        std::fs::write(&path, text).unwrap();
    }
    let out = run(&["compute", tmp.path().to_str().unwrap()]).fails(3);
    assert!(
        out.stderr.contains("befolkning.csv:4: column 1 (pnr): the person id looks like a raw CPR number"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("0101901234") && !out.stdout.contains("0101901234"));
    assert!(out.stdout.is_empty());
}

#[test]
fn codes_997_and_998_take_the_person_out_like_999() {
    for code in ["997", "998"] {
        let tmp = copy_fixture("basic");
        let path = tmp.path().join("dream.csv");
        let text = std::fs::read_to_string(&path).unwrap().replace("999", code);
        std::fs::write(&path, text).unwrap();
        let out =
            run(&["compute", tmp.path().to_str().unwrap(), "--format", "csv", "--no-suppression", "--kommune", "461"])
                .ok();
        let rows = parse_csv(&out.stdout);
        // G07 counts in December's first two weeks only, as with 999.
        assert_fig(&rows, "uddannelse_job", "2015-12", 4.0, 6.0, 66.67);
        assert_fig(&rows, "uddannelse_job", "2016-01", 3.0, 5.0, 60.0);
    }
}

#[test]
fn cr_only_line_ends_are_read_as_lines() {
    // befolkning.csv of `basic` with old Mac line ends (CR only): the same figures.
    let dir = fixture("cr-line-endings");
    let rows = parse_csv(
        &run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression", "--kommune", "461"])
            .ok()
            .stdout,
    );
    assert_fig(&rows, "uddannelse_job", "2015-12", 4.0, 6.0, 66.67);
    assert_fig(&rows, "arbejdsduelige", "2016-01", 4.0, 5.0, 80.0);
}

/// A person's residence cut into two spells that follow each other, at the same address, is
/// the same residence: every figure stays. (Persons with one spell over a whole month are
/// classified the short way, persons with several week by week: both must agree.)
#[test]
fn a_spell_cut_in_two_changes_no_figure() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let tmp = tempfile::tempdir().unwrap();
    for f in ["dream.csv", "uddannelse.csv"] {
        std::fs::copy(sample.join(f), tmp.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(sample.join("befolkning.csv")).unwrap();
    let mut out = String::new();
    let mut cut = 0;
    for (i, line) in text.lines().enumerate() {
        let c: Vec<&str> = line.split(',').collect();
        // A spell from before 2014 on: cut on 2014-03-12 (a Wednesday) or 2015-07-02 (a Thursday).
        let day = if i % 2 == 0 { "2014-03-12" } else { "2015-07-02" };
        if i > 0 && c[7] < day && (c[8].is_empty() || c[8] > day) {
            let next = if i % 2 == 0 { "2014-03-13" } else { "2015-07-03" };
            out += &format!("{},{day}\n", c[..8].join(","));
            out += &format!("{},{next},{}\n", c[..7].join(","), c[8]);
            cut += 1;
        } else {
            out += line;
            out += "\n";
        }
    }
    assert!(cut > 1000, "{cut} spells cut");
    std::fs::write(tmp.path().join("befolkning.csv"), out).unwrap();
    for by in ["age,sex,herkomst,omraade,status", "kommune"] {
        let compute = |dir: &std::path::Path| {
            run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression", "--by", by]).ok().stdout
        };
        assert_eq!(compute(tmp.path()), compute(&sample), "--by {by}");
    }
}
