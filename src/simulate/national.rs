//! The national extract (`simulate --national`): the 98 municipalities with their codes, names
//! and populations from the shipped table `kommuner.csv` (its sources in `docs/kommuner.md`),
//! persons drawn in proportion to those populations, each municipality's level, and moves
//! between municipalities.
//!
//! Every person is the Odense model's person with a home municipality drawn by population. The
//! home's level shifts the person's latent propensity `z` by [`Z_PER_PP`] per percentage point
//! of the table's `niveau` relative to Odense's, so Odense's own persons are exactly the Odense
//! model. Where the Odense model has a person live outside Odense (before moving in from
//! elsewhere in Denmark, between moving out and back, after moving out), the national extract
//! has the person live in another municipality, drawn by population: the moves between
//! municipalities. Local areas (`omraade`) exist for Odense only.
//!
//! θ and φ are calibrated, as without `--national`, on the persons who ever live in Odense,
//! measured by the method on residence in Odense (461); the same values then drive every
//! person, so Odense's published figures hold in the national extract and the other
//! municipalities differ by their level and their composition. The persons are made, run and
//! written in chunks, on all cores, so memory does not grow with the number of persons.

use super::calendar::Cal;
use super::calibrate::{calibrate, month_params};
use super::chain::{Ctx, init_state};
use super::kommuner::Kommuner;
use super::measure::{MonthCounts, calibration_summary, status_table};
use super::options::{KOMMUNE, SimOptions, SimSummary};
use super::population::{Person, make_person};
use super::rng::hash3;
use super::run::{Rec, run_person, threads};
use super::write::{ChunkOut, StreamWriter, headers, write_person};
use crate::method::codemap::CodeMap;
use anyhow::Result;
use std::path::Path;

/// Persons per chunk of the streaming run.
const CHUNK: usize = 4096;

/// The pseudonym number of person `i`: a bijection of 32-bit numbers keyed by the seed, so
/// numbers never repeat and no set of used numbers has to be kept.
pub(super) fn national_id(seed: u64, i: usize) -> u32 {
    let k = hash3(seed, 0x1D, 1);
    let mut x = (i as u32) ^ (k as u32);
    x = x.wrapping_mul(0x9E37_79B1);
    x ^= x >> 15;
    x = x.wrapping_add((k >> 32) as u32);
    x = x.wrapping_mul(0x85EB_CA77);
    x ^= x >> 13;
    x
}

/// Simulates the national extract and writes it to `out_dir` as it goes (same rules as
/// [`write`]: nothing is overwritten, no partial file remains). Deterministic: the same
/// options give the same bytes, whatever the number of cores.
/// The persons who ever live in Odense, made on `workers` threads, in order.
fn odense_persons(n: usize, workers: usize, make: &(impl Fn(usize) -> Person + Sync)) -> Vec<Person> {
    let span = n.div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|wk| {
                s.spawn(move || {
                    (wk * span..((wk + 1) * span).min(n))
                        .map(make)
                        .filter(|p| p.spells.iter().any(|s| s.kommune == KOMMUNE))
                        .collect::<Vec<Person>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

pub fn simulate_national(opts: &SimOptions, out_dir: &Path) -> Result<SimSummary> {
    let to = opts.to.max(opts.from);
    let opts = SimOptions { to, ..opts.clone() };
    let cal = Cal::new(opts.from, opts.to);
    let map = CodeMap::embedded();
    let status_of = status_table(&map);
    let kommuner = Kommuner::embedded();
    let n = opts.persons;
    let make = |i: usize| make_person(i, national_id(opts.seed, i), opts.seed, opts.from, &cal, Some(&kommuner));
    let workers = threads();

    // Calibration on the persons who ever live in Odense.
    let odense = odense_persons(n, workers, &make);
    let calib = calibrate(&odense, &cal, opts.seed, &status_of);
    drop(odense);
    let mp = month_params(&cal, &calib.knots, &calib.theta, &calib.phi);
    let ctx = Ctx { cal: &cal, seed: opts.seed, status_of: &status_of, kommune: KOMMUNE, mp: &mp };

    // The final run, chunk by chunk: the workers make the next round of chunks while this
    // thread writes the previous one.
    let n_months = cal.months.len();
    let run_chunk = |ci: usize| -> ChunkOut {
        let mut out = ChunkOut::new(n_months);
        for i in ci * CHUNK..((ci + 1) * CHUNK).min(n) {
            let p = make(i);
            let mut st = init_state(&p, p.index, &ctx);
            let mut rec = Rec::default();
            run_person(&p, p.index, &mut st, 0..n_months, &ctx, &mut out.counts, Some(&mut rec));
            write_person(&p, p.index, &rec, &cal, ctx.seed, &mut out);
        }
        out
    };
    let mut writer = StreamWriter::create(out_dir, &["befolkning.csv", "dream.csv", "uddannelse.csv"])?;
    for (f, h) in headers(&cal).iter().enumerate() {
        writer.append(f, h.as_bytes())?;
    }
    let n_chunks = n.div_ceil(CHUNK);
    let per_round = workers * 4;
    let mut counts = vec![MonthCounts::default(); n_months];
    let mut pending: Vec<ChunkOut> = Vec::new();
    let mut c0 = 0;
    while c0 < n_chunks || !pending.is_empty() {
        let c1 = (c0 + per_round).min(n_chunks);
        let (mut made, written) = std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers)
                .map(|wk| {
                    let run_chunk = &run_chunk;
                    s.spawn(move || (c0 + wk..c1).step_by(workers).map(|ci| (ci, run_chunk(ci))).collect::<Vec<_>>())
                })
                .collect();
            let written = pending.iter().try_for_each(|o| {
                writer.append(0, o.befolkning.as_bytes())?;
                writer.append(1, o.dream.as_bytes())?;
                writer.append(2, o.uddannelse.as_bytes())
            });
            let made: Vec<(usize, ChunkOut)> =
                handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect();
            (made, written)
        });
        written?;
        made.sort_by_key(|(ci, _)| *ci);
        for (_, o) in &made {
            for (a, b) in counts.iter_mut().zip(&o.counts) {
                a.add(b);
            }
        }
        pending = made.into_iter().map(|(_, o)| o).collect();
        c0 = c1;
    }
    writer.finish()?;
    Ok(SimSummary { persons: n, calibration: calibration_summary(&cal, &counts) })
}
