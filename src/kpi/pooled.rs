//! Quarters pooled from months, as the report's breakdowns and status table show them
//! (`domain.md`, "What a quarterly report shows"): full-time persons are the mean of the
//! quarter's three months and a share is the ratio of the sums. The persons a pooled value rests
//! on, for disclosure control, are the distinct persons over the whole quarter.

use super::counts::{Cell, Counts};
use super::figures::{self, Dimension};
use super::suppress::{Pattern, Period, Suppression};
use crate::extract::Extract;
use crate::method::calendar::{Month, Quarter};

/// One pooled figure: KPI (or status), quarter, group; full-time persons the mean over the
/// quarter's months, persons distinct over the quarter.
pub type Pooled = figures::Figure<Quarter>;

/// Pools each quarter for the dimensions given (the total always) of a scope: full-time
/// persons are the mean of the quarter's monthly figures, the persons those distinct over the
/// quarter. `counts` must hold the quarters pooled and their months by month for the same
/// dimensions; the groups shown are those with persons in any of the quarters' months. Each
/// figure is as `pattern` publishes it (`None`: unsuppressed).
pub fn pool(
    ex: &Extract,
    counts: &Counts,
    pattern: Option<&Pattern>,
    scope: Option<u16>,
    quarters: &[Quarter],
    dims: &[Dimension],
) -> Vec<Pooled> {
    let months: Vec<Month> = quarters.iter().flat_map(|q| q.months()).collect();
    let scope = counts.scope_of(scope);
    let mut out = Vec::new();
    for dim in figures::with_total(dims) {
        let groups = figures::groups(ex, counts, scope, dim, &months);
        for &q in quarters {
            for g in &groups {
                let persons = counts.quarter(scope, q, dim, g.code).unwrap_or(&Cell::EMPTY);
                for line in figures::lines(dim, g, persons) {
                    let monthly: Vec<(f64, f64)> = q
                        .months()
                        .iter()
                        .map(|&m| {
                            let c = counts.month(scope, m, dim, g.code).unwrap_or(&Cell::EMPTY);
                            line.fuldtid(c, m.weeks().len() as f64)
                        })
                        .collect();
                    let n = monthly.len() as f64;
                    let code = if dim == Dimension::Status { line.order } else { g.code };
                    let suppression = match pattern {
                        Some(p) => p.figure(scope, Period::Quarter(q), dim, code, line.measure, line.den_persons, &[]),
                        None => Suppression::default(),
                    };
                    out.push(Pooled {
                        measure: line.measure,
                        period: q,
                        dimension: dim,
                        order: line.order,
                        numerator: monthly.iter().map(|v| v.0).sum::<f64>() / n,
                        denominator: monthly.iter().map(|v| v.1).sum::<f64>() / n,
                        group: line.group,
                        num_persons: line.num_persons,
                        den_persons: line.den_persons,
                        suppression,
                    });
                }
            }
        }
    }
    out.sort_by_key(|p| (p.measure, p.period, p.dimension, p.order));
    out
}
