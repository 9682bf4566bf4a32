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

use super::load::{Herkomst, Koen};
use super::source::Format;
use crate::error::{Problem, Problems};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const MANIFEST: &str = "effektmaal.toml";

/// What an input file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// Person data and residence spells in one file (effektmaal layout).
    Befolkning,
    /// Person data (DST layout).
    Bef,
    /// Residence spells (DST layout).
    Bopael,
    Dream,
    Uddannelse,
    Beskaeftigelse,
    Ydelseskoder,
}

impl Input {
    pub const ALL: [Input; 7] = [
        Input::Befolkning,
        Input::Bef,
        Input::Bopael,
        Input::Dream,
        Input::Uddannelse,
        Input::Beskaeftigelse,
        Input::Ydelseskoder,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Input::Befolkning => "befolkning",
            Input::Bef => "bef",
            Input::Bopael => "bopael",
            Input::Dream => "dream",
            Input::Uddannelse => "uddannelse",
            Input::Beskaeftigelse => "beskaeftigelse",
            Input::Ydelseskoder => "ydelseskoder",
        }
    }

    pub fn parse(s: &str) -> Option<Input> {
        Input::ALL.into_iter().find(|i| i.id() == s.trim().to_lowercase())
    }
}

/// A field the method reads. Ids are the effektmaal layout's column names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Pnr,
    Foedselsdato,
    Koen,
    Herkomst,
    /// dansk / vestlig / ikke_vestlig as text (effektmaal layout).
    Oprindelse,
    /// Country of origin as a DST country code, mapped by `countries` (DST layout).
    OprLand,
    Kommune,
    Omraade,
    Fra,
    Til,
    Maaned,
    Grad,
    Kode,
    Tekst,
    Gruppe,
    Status,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Pnr,
        Field::Foedselsdato,
        Field::Koen,
        Field::Herkomst,
        Field::Oprindelse,
        Field::OprLand,
        Field::Kommune,
        Field::Omraade,
        Field::Fra,
        Field::Til,
        Field::Maaned,
        Field::Grad,
        Field::Kode,
        Field::Tekst,
        Field::Gruppe,
        Field::Status,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Field::Pnr => "pnr",
            Field::Foedselsdato => "foedselsdato",
            Field::Koen => "koen",
            Field::Herkomst => "herkomst",
            Field::Oprindelse => "oprindelse",
            Field::OprLand => "opr_land",
            Field::Kommune => "kommune",
            Field::Omraade => "omraade",
            Field::Fra => "fra",
            Field::Til => "til",
            Field::Maaned => "maaned",
            Field::Grad => "grad",
            Field::Kode => "kode",
            Field::Tekst => "tekst",
            Field::Gruppe => "gruppe",
            Field::Status => "status",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.id() == s.trim().to_lowercase())
    }
}

/// Where a field is: the column's name (matched without regard to case) and whether the file
/// must have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub field: Field,
    pub name: String,
    pub required: bool,
}

/// One input file of a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    pub input: Input,
    /// The names the file is recognised by, without extension, compared without regard to
    /// case (e.g. `dream` finds `DREAM.sas7bdat`).
    pub stems: Vec<String>,
    /// A file named by the manifest; it wins over the stems.
    pub file: Option<String>,
    pub required: bool,
    pub columns: Vec<Column>,
    /// DREAM: the prefixes of the weekly code and monthly degree columns.
    pub week_prefix: Option<String>,
    pub grad_prefix: Option<String>,
}

impl FileSpec {
    fn new(input: Input, stems: &[&str], required: bool, columns: &[(Field, &str, bool)]) -> FileSpec {
        FileSpec {
            input,
            stems: stems.iter().map(|s| s.to_string()).collect(),
            file: None,
            required,
            columns: columns
                .iter()
                .map(|&(field, name, required)| Column { field, name: name.into(), required })
                .collect(),
            week_prefix: None,
            grad_prefix: None,
        }
    }

    fn dream(mut self) -> FileSpec {
        self.week_prefix = Some("y_".into());
        self.grad_prefix = Some("grad_".into());
        self
    }

    pub fn column(&self, field: Field) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }
}

/// Which layout, by name, for `check` and the appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayoutKind {
    Effektmaal,
    Dst,
}

impl LayoutKind {
    pub fn id(self) -> &'static str {
        match self {
            LayoutKind::Effektmaal => "effektmaal",
            LayoutKind::Dst => "DST",
        }
    }

    fn parse(s: &str) -> Option<LayoutKind> {
        match s.trim().to_lowercase().as_str() {
            "effektmaal" => Some(LayoutKind::Effektmaal),
            "dst" => Some(LayoutKind::Dst),
            _ => None,
        }
    }
}

/// A layout: its files, their columns, and the meaning of coded values.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub kind: LayoutKind,
    /// Whether a manifest changed the layout.
    pub from_manifest: bool,
    pub files: Vec<FileSpec>,
    /// Sex codes, keys as [`super::values::key`] makes them (upper case, `1.0` → `1`).
    pub koen: BTreeMap<String, Koen>,
    pub herkomst: BTreeMap<String, Herkomst>,
    /// The user's country table (a file in the extract directory), if any.
    pub countries: Option<String>,
}

impl Layout {
    /// The layout effektmaal has always read.
    pub fn effektmaal() -> Layout {
        use Field::*;
        let r = true;
        Layout {
            kind: LayoutKind::Effektmaal,
            from_manifest: false,
            files: vec![
                FileSpec::new(
                    Input::Befolkning,
                    &["befolkning"],
                    true,
                    &[
                        (Pnr, "pnr", r),
                        (Foedselsdato, "foedselsdato", r),
                        (Koen, "koen", r),
                        (Herkomst, "herkomst", r),
                        (Oprindelse, "oprindelse", r),
                        (Kommune, "kommune", r),
                        (Omraade, "omraade", r),
                        (Fra, "fra", r),
                        (Til, "til", r),
                    ],
                ),
                FileSpec::new(Input::Dream, &["dream"], true, &[(Pnr, "pnr", r)]).dream(),
                FileSpec::new(
                    Input::Uddannelse,
                    &["uddannelse"],
                    false,
                    &[(Pnr, "pnr", r), (Fra, "fra", r), (Til, "til", r)],
                ),
                FileSpec::new(
                    Input::Beskaeftigelse,
                    &["beskaeftigelse"],
                    false,
                    &[(Pnr, "pnr", r), (Maaned, "maaned", r), (Grad, "grad", r)],
                ),
                FileSpec::new(
                    Input::Ydelseskoder,
                    &["ydelseskoder"],
                    false,
                    &[(Kode, "kode", r), (Tekst, "tekst", r), (Gruppe, "gruppe", r), (Status, "status", r)],
                ),
            ],
            koen: [("M", self::Koen::M), ("K", self::Koen::K)].map(|(k, v)| (k.to_string(), v)).into(),
            herkomst: [
                ("DANSK", self::Herkomst::Dansk),
                ("INDVANDRER", self::Herkomst::Indvandrer),
                ("EFTERKOMMER", self::Herkomst::Efterkommer),
            ]
            .map(|(k, v)| (k.to_string(), v))
            .into(),
            countries: None,
        }
    }

    /// Danmarks Statistik's register layout (BEF, BOPAEL, DREAM, KOTRE).
    pub fn dst() -> Layout {
        use Field::*;
        let r = true;
        Layout {
            kind: LayoutKind::Dst,
            from_manifest: false,
            files: vec![
                FileSpec::new(
                    Input::Bef,
                    &["bef"],
                    true,
                    &[
                        (Pnr, "PNR", r),
                        (Foedselsdato, "FOED_DAG", r),
                        (Koen, "KOEN", r),
                        (Herkomst, "IE_TYPE", r),
                        (OprLand, "OPR_LAND", r),
                    ],
                ),
                FileSpec::new(
                    Input::Bopael,
                    &["bopael"],
                    true,
                    &[
                        (Pnr, "PNR", r),
                        (Kommune, "KOM", r),
                        (Fra, "BOP_VFRA", r),
                        (Til, "BOP_VTIL", r),
                        (Omraade, "OMRAADE", false),
                    ],
                ),
                FileSpec::new(Input::Dream, &["dream"], true, &[(Pnr, "PNR", r)]).dream(),
                FileSpec::new(
                    Input::Uddannelse,
                    &["kotre", "uddannelse"],
                    false,
                    &[(Pnr, "PNR", r), (Fra, "ELEV3_VFRA", r), (Til, "ELEV3_VTIL", r)],
                ),
                FileSpec::new(
                    Input::Beskaeftigelse,
                    &["beskaeftigelse"],
                    false,
                    &[(Pnr, "PNR", r), (Maaned, "MAANED", r), (Grad, "GRAD", r)],
                ),
                FileSpec::new(
                    Input::Ydelseskoder,
                    &["ydelseskoder"],
                    false,
                    &[(Kode, "kode", r), (Tekst, "tekst", r), (Gruppe, "gruppe", r), (Status, "status", r)],
                ),
            ],
            koen: [("1", self::Koen::M), ("2", self::Koen::K), ("M", self::Koen::M), ("K", self::Koen::K)]
                .map(|(k, v)| (k.to_string(), v))
                .into(),
            herkomst: [
                ("1", self::Herkomst::Dansk),
                ("2", self::Herkomst::Indvandrer),
                ("3", self::Herkomst::Efterkommer),
            ]
            .map(|(k, v)| (k.to_string(), v))
            .into(),
            countries: None,
        }
    }

    pub fn of(kind: LayoutKind) -> Layout {
        match kind {
            LayoutKind::Effektmaal => Layout::effektmaal(),
            LayoutKind::Dst => Layout::dst(),
        }
    }

    pub fn file(&self, input: Input) -> Option<&FileSpec> {
        self.files.iter().find(|f| f.input == input)
    }

    /// The layout's name for `check`: "DST", "effektmaal", or "DST (with effektmaal.toml)".
    pub fn name(&self) -> String {
        if self.from_manifest { format!("{} (with {MANIFEST})", self.kind.id()) } else { self.kind.id().to_string() }
    }

    /// The sex a coded value means, as a layout lists it.
    pub fn koen_codes(&self) -> String {
        self.koen.keys().cloned().collect::<Vec<_>>().join(", ")
    }

    pub fn herkomst_codes(&self) -> String {
        self.herkomst.keys().map(|k| k.to_lowercase()).collect::<Vec<_>>().join(", ")
    }
}

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
        let inputs_of = |layout: &Layout| layout.files.iter().map(|f| f.input.id()).collect::<Vec<_>>().join(", ");
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
                        inputs_of(&layout)
                    ),
                )),
            }
        }
        for (input, columns) in &self.columns {
            let Some(spec) = Input::parse(input).and_then(|i| layout.files.iter_mut().find(|f| f.input == i)) else {
                problems.push(Problem::file(
                    MANIFEST,
                    format!(
                        "[columns.{input}] is not an input of the {} layout: expected one of {}",
                        kind.id(),
                        inputs_of(&layout)
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
        // A field read from the person id's column would publish every id as its value (an
        // area name, say) or quote it in a message: the pnr column is for the pnr alone.
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
}

/// A code as a value map keys it: what [`super::values::key`] makes of the same text.
fn normalize_code(code: &str) -> String {
    super::values::key(&super::source::Value::Text(code)).unwrap_or_default()
}

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
            problems.push(super::countries::missing_table(table));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for n in names {
            std::fs::write(dir.path().join(n), b"x").unwrap();
        }
        dir
    }

    fn shown(p: Problems) -> Vec<String> {
        p.shown().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn layouts_are_detected_from_file_names() {
        let d = detect(dir_with(&["befolkning.csv", "dream.csv", "uddannelse.csv"]).path()).unwrap();
        assert_eq!(d.layout.name(), "effektmaal");
        assert_eq!(d.files[&Input::Dream], "dream.csv");
        assert_eq!(d.files.len(), 3);

        let d =
            detect(dir_with(&["BEF.sas7bdat", "bopael.parquet", "dream.SAS7BDAT", "kotre.csv", "notes.txt"]).path())
                .unwrap();
        assert_eq!(d.layout.name(), "DST");
        assert_eq!(
            d.files.values().cloned().collect::<Vec<_>>(),
            vec!["BEF.sas7bdat", "bopael.parquet", "dream.SAS7BDAT", "kotre.csv"]
        );
        assert_eq!(d.layout.file(Input::Bef).unwrap().column(Field::Foedselsdato).unwrap().name, "FOED_DAG");
    }

    #[test]
    fn unclear_directories_say_what_is_expected() {
        let dir = dir_with(&["bef.csv", "dream.csv", "dream.sas7bdat"]);
        assert_eq!(
            shown(detect(dir.path()).unwrap_err()),
            vec![
                "bopael.*: the DST layout needs a file bopael (.csv, .parquet or .sas7bdat) in the extract directory",
                "dream.csv: 2 files could be the dream input (dream.csv, dream.sas7bdat): keep one, or name it in effektmaal.toml",
            ]
        );
        let dir = dir_with(&["befolkning.csv", "bef.csv", "bopael.csv", "dream.csv"]);
        assert!(shown(detect(dir.path()).unwrap_err())[0].contains("files of both layouts"));
        let dir = dir_with(&["dream.csv"]);
        assert!(shown(detect(dir.path()).unwrap_err())[0].contains("no population file found"));
    }

    #[test]
    fn a_manifest_renames_files_columns_and_codes() {
        let dir = dir_with(&["personer.sas7bdat", "adresser.parquet", "dream_2016.sas7bdat", "mine_lande.csv"]);
        std::fs::write(
            dir.path().join(MANIFEST),
            r#"
layout = "dst"
[files]
bef = "personer.sas7bdat"
bopael = "adresser.parquet"
dream = "dream_2016.sas7bdat"
[columns.bef]
pnr = "PERSON_ID"
foedselsdato = "FDATO"
[columns.bopael]
omraade = "SOGN"
[values.koen]
"0" = "K"
[values.herkomst]
"D" = "dansk"
[oprindelse]
table = "mine_lande.csv"
"#,
        )
        .unwrap();
        let d = detect(dir.path()).unwrap();
        assert_eq!(d.layout.name(), "DST (with effektmaal.toml)");
        assert_eq!(d.files[&Input::Bef], "personer.sas7bdat");
        let bef = d.layout.file(Input::Bef).unwrap();
        assert_eq!(bef.column(Field::Pnr).unwrap().name, "PERSON_ID");
        assert_eq!(bef.column(Field::Foedselsdato).unwrap().name, "FDATO");
        assert_eq!(bef.column(Field::Koen).unwrap().name, "KOEN");
        assert_eq!(d.layout.file(Input::Bopael).unwrap().column(Field::Omraade).unwrap().name, "SOGN");
        assert_eq!(d.layout.koen.get("0"), Some(&Koen::K));
        assert_eq!(d.layout.koen.get("1"), Some(&Koen::M));
        assert_eq!(d.layout.herkomst.get("D"), Some(&Herkomst::Dansk));
        assert_eq!(d.layout.countries.as_deref(), Some("mine_lande.csv"));
    }

    #[test]
    fn manifest_mistakes_are_named() {
        let m = Manifest::parse("layout = \"dst\"\n[columns.bef]\nfoedsel = \"X\"\n[values.koen]\n\"9\" = \"mand\"\n")
            .unwrap();
        assert_eq!(
            shown(m.layout().unwrap_err()),
            vec![
                "effektmaal.toml: [columns.bef] names the field \"foedsel\", which bef does not have: expected one of pnr, foedselsdato, koen, herkomst, opr_land",
                "effektmaal.toml: [values.koen] \"9\" = \"mand\": expected \"M\" or \"K\"",
            ]
        );
        let e = Manifest::parse("layout = \"dst\"\n[filer]\nbef = \"x.csv\"\n").unwrap_err().to_string();
        assert!(e.starts_with("effektmaal.toml:2: unknown field `filer`"), "{e}");
    }

    /// Issue 19, item 5: `omraade = "pnr"` published every person id as a local area.
    #[test]
    fn a_manifest_may_not_read_another_field_from_the_pnr_column() {
        let m = Manifest::parse("layout = \"effektmaal\"\n[columns.befolkning]\nomraade = \"PNR\"\n").unwrap();
        assert_eq!(
            shown(m.layout().unwrap_err()),
            vec![
                "effektmaal.toml: [columns.befolkning] reads omraade from PNR, the column of the person id (pnr): a person id must never be read as another field; give omraade its own column"
            ]
        );
        // Moving the id onto another field's column is the same mistake.
        let m = Manifest::parse("[columns.bef]\npnr = \"koen\"\n").unwrap();
        assert!(shown(m.layout().unwrap_err())[0].contains("reads koen from KOEN, the column of the person id"));
        let m = Manifest::parse("[columns.bopael]\npnr = \"ID\"\nomraade = \"BYDEL\"\n").unwrap();
        assert!(m.layout().is_ok());
    }

    #[test]
    fn headers_of_the_other_layout_get_a_hint() {
        let h: Vec<String> = ["PNR", "FOED_DAG", "KOEN", "IE_TYPE", "OPR_LAND"].map(String::from).into();
        assert!(header_hint(Input::Befolkning, &h).unwrap().contains("name it bef"));
        assert_eq!(header_hint(Input::Dream, &h), None);
    }
}
