//! The weekly activity chain: a Markov chain with durations that moves a person between
//! school, education, job, unemployment benefits, sickness, clarification, fleksjob, pensions
//! and leave, and emits what DREAM and the education register show for each week.

use super::*;

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
pub(super) fn init_state(p: &Person, pi: u32, ctx: &Ctx) -> St {
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

pub(super) fn age_loss(age: f32) -> f32 {
    match age {
        a if a < 25.0 => 2.5,
        a if a < 30.0 => 1.5,
        a if a < 55.0 => 1.0,
        _ => 1.15,
    }
}

pub(super) fn age_find(age: f32) -> f32 {
    match age {
        a if a < 25.0 => 1.2,
        a if a < 50.0 => 1.0,
        a if a < 55.0 => 0.8,
        a if a < 60.0 => 0.6,
        _ => 0.4,
    }
}

pub(super) fn edu_find(edu_done: u8) -> f32 {
    match edu_done {
        0 => 0.7,
        1 => 1.0,
        _ => 1.25,
    }
}

/// One week of one person: moves the state and returns what DREAM and the education register
/// show for the week.
pub(super) fn step(p: &Person, pi: u32, st: &mut St, t: usize, ctx: &Ctx) -> WeekOut {
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

pub(super) fn transition(p: &Person, st: &mut St, t: i32, age: f32, mp: &MonthParams, ctx: &Ctx, r: &mut WeekRng) {
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
