//! The counting engine: one pass over the persons that classifies each person's weeks
//! ([`crate::method::classify`]) and sums them at once into small counters per period and
//! group, on every core. Everything `compute`, `report` and disclosure control need comes from
//! these counters (`domain.md`, "Measuring" and "Disclosure"):
//! - per month and group: person-weeks by status (full-time persons are these ÷ the month's
//!   weeks), and the distinct persons behind the denominator, each KPI's numerator and each
//!   status, for the 1–4-person and 20-person rules;
//! - per pooled quarter and group: the distinct persons over the quarter;
//! - the flows of one quarter: persons by main status in its first and its last month.
//!
//! So memory is the extract plus the counters (a few hundred bytes per month and group), not
//! one row per person-month. A person's places in one period are merged by group before they
//! are counted, so a person who moved within a group counts once in it. The persons are split
//! into chunks that the threads take in turn; the counters are integer sums, so the merged
//! result is the same whatever the order the chunks were done in.

use super::figures::{Dimension, age_band};
use super::flows::{GROUPS, group};
use crate::error::Error;
use crate::extract::load::{Extract, Pending, Person};
use crate::extract::rows::Rows;
use crate::method::calendar::{Month, Quarter};
use crate::method::classify::{Classifier, PersonMonths, Place, Scope, koen_code, origin_code};
use crate::method::status::{Kpi, Status};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Sums of one (period, group) cell: person-weeks by status and distinct persons.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Person-weeks by status, indexed by [`Status::index`].
    pub weeks: [u64; 10],
    /// Distinct persons in the cell (the denominator's).
    pub persons: u32,
    /// Distinct persons with a week in each KPI's numerator, in [`Kpi::ALL`]'s order.
    pub num_persons: [u32; 2],
    /// Distinct persons with a week in each status.
    pub status_persons: [u32; 10],
}

impl Cell {
    pub const EMPTY: Cell = Cell { weeks: [0; 10], persons: 0, num_persons: [0; 2], status_persons: [0; 10] };

    /// All person-weeks: the denominator.
    pub fn total(&self) -> u64 {
        self.weeks.iter().sum()
    }

    /// Person-weeks in some statuses: a numerator.
    pub fn weeks_in(&self, statuses: &[Status]) -> u64 {
        statuses.iter().map(|s| self.weeks[s.index()]).sum()
    }

    /// One person with these weeks in the cell's period (all of the person's weeks there).
    fn add_person(&mut self, w: &[u16; 10]) {
        self.persons += 1;
        for (i, &n) in w.iter().enumerate() {
            self.weeks[i] += u64::from(n);
            self.status_persons[i] += u32::from(n > 0);
        }
        for (k, kpi) in Kpi::ALL.iter().enumerate() {
            self.num_persons[k] += u32::from(kpi.statuses().iter().any(|s| w[s.index()] > 0));
        }
    }

    fn merge(&mut self, o: &Cell) {
        for i in 0..10 {
            self.weeks[i] += o.weeks[i];
            self.status_persons[i] += o.status_persons[i];
        }
        self.persons += o.persons;
        for k in 0..2 {
            self.num_persons[k] += o.num_persons[k];
        }
    }
}

/// The dimensions with cells of their own; `Status` uses the total's cell.
const TOTAL: usize = 0;
const AGE: usize = 1;
const SEX: usize = 2;
const HERKOMST: usize = 3;
const OMRAADE: usize = 4;
const KOMMUNE: usize = 5;
/// Every municipality together, and the own cluster's members together: one cell each.
const LAND: usize = 6;
const KLYNGE: usize = 7;
const SLOTS: usize = 8;

fn slot(d: Dimension) -> usize {
    match d {
        Dimension::Total | Dimension::Status => TOTAL,
        Dimension::Age => AGE,
        Dimension::Sex => SEX,
        Dimension::Herkomst => HERKOMST,
        Dimension::Omraade => OMRAADE,
        Dimension::Kommune => KOMMUNE,
        Dimension::Land => LAND,
        Dimension::Klynge => KLYNGE,
    }
}

fn bits(dims: &[Dimension]) -> u8 {
    dims.iter().fold(0, |b, &d| b | 1 << slot(d))
}

/// What one pass sums: which dimensions in which months, which quarters pooled, which
/// quarter's flows.
#[derive(Debug, Clone)]
pub struct Plan {
    scope: Scope,
    /// Per month of the scope: the dimensions summed (a bit per slot).
    monthly: Vec<u8>,
    /// Quarters pooled, with the dimensions summed (a bit per slot).
    pooled: Vec<(Quarter, u8)>,
    flows: Option<Quarter>,
    all_kommuner: bool,
    /// The own cluster's municipalities, sorted (dimension `Klynge`).
    cluster: Vec<u16>,
}

impl Plan {
    pub fn new(scope: Scope) -> Plan {
        let n = (scope.to.index() - scope.from.index() + 1).max(0) as usize;
        Plan { scope, monthly: vec![0; n], pooled: Vec::new(), flows: None, all_kommuner: false, cluster: Vec::new() }
    }

    fn month_offset(&self, m: Month) -> Option<usize> {
        let i = m.index() - self.scope.from.index();
        (i >= 0 && (i as usize) < self.monthly.len()).then_some(i as usize)
    }

    /// Sums `dims` by month for `months` (those outside the scope are left out).
    pub fn monthly(mut self, dims: &[Dimension], months: impl IntoIterator<Item = Month>) -> Plan {
        let b = bits(dims);
        for m in months {
            if let Some(i) = self.month_offset(m) {
                self.monthly[i] |= b;
            }
        }
        self
    }

    /// Counts the distinct persons of `dims` over each of `quarters`.
    pub fn pooled(mut self, quarters: &[Quarter], dims: &[Dimension]) -> Plan {
        let b = bits(dims);
        for &q in quarters {
            match self.pooled.iter_mut().find(|x| x.0 == q) {
                Some(x) => x.1 |= b,
                None => self.pooled.push((q, b)),
            }
        }
        self
    }

    /// Counts the flows of quarter `q`.
    pub fn flows(mut self, q: Quarter) -> Plan {
        self.flows = Some(q);
        self
    }

    /// Sums the municipalities (dimension `Kommune`) over every municipality in the extract,
    /// not only the scope's, for comparing them; the other dimensions stay in the scope.
    pub fn all_kommuner(mut self) -> Plan {
        self.all_kommuner = true;
        self
    }

    /// The municipalities dimension `Klynge` sums (with [`Plan::all_kommuner`]).
    pub fn cluster(mut self, members: &[u16]) -> Plan {
        self.cluster = members.to_vec();
        self.cluster.sort();
        self
    }
}

/// Where each dimension's groups lie among a period's cells.
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    offset: [usize; SLOTS],
    count: [usize; SLOTS],
    width: usize,
    /// The municipality codes in the extract, sorted.
    kommuner: Vec<u16>,
    /// Per municipality code: its place in `kommuner` (`u16::MAX`: not in the extract).
    kommune_index: Vec<u16>,
}

impl Layout {
    fn new(ex: &Extract) -> Layout {
        let mut seen = vec![false; 1 << 16];
        for s in ex.spells.iter().flatten() {
            seen[s.kommune as usize] = true;
        }
        let kommuner: Vec<u16> = (0..=u16::MAX).filter(|&k| seen[k as usize]).collect();
        let mut kommune_index = vec![u16::MAX; 1 << 16];
        for (i, &k) in kommuner.iter().enumerate() {
            kommune_index[k as usize] = i as u16;
        }
        let count = [1, super::figures::AGE_BANDS.len(), 2, 6, ex.areas.len().max(1), kommuner.len(), 1, 1];
        let mut offset = [0; SLOTS];
        let mut width = 0;
        for s in 0..SLOTS {
            offset[s] = width;
            width += count[s];
        }
        Layout { offset, count, width, kommuner, kommune_index }
    }

    /// The cell of a group given by its code (for `Kommune`, the municipality code).
    fn index(&self, slot: usize, code: u16) -> Option<usize> {
        let i = if slot == KOMMUNE {
            match self.kommune_index[code as usize] {
                u16::MAX => return None,
                i => i as usize,
            }
        } else {
            code as usize
        };
        (i < self.count[slot]).then_some(self.offset[slot] + i)
    }
}

/// One person's weeks per cell within one period, merged before the person is counted.
#[derive(Debug, Default)]
struct Merge(Vec<(usize, [u16; 10])>);

impl Merge {
    fn add(&mut self, cell: usize, w: &[u8; 10]) {
        let i = match self.0.iter().position(|x| x.0 == cell) {
            Some(i) => i,
            None => {
                self.0.push((cell, [0; 10]));
                self.0.len() - 1
            }
        };
        for (a, &b) in self.0[i].1.iter_mut().zip(w) {
            *a += u16::from(b);
        }
    }

    fn flush(&mut self, cells: &mut [Cell]) {
        for (c, w) in self.0.drain(..) {
            cells[c].add_person(&w);
        }
    }
}

/// The counters of one pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    layout: Layout,
    scope: Scope,
    month_cells: Vec<Cell>,
    quarters: Vec<Quarter>,
    quarter_cells: Vec<Cell>,
    /// The quarter of the flows and persons by group in its first month (row) and last (column).
    pub flows: Option<(Quarter, [[u32; GROUPS]; GROUPS])>,
    /// Person-weeks in scope whose code is not in the code map (counted as `oevrige`), by code.
    pub unknown_codes: BTreeMap<u16, u64>,
}

impl Counts {
    fn new(plan: &Plan, layout: Layout) -> Counts {
        let w = layout.width;
        Counts {
            scope: plan.scope,
            month_cells: vec![Cell::EMPTY; plan.monthly.len() * w],
            quarters: plan.pooled.iter().map(|x| x.0).collect(),
            quarter_cells: vec![Cell::EMPTY; plan.pooled.len() * w],
            flows: plan.flows.map(|q| (q, [[0; GROUPS]; GROUPS])),
            unknown_codes: BTreeMap::new(),
            layout,
        }
    }

    fn merge(&mut self, o: &Counts) {
        for (a, b) in self.month_cells.iter_mut().zip(&o.month_cells) {
            a.merge(b);
        }
        for (a, b) in self.quarter_cells.iter_mut().zip(&o.quarter_cells) {
            a.merge(b);
        }
        if let (Some((_, a)), Some((_, b))) = (&mut self.flows, &o.flows) {
            for (ra, rb) in a.iter_mut().zip(b) {
                for (x, y) in ra.iter_mut().zip(rb) {
                    *x += y;
                }
            }
        }
        for (&code, &n) in &o.unknown_codes {
            *self.unknown_codes.entry(code).or_insert(0) += n;
        }
    }

    /// The cell of a month and group (`code`: age band, sex, origin code, local area index,
    /// municipality code), if that month and dimension were summed.
    pub fn month(&self, m: Month, dim: Dimension, code: u16) -> Option<&Cell> {
        let i = m.index() - self.scope.from.index();
        let per = self.layout.width;
        if i < 0 || (i as usize + 1) * per > self.month_cells.len() {
            return None;
        }
        let c = self.layout.index(slot(dim), code)?;
        Some(&self.month_cells[i as usize * per + c])
    }

    /// The cell of a pooled quarter and group.
    pub fn quarter(&self, q: Quarter, dim: Dimension, code: u16) -> Option<&Cell> {
        let qi = self.quarters.iter().position(|&x| x == q)?;
        let c = self.layout.index(slot(dim), code)?;
        Some(&self.quarter_cells[qi * self.layout.width + c])
    }

    /// The codes of a dimension's groups that hold persons in any of `months`.
    pub fn used(&self, dim: Dimension, months: &[Month]) -> Vec<u16> {
        let s = slot(dim);
        let codes: Vec<u16> =
            if s == KOMMUNE { self.layout.kommuner.clone() } else { (0..self.layout.count[s] as u16).collect() };
        codes
            .into_iter()
            .filter(|&code| months.iter().any(|&m| self.month(m, dim, code).is_some_and(|c| c.persons > 0)))
            .collect()
    }

    /// Sums one person's classified months.
    fn person(
        &mut self,
        plan: &Plan,
        quarter_of: &[Option<usize>],
        flow_months: (Option<usize>, Option<usize>),
        p: &Person,
        pm: &PersonMonths,
        merge: &mut [Merge; 2],
    ) {
        let l = &self.layout;
        let codes = |age: u8, pl: &Place| -> [usize; SLOTS] {
            [
                0,
                age_band(age) as usize,
                koen_code(p.koen) as usize,
                origin_code(p.herkomst, p.oprindelse) as usize,
                pl.omraade as usize,
                l.kommune_index[pl.kommune as usize] as usize,
                0,
                0,
            ]
        };
        let mut first = None;
        let mut last = None;
        let [mmerge, qmerge] = merge;
        for m in &pm.months {
            let bits = plan.monthly[m.month];
            let q = quarter_of[m.month].map(|qi| (qi, plan.pooled[qi].1));
            let places = pm.places_of(m);
            let base = m.month * l.width;
            // One place (the common case) needs no merging within the month.
            let single = places.len() == 1;
            for pl in places {
                let code = codes(m.age, pl);
                for (s, &c) in code.iter().enumerate() {
                    let counted = match s {
                        KOMMUNE => pl.in_scope || plan.all_kommuner,
                        LAND => plan.all_kommuner,
                        KLYNGE => plan.all_kommuner && plan.cluster.binary_search(&pl.kommune).is_ok(),
                        _ => pl.in_scope,
                    };
                    if counted && bits & (1 << s) != 0 {
                        let cell = base + l.offset[s] + c;
                        if single {
                            self.month_cells[cell].add_person(&pl.weeks.map(u16::from));
                        } else {
                            mmerge.add(cell, &pl.weeks);
                        }
                    }
                    if pl.in_scope
                        && let Some((qi, qbits)) = q
                        && qbits & (1 << s) != 0
                    {
                        qmerge.add(qi * l.width + l.offset[s] + c, &pl.weeks);
                    }
                }
            }
            mmerge.flush(&mut self.month_cells);
            let is_first = flow_months.0 == Some(m.month);
            if is_first || flow_months.1 == Some(m.month) {
                // The place with most weeks decides (ties: the first).
                let mut main: Option<&Place> = None;
                for pl in places.iter().filter(|pl| pl.in_scope) {
                    if main.is_none_or(|b| pl.total() > b.total()) {
                        main = Some(pl);
                    }
                }
                let g = main.map(|pl| group(pl.main_status()));
                if is_first {
                    first = g;
                } else {
                    last = g;
                }
            }
        }
        qmerge.flush(&mut self.quarter_cells);
        if let (Some(a), Some(b), Some((_, matrix))) = (first, last, &mut self.flows) {
            matrix[a][b] += 1;
        }
    }
}

/// Persons per chunk a thread takes at a time.
const CHUNK: usize = 4096;

/// Sums batches of persons with their DREAM rows ([`Rows`]) as they come, on every core: the
/// persons of a batch are split into chunks that the threads take in turn, each summing into
/// counters of its own, merged at the end.
pub struct Counter<'a> {
    ex: &'a Extract,
    plan: &'a Plan,
    classifier: Classifier<'a>,
    quarter_of: Vec<Option<usize>>,
    flow_months: (Option<usize>, Option<usize>),
    chunk: usize,
    /// Per thread: its counters and its buffers.
    parts: Vec<(Counts, PersonMonths, [Merge; 2])>,
}

impl<'a> Counter<'a> {
    pub fn new(ex: &'a Extract, plan: &'a Plan) -> Counter<'a> {
        let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
        Counter::with(ex, plan, threads, CHUNK)
    }

    /// A counter on `threads` threads taking `chunk` persons at a time.
    fn with(ex: &'a Extract, plan: &'a Plan, threads: usize, chunk: usize) -> Counter<'a> {
        let layout = Layout::new(ex);
        let from = plan.scope.from.index();
        let offset = |m: Month| -> Option<usize> {
            let i = m.index() - from;
            (i >= 0 && (i as usize) < plan.monthly.len()).then_some(i as usize)
        };
        let mut quarter_of = vec![None; plan.monthly.len()];
        for (qi, (q, _)) in plan.pooled.iter().enumerate() {
            for m in q.months() {
                if let Some(i) = offset(m) {
                    quarter_of[i] = Some(qi);
                }
            }
        }
        let flow_months = match plan.flows {
            Some(q) => (offset(q.first_month()), offset(q.last_month())),
            None => (None, None),
        };
        let parts = (0..threads.max(1))
            .map(|_| (Counts::new(plan, layout.clone()), PersonMonths::default(), [Merge::default(), Merge::default()]))
            .collect();
        let classifier = Classifier::new(ex, plan.scope, plan.all_kommuner);
        Counter { ex, plan, classifier, quarter_of, flow_months, chunk, parts }
    }

    /// Classifies and sums the persons of a batch of rows (rows without a person are left out).
    pub fn rows(&mut self, rows: &Rows) {
        let n = rows.len();
        let threads = self.parts.len().min(n.div_ceil(self.chunk)).max(1);
        let next = AtomicUsize::new(0);
        let (ex, plan, chunk) = (self.ex, self.plan, self.chunk);
        let (classifier, quarter_of, flow_months) = (&self.classifier, &self.quarter_of[..], self.flow_months);
        let work = |(counts, pm, merge): &mut (Counts, PersonMonths, [Merge; 2])| {
            loop {
                let lo = next.fetch_add(1, Ordering::Relaxed) * chunk;
                if lo >= n {
                    break;
                }
                for r in lo..(lo + chunk).min(n) {
                    let p = rows.persons[r];
                    if p == u32::MAX {
                        continue;
                    }
                    let codes = (rows.codes_of(r), rows.first_week);
                    classifier.person(p as usize, codes, |m| rows.employed(r, m), pm, &mut counts.unknown_codes);
                    if !pm.months.is_empty() {
                        counts.person(plan, quarter_of, flow_months, &ex.persons[p as usize], pm, merge);
                    }
                }
            }
        };
        match &mut self.parts[..threads] {
            [one] => work(one),
            parts => std::thread::scope(|s| {
                for part in parts {
                    s.spawn(|| work(part));
                }
            }),
        }
    }

    /// The counters of every batch so far, merged.
    pub fn finish(self) -> Counts {
        let mut parts = self.parts.into_iter().map(|p| p.0);
        let mut total = parts.next().expect("at least one part");
        for part in parts {
            total.merge(&part);
        }
        total
    }
}

/// Classifies every person in `plan`'s scope and sums what it asks for, on every core: from
/// DREAM's rows held in the extract, or read a batch at a time from `pending` (then what was
/// found reading them goes into `ex`, and a problem in them is the error).
pub fn count(ex: &mut Extract, pending: Option<Pending>, plan: &Plan) -> Result<Counts, Error> {
    match pending {
        None => Ok(count_held(ex, plan)),
        Some(pending) => {
            // Reading (one thread) and counting (the others) overlap: the reader hands each
            // batch over a short queue, so at most a few batches are in memory.
            let counter = Counter::new(ex, plan);
            let (tx, rx) = std::sync::mpsc::sync_channel::<HeldRows>(2);
            let (counts, done) = std::thread::scope(|s| {
                let worker = s.spawn(move || {
                    let mut counter = counter;
                    for batch in rx {
                        counter.rows(&batch.rows());
                    }
                    counter.finish()
                });
                let done = pending.read(&mut |rows| {
                    // The counter stops only by panicking, which the join below passes on.
                    let _ = tx.send(HeldRows::of(rows));
                });
                drop(tx);
                (worker.join().expect("the counting thread panicked"), done)
            });
            done?.apply(ex);
            Ok(counts)
        }
    }
}

/// A batch of rows copied out of the reader's buffers, to hand to another thread.
struct HeldRows {
    persons: Vec<u32>,
    codes: Vec<u16>,
    employed: Vec<bool>,
    first_week: i32,
    n_weeks: usize,
    first_month: i32,
    n_months: usize,
}

impl HeldRows {
    fn of(r: &Rows) -> HeldRows {
        HeldRows {
            persons: r.persons.to_vec(),
            codes: r.codes.to_vec(),
            employed: r.employed.to_vec(),
            first_week: r.first_week,
            n_weeks: r.n_weeks,
            first_month: r.first_month,
            n_months: r.n_months,
        }
    }

    fn rows(&self) -> Rows<'_> {
        Rows {
            persons: &self.persons,
            codes: &self.codes,
            first_week: self.first_week,
            n_weeks: self.n_weeks,
            employed: &self.employed,
            first_month: self.first_month,
            n_months: self.n_months,
        }
    }
}

/// [`count`] from the rows held in the extract.
pub fn count_held(ex: &Extract, plan: &Plan) -> Counts {
    let mut counter = Counter::new(ex, plan);
    held(ex, &mut counter);
    counter.finish()
}

/// The rows held in the extract, and then the persons without one, to `counter`.
fn held(ex: &Extract, counter: &mut Counter) {
    let d = &ex.dream;
    counter.rows(&Rows {
        persons: &d.person_of_row,
        codes: &d.codes,
        first_week: d.codes_first_week,
        n_weeks: d.codes_n_weeks,
        employed: &[],
        first_month: 0,
        n_months: 0,
    });
    let mut with_row = vec![false; ex.persons.len()];
    for &p in d.person_of_row.iter().filter(|&&p| p != u32::MAX) {
        with_row[p as usize] = true;
    }
    let without: Vec<u32> = (0..ex.persons.len() as u32).filter(|&p| !with_row[p as usize]).collect();
    counter.rows(&Rows::without_dream(&without, d.codes_first_week));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::method::calendar::Month;
    use std::path::Path;

    #[test]
    fn counting_batches_as_they_are_read_gives_the_counters_of_the_held_rows() {
        // Enough persons for several batches of DREAM rows, and for persons without a row.
        let m = |s: &str| Month::parse(s).unwrap();
        let sim = crate::simulate::SimOptions { persons: 40_000, from: m("2016-01"), to: m("2016-06"), seed: 7 };
        let dir = tempfile::tempdir().unwrap();
        crate::simulate::write(&crate::simulate::simulate(&sim), dir.path()).unwrap();
        let mut held = crate::extract::load::load(dir.path()).unwrap();
        assert!(held.dream.person_of_row.len() > 2 * crate::extract::typed::BATCH);
        let q = Quarter::of(m("2016-04"));
        let dims = [Dimension::Total, Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade];
        let plan = Plan::new(Scope { from: m("2016-01"), to: m("2016-06"), kommune: Some(461) })
            .monthly(&dims, (m("2016-01").index()..=m("2016-06").index()).map(Month::from_index))
            .pooled(&[q], &dims)
            .flows(q)
            .all_kommuner();
        let want = count(&mut held, None, &plan).unwrap();
        let (mut streamed, pending) = crate::extract::load::open(dir.path(), Default::default()).unwrap();
        assert_eq!(count(&mut streamed, Some(pending), &plan).unwrap(), want);
        assert_eq!(
            (streamed.stats.dream_rows, streamed.stats.persons_without_dream, &streamed.code_counts),
            (held.stats.dream_rows, held.stats.persons_without_dream, &held.code_counts)
        );
        assert!(want.month(m("2016-06"), Dimension::Total, 0).unwrap().persons > 10_000);
    }

    #[test]
    fn the_counters_do_not_depend_on_threads_or_chunks() {
        let ex = crate::extract::load::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample")).unwrap();
        let (from, to) = ex.months_covered().unwrap();
        let q = Quarter::of(to.offset(-3));
        let all = [
            Dimension::Total,
            Dimension::Age,
            Dimension::Sex,
            Dimension::Herkomst,
            Dimension::Omraade,
            Dimension::Kommune,
        ];
        let plan = Plan::new(Scope { from, to, kommune: None })
            .monthly(&all, (from.index()..=to.index()).map(Month::from_index))
            .pooled(&[q, q.offset(-4)], &all)
            .flows(q)
            .all_kommuner();
        let with = |threads: usize, chunk: usize| {
            let mut c = Counter::with(&ex, &plan, threads, chunk);
            held(&ex, &mut c);
            c.finish()
        };
        let one = with(1, ex.persons.len());
        // Many small chunks on more threads than cores: any order of chunks and merges.
        let many = with(5, 7);
        // Read a batch at a time from the file: the same counters.
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
        let (mut streamed, pending) = crate::extract::load::open(&dir, Default::default()).unwrap();
        assert!(streamed.dream.codes.is_empty(), "the rows are not held");
        assert_eq!(count(&mut streamed, Some(pending), &plan).unwrap(), one);
        assert_eq!(streamed.stats.dream_rows, ex.stats.dream_rows);
        assert_eq!(streamed.code_counts, ex.code_counts);
        assert_eq!(one, many);
        // Not vacuous: persons were counted, and moved between the groups of the quarter.
        let t = one.quarter(q, Dimension::Total, 0).unwrap();
        assert!(t.persons > 1000);
        let flowing: u32 = one.flows.unwrap().1.iter().flatten().sum();
        let first = one.month(q.first_month(), Dimension::Total, 0).unwrap().persons;
        assert!(flowing > 0 && flowing <= first);
    }
}
