//! The report as a publication (issue 20): the record of published figures lives with the
//! reports and compares like with like; the appendix records what determines the content and
//! nothing of the machine it ran on, so a rerun that differs only in such flags is up to date;
//! the languages' files stand side by side; the XLSX reads back as numbers an analyst can
//! pivot; the PDF passes an independent PDF/A and PDF/UA validator; and the command line's
//! man page, quarter forms and `check` read as they should.

use crate::common::*;
use crate::edges::names as listing;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("poppler-utils is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn two_extracts_into_two_folders_give_no_revisions_and_the_store_lives_with_its_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    run_in(tmp.path(), &["report", s(&sample()), "--quarter", "2016K3", "--out", s(&a)]).ok();
    run_in(tmp.path(), &["report", s(&fixture("report")), "--quarter", "2016K3", "--out", s(&b)]).ok();
    // Each report's record beside it; none in the working directory.
    assert!(a.join("effektmaal.sqlite").is_file() && b.join("effektmaal.sqlite").is_file());
    assert!(!tmp.path().join("reports").exists(), "{:?}", listing(tmp.path()));
    let text = pdf_text(&b.join("effektmaal-2016-K3.pdf"));
    assert!(text.contains("Ingen tidligere offentliggjorte tal er siden ændret"), "{text}");
    // Even in one store (--store), the two extracts are two series and never revise each other.
    let shared = tmp.path().join("shared.sqlite");
    let c = tmp.path().join("c");
    let d = tmp.path().join("d");
    run_in(tmp.path(), &["report", s(&sample()), "--quarter", "2016K3", "--out", s(&c), "--store", s(&shared)]).ok();
    run_in(
        tmp.path(),
        &["report", s(&fixture("report")), "--quarter", "2016K3", "--out", s(&d), "--store", s(&shared)],
    )
    .ok();
    let text = pdf_text(&d.join("effektmaal-2016-K3.pdf"));
    assert!(text.contains("Ingen tidligere offentliggjorte tal er siden ændret"), "{text}");
    assert!(!c.join("effektmaal.sqlite").exists());
    let history = run_in(tmp.path(), &["history", "--store", s(&shared), "--format", "csv"]).ok().stdout;
    let series: std::collections::BTreeSet<&str> =
        history.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
    assert_eq!(series.len(), 2, "{history}");
    // No lock file is left beside the reports or the stores.
    for dir in [&a, &b, &c, &d, &tmp.path().to_path_buf()] {
        assert!(listing(dir).iter().all(|n| !n.ends_with(".lock")), "{:?}", listing(dir));
    }
}

/// The sample's report with `extra` flags, run in `cwd`, into `out`.
fn sample_report(cwd: &Path, out: &Path, extra: &[&str]) -> Run {
    let sample = sample();
    let mut args = vec!["report", s(&sample), "--quarter", "2016K3", "--out", s(out)];
    args.extend_from_slice(extra);
    run_in(cwd, &args)
}

#[test]
fn a_rerun_that_differs_only_in_flags_that_change_nothing_is_already_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("rapporter");
    sample_report(tmp.path(), &out, &[]).ok();
    let before: BTreeMap<String, Vec<u8>> = listing(&out)
        .into_iter()
        .filter(|n| out.join(n).is_file() && !n.starts_with("effektmaal.sqlite"))
        .map(|n| (n.clone(), std::fs::read(out.join(&n)).unwrap()))
        .collect();
    let elsewhere = tempfile::tempdir().unwrap();
    for (cwd, flags) in [
        (tmp.path(), vec!["-q"]),
        (tmp.path(), vec!["--wait", "5"]),
        (tmp.path(), vec!["--no-record"]),
        (elsewhere.path(), vec!["-v"]),
    ] {
        let r = sample_report(cwd, &out, &flags).ok();
        assert!(!r.stderr.contains("other contents"), "{flags:?}: {}", r.stderr);
        if flags != ["-q"] {
            assert!(r.stderr.contains("already up to date"), "{flags:?}: {}", r.stderr);
        }
    }
    for (n, bytes) in &before {
        assert_eq!(&std::fs::read(out.join(n)).unwrap(), bytes, "{n} changed");
    }
    // The appendix says what determines the content, and nothing of this machine or run.
    let text = pdf_text(&out.join("effektmaal-2016-K3.pdf"));
    let appendix = &text[text.rfind("Bilag").unwrap()..];
    for absent in [tmp.path().to_str().unwrap(), "--", "embedded", "(open)", "effektmaal history", "Kommando"] {
        assert!(!appendix.contains(absent), "the appendix says {absent:?}:\n{appendix}");
    }
    for present in ["Indstillinger", "3. kvartal 2016", "461 (Odense Kommune)", "fra 1922-04-05", "indbygget"] {
        assert!(appendix.contains(present), "the appendix lacks {present:?}:\n{appendix}");
    }
    let html = std::fs::read_to_string(out.join("effektmaal-2016-K3.html")).unwrap();
    for absent in ["(--benchmarks)", "(--initiatives)", "(--no-record)", tmp.path().to_str().unwrap()] {
        assert!(!html.contains(absent), "the page says {absent:?}");
    }
}

#[test]
fn the_english_report_stands_beside_the_danish_one() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    run_in(tmp.path(), &["report", s(&fx), "--quarter", "2016K3", "--no-record"]).ok();
    let before = listing(&tmp.path().join("reports"));
    run_in(tmp.path(), &["report", s(&fx), "--quarter", "2016K3", "--lang", "en", "--no-record"]).ok();
    let after = listing(&tmp.path().join("reports"));
    for name in ["pdf", "html", "xlsx", "csv"].map(|e| format!("effektmaal-2016-K3-en.{e}")) {
        assert!(after.contains(&name), "{name} missing: {after:?}");
    }
    assert!(after.contains(&"effektmaal-2016-K3-en-charts".to_string()), "{after:?}");
    assert!(before.iter().all(|n| after.contains(n)));
    let html = std::fs::read_to_string(tmp.path().join("reports/effektmaal-2016-K3-en.html")).unwrap();
    assert!(html.contains("<a href=\"effektmaal-2016-K3-en.pdf\">"));
    // Rerunning either is up to date.
    for lang in ["da", "en"] {
        let r = run_in(tmp.path(), &["report", s(&fx), "--quarter", "2016K3", "--lang", lang, "--no-record"]).ok();
        assert!(r.stderr.contains("already up to date"), "{lang}: {}", r.stderr);
    }
}

#[test]
fn the_quarter_is_read_in_every_common_form() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixture("report");
    for q in ["2016-Q3", "2016Q3", "2016K3", "2016-K3", "2016-3", "2016-q3"] {
        let r = run_in(tmp.path(), &["report", s(&fx), "--quarter", q, "--no-record"]).ok();
        assert!(tmp.path().join("reports/effektmaal-2016-K3.pdf").is_file(), "{q}: {}", r.stderr);
    }
    let r = run_in(tmp.path(), &["report", s(&fx), "--quarter", "2016-Q5", "--no-record"]).fails(2);
    assert!(r.stderr.contains("2016K3, 2016-K3, 2016Q3, 2016-Q3 or 2016-3"), "{}", r.stderr);
}

/// A cell of a sheet read back from the XLSX.
#[derive(Debug, Clone, PartialEq)]
pub enum X {
    Text(String),
    Num(f64),
    Bool(bool),
}

fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The text between `<tag…>` and `</tag>`, for each such element.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if !after.starts_with([' ', '>', '/']) {
            rest = after;
            continue;
        }
        let end = after.find('>').unwrap();
        let attrs = &after[..end];
        if attrs.ends_with('/') {
            out.push((attrs, ""));
            rest = &after[end + 1..];
            continue;
        }
        let body_end = after.find(&close).unwrap();
        out.push((attrs, &after[end + 1..body_end]));
        rest = &after[body_end + close.len()..];
    }
    out
}

fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = attrs.find(&key)? + key.len();
    Some(&attrs[i..i + attrs[i..].find('"')?])
}

/// Column index of a cell reference such as "C12".
fn column(r: &str) -> usize {
    r.chars().take_while(|c| c.is_ascii_alphabetic()).fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1)) - 1
}

/// A sheet read back: its name, its rows of cells (None where empty), its autofilter range.
pub type Sheet = (String, Vec<Vec<Option<X>>>, Option<String>);

/// Every sheet of a workbook by name, in order: its rows of cells (None where empty), and its
/// autofilter range.
pub fn read_xlsx(path: &Path) -> Vec<Sheet> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).map(|mut f| f.read_to_string(&mut s).unwrap()).ok();
        s
    };
    let strings: Vec<String> = elements(&read("xl/sharedStrings.xml"), "si")
        .into_iter()
        .map(|(_, body)| elements(body, "t").into_iter().map(|(_, t)| xml_unescape(t)).collect())
        .collect();
    let names: Vec<String> = elements(&read("xl/workbook.xml"), "sheet")
        .into_iter()
        .map(|(a, _)| xml_unescape(attr(a, "name").unwrap()))
        .collect();
    let mut out = Vec::new();
    for (i, name) in names.into_iter().enumerate() {
        let xml = read(&format!("xl/worksheets/sheet{}.xml", i + 1));
        let mut rows = Vec::new();
        for (_, row) in elements(&xml, "row") {
            let mut cells: Vec<Option<X>> = Vec::new();
            for (a, body) in elements(row, "c") {
                let col = column(attr(a, "r").unwrap());
                let v = elements(body, "v").first().map(|(_, v)| v.to_string());
                let cell = match (attr(a, "t"), v) {
                    (_, None) => None,
                    (Some("s"), Some(v)) => Some(X::Text(strings[v.parse::<usize>().unwrap()].clone())),
                    (Some("b"), Some(v)) => Some(X::Bool(v == "1")),
                    (Some("str"), Some(v)) => Some(X::Text(xml_unescape(&v))),
                    (_, Some(v)) => Some(X::Num(v.parse().unwrap())),
                };
                if cells.len() <= col {
                    cells.resize(col + 1, None);
                }
                cells[col] = cell;
            }
            rows.push(cells);
        }
        // A row ends at its last cell written: pad it to the sheet's width.
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        for r in &mut rows {
            r.resize(width, None);
        }
        let filter = elements(&xml, "autoFilter").first().and_then(|(a, _)| attr(a, "ref").map(String::from));
        out.push((name, rows, filter));
    }
    out
}

pub fn text_of(c: &Option<X>) -> &str {
    match c {
        Some(X::Text(t)) => t,
        _ => "",
    }
}

#[test]
fn the_xlsx_reads_back_as_sheets_an_analyst_can_pivot() {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["report", s(&sample()), "--quarter", "2016K3", "--no-record"]).ok();
    let book = read_xlsx(&tmp.path().join("reports/effektmaal-2016-K3.xlsx"));
    let names: Vec<&str> = book.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(names, ["Forside", "Månedsserie", "Opdelinger", "Status", "Strømme", "Sammenligning", "Metadata"]);
    let sheet = |n: &str| book.iter().find(|b| b.0 == n).unwrap();
    for (name, rows, filter) in &book {
        if name == "Metadata" {
            continue;
        }
        // One header row with a filter over the whole table.
        let width = rows[0].len();
        assert!(rows[0].iter().all(|c| matches!(c, Some(X::Text(_)))), "{name}: {:?}", rows[0]);
        let last = (b'A' + width as u8 - 1) as char;
        assert_eq!(filter.as_deref(), Some(format!("A1:{last}{}", rows.len()).as_str()), "{name}");
        // No number column holds text: "–" is never written, a hidden cell is empty.
        for row in &rows[1..] {
            assert!(row.iter().all(|c| c != &Some(X::Text("–".into()))), "{name}: {row:?}");
        }
    }
    // The monthly series: ISO months, quarters in one form, numbers as numbers, the
    // provisional month flagged. August 2016 as the CSV has it.
    let (_, rows, _) = sheet("Månedsserie");
    let head: Vec<&str> = rows[0].iter().map(text_of).collect();
    assert_eq!(
        head,
        [
            "KPI-id",
            "KPI",
            "Måned",
            "Kvartal",
            "Opdeling",
            "Gruppe",
            "Tæller (fuldtidspersoner)",
            "Nævner (fuldtidspersoner)",
            "Andel (%)",
            "Foreløbig",
            "Skjult, årsag"
        ]
    );
    let aug = rows.iter().find(|r| text_of(&r[0]) == "uddannelse_job" && text_of(&r[2]) == "2016-08").unwrap();
    assert_eq!(aug[3], Some(X::Text("2016-K3".into())));
    assert_eq!(aug[1], Some(X::Text("Andel 16–66-årige i uddannelse eller job".into())));
    assert_eq!((text_of(&aug[4]), text_of(&aug[5])), ("I alt", "I alt"));
    assert_eq!(aug[6], Some(X::Num(2630.0)));
    assert_eq!(aug[7], Some(X::Num(3593.0)));
    assert!(matches!(aug[8], Some(X::Num(x)) if (x - 73.2).abs() < 0.01), "{aug:?}");
    assert_eq!(aug[9], Some(X::Bool(false)));
    let flagged = |rows: &[Vec<Option<X>>]| -> Vec<String> {
        rows[1..].iter().filter(|r| r[9] == Some(X::Bool(true))).map(|r| text_of(&r[2]).to_string()).collect()
    };
    // The extract's newest complete month (2016-12) is provisional: outside 2016K3's series,
    // flagged for both KPIs in 2016K4's.
    assert_eq!(flagged(rows), Vec::<String>::new());
    run_in(tmp.path(), &["report", s(&sample()), "--quarter", "2016K4", "--no-record"]).ok();
    let k4 = read_xlsx(&tmp.path().join("reports/effektmaal-2016-K4.xlsx"));
    assert_eq!(flagged(&k4[1].1), ["2016-12", "2016-12"]);
    // Breakdowns: hidden cells empty with their reason beside, in Danish; groups in Danish.
    let (_, rows, _) = sheet("Opdelinger");
    let hidden: Vec<&Vec<Option<X>>> = rows[1..].iter().filter(|r| !text_of(&r[9]).is_empty()).collect();
    assert!(!hidden.is_empty());
    for r in &hidden {
        assert!(r[7].is_none(), "a hidden share is shown: {r:?}");
        assert!(
            ["1–4 personer", "sekundær diskretionering", "nævner under 20 personer"].contains(&text_of(&r[9])),
            "{r:?}"
        );
    }
    let dims: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| text_of(&r[3])).collect();
    assert_eq!(dims, ["Alder", "Herkomst og oprindelse", "Køn", "Lokalområde"].into_iter().collect());
    assert!(rows.iter().any(|r| text_of(&r[4]) == "Kvinder"));
    // The comparison's source stands in its own column.
    let (_, rows, _) = sheet("Sammenligning");
    assert_eq!(text_of(&rows[0][7]), "Kilde");
    // Metadata: sources with checksums, the period, the version, the disclosure rules.
    let (_, rows, _) = sheet("Metadata");
    let all: Vec<&str> = rows.iter().flatten().map(text_of).collect();
    let sha = |name: &str| {
        use sha2::Digest;
        let bytes = std::fs::read(sample().join(name)).unwrap();
        sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    for want in [sha("dream.csv"), sha("befolkning.csv")] {
        assert!(all.contains(&want.as_str()), "no checksum {want}");
    }
    assert!(all.iter().any(|t| t.starts_with("effektmaal ")), "{all:?}");
    assert!(all.iter().any(|t| t.contains("3. kvartal 2016")), "{all:?}");
    assert!(all.contains(&"Diskretionering"));
    let befolkning = rows.iter().find(|r| text_of(&r[0]) == "befolkning.csv").unwrap();
    assert_eq!(befolkning[2], Some(X::Num(5981.0)));

    // In English: the same sheets in English, quarters as 2016-Q3, groups in English.
    run_in(tmp.path(), &["report", s(&sample()), "--quarter", "2016K3", "--no-record", "--lang", "en"]).ok();
    let book = read_xlsx(&tmp.path().join("reports/effektmaal-2016-K3-en.xlsx"));
    let names: Vec<&str> = book.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(names, ["Front page", "Monthly series", "Breakdowns", "Status", "Flows", "Comparison", "Metadata"]);
    let rows = &book[2].1;
    assert!(rows.iter().any(|r| text_of(&r[4]) == "Women"));
    assert!(rows[1..].iter().all(|r| text_of(&r[2]).contains("-Q")), "{:?}", rows[1]);
    assert!(rows[1..].iter().all(|r| !text_of(&r[9]).contains("personer")));
}

/// A Python that can import page-validation (`.ci/run` installs it in target/pv).
fn validator_python() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pv/bin/python");
    let candidates =
        std::env::var_os("EFFEKTMAAL_PAGE_PYTHON").map(PathBuf::from).into_iter().chain([venv, "python3".into()]);
    candidates
        .into_iter()
        .find(|p| Command::new(p).args(["-c", "import page"]).output().is_ok_and(|o| o.status.success()))
}

#[test]
fn the_pdf_passes_an_independent_pdf_a_2a_and_pdf_ua_1_validator_in_both_languages_and_quarters() {
    let Some(python) = validator_python() else {
        if std::env::var_os("EFFEKTMAAL_SKIP_PDF_VALIDATOR").is_some() {
            eprintln!("SKIPPED: page-validation is not installed and EFFEKTMAAL_SKIP_PDF_VALIDATOR is set");
            return;
        }
        panic!(
            "page-validation is needed (python -m venv target/pv && target/pv/bin/pip install page-validation==0.11.0, as .ci/run does); \
             set EFFEKTMAAL_SKIP_PDF_VALIDATOR=1 to skip this test outside CI"
        );
    };
    let tmp = tempfile::tempdir().unwrap();
    for quarter in ["2016K3", "2016K4"] {
        for lang in ["da", "en"] {
            run_in(tmp.path(), &["report", s(&sample()), "--quarter", quarter, "--lang", lang, "--no-record"]).ok();
        }
    }
    let script = "
import sys, page
bad = 0
for path in sys.argv[1:]:
    for profile in (page.ValidationProfile.PDF_A_2A, page.ValidationProfile.PDF_UA_1):
        r = page.validate_pdf(path, profile=profile)
        print(path, profile.name, 'compliant' if r.is_compliant else 'NOT compliant', len(r.failures), 'failures')
        for f in r.failures:
            print('  ', f.rule_id, f.category.name, f.message)
        if not r.is_compliant or r.failures:
            bad += 1
sys.exit(1 if bad else 0)
";
    let pdfs =
        ["effektmaal-2016-K3.pdf", "effektmaal-2016-K3-en.pdf", "effektmaal-2016-K4.pdf", "effektmaal-2016-K4-en.pdf"]
            .map(|n| tmp.path().join("reports").join(n));
    let out = Command::new(&python).arg("-c").arg(script).args(&pdfs).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(text.matches(" compliant 0 failures").count(), 8, "{text}");
}

#[test]
fn the_man_page_documents_every_subcommand_and_option() {
    let man = run(&["man"]).ok().stdout;
    use clap::CommandFactory;
    let cmd = effektmaal::cli::Cli::command();
    for sub in cmd.get_subcommands() {
        let head = format!(".SH \"EFFEKTMAAL {}\"", sub.get_name().to_uppercase());
        assert!(man.contains(&head), "no section {head}");
        let section = &man[man.find(&head).unwrap()..];
        let section = &section[..section[4..].find(".SH ").map_or(section.len(), |i| i + 4)];
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                let roff = format!("\\fB\\-\\-{}\\fR", long.replace('-', "\\-"));
                assert!(section.contains(&roff), "{}: --{long} is not in the man page", sub.get_name());
            }
        }
    }
    assert!(man.contains("EFFEKTMAAL_STORE"));
    // The report's usage names its two directories apart.
    let help = run(&["report", "--help"]).ok().stdout;
    assert!(!help.contains("<DIR> <DIR>"), "{help}");
    // --from's default as the README gives it.
    let help = run(&["compute", "--help"]).ok().stdout;
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("default: the first month of the latest unbroken run of complete months"), "{help}");
}

#[test]
fn check_speaks_one_language_and_a_missing_directory_is_named_as_missing() {
    let out = run(&["check", s(&sample())]).ok().stdout;
    assert!(out.contains("5,981 rows"), "{out}");
    assert!(!out.contains("5.981"), "{out}");
    // A code text too long for its column ends in an ellipsis.
    let long: Vec<&str> = out.lines().filter(|l| l.contains("person-weeks") && l.contains('…')).collect();
    for l in &long {
        assert!(l.contains("… "), "{l}");
    }
    let r = run(&["check", "/nonexistent/extract"]).fails(2);
    assert!(r.stderr.contains("/nonexistent/extract: the extract directory does not exist"), "{}", r.stderr);
    assert!(!r.stderr.contains("nothing was written"), "{}", r.stderr);
}
