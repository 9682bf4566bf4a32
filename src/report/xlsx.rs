//! The report's figures as a workbook an analyst can pivot: one sheet per table of the report,
//! each with one header row, a filter on it and the header frozen; numbers stored as numbers
//! (a hidden cell is empty and its reason stands in a column of its own, so sums and pivots
//! work); months as ISO months (2016-08) and quarters in one form (2016-K3, in English
//! 2016-Q3) in columns of their own; every name in the report's language; the provisional
//! month flagged in a column; and a metadata sheet with the sources and their checksums, the
//! period, the program version and the disclosure rules. Drawn from the same published rows as
//! the CSV; nothing is recomputed.

use super::lang::Lang;
use super::model::{Built, Published};
use super::texts;
use crate::kpi::suppress::Reason;
use crate::method::calendar::{Month, Quarter};
use crate::method::status::{Kpi, Status};

/// A cell: text, a number (empty when hidden) or a yes/no.
enum V {
    T(String),
    N(Option<f64>),
    B(bool),
}

struct Sheet {
    name: String,
    head: Vec<String>,
    rows: Vec<Vec<V>>,
}

/// What every sheet reads: the language and the provisional month.
struct Ctx {
    l: Lang,
    provisional: Option<Month>,
}

impl Ctx {
    fn t(&self, w: (&str, &str)) -> String {
        self.l.t(w.0, w.1).to_string()
    }

    /// A quarter as every sheet writes it: 2016-K3 (Danish) or 2016-Q3.
    fn quarter(&self, q: Quarter) -> String {
        match self.l {
            Lang::Da => q.stem(),
            Lang::En => q.stem().replace("-K", "-Q"),
        }
    }

    fn kpi_name(&self, id: &str) -> String {
        match Kpi::from_id(id) {
            Some(k) => self.l.kpi(k).to_string(),
            None => id.to_string(),
        }
    }

    /// A breakdown's name in the report's language.
    fn dimension(&self, id: &str) -> String {
        let w = match id {
            "total" => ("I alt", "Total"),
            "age" => texts::words::AGE,
            "sex" => texts::words::SEX,
            "herkomst" => texts::words::ORIGIN,
            "omraade" => texts::words::LOCAL_AREA,
            "status" => ("Status", "Status"),
            other => return other.to_string(),
        };
        self.t(w)
    }

    /// A group's name in the report's language (local areas and units are names: as given).
    fn group(&self, name: &str) -> String {
        if let Some(s) = Status::from_id(name) {
            return self.l.status(s).to_string();
        }
        if let Some(g) = texts::FLOW_GROUPS.iter().find(|g| g.0 == name) {
            return self.t(*g);
        }
        match name {
            "I alt ledig" => self.t(("I alt ledig", "All unemployed")),
            "I alt andet end job og uddannelse" => {
                self.t(("I alt andet end job og uddannelse", "All but job and education"))
            }
            _ => self.l.group(name),
        }
    }

    /// Why a value is hidden, in the report's language (the rows carry the reason's code).
    fn reason(&self, code: &str) -> String {
        [Reason::Primary, Reason::Secondary, Reason::SmallDenominator]
            .into_iter()
            .find(|r| r.code() == code)
            .map(|r| texts::reason(self.l, Some(r)))
            .unwrap_or_else(|| code.to_string())
    }

    fn month_provisional(&self, m: Option<Month>) -> V {
        V::B(m.is_some() && m == self.provisional)
    }

    fn quarter_provisional(&self, q: Option<Quarter>) -> V {
        V::B(q.is_some() && q == self.provisional.map(Quarter::of))
    }
}

fn quarter_of(period: &str) -> Option<Quarter> {
    Quarter::parse(&period.replace("-K", "K"))
}

/// A flow's period, "2016-07 → 2016-09": its first and last month.
fn months_of(period: &str) -> Option<(Month, Month)> {
    let (a, b) = period.split_once(" → ")?;
    Some((Month::parse(a)?, Month::parse(b)?))
}

fn text(s: impl Into<String>) -> V {
    V::T(s.into())
}

/// A monthly row's first columns: KPI id and name, month, quarter.
fn kpi_month(c: &Ctx, r: &Published, m: Option<Month>) -> [V; 4] {
    [
        text(&r.kpi),
        text(c.kpi_name(&r.kpi)),
        text(&r.period),
        text(m.map(|m| c.quarter(Quarter::of(m))).unwrap_or_default()),
    ]
}

/// A row's figures: numerator, denominator and share (empty when hidden), whether the period
/// is provisional, and why a figure is hidden.
fn figures(c: &Ctx, r: &Published, provisional: V) -> [V; 5] {
    [V::N(r.numerator), V::N(r.denominator), V::N(r.share_pct), provisional, text(c.reason(&r.note))]
}

/// The column headers the sheets share, in the report's language.
struct Heads {
    kpi_id: String,
    kpi: String,
    month: String,
    quarter: String,
    num: String,
    den: String,
    share: String,
    prov: String,
    hidden: String,
}

impl Heads {
    fn new(c: &Ctx) -> Heads {
        Heads {
            kpi_id: c.t(("KPI-id", "KPI id")),
            kpi: c.t(("KPI", "KPI")),
            month: c.t(texts::words::MONTH),
            quarter: c.t(("Kvartal", "Quarter")),
            num: c.t(("Tæller (fuldtidspersoner)", "Numerator (full-time persons)")),
            den: c.t(("Nævner (fuldtidspersoner)", "Denominator (full-time persons)")),
            share: c.t(("Andel (%)", "Share (%)")),
            prov: c.t(("Foreløbig", "Provisional")),
            hidden: c.t(("Skjult, årsag", "Hidden, reason")),
        }
    }

    /// A monthly sheet's first columns, as [`kpi_month`] fills them.
    fn kpi_month(&self) -> Vec<String> {
        vec![self.kpi_id.clone(), self.kpi.clone(), self.month.clone(), self.quarter.clone()]
    }

    /// The columns [`figures`] fills.
    fn figures(&self) -> Vec<String> {
        vec![self.num.clone(), self.den.clone(), self.share.clone(), self.prov.clone(), self.hidden.clone()]
    }
}

/// The sections each sheet holds (by the start of their name), in report order; rows of a
/// section this writer does not know yet go to a last sheet, so they still reach the analyst.
const KNOWN: [&str; 6] = ["1 ", "2 ", "3 ", "4 status", "4 strømme", "5 "];

/// The sheets of the report's tables, in report order; the comparison and the unknown rows
/// only when there are any.
fn sheets(c: &Ctx, rows: &[Published]) -> Vec<Sheet> {
    let h = Heads::new(c);
    let of = |prefix: &str| rows.iter().filter(|r| r.section.starts_with(prefix)).collect::<Vec<_>>();
    let mut out = vec![
        front_sheet(c, &h, &of(KNOWN[0])),
        series_sheet(c, &h, &of(KNOWN[1])),
        breakdown_sheet(c, &h, &of(KNOWN[2])),
        status_sheet(c, &h, &of(KNOWN[3])),
        flow_sheet(c, &h, &of(KNOWN[4])),
    ];
    let comparison = comparison_sheet(c, &h, &of(KNOWN[5]));
    if !comparison.rows.is_empty() {
        out.push(comparison);
    }
    let unknown: Vec<&Published> = rows.iter().filter(|r| !KNOWN.iter().any(|k| r.section.starts_with(k))).collect();
    let other = other_sheet(c, &h, &unknown);
    if !other.rows.is_empty() {
        out.push(other);
    }
    out
}

/// The front page's latest values and courses.
fn front_sheet(c: &Ctx, h: &Heads, rows: &[&Published]) -> Sheet {
    let mut head = h.kpi_month();
    head.extend([c.t(("Gruppe", "Group")), c.t(("Tal", "Figure")), h.share.clone(), h.prov.clone()]);
    let rows = rows
        .iter()
        .map(|r| {
            let m = Month::parse(&r.period);
            let what = match r.dimension.as_str() {
                "værdi" => c.t(("Seneste værdi", "Latest value")),
                "kurs" => c.t(("Lige kurs mod målet", "Straight course to the target")),
                "sæsonkurs" => c.t(("Sæsonkurs mod målet", "Seasonal course to the target")),
                "prognose" => c.t(("Prognose for målemåneden", "Forecast for the measuring month")),
                "prognose_lav" => c.t(("Prognose, spændets nedre grænse", "Forecast, lower end of the range")),
                "prognose_høj" => c.t(("Prognose, spændets øvre grænse", "Forecast, upper end of the range")),
                other => other.to_string(),
            };
            let mut row = Vec::from(kpi_month(c, r, m));
            row.extend([text(c.group(&r.group)), text(what), V::N(r.share_pct), c.month_provisional(m)]);
            row
        })
        .collect();
    Sheet { name: c.t(("Forside", "Front page")), head, rows }
}

/// The monthly series.
fn series_sheet(c: &Ctx, h: &Heads, rows: &[&Published]) -> Sheet {
    let rows = rows
        .iter()
        .map(|r| {
            let m = Month::parse(&r.period);
            let mut row = Vec::from(kpi_month(c, r, m));
            row.extend([text(c.dimension(&r.dimension)), text(c.group(&r.group))]);
            row.extend(figures(c, r, c.month_provisional(m)));
            row
        })
        .collect();
    let breakdown = vec![c.t(("Opdeling", "Breakdown")), c.t(("Gruppe", "Group"))];
    Sheet {
        name: c.t(("Månedsserie", "Monthly series")), head: [h.kpi_month(), breakdown, h.figures()].concat(), rows
    }
}

/// The breakdowns, by quarter, breakdown and group.
fn breakdown_sheet(c: &Ctx, h: &Heads, rows: &[&Published]) -> Sheet {
    let mut head = vec![
        h.kpi_id.clone(),
        h.kpi.clone(),
        h.quarter.clone(),
        c.t(("Opdeling", "Breakdown")),
        c.t(("Gruppe", "Group")),
    ];
    head.extend(h.figures());
    let rows = rows
        .iter()
        .map(|r| {
            let q = quarter_of(&r.period);
            let mut row = vec![
                text(&r.kpi),
                text(c.kpi_name(&r.kpi)),
                text(q.map(|q| c.quarter(q)).unwrap_or_else(|| r.period.clone())),
                text(c.dimension(&r.dimension)),
                text(c.group(&r.group)),
            ];
            row.extend(figures(c, r, c.quarter_provisional(q)));
            row
        })
        .collect();
    Sheet { name: c.t(("Opdelinger", "Breakdowns")), head, rows }
}

/// Full-time persons by status and quarter.
fn status_sheet(c: &Ctx, h: &Heads, rows: &[&Published]) -> Sheet {
    let head = vec![
        h.quarter.clone(),
        c.t(("Status", "Status")),
        c.t(("Fuldtidspersoner", "Full-time persons")),
        c.t(("Fuldtidspersoner i alt", "Full-time persons in all")),
        h.share.clone(),
        h.prov.clone(),
        h.hidden.clone(),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            let q = quarter_of(&r.period);
            let mut row =
                vec![text(q.map(|q| c.quarter(q)).unwrap_or_else(|| r.period.clone())), text(c.group(&r.group))];
            row.extend(figures(c, r, c.quarter_provisional(q)));
            row
        })
        .collect();
    Sheet { name: c.t(("Status", "Status")), head, rows }
}

/// The flows between statuses, from the quarter's first month to its last.
fn flow_sheet(c: &Ctx, h: &Heads, rows: &[&Published]) -> Sheet {
    let head = vec![
        c.t(("Fra måned", "From month")),
        c.t(("Til måned", "To month")),
        h.quarter.clone(),
        c.t(("Fra", "From")),
        c.t(("Til", "To")),
        c.t(texts::words::PERSONS),
        h.prov.clone(),
        h.hidden.clone(),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            let ms = months_of(&r.period);
            vec![
                text(ms.map(|m| m.0.to_string()).unwrap_or_else(|| r.period.clone())),
                text(ms.map(|m| m.1.to_string()).unwrap_or_default()),
                text(ms.map(|m| c.quarter(Quarter::of(m.1))).unwrap_or_default()),
                text(c.group(&r.dimension)),
                text(c.group(&r.group)),
                V::N(r.numerator),
                c.quarter_provisional(ms.map(|m| Quarter::of(m.1))),
                text(c.reason(&r.note)),
            ]
        })
        .collect();
    Sheet { name: c.t(("Strømme", "Flows")), head, rows }
}

/// The comparison with other units: each unit's latest value and its source.
fn comparison_sheet(c: &Ctx, h: &Heads, rows: &[&Published]) -> Sheet {
    let mut head = h.kpi_month();
    head.extend([c.t(("Enhed", "Unit")), h.share.clone(), h.prov.clone(), c.t(("Kilde", "Source"))]);
    let rows = rows
        .iter()
        .map(|r| {
            let m = Month::parse(&r.period);
            let mut row = Vec::from(kpi_month(c, r, m));
            row.extend([text(&r.group), V::N(r.share_pct), c.month_provisional(m), text(&r.note)]);
            row
        })
        .collect();
    Sheet { name: c.t(("Sammenligning", "Comparison")), head, rows }
}

/// Rows of sections no other sheet knows, with every field of the row.
fn other_sheet(c: &Ctx, h: &Heads, rows: &[&Published]) -> Sheet {
    let head = vec![
        c.t(("Afsnit", "Section")),
        h.kpi_id.clone(),
        c.t(("Periode", "Period")),
        c.t(("Opdeling", "Breakdown")),
        c.t(("Gruppe", "Group")),
        h.num.clone(),
        h.den.clone(),
        h.share.clone(),
        h.hidden.clone(),
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                text(&r.section),
                text(&r.kpi),
                text(&r.period),
                text(c.dimension(&r.dimension)),
                text(c.group(&r.group)),
                V::N(r.numerator),
                V::N(r.denominator),
                V::N(r.share_pct),
                text(c.reason(&r.note)),
            ]
        })
        .collect();
    Sheet { name: c.t(("Øvrige", "Other")), head, rows }
}

/// The metadata sheet: what the figures are, where they come from and how they were protected.
fn metadata(c: &Ctx, built: &Built) -> Sheet {
    let m = &built.model;
    let a = &m.appendix;
    let pair = |k: (&str, &str), v: &str| vec![text(c.t(k)), text(v), V::T(String::new()), V::T(String::new())];
    let mut rows = vec![
        pair(("Titel", "Title"), &format!("{} – {}", m.title, m.subtitle)),
        pair(("Kommune", "Municipality"), &m.organisation),
        pair(("Dato", "Date"), &m.date_iso),
        pair(("Foreløbig måned", "Provisional month"), &c.provisional.map(|p| p.to_string()).unwrap_or_default()),
        pair(("Program", "Program"), &a.version),
        pair(("Indstillinger", "Settings"), &a.settings),
        pair(("Mål og tærskler", "Targets"), &a.targets),
        pair(("Kodeliste", "Code map"), &a.codemap),
        pair(("Skabelon", "Template"), &a.template),
        vec![],
        vec![
            text(c.t(("Kilde (fil)", "Source (file)"))),
            text(c.t(("Periode", "Period"))),
            text(c.t(("Rækker", "Rows"))),
            text("SHA-256"),
        ],
    ];
    for s in &a.sources {
        let cell = |i: usize| s.get(i).cloned().unwrap_or_default();
        let n: Option<f64> = cell(2).replace(['.', ',', ' ', '\u{a0}'], "").parse().ok();
        rows.push(vec![text(cell(0)), text(cell(1)), V::N(n), text(cell(3))]);
    }
    rows.push(vec![]);
    rows.push(vec![text(c.t(("Diskretionering", "Disclosure control")))]);
    for d in &a.disclosure {
        rows.push(vec![text(d)]);
    }
    Sheet { name: c.t(("Metadata", "Metadata")), head: vec![c.t(("Felt", "Field")), c.t(("Værdi", "Value"))], rows }
}

/// The workbook: the tables' sheets, then the metadata.
pub fn workbook(built: &Built, date: chrono::NaiveDate) -> anyhow::Result<Vec<u8>> {
    use chrono::Datelike;
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let l = if built.model.lang == "en" { Lang::En } else { Lang::Da };
    let c = Ctx { l, provisional: built.provisional };
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} – {}", built.model.title, built.model.subtitle))
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let numf = Format::new().set_num_format("0.00");
    for sheet in sheets(&c, &built.published) {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        let mut widths: Vec<usize> = sheet.head.iter().map(|h| h.chars().count()).collect();
        for (col, h) in sheet.head.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, h, &bold)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, v) in row.iter().enumerate() {
                let cc = col as u16;
                match v {
                    V::T(s) if !s.is_empty() => {
                        ws.write_string(r, cc, s)?;
                        widths[col] = widths[col].max(s.chars().count());
                    }
                    V::N(Some(x)) => {
                        ws.write_number_with_format(r, cc, *x, &numf)?;
                    }
                    V::B(b) => {
                        ws.write_boolean(r, cc, *b)?;
                    }
                    _ => {}
                }
            }
        }
        for (col, w) in widths.iter().enumerate() {
            ws.set_column_width(col as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        if !sheet.rows.is_empty() {
            ws.autofilter(0, 0, sheet.rows.len() as u32, sheet.head.len() as u16 - 1)?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    let meta = metadata(&c, built);
    let ws = wb.add_worksheet();
    ws.set_name(&meta.name)?;
    for (col, h) in meta.head.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, h, &bold)?;
    }
    for (r, row) in meta.rows.iter().enumerate() {
        for (col, v) in row.iter().enumerate() {
            match v {
                V::T(s) if !s.is_empty() => {
                    ws.write_string(r as u32 + 1, col as u16, s)?;
                }
                V::N(Some(x)) => {
                    ws.write_number(r as u32 + 1, col as u16, *x)?;
                }
                _ => {}
            }
        }
    }
    for (col, w) in [(0u16, 28.0), (1, 40.0), (2, 10.0), (3, 66.0)] {
        ws.set_column_width(col, w)?;
    }
    Ok(wb.save_to_buffer()?)
}
