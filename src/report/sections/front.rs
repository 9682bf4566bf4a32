//! Section 1, the front page: each goal's latest value against its courses and target, its
//! signal, and the sentences that say the same in words. The goals are the municipality's two
//! KPIs and each group a target is set on ([`super::Goal`]).

use super::{Ctx, Goal, Out, month_marked, round2};
use crate::kpi::suppress::Reason;
use crate::kpi::targets::{Course, Judged, Subject, Target};
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::model::*;
use crate::report::texts;

/// The front page: its headline, the goals and one paragraph of sentences per goal.
pub struct Front {
    pub headline: String,
    pub kpis: Vec<FrontKpi>,
    pub sentences: Vec<String>,
}

/// The front page's goals, its headline and one paragraph of sentences per goal.
pub fn build(ctx: &Ctx, out: &mut Out) -> Front {
    let l = ctx.l;
    let mut front = Vec::new();
    let mut all_sentences: Vec<String> = Vec::new();
    let mut standing: Vec<(Kpi, f64, f64, Course)> = Vec::new();
    for goal in ctx.goals() {
        let at = Latest::of(ctx, &goal.subject);
        if let (true, Some(j)) = (goal.subject.is_total() && at.month == ctx.last, at.judged) {
            standing.push((goal.subject.kpi, j.value, j.value - j.course, j.kind));
        }
        let mut card = front_kpi(ctx, &goal, &at);
        publish(out, &goal.subject, &at);
        (card.forecast, card.forecast_note) = super::forecast::card(ctx, out, &goal);
        front.push(card);
        let sentences = sentences(ctx, &goal, &at);
        if !sentences.is_empty() {
            all_sentences.push(sentences.join(" "));
        }
    }
    Front { headline: texts::headline(l, ctx.last, &standing), kpis: front, sentences: all_sentences }
}

/// The card's figures in the XLSX and CSV: the value, both courses, in the month judged.
fn publish(out: &mut Out, s: &Subject, at: &Latest) {
    for (what, v) in [("værdi", at.now), ("kurs", at.straight), ("sæsonkurs", at.seasonal)] {
        out.published.push(Published {
            section: "1 forside".into(),
            kpi: s.kpi.id().into(),
            period: at.month.to_string(),
            dimension: what.into(),
            group: s.group.clone(),
            numerator: None,
            denominator: None,
            share_pct: v.map(round2),
            note: String::new(),
        });
    }
}

/// A goal's latest published share against the quarter and the year before, its courses and
/// its target. The month is the quarter's last, or, when that month's figure is hidden, the
/// latest month before it that may be shown (`hidden` says why the later ones are not).
struct Latest<'a> {
    month: Month,
    hidden: Option<(Month, Option<Reason>)>,
    now: Option<f64>,
    before_q: Option<f64>,
    before_y: Option<f64>,
    straight: Option<f64>,
    seasonal: Option<f64>,
    judged: Option<Judged>,
    target: Option<&'a Target>,
}

impl<'a> Latest<'a> {
    fn of(ctx: &Ctx<'a>, s: &Subject) -> Latest<'a> {
        let targets = ctx.inp.targets;
        let month = ctx.latest_shown(s).unwrap_or(ctx.last);
        let at_last = ctx.val(s, ctx.last);
        let hidden = at_last.share.is_none().then_some((ctx.last, at_last.reason));
        let share = |m: Month| ctx.share(s, m);
        Latest {
            month,
            hidden,
            now: share(month),
            before_q: share(month.offset(-3)),
            before_y: share(month.offset(-12)),
            straight: targets.course(s, month),
            seasonal: targets.seasonal(s, month, &share),
            judged: targets.judge(s, month, &share),
            target: targets.for_month(s, month),
        }
    }
}

/// The goal's box on the front page.
fn front_kpi(ctx: &Ctx, goal: &Goal, at: &Latest) -> FrontKpi {
    let (inp, l) = (ctx.inp, ctx.l);
    let signal = at.judged.map(|j| j.signal);
    let diff = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => l.pp(a - b),
        _ => "–".to_string(),
    };
    // The course the signal rests on, big; the other one beside it, small.
    let kind = at.judged.map(|j| j.kind).unwrap_or(inp.targets.course);
    let (main, other, other_kind) = match kind {
        Course::Seasonal => (at.seasonal, at.straight, Course::Straight),
        Course::Straight => (at.straight, at.seasonal, Course::Seasonal),
    };
    FrontKpi {
        name: goal.name.clone(),
        value: l.dash(at.now, |v| l.pct(v)),
        month: month_marked(inp, at.month),
        change_quarter: diff(at.now, at.before_q),
        change_year: diff(at.now, at.before_y),
        target: at.target.map(|t| l.pct(t.target_pct)).unwrap_or_else(|| "–".into()),
        target_month: at.target.map(|t| l.month(t.target_month)).unwrap_or_default(),
        course_label: texts::course_name(l, kind).into(),
        course: l.dash(main, |c| l.pct(c)),
        gap: diff(at.now, main),
        course_other: match other {
            Some(c) => format!("{}: {}", texts::course_name(l, other_kind), l.pct(c)),
            None => String::new(),
        },
        signal: signal.map_or("grey", |s| s.id()).into(),
        signal_label: texts::signal(l, signal).into(),
        forecast: String::new(),
        forecast_note: String::new(),
    }
}

/// The goal's sentences: its value against the courses, its changes, whether a target whose
/// month has passed was reached, and why a later month or the seasonal course is missing.
fn sentences(ctx: &Ctx, goal: &Goal, at: &Latest) -> Vec<String> {
    let l = ctx.l;
    let s = &goal.subject;
    let mut sentences = Vec::new();
    if let Some((m, reason)) = at.hidden {
        sentences.push(texts::front_hidden(l, &goal.name, m, at.now.map(|_| at.month), reason));
    }
    let Some(v) = at.now else { return sentences };
    let who = (!s.is_total()).then_some(goal.name.as_str());
    let mut line = texts::front_value(l, s.kpi, who, v, at.month);
    match (at.judged, at.target) {
        (Some(j), Some(t)) => {
            let other = match j.kind {
                Course::Seasonal => at.straight.map(|c| (Course::Straight, crate::numfmt::round(v - c, 1))),
                Course::Straight => at.seasonal.map(|c| (Course::Seasonal, crate::numfmt::round(v - c, 1))),
            };
            line.push_str(&texts::front_course(l, (j.kind, crate::numfmt::round(v - j.course, 1)), other, t));
        }
        _ => line.push('.'),
    }
    sentences.push(line);
    if let Some(j) = at.judged
        && j.fallback
    {
        sentences.push(texts::front_fallback(
            l,
            at.month,
            ctx.val(s, at.month.offset(-12)).reason,
            at.month.offset(-12) < ctx.inp.from,
        ));
    }
    if let (Some(bq), Some(by)) = (at.before_q, at.before_y) {
        sentences.push(texts::front_changes(l, v - bq, v - by, at.month));
    }
    if let Some(t) = at.target
        && t.target_month <= at.month
        && let Some(reached_at) = ctx.share(s, t.target_month)
    {
        let reached = crate::numfmt::round(reached_at - t.target_pct, 1) >= 0.0;
        sentences.push(texts::front_target(l, reached, t, reached_at));
    }
    sentences
}
