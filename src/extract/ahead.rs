//! DREAM's rows, read after the rest of the extract (see [`Pending`](super::Pending)): a
//! [`DreamSource`] per reader fills them a batch at a time, and [`DreamRows::ahead`] runs any
//! source on a thread of its own while the rest is read and assembled, the batches waiting in
//! bounded memory.

use super::pnr::Pnr;
use super::typed::{BATCH, DreamIn};
use crate::error::Problems;
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;

/// A reader of DREAM's rows, run once after the rest of the extract is read: it fills the rows
/// of a [`DreamIn`] whose header is set, calling `sink` whenever it holds [`BATCH`] rows and
/// once at the end; `sink` takes the rows, with what [`Want`] says. Returns the data rows
/// seen, including those left out for a problem.
pub trait DreamSource: Send {
    fn read_rows(
        self: Box<Self>,
        d: &mut DreamIn,
        want: Want,
        problems: &mut Problems,
        sink: &mut dyn FnMut(&mut DreamIn),
    ) -> usize;
}

/// What the sink of DREAM's rows takes from each batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Every row's codes and degrees, in `codes` and `grads`.
    Rows,
    /// The rows' ids and places, to check and link them (`check`): packed weeks and months
    /// are read and checked as packed, and handed on so, not made into matrices no one reads.
    Links,
}

/// DREAM's rows still to be read.
pub struct DreamRows(Box<dyn DreamSource>);

/// The memory DREAM's batches read ahead may take while they wait (at least one batch waits):
/// three batches of 4 years, one of 10. Waiting for more made no difference that showed
/// through the noise at Odense's size, and each costs its memory's first touch.
const AHEAD_BYTES: usize = 32 << 20;

impl DreamRows {
    pub fn new(source: impl DreamSource + 'static) -> DreamRows {
        DreamRows(Box::new(source))
    }

    /// Reads the rows (see [`DreamSource::read_rows`]).
    pub fn read(
        self,
        d: &mut DreamIn,
        want: Want,
        problems: &mut Problems,
        sink: &mut dyn FnMut(&mut DreamIn),
    ) -> usize {
        self.0.read_rows(d, want, problems, sink)
    }

    /// The same rows, read from now on, on a thread of their own, while the rest of the
    /// extract is read and assembled on this one: a DREAM file holds no link to the rest until
    /// its rows are linked to their persons, which is then all that is left to do. Batches of
    /// at most [`AHEAD_BYTES`] wait; their memory goes back to the reader once used. Problems come
    /// when the rows have all been handed on, as they would have. `header` is the DREAM
    /// header the rows are read for.
    pub fn ahead(self, header: &DreamIn, (weeks_packed, months_packed): (bool, bool)) -> DreamRows {
        let mut d =
            DreamIn { pnrs: Vec::new(), rows: Vec::new(), codes: Vec::new(), grads: Vec::new(), ..header.clone() };
        // A row's weeks packed take some runs of 4 bytes (most rows have a handful; 16 taken)
        // and its months a bit each.
        let weeks = if weeks_packed { 64 } else { d.n_weeks * 2 };
        let months = if months_packed { d.decoded_months.len().div_ceil(8) } else { d.decoded_months.len() * 4 };
        let row_bytes = weeks + months + std::mem::size_of::<(Pnr, usize)>() + 16;
        let ahead = (AHEAD_BYTES / (BATCH * row_bytes)).max(1);
        let (full, batches) = std::sync::mpsc::sync_channel::<DreamIn>(ahead);
        let (used, empties) = std::sync::mpsc::channel::<DreamIn>();
        let thread = std::thread::Builder::new().name("dream".into()).spawn(move || {
            let mut problems = Problems::default();
            let seen = self.read(&mut d, Want::Rows, &mut problems, &mut |b: &mut DreamIn| {
                let mut batch = empties.try_recv().unwrap_or_default();
                swap_rows(&mut batch, b);
                // Nobody left to take them (the reading was given up): thrown away.
                let _ = full.send(batch);
            });
            (seen, problems)
        });
        let thread = match thread {
            Ok(t) => t,
            Err(e) => panic!("no thread could be started to read DREAM: {e}"),
        };
        DreamRows::new(Ahead { thread, batches, used })
    }
}

/// DREAM's rows read on a thread of their own (see [`DreamRows::ahead`]): batches come full
/// from the thread and go back empty for their memory to be used again.
struct Ahead {
    thread: JoinHandle<(usize, Problems)>,
    batches: Receiver<DreamIn>,
    used: Sender<DreamIn>,
}

impl DreamSource for Ahead {
    fn read_rows(
        self: Box<Self>,
        d: &mut DreamIn,
        want: Want,
        problems: &mut Problems,
        sink: &mut dyn FnMut(&mut DreamIn),
    ) -> usize {
        let Ahead { thread, batches, used } = *self;
        let finish = |problems: &mut Problems| {
            let (seen, found) = thread.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            problems.extend(found);
            seen
        };
        if want == Want::Links {
            for mut batch in batches {
                swap_rows(d, &mut batch);
                sink(d);
                swap_rows(d, &mut batch);
                let _ = used.send(batch);
            }
            return finish(problems);
        }
        // Each batch is made ready (its packed rows made into matrices) on a thread of its
        // own while the one before is handed on: the reader is done by then and a core
        // free. Two pairs of matrices take turns, their memory used again.
        let mut spare = Matrices::default();
        let mut receiver = Some(batches);
        let mut current = receiver.as_ref().and_then(|r| r.recv().ok()).map(|b| Ready::make(b, Matrices::default()));
        while let Some((mut ready, mut own)) = current.take() {
            let (Some(r), next_spare) = (receiver.take(), std::mem::take(&mut spare)) else { break };
            let (back, next) = std::thread::scope(|scope| {
                let following = scope.spawn(move || {
                    let next = r.recv().ok().map(|b| Ready::make(b, next_spare));
                    (r, next)
                });
                swap_rows(d, &mut ready.batch);
                sink(d);
                swap_rows(d, &mut ready.batch);
                following.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            });
            ready.give_back(&mut own);
            spare = own;
            let _ = used.send(ready.batch);
            (receiver, current) = (Some(back), next);
        }
        finish(problems)
    }
}

/// A week matrix and a degree matrix.
type Matrices = (Vec<u16>, Vec<f32>);

/// A batch of DREAM rows whose packed rows (if any) have been made into matrices in memory not
/// the reader's (see [`DreamRows::ahead`]).
struct Ready {
    batch: DreamIn,
    weeks: bool,
    months: bool,
}

impl Ready {
    /// The batch with its packed weeks and months made into matrices in `memory`; returned
    /// beside it, the batch's own (empty) matrices, to exchange back by [`Ready::give_back`].
    fn make(mut batch: DreamIn, mut memory: Matrices) -> (Ready, Matrices) {
        let (weeks, months) = (!batch.runs.is_empty(), !batch.month_bits.is_empty());
        if weeks {
            batch.runs.unpack(&mut memory.0);
            std::mem::swap(&mut batch.codes, &mut memory.0);
            batch.runs.clear();
        }
        if months {
            batch.month_bits.expand(&mut memory.1);
            std::mem::swap(&mut batch.grads, &mut memory.1);
            batch.month_bits.clear();
        }
        (Ready { batch, weeks, months }, memory)
    }

    /// The batch's own matrices back in it (for the reader), and the memory its matrices
    /// were made in back in `own`.
    fn give_back(&mut self, own: &mut Matrices) {
        if self.weeks {
            std::mem::swap(&mut self.batch.codes, &mut own.0);
        }
        if self.months {
            std::mem::swap(&mut self.batch.grads, &mut own.1);
        }
    }
}

/// Exchanges the rows of `a` and `b` (not their headers); `a` gets `b`'s rows, `b` `a`'s
/// emptied.
fn swap_rows(a: &mut DreamIn, b: &mut DreamIn) {
    std::mem::swap(&mut a.pnrs, &mut b.pnrs);
    std::mem::swap(&mut a.rows, &mut b.rows);
    std::mem::swap(&mut a.codes, &mut b.codes);
    std::mem::swap(&mut a.grads, &mut b.grads);
    std::mem::swap(&mut a.runs, &mut b.runs);
    std::mem::swap(&mut a.month_bits, &mut b.month_bits);
    b.clear_rows();
}

impl std::fmt::Debug for DreamRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DreamRows")
    }
}
