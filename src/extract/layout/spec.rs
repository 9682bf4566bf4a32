//! The two layouts that ship, as data: the files of each input, the column of each field, and
//! the codes for sex and herkomst. The only place a column or file name of a layout is spelled.

use crate::extract::model::{Herkomst, Koen};
use std::collections::BTreeMap;

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

    /// A file of the effektmaal layout: every column required.
    fn effektmaal(input: Input, stem: &str, required: bool) -> FileSpec {
        let columns: Vec<(Field, &str, bool)> = effektmaal_columns(input).iter().map(|&(f, n)| (f, n, true)).collect();
        FileSpec::new(input, &[stem], required, &columns)
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

/// The columns of a file of the effektmaal layout, in the order a header check names them:
/// (field, column name). The effektmaal CSV reader reads by these names.
pub fn effektmaal_columns(input: Input) -> &'static [(Field, &'static str)] {
    use Field::*;
    match input {
        Input::Befolkning => &[
            (Pnr, "pnr"),
            (Foedselsdato, "foedselsdato"),
            (Koen, "koen"),
            (Herkomst, "herkomst"),
            (Oprindelse, "oprindelse"),
            (Kommune, "kommune"),
            (Omraade, "omraade"),
            (Fra, "fra"),
            (Til, "til"),
        ],
        Input::Dream => &[(Pnr, "pnr")],
        Input::Uddannelse => &[(Pnr, "pnr"), (Fra, "fra"), (Til, "til")],
        Input::Beskaeftigelse => &[(Pnr, "pnr"), (Maaned, "maaned"), (Grad, "grad")],
        Input::Ydelseskoder => &[(Kode, "kode"), (Tekst, "tekst"), (Gruppe, "gruppe"), (Status, "status")],
        Input::Bef | Input::Bopael => &[],
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

    pub(super) fn parse(s: &str) -> Option<LayoutKind> {
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
        let file = |input, stem, required| FileSpec::effektmaal(input, stem, required);
        Layout {
            kind: LayoutKind::Effektmaal,
            from_manifest: false,
            files: vec![
                file(Input::Befolkning, "befolkning", true),
                file(Input::Dream, "dream", true).dream(),
                file(Input::Uddannelse, "uddannelse", false),
                file(Input::Beskaeftigelse, "beskaeftigelse", false),
                file(Input::Ydelseskoder, "ydelseskoder", false),
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

pub const BEFOLKNING: &str = "befolkning.csv";

pub const DREAM: &str = "dream.csv";

pub const UDDANNELSE: &str = "uddannelse.csv";

pub const BESKAEFTIGELSE: &str = "beskaeftigelse.csv";

pub const YDELSESKODER: &str = "ydelseskoder.csv";
