//! The statuses a person-week can have and the two effect targets built from them
//! (`domain.md`, "Measuring"): `uddannelse_job` = job + uddannelse, `arbejdsduelige` =
//! job + uddannelse + ledig_jobparat.

use serde::Serialize;

/// A person-week's status. Order is the order of reporting, not of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Job,
    Uddannelse,
    LedigJobparat,
    LedigAktivitetsparat,
    SygAfklaring,
    Fleksjob,
    Permanent,
    Pension,
    OrlovBarsel,
    Oevrige,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Job,
        Status::Uddannelse,
        Status::LedigJobparat,
        Status::LedigAktivitetsparat,
        Status::SygAfklaring,
        Status::Fleksjob,
        Status::Permanent,
        Status::Pension,
        Status::OrlovBarsel,
        Status::Oevrige,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Job => "job",
            Status::Uddannelse => "uddannelse",
            Status::LedigJobparat => "ledig_jobparat",
            Status::LedigAktivitetsparat => "ledig_aktivitetsparat",
            Status::SygAfklaring => "syg_afklaring",
            Status::Fleksjob => "fleksjob",
            Status::Permanent => "permanent",
            Status::Pension => "pension",
            Status::OrlovBarsel => "orlov_barsel",
            Status::Oevrige => "oevrige",
        }
    }

    /// The Danish label used in reports and tables.
    pub fn label(self) -> &'static str {
        match self {
            Status::Job => "Job",
            Status::Uddannelse => "Uddannelse",
            Status::LedigJobparat => "Ledig, jobparat",
            Status::LedigAktivitetsparat => "Ledig, aktivitetsparat",
            Status::SygAfklaring => "Sygdom og afklaring",
            Status::Fleksjob => "Fleksjob og ledighedsydelse",
            Status::Permanent => "Førtidspension",
            Status::Pension => "Efterløn og pension",
            Status::OrlovBarsel => "Barsel og orlov",
            Status::Oevrige => "Øvrige",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::Job => "Job",
            Status::Uddannelse => "Education",
            Status::LedigJobparat => "Unemployed, job-ready",
            Status::LedigAktivitetsparat => "Unemployed, activity-ready",
            Status::SygAfklaring => "Sickness and clarification",
            Status::Fleksjob => "Flex job",
            Status::Permanent => "Disability pension",
            Status::Pension => "Early retirement and pension",
            Status::OrlovBarsel => "Parental leave",
            Status::Oevrige => "Other",
        }
    }

    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The two effect targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    UddannelseJob,
    Arbejdsduelige,
}

impl Kpi {
    pub const ALL: [Kpi; 2] = [Kpi::UddannelseJob, Kpi::Arbejdsduelige];

    pub fn id(self) -> &'static str {
        match self {
            Kpi::UddannelseJob => "uddannelse_job",
            Kpi::Arbejdsduelige => "arbejdsduelige",
        }
    }

    pub fn from_id(id: &str) -> Option<Kpi> {
        Kpi::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The statuses that make up the numerator.
    pub const fn statuses(self) -> &'static [Status] {
        match self {
            Kpi::UddannelseJob => &[Status::Job, Status::Uddannelse],
            Kpi::Arbejdsduelige => &[Status::Job, Status::Uddannelse, Status::LedigJobparat],
        }
    }

    pub fn counts(self, status: Status) -> bool {
        self.statuses().contains(&status)
    }

    pub fn name_da(self) -> &'static str {
        match self {
            Kpi::UddannelseJob => "Andel 16–66-årige i uddannelse eller job",
            Kpi::Arbejdsduelige => "Andel arbejdsduelige borgere",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Kpi::UddannelseJob => "Share of 16–66-year-olds in education or job",
            Kpi::Arbejdsduelige => "Share of work-ready citizens",
        }
    }
}
