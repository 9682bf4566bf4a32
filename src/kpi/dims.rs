//! The vocabulary every engine of `kpi` shares: the breakdowns ([`Dimension`]) with the age
//! bands, the measures ([`Measure`]), and the status groups flows are counted between
//! ([`group`], [`SUMS`]). Counting, figures, suppression and flows take these from here, not
//! from each other.

use crate::method::status::{Kpi, Status};
use serde::Serialize;

/// A breakdown of the population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Total,
    Age,
    Sex,
    Herkomst,
    Omraade,
    Status,
    Kommune,
    /// Every municipality in the extract together (the country, when the extract is national):
    /// the report's comparison. Not a breakdown a user asks for, so not in [`Dimension::ALL`].
    Land,
    /// The own municipality's cluster of comparable municipalities (a user's cluster table):
    /// the report's comparison.
    Klynge,
}

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Total,
        Dimension::Age,
        Dimension::Sex,
        Dimension::Herkomst,
        Dimension::Omraade,
        Dimension::Status,
        Dimension::Kommune,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Dimension::Total => "total",
            Dimension::Age => "age",
            Dimension::Sex => "sex",
            Dimension::Herkomst => "herkomst",
            Dimension::Omraade => "omraade",
            Dimension::Status => "status",
            Dimension::Kommune => "kommune",
            Dimension::Land => "land",
            Dimension::Klynge => "klynge",
        }
    }

    pub fn from_id(id: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Total => "I alt",
            Dimension::Age => "Alder",
            Dimension::Sex => "Køn",
            Dimension::Herkomst => "Herkomst",
            Dimension::Omraade => "Lokalområde",
            Dimension::Status => "Status",
            Dimension::Kommune => "Kommune",
            Dimension::Land => "Alle kommuner",
            Dimension::Klynge => "Klynge",
        }
    }
}

/// Age bands of the report (`domain.md`, "What a quarterly report shows").
pub const AGE_BANDS: [(u8, u8, &str); 7] = [
    (16, 19, "16–19 år"),
    (20, 24, "20–24 år"),
    (25, 29, "25–29 år"),
    (30, 39, "30–39 år"),
    (40, 49, "40–49 år"),
    (50, 59, "50–59 år"),
    (60, 66, "60–66 år"),
];

pub fn age_band(age: u8) -> u16 {
    AGE_BANDS.iter().position(|&(lo, hi, _)| (lo..=hi).contains(&age)).unwrap_or(AGE_BANDS.len() - 1) as u16
}

/// The KPI of a figure: one of the two targets, or full-time persons by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Kpi(Kpi),
    Fuldtidspersoner,
}

impl Measure {
    pub fn id(self) -> &'static str {
        match self {
            Measure::Kpi(k) => k.id(),
            Measure::Fuldtidspersoner => "fuldtidspersoner",
        }
    }
}

/// Status groups: fewer than the ten statuses, so the table stays readable. The report names
/// them: job, uddannelse, ledig jobparat, ledig aktivitetsparat, sygdom/afklaring/fleksjob,
/// pension/førtidspension, barsel/orlov/øvrige.
pub const GROUPS: usize = 7;

pub fn group(s: Status) -> usize {
    match s {
        Status::Job => 0,
        Status::Uddannelse => 1,
        Status::LedigJobparat => 2,
        Status::LedigAktivitetsparat => 3,
        Status::SygAfklaring | Status::Fleksjob => 4,
        Status::Permanent | Status::Pension => 5,
        Status::OrlovBarsel | Status::Oevrige => 6,
    }
}

/// The sums of flows the report's text states, as (from groups, to groups): from ledighed to
/// job, from job to ledighed, and to job from anything but job and education.
pub const SUMS: [(&[usize], &[usize]); 3] = [(&[2, 3], &[0]), (&[0], &[2, 3]), (&[2, 3, 4, 5, 6], &[0])];
