//! Synthetic register extracts (`effektmaal simulate`): a population of Odense-like persons
//! with residence spells, weekly DREAM benefit codes, monthly employment degrees and education
//! enrolment, written in exactly the input format of `effektmaal compute`.
//!
//! # The model
//! Every person has fixed traits (birth date, sex, herkomst and oprindelse, local area, a latent
//! labour-market propensity `z`, a-kasse membership) and a residence timeline (moving in, out,
//! between areas, emigration and death). Week by week a Markov chain with durations moves each
//! person between activities: school, youth education, higher education (with SU), job,
//! unemployment (a-dagpenge, kontanthjælp or uddannelseshjælp, jobparat or aktivitetsparat,
//! integration benefits), outside the labour force, sickness benefit, clarification
//! (jobafklaring, ressourceforløb, revalidering), fleksjob, førtidspension, efterløn, maternity and
//! paternity leave, folkepension. Education starts in August and ends in June, summer jobs
//! fill the gap, lay-offs peak in winter, hiring in spring. The codes written are taken from the
//! embedded code map (see [`CODES_USED`]).
//!
//! Conventions worth knowing when reading the files: 998 (folkepension, `udgaaet` in the map) is
//! written for everyone from 65 who does not work and for everyone from 67, so 65–66-year-olds
//! count only while they work; 997 marks weeks abroad, both before an immigrant arrives and after
//! emigration; about 0.4 % of the persons have no DREAM row (they count, as `uddannelse` when
//! enrolled, else `oevrige`); enrolment spells always have a `til` (the planned end when the
//! education is still going on).
//!
//! # Calibration
//! A time-varying level `theta` (scaling all job-finding hazards up and job-loss hazards down)
//! and a level `phi` (the balance between jobparat and aktivitetsparat assessments) are
//! piecewise linear in time with a knot at every August. They are fitted knot by knot with a
//! two-dimensional Newton–Broyden search so that the generated files themselves, measured by the
//! method of `domain.md`, give the published August figures for Odense (share in job or
//! education 70,9 / 72,1 / 72,8 / 73,2 % in 2013–2016; 76,1 % arbejdsduelige in August 2015).
//! Random numbers are drawn per person and week from a counter-based generator, so a search
//! step re-simulates with common random numbers and the result is deterministic.

use crate::method::codemap::CodeMap;

mod calendar;
mod calibrate;
mod chain;
mod kommuner;
mod measure;
mod national;
mod options;
mod population;
mod rng;
mod run;
#[cfg(test)]
mod tests;
mod transition;
mod write;

pub use kommuner::{Kommune, Kommuner};
pub use national::simulate_national;
pub use options::{CODES_USED, SimExtract, SimOptions, SimSummary, lj_target, uj_target};
pub use write::write;

use calendar::Cal;
use calibrate::{calibrate, month_params};
use chain::{Ctx, init_state};
use measure::{MonthCounts, calibration_summary, status_table};
use options::KOMMUNE;
use population::make_persons;
use run::{Rec, run_person, threads};
use write::{ChunkOut, headers, write_person};

/// Generates the extract in memory: deterministic, the same options give the same bytes.
pub fn simulate(opts: &SimOptions) -> SimExtract {
    let to = opts.to.max(opts.from);
    let opts = SimOptions { to, ..opts.clone() };
    let cal = Cal::new(opts.from, opts.to);
    let map = CodeMap::embedded();
    let status_of = status_table(&map);
    let persons = make_persons(&opts, &cal);
    let calib = calibrate(&persons, &cal, opts.seed, &status_of);
    let mp = month_params(&cal, &calib.knots, &calib.theta, &calib.phi);
    let ctx = Ctx { cal: &cal, seed: opts.seed, status_of: &status_of, kommune: KOMMUNE, mp: &mp };

    // The final run, person by person, recording the output.
    let n = persons.len();
    let n_months = cal.months.len();
    let chunk = 2048usize;
    let n_chunks = n.div_ceil(chunk);
    let workers = threads().min(n_chunks.max(1));
    let mut outs: Vec<(usize, ChunkOut)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|wk| {
                let persons = &persons;
                let ctx = &ctx;
                let cal = &cal;
                s.spawn(move || {
                    let mut res = Vec::new();
                    let mut ci = wk;
                    while ci < n_chunks {
                        let mut out = ChunkOut::new(n_months);
                        let first = ci * chunk;
                        for (k, p) in persons[first..((ci + 1) * chunk).min(n)].iter().enumerate() {
                            let pi = first + k;
                            let mut st = init_state(p, pi as u32, ctx);
                            let mut rec = Rec::default();
                            run_person(p, pi as u32, &mut st, 0..n_months, ctx, &mut out.counts, Some(&mut rec));
                            write_person(p, pi as u32, &rec, cal, ctx.seed, &mut out);
                        }
                        res.push((ci, out));
                        ci += workers;
                    }
                    res
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    outs.sort_by_key(|(ci, _)| *ci);

    let [mut befolkning, mut dream, mut uddannelse] = headers(&cal);
    let mut counts = vec![MonthCounts::default(); n_months];
    for (_, o) in &outs {
        befolkning.push_str(&o.befolkning);
        dream.push_str(&o.dream);
        uddannelse.push_str(&o.uddannelse);
        for (a, b) in counts.iter_mut().zip(&o.counts) {
            a.add(b);
        }
    }

    let calibration = calibration_summary(&cal, &counts);
    SimExtract {
        files: vec![
            ("befolkning.csv".to_string(), befolkning.into_bytes()),
            ("dream.csv".to_string(), dream.into_bytes()),
            ("uddannelse.csv".to_string(), uddannelse.into_bytes()),
        ],
        summary: SimSummary { persons: n, calibration },
    }
}
