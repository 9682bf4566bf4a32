//! Counting an extract's persons into [`Counts`], DREAM's rows a batch at a time as they are
//! read (see `extract::Pending`), or from rows held in the extract: the persons split into
//! chunks that the threads take in turn, each chunk classified and summed at once.

use super::counts::{Buffers, Counts, Layout, Plan};
use crate::error::Error;
use crate::extract::{Extract, Pending, Rows};
use crate::method::calendar::Month;
use crate::method::classify::{Classifier, PersonMonths};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Persons per chunk a thread takes at a time.
const CHUNK: usize = 4096;

/// Sums batches of persons with their DREAM rows ([`Rows`]) as they come, on every core: the
/// persons of a batch are split into chunks that the threads take in turn, each summing into
/// counters of its own, merged at the end.
pub struct Counter<'a> {
    ex: &'a Extract,
    classifier: Classifier<'a, Extract>,
    quarter_of: Vec<Option<usize>>,
    flow_months: (Option<usize>, Option<usize>),
    chunk: usize,
    /// Per thread: its counters and its buffers.
    parts: Vec<(Counts, PersonMonths, Buffers)>,
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
            .map(|_| (Counts::new(plan, layout.clone()), PersonMonths::default(), Buffers::default()))
            .collect();
        // With several municipalities every place is classified: each is a scope of its own.
        let classifier = Classifier::new(ex, plan.scope, layout.scopes.len() > 1);
        Counter { ex, classifier, quarter_of, flow_months, chunk, parts }
    }

    /// Classifies and sums the persons of a batch of rows (rows without a person are left out).
    pub fn rows(&mut self, rows: &Rows) {
        let n = rows.len();
        let threads = self.parts.len().min(n.div_ceil(self.chunk)).max(1);
        let next = AtomicUsize::new(0);
        let (ex, chunk) = (self.ex, self.chunk);
        let (classifier, quarter_of, flow_months) = (&self.classifier, &self.quarter_of[..], self.flow_months);
        let work = |(counts, pm, buf): &mut (Counts, PersonMonths, Buffers)| {
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
                        counts.person(quarter_of, flow_months, &ex.persons[p as usize], pm, buf);
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
    use crate::kpi::dims::Dimension;
    use crate::method::calendar::Month;
    use crate::method::calendar::Quarter;
    use crate::method::classify::Scope;
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
            .flows(q);
        let want = count(&mut held, None, &plan).unwrap();
        let (mut streamed, pending) = crate::extract::load::open(dir.path(), Default::default()).unwrap();
        assert_eq!(count(&mut streamed, Some(pending), &plan).unwrap(), want);
        assert_eq!(
            (streamed.stats.dream_rows, streamed.stats.persons_without_dream, &streamed.code_counts),
            (held.stats.dream_rows, held.stats.persons_without_dream, &held.code_counts)
        );
        assert!(want.month(None, m("2016-06"), Dimension::Total, 0).unwrap().persons > 10_000);
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
            .flows(q);
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
        let t = one.quarter(None, q, Dimension::Total, 0).unwrap();
        assert!(t.persons > 1000);
        let flowing: u32 = one.flows(None).unwrap().1.iter().flatten().sum();
        let first = one.month(None, q.first_month(), Dimension::Total, 0).unwrap().persons;
        assert!(flowing > 0 && flowing <= first);
    }
}
