//! The layouts an extract may follow, as data: which files hold which input, which column
//! holds which field, and what the codes for sex and herkomst mean. Two layouts ship:
//!
//! - **effektmaal**: `befolkning` (one row per residence spell, with the person's data),
//!   `dream`, `uddannelse`, `beskaeftigelse`, `ydelseskoder`;
//! - **DST**: `bef` (PNR, FOED_DAG, KOEN, IE_TYPE, OPR_LAND), `bopael` (PNR, KOM, BOP_VFRA,
//!   BOP_VTIL, optionally OMRAADE), `dream` (PNR, y_YYWW, grad_YYYY_MM), optionally `kotre`
//!   or `uddannelse` (PNR, ELEV3_VFRA, ELEV3_VTIL).
//!
//! A manifest, `effektmaal.toml` in the extract directory, starts from one of them and renames
//! files, columns and codes ([`Manifest`]). Which layout a directory follows is detected from
//! its file names, with the headers used for hints ([`detect`]). Nothing outside this module
//! knows a column name of a layout.

//!
//! `spec` holds the layouts, `manifest` the user's changes to one, `detect` the choice, `dream`
//! DREAM's week and month columns.

mod detect;
mod dream;
mod manifest;
mod spec;

pub use detect::{Detected, detect, header_hint};
pub use dream::dream_columns;
pub use manifest::Manifest;
pub use spec::{
    BEFOLKNING, BESKAEFTIGELSE, DREAM, Field, FileSpec, Input, Layout, LayoutKind, MANIFEST, UDDANNELSE, YDELSESKODER,
    effektmaal_columns,
};

#[cfg(test)]
mod tests;
