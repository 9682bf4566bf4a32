use super::detect::*;
use super::manifest::*;
use super::spec::*;
use crate::error::Problems;
use crate::extract::model::{Herkomst, Koen};

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

    let d = detect(dir_with(&["BEF.sas7bdat", "bopael.parquet", "dream.SAS7BDAT", "kotre.csv", "notes.txt"]).path())
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
    let m =
        Manifest::parse("layout = \"dst\"\n[columns.bef]\nfoedsel = \"X\"\n[values.koen]\n\"9\" = \"mand\"\n").unwrap();
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
