//! The code map read from its CSV file, `ydelseskoder.csv` (columns `kode`, `tekst`, `gruppe`,
//! `status`): the extract's own, or the embedded default (`method::codemap`), each row checked.

use super::csv::CsvText;
use super::{fields, table};
use crate::error::{Problem, Problems};
use crate::method::codemap::{CodeEntry, CodeMap, CodeStatus, DEFAULT_MAP, GONE_STATUS};
use crate::method::status::Status;

impl CodeMap {
    /// The embedded default map.
    pub fn embedded() -> CodeMap {
        let csv = CsvText::from_bytes("ydelseskoder.csv (embedded)", DEFAULT_MAP.as_bytes())
            .expect("embedded code map is valid CSV");
        let mut map = CodeMap::parse(&csv).expect("embedded code map is valid");
        map.source = "embedded default (docs/ydelseskoder.md)".to_string();
        map
    }

    /// Reads a code map with the columns `kode`, `tekst`, `gruppe`, `status`.
    pub fn parse(csv: &CsvText) -> Result<CodeMap, Problems> {
        let mut problems = Problems::default();
        let mut entries: Vec<Option<CodeEntry>> = vec![None; 1000];
        let mut first_line = vec![0usize; 1000];
        table::for_each_row(csv, &["kode", "tekst", "gruppe", "status"], &mut problems, |header, row, problems| {
            let col = |n: &str| header.position(n).expect("checked");
            let kode = row.cell(col("kode"));
            let code = match fields::code(kode.value) {
                Ok(c) => c as usize,
                Err(e) => {
                    problems.push(kode.problem(e));
                    return;
                }
            };
            let status_cell = row.cell(col("status"));
            let status = if status_cell.value == GONE_STATUS {
                CodeStatus::Gone
            } else if let Some(s) = Status::from_id(status_cell.value) {
                CodeStatus::Counted(s)
            } else {
                problems.push(status_cell.problem(format!(
                    "{} is not a status (expected one of {}, {GONE_STATUS})",
                    status_cell.shown(),
                    Status::ALL.map(|s| s.id()).join(", ")
                )));
                return;
            };
            if entries[code].is_some() {
                problems.push(kode.problem(format!(
                    "code {code} is listed twice (lines {} and {})",
                    first_line[code],
                    row.line()
                )));
                return;
            }
            first_line[code] = row.line();
            entries[code] = Some(CodeEntry {
                tekst: row.cell(col("tekst")).value.to_string(),
                gruppe: row.cell(col("gruppe")).value.to_string(),
                status,
            });
        });
        if entries.iter().all(Option::is_none) && problems.is_empty() {
            problems.push(Problem::file(&csv.name, "the code map lists no codes"));
        }
        if problems.is_empty() { Ok(CodeMap::new(entries, csv.name.clone())) } else { Err(problems) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_map_follows_the_domain_rules() {
        let map = CodeMap::embedded();
        for gone in [997, 998, 999] {
            assert_eq!(map.get(gone).map(|e| e.status), Some(CodeStatus::Gone), "code {gone}");
        }
        for su in [651, 652] {
            assert_eq!(map.get(su).map(|e| e.status), Some(CodeStatus::Counted(Status::Uddannelse)), "code {su}");
        }
        assert_eq!(map.get(111).map(|e| e.status), Some(CodeStatus::Counted(Status::LedigJobparat)));
    }

    /// Issue 8, §3: a user's map without 997–999 must not put the dead and emigrated back.
    #[test]
    fn codes_997_to_999_are_gone_by_the_method_when_a_user_map_lacks_them() {
        let csv =
            CsvText::from_bytes("ydelseskoder.csv", "kode;tekst;gruppe;status\n111;A;a;ledig_jobparat\n".as_bytes())
                .unwrap();
        let map = CodeMap::parse(&csv).unwrap();
        for gone in [997, 998, 999] {
            assert_eq!(map.status(gone), Some(CodeStatus::Gone), "code {gone}");
        }
        assert_eq!(map.status(111), Some(CodeStatus::Counted(Status::LedigJobparat)));
        assert_eq!(map.status(112), None);
        assert!(map.method_overrides().is_empty());
        let own = CsvText::from_bytes(
            "ydelseskoder.csv",
            "kode;tekst;gruppe;status\n998;Folkepension;folkepension;pension\n".as_bytes(),
        )
        .unwrap();
        let map = CodeMap::parse(&own).unwrap();
        assert_eq!(map.status(998), Some(CodeStatus::Counted(Status::Pension)));
        assert_eq!(map.method_overrides(), vec![(998, Status::Pension)]);
        assert_eq!(CodeMap::embedded().method_overrides(), vec![]);
    }

    #[test]
    fn user_map_problems_are_placed() {
        let csv = CsvText::from_bytes(
            "ydelseskoder.csv",
            "kode;tekst;gruppe;status\n111;A;a;ledig\n111;B;b;job\nx;C;c;job\n".as_bytes(),
        )
        .unwrap();
        let err = CodeMap::parse(&csv).unwrap_err();
        let msgs: Vec<String> = err.shown().iter().map(|p| p.to_string()).collect();
        assert_eq!(msgs.len(), 2);
        assert!(msgs[0].starts_with("ydelseskoder.csv:2: column 4 (status): \"ledig\" is not a status"), "{}", msgs[0]);
        assert!(msgs[1].starts_with("ydelseskoder.csv:4: column 1 (kode): \"x\" is not a benefit code"), "{}", msgs[1]);
    }
}
