//! Section 1, the front page: each KPI's latest value against its course and target, its
//! signal, and the sentences that say the same in words.

use super::{Ctx, Out, month_marked, round2};
use crate::kpi::figures::{Dimension, Measure};
use crate::kpi::targets::Signal;
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::lang::Lang;
use crate::report::model::*;

/// The front page's KPIs and one paragraph of sentences per KPI.
pub fn build(ctx: &Ctx, out: &mut Out) -> (Vec<FrontKpi>, Vec<String>) {
    let Ctx { inp, l, last, idx, .. } = *ctx;
    let Out { published, .. } = out;
    let total = Dimension::Total;
    let tg = "I alt";
    let have = |m: Month| m >= inp.from;
    let mut front = Vec::new();
    let mut all_sentences: Vec<String> = Vec::new();
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
            signal_label: match signal {
                Some(Signal::Green) => l.t("Grøn", "Green").into(),
                Some(Signal::Yellow) => l.t("Gul", "Yellow").into(),
                Some(Signal::Red) => l.t("Rød", "Red").into(),
                None => l.t("Intet signal", "No signal").into(),
            },
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
        let subject = match (l, kpi) {
            (Lang::Da, Kpi::UddannelseJob) => "Andelen i uddannelse eller job",
            (Lang::Da, Kpi::Arbejdsduelige) => "Andelen af arbejdsduelige borgere",
            (Lang::En, Kpi::UddannelseJob) => "The share in education or job",
            (Lang::En, Kpi::Arbejdsduelige) => "The share of work-ready citizens",
        };
        if let Some(v) = now {
            let mut s = match l {
                Lang::Da => format!("{subject} var {} i {}", l.pct(v), l.month(last)),
                Lang::En => format!("{subject} was {} in {}", l.pct(v), l.month(last)),
            };
            if let (Some(c), Some(t)) = (course, target) {
                let gap = crate::numfmt::round(v - c, 1);
                let side = match (l, gap >= 0.0) {
                    (Lang::Da, true) => "over",
                    (Lang::Da, false) => "under",
                    (Lang::En, true) => "above",
                    (Lang::En, false) => "below",
                };
                s.push_str(&match l {
                    Lang::Da => format!(
                        ", {} procentpoint {side} kursen mod målet på {} i {}.",
                        l.num(gap.abs(), 1),
                        l.pct(t.target_pct),
                        l.month(t.target_month)
                    ),
                    Lang::En => format!(
                        ", {} percentage points {side} the course to the target of {} in {}.",
                        l.num(gap.abs(), 1),
                        l.pct(t.target_pct),
                        l.month(t.target_month)
                    ),
                });
            } else {
                s.push('.');
            }
            sentences.push(s);
            if let (Some(bq), Some(by)) = (before_q, before_y) {
                let word = |d: f64| -> String {
                    let r = crate::numfmt::round(d, 1);
                    match l {
                        Lang::Da if r > 0.0 => format!("{} procentpoint højere", l.num(r, 1)),
                        Lang::Da if r < 0.0 => format!("{} procentpoint lavere", l.num(-r, 1)),
                        Lang::Da => "uændret".to_string(),
                        _ if r > 0.0 => format!("{} percentage points higher", l.num(r, 1)),
                        _ if r < 0.0 => format!("{} percentage points lower", l.num(-r, 1)),
                        _ => "unchanged".to_string(),
                    }
                };
                sentences.push(match l {
                    Lang::Da => format!(
                        "Det er {} end i {} og {} end i {}.",
                        word(v - bq),
                        l.month(last.offset(-3)),
                        word(v - by),
                        l.month(last.offset(-12))
                    )
                    .replace("uændret end i", "uændret i forhold til"),
                    Lang::En => format!(
                        "That is {} than in {} and {} than in {}.",
                        word(v - bq),
                        l.month(last.offset(-3)),
                        word(v - by),
                        l.month(last.offset(-12))
                    )
                    .replace("unchanged than in", "unchanged from"),
                });
            }
            if let Some(t) = target
                && t.target_month <= last
                && have(t.target_month)
                && let Some(at) = idx.at(meas, t.target_month, total, tg).share
            {
                let reached = crate::numfmt::round(at - t.target_pct, 1) >= 0.0;
                sentences.push(match (l, reached) {
                    (Lang::Da, true) => format!(
                        "Målet på {} i {} blev nået med {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                    (Lang::Da, false) => format!(
                        "Målet på {} i {} blev ikke nået: andelen var {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                    (Lang::En, true) => format!(
                        "The target of {} in {} was met with {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                    (Lang::En, false) => format!(
                        "The target of {} in {} was not met: the share was {}.",
                        l.pct(t.target_pct),
                        l.month(t.target_month),
                        l.pct(at)
                    ),
                });
            }
        }
        if !sentences_kpi.is_empty() {
            all_sentences.push(sentences_kpi.join(" "));
        }
    }
    (front, all_sentences)
}
