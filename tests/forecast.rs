//! Issue 22, "a forecast for the measuring month": the report on the sample for 2016K3 gives
//! each target a forecast for August 2017 with its band on the front page (PDF and web page, in
//! both languages), its backtest in the appendix and the same figures in the CSV; an extract
//! with only one earlier year says why there is none.
//!
//! The figures by hand from `effektmaal compute data/sample --format csv` (row `total`; share =
//! numerator ÷ denominator, which the CSV holds exactly):
//!
//! uddannelse_job: September 2016 = 2657,80 / 3607,80 = 73,668 %. Movements September → August
//! a year later: 2015-09 73,806 (2649,25/3589,50) → 2016-08 73,198 (2630,00/3593,00): −0,608;
//! 2014-09 72,937 (2604,25/3570,50) → 2015-08 72,832 (2605,75/3577,75): −0,106;
//! 2013-09 72,382 (2604,50/3598,25) → 2014-08 72,098 (2571,75/3567,00): −0,284.
//! Mean −0,333: forecast 73,336 → 73,3 %; band 73,668 − 0,608 = 73,061 → 73,1 % to
//! 73,668 − 0,106 = 73,562 → 73,6 %.
//!
//! arbejdsduelige: September 2016 = 2764,20 / 3607,80 = 76,617 %. Movements: 2015-09 76,938 →
//! 2016-08 76,363: −0,576; 2014-09 76,362 → 2015-08 76,130: −0,232; 2013-09 75,982 → 2014-08
//! 75,694: −0,288. Mean −0,365: forecast 76,252 → 76,3 %; band 76,041 → 76,0 % to 76,386 →
//! 76,4 %.
//!
//! The backtest (scripts/forecast, the same arithmetic for every month 2015-01 … 2016-07 whose
//! August is at or before September 2016: 7 forecasts of August 2015 and 12 of August 2016):
//! MAE 0,749 → 0,7 pp and 0,793 → 0,8 pp, 19 forecasts each; August inside the band in 2 and 1.

use crate::common::*;
use crate::html::html_text;
use crate::publication::{file, flat, pdf_raw, report};

/// The front page's text (the PDF's first page, or the web page up to the series heading) and the
/// whole text of the PDF and of the web page, flattened, for a report on the sample.
fn texts(lang: &str) -> Vec<(&'static str, String, String)> {
    let (_tmp, dir) = report("2016K3", lang);
    let raw = pdf_raw(&file(&dir, ".pdf"));
    let pdf = flat(&raw);
    let pdf_front = flat(raw.split('\u{c}').next().unwrap());
    let html = flat(&html_text(&std::fs::read_to_string(file(&dir, ".html")).unwrap()));
    let cut =
        html.rfind(if lang == "da" { "Udviklingen måned for måned" } else { "Month by month" }).unwrap_or(html.len());
    let html_front = html[..cut].to_string();
    vec![("pdf", pdf_front, pdf), ("html", html_front, html)]
}

#[test]
fn the_sample_report_forecasts_august_2017_with_its_band_and_backtest() {
    for (lang, lines, note, backtest) in [
        (
            "da",
            ["Prognose for august 2017: 73,3 % (73,1–73,6 %)", "Prognose for august 2017: 76,3 % (76,0–76,4 %)"],
            "En fremskrivning af bevægelsen fra september til august i 3 tidligere år (spændet går fra den mindste til den største), ikke en model af årsager.",
            [
                "I udtrækkets egne år ville prognosen have ramt august med en gennemsnitlig fejl på 0,7 procentpoint (19 prognoser); august lå inden for spændet i 2 af dem.",
                "I udtrækkets egne år ville prognosen have ramt august med en gennemsnitlig fejl på 0,8 procentpoint (19 prognoser); august lå inden for spændet i 1 af dem.",
            ],
        ),
        (
            "en",
            ["Forecast for August 2017: 73.3 % (73.1–73.6 %)", "Forecast for August 2017: 76.3 % (76.0–76.4 %)"],
            "A projection of the movement from September to August in 3 earlier years (the range runs from the smallest to the largest), not a model of causes.",
            [
                "In the extract's own years the forecast would have hit August with a mean absolute error of 0.7 percentage points (19 forecasts); August fell inside the range in 2 of them.",
                "In the extract's own years the forecast would have hit August with a mean absolute error of 0.8 percentage points (19 forecasts); August fell inside the range in 1 of them.",
            ],
        ),
    ] {
        for (what, front, all) in texts(lang) {
            let at = format!("{lang} {what}");
            // Both cards, education or job first.
            let a = front.find(lines[0]).unwrap_or_else(|| panic!("{at}: {}\n{front}", lines[0]));
            let b = front.find(lines[1]).unwrap_or_else(|| panic!("{at}: {}\n{front}", lines[1]));
            assert!(a < b, "{at}");
            assert_eq!(front.matches(note).count(), 2, "{at}: {front}");
            let a = all.find(backtest[0]).unwrap_or_else(|| panic!("{at}: {}\n{all}", backtest[0]));
            let b = all.find(backtest[1]).unwrap_or_else(|| panic!("{at}: {}\n{all}", backtest[1]));
            assert!(a < b, "{at}");
            assert!(
                all.contains(if lang == "da" {
                    "Prognosen er en fremskrivning af tidligere års sæsonbevægelse, ikke en model af årsagerne"
                } else {
                    "The forecast projects past seasonal movement; it is not a model of causes"
                }),
                "{at}"
            );
        }
    }
}

#[test]
fn the_forecast_is_in_the_published_rows_and_the_chart() {
    let (_tmp, dir) = report("2016K3", "da");
    let csv = std::fs::read_to_string(file(&dir, ".csv")).unwrap();
    let rows: Vec<Vec<String>> = csv.lines().map(split_csv_line).collect();
    assert_eq!(rows[0].join(","), "section,kpi,period,dimension,group,numerator,denominator,share_pct,suppressed");
    // The unrounded figures above, to two decimals, for August 2017.
    for line in [
        "1 forside,uddannelse_job,2017-08,prognose,I alt,,,73.34,",
        "1 forside,uddannelse_job,2017-08,prognose_lav,I alt,,,73.06,",
        "1 forside,uddannelse_job,2017-08,prognose_høj,I alt,,,73.56,",
        "1 forside,arbejdsduelige,2017-08,prognose,I alt,,,76.25,",
        "1 forside,arbejdsduelige,2017-08,prognose_lav,I alt,,,76.04,",
        "1 forside,arbejdsduelige,2017-08,prognose_høj,I alt,,,76.39,",
    ] {
        assert!(rows.iter().any(|r| r.join(",") == line), "{line}: {csv}");
    }
    // The series chart: the point's label and the alt text with the band.
    let page = std::fs::read_to_string(file(&dir, ".html")).unwrap().replace('\u{a0}', " ");
    assert!(page.contains("Prognose 73,3 %"), "chart label");
    assert!(page.contains("Prognose 76,3 %"), "chart label");
    assert!(
        page.contains("Prognosen for august 2017 er 73,3 % med et spænd fra 73,1 % til 73,6 %, tegnet som et punkt med en lodret streg."),
        "alt text"
    );
    assert!(page.contains("Prognose med spænd"), "legend");
}

#[test]
fn an_extract_with_one_earlier_year_says_why_there_is_no_forecast() {
    let tmp = tempfile::tempdir().unwrap();
    let x = tmp.path().join("x");
    let x = x.to_str().unwrap();
    run_in(
        tmp.path(),
        &["simulate", "--persons", "2000", "--from", "2015-01", "--to", "2016-12", "--seed", "3", "--out", x],
    )
    .ok();
    for (lang, why, short) in [
        (
            "da",
            "Ingen prognose: udtrækket har kun 1 tidligere år at bygge på (mindst 2)",
            "Udtrækket er for kort til at efterprøve prognosen på sine egne år.",
        ),
        (
            "en",
            "No forecast: the extract has only 1 earlier year to build on (at least 2)",
            "The extract is too short to test the forecast on its own years.",
        ),
    ] {
        let out = tmp.path().join(format!("r-{lang}"));
        run_in(
            tmp.path(),
            &["report", x, "--quarter", "2016K3", "--lang", lang, "--no-record", "--out", out.to_str().unwrap()],
        )
        .ok();
        let raw = pdf_raw(&file(&out, ".pdf"));
        let front = flat(raw.split('\u{c}').next().unwrap());
        assert_eq!(front.matches(why).count(), 2, "{lang}: {front}");
        assert!(!front.contains(if lang == "da" { "Prognose for" } else { "Forecast for" }), "{lang}");
        let html = flat(&html_text(&std::fs::read_to_string(file(&out, ".html")).unwrap()));
        assert_eq!(html.matches(why).count(), 2, "{lang}");
        assert_eq!(flat(&raw).matches(short).count(), 2, "{lang}: both KPIs in the appendix");
        let csv = std::fs::read_to_string(file(&out, ".csv")).unwrap();
        assert!(!csv.contains("prognose"), "{lang}: no forecast rows");
    }
}
