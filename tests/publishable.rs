//! Issue 8, "Figures you can publish": a regression test per defect, on the hand-computed
//! `basic` fixture (see its EXPECTED.md) changed in one way each. Every published figure is
//! either right or absent with the reason said.

use crate::common::*;
use std::path::Path;

fn compute_csv(dir: &Path, extra: &[&str]) -> Vec<Row> {
    let mut args = vec!["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression"];
    args.extend_from_slice(extra);
    parse_csv(&run(&args).ok().stdout)
}

fn share(rows: &[Row], kpi: &str, month: &str) -> Option<f64> {
    find(rows, kpi, month, "total", "I alt").share
}

fn den(rows: &[Row], month: &str) -> f64 {
    find(rows, "uddannelse_job", month, "total", "I alt").denominator.unwrap()
}

/// Rewrites a file of a copied fixture line by line.
fn edit(dir: &Path, file: &str, f: impl Fn(usize, &str) -> Option<String>) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let out: Vec<String> = text.lines().enumerate().filter_map(|(i, l)| f(i, l)).collect();
    std::fs::write(&path, out.join("\n") + "\n").unwrap();
}

/// Removes a column (by header name) from a CSV file of a copied fixture.
fn drop_column(dir: &Path, file: &str, name: &str) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let col = text.lines().next().unwrap().split(',').position(|c| c == name).expect("column");
    edit(dir, file, |_, l| {
        let mut f: Vec<&str> = l.split(',').collect();
        f.remove(col);
        Some(f.join(","))
    });
}

// §2 No month is computed from data that is not there.

#[test]
fn missing_week_column_makes_its_month_incomplete_not_a_month_without_benefits() {
    let tmp = copy_fixture("basic");
    drop_column(tmp.path(), "dream.csv", "y_1603");
    // B02 is on dagpenge every week; without y_1603 January would show her 25 % in "oevrige".
    let rows = compute_csv(tmp.path(), &["--kommune", "461"]);
    assert!(rows.iter().all(|r| r.month != "2016-01"), "January lacks week 3 and must not be computed");
    assert!(rows.iter().any(|r| r.month == "2015-12"));
    let r = run(&["compute", tmp.path().to_str().unwrap(), "--from", "2016-01"]).fails(2);
    assert!(r.stderr.contains("2016-01: DREAM has no column for week y_1603 (2016-W03)"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    // check names the incomplete month by the same rule.
    let out = run(&["check", tmp.path().to_str().unwrap()]).ok().stdout;
    assert!(out.contains("complete months              2015-11 – 2015-12 (2 months)"), "{out}");
    assert!(out.contains("incomplete 2016-01") && out.contains("y_1603 (2016-W03)"), "{out}");
}

#[test]
fn months_after_the_last_grad_column_are_not_computed_as_nobody_in_a_job() {
    let tmp = copy_fixture("basic");
    drop_column(tmp.path(), "dream.csv", "grad_2016_01");
    let rows = compute_csv(tmp.path(), &["--kommune", "461"]);
    assert_eq!(rows.iter().filter(|r| r.month == "2016-01").count(), 0);
    assert_eq!(share(&rows, "uddannelse_job", "2015-12"), Some(66.67));
    let r = run(&["report", tmp.path().to_str().unwrap(), "--quarter", "2016K1", "--no-record"]).fails(2);
    assert!(r.stderr.contains("no employment data covers it (no column grad_2016_01"), "{}", r.stderr);
}

#[test]
fn columns_that_are_not_dream_weeks_are_ignored_with_a_warning_and_do_not_stretch_the_period() {
    let tmp = copy_fixture("basic");
    // A total, an average, a year total that reads as week 16 of 2020, a week 2016 does not
    // have, a week that is not digits and a month 13 (once refused, now ignored and named).
    let extra = "y_total,grad_gns,y_2016,y_1654,y_16W1,grad_2016_13";
    edit(tmp.path(), "dream.csv", |i, l| {
        Some(if i == 0 { format!("{l},{extra}") } else { format!("{l},13,0.5,40,111,111,1") })
    });
    let r =
        run(&["compute", tmp.path().to_str().unwrap(), "--kommune", "461", "--format", "csv", "--no-suppression"]).ok();
    let rows = parse_csv(&r.stdout);
    // The same six figures as the clean fixture: no month of 2020 appears.
    assert_eq!(rows.len(), 6);
    assert_eq!(share(&rows, "uddannelse_job", "2016-01"), Some(60.0));
    for name in ["y_total", "grad_gns", "y_2016", "y_1654", "y_16w1", "grad_2016_13"] {
        assert!(r.stderr.contains(&format!("column {name} is ignored")), "{name}: {}", r.stderr);
    }
    assert!(r.stderr.contains("would be week 2020-W16"), "{}", r.stderr);
}

#[test]
fn the_newest_complete_month_is_marked_provisional() {
    let dir = fixture("basic");
    let d = dir.to_str().unwrap();
    let csv = run(&["compute", d, "--format", "csv"]).ok().stdout;
    let provisional: Vec<&str> = csv.lines().skip(1).filter(|l| l.ends_with(",true")).collect();
    assert_eq!(provisional.len(), 2, "{csv}");
    assert!(provisional.iter().all(|l| l.contains(",2016-01,")), "{csv}");
    assert_eq!(csv.lines().skip(1).filter(|l| l.ends_with(",false")).count(), 4);
    let json: serde_json::Value = serde_json::from_str(&run(&["compute", d, "--format", "json"]).ok().stdout).unwrap();
    let marks: Vec<(String, bool)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["month"].as_str().unwrap().to_string(), r["provisional"].as_bool().unwrap()))
        .collect();
    assert!(marks.iter().all(|(m, p)| *p == (m == "2016-01")), "{marks:?}");
    let table = run(&["compute", d]).ok().stdout;
    assert!(table.contains("2016-01*") && table.contains("* 2016-01 er foreløbig"), "{table}");
    // A range that stops before the newest month has no provisional month in it.
    let older = run(&["compute", d, "--to", "2015-12", "--format", "csv"]).ok().stdout;
    assert!(!older.contains(",true"), "{older}");
}

/// Every person of a copied fixture five times over (ids suffixed), so totals rest on enough
/// persons to be published.
fn five_times(dir: &Path) {
    for file in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut out = String::new();
        for (i, l) in text.lines().enumerate() {
            if i == 0 {
                out.push_str(&format!("{l}\n"));
                continue;
            }
            let (id, rest) = l.split_once(',').unwrap();
            for k in 0..5 {
                out.push_str(&format!("{id}x{k},{rest}\n"));
            }
        }
        std::fs::write(dir.join(file), out).unwrap();
    }
}

#[test]
fn history_shows_how_a_provisional_figure_moved_when_it_became_final() {
    let tmp = copy_fixture("basic");
    let store = tmp.path().join("store.sqlite");
    let (d, s) = (tmp.path().to_str().unwrap().to_string(), store.to_str().unwrap().to_string());
    let final_dream = std::fs::read_to_string(tmp.path().join("dream.csv")).unwrap();
    // The first delivery ends in January 2016 with B02's late registrations missing: she is on
    // dagpenge in January, but the extract has her in job (grad 1): a provisional figure.
    edit(tmp.path(), "dream.csv", |_, l| {
        Some(if l.starts_with("B02,") { l.replace(",111,111,111,111,,0.5,,x", ",,,,,,0.5,1,x") } else { l.to_string() })
    });
    five_times(tmp.path());
    run(&["compute", &d, "--kommune", "461", "--record", "--store", &s]).ok();
    // The next delivery has February too, and B02's January codes.
    let mut text = String::new();
    for (i, l) in final_dream.lines().enumerate() {
        text.push_str(&if i == 0 {
            format!("{l},y_1605,y_1606,y_1607,y_1608,grad_2016_02\n")
        } else {
            format!("{l},,,,,1\n")
        });
    }
    std::fs::write(tmp.path().join("dream.csv"), text).unwrap();
    let copy = copy_fixture("basic");
    std::fs::copy(tmp.path().join("dream.csv"), copy.path().join("dream.csv")).unwrap();
    five_times(copy.path());
    for f in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        std::fs::copy(copy.path().join(f), tmp.path().join(f)).unwrap();
    }
    run(&["compute", &d, "--kommune", "461", "--record", "--store", &s]).ok();
    let h = run(&[
        "history",
        "--kpi",
        "uddannelse_job",
        "--from",
        "2016-01",
        "--to",
        "2016-01",
        "--store",
        &s,
        "--format",
        "csv",
    ])
    .ok()
    .stdout;
    // The series of deliveries (column 2) is a hash of the extract's kind, not asserted here.
    let lines: Vec<String> = h
        .lines()
        .map(|l| l.split(',').enumerate().filter(|(i, _)| *i != 1).map(|(_, f)| f).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(lines.len(), 3, "{h}");
    // Revision 1 provisional at 80 % (20 of 25 full-time persons), revision 2 final at 60 %
    // (15 of 25): it moved −20 pp when it became final.
    assert!(lines[1].starts_with("461,uddannelse_job,2016-01,1,80.00,20.00,25.00,true,,"), "{h}");
    assert!(lines[2].starts_with("461,uddannelse_job,2016-01,2,60.00,15.00,25.00,false,-20.00,"), "{h}");
    let table =
        run(&["history", "--kpi", "uddannelse_job", "--from", "2016-01", "--to", "2016-01", "--store", &s]).ok().stdout;
    assert!(table.contains("foreløbig") && table.contains("endelig") && table.contains("−20,0 pp"), "{table}");
}

// §3 Method rules hold whatever the configuration.

#[test]
fn a_user_code_map_without_997_to_999_does_not_put_the_dead_back_in_the_population() {
    let tmp = copy_fixture("basic");
    // The embedded map without its last three lines (997, 998, 999).
    let map = include_str!("../src/method/ydelseskoder.csv");
    let lines: Vec<&str> =
        map.lines().filter(|l| !l.starts_with("997,") && !l.starts_with("998,") && !l.starts_with("999,")).collect();
    assert_eq!(lines.len() + 3, map.lines().count());
    std::fs::write(tmp.path().join("ydelseskoder.csv"), lines.join("\n") + "\n").unwrap();
    let rows = compute_csv(tmp.path(), &["--kommune", "461"]);
    // G07 has code 999 from week 51: still out of December's population (6,00 full-time persons).
    assert_eq!(den(&rows, "2015-12"), 6.0);
    assert_eq!(share(&rows, "uddannelse_job", "2015-12"), Some(66.67));
    let out = run(&["check", tmp.path().to_str().unwrap()]).ok().stdout;
    assert!(out.contains("999  (not in the map: gone by the method)"), "{out}");
    assert!(out.contains("unknown codes: none"), "{out}");
}

#[test]
fn counting_998_otherwise_is_an_explicit_setting_that_is_warned_and_stated() {
    let tmp = copy_fixture("basic");
    let map = include_str!("../src/method/ydelseskoder.csv")
        .replace("998,Folkepension,folkepension,udgaaet", "998,Folkepension,folkepension,pension");
    std::fs::write(tmp.path().join("ydelseskoder.csv"), map).unwrap();
    let r = run(&["compute", tmp.path().to_str().unwrap(), "--kommune", "461"]).ok();
    assert!(r.stderr.contains("the code map counts code 998 as pension"), "{}", r.stderr);
    let out = run(&["check", tmp.path().to_str().unwrap()]).ok().stdout;
    assert!(out.contains("code 998 is counted as pension by the code map"), "{out}");
}

fn with_person_in_two_municipalities() -> tempfile::TempDir {
    let tmp = copy_fixture("basic");
    // J10 moved from Odense to 851 on 1 December, but the Odense spell was never closed.
    let mut b = std::fs::read_to_string(tmp.path().join("befolkning.csv")).unwrap();
    b.push_str("J10,1988-01-01,K,dansk,dansk,461,Centrum,2015-01-01,\nJ10,1988-01-01,K,dansk,dansk,851,,2015-12-01,\n");
    std::fs::write(tmp.path().join("befolkning.csv"), b).unwrap();
    let mut d = std::fs::read_to_string(tmp.path().join("dream.csv")).unwrap();
    d.push_str(&format!("J10{}1,1,1,x\n", ",".repeat(14)));
    std::fs::write(tmp.path().join("dream.csv"), d).unwrap();
    tmp
}

#[test]
fn a_person_resident_in_two_municipalities_counts_once_by_the_latest_spell() {
    let tmp = with_person_in_two_municipalities();
    let odense = compute_csv(tmp.path(), &["--kommune", "461"]);
    let other = compute_csv(tmp.path(), &["--kommune", "851"]);
    let all = compute_csv(tmp.path(), &["--by", "kommune"]);
    // J10 counts in Odense in November only; from December in 851, where her spell began last.
    assert_eq!(den(&odense, "2015-11"), 6.75);
    assert_eq!(den(&odense, "2015-12"), 6.0);
    assert_eq!(den(&other, "2015-12"), 2.0);
    for m in ["2015-11", "2015-12", "2016-01"] {
        let k = |g: &str| find(&all, "uddannelse_job", m, "kommune", g).denominator.unwrap();
        assert_eq!(den(&odense, m) + den(&other, m), den(&all, m), "{m}: the two runs add up to the total");
        assert_eq!(k("461") + k("851"), den(&all, m), "{m}: --by kommune adds up to the total");
        assert_eq!(k("461"), den(&odense, m), "{m}");
    }
    let r = run(&["compute", tmp.path().to_str().unwrap()]).ok();
    assert!(r.stderr.contains("1 person is resident in two municipalities at the same time"), "{}", r.stderr);
    let out = run(&["check", tmp.path().to_str().unwrap()]).ok().stdout;
    assert!(out.contains("in two municipalities at once        1"), "{out}");
}

#[test]
fn a_municipality_the_extract_does_not_hold_is_a_usage_error_naming_those_it_does() {
    let dir = fixture("basic");
    for cmd in [
        &["compute", dir.to_str().unwrap(), "--kommune", "147"][..],
        &["report", dir.to_str().unwrap(), "--quarter", "2015K4", "--kommune", "147", "--no-record"],
    ] {
        let r = run(cmd).fails(2);
        assert!(
            r.stderr.contains("--kommune 147: the extract holds no residence in municipality 147; it holds 461, 851"),
            "{}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
}

// §4 Strict where it matters, tolerant where the meaning is clear.

#[test]
fn a_spell_starting_before_birth_is_clipped_to_the_birth_date_and_counted() {
    let tmp = copy_fixture("basic");
    // D04 (born 31 Dec 1999) "resident since 1990-01-01", as extracts write their own start.
    edit(tmp.path(), "befolkning.csv", |_, l| {
        Some(l.replace(
            "D04,1999-12-31,M,efterkommer,ikke_vestlig,461,Vollsmose,1999-12-31,",
            "D04,1999-12-31,M,efterkommer,ikke_vestlig,461,Vollsmose,1990-01-01,",
        ))
    });
    let clean = compute_csv(&fixture("basic"), &["--kommune", "461", "--by", "age,sex,herkomst,omraade,status"]);
    let repaired = compute_csv(tmp.path(), &["--kommune", "461", "--by", "age,sex,herkomst,omraade,status"]);
    assert_eq!(format!("{clean:?}"), format!("{repaired:?}"), "the same figures as with clean data");
    let out = run(&["check", tmp.path().to_str().unwrap()]).ok().stdout;
    assert!(out.contains("spells clipped to birth date         1"), "{out}");
    // A spell that ends before the birth is still an error: its meaning is not clear.
    edit(tmp.path(), "befolkning.csv", |_, l| {
        Some(l.replace("Vollsmose,1990-01-01,", "Vollsmose,1990-01-01,1995-01-01"))
    });
    let r = run(&["check", tmp.path().to_str().unwrap()]).fails(3);
    assert!(
        r.stderr.contains("befolkning.csv:5: column 9 (til): the whole spell lies before the person's birth date"),
        "{}",
        r.stderr
    );
}

#[test]
fn person_ids_with_blanks_around_them_link_to_the_same_person() {
    let tmp = copy_fixture("basic");
    edit(tmp.path(), "dream.csv", |_, l| {
        Some(if l.starts_with("B02,") { l.replacen("B02", "\" B02 \"", 1) } else { l.to_string() })
    });
    assert_eq!(
        format!("{:?}", compute_csv(tmp.path(), &["--kommune", "461"])),
        format!("{:?}", compute_csv(&fixture("basic"), &["--kommune", "461"]))
    );
}

// §5 Privacy: a raw CPR number never passes, in any of the forms it takes.

#[test]
fn raw_cpr_numbers_in_the_forms_spreadsheets_leave_are_refused_without_showing_them() {
    for (pnr, written) in
        [("101801234", "101801234"), ("010180 1234", "010180 1234"), ("0101801235 ", "\"0101801235 \"")]
    {
        let tmp = copy_fixture("basic");
        edit(tmp.path(), "dream.csv", |_, l| {
            Some(if l.starts_with("B02,") { l.replacen("B02", written, 1) } else { l.to_string() })
        });
        let r = run(&["compute", tmp.path().to_str().unwrap()]).fails(3);
        assert!(
            r.stderr.contains("dream.csv:3: column 1 (pnr): the person id looks like a raw CPR number"),
            "{pnr:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains(pnr.trim()) && !r.stderr.contains("1234"), "the value is never shown: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

// §6 Reruns just work.

#[test]
fn rerunning_a_report_leaves_identical_files_alone_and_writes_a_missing_member() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixture("report");
    let args = ["report", dir.to_str().unwrap(), "--quarter", "2016K3", "--out", "out", "--no-record"];
    run_in(tmp.path(), &args).ok();
    let pdf = tmp.path().join("out/effektmaal-2016-K3.pdf");
    let before = std::fs::metadata(&pdf).unwrap().modified().unwrap();
    // The same command again, as a cron job repeats itself: no --force needed.
    let r = run_in(tmp.path(), &args).ok();
    assert!(r.stderr.contains("already up to date"), "{}", r.stderr);
    assert_eq!(std::fs::metadata(&pdf).unwrap().modified().unwrap(), before, "an identical file is not rewritten");
    // A run killed between its renames left the set without its XLSX: the next run writes it.
    std::fs::remove_file(tmp.path().join("out/effektmaal-2016-K3.xlsx")).unwrap();
    let r = run_in(tmp.path(), &args).ok();
    assert!(
        r.stderr.contains("effektmaal-2016-K3.xlsx") && !r.stderr.contains("effektmaal-2016-K3.pdf"),
        "{}",
        r.stderr
    );
    // A file with other contents still needs --force, and nothing is written without it.
    std::fs::write(tmp.path().join("out/effektmaal-2016-K3.csv"), "mine\n").unwrap();
    let r = run_in(tmp.path(), &args).fails(2);
    assert!(r.stderr.contains("effektmaal-2016-K3.csv already exists") && r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(tmp.path().join("out/effektmaal-2016-K3.csv")).unwrap(), "mine\n");
}

#[test]
fn the_report_front_page_says_when_its_latest_month_is_provisional() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    let text = |q: &str| {
        run_in(tmp.path(), &["report", fx.to_str().unwrap(), "--quarter", q, "--out", q, "--no-record"]).ok();
        let out = std::process::Command::new("pdftotext")
            .args(["-f", "1", "-l", "1", "-layout"])
            .arg(tmp.path().join(q).join(format!("effektmaal-{}.pdf", q.replace('K', "-K"))))
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) runs");
        String::from_utf8_lossy(&out.stdout).replace('\n', " ")
    };
    // December 2016 is the fixture's newest month.
    let newest = text("2016K4");
    assert!(newest.contains("december 2016 (foreløbig)"), "{newest}");
    assert!(newest.contains("December 2016 er den nyeste måned i udtrækket og foreløbig"), "{newest}");
    let older = text("2016K3");
    assert!(!older.contains("foreløbig"), "{older}");
    // The quarter tables and the series chart mark it too (the whole document this time).
    let whole = |q: &str| {
        let out = std::process::Command::new("pdftotext")
            .arg(tmp.path().join(q).join(format!("effektmaal-{}.pdf", q.replace('K', "-K"))))
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let k4 = whole("2016K4").split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        k4.matches("4. kvartal 2016 rummer den foreløbige måned december 2016").count(),
        2,
        "once in the breakdowns' intro (for all four) and under the status table"
    );
    assert!(k4.contains("(foreløbig)"), "the chart's open point is labelled");
    assert!(!whole("2016K3").contains("rummer den foreløbige"));
}
