//! Section 4, status and flows: full-time persons by status in the quarter and a year before,
//! and the flows between statuses from the quarter's first month to its last.

use super::{Ctx, Out, Val, quarter_note, round2, why};
use crate::kpi::figures::{Dimension, Measure};
use crate::kpi::flows::{self};
use crate::method::status::{Kpi, Status};
use crate::report::charts::{BarGroup, Kind, Spec};
use crate::report::model::*;
use crate::report::texts;

/// Full-time persons by status.
pub fn status(ctx: &Ctx, out: &mut Out) -> TableChart {
    let Ctx { inp, l, q, year_ago, .. } = *ctx;
    let have_year = year_ago.months()[0] >= inp.from;
    let mut rows = Vec::new();
    let mut bars = (Vec::new(), Vec::new());
    let mut alt = Vec::new();
    for s in Status::ALL {
        let (before, now) = status_quarters(ctx, out, s, have_year);
        rows.push(vec![
            l.status(s).to_string(),
            l.dash(before.num, |x| l.num(x, 0)),
            l.dash(now.num, |x| l.num(x, 0)),
            l.dash(now.share, |x| l.pct(x)),
        ]);
        bars.0.push(before.num);
        bars.1.push(now.num);
        alt.push(format!("{} {}", l.status(s), l.dash(now.num, |x| l.num(x, 0))));
    }
    rows.push(total_row(ctx, out, have_year));
    let title = l.w(texts::words::FULL_TIME_PERSONS_BY_STATUS);
    let quarters = if have_year { texts::two_quarters(l, year_ago, q) } else { l.quarter_short(q) };
    let caption = format!("{title}, {}, {quarters}", l.w(texts::words::MONTHLY_AVERAGE));
    let source = texts::source(l, inp.provisional, None);
    out.specs.push(status_chart(ctx, bars, have_year, &caption, &source));
    TableChart {
        title: title.into(),
        intro: texts::status_intro(l, q),
        chart: Some("status.svg".into()),
        alt: format!(
            "{} ({}): {}.",
            l.t(
                "Liggende søjlediagram over fuldtidspersoner efter status",
                "Horizontal bar chart of full-time persons by status"
            ),
            l.quarter_short(q),
            alt.join("; ")
        ),
        figure: caption.clone(),
        table_caption: caption,
        source,
        header: vec![
            l.w(texts::words::STATUS).into(),
            l.quarter_short(year_ago),
            l.quarter_short(q),
            format!("{}, {}", l.w(texts::words::SHARE), l.quarter_short(q)),
        ],
        header_groups: Vec::new(),
        short_header: Vec::new(),
        rows,
        note: quarter_note(inp, q),
    }
}

/// A status's full-time persons a year before and in the quarter. Both are published (the
/// year before empty when the series does not reach it); the hidden ones the report shows
/// are listed for the appendix.
fn status_quarters(ctx: &Ctx, out: &mut Out, s: Status, have_year: bool) -> (Val, Val) {
    let Ctx { l, q, year_ago, pools, .. } = *ctx;
    let now = pools.at(Measure::Fuldtidspersoner, q, Dimension::Status, s.id());
    let before = if have_year {
        pools.at(Measure::Fuldtidspersoner, year_ago, Dimension::Status, s.id())
    } else {
        Val::default()
    };
    for (period, v) in [(year_ago, before), (q, now)] {
        out.published.push(Published {
            section: "4 status".into(),
            kpi: "fuldtidspersoner".into(),
            period: period.stem(),
            dimension: "status".into(),
            group: s.id().into(),
            numerator: v.num.map(round2),
            denominator: v.den.map(round2),
            share_pct: v.share.map(round2),
            note: why(v.reason),
        });
        if v.reason.is_some() && (period == q || have_year) {
            out.suppressed.push(vec![
                l.w(texts::words::STATUS).into(),
                l.status(s).into(),
                l.w(texts::words::FULL_TIME_PERSONS).into(),
                l.quarter_short(period),
                texts::reason(l, v.reason),
            ]);
        }
    }
    (before, now)
}

/// The row of all full-time persons, each quarter's total listed for the appendix when hidden.
fn total_row(ctx: &Ctx, out: &mut Out, have_year: bool) -> Vec<String> {
    let Ctx { l, q, year_ago, pools, .. } = *ctx;
    let (total, tg) = (Dimension::Total, "I alt");
    let now = pools.at(Measure::Kpi(Kpi::UddannelseJob), q, total, tg);
    let before =
        if have_year { pools.at(Measure::Kpi(Kpi::UddannelseJob), year_ago, total, tg) } else { Val::default() };
    for (period, have_it) in [(year_ago, have_year), (q, true)] {
        if let Some(r) = pools.den_reason(period).filter(|_| have_it) {
            out.suppressed.push(vec![
                l.w(texts::words::STATUS).into(),
                l.w(texts::words::TOTAL).into(),
                l.w(texts::words::FULL_TIME_PERSONS).into(),
                l.quarter_short(period),
                texts::reason(l, Some(r)),
            ]);
        }
    }
    vec![
        l.w(texts::words::TOTAL).into(),
        l.dash(before.den, |x| l.num(x, 0)),
        l.dash(now.den, |x| l.num(x, 0)),
        l.pct(100.0),
    ]
}

/// The status chart: both quarters the intro names, the year before first, as in the
/// breakdowns. `bars` holds each status's full-time persons (before, now).
fn status_chart(
    ctx: &Ctx,
    bars: (Vec<Option<f64>>, Vec<Option<f64>>),
    have_year: bool,
    caption: &str,
    source: &str,
) -> Spec {
    let l = ctx.l;
    let mut groups = Vec::new();
    if have_year {
        groups.push(BarGroup { label: l.quarter_short(ctx.year_ago), color: COLOR_BEFORE, values: bars.0 });
    }
    groups.push(BarGroup { label: l.quarter_short(ctx.q), color: COLOR_NOW, values: bars.1 });
    Spec {
        file: "status.svg".into(),
        title: l.w(texts::words::FULL_TIME_PERSONS_BY_STATUS).into(),
        caption: caption.to_string(),
        detail: l
            .t(
                "Fuldtidspersoner: personuger delt med ugerne i måneden; – = skjult.",
                "Full-time persons: person-weeks divided by the weeks in the month; – = hidden.",
            )
            .into(),
        source: source.to_string(),
        lang: l,
        kind: Kind::HorizontalBars {
            categories: Status::ALL.iter().map(|&s| l.status(s).to_string()).collect(),
            groups,
            unit: String::new(),
        },
    }
}

/// The flow section: the table, the largest flows as a chart, and a sentence of sums, all
/// as disclosure control left them ([`crate::kpi::flows`]).
pub fn flows(ctx: &Ctx, out: &mut Out) -> anyhow::Result<TableChart> {
    let (fl, l) = (ctx.inp.flows, ctx.l);
    let q = fl.quarter;
    let names: Vec<String> = texts::FLOW_GROUPS.iter().map(|g| l.t(g.0, g.1).to_string()).collect();
    // Rows and columns are numbered, so the printed table can head its narrow columns by number.
    let numbered: Vec<String> = names.iter().enumerate().map(|(i, n)| format!("({}) {n}", i + 1)).collect();
    let period = format!("{} → {}", q.first_month(), q.last_month());
    let (rows, mut top) = flow_table(ctx, out, &names, &numbered, &period);
    publish_sums(ctx, out, &period);
    top.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    top.truncate(8);
    let mut header = vec![l.w(texts::words::FROM_TO).to_string()];
    header.extend(numbered.iter().cloned());
    let mut short_header = vec![l.w(texts::words::FROM_TO).to_string()];
    short_header.extend((1..=names.len()).map(|i| format!("({i})")));
    let (ma, mb) = (l.month(q.first_month()), l.month(q.last_month()));
    let show = |v: Option<u32>| show(l, v);
    let (ledig_to_job, job_to_ledig, to_job) =
        (show(fl.published_sum(0)), show(fl.published_sum(1)), show(fl.published_sum(2)));
    let intro = texts::flows_intro(l, &ma, &mb, &ledig_to_job, &job_to_ledig, &to_job);
    let (figure, table_caption) = texts::flows_captions(l, &ma, &mb);
    let source = texts::source(l, ctx.inp.provisional, None);
    let chart = (!top.is_empty()).then(|| {
        out.specs.push(flow_chart(ctx, &top, &figure, &source));
        "stroemme.svg".to_string()
    });
    let alt = format!(
        "{} {ma} – {mb}: {}.",
        l.t(
            "Liggende søjlediagram over de største strømme mellem statusser,",
            "Horizontal bar chart of the largest flows between statuses,"
        ),
        top.iter().map(|t| format!("{} {}", t.1, l.num(t.0 as f64, 0))).collect::<Vec<_>>().join("; ")
    );
    Ok(TableChart {
        title: texts::flows_title(l, &ma, &mb),
        intro,
        chart,
        alt,
        figure,
        table_caption,
        source,
        header,
        header_groups: Vec::new(),
        short_header,
        rows,
        note: texts::flows_note(l).into(),
    })
}

/// A number of persons as the table shows it; "–" when hidden.
fn show(l: Lang, v: Option<u32>) -> String {
    v.map(|n| l.num(n as f64, 0)).unwrap_or_else(|| "–".to_string())
}

/// The table of flows from each group to each, every cell published and the hidden ones
/// listed for the appendix; and the flows between different groups that are shown, with
/// their persons, for the chart of the largest.
fn flow_table(
    ctx: &Ctx,
    out: &mut Out,
    names: &[String],
    numbered: &[String],
    period: &str,
) -> (Vec<Vec<String>>, Vec<(u32, String)>) {
    let (fl, l) = (ctx.inp.flows, ctx.l);
    let mut rows = Vec::new();
    let mut top: Vec<(u32, String)> = Vec::new();
    for i in 0..flows::GROUPS {
        let mut row = vec![numbered[i].clone()];
        for j in 0..flows::GROUPS {
            let v = fl.published(i, j);
            row.push(show(l, v));
            out.published.push(Published {
                section: "4 strømme".into(),
                kpi: "personer".into(),
                period: period.to_string(),
                dimension: texts::FLOW_GROUPS[i].0.into(),
                group: texts::FLOW_GROUPS[j].0.into(),
                numerator: v.map(|n| n as f64),
                denominator: None,
                share_pct: None,
                note: fl.hidden[i][j].map(|r| r.code().to_string()).unwrap_or_default(),
            });
            // "til", not an arrow: the report's font has no arrow glyph.
            let flow = || format!("{} {} {}", names[i], l.w(texts::words::TO), names[j].to_lowercase());
            if let Some(r) = fl.hidden[i][j] {
                out.suppressed.push(vec![
                    l.w(texts::words::FLOWS).into(),
                    flow(),
                    l.w(texts::words::PERSONS).into(),
                    l.quarter_short(fl.quarter),
                    texts::reason(l, Some(r)),
                ]);
            }
            if let Some(n) = v
                && i != j
                && n > 0
            {
                top.push((n, flow()));
            }
        }
        rows.push(row);
    }
    (rows, top)
}

/// The sums the sentence states, published too, beside the flows they add.
fn publish_sums(ctx: &Ctx, out: &mut Out, period: &str) {
    let (fl, l) = (ctx.inp.flows, ctx.l);
    for (k, (da, en)) in texts::FLOW_SUMS.iter().enumerate() {
        let v = fl.published_sum(k);
        out.published.push(Published {
            section: "4 strømme".into(),
            kpi: "personer".into(),
            period: period.to_string(),
            dimension: FLOW_SUM_IDS[k].0.into(),
            group: FLOW_SUM_IDS[k].1.into(),
            numerator: v.map(|n| n as f64),
            denominator: None,
            share_pct: None,
            note: fl.sums_hidden[k].map(|r| r.code().to_string()).unwrap_or_default(),
        });
        if let Some(r) = fl.sums_hidden[k] {
            out.suppressed.push(vec![
                l.w(texts::words::FLOWS).into(),
                l.t(da, en).into(),
                l.w(texts::words::PERSONS).into(),
                l.quarter_short(fl.quarter),
                texts::reason(l, Some(r)),
            ]);
        }
    }
}

/// The chart of the largest flows (`top`: persons and the flow in words, largest first).
fn flow_chart(ctx: &Ctx, top: &[(u32, String)], figure: &str, source: &str) -> Spec {
    let l = ctx.l;
    Spec {
        file: "stroemme.svg".into(),
        title: l.w(texts::words::LARGEST_FLOWS_BETWEEN_STATUSES).into(),
        caption: figure.to_string(),
        detail: l
            .t(
                "Personer med i begge måneder, efter hovedstatus (flest uger) i hver; de otte største strømme.",
                "Persons counted in both months, by main status (most weeks) in each; the eight largest flows.",
            )
            .into(),
        source: source.to_string(),
        lang: l,
        kind: Kind::HorizontalBars {
            categories: top.iter().map(|t| t.1.clone()).collect(),
            groups: vec![BarGroup {
                label: String::new(),
                color: COLOR_STATUS,
                values: top.iter().map(|t| Some(t.0 as f64)).collect(),
            }],
            unit: String::new(),
        },
    }
}

/// The sums of [`flows::SUMS`] as they are named in the CSV (dimension = from, group = to).
const FLOW_SUM_IDS: [(&str, &str); 3] =
    [("I alt ledig", "Job"), ("Job", "I alt ledig"), ("I alt andet end job og uddannelse", "Job")];
