//! The monthly line chart of a KPI: series, marked points and their labels.

use super::draw::{
    Rect, canvas, draw_y_axis, label_size, nice_ticks, place_label, segments, split_unit, text, tick_labels, widest,
    with_title,
};
use super::layout::{Bx, Layout, around};
use super::legend::{LegendItem, LegendKind, draw_legend, layout_legend};
use super::spec::{LineSeries, Marker};
use super::style::{
    AXIS, Area, DASH, DASH_GAP, GREY, INK, INSET, LABEL_PX, LEGEND_PX, Medium, draw_err, px, register_fonts, stroke,
};
use crate::report::lang::Lang;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

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
    let (ys, (x_min, x_max)) = extent(series, markers);
    // Room above the data for labels: the axis reaches a little higher than the data.
    let ticks = nice_ticks(y_range, &ys, false);
    let (unit_in_ticks, caption) = split_unit(y_unit);
    let tick_labels = tick_labels(lang, &ticks, unit_in_ticks);
    let legend_rows = layout_legend(&legend(series), width - 24.0, width)?;

    let top = if caption.is_empty() { 12.0 } else { 30.0 };
    let left = (widest(&tick_labels, LABEL_PX)? + 14.0).ceil();
    let right = width - 28.0;
    let legend_height = legend_rows.len() as f64 * 20.0;
    let bottom = height - 28.0 - legend_height - 4.0;
    let plot = Rect { left, right, top, bottom };
    let x_of =
        |x: i32| plot.left + INSET + (f64::from(x - x_min) / f64::from(x_max - x_min)) * (plot.width() - 2.0 * INSET);
    let y_of = |y: f64| ticks.map(y, &plot);

    let mut svg = String::new();
    {
        let root = canvas(&mut svg, (width, height), lay, caption)?;
        draw_y_axis(&root, lay, &plot, &ticks, &tick_labels)?;
        x_axis(&root, lay, medium, &plot, (x_min, x_max), &x_of, x_labels)?;
        lines(&root, lay, series, &x_of, &y_of)?;
        let centres = points(&root, lay, markers, &x_of, &y_of)?;
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
            let (w, h) = label_size(&marker.label)?;
            place_label(&root, lay, &marker.label, around(f64::from(x), f64::from(y), w, h), &bounds, INK)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

/// The finite values of a chart's series and markers, and the span of its months (at least
/// one month; a year when there is nothing).
fn extent(series: &[LineSeries], markers: &[Marker]) -> (Vec<f64>, (i32, i32)) {
    let xs: Vec<i32> =
        series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).chain(markers.iter().map(|m| m.x)).collect();
    let ys: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().filter_map(|p| p.1))
        .chain(markers.iter().map(|m| m.y))
        .filter(|y| y.is_finite())
        .collect();
    let x_range = match (xs.iter().min(), xs.iter().max()) {
        (Some(&a), Some(&b)) => (a, b.max(a + 1)),
        _ => (0, 12),
    };
    (ys, x_range)
}

/// The legend: the series that have a label, dashed ones with a dashed swatch.
fn legend(series: &[LineSeries]) -> Vec<LegendItem> {
    series
        .iter()
        .filter(|s| !s.label.is_empty())
        .map(|s| LegendItem {
            label: s.label.clone(),
            color: s.color,
            kind: if s.dashed { LegendKind::DashedLine } else { LegendKind::Line },
        })
        .collect()
}

/// The x axis: a tick and a label at every January and July (January only when that gets
/// crowded).
fn x_axis(
    root: &Area<'_>,
    lay: &mut Layout,
    medium: Medium,
    plot: &Rect,
    (x_min, x_max): (i32, i32),
    x_of: &dyn Fn(i32) -> f64,
    x_labels: &dyn Fn(i32) -> String,
) -> anyhow::Result<()> {
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
        text(root, lay, &x_labels(m), (x_of(m), plot.bottom + 9.0), LABEL_PX, INK, HPos::Center, VPos::Top)?;
    }
    Ok(())
}

/// The series' lines, solid ones first so dashed trajectories stay visible on top; a lone
/// value between gaps is a dot.
fn lines(
    root: &Area<'_>,
    lay: &mut Layout,
    series: &[LineSeries],
    x_of: &dyn Fn(i32) -> f64,
    y_of: &dyn Fn(f64) -> f64,
) -> anyhow::Result<()> {
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
            if drawn.iter().all(|p| p.0 == drawn[0].0) {
                range_bar(root, lay, &drawn, s.color)?;
            } else if s.dashed {
                root.draw(&DashedPathElement::new(drawn, DASH, DASH_GAP, stroke(s.color, 2))).map_err(draw_err)?;
            } else {
                root.draw(&PathElement::new(drawn, stroke(s.color, 2))).map_err(draw_err)?;
            }
        }
    }
    Ok(())
}

/// A series of one month's values (a forecast's range): a vertical bar with a cap at each end,
/// as an error bar is drawn.
fn range_bar(root: &Area<'_>, lay: &mut Layout, drawn: &[(i32, i32)], color: RGBColor) -> anyhow::Result<()> {
    const CAP: i32 = 6;
    let x = drawn[0].0;
    let (top, bottom) = drawn.iter().fold((i32::MAX, i32::MIN), |(t, b), p| (t.min(p.1), b.max(p.1)));
    root.draw(&PathElement::new(vec![(x, top), (x, bottom)], stroke(color, 3))).map_err(draw_err)?;
    for y in [top, bottom] {
        root.draw(&PathElement::new(vec![(x - CAP, y), (x + CAP, y)], stroke(color, 2))).map_err(draw_err)?;
        lay.segments.push(((f64::from(x - CAP), f64::from(y)), (f64::from(x + CAP), f64::from(y))));
    }
    Ok(())
}

/// The marked points, each in a white ring that parts it from the line it sits on (open for a
/// provisional value); their centres, for their labels.
fn points(
    root: &Area<'_>,
    lay: &mut Layout,
    markers: &[Marker],
    x_of: &dyn Fn(i32) -> f64,
    y_of: &dyn Fn(f64) -> f64,
) -> anyhow::Result<Vec<(i32, i32)>> {
    let centres: Vec<(i32, i32)> = markers.iter().map(|m| (px(x_of(m.x)), px(y_of(m.y)))).collect();
    for (marker, &(x, y)) in markers.iter().zip(&centres) {
        root.draw(&Circle::new((x, y), 6, WHITE.filled())).map_err(draw_err)?;
        if marker.open {
            root.draw(&Circle::new((x, y), 4, stroke(marker.color, 2))).map_err(draw_err)?;
        } else {
            root.draw(&Circle::new((x, y), 4, marker.color.filled())).map_err(draw_err)?;
        }
        let (x, y) = (f64::from(x), f64::from(y));
        lay.points.push(Bx { x0: x - 6.0, y0: y - 6.0, x1: x + 6.0, y1: y + 6.0 });
    }
    Ok(centres)
}
