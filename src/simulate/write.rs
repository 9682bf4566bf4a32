//! Writing the extract: person rows of `befolkning.csv`, `dream.csv` and `uddannelse.csv`, and
//! the atomic, never-overwriting file writer.

use super::calendar::Cal;
use super::measure::MonthCounts;
use super::options::SimExtract;
use super::population::{AREAS, Herkomst, Oprindelse, Person};
use super::rng::{Rng, hash3};
use super::run::Rec;
use crate::method::calendar::IsoWeek;
use anyhow::{Context, Result, bail};
use chrono::Duration;
use std::fmt::Write as _;
use std::path::Path;

pub(super) fn format_grad(g: u8) -> String {
    if g >= 100 {
        "1".to_string()
    } else {
        let s = format!("0.{g:02}");
        s.trim_end_matches('0').to_string()
    }
}

pub(super) struct ChunkOut {
    pub(super) befolkning: String,
    pub(super) dream: String,
    pub(super) uddannelse: String,
    pub(super) counts: Vec<MonthCounts>,
}

impl ChunkOut {
    pub(super) fn new(n_months: usize) -> ChunkOut {
        ChunkOut {
            befolkning: String::new(),
            dream: String::new(),
            uddannelse: String::new(),
            counts: vec![MonthCounts::default(); n_months],
        }
    }
}

pub(super) fn write_person(p: &Person, pi: u32, rec: &Rec, cal: &Cal, seed: u64, out: &mut ChunkOut) {
    let koen = if p.male { "M" } else { "K" };
    let herkomst = match p.herkomst {
        Herkomst::Dansk => "dansk",
        Herkomst::Indvandrer => "indvandrer",
        Herkomst::Efterkommer => "efterkommer",
    };
    let oprindelse = match p.oprindelse {
        Oprindelse::Dansk => "dansk",
        Oprindelse::Vestlig => "vestlig",
        Oprindelse::IkkeVestlig => "ikke_vestlig",
    };
    for s in &p.spells {
        let til = s.til.map(|d| d.to_string()).unwrap_or_default();
        let _ = writeln!(
            out.befolkning,
            "{},{},{koen},{herkomst},{oprindelse},{},{},{},{til}",
            p.pnr,
            p.birth,
            s.kommune,
            AREAS.get(s.omraade as usize).map_or("", |a| a.name),
            s.fra
        );
    }
    if !p.no_dream {
        out.dream.push_str(&p.pnr);
        for &c in &rec.codes {
            out.dream.push(',');
            if c != 0 {
                let _ = write!(out.dream, "{c}");
            }
        }
        for &g in &rec.grads {
            out.dream.push(',');
            if g > 0 {
                out.dream.push_str(&format_grad(g));
            }
        }
        out.dream.push('\n');
    }
    // Enrolment spells: runs of enrolled output weeks.
    let mut r = Rng::new(hash3(seed, 0xED0, pi as u64));
    let w0 = cal.out_weeks.start as i64;
    let n = rec.enrolled.len();
    let mut k = 0;
    while k < n {
        if !rec.enrolled[k] {
            k += 1;
            continue;
        }
        let start = k;
        while k < n && rec.enrolled[k] {
            k += 1;
        }
        let end = k - 1;
        let s_week = if start == 0 { (rec.edu_start_first as i64).min(w0) } else { w0 + start as i64 };
        let e_week = if end == n - 1 { (rec.until_last as i64).max(w0 + end as i64) } else { w0 + end as i64 };
        let fra = cal.thursday(s_week) - Duration::days(r.int(0, 3));
        let til = cal.thursday(e_week) + Duration::days(r.int(0, 3));
        let fra = fra.max(p.birth);
        let _ = writeln!(out.uddannelse, "{},{fra},{til}", p.pnr);
    }
}

/// Creates `out_dir` if missing and refuses if any of `names` already exists in it.
fn refuse_existing<'a>(out_dir: &Path, names: impl IntoIterator<Item = &'a str>) -> Result<()> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create the output directory {}", out_dir.display()))?;
    for name in names {
        let path = out_dir.join(name);
        if path.symlink_metadata().is_ok() {
            bail!(
                "{} already exists: simulate never overwrites files; choose an empty directory or remove the file",
                path.display()
            );
        }
    }
    Ok(())
}

/// A temporary file in `out_dir` that will become `name`.
fn temp_for(out_dir: &Path, name: &str) -> Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Ordinary file permissions (subject to the umask), not the temporary file's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder.tempfile_in(out_dir).with_context(|| format!("cannot create a temporary file in {}", out_dir.display()))
}

/// Syncs a finished temporary file and moves it to `path`, never over an existing file.
fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} already exists: simulate never overwrites files", path.display())
        } else {
            anyhow::Error::new(e.error).context(format!("cannot write {}", path.display()))
        }
    })?;
    Ok(())
}

/// Moves all finished temporary files into place; if one fails, removes those already moved.
fn persist_all(out_dir: &Path, files: Vec<(String, tempfile::NamedTempFile)>) -> Result<()> {
    let mut written: Vec<std::path::PathBuf> = Vec::new();
    let mut result = Ok(());
    for (name, tmp) in files {
        let path = out_dir.join(&name);
        if let Err(e) = persist(tmp, &path) {
            result = Err(e);
            break;
        }
        written.push(path);
    }
    if result.is_err() {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

/// Writes the files into `out_dir` (created if missing). Refuses if any of them already
/// exists; each file is written to a temporary file in `out_dir` and moved into place without
/// overwriting, so no partial file remains.
pub fn write(extract: &SimExtract, out_dir: &Path) -> Result<()> {
    refuse_existing(out_dir, extract.files.iter().map(|(n, _)| n.as_str()))?;
    let mut done = Vec::new();
    for (name, bytes) in &extract.files {
        let mut tmp = temp_for(out_dir, name)?;
        std::io::Write::write_all(&mut tmp, bytes)
            .with_context(|| format!("cannot write {}", out_dir.join(name).display()))?;
        done.push((name.clone(), tmp));
    }
    persist_all(out_dir, done)
}

/// The same files written as they are made, chunk by chunk, for extracts too large to hold in
/// memory. Nothing appears under the final names until [`StreamWriter::finish`]; on an error
/// or a drop the temporary files are removed.
pub(super) struct StreamWriter {
    out_dir: std::path::PathBuf,
    files: Vec<(String, std::io::BufWriter<tempfile::NamedTempFile>)>,
}

impl StreamWriter {
    pub(super) fn create(out_dir: &Path, names: &[&str]) -> Result<StreamWriter> {
        refuse_existing(out_dir, names.iter().copied())?;
        let mut files = Vec::new();
        for name in names {
            files.push((name.to_string(), std::io::BufWriter::with_capacity(1 << 20, temp_for(out_dir, name)?)));
        }
        Ok(StreamWriter { out_dir: out_dir.to_path_buf(), files })
    }

    /// Appends `bytes` to file number `file` (in the order of `create`'s names).
    pub(super) fn append(&mut self, file: usize, bytes: &[u8]) -> Result<()> {
        let (name, w) = &mut self.files[file];
        std::io::Write::write_all(w, bytes)
            .with_context(|| format!("cannot write {}", self.out_dir.join(name).display()))
    }

    pub(super) fn finish(self) -> Result<()> {
        let mut done = Vec::new();
        for (name, w) in self.files {
            let tmp = w.into_inner().map_err(|e| {
                anyhow::Error::new(e.into_error())
                    .context(format!("cannot write {}", self.out_dir.join(&name).display()))
            })?;
            done.push((name, tmp));
        }
        persist_all(&self.out_dir, done)
    }
}

/// The header lines of `befolkning.csv`, `dream.csv` and `uddannelse.csv`.
pub(super) fn headers(cal: &Cal) -> [String; 3] {
    let befolkning = String::from("pnr,foedselsdato,koen,herkomst,oprindelse,kommune,omraade,fra,til\n");
    let mut dream = String::from("pnr");
    for t in cal.out_weeks.clone() {
        let w = &cal.weeks[t];
        dream.push(',');
        dream.push_str(&IsoWeek::containing(w.thu).dream_column());
    }
    for mi in cal.out_months.clone() {
        let m = cal.months[mi].month;
        let _ = write!(dream, ",grad_{:04}_{:02}", m.year, m.month);
    }
    dream.push('\n');
    let uddannelse = String::from("pnr,fra,til\n");
    [befolkning, dream, uddannelse]
}
