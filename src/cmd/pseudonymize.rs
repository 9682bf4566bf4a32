//! `effektmaal pseudonymize --key KEYFILE IN_DIR OUT_DIR`: replaces every `pnr` with a keyed
//! hash (HMAC-SHA256 under the user's secret key), the same in every file, so an analyst can
//! make a usable extract from raw data. Other columns are copied unchanged; the output is
//! UTF-8 with the input's separator. No person id is ever printed.

use crate::error::{Error, Problem, Problems};
use crate::extract::csv::{CsvText, hex, quote};
use crate::extract::table;
use crate::report::output::write_atomically;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::path::Path;

/// Files with person ids; other known files are copied as they are.
const WITH_PNR: [&str; 4] = ["befolkning.csv", "dream.csv", "uddannelse.csv", "beskaeftigelse.csv"];
const COPIED: [&str; 3] = ["ydelseskoder.csv", "initiativer.csv", "benchmarks.csv"];

/// The pseudonym of a person id under a key: "P" and 24 hex digits of HMAC-SHA256.
pub fn pseudonym(key: &[u8], pnr: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(pnr.as_bytes());
    let out = mac.finalize().into_bytes();
    format!("P{}", &hex(&out)[..24])
}

/// A raw id as hashed: a CPR number in whatever form a file wrote it (with a dash, a space,
/// or its leading zero dropped) as its ten digits, so one person gets one pseudonym.
fn canonical(pnr: &str) -> String {
    crate::extract::fields::canonical_cpr(pnr).unwrap_or_else(|| pnr.to_string())
}

/// Pseudonymises one file's text.
pub fn file(csv: &CsvText, key: &[u8]) -> Result<String, Problems> {
    let sep = csv.separator;
    let sep_s = (sep as char).to_string();
    let mut problems = Problems::default();
    let mut out = String::with_capacity(csv.text.len());
    table::for_each_row(csv, &["pnr"], &mut problems, |header, row, problems| {
        if out.is_empty() {
            out.push_str(&header.names.iter().map(|n| quote(n, sep)).collect::<Vec<_>>().join(&sep_s));
            out.push('\n');
        }
        let col = header.position("pnr").expect("required");
        let pnr = row.record.fields[col].trim();
        if pnr.is_empty() {
            problems.push(row.cell(col).problem("the person id is empty"));
            return;
        }
        let fields: Vec<String> = row
            .record
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| if i == col { pseudonym(key, &canonical(pnr)) } else { quote(f, sep) })
            .collect();
        out.push_str(&fields.join(&sep_s));
        out.push('\n');
    });
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

pub fn run(key_path: &Path, input: &Path, output: &Path) -> anyhow::Result<()> {
    let key = std::fs::read(key_path).map_err(|e| {
        Error::input(Problem::file(&key_path.display().to_string(), format!("the key file cannot be read: {e}")))
    })?;
    let key: Vec<u8> = key.trim_ascii().to_vec();
    if key.len() < 32 {
        return Err(Error::input(Problem::file(
            &key_path.display().to_string(),
            format!("the key is {} bytes: expected at least 32 bytes of secret (e.g. head -c 48 /dev/urandom | base64 > key)", key.len()),
        ))
        .into());
    }
    if !input.is_dir() {
        return Err(Error::input(Problem::file(
            &input.display().to_string(),
            "the input extract directory cannot be opened",
        ))
        .into());
    }
    if input.canonicalize().ok() == output.canonicalize().ok() {
        return Err(Error::Usage("OUT_DIR must differ from IN_DIR: the raw extract is never overwritten".into()).into());
    }
    let mut problems = Problems::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for name in WITH_PNR.iter().chain(COPIED.iter()) {
        let path = input.join(name);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => {
                problems.push(Problem::file(name, format!("the file cannot be read: {e}")));
                continue;
            }
        };
        if COPIED.contains(name) {
            files.push((name.to_string(), bytes));
            continue;
        }
        match CsvText::from_bytes(name, &bytes) {
            Ok(csv) => match file(&csv, &key) {
                Ok(text) => files.push((name.to_string(), text.into_bytes())),
                Err(p) => problems.extend(p),
            },
            Err(p) => problems.push(p),
        }
    }
    problems.into_result()?;
    if files.is_empty() {
        return Err(Error::input(Problem::file(
            &input.display().to_string(),
            "holds none of the extract's files (befolkning.csv, dream.csv, …)",
        ))
        .into());
    }
    let refs: Vec<(String, &[u8])> = files.iter().map(|(n, b)| (n.clone(), &b[..])).collect();
    write_atomically(output, &refs, false)?;
    crate::ui::info(&format!("wrote {} pseudonymised files to {}", files.len(), output.display()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_person_same_pseudonym_and_key_matters() {
        let k1 = [7u8; 32];
        let k2 = [8u8; 32];
        assert_eq!(pseudonym(&k1, "0101901234"), pseudonym(&k1, "0101901234"));
        assert_ne!(pseudonym(&k1, "0101901234"), pseudonym(&k2, "0101901234"));
        assert_ne!(pseudonym(&k1, "0101901234"), pseudonym(&k1, "0101901235"));
        assert_eq!(pseudonym(&k1, "x").len(), 25);
        assert!(!crate::extract::fields::looks_like_cpr(&pseudonym(&k1, "0101901234")));
    }

    #[test]
    fn pnr_column_is_replaced_and_the_rest_kept() {
        let csv = CsvText::from_bytes("dream.csv", b"PNR;y_1601;grad_2016_01\n0101901234;111;0,5\n").unwrap();
        let out = file(&csv, &[1u8; 32]).unwrap();
        assert!(!out.contains("0101901234"));
        assert!(out.starts_with("pnr;y_1601;grad_2016_01\nP"));
        assert!(out.ends_with(";111;0,5\n"));
    }
}
