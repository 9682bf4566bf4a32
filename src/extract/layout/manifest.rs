//! A manifest, `effektmaal.toml` in the extract directory: one of the shipped layouts with its
//! files, columns and codes renamed by the user.

use super::spec::{Field, Input, Layout, LayoutKind, MANIFEST};
use crate::error::{Problem, Problems};
use crate::extract::model::{Herkomst, Koen};
use crate::extract::source::Format;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `effektmaal.toml`: which layout the files follow and what is named differently.
///
/// ```toml
/// layout = "dst"                      # the layout to start from: "dst" or "effektmaal"
/// [files]                             # a file per input, inside the extract directory
/// bef = "grunddata_2016.sas7bdat"
/// [columns.bef]                       # a column per field (field ids as in the effektmaal layout)
/// foedselsdato = "FOEDDATO"
/// [values.koen]                       # what the codes mean: added to the layout's own
/// "0" = "K"
/// [values.herkomst]
/// "D" = "dansk"
/// [oprindelse]
/// table = "lande.csv"                 # your own OPR_LAND table, replacing the shipped one
/// ```
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub layout: Option<String>,
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub columns: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub values: ManifestValues,
    pub oprindelse: Option<ManifestOprindelse>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestValues {
    #[serde(default)]
    pub koen: BTreeMap<String, String>,
    #[serde(default)]
    pub herkomst: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestOprindelse {
    pub table: String,
}

impl Manifest {
    /// Parses the manifest's text; problems name the manifest.
    pub fn parse(text: &str) -> Result<Manifest, Problem> {
        toml::from_str(text).map_err(|e| {
            let msg = e.message().to_string();
            match e.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                    Problem::at(MANIFEST, line, format!("{msg} (see the README, \"The manifest\")"))
                }
                None => Problem::file(MANIFEST, format!("{msg} (see the README, \"The manifest\")")),
            }
        })
    }

    /// The layout the manifest describes.
    pub fn layout(&self) -> Result<Layout, Problems> {
        let mut problems = Problems::default();
        let kind = match &self.layout {
            None => LayoutKind::Dst,
            Some(s) => LayoutKind::parse(s).unwrap_or_else(|| {
                problems.push(Problem::file(
                    MANIFEST,
                    format!("layout = {s:?} is not a layout: expected \"dst\" or \"effektmaal\""),
                ));
                LayoutKind::Dst
            }),
        };
        let mut layout = Layout::of(kind);
        layout.from_manifest = true;
        self.files_into(&mut layout, &mut problems);
        self.columns_into(&mut layout, &mut problems);
        pnr_alone(&layout, &mut problems);
        self.values_into(&mut layout, &mut problems);
        if let Some(o) = &self.oprindelse {
            if layout.kind == LayoutKind::Effektmaal {
                problems.push(Problem::file(
                    MANIFEST,
                    "[oprindelse] table is for the DST layout's OPR_LAND; the effektmaal layout gives oprindelse directly",
                ));
            }
            layout.countries = Some(o.table.clone());
        }
        if problems.is_empty() { Ok(layout) } else { Err(problems) }
    }

    /// `[files]`: the file of each input, by name.
    fn files_into(&self, layout: &mut Layout, problems: &mut Problems) {
        let kind = layout.kind;
        for (input, file) in &self.files {
            match Input::parse(input).and_then(|i| layout.files.iter_mut().find(|f| f.input == i)) {
                Some(spec) => {
                    if Format::of(file).is_none() {
                        problems.push(Problem::file(
                            MANIFEST,
                            format!(
                                "[files] {input} = {file:?}: expected a file ending in .csv, .parquet or .sas7bdat"
                            ),
                        ));
                    }
                    spec.file = Some(file.clone());
                }
                None => problems.push(Problem::file(
                    MANIFEST,
                    format!(
                        "[files] names {input:?}, which is not an input of the {} layout: expected one of {}",
                        kind.id(),
                        inputs_of(layout)
                    ),
                )),
            }
        }
    }

    /// `[columns.INPUT]`: the column of each field, and DREAM's prefixes.
    fn columns_into(&self, layout: &mut Layout, problems: &mut Problems) {
        let kind = layout.kind;
        for (input, columns) in &self.columns {
            let Some(spec) = Input::parse(input).and_then(|i| layout.files.iter_mut().find(|f| f.input == i)) else {
                problems.push(Problem::file(
                    MANIFEST,
                    format!(
                        "[columns.{input}] is not an input of the {} layout: expected one of {}",
                        kind.id(),
                        inputs_of(layout)
                    ),
                ));
                continue;
            };
            for (field, column) in columns {
                let known = spec.columns.iter().map(|c| c.field.id()).collect::<Vec<_>>().join(", ");
                match Field::parse(field).and_then(|f| spec.columns.iter_mut().find(|c| c.field == f)) {
                    Some(c) => c.name = column.trim().to_string(),
                    None if field == "week_prefix" && spec.week_prefix.is_some() => spec.week_prefix = Some(column.clone()),
                    None if field == "grad_prefix" && spec.grad_prefix.is_some() => spec.grad_prefix = Some(column.clone()),
                    None => problems.push(Problem::file(
                        MANIFEST,
                        format!("[columns.{input}] names the field {field:?}, which {input} does not have: expected one of {known}"),
                    )),
                }
            }
        }
    }

    /// `[values.koen]`, `[values.herkomst]`: what the codes mean.
    fn values_into(&self, layout: &mut Layout, problems: &mut Problems) {
        for (code, meaning) in &self.values.koen {
            let koen = match meaning.trim().to_uppercase().as_str() {
                "M" => Koen::M,
                "K" => Koen::K,
                _ => {
                    problems.push(Problem::file(
                        MANIFEST,
                        format!("[values.koen] {code:?} = {meaning:?}: expected \"M\" or \"K\""),
                    ));
                    continue;
                }
            };
            layout.koen.insert(normalize_code(code), koen);
        }
        for (code, meaning) in &self.values.herkomst {
            let herkomst = match meaning.trim().to_lowercase().as_str() {
                "dansk" => Herkomst::Dansk,
                "indvandrer" => Herkomst::Indvandrer,
                "efterkommer" => Herkomst::Efterkommer,
                _ => {
                    problems.push(Problem::file(
                        MANIFEST,
                        format!("[values.herkomst] {code:?} = {meaning:?}: expected \"dansk\", \"indvandrer\" or \"efterkommer\""),
                    ));
                    continue;
                }
            };
            layout.herkomst.insert(normalize_code(code), herkomst);
        }
    }
}

/// A field read from the person id's column would publish every id as its value (an area
/// name, say) or quote it in a message: the pnr column is for the pnr alone.
fn pnr_alone(layout: &Layout, problems: &mut Problems) {
    for spec in &layout.files {
        let Some(pnr) = spec.column(Field::Pnr) else { continue };
        for c in spec.columns.iter().filter(|c| c.field != Field::Pnr && c.name.eq_ignore_ascii_case(&pnr.name)) {
            problems.push(Problem::file(
                MANIFEST,
                format!(
                    "[columns.{input}] reads {field} from {column}, the column of the person id (pnr): a person id must never be read as another field; give {field} its own column",
                    input = spec.input.id(),
                    field = c.field.id(),
                    column = c.name,
                ),
            ));
        }
    }
}

/// The inputs of a layout, in words.
fn inputs_of(layout: &Layout) -> String {
    layout.files.iter().map(|f| f.input.id()).collect::<Vec<_>>().join(", ")
}

/// A code as a value map keys it: what [`super::values::key`] makes of the same text.
fn normalize_code(code: &str) -> String {
    crate::extract::values::key(&crate::extract::source::Value::Text(code)).unwrap_or_default()
}
