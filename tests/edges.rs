//! Robust at the edges (issue 19, item 7): texts too long for a report, leftovers of killed
//! runs, refused and failed runs that change nothing, I/O errors that name their path, stores
//! that cannot be read, CR line ends, and lock files.

use crate::common::*;
use std::path::{Path, PathBuf};

const LONG_AREA: usize = 20_000;

/// `report` on the `report` fixture (or `extract`), run in `dir`.
fn report(dir: &Path, extract: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["report", extract.to_str().unwrap(), "--quarter", "2016K3"];
    args.extend_from_slice(extra);
    run_in(dir, &args)
}

/// The `report` fixture with Vollsmose renamed on line `line` of befolkning.csv.
fn with_area(line: usize, name: &str) -> tempfile::TempDir {
    let ex = copy_fixture("report");
    let path = ex.path().join("befolkning.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { l.replace("Vollsmose", name) } else { l.to_string() })
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    ex
}

/// Every file under `dir`, as paths relative to it with their bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p.clone());
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), Vec::new()));
            } else {
                out.push((p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

pub(crate) fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_iter().map(|(p, _)| p.display().to_string()).collect()
}

#[test]
fn a_local_area_name_too_long_for_a_report_is_refused_where_it_is_read() {
    let name = "Vollsmose ".repeat(LONG_AREA / 10);
    let ex = with_area(37, name.trim_end());
    let dir = ex.path().to_str().unwrap();
    let want = format!(
        "befolkning.csv:37: column 7 (omraade): the local area's name is {} characters long: a report shows at most 100",
        LONG_AREA - 1
    );
    let tmp = tempfile::tempdir().unwrap();
    for args in [vec!["check", dir], vec!["compute", dir], vec!["report", dir, "--quarter", "2016K3"]] {
        let out = run_in(tmp.path(), &args).fails(3);
        assert!(out.stderr.contains(&want), "{args:?}: {}", &out.stderr[..out.stderr.len().min(2000)]);
        assert!(out.stderr.len() < 2000, "the name itself is not shown");
    }
    assert!(names(tmp.path()).is_empty(), "{:?}", names(tmp.path()));
}

#[test]
fn a_local_area_name_as_long_as_a_report_shows_makes_a_report() {
    // 100 characters, one word: shortened with "…" on the charts' axes, whole in the tables.
    let name = format!("Vollsmose{}", "x".repeat(91));
    let ex = with_area(37, &name);
    let tmp = tempfile::tempdir().unwrap();
    report(tmp.path(), ex.path(), &["--no-record"]).ok();
    let html = std::fs::read_to_string(tmp.path().join("reports/effektmaal-2016-K3.html")).unwrap();
    assert!(html.contains(&name));
}

#[test]
fn an_initiative_field_longer_than_a_pdf_holds_is_refused_before_typesetting() {
    let tmp = tempfile::tempdir().unwrap();
    let ini = tmp.path().join("initiativer.csv");
    let note = "Lang note. ".repeat(4000);
    std::fs::write(
        &ini,
        format!(
            "id;fokusomraade;titel;status;igangsat;justering;note\n1.1;A;{};igangsat;2016-08-15;;kort\n1.2;A;B;igangsat;2016-08-15;;{note}\n",
            "T".repeat(201)
        ),
    )
    .unwrap();
    let out = report(tmp.path(), &fixture("report"), &["--initiatives", ini.to_str().unwrap()]).fails(3);
    assert!(
        out.stderr.contains(
            "initiativer.csv:2: column 3 (titel): the title is 201 characters long: a report shows at most 200"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "initiativer.csv:3: column 7 (note): the note is 43999 characters long: a report shows at most 1000"
        ),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("PDF"), "{}", out.stderr);
    assert!(!tmp.path().join("reports").exists());
}

#[test]
fn benchmark_units_and_cluster_names_too_long_for_a_report_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "Enhed ".repeat(17);
    let bench = tmp.path().join("benchmarks.csv");
    std::fs::write(&bench, format!("kpi;maaned;enhed;andel\nuddannelse_job;2016-09;{long};73,0\n")).unwrap();
    let out = report(tmp.path(), &fixture("report"), &["--benchmarks", bench.to_str().unwrap()]).fails(3);
    assert!(
        out.stderr.contains(
            "benchmarks.csv:2: column 3 (enhed): the unit's name is 101 characters long: a report shows at most 100"
        ),
        "{}",
        out.stderr
    );
    let klynger = tmp.path().join("klynger.csv");
    std::fs::write(&klynger, format!("kommune;klynge\n461;{}\n", "K".repeat(150))).unwrap();
    let out = report(tmp.path(), &fixture("report"), &["--klynger", klynger.to_str().unwrap()]).fails(3);
    assert!(
        out.stderr.contains(
            "klynger.csv:2: column 2 (klynge): the cluster's name is 150 characters long: a report shows at most 100"
        ),
        "{}",
        out.stderr
    );
    assert!(!tmp.path().join("reports").exists());
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    report(tmp.path(), &fixture("report"), &["--no-record"]).ok();
    let reports = tmp.path().join("reports");
    let charts = reports.join("effektmaal-2016-K3-figurer");
    let chart = std::fs::read_dir(&charts)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".png"))
        .unwrap();
    // What a run killed before its renames leaves: this version's temporary files and those
    // of the version before (`.NAME.XXXXXX.tmp`), beside files that are not ours.
    let ours = [
        charts.join(format!(".{chart}.a1B2c3.tmp")),
        charts.join(".effektmaal-tmp.alt-tekster.txt.Zz9yX8.tmp"),
        reports.join(".effektmaal-2016-K3.pdf.q1w2e3.tmp"),
        reports.join(".effektmaal-tmp.effektmaal-2016-K3.csv.abcdef.tmp"),
    ];
    let theirs = [
        charts.join(".mine.tmp"),
        charts.join(format!(".{chart}.too-long-to-be-ours.tmp")),
        charts.join("noter.txt"),
        reports.join(".andet.tmp"),
    ];
    for p in ours.iter().chain(&theirs) {
        std::fs::write(p, "x").unwrap();
    }
    // A rerun with nothing to write cleans up too.
    report(tmp.path(), &fixture("report"), &["--no-record"]).ok();
    for p in &ours {
        assert!(!p.exists(), "{} is left", p.display());
    }
    for p in &theirs {
        assert!(p.exists(), "{} was removed", p.display());
    }
}

#[test]
fn a_refused_run_writes_nothing_not_even_the_chart_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    report(tmp.path(), &fx, &["--no-record"]).ok();
    let reports = tmp.path().join("reports");
    // A report with other contents (other initiatives) is refused, and writes nothing, not even
    // the chart folder it would make again.
    let charts = reports.join("effektmaal-2016-K3-figurer");
    std::fs::remove_dir_all(&charts).unwrap();
    let before = tree(&reports);
    let ini = fixture("initiativer.csv");
    let out = report(tmp.path(), &fx, &["--no-record", "--initiatives", ini.to_str().unwrap()]).fails(2);
    assert!(out.stderr.contains("effektmaal-2016-K3.pdf") && out.stderr.contains("--force"), "{}", out.stderr);
    assert!(out.stderr.contains("nothing was written"), "{}", out.stderr);
    assert_eq!(tree(&reports), before, "{:?}", names(&reports));
    assert!(!charts.exists(), "the refused run made the chart folder");
    report(tmp.path(), &fx, &["--no-record"]).ok();
    assert!(charts.is_dir());
    // A chart changed by hand is refused with its path, and nothing else is written either.
    let chart = Path::new("reports").join("effektmaal-2016-K3-figurer").join("alt-tekster.txt");
    std::fs::write(tmp.path().join(&chart), "mine").unwrap();
    std::fs::remove_file(reports.join("effektmaal-2016-K3.csv")).unwrap();
    let before = tree(&reports);
    let out = report(tmp.path(), &fx, &["--no-record"]).fails(2);
    assert!(out.stderr.contains(&format!("{} already exists", chart.display())), "{}", out.stderr);
    assert_eq!(tree(&reports), before);
}

#[test]
fn a_full_disk_half_way_through_leaves_everything_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    let reports = tmp.path().join("reports");
    // A first report: the run fails on the web page, after the charts and the PDF are written
    // to temporary files. Nothing appears, no temporary file stays.
    let out = bin()
        .current_dir(tmp.path())
        .args(["report", fx.to_str().unwrap(), "--quarter", "2016K3", "--no-record"])
        .env("EFFEKTMAAL_TEST_DISK_FULL", "effektmaal-2016-K3.html")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "writing {}: No space left on device",
            Path::new("reports").join("effektmaal-2016-K3.html").display()
        )),
        "{stderr}"
    );
    assert!(names(&reports).is_empty(), "{:?}", names(&reports));
    // Replacing a report (--force) with one whose PDF and web page change keeps the old whole.
    report(tmp.path(), &fx, &["--no-record"]).ok();
    let before = tree(&reports);
    let ini = fixture("initiativer.csv");
    let out = bin()
        .current_dir(tmp.path())
        .args(["report", fx.to_str().unwrap(), "--quarter", "2016K3", "--no-record", "--force"])
        .args(["--initiatives", ini.to_str().unwrap()])
        .env("EFFEKTMAAL_TEST_DISK_FULL", "effektmaal-2016-K3.html")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(tree(&reports), before);
}

#[test]
fn an_out_that_is_not_a_directory_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("rapport.pdf");
    std::fs::write(&file, "not a directory").unwrap();
    let out = report(tmp.path(), &fixture("report"), &["--out", file.to_str().unwrap()]).fails(2);
    assert!(out.stderr.contains(&format!("{} is not a directory", file.display())), "{}", out.stderr);
    let below = file.join("k3");
    let out = report(tmp.path(), &fixture("report"), &["--out", below.to_str().unwrap()]).fails(2);
    assert!(out.stderr.contains(&format!("{} is not a directory", file.display())), "{}", out.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), b"not a directory");
    assert_eq!(names(tmp.path()), ["rapport.pdf"]);
}

#[test]
fn an_io_error_names_its_path() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("fil"), "").unwrap();
    let store = tmp.path().join("fil/effektmaal.sqlite");
    let out = run_in(
        tmp.path(),
        &["compute", fixture("report").to_str().unwrap(), "--record", "--store", store.to_str().unwrap()],
    )
    .fails(1);
    assert!(out.stderr.contains(&tmp.path().join("fil").display().to_string()), "{}", out.stderr);
}

/// A store of the `report` fixture's figures whose tables are overwritten with noise.
fn corrupt_store(dir: &Path) -> PathBuf {
    let store = dir.join("reports/effektmaal.sqlite");
    run_in(dir, &["compute", fixture("report").to_str().unwrap(), "--record", "-q"]).ok();
    let mut bytes = std::fs::read(&store).unwrap();
    assert!(bytes.len() > 8192, "{}", bytes.len());
    for (i, b) in bytes.iter_mut().enumerate().skip(4096) {
        *b = (i * 7919 % 251) as u8;
    }
    std::fs::write(&store, bytes).unwrap();
    store
}

#[test]
fn a_store_that_cannot_be_read_is_named_with_exit_3() {
    let tmp = tempfile::tempdir().unwrap();
    let store = corrupt_store(tmp.path());
    let fx = fixture("report");
    for args in [
        vec!["history"],
        vec!["compute", fx.to_str().unwrap(), "--record"],
        vec!["report", fx.to_str().unwrap(), "--quarter", "2016K3"],
    ] {
        let out = run_in(tmp.path(), &args).fails(3);
        assert!(
            out.stderr.contains(&format!(
                "{}: the store of published figures cannot be read: database disk image is malformed",
                Path::new("reports/effektmaal.sqlite").display()
            )),
            "{args:?}: {}",
            out.stderr
        );
    }
    // Not even a report's files are written when its figures cannot be recorded.
    assert!(!tmp.path().join("reports/effektmaal-2016-K3.pdf").exists());
    // Without recording, the store is never opened, so the report is made.
    let before = std::fs::read(&store).unwrap();
    report(tmp.path(), &fx, &["--no-record"]).ok();
    assert_eq!(std::fs::read(&store).unwrap(), before);
}

/// A trial run (--no-record) reads the store only to look up revisions, changing nothing; one
/// it cannot read so (here: another schema version) is left alone, and the report says it did
/// not look.
#[test]
fn no_record_changes_no_store_and_says_when_it_could_not_read_it() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    run_in(tmp.path(), &["compute", fx.to_str().unwrap(), "--record", "-q"]).ok();
    let store = tmp.path().join("reports/effektmaal.sqlite");
    rusqlite::Connection::open(&store).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = names(&tmp.path().join("reports"));
    let bytes = std::fs::read(&store).unwrap();
    report(tmp.path(), &fx, &["--no-record"]).ok();
    assert_eq!(std::fs::read(&store).unwrap(), bytes);
    let after = names(&tmp.path().join("reports"));
    assert!(after.iter().all(|n| !n.starts_with("effektmaal.sqlite") || before.contains(n)), "{after:?}");
    let html = std::fs::read_to_string(tmp.path().join("reports/effektmaal-2016-K3.html")).unwrap();
    assert!(html.contains("Rapporten er lavet uden registret over offentliggjorte tal, så den"));
}

#[test]
fn a_lone_cr_line_end_among_lf_line_ends_is_read_as_a_line_end() {
    let fx = fixture("report");
    let ex = copy_fixture("report");
    let path = ex.path().join("befolkning.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    // Line 3 ends in CR alone, as after an edit on an old Mac; its `til` is empty, so a reader
    // that runs lines 3 and 4 together finds too many fields, not a decimal comma.
    let at = text.match_indices('\n').nth(2).unwrap().0;
    let text = format!("{}\r{}", &text[..at], &text[at + 1..]);
    std::fs::write(&path, text).unwrap();
    let compute = |dir: &Path| run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--by", "sex"]).ok().stdout;
    assert_eq!(compute(ex.path()), compute(&fx));
}

#[test]
fn no_lock_file_is_left_after_a_run() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    run_in(tmp.path(), &["compute", fx.to_str().unwrap(), "--record", "-q"]).ok();
    report(tmp.path(), &fx, &[]).ok();
    let left: Vec<String> = names(&tmp.path().join("reports")).into_iter().filter(|n| n.ends_with(".lock")).collect();
    assert!(left.is_empty(), "{left:?}");
}
