//! `pseudonymize` handles every file the readers accept, or refuses it; it never skips one
//! (issue 19, item 6: `UDDANNELSE.CSV`, the DST layout's files, Parquet and SAS7BDAT were left
//! out without a word, and the pseudonymised sample gave 71,35 % instead of 73,21 %). The
//! pseudonymised extract gives the figures of the original, to the byte.

use crate::common::*;
use std::path::{Path, PathBuf};

const BY: &str = "age,sex,herkomst,omraade,status";

fn compute(dir: &Path) -> String {
    run(&["compute", dir.to_str().unwrap(), "--format", "csv", "--by", BY]).ok().stdout
}

fn key(dir: &Path) -> PathBuf {
    let key = dir.join("key");
    std::fs::write(&key, "a-secret-key-that-is-long-enough-for-hmac-sha256").unwrap();
    key
}

fn pseudonymize(key: &Path, raw: &Path, out: &Path) -> Run {
    run(&["pseudonymize", "--key", key.to_str().unwrap(), raw.to_str().unwrap(), out.to_str().unwrap()])
}

/// The file names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

/// The person ids of a CSV file's first column.
fn ids(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split([',', ';']).next().unwrap().to_string())
        .collect()
}

#[test]
fn the_sample_with_upper_case_names_gives_the_same_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let raw = tmp.path().join("raw");
    std::fs::create_dir(&raw).unwrap();
    for name in names(&sample) {
        std::fs::copy(sample.join(&name), raw.join(name.to_uppercase())).unwrap();
    }
    let want = compute(&sample);
    assert_eq!(compute(&raw), want, "the readers take the names in any case");
    let out = tmp.path().join("out");
    let r = pseudonymize(&key(tmp.path()), &raw, &out).ok();
    assert!(r.stderr.contains(&format!("wrote 5 files to {} (layout: effektmaal)", out.display())), "{}", r.stderr);
    assert_eq!(names(&out), ["BEFOLKNING.CSV", "BENCHMARKS.CSV", "DREAM.CSV", "INITIATIVER.CSV", "UDDANNELSE.CSV"]);
    assert_eq!(compute(&out), want);
    // Only the ids changed: the report's own inputs are copied, and every other byte of the
    // files with ids is as it was.
    for name in ["BENCHMARKS.CSV", "INITIATIVER.CSV"] {
        assert_eq!(std::fs::read(out.join(name)).unwrap(), std::fs::read(raw.join(name)).unwrap(), "{name}");
    }
    for name in ["BEFOLKNING.CSV", "DREAM.CSV", "UDDANNELSE.CSV"] {
        let (before, after) = (ids(&raw.join(name)), ids(&out.join(name)));
        assert_eq!(before.len(), after.len());
        assert!(before.iter().zip(&after).all(|(b, a)| b != a && a.len() == 25 && a.starts_with('P')), "{name}");
        let strip = |path: &Path| -> Vec<String> {
            std::fs::read_to_string(path).unwrap().lines().map(|l| l.split_once(',').unwrap().1.to_string()).collect()
        };
        assert_eq!(strip(&out.join(name)), strip(&raw.join(name)), "{name}");
    }
}

#[test]
fn the_dst_layout_in_every_format_gives_the_same_figures() {
    // dst-csv: Windows-1252 text with CRLF; dst-parquet: typed Parquet; dst-manifest: the
    // manifest's own names, a SAS7BDAT DREAM and a country table.
    for v in ["dst-csv", "dst-parquet", "dst-sas-dateformat", "dst-manifest", "effektmaal-sas"] {
        let tmp = tempfile::tempdir().unwrap();
        let raw = fixture(&format!("formats/{v}"));
        let out = tmp.path().join("out");
        let r = pseudonymize(&key(tmp.path()), &raw, &out).ok();
        assert_eq!(compute(&out), compute(&raw), "{v}: {}", r.stderr);
        let written = names(&out);
        let want: Vec<String> = names(&raw).iter().map(|n| n.replace(".sas7bdat", ".parquet")).collect();
        let mut want = want;
        want.sort();
        assert_eq!(written, want, "{v}");
        for name in &written {
            let text = String::from_utf8_lossy(&std::fs::read(out.join(name)).unwrap()).into_owned();
            for id in ["A01", "B02", "C03", "D04", "E05", "F06", "G07", "H08", "I09"] {
                assert!(!text.contains(id), "{v}: {name} still holds the person id {id}");
            }
        }
    }
    // Windows-1252 stays Windows-1252, byte for byte but the ids.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    pseudonymize(&key(tmp.path()), &fixture("formats/dst-csv"), &out).ok();
    let bef = std::fs::read(out.join("bef.csv")).unwrap();
    assert!(bef.starts_with(b"pnr;FOED_DAG;Koen;IE_TYPE;OPR_LAND;BEM\xc6RKNING\r\nP"), "{:?}", &bef[..60]);
    assert!(bef.windows(8).any(|w| w == b";\xe6ndret\r"), "{:?}", String::from_utf8_lossy(&bef));
}

#[test]
fn a_sas_file_is_written_as_parquet_and_the_manifest_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let r = pseudonymize(&key(tmp.path()), &fixture("formats/dst-manifest"), &out).ok();
    assert!(
        r.stderr.contains(
            "dream_2016.sas7bdat was written as dream_2016.parquet: effektmaal has no SAS7BDAT writer; the same columns (SAS numbers as doubles, dates as dates), and effektmaal.toml names the new file"
        ),
        "{}",
        r.stderr
    );
    let manifest = std::fs::read_to_string(out.join("effektmaal.toml")).unwrap();
    let original = std::fs::read_to_string(fixture("formats/dst-manifest/effektmaal.toml")).unwrap();
    assert_eq!(manifest, original.replace("\"dream_2016.sas7bdat\"", "\"dream_2016.parquet\""));
    assert_eq!(
        std::fs::read(out.join("mine_lande.csv")).unwrap(),
        std::fs::read(fixture("formats/dst-manifest/mine_lande.csv")).unwrap()
    );
    // The Parquet file has the SAS file's columns, in its order.
    let check = run(&["check", out.to_str().unwrap()]).ok().stdout;
    assert!(check.contains("  dream_2016.parquet           9 rows  Parquet"), "{check}");
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(out.join("dream_2016.parquet")).unwrap()).finish().unwrap();
    let columns: Vec<String> = df.get_column_names().iter().map(|c| c.to_string()).collect();
    assert_eq!(columns.first().map(String::as_str), Some("PNR"));
    assert!(columns.iter().any(|c| c == "branche_2015_11") && columns.iter().any(|c| c == "ak15"), "{columns:?}");
    assert_eq!(df.column("PNR").unwrap().dtype(), &DataType::String);
    assert_eq!(df.column("y_1545").unwrap().dtype(), &DataType::Float64);
}

#[test]
fn a_file_it_does_not_know_is_refused_and_nothing_is_written() {
    for (extra, kind) in [("notes.txt", "file"), ("EXPECTED.md", "file"), ("dream.xlsx", "file"), ("old", "directory")]
    {
        let tmp = tempfile::tempdir().unwrap();
        let raw = copy_fixture("basic");
        let path = raw.path().join(extra);
        if kind == "directory" {
            std::fs::create_dir(&path).unwrap();
        } else if !path.exists() {
            std::fs::write(&path, "x").unwrap();
        }
        let out = tmp.path().join("out");
        let err = pseudonymize(&key(tmp.path()), raw.path(), &out).fails(3).stderr;
        assert!(
            err.contains(&format!(
                "  {extra}: pseudonymize does not know what this {kind} is: it is no input of the extract (layout: effektmaal), nor effektmaal.toml, a country table it names, initiativer.csv, benchmarks.csv or klynger.csv. Nothing was written: move it out of the directory, or name it in effektmaal.toml"
            )),
            "{err}"
        );
        assert!(!out.exists(), "{extra}: something was written");
    }
    // Two files that could be one input, as the readers see them: refused, not one skipped.
    let tmp = tempfile::tempdir().unwrap();
    let raw = copy_fixture("basic");
    std::fs::remove_file(raw.path().join("EXPECTED.md")).unwrap();
    std::fs::copy(raw.path().join("dream.csv"), raw.path().join("DREAM.CSV")).unwrap();
    let err = pseudonymize(&key(tmp.path()), raw.path(), &tmp.path().join("out")).fails(3).stderr;
    assert!(err.contains("2 files could be the dream input (DREAM.CSV, dream.csv)"), "{err}");
}
