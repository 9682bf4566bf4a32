//! The report's sections, one module each, in the order the report shows them. Each takes
//! the shared inputs and indexes ([`Ctx`]) and returns its part of the model, adding what it
//! publishes (rows of the XLSX and CSV, charts, hidden figures) to [`Out`].

pub mod appendix;
pub mod benchmarks;
pub mod breakdowns;
pub mod forecast;
pub mod front;
pub mod initiatives;
pub mod revisions;
pub mod series;
pub mod status;

use super::charts::{Color, Spec};
use super::lang::Lang;
use super::model::{Inputs, Published};
use super::texts;
use crate::kpi::figures::{AGE_BANDS, Dimension, Figure, Measure};
use crate::kpi::suppress::Reason;
use crate::kpi::targets::Subject;
use crate::method::calendar::{Month, Quarter};
use crate::method::status::Kpi;
use std::collections::HashMap;

/// What every section reads: the inputs, the quarter and its months, and the figures indexed.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub inp: &'a Inputs<'a>,
    pub l: Lang,
    pub q: Quarter,
    /// The quarter's last month.
    pub last: Month,
    /// The same quarter a year before.
    pub year_ago: Quarter,
    /// The series' months, from the first to `last`.
    pub months: &'a [Month],
    pub idx: &'a Index<'a>,
    pub pools: &'a Pools<'a>,
}

/// What the sections add to as they go, in report order: the published rows, the charts, and
/// the hidden figures listed in the appendix.
#[derive(Default)]
pub struct Out {
    pub published: Vec<Published>,
    pub specs: Vec<Spec>,
    pub suppressed: Vec<Vec<String>>,
}

/// A value of a month or a quarter with its disclosure state.
#[derive(Debug, Clone, Copy, Default)]
pub struct Val {
    num: Option<f64>,
    den: Option<f64>,
    share: Option<f64>,
    reason: Option<Reason>,
}

/// The figures of one kind of period (months, or pooled quarters) by measure, period,
/// dimension and group.
pub struct Index<'a, P = Month> {
    map: HashMap<(Measure, P, Dimension, &'a str), &'a Figure<P>>,
}

/// The pooled quarters.
pub type Pools<'a> = Index<'a, Quarter>;

impl<'a, P: Copy + Eq + std::hash::Hash> Index<'a, P> {
    pub fn new(figs: &'a [Figure<P>]) -> Index<'a, P> {
        Index { map: figs.iter().map(|f| ((f.measure, f.period, f.dimension, f.group.as_str()), f)).collect() }
    }

    /// A period's figure as it may be published.
    pub fn at(&self, m: Measure, period: P, d: Dimension, g: &str) -> Val {
        self.map
            .get(&(m, period, d, g))
            .map(|f| {
                let (num, den, share) = f.published();
                let s = f.suppression;
                Val { num, den, share, reason: s.numerator.or(s.denominator).or(s.share) }
            })
            .unwrap_or_default()
    }
}

impl Pools<'_> {
    /// Why a quarter's total of full-time persons is hidden, if it is.
    pub fn den_reason(&self, q: Quarter) -> Option<Reason> {
        self.map
            .get(&(Measure::Kpi(Kpi::UddannelseJob), q, Dimension::Total, "I alt"))
            .and_then(|p| p.suppression.denominator)
    }

    /// Groups of a dimension in report order.
    pub fn groups(&self, d: Dimension, q: Quarter) -> Vec<String> {
        if d == Dimension::Age {
            // Always the seven bands, in order.
            return AGE_BANDS.iter().map(|b| b.2.to_string()).collect();
        }
        let mut g: Vec<(u16, &str)> = self
            .map
            .values()
            .filter(|p| p.dimension == d && p.period == q && p.measure == Measure::Kpi(Kpi::UddannelseJob))
            .map(|p| (p.order, p.group.as_str()))
            .collect();
        g.sort();
        g.dedup();
        g.into_iter().map(|x| x.1.to_string()).collect()
    }
}

/// What a front-page card and a series section are about: the municipality's two KPIs, then
/// each group a target is set on, with its name in the report's language, its colour in the
/// charts and the stem of its chart file.
pub struct Goal {
    pub subject: Subject,
    pub name: String,
    pub color: Color,
    pub stem: String,
}

impl Ctx<'_> {
    /// The report's goals in order: the two KPIs of the municipality, then the groups'.
    pub fn goals(&self) -> Vec<Goal> {
        let l = self.l;
        let totals = Kpi::ALL.into_iter().enumerate().map(|(k, kpi)| Goal {
            subject: Subject::total(kpi),
            name: l.kpi(kpi).to_string(),
            color: super::model::COLOR_KPI[k],
            stem: format!("serie-{}", kpi.id()),
        });
        let groups = self.inp.targets.groups().into_iter().enumerate().map(|(i, s)| {
            let title = self.inp.targets.targets.iter().find(|t| t.subject == *s).and_then(|t| t.title.clone());
            let name = match (l, title) {
                (Lang::Da, Some((da, _))) => da,
                (Lang::En, Some((da, en))) => en.unwrap_or(da),
                (_, None) => format!("{}: {}", l.kpi(s.kpi), l.group(&s.group)),
            };
            // A group's series in its KPI's colour: each has a chart of its own.
            let color = super::model::COLOR_KPI[Kpi::ALL.iter().position(|k| *k == s.kpi).unwrap_or(0)];
            Goal { subject: s.clone(), name, color, stem: format!("serie-gruppe{}-{}", i + 1, s.kpi.id()) }
        });
        totals.chain(groups).collect()
    }

    /// The latest month of the series in which the goal's share may be shown: the month a
    /// card's value, signal and forecast rest on when the quarter's last is hidden.
    pub fn latest_shown(&self, s: &Subject) -> Option<Month> {
        self.months.iter().rev().copied().find(|&m| self.share(s, m).is_some())
    }

    /// A goal's published share in a month of the series; None when hidden or outside it.
    pub fn share(&self, s: &Subject, m: Month) -> Option<f64> {
        self.val(s, m).share
    }

    /// A goal's figure in a month of the series as it may be published.
    pub fn val(&self, s: &Subject, m: Month) -> Val {
        if m < self.inp.from || m > self.last {
            return Val::default();
        }
        self.idx.at(Measure::Kpi(s.kpi), m, s.dimension, &s.group)
    }
}

pub fn why(r: Option<Reason>) -> String {
    r.map(|r| r.code().to_string()).unwrap_or_default()
}

/// A note under a quarter's table when the quarter holds the provisional (newest) month.
pub fn quarter_note(inp: &Inputs, q: Quarter) -> String {
    inp.provisional
        .filter(|p| Quarter::of(*p) == q)
        .map(|p| texts::provisional_quarter(inp.lang, q, p))
        .unwrap_or_default()
}

/// A month's name, marked when it is the provisional (newest) month.
pub fn month_marked(inp: &Inputs, m: Month) -> String {
    let l = inp.lang;
    if Some(m) == inp.provisional { format!("{} ({})", l.month(m), l.w(texts::words::PROVISIONAL)) } else { l.month(m) }
}

/// A chart's y range: the values with a point's margin, in whole points; 0–100 when there are
/// none.
pub fn y_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo.is_finite() { ((lo - 1.0).floor(), (hi + 1.0).ceil()) } else { (0.0, 100.0) }
}

pub fn round2(x: f64) -> f64 {
    crate::numfmt::round(x, 2)
}
