//! The two small optional files (`beskaeftigelse`, `ydelseskoder`) of a layout read through
//! `Table`, rewritten as effektmaal CSV text for the checks that read them as CSV, with the
//! way back to their cells ([`Provenance`]).

use super::cells::{file_read, locate, pnr_cell};
use crate::error::Problems;
use crate::extract::csv::{CsvText, TextEncoding, quote};
use crate::extract::layout::{Field, Input, Layout};
use crate::extract::source::{Format, Table, Value};
use crate::extract::typed::{Inputs, Part, Provenance};
use crate::extract::values;
use std::collections::BTreeMap;

/// A rewritten file being built: its header, lines and origins.
struct Builder {
    name: &'static str,
    text: String,
    origin: Provenance,
}

impl Builder {
    fn new(name: &'static str, header: &[&str]) -> Builder {
        let mut text = header.join(";");
        text.push('\n');
        Builder { name, text, origin: Provenance::default() }
    }

    fn part(&mut self, table: &Table, columns: &[(&str, usize)]) {
        self.origin.parts.push(Part {
            file: table.name.clone(),
            by_row: table.format != Format::Csv,
            columns: columns.iter().map(|(n, c)| (n.to_string(), (c + 1, table.columns[*c].clone()))).collect(),
            rows: Vec::new(),
        });
    }

    /// Adds a line; `rows[i]` is the original row of part `i`.
    fn line(&mut self, fields: &[String], rows: &[usize]) {
        let line: Vec<String> = fields.iter().map(|f| quote(f, b';')).collect();
        self.text.push_str(&line.join(";"));
        self.text.push('\n');
        for (part, row) in self.origin.parts.iter_mut().zip(rows) {
            part.rows.push(*row);
        }
    }

    fn finish(self, sha256: String) -> (CsvText, Provenance) {
        let csv = CsvText {
            name: self.name.to_string(),
            text: self.text,
            encoding: TextEncoding::Utf8,
            separator: b';',
            sha256,
        };
        (csv, self.origin)
    }
}

/// Employment beyond DREAM, and the code map: small text files, passed on as read, as
/// effektmaal CSV text with the way back to their cells.
pub(super) fn small_texts(
    tables: &BTreeMap<Input, Table>,
    layout: &Layout,
    trusted: bool,
    problems: &mut Problems,
    out: &mut Inputs,
) {
    for (input, name, fields) in [
        (Input::Beskaeftigelse, "beskaeftigelse.csv", &[Field::Pnr, Field::Maaned, Field::Grad][..]),
        (Input::Ydelseskoder, "ydelseskoder.csv", &[Field::Kode, Field::Tekst, Field::Gruppe, Field::Status][..]),
    ] {
        if let (Some(t), Some(spec)) = (tables.get(&input), layout.file(input))
            && let Some(at) = locate(t, spec, input, problems)
        {
            let cols: Vec<usize> = fields.iter().map(|f| at[f]).collect();
            let header: Vec<&'static str> = fields.iter().map(|f| f.id()).collect();
            let mut b = Builder::new(name, &header);
            let part_cols: Vec<(&str, usize)> = header.iter().copied().zip(cols.iter().copied()).collect();
            b.part(t, &part_cols);
            let rows = t.rows(&cols, problems, |row, cells, problems| {
                if fields[0] == Field::Pnr && pnr_cell(t, row, cols[0], &cells[0], trusted, problems).is_none() {
                    return;
                }
                let line: Vec<String> = cells.iter().zip(fields).map(|(v, f)| as_text(v, *f)).collect();
                b.line(&line, &[row]);
            });
            out.read.push(file_read(input, t, rows, cols.len()));
            let (csv, origin) = b.finish(t.sha256.clone());
            out.texts.insert(name, csv);
            out.origins.insert(name, origin);
        }
    }
}

/// A cell of a small file as effektmaal CSV text: a code or person id as its key (`111.0` is
/// `111`).
fn as_text(v: &Value, field: Field) -> String {
    match v {
        Value::Missing => String::new(),
        Value::Text(s) => s.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Number(x) if field == Field::Kode || field == Field::Pnr => {
            values::key(v).unwrap_or_else(|| x.to_string())
        }
        Value::Number(x) => x.to_string(),
    }
}
