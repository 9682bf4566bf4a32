//! Section 2, month by month: each goal's monthly series as a chart with its two courses and
//! its target, and the last twelve months as a table.

use super::{Ctx, Goal, Out, month_marked, round2, why, y_range};
use crate::kpi::targets::{Course, Subject};
use crate::method::calendar::Month;
use crate::report::charts::{Color, Kind, LineSeries, Marker, Spec};
use crate::report::model::*;
use crate::report::texts;

pub fn build(ctx: &Ctx, out: &mut Out) -> Vec<SeriesSection> {
    ctx.goals().iter().map(|goal| section(ctx, out, goal)).collect()
}

/// One goal's section: its months published, its chart and its table.
fn section(ctx: &Ctx, out: &mut Out, goal: &Goal) -> SeriesSection {
    let Ctx { inp, l, last, .. } = *ctx;
    let s = &goal.subject;
    publish(ctx, out, goal);
    let points: Vec<(i32, Option<f64>)> = ctx.months.iter().map(|&m| (m.index(), ctx.share(s, m))).collect();
    let (mut markers, august_text) = august_markers(ctx, goal);
    let (target_text, detail) = target_markers(ctx, s, &mut markers);
    markers.extend(provisional_marker(ctx, goal));
    let mut lines = lines(ctx, goal, points);
    let forecast_alt = super::forecast::chart(ctx, goal, &mut lines, &mut markers);
    let y_range = y_range(
        lines.iter().flat_map(|line| line.points.iter().filter_map(|p| p.1)).chain(markers.iter().map(|m| m.y)),
    );
    let name = format!("{}.svg", goal.stem);
    let caption = texts::series_caption(l, &goal.name, inp.from, last);
    out.specs.push(Spec {
        file: name.clone(),
        title: format!("{} {}", goal.name, l.w(texts::words::BY_MONTH)),
        caption: caption.clone(),
        detail: format!("{detail}{}", texts::period(l, inp.from, last)),
        source: texts::source(l, inp.provisional, None),
        lang: l,
        kind: Kind::Line { series: lines, markers, y_range, y_unit: "%".into() },
    });
    SeriesSection {
        title: goal.name.clone(),
        chart: name,
        alt: texts::series_alt(l, &goal.name, inp.from, last, ctx.share(s, last), &august_text, &target_text)
            + &forecast_alt,
        caption,
        table_caption: format!("{}, {}", goal.name, l.w(texts::words::THE_LAST_12_MONTHS)),
        header: vec![
            l.w(texts::words::MONTH).into(),
            l.w(texts::words::SHARE).into(),
            texts::course_name(l, Course::Straight).into(),
            l.w(texts::words::GAP_PP_SHORT).into(),
            texts::course_name(l, Course::Seasonal).into(),
            l.w(texts::words::GAP_PP_SHORT).into(),
            l.w(texts::words::FULL_TIME_PERSONS).into(),
        ],
        rows: table(ctx, s),
    }
}

/// Every month of the series published, and the hidden ones listed for the appendix.
fn publish(ctx: &Ctx, out: &mut Out, goal: &Goal) {
    let l = ctx.l;
    let s = &goal.subject;
    for &m in ctx.months {
        let v = ctx.val(s, m);
        if v.reason.is_some() {
            out.suppressed.push(vec![
                l.w(texts::words::MONTHLY_SERIES).into(),
                if s.is_total() { l.w(texts::words::TOTAL).into() } else { l.group(&s.group) },
                goal.name.clone(),
                l.month(m),
                texts::reason(l, v.reason),
            ]);
        }
        out.published.push(Published {
            section: "2 månedsserie".into(),
            kpi: s.kpi.id().into(),
            period: m.to_string(),
            dimension: s.dimension.id().into(),
            group: s.group.clone(),
            numerator: v.num.map(round2),
            denominator: v.den.map(round2),
            share_pct: v.share.map(round2),
            note: why(v.reason),
        });
    }
}

/// The seasonal course's colour: dashed like the straight one, in the target's colour.
const COLOR_SEASONAL: Color = COLOR_TARGET;

/// The chart's lines: the actual shares, and the two courses to the target when there is one.
fn lines(ctx: &Ctx, goal: &Goal, points: Vec<(i32, Option<f64>)>) -> Vec<LineSeries> {
    let (l, s) = (ctx.l, &goal.subject);
    let targets = ctx.inp.targets;
    let share = |m: Month| ctx.share(s, m);
    let course = |f: &dyn Fn(Month) -> Option<f64>| -> Vec<(i32, Option<f64>)> {
        // From the first month a target applies; a gap where the course has no value.
        let first = ctx.months.iter().position(|&m| targets.for_month(s, m).is_some()).unwrap_or(ctx.months.len());
        ctx.months[first..].iter().map(|&m| (m.index(), f(m))).collect()
    };
    let straight = course(&|m| targets.course(s, m));
    let seasonal = course(&|m| targets.seasonal(s, m, &share));
    let mut list =
        vec![LineSeries { label: l.w(texts::words::ACTUAL).into(), color: goal.color, points, dashed: false }];
    for (c, points, color) in [(Course::Straight, straight, COLOR_COURSE), (Course::Seasonal, seasonal, COLOR_SEASONAL)]
    {
        if points.iter().any(|p| p.1.is_some()) {
            list.push(LineSeries { label: texts::course_name(l, c).into(), color, points, dashed: true });
        }
    }
    list
}

/// Each August's share as a labelled point (the targets are August measurements), and the
/// same values in words for the alternative text.
fn august_markers(ctx: &Ctx, goal: &Goal) -> (Vec<Marker>, Vec<String>) {
    let l = ctx.l;
    let mut markers = Vec::new();
    let mut text = Vec::new();
    for &m in ctx.months.iter().filter(|m| m.month == 8) {
        if let Some(v) = ctx.share(&goal.subject, m) {
            markers.push(Marker {
                x: m.index(),
                y: v,
                label: l.pct(v),
                color: goal.color,
                open: Some(m) == ctx.inp.provisional,
            });
            text.push(format!("{} {}", m.year, l.pct(v)));
        }
    }
    (markers, text)
}

/// Each target's baseline (when the series shows it) and target as points; the last target's
/// sentence for the alternative text and its detail line under the chart.
fn target_markers(ctx: &Ctx, s: &Subject, markers: &mut Vec<Marker>) -> (String, String) {
    let (inp, l) = (ctx.inp, ctx.l);
    let mut target_text = String::new();
    let mut detail = String::new();
    for t in inp.targets.targets.iter().filter(|t| t.subject == *s) {
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
fn provisional_marker(ctx: &Ctx, goal: &Goal) -> Option<Marker> {
    let p = ctx.inp.provisional.filter(|p| ctx.months.contains(p) && p.month != 8)?;
    let v = ctx.share(&goal.subject, p)?;
    let l = ctx.l;
    Some(Marker {
        x: p.index(),
        y: v,
        label: format!("{} {}", l.pct(v), l.w(texts::words::PROVISIONAL_BRACKETED)),
        color: goal.color,
        open: true,
    })
}

/// The table: the last twelve months the series has, with share, both courses and their
/// gaps, and full-time persons.
fn table(ctx: &Ctx, s: &Subject) -> Vec<Vec<String>> {
    let (inp, l, last) = (ctx.inp, ctx.l, ctx.last);
    let share = |m: Month| ctx.share(s, m);
    let gap = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => l.pp_number(a - b),
        _ => "–".into(),
    };
    (last.index() - 11..=last.index())
        .map(Month::from_index)
        .filter(|m| *m >= inp.from)
        .map(|m| {
            let v = ctx.val(s, m);
            let straight = inp.targets.course(s, m);
            let seasonal = inp.targets.seasonal(s, m, &share);
            vec![
                month_marked(inp, m),
                l.dash(v.share, |x| l.pct(x)),
                l.dash(straight, |x| l.pct(x)),
                gap(v.share, straight),
                l.dash(seasonal, |x| l.pct(x)),
                gap(v.share, seasonal),
                l.dash(v.den, |x| l.num(x, 0)),
            ]
        })
        .collect()
}
