//! The readers: one per input kind and source shape, each filling the typed rows of `typed`
//! with every cell parsed and checked on its own (`cells`), problems collected, not returned
//! early.
//! - `effektmaal_csv`: an extract of the effektmaal layout in CSV (`befolkning.csv` and
//!   `dream.csv` required, `uddannelse.csv`, `beskaeftigelse.csv` and `ydelseskoder.csv`
//!   optional, names in any case), read a block at a time on every core; its short way
//!   through a plain DREAM line is a specialisation of the checked way (`DreamLine`);
//! - `general`: any other layout (DST, a manifest's names) and format (CSV, Parquet,
//!   SAS7BDAT) through [`Table`](super::source::Table), DREAM's rows in `general_dream`
//!   (Parquet column by column, the rest row by row);
//! - `texts`: the small optional files of such a layout, rewritten as effektmaal CSV text;
//! - `converted`: the general reader's short way through an extract `convert` wrote, while
//!   its stamp holds.
//!
//! [`read`] picks the reader from what the directory holds. DREAM's rows are read last, by the
//! [`DreamRows`] a reader returns, so they can be counted a batch at a time.

pub(crate) mod cells;
pub(crate) mod converted;
mod effektmaal_csv;
pub(crate) mod general;
mod general_dream;
mod texts;

pub use general_dream::READ;

use super::ahead::{DreamRows, Want};
use super::layout::{self, Input, Layout, MANIFEST};
use super::source::Format;
use super::typed::{DreamIn, Inputs, Window};
use crate::error::{Error, Problem, Problems};
use std::path::Path;

/// Reads an extract directory in any layout and format into typed rows: each cell parsed and
/// checked on its own. Problems are collected, not returned early; a directory that cannot be
/// read at all, or whose layout is unclear, is an error.
pub fn read(dir: &Path, window: Window) -> Result<(Inputs, Problems), Error> {
    let (mut inputs, rows, mut problems) = deferred(dir, window, true)?;
    if let (Some(rows), Some(d)) = (rows, inputs.dream.as_mut()) {
        let mut held = DreamIn::default();
        let seen = rows.read(d, Want::Rows, &mut problems, &mut |batch: &mut DreamIn| {
            held.pnrs.append(&mut batch.pnrs);
            held.rows.append(&mut batch.rows);
            held.codes.append(&mut batch.codes);
            held.grads.append(&mut batch.grads);
        });
        (d.pnrs, d.rows, d.codes, d.grads, d.rows_seen) = (held.pnrs, held.rows, held.codes, held.grads, seen);
        for r in inputs.read.iter_mut().filter(|r| r.input == Input::Dream) {
            r.rows = seen;
        }
    }
    Ok((inputs, problems))
}

/// [`read`] up to DREAM's rows: those are read by the reader returned (header already read).
/// DREAM's degrees may come as 1 for a month employed and 0 for not (see `degrees` of
/// `general::read`): what counting asks of them.
pub fn read_deferred(dir: &Path, window: Window) -> Result<(Inputs, Option<DreamRows>, Problems), Error> {
    deferred(dir, window, false)
}

fn deferred(dir: &Path, window: Window, degrees: bool) -> Result<(Inputs, Option<DreamRows>, Problems), Error> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(Error::input(Problem::file(
                &dir.display().to_string(),
                "this is a file: expected an extract directory",
            )));
        }
        Err(e) => {
            return Err(Error::input(Problem::file(
                &dir.display().to_string(),
                format!("the extract directory cannot be opened: {e}"),
            )));
        }
    }
    if needs_normalizing(dir) {
        let detected = layout::detect(dir).map_err(Error::Input)?;
        let (inputs, rows, problems) = general::read(dir, &detected, window, degrees);
        return Ok((inputs, rows, problems));
    }
    let mut problems = Problems::default();
    let (inputs, rows) = effektmaal_csv::read(dir, window, &mut problems);
    Ok((inputs, rows, problems))
}

/// Whether a directory must be read through the layouts: it has a manifest, a file of the DST
/// layout, or an input of the effektmaal layout in a format other than CSV. Otherwise it is the
/// effektmaal layout in CSV, read by the effektmaal CSV reader (with its messages).
fn needs_normalizing(dir: &Path) -> bool {
    let Ok(rd) = std::fs::read_dir(dir) else { return false };
    let dst = Layout::dst();
    let effektmaal = Layout::effektmaal();
    rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).any(|name| {
        if name == MANIFEST {
            return true;
        }
        let Some(format) = Format::of(&name) else { return false };
        let stem = name.rsplit_once('.').map_or("", |(s, _)| s);
        let named = |l: &Layout, input: Input| {
            l.file(input).is_some_and(|f| f.stems.iter().any(|s| s.eq_ignore_ascii_case(stem)))
        };
        named(&dst, Input::Bef)
            || named(&dst, Input::Bopael)
            || named(&dst, Input::Uddannelse) && !named(&effektmaal, Input::Uddannelse)
            || (format != Format::Csv && Input::ALL.into_iter().any(|i| named(&effektmaal, i)))
    })
}
