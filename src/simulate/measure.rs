//! Measuring the generated data by the method of `domain.md`: per-month counts of counted
//! person-weeks by status.

use super::*;

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

pub(super) fn status_table(map: &CodeMap) -> Vec<u8> {
    (0..1000u16)
        .map(|c| match map.status(c) {
            Some(CodeStatus::Gone) => GONE,
            Some(CodeStatus::Counted(s)) => s.index() as u8,
            None => UNKNOWN,
        })
        .collect()
}
