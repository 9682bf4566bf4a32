//! The record of published figures: idempotent recording, revisions that never overwrite,
//! the "Revisioner" section, schema migration, locking, and runs killed mid-way.

use crate::common::*;
use std::process::Stdio;

/// A later DREAM delivery: R36's employment degree for July 2016 (6th column from the end) is
/// gone, so July 2016 has 31 of 40 in job or education instead of 32.
fn revise_r36_july(extract: &std::path::Path) {
    let path = extract.join("dream.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("R36,") {
                let mut f: Vec<&str> = l.split(',').collect();
                let n = f.len();
                f[n - 6] = ""; // grad_2016_07
                f.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
}

fn store_rows(path: &std::path::Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn recording_twice_changes_nothing_and_a_new_extract_adds_revisions() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = copy_fixture("report");
    let dir = ex.path().to_str().unwrap();
    let first = run_in(tmp.path(), &["compute", dir, "--record", "--format", "csv"]).ok();
    assert!(first.stderr.contains("new figures, 0 revised, 0 unchanged"), "{}", first.stderr);
    let store = tmp.path().join("reports/effektmaal.sqlite");
    let before = std::fs::read(&store).ok();
    let revisions = store_rows(&store, "SELECT count(*) FROM revision");
    let again = run_in(tmp.path(), &["compute", dir, "--record", "--format", "csv"]).ok();
    assert!(again.stderr.contains(": 0 new figures, 0 revised,"), "{}", again.stderr);
    assert_eq!(store_rows(&store, "SELECT count(*) FROM revision"), revisions);
    assert_eq!(store_rows(&store, "SELECT count(*) FROM run"), 1);
    let _ = before;
    // DREAM revises R36's employment in July 2016 away: 31/40 instead of 32/40 in job or education.
    revise_r36_july(ex.path());
    let third = run_in(tmp.path(), &["compute", dir, "--record", "--format", "csv"]).ok();
    assert!(third.stderr.contains(" revised,"), "{}", third.stderr);
    assert_eq!(store_rows(&store, "SELECT count(*) FROM run"), 2);
    let hist = run_in(
        tmp.path(),
        &["history", "--kpi", "uddannelse_job", "--from", "2016-07", "--to", "2016-07", "--format", "csv"],
    )
    .ok();
    let rows: Vec<String> = hist.stdout.lines().skip(1).map(without_series).collect();
    assert_eq!(rows.len(), 2, "{}", hist.stdout);
    assert!(rows[0].starts_with("alle,uddannelse_job,2016-07,1,80.00,32.00,40.00,"), "{}", rows[0]);
    assert!(rows[1].starts_with("alle,uddannelse_job,2016-07,2,77.50,31.00,40.00,"), "{}", rows[1]);
}

#[test]
fn report_lists_published_figures_that_were_revised() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = copy_fixture("report");
    let dir = ex.path().to_str().unwrap();
    run_in(tmp.path(), &["report", dir, "--quarter", "2016K3"]).ok();
    revise_r36_july(ex.path());
    run_in(tmp.path(), &["report", dir, "--quarter", "2016K3", "--force"]).ok();
    let out = std::process::Command::new("pdftotext")
        .arg(tmp.path().join("reports/effektmaal-2016-K3.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let t = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    // Danish statistics write pct.-point (procentpoint), not pp.
    assert!(t.contains("2016-07 80,0 % 77,5 % −2,5 pct.-point"), "{t}");
    assert!(t.contains("Tidligere offentliggjorte tal, der siden er ændret"), "{t}");
    // Both reports and their figures are kept.
    let store = tmp.path().join("reports/effektmaal.sqlite");
    assert_eq!(store_rows(&store, "SELECT count(*) FROM run WHERE kind = 'report'"), 2);
}

#[test]
fn a_store_from_the_previous_schema_is_upgraded_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("old.sqlite");
    {
        let c = rusqlite::Connection::open(&store).unwrap();
        c.execute_batch(effektmaal::store::SCHEMA_V1).unwrap();
        for (share, made, sha) in [
            (72.8, "2015-09-10T06:00:00Z", "aaa"),
            (72.9, "2015-10-10T06:00:00Z", "bbb"),
            (72.9, "2015-11-10T06:00:00Z", "ccc"),
        ] {
            c.execute(
                "INSERT INTO figure VALUES ('uddannelse_job', '2015-08', 'total', 'I alt', 1.0, 2.0, ?1, ?3, '0.0.9', ?2, 'effektmaal-2015-K3')",
                rusqlite::params![share, made, sha],
            )
            .unwrap();
        }
    }
    let out = run_in(tmp.path(), &["history", "--store", store.to_str().unwrap(), "--format", "csv"]).ok();
    let rows: Vec<String> = out.stdout.lines().skip(1).map(without_series).collect();
    // Three recordings, two distinct values: two revisions, the second seen in two reports runs.
    assert_eq!(rows.len(), 2, "{}", out.stdout);
    assert!(rows[0].starts_with("461,uddannelse_job,2015-08,1,72.80,"));
    assert!(rows[1].starts_with("461,uddannelse_job,2015-08,2,72.90,"));
    assert_eq!(store_rows(&store, "PRAGMA user_version"), effektmaal::store::SCHEMA_VERSION);
    // A store from a newer version is refused and left alone.
    rusqlite::Connection::open(&store).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let out = run_in(tmp.path(), &["history", "--store", store.to_str().unwrap()]).fails(3);
    assert!(out.stderr.contains("made by a newer version of effektmaal (schema 99"), "{}", out.stderr);
    assert_eq!(store_rows(&store, "PRAGMA user_version"), 99);
}

#[test]
fn a_held_lock_gives_exit_4_or_is_waited_for() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("basic");
    let dir = fx.to_str().unwrap();
    std::fs::create_dir_all(tmp.path().join("reports")).unwrap();
    let lock = std::fs::File::create(tmp.path().join("reports/effektmaal.sqlite.lock")).unwrap();
    lock.lock().unwrap();
    let out = run_in(tmp.path(), &["compute", dir, "--record"]).fails(4);
    assert!(out.stderr.contains("another run holds the lock"), "{}", out.stderr);
    let out = run_in(tmp.path(), &["compute", dir, "--record", "--wait", "1"]).fails(4);
    assert!(out.stderr.contains("(waited 1 s)"), "{}", out.stderr);
    let child = bin()
        .current_dir(tmp.path())
        .args(["compute", dir, "--record", "--wait", "30", "-q"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(lock);
    let status = child.wait_with_output().unwrap().status;
    assert!(status.success());
}

#[test]
fn two_concurrent_runs_on_one_store_both_finish_and_record_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    let dir = fx.to_str().unwrap();
    let spawn = || {
        bin()
            .current_dir(tmp.path())
            .args(["compute", dir, "--record", "--wait", "60", "-q"])
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    assert!(a.wait_with_output().unwrap().status.success());
    assert!(b.wait_with_output().unwrap().status.success());
    let store = tmp.path().join("reports/effektmaal.sqlite");
    assert_eq!(store_rows(&store, "SELECT count(*) FROM run"), 1);
    let n = store_rows(&store, "SELECT count(*) FROM revision");
    assert!(n > 0);
    assert_eq!(store_rows(&store, "SELECT count(*) FROM revision WHERE revision > 1"), 0);
}

#[test]
fn a_run_killed_at_any_moment_leaves_no_partial_report_and_a_sound_store() {
    let fx = fixture("report");
    let dir = fx.to_str().unwrap();
    for delay_ms in [0u64, 20, 60, 120, 250, 500] {
        let tmp = tempfile::tempdir().unwrap();
        let mut child =
            bin().current_dir(tmp.path()).args(["report", dir, "--quarter", "2016K3", "-q"]).spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let reports = tmp.path().join("reports");
        if let Ok(entries) = std::fs::read_dir(&reports) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let bytes = std::fs::read(e.path()).unwrap_or_default();
                if name.ends_with(".pdf") {
                    assert!(
                        bytes.starts_with(b"%PDF") && bytes.windows(5).any(|w| w == b"%%EOF"),
                        "partial PDF after {delay_ms} ms"
                    );
                }
            }
        }
        // The next run cleans up, and the store opens with only completed runs.
        run_in(tmp.path(), &["report", dir, "--quarter", "2016K3", "-q", "--force"]).ok();
        let left: Vec<String> = std::fs::read_dir(&reports)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
        let store = reports.join("effektmaal.sqlite");
        assert_eq!(store_rows(&store, "SELECT count(*) FROM run"), 1);
        run_in(tmp.path(), &["history"]).ok();
    }
}

/// Revisions are changes of data, never of disclosure control. Four quarterly reports of one
/// extract once gave April 2015 as 65,5 % → – → 65,5 %, and `compute --record` with and
/// without `--by status` made revisions 1–4 under one run; now every output of an extract
/// shows a cell alike, so recording them all makes one revision of each figure.
#[test]
fn outputs_of_one_extract_never_revise_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = tmp.path().join("x");
    let x = ex.to_str().unwrap();
    // A small extract, where disclosure control hides much (120 persons, 2015–2016).
    run_in(
        tmp.path(),
        &["simulate", "--persons", "120", "--from", "2015-01", "--to", "2016-12", "--seed", "1", "--out", x],
    )
    .ok();
    let store = tmp.path().join("store.sqlite");
    let st = store.to_str().unwrap();
    for q in ["2015K4", "2016K1", "2016K2", "2016K3"] {
        run_in(tmp.path(), &["report", x, "--quarter", q, "--store", st, "-q"]).ok();
    }
    // compute --record with and without breakdowns, alternating.
    for by in ["", "status", "", "age,sex,herkomst,omraade,status", "status"] {
        let mut args = vec!["compute", x, "--record", "--store", st, "--format", "csv"];
        if !by.is_empty() {
            args.extend(["--by", by]);
        }
        run_in(tmp.path(), &args).ok();
    }
    assert_eq!(store_rows(&store, "SELECT count(*) FROM revision WHERE revision > 1"), 0);
    assert!(store_rows(&store, "SELECT count(*) FROM revision") > 1000);
    // Hidden figures are recorded as hidden, not left out.
    assert!(store_rows(&store, "SELECT count(*) FROM revision WHERE share IS NULL") > 100);
    // One run per kind of output (the four reports, and compute), whatever the breakdowns.
    assert_eq!(store_rows(&store, "SELECT count(*) FROM run WHERE kind = 'compute'"), 1);
    assert_eq!(store_rows(&store, "SELECT count(*) FROM run"), 5);
}

/// A `history --format csv` line without its series of deliveries (column 2): a hash of the
/// extract's kind, asserted where series are the point.
fn without_series(line: &str) -> String {
    line.split(',').enumerate().filter(|(i, _)| *i != 1).map(|(_, f)| f).collect::<Vec<_>>().join(",")
}
