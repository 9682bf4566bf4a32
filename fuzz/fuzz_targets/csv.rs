//! The CSV reader: decoding, separator detection, records, header checks and field counts.
//! Any bytes must give records or problems, never a panic or a hang.

#![no_main]

use effektmaal::extract::csv::CsvText;
use effektmaal::extract::table;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let csv = match CsvText::from_bytes("fuzz.csv", data) {
        Ok(csv) => csv,
        Err(problem) => {
            assert_eq!(problem.file, "fuzz.csv");
            let _ = problem.to_string();
            return;
        }
    };
    assert!([b';', b',', b'\t'].contains(&csv.separator));
    // Every record starts on a line at or after the previous one, and within the text.
    let lines = csv.text.split('\n').count();
    let mut last = 0;
    for rec in csv.records() {
        match rec {
            Ok(rec) => {
                assert!(rec.line >= last.max(1) && rec.line <= lines, "line {} after {last} of {lines}", rec.line);
                assert!(!rec.fields.is_empty());
                last = rec.line;
            }
            Err(problem) => {
                let _ = problem.to_string();
            }
        }
    }
    // The same text seen as a table with a required column.
    match table::open(&csv, &["pnr", "fra"]) {
        Ok((header, records)) => {
            for rec in records.flatten() {
                if let Err(p) = table::check_width(&csv, &header, &rec) {
                    let _ = p.to_string();
                }
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            let _ = problems.to_string();
        }
    }
});
