//! Section 2, month by month: each KPI's monthly series as a chart with its course and
//! target, and the last twelve months as a table.

use super::{Ctx, Out, month_marked, round2, why, y_range};
use crate::kpi::figures::{Dimension, Measure};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::charts::{Kind, LineSeries, Marker, Spec};
use crate::report::model::*;
use crate::report::texts;

/// The series of the municipality as a whole.
const TOTAL: (Dimension, &str) = (Dimension::Total, "I alt");

pub fn build(ctx: &Ctx, out: &mut Out) -> Vec<SeriesSection> {
    Kpi::ALL.into_iter().enumerate().map(|(k, kpi)| section(ctx, out, k, kpi)).collect()
}

/// One KPI's section: its months published, its chart and its table. `k` is the KPI's place,
/// which gives its colour.
fn section(ctx: &Ctx, out: &mut Out, k: usize, kpi: Kpi) -> SeriesSection {
    let Ctx { inp, l, last, .. } = *ctx;
    publish(ctx, out, kpi);
    let points: Vec<(i32, Option<f64>)> = ctx.months.iter().map(|&m| (m.index(), share(ctx, kpi, m))).collect();
    let (mut markers, august_text) = august_markers(ctx, k, kpi);
    let (target_text, detail) = target_markers(ctx, kpi, &mut markers);
    markers.extend(provisional_marker(ctx, k, kpi));
    let mut series = lines(ctx, k, kpi, points.clone());
    let forecast_alt = super::forecast::chart(ctx, kpi, &mut series, &mut markers);
    let y_range = y_range(points.iter().filter_map(|p| p.1).chain(markers.iter().map(|m| m.y)));
    let name = format!("serie-{}.svg", kpi.id());
    let caption = texts::series_caption(l, kpi, inp.from, last);
    out.specs.push(Spec {
        file: name.clone(),
        title: format!("{} {}", l.kpi(kpi), l.w(texts::words::BY_MONTH)),
        caption: caption.clone(),
        detail: format!("{detail}{}", texts::period(l, inp.from, last)),
        source: texts::source(l, inp.provisional, None),
        lang: l,
        kind: Kind::Line { series, markers, y_range, y_unit: "%".into() },
    });
    SeriesSection {
        title: l.kpi(kpi).to_string(),
        chart: name,
        alt: texts::series_alt(l, kpi, inp.from, last, share(ctx, kpi, last), &august_text, &target_text)
            + &forecast_alt,
        caption,
        table_caption: format!("{}, {}", l.kpi(kpi), l.w(texts::words::THE_LAST_12_MONTHS)),
        header: vec![
            l.w(texts::words::MONTH).into(),
            l.w(texts::words::SHARE).into(),
            l.w(texts::words::COURSE).into(),
            l.w(texts::words::GAP_PP).into(),
            l.w(texts::words::FULL_TIME_PERSONS).into(),
        ],
        rows: table(ctx, kpi),
    }
}

/// The KPI's published share in a month.
fn share(ctx: &Ctx, kpi: Kpi, m: Month) -> Option<f64> {
    ctx.idx.at(Measure::Kpi(kpi), m, TOTAL.0, TOTAL.1).share
}

/// Every month of the series published, and the hidden ones listed for the appendix.
fn publish(ctx: &Ctx, out: &mut Out, kpi: Kpi) {
    let l = ctx.l;
    for &m in ctx.months {
        let v = ctx.idx.at(Measure::Kpi(kpi), m, TOTAL.0, TOTAL.1);
        if v.reason.is_some() {
            out.suppressed.push(vec![
                l.w(texts::words::MONTHLY_SERIES).into(),
                l.w(texts::words::TOTAL).into(),
                l.kpi(kpi).into(),
                l.month(m),
                texts::reason(l, v.reason),
            ]);
        }
        out.published.push(Published {
            section: "2 månedsserie".into(),
            kpi: kpi.id().into(),
            period: m.to_string(),
            dimension: "total".into(),
            group: TOTAL.1.into(),
            numerator: v.num.map(round2),
            denominator: v.den.map(round2),
            share_pct: v.share.map(round2),
            note: why(v.reason),
        });
    }
}

/// The chart's lines: the actual shares, and the course to the target when there is one.
fn lines(ctx: &Ctx, k: usize, kpi: Kpi, points: Vec<(i32, Option<f64>)>) -> Vec<LineSeries> {
    let l = ctx.l;
    let course: Vec<(i32, Option<f64>)> =
        ctx.months.iter().map(|&m| (m.index(), ctx.inp.targets.course(kpi, m))).filter(|p| p.1.is_some()).collect();
    let mut list =
        vec![LineSeries { label: l.w(texts::words::ACTUAL).into(), color: COLOR_KPI[k], points, dashed: false }];
    if !course.is_empty() {
        list.push(LineSeries {
            label: l.w(texts::words::COURSE_TO_TARGET).into(),
            color: COLOR_COURSE,
            points: course,
            dashed: true,
        });
    }
    list
}

/// Each August's share as a labelled point (the targets are August measurements), and the
/// same values in words for the alternative text.
fn august_markers(ctx: &Ctx, k: usize, kpi: Kpi) -> (Vec<Marker>, Vec<String>) {
    let l = ctx.l;
    let mut markers = Vec::new();
    let mut text = Vec::new();
    for &m in ctx.months.iter().filter(|m| m.month == 8) {
        if let Some(v) = share(ctx, kpi, m) {
            markers.push(Marker {
                x: m.index(),
                y: v,
                label: l.pct(v),
                color: COLOR_KPI[k],
                open: Some(m) == ctx.inp.provisional,
            });
            text.push(format!("{} {}", m.year, l.pct(v)));
        }
    }
    (markers, text)
}

/// Each target's baseline (when the series shows it) and target as points; the last target's
/// sentence for the alternative text and its detail line under the chart.
fn target_markers(ctx: &Ctx, kpi: Kpi, markers: &mut Vec<Marker>) -> (String, String) {
    let (inp, l) = (ctx.inp, ctx.l);
    let mut target_text = String::new();
    let mut detail = String::new();
    for t in inp.targets.targets.iter().filter(|t| t.kpi == kpi) {
        if t.baseline_month >= inp.from && t.baseline_month <= ctx.last {
            // The baseline is usually an August measurement: one point with one label
            // ("Basis 72,8 %"), not the same value labelled twice.
            let at = t.baseline_month.index();
            markers.retain(|mk| !(mk.x == at && mk.label == l.pct(t.baseline_pct)));
            markers.push(Marker {
                x: t.baseline_month.index(),
                y: t.baseline_pct,
                label: format!("{} {}", l.w(texts::words::BASELINE), l.pct(t.baseline_pct)),
                color: COLOR_COURSE,
                open: false,
            });
        }
        markers.push(Marker {
            x: t.target_month.index(),
            y: t.target_pct,
            label: format!("{} {}", l.w(texts::words::TARGET), l.pct(t.target_pct)),
            color: COLOR_TARGET,
            open: false,
        });
        target_text = texts::series_target(l, t);
        detail = format!("{} ", texts::target_detail(l, t));
    }
    (target_text, detail)
}

/// The provisional (newest) month as an open point: it will still move. An August is already
/// drawn open by [`august_markers`].
fn provisional_marker(ctx: &Ctx, k: usize, kpi: Kpi) -> Option<Marker> {
    let p = ctx.inp.provisional.filter(|p| ctx.months.contains(p) && p.month != 8)?;
    let v = share(ctx, kpi, p)?;
    let l = ctx.l;
    Some(Marker {
        x: p.index(),
        y: v,
        label: format!("{} {}", l.pct(v), l.w(texts::words::PROVISIONAL_BRACKETED)),
        color: COLOR_KPI[k],
        open: true,
    })
}

/// The table: the last twelve months the series has, with share, course, gap and full-time
/// persons.
fn table(ctx: &Ctx, kpi: Kpi) -> Vec<Vec<String>> {
    let (inp, l, last) = (ctx.inp, ctx.l, ctx.last);
    (last.index() - 11..=last.index())
        .map(Month::from_index)
        .filter(|m| *m >= inp.from)
        .map(|m| {
            let v = ctx.idx.at(Measure::Kpi(kpi), m, TOTAL.0, TOTAL.1);
            let c = inp.targets.course(kpi, m);
            vec![
                month_marked(inp, m),
                l.dash(v.share, |x| l.pct(x)),
                l.dash(c, |x| l.pct(x)),
                match (v.share, c) {
                    (Some(a), Some(b)) => l.pp_number(a - b),
                    _ => "–".into(),
                },
                l.dash(v.den, |x| l.num(x, 0)),
            ]
        })
        .collect()
}
