//! The report model: everything the quarterly report shows, as finished, formatted values
//! (`domain.md`, "What a quarterly report shows", items 1–7), plus the charts as SVG and the
//! same figures as rows for the XLSX and CSV beside the PDF. Outputs draw this model and never
//! recompute. Every value here has passed disclosure control.

use super::charts::{self, Color, Spec};
use super::inputs::{Benchmarks, Initiatives};
pub use super::lang::Lang;
use crate::extract::load::Extract;
use crate::kpi::figures::Figure;
use crate::kpi::flows::Flows;
use crate::kpi::pooled::Pooled;
use crate::kpi::targets::Targets;
use crate::method::calendar::{Month, Quarter};
use serde::Serialize;
use std::collections::BTreeMap;

/// One colour per thing, the same in every chart (Okabe–Ito, colour-blind safe).
pub const COLOR_KPI: [Color; 2] = [charts::BLUE, charts::BLUISH_GREEN];
pub const COLOR_NOW: Color = charts::BLUE;
pub const COLOR_BEFORE: Color = charts::SKY_BLUE;
pub const COLOR_COURSE: Color = charts::GREY;
pub const COLOR_TARGET: Color = charts::VERMILLION;
pub const COLOR_STATUS: Color = charts::ORANGE;
pub const COLOR_FORECAST: Color = charts::REDDISH_PURPLE;

/// What the report is made from: the figures with disclosure control applied to all of them
/// together ([`crate::kpi::compute_for_report`]), and the rest.
pub struct Inputs<'a> {
    pub ex: &'a Extract,
    /// Monthly totals (and the municipalities compared).
    pub figures: &'a [Figure],
    /// The quarter and the one a year before, pooled.
    pub pooled: &'a [Pooled],
    pub flows: &'a Flows,
    pub quarter: Quarter,
    /// First month of the series.
    pub from: Month,
    /// The municipality the report is about; `None`: all in the extract.
    pub kommune: Option<u16>,
    pub kommune_name: String,
    pub targets: &'a Targets,
    pub initiatives: Option<&'a Initiatives>,
    pub benchmarks: Option<&'a Benchmarks>,
    /// The cluster compared with: the table's file name, the cluster's name and its members in
    /// the extract.
    pub klynger: Option<(String, String, Vec<u16>)>,
    pub revisions: Vec<RevisionRow>,
    /// How many revisions there are in all (only the largest are in `revisions`).
    pub revisions_total: usize,
    /// Whether the store of published figures was looked in (not with `--no-record`, which
    /// never opens it); if not, the report says so instead of "no revisions".
    pub revisions_looked_up: bool,
    pub version: &'a str,
    /// The settings that determine the content, in words (quarter, municipality, language).
    pub settings: String,
    /// The targets used: built in, or the file's name.
    pub targets_name: String,
    /// The report inputs of the user's own beside the extract (targets, template, cluster
    /// table): file name and SHA-256, listed with the sources.
    pub own_files: Vec<(String, String)>,
    pub date: chrono::NaiveDate,
    pub lang: Lang,
    /// The template used: built in, or the file's name.
    pub template_name: String,
    /// The extract's newest complete month: provisional (DREAM's late registrations).
    pub provisional: Option<Month>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RevisionRow {
    pub kpi: String,
    pub month: String,
    pub published: String,
    pub revised: String,
    pub change: String,
    pub when: String,
}

#[derive(Debug, Serialize)]
pub struct Model {
    pub lang: &'static str,
    /// Every chart as a specification (data, title, alt text in its section); the outputs
    /// draw them with `charts::draw`.
    pub charts: Vec<Spec>,
    pub title: String,
    pub subtitle: String,
    pub description: String,
    pub organisation: String,
    pub committee: String,
    pub date_iso: String,
    pub date_label: String,
    pub labels: BTreeMap<&'static str, String>,
    /// One sentence at the top of the front page: the latest values against the course.
    pub headline: String,
    /// Who answers questions about the report (the template may set its own).
    pub contact: String,
    /// When the next report comes (the template may set its own).
    pub next_report: String,
    /// The source line under every figure and table made from the extract ("Kilde: …").
    pub source: String,
    pub front: Vec<FrontKpi>,
    pub sentences: Vec<String>,
    pub series: Vec<SeriesSection>,
    pub breakdowns: Vec<TableChart>,
    /// What all breakdowns share, said once after the section's intro: the quarter holds the
    /// provisional month (empty when it does not).
    pub breakdowns_note: String,
    pub status: TableChart,
    pub flows: TableChart,
    pub benchmarks: Option<TableChart>,
    pub initiatives: Option<InitiativeSection>,
    pub revisions: Vec<RevisionRow>,
    pub revisions_note: String,
    pub appendix: Appendix,
}

#[derive(Debug, Serialize)]
pub struct FrontKpi {
    pub name: String,
    pub value: String,
    pub month: String,
    pub change_quarter: String,
    pub change_year: String,
    pub target: String,
    pub target_month: String,
    /// Which course the signal rests on ("Sæsonkurs", "Lige kurs").
    pub course_label: String,
    pub course: String,
    pub gap: String,
    /// The other course, small: "Lige kurs: 75,4 %"; empty when it has none.
    pub course_other: String,
    pub signal: String,
    pub signal_label: String,
    /// "Prognose for august 2017: 74,1 % (73,5–74,8 %)", or why there is none.
    pub forecast: String,
    /// Under it: a projection of past seasonal movement, not a model of causes (empty
    /// without a forecast).
    pub forecast_note: String,
}

#[derive(Debug, Serialize)]
pub struct SeriesSection {
    pub title: String,
    pub chart: String,
    pub alt: String,
    /// The figure's caption, naming the target and the period.
    pub caption: String,
    /// The table's caption.
    pub table_caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A section with a table and (optionally) a chart.
#[derive(Debug, Serialize, Default)]
pub struct TableChart {
    pub title: String,
    pub intro: String,
    pub chart: Option<String>,
    pub alt: String,
    /// The figure's caption: what the chart shows, naming the target and the period.
    pub figure: String,
    /// The table's caption.
    pub table_caption: String,
    /// The source line under the figure and the table.
    pub source: String,
    /// The column headers, each whole (as a screen reader and the web page read them).
    pub header: Vec<String>,
    /// For print, the same headers in two rows: groups spanning columns (text, columns), and
    /// short headers under them. Empty: print `header` as it is.
    pub header_groups: Vec<(String, usize)>,
    pub short_header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct InitiativeSection {
    pub summary: String,
    pub groups: Vec<InitiativeGroup>,
}

#[derive(Debug, Serialize)]
pub struct InitiativeGroup {
    pub title: String,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct Appendix {
    pub definitions: Vec<String>,
    pub sources: Vec<Vec<String>>,
    pub disclosure: Vec<String>,
    pub suppressed: Vec<Vec<String>>,
    pub suppressed_summary: String,
    pub version: String,
    /// What determines the content besides the inputs (quarter, municipality, language); never
    /// a local path or a flag that changes nothing in the report.
    pub settings: String,
    pub targets: String,
    pub codemap: String,
    pub template: String,
    /// How the forecast is made, then each KPI's backtest on the extract's own years.
    pub forecast: Vec<String>,
}

/// A figure as published beside the PDF (XLSX, CSV).
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub section: String,
    pub kpi: String,
    pub period: String,
    pub dimension: String,
    pub group: String,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub share_pct: Option<f64>,
    pub note: String,
}

pub struct Built {
    pub model: Model,

    pub published: Vec<Published>,
    /// The extract's newest complete month, provisional (flagged in the XLSX).
    pub provisional: Option<Month>,
}

pub use super::lang::date_label;
