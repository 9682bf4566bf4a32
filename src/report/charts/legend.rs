//! The legend under a chart: items laid out in centred rows, each with its swatch.

use super::draw::text;
use super::layout::{Bx, Layout, ellipsize};
use super::style::{Area, Color, DASH, DASH_GAP, INK, LEGEND_PX, draw_err, px, stroke, text_width};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::Color as _;
use plotters::style::text_anchor::{HPos, VPos};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum LegendKind {
    Line,
    DashedLine,
    Box,
}

#[derive(Debug, Clone)]
pub(super) struct LegendItem {
    pub(super) label: String,
    pub(super) color: Color,
    pub(super) kind: LegendKind,
}

pub(super) const LEGEND_SWATCH: f64 = 24.0;

pub(super) const LEGEND_GAP: f64 = 20.0;

/// Lays legend items out in rows of at most `width` px, centred in a chart `chart_width` wide:
/// each item with its x offset.
pub(super) fn layout_legend(
    items: &[LegendItem],
    width: f64,
    chart_width: f64,
) -> anyhow::Result<Vec<Vec<(f64, LegendItem)>>> {
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

pub(super) fn draw_legend(
    root: &Area<'_>,
    lay: &mut Layout,
    rows: &[Vec<(f64, LegendItem)>],
    top: f64,
) -> anyhow::Result<()> {
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
                LegendKind::DashedLine => root
                    .draw(&DashedPathElement::new(
                        vec![(px(*x), px(y)), (px(x + LEGEND_SWATCH), px(y))],
                        DASH,
                        DASH_GAP,
                        stroke(item.color, 2),
                    ))
                    .map_err(draw_err)?,
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
