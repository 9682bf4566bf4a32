//! The hand-computed fixture `basic` rewritten in every format and layout effektmaal reads
//! (`tests/fixtures/formats/`, made by `scripts/make-format-fixtures`) gives the figures of
//! `basic/EXPECTED.md`, and broken SAS and Parquet files give problems that name file, row and
//! column.

use crate::common::*;

const VARIANTS: [&str; 7] =
    ["dst-sas", "dst-sas-dateformat", "dst-parquet", "dst-csv", "effektmaal-parquet", "effektmaal-sas", "dst-manifest"];

fn compute(dir: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec!["compute", dir.to_str().unwrap(), "--format", "csv", "--no-suppression"];
    args.extend_from_slice(extra);
    run(&args).ok().stdout
}

#[test]
fn every_format_and_layout_gives_the_hand_computed_figures() {
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    let want = compute(&fixture("basic"), &by);
    let want_odense = compute(&fixture("basic"), &["--kommune", "461"]);
    let rows = parse_csv(&want_odense);
    // EXPECTED.md: Nov 2015 12 of 23 person-weeks in job or education (3,00 of 5,75 FTE).
    let r = find(&rows, "uddannelse_job", "2015-11", "total", "I alt");
    assert_eq!((r.numerator, r.denominator, r.share), (Some(3.0), Some(5.75), Some(52.17)));
    for v in VARIANTS {
        let dir = fixture(&format!("formats/{v}"));
        assert_eq!(compute(&dir, &by), want, "{v}: breakdowns differ from the CSV original");
        assert_eq!(compute(&dir, &["--kommune", "461"]), want_odense, "{v}: Odense figures differ");
    }
}

#[test]
fn check_names_the_layout_and_the_formats() {
    let out = run(&["check", fixture("formats/dst-sas").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("Files (layout: DST)"), "{out}");
    for line in [
        "  bef.sas7bdat                 9 rows  SAS7BDAT UTF-8",
        "  bopael.sas7bdat              9 rows  SAS7BDAT UTF-8",
        "  dream.sas7bdat               9 rows  SAS7BDAT UTF-8",
        "  kotre.sas7bdat               2 rows  SAS7BDAT UTF-8",
    ] {
        assert!(out.contains(line), "{line:?} not in\n{out}");
    }
    let out = run(&["check", fixture("formats/dst-csv").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("  bef.csv                      9 rows  Windows-1252 separator ';'"), "{out}");
    let out = run(&["check", fixture("formats/dst-manifest").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("Files (layout: DST (with effektmaal.toml))"), "{out}");
    let out = run(&["check", fixture("basic").to_str().unwrap()]).ok().stdout;
    assert!(out.contains("Files (layout: effektmaal)"), "{out}");
}

/// A copy of a format fixture to break.
fn copy(v: &str) -> tempfile::TempDir {
    copy_fixture(&format!("formats/{v}"))
}

#[test]
fn a_truncated_sas_or_parquet_file_is_named() {
    for (v, file) in [("dst-sas", "dream.sas7bdat"), ("dst-parquet", "bopael.parquet")] {
        let tmp = copy(v);
        let path = tmp.path().join(file);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 3]).unwrap();
        let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
        let kind = if v == "dst-sas" { "SAS7BDAT" } else { "Parquet" };
        assert!(err.contains(&format!("  {file}: the file is not a readable {kind} file (")), "{err}");
    }
}

#[test]
fn a_missing_required_column_in_a_sas_file() {
    let tmp = copy("dst-sas");
    // bopael written without BOP_VFRA: made from the fixture's own columns.
    std::fs::copy(fixture("formats/dst-sas/kotre.sas7bdat"), tmp.path().join("bopael.sas7bdat")).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(
        err.contains(
            "  bopael.sas7bdat: the required column KOM is missing; expected the columns PNR, KOM, BOP_VFRA, BOP_VTIL"
        ),
        "{err}"
    );
}

#[test]
fn wrong_types_name_file_row_and_column() {
    // bef's FOED_DAG holds the sex and KOEN the birth date: bef.parquet with two columns swapped.
    let tmp = copy("dst-parquet");
    std::fs::copy(fixture("formats/dst-parquet/kotre.parquet"), tmp.path().join("bef.parquet")).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(err.contains("bef.parquet: the required column FOED_DAG is missing"), "{err}");
}

#[test]
fn convert_writes_parquet_that_gives_the_same_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    run(&["convert", fixture("formats/dst-sas").to_str().unwrap(), out.to_str().unwrap()]).ok();
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["befolkning.parquet", "dream.parquet", "effektmaal-convert.json", "uddannelse.parquet"]);
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    assert_eq!(compute(&out, &by), compute(&fixture("basic"), &by));
    let check = run(&["check", out.to_str().unwrap()]).ok().stdout;
    assert!(
        check.contains("  befolkning.parquet           9 rows  Parquet  UTF-8         1980-01-01 – (open)"),
        "{check}"
    );
    // The stamp holds, so the cells were not checked again; the figures are those of check on
    // the original, code counts included.
    assert!(check.contains("  converted by effektmaal 0.1.0 from the DST layout (checksum "), "{check}");
    let original = run(&["check", fixture("formats/dst-sas").to_str().unwrap()]).ok().stdout;
    let codes = |s: &str| s[s.find("\nBenefit codes seen").unwrap()..].to_string();
    assert_eq!(codes(&check), codes(&original));
}

/// Rewrites one cell of a converted dream.parquet: column `week`, 0-based `row`, to `code`.
fn set_code(path: &std::path::Path, week: &str, row: usize, code: u16) {
    use polars::prelude::*;
    let mut df = ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap();
    let old: Vec<Option<u16>> = df.column(week).unwrap().u16().unwrap().iter().collect();
    let new: Vec<Option<u16>> = old.iter().enumerate().map(|(i, c)| if i == row { Some(code) } else { *c }).collect();
    df.replace(week, Column::new(week.into(), new)).unwrap();
    ParquetWriter::new(std::fs::File::create(path).unwrap()).finish(&mut df).unwrap();
}

#[test]
fn a_converted_file_changed_after_convert_is_checked_cell_by_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    run(&["convert", fixture("basic").to_str().unwrap(), out.to_str().unwrap()]).ok();
    let stamp = std::fs::read_to_string(out.join("effektmaal-convert.json")).unwrap();
    assert!(stamp.contains("\"dream.parquet\": \""), "{stamp}");
    // A valid change (C03 gets code 111 in week 2015-47): the files no longer match the stamp,
    // so every cell is checked and a warning says why; the figures follow the new file.
    let dream = out.join("dream.parquet");
    set_code(&dream, "y_1547", 2, 111);
    let r = run(&["check", out.to_str().unwrap()]).ok();
    assert!(
        r.stdout.contains(
            "  effektmaal-convert.json: the files no longer match the checksums written by convert (dream.parquet changed); every cell was checked"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("converted by effektmaal"), "{}", r.stdout);
    // A bad code: found, and named by file, row and column (never the person).
    set_code(&dream, "y_1547", 2, 1234);
    let err = run(&["check", out.to_str().unwrap()]).fails(3).stderr;
    assert!(
        err.contains(
            "  dream.parquet: row 3: column 4 (y_1547): 1234 is not a benefit code (expected a code of three digits such as 111, or empty or . for none)"
        ),
        "{err}"
    );
    assert!(!err.contains("C03"), "{err}");
}

/// dream.parquet of a converted extract rewritten by `f` (which may change its columns).
fn rewrite_dream(path: &std::path::Path, f: impl FnOnce(&mut polars::prelude::DataFrame)) {
    use polars::prelude::*;
    let mut df = ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap();
    f(&mut df);
    ParquetWriter::new(std::fs::File::create(path).unwrap()).finish(&mut df).unwrap();
}

#[test]
fn a_changed_packed_column_is_not_read() {
    // The weeks of each row are also packed in one binary column, which a read takes while the
    // stamp holds. Changed after convert (C03 on code 111 in all 13 weeks: one run), the stamp
    // no longer holds, the packed column is left unread and the week columns are checked and
    // read: the figures are those of the original.
    use polars::prelude::*;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    run(&["convert", fixture("basic").to_str().unwrap(), out.to_str().unwrap()]).ok();
    let stamp = std::fs::read_to_string(out.join("effektmaal-convert.json")).unwrap();
    assert!(
        stamp.contains(
            "\"packed\": {\n    \"weeks_column\": \"packed_weeks\",\n    \"first_week\": \"2015-W45\",\n    \"n_weeks\": 13,\n    \"months\": {\n      \"column\": \"packed_months\",\n      \"first_month\": \"2015-11\",\n      \"n_months\": 3\n    }\n  },\n  \"in_persons_order\": true,\n"
        ),
        "{stamp}"
    );
    // How full each DREAM column is, so a read that keeps the rows packed still knows which
    // months hold data: rows with a code per week (B02 in all 13, C03 in the first 4, G07's
    // 999 from 2015-W51), rows with a degree above 0 per month (A01, G07 and I09 in
    // November; B02, C03 and F06 too in December; A01, F06 and I09 in January).
    let stamped: serde_json::Value = serde_json::from_str(&stamp).unwrap();
    assert_eq!(
        stamped["fills"],
        serde_json::json!({
            "first_week": "2015-W45",
            "weeks": [2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2],
            "months": {"2015-11": 3, "2015-12": 6, "2016-01": 3}
        })
    );
    // How full each DREAM column is, so a read that keeps the rows packed still knows which
    // months hold data: rows with a code per week (B02 in all 13, C03 in the first 4, G07's
    // 999 from 2015-W51), rows with a degree above 0 per month (A01, G07 and I09 in
    // November; B02, C03 and F06 too in December; A01, F06 and I09 in January).
    let stamped: serde_json::Value = serde_json::from_str(&stamp).unwrap();
    assert_eq!(
        stamped["fills"],
        serde_json::json!({
            "first_week": "2015-W45",
            "weeks": [2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2],
            "months": {"2015-11": 3, "2015-12": 6, "2016-01": 3}
        })
    );
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    let want = compute(&fixture("basic"), &by);
    assert_eq!(compute(&out, &by), want);
    rewrite_dream(&out.join("dream.parquet"), |df| {
        let old: Vec<Vec<u8>> =
            df.column("packed_weeks").unwrap().binary().unwrap().iter().map(|b| b.unwrap().to_vec()).collect();
        // C03 packed as (651, 4) (0, 9).
        assert_eq!(old[2], [139, 2, 4, 0, 0, 0, 9, 0]);
        let mut new = old.clone();
        new[2] = vec![111, 0, 13, 0];
        let new: Vec<&[u8]> = new.iter().map(Vec::as_slice).collect();
        df.replace("packed_weeks", Column::new("packed_weeks".into(), new)).unwrap();
    });
    let r = run(&["check", out.to_str().unwrap()]).ok();
    assert!(
        r.stdout.contains("the files no longer match the checksums written by convert (dream.parquet changed)"),
        "{}",
        r.stdout
    );
    assert_eq!(compute(&out, &by), want);
}

/// The person ids of a Parquet file's `pnr` column, in order.
fn pnr_column(path: &std::path::Path) -> Vec<String> {
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap();
    df.column("pnr").unwrap().str().unwrap().iter().map(|s| s.unwrap().to_string()).collect()
}

#[test]
fn a_converted_extract_holds_its_rows_in_the_persons_order_and_its_months_as_bits() {
    // DREAM's and the education spells' rows reversed, and a row of a person not in the
    // population first: convert writes every file's rows in the persons' order (as befolkning
    // first gives them), the stranger's last, and says so in the stamp; the months employed
    // are packed as bits beside the degrees. A read links the rows by that order and takes
    // the bits: the figures are the original's, over all months and over one.
    let tmp = copy_fixture("basic");
    let reverse = |name: &str, extra: Option<&str>| {
        let text = std::fs::read_to_string(tmp.path().join(name)).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let header = lines.remove(0);
        lines.reverse();
        let mut out = vec![header];
        out.extend(extra);
        out.extend(lines);
        std::fs::write(tmp.path().join(name), out.join("\n") + "\n").unwrap();
    };
    let dream = std::fs::read_to_string(fixture("basic/dream.csv")).unwrap();
    let header: Vec<&str> = dream.lines().next().unwrap().split(',').collect();
    let cells: Vec<&str> = header[1..].iter().map(|c| if c.starts_with("y_") { "111" } else { "" }).collect();
    let stranger = format!("Z99,{}", cells.join(","));
    reverse("dream.csv", Some(&stranger));
    reverse("uddannelse.csv", None);
    let out = tmp.path().join("converted");
    run(&["convert", tmp.path().to_str().unwrap(), out.to_str().unwrap()]).ok();
    let persons = ["A01", "B02", "C03", "D04", "E05", "F06", "G07", "H08", "I09"];
    let mut dream_order = persons.to_vec();
    dream_order.push("Z99");
    assert_eq!(pnr_column(&out.join("dream.parquet")), dream_order);
    assert_eq!(pnr_column(&out.join("uddannelse.parquet")), ["C03", "D04"]);
    let stamp = std::fs::read_to_string(out.join("effektmaal-convert.json")).unwrap();
    assert!(stamp.contains("\"in_persons_order\": true"), "{stamp}");
    assert!(stamp.contains("\"column\": \"packed_months\""), "{stamp}");
    let check = run(&["check", out.to_str().unwrap()]).ok().stdout;
    assert!(check.contains("every file matches its checksum"), "{check}");
    assert!(check.contains("  rows not in the population           1\n"), "{check}");
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    assert_eq!(compute(&out, &by), compute(&fixture("basic"), &by));
    let december = ["--from", "2015-12", "--to", "2015-12"];
    assert_eq!(compute(&out, &december), compute(&fixture("basic"), &december));
    // The bits, read: A01 is employed (grad above 0) in no month, I09 in December and January.
    let bits: Vec<Vec<u8>> = {
        use polars::prelude::*;
        let df = ParquetReader::new(std::fs::File::open(out.join("dream.parquet")).unwrap()).finish().unwrap();
        df.column("packed_months").unwrap().binary().unwrap().iter().map(|b| b.unwrap().to_vec()).collect()
    };
    let months: Vec<usize> = (0..header.len()).filter(|&c| header[c].starts_with("grad_")).collect();
    assert_eq!(months.iter().map(|&c| header[c]).collect::<Vec<_>>(), ["grad_2015_11", "grad_2015_12", "grad_2016_01"]);
    let mut employed_somewhere = 0;
    for (i, p) in persons.iter().enumerate() {
        let line: Vec<&str> = dream.lines().find(|l| l.starts_with(p)).unwrap().split(',').collect();
        let want: u8 = months
            .iter()
            .enumerate()
            .map(|(k, &c)| u8::from(!line[c].is_empty() && line[c].parse::<f64>().unwrap() > 0.0) << k)
            .sum();
        employed_somewhere += usize::from(want != 0);
        assert_eq!(bits[i], [want], "{p}: {:?}", months.iter().map(|&c| line[c]).collect::<Vec<_>>());
    }
    assert!(employed_somewhere >= 2, "the fixture has persons employed");
    assert_eq!(bits[9], [0], "Z99");
}

#[test]
fn a_converted_extract_is_checked_by_blake3_else_by_sha256() {
    // The stamp holds each file's BLAKE3 beside its SHA-256: a read checks the files by BLAKE3
    // and shows the SHA-256, which must be the file's. A stamp without BLAKE3 (as written
    // before), or whose BLAKE3 is wrong, has the files checked by SHA-256; a file changed after
    // convert is named either way.
    use sha2::{Digest, Sha256};
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    run(&["convert", fixture("basic").to_str().unwrap(), out.to_str().unwrap()]).ok();
    let path = out.join("effektmaal-convert.json");
    let original: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let hex = |b: &[u8]| b.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let check = || run(&["check", out.to_str().unwrap()]).ok().stdout;
    let trusted = "  converted by effektmaal 0.1.0 from the effektmaal layout (checksum ";
    let first = check();
    assert!(first.contains(trusted), "{first}");
    for name in ["befolkning.parquet", "dream.parquet", "uddannelse.parquet"] {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(original["blake3"][name], blake3::hash(&bytes).to_hex().as_str(), "{name}");
        let sha = hex(&Sha256::digest(&bytes));
        assert_eq!(original["files"][name], sha.as_str(), "{name}");
        assert!(first.contains(&format!("sha256 {sha}\n")), "{name}:\n{first}");
    }
    let write =
        |stamp: &serde_json::Value| std::fs::write(&path, serde_json::to_string_pretty(stamp).unwrap()).unwrap();
    // Without BLAKE3, and with a wrong one: the same summary, every file checked by SHA-256.
    let mut without = original.clone();
    without.as_object_mut().unwrap().remove("blake3").unwrap();
    write(&without);
    assert_eq!(check(), first);
    let mut wrong = original.clone();
    wrong["blake3"]["befolkning.parquet"] = serde_json::Value::String("00".repeat(32));
    write(&wrong);
    assert_eq!(check(), first);
    // befolkning.parquet written again by another writer (the same rows, other bytes): named.
    write(&original);
    let befolkning = out.join("befolkning.parquet");
    let before = std::fs::read(&befolkning).unwrap();
    {
        use polars::prelude::*;
        let mut df = ParquetReader::new(std::fs::File::open(&befolkning).unwrap()).finish().unwrap();
        ParquetWriter::new(std::fs::File::create(&befolkning).unwrap())
            .with_compression(ParquetCompression::Uncompressed)
            .finish(&mut df)
            .unwrap();
    }
    assert_ne!(std::fs::read(&befolkning).unwrap(), before);
    let changed = check();
    assert!(
        changed.contains(
            "  effektmaal-convert.json: the files no longer match the checksums written by convert (befolkning.parquet changed); every cell was checked"
        ),
        "{changed}"
    );
    assert!(!changed.contains(trusted), "{changed}");
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    assert_eq!(compute(&out, &by), compute(&fixture("basic"), &by));
}

#[test]
fn an_extract_converted_without_packed_weeks_still_reads() {
    // As `convert` wrote extracts before the packed column: dream.parquet with the week and
    // month columns only, a stamp without "packed" (its checksum that of the file). The stamp
    // holds, and the week columns are read.
    use sha2::{Digest, Sha256};
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    run(&["convert", fixture("formats/dst-sas").to_str().unwrap(), out.to_str().unwrap()]).ok();
    let dream = out.join("dream.parquet");
    rewrite_dream(&dream, |df| {
        df.drop_in_place("packed_weeks").unwrap();
    });
    let sha: String = Sha256::digest(std::fs::read(&dream).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
    let path = out.join("effektmaal-convert.json");
    let mut stamp: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    stamp.as_object_mut().unwrap().remove("packed").unwrap();
    stamp.as_object_mut().unwrap().remove("blake3").unwrap();
    stamp["files"]["dream.parquet"] = serde_json::Value::String(sha);
    std::fs::write(&path, serde_json::to_string_pretty(&stamp).unwrap()).unwrap();
    let check = run(&["check", out.to_str().unwrap()]).ok().stdout;
    assert!(check.contains("  converted by effektmaal 0.1.0 from the DST layout (checksum "), "{check}");
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    assert_eq!(compute(&out, &by), compute(&fixture("basic"), &by));
    let december = ["--from", "2015-12", "--to", "2015-12"];
    assert_eq!(compute(&out, &december), compute(&fixture("basic"), &december));
}

#[test]
fn a_window_of_months_gives_the_figures_of_the_whole_file() {
    // Decoding only December 2015 (compute --from/--to) gives December's figures as computed
    // from all weeks, in the CSV, SAS and Parquet readers alike.
    for v in ["../basic", "dst-sas", "dst-parquet", "effektmaal-parquet"] {
        let dir = fixture(&format!("formats/{v}"));
        let by = ["--by", "age,sex,herkomst,omraade,status"];
        let all = compute(&dir, &[&by[..], &["--from", "2015-11", "--to", "2016-01"]].concat());
        let december = compute(&dir, &[&by[..], &["--from", "2015-12", "--to", "2015-12"]].concat());
        let lines = |text: &str| -> Vec<String> {
            text.lines().filter(|l| l.contains("2015-12")).map(String::from).collect::<Vec<_>>()
        };
        assert!(lines(&all).len() > 20, "{v}: {all}");
        assert_eq!(lines(&december), lines(&all), "{v}");
        assert_eq!(december.lines().next(), all.lines().next(), "{v}: the header");
    }
}

#[test]
fn csv_file_names_are_matched_without_regard_to_case() {
    let tmp = copy_fixture("basic");
    std::fs::rename(tmp.path().join("dream.csv"), tmp.path().join("DREAM.CSV")).unwrap();
    assert_eq!(compute(tmp.path(), &[]), compute(&fixture("basic"), &[]));
    std::fs::copy(fixture("basic/dream.csv"), tmp.path().join("dream.csv")).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(
        err.contains(
            "  DREAM.CSV: 2 files could be dream.csv (DREAM.CSV, dream.csv): their names differ only in case; keep one"
        ),
        "{err}"
    );
}

#[test]
fn convert_writes_nothing_for_a_broken_extract() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("converted");
    let err = run(&["convert", fixture("../corpus/sas-raw-cpr-pnr").to_str().unwrap(), out.to_str().unwrap()])
        .fails(3)
        .stderr;
    assert!(err.contains("dream.sas7bdat: row 3: column 1 (PNR): the person id looks like a raw CPR number"), "{err}");
    assert!(!out.exists());
}

#[test]
fn an_unknown_country_code_is_unknown_origin_with_a_warning() {
    let tmp = copy("dst-csv");
    let bef = tmp.path().join("bef.csv");
    let text = std::fs::read(&bef).unwrap();
    let changed = String::from_utf8_lossy(&text).replace("F06;03MAR1985;2;2;5120;", "F06;03MAR1985;2;2;5901;");
    assert_ne!(changed, String::from_utf8_lossy(&text));
    std::fs::write(&bef, changed.as_bytes()).unwrap();
    let r =
        run(&["compute", tmp.path().to_str().unwrap(), "--format", "csv", "--no-suppression", "--by", "herkomst"]).ok();
    assert!(
        r.stderr.contains(
            "warning: the country code 5901 (OPR_LAND) is not in the country table (shipped (docs/oprindelse.md)): 1 person counted as of unknown origin"
        ),
        "{}",
        r.stderr
    );
    let rows = parse_csv(&r.stdout);
    // F06 (vestlig immigrant, moved in 15 Dec: 3 job weeks in December) moves to the new group.
    let unknown = find(&rows, "uddannelse_job", "2015-12", "herkomst", "Indvandrer/efterkommer, uoplyst oprindelse");
    assert_eq!(unknown.numerator, Some(0.6));
    let vestlig = find(&rows, "uddannelse_job", "2015-12", "herkomst", "Indvandrer, vestlig");
    assert_eq!(vestlig.denominator, Some(0.0));
}

#[test]
fn formats_mix_in_one_directory_and_csv_problems_keep_their_lines() {
    let tmp = copy_fixture("basic");
    std::fs::remove_file(tmp.path().join("dream.csv")).unwrap();
    std::fs::copy(fixture("formats/effektmaal-sas/dream.sas7bdat"), tmp.path().join("dream.sas7bdat")).unwrap();
    assert_eq!(compute(tmp.path(), &[]), compute(&fixture("basic"), &[]));
    let out = run(&["check", tmp.path().to_str().unwrap()]).ok().stdout;
    assert!(out.contains("  dream.sas7bdat               9 rows  SAS7BDAT UTF-8         2015-W45 – 2016-W04"), "{out}");
    // A bad date in the CSV file is still named by its line, and a spell that ends before it
    // begins (found by the loader in the rewritten text) is put back at its line too.
    let bef = tmp.path().join("befolkning.csv");
    let text = std::fs::read_to_string(&bef).unwrap();
    let text = text.replace("C03,1990-07-01", "C03,1990-07-32").replace("2015-11-20", "1999-11-20");
    std::fs::write(&bef, text).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(err.contains("  befolkning.csv:4: column 2 (foedselsdato): \"1990-07-32\" is not a date"), "{err}");
    std::fs::write(
        &bef,
        std::fs::read_to_string(fixture("basic/befolkning.csv")).unwrap().replace("2015-11-20", "1999-11-20"),
    )
    .unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(err.contains("  befolkning.csv:9: column 9 (til): the spell ends (1999-11-20) before it begins"), "{err}");
}

#[test]
fn problems_the_loader_finds_are_put_back_in_the_dst_files() {
    let tmp = copy("dst-csv");
    let path = tmp.path().join("bopael.csv");
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    std::fs::write(&path, text.replace("H08;0461;01-01-2001;20-11-2015", "H08;0461;01-01-2001;20-11-1999")).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(
        err.contains(
            "  bopael.csv:9: column 4 (BOP_VTIL): the spell ends (1999-11-20) before it begins (fra 2001-01-01)"
        ),
        "{err}"
    );
    // A person in bopael without a row in bef.
    let bef = tmp.path().join("bef.csv");
    let bytes = std::fs::read(&bef).unwrap();
    let kept: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|l| !l.starts_with(b"I09;")).collect();
    std::fs::write(&bef, kept.join(&b'\n')).unwrap();
    let err = run(&["check", tmp.path().to_str().unwrap()]).fails(3).stderr;
    assert!(
        err.contains("  bopael.csv:10: column 1 (PNR): the person of this residence spell has no row in bef.csv"),
        "{err}"
    );
    assert!(!err.contains("I09"), "{err}");
}

/// The sample extract in a temp dir, with `dream.csv` rewritten line by line by `edit` (line 0
/// is the header).
fn sample_with_dream(edit: impl Fn(usize, &str) -> String) -> tempfile::TempDir {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let tmp = tempfile::tempdir().unwrap();
    for f in ["befolkning.csv", "uddannelse.csv"] {
        std::fs::copy(sample.join(f), tmp.path().join(f)).unwrap();
    }
    let dream = std::fs::read_to_string(sample.join("dream.csv")).unwrap();
    let out: String = dream.lines().enumerate().map(|(i, l)| edit(i, l)).collect();
    std::fs::write(tmp.path().join("dream.csv"), out).unwrap();
    tmp
}

/// Cells written other ways that mean the same: blanks around a code, a degree with a sign or a
/// trailing zero, an id with a blank after it, CRLF line ends.
fn odd_but_valid(i: usize, line: &str) -> String {
    let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
    if i > 0 {
        if i.is_multiple_of(7)
            && let Some(c) = cells.iter_mut().skip(1).find(|c| c.len() == 3)
        {
            *c = format!(" {c} ");
        }
        if i.is_multiple_of(11)
            && let Some(c) = cells.iter_mut().find(|c| c.starts_with("0."))
        {
            *c = format!("+{c}0");
        }
        if i.is_multiple_of(17) {
            cells[0].push(' ');
        }
    }
    let end = if i % 13 == 5 { "\r\n" } else { "\n" };
    cells.join(",") + end
}

/// A file with a quote anywhere is read record by record the long way; one without is read on
/// every core and each plain row the short way (`DreamLine`). Both must read every row alike.
#[test]
fn dream_rows_read_the_short_way_give_what_the_long_way_gives() {
    let original = sample_with_dream(|_, l| format!("{l}\n"));
    let plain = sample_with_dream(odd_but_valid);
    // The same with one id quoted: the whole file goes the long way.
    let quoted = sample_with_dream(|i, l| {
        let l = odd_but_valid(i, l);
        if i == 3 { format!("\"{}\"{}", &l[..l.find(',').unwrap()], &l[l.find(',').unwrap()..]) } else { l }
    });
    let by = ["--by", "age,sex,herkomst,omraade,status"];
    let want = compute(original.path(), &by);
    assert!(want.lines().count() > 1000, "{want}");
    assert_eq!(compute(plain.path(), &by), want, "odd but valid cells, read the short way");
    assert_eq!(compute(quoted.path(), &by), want, "odd but valid cells, read the long way");

    // Cells that are wrong give the same messages, naming the same lines and columns.
    let broken = |i: usize, l: &str| -> String {
        let l = odd_but_valid(i, l);
        match i {
            100 => l.replacen(",,", ",65x,", 1),
            200 => l.replacen(",,", ",0,", 1),
            300 => l.replacen(",,", ",,,", 1),
            _ => l,
        }
    };
    let plain = sample_with_dream(broken);
    let quoted = sample_with_dream(|i, l| {
        let l = broken(i, l);
        if i == 3 { format!("\"{}\"{}", &l[..l.find(',').unwrap()], &l[l.find(',').unwrap()..]) } else { l }
    });
    let a = run(&["check", plain.path().to_str().unwrap()]).fails(3).stderr;
    let b = run(&["check", quoted.path().to_str().unwrap()]).fails(3).stderr;
    assert_eq!(
        a.replace(&plain.path().display().to_string(), "DIR"),
        b.replace(&quoted.path().display().to_string(), "DIR")
    );
    for want in [
        "dream.csv:101: column",
        "\"65x\" is not an employment degree",
        "dream.csv:201: column",
        "dream.csv:301: expected",
    ] {
        assert!(a.contains(want), "{want:?} not in\n{a}");
    }
}
