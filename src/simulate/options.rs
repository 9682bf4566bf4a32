//! What `simulate` is asked for and gives back, and the published Odense figures it is
//! calibrated to.

use crate::method::calendar::Month;
use crate::method::status::Status;

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
pub(super) const KOMMUNE: u16 = 461;

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
