//! Bar charts: vertical bars grouped by category (print) and horizontal bars (the web page,
//! and status tables).

use super::draw::{Rect, bar_rect, draw_y_axis, label, nice_ticks, split_unit, text, value_decimals, with_title};
use super::layout::{Bx, Layout, text_box, wrap};
use super::legend::{LegendItem, LegendKind, draw_legend, layout_legend};
use super::spec::{BarGroup, format_value};
use super::style::{AXIS, GREY, INK, LABEL_PX, Medium, SMALL_PX, draw_err, px, register_fonts, stroke, text_width};
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
