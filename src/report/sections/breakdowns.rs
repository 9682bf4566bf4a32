//! Section 3, the breakdowns: the quarter pooled against the same quarter a year before, by
//! age, sex, origin and local area.

use super::{Ctx, Out, Val, quarter_note, round2, why};
use crate::kpi::figures::{Dimension, Measure};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::charts::{BarGroup, Kind, Spec};
use crate::report::model::*;
use crate::report::texts;

pub fn build(ctx: &Ctx, out: &mut Out) -> Vec<TableChart> {
    let Ctx { inp, l, q, year_ago, pools, .. } = *ctx;
    let Out { published, specs, suppressed: suppressed_rows } = out;
    let have = |m: Month| m >= inp.from;
    let ym = year_ago.months();
    let mut breakdowns = Vec::new();
    let dims: Vec<(Dimension, String)> = vec![
        (Dimension::Age, l.w(texts::words::AGE).into()),
        (Dimension::Sex, l.w(texts::words::SEX).into()),
        (Dimension::Herkomst, l.w(texts::words::ORIGIN).into()),
        (Dimension::Omraade, l.w(texts::words::LOCAL_AREA).into()),
    ];
    for (dim, dim_title) in dims {
        let groups: Vec<String> = pools.groups(dim, q);
        if groups.is_empty() {
            continue;
        }
        let have_year = have(ym[0]);
        let mut rows = Vec::new();
        let mut bars_now = Vec::new();
        let mut bars_before = Vec::new();
        let mut alt_parts = Vec::new();
        for g in &groups {
            let mut row = vec![l.group(g)];
            let den = pools.get(Measure::Kpi(Kpi::UddannelseJob), q, dim, g);
            row.push(l.dash(den.den, |x| l.num(x, 0)));
            for kpi in Kpi::ALL {
                let now = pools.get(Measure::Kpi(kpi), q, dim, g);
                let before = if have_year { pools.get(Measure::Kpi(kpi), year_ago, dim, g) } else { Val::default() };
                row.push(l.dash(before.share, |x| l.pct(x)));
                row.push(l.dash(now.share, |x| l.pct(x)));
                for (period, v) in [(year_ago, before), (q, now)] {
                    if period == year_ago && !have_year {
                        continue;
                    }
                    published.push(Published {
                        section: "3 opdelinger".into(),
                        kpi: kpi.id().into(),
                        period: period.stem(),
                        dimension: dim.id().into(),
                        group: g.clone(),
                        numerator: v.num.map(round2),
                        denominator: v.den.map(round2),
                        share_pct: v.share.map(round2),
                        note: why(v.reason),
                    });
                    if v.reason.is_some() {
                        suppressed_rows.push(vec![
                            dim_title.clone(),
                            l.group(g),
                            l.kpi(kpi).into(),
                            l.quarter_short(period),
                            texts::reason(l, v.reason),
                        ]);
                    }
                }
                if kpi == Kpi::UddannelseJob {
                    bars_now.push(now.share);
                    bars_before.push(before.share);
                    alt_parts.push(format!(
                        "{} {} {} {}",
                        l.group(g),
                        l.dash(before.share, |x| l.pct(x)),
                        l.w(texts::words::AND),
                        l.dash(now.share, |x| l.pct(x))
                    ));
                }
            }
            rows.push(row);
        }
        let name = format!("opdeling-{}.svg", dim.id());
        let mut groups_bars = Vec::new();
        if have_year {
            groups_bars.push((l.quarter_short(year_ago), COLOR_BEFORE, bars_before));
        }
        groups_bars.push((l.quarter_short(q), COLOR_NOW, bars_now));
        let title = format!("{} {} {}", l.kpi(Kpi::UddannelseJob), l.w(texts::words::BY), dim_title.to_lowercase());
        let quarters = if have_year { texts::two_quarters(l, year_ago, q) } else { l.quarter_short(q) };
        let caption = format!("{title}, {quarters}");
        let source = texts::source(l, inp.provisional, None);
        specs.push(Spec {
            file: name.clone(),
            title: title.clone(),
            caption: caption.clone(),
            detail: texts::breakdown_detail(l),
            source: source.clone(),
            lang: l,
            kind: Kind::GroupedBars {
                categories: groups.iter().map(|g| l.group(g)).collect(),
                groups: groups_bars
                    .into_iter()
                    .map(|(label, color, values)| BarGroup { label, color, values })
                    .collect(),
                y_unit: "%".into(),
            },
        });
        let header = vec![
            dim_title.clone(),
            l.w(texts::words::FULL_TIME_PERSONS).into(),
            format!("{}, {}", l.w(texts::words::EDUC_JOB), l.quarter_short(year_ago)),
            format!("{}, {}", l.w(texts::words::EDUC_JOB), l.quarter_short(q)),
            format!("{}, {}", l.w(texts::words::WORK_READY), l.quarter_short(year_ago)),
            format!("{}, {}", l.w(texts::words::WORK_READY), l.quarter_short(q)),
        ];
        let short_header = vec![
            dim_title.clone(),
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
        breakdowns.push(TableChart {
            title: dim_title.clone(),
            intro: String::new(),
            chart: Some(name),
            alt: texts::breakdown_alt(l, &dim_title, year_ago, q, &alt_parts),
            figure: caption,
            table_caption: texts::breakdown_table_caption(l, &dim_title, &quarters),
            source,
            header,
            header_groups,
            short_header,
            rows,
            note: quarter_note(inp, q),
        });
    }
    breakdowns
}
