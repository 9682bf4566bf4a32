//! Measuring the generated data by the method of `domain.md`: per-month counts of counted
//! person-weeks by status.

use super::calendar::{Cal, MonthInfo};
use super::chain::{Ctx, WeekOut};
use super::options::{lj_target, uj_target};
use super::population::Person;
use crate::method::calendar::{Month, age_on};
use crate::method::classify::{MAX_AGE, MIN_AGE, current_spell, first_match};
use crate::method::codemap::{CodeMap, CodeStatus};
use crate::method::status::{Kpi, Status};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct MonthCounts {
    pub(super) counted: u64,
    pub(super) by_status: [u64; 10],
}

impl MonthCounts {
    pub(super) fn add(&mut self, other: &MonthCounts) {
        self.counted += other.counted;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a += b;
        }
    }

    pub(super) fn share(&self, kpi: Kpi) -> f64 {
        if self.counted == 0 {
            return f64::NAN;
        }
        let num: u64 = kpi.statuses().iter().map(|s| self.by_status[s.index()]).sum();
        100.0 * num as f64 / self.counted as f64
    }

    pub(super) fn status_share(&self, s: Status) -> f64 {
        if self.counted == 0 {
            return f64::NAN;
        }
        100.0 * self.by_status[s.index()] as f64 / self.counted as f64
    }
}

/// Each code's meaning in the code map (`method::codemap`), looked up once.
pub(super) fn status_table(map: &CodeMap) -> Vec<Option<CodeStatus>> {
    (0..1000u16).map(|c| map.status(c)).collect()
}

/// Adds one person-month to `c` by the method's own rules: the residence that counts is
/// `method::classify::current_spell` on each week's Thursday (weeks whose Thursday falls in the
/// month, `method::calendar`), only residence in `ctx.kommune` counts, the person must be
/// `MIN_AGE..=MAX_AGE` on the month's last day (`method::calendar::age_on`), and each week's
/// status is `method::classify::first_match` of the code, the enrolment and the month's
/// employment degree.
pub(super) fn count_month(p: &Person, m: &MonthInfo, outs: &[WeekOut], grad: u8, ctx: &Ctx, c: &mut MonthCounts) {
    let age = age_on(p.birth, m.month.last_day());
    if !(MIN_AGE..=MAX_AGE).contains(&age) {
        return;
    }
    for (o, t) in outs.iter().zip(m.weeks.clone()) {
        let Some(spell) = current_spell(&p.spells, ctx.cal.weeks[t].thu) else {
            continue;
        };
        if spell.kommune != ctx.kommune {
            continue;
        }
        let code = if p.no_dream { 0 } else { o.code };
        let code_status = ctx.status_of.get(code as usize).copied().flatten();
        let Some(status) = first_match(code, || code_status, || o.enrolled, || grad > 0, &mut None) else {
            continue;
        };
        c.counted += 1;
        c.by_status[status.index()] += 1;
    }
}

/// Target and achieved figures for every August of the output, from the measured counts.
pub(super) fn calibration_summary(cal: &Cal, counts: &[MonthCounts]) -> Vec<(String, Month, f64, f64)> {
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
