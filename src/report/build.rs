//! The report model built from its inputs, one section at a time in report order: each
//! section returns its part of the model and adds its published rows, charts and hidden
//! figures as it goes; the page's labels and the front matter are filled in around them.
//! Stands above `model` and `sections`, so the model's types never depend on what builds them.

use super::lang::{Lang, date_label};
use super::model::{Built, Inputs, Model};
use super::sections;
use super::texts;
use crate::method::calendar::Month;
use std::collections::BTreeMap;

/// Builds the model, the charts and the published rows.
pub fn build(inp: &Inputs) -> anyhow::Result<Built> {
    let l = inp.lang;
    let q = inp.quarter;
    let last = q.last_month();
    let months: Vec<Month> = (inp.from.index()..=last.index()).map(Month::from_index).collect();
    let idx = sections::Index::new(inp.figures);
    let pools = sections::Pools::new(inp.pooled);
    let ctx = sections::Ctx { inp, l, q, last, year_ago: q.offset(-4), months: &months, idx: &idx, pools: &pools };
    let mut out = sections::Out::default();
    let sections::front::Front { headline, kpis: front, sentences: all_sentences } =
        sections::front::build(&ctx, &mut out);
    let series = sections::series::build(&ctx, &mut out);
    let breakdowns = sections::breakdowns::build(&ctx, &mut out);
    let status = sections::status::status(&ctx, &mut out);
    let flows = sections::status::flows(&ctx, &mut out)?;
    let benchmarks = sections::benchmarks::build(&ctx, &mut out)?;
    let initiatives = sections::initiatives::build(&ctx);
    let sections::Out { published, specs, suppressed } = out;
    let appendix = sections::appendix::build(inp, suppressed, sections::forecast::appendix(&ctx));

    let mut labels = BTreeMap::new();
    for (k, da, en) in texts::LABELS {
        let text = l
            .t(da, en)
            .replace("{g}", &l.num(inp.targets.green_below_pp, 2))
            .replace("{y}", &l.num(inp.targets.yellow_below_pp, 2))
            .replace("{course}", texts::signal_course(l, inp.targets.course));
        labels.insert(k, text);
    }
    if inp.provisional == Some(last) {
        // The front page says plainly that its latest value will still move.
        let note = texts::provisional_latest(l, last);
        if let Some(t) = labels.get_mut("signal_note") {
            t.push_str(&note);
        }
    }
    let revisions_note = sections::revisions::note(inp);
    let model = Model {
        charts: specs,
        lang: match l {
            Lang::Da => "da",
            Lang::En => "en",
        },
        title: texts::title(l).into(),
        subtitle: texts::subtitle(l, q),
        description: texts::description(l, &inp.kommune_name, q),
        organisation: inp.kommune_name.clone(),
        committee: texts::committee(l).into(),
        date_iso: inp.date.to_string(),
        date_label: date_label(l, inp.date),
        labels,
        headline,
        contact: texts::contact(l, &inp.kommune_name),
        next_report: texts::next_report(l, q),
        source: texts::source(l, inp.provisional, None),
        front,
        sentences: all_sentences,
        series,
        breakdowns,
        breakdowns_note: sections::quarter_note(inp, q),
        status,
        flows,
        benchmarks,
        initiatives,
        revisions: inp.revisions.clone(),
        revisions_note,
        appendix,
    };
    Ok(Built { model, published, provisional: inp.provisional })
}
