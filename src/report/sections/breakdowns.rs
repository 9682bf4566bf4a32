//! Section 3, the breakdowns: the quarter pooled against the same quarter a year before, by
//! age, sex, origin and local area.

use super::{Ctx, Out, Val, round2, why};
use crate::kpi::figures::{Dimension, Measure};
use crate::method::calendar::Quarter;
use crate::method::status::Kpi;
use crate::report::charts::{BarGroup, Kind, Spec};
use crate::report::model::*;
use crate::report::texts;

pub fn build(ctx: &Ctx, out: &mut Out) -> Vec<TableChart> {
    let l = ctx.l;
    [
        (Dimension::Age, texts::words::AGE),
        (Dimension::Sex, texts::words::SEX),
        (Dimension::Herkomst, texts::words::ORIGIN),
        (Dimension::Omraade, texts::words::LOCAL_AREA),
    ]
    .into_iter()
    .filter_map(|(dim, title)| breakdown(ctx, out, dim, l.w(title)))
    .collect()
}

/// The share in education or job of each group, this quarter and (when the series reaches
/// back so far) a year before: the chart's bars and the alternative text's parts.
#[derive(Default)]
struct Bars {
    now: Vec<Option<f64>>,
    before: Vec<Option<f64>>,
    alt: Vec<String>,
}

/// One dimension's table and chart; `None` when it has no groups.
fn breakdown(ctx: &Ctx, out: &mut Out, dim: Dimension, title: &str) -> Option<TableChart> {
    let Ctx { inp, l, q, year_ago, pools, .. } = *ctx;
    let groups: Vec<String> = pools.groups(dim, q);
    if groups.is_empty() {
        return None;
    }
    let have_year = year_ago.months()[0] >= inp.from;
    let mut bars = Bars::default();
    let rows = groups.iter().map(|g| row(ctx, out, (dim, title), g, have_year, &mut bars)).collect();
    let name = format!("opdeling-{}.svg", dim.id());
    let chart_title = format!("{} {} {}", l.kpi(Kpi::UddannelseJob), l.w(texts::words::BY), title.to_lowercase());
    let quarters = if have_year { texts::two_quarters(l, year_ago, q) } else { l.quarter_short(q) };
    let caption = format!("{chart_title}, {quarters}");
    let source = texts::source(l, inp.provisional, None);
    let alt = texts::breakdown_alt(l, title, year_ago, q, &bars.alt);
    out.specs.push(Spec {
        file: name.clone(),
        title: chart_title,
        caption: caption.clone(),
        detail: texts::breakdown_detail(l),
        source: source.clone(),
        lang: l,
        kind: Kind::GroupedBars {
            categories: groups.iter().map(|g| l.group(g)).collect(),
            groups: bar_groups(ctx, bars, have_year),
            y_unit: "%".into(),
        },
    });
    let (header, short_header, header_groups) = headers(ctx, title);
    Some(TableChart {
        title: title.to_string(),
        intro: String::new(),
        chart: Some(name),
        alt,
        figure: caption,
        table_caption: texts::breakdown_table_caption(l, title, &quarters),
        source,
        header,
        header_groups,
        short_header,
        rows,
        // The quarter's provisional-month note is the same for every breakdown: the model
        // holds it once (`Model::breakdowns_note`).
        note: String::new(),
    })
}

/// A group's row: full-time persons, then each KPI a year before and now. Both quarters are
/// published (the year before only when the series has it), the hidden ones listed, and the
/// share in education or job added to the bars.
fn row(ctx: &Ctx, out: &mut Out, dim: (Dimension, &str), g: &str, have_year: bool, bars: &mut Bars) -> Vec<String> {
    let Ctx { l, q, year_ago, pools, .. } = *ctx;
    let mut row = vec![l.group(g)];
    let den = pools.at(Measure::Kpi(Kpi::UddannelseJob), q, dim.0, g);
    row.push(l.dash(den.den, |x| l.num(x, 0)));
    for kpi in Kpi::ALL {
        let now = pools.at(Measure::Kpi(kpi), q, dim.0, g);
        let before = if have_year { pools.at(Measure::Kpi(kpi), year_ago, dim.0, g) } else { Val::default() };
        row.push(l.dash(before.share, |x| l.pct(x)));
        row.push(l.dash(now.share, |x| l.pct(x)));
        if have_year {
            publish(ctx, out, dim, g, kpi, (year_ago, before));
        }
        publish(ctx, out, dim, g, kpi, (q, now));
        if kpi == Kpi::UddannelseJob {
            bars.now.push(now.share);
            bars.before.push(before.share);
            bars.alt.push(format!(
                "{} {} {} {}",
                l.group(g),
                l.dash(before.share, |x| l.pct(x)),
                l.w(texts::words::AND),
                l.dash(now.share, |x| l.pct(x))
            ));
        }
    }
    row
}

/// One quarter's figure of a group published, and listed for the appendix when hidden.
fn publish(ctx: &Ctx, out: &mut Out, (dim, title): (Dimension, &str), g: &str, kpi: Kpi, (period, v): (Quarter, Val)) {
    let l = ctx.l;
    out.published.push(Published {
        section: "3 opdelinger".into(),
        kpi: kpi.id().into(),
        period: period.stem(),
        dimension: dim.id().into(),
        group: g.to_string(),
        numerator: v.num.map(round2),
        denominator: v.den.map(round2),
        share_pct: v.share.map(round2),
        note: why(v.reason),
    });
    if v.reason.is_some() {
        out.suppressed.push(vec![
            title.to_string(),
            l.group(g),
            l.kpi(kpi).into(),
            l.quarter_short(period),
            texts::reason(l, v.reason),
        ]);
    }
}

/// The chart's bar groups: the year before first (when there is one), then the quarter.
fn bar_groups(ctx: &Ctx, bars: Bars, have_year: bool) -> Vec<BarGroup> {
    let l = ctx.l;
    let mut groups = Vec::new();
    if have_year {
        groups.push(BarGroup { label: l.quarter_short(ctx.year_ago), color: COLOR_BEFORE, values: bars.before });
    }
    groups.push(BarGroup { label: l.quarter_short(ctx.q), color: COLOR_NOW, values: bars.now });
    groups
}

/// The table's headers: whole, and for print short under groups spanning the KPI's columns.
fn headers(ctx: &Ctx, title: &str) -> (Vec<String>, Vec<String>, Vec<(String, usize)>) {
    let Ctx { l, q, year_ago, .. } = *ctx;
    let header = vec![
        title.to_string(),
        l.w(texts::words::FULL_TIME_PERSONS).into(),
        format!("{}, {}", l.w(texts::words::EDUC_JOB), l.quarter_short(year_ago)),
        format!("{}, {}", l.w(texts::words::EDUC_JOB), l.quarter_short(q)),
        format!("{}, {}", l.w(texts::words::WORK_READY), l.quarter_short(year_ago)),
        format!("{}, {}", l.w(texts::words::WORK_READY), l.quarter_short(q)),
    ];
    let short_header = vec![
        title.to_string(),
        l.w(texts::words::FULL_TIME_PERSONS).into(),
        l.quarter_short(year_ago),
        l.quarter_short(q),
        l.quarter_short(year_ago),
        l.quarter_short(q),
    ];
    let header_groups = vec![
        (String::new(), 2),
        (l.w(texts::words::EDUC_JOB).to_string(), 2),
        (l.w(texts::words::WORK_READY).to_string(), 2),
    ];
    (header, short_header, header_groups)
}
