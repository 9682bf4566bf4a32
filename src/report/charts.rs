//! Charts as SVG.
//!
//! Every chart is drawn with plotters' SVG backend into a `String` of [`WIDTH`] × [`HEIGHT`]
//! px, meant to be placed 16 cm wide in the report (1 px = 0.25 mm, so the 12 px axis labels
//! print at about 8.5 pt). Text is set in the shipped font ([`typeset::font_family`]), which
//! is registered with plotters so label widths are measured with the real glyphs and typst
//! turns the SVG's text into real, searchable PDF text. Colours come from the Okabe-Ito
//! palette, which stays distinguishable for the common forms of colour-blindness. Numbers
//! are written the Danish way: `1.234,5` and `72 %`.
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

/// Width of every chart, in SVG px.
pub const WIDTH: u32 = 640;
/// Height of every chart, in SVG px.
pub const HEIGHT: u32 = 300;

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

/// A colour as `#rrggbb`, for the model's chart specifications.
fn hex<S: serde::Serializer>(c: &Color, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2))
}

/// A chart as data, as the report model holds it: what to draw, its title and language.
/// Every output draws it the same way with [`draw`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Spec {
    /// The file name the outputs know it by (`serie-uddannelse_job.svg`).
    pub file: String,
    pub title: String,
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
    /// See [`horizontal_bars`].
    HorizontalBars {
        categories: Vec<String>,
        values: Vec<Option<f64>>,
        #[serde(serialize_with = "hex")]
        color: Color,
        unit: String,
    },
}

/// One period's bars in a grouped bar chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BarGroup {
    pub label: String,
    #[serde(serialize_with = "hex")]
    pub color: Color,
    pub values: Vec<Option<f64>>,
}

/// Draws a chart specification as SVG.
pub fn draw(spec: &Spec) -> anyhow::Result<String> {
    let l = spec.lang;
    match &spec.kind {
        Kind::Line { series, markers, y_range, y_unit } => line_chart(
            l,
            &spec.title,
            &|i| l.month_short(crate::method::calendar::Month::from_index(i)),
            series,
            markers,
            *y_range,
            y_unit,
        ),
        Kind::GroupedBars { categories, groups, y_unit } => {
            let groups: Vec<(String, Color, Vec<Option<f64>>)> =
                groups.iter().map(|g| (g.label.clone(), g.color, g.values.clone())).collect();
            grouped_bars(l, &spec.title, categories, &groups, y_unit)
        }
        Kind::HorizontalBars { categories, values, color, unit } => {
            horizontal_bars(l, &spec.title, categories, values, *color, unit)
        }
    }
}

/// Draws every chart of a report: file name → SVG.
pub fn draw_all(specs: &[Spec]) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    specs.iter().map(|s| Ok((s.file.clone(), draw(s)?))).collect()
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
    /// Short text written next to the point, e.g. "Mål 2016: 72 %".
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

/// A value with its unit in the report's language: `72,5 %` / `72.5 %`, `1.234 personer`; an
/// empty unit gives the number alone.
pub fn format_value(lang: Lang, value: f64, decimals: usize, unit: &str) -> String {
    let number = lang.num(value, decimals);
    if unit.is_empty() { number } else { format!("{number} {unit}") }
}

/// A monthly line chart of a KPI: solid and dashed series, marked points, x labels at
/// every January and July (January only for long spans), y axis over at least `y_range`
/// (widened to nice ticks and to fit the data). A `y_unit` of `"%"` is written after every
/// tick (`72 %`); another unit is written once above the axis. The legend sits below the
/// plot. `title` becomes the SVG's `<title>`.
pub fn line_chart(
    lang: Lang,
    title: &str,
    x_labels: &dyn Fn(i32) -> String,
    series: &[LineSeries],
    markers: &[Marker],
    y_range: (f64, f64),
    y_unit: &str,
) -> anyhow::Result<String> {
    register_fonts()?;
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
    let legend_rows = layout_legend(&legend, f64::from(WIDTH) - 24.0)?;

    let top = if caption.is_empty() { 12.0 } else { 30.0 };
    let label_width = tick_labels
        .iter()
        .map(|t| text_width(t, LABEL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let left = (label_width + 14.0).ceil();
    let right = f64::from(WIDTH) - 28.0;
    let legend_height = legend_rows.len() as f64 * 20.0;
    let bottom = f64::from(HEIGHT) - 28.0 - legend_height - 4.0;
    let plot = Rect { left, right, top, bottom };
    let x_of =
        |x: i32| plot.left + INSET + (f64::from(x - x_min) / f64::from(x_max - x_min)) * (plot.width() - 2.0 * INSET);
    let y_of = |y: f64| ticks.map(y, &plot);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        if !caption.is_empty() {
            text(&root, caption, (4.0, 8.0), LABEL_PX, GREY, HPos::Left, VPos::Top)?;
        }
        draw_y_axis(&root, &plot, &ticks, &tick_labels)?;

        // x axis: labels at January and July (January only when that gets crowded).
        let mut label_months: Vec<i32> =
            (x_min..=x_max).filter(|m| m.rem_euclid(12) == 0 || m.rem_euclid(12) == 6).collect();
        if label_months.len() > 9 {
            label_months.retain(|m| m.rem_euclid(12) == 0);
        }
        for &m in &label_months {
            let x = px(x_of(m));
            root.draw(&PathElement::new(vec![(x, px(plot.bottom)), (x, px(plot.bottom) + 4)], stroke(AXIS, 1)))
                .map_err(draw_err)?;
            text(&root, &x_labels(m), (x_of(m), plot.bottom + 9.0), LABEL_PX, INK, HPos::Center, VPos::Top)?;
        }

        // Series: solid ones first, so dashed trajectories stay visible on top.
        let mut ordered: Vec<&LineSeries> = series.iter().collect();
        ordered.sort_by_key(|s| s.dashed);
        for s in ordered {
            for segment in segments(&s.points) {
                let pts: Vec<(f64, f64)> = segment.iter().map(|&(x, y)| (x_of(x), y_of(y))).collect();
                if pts.len() == 1 {
                    root.draw(&Circle::new((px(pts[0].0), px(pts[0].1)), 3, s.color.filled())).map_err(draw_err)?;
                } else if s.dashed {
                    for dash in dashes(&pts, 7.0, 4.0) {
                        root.draw(&PathElement::new(dash, stroke(s.color, 2))).map_err(draw_err)?;
                    }
                } else {
                    let path: Vec<(i32, i32)> = pts.iter().map(|&(x, y)| (px(x), px(y))).collect();
                    root.draw(&PathElement::new(path, stroke(s.color, 2))).map_err(draw_err)?;
                }
            }
        }

        for marker in markers {
            let (x, y) = (x_of(marker.x), y_of(marker.y));
            root.draw(&Circle::new((px(x), px(y)), 6, WHITE.filled())).map_err(draw_err)?;
            if marker.open {
                root.draw(&Circle::new((px(x), px(y)), 4, stroke(marker.color, 2))).map_err(draw_err)?;
            } else {
                root.draw(&Circle::new((px(x), px(y)), 4, marker.color.filled())).map_err(draw_err)?;
            }
            if !marker.label.is_empty() {
                let width = text_width(&marker.label, SMALL_PX)?;
                let (anchor, lx, x0) = if x + 9.0 + width > f64::from(WIDTH) - 2.0 {
                    (HPos::Right, x - 9.0, x - 9.0 - width)
                } else {
                    (HPos::Left, x + 9.0, x + 9.0)
                };
                let em = SMALL_PX;
                let (vpos, ly, y0, y1) = if y - 18.0 < plot.top {
                    (VPos::Top, y + 6.0, y + 5.0, y + 6.0 + 1.1 * em)
                } else {
                    (VPos::Bottom, y - 6.0, y - 6.0 - 1.1 * em, y - 5.0)
                };
                // A white halo keeps the label readable where it crosses a line.
                root.draw(&Rectangle::new(
                    [(px(x0 - 2.0), px(y0)), (px(x0 + width + 2.0), px(y1))],
                    WHITE.mix(0.85).filled(),
                ))
                .map_err(draw_err)?;
                text(&root, &marker.label, (lx, ly), SMALL_PX, INK, anchor, vpos)?;
            }
        }

        if ys.is_empty() {
            text(
                &root,
                lang.t("Ingen data", "No data"),
                ((plot.left + plot.right) / 2.0, (plot.top + plot.bottom) / 2.0),
                LEGEND_PX,
                GREY,
                HPos::Center,
                VPos::Center,
            )?;
        }

        draw_legend(&root, &legend_rows, f64::from(HEIGHT) - legend_height - 4.0)?;
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

/// Vertical bars, one group per period within each category: e.g. the share of a target
/// group per status for two quarters. `None` is a suppressed value: no bar, a small "–".
/// Values are labelled on the bars when every label fits. `y_unit` as in [`line_chart`];
/// with `"%"` the values are percentages (72.0 = 72 %), not fractions.
pub fn grouped_bars(
    lang: Lang,
    title: &str,
    categories: &[String],
    groups: &[(String, Color, Vec<Option<f64>>)],
    y_unit: &str,
) -> anyhow::Result<String> {
    register_fonts()?;
    let values: Vec<f64> =
        groups.iter().flat_map(|g| g.2.iter().flatten().copied()).filter(|v| v.is_finite()).collect();
    let ticks = nice_ticks((0.0, 0.0), &values, true);
    let (unit_in_ticks, caption) = split_unit(y_unit);
    let tick_labels: Vec<String> =
        ticks.values.iter().map(|&v| format_value(lang, v, ticks.decimals, unit_in_ticks)).collect();
    let value_decimals = value_decimals(&values);

    let legend: Vec<LegendItem> =
        groups.iter().map(|g| LegendItem { label: g.0.clone(), color: g.1, kind: LegendKind::Box }).collect();
    let legend_rows = layout_legend(&legend, f64::from(WIDTH) - 24.0)?;
    let legend_height = legend_rows.len() as f64 * 20.0;

    let label_width = tick_labels
        .iter()
        .map(|t| text_width(t, LABEL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(0.0, f64::max);
    let left = (label_width + 14.0).ceil();
    let right = f64::from(WIDTH) - 8.0;
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
    let bottom = f64::from(HEIGHT) - 10.0 - label_lines * line_height - legend_height - 8.0;
    let plot = Rect { left, right, top, bottom };

    let n_groups = groups.len().max(1) as f64;
    let gap = 3.0;
    let bar = ((slot * 0.78 - gap * (n_groups - 1.0)) / n_groups).min(44.0);
    let group_width = bar * n_groups + gap * (n_groups - 1.0);

    let mut bar_labels = Vec::new();
    for (gi, (_, _, vals)) in groups.iter().enumerate() {
        for (ci, value) in vals.iter().enumerate().take(categories.len()) {
            let x0 = plot.left + slot * ci as f64 + (slot - group_width) / 2.0 + gi as f64 * (bar + gap);
            bar_labels.push((x0, *value));
        }
    }
    let show_values = bar_labels.iter().all(|(_, v)| match v {
        Some(v) => text_width(&format_value(lang, *v, value_decimals, unit_in_ticks), SMALL_PX)
            .is_ok_and(|w| w <= bar + gap + 1.0),
        None => true,
    });

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        if !caption.is_empty() {
            text(&root, caption, (4.0, 8.0), LABEL_PX, GREY, HPos::Left, VPos::Top)?;
        }
        draw_y_axis(&root, &plot, &ticks, &tick_labels)?;

        let zero = ticks.map(0.0, &plot);
        for (gi, (_, color, vals)) in groups.iter().enumerate() {
            for (ci, value) in vals.iter().enumerate().take(categories.len()) {
                let x0 = plot.left + slot * ci as f64 + (slot - group_width) / 2.0 + gi as f64 * (bar + gap);
                let center = x0 + bar / 2.0;
                match value.filter(|v| v.is_finite()) {
                    Some(v) => {
                        let y = ticks.map(v, &plot);
                        root.draw(&Rectangle::new(
                            [(px(x0), px(y.min(zero))), (px(x0 + bar), px(y.max(zero)))],
                            color.filled(),
                        ))
                        .map_err(draw_err)?;
                        if show_values {
                            text(
                                &root,
                                &format_value(lang, v, value_decimals, unit_in_ticks),
                                (center, y.min(zero) - 3.0),
                                SMALL_PX,
                                INK,
                                HPos::Center,
                                VPos::Bottom,
                            )?;
                        }
                    }
                    None => text(&root, "\u{2013}", (center, zero - 3.0), LABEL_PX, GREY, HPos::Center, VPos::Bottom)?,
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
                    line,
                    (center, plot.bottom + 9.0 + li as f64 * line_height),
                    category_px,
                    INK,
                    HPos::Center,
                    VPos::Top,
                )?;
            }
        }
        draw_legend(&root, &legend_rows, f64::from(HEIGHT) - legend_height - 4.0)?;
        root.present().map_err(draw_err)?;
    }
    Ok(with_title(svg, title))
}

/// Horizontal bars, one per category (e.g. full-time persons by status), each labelled with
/// its value. `None` is a suppressed value: no bar, a "–". A `unit` of `"%"` follows every
/// value; another unit is written once above the bars.
pub fn horizontal_bars(
    lang: Lang,
    title: &str,
    categories: &[String],
    values: &[Option<f64>],
    color: Color,
    unit: &str,
) -> anyhow::Result<String> {
    register_fonts()?;
    let finite: Vec<f64> = values.iter().flatten().copied().filter(|v| v.is_finite()).collect();
    let (unit_in_values, caption) = split_unit(unit);
    let decimals = value_decimals(&finite);
    let max = finite.iter().copied().fold(0.0, f64::max);
    let min = finite.iter().copied().fold(0.0, f64::min);

    let label_width = categories
        .iter()
        .map(|c| text_width(c, LABEL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(0.0, f64::max)
        .min(f64::from(WIDTH) * 0.42);
    let value_width = finite
        .iter()
        .map(|&v| text_width(&format_value(lang, v, decimals, unit_in_values), LABEL_PX))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .fold(text_width("\u{2013}", LABEL_PX)?, f64::max);
    let top = if caption.is_empty() { 10.0 } else { 32.0 };
    let left = 6.0 + label_width + 10.0;
    let right = f64::from(WIDTH) - 8.0 - value_width - 8.0;
    let bottom = f64::from(HEIGHT) - 10.0;
    let n = categories.len().max(1) as f64;
    let row = (bottom - top) / n;
    let thickness = (row * 0.68).min(30.0);
    let span = (max - min).max(f64::EPSILON);
    let x_of = |v: f64| left + (v - min) / span * (right - left);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        if !caption.is_empty() {
            text(&root, caption, (4.0, 8.0), LABEL_PX, GREY, HPos::Left, VPos::Top)?;
        }
        for (i, category) in categories.iter().enumerate() {
            let center = top + row * (i as f64 + 0.5);
            let label = ellipsize(category, label_width, LABEL_PX)?;
            text(&root, &label, (left - 10.0, center), LABEL_PX, INK, HPos::Right, VPos::Center)?;
            match values.get(i).copied().flatten().filter(|v| v.is_finite()) {
                Some(v) => {
                    let (x0, x1) = (x_of(0.0), x_of(v));
                    root.draw(&Rectangle::new(
                        [
                            (px(x0.min(x1)), px(center - thickness / 2.0)),
                            (px(x0.max(x1)), px(center + thickness / 2.0)),
                        ],
                        color.filled(),
                    ))
                    .map_err(draw_err)?;
                    text(
                        &root,
                        &format_value(lang, v, decimals, unit_in_values),
                        (x0.max(x1) + 6.0, center),
                        LABEL_PX,
                        INK,
                        HPos::Left,
                        VPos::Center,
                    )?;
                }
                None => text(&root, "\u{2013}", (x_of(0.0) + 6.0, center), LABEL_PX, GREY, HPos::Left, VPos::Center)?,
            }
        }
        root.draw(&PathElement::new(vec![(px(x_of(0.0)), px(top)), (px(x_of(0.0)), px(bottom))], stroke(AXIS, 1)))
            .map_err(draw_err)?;
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

fn stroke(color: Color, width: u32) -> ShapeStyle {
    ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: width }
}

fn text(
    root: &Area<'_>,
    content: &str,
    (x, y): (f64, f64),
    size_px: f64,
    color: Color,
    h: HPos,
    v: VPos,
) -> anyhow::Result<()> {
    let style = font(size_px).color(&color).pos(Pos::new(h, v));
    root.draw(&Text::new(content.to_owned(), (px(x), px(y)), style)).map_err(draw_err)
}

/// Inserts an SVG `<title>` (the chart's accessible name) after the opening tag.
fn with_title(svg: String, title: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg;
    };
    let escaped = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!("{}\n<title>{}</title>{}", &svg[..=end], escaped, &svg[end + 1..])
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

fn draw_y_axis(root: &Area<'_>, plot: &Rect, ticks: &Ticks, labels: &[String]) -> anyhow::Result<()> {
    for (value, label) in ticks.values.iter().zip(labels) {
        let y = ticks.map(*value, plot);
        let color = if value.abs() < 1e-12 { AXIS } else { GRID };
        root.draw(&PathElement::new(vec![(px(plot.left), px(y)), (px(plot.right), px(y))], stroke(color, 1)))
            .map_err(draw_err)?;
        text(root, label, (plot.left - 8.0, y), LABEL_PX, INK, HPos::Right, VPos::Center)?;
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
    // Break between words, and inside a word after a hyphen ("ikke-|arbejdsmarkedsparat").
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    for word in text.split_whitespace() {
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

/// Lays legend items out in centred rows: each item with its x offset.
fn layout_legend(items: &[LegendItem], width: f64) -> anyhow::Result<Vec<Vec<(f64, LegendItem)>>> {
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
        let shift = (f64::from(WIDTH) - used) / 2.0;
        for (x, _) in row.iter_mut() {
            *x += shift;
        }
    }
    Ok(rows)
}

fn draw_legend(root: &Area<'_>, rows: &[Vec<(f64, LegendItem)>], top: f64) -> anyhow::Result<()> {
    for (ri, row) in rows.iter().enumerate() {
        let y = top + 10.0 + ri as f64 * 20.0;
        for (x, item) in row {
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
            text(root, &item.label, (x + LEGEND_SWATCH + 6.0, y), LEGEND_PX, INK, HPos::Left, VPos::Center)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi_chart() -> String {
        let base = month_index(2014, 1);
        let actual: Vec<(i32, Option<f64>)> =
            (0..22).map(|i| (base + i, if i == 7 { None } else { Some(70.0 + f64::from(i % 5) * 0.8) })).collect();
        let trajectory = vec![(base + 19, Some(72.0)), (base + 31, Some(68.5))];
        line_chart(
            Lang::Da,
            "Andel på offentlig forsørgelse, jan 2014 – aug 2016",
            &month_label,
            &[
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
            &[Marker { x: base + 31, y: 68.5, label: "Mål aug 2016: 68,5 %".into(), color: INK, open: false }],
            (60.0, 80.0),
            "%",
        )
        .expect("chart")
    }

    #[test]
    fn number_formatting_is_danish() {
        assert_eq!(format_value(Lang::Da, 72.0, 0, "%"), "72 %");
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
        assert!(svg.contains("\n70 %\n"));
        assert!(svg.contains("<title>Andel på offentlig forsørgelse"));
        assert_eq!(svg, kpi_chart());
    }

    #[test]
    fn bar_charts_are_stable() {
        let categories: Vec<String> =
            ["Sygedagpenge", "Kontanthjælp, ikke-arbejdsmarkedsparat", "Førtidspension", "Ledighedsydelse"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
        let grouped = || {
            grouped_bars(
                Lang::Da,
                "Andel fordelt på ydelse",
                &categories,
                &[
                    ("3. kvt. 2014".into(), SKY_BLUE, vec![Some(12.5), Some(30.0), None, Some(4.0)]),
                    ("3. kvt. 2015".into(), BLUE, vec![Some(11.0), Some(28.5), Some(20.0), Some(3.5)]),
                ],
                "%",
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
                Lang::Da,
                "Fuldtidspersoner fordelt på status",
                &categories,
                &[Some(1234.4), Some(15_000.0), None, Some(87.5)],
                BLUISH_GREEN,
                "Fuldtidspersoner",
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
                    Lang::Da,
                    "Andel fordelt på ydelse",
                    &categories,
                    &[
                        ("3. kvt. 2014".into(), SKY_BLUE, vec![Some(12.5), Some(30.0), None, Some(4.0), Some(41.2)]),
                        ("3. kvt. 2015".into(), BLUE, vec![Some(11.0), Some(28.5), Some(20.0), Some(3.5), Some(44.9)]),
                    ],
                    "%",
                )
                .expect("chart"),
            ),
            (
                "status.svg".to_owned(),
                horizontal_bars(
                    Lang::Da,
                    "Fuldtidspersoner fordelt på status",
                    &categories,
                    &[Some(1234.4), Some(15_000.0), None, Some(87.5), Some(9_876.0)],
                    BLUISH_GREEN,
                    "Fuldtidspersoner",
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
