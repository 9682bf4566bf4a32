//! Cron runs that speak only when something changed (issue 22): a quiet run (`-q`) of `report`
//! or `compute --record` prints nothing unless, against the run of the same series recorded
//! last, a target's signal changed colour or a published total was revised by more than 0,1
//! percentage points. The figures are the `report` fixture's (tests/fixtures/report/EXPECTED.md:
//! 40 persons of Odense, R01–R30 in a job every month; uddannelse_job 33/40 = 82,5 % in
//! September 2016, 32/40 = 80,0 % in July 2016) and the sample's.

use crate::common::*;
use std::path::Path;

/// A later DREAM delivery in which `persons` have no employment degree in `month` (a column
/// `grad_YYYY_MM`): those in a job only by it are no longer in education or job that month.
fn without_job(extract: &Path, persons: &[&str], column: &str) {
    let path = extract.join("dream.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let at = header.split(',').position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
    let mut out = header.to_string() + "\n";
    for l in lines {
        let mut f: Vec<&str> = l.split(',').collect();
        if persons.contains(&f[0]) {
            assert!(!f[at].is_empty(), "{} has no {column} to take away", f[0]);
            f[at] = "";
        }
        out.push_str(&f.join(","));
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
}

/// A quiet report of 2016K3 (replacing the files of an earlier run), recorded in `tmp`'s store.
fn quiet_report(tmp: &Path, dir: &str, lang: &str) -> Run {
    run_in(tmp, &["-q", "report", dir, "--quarter", "2016K3", "--force", "--lang", lang])
}

fn silent(r: Run) {
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    assert_eq!(r.stdout, "", "a quiet run printed on stdout");
    assert_eq!(r.stderr, "", "a quiet run printed on stderr");
}

#[test]
fn a_quiet_rerun_with_nothing_changed_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = copy_fixture("report");
    let dir = ex.path().to_str().unwrap();
    // The first run of the series has nothing to compare with; the rerun has nothing new.
    silent(quiet_report(tmp.path(), dir, "da"));
    silent(quiet_report(tmp.path(), dir, "da"));
    // The English report of the same extract judges the same signals.
    silent(quiet_report(tmp.path(), dir, "en"));
    // compute --record: its figures on stdout (a cron job redirects them), nothing else.
    let plain = run(&["compute", dir, "--format", "csv"]).ok();
    for _ in 0..2 {
        let r = run_in(tmp.path(), &["-q", "compute", dir, "--record", "--format", "csv"]).ok();
        assert_eq!(r.stderr, "");
        assert_eq!(r.stdout, plain.stdout);
    }
    let store = tmp.path().join("reports/effektmaal.sqlite");
    let c = rusqlite::Connection::open(&store).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM signal", [], |r| r.get(0)).unwrap();
    // One report run (both languages record under the report's stem: two runs) and one
    // compute run, each with the two targets' signals.
    assert_eq!(n, 6);
}

/// A quiet report of 2016K3 in `lang` of the fixture, then of a later delivery in which R01–R03
/// lose September 2016's job: what the second says. A rerun of it says nothing.
///
/// 33 − 3 = 30 of 40 in education or job, 75,0 %. The signal rests on the seasonal course:
/// September 2015's 30 of 40 = 75,0 % plus what the straight line gains over the twelve
/// months, 2,6 × 11/12 = 2,383 (it is held at 75,4 % after August 2016), so 77,383 %:
/// 75,0 − 77,38 = −2,4 pp, below −1,0: red, where 82,5 % (+5,1 pp) was green. The published 82,5 % is revised by 75,0 − 82,5 = −7,5 pp. arbejdsduelige was hidden
/// in September (2 outside), so no revision of it; its signal is green whether it rests on
/// June 2016 (87,5 % against 76,1 + 2,3 × 10/12 = 78,02 %) or on September (38 − 3 = 35 of 40,
/// 87,5 %, against 78,4 %): not said.
fn september_lost(lang: &str) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let ex = copy_fixture("report");
    let dir = ex.path().to_str().unwrap();
    silent(quiet_report(tmp.path(), dir, lang));
    without_job(ex.path(), &["R01", "R02", "R03"], "grad_2016_09");
    let r = quiet_report(tmp.path(), dir, lang).ok();
    assert_eq!(r.stdout, "");
    // Said once: the rerun compares with itself.
    silent(quiet_report(tmp.path(), dir, lang));
    r
}

#[test]
fn a_signal_that_changed_colour_is_said_with_its_values() {
    assert_eq!(
        september_lost("da").stderr,
        "Signal ændret: Andel 16–66-årige i uddannelse eller job, september 2016: grøn → rød (75,0 % mod kurs 77,4 %).\n\
         Revideret: Andel 16–66-årige i uddannelse eller job, september 2016: 82,5 % → 75,0 % (−7,5 pct.-point).\n"
    );
}

#[test]
fn a_revision_above_the_threshold_is_said_below_it_not() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = copy_fixture("report");
    let dir = ex.path().to_str().unwrap();
    let quiet = |dir: &str| run_in(tmp.path(), &["-q", "compute", dir, "--record", "--format", "csv"]).ok();
    assert_eq!(quiet(dir).stderr, "");
    // R36 loses July 2016's job: 32 − 1 = 31 of 40, 77,5 %; 77,5 − 80,0 = −2,5 pp. September
    // (the month judged) is unchanged: no signal changed.
    without_job(ex.path(), &["R36"], "grad_2016_07");
    assert_eq!(
        quiet(dir).stderr,
        "Revideret: Andel 16–66-årige i uddannelse eller job, juli 2016: 80,0 % → 77,5 % (−2,5 pct.-point).\n"
    );
    // The sample: one person more or less moves a share of thousands by far less than 0,1 pp.
    let sample = copy_dir(&sample());
    let s = sample.path().to_str().unwrap();
    let store = tmp.path().join("sample.sqlite");
    let quiet = |dir: &str| {
        run_in(tmp.path(), &["-q", "compute", dir, "--record", "--format", "csv", "--store", store.to_str().unwrap()])
            .ok()
    };
    let before = parse_csv(&quiet(s).stdout);
    // P2D81480F (no benefit, no education in September 2016) loses its employment degree 0,92.
    without_job(sample.path(), &["P2D81480F"], "grad_2016_09");
    let r = quiet(s);
    assert_eq!(r.stderr, "", "a revision under the threshold was said");
    let after = parse_csv(&r.stdout);
    let (b, a) = (
        find(&before, "uddannelse_job", "2016-09", "total", "I alt"),
        find(&after, "uddannelse_job", "2016-09", "total", "I alt"),
    );
    // One full-time person fewer: 2657,80 / 3607,80 = 73,668 % → 2656,80 / 3607,80 = 73,640 %,
    // −0,028 pp.
    assert_eq!((b.numerator, b.denominator, b.share), (Some(2657.8), Some(3607.8), Some(73.67)));
    assert_eq!((a.numerator, a.denominator, a.share), (Some(2656.8), Some(3607.8), Some(73.64)));
    // It was recorded as a revision all the same.
    let hist = run_in(
        tmp.path(),
        &[
            "history",
            "--kpi",
            "uddannelse_job",
            "--from",
            "2016-09",
            "--to",
            "2016-09",
            "--format",
            "csv",
            "--store",
            store.to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(hist.stdout.lines().count(), 3, "{}", hist.stdout);
}

#[test]
fn the_summary_is_in_the_reports_language() {
    assert_eq!(
        september_lost("en").stderr,
        "Signal changed: Share of 16–66-year-olds in education or job, September 2016: green → red (75.0 % against course 77.4 %).\n\
         Revised: Share of 16–66-year-olds in education or job, September 2016: 82.5 % → 75.0 % (−7.5 pp).\n"
    );
    // compute --record --lang en says it alike, and without -q after its other messages.
    // compute judges the newest month, December 2016 (33 of 40, 82,5 %, green); R01–R03 losing
    // December's job make it 30 of 40, 75,0 %, against the seasonal course: December 2015's 30
    // of 40 = 75,0 % plus 2,6 × (1 − 4/12) = 1,733, so 76,73 %: −1,7 pp, red.
    let tmp2 = tempfile::tempdir().unwrap();
    let ex = copy_fixture("report");
    let dir = ex.path().to_str().unwrap();
    assert_eq!(run_in(tmp2.path(), &["-q", "compute", dir, "--record", "--lang", "en"]).ok().stderr, "");
    without_job(ex.path(), &["R01", "R02", "R03"], "grad_2016_12");
    let r = run_in(tmp2.path(), &["compute", dir, "--record", "--lang", "en"]).ok();
    assert!(r.stderr.starts_with("recorded in reports/effektmaal.sqlite: 0 new figures, 2 revised,"), "{}", r.stderr);
    assert!(
        r.stderr.ends_with(
            "Signal changed: Share of 16–66-year-olds in education or job, December 2016: green → red (75.0 % against course 76.7 %).\n\
             Revised: Share of 16–66-year-olds in education or job, December 2016: 82.5 % → 75.0 % (−7.5 pp).\n"
        ),
        "{}",
        r.stderr
    );
}
