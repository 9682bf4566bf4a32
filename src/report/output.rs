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

pub fn render(built: &Built, template: &str, date: chrono::NaiveDate, ident: &str) -> anyhow::Result<Files> {
    let data_json = serde_json::to_string(&built.model)?;
    // The charts are drawn once, here, from the model's specifications, for every output.
    let svgs = super::charts::draw_all(&built.model.charts)?;
    let pdf = typeset::render_pdf(&Document { template, data_json: &data_json, images: &svgs, date, ident })?;
    let html = super::html::render(&built.model, &svgs).into_bytes();
    let charts = super::chartfiles::files(&built.model, &svgs)?;
    Ok(Files { pdf, html, charts, xlsx: xlsx(&built.published, date)?, csv: csv(&built.published).into_bytes() })
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

pub fn xlsx(rows: &[Published], date: chrono::NaiveDate) -> anyhow::Result<Vec<u8>> {
    use chrono::Datelike;
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
    wb.set_properties(&DocProperties::new().set_title("effektmaal").set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("Tal")?;
    let bold = Format::new().set_bold();
    let numf = Format::new().set_num_format("0.00");
    let head = ["Afsnit", "KPI", "Periode", "Opdeling", "Gruppe", "Tæller", "Nævner", "Andel (%)", "Diskretioneret"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.section)?;
        ws.write_string(row, 1, &r.kpi)?;
        ws.write_string(row, 2, &r.period)?;
        ws.write_string(row, 3, &r.dimension)?;
        ws.write_string(row, 4, &r.group)?;
        for (c, v) in [(5u16, r.numerator), (6, r.denominator), (7, r.share_pct)] {
            match v {
                Some(x) => {
                    ws.write_number_with_format(row, c, x, &numf)?;
                }
                None => {
                    ws.write_string(row, c, "–")?;
                }
            }
        }
        ws.write_string(row, 8, &r.note)?;
    }
    for (c, w) in [(0u16, 16.0), (1, 18.0), (2, 18.0), (3, 26.0), (4, 26.0), (5, 10.0), (6, 10.0), (7, 10.0), (8, 24.0)]
    {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(wb.save_to_buffer()?)
}

/// Writes files into `dir` atomically, each via a temporary file and a rename. A file that
/// already holds exactly these bytes is left alone (a rerun, or a cron job repeating itself,
/// needs no `--force`); a missing member of the set is written; a file with other contents is
/// replaced only with `force`, and that check happens before anything is written. Returns
/// the paths written.
pub fn write_atomically(dir: &Path, files: &[(String, &[u8])], force: bool) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let same = |name: &str, bytes: &[u8]| std::fs::read(dir.join(name)).is_ok_and(|old| old == bytes);
    let files: Vec<&(String, &[u8])> = files.iter().filter(|(n, b)| !same(n, b)).collect();
    if !force {
        let existing: Vec<String> =
            files.iter().filter(|(n, _)| dir.join(n).exists()).map(|(n, _)| n.clone()).collect();
        if !existing.is_empty() {
            return Err(crate::error::Error::Usage(format!(
                "{} already exist{} in {} with other contents: use --force to replace {}",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" },
                dir.display(),
                if existing.len() == 1 { "it" } else { "them" }
            ))
            .into());
        }
    }
    // Temporary files of a run that was killed before its rename are removed here; the caller
    // holds the directory's lock, so no other run is writing them.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".effektmaal-") && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let mut temps = Vec::new();
    for (name, bytes) in files {
        let mut tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
        tmp.write_all(bytes)?;
        // Temporary files are private (0600); a report is for sharing, like any file made here.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        tmp.as_file().sync_all()?;
        temps.push((tmp, dir.join(name)));
    }
    let mut done = Vec::new();
    for (tmp, path) in temps {
        tmp.persist(&path).with_context(|| format!("writing {}", path.display()))?;
        done.push(path);
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(done)
}
