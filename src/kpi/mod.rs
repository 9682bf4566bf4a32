//! Figures, pooled quarters, flows, disclosure control, targets and signals.

pub mod cells;
pub mod counts;
pub mod figures;
pub mod flows;
pub mod pooled;
pub mod suppress;
pub mod targets;

use crate::extract::load::{Extract, Pending};
use crate::method::calendar::{Month, Quarter};
use crate::method::classify::Scope;
use counts::Plan;
use figures::{Dimension, Figure};
use flows::Flows;
use pooled::Pooled;
use std::collections::BTreeMap;

/// Figures of an extract for a scope, suppressed unless told otherwise.
pub struct Computed {
    /// Person-weeks in scope whose code is not in the code map (counted as `oevrige`), by code.
    pub unknown_codes: BTreeMap<u16, u64>,
    pub figures: Vec<Figure>,
}

/// Everything a quarterly report shows, with disclosure control applied to all of it at once.
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
}

fn months(scope: Scope) -> impl Iterator<Item = Month> {
    (scope.from.index()..=scope.to.index()).map(Month::from_index)
}

/// The figures of a report on `quarter`: monthly totals for the whole scope, the breakdowns
/// pooled for only the quarter and the one a year before, the flows, and the municipalities
/// compared when `compare` is set; all counted in one pass.
pub fn compute_for_report(
    ex: &mut Extract,
    pending: Option<Pending>,
    scope: Scope,
    quarter: Quarter,
    dims: &[Dimension],
    compare: bool,
    cluster: Option<&(String, Vec<u16>)>,
) -> anyhow::Result<ForReport> {
    let quarters: Vec<Quarter> = [quarter.offset(-4), quarter]
        .into_iter()
        .filter(|q| q.first_month() >= scope.from && q.last_month() <= scope.to)
        .collect();
    let dims = figures::with_total(dims);
    let mut plan = Plan::new(scope)
        .monthly(&[Dimension::Total], months(scope))
        .monthly(&dims, quarters.iter().flat_map(|q| q.months()))
        .pooled(&quarters, &dims)
        .flows(quarter);
    let members: &[u16] = cluster.map(|c| c.1.as_slice()).unwrap_or_default();
    let compared = [Dimension::Kommune, Dimension::Land, Dimension::Klynge];
    let compared = if members.is_empty() { &compared[..2] } else { &compared[..] };
    if compare {
        plan = plan.monthly(compared, months(scope)).all_kommuner().cluster(members);
    }
    let counts = counts::count(ex, pending, &plan)?;
    let mut figs = figures::figures(ex, &counts, scope.from, scope.to, &[Dimension::Total]);
    let mut pooled = pooled::pool(ex, &counts, &quarters, &dims);
    let matrix = counts.flows.map(|f| f.1).unwrap_or_default();
    let mut flows = flows::flows(quarter, matrix);
    if compare {
        let k = figures::figures(ex, &counts, scope.from, scope.to, compared);
        figs.extend(k.into_iter().filter(|f| compared.contains(&f.dimension)));
    }
    figs.sort_by_key(|f| (f.measure, f.month, f.dimension, f.order));
    suppress::apply_report(&mut figs, &mut pooled, &mut flows, scope.kommune, members);
    Ok(ForReport { unknown_codes: counts.unknown_codes, figures: figs, pooled, flows })
}

/// Classifies person-weeks and sums them into figures for the dimensions asked for; DREAM's
/// rows are those held in `ex`, or read from `pending` a batch at a time.
pub fn compute(
    ex: &mut Extract,
    pending: Option<Pending>,
    scope: Scope,
    dims: &[Dimension],
    suppression: bool,
) -> anyhow::Result<Computed> {
    let counts = counts::count(ex, pending, &Plan::new(scope).monthly(&figures::with_total(dims), months(scope)))?;
    let mut figs = figures::figures(ex, &counts, scope.from, scope.to, dims);
    if suppression {
        suppress::apply(&mut figs);
    }
    Ok(Computed { unknown_codes: counts.unknown_codes, figures: figs })
}
