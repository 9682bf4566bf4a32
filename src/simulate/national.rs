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

use super::*;

/// The shipped table: `kode,navn,folketal,niveau` (see `docs/kommuner.md`).
pub const KOMMUNER_CSV: &str = include_str!("kommuner.csv");

/// Shift of the latent propensity `z` per percentage point of `niveau` (the share in job or
/// education). Chosen so that the realised spread between municipalities is close to the
/// table's (measured in `docs/kommuner.md`).
pub(super) const Z_PER_PP: f64 = 0.09;

/// Persons per chunk of the streaming run.
const CHUNK: usize = 4096;

/// One municipality of the shipped table.
#[derive(Debug, Clone, PartialEq)]
pub struct Kommune {
    pub kode: u16,
    pub navn: &'static str,
    /// Population (FOLK1A, see `docs/kommuner.md`).
    pub folketal: u32,
    /// Level of the share in job or education relative to the national level, in percentage
    /// points.
    pub niveau: f64,
    /// Shift of `z` for persons living here (0 for Odense).
    pub(super) shift: f64,
}

/// The 98 municipalities, with cumulative population weights for drawing.
#[derive(Debug, Clone)]
pub struct Kommuner {
    list: Vec<Kommune>,
    cum: Vec<f64>,
}

impl Kommuner {
    /// The shipped table. Its validity is checked by a test; a broken table is a build error
    /// in spirit, so this panics with the line.
    pub fn embedded() -> Kommuner {
        let mut list = Vec::new();
        for (n, line) in KOMMUNER_CSV.lines().enumerate().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let bad = || format!("kommuner.csv:{}: expected kode,navn,folketal,niveau", n + 1);
            assert!(f.len() == 4, "{}", bad());
            let kode = f[0].parse::<u16>().unwrap_or_else(|_| panic!("{}", bad()));
            let folketal = f[2].parse::<u32>().unwrap_or_else(|_| panic!("{}", bad()));
            let niveau = f[3].parse::<f64>().unwrap_or_else(|_| panic!("{}", bad()));
            list.push(Kommune { kode, navn: f[1], folketal, niveau, shift: 0.0 });
        }
        let odense = list.iter().find(|k| k.kode == KOMMUNE).map_or(0.0, |k| k.niveau);
        let mut cum = Vec::with_capacity(list.len());
        let mut total = 0.0;
        for k in &mut list {
            k.shift = Z_PER_PP * (k.niveau - odense);
            total += k.folketal as f64;
            cum.push(total);
        }
        Kommuner { list, cum }
    }

    pub fn list(&self) -> &[Kommune] {
        &self.list
    }

    pub fn get(&self, kode: u16) -> Option<&Kommune> {
        self.list.iter().find(|k| k.kode == kode)
    }

    /// A municipality drawn by population, other than `except`.
    pub(super) fn pick(&self, r: &mut Rng, except: Option<u16>) -> &Kommune {
        let total = self.cum.last().copied().unwrap_or(0.0);
        loop {
            let x = r.u() * total;
            let i = self.cum.partition_point(|&c| c <= x).min(self.list.len() - 1);
            let k = &self.list[i];
            if Some(k.kode) != except || self.list.len() == 1 {
                return k;
            }
        }
    }
}

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

/// The residence spells of a person whose home is `home`: the Odense model's spells (`area`,
/// `fra`, `til`) placed in the home municipality, and the time between them spent in other
/// municipalities.
#[allow(clippy::too_many_arguments)]
pub(super) fn national_spells(
    kommuner: &Kommuner,
    home: u16,
    spells: &[(u8, NaiveDate, Option<NaiveDate>)],
    domestic_arrival: bool,
    gone_day: Option<NaiveDate>,
    birth: NaiveDate,
    aw: &[f64],
    r: &mut Rng,
) -> Vec<Spell> {
    let day = Duration::days(1);
    let mut out: Vec<Spell> = Vec::with_capacity(spells.len() * 2 + 1);
    let away = |r: &mut Rng, fra: NaiveDate, til: Option<NaiveDate>, out: &mut Vec<Spell>| {
        let k = kommuner.pick(r, Some(home)).kode;
        let omraade = if k == KOMMUNE { r.pick(aw) as u16 } else { NO_AREA };
        out.push(Spell { line: 0, person: 0, kommune: k, omraade, fra, til });
    };
    let home_area = |area: u8| if home == KOMMUNE { area as u16 } else { NO_AREA };
    if let Some(&(_, first_fra, _)) = spells.first()
        && domestic_arrival
    {
        let years = 1.0 + r.u() * 15.0;
        let fra = (first_fra - Duration::days((years * 365.25) as i64)).max(birth);
        if first_fra - day >= fra {
            away(r, fra, Some(first_fra - day), &mut out);
        }
    }
    for (j, &(area, fra, til)) in spells.iter().enumerate() {
        out.push(Spell { line: 0, person: 0, kommune: home, omraade: home_area(area), fra, til });
        let Some(til) = til else { break };
        let next = spells.get(j + 1).map(|s| s.1);
        match (next, gone_day) {
            (Some(next), _) => {
                if next - day > til {
                    away(r, til + day, Some(next - day), &mut out);
                }
            }
            (None, Some(gone)) => {
                if gone > til {
                    away(r, til + day, Some(gone), &mut out);
                }
            }
            (None, None) => away(r, til + day, None, &mut out),
        }
    }
    for (line, s) in out.iter_mut().enumerate() {
        s.line = line;
    }
    out
}

/// Simulates the national extract and writes it to `out_dir` as it goes (same rules as
/// [`write`]: nothing is overwritten, no partial file remains). Deterministic: the same
/// options give the same bytes, whatever the number of cores.
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
    let span = n.div_ceil(workers).max(1);
    let odense: Vec<Person> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|wk| {
                let make = &make;
                s.spawn(move || {
                    (wk * span..((wk + 1) * span).min(n))
                        .map(make)
                        .filter(|p| p.spells.iter().any(|s| s.kommune == KOMMUNE))
                        .collect::<Vec<Person>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
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
