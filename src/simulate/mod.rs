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

use crate::extract::Spell;
use crate::method::calendar::{IsoWeek, Month, age_on};
use crate::method::classify::first_match;
use crate::method::classify::{MAX_AGE, MIN_AGE, current_spell};
use crate::method::codemap::{CodeMap, CodeStatus};
use crate::method::status::{Kpi, Status};
use anyhow::{Context, Result, bail};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

mod calendar;
mod calibrate;
mod chain;
mod measure;
mod national;
mod population;
mod rng;
mod run;
#[cfg(test)]
mod tests;
mod write;

use calendar::*;
use calibrate::*;
use chain::*;
use measure::*;
use national::*;
pub use national::{Kommune, Kommuner, simulate_national};
use population::*;
use rng::*;
use run::*;
pub use write::write;
use write::*;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimOptions {
    /// Number of distinct persons in `befolkning.csv`.
    pub persons: usize,
    pub from: Month,
    pub to: Month,
    pub seed: u64,
}

/// What was generated, for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct SimSummary {
    pub persons: usize,
    /// `(kpi id, month, target %, achieved %)` for every August in the period: the published
    /// Odense figures where there are some, else the simulator's own trend (see [`uj_target`]).
    pub calibration: Vec<(String, Month, f64, f64)>,
}

/// A generated extract held in memory.
#[derive(Debug, Clone)]
pub struct SimExtract {
    /// `(file name, bytes)`: `befolkning.csv`, `dream.csv`, `uddannelse.csv`.
    pub files: Vec<(String, Vec<u8>)>,
    pub summary: SimSummary,
}

/// Odense's municipality code.
const KOMMUNE: u16 = 461;

/// Published share in job or education for August of a year (Odense's annual reports;
/// 2016 = 2015 + 0,4 pp). Years outside 2013–2016 take the nearest published year.
pub fn uj_target(year: i32) -> f64 {
    const UJ: [f64; 4] = [70.9, 72.1, 72.8, 73.2];
    UJ[(year.clamp(2013, 2016) - 2013) as usize]
}

/// Share of ledig jobparat in August of a year, in percent of the 16–66-year-olds. 2015 is
/// published (76,1 % arbejdsduelige − 72,8 % in job or education); the other years are the
/// simulator's assumption of falling unemployment.
pub fn lj_target(year: i32) -> f64 {
    const LJ: [f64; 4] = [3.9, 3.6, 3.3, 3.1];
    LJ[(year.clamp(2013, 2016) - 2013) as usize]
}

/// Every benefit code the simulator writes, with the status it is meant to have in the
/// embedded code map (`None` = udgaaet, 997–999).
pub const CODES_USED: [(u16, Option<Status>); 36] = [
    (111, Some(Status::LedigJobparat)),
    (213, Some(Status::LedigJobparat)),
    (217, Some(Status::LedigJobparat)),
    (130, Some(Status::LedigJobparat)),
    (131, Some(Status::LedigJobparat)),
    (137, Some(Status::LedigJobparat)),
    (140, Some(Status::LedigJobparat)),
    (143, Some(Status::LedigJobparat)),
    (730, Some(Status::LedigAktivitetsparat)),
    (731, Some(Status::LedigAktivitetsparat)),
    (737, Some(Status::LedigAktivitetsparat)),
    (720, Some(Status::LedigAktivitetsparat)),
    (723, Some(Status::LedigAktivitetsparat)),
    (700, Some(Status::LedigAktivitetsparat)),
    (703, Some(Status::LedigAktivitetsparat)),
    (710, Some(Status::LedigAktivitetsparat)),
    (713, Some(Status::LedigAktivitetsparat)),
    (890, Some(Status::SygAfklaring)),
    (899, Some(Status::SygAfklaring)),
    (785, Some(Status::SygAfklaring)),
    (810, Some(Status::SygAfklaring)),
    (813, Some(Status::SygAfklaring)),
    (760, Some(Status::SygAfklaring)),
    (771, Some(Status::Fleksjob)),
    (740, Some(Status::Fleksjob)),
    (783, Some(Status::Permanent)),
    (621, Some(Status::Pension)),
    (881, Some(Status::OrlovBarsel)),
    (412, Some(Status::OrlovBarsel)),
    (651, Some(Status::Uddannelse)),
    (652, Some(Status::Uddannelse)),
    (661, Some(Status::Uddannelse)),
    (997, None),
    (998, None),
    (999, None),
    (611, Some(Status::Pension)),
];

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

/// The header lines of `befolkning.csv`, `dream.csv` and `uddannelse.csv`.
fn headers(cal: &Cal) -> [String; 3] {
    let befolkning = String::from("pnr,foedselsdato,koen,herkomst,oprindelse,kommune,omraade,fra,til\n");
    let mut dream = String::from("pnr");
    for t in cal.out_weeks.clone() {
        let w = &cal.weeks[t];
        dream.push(',');
        dream.push_str(&IsoWeek::containing(w.thu).dream_column());
    }
    for mi in cal.out_months.clone() {
        let m = cal.months[mi].month;
        let _ = write!(dream, ",grad_{:04}_{:02}", m.year, m.month);
    }
    dream.push('\n');
    let uddannelse = String::from("pnr,fra,til\n");
    [befolkning, dream, uddannelse]
}

/// Target and achieved figures for every August of the output, from the measured counts.
fn calibration_summary(cal: &Cal, counts: &[MonthCounts]) -> Vec<(String, Month, f64, f64)> {
    let mut calibration = Vec::new();
    for mi in cal.out_months.clone() {
        let m = cal.months[mi].month;
        if m.month != 8 {
            continue;
        }
        let c = &counts[mi];
        let uj = c.share(Kpi::UddannelseJob);
        let ad = c.share(Kpi::Arbejdsduelige);
        calibration.push((Kpi::UddannelseJob.id().to_string(), m, uj_target(m.year), round2(uj)));
        calibration.push((
            Kpi::Arbejdsduelige.id().to_string(),
            m,
            round2(uj_target(m.year) + lj_target(m.year)),
            round2(ad),
        ));
    }
    calibration
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
