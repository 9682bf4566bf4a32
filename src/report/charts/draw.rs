//! The drawing steps every chart shares: texts and value labels recorded as they are drawn,
//! bars, the plot rectangle, nice ticks and the y axis, gaps in lines, the title.

use super::layout::{Bx, Layout, text_box};
use super::spec::format_value;
use super::style::{AXIS, Area, Color, GREY, GRID, INK, LABEL_PX, SMALL_PX, draw_err, font, px, stroke, text_width};
use crate::report::lang::Lang;
use plotters::prelude::*;
use plotters::style::Color as _;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(super) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Draws a bar from its top left to its bottom right corner (at whole px) and records its box,
/// which no label may cover.
pub(super) fn bar_rect(
    root: &Area<'_>,
    lay: &mut Layout,
    a: (f64, f64),
    b: (f64, f64),
    color: Color,
) -> anyhow::Result<()> {
    let (a, b) = ((px(a.0), px(a.1)), (px(b.0), px(b.1)));
    root.draw(&Rectangle::new([a, b], color.filled())).map_err(draw_err)?;
    lay.bars.push(Bx { x0: f64::from(a.0), y0: f64::from(a.1), x1: f64::from(b.0), y1: f64::from(b.1) });
    Ok(())
}

/// Draws a text (axis, category, legend) and records its box.
#[allow(clippy::too_many_arguments)]
pub(super) fn text(
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
pub(super) fn label(
    root: &Area<'_>,
    lay: &mut Layout,
    content: &str,
    b: Bx,
    size_px: f64,
    color: Color,
) -> anyhow::Result<()> {
    // A top-anchored text's box starts at its y; plotters draws at whole px, so the box is
    // recorded where the text is drawn.
    let (x, y) = (px(b.x0), px(b.y0));
    let drawn = text_box(content, (f64::from(x), f64::from(y)), size_px, HPos::Left, VPos::Top)?;
    lay.labels.push((content.to_owned(), drawn));
    let style = font(size_px).color(&color).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(content.to_owned(), (x, y), style)).map_err(draw_err)
}

/// Inserts an SVG `<title>` (the chart's accessible name) after the opening tag.
pub(super) fn with_title(svg: String, title: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    format!("{}\n<title>{}</title>{}", &svg[..=end], xml_escape(title), &svg[end + 1..])
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) top: f64,
    pub(super) bottom: f64,
}

impl Rect {
    pub(super) fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// Splits a unit into the part written after each number (`%`) and a caption.
pub(super) fn split_unit(unit: &str) -> (&str, &str) {
    if unit == "%" { ("%", "") } else { ("", unit) }
}

#[derive(Debug, Clone)]
pub(super) struct Ticks {
    pub(super) values: Vec<f64>,
    pub(super) decimals: usize,
}

impl Ticks {
    pub(super) fn lo(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }
    pub(super) fn hi(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
    pub(super) fn map(&self, v: f64, plot: &Rect) -> f64 {
        let (lo, hi) = (self.lo(), self.hi());
        plot.bottom - (v - lo) / (hi - lo).max(f64::EPSILON) * (plot.bottom - plot.top)
    }
}

/// Nice ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ, about five intervals) covering `range` and
/// `data`; with `from_zero` the axis includes 0.
pub(super) fn nice_ticks(range: (f64, f64), data: &[f64], from_zero: bool) -> Ticks {
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
pub(super) fn value_decimals(values: &[f64]) -> usize {
    let large = values.iter().any(|v| v.abs() >= 100.0);
    let whole = values.iter().all(|v| (v - v.round()).abs() < 1e-9);
    if large || whole { 0 } else { 1 }
}

pub(super) fn draw_y_axis(
    root: &Area<'_>,
    lay: &mut Layout,
    plot: &Rect,
    ticks: &Ticks,
    labels: &[String],
) -> anyhow::Result<()> {
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
pub(super) fn segments(points: &[(i32, Option<f64>)]) -> Vec<Vec<(i32, f64)>> {
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

/// Opens a chart's drawing area: white, with the unit's caption (if any) at the top left.
pub(super) fn canvas<'a>(
    svg: &'a mut String,
    (width, height): (f64, f64),
    lay: &mut Layout,
    caption: &str,
) -> anyhow::Result<Area<'a>> {
    let root = SVGBackend::with_string(svg, (width as u32, height as u32)).into_drawing_area();
    root.fill(&WHITE).map_err(draw_err)?;
    if !caption.is_empty() {
        text(&root, lay, caption, (4.0, 8.0), LABEL_PX, GREY, HPos::Left, VPos::Top)?;
    }
    Ok(root)
}

/// The labels of an axis's ticks in the chart's language, `unit` written after each.
pub(super) fn tick_labels(lang: Lang, ticks: &Ticks, unit: &str) -> Vec<String> {
    ticks.values.iter().map(|&v| format_value(lang, v, ticks.decimals, unit)).collect()
}

/// The width of the widest of these texts (0 for none).
pub(super) fn widest(texts: &[String], size_px: f64) -> anyhow::Result<f64> {
    Ok(texts
        .iter()
        .map(|t| text_width(t, size_px))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(0.0, f64::max))
}

/// The width and height of a value label.
pub(super) fn label_size(content: &str) -> anyhow::Result<(f64, f64)> {
    let probe = text_box(content, (0.0, 0.0), SMALL_PX, HPos::Left, VPos::Top)?;
    Ok((probe.x1 - probe.x0, probe.y1 - probe.y0))
}

/// Draws a value label in the first of `candidates` where it covers nothing, or leaves it out.
pub(super) fn place_label(
    root: &Area<'_>,
    lay: &mut Layout,
    content: &str,
    candidates: impl IntoIterator<Item = Bx>,
    bounds: &Bx,
    color: Color,
) -> anyhow::Result<()> {
    match lay.place(candidates, bounds) {
        Some(b) => label(root, lay, content, b, SMALL_PX, color),
        None => {
            lay.left_out.push(content.to_owned());
            Ok(())
        }
    }
}
