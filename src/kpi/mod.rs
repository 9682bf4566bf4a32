//! Figures, pooled quarters, flows, disclosure control, targets and signals.

pub mod cells;
pub mod figures;
pub mod flows;
pub mod pooled;
pub mod suppress;
pub mod targets;

use crate::extract::load::Extract;
use crate::method::calendar::Quarter;
use crate::method::classify::{self, PersonMonths, Scope};
use figures::{Dimension, Figure};
use flows::Flows;
use pooled::Pooled;

/// Figures of an extract for a scope, suppressed unless told otherwise.
pub struct Computed {
    pub person_months: PersonMonths,
    pub figures: Vec<Figure>,
}

/// Everything a quarterly report shows, with disclosure control applied to all of it at once.
pub struct ForReport {
    pub person_months: PersonMonths,
    /// The totals of every month of the scope; with several municipalities compared, also
    /// their figures (dimension `Kommune`) and all of them together (`Land`) for every month.
    pub figures: Vec<Figure>,
    /// The quarter and the same quarter a year before (where in scope), pooled, for the
    /// dimensions asked for and the total.
    pub pooled: Vec<Pooled>,
    /// Flows within the quarter.
    pub flows: Flows,
}

/// The figures of a report on `quarter`: monthly totals for the whole scope, the breakdowns
/// pooled for only the quarter and the one a year before (much less to sum), the flows, and
/// the municipalities compared when `compare` is set.
pub fn compute_for_report(
    ex: &Extract,
    scope: Scope,
    quarter: Quarter,
    dims: &[Dimension],
    compare: bool,
    cluster: Option<&(String, Vec<u16>)>,
) -> anyhow::Result<ForReport> {
    let pm = classify::classify(ex, scope);
    let mut figs = figures::figures(ex, &pm, scope.from, scope.to, &[Dimension::Total])?;
    let quarters: Vec<Quarter> = [quarter.offset(-4), quarter]
        .into_iter()
        .filter(|q| q.first_month() >= scope.from && q.last_month() <= scope.to)
        .collect();
    let months: Vec<i32> = quarters.iter().flat_map(|q| q.months()).map(|m| m.index()).collect();
    let sub = pm.only_months(&months);
    let mut monthly: Vec<Figure> = figs.clone();
    for q in &quarters {
        let part = figures::figures(ex, &sub, q.first_month(), q.last_month(), dims)?;
        monthly.extend(part.into_iter().filter(|f| f.dimension != Dimension::Total));
    }
    let mut pooled = pooled::pool(ex, &sub, &quarters, dims, &monthly)?;
    let mut flows = flows::flows(&pm, quarter);
    if compare {
        let all = classify::classify(ex, Scope { kommune: None, ..scope });
        let k = figures::figures(ex, &all, scope.from, scope.to, &[Dimension::Kommune, Dimension::Land])?;
        let k: Vec<Figure> =
            k.into_iter().filter(|f| matches!(f.dimension, Dimension::Kommune | Dimension::Land)).collect();
        if let Some((name, members)) = cluster {
            figs.extend(cluster_figures(&k, name, members));
        }
        figs.extend(k);
    }
    figs.sort_by_key(|f| (f.measure, f.month, f.dimension, f.order));
    let members = cluster.map(|c| c.1.as_slice()).unwrap_or_default();
    suppress::apply_report(&mut figs, &mut pooled, &mut flows, scope.kommune, members);
    Ok(ForReport { person_months: pm, figures: figs, pooled, flows })
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

/// A cluster's figures: the sums of its members' numerators and denominators (full-time
/// persons add up), month by month. Distinct persons are summed too, so a person who moved
/// between two members within a month counts twice there: the disclosure thresholds see at
/// least as many persons as there are, which for clusters of whole municipalities never
/// decides whether a figure is shown.
fn cluster_figures(kommuner: &[Figure], name: &str, members: &[u16]) -> Vec<Figure> {
    let mut sums: std::collections::BTreeMap<(figures::Measure, crate::method::calendar::Month), Figure> =
        std::collections::BTreeMap::new();
    for f in kommuner.iter().filter(|f| f.dimension == Dimension::Kommune && members.contains(&f.order)) {
        let s = sums.entry((f.measure, f.month)).or_insert_with(|| Figure {
            dimension: Dimension::Klynge,
            order: 0,
            group: name.to_string(),
            numerator: 0.0,
            denominator: 0.0,
            num_persons: 0,
            den_persons: 0,
            ..f.clone()
        });
        s.numerator += f.numerator;
        s.denominator += f.denominator;
        s.num_persons += f.num_persons;
        s.den_persons += f.den_persons;
    }
    sums.into_values().collect()
}
