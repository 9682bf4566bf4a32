//! Figures, pooled quarters, flows, disclosure control, targets and signals.

pub mod cell;
pub mod counter;
pub mod counts;
pub mod dims;
pub mod figures;
pub mod flows;
pub mod forecast;
pub mod judge;
pub mod pooled;
pub mod protect;
pub mod reason;
pub mod suppress;
pub mod targets;

use crate::extract::{Extract, Pending};
use crate::method::calendar::{Month, Quarter};
use crate::method::classify::Scope;
use crate::method::coverage;
use counts::{Counts, Plan};
use figures::{Dimension, Figure};
use flows::Flows;
use pooled::Pooled;
use std::collections::BTreeMap;

/// Figures of an extract for a scope, suppressed unless told otherwise.
pub struct Computed {
    /// Person-weeks in scope whose code is not in the code map (counted as `oevrige`), by code.
    pub unknown_codes: BTreeMap<u16, u64>,
    pub figures: Vec<Figure>,
    /// What disclosure control decided over the cells counted (empty without it).
    pub stats: suppress::Stats,
}

/// Everything a quarterly report shows, with the extract's disclosure pattern applied.
pub struct ForReport {
    pub unknown_codes: BTreeMap<u16, u64>,
    /// The totals of every month of the scope; with several municipalities compared, also
    /// their figures (dimension `Kommune`), all of them together (`Land`) and the own cluster's
    /// (`Klynge`) for every month.
    pub figures: Vec<Figure>,
    /// The quarter and the same quarter a year before (where in scope), pooled, for the
    /// dimensions asked for and the total.
    pub pooled: Vec<Pooled>,
    /// Flows within the quarter.
    pub flows: Flows,
    pub stats: suppress::Stats,
}

fn months(from: Month, to: Month) -> impl Iterator<Item = Month> {
    (from.index()..=to.index()).map(Month::from_index)
}

/// The quarters of `from..=to` whose three months are complete and inside it.
fn whole_quarters(ex: &Extract, from: Month, to: Month) -> Vec<Quarter> {
    let mut out: Vec<Quarter> = Vec::new();
    for m in months(from, to) {
        let q = Quarter::of(m);
        if !out.contains(&q)
            && q.first_month() >= from
            && q.last_month() <= to
            && q.months().iter().all(|&x| coverage::is_complete(ex, x))
        {
            out.push(q);
        }
    }
    out
}

/// `from..=to` widened to the whole of the quarters it cuts into, where their months are
/// complete: a quarter's cells are decided together (see [`suppress`]).
fn widened(ex: &Extract, from: Month, to: Month) -> (Month, Month) {
    let whole = |q: Quarter| q.months().iter().all(|&x| coverage::is_complete(ex, x));
    let (qf, qt) = (Quarter::of(from), Quarter::of(to));
    (if whole(qf) { qf.first_month() } else { from }, if whole(qt) { qt.last_month() } else { to })
}

/// What a report on `quarter` counts: monthly totals for the whole scope, the breakdowns for
/// only the quarter and the one a year before (pooled too), and the quarter's flows, in one
/// pass. The breakdowns in `series` (those a group's target is set on) are counted for the
/// whole scope as well, each whole quarter pooled, as `compute --by` counts them, so the
/// group's monthly series is hidden where `compute` hides it.
pub fn count_for_report(
    ex: &mut Extract,
    pending: Option<Pending>,
    scope: Scope,
    quarter: Quarter,
    (dims, series): (&[Dimension], &[Dimension]),
) -> anyhow::Result<Counts> {
    let quarters = report_quarters(scope, quarter);
    let dims = figures::with_total(dims);
    let mut plan = Plan::new(scope)
        .monthly(&[Dimension::Total], months(scope.from, scope.to))
        .monthly(&dims, quarters.iter().flat_map(|q| q.months()))
        .pooled(&quarters, &dims)
        .flows(quarter);
    if !series.is_empty() {
        let series = figures::with_total(series);
        plan = plan
            .monthly(&series, months(scope.from, scope.to))
            .pooled(&whole_quarters(ex, scope.from, scope.to), &series);
    }
    Ok(counter::count(ex, pending, &plan)?)
}

/// The quarter and the same quarter a year before, where in scope.
fn report_quarters(scope: Scope, quarter: Quarter) -> Vec<Quarter> {
    [quarter.offset(-4), quarter]
        .into_iter()
        .filter(|q| q.first_month() >= scope.from && q.last_month() <= scope.to)
        .collect()
}

/// The extract's pattern of hidden cells over what `counts` holds, its months judged complete
/// or not once DREAM's rows are read.
fn pattern_of(ex: &Extract, counts: &Counts) -> suppress::Pattern {
    suppress::pattern(counts, &|m| coverage::is_complete(ex, m))
}

/// The figures of a report on `quarter` from what [`count_for_report`] counted, for the months
/// `scope.from` to the quarter's end (which it must hold): the monthly totals, the breakdowns
/// pooled, the flows, and the municipalities compared when `compare` is set; each as the
/// extract's pattern of hidden cells publishes it.
pub fn report_from(
    ex: &Extract,
    counts: &Counts,
    scope: Scope,
    quarter: Quarter,
    (dims, series): (&[Dimension], &[Dimension]),
    compare: bool,
    cluster: Option<&(String, Vec<u16>)>,
) -> ForReport {
    let quarters = report_quarters(scope, quarter);
    let dims = figures::with_total(dims);
    let members: Vec<u16> = cluster.map(|c| c.1.clone()).unwrap_or_default();
    let pattern = pattern_of(ex, counts);
    let mut figs = figures::figures(ex, counts, Some(&pattern), (scope.kommune, &[]), scope.from, scope.to, series);
    let pooled = pooled::pool(ex, counts, Some(&pattern), scope.kommune, &quarters, &dims);
    let own = counts.scope_of(scope.kommune);
    let matrix = counts.flows(own).map(|f| f.1).unwrap_or_default();
    let mut flows = flows::flows(quarter, matrix);
    (flows.hidden, flows.sums_hidden) = pattern.flows(own, quarter);
    if compare {
        let compared = [Dimension::Kommune, Dimension::Land, Dimension::Klynge];
        let compared = if members.is_empty() { &compared[..2] } else { &compared[..] };
        let k = figures::figures(ex, counts, Some(&pattern), (None, &members), scope.from, scope.to, compared);
        figs.extend(k.into_iter().filter(|f| compared.contains(&f.dimension)));
    }
    figs.sort_by_key(|f| (f.measure, f.period, f.dimension, f.order));
    ForReport { unknown_codes: counts.unknown_codes.clone(), figures: figs, pooled, flows, stats: pattern.stats }
}

/// Classifies person-weeks for the months of `scope` and the dimensions asked for: DREAM's
/// rows are those held in `ex`, or read from `pending` a batch at a time. With suppression,
/// breakdowns are counted over the whole of every quarter the months cut into, and pooled: the
/// extract's pattern decides a quarter's cells together.
pub fn count_for_compute(
    ex: &mut Extract,
    pending: Option<Pending>,
    scope: Scope,
    dims: &[Dimension],
    suppression: bool,
) -> anyhow::Result<Counts> {
    let dims = figures::with_total(dims);
    let breakdowns =
        dims.iter().any(|d| matches!(d, Dimension::Age | Dimension::Sex | Dimension::Herkomst | Dimension::Omraade));
    let (from, to) = if suppression && breakdowns { widened(ex, scope.from, scope.to) } else { (scope.from, scope.to) };
    let mut plan = Plan::new(Scope { from, to, kommune: scope.kommune }).monthly(&dims, months(from, to));
    if suppression && breakdowns {
        plan = plan.pooled(&whole_quarters(ex, from, to), &dims);
    }
    Ok(counter::count(ex, pending, &plan)?)
}

/// The figures of the months of `scope` (which `counts` must hold) for the dimensions asked
/// for, each as the extract's pattern of hidden cells publishes it (or unsuppressed).
pub fn compute_from(ex: &Extract, counts: &Counts, scope: Scope, dims: &[Dimension], suppression: bool) -> Computed {
    let pattern = suppression.then(|| pattern_of(ex, counts));
    let figs = figures::figures(ex, counts, pattern.as_ref(), (scope.kommune, &[]), scope.from, scope.to, dims);
    let stats = pattern.map(|p| p.stats).unwrap_or_default();
    Computed { unknown_codes: counts.unknown_codes.clone(), figures: figs, stats }
}

/// [`count_for_compute`] and [`compute_from`] for the same months.
pub fn compute(
    ex: &mut Extract,
    pending: Option<Pending>,
    scope: Scope,
    dims: &[Dimension],
    suppression: bool,
) -> anyhow::Result<Computed> {
    let counts = count_for_compute(ex, pending, scope, dims, suppression)?;
    Ok(compute_from(ex, &counts, scope, dims, suppression))
}
