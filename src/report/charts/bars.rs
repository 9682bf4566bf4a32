//! Bar charts: vertical bars grouped by category (print) and horizontal bars (the web page,
//! and status tables).

use super::draw::{
    Rect, Ticks, bar_rect, canvas, draw_y_axis, label_size, nice_ticks, place_label, split_unit, text, tick_labels,
    value_decimals, widest, with_title,
};
use super::layout::{Bx, Layout, wrap};
use super::legend::{LegendItem, LegendKind, draw_legend, layout_legend};
use super::spec::{BarGroup, format_value};
use super::style::{
    AXIS, Area, Color, GREY, INK, LABEL_PX, Medium, SMALL_PX, draw_err, px, register_fonts, stroke, text_width,
};
use crate::report::lang::Lang;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Vertical bars, one group per period within each category: e.g. the share of a target
/// group per age band for two quarters. `None` is a suppressed value: no bar, a small "–".
/// Every value is labelled above its bar, where the label covers no bar and no other label
/// (a label that would is raised; one that finds no place is left out). `y_unit` as in
/// [`line_chart`](super::line_chart); with `"%"` the values are percentages (72.0 = 72 %), not fractions.
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
    let (width, height) = (medium.width(), medium.bar_height());
    lay.width = width;
    lay.height = height;
    let values = finite(groups);
    // Head room over the tallest bar for its label.
    let ticks = nice_ticks((0.0, 0.0), &values.iter().map(|v| v * 1.08).collect::<Vec<_>>(), true);
    let (unit_in_ticks, caption) = split_unit(y_unit);
    let tick_labels = tick_labels(lang, &ticks, unit_in_ticks);
    let value_decimals = value_decimals(&values);
    let legend_rows = layout_legend(&legend(groups.iter()), width - 24.0, width)?;
    let legend_height = legend_rows.len() as f64 * 20.0;

    let left = (widest(&tick_labels, LABEL_PX)? + 14.0).ceil();
    let right = width - 8.0;
    let n = categories.len().max(1) as f64;
    let slot = (right - left) / n;
    let (category_px, wrapped) = wrap_categories(categories, slot)?;
    let line_height = category_px * 1.25;
    let label_lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    let top = if caption.is_empty() { 16.0 } else { 32.0 };
    let bottom = height - 10.0 - label_lines * line_height - legend_height - 8.0;
    let plot = Rect { left, right, top, bottom };
    let cols = Columns::new(plot.left, slot, groups.len(), categories.len());

    let mut svg = String::new();
    {
        let root = canvas(&mut svg, (width, height), lay, caption)?;
        draw_y_axis(&root, lay, &plot, &ticks, &tick_labels)?;

        let zero = ticks.map(0.0, &plot);
        for (gi, g) in groups.iter().enumerate() {
            for (ci, value) in g.values.iter().enumerate().take(cols.n) {
                if let Some(v) = value.filter(|v| v.is_finite()) {
                    let x0 = cols.x(gi, ci);
                    let y = ticks.map(v, &plot);
                    bar_rect(&root, lay, (x0, y.min(zero)), (x0 + cols.bar, y.max(zero)), g.color)?;
                }
            }
        }
        // The baseline over the bars' feet.
        root.draw(&PathElement::new(vec![(px(plot.left), px(zero)), (px(plot.right), px(zero))], stroke(AXIS, 1)))
            .map_err(draw_err)?;
        category_labels(&root, lay, &wrapped, &plot, slot, category_px)?;
        draw_legend(&root, lay, &legend_rows, height - legend_height - 4.0)?;
        let format = |v: f64| format_value(lang, v, value_decimals, unit_in_ticks);
        labels_above(&root, lay, groups, &cols, &ticks, &plot, &format)?;
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

/// Where grouped bars stand: a slot per category, the groups' bars side by side in its middle.
struct Columns {
    left: f64,
    slot: f64,
    bar: f64,
    gap: f64,
    group_width: f64,
    /// The number of categories.
    n: usize,
}

impl Columns {
    fn new(left: f64, slot: f64, groups: usize, n: usize) -> Columns {
        let n_groups = groups.max(1) as f64;
        let gap = 4.0;
        let bar = ((slot * 0.86 - gap * (n_groups - 1.0)) / n_groups).min(48.0);
        let group_width = bar * n_groups + gap * (n_groups - 1.0);
        Columns { left, slot, bar, gap, group_width, n }
    }

    /// The left edge of group `gi`'s bar in category `ci`.
    fn x(&self, gi: usize, ci: usize) -> f64 {
        self.left + self.slot * ci as f64 + (self.slot - self.group_width) / 2.0 + gi as f64 * (self.bar + self.gap)
    }
}

/// The finite values of all groups.
fn finite(groups: &[BarGroup]) -> Vec<f64> {
    groups.iter().flat_map(|g| g.values.iter().flatten().copied()).filter(|v| v.is_finite()).collect()
}

/// A legend of boxes in the groups' colours.
fn legend<'a>(groups: impl Iterator<Item = &'a BarGroup>) -> Vec<LegendItem> {
    groups.map(|g| LegendItem { label: g.label.clone(), color: g.color, kind: LegendKind::Box }).collect()
}

/// Category labels wrapped onto up to three lines of a slot's width, in a smaller size if that
/// avoids "…": the size and the lines.
fn wrap_categories(categories: &[String], slot: f64) -> anyhow::Result<(f64, Vec<Vec<String>>)> {
    let mut category_px = LABEL_PX;
    let mut wrapped: Vec<Vec<String>> = Vec::new();
    for size in [LABEL_PX, 11.0, 10.0] {
        category_px = size;
        wrapped = categories.iter().map(|c| wrap(c, slot - 4.0, size, 3)).collect::<anyhow::Result<_>>()?;
        if !wrapped.iter().flatten().any(|l| l.ends_with('…')) {
            break;
        }
    }
    Ok((category_px, wrapped))
}

/// The category labels under the plot, each centred under its slot.
fn category_labels(
    root: &Area<'_>,
    lay: &mut Layout,
    wrapped: &[Vec<String>],
    plot: &Rect,
    slot: f64,
    category_px: f64,
) -> anyhow::Result<()> {
    let line_height = category_px * 1.25;
    for (ci, lines) in wrapped.iter().enumerate() {
        let center = plot.left + slot * (ci as f64 + 0.5);
        for (li, line) in lines.iter().enumerate() {
            text(
                root,
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
    Ok(())
}

/// Value labels over their bars, raised a line at a time past a neighbour's label; a
/// suppressed value is a grey "–" on the baseline.
fn labels_above(
    root: &Area<'_>,
    lay: &mut Layout,
    groups: &[BarGroup],
    cols: &Columns,
    ticks: &Ticks,
    plot: &Rect,
    format: &dyn Fn(f64) -> String,
) -> anyhow::Result<()> {
    let zero = ticks.map(0.0, plot);
    let bounds = Bx { x0: plot.left - 4.0, y0: 2.0, x1: lay.width - 2.0, y1: zero };
    for (gi, g) in groups.iter().enumerate() {
        for (ci, value) in g.values.iter().enumerate().take(cols.n) {
            let center = cols.x(gi, ci) + cols.bar / 2.0;
            let (content, color, foot) = match value.filter(|v| v.is_finite()) {
                Some(v) => (format(v), INK, ticks.map(v, plot).min(zero)),
                None => ("\u{2013}".to_string(), GREY, zero),
            };
            let (w, h) = label_size(&content)?;
            let candidates = (0..8).map(|k| {
                let y1 = foot - 3.0 - k as f64 * (h + 2.0);
                Bx { x0: center - w / 2.0, y0: y1 - h, x1: center + w / 2.0, y1 }
            });
            place_label(root, lay, &content, candidates, &bounds, color)?;
        }
    }
    Ok(())
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
    let finite = finite(groups);
    let (unit_in_values, caption) = split_unit(unit);
    let decimals = value_decimals(&finite);
    let max = finite.iter().copied().fold(0.0, f64::max);
    let min = finite.iter().copied().fold(0.0, f64::min);
    let legend_rows = layout_legend(&legend(groups.iter().filter(|g| !g.label.is_empty())), width - 24.0, width)?;
    let legend_height = legend_rows.len() as f64 * 20.0;

    let label_width = widest(categories, LABEL_PX)?.min(width * 0.38);
    let wrapped: Vec<Vec<String>> =
        categories.iter().map(|c| wrap(c, label_width, LABEL_PX, 3)).collect::<anyhow::Result<_>>()?;
    let format = |v: f64| format_value(lang, v, decimals, unit_in_values);
    let values: Vec<String> = finite.iter().map(|&v| format(v)).collect();
    let value_width = widest(&values, SMALL_PX)?.max(text_width("\u{2013}", SMALL_PX)?);
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
        let root = canvas(&mut svg, (width, height), lay, caption)?;
        draw_legend(&root, lay, &legend_rows, top - legend_height)?;
        let mut row_top = top;
        let mut value_labels = Vec::new();
        for (i, lines) in wrapped.iter().enumerate() {
            let center = row_top + rows[i] / 2.0;
            row_label(&root, lay, lines, left - 10.0, center, line_height)?;
            let bars_top = center - (n_groups * thickness + (n_groups - 1.0) * bar_gap) / 2.0;
            for (gi, g) in groups.iter().enumerate() {
                let y0 = bars_top + gi as f64 * (thickness + bar_gap);
                let mid = y0 + thickness / 2.0;
                match g.values.get(i).copied().flatten().filter(|v| v.is_finite()) {
                    Some(v) => {
                        let (x0, x1) = (x_of(0.0), x_of(v));
                        bar_rect(&root, lay, (x0.min(x1), y0), (x0.max(x1), y0 + thickness), g.color)?;
                        value_labels.push((format(v), x0.max(x1), mid, INK));
                    }
                    None => value_labels.push(("\u{2013}".to_string(), x_of(0.0), mid, GREY)),
                }
            }
            row_top += rows[i];
        }
        root.draw(&PathElement::new(vec![(px(x_of(0.0)), px(top)), (px(x_of(0.0)), px(bottom))], stroke(AXIS, 1)))
            .map_err(draw_err)?;
        let bounds = Bx { x0: left, y0: 0.0, x1: width - 1.0, y1: height };
        labels_beside(&root, lay, value_labels, &bounds)?;
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

/// A category's name right-aligned at `x`, its lines centred on the row's middle.
fn row_label(
    root: &Area<'_>,
    lay: &mut Layout,
    lines: &[String],
    x: f64,
    center: f64,
    line_height: f64,
) -> anyhow::Result<()> {
    let first = center - (lines.len() as f64 - 1.0) * line_height / 2.0;
    for (li, line) in lines.iter().enumerate() {
        text(root, lay, line, (x, first + li as f64 * line_height), LABEL_PX, INK, HPos::Right, VPos::Center)?;
    }
    Ok(())
}

/// Value labels just past the ends of their bars (text, end, middle, colour), a little
/// further out when that covers nothing.
fn labels_beside(
    root: &Area<'_>,
    lay: &mut Layout,
    labels: Vec<(String, f64, f64, Color)>,
    bounds: &Bx,
) -> anyhow::Result<()> {
    for (content, end, mid, color) in labels {
        let (w, h) = label_size(&content)?;
        let candidates =
            [5.0, 9.0, 14.0].map(|d| Bx { x0: end + d, y0: mid - h / 2.0, x1: end + d + w, y1: mid + h / 2.0 });
        place_label(root, lay, &content, candidates, bounds, color)?;
    }
    Ok(())
}
