//! A chart as data, as the report model holds it ([`Spec`]): line series and markers, bar
//! groups, and the month and value formatting their labels use.

use super::style::Color;
use crate::report::lang::Lang;

/// A colour as `#rrggbb`, for the model's chart specifications.
pub(super) fn hex<S: serde::Serializer>(c: &Color, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2))
}

/// A chart as data, as the report model holds it: what to draw, its title and language, and
/// what a chart file needs to stand alone (caption, target and period, source). Every output
/// draws it the same way with [`draw`](super::draw), [`draw_web`](super::draw_web) or [`standalone`](super::standalone).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Spec {
    /// The file name the outputs know it by (`serie-uddannelse_job.svg`).
    pub file: String,
    /// The SVG's `<title>`: what the chart shows.
    pub title: String,
    /// The figure's caption, naming the target and the period (the PDF numbers it).
    pub caption: String,
    /// One line under the caption in a chart file: the target and the period, or how to read it.
    pub detail: String,
    /// The source line ("Kilde: …").
    pub source: String,
    pub lang: Lang,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// See [`line_chart`](super::line_chart); x labels are the months in the chart's language.
    Line { series: Vec<LineSeries>, markers: Vec<Marker>, y_range: (f64, f64), y_unit: String },
    /// See [`grouped_bars`](super::grouped_bars).
    GroupedBars { categories: Vec<String>, groups: Vec<BarGroup>, y_unit: String },
    /// See [`horizontal_bars`](super::horizontal_bars); a group without a label draws no legend.
    HorizontalBars { categories: Vec<String>, groups: Vec<BarGroup>, unit: String },
}

/// One period's bars in a bar chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BarGroup {
    pub label: String,
    #[serde(serialize_with = "hex")]
    pub color: Color,
    pub values: Vec<Option<f64>>,
}

/// One monthly series of a line chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LineSeries {
    /// Legend text.
    pub label: String,
    /// Line colour.
    #[serde(serialize_with = "hex")]
    pub color: Color,
    /// `(month index, value)`; the month index is `year * 12 + (month - 1)`. `None` leaves a
    /// gap in the line.
    pub points: Vec<(i32, Option<f64>)>,
    /// Dashed line (e.g. a planned trajectory) instead of a solid one.
    pub dashed: bool,
}

/// A single marked point on a line chart, e.g. an August measuring point or the target.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Marker {
    /// Month index (`year * 12 + (month - 1)`).
    pub x: i32,
    /// Value.
    pub y: f64,
    /// Short text written next to the point, e.g. "Mål 75,4 %".
    pub label: String,
    /// Fill colour of the point.
    #[serde(serialize_with = "hex")]
    pub color: Color,
    /// An open (hollow) point: a provisional value that will still move.
    pub open: bool,
}

/// The month index of a year and month (1-12): `year * 12 + (month - 1)`.
pub fn month_index(year: i32, month: u32) -> i32 {
    year * 12 + (month as i32 - 1)
}

/// Danish short month label of a month index, e.g. `"jan 2014"`.
pub fn month_label(index: i32) -> String {
    crate::numfmt::month_short(crate::method::calendar::Month::from_index(index))
}

/// A value with its unit in the report's language: `72,5 %` / `72.5 %` (a no-break space
/// between), `1.234 personer`; an empty unit gives the number alone.
pub fn format_value(lang: Lang, value: f64, decimals: usize, unit: &str) -> String {
    let number = lang.num(value, decimals);
    if unit.is_empty() { number } else { format!("{number}{}{unit}", crate::report::lang::NBSP) }
}
