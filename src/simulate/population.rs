//! The persons: fixed traits (birth, sex, herkomst and oprindelse, local area, the latent
//! labour-market propensity `z`, a-kasse membership) and residence timelines (moves in, out,
//! between areas, emigration and death).

use super::calendar::Cal;
use super::kommuner::{Kommune, Kommuner, national_spells};
use super::options::{KOMMUNE, SimOptions};
use super::rng::{Rng, hash3, logistic};
use crate::extract::Spell;
use crate::method::calendar::Month;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Herkomst {
    Dansk,
    Indvandrer,
    Efterkommer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Oprindelse {
    Dansk,
    Vestlig,
    IkkeVestlig,
}

pub(super) struct Area {
    pub(super) name: &'static str,
    /// Base weights for persons of Danish, western and non-western origin.
    pub(super) w: [f64; 3],
    /// How strongly the area attracts high-propensity persons.
    pub(super) sort: f64,
    /// Effect of the area on the propensity.
    pub(super) effect: f64,
    /// Extra weight for 19–29-year-olds (students).
    pub(super) young: f64,
}

pub(super) const AREAS: [Area; 8] = [
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
pub(super) enum Arrival {
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

pub(super) struct Person {
    /// The person's number in the extract: the key of its random streams.
    pub(super) index: u32,
    pub(super) pnr: String,
    pub(super) birth: NaiveDate,
    pub(super) birth_day: i32,
    pub(super) male: bool,
    pub(super) herkomst: Herkomst,
    pub(super) oprindelse: Oprindelse,
    pub(super) z: f64,
    /// Hazard multipliers from the propensity.
    pub(super) find: f32,
    pub(super) loss: f32,
    pub(super) sick: f32,
    pub(super) drop: f32,
    /// Employment degree in a job, in hundredths.
    pub(super) hours: u8,
    pub(super) akasse: bool,
    pub(super) efterloen_member: bool,
    /// Age (years) from which efterløn can be drawn.
    pub(super) efterloen_age: f32,
    /// The last week of compulsory school (9th or 10th grade).
    pub(super) school_end: i32,
    pub(super) school_start: i32,
    /// Residence spells in the method's own type, so that the measuring step can use
    /// `method::classify::current_spell`; `line` is the spell's place in the person's list and
    /// `omraade` indexes [`AREAS`] (or is [`NO_AREA`]).
    pub(super) spells: Vec<Spell>,
    /// Week from which DREAM holds 997/999, and the code.
    pub(super) gone: Option<(i64, u16)>,
    pub(super) arrival: Option<(i64, Arrival)>,
    /// Integration benefits instead of kontanthjælp until this week.
    pub(super) integ_until: i64,
    /// The person has no DREAM row.
    pub(super) no_dream: bool,
    /// Initial level of education: 0 none beyond school, 1 youth education, 2 higher.
    pub(super) edu0: u8,
}

pub(super) fn age_band_weights() -> [(f64, f64, f64); 11] {
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

pub(super) fn efterloen_age(birth_year: i32) -> f32 {
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
pub(super) fn death_rate(age: f64) -> f64 {
    (-10.4 + 0.094 * age).exp().min(0.5)
}

/// The Odense persons of `simulate` without `--national`: ids drawn at random without repeats.
pub(super) fn make_persons(opts: &SimOptions, cal: &Cal) -> Vec<Person> {
    let mut ids: HashSet<u32> = HashSet::with_capacity(opts.persons);
    let mut id_rng = Rng::new(hash3(opts.seed, 0x1D, 0));
    let mut persons = Vec::with_capacity(opts.persons);
    for i in 0..opts.persons {
        let mut id;
        loop {
            id = id_rng.next_u64() as u32;
            if ids.insert(id) {
                break;
            }
        }
        persons.push(make_person(i, id, opts.seed, opts.from, cal, None));
    }
    persons
}

/// Person `i` with pseudonym number `id`. With `national`, the person gets a home municipality
/// drawn by population, that municipality's level, and spells in other municipalities while
/// not living at home (see [`super::national`]); without it, everything is Odense.
pub(super) fn make_person(i: usize, id: u32, seed: u64, from: Month, cal: &Cal, national: Option<&Kommuner>) -> Person {
    let start = from.first_day();
    let bands = age_band_weights();
    let band_w: Vec<f64> = bands.iter().map(|b| b.2).collect();
    let weeks = (cal.out_weeks.start as i64, cal.out_weeks.end as i64);
    let pnr = format!("P{id:08X}");
    // Draws for the national extract come from their own stream, so that the Odense model
    // itself draws exactly as without `--national`.
    let mut nr = Rng::new(hash3(seed, 0xDA7, i as u64));
    let home = national.map(|k| k.pick(&mut nr, None));
    let kommune_home = home.map_or(KOMMUNE, |k| k.kode);
    let mut r = Rng::new(hash3(seed, 0xA77, i as u64));
    let band = bands[r.pick(&band_w)];
    let age0 = band.0 + r.u() * (band.1 - band.0);
    let birth = start - Duration::days((age0 * 365.2425) as i64 + 1);
    let birth_year = birth.year();
    let male = r.chance(if age0 >= 67.0 { 0.44 } else { 0.5 });
    let (herkomst, oprindelse) = origin(&mut r, age0);
    let (z, aw, area) = standing(&mut r, (age0, male, herkomst, oprindelse), home, kommune_home == KOMMUNE);

    let work = work_and_school(&mut r, cal, (age0, z, male), birth_year);

    let arrival = arrival(&mut r, cal, weeks, age0, herkomst, oprindelse);
    let from_abroad = matches!(arrival, Some((_, Arrival::Refugee | Arrival::Worker | Arrival::ForeignStudent)));
    let integ_until = match arrival {
        Some((w, Arrival::Refugee)) => w + 156,
        _ if oprindelse == Oprindelse::IkkeVestlig && herkomst == Herkomst::Indvandrer && r.chance(0.12) => {
            weeks.0 + r.int(0, 156)
        }
        _ => i64::MIN,
    };
    let lived = residence(&mut r, cal, weeks, (age0, birth, start, herkomst), arrival, (area, &aw));
    let spells = match national {
        None => odense_spells(&lived),
        Some(k) => {
            let domestic_arrival = matches!(arrival, Some((_, Arrival::Domestic | Arrival::Student)));
            national_spells(k, kommune_home, &lived.spells, domestic_arrival, lived.gone_day, birth, &aw, &mut nr)
        }
    };
    let no_dream = !from_abroad && r.chance(0.004);

    let zf = z as f32;
    Person {
        index: i as u32,
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
        hours: work.hours,
        akasse: work.akasse,
        efterloen_member: work.efterloen_member,
        efterloen_age: efterloen_age(birth_year),
        school_end: work.school_end,
        school_start: work.school_start,
        spells,
        gone: lived.gone,
        arrival,
        integ_until,
        no_dream,
        edu0: work.edu0,
    }
}

/// A person's ties to work and school: unemployment insurance (and the efterløn scheme),
/// hours worked, education at the start (0 none, 1 vocational, 2 higher), school years.
struct WorkAndSchool {
    akasse: bool,
    efterloen_member: bool,
    hours: u8,
    edu0: u8,
    school_end: i32,
    school_start: i32,
}

fn work_and_school(r: &mut Rng, cal: &Cal, (age0, z, male): (f64, f64, bool), birth_year: i32) -> WorkAndSchool {
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
    WorkAndSchool { akasse, efterloen_member, hours, edu0, school_end, school_start }
}

/// The residence spells in Odense, each in its local area.
fn odense_spells(lived: &Residence) -> Vec<Spell> {
    let spell = |(line, &(area, fra, til)): (usize, &(u8, NaiveDate, Option<NaiveDate>))| Spell {
        line,
        person: 0,
        kommune: KOMMUNE,
        omraade: area as u16,
        fra,
        til,
    };
    lived.spells.iter().enumerate().map(spell).collect()
}

/// Herkomst and oprindelse, by age at the start.
fn origin(r: &mut Rng, age0: f64) -> (Herkomst, Oprindelse) {
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
    (herkomst, oprindelse)
}

/// The person's standing on the labour market (`z`, higher: more often in a job), the
/// weights of the local areas to live in, and the area lived in at the start. An area of
/// Odense moves the standing of those living there (`in_odense`).
fn standing(
    r: &mut Rng,
    (age0, male, herkomst, oprindelse): (f64, bool, Herkomst, Oprindelse),
    home: Option<&Kommune>,
    in_odense: bool,
) -> (f64, Vec<f64>, u8) {
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
    if let Some(k) = home {
        z += k.shift;
    }
    let oi = match oprindelse {
        Oprindelse::Dansk => 0,
        Oprindelse::Vestlig => 1,
        Oprindelse::IkkeVestlig => 2,
    };
    let young = (19.0..30.0).contains(&age0);
    let aw: Vec<f64> = AREAS.iter().map(|a| a.w[oi] * (a.sort * z).exp() * if young { a.young } else { 1.0 }).collect();
    let area = r.pick(&aw) as u8;
    if in_odense {
        z += AREAS[area as usize].effect;
    }
    (z, aw, area)
}

/// Whether and when the person moves to Odense within the weeks written (`out0..out1`), and
/// as what: students around the start of the academic year, refugees more in the later years.
fn arrival(
    r: &mut Rng,
    cal: &Cal,
    (out0, out1): (i64, i64),
    age0: f64,
    herkomst: Herkomst,
    oprindelse: Oprindelse,
) -> Option<(i64, Arrival)> {
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
    if !(span > 2 && r.chance((rate * years).min(0.6))) {
        return None;
    }
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
    Some((week, kind))
}

/// Where a person lived: residence spells in Odense (area, fra, til) and how the person left
/// the registers, if so (week and code 997/999, and the day).
struct Residence {
    spells: Vec<(u8, NaiveDate, Option<NaiveDate>)>,
    gone: Option<(i64, u16)>,
    gone_day: Option<NaiveDate>,
}

/// The residence timeline over the weeks written: from the arrival (or a first spell before
/// the start), weekly hazards of death, emigration, moving out, moving within and coming
/// back, at most four spells.
fn residence(
    r: &mut Rng,
    cal: &Cal,
    (out0, out1): (i64, i64),
    (age0, birth, start, herkomst): (f64, NaiveDate, NaiveDate, Herkomst),
    arrival: Option<(i64, Arrival)>,
    (area, aw): (u8, &[f64]),
) -> Residence {
    let mut spells = Vec::new();
    let mut gone = None;
    let mut gone_day = None;
    let mut area_now = area;
    let (first_week, first_fra) = first_spell(r, cal, (age0, birth, start, herkomst), arrival);
    let mut cur_start = first_week;
    let mut cur_fra = first_fra;
    let mut resident = true;
    let mut t = first_week.max(out0);
    loop {
        let a = age0 + (t - out0) as f64 / 52.18;
        let (h_death, h_emig, h_out, h_move, h_back) = hazards(a, herkomst, resident);
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
                spells.push((area_now, cur_fra, Some(date.max(cur_fra))));
                resident = false;
            }
            gone = Some((t, code));
            gone_day = Some(date);
            break;
        }
        let x = x - h_death - h_emig;
        if resident {
            let til = cal.thursday(t - 1) + Duration::days(r.int(0, 3));
            if t - 1 < cur_start || til < cur_fra {
                continue;
            }
            spells.push((area_now, cur_fra, Some(til)));
            if x < h_out {
                resident = false;
            } else {
                let mut other = r.pick(aw) as u8;
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
                area_now = r.pick(aw) as u8;
            }
        }
        if spells.len() >= 4 {
            break;
        }
    }
    if resident {
        spells.push((area_now, cur_fra, None));
    }
    Residence { spells, gone, gone_day }
}

/// The start of the first spell (week and day): the arrival, or for someone living in Odense
/// at the start, birth or a day in the years before.
fn first_spell(
    r: &mut Rng,
    cal: &Cal,
    (age0, birth, start, herkomst): (f64, NaiveDate, NaiveDate, Herkomst),
    arrival: Option<(i64, Arrival)>,
) -> (i64, NaiveDate) {
    match arrival {
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
    }
}

/// Weekly hazards at age `a`: death, emigration, and (resident) moving out of Odense and
/// moving within it, or (not resident) coming back.
fn hazards(a: f64, herkomst: Herkomst, resident: bool) -> (f64, f64, f64, f64, f64) {
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
    (h_death, h_emig, h_out, h_move, h_back)
}
