//! Section 5, the comparison: the own municipality against the extract's other
//! municipalities and the figures given with `--benchmarks`.

use super::{Ctx, Out, round2, y_range};
use crate::kpi::figures::Figure;
use crate::kpi::figures::{Dimension, Measure};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::charts::{self, Kind, LineSeries, Spec};
use crate::report::inputs::Benchmarks;
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
    let (inp, l) = (ctx.inp, ctx.l);
    let last = inp.quarter.last_month();
    let kommuner = group_codes(inp.figures, Dimension::Kommune, last);
    let mut units = extract_units(ctx, &kommuner);
    if let Some(b) = inp.benchmarks {
        units.extend(given_units(b));
    }
    if units.len() < 2 {
        return Ok(None);
    }
    let ranks = match inp.kommune {
        Some(own) if kommuner.len() > 1 => ranks(ctx.idx, last, &kommuner, own),
        _ => Vec::new(),
    };
    let (rows, alt) = table(ctx, &units, &mut out.published);
    let given = units.iter().find_map(|u| u.file.as_deref());
    let source = texts::source(l, inp.provisional, given);
    let figure = match l {
        Lang::Da => format!("{}: {} og andre enheder", chart_title(l), inp.kommune_name),
        Lang::En => format!("{}: {} and other units", chart_title(l), inp.kommune_name),
    };
    out.specs.push(chart(ctx, &units, &figure, &source));
    Ok(Some(TableChart {
        title: l.w(texts::words::COMPARISON_WITH_OTHERS).into(),
        intro: texts::comparison_intro(
            l,
            units.iter().skip(1).any(|u| u.file.is_none()),
            given,
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

/// The units computed from the extract: the own municipality, all municipalities of the
/// extract together, the cluster, and the six cities (or every municipality of a small
/// extract); only the first when the extract holds one municipality.
fn extract_units(ctx: &Ctx, kommuner: &[u16]) -> Vec<Unit> {
    let (inp, l) = (ctx.inp, ctx.l);
    let series_of = |dim: Dimension, g: &str| series_of(ctx, dim, g);
    let mut units = vec![Unit {
        name: inp.kommune_name.clone(),
        file: None,
        series: series_of(Dimension::Total, "I alt"),
        in_chart: true,
    }];
    if kommuner.len() <= 1 {
        return units;
    }
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
    let each = kommuner.len() <= SHOW_EACH_UP_TO;
    let shown: Vec<u16> = if each {
        kommuner.to_vec()
    } else {
        crate::kommuner::SEKS_BYER.iter().copied().filter(|k| kommuner.contains(k)).collect()
    };
    for k in shown.into_iter().filter(|&k| Some(k) != inp.kommune) {
        let name = match crate::kommuner::get(k) {
            Some(x) if crate::kommuner::SEKS_BYER.contains(&k) && !each => {
                format!("{} ({})", x.navn, l.t("6-byerne", "six cities"))
            }
            Some(x) => x.navn.to_string(),
            None => format!("{} {k}", l.w(texts::words::MUNICIPALITY)),
        };
        units.push(Unit { name, file: None, series: series_of(Dimension::Kommune, &k.to_string()), in_chart: each });
    }
    units
}

/// A group's published monthly shares of each KPI.
fn series_of(ctx: &Ctx, dim: Dimension, g: &str) -> Series {
    Kpi::ALL
        .iter()
        .flat_map(|&k| {
            ctx.months.iter().filter_map(move |&m| ctx.idx.at(Measure::Kpi(k), m, dim, g).share.map(|v| ((k, m), v)))
        })
        .collect()
}

/// The units of the figures given with `--benchmarks`, by name.
fn given_units(b: &Benchmarks) -> Vec<Unit> {
    let mut by: BTreeMap<String, Series> = BTreeMap::new();
    for x in &b.items {
        by.entry(x.enhed.clone()).or_default().insert((x.kpi, x.month), x.andel);
    }
    by.into_iter().map(|(name, series)| Unit { name, file: Some(b.name.clone()), series, in_chart: true }).collect()
}

/// The own municipality's rank on each KPI, where it has one among more than one.
fn ranks(idx: &super::Index, last: Month, kommuner: &[u16], own: u16) -> Vec<(Kpi, usize, usize)> {
    Kpi::ALL
        .into_iter()
        .filter_map(|kpi| rank(idx, kpi, last, kommuner, own).filter(|&(_, n)| n > 1).map(|(r, n)| (kpi, r, n)))
        .collect()
}

/// The table's rows (each unit's latest value of each KPI, and its source), published as they
/// are shown, and the chart's alternative text for the units it draws.
fn table(ctx: &Ctx, units: &[Unit], published: &mut Vec<Published>) -> (Vec<Vec<String>>, Vec<String>) {
    let l = ctx.l;
    let last = ctx.inp.quarter.last_month();
    let latest = |vals: &Series, k: Kpi| {
        vals.iter()
            .filter(|((kk, m), _)| *kk == k && *m <= last)
            .max_by_key(|((_, m), _)| *m)
            .map(|((_, m), v)| (*m, *v))
    };
    let mut rows = Vec::new();
    let mut alt = Vec::new();
    for Unit { name, file, series: vals, in_chart } in units {
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
    (rows, alt)
}

fn chart_title(l: Lang) -> String {
    format!("{} {}", l.kpi(Kpi::UddannelseJob), l.w(texts::words::BY_MONTH))
}

/// The chart: the share in education or job by month, one line per unit drawn, the own
/// municipality solid and the others dashed.
fn chart(ctx: &Ctx, units: &[Unit], figure: &str, source: &str) -> Spec {
    let l = ctx.l;
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
            points: ctx.months.iter().map(|&m| (m.index(), u.series.get(&(Kpi::UddannelseJob, m)).copied())).collect(),
            dashed: i > 0,
        })
        .collect();
    let range = y_range(series.iter().flat_map(|s| s.points.iter().filter_map(|p| p.1)));
    Spec {
        file: "sammenligning.svg".into(),
        title: l.w(texts::words::SHARE_IN_EDUCATION_OR_JOB_COMPARISON).into(),
        caption: figure.to_string(),
        detail: format!(
            "{} {}",
            texts::period(l, ctx.inp.from, ctx.inp.quarter.last_month()),
            l.t("Stiplede linjer: de andre enheder.", "Dashed lines: the other units.")
        ),
        source: source.to_string(),
        lang: l,
        kind: Kind::Line { series, markers: Vec::new(), y_range: range, y_unit: "%".into() },
    }
}

/// The municipalities with figures in `month`, by code.
fn group_codes(figs: &[Figure], dim: Dimension, month: Month) -> Vec<u16> {
    let mut g: Vec<u16> = figs
        .iter()
        .filter(|f| f.dimension == dim && f.period == month && f.measure == Measure::Kpi(Kpi::UddannelseJob))
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
