//! Figures, disclosure control, targets and signals.

pub mod figures;
pub mod suppress;
pub mod targets;

use crate::extract::load::Extract;
use crate::method::classify::{self, PersonMonths, Scope};
use figures::{Dimension, Figure};

/// Figures of an extract for a scope, suppressed unless told otherwise.
pub struct Computed {
    pub person_months: PersonMonths,
    pub figures: Vec<Figure>,
}

/// Like [`compute`], but the breakdowns only for some quarters (a report needs the total for
/// every month and the breakdowns for two quarters): much less to sum.
pub fn compute_for_report(
    ex: &Extract,
    scope: Scope,
    breakdown_quarters: &[crate::method::calendar::Quarter],
    dims: &[Dimension],
) -> anyhow::Result<Computed> {
    let pm = classify::classify(ex, scope);
    let mut figs = figures::figures(ex, &pm, scope.from, scope.to, &[Dimension::Total])?;
    let quarters: Vec<_> =
        breakdown_quarters.iter().filter(|q| q.first_month() >= scope.from && q.last_month() <= scope.to).collect();
    let months: Vec<i32> = quarters.iter().flat_map(|q| q.months()).map(|m| m.index()).collect();
    let sub = pm.only_months(&months);
    for q in quarters {
        let part = figures::figures(ex, &sub, q.first_month(), q.last_month(), dims)?;
        figs.extend(part.into_iter().filter(|f| f.dimension != Dimension::Total));
    }
    figs.sort_by_key(|f| (f.measure, f.month, f.dimension, f.order));
    suppress::apply(&mut figs);
    Ok(Computed { person_months: pm, figures: figs })
}

/// Classifies person-weeks and sums them into figures for the dimensions asked for.
pub fn compute(ex: &Extract, scope: Scope, dims: &[Dimension], suppression: bool) -> anyhow::Result<Computed> {
    let pm = classify::classify(ex, scope);
    let mut figs = figures::figures(ex, &pm, scope.from, scope.to, dims)?;
    if suppression {
        suppress::apply(&mut figs);
    }
    Ok(Computed { person_months: pm, figures: figs })
}
