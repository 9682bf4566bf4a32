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

/// Classifies person-weeks and sums them into figures for the dimensions asked for.
pub fn compute(ex: &Extract, scope: Scope, dims: &[Dimension], suppression: bool) -> anyhow::Result<Computed> {
    let pm = classify::classify(ex, scope);
    let mut figs = figures::figures(ex, &pm, scope.from, scope.to, dims)?;
    if suppression {
        suppress::apply(&mut figs);
    }
    Ok(Computed { person_months: pm, figures: figs })
}
