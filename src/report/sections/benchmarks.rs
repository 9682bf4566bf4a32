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

/// One row of the comparison: a name, where its figures come from (`None`: computed from the
/// extract) and its series.
struct Unit {
    name: String,
    file: Option<String>,
    series: Series,
    /// Drawn in the chart: not the six cities of a large extract, which would make more
    /// lines than a reader can tell apart; the table has them.
    in_chart: bool,
}

/// With more municipalities than this in the extract, only the country, the six cities and the
/// rank are shown, not every municipality.
const SHOW_EACH_UP_TO: usize = 8;

/// The comparison, when there is anything to compare with.
pub fn build(ctx: &Ctx, out: &mut Out) -> anyhow::Result<Option<TableChart>> {
    let (inp, l, idx, months) = (ctx.inp, ctx.l, ctx.idx, ctx.months);
    let Out { published, specs, .. } = out;
    let last = inp.quarter.last_month();
    let series_of = |dim: Dimension, g: &str| -> Series {
        Kpi::ALL
            .iter()
            .flat_map(|&k| {
                months.iter().filter_map(move |&m| idx.at(Measure::Kpi(k), m, dim, g).share.map(|v| ((k, m), v)))
            })
            .collect()
    };
    // Units: own municipality, all municipalities of the extract together, the six cities (or
    // every municipality of a small extract), then the given figures.
    let mut units: Vec<Unit> = vec![Unit {
        name: inp.kommune_name.clone(),
        file: None,
        series: series_of(Dimension::Total, "I alt"),
        in_chart: true,
    }];
    let kommuner = group_codes(inp.figures, Dimension::Kommune, last);
    let mut ranks: Vec<(Kpi, usize, usize)> = Vec::new();
    if kommuner.len() > 1 {
        let real = kommuner.iter().filter(|k| crate::kommuner::get(**k).is_some()).count();
        let national = real == crate::kommuner::all().len();
        let land = series_of(Dimension::Land, "I alt");
        if !land.is_empty() {
            units.push(Unit {
                name: texts::all_municipalities(l, kommuner.len(), national),
                file: None,
                series: land,
                in_chart: true,
            });
        }
        if let Some((_, name, _)) = &inp.klynger {
            units.push(Unit {
                name: texts::cluster_name(l, name),
                file: None,
                series: series_of(Dimension::Klynge, "I alt"),
                in_chart: true,
            });
        }
        let shown: Vec<u16> = if kommuner.len() <= SHOW_EACH_UP_TO {
            kommuner.clone()
        } else {
            crate::kommuner::SEKS_BYER.iter().copied().filter(|k| kommuner.contains(k)).collect()
        };
        for k in shown.into_iter().filter(|&k| Some(k) != inp.kommune) {
            let name = match crate::kommuner::get(k) {
                Some(x) if crate::kommuner::SEKS_BYER.contains(&k) && kommuner.len() > SHOW_EACH_UP_TO => {
                    format!("{} ({})", x.navn, l.t("6-byerne", "six cities"))
                }
                Some(x) => x.navn.to_string(),
                None => format!("{} {k}", l.w(texts::words::MUNICIPALITY)),
            };
            let in_chart = kommuner.len() <= SHOW_EACH_UP_TO;
            units.push(Unit { name, file: None, series: series_of(Dimension::Kommune, &k.to_string()), in_chart });
        }
        if let Some(own) = inp.kommune {
            for kpi in Kpi::ALL {
                if let Some((r, n)) = rank(idx, kpi, last, &kommuner, own).filter(|&(_, n)| n > 1) {
                    ranks.push((kpi, r, n));
                }
            }
        }
    }
    if let Some(b) = inp.benchmarks {
        let mut by: BTreeMap<String, Series> = BTreeMap::new();
        for x in &b.items {
            by.entry(x.enhed.clone()).or_default().insert((x.kpi, x.month), x.andel);
        }
        units.extend(by.into_iter().map(|(name, series)| Unit {
            name,
            file: Some(b.name.clone()),
            series,
            in_chart: true,
        }));
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
    for Unit { name, file, series: vals, in_chart } in &units {
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
                        note: texts::comparison_source(l, file.as_deref()),
                    });
                    if k == Kpi::UddannelseJob && *in_chart {
                        alt.push(format!("{name} {}", l.pct(v)));
                    }
                }
                None => row.push("–".into()),
            }
        }
        row.push(texts::comparison_source(l, file.as_deref()));
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
        .filter(|u| u.in_chart)
        .enumerate()
        .map(|(i, u)| LineSeries {
            label: u.name.clone(),
            color: palette[i % palette.len()],
            points: months.iter().map(|&m| (m.index(), u.series.get(&(Kpi::UddannelseJob, m)).copied())).collect(),
            dashed: i > 0,
        })
        .collect();
    let ys: Vec<f64> = series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.1)).collect();
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let range = if lo.is_finite() { ((lo - 1.0).floor(), (hi + 1.0).ceil()) } else { (0.0, 100.0) };
    let given = units.iter().find_map(|u| u.file.as_deref());
    let source = texts::source(l, inp.provisional, given);
    let title = format!("{} {}", l.kpi(Kpi::UddannelseJob), l.w(texts::words::BY_MONTH));
    let figure = match l {
        Lang::Da => format!("{title}: {} og andre enheder", inp.kommune_name),
        Lang::En => format!("{title}: {} and other units", inp.kommune_name),
    };
    specs.push(Spec {
        file: "sammenligning.svg".into(),
        title: l.w(texts::words::SHARE_IN_EDUCATION_OR_JOB_COMPARISON).into(),
        caption: figure.clone(),
        detail: format!(
            "{} {}",
            texts::period(l, inp.from, last),
            l.t("Stiplede linjer: de andre enheder.", "Dashed lines: the other units.")
        ),
        source: source.clone(),
        lang: l,
        kind: Kind::Line { series, markers: Vec::new(), y_range: range, y_unit: "%".into() },
    });
    Ok(Some(TableChart {
        title: l.w(texts::words::COMPARISON_WITH_OTHERS).into(),
        intro: texts::comparison_intro(
            l,
            units.iter().skip(1).any(|u| u.file.is_none()),
            units.iter().find_map(|u| u.file.as_deref()),
            inp.klynger.as_ref().map(|(file, name, members)| {
                (file.as_str(), name.as_str(), members.iter().map(|&k| crate::kommuner::navn(k)).collect::<Vec<_>>())
            }),
        ),
        chart: Some("sammenligning.svg".into()),
        figure,
        table_caption: l
            .t(
                "Seneste kendte værdi for hver enhed (måned i parentes)",
                "Latest known value for each unit (month in brackets)",
            )
            .into(),
        source,
        header_groups: Vec::new(),
        short_header: Vec::new(),
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
            l.w(texts::words::SOURCE).into(),
        ],
        rows,
        note: if ranks.is_empty() { String::new() } else { texts::comparison_rank(l, &inp.kommune_name, last, &ranks) },
    }))
}

/// The municipalities with figures in `month`, by code.
fn group_codes(figs: &[Figure], dim: Dimension, month: Month) -> Vec<u16> {
    let mut g: Vec<u16> = figs
        .iter()
        .filter(|f| f.dimension == dim && f.month == month && f.measure == Measure::Kpi(Kpi::UddannelseJob))
        .map(|f| f.order)
        .collect();
    g.sort();
    g.dedup();
    g
}

/// The own municipality's rank on `kpi` in `month` (1 = highest share) among the municipalities
/// whose share is published, and how many those are; `None` when its own share is hidden.
/// Shares that print the same (to one decimal, as the report prints them) share a rank.
fn rank(idx: &super::Index, kpi: Kpi, month: Month, kommuner: &[u16], own: u16) -> Option<(usize, usize)> {
    let share = |k: u16| {
        idx.at(Measure::Kpi(kpi), month, Dimension::Kommune, &k.to_string()).share.map(|v| crate::numfmt::round(v, 1))
    };
    let mine = share(own)?;
    let all: Vec<f64> = kommuner.iter().filter_map(|&k| share(k)).collect();
    Some((1 + all.iter().filter(|&&v| v > mine).count(), all.len()))
}
