//! Section 1, the front page: each KPI's latest value against its course and target, its
//! signal, and the sentences that say the same in words.

use super::{Ctx, Out, month_marked, round2};
use crate::kpi::figures::{Dimension, Measure};
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
    let Ctx { inp, l, last, idx, .. } = *ctx;
    let Out { published, .. } = out;
    let total = Dimension::Total;
    let tg = "I alt";
    let have = |m: Month| m >= inp.from;
    let mut front = Vec::new();
    let mut all_sentences: Vec<String> = Vec::new();
    let mut standing: Vec<(Kpi, f64, f64)> = Vec::new();
    for kpi in Kpi::ALL {
        let mut sentences_kpi: Vec<String> = Vec::new();
        let sentences = &mut sentences_kpi;
        let meas = Measure::Kpi(kpi);
        let val = |m: Month| if have(m) { idx.at(meas, m, total, tg).share } else { None };
        let now = val(last);
        let before_q = val(last.offset(-3));
        let before_y = val(last.offset(-12));
        let target = inp.targets.for_month(kpi, last);
        let course = inp.targets.course(kpi, last);
        if let (Some(v), Some(c)) = (now, course) {
            standing.push((kpi, v, v - c));
        }
        let signal = match (now, course) {
            (Some(v), Some(c)) => Some(inp.targets.signal(v, c)),
            _ => None,
        };
        let diff = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => l.pp(a - b),
            _ => "–".to_string(),
        };
        front.push(FrontKpi {
            name: l.kpi(kpi).to_string(),
            value: l.dash(now, |v| l.pct(v)),
            month: month_marked(inp, last),
            change_quarter: diff(now, before_q),
            change_year: diff(now, before_y),
            target: target.map(|t| l.pct(t.target_pct)).unwrap_or_else(|| "–".into()),
            target_month: target.map(|t| l.month(t.target_month)).unwrap_or_default(),
            course: l.dash(course, |c| l.pct(c)),
            gap: diff(now, course),
            signal: signal.map(|s| format!("{s:?}").to_lowercase()).unwrap_or_else(|| "grey".into()),
            signal_label: texts::signal(l, signal).into(),
        });
        for (what, v) in [("værdi", now), ("kurs", course)] {
            published.push(Published {
                section: "1 forside".into(),
                kpi: kpi.id().into(),
                period: last.to_string(),
                dimension: what.into(),
                group: tg.into(),
                numerator: None,
                denominator: None,
                share_pct: v.map(round2),
                note: String::new(),
            });
        }
        // Sentences.
        if let Some(v) = now {
            let mut s = texts::front_value(l, kpi, v, last);
            if let (Some(c), Some(t)) = (course, target) {
                s.push_str(&texts::front_course(l, crate::numfmt::round(v - c, 1), t));
            } else {
                s.push('.');
            }
            sentences.push(s);
            if let (Some(bq), Some(by)) = (before_q, before_y) {
                sentences.push(texts::front_changes(l, v - bq, v - by, last));
            }
            if let Some(t) = target
                && t.target_month <= last
                && have(t.target_month)
                && let Some(at) = idx.at(meas, t.target_month, total, tg).share
            {
                let reached = crate::numfmt::round(at - t.target_pct, 1) >= 0.0;
                sentences.push(texts::front_target(l, reached, t, at));
            }
        }
        if !sentences_kpi.is_empty() {
            all_sentences.push(sentences_kpi.join(" "));
        }
    }
    Front { headline: texts::headline(l, last, &standing), kpis: front, sentences: all_sentences }
}
