//! The report as a web page (issue 11): it passes axe-core in a real browser (Debian's
//! chromium, headless), shows the same figures as the PDF, fits a phone's width, and says
//! what the PDF says in Danish or English. `.ci/run` installs chromium and axe-core
//! (`npm install --prefix target/axe axe-core`); `EFFEKTMAAL_AXE` may name another axe.min.js.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn axe_js() -> String {
    let path = std::env::var_os("EFFEKTMAAL_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("axe-core is needed at {} ({e}): npm install --prefix target/axe axe-core@4", path.display())
    })
}

/// Loads a page in headless chromium at a window width and returns the DOM after scripts ran.
fn chromium_dom(page: &Path, width: u32) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=30000",
            &format!("--window-size={width},900"),
            &format!("--user-data-dir={}", profile.path().display()),
            "--dump-dom",
        ])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs (apt-get install chromium)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs axe-core (WCAG 2.0/2.1 A and AA and best practices) on the page in a 1 280 px window
/// zoomed `zoom` times (4 = WCAG's 400 % reflow test: a 320 px wide layout; headless chromium
/// will not open a window narrower than 500 px); returns the violations as lines and how much
/// wider than the window the page is (0 = no sideways scrolling).
fn axe(html: &Path, zoom: u32) -> (Vec<String>, i64) {
    let page = std::fs::read_to_string(html).unwrap();
    let page = page.replace("</head>", &format!("<style>html {{ zoom: {zoom}; }}</style></head>"));
    let runner = format!(
        "<script>{}</script><script>
axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}}}).then(function (r) {{
  var pre = document.createElement('pre'); pre.id = 'axe-result';
  pre.textContent = JSON.stringify({{
    violations: r.violations.map(function (v) {{ return v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(function (n) {{ return n.target.join(' '); }}).join(', '); }}),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth
  }});
  document.body.appendChild(pre);
}});
</script>",
        axe_js()
    );
    let dir = tempfile::tempdir().unwrap();
    let wrapped = dir.path().join("axe.html");
    std::fs::write(&wrapped, page.replace("</body>", &format!("{runner}</body>"))).unwrap();
    axe_result(&chromium_dom(&wrapped, 1280))
}

/// The violations and the overflow the runner left in the page's `<pre id="axe-result">`.
fn axe_result(dom: &str) -> (Vec<String>, i64) {
    let start = dom.find("<pre id=\"axe-result\">").unwrap_or_else(|| panic!("axe did not finish:\n{dom:.2000}"));
    let text = &dom[start + "<pre id=\"axe-result\">".len()..];
    let text = &text[..text.find("</pre>").unwrap()];
    let json: serde_json::Value = serde_json::from_str(&unescape(text)).unwrap();
    let violations = json["violations"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    (violations, json["overflow"].as_i64().unwrap())
}

/// Loads the page as a phone shows it: in a frame `width` px wide (its own viewport, so the
/// page's narrow layout applies, as it would not under zoom), inside the 1 280 px window
/// headless chromium opens, with `script` run at the page's end; returns the DOM of the outer
/// page, where the script leaves its result (`parent.document`).
fn dom_in_frame(html: &Path, width: u32, script: &str) -> String {
    let page = std::fs::read_to_string(html).unwrap();
    let inner = page.replace("</body>", &format!("{script}</body>"));
    let frame = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>frame</title></head><body><iframe title=\"report\" style=\"border:0\" width=\"{width}\" height=\"900\" srcdoc=\"{}\"></iframe></body></html>",
        inner.replace('&', "&amp;").replace('"', "&quot;")
    );
    let dir = tempfile::tempdir().unwrap();
    let wrapped = dir.path().join("frame.html");
    std::fs::write(&wrapped, frame).unwrap();
    chromium_dom(&wrapped, 1280)
}

/// Runs axe-core on the page in a frame `width` px wide ([`dom_in_frame`]); returns the
/// violations and how much wider than the frame the page is.
fn axe_at_width(html: &Path, width: u32) -> (Vec<String>, i64) {
    let runner = format!(
        "<script>{}</script><script>
axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}}}).then(function (r) {{
  var pre = parent.document.createElement('pre'); pre.id = 'axe-result';
  pre.textContent = JSON.stringify({{
    violations: r.violations.map(function (v) {{ return v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.slice(0, 3).map(function (n) {{ return n.target.join(' '); }}).join(', '); }}),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth
  }});
  parent.document.body.appendChild(pre);
}});
</script>",
        axe_js()
    );
    axe_result(&dom_in_frame(html, width, &runner))
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// A report file's name: the language stands in it when it is not Danish.
fn file(lang: &str, ext: &str) -> String {
    if lang == "da" { format!("effektmaal-2016-K3.{ext}") } else { format!("effektmaal-2016-K3-{lang}.{ext}") }
}

/// The sample's report for a quarter and language, in a temp dir.
fn report(lang: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    run_in(tmp.path(), &["report", sample.to_str().unwrap(), "--quarter", "2016K3", "--lang", lang, "--no-record"])
        .ok();
    let dir = tmp.path().join("reports");
    (tmp, dir)
}

#[test]
fn html_report_passes_axe_core_in_chromium_at_100_and_400_percent_zoom() {
    for lang in ["da", "en"] {
        let (_tmp, dir) = report(lang);
        let html = dir.join(file(lang, "html"));
        // On a phone (390 px): no violation, and nothing wider than the screen, the month
        // tables included (their rows become cards).
        let (violations, overflow) = axe_at_width(&html, 390);
        assert!(violations.is_empty(), "{lang} at 390 px: {violations:#?}");
        assert!(overflow <= 0, "{lang} at 390 px: the page is {overflow} px wider than the screen");
        for zoom in [1, 4] {
            let (violations, overflow) = axe(&html, zoom);
            assert!(violations.is_empty(), "{lang} at {zoom}00 %: {violations:#?}");
            // Nothing wider than the window, even at 400 % (a phone's 320 px): wide tables
            // scroll inside their own box.
            assert!(overflow <= 0, "{lang} at {zoom}00 %: the page is {overflow} px wider than the window");
        }
    }
}

/// The words of a text with numbers in the report's forms ("72,6 %", "−1,7 pct.-point", "+0,2").
fn figures(text: &str) -> BTreeSet<String> {
    let t = text.replace('\u{a0}', " ");
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut out = BTreeSet::new();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_end_matches([',', '.', ';', ':', ')']).trim_start_matches('(');
        let numeric = w.chars().any(|c| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_digit() || ",.+−±".contains(c))
            && (w.contains(',') || w.contains('.'));
        if numeric && matches!(words.get(i + 1).copied(), Some("%" | "pp" | "pct.-point")) {
            out.insert(format!("{w} {}", words[i + 1]));
        } else if numeric && w.starts_with(['+', '−', '±']) {
            // A change in a column whose header names its unit ("Afvigelse, pct.-point").
            out.insert(w.to_string());
        }
    }
    out
}

/// The visible text of the HTML page outside its charts: tags dropped, the charts (the same
/// SVG as in the PDF, with their alt texts) left out.
pub(crate) fn html_text(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["svg", "style", "title"] {
        while let Some(a) = s.find(&format!("<{tag}")) {
            let b = s[a..].find(&format!("</{tag}>")).map(|b| a + b + tag.len() + 3).unwrap();
            s.replace_range(a..b, " ");
        }
    }
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

#[test]
fn html_shows_the_same_figures_as_the_pdf() {
    for lang in ["da", "en"] {
        let (_tmp, dir) = report(lang);
        let html = html_text(&std::fs::read_to_string(dir.join(file(lang, "html"))).unwrap());
        let pdf = Command::new("pdftotext").arg(dir.join(file(lang, "pdf"))).arg("-").output().unwrap();
        let pdf = String::from_utf8_lossy(&pdf.stdout).into_owned();
        let page = std::fs::read_to_string(dir.join(file(lang, "html"))).unwrap();
        let charts: BTreeSet<String> = page
            .split("<svg")
            .skip(1)
            .flat_map(|c| {
                figures(&html_text(&format!("<svg{}", &c[..c.find("</svg>").unwrap()]).replace("<svg", "<g")))
            })
            .collect();
        let (h, p) = (figures(&html), figures(&pdf));
        assert!(h.len() > 100, "{lang}: too few figures found in the page: {h:?}");
        // Every figure of the page's text is in the PDF, and every figure of the PDF is in
        // the page's text or in one of its charts (the same SVG files in both).
        let missing: Vec<&String> = h.difference(&p).collect();
        assert!(missing.is_empty(), "{lang}: in the page but not in the PDF: {missing:?}");
        let missing: Vec<&String> = p.iter().filter(|f| !h.contains(*f) && !charts.contains(*f)).collect();
        assert!(missing.is_empty(), "{lang}: in the PDF but not in the page: {missing:?}");
    }
}

/// On a phone a card's value reads as one text right of its column's name. A value with a
/// range kept whole ("Andel <span class="nw">16–66-årige</span> i uddannelse eller job", the
/// hidden figures' "Mål") was spread across the line, its three parts far apart, because the
/// card's cell was a flex row and each part an item of its own. Measured in chromium at
/// 390 px: the gap between a kept range and the text before it on the same line.
#[test]
fn a_card_s_value_reads_as_one_text_at_phone_width() {
    let (_tmp, dir) = report("da");
    let probe = "<script>
var gaps = [];
document.querySelectorAll('.stack td .nw').forEach(function (span) {
  var before = span.previousSibling;
  if (!before || before.nodeType !== 3 || !before.textContent.trim()) return;
  var r = document.createRange(); r.selectNodeContents(before);
  var rects = r.getClientRects(); var last = rects[rects.length - 1]; var s = span.getBoundingClientRect();
  if (Math.abs(last.top - s.top) < 3) gaps.push(Math.round(s.left - last.right));
});
var pre = parent.document.createElement('pre'); pre.id = 'probe';
pre.textContent = JSON.stringify(gaps); parent.document.body.appendChild(pre);
</script>";
    let dom = dom_in_frame(&dir.join(file("da", "html")), 390, probe);
    let start = dom.find("<pre id=\"probe\">").unwrap_or_else(|| panic!("the probe did not run:\n{dom:.2000}"));
    let text = &dom[start + "<pre id=\"probe\">".len()..];
    let gaps: Vec<i64> = serde_json::from_str(&unescape(&text[..text.find("</pre>").unwrap()])).unwrap();
    assert!(gaps.len() >= 4, "too few kept ranges after text in the cards: {gaps:?}");
    assert!(gaps.iter().all(|g| (0..=10).contains(g)), "a space apart, not spread: {gaps:?}");
}

/// The web page numbers and captions its figures and tables as the PDF does ("Figur 3:
/// Andel 16–66-årige i uddannelse eller job efter alder, …", "Tabel 3: …"), each followed by
/// its source line: before, its captions were the bare section titles ("Alder") and it had no
/// source line, so a chart quoted from the web page named neither its target nor its source.
#[test]
fn the_web_page_numbers_its_figures_and_tables_as_the_pdf_with_their_sources() {
    for lang in ["da", "en"] {
        let (_tmp, dir) = report(lang);
        let page = std::fs::read_to_string(dir.join(file(lang, "html"))).unwrap();
        let pdf = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(dir.join(file(lang, "pdf"))).arg("-").output();
        let pdf = String::from_utf8_lossy(&pdf.unwrap().stdout).replace(['\u{a0}', '\u{202f}'], " ");
        let pdf = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        let plain = |t: &str| {
            html_text(t).replace(['\u{a0}', '\u{202f}'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let between = |open: &str, close: &str| -> Vec<String> {
            page.split(open).skip(1).map(|c| plain(&format!(">{}", &c[..c.find(close).unwrap()]))).collect()
        };
        let figures: Vec<String> = between("<figcaption>", "</figcaption>");
        let tables: Vec<String> = page
            .split("<caption id=")
            .skip(1)
            .map(|c| {
                let c = &c[c.find('>').unwrap() + 1..];
                plain(&c[..c.find("</caption>").unwrap()])
            })
            .collect();
        let (fig, tab) = if lang == "da" { ("Figur", "Tabel") } else { ("Figure", "Table") };
        assert_eq!(figures.len(), 9, "{lang}: {figures:?}");
        for (i, f) in figures.iter().enumerate() {
            assert!(f.starts_with(&format!("{fig} {}: ", i + 1)), "{lang}: {f}");
            assert!(pdf.contains(f.as_str()), "{lang}: {f:?} is not the PDF's caption");
        }
        let numbered: Vec<&String> = tables.iter().filter(|t| t.starts_with(tab)).collect();
        assert_eq!(numbered.len(), 9, "{lang}: {tables:?}");
        for (i, t) in numbered.iter().enumerate() {
            assert!(t.starts_with(&format!("{tab} {}: ", i + 1)), "{lang}: {t}");
            assert!(pdf.contains(t.as_str()), "{lang}: {t:?} is not the PDF's caption");
        }
        let breakdown = if lang == "da" {
            "Figur 3: Andel 16–66-årige i uddannelse eller job efter alder, 3. kvt. 2015 og 3. kvt. 2016"
        } else {
            "Figure 3: Share of 16–66-year-olds in education or job by age, Q3 2015 and Q3 2016"
        };
        assert_eq!(figures[2], breakdown, "{lang}");
        let sources = between("<p class=\"source\">", "</p>");
        assert_eq!(sources.len(), 18, "{lang}: a source line under each figure and numbered table");
        let source = if lang == "da" { "Kilde: DREAM (STAR)" } else { "Source: DREAM (STAR)" };
        assert!(sources.iter().all(|s| s.starts_with(source)), "{lang}: {sources:?}");
        assert!(sources.iter().all(|s| pdf.contains(s.as_str())), "{lang}: the PDF's source lines");
    }
}

/// The web page's front says what the PDF's front says: the headline finding first, and
/// the contact line and the next report's date after the signal note.
#[test]
fn the_web_front_has_the_pdf_s_headline_contact_and_next_report() {
    for lang in ["da", "en"] {
        let (_tmp, dir) = report(lang);
        let page = std::fs::read_to_string(dir.join(file(lang, "html"))).unwrap();
        let front = &page[page.find("<section id=\"front\"").unwrap()..];
        let front = &front[..front.find("</section>").unwrap()];
        let pdf = Command::new("pdftotext").arg(dir.join(file(lang, "pdf"))).arg("-").output().unwrap();
        let pdf = String::from_utf8_lossy(&pdf.stdout).replace(['\u{a0}', '\u{202f}'], " ");
        let pdf = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        let (headline, contact, next) = if lang == "da" {
            (
                // The seasonal course: September 2015's 73,81 + 2,6 × 11/12 = 76,19; 73,67 − 76,19 = −2,5.
                "Begge effektmål ligger under sæsonkursen mod målet: i september 2016 var andelen i uddannelse eller job 73,7 % (2,5 procentpoint under)",
                "<strong>Kontakt:</strong> Sekretariatet for Beskæftigelses- og Socialudvalget, Odense Kommune",
                "<strong>Næste rapport:</strong> Kvartalsstatus for 4. kvartal 2016, med data til og med 31. december 2016",
            )
        } else {
            (
                "Both effect targets are below the seasonal course to the target: in September 2016, the share in education or job was 73.7 % (2.5 percentage points below)",
                "<strong>Contact:</strong> Secretariat of the Employment and Social Committee, Odense Kommune",
                "<strong>Next report:</strong> Quarterly status for Q4 2016, with data up to 31 December 2016",
            )
        };
        let h2 = front.find("</h2>").unwrap();
        let first_p = &front[h2..];
        assert!(first_p.starts_with("</h2>\n<p class=\"headline\">"), "{lang}: {}", &first_p[..200]);
        // No-break spaces (between a number and its unit, after an ordinal) read as spaces.
        let plain = |t: &str| t.replace(['\u{a0}', '\u{202f}'], " ");
        assert!(plain(&unescape(first_p)).contains(headline), "{lang}: {}", &first_p[..300]);
        assert!(pdf.contains(headline), "{lang}: the PDF's headline differs");
        let front = &plain(front);
        for line in [contact, next] {
            assert!(front.contains(line), "{lang}: {line:?} is not on the web page's front");
            let words = line.replace("<strong>", "").replace("</strong>", "");
            assert!(pdf.contains(&words), "{lang}: {words:?} is not in the PDF");
        }
        assert!(front.find(contact).unwrap() > front.find("class=\"note\"").unwrap(), "{lang}: after the note");
    }
}

#[test]
fn html_is_one_self_contained_page_with_headings_in_order() {
    let (_tmp, dir) = report("da");
    let html = std::fs::read_to_string(dir.join("effektmaal-2016-K3.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"da-DK\">"));
    assert_eq!(html.matches("<h1").count(), 1);
    // Nothing fetched: no external script, style sheet, image or font.
    for needle in ["<script", "<link", "src=\"http", "url(http", "@import"] {
        assert!(!html.contains(needle), "found {needle}");
    }
    // Heading levels never skip one (h1 → h2 → h3).
    let mut last = 1;
    for (i, _) in html.match_indices("<h") {
        if let Some(level) = html[i + 2..].chars().next().and_then(|c| c.to_digit(10)) {
            assert!(level <= last + 1, "h{level} after h{last}");
            last = level;
        }
    }
    // Every link of the contents leads to a section on the page.
    for (i, _) in html.match_indices("href=\"#") {
        let id = &html[i + 7..i + 7 + html[i + 7..].find('"').unwrap()];
        assert!(html.contains(&format!("id=\"{id}\"")), "no target for #{id}");
    }
    // Every chart is an image with a name and a description, every table has a caption.
    let svgs = html.matches("<svg").count();
    assert!(svgs >= 8, "{svgs} charts");
    assert_eq!(html.matches("role=\"img\" aria-labelledby=").count(), svgs);
    assert_eq!(html.matches("<table").count(), html.matches("<caption id=").count());
    // The files published beside it are linked by name, relative to it.
    for name in ["effektmaal-2016-K3.pdf", "effektmaal-2016-K3.xlsx", "effektmaal-2016-K3.csv"] {
        assert!(html.contains(&format!("<a href=\"{name}\">")), "no link to {name}");
        assert!(dir.join(name).is_file());
    }
    // An age band never breaks inside ("16–/19 år").
    assert!(html.contains("<span class=\"nw\">16–19 år</span>"), "age bands can break");
    // Numbers right-aligned, text left: the hidden figures' reasons are text.
    assert!(html.contains("<td data-label=\"Årsag\">"), "the reason column is not text");
    assert!(html.contains("<td class=\"num\" data-label="), "no number column");
    // The signal is said in words, not only in colour.
    assert!(html.contains("Signal: Rød") || html.contains("Signal: Gul") || html.contains("Signal: Grøn"));
    // Reproducible: a second run gives the same bytes.
    let (_tmp2, dir2) = report("da");
    assert_eq!(std::fs::read(dir2.join("effektmaal-2016-K3.html")).unwrap(), html.into_bytes());
}

#[test]
fn every_chart_is_written_as_svg_and_print_png_with_its_alt_text() {
    let (_tmp, dir) = report("da");
    let charts = dir.join("effektmaal-2016-K3-figurer");
    let mut names: Vec<String> =
        std::fs::read_dir(&charts).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let svgs: Vec<&String> = names.iter().filter(|n| n.ends_with(".svg")).collect();
    let pngs: Vec<&String> = names.iter().filter(|n| n.ends_with(".png")).collect();
    assert!(svgs.len() >= 8, "{names:?}");
    assert_eq!(svgs.len(), pngs.len());
    assert!(
        names.contains(&"1-udviklingen-maaned-for-maaned-andel-16-66-aarige-i-uddannelse-eller-job.png".to_string())
    );
    assert!(names.contains(&"2-opdelinger-koen.svg".to_string()), "{names:?}");
    // Print resolution: 1 890 px wide (16 cm at 300 dpi).
    for p in &pngs {
        let b = std::fs::read(charts.join(p)).unwrap();
        assert_eq!(u32::from_be_bytes(b[16..20].try_into().unwrap()), 1890, "{p}");
    }
    // One alt text per chart, with the key values the PDF's alt text states.
    let alt = std::fs::read_to_string(charts.join("alt-tekster.txt")).unwrap();
    for s in &svgs {
        assert!(alt.contains(s.as_str()), "{s} has no alt text");
    }
    assert!(alt.contains("Seneste værdi 73,7\u{a0}% (september 2016)"), "{alt}");
    // The chart files show the same values as the web page's charts (drawn to stand alone
    // there, for a phone's width here).
    let html = std::fs::read_to_string(dir.join("effektmaal-2016-K3.html")).unwrap();
    let koen = std::fs::read_to_string(charts.join("2-opdelinger-koen.svg")).unwrap();
    let values: Vec<&str> =
        koen.split(['>', '<']).map(str::trim).filter(|t| t.ends_with("\u{a0}%") && t.contains(',')).collect();
    assert!(values.len() >= 4, "{koen}");
    for v in values {
        assert!(html.contains(&format!("\n{v}\n")), "{v} is in the sex chart file, not in the page's chart");
    }
}

/// Danish words the program itself writes; none may be left in the English report.
const DANISH_WORDS: [&str; 24] = [
    "og",
    "år",
    "i alt",
    "Mænd",
    "Kvinder",
    "Uoplyst",
    "kvt.",
    "personer",
    "Andel",
    "Kurs",
    "Mål",
    "Basis",
    "Faktisk",
    "Ingen",
    "foreløbig",
    "efter",
    "måned",
    "oprindelse",
    "Indvandrer",
    "Efterkommer",
    "til",
    "fra",
    "Diskretionering",
    "Bilag",
];

#[test]
fn the_english_report_has_no_danish_outside_names_and_the_secretariats_own_text() {
    let (_tmp, dir) = report("en");
    let pdf = Command::new("pdftotext").arg(dir.join(file("en", "pdf"))).arg("-").output().unwrap();
    let pdf = String::from_utf8_lossy(&pdf.stdout).into_owned();
    let html = html_text(&std::fs::read_to_string(dir.join(file("en", "html"))).unwrap());
    // The initiatives are the secretariat's own words, and benchmark units are its own names.
    let units: Vec<String> =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/benchmarks.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .filter_map(|l| l.split(';').nth(2).map(str::to_string))
            .collect();
    for (what, text) in [("PDF", pdf), ("HTML", html)] {
        let start = text.rfind("5 Initiatives").unwrap_or_else(|| panic!("{what}: no initiatives section"));
        let end = start + text[start..].rfind("6 Revisions").expect("revisions section");
        // Lines joined: a unit's name may wrap in its table cell ("Seks største / byer").
        let rest = format!("{} {}", &text[..start], &text[end..]);
        let mut rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
        for u in &units {
            rest = rest.replace(u.as_str(), " ");
        }
        // Names of places and organisations the program writes.
        for name in ["Odense Kommune", "Beskæftigelses- og Socialudvalget"] {
            rest = rest.replace(name, " ");
        }
        let words: Vec<&str> =
            rest.split(|c: char| c.is_whitespace() || ",;:()".contains(c)).filter(|w| !w.is_empty()).collect();
        let odd: Vec<&&str> = words.iter().filter(|w| w.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å'])).collect();
        assert!(odd.is_empty(), "{what}: Danish letters in {odd:?}");
        for d in DANISH_WORDS {
            let hit = if d.contains(' ') { rest.contains(d) } else { words.contains(&d) };
            assert!(!hit, "{what}: the Danish word {d:?} is left");
        }
    }
}
