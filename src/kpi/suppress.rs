//! Disclosure control (`domain.md`, "Disclosure", Danmarks Statistik practice): one pattern of
//! hidden cells per extract, which every output applies, so a cell is shown or hidden alike
//! in `compute` (any breakdown, window or `--kommune`), the report (PDF, web page, XLSX, CSV,
//! charts) and the store, and nothing hidden in one can be worked out from what all of them
//! show together.
//!
//! The cells are everything effektmaal can publish from the extract: for every scope (all
//! municipalities together, and each of them when the extract holds several), every month and
//! pooled quarter, the total and every group of every breakdown, each KPI's numerator, the
//! denominator, and the full-time persons by status; and the flows of each quarter with the
//! sums the report states. Beside them stand the counts a reader can work out without their
//! being published: a group's persons in `ledig_jobparat` (arbejdsduelige − uddannelse_job),
//! outside the work-ready (denominator − arbejdsduelige) and outside education or job
//! (denominator − uddannelse_job). Every cell is a linear combination of unknown quantities
//! (per scope and month: the statuses, and per group the parts in each KPI), so every relation
//! between cells holds by construction: groups add up to the total, statuses to the
//! population, the KPIs are sums of statuses and share a denominator, a quarter is the mean of
//! its months, and the municipalities add up to the country.
//!
//! 1. A cell resting on 1–4 persons is hidden (primary suppression), published or not.
//! 2. No share is shown whose denominator rests on fewer than 20 persons, and none can be
//!    computed either: a numerator of 0 is hidden (0 of anything is 0 %), and the denominator
//!    with it when some numerator is above 0 (for the total, a status counts as one: its
//!    share of the population is shown beside it). The same for a group and a total, so a
//!    breakdown of one group (all of a municipality's persons in one local area) hides what
//!    the total hides.
//! 3. A share is shown only when its numerator and denominator are.
//! 4. More cells are hidden (secondary suppression, [`super::protect`]) until no hidden cell
//!    can be computed from the shown ones. Candidates are taken dearest first: the months'
//!    totals, then the months' statuses, the quarters' totals and statuses, then each
//!    breakdown's quarters and months; within these, each municipality's before all of them
//!    together (a report is about one municipality; the sum of an extract's others is often a
//!    handful of movers), then cells of 0 (a hidden 0 is easily guessed), then by persons,
//!    most first.
//!
//! The pattern depends on the extract alone, never on which output asks: the cells of one
//! quarter (its three months and the quarter pooled) are decided together, the months' totals
//! and statuses before anything else, and each breakdown on top of those on its own (no
//! combination of one breakdown's cells tells anything about another's beyond the totals). So
//! an output that counts only the totals, or one breakdown, or one quarter, decides its cells
//! exactly as an output that counts everything would: `compute` without `--by` needs no more
//! than it did, and the report no more than its quarters.

use super::counts::{Cell, Counts};
use super::dims::{AGE_BANDS, Dimension, GROUPS, Measure, SUMS};
use super::protect::{self, Vector};
use crate::method::calendar::{Month, Quarter};
use crate::method::status::{Kpi, Status};
use std::collections::{BTreeMap, HashMap};

pub use super::reason::{MIN_DENOMINATOR, MIN_PERSONS, Reason, Suppression};

/// The period of a cell: a month, or a quarter pooled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month(Month),
    Quarter(Quarter),
}

/// What a cell counts within its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Part {
    /// A KPI's numerator, by its place in [`Kpi::ALL`].
    Num(u8),
    Den,
    /// Full-time persons in a status ([`Status::index`]): the total's only.
    Status(u8),
    /// Not published, but worked out from what is: `ledig_jobparat` (ad − uj), outside the
    /// work-ready (den − ad), outside education or job (den − uj).
    Ledig,
    NotAd,
    NotUj,
}

impl Part {
    fn published(self) -> bool {
        matches!(self, Part::Num(_) | Part::Den | Part::Status(_))
    }
}

/// A cell: scope (`None`: all municipalities), period, breakdown, group code, part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    scope: Option<u16>,
    period: Period,
    dim: Dimension,
    code: u16,
    part: Part,
}

/// What is hidden of a quarter's flows (`None` where shown), and of the sums its text states.
pub type FlowsHidden = ([[Option<Reason>; GROUPS]; GROUPS], [Option<Reason>; 3]);

/// The extract's pattern of hidden cells, as far as the counts it was made from reach.
#[derive(Debug, Default, Clone)]
pub struct Pattern {
    hidden: HashMap<Key, Reason>,
    flows: HashMap<(Option<u16>, Quarter), FlowsHidden>,
    /// The extract holds several municipalities, each a scope of its own (else a municipality's
    /// cells are those of all of them).
    several: bool,
    /// How many cells were decided, and how many of them hidden, by reason.
    pub stats: Stats,
}

/// What the pattern decided: cells published or worked out, and how many are hidden by reason.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub cells: usize,
    pub primary: usize,
    pub small_denominator: usize,
    pub secondary: usize,
}

impl Pattern {
    fn hidden(&self, scope: Option<u16>, period: Period, dim: Dimension, code: u16, part: Part) -> Option<Reason> {
        self.hidden.get(&Key { scope, period, dim, code, part }).copied()
    }

    /// A municipality's scope: its own, or all of them when it is the only one.
    fn scope_of(&self, kommune: u16) -> Option<u16> {
        self.several.then_some(kommune)
    }

    /// How a figure may be published: `scope` as [`Counts::scope_of`] gives it; `code` the
    /// group's code (for `Status`, the status index; for `Kommune`, the municipality);
    /// `cluster` the members of `Klynge`, shown only where every member is.
    #[allow(clippy::too_many_arguments)]
    pub fn figure(
        &self,
        scope: Option<u16>,
        period: Period,
        dim: Dimension,
        code: u16,
        measure: Measure,
        den_persons: u32,
        cluster: &[u16],
    ) -> Suppression {
        let num_part = match measure {
            Measure::Kpi(k) => Part::Num(Kpi::ALL.iter().position(|&x| x == k).unwrap_or(0) as u8),
            Measure::Fuldtidspersoner => Part::Status(code as u8),
        };
        let of = |part: Part| -> Option<Reason> {
            match dim {
                Dimension::Status => self.hidden(scope, period, Dimension::Total, 0, part),
                Dimension::Kommune => self.hidden(self.scope_of(code), period, Dimension::Total, 0, part),
                Dimension::Land => self.hidden(None, period, Dimension::Total, 0, part),
                Dimension::Klynge => cluster
                    .iter()
                    .any(|&k| self.hidden(self.scope_of(k), period, Dimension::Total, 0, part).is_some())
                    .then_some(Reason::Secondary),
                _ => self.hidden(scope, period, dim, code, part),
            }
        };
        let numerator = of(num_part);
        let denominator = of(Part::Den);
        let share = if (1..MIN_DENOMINATOR).contains(&den_persons) {
            Some(Reason::SmallDenominator)
        } else {
            numerator.or(denominator)
        };
        Suppression { numerator, denominator, share }
    }

    /// What is hidden of a scope's flows in a quarter.
    pub fn flows(&self, scope: Option<u16>, q: Quarter) -> FlowsHidden {
        self.flows.get(&(scope, q)).copied().unwrap_or(([[None; GROUPS]; GROUPS], [None; 3]))
    }
}

/// The breakdowns with groups of their own, in the order their coordinates are laid out.
const BREAKDOWNS: [Dimension; 4] = [Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade];

/// The statuses outside the work-ready (neither job, education nor ledig_jobparat).
fn rest() -> impl Iterator<Item = usize> {
    Status::ALL.iter().filter(|s| !Kpi::Arbejdsduelige.counts(**s)).map(|s| s.index())
}

/// The three parts of a group: in a KPI (A: uddannelse_job), ledig_jobparat (B), outside the
/// work-ready (C); for the total, combinations of the statuses.
#[derive(Debug, Clone, Default)]
struct Abc {
    a: Vector,
    b: Vector,
    c: Vector,
}

impl Abc {
    fn of_statuses(st: &[u32]) -> Abc {
        let job = [Status::Job.index(), Status::Uddannelse.index()];
        Abc {
            a: protect::combine(job.iter().map(|&i| (st[i], 1))),
            b: protect::combine([(st[Status::LedigJobparat.index()], 1)]),
            c: protect::combine(rest().map(|i| (st[i], 1))),
        }
    }

    fn add(&mut self, o: &Abc) {
        self.a = protect::sum_of([(&self.a, 1), (&o.a, 1)]);
        self.b = protect::sum_of([(&self.b, 1), (&o.b, 1)]);
        self.c = protect::sum_of([(&self.c, 1), (&o.c, 1)]);
    }

    fn part(&self, p: Part) -> Vector {
        match p {
            Part::Num(0) => self.a.clone(),
            Part::Num(_) => protect::sum_of([(&self.a, 1), (&self.b, 1)]),
            Part::Den => protect::sum_of([(&self.a, 1), (&self.b, 1), (&self.c, 1)]),
            Part::Ledig => self.b.clone(),
            Part::NotAd => self.c.clone(),
            Part::NotUj => protect::sum_of([(&self.b, 1), (&self.c, 1)]),
            Part::Status(_) => unreachable!("a status is a cell of the total"),
        }
    }
}

/// The persons a part of a cell rests on.
fn persons(c: &Cell, part: Part) -> u32 {
    match part {
        Part::Num(k) => c.num_persons[k as usize],
        Part::Den => c.persons,
        Part::Status(i) => c.status_persons[i as usize],
        Part::Ledig => c.status_persons[Status::LedigJobparat.index()],
        Part::NotAd => c.out_persons[1],
        Part::NotUj => c.out_persons[0],
    }
}

/// A cell of a component, before it is decided.
struct Candidate {
    key: Key,
    vector: Vector,
    persons: u32,
    /// The persons of its group's denominator (for rule 2).
    den_persons: u32,
    class: u8,
}

/// Builds the pattern of every cell the counts hold in complete months: each quarter pooled
/// with its months (when all three are complete), each other month alone, and each scope's
/// flows.
pub fn pattern(counts: &Counts, complete: &dyn Fn(Month) -> bool) -> Pattern {
    let (from, to) = counts.months();
    let months: Vec<Month> = (from.index()..=to.index()).map(Month::from_index).collect();
    let mut pattern = Pattern { several: counts.scopes().len() > 1, ..Pattern::default() };
    let mut done: Vec<bool> = vec![false; months.len()];
    for (i, &m) in months.iter().enumerate() {
        if done[i] || !complete(m) {
            continue;
        }
        let q = Quarter::of(m);
        let pooled =
            counts.has_quarter(q, Dimension::Total) && q.months().iter().all(|x| months.contains(x) && complete(*x));
        let comp: Vec<Month> = if pooled { q.months().to_vec() } else { vec![m] };
        for x in &comp {
            if let Some(j) = months.iter().position(|y| y == x) {
                done[j] = true;
            }
        }
        component(counts, &comp, pooled.then_some(q), &mut pattern);
    }
    for scope in counts.scopes() {
        if let Some((q, matrix)) = counts.flows(scope) {
            let hidden = flows(&matrix);
            pattern.stats.cells += GROUPS * GROUPS + 3;
            for r in hidden.0.iter().flatten().chain(hidden.1.iter()).flatten() {
                count(&mut pattern.stats, *r);
            }
            pattern.flows.insert((scope, q), hidden);
        }
    }
    pattern
}

fn count(stats: &mut Stats, r: Reason) {
    match r {
        Reason::Primary => stats.primary += 1,
        Reason::SmallDenominator => stats.small_denominator += 1,
        Reason::Secondary => stats.secondary += 1,
    }
}

/// The unknowns of one base scope in one month: the ten statuses (the total's parts are sums
/// of them), and per breakdown the parts of every group but the last, which is the total's
/// less the others'.
struct MonthUnknowns {
    total: Abc,
    statuses: Vec<u32>,
    groups: Vec<(Dimension, Vec<(u16, Abc)>)>,
}

/// The unknowns of a component: per base scope (each municipality when there are several,
/// else all of them) and month.
struct Unknowns {
    coords: usize,
    of: BTreeMap<(Option<u16>, usize), MonthUnknowns>,
    /// The base scopes, and whether all municipalities are their sum.
    base: Vec<Option<u16>>,
    summed: bool,
}

impl Unknowns {
    fn new(
        base: Vec<Option<u16>>,
        summed: bool,
        months: usize,
        groups: &[(Option<u16>, Dimension, Vec<u16>)],
    ) -> Unknowns {
        let mut next: u32 = 0;
        let mut alloc = |n: u32| -> Vec<u32> {
            let v: Vec<u32> = (next..next + n).collect();
            next += n;
            v
        };
        let mut of = BTreeMap::new();
        for &b in &base {
            for mi in 0..months {
                let statuses = alloc(10);
                let total = Abc::of_statuses(&statuses);
                let mut per_dim = Vec::new();
                for (_, d, g) in groups.iter().filter(|x| x.0 == b) {
                    let mut list: Vec<(u16, Abc)> = Vec::new();
                    if let Some((&last, others)) = g.split_last() {
                        let mut sum = Abc::default();
                        for &code in others {
                            let c = alloc(3);
                            let abc = Abc { a: vec![(c[0], 1)], b: vec![(c[1], 1)], c: vec![(c[2], 1)] };
                            sum.add(&abc);
                            list.push((code, abc));
                        }
                        let less = |t: &Vector, s: &Vector| protect::sum_of([(t, 1), (s, -1)]);
                        let abc =
                            Abc { a: less(&total.a, &sum.a), b: less(&total.b, &sum.b), c: less(&total.c, &sum.c) };
                        list.push((last, abc));
                    }
                    per_dim.push((*d, list));
                }
                of.insert((b, mi), MonthUnknowns { total, statuses, groups: per_dim });
            }
        }
        Unknowns { coords: next as usize, of, base, summed }
    }

    /// The base scopes a scope's cells add up.
    fn members(&self, scope: Option<u16>) -> Vec<Option<u16>> {
        if self.summed && scope.is_none() { self.base.clone() } else { vec![scope] }
    }

    /// A group's (or the total's) parts in a scope over some months, if it has them.
    fn abc(&self, scope: Option<u16>, months: &[usize], d: Dimension, code: u16) -> Option<Abc> {
        let mut sum = Abc::default();
        let mut any = false;
        for b in self.members(scope) {
            for &mi in months {
                let u = &self.of[&(b, mi)];
                let abc = if d == Dimension::Total {
                    Some(&u.total)
                } else {
                    u.groups.iter().find(|x| x.0 == d).and_then(|x| x.1.iter().find(|g| g.0 == code)).map(|g| &g.1)
                };
                if let Some(abc) = abc {
                    sum.add(abc);
                    any = true;
                }
            }
        }
        any.then_some(sum)
    }

    /// A status of the total in a scope over some months.
    fn status(&self, scope: Option<u16>, months: &[usize], i: usize) -> Vector {
        let terms: Vec<(u32, i64)> = self
            .members(scope)
            .iter()
            .flat_map(|b| months.iter().map(move |&mi| (*b, mi)))
            .map(|k| (self.of[&k].statuses[i], 1))
            .collect();
        protect::combine(terms)
    }
}

/// Decides the cells of one component: its months, and the quarter pooled if it is.
fn component(counts: &Counts, months: &[Month], quarter: Option<Quarter>, out: &mut Pattern) {
    let scopes = counts.scopes();
    let in_all = |d: Dimension| months.iter().all(|&m| counts.has_month(m, d));
    if !in_all(Dimension::Total) {
        return;
    }
    let dims: Vec<Dimension> =
        BREAKDOWNS.into_iter().filter(|&d| in_all(d) && quarter.is_none_or(|q| counts.has_quarter(q, d))).collect();
    // The groups of each breakdown in each scope: those always shown, and the others where
    // they hold persons in the component's months.
    let groups: Vec<(Option<u16>, Dimension, Vec<u16>)> = scopes
        .iter()
        .flat_map(|&s| dims.iter().map(move |&d| (s, d)))
        .map(|(s, d)| {
            let g = match d {
                Dimension::Age => (0..AGE_BANDS.len() as u16).collect(),
                Dimension::Sex => vec![0, 1],
                Dimension::Herkomst => (0..6).filter(|&c| c < 5 || counts.used(s, d, months).contains(&5)).collect(),
                _ => counts.used(s, d, months),
            };
            (s, d, g)
        })
        .collect();
    let summed = scopes.len() > 1;
    let base: Vec<Option<u16>> = if summed { scopes[1..].to_vec() } else { vec![None] };
    let unknowns = Unknowns::new(base, summed, months.len(), &groups);
    let periods: Vec<(Period, Vec<usize>)> = months
        .iter()
        .enumerate()
        .map(|(i, &m)| (Period::Month(m), vec![i]))
        .chain(quarter.map(|q| (Period::Quarter(q), (0..months.len()).collect())))
        .collect();
    let mut cells: Vec<Candidate> = Vec::new();
    for &scope in &scopes {
        for (period, mis) in &periods {
            let cell_of = |d: Dimension, code: u16| -> Option<&Cell> {
                match period {
                    Period::Month(m) => counts.month(scope, *m, d, code),
                    Period::Quarter(q) => counts.quarter(scope, *q, d, code),
                }
            };
            let at = |d: Dimension, code: u16| Some((*period, cell_of(d, code)?, unknowns.abc(scope, mis, d, code)?));
            if let Some((period, c, abc)) = at(Dimension::Total, 0) {
                let statuses: Vec<Vector> = (0..10).map(|i| unknowns.status(scope, mis, i)).collect();
                total_cells(
                    Key { scope, period, dim: Dimension::Total, code: 0, part: Part::Den },
                    c,
                    &abc,
                    statuses,
                    &mut cells,
                );
            }
            for (_, d, codes) in groups.iter().filter(|g| g.0 == scope) {
                for &code in codes {
                    if let Some((period, c, abc)) = at(*d, code) {
                        group_cells(Key { scope, period, dim: *d, code, part: Part::Den }, c, &abc, &mut cells);
                    }
                }
            }
        }
    }
    let reason = decide(&cells, unknowns.coords);
    for (c, r) in cells.iter().zip(&reason) {
        if !c.key.part.published() {
            continue;
        }
        out.stats.cells += 1;
        if let Some(r) = r {
            count(&mut out.stats, *r);
            out.hidden.insert(c.key, *r);
        }
    }
}

/// The cells of a total: the KPIs' numerators, the denominator, the counts outside each KPI,
/// and the statuses (`key` names the total; its part is set here).
fn total_cells(key: Key, c: &Cell, abc: &Abc, statuses: Vec<Vector>, out: &mut Vec<Candidate>) {
    let class = if matches!(key.period, Period::Quarter(_)) { 2 } else { 0 };
    for part in [Part::Num(0), Part::Num(1), Part::Den, Part::NotAd, Part::NotUj] {
        let key = Key { part, ..key };
        out.push(Candidate { key, vector: abc.part(part), persons: persons(c, part), den_persons: c.persons, class });
    }
    for (i, vector) in statuses.into_iter().enumerate() {
        let key = Key { part: Part::Status(i as u8), ..key };
        out.push(Candidate { key, vector, persons: c.status_persons[i], den_persons: c.persons, class: class + 1 });
    }
}

/// The cells of a breakdown's group: the KPIs' numerators, the denominator, and the counts a
/// reader can work out from them (ledig jobparat, outside each KPI).
fn group_cells(key: Key, c: &Cell, abc: &Abc, out: &mut Vec<Candidate>) {
    let class = if matches!(key.period, Period::Quarter(_)) { 4 } else { 5 };
    for part in [Part::Num(0), Part::Num(1), Part::Den, Part::Ledig, Part::NotAd, Part::NotUj] {
        let key = Key { part, ..key };
        out.push(Candidate { key, vector: abc.part(part), persons: persons(c, part), den_persons: c.persons, class });
    }
}

/// Rules 1, 2 and 4 over a component's cells: why each is hidden, if it is.
fn decide(cells: &[Candidate], coords: usize) -> Vec<Option<Reason>> {
    // On a denominator of fewer than 20 persons, a numerator of 0 goes (0 % of anything), and
    // the denominator goes when some numerator is above 0 (the total's statuses are numerators
    // over it too).
    let group = |k: &Key| (k.scope, k.period, k.dim, k.code);
    let numerator = |c: &Candidate| matches!(c.key.part, Part::Num(_) | Part::Status(_));
    let nonzero: std::collections::HashSet<_> =
        cells.iter().filter(|c| numerator(c) && c.persons > 0).map(|c| group(&c.key)).collect();
    let mut reason: Vec<Option<Reason>> = cells
        .iter()
        .map(|c| {
            let small_den = (1..MIN_DENOMINATOR).contains(&c.den_persons);
            if (1..MIN_PERSONS).contains(&c.persons) {
                Some(Reason::Primary)
            } else if small_den
                && ((numerator(c) && c.persons == 0) || (c.key.part == Part::Den && nonzero.contains(&group(&c.key))))
            {
                Some(Reason::SmallDenominator)
            } else {
                None
            }
        })
        .collect();
    let protected: Vec<usize> = (0..cells.len()).filter(|&i| reason[i].is_some()).collect();
    let mut candidates: Vec<usize> =
        (0..cells.len()).filter(|&i| reason[i].is_none() && cells[i].key.part.published()).collect();
    candidates.sort_by_key(|&i| {
        let c = &cells[i];
        (c.class, c.key.scope.is_none(), c.persons != 0, std::cmp::Reverse(c.persons), c.key)
    });
    let vectors: Vec<Vector> = cells.iter().map(|c| c.vector.clone()).collect();
    let shown = protect::protect(coords, &vectors, &protected, &candidates);
    for (&i, &s) in candidates.iter().zip(&shown) {
        if !s {
            reason[i] = Some(Reason::Secondary);
        }
    }
    reason
}

/// Decides one scope's flows in a quarter: each flow of persons and the sums the text states.
fn flows(matrix: &[[u32; GROUPS]; GROUPS]) -> FlowsHidden {
    let coord = |i: usize, j: usize| (i * GROUPS + j) as u32;
    let mut vectors: Vec<Vector> = Vec::new();
    let mut persons: Vec<u32> = Vec::new();
    for (i, row) in matrix.iter().enumerate() {
        for (j, &n) in row.iter().enumerate() {
            vectors.push(vec![(coord(i, j), 1)]);
            persons.push(n);
        }
    }
    for (from, to) in SUMS {
        let terms: Vec<(u32, i64)> = from.iter().flat_map(|&i| to.iter().map(move |&j| (coord(i, j), 1))).collect();
        vectors.push(protect::combine(terms));
        persons.push(from.iter().flat_map(|&i| to.iter().map(move |&j| matrix[i][j])).sum());
    }
    let mut reason: Vec<Option<Reason>> =
        persons.iter().map(|&n| (1..MIN_PERSONS).contains(&n).then_some(Reason::Primary)).collect();
    let protected: Vec<usize> = (0..vectors.len()).filter(|&i| reason[i].is_some()).collect();
    let flows_n = GROUPS * GROUPS;
    // The sums the text states first, then the flows: zeros, then most persons first.
    let mut candidates: Vec<usize> = (0..vectors.len()).filter(|&i| reason[i].is_none()).collect();
    candidates.sort_by_key(|&i| (i < flows_n, persons[i] != 0, std::cmp::Reverse(persons[i]), i));
    let shown = protect::protect(flows_n, &vectors, &protected, &candidates);
    for (&i, &s) in candidates.iter().zip(&shown) {
        if !s {
            reason[i] = Some(Reason::Secondary);
        }
    }
    let mut out: FlowsHidden = ([[None; GROUPS]; GROUPS], [None; 3]);
    for i in 0..GROUPS {
        for j in 0..GROUPS {
            out.0[i][j] = reason[i * GROUPS + j];
        }
    }
    out.1.copy_from_slice(&reason[flows_n..flows_n + 3]);
    out
}
