//! Section 1, the front page: each KPI's latest value against its course and target, its
//! signal, and the sentences that say the same in words.

use super::{Ctx, Out, month_marked, round2};
use crate::kpi::figures::{Dimension, Measure};
use crate::kpi::targets::Target;
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::model::*;
use crate::report::texts;

/// The front page: its headline, the KPIs and one paragraph of sentences per KPI.
pub struct Front {
    pub headline: String,
    pub kpis: Vec<FrontKpi>,
    pub sentences: Vec<String>,
}

/// The front page's KPIs, its headline and one paragraph of sentences per KPI.
pub fn build(ctx: &Ctx, out: &mut Out) -> Front {
    let (l, last) = (ctx.l, ctx.last);
    let mut front = Vec::new();
    let mut all_sentences: Vec<String> = Vec::new();
    let mut standing: Vec<(Kpi, f64, f64)> = Vec::new();
    for kpi in Kpi::ALL {
        let at = Latest::of(ctx, kpi);
        if let (Some(v), Some(c)) = (at.now, at.course) {
            standing.push((kpi, v, v - c));
        }
        let mut card = front_kpi(ctx, kpi, &at);
        for (what, v) in [("værdi", at.now), ("kurs", at.course)] {
            out.published.push(Published {
                section: "1 forside".into(),
                kpi: kpi.id().into(),
                period: last.to_string(),
                dimension: what.into(),
                group: "I alt".into(),
                numerator: None,
                denominator: None,
                share_pct: v.map(round2),
                note: String::new(),
            });
        }
        (card.forecast, card.forecast_note) = super::forecast::card(ctx, out, kpi);
        front.push(card);
        let sentences = sentences(ctx, kpi, &at);
        if !sentences.is_empty() {
            all_sentences.push(sentences.join(" "));
        }
    }
    Front { headline: texts::headline(l, last, &standing), kpis: front, sentences: all_sentences }
}

/// A KPI's latest share against the quarter and the year before, its course and its target.
struct Latest<'a> {
    now: Option<f64>,
    before_q: Option<f64>,
    before_y: Option<f64>,
    course: Option<f64>,
    target: Option<&'a Target>,
}

impl<'a> Latest<'a> {
    fn of(ctx: &Ctx<'a>, kpi: Kpi) -> Latest<'a> {
        let last = ctx.last;
        let targets = ctx.inp.targets;
        Latest {
            now: share(ctx, kpi, last),
            before_q: share(ctx, kpi, last.offset(-3)),
            before_y: share(ctx, kpi, last.offset(-12)),
            course: targets.course(kpi, last),
            target: targets.for_month(kpi, last),
        }
    }
}

/// The KPI's published share of the municipality as a whole in a month the series has.
fn share(ctx: &Ctx, kpi: Kpi, m: Month) -> Option<f64> {
    if m >= ctx.inp.from { ctx.idx.at(Measure::Kpi(kpi), m, Dimension::Total, "I alt").share } else { None }
}

/// The KPI's box on the front page.
fn front_kpi(ctx: &Ctx, kpi: Kpi, at: &Latest) -> FrontKpi {
    let (inp, l, last) = (ctx.inp, ctx.l, ctx.last);
    let signal = match (at.now, at.course) {
        (Some(v), Some(c)) => Some(inp.targets.signal(v, c)),
        _ => None,
    };
    let diff = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => l.pp(a - b),
        _ => "–".to_string(),
    };
    FrontKpi {
        name: l.kpi(kpi).to_string(),
        value: l.dash(at.now, |v| l.pct(v)),
        month: month_marked(inp, last),
        change_quarter: diff(at.now, at.before_q),
        change_year: diff(at.now, at.before_y),
        target: at.target.map(|t| l.pct(t.target_pct)).unwrap_or_else(|| "–".into()),
        target_month: at.target.map(|t| l.month(t.target_month)).unwrap_or_default(),
        course: l.dash(at.course, |c| l.pct(c)),
        gap: diff(at.now, at.course),
        signal: signal.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_else(|| "grey".into()),
        signal_label: texts::signal(l, signal).into(),
        forecast: String::new(),
        forecast_note: String::new(),
    }
}

/// The KPI's sentences: its value against the course, its changes, and whether a target whose
/// month has passed was reached. None when its latest value is hidden.
fn sentences(ctx: &Ctx, kpi: Kpi, at: &Latest) -> Vec<String> {
    let (l, last) = (ctx.l, ctx.last);
    let mut sentences = Vec::new();
    let Some(v) = at.now else { return sentences };
    let mut s = texts::front_value(l, kpi, v, last);
    if let (Some(c), Some(t)) = (at.course, at.target) {
        s.push_str(&texts::front_course(l, crate::numfmt::round(v - c, 1), t));
    } else {
        s.push('.');
    }
    sentences.push(s);
    if let (Some(bq), Some(by)) = (at.before_q, at.before_y) {
        sentences.push(texts::front_changes(l, v - bq, v - by, last));
    }
    if let Some(t) = at.target
        && t.target_month <= last
        && let Some(reached_at) = share(ctx, kpi, t.target_month)
    {
        let reached = crate::numfmt::round(reached_at - t.target_pct, 1) >= 0.0;
        sentences.push(texts::front_target(l, reached, t, reached_at));
    }
    sentences
}
