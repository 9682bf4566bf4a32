//! Disclosure control (`domain.md`, "Disclosure", Danmarks Statistik practice), over the whole
//! set of numbers one output publishes: `compute`'s rows, or everything a report states in its
//! PDF, XLSX and CSV together.
//!
//! 1. A cell resting on 1–4 persons is hidden (primary suppression).
//! 2. No share is shown whose denominator rests on fewer than 20 persons, and none can be
//!    computed either: a numerator of 0 is hidden (0 of anything is 0 %), and of what is left
//!    the denominator is hidden (one cell that both KPIs of a group share); for a total, the
//!    numerators instead.
//! 3. A share is shown only when its numerator and denominator are.
//! 4. More cells are hidden (secondary suppression) until no hidden cell can be solved from
//!    the shown ones through the relations between them, in every table at once: a breakdown's
//!    groups sum to the total, the statuses sum to the population, `uddannelse_job` = job +
//!    uddannelse, `arbejdsduelige` = job + uddannelse + ledig_jobparat, a quarter is the mean
//!    of its months, and a stated sum of flows is the sum of its flows (see [`super::cells`]).

use super::cells::{CellId, Cells, Kind};
use super::figures::{Dimension, Figure, Measure};
use super::flows::{Flows, GROUPS, SUMS};
use super::pooled::Pooled;
use crate::method::calendar::Quarter;
use crate::method::status::{Kpi, Status};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Smallest number of persons a published count may rest on.
pub const MIN_PERSONS: u32 = 5;
/// Smallest denominator (persons) a published share may rest on.
pub const MIN_DENOMINATOR: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The value rests on 1–4 persons.
    Primary,
    /// Hidden so that another hidden value cannot be computed from what is shown.
    Secondary,
    /// Hidden so that no share on a denominator of fewer than 20 persons can be computed.
    SmallDenominator,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Primary => "1-4 personer",
            Reason::Secondary => "sekundær diskretionering",
            Reason::SmallDenominator => "nævner under 20 personer",
        }
    }
}

/// Which parts of a figure are hidden, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Suppression {
    pub numerator: Option<Reason>,
    pub denominator: Option<Reason>,
    pub share: Option<Reason>,
}

impl Suppression {
    pub fn any(&self) -> bool {
        self.numerator.is_some() || self.denominator.is_some() || self.share.is_some()
    }
}

/// The cells of one output and the shares it shows, as (numerator, denominator).
#[derive(Default)]
struct Sheet {
    cells: Cells,
    shares: Vec<(CellId, CellId)>,
}

impl Sheet {
    fn small(&self, den: CellId) -> bool {
        (1..MIN_DENOMINATOR).contains(&self.cells.persons(den))
    }

    /// Rules 1, 2 and 4 (rule 3 is [`Sheet::suppression`]).
    fn protect(&mut self) {
        self.cells.hide_small();
        let mut by_den: BTreeMap<CellId, Vec<CellId>> = BTreeMap::new();
        for &(n, d) in &self.shares {
            if self.small(d) {
                by_den.entry(d).or_default().push(n);
            }
        }
        for (d, nums) in by_den {
            for &n in &nums {
                if self.cells.persons(n) == 0 {
                    self.cells.hide(n, Reason::SmallDenominator);
                }
            }
            if !self.cells.is_shown(d) || !nums.iter().any(|&n| self.cells.is_shown(n)) {
                continue;
            }
            if self.cells.kind(d) == Kind::Margin {
                for &n in &nums {
                    self.cells.hide(n, Reason::SmallDenominator);
                }
            } else {
                self.cells.hide(d, Reason::SmallDenominator);
            }
        }
        self.cells.protect();
    }

    fn suppression(&self, n: CellId, d: CellId) -> Suppression {
        let numerator = self.cells.reason(n);
        let denominator = self.cells.reason(d);
        let share = if self.small(d) { Some(Reason::SmallDenominator) } else { numerator.or(denominator) };
        Suppression { numerator, denominator, share }
    }
}

fn kind(dim: Dimension) -> Kind {
    if dim == Dimension::Total { Kind::Margin } else { Kind::Inner }
}

/// The status figures' share denominator is the total population: one cell with the total's.
fn den_group(f: &Figure) -> (Dimension, &str) {
    if f.dimension == Dimension::Status { (Dimension::Total, "I alt") } else { (f.dimension, f.group.as_str()) }
}

/// Applies the rules to the figures one `compute` publishes (every KPI, month and group,
/// and the statuses), which must include the totals of the months for the relations.
pub fn apply(figures: &mut [Figure]) {
    let mut sheet = Sheet::default();
    let mut den: HashMap<(i32, Dimension, String), CellId> = HashMap::new();
    let mut ids: Vec<(CellId, CellId)> = Vec::with_capacity(figures.len());
    for f in figures.iter() {
        let n = sheet.cells.add(f.num_persons, kind(f.dimension));
        let (dd, dg) = den_group(f);
        let d = *den
            .entry((f.month.index(), dd, dg.to_string()))
            .or_insert_with(|| sheet.cells.add(f.den_persons, kind(dd)));
        sheet.shares.push((n, d));
        ids.push((n, d));
    }
    // Relations, month by month.
    let mut by_month: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, f) in figures.iter().enumerate() {
        by_month.entry(f.month.index()).or_default().push(i);
    }
    for (month, rows) in by_month {
        let total_num = |m: Measure| {
            rows.iter()
                .find(|&&i| figures[i].dimension == Dimension::Total && figures[i].measure == m)
                .map(|&i| ids[i].0)
        };
        let total_den = den.get(&(month, Dimension::Total, "I alt".to_string())).copied();
        let mut dims: Vec<Dimension> = rows.iter().map(|&i| figures[i].dimension).collect();
        dims.sort();
        dims.dedup();
        for dim in dims {
            let of = |m: Measure| -> Vec<CellId> {
                rows.iter()
                    .filter(|&&i| figures[i].dimension == dim && figures[i].measure == m)
                    .map(|&i| ids[i].0)
                    .collect()
            };
            match dim {
                Dimension::Total => {}
                Dimension::Status => {
                    let statuses = of(Measure::Fuldtidspersoner);
                    let status_of = |s: Status| {
                        rows.iter()
                            .find(|&&i| {
                                figures[i].dimension == dim
                                    && figures[i].measure == Measure::Fuldtidspersoner
                                    && figures[i].group == s.id()
                            })
                            .map(|&i| ids[i].0)
                    };
                    if let Some(t) = total_den {
                        sheet.cells.sum(t, &statuses);
                    }
                    for kpi in Kpi::ALL {
                        let parts: Option<Vec<CellId>> = kpi.statuses().iter().map(|&s| status_of(s)).collect();
                        if let (Some(t), Some(parts)) = (total_num(Measure::Kpi(kpi)), parts) {
                            sheet.cells.sum(t, &parts);
                        }
                    }
                }
                _ => {
                    for kpi in Kpi::ALL {
                        if let Some(t) = total_num(Measure::Kpi(kpi)) {
                            sheet.cells.sum(t, &of(Measure::Kpi(kpi)));
                        }
                    }
                    let mut dens: Vec<CellId> =
                        rows.iter().filter(|&&i| figures[i].dimension == dim).map(|&i| ids[i].1).collect();
                    dens.sort();
                    dens.dedup();
                    if let Some(t) = total_den {
                        sheet.cells.sum(t, &dens);
                    }
                }
            }
        }
    }
    sheet.protect();
    for (f, &(n, d)) in figures.iter_mut().zip(&ids) {
        f.suppression = sheet.suppression(n, d);
    }
}

/// Applies the rules to everything one report publishes, together:
/// - `figures`: the monthly totals of the series (and, through them, the front page and its
///   sentences), and the municipalities compared, if any (their shares are shown, so their
///   numerators and denominators count as shown); `own` is the municipality the report is
///   about (`None`: all of them, whose sum is then the total);
/// - `pooled`: the quarters' breakdowns and status table; the quarters' totals, whose
///   denominator the status table shows and whose numerators only the months show;
/// - `flows`: the flow table and the sums its text states.
/// - the own municipality's cluster (dimension `Klynge`), the sum of `cluster`'s members.
pub fn apply_report(
    figures: &mut [Figure],
    pooled: &mut [Pooled],
    flows: &mut Flows,
    own: Option<u16>,
    cluster: &[u16],
) {
    let mut sheet = Sheet::default();
    let c = &mut sheet.cells;
    // Monthly totals and municipalities.
    // The totals (own municipality, all municipalities, the cluster) and the municipalities.
    let mut margin_num: HashMap<(Dimension, Measure, i32), CellId> = HashMap::new();
    let mut margin_den: HashMap<(Dimension, i32), CellId> = HashMap::new();
    let mut kom_num: HashMap<(Measure, i32, u16), CellId> = HashMap::new();
    let mut kom_den: HashMap<(i32, u16), CellId> = HashMap::new();
    let mut fig_ids: Vec<Option<(CellId, CellId)>> = Vec::with_capacity(figures.len());
    for f in figures.iter() {
        let m = f.month.index();
        let ids = match f.dimension {
            Dimension::Total | Dimension::Land | Dimension::Klynge => {
                let n = c.add(f.num_persons, Kind::Margin);
                margin_num.insert((f.dimension, f.measure, m), n);
                let d = *margin_den.entry((f.dimension, m)).or_insert_with(|| c.add(f.den_persons, Kind::Margin));
                Some((n, d))
            }
            Dimension::Kommune => {
                let n = c.add(f.num_persons, Kind::Inner);
                kom_num.insert((f.measure, m, f.order), n);
                let d = *kom_den.entry((m, f.order)).or_insert_with(|| c.add(f.den_persons, Kind::Inner));
                Some((n, d))
            }
            _ => None,
        };
        if let Some(p) = ids {
            sheet.shares.push(p);
        }
        fig_ids.push(ids);
    }
    let c = &mut sheet.cells;
    let mut months: Vec<i32> = margin_den.keys().filter(|k| k.0 == Dimension::Total).map(|k| k.1).collect();
    months.sort();
    let mut kommuner: Vec<u16> = kom_den.keys().map(|k| k.1).collect();
    kommuner.sort();
    kommuner.dedup();
    for &m in &months {
        // Each KPI's numerators, then the denominators (`None`).
        for meas in Kpi::ALL.map(|k| Some(Measure::Kpi(k))).into_iter().chain([None]) {
            let total = |d: Dimension| match meas {
                Some(x) => margin_num.get(&(d, x, m)).copied(),
                None => margin_den.get(&(d, m)).copied(),
            };
            let part = |k: u16| match meas {
                Some(x) => kom_num.get(&(x, m, k)).copied(),
                None => kom_den.get(&(m, k)).copied(),
            };
            let parts: Vec<CellId> = kommuner.iter().filter_map(|&k| part(k)).collect();
            if let Some(t) = total(Dimension::Total) {
                kommune_relation(c, t, &parts, part, own);
            }
            if let Some(t) = total(Dimension::Land) {
                sum_relation(c, t, &parts);
            }
            if let Some(t) = total(Dimension::Klynge) {
                let members: Vec<CellId> = cluster.iter().filter_map(|&k| part(k)).collect();
                sum_relation(c, t, &members);
            }
        }
    }
    // Quarters: totals first, as the other pooled figures refer to them.
    let mut q_num: HashMap<(Measure, Quarter), CellId> = HashMap::new();
    let mut q_den: BTreeMap<Quarter, CellId> = BTreeMap::new();
    for p in pooled.iter().filter(|p| p.dimension == Dimension::Total) {
        q_num.insert((p.measure, p.quarter), c.add_unpublished(p.num_persons));
        q_den.entry(p.quarter).or_insert_with(|| c.add(p.den_persons, Kind::Margin));
    }
    let mut group_den: HashMap<(Quarter, Dimension, &str), CellId> = HashMap::new();
    let mut pooled_ids: Vec<Option<(CellId, CellId)>> = Vec::with_capacity(pooled.len());
    let mut parts_num: BTreeMap<(Measure, Quarter, Dimension), Vec<CellId>> = BTreeMap::new();
    let mut parts_den: BTreeMap<(Quarter, Dimension), Vec<CellId>> = BTreeMap::new();
    let mut status_cells: HashMap<(Quarter, &str), CellId> = HashMap::new();
    for p in pooled.iter() {
        let Some(&qd) = q_den.get(&p.quarter) else {
            pooled_ids.push(None);
            continue;
        };
        let ids = match p.dimension {
            Dimension::Total => (q_num[&(p.measure, p.quarter)], qd),
            Dimension::Status => {
                let n = c.add(p.num_persons, Kind::Inner);
                status_cells.insert((p.quarter, p.group.as_str()), n);
                parts_num.entry((p.measure, p.quarter, p.dimension)).or_default().push(n);
                sheet.shares.push((n, qd));
                (n, qd)
            }
            _ => {
                let n = c.add(p.num_persons, Kind::Inner);
                let d = *group_den.entry((p.quarter, p.dimension, p.group.as_str())).or_insert_with(|| {
                    let d = c.add(p.den_persons, Kind::Inner);
                    parts_den.entry((p.quarter, p.dimension)).or_default().push(d);
                    d
                });
                parts_num.entry((p.measure, p.quarter, p.dimension)).or_default().push(n);
                sheet.shares.push((n, d));
                (n, d)
            }
        };
        pooled_ids.push(Some(ids));
    }
    let c = &mut sheet.cells;
    for (&q, &qd) in &q_den {
        // 3 · quarter = Σ months, where all three months are in the series.
        let ms: Vec<i32> = q.months().iter().map(|m| m.index()).collect();
        let mean = |c: &mut Cells, q_cell: CellId, month_cell: &dyn Fn(i32) -> Option<CellId>| {
            let cells: Option<Vec<CellId>> = ms.iter().map(|&m| month_cell(m)).collect();
            if let Some(cells) = cells {
                let mut terms = vec![(q_cell, 3.0)];
                terms.extend(cells.into_iter().map(|x| (x, -1.0)));
                c.relate(terms);
            }
        };
        mean(c, qd, &|m| margin_den.get(&(Dimension::Total, m)).copied());
        for kpi in Kpi::ALL {
            let meas = Measure::Kpi(kpi);
            if let Some(&qn) = q_num.get(&(meas, q)) {
                mean(c, qn, &|m| margin_num.get(&(Dimension::Total, meas, m)).copied());
            }
        }
        for ((meas, pq, dim), parts) in &parts_num {
            if *pq != q {
                continue;
            }
            match dim {
                Dimension::Status => {
                    c.sum(qd, parts);
                    for kpi in Kpi::ALL {
                        let ps: Option<Vec<CellId>> =
                            kpi.statuses().iter().map(|s| status_cells.get(&(q, s.id())).copied()).collect();
                        if let (Some(&qn), Some(ps)) = (q_num.get(&(Measure::Kpi(kpi), q)), ps) {
                            c.sum(qn, &ps);
                        }
                    }
                }
                _ => {
                    if let Some(&qn) = q_num.get(&(*meas, q)) {
                        c.sum(qn, parts);
                    }
                }
            }
        }
        for ((pq, _), parts) in &parts_den {
            if *pq == q {
                c.sum(qd, parts);
            }
        }
    }
    // Flows and the sums the text states.
    let mut flow_ids = [[0; GROUPS]; GROUPS];
    for (i, row) in flows.matrix.iter().enumerate() {
        for (j, &n) in row.iter().enumerate() {
            flow_ids[i][j] = c.add(n, Kind::Inner);
        }
    }
    let mut sum_ids = [0; 3];
    for (k, (from, to)) in SUMS.iter().enumerate() {
        sum_ids[k] = c.add(flows.sums[k], Kind::Margin);
        let parts: Vec<CellId> =
            from.iter().flat_map(|&i| to.iter().map(move |&j| (i, j))).map(|(i, j)| flow_ids[i][j]).collect();
        c.sum(sum_ids[k], &parts);
    }

    sheet.protect();

    for (f, ids) in figures.iter_mut().zip(&fig_ids) {
        if let Some((n, d)) = ids {
            f.suppression = sheet.suppression(*n, *d);
        }
    }
    for (p, ids) in pooled.iter_mut().zip(&pooled_ids) {
        if let Some((n, d)) = ids {
            p.suppression = sheet.suppression(*n, *d);
        }
    }
    for (hidden, ids) in flows.hidden.iter_mut().zip(&flow_ids) {
        for (h, &id) in hidden.iter_mut().zip(ids) {
            *h = sheet.cells.reason(id);
        }
    }
    for (h, &id) in flows.sums_hidden.iter_mut().zip(&sum_ids) {
        *h = sheet.cells.reason(id);
    }
}

/// A month's municipalities and its total: the report's own municipality is the total; with
/// no municipality chosen, they sum to it.
fn kommune_relation(
    c: &mut Cells,
    total: CellId,
    parts: &[CellId],
    of: impl Fn(u16) -> Option<CellId>,
    own: Option<u16>,
) {
    if parts.is_empty() {
        return;
    }
    match own {
        Some(k) => {
            if let Some(x) = of(k) {
                c.relate(vec![(x, 1.0), (total, -1.0)]);
            }
        }
        None => sum_relation(c, total, parts),
    }
}

/// `total` is the sum of `parts` (none: no relation).
fn sum_relation(c: &mut Cells, total: CellId, parts: &[CellId]) {
    if parts.is_empty() {
        return;
    }
    let mut parts = parts.to_vec();
    parts.sort();
    c.sum(total, &parts);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::calendar::Month;

    fn fig(measure: Measure, dim: Dimension, order: u16, num_persons: u32, den_persons: u32) -> Figure {
        Figure {
            measure,
            month: Month::new(2016, 8).unwrap(),
            dimension: dim,
            order,
            group: if dim == Dimension::Total { "I alt".into() } else { format!("g{order}") },
            numerator: num_persons as f64,
            denominator: den_persons as f64,
            num_persons,
            den_persons,
            suppression: Suppression::default(),
        }
    }

    /// Both KPIs for a total and the groups of one breakdown: (uj persons, ad persons, den).
    fn breakdown(dim: Dimension, groups: &[(u32, u32, u32)]) -> Vec<Figure> {
        let uj = Measure::Kpi(Kpi::UddannelseJob);
        let ad = Measure::Kpi(Kpi::Arbejdsduelige);
        let sum = |f: fn(&(u32, u32, u32)) -> u32| groups.iter().map(f).sum::<u32>();
        let (tu, ta, td) = (sum(|g| g.0), sum(|g| g.1), sum(|g| g.2));
        let mut v = vec![fig(uj, Dimension::Total, 0, tu, td), fig(ad, Dimension::Total, 0, ta, td)];
        for (i, g) in groups.iter().enumerate() {
            v.push(fig(uj, dim, i as u16, g.0, g.2));
            v.push(fig(ad, dim, i as u16, g.1, g.2));
        }
        v.sort_by_key(|f| (f.measure, f.month, f.dimension, f.order));
        v
    }

    fn get(f: &[Figure], kpi: Kpi, dim: Dimension, order: u16) -> Suppression {
        f.iter().find(|x| x.measure == Measure::Kpi(kpi) && x.dimension == dim && x.order == order).unwrap().suppression
    }

    #[test]
    fn one_small_cell_takes_the_smallest_other_with_it() {
        // Numerators of 3, 40 and 9 persons: 3 is hidden (primary), 9 is the smallest other
        // cell with persons in it (secondary); the total stays.
        let mut f = breakdown(Dimension::Age, &[(3, 30, 30), (40, 50, 50), (9, 30, 30)]);
        apply(&mut f);
        let uj = Kpi::UddannelseJob;
        assert_eq!(get(&f, uj, Dimension::Age, 0).numerator, Some(Reason::Primary));
        assert_eq!(get(&f, uj, Dimension::Age, 2).numerator, Some(Reason::Secondary));
        assert_eq!(get(&f, uj, Dimension::Age, 1).numerator, None);
        assert!(!get(&f, uj, Dimension::Total, 0).any());
        // A hidden numerator hides the share too; the other KPI is untouched.
        assert_eq!(get(&f, uj, Dimension::Age, 2).share, Some(Reason::Secondary));
        assert!(!get(&f, Kpi::Arbejdsduelige, Dimension::Age, 2).any());
    }

    #[test]
    fn a_small_denominator_hides_the_denominator_and_a_zero_numerator() {
        // 10 persons in group 0: its denominator goes (shared by both KPIs), and group 1's
        // with it, or the first could be computed from the total.
        let mut f = breakdown(Dimension::Sex, &[(6, 8, 10), (50, 60, 100)]);
        apply(&mut f);
        let g0 = get(&f, Kpi::UddannelseJob, Dimension::Sex, 0);
        assert_eq!(g0.denominator, Some(Reason::SmallDenominator));
        assert_eq!(g0.share, Some(Reason::SmallDenominator));
        assert_eq!(g0.numerator, None);
        assert_eq!(get(&f, Kpi::UddannelseJob, Dimension::Sex, 1).denominator, Some(Reason::Secondary));
        // Nobody in job or education among 10 persons: 0 % whatever the denominator, so the
        // zero numerator goes instead.
        let mut f = breakdown(Dimension::Sex, &[(0, 8, 10), (50, 60, 100)]);
        apply(&mut f);
        let g0 = get(&f, Kpi::UddannelseJob, Dimension::Sex, 0);
        assert_eq!(g0.numerator, Some(Reason::SmallDenominator));
        assert_eq!(g0.denominator, Some(Reason::SmallDenominator));
    }

    #[test]
    fn the_total_is_never_hidden_when_another_cell_will_do() {
        let mut f = breakdown(Dimension::Sex, &[(2, 30, 40), (30, 30, 40)]);
        apply(&mut f);
        assert!(!get(&f, Kpi::UddannelseJob, Dimension::Total, 0).any());
        assert_eq!(get(&f, Kpi::UddannelseJob, Dimension::Sex, 1).numerator, Some(Reason::Secondary));
    }
}
