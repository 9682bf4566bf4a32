//! Quarters pooled from months, as the report's breakdowns and status table show them
//! (`domain.md`, "What a quarterly report shows"): full-time persons are the mean of the
//! quarter's three months and a share is the ratio of the sums. The persons a pooled value rests
//! on, for disclosure control, are the distinct persons over the whole quarter.

use super::figures::{self, Dimension, Figure, Measure};
use super::suppress::Suppression;
use crate::extract::load::Extract;
use crate::method::calendar::{Month, Quarter};
use crate::method::classify::PersonMonths;
use crate::method::status::{Kpi, Status};
use std::collections::HashMap;

/// One pooled figure: KPI (or status), quarter, group.
#[derive(Debug, Clone, PartialEq)]
pub struct Pooled {
    pub measure: Measure,
    pub quarter: Quarter,
    pub dimension: Dimension,
    pub order: u16,
    pub group: String,
    /// Mean full-time persons over the quarter's months.
    pub numerator: f64,
    pub denominator: f64,
    /// Distinct persons over the quarter.
    pub num_persons: u32,
    pub den_persons: u32,
    pub suppression: Suppression,
}

impl Pooled {
    pub fn share_pct(&self) -> f64 {
        super::figures::share_pct(self.numerator, self.denominator)
    }

    /// The values as they may be published: `None` where suppressed.
    pub fn published(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        super::figures::published(self.numerator, self.denominator, &self.suppression)
    }
}

/// Pools the monthly `figures` of each quarter for the dimensions given (the total always).
/// `pm` holds the person-months of the quarters (at least); `figures` every month of them.
pub fn pool(
    ex: &Extract,
    pm: &PersonMonths,
    quarters: &[Quarter],
    dims: &[Dimension],
    monthly: &[Figure],
) -> anyhow::Result<Vec<Pooled>> {
    let mut dims: Vec<Dimension> = dims.to_vec();
    dims.push(Dimension::Total);
    dims.sort();
    dims.dedup();
    let by: HashMap<(Measure, i32, Dimension, &str), &Figure> =
        monthly.iter().map(|f| ((f.measure, f.month.index(), f.dimension, f.group.as_str()), f)).collect();
    // A row's period is its quarter, keyed by the quarter's first month.
    let periods: Vec<i32> = pm.month.iter().map(|&m| Quarter::of(Month::from_index(m)).first_month().index()).collect();
    let mut out = Vec::new();
    for dim in dims {
        let (codes, labels) = figures::group_codes(pm, ex, dim);
        let cells = figures::aggregate(pm, &periods, &codes)?;
        for &q in quarters {
            let key = q.first_month().index();
            for (code, label) in &labels {
                let empty = figures::Cell::default();
                let c = cells.get(&(key, *code)).unwrap_or(&empty);
                // The mean over the months of the figure for (measure, group).
                let mean = |m: Measure, group: &str| -> (f64, f64) {
                    let fs: Vec<&&Figure> =
                        q.months().iter().filter_map(|mo| by.get(&(m, mo.index(), dim, group))).collect();
                    let n = fs.len().max(1) as f64;
                    (fs.iter().map(|f| f.numerator).sum::<f64>() / n, fs.iter().map(|f| f.denominator).sum::<f64>() / n)
                };
                if dim == Dimension::Status {
                    for s in Status::ALL {
                        let (num, den) = mean(Measure::Fuldtidspersoner, s.id());
                        out.push(Pooled {
                            measure: Measure::Fuldtidspersoner,
                            quarter: q,
                            dimension: dim,
                            order: s.index() as u16,
                            group: s.id().to_string(),
                            numerator: num,
                            denominator: den,
                            num_persons: c.status_persons[s.index()],
                            den_persons: c.persons,
                            suppression: Suppression::default(),
                        });
                    }
                    continue;
                }
                for (k, kpi) in Kpi::ALL.iter().enumerate() {
                    let (num, den) = mean(Measure::Kpi(*kpi), label);
                    out.push(Pooled {
                        measure: Measure::Kpi(*kpi),
                        quarter: q,
                        dimension: dim,
                        order: *code,
                        group: label.clone(),
                        numerator: num,
                        denominator: den,
                        num_persons: c.num_persons[k],
                        den_persons: c.persons,
                        suppression: Suppression::default(),
                    });
                }
            }
        }
    }
    out.sort_by_key(|p| (p.measure, p.quarter, p.dimension, p.order));
    Ok(out)
}
