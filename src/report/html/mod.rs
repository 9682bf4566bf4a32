//! The report as one self-contained, accessible HTML page for the municipality's website: the
//! same sections, figures and suppression as the PDF, drawn from the same model. Inline CSS
//! and SVG, no script, nothing fetched from the network. Made for WCAG 2.1 AA: the document
//! language, one `h1` and headings in order, a table of contents with working links, every
//! chart an inline SVG with `role="img"`, a title and a description stating its key values,
//! every table with a caption and header scopes, the signal always in words, colours with a
//! contrast of at least 4.5:1, a narrow layout for phones and 400 % zoom, and a print style.

mod markup;

use super::model::{FrontKpi, Model, TableChart};
pub use markup::esc;
use markup::{accessible_svg, numeric_column, text};
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

/// The page's style sheet, inlined in the head; in its own file so it reads (and diffs) as CSS.
const CSS: &str = include_str!("html.css");

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
    /// Tables numbered so far ("Tabel 3"): those made from the extract, as in the PDF (the
    /// revisions and the appendix's tables are not numbered there either). Every chart is
    /// numbered, so a figure's number is `charts`.
    numbered: usize,
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
    /// (the alt text stating its key values), numbered and captioned as in the PDF ("Figur 3:
    /// Andel … efter alder, …") with its source line.
    fn chart(&mut self, file: &str, title: &str, alt: &str, caption: &str, source: &str) {
        let Some(svg) = self.svgs.get(file) else { return };
        self.charts += 1;
        let id = format!("chart{}", self.charts);
        let svg = accessible_svg(svg, &id, title, alt);
        let number = format!("{} {}", self.t("Figur", "Figure"), self.charts);
        let _ = writeln!(
            self.out,
            "<figure>\n{svg}\n<figcaption><span class=\"number\">{number}:</span> {}</figcaption>\n</figure>",
            esc(caption)
        );
        self.p(source, Some("source"));
    }

    /// A table made from the extract: numbered and captioned as in the PDF ("Tabel 3: …"),
    /// with its source line.
    fn numbered_table(&mut self, caption: &str, source: &str, header: &[String], rows: &[Vec<String>]) {
        self.numbered += 1;
        let caption = format!("{} {}: {caption}", self.t("Tabel", "Table"), self.numbered);
        self.table(&caption, header, rows);
        self.p(source, Some("source"));
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
            self.chart(c, &tc.title, &tc.alt, &tc.figure, &tc.source);
        }
        self.numbered_table(&tc.table_caption, &tc.source, &tc.header, &tc.rows);
        self.p(&tc.note, Some("note"));
    }

    fn heading(&mut self, n: usize, id: &str, key: &str) {
        let _ = writeln!(self.out, "<section id=\"{id}\" aria-labelledby=\"{id}-h\">");
        let _ = writeln!(self.out, "<h2 id=\"{id}-h\">{n} {}</h2>", esc(&self.label(key)));
    }
}

/// The whole page: the head, the contents, then each section as the PDF orders it.
pub fn render(model: &Model, svgs: &BTreeMap<String, String>, names: &Names) -> String {
    let mut pg = Page { model, svgs, out: String::with_capacity(256 * 1024), charts: 0, tables: 0, numbered: 0 };
    pg.header(names);
    pg.contents();
    pg.front();
    pg.series();
    pg.breakdowns();
    pg.status();
    pg.comparison();
    pg.initiatives();
    pg.revisions();
    pg.appendix();
    pg.footer();
    pg.out
}

/// One method per part of the page, in the order they are written.
impl Page<'_> {
    /// The document head, the skip link and the page header with the downloads.
    fn header(&mut self, names: &Names) {
        let m = self.model;
        let _ = writeln!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n<meta name=\"description\" content=\"{}\">\n<meta name=\"author\" content=\"{}\">\n<style>{CSS}</style>\n</head>\n<body>",
            if m.lang == "da" { "da-DK" } else { "en-GB" },
            esc(&m.title),
            esc(&m.subtitle),
            esc(&m.description),
            esc(&m.organisation)
        );
        let _ = writeln!(
            self.out,
            "<a class=\"skip\" href=\"#main\">{}</a>",
            self.t("Gå til indholdet", "Skip to content")
        );
        let _ = writeln!(
            self.out,
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
            self.out,
            "<ul class=\"downloads\" aria-label=\"{}\">\n<li><a href=\"{}\">{}</a></li>\n<li><a href=\"{}\">{}</a></li>\n<li><a href=\"{}\">{}</a></li>\n</ul>\n</header>",
            self.t("Hent rapporten og tallene", "Download the report and its figures"),
            esc(&names.pdf),
            self.t("Rapporten som PDF", "The report as PDF"),
            esc(&names.xlsx),
            self.t("Tallene som regneark (XLSX)", "The figures as a spreadsheet (XLSX)"),
            esc(&names.csv),
            self.t("Tallene som CSV", "The figures as CSV"),
        );
    }

    /// The table of contents.
    fn contents(&mut self) {
        let _ = writeln!(
            self.out,
            "<nav aria-labelledby=\"toc-h\">\n<h2 id=\"toc-h\">{}</h2>\n<ul>",
            esc(&self.label("contents"))
        );
        let _ = writeln!(self.out, "<li><a href=\"#front\">{}</a></li>", esc(&self.label("front")));
        for (n, (id, key)) in SECTIONS.iter().enumerate() {
            let _ = writeln!(self.out, "<li><a href=\"#{id}\">{} {}</a></li>", n + 1, esc(&self.label(key)));
        }
        self.out.push_str("</ul>\n</nav>\n<main id=\"main\">\n");
    }

    /// The front page: the headline, one card per KPI, the sentences and the contact.
    fn front(&mut self) {
        let m = self.model;
        let _ = writeln!(
            self.out,
            "<section id=\"front\" aria-labelledby=\"front-h\">\n<h2 id=\"front-h\">{}</h2>",
            esc(&self.label("front"))
        );
        // The headline finding first, as in the PDF.
        if !m.headline.is_empty() {
            self.p(&m.headline, Some("headline"));
        }
        for k in &m.front {
            self.kpi_card(k);
        }
        for s in &m.sentences {
            self.p(s, None);
        }
        let note = self.label("signal_note");
        self.p(&note, Some("note"));
        // Who answers questions, and when the next status comes, as in the PDF.
        let _ = writeln!(
            self.out,
            "<p class=\"contact\"><strong>{}:</strong> {}<br>\n<strong>{}:</strong> {}</p>",
            esc(&self.label("contact")),
            esc(&m.contact),
            esc(&self.label("next_report")),
            esc(&m.next_report)
        );
        self.out.push_str("</section>\n");
    }

    /// One KPI's card on the front page.
    fn kpi_card(&mut self, k: &FrontKpi) {
        let _ = writeln!(
            self.out,
            "<article class=\"kpi\">\n<h3><span>{}</span> <span class=\"signal signal-{}\">{}: {}</span></h3>\n<dl>",
            esc(&k.name),
            esc(&k.signal),
            esc(&self.label("signal")),
            esc(&k.signal_label)
        );
        let items = [
            (self.label("latest"), k.value.clone(), k.month.clone(), true),
            (self.label("change_quarter"), k.change_quarter.clone(), String::new(), false),
            (self.label("change_year"), k.change_year.clone(), String::new(), false),
            (k.course_label.clone(), k.course.clone(), course_small(&self.label("gap"), k), false),
            (self.label("target"), k.target.clone(), k.target_month.clone(), false),
        ];
        for (dt, dd, small, big) in items {
            let _ = write!(
                self.out,
                "<div><dt>{}</dt><dd{}>{}",
                esc(&dt),
                if big { " class=\"value\"" } else { "" },
                esc(&dd)
            );
            if !small.is_empty() {
                let _ = write!(self.out, " <small>{}</small>", esc(&small));
            }
            self.out.push_str("</dd></div>\n");
        }
        self.out.push_str("</dl>\n");
        self.forecast_line(k);
        self.out.push_str("</article>\n");
    }

    /// A KPI card's forecast for the measuring month (or why there is none) and what kind of
    /// figure it is.
    fn forecast_line(&mut self, k: &FrontKpi) {
        if k.forecast.is_empty() {
            return;
        }
        let _ = write!(self.out, "<p class=\"forecast\"><strong>{}</strong>", esc(&k.forecast));
        if !k.forecast_note.is_empty() {
            let _ = write!(self.out, "<br><small>{}</small>", esc(&k.forecast_note));
        }
        self.out.push_str("</p>\n");
    }

    /// 1 Series.
    fn series(&mut self) {
        let m = self.model;
        self.heading(1, "series", "series");
        for s in &m.series {
            let _ = writeln!(self.out, "<h3>{}</h3>", esc(&s.title));
            self.chart(&s.chart, &s.title, &s.alt, &s.caption, &m.source);
            self.numbered_table(&s.table_caption, &m.source, &s.header, &s.rows);
        }
        self.out.push_str("</section>\n");
    }

    /// 2 Breakdowns.
    fn breakdowns(&mut self) {
        let m = self.model;
        self.heading(2, "breakdowns", "breakdowns");
        // The note all breakdowns share is said once, after the intro, as in the PDF.
        let intro = [self.label("breakdowns_intro").as_str(), &m.breakdowns_note].join(" ");
        self.p(intro.trim_end(), None);
        for b in &m.breakdowns {
            let _ = writeln!(self.out, "<h3>{}</h3>", esc(&b.title));
            if let Some(c) = &b.chart {
                self.chart(c, &b.title, &b.alt, &b.figure, &b.source);
            }
            self.numbered_table(&b.table_caption, &b.source, &b.header, &b.rows);
            self.p(&b.note, Some("note"));
        }
        self.out.push_str("</section>\n");
    }

    /// 3 Status and flows.
    fn status(&mut self) {
        let m = self.model;
        self.heading(3, "status", "status");
        self.table_chart(&m.status, true);
        self.table_chart(&m.flows, true);
        self.out.push_str("</section>\n");
    }

    /// 4 Comparison with other municipalities.
    fn comparison(&mut self) {
        let m = self.model;
        self.heading(4, "benchmarks", "benchmarks");
        match &m.benchmarks {
            Some(b) => self.table_chart(b, false),
            None => {
                let t = self.label("no_benchmarks");
                self.p(&t, None);
            }
        }
        self.out.push_str("</section>\n");
    }

    /// 5 Initiatives.
    fn initiatives(&mut self) {
        let m = self.model;
        self.heading(5, "initiatives", "initiatives");
        match &m.initiatives {
            None => {
                let t = self.label("no_initiatives");
                self.p(&t, None);
            }
            Some(ini) => {
                self.p(&ini.summary, None);
                for g in &ini.groups {
                    let _ = writeln!(self.out, "<h3>{}</h3>", esc(&g.title));
                    for r in &g.rows {
                        self.initiative(r);
                    }
                }
            }
        }
        self.out.push_str("</section>\n");
    }

    /// One initiative: its name, state, dates and description.
    fn initiative(&mut self, r: &[String]) {
        let cell = |i: usize| r.get(i).map(|s| esc(s)).unwrap_or_default();
        let _ = write!(
            self.out,
            "<div class=\"initiative\">\n<p><strong>{} {}</strong> <span class=\"badge\">{}</span></p>\n<p class=\"note\">{} {} · {} {}",
            cell(0),
            cell(1),
            cell(2),
            self.t("Igangsat:", "Started:"),
            cell(3),
            self.t("Justeret:", "Adjusted:"),
            cell(4)
        );
        if !cell(5).is_empty() {
            let _ = write!(self.out, " · <strong>{}</strong>", cell(5));
        }
        self.out.push_str("</p>\n");
        if !cell(6).is_empty() {
            let _ = writeln!(self.out, "<p>{}</p>", cell(6));
        }
        self.out.push_str("</div>\n");
    }

    /// 6 Revisions.
    fn revisions(&mut self) {
        let m = self.model;
        self.heading(6, "revisions", "revisions");
        self.p(&m.revisions_note, None);
        if !m.revisions.is_empty() {
            let header: Vec<String> = if self.da() {
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
            let caption = self.label("revisions");
            self.table(&caption, &header, &rows);
        }
        self.out.push_str("</section>\n");
    }

    /// 7 Appendix: definitions, sources, disclosure, hidden figures and the program.
    fn appendix(&mut self) {
        let a = &self.model.appendix;
        self.heading(7, "appendix", "appendix");
        let _ = writeln!(self.out, "<h3>{}</h3>\n<ul>", esc(&self.label("definitions")));
        for d in &a.definitions {
            let _ = writeln!(self.out, "<li>{}</li>", esc(d));
        }
        self.out.push_str("</ul>\n");
        self.forecast_method();
        self.sources();
        let _ = writeln!(self.out, "<h3>{}</h3>\n<ul>", esc(&self.label("disclosure")));
        for d in &a.disclosure {
            let _ = writeln!(self.out, "<li>{}</li>", esc(d));
        }
        self.out.push_str("</ul>\n");
        self.p(&a.suppressed_summary, None);
        if !a.suppressed.is_empty() {
            let header: Vec<String> = if self.da() {
                ["Opdeling", "Gruppe", "Mål", "Periode", "Årsag"]
            } else {
                ["Breakdown", "Group", "Measure", "Period", "Reason"]
            }
            .iter()
            .map(|s| s.to_string())
            .collect();
            let caption = self.t("Skjulte tal", "Hidden figures").to_string();
            self.table(&caption, &header, &a.suppressed);
        }
        self.program();
        self.out.push_str("</section>\n</main>\n");
    }

    /// The appendix's paragraphs on the forecast: how it is made and how it would have done.
    fn forecast_method(&mut self) {
        let _ = writeln!(self.out, "<h3>{}</h3>", esc(self.t("Prognosen", "The forecast")));
        for x in &self.model.appendix.forecast {
            self.p(x, None);
        }
    }

    /// The appendix's table of source files, their periods, rows and checksums.
    fn sources(&mut self) {
        let a = &self.model.appendix;
        let _ = writeln!(self.out, "<h3>{}</h3>", esc(&self.label("sources")));
        let header = [self.label("file"), self.label("period"), self.label("rows"), "SHA-256".to_string()];
        let caption = self.label("sources");
        self.table_open(&caption);
        self.out.push_str("<thead><tr>");
        for (i, h) in header.iter().enumerate() {
            let _ = write!(self.out, "<th scope=\"col\"{}>{}</th>", if i == 2 { " class=\"num\"" } else { "" }, esc(h));
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for s in &a.sources {
            let cell = |i: usize| s.get(i).map(|x| esc(x)).unwrap_or_default();
            let _ = writeln!(
                self.out,
                "<tr><th scope=\"row\">{}</th><td data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">{}</td><td data-label=\"SHA-256\"><code>{}</code></td></tr>",
                cell(0),
                esc(&header[1]),
                cell(1),
                esc(&header[2]),
                cell(2),
                cell(3)
            );
        }
        self.out.push_str("</tbody>\n</table>\n</div>\n");
    }

    /// The appendix's list of what produced the report: version, settings, targets, code map,
    /// template.
    fn program(&mut self) {
        let a = &self.model.appendix;
        let _ = writeln!(self.out, "<h3>{}</h3>\n<dl class=\"program\">", esc(&self.label("program")));
        let rows = [
            ("Version", &a.version),
            (self.t("Indstillinger", "Settings"), &a.settings),
            (self.t("Mål og tærskler", "Targets"), &a.targets),
            (self.t("Kodeliste", "Code map"), &a.codemap),
            (self.t("Skabelon", "Template"), &a.template),
        ];
        for (dt, dd) in rows {
            let _ = writeln!(self.out, "<dt>{}</dt><dd>{}</dd>", esc(dt), esc(dd));
        }
        self.out.push_str("</dl>\n");
    }

    /// The page footer and the end of the document.
    fn footer(&mut self) {
        let m = self.model;
        let _ = writeln!(
            self.out,
            "<footer><p class=\"note\">{} · {}</p></footer>\n</body>\n</html>",
            esc(&m.title),
            esc(&m.date_label)
        );
    }
}

/// Under a card's course: its gap, and the other course when there is one.
fn course_small(gap: &str, k: &FrontKpi) -> String {
    let mut s = format!("{gap}: {}", k.gap);
    if !k.course_other.is_empty() {
        s.push_str(" · ");
        s.push_str(&k.course_other);
    }
    s
}
