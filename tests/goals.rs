//! Issue 22, "Beyond the anchors": a target on a group gets a card, a series and rows of its
//! own in both languages; an unknown group is refused; the seasonal course stands beside the
//! straight one. Figures hand-computed from `compute --by herkomst --format csv` on the sample.

use crate::common::*;
use crate::outputs::{X, text_of};
use std::path::{Path, PathBuf};
use std::process::Command;

const GROUP_TARGET: &str = r#"
[[target]]
kpi = "uddannelse_job"
dimension = "herkomst"
group = "Indvandrer, ikke-vestlig"
title = "Ikke-vestlige indvandrere i uddannelse eller job"
title_en = "Non-Western immigrants in education or job"
baseline_month = "2015-08"
baseline_pct = 45.0
target_month = "2016-08"
target_pct = 48.0
"#;

/// A targets file: Odense's two targets and one on non-Western immigrants.
fn targets(dir: &Path, group: &str) -> PathBuf {
    let embedded = include_str!("../src/kpi/targets.toml");
    let text = embedded.split("# A target may also").next().unwrap().to_string()
        + &GROUP_TARGET.replace("Indvandrer, ikke-vestlig", group);
    let p = dir.join("mine.toml");
    std::fs::write(&p, text).unwrap();
    p
}

/// The PDF's text as one line, without the running heads and feet ("Odense Kommune ·
/// Beskæftigelses- og Socialudvalget", "Side 1 af 16", "Kvartalsstatus, 4. kvartal 2016"), so a
/// paragraph that runs onto the next page reads whole.
fn flat_pdf(pdf: &Path) -> String {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext is installed");
    let text = String::from_utf8_lossy(&out.stdout).replace(['\u{a0}', '\u{202f}'], " ");
    let running = |l: &str| {
        let w: Vec<&str> = l.split_whitespace().collect();
        l.contains(" · ")
            || matches!(w[..], ["Side" | "Page", _, "af" | "of", _])
            || l.starts_with("Kvartalsstatus, ")
            || l.starts_with("Quarterly status, ")
    };
    let body: Vec<&str> = text.lines().map(|l| l.trim_start_matches('\u{c}')).filter(|l| !running(l)).collect();
    body.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The group's shares as `compute` publishes them, month by month.
fn computed(tmp: &Path) -> Vec<(String, Option<f64>)> {
    let csv = run_in(tmp, &["compute", sample().to_str().unwrap(), "--by", "herkomst", "--format", "csv"]).ok().stdout;
    csv.lines()
        .filter(|l| l.starts_with("uddannelse_job,") && l.contains(",\"Indvandrer, ikke-vestlig\","))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            // kpi, month, dimension, "Indvandrer, ikke-vestlig" (two fields), num, den, share, …
            (f[1].to_string(), f[7].parse().ok())
        })
        .collect()
}

#[test]
fn a_target_on_a_group_gets_its_card_series_and_rows_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let t = targets(tmp.path(), "Indvandrer, ikke-vestlig");
    let share = |m: &str| computed(tmp.path()).into_iter().find(|x| x.0 == m).unwrap().1;
    // compute hides November and December 2016 for the group (secondary suppression), so the
    // card rests on October 2016: 98,00 of 226,00 = 43,36 %. October 2015: 111,40 of 214,40 =
    // 51,96 %; July 2016 42,60 %.
    assert_eq!((share("2016-11"), share("2016-12")), (None, None));
    assert_eq!((share("2016-10"), share("2015-10"), share("2016-07")), (Some(43.36), Some(51.96), Some(42.60)));
    for (lang, texts) in [
        (
            "da",
            vec![
                // The card (on the web page, in reading order).
                "<h3><span>Ikke-vestlige indvandrere i uddannelse eller job</span> <span class=\"signal signal-red\">Signal: Rød</span></h3>\n<dl>\n<div><dt>Seneste værdi</dt><dd class=\"value\">43,4 % <small>oktober 2016</small></dd></div>\n\
                 <div><dt>Siden sidste kvartal</dt><dd>+0,8 pct.-point</dd></div>\n<div><dt>Siden sidste år</dt><dd>−8,6 pct.-point</dd></div>\n\
                 <div><dt>Sæsonkurs</dt><dd>54,5 % <small>Afvigelse fra kurs: −11,1 pct.-point · Lige kurs: 48,0 %</small></dd></div>\n<div><dt>Mål</dt><dd>48,0 % <small>august 2016</small></dd></div>",
                // 43,36 − 42,60 = +0,76 → +0,8; 43,36 − 51,96 = −8,6 ; the PDF's card has the value.
                "Seneste værdi 43,4 %",
                "Ikke-vestlige indvandrere i uddannelse eller job: andelen for december 2016 kan ikke vises (sekundær diskretionering); kortet og signalet bygger på oktober 2016, den seneste måned, der kan vises.",
                // Seasonal: 51,96 + 3,0 × (1 − 2/12) = 54,46, so −11,1; straight: held at 48,0, so −4,6.
                "Ikke-vestlige indvandrere i uddannelse eller job: andelen var 43,4 % i oktober 2016, 11,1 procentpoint under sæsonkursen og 4,6 procentpoint under den lige kurs mod målet på 48,0 % i august 2016.",
                // August 2016: 97,25 of 221,00 = 44,0 %.
                "Målet på 48,0 % i august 2016 blev ikke nået: andelen var 44,0 %.",
                // The forecast from October 2016, the card's month: the movements October →
                // August in the three years before, 50,88 − 50,51 = +0,37, 48,30 − 51,55 = −3,25
                // and 44,00 − 51,96 = −7,96, mean −3,61; 43,36 − 3,61 = 39,75, band 43,36 − 7,96
                // = 35,40 to 43,36 + 0,37 = 43,73.
                "Prognose for august 2017: 39,8 % (35,4–43,7 %)",
            ],
        ),
        (
            "en",
            vec![
                "<h3><span>Non-Western immigrants in education or job</span> <span class=\"signal signal-red\">Signal: Red</span></h3>\n<dl>\n<div><dt>Latest value</dt><dd class=\"value\">43.4 % <small>October 2016</small></dd></div>\n\
                 <div><dt>Since last quarter</dt><dd>+0.8 pp</dd></div>\n<div><dt>Since last year</dt><dd>−8.6 pp</dd></div>\n\
                 <div><dt>Seasonal course</dt><dd>54.5 % <small>Gap to course: −11.1 pp · Straight course: 48.0 %</small></dd></div>\n<div><dt>Target</dt><dd>48.0 % <small>August 2016</small></dd></div>",
                "Latest value 43.4 %",
                "Non-Western immigrants in education or job: the share for December 2016 cannot be shown (secondary suppression); the card and the signal rest on October 2016, the latest month that can be shown.",
                "Non-Western immigrants in education or job: the share was 43.4 % in October 2016, 11.1 percentage points below the seasonal course and 4.6 percentage points below the straight course to the target of 48.0 % in August 2016.",
                "The target of 48.0 % in August 2016 was not met: the share was 44.0 %.",
                "Forecast for August 2017: 39.8 % (35.4–43.7 %)",
            ],
        ),
    ] {
        let sample = sample();
        let args = ["report", sample.to_str().unwrap(), "--quarter", "2016K4", "--targets", t.to_str().unwrap()];
        run_in(tmp.path(), &[&args[..], &["--lang", lang, "--no-record"]].concat()).ok();
        let stem = if lang == "da" { "effektmaal-2016-K4" } else { "effektmaal-2016-K4-en" };
        let dir = tmp.path().join("reports");
        let pdf = flat_pdf(&dir.join(format!("{stem}.pdf")));
        let html = std::fs::read_to_string(dir.join(format!("{stem}.html"))).unwrap();
        let html_text = html.replace(['\u{a0}', '\u{202f}'], " ");
        assert!(html_text.contains(texts[0]), "{lang}: the card is not on the web page");
        for want in &texts[1..] {
            assert!(pdf.contains(want), "{lang}: {want:?} not in the PDF:\n{}", &pdf[..3000.min(pdf.len())]);
        }
        // The web page has the sentences too.
        for want in &texts[2..] {
            assert!(html_text.contains(want), "{lang}: {want:?} not on the web page");
        }
        // The group's series: a chart of its own, and its months in the CSV as compute has them.
        let charts = if lang == "da" { "figurer" } else { "charts" };
        let chart = if lang == "da" {
            "1-udviklingen-maaned-for-maaned-ikke-vestlige-indvandrere-i-uddannelse-eller-job.png"
        } else {
            "1-month-by-month-non-western-immigrants-in-education-or-job.png"
        };
        assert!(dir.join(format!("{stem}-{charts}")).join(chart).is_file(), "{lang}: {chart}");
        let csv = std::fs::read_to_string(dir.join(format!("{stem}.csv"))).unwrap();
        let row = |m: &str| {
            csv.lines()
                .find(|l| {
                    l.contains("2 månedsserie,uddannelse_job,")
                        && l.contains(&format!(",{m},herkomst,\"Indvandrer, ikke-vestlig\""))
                })
                .unwrap_or_else(|| panic!("{lang}: no CSV row for {m}"))
                .to_string()
        };
        assert!(row("2016-10").contains("98.00,226.00,43.36"), "{}", row("2016-10"));
        assert!(row("2016-12").ends_with(",,226.00,,sekundær diskretionering"), "{}", row("2016-12"));
        // The XLSX as an analyst pivots it: the group in its own columns of the monthly series.
        let sheets = crate::outputs::read_xlsx(&dir.join(format!("{stem}.xlsx")));
        let rows = &sheets[1].1;
        let group = if lang == "da" { "Indvandrer, ikke-vestlig" } else { "Immigrant, non-Western" };
        let oct = rows
            .iter()
            .find(|r| text_of(&r[2]) == "2016-10" && text_of(&r[5]) == group)
            .unwrap_or_else(|| panic!("{lang}: no XLSX row for the group in 2016-10"));
        assert_eq!((oct[6].clone(), oct[7].clone()), (Some(X::Num(98.0)), Some(X::Num(226.0))), "{lang}");
    }
}

#[test]
fn a_target_on_a_group_the_extract_does_not_have_is_refused_naming_its_groups() {
    let tmp = tempfile::tempdir().unwrap();
    let t = targets(tmp.path(), "Indvandrer, ikkevestlig");
    let run = run_in(
        tmp.path(),
        &["report", sample().to_str().unwrap(), "--quarter", "2016K3", "--targets", t.to_str().unwrap()],
    )
    .fails(2);
    assert!(
        run.stderr.contains("mine.toml: a target is set on herkomst = \"Indvandrer, ikkevestlig\", a group the extract does not have; its herkomst groups are: \"Dansk oprindelse\", \"Indvandrer, vestlig\", \"Indvandrer, ikke-vestlig\", \"Efterkommer, vestlig\", \"Efterkommer, ikke-vestlig\""),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("reports").exists(), "a refused run writes nothing");
}

#[test]
fn the_series_table_shows_both_courses_with_their_gaps() {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["report", sample().to_str().unwrap(), "--quarter", "2016K3", "--no-record"]).ok();
    let pdf = flat_pdf(&tmp.path().join("reports/effektmaal-2016-K3.pdf"));
    // July 2016: 72,68 %. Straight: 72,8 + 2,6 × 11/12 = 75,18, gap −2,5. Seasonal: July 2015's
    // 72,21 + 2,6 = 74,81, gap −2,1. The summer dip costs less against the seasonal course.
    let short = &pdf[..6000.min(pdf.len())];
    assert!(pdf.contains("juli 2016 72,7 % 75,2 % −2,5 74,8 % −2,1"), "{short}");
    // September 2016: 73,67 against 75,4 (held) and 73,81 + 2,6 × 11/12 = 76,19.
    assert!(pdf.contains("september 2016 73,7 % 75,4 % −1,7 76,2 % −2,5"), "{short}");
    assert!(
        pdf.contains("Måned Andel Lige kurs Afv., pct.-point Sæsonkurs Afv., pct.-point Fuldtidspersoner"),
        "{short}"
    );
    // The card names the course its signal rests on and shows the other one small (the web
    // page keeps the card's reading order).
    let html = std::fs::read_to_string(tmp.path().join("reports/effektmaal-2016-K3.html")).unwrap();
    let html = html.replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        html.contains("<div><dt>Sæsonkurs</dt><dd>76,2 % <small>Afvigelse fra kurs: −2,5 pct.-point · Lige kurs: 75,4 %</small></dd></div>"),
        "{}",
        &html[html.find("<article class=\"kpi\">").unwrap()..][..1500]
    );
}
