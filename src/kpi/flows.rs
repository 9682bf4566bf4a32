//! Flows between status groups from a quarter's first month to its last (`domain.md`, "What a
//! quarterly report shows", item 4): persons counted in both months, by their main status (most
//! weeks; of several places that month, the place with most weeks) in each, as counted by
//! [`super::counts`]. Flows are counts of persons, so each flow is a cell of its own for
//! disclosure control, and so is every sum of flows the report's text states.

use super::reason::Reason;
use crate::method::calendar::Quarter;

pub use super::dims::{GROUPS, SUMS, group};

/// The flow table of a quarter, with what disclosure control hides.
#[derive(Debug, Clone, PartialEq)]
pub struct Flows {
    pub quarter: Quarter,
    /// Persons by group in the first month (row) and the last (column).
    pub matrix: [[u32; GROUPS]; GROUPS],
    pub hidden: [[Option<Reason>; GROUPS]; GROUPS],
    /// The values of [`SUMS`].
    pub sums: [u32; 3],
    pub sums_hidden: [Option<Reason>; 3],
}

impl Flows {
    /// A flow as it may be published.
    pub fn published(&self, from: usize, to: usize) -> Option<u32> {
        self.hidden[from][to].is_none().then_some(self.matrix[from][to])
    }

    pub fn published_sum(&self, i: usize) -> Option<u32> {
        self.sums_hidden[i].is_none().then_some(self.sums[i])
    }
}

/// The flow table of quarter `q` from persons counted by group in its first month (row) and
/// its last (column) (suppression not yet applied).
pub fn flows(q: Quarter, matrix: [[u32; GROUPS]; GROUPS]) -> Flows {
    let sums = SUMS
        .map(|(from, to)| from.iter().flat_map(|&i| to.iter().map(move |&j| (i, j))).map(|(i, j)| matrix[i][j]).sum());
    Flows { quarter: q, matrix, hidden: [[None; GROUPS]; GROUPS], sums, sums_hidden: [None; 3] }
}
