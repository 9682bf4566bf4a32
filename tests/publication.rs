//! Issue 20, "The report as a publication": the PDF and the charts of the sample's reports for
//! 2016K3 and 2016K4, in Danish and English, read as a statistics editor reads them. A test per
//! mended item a test can see: the wording, the dates, the words of the other language, the
//! units, the numbering and source lines, the label placement on the real charts, the chart
//! files' resolution and the web page's embedded font.

use crate::common::*;
use clap::Parser;
use effektmaal::report::charts::{self, Layout, Medium};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample's report for a quarter and a language, in a temp dir: (dir, reports folder).
pub(crate) fn report(quarter: &str, lang: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let sample = sample();
    run_in(tmp.path(), &["report", sample.to_str().unwrap(), "--quarter", quarter, "--lang", lang, "--no-record"]).ok();
    let dir = tmp.path().join("reports");
    (tmp, dir)
}

/// The one file in `dir` whose name ends with `ext` (whatever the language's file names).
pub(crate) fn file(dir: &Path, ext: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(ext))
        .collect();
    assert_eq!(found.len(), 1, "{ext} in {dir:?}: {found:?}");
    found[0].clone()
}

/// The chart folder beside the report.
fn chart_dir(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).find(|p| p.is_dir()).expect("a chart folder")
}

/// pdftotext's text as laid out (line breaks kept, so broken words show).
pub(crate) fn pdf_raw(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The text with line breaks, hyphens at line ends and no-break spaces undone.
pub(crate) fn flat(raw: &str) -> String {
    raw.replace("\u{ad}\n", "").replace("-\n", "").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || ",;:()".contains(c)).filter(|w| !w.is_empty()).collect()
}

#[test]
fn the_pdf_says_what_it_means_in_both_languages_and_quarters() {
    for quarter in ["2016K3", "2016K4"] {
        for lang in ["da", "en"] {
            let (_tmp, dir) = report(quarter, lang);
            let pdf = file(&dir, ".pdf");
            let raw = pdf_raw(&pdf);
            let t = flat(&raw);
            let what = format!("{quarter} {lang}");
            // The 68 (or so) persons to a job exclude job → job: "other than job and education".
            if lang == "da" {
                assert!(t.contains("til job fra andet end job og uddannelse."), "{what}: {t}");
                assert!(!t.contains("fra andet end uddannelse."), "{what}");
            } else {
                assert!(t.contains("to a job from something other than a job or education."), "{what}: {t}");
            }
            // Why the status table has ten rows and the flow table seven.
            assert!(
                t.contains(if lang == "da" {
                    "en række for hver af de ti statusser"
                } else {
                    "a row for each of the ten statuses"
                }),
                "{what}"
            );
            assert!(
                t.contains(if lang == "da" { "syv rækker og syv kolonner" } else { "seven rows and seven columns" }),
                "{what}"
            );
            // Every figure and table numbered, with a source line; a contact and the next report.
            let (figure, table, source) =
                if lang == "da" { ("Figur", "Tabel", "Kilde:") } else { ("Figure", "Table", "Source:") };
            let figures = (1..30).take_while(|n| t.contains(&format!("{figure} {n}:"))).count();
            let tables = (1..30).take_while(|n| t.contains(&format!("{table} {n}:"))).count();
            assert!(figures >= 8, "{what}: {figures} figures");
            assert!(tables >= 8, "{what}: {tables} tables");
            assert!(
                t.matches(source).count() >= figures + tables,
                "{what}: {} source lines",
                t.matches(source).count()
            );
            assert!(
                t.contains(if lang == "da" { "Kontakt: Sekretariatet for" } else { "Contact: Secretariat of" }),
                "{what}"
            );
            assert!(
                t.contains(if lang == "da" {
                    "Næste rapport: Kvartalsstatus for"
                } else {
                    "Next report: Quarterly status for"
                }),
                "{what}"
            );
            // A headline from the figures at the top of the front page.
            let first_page = flat(raw.split('\u{c}').next().unwrap());
            assert!(
                first_page.contains(if lang == "da" {
                    "sæsonkursen mod målet: i "
                } else {
                    "the seasonal course to the target: in "
                }),
                "{what}: {first_page}"
            );
            let w = words(&t);
            if lang == "da" {
                // Danish statistics write procentpoint, not pp; no command-line or English words
                // in what this report's own sections say.
                assert!(!w.contains(&"pp"), "{what}: pp");
                for bad in [
                    "Kurs nu",
                    "Arbejdsdu.",
                    "Fra \\ til",
                    "hvad som helst",
                    "er 0 igangsat",
                    "(--benchmarks)",
                    "(--initiatives)",
                    "Udd./job",
                ] {
                    assert!(!t.contains(bad), "{what}: {bad:?} is left");
                }
                assert!(t.contains("pct.-point"), "{what}");
            } else {
                // The initiatives' statuses and the summary in English (the descriptions are the
                // secretariat's own Danish text, "Start planlagt til januar 2017", and stay so).
                assert!(t.contains("initiatives in 5 focus areas: 2 planned, 7 started"), "{what}: {t}");
                for bad in ["2 planlagte", "7 igangsatte", "justerede", "er igangsat", "Kurs nu"] {
                    assert!(!t.contains(bad), "{what}: {bad:?} is left");
                }
                let statuses = raw.lines().filter(|l| ["planlagt", "igangsat", "justeret"].contains(&l.trim()));
                assert_eq!(statuses.count(), 0, "{what}: a Danish status badge");
            }
            // No word broken into syllables anywhere (the text is ragged right and never
            // hyphenated; typst marks its breaks with a soft hyphen, which pdftotext keeps), no
            // number split from its unit.
            let hyphenated: Vec<&str> = raw.lines().filter(|l| l.ends_with('\u{ad}')).collect();
            assert!(hyphenated.is_empty(), "{what}: hyphenated at a line's end: {hyphenated:?}");
            for broken in ["procentpo", "Fuldtidsperso", "Uddannel", "må", "ikke-ve", "Dan", "ak"] {
                for mark in ["-\n", "\u{ad}\n"] {
                    assert!(!raw.contains(&format!("{broken}{mark}")), "{what}: {broken:?}");
                }
            }
            for line in raw.lines() {
                let l = line.trim();
                assert!(
                    !(l == "%" || l == "pp" || l == "pct.-point" || l.starts_with("% ") || l.starts_with("pp ")),
                    "{what}: a unit alone at a line's start: {line:?}"
                );
            }
        }
    }
}

#[test]
fn each_quarter_s_report_has_a_date_of_its_own() {
    for (quarter, da, iso) in
        [("2016K3", "30. september 2016", "2016-09-30"), ("2016K4", "31. december 2016", "2016-12-31")]
    {
        let (_tmp, dir) = report(quarter, "da");
        let pdf = file(&dir, ".pdf");
        let first_page = flat(pdf_raw(&pdf).split('\u{c}').next().unwrap());
        assert!(first_page.contains(da), "{quarter}: {first_page}");
        let info = Command::new("pdfinfo").args(["-isodates"]).arg(&pdf).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.lines().any(|l| l.starts_with("CreationDate:") && l.trim_end().ends_with(&format!("{iso}T00:00:00Z"))),
            "{quarter}: {info}"
        );
        let html = std::fs::read_to_string(file(&dir, ".html")).unwrap();
        assert!(html.contains(&format!("<time datetime=\"{iso}\">")), "{quarter}");
    }
}

#[test]
fn the_pdf_badges_have_dark_text_on_light_signal_colours() {
    // White on yellow was 2,0:1; the template's badges are dark text on light backgrounds.
    let template = effektmaal::report::output::TEMPLATE;
    assert!(!template.contains("text(fill: white"), "white badge text");
    let luminance = |hex: &str| {
        let c: Vec<f64> = (0..3)
            .map(|i| f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0)
            .map(|v| if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) })
            .collect();
        0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    };
    let start = template.find("#let signal-colour").unwrap();
    let block = &template[start..start + template[start..].find("\n)\n").unwrap()];
    let mut pairs = 0;
    for line in block.lines().filter(|l| l.contains("fill:")) {
        let colour = |key: &str| {
            let i = line.find(&format!("{key}: rgb(\"")).unwrap() + key.len() + 7;
            line[i..i + 7].to_string()
        };
        let (a, b) = (luminance(&colour("fill")), luminance(&colour("text")));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(ratio >= 4.5, "{line}: {ratio:.2}:1");
        pairs += 1;
    }
    assert_eq!(pairs, 4);
}

#[test]
fn chart_files_stand_alone_at_300_dpi() {
    let (_tmp, dir) = report("2016K4", "da");
    let charts = chart_dir(&dir);
    let mut pngs = 0;
    for entry in std::fs::read_dir(&charts).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".png") {
            let b = std::fs::read(&path).unwrap();
            // 1 890 px wide (16 cm at 300 dpi), and a pHYs chunk saying 300 dpi (11 811 px/m).
            assert_eq!(u32::from_be_bytes(b[16..20].try_into().unwrap()), 1890, "{name}");
            let at = b.windows(4).position(|w| w == b"pHYs").unwrap_or_else(|| panic!("{name}: no pHYs"));
            assert_eq!(u32::from_be_bytes(b[at + 4..at + 8].try_into().unwrap()), 11_811, "{name}");
            assert_eq!(u32::from_be_bytes(b[at + 8..at + 12].try_into().unwrap()), 11_811, "{name}");
            assert_eq!(b[at + 12], 1, "{name}: unit metre");
            // The height is the SVG's, scaled like the width.
            let svg = std::fs::read_to_string(path.with_extension("svg")).unwrap();
            let (w, h) = charts::svg_size(&svg).unwrap();
            let height = u32::from_be_bytes(b[20..24].try_into().unwrap());
            assert_eq!(height, (h * 1890.0 / w).ceil() as u32, "{name}");
            // The image names its figure, its target or subject, its period and its source.
            assert!(svg.contains("Figur "), "{name}");
            assert!(svg.contains("Kilde: DREAM"), "{name}");
            pngs += 1;
        }
    }
    assert!(pngs >= 8, "{pngs} PNGs");
    let age = std::fs::read_to_string(charts.join("2-opdelinger-alder.svg")).unwrap();
    assert!(
        age.contains(
            "Andel 16–66-årige i uddannelse eller job efter alder, 4.\u{a0}kvt.\u{a0}2015 og 4.\u{a0}kvt.\u{a0}2016"
        ),
        "{age}"
    );
    let series = std::fs::read_to_string(
        charts.join("1-udviklingen-maaned-for-maaned-andel-16-66-aarige-i-uddannelse-eller-job.svg"),
    )
    .unwrap();
    assert!(series.contains("Mål 75,4\u{a0}% i august 2016"), "{series}");
    assert!(series.contains("Periode: "), "{series}");
}

#[test]
fn the_web_page_embeds_its_chart_font_and_draws_charts_for_a_phone() {
    let (_tmp, dir) = report("2016K3", "da");
    let html = std::fs::read_to_string(file(&dir, ".html")).unwrap();
    assert_eq!(html.matches("@font-face").count(), 1);
    assert!(html.contains("src: url(data:font/ttf;base64,"), "no embedded font");
    // Every chart's text names the embedded face first and falls back to sans-serif fonts.
    let family = effektmaal::report::webfont::FAMILY;
    assert!(html.contains(&format!("font-family=\"{family}, Noto Sans, Arial, Helvetica, sans-serif\"")));
    assert!(!html.contains("font-family=\"Noto Sans\""), "a chart text with no fallback");
    // Drawn 400 px wide: on a phone 390 px wide, 12 px text stays about 11 px.
    let svgs = html.matches("<svg").count();
    assert_eq!(html.matches("viewBox=\"0 0 400 ").count(), svgs, "every chart drawn for a phone's width");
}

/// The report model of the sample for a quarter and a language, as `report` builds it.
fn model_of(quarter: &str, lang: &str) -> effektmaal::report::model::Model {
    let sample = sample();
    let store = tempfile::tempdir().unwrap();
    let cli = effektmaal::cli::Cli::parse_from([
        "effektmaal",
        "report",
        sample.to_str().unwrap(),
        "--quarter",
        quarter,
        "--lang",
        lang,
        "--no-record",
        "--store",
        store.path().join("none.sqlite").to_str().unwrap(),
    ]);
    let effektmaal::cli::Command::Report(args) = cli.command else { unreachable!() };
    let settings = effektmaal::cmd::settings::ReportSettings::from_args(&args).unwrap();
    let mut ex = effektmaal::extract::load::load(&args.dir).unwrap();
    effektmaal::cmd::report::make(&settings, (&mut ex, None)).unwrap().built.model
}

/// Checks a drawing's geometry on its own terms: no value label's box crosses a line segment
/// or covers a point or a bar, runs into another label or text, or leaves the chart.
fn assert_labels_clear(what: &str, lay: &Layout) {
    let crosses = |b: &charts::Bx, (a, c): ((f64, f64), (f64, f64))| {
        // Sample the segment densely: any sample inside the box is a hit.
        (0..=200).any(|i| {
            let t = f64::from(i) / 200.0;
            let (x, y) = (a.0 + (c.0 - a.0) * t, a.1 + (c.1 - a.1) * t);
            x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1
        })
    };
    let overlap = |a: &charts::Bx, b: &charts::Bx| a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
    for (i, (text, b)) in lay.labels.iter().enumerate() {
        for s in &lay.segments {
            assert!(!crosses(b, *s), "{what}: {text:?} covers a line at {s:?}");
        }
        for p in lay.points.iter().chain(&lay.bars) {
            assert!(!overlap(b, p), "{what}: {text:?} covers a point or bar at {p:?}");
        }
        for (other, o) in lay.labels.iter().skip(i + 1).chain(&lay.texts) {
            assert!(!overlap(b, o), "{what}: {text:?} runs into {other:?}");
        }
        assert!(b.x0 >= 0.0 && b.y0 >= 0.0 && b.x1 <= lay.width && b.y1 <= lay.height, "{what}: {text:?} outside");
    }
}

#[test]
fn chart_labels_cover_no_data_and_no_other_label_on_the_sample_s_charts() {
    for quarter in ["2016K3", "2016K4"] {
        for lang in ["da", "en"] {
            let model = model_of(quarter, lang);
            assert!(model.charts.len() >= 8);
            for spec in &model.charts {
                for medium in [Medium::Print, Medium::Web] {
                    let what = format!("{quarter} {lang} {} {medium:?}", spec.file);
                    let lay = charts::layout(spec, medium).unwrap();
                    assert_labels_clear(&what, &lay);
                    // In print every value finds its place (on a phone a crowded one may not:
                    // its value is in the table beside).
                    if medium == Medium::Print {
                        assert!(lay.left_out.is_empty(), "{what}: left out {:?}", lay.left_out);
                    }
                    // Every value label of a share carries its unit.
                    for (text, _) in &lay.labels {
                        if matches!(spec.kind, charts::Kind::Line { .. } | charts::Kind::GroupedBars { .. })
                            && text != "\u{2013}"
                        {
                            assert!(text.contains('%'), "{what}: {text:?} has no %");
                        }
                    }
                }
            }
            // The series' marked points are all labelled, the provisional one too.
            let series = charts::layout(&model.charts[0], Medium::Print).unwrap();
            assert!(series.labels.iter().any(|(t, _)| t.contains(if lang == "da" {
                "foreløbig"
            } else {
                "provisional"
            }) || quarter == "2016K3"));
            // Every breakdown's and the comparison's title names its target.
            for spec in
                model.charts.iter().filter(|s| s.file.starts_with("opdeling") || s.file.starts_with("sammenligning"))
            {
                let kpi = if lang == "da" { "i uddannelse eller job" } else { "in education or job" };
                assert!(spec.caption.contains(kpi), "{}: {}", spec.file, spec.caption);
            }
            // The status chart shows both quarters its intro names.
            let status = model.charts.iter().find(|s| s.file == "status.svg").unwrap();
            let charts::Kind::HorizontalBars { groups, .. } = &status.kind else { panic!("status chart") };
            assert_eq!(groups.len(), 2, "{quarter} {lang}");
        }
    }
}

/// No page but the last is nearly empty: a page of a few lines between full ones is what a
/// front page that overflows by one line of its contents leaves (2016K4 had "7 Bilag" alone
/// on page 2, in both languages). Counted as pdftotext's non-empty lines per page, header and
/// footer included; a full page has 60–170, the thinnest real page (the initiatives' end)
/// about 23.
#[test]
fn no_page_but_the_last_is_nearly_empty() {
    for quarter in ["2016K3", "2016K4"] {
        for lang in ["da", "en"] {
            let (_tmp, dir) = report(quarter, lang);
            // pdftotext ends every page with a form feed.
            let raw = pdf_raw(&file(&dir, ".pdf"));
            let lines: Vec<usize> = raw
                .strip_suffix('\u{c}')
                .unwrap_or(&raw)
                .split('\u{c}')
                .map(|page| page.lines().filter(|l| !l.trim().is_empty()).count())
                .collect();
            let pages = lines.len();
            assert!(pages > 10, "{quarter} {lang}: {pages} pages");
            for (page, n) in lines[..pages - 1].iter().enumerate() {
                assert!(*n >= 15, "{quarter} {lang}: page {} has {n} lines: {lines:?}", page + 1);
            }
        }
    }
}

/// An ordinal stays with the word it numbers: no line of the text ends in "3." with the word
/// ("kvartal", "november", "kvt.") on the next, which reads as the end of a sentence. The
/// 2016K3 Danish report had "I 3." / "kvartal 2016 blev …" in its initiatives summary.
#[test]
fn an_ordinal_never_ends_a_line_without_its_word() {
    for quarter in ["2016K3", "2016K4"] {
        for lang in ["da", "en"] {
            let (_tmp, dir) = report(quarter, lang);
            let raw = pdf_raw(&file(&dir, ".pdf"));
            let lines: Vec<&str> = raw.lines().collect();
            for pair in lines.windows(2) {
                let (line, next) = (pair[0].trim_end(), pair[1]);
                let ordinal = line.rsplit(' ').next().unwrap_or("");
                let is_ordinal = ordinal.len() >= 2
                    && ordinal.ends_with('.')
                    && ordinal[..ordinal.len() - 1].chars().all(|c| c.is_ascii_digit());
                let word_follows = next.chars().next().is_some_and(char::is_lowercase);
                assert!(!(is_ordinal && word_follows), "{quarter} {lang}: {line:?} / {next:?}");
            }
        }
    }
}

/// The note every breakdown shares (the quarter's provisional month) is said once, after the
/// section's intro, not under each of the four breakdowns: in 2016K4 it stood five times in the
/// PDF (four breakdowns and the status table), now twice. 2016K3 holds no provisional month.
#[test]
fn the_breakdowns_say_their_shared_provisional_note_once() {
    let (_tmp, dir) = report("2016K4", "da");
    let text = flat(&pdf_raw(&file(&dir, ".pdf")));
    let note = "4. kvartal 2016 rummer den foreløbige måned december 2016";
    assert_eq!(text.matches(note).count(), 2, "{text}");
    let intro = text.find("Andele i kvartalet").expect("the breakdowns' intro");
    let first_breakdown = text.find("2.1 Alder").expect("2.1");
    let at = text[intro..].find(note).map(|i| i + intro).expect("the note");
    assert!(at < first_breakdown, "the note is in the intro, before 2.1");
    let (_tmp3, dir3) = report("2016K3", "da");
    assert!(!flat(&pdf_raw(&file(&dir3, ".pdf"))).contains("rummer den foreløbige"));
}
