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

use crate::method::calendar::{IsoWeek, Month, age_on};
use crate::method::codemap::{CodeMap, CodeStatus};
use crate::method::status::{Kpi, Status};
use anyhow::{Context, Result, bail};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

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

// ---------------------------------------------------------------------------------------------
// Random numbers.

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn hash3(seed: u64, a: u64, b: u64) -> u64 {
    mix(mix(seed.wrapping_add(GOLDEN) ^ mix(a.wrapping_mul(GOLDEN) ^ 0x5851_F42D_4C95_7F2D))
        ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// xoshiro256** seeded through splitmix64: the per-person generator for fixed traits.
struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut s = [0u64; 4];
        for v in &mut s {
            x = x.wrapping_add(GOLDEN);
            *v = mix(x);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    fn u(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.u() < p
    }

    /// Uniform integer in `lo..=hi`.
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.u() * (hi - lo + 1) as f64) as i64
    }

    fn normal(&mut self) -> f64 {
        let u1 = self.u().max(1e-300);
        let u2 = self.u();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Weeks until an event with a constant weekly probability `h` (at least 1).
    fn geometric(&mut self, h: f64) -> i64 {
        if h <= 0.0 {
            return i64::MAX / 4;
        }
        if h >= 1.0 {
            return 1;
        }
        let u = self.u().max(1e-300);
        ((u.ln() / (1.0 - h).ln()).floor() as i64 + 1).min(i64::MAX / 4)
    }

    fn pick(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.u() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// Counter-based stream for one person and week: the same draws whatever the parameters, so
/// the calibration compares like with like.
struct WeekRng(u64);

impl WeekRng {
    fn new(seed: u64, person: u32, week: u32) -> WeekRng {
        WeekRng(hash3(seed, person as u64, week as u64))
    }

    fn u(&mut self) -> f32 {
        self.0 = self.0.wrapping_add(GOLDEN);
        (mix(self.0) >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

// ---------------------------------------------------------------------------------------------
// Calendar.

struct WeekInfo {
    thu: NaiveDate,
    /// Days from the common era of the Thursday.
    day: i32,
    /// ISO week number.
    woy: u32,
    /// Calendar month (1–12) and year of the Thursday.
    moy: u32,
    year: i32,
    /// Index into `Cal::months`.
    month: usize,
    /// The first week of September or February: higher education starts.
    higher_start: bool,
}

struct MonthInfo {
    month: Month,
    weeks: Range<usize>,
}

/// The simulated weeks: a burn-in year before `from`, the output months, and (when the output
/// ends before the first August) the months up to that August for the calibration.
struct Cal {
    weeks: Vec<WeekInfo>,
    months: Vec<MonthInfo>,
    out_months: Range<usize>,
    out_weeks: Range<usize>,
    thu0: i32,
}

const BURN_IN_MONTHS: i32 = 12;

impl Cal {
    fn new(from: Month, to: Month) -> Cal {
        let first = from.offset(-BURN_IN_MONTHS);
        let first_aug =
            if from.month <= 8 { Month { year: from.year, month: 8 } } else { Month { year: from.year + 1, month: 8 } };
        let last = to.max(first_aug);
        let mut weeks = Vec::new();
        let mut months = Vec::new();
        let mut m = first;
        while m <= last {
            let start = weeks.len();
            for (k, w) in m.weeks().into_iter().enumerate() {
                let thu = w.thursday();
                weeks.push(WeekInfo {
                    thu,
                    day: thu.num_days_from_ce(),
                    woy: w.week,
                    moy: m.month,
                    year: m.year,
                    month: months.len(),
                    higher_start: k == 0 && (m.month == 9 || m.month == 2),
                });
            }
            months.push(MonthInfo { month: m, weeks: start..weeks.len() });
            m = m.offset(1);
        }
        let out0 = BURN_IN_MONTHS as usize;
        let out1 = out0 + (to.index() - from.index() + 1) as usize;
        let out_weeks = months[out0].weeks.start..months[out1 - 1].weeks.end;
        let thu0 = weeks[0].day;
        Cal { weeks, months, out_months: out0..out1, out_weeks, thu0 }
    }

    /// Index of ISO week `woy` of `year` (may lie outside the simulated weeks).
    fn week_index(&self, year: i32, woy: u32) -> i32 {
        let thu = NaiveDate::from_isoywd_opt(year, woy.min(52), Weekday::Thu)
            .or_else(|| NaiveDate::from_ymd_opt(year, 7, 1))
            .map_or(self.thu0, |d| d.num_days_from_ce());
        (thu - self.thu0).div_euclid(7)
    }

    /// Index of the first week of a month (the first Thursday in it).
    fn month_start(&self, year: i32, month: u32) -> i32 {
        let first = NaiveDate::from_ymd_opt(year, month, 1).map_or(self.thu0, |d| d.num_days_from_ce());
        let thu0 = first + (7 + 3 - (first % 7 + 6) % 7) % 7;
        (thu0 - self.thu0).div_euclid(7)
    }

    /// Start of the academic year: the first week of September.
    fn sept_start(&self, year: i32) -> i32 {
        self.month_start(year, 9)
    }

    /// The Thursday of week index `t` (any index, also outside the simulated weeks).
    fn thursday(&self, t: i64) -> NaiveDate {
        self.weeks[0].thu + Duration::days(7 * t)
    }
}

// ---------------------------------------------------------------------------------------------
// Persons.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Herkomst {
    Dansk,
    Indvandrer,
    Efterkommer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Oprindelse {
    Dansk,
    Vestlig,
    IkkeVestlig,
}

struct Area {
    name: &'static str,
    /// Base weights for persons of Danish, western and non-western origin.
    w: [f64; 3],
    /// How strongly the area attracts high-propensity persons.
    sort: f64,
    /// Effect of the area on the propensity.
    effect: f64,
    /// Extra weight for 19–29-year-olds (students).
    young: f64,
}

const AREAS: [Area; 8] = [
    Area { name: "Centrum", w: [0.17, 0.16, 0.10], sort: 0.05, effect: 0.0, young: 2.2 },
    Area { name: "Vollsmose", w: [0.022, 0.06, 0.33], sort: -0.6, effect: -1.0, young: 0.9 },
    Area { name: "Bolbro", w: [0.15, 0.15, 0.15], sort: -0.1, effect: -0.1, young: 1.1 },
    Area { name: "Dalum", w: [0.12, 0.11, 0.08], sort: 0.1, effect: 0.05, young: 0.8 },
    Area { name: "Hjallese", w: [0.14, 0.14, 0.10], sort: 0.1, effect: 0.1, young: 1.6 },
    Area { name: "Tarup", w: [0.13, 0.12, 0.08], sort: 0.2, effect: 0.15, young: 0.7 },
    Area { name: "Korup", w: [0.10, 0.09, 0.06], sort: 0.25, effect: 0.2, young: 0.6 },
    Area { name: "Holluf Pile", w: [0.12, 0.12, 0.10], sort: 0.1, effect: 0.05, young: 0.8 },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    /// Moves in from elsewhere in Denmark; DREAM has the person's history.
    Domestic,
    /// Moves to Odense to study (from elsewhere in Denmark).
    Student,
    /// Arrives from abroad (997 before): refugee or family reunification.
    Refugee,
    /// Arrives from abroad to work.
    Worker,
    /// Arrives from abroad to study.
    ForeignStudent,
}

/// A residence spell in Odense; weeks are indices into `Cal::weeks` (the spell covers the
/// Thursdays of `start..=end`).
struct ResSpell {
    start: i64,
    end: i64,
    area: u8,
    fra: NaiveDate,
    til: Option<NaiveDate>,
}

struct Person {
    pnr: String,
    birth: NaiveDate,
    birth_day: i32,
    male: bool,
    herkomst: Herkomst,
    oprindelse: Oprindelse,
    z: f64,
    /// Hazard multipliers from the propensity.
    find: f32,
    loss: f32,
    sick: f32,
    drop: f32,
    /// Employment degree in a job, in hundredths.
    hours: u8,
    akasse: bool,
    efterloen_member: bool,
    /// Age (years) from which efterløn can be drawn.
    efterloen_age: f32,
    /// The last week of compulsory school (9th or 10th grade).
    school_end: i32,
    school_start: i32,
    /// First and one-past-last internal month in which the person is 16–66 on the last day.
    m16: i64,
    m67: i64,
    spells: Vec<ResSpell>,
    /// Week from which DREAM holds 997/999, and the code.
    gone: Option<(i64, u16)>,
    arrival: Option<(i64, Arrival)>,
    /// Integration benefits instead of kontanthjælp until this week.
    integ_until: i64,
    /// The person has no DREAM row.
    no_dream: bool,
    /// Initial level of education: 0 none beyond school, 1 youth education, 2 higher.
    edu0: u8,
}

impl Person {
    fn resident(&self, t: i64) -> bool {
        self.spells.iter().any(|s| s.start <= t && t <= s.end)
    }
}

fn age_band_weights() -> [(f64, f64, f64); 11] {
    // (lowest age, highest age + 1, weight): an Odense-like age structure, thinned at the
    // ends because only 16–66-year-olds count.
    [
        (0.0, 10.0, 1.0),
        (10.0, 16.0, 5.5),
        (16.0, 20.0, 6.0),
        (20.0, 25.0, 12.5),
        (25.0, 30.0, 10.5),
        (30.0, 40.0, 13.5),
        (40.0, 50.0, 13.5),
        (50.0, 60.0, 13.0),
        (60.0, 67.0, 10.0),
        (67.0, 76.0, 3.0),
        (76.0, 91.0, 1.0),
    ]
}

fn efterloen_age(birth_year: i32) -> f32 {
    match birth_year {
        ..=1953 => 60.0,
        1954 => 60.5,
        1955 => 61.0,
        1956 => 61.5,
        1957 => 62.0,
        1958 => 62.5,
        _ => 63.0,
    }
}

/// Annual death probability at an age (Gompertz, Danish level).
fn death_rate(age: f64) -> f64 {
    (-10.4 + 0.094 * age).exp().min(0.5)
}

fn make_persons(opts: &SimOptions, cal: &Cal) -> Vec<Person> {
    let start = opts.from.first_day();
    let mut ids: HashSet<u32> = HashSet::with_capacity(opts.persons);
    let mut id_rng = Rng::new(hash3(opts.seed, 0x1D, 0));
    let bands = age_band_weights();
    let band_w: Vec<f64> = bands.iter().map(|b| b.2).collect();
    let out0 = cal.out_weeks.start as i64;
    let out1 = cal.out_weeks.end as i64;
    let first_month = cal.months[0].month.index() as i64;
    let mut persons = Vec::with_capacity(opts.persons);
    for i in 0..opts.persons {
        let mut id;
        loop {
            id = id_rng.next_u64() as u32;
            if ids.insert(id) {
                break;
            }
        }
        let pnr = format!("P{id:08X}");
        let mut r = Rng::new(hash3(opts.seed, 0xA77, i as u64));
        let band = bands[r.pick(&band_w)];
        let age0 = band.0 + r.u() * (band.1 - band.0);
        let birth = start - Duration::days((age0 * 365.2425) as i64 + 1);
        let birth_year = birth.year();
        let male = r.chance(if age0 >= 67.0 { 0.44 } else { 0.5 });

        let p_ind = match age0 {
            a if a < 16.0 => 0.035,
            a if a < 20.0 => 0.06,
            a if a < 30.0 => 0.15,
            a if a < 50.0 => 0.13,
            a if a < 67.0 => 0.07,
            _ => 0.03,
        };
        let p_eft = match age0 {
            a if a < 16.0 => 0.10,
            a if a < 25.0 => 0.08,
            a if a < 35.0 => 0.04,
            a if a < 45.0 => 0.012,
            _ => 0.002,
        };
        let x = r.u();
        let herkomst = if x < p_ind {
            Herkomst::Indvandrer
        } else if x < p_ind + p_eft {
            Herkomst::Efterkommer
        } else {
            Herkomst::Dansk
        };
        let oprindelse = match herkomst {
            Herkomst::Dansk => Oprindelse::Dansk,
            Herkomst::Indvandrer if r.chance(0.62) => Oprindelse::IkkeVestlig,
            Herkomst::Efterkommer if r.chance(0.88) => Oprindelse::IkkeVestlig,
            _ => Oprindelse::Vestlig,
        };
        let mut z = r.normal();
        z += match (herkomst, oprindelse) {
            (Herkomst::Dansk, _) => 0.0,
            (_, Oprindelse::Vestlig) => -0.15,
            (Herkomst::Efterkommer, _) => -0.45,
            _ => -0.9,
        };
        if !male {
            z -= 0.05;
        }
        let oi = match oprindelse {
            Oprindelse::Dansk => 0,
            Oprindelse::Vestlig => 1,
            Oprindelse::IkkeVestlig => 2,
        };
        let young = (19.0..30.0).contains(&age0);
        let aw: Vec<f64> =
            AREAS.iter().map(|a| a.w[oi] * (a.sort * z).exp() * if young { a.young } else { 1.0 }).collect();
        let area = r.pick(&aw) as u8;
        z += AREAS[area as usize].effect;

        let akasse = r.chance(logistic(if age0 < 25.0 { -0.6 } else { 1.1 } + 0.8 * z));
        let efterloen_member = akasse && r.chance(0.55);
        let part_time = r.chance(if male { 0.12 } else { 0.3 });
        let hours = if part_time { r.int(50, 85) as u8 } else { r.int(92, 100) as u8 };
        let edu0 = if r.chance(logistic(-0.7 + 0.9 * z)) {
            2
        } else if r.chance(0.62) {
            1
        } else {
            0
        };
        let tenth = r.chance(0.5);
        let school_end = cal.week_index(birth_year + 16 + tenth as i32, 25);
        let school_start = cal.week_index(birth_year + 6, 33);

        let turn = |years: i32| -> i64 {
            let m = Month { year: birth_year + years, month: birth.month() };
            let m = if age_on(birth, m.last_day()) < years { m.offset(1) } else { m };
            m.index() as i64 - first_month
        };
        let m16 = turn(16);
        let m67 = turn(67);

        // Residence timeline.
        let span = (out1 - out0).max(1);
        let years = span as f64 / 52.18;
        let rate = match age0 {
            a if a < 14.0 => 0.006,
            a if a < 16.0 => 0.03,
            a if a < 24.0 => 0.09,
            a if a < 30.0 => 0.05,
            a if a < 40.0 => 0.02,
            a if a < 67.0 => 0.008,
            _ => 0.003,
        } * if herkomst == Herkomst::Indvandrer { 1.8 } else { 1.0 };
        let mut arrival = None;
        if span > 2 && r.chance((rate * years).min(0.6)) {
            let mut week = out0 + 1 + r.int(0, span - 2);
            let age_arr = age0 + (week - out0) as f64 / 52.18;
            let mut kind = if herkomst == Herkomst::Indvandrer && r.chance(0.7) {
                if (19.0..30.0).contains(&age_arr) && r.chance(0.3) {
                    Arrival::ForeignStudent
                } else if oprindelse == Oprindelse::IkkeVestlig && r.chance(0.85) {
                    Arrival::Refugee
                } else {
                    Arrival::Worker
                }
            } else if (18.5..25.0).contains(&age_arr) && r.chance(0.65) {
                Arrival::Student
            } else {
                Arrival::Domestic
            };
            match kind {
                Arrival::Student | Arrival::ForeignStudent => {
                    // Around the start of the academic year.
                    let y = cal.thursday(week).year();
                    let mut w = cal.week_index(y, r.int(31, 35) as u32) as i64;
                    if w <= out0 {
                        w = cal.week_index(y + 1, r.int(31, 35) as u32) as i64;
                    }
                    if w < out1 {
                        week = w;
                    } else {
                        kind = Arrival::Domestic;
                    }
                }
                // Refugees: more in the later years.
                Arrival::Refugee => week = out0 + 1 + (r.u().sqrt() * (span - 2) as f64) as i64,
                _ => {}
            }
            arrival = Some((week, kind));
        }
        let from_abroad = matches!(arrival, Some((_, Arrival::Refugee | Arrival::Worker | Arrival::ForeignStudent)));
        let integ_until = match arrival {
            Some((w, Arrival::Refugee)) => w + 156,
            _ if oprindelse == Oprindelse::IkkeVestlig && herkomst == Herkomst::Indvandrer && r.chance(0.12) => {
                out0 + r.int(0, 156)
            }
            _ => i64::MIN,
        };

        let mut spells = Vec::new();
        let mut gone = None;
        let mut area_now = area;
        let (first_week, first_fra) = match arrival {
            Some((w, _)) => (w, cal.thursday(w) - Duration::days(r.int(0, 3))),
            None => {
                let born_here = herkomst != Herkomst::Indvandrer && r.chance(0.35);
                let fra = if born_here {
                    birth
                } else {
                    let years = r.u() * age0.min(30.0);
                    (start - Duration::days((years * 365.0) as i64 + 7)).max(birth)
                };
                (i64::MIN / 4, fra)
            }
        };
        let mut cur_start = first_week;
        let mut cur_fra = first_fra;
        let mut resident = true;
        let mut t = first_week.max(out0);
        let age_at = |t: i64| age0 + (t - out0) as f64 / 52.18;
        loop {
            let a = age_at(t);
            let h_death = death_rate(a) / 52.0;
            let h_emig = if herkomst == Herkomst::Indvandrer {
                if (18.0..45.0).contains(&a) { 0.07 } else { 0.02 }
            } else if (20.0..35.0).contains(&a) {
                0.01
            } else {
                0.002
            } / 52.0;
            let (h_out, h_move, h_back) = if resident {
                let out = match a {
                    a if a < 18.0 => 0.02,
                    a if a < 23.0 => 0.05,
                    a if a < 35.0 => 0.055,
                    a if a < 67.0 => 0.02,
                    _ => 0.01,
                };
                let mv = if (18.0..35.0).contains(&a) { 0.08 } else { 0.035 };
                (out / 52.0, mv / 52.0, 0.0)
            } else {
                (0.0, 0.0, 0.12 / 52.0)
            };
            let h = h_death + h_emig + h_out + h_move + h_back;
            t += r.geometric(h);
            if t >= out1 {
                break;
            }
            let x = r.u() * h;
            if x < h_death + h_emig {
                let code = if x < h_death { 999 } else { 997 };
                let date = cal.thursday(t) + Duration::days(r.int(-3, 3));
                if resident {
                    let end = if date >= cal.thursday(t) { t } else { t - 1 };
                    spells.push(ResSpell {
                        start: cur_start,
                        end,
                        area: area_now,
                        fra: cur_fra,
                        til: Some(date.max(cur_fra)),
                    });
                    resident = false;
                }
                gone = Some((t, code));
                break;
            }
            let x = x - h_death - h_emig;
            if resident {
                let til = cal.thursday(t - 1) + Duration::days(r.int(0, 3));
                if t - 1 < cur_start || til < cur_fra {
                    continue;
                }
                spells.push(ResSpell { start: cur_start, end: t - 1, area: area_now, fra: cur_fra, til: Some(til) });
                if x < h_out {
                    resident = false;
                } else {
                    let mut other = r.pick(&aw) as u8;
                    if other == area_now {
                        other = ((area_now as usize + 1 + r.int(0, 6) as usize) % AREAS.len()) as u8;
                    }
                    area_now = other;
                    cur_start = t;
                    cur_fra = til + Duration::days(1);
                }
            } else {
                resident = true;
                cur_start = t;
                cur_fra = cal.thursday(t) - Duration::days(r.int(0, 3));
                if r.chance(0.6) {
                    area_now = r.pick(&aw) as u8;
                }
            }
            if spells.len() >= 4 {
                break;
            }
        }
        if resident {
            spells.push(ResSpell { start: cur_start, end: i64::MAX / 4, area: area_now, fra: cur_fra, til: None });
        }
        let no_dream = !from_abroad && r.chance(0.004);

        let zf = z as f32;
        persons.push(Person {
            pnr,
            birth,
            birth_day: birth.num_days_from_ce(),
            male,
            herkomst,
            oprindelse,
            z,
            find: (0.6 * zf).exp(),
            loss: (-0.5 * zf).exp(),
            sick: (-0.35 * zf).exp(),
            drop: (-0.5 * zf).exp(),
            hours,
            akasse,
            efterloen_member,
            efterloen_age: efterloen_age(birth_year),
            school_end,
            school_start,
            m16,
            m67,
            spells,
            gone,
            arrival,
            integ_until,
            no_dream,
            edu0,
        });
    }
    persons
}

// ---------------------------------------------------------------------------------------------
// The weekly activity chain.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Child,
    EduYouth,
    EduHigher,
    Job,
    Unemp,
    Outside,
    Syg,
    Afklar,
    Flex,
    Perm,
    Efterl,
    Barsel,
    Pensioner,
    Dead,
    Emigrated,
    Abroad,
}

// Unemployment labels.
const L_DAGPENGE: u8 = 0;
const L_KH_JOB: u8 = 1;
const L_UDH_JOB: u8 = 2;
const L_KH_AKT: u8 = 3;
const L_UDH_AKT: u8 = 4;
const L_INTEGR: u8 = 5;
/// Job-finding factor per label.
const LABEL_FIND: [f32; 6] = [1.3, 0.75, 0.75, 0.07, 0.1, 0.08];

// Education kinds.
const E_GYM: u8 = 0;
const E_EUD: u8 = 1;
const E_HIGHER: u8 = 2;
const E_NONE: u8 = 255;

const NONE_WEEK: i32 = i32::MIN;

/// Hiring and lay-off seasonality by calendar month.
const SEASON_IN: [f32; 12] = [0.8, 0.95, 1.1, 1.15, 1.15, 1.05, 0.8, 1.15, 1.15, 1.05, 0.95, 0.7];
const SEASON_OUT: [f32; 12] = [1.35, 1.05, 0.9, 0.85, 0.85, 0.95, 1.05, 0.95, 0.9, 0.95, 1.1, 1.4];

/// A person's dynamic state.
#[derive(Debug, Clone, Copy)]
struct St {
    kind: Kind,
    sub: u8,
    since: u16,
    /// Last week of a planned spell (education, leave, temporary job).
    until: i32,
    /// First week of the current education spell.
    edu_start: i32,
    /// Planned start of an education and its kind.
    next_edu: i32,
    plan: u8,
    /// Where leave and sickness return to.
    ret: Kind,
    ret_sub: u8,
    edu_done: u8,
    edu_kind: u8,
    /// Employment degree in the current job, hundredths.
    hours: u8,
    /// Employment degree beside education (student job, apprenticeship), hundredths.
    side: u8,
    /// Receives SU (code 651/652).
    su: u8,
    akasse: bool,
}

impl St {
    fn set(&mut self, kind: Kind, sub: u8) {
        self.kind = kind;
        self.sub = sub;
        self.since = 0;
        self.until = NONE_WEEK;
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct WeekOut {
    code: u16,
    enrolled: bool,
    /// Employment this week, hundredths of full time.
    emp: u8,
}

#[derive(Debug, Clone, Copy)]
struct MonthParams {
    e_theta: f32,
    e_mtheta: f32,
    phi: f32,
    e_phi: f32,
    e_mphi: f32,
}

struct Ctx<'a> {
    cal: &'a Cal,
    seed: u64,
    /// Per code: status index, `GONE`, or `UNKNOWN`.
    status_of: &'a [u8],
    mp: &'a [MonthParams],
}

const GONE: u8 = 200;
const UNKNOWN: u8 = 255;

fn fertility(age: f32, male: bool) -> f32 {
    let a = if male { age - 2.0 } else { age };
    let f = match a {
        a if a < 18.0 => 0.0,
        a if a < 20.0 => 0.01,
        a if a < 25.0 => 0.045,
        a if a < 30.0 => 0.11,
        a if a < 35.0 => 0.12,
        a if a < 40.0 => 0.06,
        a if a < 45.0 => 0.012,
        _ => 0.0,
    };
    if male { f * 0.75 } else { f }
}

fn start_job(p: &Person, st: &mut St, temp_until: i32, r: &mut WeekRng) {
    st.set(Kind::Job, 0);
    st.until = temp_until;
    st.hours = if temp_until != NONE_WEEK { 40 + (r.u() * 45.0) as u8 } else { p.hours };
}

/// Starts an unemployment spell with its benefit, or a spell outside the labour force.
fn start_unemp(p: &Person, st: &mut St, t: i32, age: f32, mp: &MonthParams, r: &mut WeekRng) {
    if (t as i64) < p.integ_until {
        st.set(Kind::Unemp, L_INTEGR);
        return;
    }
    if st.akasse && age >= 18.0 {
        st.set(Kind::Unemp, L_DAGPENGE);
        return;
    }
    if r.u() < 0.1 || age < 18.0 {
        st.set(Kind::Outside, 0);
        return;
    }
    let young = age < 30.0 && st.edu_done == 0;
    let jp = logistic(mp.phi as f64 + 1.2 * p.z - if young { 0.9 } else { 0.5 });
    let jobparat = (r.u() as f64) < jp;
    let label = match (young, jobparat) {
        (true, true) => L_UDH_JOB,
        (true, false) => L_UDH_AKT,
        (false, true) => L_KH_JOB,
        (false, false) => L_KH_AKT,
    };
    st.set(Kind::Unemp, label);
}

fn start_edu(p: &Person, st: &mut St, t: i32, kind: u8, ctx: &Ctx, r: &mut WeekRng) {
    let thu = ctx.cal.thursday(t as i64);
    let year = thu.year();
    let woy = IsoWeek::containing(thu).week;
    match kind {
        E_GYM | E_EUD => {
            let kind = if kind == E_GYM && (r.u() as f64) < logistic(0.6 + 0.8 * p.z) { E_GYM } else { E_EUD };
            st.set(Kind::EduYouth, 0);
            st.edu_kind = kind;
            let years = if kind == E_GYM { 3 } else { 2 + (r.u() * 3.0) as i32 };
            st.until = ctx.cal.week_index(year + years, 26);
            if kind == E_GYM {
                st.su = if r.u() < 0.9 { 1 } else { 0 };
                st.side = if r.u() < 0.35 { 8 + (r.u() * 15.0) as u8 } else { 0 };
            } else if r.u() < 0.55 {
                // Apprentice with wages, no SU.
                st.su = 0;
                st.side = 75 + (r.u() * 20.0) as u8;
            } else {
                st.su = 1;
                st.side = if r.u() < 0.3 { 10 + (r.u() * 20.0) as u8 } else { 0 };
            }
        }
        _ => {
            st.set(Kind::EduHigher, 0);
            st.edu_kind = E_HIGHER;
            let x = r.u();
            let years = if x < 0.25 {
                3
            } else if x < 0.33 {
                4
            } else if x < 0.85 {
                5
            } else {
                6
            };
            let winter = woy < 20;
            let end_year = year + years;
            st.until = if r.u() < 0.2 {
                ctx.cal.week_index(end_year + if winter { 0 } else { 1 }, 4)
            } else {
                ctx.cal.week_index(end_year, 26)
            };
            let x = r.u();
            st.su = if x < 0.87 {
                1
            } else if x < 0.91 {
                2
            } else {
                0
            };
            st.side = if r.u() < 0.5 { 12 + (r.u() * 25.0) as u8 } else { 0 };
        }
    }
    st.edu_start = t;
    st.next_edu = NONE_WEEK;
}

/// The initial state at the start of the burn-in year.
fn init_state(p: &Person, pi: u32, ctx: &Ctx) -> St {
    let cal = ctx.cal;
    let mut st = St {
        kind: Kind::Outside,
        sub: 0,
        since: 0,
        until: NONE_WEEK,
        edu_start: NONE_WEEK,
        next_edu: NONE_WEEK,
        plan: E_NONE,
        ret: Kind::Job,
        ret_sub: 0,
        edu_done: p.edu0,
        edu_kind: E_NONE,
        hours: p.hours,
        side: 0,
        su: 0,
        akasse: p.akasse,
    };
    let mut r = WeekRng(hash3(ctx.seed ^ 0x1417, pi as u64, u64::MAX));
    let age = (cal.weeks[0].day - p.birth_day) as f32 / 365.25;
    // Independent of the calibrated parameters, so that every run starts alike.
    let mp = &MonthParams { e_theta: 1.0, e_mtheta: 1.0, phi: 0.0, e_phi: 1.0, e_mphi: 1.0 };
    if let Some((_, Arrival::Refugee | Arrival::Worker | Arrival::ForeignStudent)) = p.arrival {
        st.set(Kind::Abroad, 0);
        return st;
    }
    if age >= 67.0 {
        st.set(Kind::Pensioner, 0);
        return st;
    }
    if p.school_end >= 0 {
        st.set(Kind::Child, 0);
        st.until = p.school_end;
        st.edu_start = p.school_start;
        st.edu_done = 0;
        return st;
    }
    if age >= 65.0 {
        if r.u() < 0.25 {
            start_job(p, &mut st, NONE_WEEK, &mut r);
        } else {
            st.set(Kind::Pensioner, 0);
        }
        return st;
    }
    let since_school = -p.school_end as f32 / 52.18;
    let end_year = cal.thursday(p.school_end as i64).year();
    if since_school < 4.2 {
        st.edu_done = 0;
        if (r.u() as f64) < 0.8 * logistic(1.5 + 0.8 * p.z) / logistic(1.5) {
            let delay = if since_school > 1.0 && r.u() < 0.3 { 1 } else { 0 };
            let start = cal.week_index(end_year + delay, 33);
            if start <= 0 {
                start_edu(p, &mut st, start, E_GYM, ctx, &mut r);
                if st.until > 0 {
                    return st;
                }
                st.edu_done = 1;
            }
        }
    }
    // Higher education.
    let p_h = match age {
        a if a < 19.0 => 0.0,
        a if a < 20.0 => 0.15,
        a if a < 21.0 => 0.33,
        a if a < 25.0 => 0.55,
        a if a < 26.0 => 0.45,
        a if a < 27.0 => 0.3,
        a if a < 28.0 => 0.2,
        a if a < 30.0 => 0.12,
        a if a < 35.0 => 0.05,
        _ => 0.0,
    };
    if p_h > 0.0 && (r.u() as f64) < p_h * logistic(0.3 + 0.9 * p.z) / logistic(0.3) {
        let years_in = (r.u() * (age - 19.0).clamp(0.3, 5.0)) as i32;
        let y0 = cal.weeks[0].thu.year();
        let start_year = y0 - years_in - if cal.sept_start(y0) > 0 { 1 } else { 0 };
        let start = cal.sept_start(start_year);
        start_edu(p, &mut st, start, E_HIGHER, ctx, &mut r);
        if st.until <= 0 {
            st.until = cal.week_index(cal.weeks[0].year + 1 + (r.u() * 3.0) as i32, 26);
        }
        st.edu_done = st.edu_done.max(1);
        return st;
    }
    if st.edu_done == 0 && age >= 21.0 {
        st.edu_done = p.edu0;
    }
    // Labour market.
    let z = p.z;
    let x = r.u() as f64;
    let p_perm = (0.004 * (age as f64 - 22.0)).clamp(0.0, 0.17) * (-0.9 * z).exp() / 1.5;
    if x < p_perm {
        st.set(Kind::Perm, 0);
        return st;
    }
    if age >= p.efterloen_age && p.efterloen_member && r.u() < 0.5 {
        st.set(Kind::Efterl, 0);
        return st;
    }
    let x = r.u() as f64;
    let p_flex = if age >= 25.0 { 0.025 * (-0.7 * z).exp() / 1.3 } else { 0.0 };
    let p_afkl = 0.018 * (-0.7 * z).exp() / 1.3;
    let p_syg = 0.02;
    if x < p_flex {
        st.set(Kind::Flex, 0);
        st.hours = 30 + (r.u() * 30.0) as u8;
        return st;
    } else if x < p_flex + p_afkl {
        st.set(Kind::Afklar, if r.u() < 0.5 { 1 } else { 0 });
        return st;
    } else if x < p_flex + p_afkl + p_syg {
        st.set(Kind::Syg, 0);
        st.ret = Kind::Job;
        return st;
    }
    let p_job = logistic(1.6 + 1.3 * z - if age > 57.0 { 0.6 } else { 0.0 } - if age < 22.0 { 0.4 } else { 0.0 });
    if (r.u() as f64) < p_job {
        start_job(p, &mut st, NONE_WEEK, &mut r);
        if (r.u() as f64) < fertility(age, p.male) as f64 * if p.male { 0.1 } else { 0.75 } {
            st.ret = Kind::Job;
            st.set(Kind::Barsel, 0);
            st.until = (r.u() * 30.0) as i32 + 1;
        }
    } else {
        if r.u() < 0.4 {
            st.set(Kind::Outside, 0);
        } else {
            start_unemp(p, &mut st, 0, age, mp, &mut r);
            st.since = (r.u() * 60.0) as u16;
        }
    }
    st
}

fn age_loss(age: f32) -> f32 {
    match age {
        a if a < 25.0 => 2.5,
        a if a < 30.0 => 1.5,
        a if a < 55.0 => 1.0,
        _ => 1.15,
    }
}

fn age_find(age: f32) -> f32 {
    match age {
        a if a < 25.0 => 1.2,
        a if a < 50.0 => 1.0,
        a if a < 55.0 => 0.8,
        a if a < 60.0 => 0.6,
        _ => 0.4,
    }
}

fn edu_find(edu_done: u8) -> f32 {
    match edu_done {
        0 => 0.7,
        1 => 1.0,
        _ => 1.25,
    }
}

/// One week of one person: moves the state and returns what DREAM and the education register
/// show for the week.
fn step(p: &Person, pi: u32, st: &mut St, t: usize, ctx: &Ctx) -> WeekOut {
    let w = &ctx.cal.weeks[t];
    let ti = t as i32;
    let t64 = t as i64;
    if let Some((gw, code)) = p.gone
        && t64 >= gw
    {
        if st.kind != Kind::Dead && st.kind != Kind::Emigrated {
            st.set(if code == 999 { Kind::Dead } else { Kind::Emigrated }, 0);
        }
        return WeekOut { code, enrolled: false, emp: 0 };
    }
    let mut r = WeekRng::new(ctx.seed, pi, t as u32);
    let mp = &ctx.mp[w.month];
    let age = (w.day - p.birth_day) as f32 / 365.25;
    if let Some((aw, _)) = p.arrival
        && aw == t64
    {
        arrive(p, st, ti, age, mp, ctx, &mut r);
    }
    if st.kind == Kind::Abroad {
        return WeekOut { code: 997, enrolled: false, emp: 0 };
    }
    if st.kind == Kind::Pensioner {
        return WeekOut { code: 998, enrolled: false, emp: 0 };
    }
    st.since = st.since.saturating_add(1);
    if age >= 65.0 && !matches!(st.kind, Kind::Job | Kind::Child) {
        st.set(Kind::Pensioner, 0);
        return WeekOut { code: 998, enrolled: false, emp: 0 };
    }
    if ti == st.next_edu && matches!(st.kind, Kind::Outside | Kind::Job | Kind::Unemp) {
        let plan = st.plan;
        start_edu(p, st, ti, plan, ctx, &mut r);
    } else {
        transition(p, st, ti, age, mp, ctx, &mut r);
    }
    emit(p, st, ti, age, w)
}

fn arrive(p: &Person, st: &mut St, t: i32, age: f32, mp: &MonthParams, ctx: &Ctx, r: &mut WeekRng) {
    let Some((_, kind)) = p.arrival else { return };
    match kind {
        Arrival::Refugee => {
            st.akasse = false;
            st.edu_done = 0;
            if !(18.0..65.0).contains(&age) {
                st.set(Kind::Outside, 0);
            } else {
                st.set(Kind::Unemp, L_INTEGR);
            }
        }
        Arrival::Worker => {
            st.akasse = false;
            st.edu_done = 1;
            if age < 65.0 {
                start_job(p, st, NONE_WEEK, r);
            } else {
                st.set(Kind::Pensioner, 0);
            }
        }
        Arrival::ForeignStudent => {
            st.edu_done = 1;
            start_edu(p, st, t, E_HIGHER, ctx, r);
            st.su = 0;
            st.until = t + 100 + (r.u() * 60.0) as i32;
        }
        Arrival::Student => {
            if st.kind != Kind::EduHigher && age < 30.0 {
                let year = ctx.cal.weeks[t as usize].thu.year();
                let start = ctx.cal.sept_start(year);
                if start > t {
                    st.next_edu = start;
                    st.plan = E_HIGHER;
                    if st.kind != Kind::Job && st.kind != Kind::Outside {
                        st.set(Kind::Outside, 0);
                    }
                } else {
                    start_edu(p, st, t, E_HIGHER, ctx, r);
                }
            }
        }
        Arrival::Domestic => {
            if st.kind == Kind::Abroad {
                start_unemp(p, st, t, age, mp, r);
            }
        }
    }
}

fn transition(p: &Person, st: &mut St, t: i32, age: f32, mp: &MonthParams, ctx: &Ctx, r: &mut WeekRng) {
    let w = &ctx.cal.weeks[t as usize];
    let moy = w.moy as usize - 1;
    let efterl_ok = p.efterloen_member && age >= p.efterloen_age;
    match st.kind {
        Kind::Child => {
            if t > st.until {
                st.edu_done = 0;
                if (r.u() as f64) < logistic(2.0 + 0.9 * p.z) {
                    st.next_edu = ctx.cal.week_index(w.thu.year(), 33);
                    st.plan = E_GYM;
                }
                st.set(Kind::Outside, 0);
            }
        }
        Kind::EduYouth => {
            if t > st.until {
                st.edu_done = st.edu_done.max(1);
                let year = w.thu.year();
                if st.edu_kind == E_GYM {
                    let x = r.u();
                    st.plan = E_HIGHER;
                    st.next_edu = if x < 0.4 {
                        ctx.cal.sept_start(year)
                    } else if x < 0.72 {
                        ctx.cal.sept_start(year + 1)
                    } else if x < 0.86 {
                        ctx.cal.sept_start(year + 2)
                    } else {
                        st.plan = E_NONE;
                        NONE_WEEK
                    };
                    if r.u() < 0.55 {
                        let until = if st.next_edu != NONE_WEEK { st.next_edu - 1 } else { NONE_WEEK };
                        let next = st.next_edu;
                        start_job(p, st, until, r);
                        st.next_edu = next;
                    } else {
                        st.set(Kind::Outside, 0);
                    }
                } else {
                    if r.u() < 0.6 {
                        st.akasse = true;
                    }
                    if (r.u() as f64) < logistic(1.3 + p.z) {
                        start_job(p, st, NONE_WEEK, r);
                    } else {
                        start_unemp(p, st, t, age, mp, r);
                    }
                }
            } else {
                let base = if st.edu_kind == E_GYM { 0.0012 } else { 0.0035 };
                if r.u() < base * p.drop {
                    let restart = r.u() < 0.35;
                    let x = r.u();
                    if x < 0.35 && age >= 16.5 {
                        start_job(p, st, NONE_WEEK, r);
                    } else if x < 0.75 || age < 18.0 {
                        st.set(Kind::Outside, 0);
                    } else {
                        start_unemp(p, st, t, age, mp, r);
                    }
                    if restart {
                        st.next_edu = ctx.cal.week_index(w.thu.year() + 1, 33);
                        st.plan = E_EUD;
                    }
                }
            }
        }
        Kind::EduHigher => {
            if t > st.until {
                st.edu_done = 2;
                if r.u() < 0.85 {
                    st.akasse = true;
                }
                if (r.u() as f64) < logistic(0.2 + 0.8 * p.z) {
                    start_job(p, st, NONE_WEEK, r);
                } else if r.u() < 0.9 {
                    start_unemp(p, st, t, age, mp, r);
                } else {
                    st.set(Kind::Outside, 0);
                }
            } else {
                let base = if st.since < 52 { 0.003 } else { 0.0012 };
                if r.u() < base * p.drop {
                    let restart = r.u() < 0.3;
                    let x = r.u();
                    if x < 0.5 {
                        start_job(p, st, NONE_WEEK, r);
                    } else if x < 0.75 {
                        st.set(Kind::Outside, 0);
                    } else {
                        start_unemp(p, st, t, age, mp, r);
                    }
                    if restart {
                        st.next_edu = ctx.cal.sept_start(w.thu.year() + 1);
                        st.plan = E_HIGHER;
                    }
                }
            }
        }
        Kind::Job => {
            if st.until != NONE_WEEK && t > st.until {
                // A temporary or summer job ends.
                if age >= 18.0 && r.u() < 0.2 {
                    start_unemp(p, st, t, age, mp, r);
                } else {
                    st.set(Kind::Outside, 0);
                }
                return;
            }
            let loss = 0.0022 * p.loss * age_loss(age) * SEASON_OUT[moy] * mp.e_mtheta;
            if r.u() < loss {
                if efterl_ok && r.u() < 0.4 {
                    st.set(Kind::Efterl, 0);
                } else if r.u() < 0.85 {
                    start_unemp(p, st, t, age, mp, r);
                } else {
                    st.set(Kind::Outside, 0);
                }
            } else if r.u() < 0.0022 * p.sick * (1.0 + (age - 40.0).max(0.0) / 25.0) {
                st.ret = Kind::Job;
                st.set(Kind::Syg, 0);
            } else if r.u() < fertility(age, p.male) / 52.0 {
                st.ret = Kind::Job;
                st.set(Kind::Barsel, 0);
                let weeks = if p.male { 2 + (r.u() * 8.0) as i32 } else { 30 + (r.u() * 17.0) as i32 };
                st.until = t + weeks;
            } else if efterl_ok && r.u() < 0.006 {
                st.set(Kind::Efterl, 0);
            } else if age >= 65.0 && r.u() < 0.012 {
                st.set(Kind::Pensioner, 0);
            } else if w.higher_start && w.moy == 9 && age < 40.0 && r.u() < if age < 30.0 { 0.02 } else { 0.005 } {
                start_edu(p, st, t, E_HIGHER, ctx, r);
            } else if age < 67.0 && r.u() < 0.00015 {
                // Leave for education or child care (orlov).
                st.ret = Kind::Job;
                st.set(Kind::Barsel, 1);
                st.until = t + 8 + (r.u() * 20.0) as i32;
            }
        }
        Kind::Unemp => {
            let label = st.sub;
            let find = 0.060
                * p.find
                * LABEL_FIND[label as usize]
                * edu_find(st.edu_done)
                * SEASON_IN[moy]
                * mp.e_theta
                * age_find(age)
                / (1.0 + st.since as f32 / 78.0);
            let akt = matches!(label, L_KH_AKT | L_UDH_AKT | L_INTEGR);
            if r.u() < find {
                start_job(p, st, NONE_WEEK, r);
            } else if label == L_DAGPENGE && st.since >= 104 {
                // Dagpenge run out after two years.
                st.akasse = false;
                if r.u() < 0.6 {
                    start_unemp(p, st, t, age, mp, r);
                } else {
                    st.set(Kind::Outside, 0);
                }
            } else if label == L_INTEGR && (t as i64) >= p.integ_until {
                start_unemp(p, st, t, age, mp, r);
            } else if (label == L_KH_JOB || label == L_UDH_JOB) && r.u() < 0.004 * mp.e_mphi {
                st.sub = if label == L_KH_JOB { L_KH_AKT } else { L_UDH_AKT };
            } else if (label == L_KH_AKT || label == L_UDH_AKT) && r.u() < 0.004 * mp.e_phi {
                st.sub = if label == L_KH_AKT { L_KH_JOB } else { L_UDH_JOB };
            } else if akt && r.u() < 0.003 {
                st.set(Kind::Afklar, if r.u() < 0.8 { 1 } else { 2 });
            } else if label == L_DAGPENGE && r.u() < 0.0015 {
                st.ret = Kind::Unemp;
                st.ret_sub = label;
                st.set(Kind::Syg, 0);
            } else if label == L_DAGPENGE && r.u() < fertility(age, p.male) / 52.0 {
                st.ret = Kind::Unemp;
                st.ret_sub = label;
                st.set(Kind::Barsel, 0);
                let weeks = if p.male { 2 + (r.u() * 8.0) as i32 } else { 30 + (r.u() * 17.0) as i32 };
                st.until = t + weeks;
            } else if r.u()
                < if akt {
                    0.0015
                } else if label == L_DAGPENGE {
                    0.001
                } else {
                    0.003
                }
            {
                st.set(Kind::Outside, 0);
            } else if age < 30.0
                && matches!(label, L_UDH_JOB | L_UDH_AKT | L_KH_JOB | L_DAGPENGE)
                && (w.woy == 33 || w.higher_start)
                && r.u() < if matches!(label, L_UDH_JOB | L_UDH_AKT) { 0.15 } else { 0.04 }
            {
                let kind = if st.edu_done == 0 { E_EUD } else { E_HIGHER };
                start_edu(p, st, t, kind, ctx, r);
            } else if akt && age >= 40.0 && r.u() < 0.001 {
                st.set(Kind::Perm, 0);
            } else if efterl_ok && label == L_DAGPENGE && r.u() < 0.01 {
                st.set(Kind::Efterl, 0);
            }
        }
        Kind::Outside => {
            let young = age < 25.0;
            if young && (23..=31).contains(&w.woy) && age >= 15.5 && r.u() < 0.07 * p.find * mp.e_theta {
                let until = if st.next_edu != NONE_WEEK { st.next_edu - 1 } else { ctx.cal.sept_start(w.thu.year()) };
                let next = st.next_edu;
                start_job(p, st, until, r);
                st.next_edu = next;
            } else if age >= 16.0
                && r.u() < 0.016 * p.find * SEASON_IN[moy] * mp.e_theta * if age >= 55.0 { 0.4 } else { 1.0 }
            {
                start_job(p, st, NONE_WEEK, r);
            } else if age >= 18.0 && r.u() < 0.0015 {
                start_unemp(p, st, t, age, mp, r);
            } else if age >= 40.0 && r.u() < 0.0004 * p.sick {
                st.set(Kind::Afklar, 1);
            } else if efterl_ok && r.u() < 0.004 {
                st.set(Kind::Efterl, 0);
            } else if age < 30.0
                && st.next_edu == NONE_WEEK
                && (w.woy == 33 || (w.higher_start && w.moy == 9))
                && r.u() < if age < 20.0 { 0.3 } else { 0.06 }
            {
                let kind = if st.edu_done == 0 { E_EUD } else { E_HIGHER };
                start_edu(p, st, t, kind, ctx, r);
            }
        }
        Kind::Syg => {
            if r.u() < 0.09 {
                if st.ret == Kind::Unemp {
                    let sub = st.ret_sub;
                    st.set(Kind::Unemp, sub);
                } else {
                    start_job(p, st, NONE_WEEK, r);
                }
            } else if st.since > 22 && r.u() < 0.03 {
                st.set(Kind::Afklar, 0);
            } else if r.u() < 0.005 {
                start_unemp(p, st, t, age, mp, r);
            }
        }
        Kind::Afklar => {
            if r.u() < 0.010 {
                let x = r.u();
                let perm = if age >= 40.0 { 0.5 } else { 0.25 };
                if x < perm {
                    st.set(Kind::Perm, 0);
                } else if x < perm + 0.25 {
                    st.set(Kind::Flex, 0);
                    st.hours = 30 + (r.u() * 30.0) as u8;
                } else if x < perm + 0.37 {
                    start_job(p, st, NONE_WEEK, r);
                } else {
                    st.set(Kind::Unemp, if age < 30.0 { L_UDH_AKT } else { L_KH_AKT });
                }
            }
        }
        Kind::Flex => {
            if st.sub == 0 && r.u() < 0.003 {
                st.sub = 1;
            } else if st.sub == 1 && r.u() < 0.03 {
                st.sub = 0;
            }
        }
        Kind::Barsel => {
            if t > st.until {
                match st.ret {
                    Kind::Unemp => {
                        let sub = st.ret_sub;
                        st.set(Kind::Unemp, sub);
                    }
                    Kind::Outside => st.set(Kind::Outside, 0),
                    _ => start_job(p, st, NONE_WEEK, r),
                }
            }
        }
        Kind::Perm | Kind::Efterl | Kind::Pensioner | Kind::Dead | Kind::Emigrated | Kind::Abroad => {}
    }
}

fn emit(p: &Person, st: &St, t: i32, age: f32, w: &WeekInfo) -> WeekOut {
    let phase = (st.since / 13) % 4 == 2;
    let alt = (p.birth_day & 1) == 1;
    let (code, enrolled, emp) = match st.kind {
        Kind::Child => (0, t >= st.edu_start, 0),
        Kind::EduYouth => (if st.su == 1 && age >= 18.0 { 651 } else { 0 }, true, st.side),
        Kind::EduHigher => (
            match st.su {
                1 => 651,
                2 => 652,
                _ => 0,
            },
            true,
            st.side,
        ),
        Kind::Job => (0, false, st.hours),
        Kind::Unemp => {
            let code = match st.sub {
                L_DAGPENGE if phase => {
                    if alt {
                        213
                    } else {
                        217
                    }
                }
                L_DAGPENGE => 111,
                L_KH_JOB if phase => {
                    if alt {
                        131
                    } else {
                        137
                    }
                }
                L_KH_JOB => 130,
                L_UDH_JOB if phase => 143,
                L_UDH_JOB => 140,
                L_KH_AKT if phase => {
                    if alt {
                        731
                    } else {
                        737
                    }
                }
                L_KH_AKT => 730,
                L_UDH_AKT if phase => 723,
                L_UDH_AKT => 720,
                _ => {
                    let new = w.year * 100 + w.moy as i32 >= 201509;
                    match (new, phase) {
                        (true, true) => 703,
                        (true, false) => 700,
                        (false, true) => 713,
                        (false, false) => 710,
                    }
                }
            };
            (code, false, 0)
        }
        Kind::Outside => (0, false, 0),
        Kind::Syg => (if st.since > 8 && alt && st.since.is_multiple_of(9) { 899 } else { 890 }, false, 0),
        Kind::Afklar => (
            match st.sub {
                0 => 785,
                1 => {
                    if phase {
                        813
                    } else {
                        810
                    }
                }
                _ => 760,
            },
            false,
            0,
        ),
        Kind::Flex => {
            if st.sub == 0 {
                (771, false, st.hours)
            } else {
                (740, false, 0)
            }
        }
        Kind::Perm => (783, false, 0),
        Kind::Efterl => (621, false, 0),
        Kind::Barsel => (if st.sub == 1 { 412 } else { 881 }, false, 0),
        Kind::Pensioner => (998, false, 0),
        Kind::Dead => (999, false, 0),
        Kind::Emigrated | Kind::Abroad => (997, false, 0),
    };
    WeekOut { code, enrolled, emp }
}

// ---------------------------------------------------------------------------------------------
// Measuring (the method of `domain.md`, on the generated data itself).

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct MonthCounts {
    counted: u64,
    by_status: [u64; 10],
}

impl MonthCounts {
    fn add(&mut self, other: &MonthCounts) {
        self.counted += other.counted;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a += b;
        }
    }

    fn share(&self, kpi: Kpi) -> f64 {
        if self.counted == 0 {
            return f64::NAN;
        }
        let num: u64 = kpi.statuses().iter().map(|s| self.by_status[s.index()]).sum();
        100.0 * num as f64 / self.counted as f64
    }

    fn status_share(&self, s: Status) -> f64 {
        if self.counted == 0 {
            return f64::NAN;
        }
        100.0 * self.by_status[s.index()] as f64 / self.counted as f64
    }
}

/// Employment degree of a month in hundredths, from the weeks' employment.
fn grad_of(seed: u64, pi: u32, month: usize, emp_sum: u32, weeks: usize) -> u8 {
    if emp_sum == 0 {
        return 0;
    }
    let noise = 0.9 + 0.1 * ((hash3(seed ^ 0x6AD, pi as u64, month as u64) >> 40) as f64 / (1u64 << 24) as f64);
    let g = (emp_sum as f64 / weeks as f64 * noise).round().clamp(1.0, 100.0);
    g as u8
}

/// What the final run records for the output.
#[derive(Default)]
struct Rec {
    codes: Vec<u16>,
    enrolled: Vec<bool>,
    grads: Vec<u8>,
    /// The education spell's start when enrolled in the first output week.
    edu_start_first: i32,
    /// The planned end when enrolled in the last output week.
    until_last: i32,
}

/// Runs one person through `months`, adding the method's counts for each month to `counts`
/// (indexed from `months.start`).
fn run_person(
    p: &Person,
    pi: u32,
    st: &mut St,
    months: Range<usize>,
    ctx: &Ctx,
    counts: &mut [MonthCounts],
    mut rec: Option<&mut Rec>,
) {
    let cal = ctx.cal;
    let m0 = months.start;
    for mi in months {
        let m = &cal.months[mi];
        let mut outs = [WeekOut::default(); 6];
        let n = m.weeks.len();
        let mut emp_sum = 0u32;
        for (k, t) in m.weeks.clone().enumerate() {
            let o = step(p, pi, st, t, ctx);
            emp_sum += o.emp as u32;
            outs[k] = o;
            if let Some(rec) = rec.as_deref_mut() {
                if t == cal.out_weeks.start && o.enrolled {
                    rec.edu_start_first = st.edu_start;
                }
                if t + 1 == cal.out_weeks.end && o.enrolled {
                    rec.until_last = st.until;
                }
            }
        }
        let grad = if p.no_dream { 0 } else { grad_of(ctx.seed, pi, mi, emp_sum, n) };
        if let Some(rec) = rec.as_deref_mut()
            && cal.out_months.contains(&mi)
        {
            for o in &outs[..n] {
                rec.codes.push(o.code);
                rec.enrolled.push(o.enrolled);
            }
            rec.grads.push(grad);
        }
        let mi64 = mi as i64;
        if mi64 < p.m16 || mi64 >= p.m67 {
            continue;
        }
        let c = &mut counts[mi - m0];
        for (k, t) in m.weeks.clone().enumerate() {
            if !p.resident(t as i64) {
                continue;
            }
            let o = outs[k];
            let code = if p.no_dream { 0 } else { o.code };
            let s = if code != 0 { ctx.status_of.get(code as usize).copied().unwrap_or(UNKNOWN) } else { UNKNOWN };
            let status = if s == GONE {
                continue;
            } else if s != UNKNOWN {
                s as usize
            } else if code != 0 {
                // A code missing from the map counts as oevrige.
                Status::Oevrige.index()
            } else if o.enrolled {
                Status::Uddannelse.index()
            } else if grad > 0 {
                Status::Job.index()
            } else {
                Status::Oevrige.index()
            };
            c.counted += 1;
            c.by_status[status] += 1;
        }
    }
}

fn status_table(map: &CodeMap) -> Vec<u8> {
    (0..1000u16)
        .map(|c| match map.status(c) {
            Some(CodeStatus::Gone) => GONE,
            Some(CodeStatus::Counted(s)) => s.index() as u8,
            None => UNKNOWN,
        })
        .collect()
}

/// θ and φ per month from the knots (piecewise linear, constant outside).
fn month_params(cal: &Cal, knots: &[usize], theta: &[f64], phi: &[f64]) -> Vec<MonthParams> {
    (0..cal.months.len())
        .map(|mi| {
            let interp = |v: &[f64]| -> f64 {
                if knots.is_empty() {
                    return 0.0;
                }
                if mi <= knots[0] {
                    return v[0];
                }
                for j in 1..knots.len() {
                    if mi <= knots[j] {
                        let f = (mi - knots[j - 1]) as f64 / (knots[j] - knots[j - 1]) as f64;
                        return v[j - 1] + f * (v[j] - v[j - 1]);
                    }
                }
                v[v.len() - 1]
            };
            let th = interp(theta) as f32;
            let ph = interp(phi) as f32;
            MonthParams { e_theta: th.exp(), e_mtheta: (-th).exp(), phi: ph, e_phi: ph.exp(), e_mphi: (-ph).exp() }
        })
        .collect()
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8)
}

/// Runs all persons through `months` from `states`, in parallel; returns the summed counts.
fn run_segment(persons: &[Person], states: &mut [St], months: Range<usize>, ctx: &Ctx) -> Vec<MonthCounts> {
    let n_months = months.len();
    let n = persons.len();
    if n == 0 {
        return vec![MonthCounts::default(); n_months];
    }
    let chunk = n.div_ceil(threads());
    let results: Vec<Vec<MonthCounts>> = std::thread::scope(|s| {
        let handles: Vec<_> = persons
            .chunks(chunk)
            .zip(states.chunks_mut(chunk))
            .enumerate()
            .map(|(ci, (ps, sts))| {
                let months = months.clone();
                s.spawn(move || {
                    let mut counts = vec![MonthCounts::default(); n_months];
                    for (k, (p, st)) in ps.iter().zip(sts.iter_mut()).enumerate() {
                        run_person(p, (ci * chunk + k) as u32, st, months.clone(), ctx, &mut counts, None);
                    }
                    counts
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut total = vec![MonthCounts::default(); n_months];
    for r in results {
        for (a, b) in total.iter_mut().zip(&r) {
            a.add(b);
        }
    }
    total
}

struct Calibrated {
    knots: Vec<usize>,
    theta: Vec<f64>,
    phi: Vec<f64>,
}

/// Fits θ and φ knot by knot (see the module documentation).
fn calibrate(persons: &[Person], cal: &Cal, seed: u64, status_of: &[u8]) -> Calibrated {
    let knots: Vec<usize> =
        (cal.out_months.start..cal.months.len()).filter(|&mi| cal.months[mi].month.month == 8).collect();
    let k = knots.len();
    let mut theta = vec![0.0; k];
    let mut phi = vec![0.0; k];
    if k == 0 || persons.is_empty() {
        return Calibrated { knots, theta, phi };
    }
    let mp0 = month_params(cal, &knots, &theta, &phi);
    let ctx0 = Ctx { cal, seed, status_of, mp: &mp0 };
    let mut states: Vec<St> = persons.iter().enumerate().map(|(i, p)| init_state(p, i as u32, &ctx0)).collect();
    // Jacobian of (uddannelse_job, ledig_jobparat) in pp with respect to (θ, φ).
    let j_default: [[f64; 2]; 2] = [[4.0, 0.3], [-1.0, 1.2]];
    let mut jac = j_default;
    let mut seg_start = 0usize;
    for j in 0..k {
        let knot = knots[j];
        let year = cal.months[knot].month.year;
        let target = [uj_target(year), lj_target(year)];
        let snapshot = states.clone();
        let eval = |x: [f64; 2], theta: &mut Vec<f64>, phi: &mut Vec<f64>| -> ([f64; 2], Vec<St>) {
            for v in theta.iter_mut().skip(j) {
                *v = x[0];
            }
            for v in phi.iter_mut().skip(j) {
                *v = x[1];
            }
            let mp = month_params(cal, &knots, theta, phi);
            let ctx = Ctx { cal, seed, status_of, mp: &mp };
            let mut st = snapshot.clone();
            let counts = run_segment(persons, &mut st, seg_start..knot + 1, &ctx);
            let c = &counts[knot - seg_start];
            let f = [c.share(Kpi::UddannelseJob) - target[0], c.status_share(Status::LedigJobparat) - target[1]];
            (f, st)
        };
        let mut x = if j == 0 { [0.0, 0.0] } else { [theta[j - 1], phi[j - 1]] };
        let (mut f, mut st) = eval(x, &mut theta, &mut phi);
        if f[0].is_nan() || f[1].is_nan() {
            states = st;
            seg_start = knot + 1;
            continue;
        }
        let mut best = (x, f, st.clone());
        let score = |f: &[f64; 2]| f[0].abs() + 0.5 * f[1].abs();
        for _ in 0..10 {
            if f[0].abs() < 0.01 && f[1].abs() < 0.02 {
                break;
            }
            let det = jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0];
            if det.abs() < 1e-3 || jac[0][0] < 0.3 || jac[1][1] < 0.1 {
                jac = j_default;
            }
            let det = jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0];
            let mut dx = [-(jac[1][1] * f[0] - jac[0][1] * f[1]) / det, -(-jac[1][0] * f[0] + jac[0][0] * f[1]) / det];
            dx[0] = dx[0].clamp(-0.6, 0.6);
            dx[1] = dx[1].clamp(-1.5, 1.5);
            let x_new = [(x[0] + dx[0]).clamp(-3.0, 3.0), (x[1] + dx[1]).clamp(-5.0, 5.0)];
            let dx = [x_new[0] - x[0], x_new[1] - x[1]];
            if dx[0].abs() + dx[1].abs() < 1e-9 {
                break;
            }
            let (f_new, st_new) = eval(x_new, &mut theta, &mut phi);
            // Broyden update.
            let df = [f_new[0] - f[0], f_new[1] - f[1]];
            let dd = dx[0] * dx[0] + dx[1] * dx[1];
            for (row, dfi) in jac.iter_mut().zip(df) {
                let pred = row[0] * dx[0] + row[1] * dx[1];
                row[0] += (dfi - pred) * dx[0] / dd;
                row[1] += (dfi - pred) * dx[1] / dd;
            }
            x = x_new;
            f = f_new;
            st = st_new;
            if score(&f) < score(&best.1) {
                best = (x, f, st.clone());
            }
        }
        for v in theta.iter_mut().skip(j) {
            *v = best.0[0];
        }
        for v in phi.iter_mut().skip(j) {
            *v = best.0[1];
        }
        states = best.2;
        seg_start = knot + 1;
    }
    Calibrated { knots, theta, phi }
}

// ---------------------------------------------------------------------------------------------
// Output.

fn format_grad(g: u8) -> String {
    if g >= 100 {
        "1".to_string()
    } else {
        let s = format!("0.{g:02}");
        s.trim_end_matches('0').to_string()
    }
}

struct ChunkOut {
    befolkning: String,
    dream: String,
    uddannelse: String,
    counts: Vec<MonthCounts>,
}

fn write_person(p: &Person, pi: u32, rec: &Rec, cal: &Cal, seed: u64, out: &mut ChunkOut) {
    let koen = if p.male { "M" } else { "K" };
    let herkomst = match p.herkomst {
        Herkomst::Dansk => "dansk",
        Herkomst::Indvandrer => "indvandrer",
        Herkomst::Efterkommer => "efterkommer",
    };
    let oprindelse = match p.oprindelse {
        Oprindelse::Dansk => "dansk",
        Oprindelse::Vestlig => "vestlig",
        Oprindelse::IkkeVestlig => "ikke_vestlig",
    };
    for s in &p.spells {
        let til = s.til.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(
            out.befolkning,
            "{},{},{koen},{herkomst},{oprindelse},{KOMMUNE},{},{},{til}",
            p.pnr, p.birth, AREAS[s.area as usize].name, s.fra
        );
    }
    if !p.no_dream {
        out.dream.push_str(&p.pnr);
        for &c in &rec.codes {
            out.dream.push(',');
            if c != 0 {
                let _ = write!(out.dream, "{c}");
            }
        }
        for &g in &rec.grads {
            out.dream.push(',');
            if g > 0 {
                out.dream.push_str(&format_grad(g));
            }
        }
        out.dream.push('\n');
    }
    // Enrolment spells: runs of enrolled output weeks.
    let mut r = Rng::new(hash3(seed, 0xED0, pi as u64));
    let w0 = cal.out_weeks.start as i64;
    let n = rec.enrolled.len();
    let mut k = 0;
    while k < n {
        if !rec.enrolled[k] {
            k += 1;
            continue;
        }
        let start = k;
        while k < n && rec.enrolled[k] {
            k += 1;
        }
        let end = k - 1;
        let s_week = if start == 0 { (rec.edu_start_first as i64).min(w0) } else { w0 + start as i64 };
        let e_week = if end == n - 1 { (rec.until_last as i64).max(w0 + end as i64) } else { w0 + end as i64 };
        let fra = cal.thursday(s_week) - Duration::days(r.int(0, 3));
        let til = cal.thursday(e_week) + Duration::days(r.int(0, 3));
        let fra = fra.max(p.birth);
        let _ = writeln!(out.uddannelse, "{},{fra},{til}", p.pnr);
    }
}

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
    let ctx = Ctx { cal: &cal, seed: opts.seed, status_of: &status_of, mp: &mp };

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
                        let mut out = ChunkOut {
                            befolkning: String::new(),
                            dream: String::new(),
                            uddannelse: String::new(),
                            counts: vec![MonthCounts::default(); n_months],
                        };
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

    let mut befolkning = String::from("pnr,foedselsdato,koen,herkomst,oprindelse,kommune,omraade,fra,til\n");
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
    let mut uddannelse = String::from("pnr,fra,til\n");
    let mut counts = vec![MonthCounts::default(); n_months];
    for (_, o) in &outs {
        befolkning.push_str(&o.befolkning);
        dream.push_str(&o.dream);
        uddannelse.push_str(&o.uddannelse);
        for (a, b) in counts.iter_mut().zip(&o.counts) {
            a.add(b);
        }
    }

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
    SimExtract {
        files: vec![
            ("befolkning.csv".to_string(), befolkning.into_bytes()),
            ("dream.csv".to_string(), dream.into_bytes()),
            ("uddannelse.csv".to_string(), uddannelse.into_bytes()),
        ],
        summary: SimSummary { persons: n, calibration },
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Writes the files into `out_dir` (created if missing). Refuses if any of them already
/// exists; each file is written to a temporary file in `out_dir` and moved into place without
/// overwriting, so no partial file remains.
pub fn write(extract: &SimExtract, out_dir: &Path) -> Result<()> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create the output directory {}", out_dir.display()))?;
    for (name, _) in &extract.files {
        let path = out_dir.join(name);
        if path.symlink_metadata().is_ok() {
            bail!(
                "{} already exists: simulate never overwrites files; choose an empty directory or remove the file",
                path.display()
            );
        }
    }
    let mut written: Vec<std::path::PathBuf> = Vec::new();
    let result = (|| -> Result<()> {
        for (name, bytes) in &extract.files {
            let path = out_dir.join(name);
            let prefix = format!(".{name}.");
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix).suffix(".tmp");
            // Ordinary file permissions (subject to the umask), not the temporary file's 0600.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
            let mut tmp = builder
                .tempfile_in(out_dir)
                .with_context(|| format!("cannot create a temporary file in {}", out_dir.display()))?;
            std::io::Write::write_all(&mut tmp, bytes).with_context(|| format!("cannot write {}", path.display()))?;
            tmp.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
            tmp.persist_noclobber(&path).map_err(|e| {
                if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    anyhow::anyhow!("{} already exists: simulate never overwrites files", path.display())
                } else {
                    anyhow::Error::new(e.error).context(format!("cannot write {}", path.display()))
                }
            })?;
            written.push(path);
        }
        Ok(())
    })();
    if result.is_err() {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn opts(persons: usize, seed: u64) -> SimOptions {
        SimOptions { persons, from: Month { year: 2013, month: 1 }, to: Month { year: 2016, month: 12 }, seed }
    }

    fn file<'a>(x: &'a SimExtract, name: &str) -> &'a str {
        let bytes = &x.files.iter().find(|(n, _)| n == name).expect("file").1;
        std::str::from_utf8(bytes).expect("utf-8")
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    /// Counts per month and group, computed from the files alone with the method of
    /// `domain.md` (independent of the simulator's own bookkeeping).
    #[derive(Default, Debug, Clone, Copy)]
    struct Tally {
        counted: u64,
        by_status: [u64; 10],
    }

    impl Tally {
        fn pct(&self, statuses: &[Status]) -> f64 {
            100.0 * statuses.iter().map(|s| self.by_status[s.index()]).sum::<u64>() as f64 / self.counted as f64
        }
    }

    type Spells = Vec<(NaiveDate, Option<NaiveDate>, String)>;

    fn measure(x: &SimExtract) -> BTreeMap<(Month, String), Tally> {
        let map = CodeMap::embedded();
        let mut people: BTreeMap<String, (NaiveDate, String, Spells)> = BTreeMap::new();
        for line in file(x, "befolkning.csv").lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 9);
            let e = people.entry(f[0].to_string()).or_insert_with(|| (date(f[1]), f[4].to_string(), Vec::new()));
            e.2.push((date(f[7]), if f[8].is_empty() { None } else { Some(date(f[8])) }, f[6].to_string()));
        }
        let mut edu: BTreeMap<String, Vec<(NaiveDate, NaiveDate)>> = BTreeMap::new();
        for line in file(x, "uddannelse.csv").lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            edu.entry(f[0].to_string()).or_default().push((date(f[1]), date(f[2])));
        }
        let dream = file(x, "dream.csv");
        let mut lines = dream.lines();
        let header: Vec<&str> = lines.next().expect("header").split(',').collect();
        let mut weeks: Vec<(usize, IsoWeek)> = Vec::new();
        let mut grads: BTreeMap<Month, usize> = BTreeMap::new();
        for (i, h) in header.iter().enumerate() {
            if let Some(Ok(w)) = IsoWeek::from_dream_column(h) {
                weeks.push((i, w));
            } else if let Some(rest) = h.strip_prefix("grad_") {
                grads.insert(Month::parse(&rest.replace('_', "-")).expect("month"), i);
            }
        }
        let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in lines {
            let f: Vec<String> = line.split(',').map(str::to_string).collect();
            assert_eq!(f.len(), header.len());
            rows.insert(f[0].clone(), f);
        }
        let mut out: BTreeMap<(Month, String), Tally> = BTreeMap::new();
        for (pnr, (born, oprindelse, spells)) in &people {
            let row = rows.get(pnr);
            for &(col, w) in &weeks {
                let thu = w.thursday();
                let m = w.month();
                let Some(spell) = spells.iter().find(|s| s.0 <= thu && s.1.is_none_or(|t| thu <= t)) else { continue };
                let age = age_on(*born, m.last_day());
                if !(16..=66).contains(&age) {
                    continue;
                }
                let code: u16 = row.map_or(0, |r| r[col].parse().unwrap_or(0));
                let status = if code != 0 {
                    match map.status(code) {
                        Some(CodeStatus::Gone) => continue,
                        Some(CodeStatus::Counted(s)) => s,
                        None => Status::Oevrige,
                    }
                } else if edu.get(pnr).is_some_and(|v| v.iter().any(|(f, t)| *f <= thu && thu <= *t)) {
                    Status::Uddannelse
                } else if row.is_some_and(|r| r[grads[&m]].parse::<f64>().unwrap_or(0.0) > 0.0) {
                    Status::Job
                } else {
                    Status::Oevrige
                };
                let band = match age {
                    16..=19 => "16-19",
                    20..=24 => "20-24",
                    25..=29 => "25-29",
                    30..=39 => "30-39",
                    40..=49 => "40-49",
                    50..=59 => "50-59",
                    _ => "60-66",
                };
                for g in [
                    "all".to_string(),
                    format!("area:{}", spell.2),
                    format!("origin:{oprindelse}"),
                    format!("age:{band}"),
                ] {
                    let t = out.entry((m, g)).or_default();
                    t.counted += 1;
                    t.by_status[status.index()] += 1;
                }
            }
        }
        out
    }

    fn report(x: &SimExtract, t: &BTreeMap<(Month, String), Tally>) {
        let uj = Kpi::UddannelseJob.statuses();
        let ad = Kpi::Arbejdsduelige.statuses();
        println!("summary: {:?}", x.summary);
        for ((m, g), v) in t {
            if g == "all" {
                println!(
                    "{m} uj {:.2} ad {:.2} n {:>8} | {}",
                    v.pct(uj),
                    v.pct(ad),
                    v.counted,
                    Status::ALL.iter().map(|s| format!("{} {:.1}", s.id(), v.pct(&[*s]))).collect::<Vec<_>>().join(" ")
                );
            }
        }
        for ((m, g), v) in t {
            if m.month == 8 && m.year == 2015 {
                println!("{m} {g:<22} uj {:.1} ad {:.1} n {}", v.pct(uj), v.pct(ad), v.counted / 4);
            }
        }
    }

    #[test]
    fn same_seed_same_bytes_and_different_seed_differs() {
        let a = simulate(&opts(600, 7));
        let b = simulate(&opts(600, 7));
        let c = simulate(&opts(600, 8));
        assert_eq!(a.files, b.files);
        assert_ne!(a.files[1].1, c.files[1].1);
        assert_eq!(a.summary, b.summary);
    }

    #[test]
    fn headers_and_rows_have_the_input_format() {
        let x = simulate(&SimOptions {
            persons: 400,
            from: Month { year: 2015, month: 11 },
            to: Month { year: 2016, month: 2 },
            seed: 1,
        });
        let names: Vec<&str> = x.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["befolkning.csv", "dream.csv", "uddannelse.csv"]);
        let bef = file(&x, "befolkning.csv");
        assert!(bef.starts_with("pnr,foedselsdato,koen,herkomst,oprindelse,kommune,omraade,fra,til\n"));
        let dream = file(&x, "dream.csv");
        let header = dream.lines().next().unwrap();
        // November 2015 has weeks 45–48, December 49–53, January 2016 1–4, February 5–8.
        let expected: Vec<String> = std::iter::once("pnr".to_string())
            .chain((45..=53).map(|w| format!("y_15{w:02}")))
            .chain((1..=8).map(|w| format!("y_16{w:02}")))
            .chain(["grad_2015_11", "grad_2015_12", "grad_2016_01", "grad_2016_02"].map(String::from))
            .collect();
        assert_eq!(header, expected.join(","));
        assert!(file(&x, "uddannelse.csv").starts_with("pnr,fra,til\n"));
        for line in bef.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 9, "{line}");
            assert!(["M", "K"].contains(&f[2]));
            assert!(["dansk", "indvandrer", "efterkommer"].contains(&f[3]));
            assert_eq!(f[3] == "dansk", f[4] == "dansk");
            assert_eq!(f[5], "461");
            assert!(AREAS.iter().any(|a| a.name == f[6]));
            let fra = date(f[7]);
            assert!(fra >= date(f[1]));
            if !f[8].is_empty() {
                assert!(date(f[8]) >= fra);
            }
        }
        for line in dream.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), expected.len());
            for v in &f[1..18] {
                assert!(v.is_empty() || (v.len() == 3 && v.parse::<u16>().is_ok()), "{v}");
            }
            for v in &f[18..] {
                assert!(v.is_empty() || v.parse::<f64>().is_ok_and(|g| g > 0.0 && g <= 1.0), "{v}");
            }
        }
    }

    #[test]
    fn no_pnr_looks_like_a_cpr_number() {
        let x = simulate(&opts(3000, 3));
        let mut seen = std::collections::BTreeSet::new();
        let mut last = String::new();
        for line in file(&x, "befolkning.csv").lines().skip(1) {
            let pnr = line.split(',').next().unwrap();
            assert!(!crate::extract::fields::looks_like_cpr(pnr));
            assert!(!(pnr.len() == 10 && pnr.bytes().all(|b| b.is_ascii_digit())));
            assert!(pnr.starts_with('P') && pnr.len() == 9);
            if pnr != last {
                assert!(seen.insert(pnr.to_string()), "persons are listed together");
                last = pnr.to_string();
            }
        }
        assert_eq!(seen.len(), 3000);
        assert_eq!(x.summary.persons, 3000);
    }

    #[test]
    fn spells_do_not_overlap_and_follow_each_other() {
        let x = simulate(&opts(3000, 5));
        let mut by: BTreeMap<&str, Vec<(NaiveDate, Option<NaiveDate>)>> = BTreeMap::new();
        for line in file(&x, "befolkning.csv").lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            by.entry(f[0]).or_default().push((date(f[7]), (!f[8].is_empty()).then(|| date(f[8]))));
        }
        let mut multi = 0;
        for v in by.values() {
            multi += (v.len() > 1) as usize;
            for w in v.windows(2) {
                assert!(w[0].1.is_some_and(|t| t < w[1].0), "{v:?}");
            }
        }
        assert!(multi > 50, "some persons move: {multi}");
        let mut edu: BTreeMap<&str, Vec<(NaiveDate, NaiveDate)>> = BTreeMap::new();
        for line in file(&x, "uddannelse.csv").lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            edu.entry(f[0]).or_default().push((date(f[1]), date(f[2])));
        }
        for v in edu.values() {
            for s in v {
                assert!(s.0 <= s.1);
            }
            for w in v.windows(2) {
                assert!(w[0].1 < w[1].0, "{v:?}");
            }
        }
    }

    #[test]
    fn every_code_written_is_in_the_embedded_map_with_its_status() {
        let map = CodeMap::embedded();
        for (code, status) in CODES_USED {
            let got = map.get(code).map(|e| e.status);
            let want = match status {
                Some(s) => CodeStatus::Counted(s),
                None => CodeStatus::Gone,
            };
            assert_eq!(got, Some(want), "code {code}");
        }
        let x = simulate(&opts(2000, 11));
        let used: std::collections::BTreeSet<u16> = CODES_USED.iter().map(|c| c.0).collect();
        let mut seen = std::collections::BTreeSet::new();
        for line in file(&x, "dream.csv").lines().skip(1) {
            for v in line.split(',').skip(1).take(209) {
                if !v.is_empty() {
                    seen.insert(v.parse::<u16>().unwrap());
                }
            }
        }
        assert!(seen.is_subset(&used), "{:?}", seen.difference(&used).collect::<Vec<_>>());
        for c in [111, 651, 730, 783, 890, 881, 997, 998, 999] {
            assert!(seen.contains(&c), "code {c} appears");
        }
    }

    #[test]
    fn small_extract_has_plausible_shares_and_its_own_figures_match_the_files() {
        let x = simulate(&opts(2000, 42));
        let t = measure(&x);
        let uj = Kpi::UddannelseJob.statuses();
        let ad = Kpi::Arbejdsduelige.statuses();
        for ((m, g), v) in &t {
            if g != "all" {
                continue;
            }
            assert!(v.counted > 4 * 900, "{m}: {} person-weeks", v.counted);
            assert!((62.0..82.0).contains(&v.pct(uj)), "{m}: {}", v.pct(uj));
            assert!(v.pct(ad) > v.pct(uj));
            assert!((0.5..9.0).contains(&v.pct(&[Status::LedigJobparat])), "{m}");
        }
        // The summary is measured by the same rules as the files give.
        for (kpi, m, _target, got) in &x.summary.calibration {
            let k = Kpi::from_id(kpi).unwrap();
            let v = t[&(*m, "all".to_string())].pct(k.statuses());
            assert!((v - got).abs() < 0.006, "{kpi} {m}: files {v}, summary {got}");
        }
    }

    #[test]
    fn write_refuses_to_overwrite_and_leaves_no_partial_files() {
        let x = simulate(&SimOptions {
            persons: 50,
            from: Month { year: 2016, month: 1 },
            to: Month { year: 2016, month: 3 },
            seed: 2,
        });
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new").join("extract");
        write(&x, &out).unwrap();
        for (name, bytes) in &x.files {
            assert_eq!(&std::fs::read(out.join(name)).unwrap(), bytes);
        }
        let before: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(before.len(), 3);
        let err = write(&x, &out).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("dream.csv"), b"mine").unwrap();
        assert!(write(&x, &other).is_err());
        assert_eq!(std::fs::read(other.join("dream.csv")).unwrap(), b"mine");
        let left: Vec<_> = std::fs::read_dir(&other).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn tiny_and_short_extracts_work() {
        for (persons, from, to) in [
            (0, (2014, 1), (2014, 12)),
            (1, (2014, 1), (2014, 2)),
            (300, (2016, 3), (2016, 5)),
            (300, (2016, 9), (2016, 9)),
        ] {
            let o = SimOptions {
                persons,
                from: Month::new(from.0, from.1).unwrap(),
                to: Month::new(to.0, to.1).unwrap(),
                seed: 4,
            };
            let x = simulate(&o);
            assert_eq!(x.summary.persons, persons);
            let rows = file(&x, "befolkning.csv").lines().count() - 1;
            assert!(rows >= persons);
            let months = (o.to.index() - o.from.index() + 1) as usize;
            let header = file(&x, "dream.csv").lines().next().unwrap().to_string();
            assert_eq!(header.matches("grad_").count(), months);
            let augusts = (o.from.index()..=o.to.index()).filter(|&i| Month::from_index(i).month == 8).count();
            assert_eq!(x.summary.calibration.len(), 2 * augusts);
        }
    }

    /// The calibration at Odense's size (run with `--ignored --nocapture`).
    #[test]
    #[ignore]
    fn calibration_at_odense_size() {
        let start = std::time::Instant::now();
        let x = simulate(&opts(135_000, 2016));
        println!("generated in {:.1} s", start.elapsed().as_secs_f64());
        for (name, bytes) in &x.files {
            println!("{name}: {} bytes", bytes.len());
        }
        let t = measure(&x);
        report(&x, &t);
        let uj = Kpi::UddannelseJob.statuses();
        let ad = Kpi::Arbejdsduelige.statuses();
        for (year, want) in [(2013, 70.9), (2014, 72.1), (2015, 72.8), (2016, 73.2)] {
            let got = t[&(Month { year, month: 8 }, "all".to_string())].pct(uj);
            assert!((got - want).abs() <= 0.1, "uddannelse_job {year}: {got}");
        }
        let got = t[&(Month { year: 2015, month: 8 }, "all".to_string())].pct(ad);
        assert!((got - 76.1).abs() <= 0.1, "arbejdsduelige 2015: {got}");
    }

    /// A quick look at a mid-sized extract, for tuning (run with `--ignored --nocapture`).
    #[test]
    #[ignore]
    fn look_at_a_mid_sized_extract() {
        let start = std::time::Instant::now();
        let o = opts(30_000, 9);
        let x = simulate(&o);
        println!("generated in {:.1} s", start.elapsed().as_secs_f64());
        let cal = Cal::new(o.from, o.to);
        let persons = make_persons(&o, &cal);
        let c = calibrate(&persons, &cal, o.seed, &status_table(&CodeMap::embedded()));
        println!("theta {:?}\nphi {:?}", c.theta, c.phi);
        let t = measure(&x);
        report(&x, &t);
    }
}
