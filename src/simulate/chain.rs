//! The weekly activity chain: a Markov chain with durations that moves a person between
//! school, education, job, unemployment benefits, sickness, clarification, fleksjob, pensions
//! and leave, and emits what DREAM and the education register show for each week.

use super::calendar::{Cal, WeekInfo};
use super::population::{Arrival, Person};
use super::rng::{WeekRng, hash3, logistic};
use crate::method::calendar::IsoWeek;
use crate::method::codemap::CodeStatus;
use chrono::Datelike;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) const L_DAGPENGE: u8 = 0;
pub(super) const L_KH_JOB: u8 = 1;
pub(super) const L_UDH_JOB: u8 = 2;
pub(super) const L_KH_AKT: u8 = 3;
pub(super) const L_UDH_AKT: u8 = 4;
pub(super) const L_INTEGR: u8 = 5;
/// Job-finding factor per label.
pub(super) const LABEL_FIND: [f32; 6] = [1.3, 0.75, 0.75, 0.07, 0.1, 0.08];

// Education kinds.
pub(super) const E_GYM: u8 = 0;
pub(super) const E_EUD: u8 = 1;
pub(super) const E_HIGHER: u8 = 2;
pub(super) const E_NONE: u8 = 255;

pub(super) const NONE_WEEK: i32 = i32::MIN;

/// Hiring and lay-off seasonality by calendar month.
pub(super) const SEASON_IN: [f32; 12] = [0.8, 0.95, 1.1, 1.15, 1.15, 1.05, 0.8, 1.15, 1.15, 1.05, 0.95, 0.7];
pub(super) const SEASON_OUT: [f32; 12] = [1.35, 1.05, 0.9, 0.85, 0.85, 0.95, 1.05, 0.95, 0.9, 0.95, 1.1, 1.4];

/// A person's dynamic state.
#[derive(Debug, Clone, Copy)]
pub(super) struct St {
    pub(super) kind: Kind,
    pub(super) sub: u8,
    pub(super) since: u16,
    /// Last week of a planned spell (education, leave, temporary job).
    pub(super) until: i32,
    /// First week of the current education spell.
    pub(super) edu_start: i32,
    /// Planned start of an education and its kind.
    pub(super) next_edu: i32,
    pub(super) plan: u8,
    /// Where leave and sickness return to.
    pub(super) ret: Kind,
    pub(super) ret_sub: u8,
    pub(super) edu_done: u8,
    pub(super) edu_kind: u8,
    /// Employment degree in the current job, hundredths.
    pub(super) hours: u8,
    /// Employment degree beside education (student job, apprenticeship), hundredths.
    pub(super) side: u8,
    /// Receives SU (code 651/652).
    pub(super) su: u8,
    pub(super) akasse: bool,
}

impl St {
    pub(super) fn set(&mut self, kind: Kind, sub: u8) {
        self.kind = kind;
        self.sub = sub;
        self.since = 0;
        self.until = NONE_WEEK;
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WeekOut {
    pub(super) code: u16,
    pub(super) enrolled: bool,
    /// Employment this week, hundredths of full time.
    pub(super) emp: u8,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct MonthParams {
    pub(super) e_theta: f32,
    pub(super) e_mtheta: f32,
    pub(super) phi: f32,
    pub(super) e_phi: f32,
    pub(super) e_mphi: f32,
}

pub(super) struct Ctx<'a> {
    pub(super) cal: &'a Cal,
    pub(super) seed: u64,
    /// Per code: its meaning in the code map.
    pub(super) status_of: &'a [Option<CodeStatus>],
    /// The municipality whose residents are measured.
    pub(super) kommune: u16,
    pub(super) mp: &'a [MonthParams],
}

pub(super) fn fertility(age: f32, male: bool) -> f32 {
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

pub(super) fn start_job(p: &Person, st: &mut St, temp_until: i32, r: &mut WeekRng) {
    st.set(Kind::Job, 0);
    st.until = temp_until;
    st.hours = if temp_until != NONE_WEEK { 40 + (r.u() * 45.0) as u8 } else { p.hours };
}

/// Starts an unemployment spell with its benefit, or a spell outside the labour force.
pub(super) fn start_unemp(p: &Person, st: &mut St, t: i32, age: f32, mp: &MonthParams, r: &mut WeekRng) {
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

pub(super) fn start_edu(p: &Person, st: &mut St, t: i32, kind: u8, ctx: &Ctx, r: &mut WeekRng) {
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
/// A person's state in the first week written: placed by age (abroad, retired, at school),
/// in an education, or on the labour market.
pub(super) fn init_state(p: &Person, pi: u32, ctx: &Ctx) -> St {
    let mut st = fresh_state(p);
    let mut r = WeekRng(hash3(ctx.seed ^ 0x1417, pi as u64, u64::MAX));
    let age = (ctx.cal.weeks[0].day - p.birth_day) as f32 / 365.25;
    if !placed_by_age(p, &mut st, age, &mut r) && !in_education(p, &mut st, age, ctx, &mut r) {
        if st.edu_done == 0 && age >= 21.0 {
            st.edu_done = p.edu0;
        }
        labour_market(p, &mut st, age, &mut r);
    }
    st
}

/// The state before anything has happened: outside the labour force, with the person's own
/// education, hours and unemployment insurance.
fn fresh_state(p: &Person) -> St {
    St {
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
    }
}

/// Someone abroad (arriving later), retired, still a child at school, or 65–66: placed by age
/// alone (true), else left to the next steps (false).
fn placed_by_age(p: &Person, st: &mut St, age: f32, r: &mut WeekRng) -> bool {
    if let Some((_, Arrival::Refugee | Arrival::Worker | Arrival::ForeignStudent)) = p.arrival {
        st.set(Kind::Abroad, 0);
        return true;
    }
    if age >= 67.0 {
        st.set(Kind::Pensioner, 0);
        return true;
    }
    if p.school_end >= 0 {
        st.set(Kind::Child, 0);
        st.until = p.school_end;
        st.edu_start = p.school_start;
        st.edu_done = 0;
        return true;
    }
    if age >= 65.0 {
        if r.u() < 0.25 {
            start_job(p, st, NONE_WEEK, r);
        } else {
            st.set(Kind::Pensioner, 0);
        }
        return true;
    }
    false
}

/// In a youth or higher education at the start (true), by the years since school and age.
fn in_education(p: &Person, st: &mut St, age: f32, ctx: &Ctx, r: &mut WeekRng) -> bool {
    let cal = ctx.cal;
    let since_school = -p.school_end as f32 / 52.18;
    let end_year = cal.thursday(p.school_end as i64).year();
    if since_school < 4.2 {
        st.edu_done = 0;
        if (r.u() as f64) < 0.8 * logistic(1.5 + 0.8 * p.z) / logistic(1.5) {
            let delay = if since_school > 1.0 && r.u() < 0.3 { 1 } else { 0 };
            let start = cal.week_index(end_year + delay, 33);
            if start <= 0 {
                start_edu(p, st, start, E_GYM, ctx, r);
                if st.until > 0 {
                    return true;
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
        start_edu(p, st, start, E_HIGHER, ctx, r);
        if st.until <= 0 {
            st.until = cal.week_index(cal.weeks[0].year + 1 + (r.u() * 3.0) as i32, 26);
        }
        st.edu_done = st.edu_done.max(1);
        return true;
    }
    false
}

/// On the labour market at the start: permanently out, efterløn, fleksjob, afklaring, sick,
/// in a job (perhaps on leave) or unemployed.
fn labour_market(p: &Person, st: &mut St, age: f32, r: &mut WeekRng) {
    // Independent of the calibrated parameters, so that every run starts alike.
    let mp = &MonthParams { e_theta: 1.0, e_mtheta: 1.0, phi: 0.0, e_phi: 1.0, e_mphi: 1.0 };
    let z = p.z;
    let x = r.u() as f64;
    let p_perm = (0.004 * (age as f64 - 22.0)).clamp(0.0, 0.17) * (-0.9 * z).exp() / 1.5;
    if x < p_perm {
        st.set(Kind::Perm, 0);
        return;
    }
    if age >= p.efterloen_age && p.efterloen_member && r.u() < 0.5 {
        st.set(Kind::Efterl, 0);
        return;
    }
    let x = r.u() as f64;
    let p_flex = if age >= 25.0 { 0.025 * (-0.7 * z).exp() / 1.3 } else { 0.0 };
    let p_afkl = 0.018 * (-0.7 * z).exp() / 1.3;
    let p_syg = 0.02;
    if x < p_flex {
        st.set(Kind::Flex, 0);
        st.hours = 30 + (r.u() * 30.0) as u8;
        return;
    } else if x < p_flex + p_afkl {
        st.set(Kind::Afklar, if r.u() < 0.5 { 1 } else { 0 });
        return;
    } else if x < p_flex + p_afkl + p_syg {
        st.set(Kind::Syg, 0);
        st.ret = Kind::Job;
        return;
    }
    let p_job = logistic(1.6 + 1.3 * z - if age > 57.0 { 0.6 } else { 0.0 } - if age < 22.0 { 0.4 } else { 0.0 });
    if (r.u() as f64) < p_job {
        start_job(p, st, NONE_WEEK, r);
        if (r.u() as f64) < fertility(age, p.male) as f64 * if p.male { 0.1 } else { 0.75 } {
            st.ret = Kind::Job;
            st.set(Kind::Barsel, 0);
            st.until = (r.u() * 30.0) as i32 + 1;
        }
    } else {
        if r.u() < 0.4 {
            st.set(Kind::Outside, 0);
        } else {
            start_unemp(p, st, 0, age, mp, r);
            st.since = (r.u() * 60.0) as u16;
        }
    }
}

pub(super) fn arrive(p: &Person, st: &mut St, t: i32, age: f32, mp: &MonthParams, ctx: &Ctx, r: &mut WeekRng) {
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

pub(super) fn emit(p: &Person, st: &St, t: i32, age: f32, w: &WeekInfo) -> WeekOut {
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
        Kind::Unemp => (unemp_code(st.sub, phase, alt, w), false, 0),
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

/// The benefit code of an unemployed person's week, by the label (`sub`): some weeks
/// (`phase`) in activation, some persons (`alt`) on the other code of a pair, and
/// kontanthjælp's codes of before and after September 2015.
fn unemp_code(sub: u8, phase: bool, alt: bool, w: &WeekInfo) -> u16 {
    match sub {
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
    }
}
