//! Section 5, the comparison: the own municipality against the extract's other
//! municipalities and the figures given with `--benchmarks`.

use super::{Ctx, Out, round2};
use crate::kpi::figures::Figure;
use crate::kpi::figures::{Dimension, Measure};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::charts::{self, Kind, LineSeries, Spec};
use crate::report::model::*;
use crate::report::texts;
use std::collections::BTreeMap;

/// A monthly series per KPI.
type Series = BTreeMap<(Kpi, Month), f64>;

/// The comparison, when there is anything to compare with.
pub fn build(ctx: &Ctx, out: &mut Out) -> anyhow::Result<Option<TableChart>> {
    let (inp, l, idx, months) = (ctx.inp, ctx.l, ctx.idx, ctx.months);
    let Out { published, specs, .. } = out;
    let last = inp.quarter.last_month();
    // Units: own municipality, the extract's other municipalities, then the given figures.
    let mut units: Vec<(String, Series)> = Vec::new();
    let own: Series = Kpi::ALL
        .iter()
        .flat_map(|&k| {
            months
                .iter()
                .filter_map(move |&m| idx.at(Measure::Kpi(k), m, Dimension::Total, "I alt").share.map(|v| ((k, m), v)))
        })
        .collect();
    units.push((inp.kommune_name.clone(), own));
    let kommuner = group_names(inp.figures, Dimension::Kommune, last);
    if kommuner.len() > 1 {
        for g in &kommuner {
            let vals: Series = Kpi::ALL
                .iter()
                .flat_map(|&k| {
                    months.iter().filter_map(move |&m| {
                        idx.at(Measure::Kpi(k), m, Dimension::Kommune, g).share.map(|v| ((k, m), v))
                    })
                })
                .collect();
            units.push((format!("{} {g}", l.w(texts::words::MUNICIPALITY)), vals));
        }
    }
    if let Some(b) = inp.benchmarks {
        let mut by: BTreeMap<String, Series> = BTreeMap::new();
        for x in &b.items {
            by.entry(x.enhed.clone()).or_default().insert((x.kpi, x.month), x.andel);
        }
        units.extend(by);
    }
    if units.len() < 2 {
        return Ok(None);
    }
    let latest = |vals: &Series, k: Kpi| {
        vals.iter()
            .filter(|((kk, m), _)| *kk == k && *m <= last)
            .max_by_key(|((_, m), _)| *m)
            .map(|((_, m), v)| (*m, *v))
    };
    let mut rows = Vec::new();
    let mut alt = Vec::new();
    for (name, vals) in &units {
        let mut row = vec![name.clone()];
        for k in Kpi::ALL {
            match latest(vals, k) {
                Some((m, v)) => {
                    row.push(format!("{} ({})", l.pct(v), l.month_short(m)));
                    published.push(Published {
                        section: "5 sammenligning".into(),
                        kpi: k.id().into(),
                        period: m.to_string(),
                        dimension: "enhed".into(),
                        group: name.clone(),
                        numerator: None,
                        denominator: None,
                        share_pct: Some(round2(v)),
                        note: String::new(),
                    });
                    if k == Kpi::UddannelseJob {
                        alt.push(format!("{name} {}", l.pct(v)));
                    }
                }
                None => row.push("–".into()),
            }
        }
        rows.push(row);
    }
    let palette = [
        COLOR_KPI[0],
        charts::ORANGE,
        charts::REDDISH_PURPLE,
        charts::VERMILLION,
        charts::SKY_BLUE,
        charts::YELLOW,
        charts::GREY,
    ];
    let series: Vec<LineSeries> = units
        .iter()
        .enumerate()
        .map(|(i, (name, vals))| LineSeries {
            label: name.clone(),
            color: palette[i % palette.len()],
            points: months.iter().map(|&m| (m.index(), vals.get(&(Kpi::UddannelseJob, m)).copied())).collect(),
            dashed: i > 0,
        })
        .collect();
    let ys: Vec<f64> = series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.1)).collect();
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let range = if lo.is_finite() { ((lo - 1.0).floor(), (hi + 1.0).ceil()) } else { (0.0, 100.0) };
    specs.push(Spec {
        file: "sammenligning.svg".into(),
        title: l.w(texts::words::SHARE_IN_EDUCATION_OR_JOB_COMPARISON).into(),
        lang: l,
        kind: Kind::Line { series, markers: Vec::new(), y_range: range, y_unit: "%".into() },
    });
    Ok(Some(TableChart {
        title: l.w(texts::words::COMPARISON_WITH_OTHERS).into(),
        intro: l
            .t(
                "Seneste kendte værdi for hver enhed (måned i parentes).",
                "Latest known value for each unit (month in brackets).",
            )
            .into(),
        chart: Some("sammenligning.svg".into()),
        alt: format!(
            "{}: {}.",
            l.t(
                "Linjediagram over andelen i uddannelse eller job pr. måned for hver enhed; seneste værdier",
                "Line chart of the share in education or job by month for each unit; latest values"
            ),
            alt.join("; ")
        ),
        header: vec![
            l.w(texts::words::UNIT).into(),
            l.kpi(Kpi::UddannelseJob).into(),
            l.kpi(Kpi::Arbejdsduelige).into(),
        ],
        rows,
        note: String::new(),
    }))
}

/// Groups of a dimension in report order, as they appear in the figures of `month`.
fn group_names(figs: &[Figure], dim: Dimension, month: Month) -> Vec<String> {
    let mut g: Vec<(u16, String)> = figs
        .iter()
        .filter(|f| f.dimension == dim && f.month == month && f.measure == Measure::Kpi(Kpi::UddannelseJob))
        .map(|f| (f.order, f.group.clone()))
        .collect();
    g.sort();
    g.dedup();
    g.into_iter().map(|x| x.1).collect()
}
