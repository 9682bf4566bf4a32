//! Writing a finished report: the PDF (typst), the XLSX and the CSV of every figure it shows.
//! Files are built in memory, written to temporary files in the target directory and renamed
//! into place, so a report appears whole or not at all and a failed run leaves any earlier
//! report untouched.

use super::model::{Built, Published};
use super::typeset::{self, Document};
use anyhow::Context as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub const TEMPLATE: &str = include_str!("template.typ");

/// The files of a report, as bytes.
pub struct Files {
    pub pdf: Vec<u8>,
    /// The same report as one self-contained, accessible web page.
    pub html: Vec<u8>,
    /// Every chart as SVG and PNG, and their alt texts (see [`super::chartfiles`]).
    pub charts: Vec<(String, Vec<u8>)>,
    pub xlsx: Vec<u8>,
    pub csv: Vec<u8>,
}

/// The report's file stem: `effektmaal-2016-K3`, and `effektmaal-2016-K3-en` in English, so
/// the two languages' reports stand side by side in one directory.
pub fn stem(quarter: crate::method::calendar::Quarter, lang: super::lang::Lang) -> String {
    match lang {
        super::lang::Lang::Da => format!("effektmaal-{}", quarter.stem()),
        super::lang::Lang::En => format!("effektmaal-{}-en", quarter.stem()),
    }
}

pub use super::html::Names;

pub fn render(
    built: &Built,
    template: &str,
    date: chrono::NaiveDate,
    ident: &str,
    names: &Names,
) -> anyhow::Result<Files> {
    let data_json = serde_json::to_string(&built.model)?;
    // The charts are drawn once, here, from the model's specifications, for every output.
    let svgs = super::charts::draw_all(&built.model.charts)?;
    let pdf = typeset::render_pdf(&Document { template, data_json: &data_json, images: &svgs, date, ident })?;
    // The web page draws them for a phone's width too, with the embedded font.
    let web_svgs = super::charts::draw_all_web(&built.model.charts)?;
    let html = super::html::render(&built.model, &web_svgs, names).into_bytes();
    let charts = super::chartfiles::files(&built.model)?;
    Ok(Files { pdf, html, charts, xlsx: super::xlsx::workbook(built, date)?, csv: csv(&built.published).into_bytes() })
}

fn fmt(v: Option<f64>) -> String {
    v.map(|x| crate::numfmt::fixed(x, 2)).unwrap_or_default()
}

fn quote(s: &str) -> String {
    crate::extract::csv::quote(s, b',')
}

pub fn csv(rows: &[Published]) -> String {
    let mut o = String::from("section,kpi,period,dimension,group,numerator,denominator,share_pct,suppressed\n");
    for r in rows {
        o.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            quote(&r.section),
            r.kpi,
            quote(&r.period),
            quote(&r.dimension),
            quote(&r.group),
            fmt(r.numerator),
            fmt(r.denominator),
            fmt(r.share_pct),
            quote(&r.note)
        ));
    }
    o
}

/// The lock a run holds on a directory it writes a set of files into (named for the report,
/// its first user), so no other run writes there or removes its temporary files meanwhile.
pub const DIR_LOCK: &str = ".effektmaal-report.lock";

/// Writes files into `dir` as one set ([`write_set`]), holding the directory's lock (exit 4 at
/// once if another run holds it): for `convert` and `pseudonymize`.
pub fn write_atomically(dir: &Path, files: &[(String, &[u8])], force: bool) -> anyhow::Result<Vec<PathBuf>> {
    not_a_directory(dir)?;
    let _lock = crate::lock::Lock::acquire(&dir.join(DIR_LOCK), 0)?;
    let set: Vec<(&Path, &str, &[u8])> = files.iter().map(|(n, b)| (dir, n.as_str(), *b)).collect();
    write_set(&set, force)
}

/// Temporary files are named `.effektmaal-tmp.NAME.XXXXXX.tmp` beside the file `NAME` they
/// become: a pattern of our own, so a later run can remove what a killed run left.
const TEMP_PREFIX: &str = ".effektmaal-tmp.";
const TEMP_SUFFIX: &str = ".tmp";

/// For tests only: the name of a file whose temporary file fails to be written as on a full
/// disk, so a test can watch a run fail half-way without filling a disk.
const FAIL_WRITE_ENV: &str = "EFFEKTMAAL_TEST_DISK_FULL";

/// What becomes of one file of the set.
enum Plan {
    /// It already holds these bytes: left alone.
    Same,
    /// Missing: written.
    New,
    /// Holds other bytes (kept here, to put back if the set cannot be completed).
    Other(Vec<u8>),
}

/// Writes a set of files, each `(directory, name, bytes)`, so that the whole set appears or
/// nothing changes; the caller holds the lock of the directories, so no other run writes them.
///
/// Every file is decided before the first byte is written: a file that already holds exactly
/// these bytes is left alone (a rerun, or a cron job repeating itself, needs no `--force`); a
/// missing one is written; one with other contents is replaced only with `force`, else the
/// run is refused, naming every such file, and nothing is written (no directory is created
/// either). Then the leftovers of killed runs (our temporary files) are removed, every file is
/// written to a temporary file beside it, and only when all are written are they renamed into
/// place. If anything fails, the temporary files and any directory made for them are removed,
/// and files already renamed are put back as they were. Returns the paths written.
pub fn write_set(files: &[(&Path, &str, &[u8])], force: bool) -> anyhow::Result<Vec<PathBuf>> {
    use crate::error::Error;
    let mut plans = Vec::new();
    let mut refused: Vec<PathBuf> = Vec::new();
    for &(dir, name, bytes) in files {
        not_a_directory(dir)?;
        let path = dir.join(name);
        let plan = match std::fs::read(&path) {
            Ok(old) if old == bytes => Plan::Same,
            Ok(old) => Plan::Other(old),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Plan::New,
            Err(_) if path.is_dir() => {
                return Err(
                    Error::Usage(format!("{} is a directory: expected a report file there", path.display())).into()
                );
            }
            Err(e) => return Err(anyhow::Error::new(e).context(format!("reading {}", path.display()))),
        };
        if matches!(plan, Plan::Other(_)) && !force {
            refused.push(path.clone());
        }
        if !matches!(plan, Plan::Same) {
            plans.push((dir, name, bytes, path, plan));
        }
    }
    if !refused.is_empty() {
        let n = refused.len();
        return Err(Error::Usage(format!(
            "{} already exist{} with other contents: use --force to replace {}; nothing was written",
            refused.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            if n == 1 { "s" } else { "" },
            if n == 1 { "it" } else { "them" }
        ))
        .into());
    }
    let mut dirs: Vec<&Path> = Vec::new();
    for (dir, ..) in files {
        if !dirs.contains(dir) {
            dirs.push(dir);
        }
    }
    // The run goes ahead (if only to find every file up to date): what killed runs left goes.
    for dir in &dirs {
        remove_leftovers(dir, files.iter().filter(|f| f.0 == *dir).map(|f| f.1));
    }
    if plans.is_empty() {
        return Ok(Vec::new());
    }
    // Directories made here are removed again if the set cannot be written.
    let mut made: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for dir in &dirs {
            for d in missing_ancestors(dir) {
                std::fs::create_dir(&d).with_context(|| format!("creating the directory {}", d.display()))?;
                made.push(d);
            }
        }
        let mut temps = Vec::new();
        for (dir, name, bytes, path, _) in &plans {
            temps.push(temp_file(dir, name, bytes).with_context(|| format!("writing {}", path.display()))?);
        }
        rename_all(&plans, temps)
    })();
    if result.is_err() {
        for d in made.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
    let done = result?;
    for dir in &dirs {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(done)
}

/// A directory a report is to be written into that exists as something else is a usage error.
pub fn not_a_directory(dir: &Path) -> anyhow::Result<()> {
    match dir.ancestors().find(|a| !a.as_os_str().is_empty() && a.symlink_metadata().is_ok()) {
        Some(a) if !a.is_dir() => Err(crate::error::Error::Usage(if a == dir {
            format!("{} is not a directory: expected a directory to write the report into", dir.display())
        } else {
            format!("{} is not a directory, so {} cannot be made", a.display(), dir.display())
        })
        .into()),
        _ => Ok(()),
    }
}

/// The directories from the first missing ancestor of `dir` down to `dir`, outermost first.
fn missing_ancestors(dir: &Path) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && a.symlink_metadata().is_err())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    missing
}

/// Removes what a killed run left in `dir`: our temporary files (see [`TEMP_PREFIX`]), and
/// those of earlier versions, `.effektmaal-….tmp` and `.NAME.XXXXXX.tmp` for a `NAME` of
/// this set. Nothing else is touched.
fn remove_leftovers<'a>(dir: &Path, names: impl Iterator<Item = &'a str>) {
    let names: Vec<&str> = names.collect();
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(n) = file_name.to_str() else { continue };
        if is_leftover(n, &names) && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn is_leftover(file_name: &str, names: &[&str]) -> bool {
    let Some(stem) = file_name.strip_suffix(TEMP_SUFFIX) else { return false };
    if stem.starts_with(TEMP_PREFIX) || stem.starts_with(".effektmaal-") {
        return true;
    }
    // Earlier versions: tempfile's six random letters or digits after `.NAME.`.
    names.iter().any(|name| {
        stem.strip_prefix('.')
            .and_then(|s| s.strip_prefix(*name))
            .and_then(|s| s.strip_prefix('.'))
            .is_some_and(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_alphanumeric()))
    })
}

/// A finished temporary file beside `dir/name`, synced to disk.
fn temp_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let mut tmp =
        tempfile::Builder::new().prefix(&format!("{TEMP_PREFIX}{name}.")).suffix(TEMP_SUFFIX).tempfile_in(dir)?;
    if std::env::var_os(FAIL_WRITE_ENV).is_some_and(|v| v == name) {
        // What a full disk says (ENOSPC).
        return Err(std::io::Error::from_raw_os_error(28));
    }
    tmp.write_all(bytes)?;
    // Temporary files are private (0600); a report is for sharing, like any file made here.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Renames every temporary file into place; if one fails, puts back what was renamed before.
fn rename_all(
    plans: &[(&Path, &str, &[u8], PathBuf, Plan)],
    temps: Vec<tempfile::NamedTempFile>,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut done: Vec<usize> = Vec::new();
    for (i, tmp) in temps.into_iter().enumerate() {
        let path = &plans[i].3;
        if let Err(e) = tmp.persist(path) {
            for &j in done.iter().rev() {
                let (dir, name, _, path, plan) = &plans[j];
                let _ = match plan {
                    Plan::Other(old) => {
                        temp_file(dir, name, old).and_then(|t| t.persist(path).map(|_| ()).map_err(|e| e.error))
                    }
                    _ => std::fs::remove_file(path),
                };
            }
            return Err(anyhow::Error::new(e.error).context(format!("writing {}", path.display())));
        }
        done.push(i);
    }
    Ok(done.into_iter().map(|i| plans[i].3.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_our_temporary_files_and_nothing_else() {
        let names = ["a.png", "effektmaal-2016-K3.pdf"];
        for ours in [".effektmaal-tmp.a.png.Ab12Cd.tmp", ".effektmaal-2016-K3.pdf.x1y2z3.tmp", ".a.png.Ab12Cd.tmp"] {
            assert!(is_leftover(ours, &names), "{ours}");
        }
        for theirs in
            [".b.png.Ab12Cd.tmp", ".a.png.Ab12C.tmp", ".a.png.Ab-2Cd.tmp", "a.png", ".mine.tmp", ".a.png.Ab12Cd"]
        {
            assert!(!is_leftover(theirs, &names), "{theirs}");
        }
    }
}
