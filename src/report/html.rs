//! The report as one self-contained, accessible HTML page for the municipality's website: the
//! same sections, figures and suppression as the PDF, drawn from the same model. Inline CSS
//! and SVG, no script, nothing fetched from the network. Made for WCAG 2.1 AA: the document
//! language, one `h1` and headings in order, a table of contents with working links, every
//! chart an inline SVG with `role="img"`, a title and a description stating its key values,
//! every table with a caption and header scopes, the signal always in words, colours with a
//! contrast of at least 4.5:1, a narrow layout for phones and 400 % zoom, and a print style.

use super::model::{Model, TableChart};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The names of a report's files, all from its stem: the web page links the others by them.
#[derive(Debug, Clone)]
pub struct Names {
    pub pdf: String,
    pub html: String,
    pub xlsx: String,
    pub csv: String,
    /// The folder of chart files: `…-figurer`, in English `…-charts`.
    pub charts: String,
}

impl Names {
    pub fn new(stem: &str, lang: &str) -> Names {
        Names {
            pdf: format!("{stem}.pdf"),
            html: format!("{stem}.html"),
            xlsx: format!("{stem}.xlsx"),
            csv: format!("{stem}.csv"),
            charts: format!("{stem}-{}", if lang == "da" { "figurer" } else { "charts" }),
        }
    }
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #4d4d4d; --accent: #005a8c; --soft: #eef4f9; --rule: #b8c4ce; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); background: #fff; line-height: 1.5; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; overflow-wrap: break-word; hyphens: auto; }
a { color: var(--accent); }
.skip { position: absolute; left: -100vw; }
.skip:focus { position: static; }
header .org, header .date { color: var(--muted); margin: 0; font-size: 0.9rem; }
h1 { color: var(--accent); font-size: 2rem; line-height: 1.2; margin: 0.3rem 0 0; }
header .subtitle { font-size: 1.3rem; margin: 0.2rem 0; }
h2 { color: var(--accent); font-size: 1.5rem; margin: 2.5rem 0 0.8rem; line-height: 1.25; }
h3 { font-size: 1.15rem; margin: 1.8rem 0 0.6rem; }
nav ul { list-style: none; padding-left: 0; }
nav li { margin: 0.2rem 0; }
.kpi { background: var(--soft); border-radius: 4px; padding: 0.8rem 1rem; margin: 0 0 1rem; }
.kpi h3 { margin: 0 0 0.4rem; display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.5rem; }
.signal { display: inline-block; border-radius: 1rem; padding: 0.1rem 0.7rem; font-size: 0.9rem; font-weight: bold; border: 2px solid; }
.signal-green { background: #e3f4ec; color: #005c40; border-color: #007a55; }
.signal-yellow { background: #fff4cc; color: #5c4600; border-color: #b38900; }
.signal-red { background: #fbe7dd; color: #8f2d00; border-color: #c04f00; }
.signal-grey { background: #eeeeee; color: #3d3d3d; border-color: #707070; }
.kpi dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.6rem 1rem; margin: 0; }
.kpi dt { font-size: 0.85rem; color: var(--muted); }
.kpi dd { margin: 0; font-size: 1.25rem; font-weight: bold; white-space: nowrap; }
.kpi dd small { display: block; font-size: 0.85rem; font-weight: normal; white-space: normal; }
@media (max-width: 30rem) { .kpi dd { font-size: 1.05rem; } }
.kpi dd.value { font-size: 1.8rem; }
.note { color: var(--muted); font-size: 0.9rem; }
.headline { font-weight: bold; font-size: 1.15rem; border-left: 4px solid var(--accent); padding-left: 0.6rem; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.9rem; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
.table-wrap:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
table { border-collapse: collapse; font-size: 0.9rem; min-width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); text-align: left; }
thead th:first-child, tbody th { text-align: left; }
td { text-align: left; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nw { white-space: nowrap; }
.downloads { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; padding: 0; margin: 0.6rem 0 0; list-style: none; }
.downloads a { font-weight: bold; }
.initiative { border-bottom: 1px solid var(--rule); padding: 0.4rem 0; }
.initiative p { margin: 0.2rem 0; }
.badge { background: var(--soft); border-radius: 3px; padding: 0 0.4rem; font-size: 0.85rem; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
dl.program dt { font-weight: bold; }
dl.program dd { margin: 0 0 0.5rem; overflow-wrap: anywhere; }
@media (max-width: 36rem) {
  body { padding: 0.75rem; }
  h1 { font-size: 1.6rem; }
  table { font-size: 0.85rem; }
  /* On a phone every table row becomes a card: its header on top, then each value under its
     column's name, so no table needs sideways scrolling. */
  table.stack, .stack tbody, .stack tr, .stack th, .stack td { display: block; min-width: 0; }
  .stack thead { position: absolute; left: -100vw; width: 1px; overflow: hidden; }
  .stack caption { display: block; }
  .stack tr { border-bottom: 1px solid var(--rule); padding: 0.3rem 0; }
  .stack tbody th { border: 0; padding: 0.1rem 0; }
  .stack td, .stack td.num { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: 0.05rem 0;
    text-align: right; white-space: normal; }
  .stack td::before { content: attr(data-label); text-align: left; color: var(--muted); }
}
@media print {
  body { max-width: none; padding: 0; }
  .skip, nav { display: none; }
  h2 { break-before: page; }
  #front h2, figure, table, .kpi { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Sections of the report after the front page, in order: id, label key; numbered 1, 2, …
/// as in the PDF.
const SECTIONS: [(&str, &str); 7] = [
    ("series", "series"),
    ("breakdowns", "breakdowns"),
    ("status", "status"),
    ("benchmarks", "benchmarks"),
    ("initiatives", "initiatives"),
    ("revisions", "revisions"),
    ("appendix", "appendix"),
];

struct Page<'a> {
    model: &'a Model,
    svgs: &'a BTreeMap<String, String>,
    out: String,
    /// Charts and tables drawn so far, for unique ids in `aria` references.
    charts: usize,
    tables: usize,
}

impl Page<'_> {
    fn label(&self, key: &str) -> String {
        self.model.labels.get(key).cloned().unwrap_or_default()
    }

    fn da(&self) -> bool {
        self.model.lang == "da"
    }

    fn t<'b>(&self, da: &'b str, en: &'b str) -> &'b str {
        if self.da() { da } else { en }
    }

    fn p(&mut self, text: &str, class: Option<&str>) {
        if text.is_empty() {
            return;
        }
        match class {
            Some(c) => {
                let _ = writeln!(self.out, "<p class=\"{c}\">{}</p>", esc(text));
            }
            None => {
                let _ = writeln!(self.out, "<p>{}</p>", esc(text));
            }
        }
    }

    /// An inline SVG chart as an image with an accessible name (its title) and description
    /// (the alt text stating its key values).
    fn chart(&mut self, file: &str, title: &str, alt: &str, caption: &str) {
        let Some(svg) = self.svgs.get(file) else { return };
        self.charts += 1;
        let id = format!("chart{}", self.charts);
        let svg = accessible_svg(svg, &id, title, alt);
        let _ = writeln!(self.out, "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>", esc(caption));
    }

    /// A table: the first column holds row headers, the header row column headers. Columns of
    /// numbers are right-aligned, columns of text left-aligned; on a phone each row is a card
    /// with every value under its column's name (`data-label`).
    fn table(&mut self, caption: &str, header: &[String], rows: &[Vec<String>]) {
        self.table_open(caption);
        let numeric: Vec<bool> = (0..header.len()).map(|i| i > 0 && numeric_column(rows, i)).collect();
        let class = |i: usize| if numeric.get(i).copied().unwrap_or(false) { " class=\"num\"" } else { "" };
        self.out.push_str("<thead><tr>");
        for (i, h) in header.iter().enumerate() {
            let _ = write!(self.out, "<th scope=\"col\"{}>{}</th>", class(i), text(h));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for r in rows {
            self.out.push_str("<tr>");
            for (i, c) in r.iter().enumerate() {
                if i == 0 {
                    let _ = write!(self.out, "<th scope=\"row\">{}</th>", text(c));
                } else {
                    let label = header.get(i).map(|h| esc(h)).unwrap_or_default();
                    let _ = write!(self.out, "<td{} data-label=\"{label}\">{}</td>", class(i), text(c));
                }
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    /// Opens a table in a box that scrolls sideways on a narrow screen; the box is a labelled
    /// region a keyboard can reach, so the scrolling works without a mouse.
    fn table_open(&mut self, caption: &str) {
        self.tables += 1;
        let id = format!("table{}", self.tables);
        let _ = writeln!(
            self.out,
            "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"{id}\" tabindex=\"0\">\n<table class=\"stack\">\n<caption id=\"{id}\">{}</caption>",
            esc(caption)
        );
    }

    fn table_chart(&mut self, tc: &TableChart, with_title: bool) {
        if with_title {
            let _ = writeln!(self.out, "<h3>{}</h3>", esc(&tc.title));
        }
        self.p(&tc.intro, None);
        if let Some(c) = &tc.chart {
            self.chart(c, &tc.title, &tc.alt, &tc.title);
        }
        self.table(&tc.title, &tc.header, &tc.rows);
        self.p(&tc.note, Some("note"));
    }

    fn heading(&mut self, n: usize, id: &str, key: &str) {
        let _ = writeln!(self.out, "<section id=\"{id}\" aria-labelledby=\"{id}-h\">");
        let _ = writeln!(self.out, "<h2 id=\"{id}-h\">{n} {}</h2>", esc(&self.label(key)));
    }
}

/// Whether a table column holds numbers ("72,6 %", "−1,7 pp", "3.593", "–" for a hidden
/// one): such a column is right-aligned, a column of text left-aligned.
fn numeric_column(rows: &[Vec<String>], col: usize) -> bool {
    let mut any = false;
    for r in rows {
        let Some(c) = r.get(col) else { continue };
        let c = c.trim();
        if c.is_empty() || c == "–" || c == "-" {
            continue;
        }
        if !is_number(c) {
            return false;
        }
        any = true;
    }
    any
}

/// A number as the report prints it: an optional sign, digits with separators, an optional
/// unit (%, pp, procentpoint) and an optional note in brackets ("(foreløbig)").
fn is_number(s: &str) -> bool {
    let s = s.split(" (").next().unwrap_or(s);
    let s = s.trim_start_matches(['+', '−', '-', '±']);
    let s = s.trim_end_matches(" procentpoint").trim_end_matches(" pct.-point").trim_end_matches(" pp");
    let s = s.trim_end_matches(" %").trim_end_matches('*');
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}'))
}

/// Escapes text and keeps a range of numbers whole on one line: an age band "16–19 år" never
/// breaks as "16–" / "19 år".
fn text(s: &str) -> String {
    let e = esc(s);
    let chars: Vec<char> = e.chars().collect();
    let mut out = String::with_capacity(e.len() + 32);
    let mut i = 0;
    while i < chars.len() {
        // A run of digits followed by "–" and another digit starts a range.
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if j + 1 < chars.len() && chars[j] == '–' && chars[j + 1].is_ascii_digit() {
                let mut k = j + 1;
                while k < chars.len() && chars[k].is_ascii_digit() {
                    k += 1;
                }
                let rest: String = chars[k..].iter().collect();
                for unit in [" år", " years", "-årige", "-year-olds"] {
                    if rest.starts_with(unit) {
                        k += unit.chars().count();
                        break;
                    }
                }
                out.push_str("<span class=\"nw\">");
                out.extend(&chars[i..k]);
                out.push_str("</span>");
                i = k;
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Adds `role="img"`, an accessible name and description, and a `viewBox` (so the chart can
/// scale to a phone's width) to an SVG drawn by the charts module.
fn accessible_svg(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let Some(start) = svg.find("<svg") else { return String::new() };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else { return String::new() };
    let open = &svg[start..end];
    let attr = |name: &str| -> Option<String> {
        let key = format!(" {name}=\"");
        let i = open.find(&key)? + key.len();
        let j = open[i..].find('"')? + i;
        Some(open[i..j].to_string())
    };
    let mut head = String::from("<svg");
    let mut rest = open.trim_start_matches("<svg").to_string();
    if attr("viewBox").is_none()
        && let (Some(w), Some(h)) = (attr("width"), attr("height"))
    {
        head.push_str(&format!(" viewBox=\"0 0 {} {}\"", w.trim_end_matches("px"), h.trim_end_matches("px")));
    }
    // The figure's width is set by CSS; fixed sizes would stop it shrinking on a phone.
    for name in ["width", "height"] {
        if let Some(v) = attr(name) {
            rest = rest.replacen(&format!(" {name}=\"{v}\""), "", 1);
        }
    }
    format!(
        "{head}{rest} role=\"img\" aria-labelledby=\"{id}-t {id}-d\" focusable=\"false\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(desc),
        &svg[end + 1..]
    )
}

/// The whole page.
pub fn render(model: &Model, svgs: &BTreeMap<String, String>, names: &Names) -> String {
    let mut pg = Page { model, svgs, out: String::with_capacity(256 * 1024), charts: 0, tables: 0 };
    let m = model;
    let _ = writeln!(
        pg.out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n<meta name=\"description\" content=\"{}\">\n<meta name=\"author\" content=\"{}\">\n<style>{CSS}</style>\n</head>\n<body>",
        if m.lang == "da" { "da-DK" } else { "en-GB" },
        esc(&m.title),
        esc(&m.subtitle),
        esc(&m.description),
        esc(&m.organisation)
    );
    let _ = writeln!(pg.out, "<a class=\"skip\" href=\"#main\">{}</a>", pg.t("Gå til indholdet", "Skip to content"));
    let _ = writeln!(
        pg.out,
        "<header>\n<p class=\"org\">{} · {}</p>\n<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p class=\"date\"><time datetime=\"{}\">{}</time></p>",
        esc(&m.organisation),
        esc(&m.committee),
        esc(&m.title),
        esc(&m.subtitle),
        esc(&m.date_iso),
        esc(&m.date_label)
    );
    // The files beside the page, linked by name: they are published together. In the header,
    // so they are in a landmark as the rest of the page is.
    let _ = writeln!(
        pg.out,
        "<ul class=\"downloads\" aria-label=\"{}\">\n<li><a href=\"{}\">{}</a></li>\n<li><a href=\"{}\">{}</a></li>\n<li><a href=\"{}\">{}</a></li>\n</ul>\n</header>",
        pg.t("Hent rapporten og tallene", "Download the report and its figures"),
        esc(&names.pdf),
        pg.t("Rapporten som PDF", "The report as PDF"),
        esc(&names.xlsx),
        pg.t("Tallene som regneark (XLSX)", "The figures as a spreadsheet (XLSX)"),
        esc(&names.csv),
        pg.t("Tallene som CSV", "The figures as CSV"),
    );
    // Table of contents.
    let _ =
        writeln!(pg.out, "<nav aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">{}</h2>\n<ul>", esc(&pg.label("contents")));
    let _ = writeln!(pg.out, "<li><a href=\"#front\">{}</a></li>", esc(&pg.label("front")));
    for (n, (id, key)) in SECTIONS.iter().enumerate() {
        let _ = writeln!(pg.out, "<li><a href=\"#{id}\">{} {}</a></li>", n + 1, esc(&pg.label(key)));
    }
    pg.out.push_str("</ul>\n</nav>\n<main id=\"main\">\n");

    // Front page.
    let _ = writeln!(
        pg.out,
        "<section id=\"front\" aria-labelledby=\"front-h\">\n<h2 id=\"front-h\">{}</h2>",
        esc(&pg.label("front"))
    );
    // The headline finding first, as in the PDF.
    if !m.headline.is_empty() {
        pg.p(&m.headline, Some("headline"));
    }
    for k in &m.front {
        let _ = writeln!(
            pg.out,
            "<article class=\"kpi\">\n<h3><span>{}</span> <span class=\"signal signal-{}\">{}: {}</span></h3>\n<dl>",
            esc(&k.name),
            esc(&k.signal),
            esc(&pg.label("signal")),
            esc(&k.signal_label)
        );
        let items = [
            (pg.label("latest"), k.value.clone(), k.month.clone(), true),
            (pg.label("change_quarter"), k.change_quarter.clone(), String::new(), false),
            (pg.label("change_year"), k.change_year.clone(), String::new(), false),
            (pg.label("course"), k.course.clone(), format!("{}: {}", pg.label("gap"), k.gap), false),
            (pg.label("target"), k.target.clone(), k.target_month.clone(), false),
        ];
        for (dt, dd, small, big) in items {
            let _ = write!(
                pg.out,
                "<div><dt>{}</dt><dd{}>{}",
                esc(&dt),
                if big { " class=\"value\"" } else { "" },
                esc(&dd)
            );
            if !small.is_empty() {
                let _ = write!(pg.out, " <small>{}</small>", esc(&small));
            }
            pg.out.push_str("</dd></div>\n");
        }
        pg.out.push_str("</dl>\n</article>\n");
    }
    for s in &m.sentences {
        pg.p(s, None);
    }
    let note = pg.label("signal_note");
    pg.p(&note, Some("note"));
    // Who answers questions, and when the next status comes, as in the PDF.
    let _ = writeln!(
        pg.out,
        "<p class=\"contact\"><strong>{}:</strong> {}<br>\n<strong>{}:</strong> {}</p>",
        esc(&pg.label("contact")),
        esc(&m.contact),
        esc(&pg.label("next_report")),
        esc(&m.next_report)
    );
    pg.out.push_str("</section>\n");

    // 1 Series.
    pg.heading(1, "series", "series");
    for s in &m.series {
        let _ = writeln!(pg.out, "<h3>{}</h3>", esc(&s.title));
        pg.chart(&s.chart, &s.title, &s.alt, &s.caption);
        let caption = format!("{}: {}", pg.label("last12"), s.title);
        pg.table(&caption, &s.header, &s.rows);
    }
    pg.out.push_str("</section>\n");

    // 2 Breakdowns.
    pg.heading(2, "breakdowns", "breakdowns");
    let intro = pg.label("breakdowns_intro");
    pg.p(&intro, None);
    for b in &m.breakdowns {
        let _ = writeln!(pg.out, "<h3>{}</h3>", esc(&b.title));
        if let Some(c) = &b.chart {
            pg.chart(c, &b.title, &b.alt, &b.title);
        }
        pg.table(&b.title, &b.header, &b.rows);
        pg.p(&b.note, Some("note"));
    }
    pg.out.push_str("</section>\n");

    // 3 Status and flows.
    pg.heading(3, "status", "status");
    pg.table_chart(&m.status, true);
    pg.table_chart(&m.flows, true);
    pg.out.push_str("</section>\n");

    // 4 Comparison.
    pg.heading(4, "benchmarks", "benchmarks");
    match &m.benchmarks {
        Some(b) => pg.table_chart(b, false),
        None => {
            let t = pg.label("no_benchmarks");
            pg.p(&t, None);
        }
    }
    pg.out.push_str("</section>\n");

    // 5 Initiatives.
    pg.heading(5, "initiatives", "initiatives");
    match &m.initiatives {
        None => {
            let t = pg.label("no_initiatives");
            pg.p(&t, None);
        }
        Some(ini) => {
            pg.p(&ini.summary, None);
            for g in &ini.groups {
                let _ = writeln!(pg.out, "<h3>{}</h3>", esc(&g.title));
                for r in &g.rows {
                    let cell = |i: usize| r.get(i).map(|s| esc(s)).unwrap_or_default();
                    let _ = write!(
                        pg.out,
                        "<div class=\"initiative\">\n<p><strong>{} {}</strong> <span class=\"badge\">{}</span></p>\n<p class=\"note\">{} {} · {} {}",
                        cell(0),
                        cell(1),
                        cell(2),
                        pg.t("Igangsat:", "Started:"),
                        cell(3),
                        pg.t("Justeret:", "Adjusted:"),
                        cell(4)
                    );
                    if !cell(5).is_empty() {
                        let _ = write!(pg.out, " · <strong>{}</strong>", cell(5));
                    }
                    pg.out.push_str("</p>\n");
                    if !cell(6).is_empty() {
                        let _ = writeln!(pg.out, "<p>{}</p>", cell(6));
                    }
                    pg.out.push_str("</div>\n");
                }
            }
        }
    }
    pg.out.push_str("</section>\n");

    // 6 Revisions.
    pg.heading(6, "revisions", "revisions");
    pg.p(&m.revisions_note, None);
    if !m.revisions.is_empty() {
        let header: Vec<String> = if pg.da() {
            ["KPI", "Måned", "Offentliggjort", "Nu", "Ændring", "Offentliggjort den"]
        } else {
            ["KPI", "Month", "Published", "Now", "Change", "Published on"]
        }
        .iter()
        .map(|s| s.to_string())
        .collect();
        let rows: Vec<Vec<String>> = m
            .revisions
            .iter()
            .map(|r| {
                vec![
                    r.kpi.clone(),
                    r.month.clone(),
                    r.published.clone(),
                    r.revised.clone(),
                    r.change.clone(),
                    r.when.clone(),
                ]
            })
            .collect();
        let caption = pg.label("revisions");
        pg.table(&caption, &header, &rows);
    }
    pg.out.push_str("</section>\n");

    // 7 Appendix.
    pg.heading(7, "appendix", "appendix");
    let a = &m.appendix;
    let _ = writeln!(pg.out, "<h3>{}</h3>\n<ul>", esc(&pg.label("definitions")));
    for d in &a.definitions {
        let _ = writeln!(pg.out, "<li>{}</li>", esc(d));
    }
    pg.out.push_str("</ul>\n");
    let _ = writeln!(pg.out, "<h3>{}</h3>", esc(&pg.label("sources")));
    let header = [pg.label("file"), pg.label("period"), pg.label("rows"), "SHA-256".to_string()];
    let caption = pg.label("sources");
    pg.table_open(&caption);
    pg.out.push_str("<thead><tr>");
    for (i, h) in header.iter().enumerate() {
        let _ = write!(pg.out, "<th scope=\"col\"{}>{}</th>", if i == 2 { " class=\"num\"" } else { "" }, esc(h));
    }
    pg.out.push_str("</tr></thead>\n<tbody>\n");
    for s in &a.sources {
        let cell = |i: usize| s.get(i).map(|x| esc(x)).unwrap_or_default();
        let _ = writeln!(
            pg.out,
            "<tr><th scope=\"row\">{}</th><td data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">{}</td><td data-label=\"SHA-256\"><code>{}</code></td></tr>",
            cell(0),
            esc(&header[1]),
            cell(1),
            esc(&header[2]),
            cell(2),
            cell(3)
        );
    }
    pg.out.push_str("</tbody>\n</table>\n</div>\n");
    let _ = writeln!(pg.out, "<h3>{}</h3>\n<ul>", esc(&pg.label("disclosure")));
    for d in &a.disclosure {
        let _ = writeln!(pg.out, "<li>{}</li>", esc(d));
    }
    pg.out.push_str("</ul>\n");
    pg.p(&a.suppressed_summary, None);
    if !a.suppressed.is_empty() {
        let header: Vec<String> = if pg.da() {
            ["Opdeling", "Gruppe", "Mål", "Periode", "Årsag"]
        } else {
            ["Breakdown", "Group", "Measure", "Period", "Reason"]
        }
        .iter()
        .map(|s| s.to_string())
        .collect();
        let caption = pg.t("Skjulte tal", "Hidden figures").to_string();
        pg.table(&caption, &header, &a.suppressed);
    }
    let _ = writeln!(pg.out, "<h3>{}</h3>\n<dl class=\"program\">", esc(&pg.label("program")));
    let rows = [
        ("Version", &a.version),
        (pg.t("Indstillinger", "Settings"), &a.settings),
        (pg.t("Mål og tærskler", "Targets"), &a.targets),
        (pg.t("Kodeliste", "Code map"), &a.codemap),
        (pg.t("Skabelon", "Template"), &a.template),
    ];
    for (dt, dd) in rows {
        let _ = writeln!(pg.out, "<dt>{}</dt><dd>{}</dd>", esc(dt), esc(dd));
    }
    pg.out.push_str("</dl>\n</section>\n</main>\n");
    let _ = writeln!(
        pg.out,
        "<footer><p class=\"note\">{} · {}</p></footer>\n</body>\n</html>",
        esc(&m.title),
        esc(&m.date_label)
    );
    pg.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<b>\"Æ\" & 'ø'</b>"), "&lt;b&gt;&quot;Æ&quot; &amp; &#39;ø&#39;&lt;/b&gt;");
    }

    #[test]
    fn charts_get_a_role_a_name_a_description_and_a_view_box() {
        let svg = "<svg width=\"600\" height=\"300\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>";
        let out = accessible_svg(svg, "c1", "Andel <i>", "Seneste værdi 72,6 %");
        assert!(
            out.starts_with("<svg viewBox=\"0 0 600 300\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""),
            "{out}"
        );
        assert!(out.contains("aria-labelledby=\"c1-t c1-d\""));
        assert!(
            out.contains("<title id=\"c1-t\">Andel &lt;i&gt;</title><desc id=\"c1-d\">Seneste værdi 72,6 %</desc>")
        );
        assert!(!out.contains("width=\"600\""));
        assert!(out.ends_with("\n<rect/></svg>"));
    }
}
