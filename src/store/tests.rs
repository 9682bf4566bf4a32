//! The store's own tests: schema upgrades, revisions, the runs compared.

use super::*;

fn signal(colour: &str, value: f64) -> SignalRecord {
    SignalRecord {
        target: "uddannelse_job".into(),
        month: "2016-09".into(),
        colour: colour.into(),
        value,
        course: 75.4,
    }
}

fn run<'a>(sha: &'a str) -> Run<'a> {
    Run {
        kind: "compute",
        report: "",
        scope: "461",
        series: "s1",
        extract_sha: sha,
        version: "0",
        made_at: "2016-10-01T00:00:00Z",
    }
}

#[test]
fn a_schema_4_store_is_upgraded_in_place_to_keep_signals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(SCHEMA_V2).unwrap();
        c.execute_batch(SCHEMA_V3).unwrap();
        c.execute_batch(SCHEMA_V4).unwrap();
        c.execute_batch(
            "INSERT INTO run (kind, report, scope, extract_sha, version, made_at, series)
             VALUES ('compute', '', '461', 'a', '0', 't1', 's1'), ('report', 'r', '461', 'a', '0', 't2', 's1');
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 5);
    // The runs kept, in the order they were recorded, with no signals.
    let recorded: Vec<i64> = {
        let mut st = store.conn.prepare("SELECT recorded FROM run ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(recorded, [1, 2]);
    assert_eq!(store.conn.query_row("SELECT count(*) FROM signal", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
    // The old compute run has no signals to compare with; recording a new one keeps its own.
    let r = store.record(&run("b"), &[], &[signal("green", 82.5)]).unwrap();
    assert!(r.signals_before.is_empty());
    let r = store.record(&run("c"), &[], &[signal("yellow", 75.0)]).unwrap();
    assert_eq!(r.signals_before, [signal("green", 82.5)]);
}

#[test]
fn the_run_recorded_last_is_compared_with_even_an_older_extract_recorded_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("s.sqlite")).unwrap();
    let fig = |share: f64| Record {
        provisional: false,
        kpi: "uddannelse_job".into(),
        month: "2016-07".into(),
        dimension: "total".into(),
        group: "I alt".into(),
        numerator: Some(share * 0.4),
        denominator: Some(40.0),
        share: Some(share),
    };
    store.record(&run("a"), &[fig(80.0)], &[signal("green", 82.5)]).unwrap();
    // A new extract: the share revised 80 → 77,5, the signal yellow.
    let r = store.record(&run("b"), &[fig(77.5)], &[signal("yellow", 75.0)]).unwrap();
    assert_eq!(r.signals_before, [signal("green", 82.5)]);
    assert_eq!(r.revised.len(), 1);
    assert_eq!((r.revised[0].old, r.revised[0].new), (80.0, 77.5));
    // The same extract again: compared with itself, nothing changed.
    let r = store.record(&run("b"), &[fig(77.5)], &[signal("yellow", 75.0)]).unwrap();
    assert_eq!(r.signals_before, [signal("yellow", 75.0)]);
    assert!(r.revised.is_empty());
    // The older extract recorded again is compared with the one recorded last, b.
    let r = store.record(&run("a"), &[fig(80.0)], &[signal("green", 82.5)]).unwrap();
    assert_eq!(r.signals_before, [signal("yellow", 75.0)]);
    assert_eq!((r.revised[0].old, r.revised[0].new), (77.5, 80.0));
    // Another kind of run has signals of its own.
    let report = Run { kind: "report", report: "r", ..run("a") };
    assert!(store.record(&report, &[fig(80.0)], &[signal("green", 82.5)]).unwrap().signals_before.is_empty());
}

#[test]
fn a_revision_is_a_change_of_data_never_of_suppression() {
    let shown = (Some(20.0), Some(25.0), Some(80.0));
    // The same extract never revises, whatever an output hides.
    assert!(!revises(&shown, (None, Some(25.0), None), true));
    assert!(!revises(&shown, (Some(21.0), Some(25.0), Some(84.0)), true));
    // A later extract: a value that moved, or one shown that was hidden, revises.
    assert!(revises(&shown, (Some(21.0), Some(25.0), Some(84.0)), false));
    assert!(revises(&(None, Some(25.0), None), (Some(20.0), Some(25.0), Some(80.0)), false));
    // A value hidden now stays as published; the others unchanged: no revision.
    assert!(!revises(&shown, (None, Some(25.0), None), false));
    assert!(!revises(&shown, (None, None, None), false));
    assert!(!revises(&shown, shown, false));
}
