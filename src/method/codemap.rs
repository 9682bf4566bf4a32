//! The code map: DREAM benefit code → text, benefit group and status (`domain.md`, "Measuring",
//! step 1). An embedded default (`ydelseskoder.csv`, documented code by code in
//! `docs/ydelseskoder.md`) is used unless the extract holds the user's own
//! `ydelseskoder.csv`. Whether wage-subsidy jobs or fleksjob count as `job` is decided here,
//! by the map, never in code. Reading a map from its CSV file is `extract::codes`'s.

use super::status::Status;
use std::collections::BTreeMap;

/// What a code means for the populations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeStatus {
    /// Counted with this status.
    Counted(Status),
    /// The person is gone (emigrated, dead, out of the register: 997–999) and counts in no
    /// population that week.
    Gone,
}

#[derive(Debug, Clone)]
pub struct CodeEntry {
    pub tekst: String,
    pub gruppe: String,
    pub status: CodeStatus,
}

/// Code → entry, over the codes 1–999.
#[derive(Debug, Clone)]
pub struct CodeMap {
    entries: Vec<Option<CodeEntry>>,
    /// Where the map came from, for the report's appendix.
    pub source: String,
}

pub const DEFAULT_MAP: &str = include_str!("ydelseskoder.csv");
pub const GONE_STATUS: &str = "udgaaet";
/// Emigrated (997), folkepension (998) and dead (999): by the method, such a person-week
/// counts in no population, whatever a code map lists.
pub const GONE_CODES: std::ops::RangeInclusive<u16> = 997..=999;

impl CodeMap {
    /// A map of `entries` (indexed by code, 1000 of them), read from `source` (in words, for the
    /// report's appendix). Reading one: `extract::codes`.
    pub fn new(entries: Vec<Option<CodeEntry>>, source: String) -> CodeMap {
        CodeMap { entries, source }
    }

    pub fn get(&self, code: u16) -> Option<&CodeEntry> {
        self.entries.get(code as usize).and_then(Option::as_ref)
    }

    /// What `code` means for the populations: the map's status, and for 997–999 "gone" by the
    /// method itself when the map does not list them (most user maps don't: they are no
    /// benefits). `None` for a code nobody knows.
    pub fn status(&self, code: u16) -> Option<CodeStatus> {
        match self.get(code) {
            Some(e) => Some(e.status),
            None if GONE_CODES.contains(&code) => Some(CodeStatus::Gone),
            None => None,
        }
    }

    /// The codes 997–999 that this map explicitly counts in a population, against the method:
    /// a municipality's own, documented choice, which the report's appendix states.
    pub fn method_overrides(&self) -> Vec<(u16, Status)> {
        GONE_CODES
            .filter_map(|c| match self.get(c).map(|e| e.status) {
                Some(CodeStatus::Counted(s)) => Some((c, s)),
                _ => None,
            })
            .collect()
    }

    /// All codes with their entries, in code order.
    pub fn iter(&self) -> impl Iterator<Item = (u16, &CodeEntry)> {
        self.entries.iter().enumerate().filter_map(|(c, e)| e.as_ref().map(|e| (c as u16, e)))
    }

    /// Codes per status, for the report's appendix.
    pub fn codes_by_status(&self) -> BTreeMap<String, Vec<u16>> {
        let mut out: BTreeMap<String, Vec<u16>> = BTreeMap::new();
        for (code, e) in self.iter() {
            let key = match e.status {
                CodeStatus::Counted(s) => s.id().to_string(),
                CodeStatus::Gone => GONE_STATUS.to_string(),
            };
            out.entry(key).or_default().push(code);
        }
        out
    }
}
