//! No person id reaches any output or log: every output and message of a battery of runs is
//! scanned for every `pnr` of the input.

use crate::common::*;
use std::path::Path;
use std::process::Command;

fn all_text_under(dir: &Path, into: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            all_text_under(&p, into);
            continue;
        }
        let name = p.display().to_string();
        let bytes = std::fs::read(&p).unwrap();
        into.push((name.clone(), String::from_utf8_lossy(&bytes).into_owned()));
        if name.ends_with(".pdf") {
            let out = Command::new("pdftotext").arg(&p).arg("-").output().expect("pdftotext");
            into.push((format!("{name} (text)"), String::from_utf8_lossy(&out.stdout).into_owned()));
        }
        if name.ends_with(".xlsx") {
            let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor n in z.namelist():\n    sys.stdout.write(z.read(n).decode('utf-8', 'replace'))\n";
            let out = Command::new("python3").arg("-c").arg(script).arg(&p).output().expect("python3");
            assert!(out.status.success());
            into.push((format!("{name} (unzipped)"), String::from_utf8_lossy(&out.stdout).into_owned()));
        }
    }
}

#[test]
fn no_person_id_in_any_output_or_message() {
    let work = tempfile::tempdir().unwrap();
    let ex = work.path().join("extract");
    run_in(
        work.path(),
        &[
            "simulate",
            "--persons",
            "600",
            "--from",
            "2015-01",
            "--to",
            "2016-12",
            "--seed",
            "7",
            "--out",
            ex.to_str().unwrap(),
        ],
    )
    .ok();
    let pop = std::fs::read_to_string(ex.join("befolkning.csv")).unwrap();
    let pnrs: std::collections::BTreeSet<String> =
        pop.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    assert!(pnrs.len() > 500);
    let e = ex.to_str().unwrap();
    let out = work.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut logs: Vec<(String, String)> = Vec::new();
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", e, "-v"],
        vec!["compute", e, "-v", "--by", "age,sex,herkomst,omraade,status,kommune"],
        vec!["compute", e, "--format", "csv", "--no-suppression", "--by", "omraade,status"],
        vec!["compute", e, "--format", "json", "--record", "--by", "age"],
        vec!["report", e, "--quarter", "2016K3", "-v"],
        vec!["report", e, "--quarter", "2016K2", "--lang", "en", "-v"],
        vec!["history", "--format", "json"],
    ];
    for args in &runs {
        let r = run_in(&out, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        logs.push((format!("{args:?} stdout"), r.stdout));
        logs.push((format!("{args:?} stderr"), r.stderr));
    }
    // Broken copies: the messages must not show ids either.
    let broken = work.path().join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    for f in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        std::fs::copy(ex.join(f), broken.join(f)).unwrap();
    }
    let dream = std::fs::read_to_string(broken.join("dream.csv")).unwrap();
    let mut lines: Vec<String> = dream.lines().map(String::from).collect();
    let dup = lines[1].clone();
    lines.push(dup); // a duplicate person in DREAM
    lines[2] = lines[2].replacen(",,", ",1a1,", 1); // a bad code
    std::fs::write(broken.join("dream.csv"), lines.join("\n") + "\n").unwrap();
    let r = run_in(&out, &["compute", broken.to_str().unwrap()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(r.stderr.contains("already has a row on line 2"), "{}", r.stderr);
    logs.push(("broken stderr".into(), r.stderr));
    all_text_under(&out, &mut logs);
    for (name, text) in &logs {
        for p in &pnrs {
            assert!(!text.contains(p.as_str()), "a person id appears in {name}");
        }
    }
}

/// Issue 19, item 5: the secretariat's own files reach the report (titles, notes, names of
/// units and clusters): one holding a CPR number is refused, naming file, line and column.
#[test]
fn a_cpr_number_in_the_report_inputs_is_refused_and_not_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let ex = fixture("report");
    let report = |flag: &str, name: &str, text: &str| {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        let r = run_in(
            tmp.path(),
            &["report", ex.to_str().unwrap(), "--quarter", "2016K3", "--no-record", flag, path.to_str().unwrap()],
        )
        .fails(3);
        assert!(!r.stderr.contains("4711"), "{}", r.stderr);
        assert!(!tmp.path().join("reports").exists(), "nothing is written");
        r.stderr
    };
    let why = "the text holds what looks like a CPR number; it is not shown here: remove it, as the report publishes this column";
    let err = report(
        "--initiatives",
        "initiativer.csv",
        "id;fokusomraade;titel;status;igangsat;justering;note\n\
         1.1;Start;Sprog og job;igangsat;2016-08-15;;Borger 010180-4711 startede\n\
         1.2;Start;Mentor til 0101804711;planlagt;;;\n",
    );
    assert!(err.contains(&format!("  initiativer.csv:2: column 7 (note): {why}")), "{err}");
    assert!(err.contains(&format!("  initiativer.csv:3: column 3 (titel): {why}")), "{err}");
    let err =
        report("--benchmarks", "benchmarks.csv", "kpi;maaned;enhed;andel\nuddannelse_job;2016-09;0101804711;72,1\n");
    assert!(err.contains(&format!("  benchmarks.csv:2: column 3 (enhed): {why}")), "{err}");
    let err = report("--klynger", "klynger.csv", "kommune;klynge\n461;Storbyerne\n751;'0101804711\n");
    assert!(err.contains(&format!("  klynger.csv:3: column 2 (klynge): {why}")), "{err}");
}
