//! Disclosure control: nothing hidden can be recovered from what an output shows. A regression
//! test per way in that was found (issue 8), on tiny hand-made extracts written inline, and the
//! auditor (`tests/audit.rs`) on the shipped sample. The auditor's property tests on random
//! extracts are in `properties.rs`.

use crate::audit::{self, Rows};
use crate::common::*;
use std::path::Path;

/// A person of a hand-made extract: sex, local area, a benefit code for each week (empty for
/// none) and an employment degree for each month (0 for none). Everyone is born 15 June 1980
/// and lives in Odense throughout.
struct Person {
    koen: &'static str,
    omraade: &'static str,
    codes: Vec<&'static str>,
    grad: Vec<f64>,
}

impl Person {
    fn new(
        koen: &'static str,
        omraade: &'static str,
        code: &'static str,
        grad: f64,
        weeks: usize,
        months: usize,
    ) -> Person {
        Person { koen, omraade, codes: vec![code; weeks], grad: vec![grad; months] }
    }
}

/// Writes `befolkning.csv` and `dream.csv` in the tool's layout. `weeks` are DREAM's `YYWW`,
/// `months` are `YYYY_MM`.
fn write_extract(dir: &Path, weeks: &[&str], months: &[&str], persons: &[Person]) {
    let mut bef = String::from("pnr,foedselsdato,koen,herkomst,oprindelse,kommune,omraade,fra,til\n");
    let mut dream = String::from("pnr");
    for w in weeks {
        dream.push_str(&format!(",y_{w}"));
    }
    for m in months {
        dream.push_str(&format!(",grad_{m}"));
    }
    dream.push('\n');
    for (i, p) in persons.iter().enumerate() {
        let pnr = format!("P{:02}", i + 1);
        bef.push_str(&format!("{pnr},1980-06-15,{},dansk,dansk,461,{},2000-01-01,\n", p.koen, p.omraade));
        dream.push_str(&pnr);
        for c in &p.codes {
            dream.push_str(&format!(",{c}"));
        }
        for g in &p.grad {
            if *g > 0.0 {
                dream.push_str(&format!(",{g}"));
            } else {
                dream.push(',');
            }
        }
        dream.push('\n');
    }
    std::fs::write(dir.join("befolkning.csv"), bef).unwrap();
    std::fs::write(dir.join("dream.csv"), dream).unwrap();
}

/// `compute DIR ARGS --format csv`, as published and without suppression.
fn compute_both(dir: &Path, args: &[&str]) -> (String, String) {
    let d = dir.to_str().unwrap();
    let mut a = vec!["compute", d, "--format", "csv"];
    a.extend_from_slice(args);
    let published = run(&a).ok().stdout;
    a.push("--no-suppression");
    (published, run(&a).ok().stdout)
}

fn row<'a>(rows: &'a Rows, kpi: &str, dim: &str, group: &str) -> audit::Row<'a> {
    rows.iter()
        .find(|r| r.get("kpi") == kpi && r.get("dimension") == dim && r.get("group") == group)
        .unwrap_or_else(|| panic!("no row {kpi} {dim} {group}"))
}

/// March 2016: the ISO weeks whose Thursday is in March.
const MARCH_2016: [&str; 5] = ["1609", "1610", "1611", "1612", "1613"];

#[test]
fn linked_tables_do_not_reveal_hidden_uddannelse() {
    // 39 persons: 20 in job, 3 on SU (651), 6 on 111, 6 more in job, 4 with nothing. The
    // status table hid uddannelse (3 persons), but uddannelse_job (29) and job (26) were
    // shown, and uddannelse_job = job + uddannelse.
    let tmp = tempfile::tempdir().unwrap();
    let w = MARCH_2016.len();
    let mut persons = Vec::new();
    for i in 0..20 {
        persons.push(Person::new(if i % 2 == 0 { "M" } else { "K" }, "Centrum", "", 1.0, w, 1));
    }
    persons.extend((0..3).map(|_| Person::new("K", "Centrum", "651", 0.0, w, 1)));
    persons.extend((0..6).map(|_| Person::new("M", "Centrum", "111", 0.0, w, 1)));
    persons.extend((0..6).map(|_| Person::new("K", "Centrum", "", 1.0, w, 1)));
    persons.extend((0..4).map(|_| Person::new("M", "Centrum", "", 0.0, w, 1)));
    write_extract(tmp.path(), &MARCH_2016, &["2016_03"], &persons);
    let (published, truth) = compute_both(tmp.path(), &["--by", "status,sex"]);
    let rows = Rows::parse(&published);
    let udd = row(&rows, "fuldtidspersoner", "status", "uddannelse");
    assert!(udd.hidden("numerator"), "uddannelse rests on 3 persons:\n{published}");
    // The chain that gave it away is cut: not both uddannelse_job's total and job are shown.
    let uj = row(&rows, "uddannelse_job", "total", "I alt").num("numerator");
    let job = row(&rows, "fuldtidspersoner", "status", "job").num("numerator");
    assert!(uj.is_none() || job.is_none(), "uddannelse = {uj:?} − {job:?}:\n{published}");
    // Nor any other chain.
    let s = audit::compute(&published, Some(&truth)).unwrap_or_else(|e| panic!("{e}\n{published}"));
    assert!(s.hidden >= 2 && s.checked > 0, "{s:?}");
}

#[test]
fn small_denominator_hides_what_makes_the_share_computable() {
    // Area B: 6 of 10 persons in job. Its share was hidden (denominator under 20 persons) but
    // its numerator and denominator were shown: 6,00 / 10,00. Area C: nobody of 8 in job or
    // ledig: a numerator of 0 gives the share away (0 %) whatever the denominator.
    let tmp = tempfile::tempdir().unwrap();
    let w = MARCH_2016.len();
    let mut persons = Vec::new();
    persons.extend((0..20).map(|_| Person::new("M", "A", "", 1.0, w, 1)));
    persons.extend((0..10).map(|_| Person::new("K", "A", "", 0.0, w, 1)));
    persons.extend((0..6).map(|_| Person::new("K", "B", "", 1.0, w, 1)));
    persons.extend((0..4).map(|_| Person::new("M", "B", "", 0.0, w, 1)));
    persons.extend((0..8).map(|_| Person::new("K", "C", "", 0.0, w, 1)));
    write_extract(tmp.path(), &MARCH_2016, &["2016_03"], &persons);
    let (published, truth) = compute_both(tmp.path(), &["--by", "omraade"]);
    let rows = Rows::parse(&published);
    for kpi in ["uddannelse_job", "arbejdsduelige"] {
        for area in ["B", "C"] {
            let r = row(&rows, kpi, "omraade", area);
            assert!(r.num("share_pct").is_none(), "{kpi} {area}:\n{published}");
            assert!(r.num("numerator").is_none() || r.num("denominator").is_none(), "{kpi} {area}:\n{published}");
            assert!(r.get("suppressed").contains("nævner under 20 personer"), "{kpi} {area}:\n{published}");
        }
        assert!(row(&rows, kpi, "omraade", "C").num("numerator").is_none(), "0 of 8:\n{published}");
        // Area A (30 persons) keeps its share.
        assert!(row(&rows, kpi, "omraade", "A").num("share_pct").is_some(), "{published}");
    }
    audit::compute(&published, Some(&truth)).unwrap_or_else(|e| panic!("{e}\n{published}"));
}

/// The PDF's text on one line.
fn pdf_text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let text = String::from_utf8(out.stdout).unwrap();
    text.replace("\u{ad}\n", "").replace("-\n", "").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn flow_sentence_states_no_sum_of_hidden_cells() {
    // July to September 2016: 30 persons in job throughout; 7 ledig jobparat (111) and 2 ledig
    // aktivitetsparat (700) in July go to job in August. The flow of 2 is hidden, but the text
    // said "Fra ledighed til job gik 9 personer" beside the shown 7.
    let tmp = tempfile::tempdir().unwrap();
    let weeks: Vec<String> = (27..=39).map(|w| format!("16{w:02}")).collect();
    let weeks: Vec<&str> = weeks.iter().map(String::as_str).collect();
    let months = ["2016_07", "2016_08", "2016_09"];
    let july = 4; // weeks 27–30 have their Thursday in July
    let mut persons = Vec::new();
    for i in 0..30 {
        persons.push(Person::new(if i % 2 == 0 { "M" } else { "K" }, "Centrum", "", 1.0, weeks.len(), 3));
    }
    for (n, code) in [(7, "111"), (2, "700")] {
        for i in 0..n {
            let mut p = Person::new(if i % 2 == 0 { "K" } else { "M" }, "Centrum", "", 1.0, weeks.len(), 3);
            p.codes[..july].fill(code);
            p.grad[0] = 0.0;
            persons.push(p);
        }
    }
    let ex = tmp.path().join("x");
    std::fs::create_dir(&ex).unwrap();
    write_extract(&ex, &weeks, &months, &persons);
    let out = tmp.path().join("out");
    run(&["report", ex.to_str().unwrap(), "--quarter", "2016K3", "--out", out.to_str().unwrap(), "--no-record"]).ok();
    let csv = std::fs::read_to_string(out.join("effektmaal-2016-K3.csv")).unwrap();
    let rows = Rows::parse(&csv);
    let flow = |from: &str, to: &str| {
        rows.iter()
            .find(|r| r.get("section") == "4 strømme" && r.get("dimension") == from && r.get("group") == to)
            .unwrap_or_else(|| panic!("no flow {from} → {to}:\n{csv}"))
            .num("numerator")
    };
    assert_eq!(flow("Ledig, aktivitetsparat", "Job"), None, "2 persons:\n{csv}");
    let sum = flow("I alt ledig", "Job");
    let shown = flow("Ledig, jobparat", "Job");
    assert!(sum.is_none() || shown.is_none(), "2 = {sum:?} − {shown:?}:\n{csv}");
    // The sentence states the same sum, or none.
    let t = pdf_text(&out.join("effektmaal-2016-K3.pdf"));
    let stated = match sum {
        Some(n) => format!("Fra ledighed til job gik {n} personer"),
        None => "Fra ledighed til job gik – personer".to_string(),
    };
    assert!(t.contains(&stated), "{stated:?} not in {t}");
    let s = audit::report(&csv).unwrap_or_else(|e| panic!("{e}\n{csv}"));
    assert!(s.checked > 0, "{s:?}");
}

#[test]
fn nothing_hidden_can_be_recovered_from_the_sample() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let (published, truth) = compute_both(&dir, &["--by", "status,sex,age,herkomst,omraade"]);
    let s = audit::compute(&published, Some(&truth)).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.hidden > 0 && s.checked > 100, "{s:?}");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    run(&["report", dir.to_str().unwrap(), "--quarter", "2016K3", "--out", out.to_str().unwrap(), "--no-record"]).ok();
    let csv = std::fs::read_to_string(out.join("effektmaal-2016-K3.csv")).unwrap();
    let s = audit::report(&csv).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.hidden > 0 && s.checked > 10, "{s:?}");
}
