//! The stamp `effektmaal convert` writes beside the Parquet files of a converted extract,
//! `effektmaal-convert.json`: the SHA-256 of each file written, the version that wrote and
//! checked them, and what the check found (figures and warnings). A later read whose files
//! all still match the stamp (same names, same checksums, same version) skips the cell checks
//! that `convert` already made; any difference (a file changed, added or removed, another
//! version) and every cell is checked again, with a warning saying why.
//!
//! Written by `convert` (see `cmd::convert`), read by `read::general` before any file of the
//! extract: while it holds, `read::converted` takes the packed columns (see `packed`).

use super::model::Fills;
use super::packed::Packed;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const STAMP: &str = "effektmaal-convert.json";

/// What `convert` vouches for.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    /// Always "effektmaal".
    pub tool: String,
    /// The version that wrote and checked the files.
    pub version: String,
    /// The layout the extract was converted from, and its checksum (as `check` shows it).
    pub from_layout: String,
    pub from_checksum: String,
    /// File name → SHA-256 (hex) of the files written.
    pub files: BTreeMap<String, String>,
    /// File name → BLAKE3 (hex) of the same files: a read checks the files against these
    /// (faster than SHA-256, and as strong: 1,7 × on this machine's SHA instructions) and
    /// then takes their SHA-256 from `files`. Absent in extracts converted before (their
    /// files are checked by SHA-256).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub blake3: BTreeMap<String, String>,
    /// What the check found: persons, residence spells, DREAM rows.
    pub persons: usize,
    pub residence_spells: usize,
    pub dream_rows: usize,
    /// The benefit codes seen in DREAM with their person-weeks, for `check`.
    pub code_counts: BTreeMap<u16, u64>,
    /// The warnings of the check (columns ignored, unknown country codes): shown again on
    /// every read, since the converted files no longer hold what they were about.
    pub notes: Vec<String>,
    /// How dream.parquet holds its rows packed; absent in extracts converted before there
    /// were packed columns (their week and month columns are read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packed: Option<Packed>,
    /// Whether every file holds its rows in the persons' order, each person's together (see
    /// `cmd::convert`), so a read numbers the persons of befolkning.parquet without looking
    /// them up and links the other files' rows to them by comparing ids with the next
    /// person's. Absent (false) in extracts converted before.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub in_persons_order: bool,
    /// How full each of DREAM's columns is (see `rows::Fills`), so a read that does not
    /// unpack the rows still knows which months hold data. Absent in extracts converted
    /// before (their months are judged by their columns alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fills: Option<Fills>,
}

impl Stamp {
    /// The stamp of a directory: `None` without one, an error when it cannot be read.
    pub fn read(dir: &Path) -> Option<Result<Stamp, String>> {
        let text = match std::fs::read_to_string(dir.join(STAMP)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => return Some(Err(format!("the stamp cannot be read ({e})"))),
        };
        Some(serde_json::from_str(&text).map_err(|e| format!("the stamp is not one effektmaal convert writes ({e})")))
    }

    /// Whether `files` (name and SHA-256 of every input file read) are exactly the stamped
    /// files, written by this version; else why not.
    pub fn verify(&self, files: &[(&str, &str)]) -> Result<(), String> {
        if self.tool != "effektmaal" || self.version != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "the files were converted by {} {}, not by this version ({})",
                self.tool,
                self.version,
                env!("CARGO_PKG_VERSION")
            ));
        }
        let mut changed = Vec::new();
        for (name, sha) in files {
            match self.files.get(*name) {
                Some(s) if s == sha => {}
                Some(_) => changed.push(format!("{name} changed")),
                None => changed.push(format!("{name} was added")),
            }
        }
        for name in self.files.keys() {
            if !files.iter().any(|(n, _)| n == name) {
                changed.push(format!("{name} is gone"));
            }
        }
        if changed.is_empty() {
            Ok(())
        } else {
            Err(format!("the files no longer match the checksums written by convert ({})", changed.join(", ")))
        }
    }

    /// The stamp in words, for `check`.
    pub fn describe(&self) -> String {
        format!(
            "converted by effektmaal {} from the {} layout (checksum {}); every file matches its checksum, so the cells were not checked again",
            self.version,
            self.from_layout,
            self.from_checksum.get(..16).unwrap_or(&self.from_checksum)
        )
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}
