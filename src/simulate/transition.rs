//! A person's week: how the state moves on by the week's draws, one function per state
//! (school, education, job, unemployment, outside the labour force, sickness, afklaring,
//! fleksjob, leave).

use super::calendar::WeekInfo;
use super::chain::{
    Ctx, E_EUD, E_GYM, E_HIGHER, E_NONE, Kind, L_DAGPENGE, L_INTEGR, L_KH_AKT, L_KH_JOB, L_UDH_AKT, L_UDH_JOB,
    LABEL_FIND, MonthParams, NONE_WEEK, SEASON_IN, SEASON_OUT, St, WeekOut, arrive, emit, fertility, start_edu,
    start_job, start_unemp,
};
use super::population::Person;
use super::rng::{WeekRng, logistic};
use chrono::Datelike;

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

/// One week of a person's life: the state `st` moves on by the week's draws, by what the
/// person is doing now (`st.kind`).
pub(super) fn transition(p: &Person, st: &mut St, t: i32, age: f32, mp: &MonthParams, ctx: &Ctx, r: &mut WeekRng) {
    let w = &ctx.cal.weeks[t as usize];
    let moy = w.moy as usize - 1;
    let efterl_ok = p.efterloen_member && age >= p.efterloen_age;
    let now = Now { p, t, age, mp, ctx, w, moy, efterl_ok };
    match st.kind {
        Kind::Child => child(&now, st, r),
        Kind::EduYouth => edu_youth(&now, st, r),
        Kind::EduHigher => edu_higher(&now, st, r),
        Kind::Job => job(&now, st, r),
        Kind::Unemp => unemp(&now, st, r),
        Kind::Outside => outside(&now, st, r),
        Kind::Syg => syg(&now, st, r),
        Kind::Afklar => afklar(&now, st, r),
        Kind::Flex => flex(&now, st, r),
        Kind::Barsel => barsel(&now, st, r),
        Kind::Perm | Kind::Efterl | Kind::Pensioner | Kind::Dead | Kind::Emigrated | Kind::Abroad => {}
    }
}

/// What a week's transition reads besides the state: the person, the week and its month.
#[derive(Clone, Copy)]
struct Now<'a> {
    p: &'a Person,
    t: i32,
    age: f32,
    mp: &'a MonthParams,
    ctx: &'a Ctx<'a>,
    w: &'a WeekInfo,
    /// Month of the year, 0-based.
    moy: usize,
    /// A member of the efterløn scheme old enough to take it.
    efterl_ok: bool,
}

/// A child: school ends, perhaps for a gymnasium.
fn child(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, ctx, w, .. } = *now;
    if t > st.until {
        st.edu_done = 0;
        if (r.u() as f64) < logistic(2.0 + 0.9 * p.z) {
            st.next_edu = ctx.cal.week_index(w.thu.year(), 33);
            st.plan = E_GYM;
        }
        st.set(Kind::Outside, 0);
    }
}

/// In a youth education (gymnasium or vocational): finishing into work, further study or
/// unemployment, or dropping out.
fn edu_youth(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, age, mp, ctx, w, .. } = *now;
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

/// In a higher education: graduating into work or unemployment, or dropping out.
fn edu_higher(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, age, mp, ctx, w, .. } = *now;
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

/// In a job: it ends (temporary), is lost, or gives way to sickness, leave, early retirement,
/// pension or study.
fn job(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, age, mp, ctx, w, moy, efterl_ok } = *now;
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

/// Unemployed on a benefit (`st.sub` its label): finding a job, running out of dagpenge, moving
/// between the labels, or leaving for sickness, leave, study or pension.
fn unemp(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, age, mp, ctx, w, moy, efterl_ok } = *now;
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

/// Outside the labour force: a summer or a real job, unemployment, study, early retirement.
fn outside(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, age, mp, ctx, w, moy, efterl_ok } = *now;
    let young = age < 25.0;
    if young && (23..=31).contains(&w.woy) && age >= 15.5 && r.u() < 0.07 * p.find * mp.e_theta {
        let until = if st.next_edu != NONE_WEEK { st.next_edu - 1 } else { ctx.cal.sept_start(w.thu.year()) };
        let next = st.next_edu;
        start_job(p, st, until, r);
        st.next_edu = next;
    } else if age >= 16.0 && r.u() < 0.016 * p.find * SEASON_IN[moy] * mp.e_theta * if age >= 55.0 { 0.4 } else { 1.0 }
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

/// On sickness benefit: back to what came before, or on to afklaring.
fn syg(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, age, mp, .. } = *now;
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

/// In afklaring (ressourceforløb and the like): pension, fleksjob, a job or back to unemployment.
fn afklar(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, age, .. } = *now;
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

/// In a fleksjob: between working and waiting for one (`st.sub`).
fn flex(_now: &Now, st: &mut St, r: &mut WeekRng) {
    if st.sub == 0 && r.u() < 0.003 {
        st.sub = 1;
    } else if st.sub == 1 && r.u() < 0.03 {
        st.sub = 0;
    }
}

/// On leave: back to what came before when it ends.
fn barsel(now: &Now, st: &mut St, r: &mut WeekRng) {
    let Now { p, t, .. } = *now;
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
