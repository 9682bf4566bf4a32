//! Why a value is hidden (`domain.md`, disclosure control): the reasons and the limits they
//! rest on, and which parts of a figure are hidden. The rules themselves are `suppress`'s and
//! `protect`'s; figures, flows and the report name the reasons from here.

use serde::Serialize;

/// Smallest number of persons a published count may rest on.
pub const MIN_PERSONS: u32 = 5;

/// Smallest denominator (persons) a published share may rest on.
pub const MIN_DENOMINATOR: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The value rests on 1–4 persons.
    Primary,
    /// Hidden so that another hidden value cannot be computed from what is shown.
    Secondary,
    /// Hidden so that no share on a denominator of fewer than 20 persons can be computed.
    SmallDenominator,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Primary => "1-4 personer",
            Reason::Secondary => "sekundær diskretionering",
            Reason::SmallDenominator => "nævner under 20 personer",
        }
    }
}

/// Which parts of a figure are hidden, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Suppression {
    pub numerator: Option<Reason>,
    pub denominator: Option<Reason>,
    pub share: Option<Reason>,
}

impl Suppression {
    pub fn any(&self) -> bool {
        self.numerator.is_some() || self.denominator.is_some() || self.share.is_some()
    }
}
