//! Which layout a directory follows: detected from its file names (a manifest wins), with the
//! headers used for hints when a file is missing or two could be meant.

use super::manifest::Manifest;
use super::spec::{FileSpec, Input, Layout, MANIFEST};
use crate::error::{Problem, Problems};
use crate::extract::source::Format;
use std::collections::BTreeMap;
use std::path::Path;

/// A directory's layout and the file found for each of its inputs.
#[derive(Debug, Clone)]
pub struct Detected {
    pub layout: Layout,
    /// The file name (inside the directory) of each input present.
    pub files: BTreeMap<Input, String>,
}

/// The files a spec's stems find among `names` (file names in the directory).
fn matching<'a>(spec: &FileSpec, names: &'a [String]) -> Vec<&'a String> {
    names
        .iter()
        .filter(|n| {
            Format::of(n).is_some()
                && n.rsplit_once('.').is_some_and(|(stem, _)| spec.stems.iter().any(|s| s.eq_ignore_ascii_case(stem)))
        })
        .collect()
}

/// Finds each input's file for a layout; problems for a required file missing and for an
/// input given twice (e.g. `dream.csv` and `dream.sas7bdat`).
fn assign(layout: &Layout, names: &[String], problems: &mut Problems) -> BTreeMap<Input, String> {
    let mut files = BTreeMap::new();
    for spec in &layout.files {
        if let Some(file) = &spec.file {
            if names.iter().any(|n| n == file) {
                files.insert(spec.input, file.clone());
            } else if spec.required || layout.from_manifest {
                problems.push(Problem::file(
                    file,
                    format!(
                        "the file is missing from the extract directory: {MANIFEST} names it for {}",
                        spec.input.id()
                    ),
                ));
            }
            continue;
        }
        match matching(spec, names).as_slice() {
            [] if spec.required => problems.push(Problem::file(
                &format!("{}.*", spec.stems[0]),
                format!(
                    "the {} layout needs a file {} (.csv, .parquet or .sas7bdat) in the extract directory",
                    layout.kind.id(),
                    spec.stems[0]
                ),
            )),
            [] => {}
            [one] => {
                files.insert(spec.input, (*one).clone());
            }
            many => problems.push(Problem::file(
                many[0],
                format!(
                    "{} files could be the {} input ({}): keep one, or name it in {MANIFEST}",
                    many.len(),
                    spec.input.id(),
                    many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }
    files
}

/// Detects the layout of an extract directory from its file names (a manifest wins).
pub fn detect(dir: &Path) -> Result<Detected, Problems> {
    let mut problems = Problems::default();
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok()).filter_map(|e| e.file_name().into_string().ok()).collect(),
        Err(e) => {
            problems.push(Problem::file(
                &dir.display().to_string(),
                format!("the extract directory cannot be opened: {e}"),
            ));
            return Err(problems);
        }
    };
    names.sort();
    if names.iter().any(|n| n == MANIFEST) {
        let text = match std::fs::read_to_string(dir.join(MANIFEST)) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::file(MANIFEST, format!("the manifest cannot be read: {e}")));
                return Err(problems);
            }
        };
        let layout = Manifest::parse(&text).map_err(|p| {
            let mut ps = Problems::default();
            ps.push(p);
            ps
        })?;
        let layout = layout.layout()?;
        let files = assign(&layout, &names, &mut problems);
        if let Some(table) = &layout.countries
            && !names.iter().any(|n| n == table)
        {
            problems.push(crate::extract::countries::missing_table(table));
        }
        return if problems.is_empty() { Ok(Detected { layout, files }) } else { Err(problems) };
    }
    let effektmaal = Layout::effektmaal();
    let dst = Layout::dst();
    let has = |layout: &Layout, input: Input| layout.file(input).is_some_and(|s| !matching(s, &names).is_empty());
    let is_effektmaal = has(&effektmaal, Input::Befolkning);
    let is_dst = has(&dst, Input::Bef) || has(&dst, Input::Bopael);
    let layout = match (is_effektmaal, is_dst) {
        (true, false) => effektmaal,
        (false, true) => dst,
        (true, true) => {
            problems.push(Problem::file(
                &dir.display().to_string(),
                "the directory holds files of both layouts (befolkning of the effektmaal layout, bef/bopael of the DST layout): keep one layout, or name the files in effektmaal.toml",
            ));
            return Err(problems);
        }
        (false, false) => {
            problems.push(Problem::file(
                &dir.display().to_string(),
                "no population file found: expected befolkning (effektmaal layout) or bef and bopael (DST layout), each as .csv, .parquet or .sas7bdat, or an effektmaal.toml naming the files",
            ));
            return Err(problems);
        }
    };
    let files = assign(&layout, &names, &mut problems);
    if problems.is_empty() { Ok(Detected { layout, files }) } else { Err(problems) }
}

/// A hint for a header that lacks a layout's columns but has the other layout's: the file is
/// probably named for the wrong layout.
pub fn header_hint(input: Input, header: &[String]) -> Option<String> {
    let has = |name: &str| header.iter().any(|h| h.eq_ignore_ascii_case(name));
    match input {
        Input::Befolkning if has("ie_type") || has("foed_dag") => Some(
            "the header looks like the DST layout's bef file (PNR, FOED_DAG, KOEN, IE_TYPE, OPR_LAND): name it bef and give the residence spells as bopael".into(),
        ),
        Input::Bef | Input::Bopael if has("herkomst") || has("foedselsdato") => Some(
            "the header looks like the effektmaal layout's befolkning file: name it befolkning".into(),
        ),
        _ => None,
    }
}
