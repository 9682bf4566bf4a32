//! Section 2, month by month: each KPI's monthly series as a chart with its course and
//! target, and the last twelve months as a table.

use super::{Ctx, Out, month_marked, round2, why};
use crate::kpi::figures::{Dimension, Measure};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::charts::{Kind, LineSeries, Marker, Spec};
use crate::report::model::*;
use crate::report::texts;

pub fn build(ctx: &Ctx, out: &mut Out) -> Vec<SeriesSection> {
    let Ctx { inp, l, last, months, idx, .. } = *ctx;
    let Out { published, specs, suppressed: suppressed_rows } = out;
    let total = Dimension::Total;
    let tg = "I alt";
    let have = |m: Month| m >= inp.from;
    let mut series = Vec::new();
    for (k, kpi) in Kpi::ALL.into_iter().enumerate() {
        let meas = Measure::Kpi(kpi);
        let points: Vec<(i32, Option<f64>)> =
            months.iter().map(|&m| (m.index(), idx.at(meas, m, total, tg).share)).collect();
        for &m in months {
            let v = idx.at(meas, m, total, tg);
            if v.reason.is_some() {
                suppressed_rows.push(vec![
                    l.w(texts::words::MONTHLY_SERIES).into(),
                    l.w(texts::words::TOTAL).into(),
                    l.kpi(kpi).into(),
                    l.month(m),
                    texts::reason(l, v.reason),
                ]);
            }
            published.push(Published {
                section: "2 månedsserie".into(),
                kpi: kpi.id().into(),
                period: m.to_string(),
                dimension: "total".into(),
                group: tg.into(),
                numerator: v.num.map(round2),
                denominator: v.den.map(round2),
                share_pct: v.share.map(round2),
                note: why(v.reason),
            });
        }
        let course: Vec<(i32, Option<f64>)> =
            months.iter().map(|&m| (m.index(), inp.targets.course(kpi, m))).filter(|p| p.1.is_some()).collect();
        let mut list = vec![LineSeries {
            label: l.w(texts::words::ACTUAL).into(),
            color: COLOR_KPI[k],
            points: points.clone(),
            dashed: false,
        }];
        if !course.is_empty() {
            list.push(LineSeries {
                label: l.w(texts::words::COURSE_TO_TARGET).into(),
                color: COLOR_COURSE,
                points: course,
                dashed: true,
            });
        }
        let mut markers = Vec::new();
        let mut august_text = Vec::new();
        for &m in months.iter().filter(|m| m.month == 8) {
            if let Some(v) = idx.at(meas, m, total, tg).share {
                markers.push(Marker {
                    x: m.index(),
                    y: v,
                    label: l.pct(v),
                    color: COLOR_KPI[k],
                    open: Some(m) == inp.provisional,
                });
                august_text.push(format!("{} {}", m.year, l.pct(v)));
            }
        }
        let mut target_text = String::new();
        let mut detail = String::new();
        for t in inp.targets.targets.iter().filter(|t| t.kpi == kpi) {
            if have(t.baseline_month) && t.baseline_month <= last {
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
        // The provisional (newest) month as an open point: it will still move.
        if let Some(p) = inp.provisional.filter(|p| months.contains(p) && p.month != 8)
            && let Some(v) = idx.at(meas, p, total, tg).share
        {
            markers.push(Marker {
                x: p.index(),
                y: v,
                label: format!("{} {}", l.pct(v), l.w(texts::words::PROVISIONAL_BRACKETED)),
                color: COLOR_KPI[k],
                open: true,
            });
        }
        let vals: Vec<f64> = points.iter().filter_map(|p| p.1).chain(markers.iter().map(|m| m.y)).collect();
        let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() { ((lo - 1.0).floor(), (hi + 1.0).ceil()) } else { (0.0, 100.0) };
        let name = format!("serie-{}.svg", kpi.id());
        let title = format!("{} {}", l.kpi(kpi), l.w(texts::words::BY_MONTH));
        let caption = texts::series_caption(l, kpi, inp.from, last);
        specs.push(Spec {
            file: name.clone(),
            title: title.clone(),
            caption: caption.clone(),
            detail: format!("{detail}{}", texts::period(l, inp.from, last)),
            source: texts::source(l, inp.provisional, None),
            lang: l,
            kind: Kind::Line { series: list, markers, y_range: (lo, hi), y_unit: "%".into() },
        });
        let latest = idx.at(meas, last, total, tg).share;
        let alt = texts::series_alt(l, kpi, inp.from, last, latest, &august_text, &target_text);
        let header = vec![
            l.w(texts::words::MONTH).into(),
            l.w(texts::words::SHARE).into(),
            l.w(texts::words::COURSE).into(),
            l.w(texts::words::GAP_PP).into(),
            l.w(texts::words::FULL_TIME_PERSONS).into(),
        ];
        let mut rows = Vec::new();
        for m in (last.index() - 11..=last.index()).map(Month::from_index).filter(|m| have(*m)) {
            let v = idx.at(meas, m, total, tg);
            let c = inp.targets.course(kpi, m);
            rows.push(vec![
                month_marked(inp, m),
                l.dash(v.share, |x| l.pct(x)),
                l.dash(c, |x| l.pct(x)),
                match (v.share, c) {
                    (Some(a), Some(b)) => l.pp_number(a - b),
                    _ => "–".into(),
                },
                l.dash(v.den, |x| l.num(x, 0)),
            ]);
        }
        series.push(SeriesSection {
            title: l.kpi(kpi).to_string(),
            chart: name,
            alt,
            caption,
            table_caption: format!("{}, {}", l.kpi(kpi), l.w(texts::words::THE_LAST_12_MONTHS)),
            header,
            rows,
        });
    }
    series
}
