//! From counted cells to figures: full-time persons and shares per KPI, month and group
//! (`domain.md`, "Measuring": full-time persons = person-weeks ÷ weeks in the month; a share =
//! numerator person-weeks ÷ denominator person-weeks). The cells are summed by
//! [`super::counts`].

use super::counts::{Cell, Counts, cell_of};
use super::reason::Suppression;
use super::suppress::{Pattern, Period};
use crate::extract::Extract;
use crate::method::calendar::Month;
use crate::method::classify::ORIGIN_LABELS;
use crate::method::status::{Kpi, Status};

pub use super::dims::{AGE_BANDS, Dimension, Measure, age_band};

/// One figure: KPI (or status), period, group; numerator and denominator in full-time
/// persons. A month's figure (`Figure`, the default) or a quarter pooled from its months
/// ([`super::pooled::Pooled`]): one type, so the two are published and protected alike.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure<P = Month> {
    pub measure: Measure,
    /// The month, or the quarter pooled.
    pub period: P,
    pub dimension: Dimension,
    /// Sort key of the group within its dimension.
    pub order: u16,
    pub group: String,
    /// Full-time persons: a month's, or the mean of a quarter's months.
    pub numerator: f64,
    pub denominator: f64,
    /// Distinct persons behind the numerator and the denominator, over the period (for
    /// disclosure control).
    pub num_persons: u32,
    pub den_persons: u32,
    pub suppression: Suppression,
}

impl<P> Figure<P> {
    /// The share in per cent; undefined (NaN) with no one in the denominator.
    pub fn share_pct(&self) -> f64 {
        if self.denominator > 0.0 { 100.0 * self.numerator / self.denominator } else { f64::NAN }
    }

    /// Numerator, denominator and share as they may be published: `None` where suppressed,
    /// and no share where it is undefined.
    pub fn published(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        let (s, share) = (&self.suppression, self.share_pct());
        (
            s.numerator.is_none().then_some(self.numerator),
            s.denominator.is_none().then_some(self.denominator),
            (s.share.is_none() && share.is_finite()).then_some(share),
        )
    }
}

/// One group of a dimension: its sort key, the code its cells are counted under (see
/// [`Counts::month`]) and its label.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub order: u16,
    pub code: u16,
    pub label: String,
}

/// The groups of a dimension shown for a scope and `months`: every age band, both sexes and
/// the five origins always; the origin of unknown country, the local areas and the
/// municipalities only where they hold persons in those months.
pub(super) fn groups(
    ex: &Extract,
    counts: &Counts,
    scope: Option<u16>,
    dim: Dimension,
    months: &[Month],
) -> Vec<Group> {
    let g = |order: u16, code: u16, label: &str| Group { order, code, label: label.to_string() };
    match dim {
        Dimension::Total | Dimension::Status | Dimension::Land | Dimension::Klynge => vec![g(0, 0, "I alt")],
        Dimension::Age => AGE_BANDS.iter().enumerate().map(|(i, b)| g(i as u16, i as u16, b.2)).collect(),
        Dimension::Sex => vec![g(0, 0, "Mænd"), g(1, 1, "Kvinder")],
        Dimension::Herkomst => {
            // The group of unknown origin (a country code the table lacks) only when it has persons.
            let unknown = counts.used(scope, dim, months).contains(&5);
            ORIGIN_LABELS
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 5 || unknown)
                .map(|(i, l)| g(i as u16, i as u16, l))
                .collect()
        }
        Dimension::Omraade => {
            let mut names: Vec<(u16, &str)> = ex
                .areas
                .iter()
                .enumerate()
                .map(|(i, a)| (i as u16, if a.is_empty() { "Uoplyst" } else { a.as_str() }))
                .collect();
            // Alphabetical, "Uoplyst" last.
            names.sort_by(|a, b| (a.0 == 0).cmp(&(b.0 == 0)).then(a.1.cmp(b.1)));
            let used = counts.used(scope, dim, months);
            names
                .into_iter()
                .enumerate()
                .filter(|(_, (i, _))| used.contains(i))
                .map(|(rank, (i, l))| g(rank as u16, i, l))
                .collect()
        }
        Dimension::Kommune => counts.used(scope, dim, months).into_iter().map(|k| g(k, k, &k.to_string())).collect(),
    }
}

/// A figure before its values: what it measures, of which group, the statuses its numerator
/// sums and the distinct persons behind it. The one path from cells to monthly figures and
/// pooled quarters alike.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub measure: Measure,
    pub order: u16,
    pub group: String,
    statuses: &'static [Status],
    pub num_persons: u32,
    pub den_persons: u32,
}

impl Line {
    /// Full-time persons (numerator, denominator) in a month of `weeks_in_month` weeks whose
    /// cell is `c`.
    pub fn fuldtid(&self, c: &Cell, weeks_in_month: f64) -> (f64, f64) {
        (c.weeks_in(self.statuses) as f64 / weeks_in_month, c.total() as f64 / weeks_in_month)
    }
}

static STATUSES: [Status; 10] = Status::ALL;

/// The lines of one group whose persons are counted in `persons`: both KPIs, or for
/// dimension `Status` the ten statuses (whose denominator is the whole population).
pub(super) fn lines(dim: Dimension, g: &Group, persons: &Cell) -> Vec<Line> {
    if dim == Dimension::Status {
        return STATUSES
            .iter()
            .map(|s| Line {
                measure: Measure::Fuldtidspersoner,
                order: s.index() as u16,
                group: s.id().to_string(),
                statuses: std::slice::from_ref(s),
                num_persons: persons.status_persons[s.index()],
                den_persons: persons.persons,
            })
            .collect();
    }
    Kpi::ALL
        .iter()
        .enumerate()
        .map(|(k, kpi)| Line {
            measure: Measure::Kpi(*kpi),
            order: g.order,
            group: g.label.clone(),
            statuses: kpi.statuses(),
            num_persons: persons.num_persons[k],
            den_persons: persons.persons,
        })
        .collect()
}

/// The dimensions asked for with the total, in order.
pub(super) fn with_total(dims: &[Dimension]) -> Vec<Dimension> {
    let mut dims: Vec<Dimension> = dims.to_vec();
    dims.push(Dimension::Total);
    dims.sort();
    dims.dedup();
    dims
}

/// Every figure of the given dimensions (the total is always included) of a scope (`None`:
/// all municipalities) for the months `from`–`to`, which `counts` must hold; `cluster` are the
/// members of dimension `Klynge`. Each figure is as `pattern` publishes it (`None`: unsuppressed).
pub fn figures(
    ex: &Extract,
    counts: &Counts,
    pattern: Option<&Pattern>,
    (scope, cluster): (Option<u16>, &[u16]),
    from: Month,
    to: Month,
    dims: &[Dimension],
) -> Vec<Figure> {
    let months: Vec<Month> = (from.index()..=to.index()).map(Month::from_index).collect();
    let scope = counts.scope_of(scope);
    let mut out = Vec::new();
    for dim in with_total(dims) {
        let groups = groups(ex, counts, scope, dim, &months);
        for &month in &months {
            let wim = month.weeks().len() as f64;
            for g in &groups {
                let c = cell_of(counts, scope, dim, g.code, cluster, month);
                for line in lines(dim, g, &c) {
                    let (numerator, denominator) = line.fuldtid(&c, wim);
                    let code = if dim == Dimension::Status { line.order } else { g.code };
                    let suppression = match pattern {
                        Some(p) => {
                            p.figure(scope, Period::Month(month), dim, code, line.measure, line.den_persons, cluster)
                        }
                        None => Suppression::default(),
                    };
                    out.push(Figure {
                        measure: line.measure,
                        period: month,
                        dimension: dim,
                        order: line.order,
                        group: line.group,
                        numerator,
                        denominator,
                        num_persons: line.num_persons,
                        den_persons: line.den_persons,
                        suppression,
                    });
                }
            }
        }
    }
    out.sort_by_key(|f| (f.measure, f.period, f.dimension, f.order));
    out
}
