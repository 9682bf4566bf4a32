//! Charts as SVG.
//!
//! Every chart is drawn with plotters' SVG backend into a `String`, for one of two media
//! ([`Medium`]): print ([`WIDTH`] px wide, placed 16 cm wide in the PDF, so 1 px = 0.25 mm and
//! the 12 px axis labels print at about 8.5 pt; the chart files for Word are the same drawing
//! framed with their title, target, period and source, see [`standalone`]) and the web page
//! ([`WEB_WIDTH`] px wide, so that on a phone 390 px wide its text is drawn at about 11 px;
//! categories become rows of horizontal bars there, which need no width). Text is set in the
//! shipped font ([`typeset::font_family`]), which is registered with plotters so label widths
//! are measured with the real glyphs and typst turns the SVG's text into real, searchable PDF
//! text; the web page embeds a subset of it ([`super::webfont`]). Colours come from the
//! Okabe-Ito palette, which stays distinguishable for the common forms of colour-blindness.
//! Numbers are written in the report's language: `1.234,5` and `72 %`.
//!
//! Value labels (the marked points of a line chart, the values on bars) are placed by
//! collision avoidance, not at fixed offsets: each is tried at positions around its point,
//! nearest first, and takes the first where it covers no data (line segment, point, bar), no
//! other label and no other text of the chart; one that finds no such place is left out (its
//! value is in the table and the alt text). [`layout`] gives what was placed, for tests.
//!
//! Layout is done here in pixel coordinates (plotters is used as the SVG writer and text
//! measurer), so the output depends only on the input: the same call gives the same bytes.

use std::sync::OnceLock;

use super::lang::Lang;
use anyhow::anyhow;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color as _, FontDesc, FontStyle, register_font};

use super::typeset;

/// A chart colour.
pub use plotters::style::RGBColor as Color;

/// Width of every printed chart, in SVG px.
pub const WIDTH: u32 = 640;
/// Height of a printed line or vertical bar chart, in SVG px (horizontal bars grow with their
/// rows).
pub const HEIGHT: u32 = 300;
/// Width of every chart in the web page, in SVG px: on a phone 390 px wide the chart is drawn
/// about 360 px wide, so its 12 px text stays about 11 px.
pub const WEB_WIDTH: u32 = 400;
/// Height of a line chart in the web page, in SVG px.
pub const WEB_HEIGHT: u32 = 290;
/// How wide a web chart may grow on a wide screen (its text then about 18 px).
const WEB_MAX_WIDTH: &str = "38rem";

/// Okabe-Ito orange (#E69F00).
pub const ORANGE: Color = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe-Ito sky blue (#56B4E9).
pub const SKY_BLUE: Color = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe-Ito bluish green (#009E73).
pub const BLUISH_GREEN: Color = RGBColor(0x00, 0x9E, 0x73);
/// Okabe-Ito yellow (#F0E442). Too light for thin lines on white; use it for areas only.
pub const YELLOW: Color = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe-Ito blue (#0072B2).
pub const BLUE: Color = RGBColor(0x00, 0x72, 0xB2);
/// Okabe-Ito vermillion (#D55E00).
pub const VERMILLION: Color = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe-Ito reddish purple (#CC79A7).
pub const REDDISH_PURPLE: Color = RGBColor(0xCC, 0x79, 0xA7);
/// Okabe-Ito black, softened slightly for text and markers (#1A1A1A).
pub const INK: Color = RGBColor(0x1A, 0x1A, 0x1A);
/// Neutral grey for secondary text, e.g. "–" for suppressed values (#595959).
pub const GREY: Color = RGBColor(0x59, 0x59, 0x59);

/// The Okabe-Ito colours in the recommended order for series (yellow left out: it is too
/// light for lines and text on white).
pub const PALETTE: [Color; 6] = [BLUE, ORANGE, BLUISH_GREEN, VERMILLION, SKY_BLUE, REDDISH_PURPLE];

const AXIS: Color = RGBColor(0x4D, 0x4D, 0x4D);
const GRID: Color = RGBColor(0xDD, 0xDD, 0xDD);

/// Font sizes in SVG px.
const LABEL_PX: f64 = 12.0;
const LEGEND_PX: f64 = 12.5;
const SMALL_PX: f64 = 11.0;
/// plotters writes `font-size = size / 1.24` into the SVG.
const PLOTTERS_SIZE_PER_PX: f64 = 1.24;
/// plotters' ab_glyph layout scales glyphs to the font's line height (ascender − descender,
/// 1362 units for Noto Sans) instead of its em (1000 units), so it reports widths about 9 %
/// too small; measured widths are multiplied by this.
const WIDTH_CORRECTION: f64 = 1362.0 / 1240.0;
/// Space between the y axis (and the right end) and the first (last) month of a line chart.
const INSET: f64 = 10.0;

/// Where a chart is shown: its size and how categories are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    /// The PDF and the chart files: 640 px wide.
    Print,
    /// The web page: 400 px wide, categories as rows of horizontal bars.
    Web,
}

impl Medium {
    fn width(self) -> f64 {
        f64::from(match self {
            Medium::Print => WIDTH,
            Medium::Web => WEB_WIDTH,
        })
    }

    fn line_height(self) -> f64 {
        f64::from(match self {
            Medium::Print => HEIGHT,
            Medium::Web => WEB_HEIGHT,
        })
    }
}

/// A colour as `#rrggbb`, for the model's chart specifications.
fn hex<S: serde::Serializer>(c: &Color, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2))
}

/// A chart as data, as the report model holds it: what to draw, its title and language, and
/// what a chart file needs to stand alone (caption, target and period, source). Every output
/// draws it the same way with [`draw`], [`draw_web`] or [`standalone`].
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
    /// See [`line_chart`]; x labels are the months in the chart's language.
    Line { series: Vec<LineSeries>, markers: Vec<Marker>, y_range: (f64, f64), y_unit: String },
    /// See [`grouped_bars`].
    GroupedBars { categories: Vec<String>, groups: Vec<BarGroup>, y_unit: String },
    /// See [`horizontal_bars`]; a group without a label draws no legend.
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

/// Draws a chart specification as SVG for print (the PDF).
pub fn draw(spec: &Spec) -> anyhow::Result<String> {
    Ok(draw_with_layout(spec, Medium::Print)?.0)
}

/// Draws a chart specification as SVG for the web page: [`WEB_WIDTH`] wide, scaling with the
/// page up to a readable size, its text in the embedded font and then in common sans-serif
/// fonts (never a serif).
pub fn draw_web(spec: &Spec) -> anyhow::Result<String> {
    let svg = draw_with_layout(spec, Medium::Web)?.0;
    let svg = with_font_stack(&svg, super::webfont::FAMILY);
    Ok(svg.replacen("<svg ", &format!("<svg style=\"max-width: {WEB_MAX_WIDTH}\" "), 1))
}

/// What a drawing placed where: its value labels, other texts and data, for tests of the
/// label placement.
pub fn layout(spec: &Spec, medium: Medium) -> anyhow::Result<Layout> {
    Ok(draw_with_layout(spec, medium)?.1)
}

fn draw_with_layout(spec: &Spec, medium: Medium) -> anyhow::Result<(String, Layout)> {
    let l = spec.lang;
    let mut lay = Layout::default();
    let svg = match &spec.kind {
        Kind::Line { series, markers, y_range, y_unit } => line_chart(
            medium,
            l,
            &spec.title,
            &|i| l.month_short(crate::method::calendar::Month::from_index(i)),
            series,
            markers,
            *y_range,
            y_unit,
            &mut lay,
        ),
        Kind::GroupedBars { categories, groups, y_unit } => match medium {
            Medium::Print => grouped_bars(medium, l, &spec.title, categories, groups, y_unit, &mut lay),
            Medium::Web => horizontal_bars(medium, l, &spec.title, categories, groups, y_unit, &mut lay),
        },
        Kind::HorizontalBars { categories, groups, unit } => {
            horizontal_bars(medium, l, &spec.title, categories, groups, unit, &mut lay)
        }
    }?;
    Ok((svg, lay))
}

/// Draws every chart of a report for print: file name → SVG.
pub fn draw_all(specs: &[Spec]) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    specs.iter().map(|s| Ok((s.file.clone(), draw(s)?))).collect()
}

/// Draws every chart of a report for the web page: file name → SVG. The first chart carries
/// the embedded font (a subset of the glyphs all of them use) in a `<style>`, which applies to
/// the whole page; the page stays one self-contained file.
pub fn draw_all_web(specs: &[Spec]) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    let mut svgs: Vec<(String, String)> =
        specs.iter().map(|s| Ok((s.file.clone(), draw_web(s)?))).collect::<anyhow::Result<_>>()?;
    let text: String = svgs.iter().map(|(_, svg)| svg_text(svg)).collect();
    if let Some((_, first)) = svgs.first_mut() {
        let css = super::webfont::font_face(&text)?;
        if let Some(end) = first.find('>') {
            first.insert_str(end + 1, &format!("\n<style>{css}</style>"));
        }
    }
    Ok(svgs.into_iter().collect())
}

/// A chart on its own, for a Word document: the print drawing with its number and caption,
/// its target and period above it and its source line below, all in the image. Its fonts are
/// named with a fallback to common sans-serif fonts.
pub fn standalone(spec: &Spec, number: usize) -> anyhow::Result<String> {
    register_fonts()?;
    let chart = draw(spec)?;
    let (w, h) = svg_size(&chart).ok_or_else(|| anyhow!("a chart without a size"))?;
    let figure = spec.lang.t("Figur", "Figure");
    // Measured in the regular face; the bold caption is about a tenth wider.
    let caption_lines = wrap(&format!("{figure} {number}: {}", spec.caption), (w - 16.0) / 1.12, 14.0, 3)?;
    let detail_lines = if spec.detail.is_empty() { Vec::new() } else { wrap(&spec.detail, w - 16.0, SMALL_PX, 3)? };
    let source_lines = if spec.source.is_empty() { Vec::new() } else { wrap(&spec.source, w - 16.0, 10.5, 3)? };
    let mut y = 8.0;
    let mut out = String::new();
    let family = typeset::font_family();
    let line = |out: &mut String, text: &str, y: f64, size: f64, bold: bool, fill: &str| {
        out.push_str(&format!(
            "<text x=\"8\" y=\"{y:.1}\" font-family=\"{family}\" font-size=\"{size}\"{} fill=\"{fill}\">{}</text>\n",
            if bold { " font-weight=\"bold\"" } else { "" },
            xml_escape(text)
        ));
    };
    for l in &caption_lines {
        y += 14.0 * 1.3;
        line(&mut out, l, y - 4.0, 14.0, true, "#1A1A1A");
    }
    for l in &detail_lines {
        y += SMALL_PX * 1.35;
        line(&mut out, l, y - 3.0, SMALL_PX, false, "#404040");
    }
    y += 6.0;
    let top = y;
    let body_start = chart.find('>').map(|i| i + 1).unwrap_or(0);
    let body_end = chart.rfind("</svg>").unwrap_or(chart.len());
    let mut body = chart[body_start..body_end].to_string();
    if let (Some(a), Some(b)) = (body.find("<title>"), body.find("</title>")) {
        body.replace_range(a..b + "</title>".len(), "");
    }
    let mut tail = String::new();
    let mut y2 = top + h + 4.0;
    for l in &source_lines {
        y2 += 10.5 * 1.35;
        line(&mut tail, l, y2 - 3.0, 10.5, false, "#404040");
    }
    let total = (y2 + 8.0).ceil();
    let svg = format!(
        "<svg width=\"{w}\" height=\"{total}\" viewBox=\"0 0 {w} {total}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>{}</title>\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{total}\" fill=\"#FFFFFF\"/>\n{out}<g transform=\"translate(0,{top:.1})\">{body}</g>\n{tail}</svg>\n",
        xml_escape(&format!("{figure} {number}: {}", spec.caption))
    );
    Ok(with_font_stack(&svg, ""))
}

/// The width and height an SVG's opening tag states.
pub fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let open = &svg[svg.find("<svg")?..];
    let open = &open[..open.find('>')?];
    let attr = |name: &str| -> Option<f64> {
        let key = format!(" {name}=\"");
        let i = open.find(&key)? + key.len();
        open[i..i + open[i..].find('"')?].trim_end_matches("px").parse().ok()
    };
    Some((attr("width")?, attr("height")?))
}

/// Names fonts after the shipped one, so a machine without it draws a sans-serif, never a
/// serif: `first` (an embedded face), Noto Sans, then common sans-serif fonts.
fn with_font_stack(svg: &str, first: &str) -> String {
    let family = typeset::font_family();
    let stack = if first.is_empty() {
        format!("{family}, Arial, Helvetica, sans-serif")
    } else {
        format!("{first}, {family}, Arial, Helvetica, sans-serif")
    };
    svg.replace(&format!("font-family=\"{family}\""), &format!("font-family=\"{stack}\""))
}

/// The text an SVG shows (its `<text>` elements), unescaped.
fn svg_text(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<text") {
        let Some(open_end) = rest[i..].find('>') else { break };
        let start = i + open_end + 1;
        let Some(len) = rest[start..].find("</text>") else { break };
        out.push_str(&rest[start..start + len]);
        rest = &rest[start + len..];
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

// ---------------------------------------------------------------------------------------
// Geometry and label placement

/// A rectangle in SVG px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bx {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Bx {
    pub fn intersects(&self, o: &Bx) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn grown(&self, d: f64) -> Bx {
        Bx { x0: self.x0 - d, y0: self.y0 - d, x1: self.x1 + d, y1: self.y1 + d }
    }

    fn within(&self, o: &Bx) -> bool {
        self.x0 >= o.x0 && self.y0 >= o.y0 && self.x1 <= o.x1 && self.y1 <= o.y1
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        x > self.x0 && x < self.x1 && y > self.y0 && y < self.y1
    }

    /// Whether the segment from `a` to `b` passes through the rectangle (Liang–Barsky).
    pub fn crosses(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        if self.contains(a) || self.contains(b) {
            return true;
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [(-dx, a.0 - self.x0), (dx, self.x1 - a.0), (-dy, a.1 - self.y0), (dy, self.y1 - a.1)] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// What a drawing placed: value labels (placed by collision avoidance), other texts (axes,
/// categories, legend) and the data (line segments as drawn, points, bars).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub labels: Vec<(String, Bx)>,
    /// Value labels that found no free place and were left out.
    pub left_out: Vec<String>,
    pub texts: Vec<(String, Bx)>,
    pub segments: Vec<((f64, f64), (f64, f64))>,
    pub points: Vec<Bx>,
    pub bars: Vec<Bx>,
}

impl Layout {
    /// Whether a label at `b` would cover anything drawn or placed so far, or leave `bounds`.
    fn collides(&self, b: &Bx, bounds: &Bx) -> bool {
        !b.within(bounds)
            || self.segments.iter().any(|&(p, q)| b.grown(2.0).crosses(p, q))
            || self.points.iter().chain(&self.bars).any(|p| b.grown(1.0).intersects(p))
            || self.labels.iter().chain(&self.texts).any(|(_, t)| b.grown(2.0).intersects(t))
    }

    /// The first candidate that covers nothing.
    fn place(&self, candidates: impl IntoIterator<Item = Bx>, bounds: &Bx) -> Option<Bx> {
        candidates.into_iter().find(|b| !self.collides(b, bounds))
    }
}

/// The box of a text drawn at `(x, y)` with these anchors, as plotters writes it (`dy` of
/// 0.76 em at the top, 0.5 ex at the centre, −0.5 ex at the bottom): from the height of a
/// capital to the depth of a descender.
fn text_box(content: &str, (x, y): (f64, f64), size: f64, h: HPos, v: VPos) -> anyhow::Result<Bx> {
    let w = text_width(content, size)?;
    let baseline = y + match v {
        VPos::Top => 0.76 * size,
        VPos::Center => 0.27 * size,
        VPos::Bottom => -0.27 * size,
    };
    let x0 = match h {
        HPos::Left => x,
        HPos::Center => x - w / 2.0,
        HPos::Right => x - w,
    };
    Ok(Bx { x0, y0: baseline - 0.76 * size, x1: x0 + w, y1: baseline + 0.26 * size })
}

/// Candidate boxes of `w` × `h` around a point, nearest first: above and below (right of,
/// centred on and left of the point), then beside it, at growing distances.
fn around(x: f64, y: f64, w: f64, h: f64) -> Vec<Bx> {
    let mut out = Vec::new();
    for d in [8.0, 12.0, 17.0, 23.0, 30.0, 39.0, 50.0, 63.0] {
        let above = y - d - h;
        let below = y + d;
        for top in [above, below] {
            for x0 in [x + 2.0, x - w / 2.0, x - w - 2.0] {
                out.push(Bx { x0, y0: top, x1: x0 + w, y1: top + h });
            }
        }
        for x0 in [x + d, x - d - w] {
            out.push(Bx { x0, y0: y - h / 2.0, x1: x0 + w, y1: y + h / 2.0 });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Charts

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
    if unit.is_empty() { number } else { format!("{number}{}{unit}", super::lang::NBSP) }
}

/// A monthly line chart of a KPI: solid and dashed series, marked points, x labels at
/// every January and July (January only for long spans), y axis over at least `y_range`
/// (widened to nice ticks and to fit the data). A `y_unit` of `"%"` is written after every
/// tick (`72 %`); another unit is written once above the axis. The legend sits below the
/// plot. `title` becomes the SVG's `<title>`. Marker labels are placed where they cover no
/// line, point, other label or text.
#[allow(clippy::too_many_arguments)]
pub fn line_chart(
    medium: Medium,
    lang: Lang,
    title: &str,
    x_labels: &dyn Fn(i32) -> String,
    series: &[LineSeries],
    markers: &[Marker],
    y_range: (f64, f64),
    y_unit: &str,
    lay: &mut Layout,
) -> anyhow::Result<String> {
    register_fonts()?;
    let (width, height) = (medium.width(), medium.line_height());
    lay.width = width;
    lay.height = height;
    let xs: Vec<i32> =
        series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).chain(markers.iter().map(|m| m.x)).collect();
    let ys: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().filter_map(|p| p.1))
        .chain(markers.iter().map(|m| m.y))
        .filter(|y| y.is_finite())
        .collect();
    let (x_min, x_max) = match (xs.iter().min(), xs.iter().max()) {
        (Some(&a), Some(&b)) => (a, b.max(a + 1)),
        _ => (0, 12),
    };
    // Room above the data for labels: the axis reaches a little higher than the data.
    let ticks = nice_ticks(y_range, &ys, false);
    let (unit_in_ticks, caption) = split_unit(y_unit);
    let tick_labels: Vec<String> =
        ticks.values.iter().map(|&v| format_value(lang, v, ticks.decimals, unit_in_ticks)).collect();

    let legend: Vec<LegendItem> = series
        .iter()
        .filter(|s| !s.label.is_empty())
        .map(|s| LegendItem {
            label: s.label.clone(),
            color: s.color,
            kind: if s.dashed { LegendKind::DashedLine } else { LegendKind::Line },
        })
        .collect();
    let legend_rows = layout_legend(&legend, width - 24.0, width)?;

    let top = if caption.is_empty() { 12.0 } else { 30.0 };
    let label_width = tick_labels
        .iter()
        .map(|t| text_width(t, LABEL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let left = (label_width + 14.0).ceil();
    let right = width - 28.0;
    let legend_height = legend_rows.len() as f64 * 20.0;
    let bottom = height - 28.0 - legend_height - 4.0;
    let plot = Rect { left, right, top, bottom };
    let x_of =
        |x: i32| plot.left + INSET + (f64::from(x - x_min) / f64::from(x_max - x_min)) * (plot.width() - 2.0 * INSET);
    let y_of = |y: f64| ticks.map(y, &plot);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        if !caption.is_empty() {
            text(&root, lay, caption, (4.0, 8.0), LABEL_PX, GREY, HPos::Left, VPos::Top)?;
        }
        draw_y_axis(&root, lay, &plot, &ticks, &tick_labels)?;

        // x axis: labels at January and July (January only when that gets crowded).
        let mut label_months: Vec<i32> =
            (x_min..=x_max).filter(|m| m.rem_euclid(12) == 0 || m.rem_euclid(12) == 6).collect();
        let most = if medium == Medium::Web { 5 } else { 9 };
        if label_months.len() > most {
            label_months.retain(|m| m.rem_euclid(12) == 0);
        }
        for &m in &label_months {
            let x = px(x_of(m));
            root.draw(&PathElement::new(vec![(x, px(plot.bottom)), (x, px(plot.bottom) + 4)], stroke(AXIS, 1)))
                .map_err(draw_err)?;
            text(&root, lay, &x_labels(m), (x_of(m), plot.bottom + 9.0), LABEL_PX, INK, HPos::Center, VPos::Top)?;
        }

        // Series: solid ones first, so dashed trajectories stay visible on top.
        let mut ordered: Vec<&LineSeries> = series.iter().collect();
        ordered.sort_by_key(|s| s.dashed);
        for s in ordered {
            for segment in segments(&s.points) {
                let pts: Vec<(f64, f64)> = segment.iter().map(|&(x, y)| (x_of(x), y_of(y))).collect();
                let drawn: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
                if pts.len() == 1 {
                    let (x, y) = (f64::from(drawn[0].0), f64::from(drawn[0].1));
                    lay.points.push(Bx { x0: x - 3.0, y0: y - 3.0, x1: x + 3.0, y1: y + 3.0 });
                    root.draw(&Circle::new(drawn[0], 3, s.color.filled())).map_err(draw_err)?;
                    continue;
                }
                for w in drawn.windows(2) {
                    lay.segments.push(((f64::from(w[0].0), f64::from(w[0].1)), (f64::from(w[1].0), f64::from(w[1].1))));
                }
                if s.dashed {
                    for dash in dashes(&pts, 7.0, 4.0) {
                        root.draw(&PathElement::new(dash, stroke(s.color, 2))).map_err(draw_err)?;
                    }
                } else {
                    root.draw(&PathElement::new(drawn, stroke(s.color, 2))).map_err(draw_err)?;
                }
            }
        }

        let centres: Vec<(i32, i32)> = markers.iter().map(|m| (px(x_of(m.x)), px(y_of(m.y)))).collect();
        for (marker, &(x, y)) in markers.iter().zip(&centres) {
            // A white ring parts the point from the line it sits on.
            root.draw(&Circle::new((x, y), 6, WHITE.filled())).map_err(draw_err)?;
            if marker.open {
                root.draw(&Circle::new((x, y), 4, stroke(marker.color, 2))).map_err(draw_err)?;
            } else {
                root.draw(&Circle::new((x, y), 4, marker.color.filled())).map_err(draw_err)?;
            }
            let (x, y) = (f64::from(x), f64::from(y));
            lay.points.push(Bx { x0: x - 6.0, y0: y - 6.0, x1: x + 6.0, y1: y + 6.0 });
        }

        if ys.is_empty() {
            text(
                &root,
                lay,
                lang.t("Ingen data", "No data"),
                ((plot.left + plot.right) / 2.0, (plot.top + plot.bottom) / 2.0),
                LEGEND_PX,
                GREY,
                HPos::Center,
                VPos::Center,
            )?;
        }
        draw_legend(&root, lay, &legend_rows, height - legend_height - 4.0)?;

        // Labels last, where they cover nothing drawn: inside the plot, right of the axis.
        let bounds = Bx { x0: plot.left + 2.0, y0: 2.0, x1: width - 2.0, y1: plot.bottom - 2.0 };
        for (marker, &(x, y)) in markers.iter().zip(&centres) {
            if marker.label.is_empty() {
                continue;
            }
            let probe = text_box(&marker.label, (0.0, 0.0), SMALL_PX, HPos::Left, VPos::Top)?;
            let (w, h) = (probe.x1 - probe.x0, probe.y1 - probe.y0);
            match lay.place(around(f64::from(x), f64::from(y), w, h), &bounds) {
                Some(b) => label(&root, lay, &marker.label, b, SMALL_PX, INK)?,
                None => lay.left_out.push(marker.label.clone()),
            }
        }
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

/// Vertical bars, one group per period within each category: e.g. the share of a target
/// group per age band for two quarters. `None` is a suppressed value: no bar, a small "–".
/// Every value is labelled above its bar, where the label covers no bar and no other label
/// (a label that would is raised; one that finds no place is left out). `y_unit` as in
/// [`line_chart`]; with `"%"` the values are percentages (72.0 = 72 %), not fractions.
pub fn grouped_bars(
    medium: Medium,
    lang: Lang,
    title: &str,
    categories: &[String],
    groups: &[BarGroup],
    y_unit: &str,
    lay: &mut Layout,
) -> anyhow::Result<String> {
    register_fonts()?;
    let (width, height) = (medium.width(), medium.line_height());
    lay.width = width;
    lay.height = height;
    let values: Vec<f64> =
        groups.iter().flat_map(|g| g.values.iter().flatten().copied()).filter(|v| v.is_finite()).collect();
    // Head room over the tallest bar for its label.
    let ticks = nice_ticks((0.0, 0.0), &values.iter().map(|v| v * 1.08).collect::<Vec<_>>(), true);
    let (unit_in_ticks, caption) = split_unit(y_unit);
    let tick_labels: Vec<String> =
        ticks.values.iter().map(|&v| format_value(lang, v, ticks.decimals, unit_in_ticks)).collect();
    let value_decimals = value_decimals(&values);

    let legend: Vec<LegendItem> =
        groups.iter().map(|g| LegendItem { label: g.label.clone(), color: g.color, kind: LegendKind::Box }).collect();
    let legend_rows = layout_legend(&legend, width - 24.0, width)?;
    let legend_height = legend_rows.len() as f64 * 20.0;

    let label_width = tick_labels
        .iter()
        .map(|t| text_width(t, LABEL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let left = (label_width + 14.0).ceil();
    let right = width - 8.0;
    let n = categories.len().max(1) as f64;
    let slot = (right - left) / n;
    // Category labels wrap onto up to three lines, in a smaller size if that avoids "…".
    let mut category_px = LABEL_PX;
    let mut wrapped: Vec<Vec<String>> = Vec::new();
    for size in [LABEL_PX, 11.0, 10.0] {
        category_px = size;
        wrapped = categories.iter().map(|c| wrap(c, slot - 4.0, size, 3)).collect::<anyhow::Result<_>>()?;
        if !wrapped.iter().flatten().any(|l| l.ends_with('…')) {
            break;
        }
    }
    let line_height = category_px * 1.25;
    let label_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let top = if caption.is_empty() { 16.0 } else { 32.0 };
    let bottom = height - 10.0 - label_lines * line_height - legend_height - 8.0;
    let plot = Rect { left, right, top, bottom };

    let n_groups = groups.len().max(1) as f64;
    let gap = 4.0;
    let bar = ((slot * 0.86 - gap * (n_groups - 1.0)) / n_groups).min(48.0);
    let group_width = bar * n_groups + gap * (n_groups - 1.0);
    let bar_x =
        |gi: usize, ci: usize| plot.left + slot * ci as f64 + (slot - group_width) / 2.0 + gi as f64 * (bar + gap);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        if !caption.is_empty() {
            text(&root, lay, caption, (4.0, 8.0), LABEL_PX, GREY, HPos::Left, VPos::Top)?;
        }
        draw_y_axis(&root, lay, &plot, &ticks, &tick_labels)?;

        let zero = ticks.map(0.0, &plot);
        for (gi, g) in groups.iter().enumerate() {
            for (ci, value) in g.values.iter().enumerate().take(categories.len()) {
                if let Some(v) = value.filter(|v| v.is_finite()) {
                    let x0 = bar_x(gi, ci);
                    let y = ticks.map(v, &plot);
                    bar_rect(&root, lay, (x0, y.min(zero)), (x0 + bar, y.max(zero)), g.color)?;
                }
            }
        }
        // The baseline over the bars' feet.
        root.draw(&PathElement::new(vec![(px(plot.left), px(zero)), (px(plot.right), px(zero))], stroke(AXIS, 1)))
            .map_err(draw_err)?;

        for (ci, lines) in wrapped.iter().enumerate() {
            let center = plot.left + slot * (ci as f64 + 0.5);
            for (li, line) in lines.iter().enumerate() {
                text(
                    &root,
                    lay,
                    line,
                    (center, plot.bottom + 9.0 + li as f64 * line_height),
                    category_px,
                    INK,
                    HPos::Center,
                    VPos::Top,
                )?;
            }
        }
        draw_legend(&root, lay, &legend_rows, height - legend_height - 4.0)?;

        // Value labels over their bars, raised a line at a time past a neighbour's label.
        let bounds = Bx { x0: plot.left - 4.0, y0: 2.0, x1: width - 2.0, y1: zero };
        for (gi, g) in groups.iter().enumerate() {
            for (ci, value) in g.values.iter().enumerate().take(categories.len()) {
                let center = bar_x(gi, ci) + bar / 2.0;
                let (content, color, foot) = match value.filter(|v| v.is_finite()) {
                    Some(v) => {
                        (format_value(lang, v, value_decimals, unit_in_ticks), INK, ticks.map(v, &plot).min(zero))
                    }
                    None => ("\u{2013}".to_string(), GREY, zero),
                };
                let probe = text_box(&content, (0.0, 0.0), SMALL_PX, HPos::Left, VPos::Top)?;
                let (w, h) = (probe.x1 - probe.x0, probe.y1 - probe.y0);
                let candidates = (0..8).map(|k| {
                    let y1 = foot - 3.0 - k as f64 * (h + 2.0);
                    Bx { x0: center - w / 2.0, y0: y1 - h, x1: center + w / 2.0, y1 }
                });
                match lay.place(candidates, &bounds) {
                    Some(b) => label(&root, lay, &content, b, SMALL_PX, color)?,
                    None => lay.left_out.push(content),
                }
            }
        }
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

/// Horizontal bars: one row per category (e.g. full-time persons by status), one bar per
/// group in each row (a legend names the groups when they have labels), each labelled with
/// its value at its end. `None` is a suppressed value: no bar, a "–". A `unit` of `"%"`
/// follows every value; another unit is written once above the bars. Category names wrap
/// onto up to three lines; the chart grows with its rows.
pub fn horizontal_bars(
    medium: Medium,
    lang: Lang,
    title: &str,
    categories: &[String],
    groups: &[BarGroup],
    unit: &str,
    lay: &mut Layout,
) -> anyhow::Result<String> {
    register_fonts()?;
    let width = medium.width();
    let finite: Vec<f64> =
        groups.iter().flat_map(|g| g.values.iter().flatten().copied()).filter(|v| v.is_finite()).collect();
    let (unit_in_values, caption) = split_unit(unit);
    let decimals = value_decimals(&finite);
    let max = finite.iter().copied().fold(0.0, f64::max);
    let min = finite.iter().copied().fold(0.0, f64::min);

    let legend: Vec<LegendItem> = groups
        .iter()
        .filter(|g| !g.label.is_empty())
        .map(|g| LegendItem { label: g.label.clone(), color: g.color, kind: LegendKind::Box })
        .collect();
    let legend_rows = layout_legend(&legend, width - 24.0, width)?;
    let legend_height = legend_rows.len() as f64 * 20.0;

    let widest = categories
        .iter()
        .map(|c| text_width(c, LABEL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let label_width = widest.min(width * 0.38);
    let wrapped: Vec<Vec<String>> =
        categories.iter().map(|c| wrap(c, label_width, LABEL_PX, 3)).collect::<anyhow::Result<_>>()?;
    let value_width = finite
        .iter()
        .map(|&v| text_width(&format_value(lang, v, decimals, unit_in_values), SMALL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(text_width("\u{2013}", SMALL_PX)?, f64::max);
    let n_groups = groups.len().max(1) as f64;
    let thickness = if groups.len() > 1 { 14.0 } else { 18.0 };
    let bar_gap = 2.0;
    let line_height = LABEL_PX * 1.25;
    let rows: Vec<f64> = wrapped
        .iter()
        .map(|lines| (lines.len() as f64 * line_height).max(n_groups * thickness + (n_groups - 1.0) * bar_gap) + 10.0)
        .collect();
    let top = (if caption.is_empty() { 8.0 } else { 30.0 }) + legend_height;
    let left = 6.0 + label_width + 10.0;
    let right = width - 8.0 - value_width - 8.0;
    let bottom = top + rows.iter().sum::<f64>();
    let height = (bottom + 8.0).ceil();
    lay.width = width;
    lay.height = height;
    let span = (max - min).max(f64::EPSILON);
    let x_of = |v: f64| left + (v - min) / span * (right - left);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        if !caption.is_empty() {
            text(&root, lay, caption, (4.0, 8.0), LABEL_PX, GREY, HPos::Left, VPos::Top)?;
        }
        draw_legend(&root, lay, &legend_rows, top - legend_height)?;
        let mut row_top = top;
        let mut value_labels = Vec::new();
        for (i, lines) in wrapped.iter().enumerate() {
            let center = row_top + rows[i] / 2.0;
            let first = center - (lines.len() as f64 - 1.0) * line_height / 2.0;
            for (li, line) in lines.iter().enumerate() {
                text(
                    &root,
                    lay,
                    line,
                    (left - 10.0, first + li as f64 * line_height),
                    LABEL_PX,
                    INK,
                    HPos::Right,
                    VPos::Center,
                )?;
            }
            let bars_top = center - (n_groups * thickness + (n_groups - 1.0) * bar_gap) / 2.0;
            for (gi, g) in groups.iter().enumerate() {
                let y0 = bars_top + gi as f64 * (thickness + bar_gap);
                let mid = y0 + thickness / 2.0;
                match g.values.get(i).copied().flatten().filter(|v| v.is_finite()) {
                    Some(v) => {
                        let (x0, x1) = (x_of(0.0), x_of(v));
                        bar_rect(&root, lay, (x0.min(x1), y0), (x0.max(x1), y0 + thickness), g.color)?;
                        value_labels.push((format_value(lang, v, decimals, unit_in_values), x0.max(x1), mid, INK));
                    }
                    None => value_labels.push(("\u{2013}".to_string(), x_of(0.0), mid, GREY)),
                }
            }
            row_top += rows[i];
        }
        root.draw(&PathElement::new(vec![(px(x_of(0.0)), px(top)), (px(x_of(0.0)), px(bottom))], stroke(AXIS, 1)))
            .map_err(draw_err)?;
        let bounds = Bx { x0: left, y0: 0.0, x1: width - 1.0, y1: height };
        for (content, end, mid, color) in value_labels {
            let probe = text_box(&content, (0.0, 0.0), SMALL_PX, HPos::Left, VPos::Top)?;
            let (w, h) = (probe.x1 - probe.x0, probe.y1 - probe.y0);
            let candidates =
                [5.0, 9.0, 14.0].map(|d| Bx { x0: end + d, y0: mid - h / 2.0, x1: end + d + w, y1: mid + h / 2.0 });
            match lay.place(candidates, &bounds) {
                Some(b) => label(&root, lay, &content, b, SMALL_PX, color)?,
                None => lay.left_out.push(content),
            }
        }
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

// ---------------------------------------------------------------------------------------
// Helpers

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

fn register_fonts() -> anyhow::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        let family = typeset::font_family();
        register_font(family, FontStyle::Normal, typeset::font_bytes()).is_ok()
            && register_font(family, FontStyle::Bold, typeset::font_bytes_bold()).is_ok()
    });
    if ok { Ok(()) } else { Err(anyhow!("the shipped font could not be registered with plotters")) }
}

fn draw_err<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow!("drawing a chart failed: {e}")
}

fn font(size_px: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(typeset::font_family()), size_px * PLOTTERS_SIZE_PER_PX, FontStyle::Normal)
}

fn text_width(text: &str, size_px: f64) -> anyhow::Result<f64> {
    let (w, _) = font(size_px).box_size(text).map_err(|e| anyhow!("measuring chart text failed: {e}"))?;
    Ok(f64::from(w) * WIDTH_CORRECTION)
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

/// Draws a bar from its top left to its bottom right corner (at whole px) and records its box,
/// which no label may cover.
fn bar_rect(root: &Area<'_>, lay: &mut Layout, a: (f64, f64), b: (f64, f64), color: Color) -> anyhow::Result<()> {
    let (a, b) = ((px(a.0), px(a.1)), (px(b.0), px(b.1)));
    root.draw(&Rectangle::new([a, b], color.filled())).map_err(draw_err)?;
    lay.bars.push(Bx { x0: f64::from(a.0), y0: f64::from(a.1), x1: f64::from(b.0), y1: f64::from(b.1) });
    Ok(())
}

fn stroke(color: Color, width: u32) -> ShapeStyle {
    ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: width }
}

/// Draws a text (axis, category, legend) and records its box.
#[allow(clippy::too_many_arguments)]
fn text(
    root: &Area<'_>,
    lay: &mut Layout,
    content: &str,
    (x, y): (f64, f64),
    size_px: f64,
    color: Color,
    h: HPos,
    v: VPos,
) -> anyhow::Result<()> {
    let (x, y) = (px(x), px(y));
    lay.texts.push((content.to_owned(), text_box(content, (f64::from(x), f64::from(y)), size_px, h, v)?));
    let style = font(size_px).color(&color).pos(Pos::new(h, v));
    root.draw(&Text::new(content.to_owned(), (x, y), style)).map_err(draw_err)
}

/// Draws a value label in the box placement chose for it and records it.
fn label(root: &Area<'_>, lay: &mut Layout, content: &str, b: Bx, size_px: f64, color: Color) -> anyhow::Result<()> {
    // A top-anchored text's box starts at its y; plotters draws at whole px, so the box is
    // recorded where the text is drawn.
    let (x, y) = (px(b.x0), px(b.y0));
    let drawn = text_box(content, (f64::from(x), f64::from(y)), size_px, HPos::Left, VPos::Top)?;
    lay.labels.push((content.to_owned(), drawn));
    let style = font(size_px).color(&color).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(content.to_owned(), (x, y), style)).map_err(draw_err)
}

/// Inserts an SVG `<title>` (the chart's accessible name) after the opening tag.
fn with_title(svg: String, title: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    format!("{}\n<title>{}</title>{}", &svg[..=end], xml_escape(title), &svg[end + 1..])
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Rect {
    fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// Splits a unit into the part written after each number (`%`) and a caption.
fn split_unit(unit: &str) -> (&str, &str) {
    if unit == "%" { ("%", "") } else { ("", unit) }
}

#[derive(Debug, Clone)]
struct Ticks {
    values: Vec<f64>,
    decimals: usize,
}

impl Ticks {
    fn lo(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }
    fn hi(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
    fn map(&self, v: f64, plot: &Rect) -> f64 {
        let (lo, hi) = (self.lo(), self.hi());
        plot.bottom - (v - lo) / (hi - lo).max(f64::EPSILON) * (plot.bottom - plot.top)
    }
}

/// Nice ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ, about five intervals) covering `range` and
/// `data`; with `from_zero` the axis includes 0.
fn nice_ticks(range: (f64, f64), data: &[f64], from_zero: bool) -> Ticks {
    let mut lo = range.0.min(range.1);
    let mut hi = range.0.max(range.1);
    for &v in data {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if from_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !lo.is_finite() || !hi.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    if hi - lo < 1e-9 {
        hi = lo + if lo.abs() > 1.0 { lo.abs() * 0.1 } else { 1.0 };
    }
    let raw = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    let values = (first..=last).map(|i| i as f64 * step).collect();
    let decimals = if step >= 1.0 {
        0
    } else {
        let mut d = 0;
        while d < 6 && ((step * 10f64.powi(d)).round() - step * 10f64.powi(d)).abs() > 1e-6 {
            d += 1;
        }
        d as usize
    };
    Ticks { values, decimals }
}

/// Decimals for value labels, the same for all values of a chart: none when all are whole
/// or any is 100 or more, else one.
fn value_decimals(values: &[f64]) -> usize {
    let large = values.iter().any(|v| v.abs() >= 100.0);
    let whole = values.iter().all(|v| (v - v.round()).abs() < 1e-9);
    if large || whole { 0 } else { 1 }
}

fn draw_y_axis(root: &Area<'_>, lay: &mut Layout, plot: &Rect, ticks: &Ticks, labels: &[String]) -> anyhow::Result<()> {
    for (value, label) in ticks.values.iter().zip(labels) {
        let y = ticks.map(*value, plot);
        let color = if value.abs() < 1e-12 { AXIS } else { GRID };
        root.draw(&PathElement::new(vec![(px(plot.left), px(y)), (px(plot.right), px(y))], stroke(color, 1)))
            .map_err(draw_err)?;
        text(root, lay, label, (plot.left - 8.0, y), LABEL_PX, INK, HPos::Right, VPos::Center)?;
    }
    root.draw(&PathElement::new(
        vec![(px(plot.left), px(plot.bottom)), (px(plot.right), px(plot.bottom))],
        stroke(AXIS, 1),
    ))
    .map_err(draw_err)
}

/// Runs of consecutive present values.
fn segments(points: &[(i32, Option<f64>)]) -> Vec<Vec<(i32, f64)>> {
    let mut out: Vec<Vec<(i32, f64)>> = Vec::new();
    let mut current = Vec::new();
    for &(x, y) in points {
        match y.filter(|y| y.is_finite()) {
            Some(y) => current.push((x, y)),
            None => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Cuts a polyline into dashes of `on` px separated by `off` px, the pattern running on
/// across vertices.
fn dashes(points: &[(f64, f64)], on: f64, off: f64) -> Vec<Vec<(i32, i32)>> {
    let mut out = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let mut drawing = true;
    let mut left = on;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0;
        if drawing && current.is_empty() {
            current.push(a);
        }
        while length - t > left {
            t += left;
            let p = (a.0 + (b.0 - a.0) * t / length, a.1 + (b.1 - a.1) * t / length);
            if drawing {
                current.push(p);
                out.push(std::mem::take(&mut current));
                left = off;
            } else {
                current.push(p);
                left = on;
            }
            drawing = !drawing;
        }
        left -= length - t;
        if drawing {
            current.push(b);
        }
    }
    if current.len() > 1 {
        out.push(current);
    }
    out.into_iter()
        .map(|d| d.into_iter().map(|(x, y)| (px(x), px(y))).collect::<Vec<_>>())
        .filter(|d| d.len() > 1 && d.first() != d.last())
        .collect()
}

/// Greedy word wrap into at most `max_lines` lines of at most `width` px; an overlong last
/// line is shortened with "…".
fn wrap(text: &str, width: f64, size_px: f64, max_lines: usize) -> anyhow::Result<Vec<String>> {
    // Break between words, and inside a word after a hyphen ("ikke-|arbejdsmarkedsparat"); never
    // at a no-break space ("75,4 %", "4. kvt."), which `split_whitespace` would break at.
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    let breaks = |c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}';
    for word in text.split(breaks).filter(|w| !w.is_empty()) {
        let mut separator = " ";
        for piece in word.split_inclusive('-') {
            pieces.push((separator, piece));
            separator = "";
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // Pieces are appended in place and only a line that may still break is measured, so the
    // time grows with the text's length, not with its square (the last line takes the rest).
    for (separator, piece) in pieces {
        let last_line = lines.len() + 1 >= max_lines;
        if line.is_empty() {
            line.push_str(piece);
        } else if last_line || text_width(&format!("{line}{separator}{piece}"), size_px)? <= width {
            line.push_str(separator);
            line.push_str(piece);
        } else {
            lines.push(std::mem::replace(&mut line, piece.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| ellipsize(&l, width, size_px)).collect()
}

/// Shortens `text` with "…" until it fits `width` px: its longest beginning that fits with
/// "…" after it.
fn ellipsize(text: &str, width: f64, size_px: f64) -> anyhow::Result<String> {
    if text_width(text, size_px)? <= width {
        return Ok(text.to_owned());
    }
    // A beginning's width grows with its length, so the longest that fits is searched for:
    // doubling from a short one, then halving the gap. Only beginnings up to twice the one that
    // fits are measured, so a long text costs what counting its characters does (taking one
    // character off at a time measured the whole text once per character: its length squared).
    let n = text.chars().count();
    let candidate =
        |k: usize| format!("{}…", text[..text.char_indices().nth(k).map_or(text.len(), |(i, _)| i)].trim_end());
    let fits = |k: usize| -> anyhow::Result<bool> { Ok(text_width(&candidate(k), size_px)? <= width) };
    if n == 0 || !fits(0)? {
        return Ok("…".to_owned());
    }
    let (mut lo, mut hi) = (0, 16.min(n - 1));
    while fits(hi)? {
        if hi == n - 1 {
            return Ok(candidate(hi));
        }
        (lo, hi) = (hi, (hi * 2).min(n - 1));
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid)? {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(candidate(lo))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum LegendKind {
    Line,
    DashedLine,
    Box,
}

#[derive(Debug, Clone)]
struct LegendItem {
    label: String,
    color: Color,
    kind: LegendKind,
}

const LEGEND_SWATCH: f64 = 24.0;
const LEGEND_GAP: f64 = 20.0;

/// Lays legend items out in rows of at most `width` px, centred in a chart `chart_width` wide:
/// each item with its x offset.
fn layout_legend(items: &[LegendItem], width: f64, chart_width: f64) -> anyhow::Result<Vec<Vec<(f64, LegendItem)>>> {
    let mut rows: Vec<Vec<(f64, LegendItem)>> = Vec::new();
    let mut row: Vec<(f64, LegendItem)> = Vec::new();
    let mut x = 0.0;
    for item in items {
        let label = ellipsize(&item.label, width - LEGEND_SWATCH - 6.0, LEGEND_PX)?;
        let w = LEGEND_SWATCH + 6.0 + text_width(&label, LEGEND_PX)?;
        if !row.is_empty() && x + w > width {
            rows.push(std::mem::take(&mut row));
            x = 0.0;
        }
        row.push((x, LegendItem { label, ..item.clone() }));
        x += w + LEGEND_GAP;
    }
    if !row.is_empty() {
        rows.push(row);
    }
    // Centre every row.
    for row in &mut rows {
        let Some((last_x, last)) = row.last() else {
            continue;
        };
        let used = last_x + LEGEND_SWATCH + 6.0 + text_width(&last.label, LEGEND_PX)?;
        let shift = (chart_width - used) / 2.0;
        for (x, _) in row.iter_mut() {
            *x += shift;
        }
    }
    Ok(rows)
}

fn draw_legend(root: &Area<'_>, lay: &mut Layout, rows: &[Vec<(f64, LegendItem)>], top: f64) -> anyhow::Result<()> {
    for (ri, row) in rows.iter().enumerate() {
        let y = top + 10.0 + ri as f64 * 20.0;
        for (x, item) in row {
            lay.texts.push((String::new(), Bx { x0: *x, y0: y - 6.0, x1: x + LEGEND_SWATCH, y1: y + 6.0 }));
            match item.kind {
                LegendKind::Line => root
                    .draw(&PathElement::new(
                        vec![(px(*x), px(y)), (px(x + LEGEND_SWATCH), px(y))],
                        stroke(item.color, 2),
                    ))
                    .map_err(draw_err)?,
                LegendKind::DashedLine => {
                    for dash in dashes(&[(*x, y), (x + LEGEND_SWATCH, y)], 7.0, 4.0) {
                        root.draw(&PathElement::new(dash, stroke(item.color, 2))).map_err(draw_err)?;
                    }
                }
                LegendKind::Box => root
                    .draw(&Rectangle::new(
                        [(px(x + 6.0), px(y - 6.0)), (px(x + 18.0), px(y + 6.0))],
                        item.color.filled(),
                    ))
                    .map_err(draw_err)?,
            }
            text(root, lay, &item.label, (x + LEGEND_SWATCH + 6.0, y), LEGEND_PX, INK, HPos::Left, VPos::Center)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi_series() -> (Vec<LineSeries>, Vec<Marker>) {
        let base = month_index(2014, 1);
        let actual: Vec<(i32, Option<f64>)> =
            (0..22).map(|i| (base + i, if i == 7 { None } else { Some(70.0 + f64::from(i % 5) * 0.8) })).collect();
        let trajectory = vec![(base + 19, Some(72.0)), (base + 31, Some(68.5))];
        (
            vec![
                LineSeries {
                    label: "Faktisk andel (Århus-målgruppen)".into(),
                    color: BLUE,
                    points: actual,
                    dashed: false,
                },
                LineSeries {
                    label: "Forventet forløb mod målet".into(),
                    color: ORANGE,
                    points: trajectory,
                    dashed: true,
                },
            ],
            vec![
                Marker { x: base + 31, y: 68.5, label: "Mål aug 2016: 68,5 %".into(), color: INK, open: false },
                Marker { x: base + 7 + 12, y: 72.4, label: "72,4 % (foreløbig)".into(), color: BLUE, open: true },
                Marker { x: base + 3, y: 72.4, label: "72,4 %".into(), color: BLUE, open: false },
            ],
        )
    }

    fn kpi_chart_with(medium: Medium, lay: &mut Layout) -> String {
        let (series, markers) = kpi_series();
        line_chart(
            medium,
            Lang::Da,
            "Andel på offentlig forsørgelse, jan 2014 – aug 2016",
            &month_label,
            &series,
            &markers,
            (60.0, 80.0),
            "%",
            lay,
        )
        .expect("chart")
    }

    fn kpi_chart() -> String {
        kpi_chart_with(Medium::Print, &mut Layout::default())
    }

    fn groups() -> Vec<BarGroup> {
        vec![
            BarGroup {
                label: "3. kvt. 2014".into(),
                color: SKY_BLUE,
                values: vec![Some(83.7), Some(30.0), None, Some(4.0)],
            },
            BarGroup {
                label: "3. kvt. 2015".into(),
                color: BLUE,
                values: vec![Some(85.2), Some(28.5), Some(20.0), Some(3.5)],
            },
        ]
    }

    fn categories() -> Vec<String> {
        ["Sygedagpenge", "Kontanthjælp, ikke-arbejdsmarkedsparat", "Førtidspension", "Ledighedsydelse"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    /// No value label covers a line segment, a point, a bar, another label or another text.
    fn assert_clear(lay: &Layout) {
        for (i, (text, b)) in lay.labels.iter().enumerate() {
            for &(p, q) in &lay.segments {
                assert!(!b.crosses(p, q), "{text:?} {b:?} covers the segment {p:?}–{q:?}");
            }
            for p in lay.points.iter().chain(&lay.bars) {
                assert!(!b.intersects(p), "{text:?} {b:?} covers {p:?}");
            }
            for (other, o) in lay.labels.iter().skip(i + 1).chain(&lay.texts) {
                assert!(!b.intersects(o), "{text:?} {b:?} runs into {other:?} {o:?}");
            }
            assert!(b.x0 >= 0.0 && b.x1 <= lay.width && b.y0 >= 0.0 && b.y1 <= lay.height, "{text:?} {b:?}");
        }
    }

    #[test]
    fn number_formatting_is_danish() {
        assert_eq!(format_value(Lang::Da, 72.0, 0, "%"), "72\u{a0}%");
        assert_eq!(month_label(month_index(2014, 1)), "jan 2014");
        assert_eq!(month_label(month_index(2015, 7)), "jul 2015");
    }

    #[test]
    fn ticks_are_nice() {
        let t = nice_ticks((60.0, 80.0), &[], false);
        assert_eq!(t.values, vec![60.0, 65.0, 70.0, 75.0, 80.0]);
        let t = nice_ticks((0.0, 0.0), &[0.0, 37.0], true);
        assert_eq!(t.values, vec![0.0, 10.0, 20.0, 30.0, 40.0]);
        let t = nice_ticks((0.0, 1.0), &[], false);
        assert_eq!(t.decimals, 1);
    }

    #[test]
    fn line_chart_is_stable_and_uses_the_font() {
        let svg = kpi_chart();
        if std::env::var_os("EFFEKTMAAL_KEEP_TEST_PDF").is_some() {
            std::fs::write("/tmp/kpi-test.svg", &svg).expect("write");
        }
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("font-family=\"Noto Sans\""), "{svg}");
        assert!(svg.contains("Århus"));
        assert!(svg.contains("jan 2014"));
        assert!(svg.contains("\n70\u{a0}%\n"));
        assert!(svg.contains("<title>Andel på offentlig forsørgelse"));
        assert_eq!(svg, kpi_chart());
    }

    #[test]
    fn marker_labels_cover_no_line_point_or_text_and_have_no_halo() {
        for medium in [Medium::Print, Medium::Web] {
            let mut lay = Layout::default();
            let svg = kpi_chart_with(medium, &mut lay);
            assert_clear(&lay);
            if medium == Medium::Print {
                assert_eq!(lay.labels.len(), 3, "{:?} left out", lay.left_out);
            }
            // No white box behind a label to cut the lines it would cross.
            assert!(!svg.contains("<rect") || !svg.contains("fill=\"#FFFFFF\" opacity=\"0.85\""), "{svg}");
        }
    }

    #[test]
    fn boxes_and_segments_intersect_as_geometry_says() {
        let b = Bx { x0: 10.0, y0: 10.0, x1: 20.0, y1: 20.0 };
        assert!(b.crosses((0.0, 15.0), (30.0, 15.0)));
        assert!(b.crosses((12.0, 12.0), (13.0, 13.0)));
        assert!(!b.crosses((0.0, 0.0), (30.0, 5.0)));
        assert!(!b.crosses((0.0, 25.0), (25.0, 50.0)));
        assert!(b.crosses((0.0, 0.0), (30.0, 30.0)));
        assert!(!b.intersects(&Bx { x0: 20.0, y0: 0.0, x1: 30.0, y1: 30.0 }));
        assert!(b.intersects(&Bx { x0: 19.0, y0: 19.0, x1: 30.0, y1: 30.0 }));
    }

    #[test]
    fn bar_labels_carry_their_unit_and_never_run_together() {
        let mut lay = Layout::default();
        let svg = grouped_bars(Medium::Print, Lang::Da, "Andel", &categories(), &groups(), "%", &mut lay).unwrap();
        assert_clear(&lay);
        assert!(svg.contains("83,7\u{a0}%") && svg.contains("85,2\u{a0}%"), "{svg}");
        assert!(lay.labels.iter().filter(|(t, _)| t != "\u{2013}").all(|(t, _)| t.ends_with('%')), "{:?}", lay.labels);
        assert_eq!(lay.labels.len(), 8, "{:?}", lay.left_out);
        let mut lay = Layout::default();
        horizontal_bars(Medium::Web, Lang::Da, "Andel", &categories(), &groups(), "%", &mut lay).unwrap();
        assert_clear(&lay);
        assert_eq!(lay.labels.len(), 8, "{:?}", lay.left_out);
    }

    #[test]
    fn bar_charts_are_stable() {
        let grouped = || {
            grouped_bars(
                Medium::Print,
                Lang::Da,
                "Andel fordelt på ydelse",
                &categories(),
                &groups(),
                "%",
                &mut Layout::default(),
            )
            .expect("chart")
        };
        let svg = grouped();
        assert!(svg.contains("Noto Sans"));
        assert!(svg.contains("Førtidspension"));
        assert!(svg.contains("\u{2013}"));
        assert_eq!(svg, grouped());

        let horizontal = || {
            horizontal_bars(
                Medium::Print,
                Lang::Da,
                "Fuldtidspersoner fordelt på status",
                &categories(),
                &[BarGroup {
                    label: String::new(),
                    color: BLUISH_GREEN,
                    values: vec![Some(1234.4), Some(15_000.0), None, Some(87.5)],
                }],
                "Fuldtidspersoner",
                &mut Layout::default(),
            )
            .expect("chart")
        };
        let svg = horizontal();
        assert!(svg.contains("\n15.000\n"));
        assert!(svg.contains("\n1.234\n"));
        assert!(svg.contains("Fuldtidspersoner"));
        assert!(svg.contains("Førtidspension"));
        assert_eq!(svg, horizontal());
    }

    fn spec() -> Spec {
        Spec {
            file: "opdeling-alder.svg".into(),
            title: "Andel i uddannelse eller job efter alder".into(),
            caption: "Andel i uddannelse eller job efter alder, 3. kvt. 2014 og 3. kvt. 2015".into(),
            detail: "Mål 75,4 % i august 2016. Periode: 3. kvt. 2014 og 3. kvt. 2015.".into(),
            source: "Kilde: DREAM (STAR) og befolkningsudtræk (CPR); beregnet med effektmaal.".into(),
            lang: Lang::Da,
            kind: Kind::GroupedBars { categories: categories(), groups: groups(), y_unit: "%".into() },
        }
    }

    #[test]
    fn a_chart_file_stands_alone_with_its_number_caption_target_period_and_source() {
        let svg = standalone(&spec(), 3).unwrap();
        let text = svg_text(&svg);
        assert!(text.contains("Figur 3: Andel i uddannelse eller job efter alder"), "{text}");
        assert!(text.contains("Mål 75,4 % i august 2016"), "{text}");
        assert!(text.contains("Kilde: DREAM"), "{text}");
        assert!(text.contains("85,2\u{a0}%"), "{text}");
        assert!(svg.contains("font-family=\"Noto Sans, Arial, Helvetica, sans-serif\""), "{svg}");
        let (w, h) = svg_size(&svg).unwrap();
        assert_eq!(w, f64::from(WIDTH));
        assert!(h > f64::from(HEIGHT) + 40.0, "{h}");
    }

    #[test]
    fn web_charts_name_the_embedded_font_first_and_never_fall_to_a_serif() {
        let svg = draw_web(&spec()).unwrap();
        assert!(
            svg.contains(&format!(
                "font-family=\"{}, Noto Sans, Arial, Helvetica, sans-serif\"",
                super::super::webfont::FAMILY
            )),
            "{svg}"
        );
        assert_eq!(svg_size(&svg).unwrap().0, f64::from(WEB_WIDTH));
        let all = draw_all_web(&[spec()]).unwrap();
        assert!(all["opdeling-alder.svg"].contains("@font-face"));
    }

    #[test]
    fn charts_typeset_into_the_pdf() {
        let categories: Vec<String> = [
            "Sygedagpenge",
            "Kontanthjælp, ikke-arbejdsmarkedsparat",
            "Førtidspension",
            "Ledighedsydelse",
            "Selvforsørgende",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let images = std::collections::BTreeMap::from([
            ("kpi.svg".to_owned(), kpi_chart()),
            (
                "grupper.svg".to_owned(),
                grouped_bars(
                    Medium::Print,
                    Lang::Da,
                    "Andel fordelt på ydelse",
                    &categories,
                    &[
                        BarGroup {
                            label: "3. kvt. 2014".into(),
                            color: SKY_BLUE,
                            values: vec![Some(12.5), Some(30.0), None, Some(4.0), Some(41.2)],
                        },
                        BarGroup {
                            label: "3. kvt. 2015".into(),
                            color: BLUE,
                            values: vec![Some(11.0), Some(28.5), Some(20.0), Some(3.5), Some(44.9)],
                        },
                    ],
                    "%",
                    &mut Layout::default(),
                )
                .expect("chart"),
            ),
            (
                "status.svg".to_owned(),
                horizontal_bars(
                    Medium::Print,
                    Lang::Da,
                    "Fuldtidspersoner fordelt på status",
                    &categories,
                    &[BarGroup {
                        label: String::new(),
                        color: BLUISH_GREEN,
                        values: vec![Some(1234.4), Some(15_000.0), None, Some(87.5), Some(9_876.0)],
                    }],
                    "Fuldtidspersoner",
                    &mut Layout::default(),
                )
                .expect("chart"),
            ),
        ]);
        let template = r#"#set document(title: "Diagramprøve", date: datetime(year: 2015, month: 10, day: 15))
#set text(font: "Noto Sans", lang: "da", region: "dk", size: 10pt)
#set page(paper: "a4", margin: 2.5cm)
= Diagrammer
#figure(image("kpi.svg", width: 16cm, alt: "Linjediagram over andelen på offentlig forsørgelse"), caption: [Udvikling])
#figure(image("grupper.svg", width: 16cm, alt: "Søjlediagram over andel fordelt på ydelse"), caption: [Fordeling])
#figure(image("status.svg", width: 16cm, alt: "Vandrette søjler over fuldtidspersoner fordelt på status"), caption: [Status])
"#;
        let doc = typeset::Document {
            template,
            data_json: "{}",
            images: &images,
            date: chrono::NaiveDate::from_ymd_opt(2015, 10, 15).expect("date"),
            ident: "effektmaal-charts-test",
        };
        let pdf = typeset::render_pdf(&doc).expect("renders");
        assert!(pdf.starts_with(b"%PDF"));
        assert!(pdf == typeset::render_pdf(&doc).expect("renders again"));
        if std::env::var_os("EFFEKTMAAL_KEEP_TEST_PDF").is_some() {
            std::fs::write("/tmp/charts-test.pdf", &pdf).expect("write");
        }
    }

    #[test]
    fn dashes_cover_the_line() {
        let d = dashes(&[(0.0, 0.0), (22.0, 0.0)], 7.0, 4.0);
        assert_eq!(d, vec![vec![(0, 0), (7, 0)], vec![(11, 0), (18, 0)]]);
    }
}
