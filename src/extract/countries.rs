//! Country of origin (`OPR_LAND`, Danmarks Statistik's four-digit country codes) → oprindelse
//! vestlig / ikke-vestlig, by DST's classification of countries in person statistics
//! (domain.md, "Breakdowns: herkomst × vestlig/ikke-vestlig"). The table ships as
//! `lande.csv` (its sources and date in `docs/oprindelse.md`) and a user may give their own.
//! A code the table lacks is unknown origin: the caller warns, never fails.

use super::csv::CsvText;
use super::table;
use crate::error::{Problem, Problems};
use std::collections::BTreeMap;

pub const DEFAULT_TABLE: &str = include_str!("lande.csv");

/// What a country code says about a person's origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Dansk,
    Vestlig,
    IkkeVestlig,
    /// The code itself means "unknown" (e.g. 5102 Udlandet uoplyst).
    Uoplyst,
}

impl Origin {
    fn parse(s: &str) -> Option<Origin> {
        match s.trim().to_lowercase().replace('-', "_").as_str() {
            "dansk" => Some(Origin::Dansk),
            "vestlig" => Some(Origin::Vestlig),
            "ikke_vestlig" => Some(Origin::IkkeVestlig),
            "uoplyst" => Some(Origin::Uoplyst),
            _ => None,
        }
    }
}

/// The table: code → (country name, origin).
#[derive(Debug, Clone)]
pub struct Countries {
    map: BTreeMap<u16, (String, Origin)>,
    /// Where the table came from, for the appendix: the shipped table or the user's file.
    pub source: String,
}

impl Countries {
    /// The shipped table.
    pub fn embedded() -> Countries {
        let csv = CsvText::from_bytes("lande.csv", DEFAULT_TABLE.as_bytes()).expect("the shipped table is CSV");
        let mut c = Countries::parse(&csv).expect("the shipped table is valid");
        c.source = "shipped (docs/oprindelse.md)".into();
        c
    }

    /// Reads a table with columns `opr_land`, `land`, `oprindelse`.
    pub fn parse(csv: &CsvText) -> Result<Countries, Problems> {
        let mut problems = Problems::default();
        let mut map = BTreeMap::new();
        let mut first_line: BTreeMap<u16, usize> = BTreeMap::new();
        table::for_each_row(csv, &["opr_land", "land", "oprindelse"], &mut problems, |h, row, problems| {
            let c = |n: &str| h.position(n).expect("required column");
            let code_cell = row.cell(c("opr_land"));
            let code = match code_cell.value.parse::<u16>() {
                Ok(k) if (1000..=9999).contains(&k) => k,
                _ => {
                    problems.push(code_cell.problem(format!(
                        "{} is not a country code (expected four digits such as 5100)",
                        code_cell.shown()
                    )));
                    return;
                }
            };
            let origin_cell = row.cell(c("oprindelse"));
            let Some(origin) = Origin::parse(origin_cell.value) else {
                problems.push(origin_cell.problem(format!(
                    "{} is not an oprindelse (expected dansk, vestlig, ikke_vestlig or uoplyst)",
                    origin_cell.shown()
                )));
                return;
            };
            if let Some(first) = first_line.insert(code, row.line()) {
                problems.push(
                    code_cell
                        .problem(format!("the country code {code} is also on line {first}: expected each code once")),
                );
                return;
            }
            map.insert(code, (row.cell(c("land")).value.to_string(), origin));
        });
        if problems.is_empty() { Ok(Countries { map, source: csv.name.clone() }) } else { Err(problems) }
    }

    /// The origin a code gives, `None` when the table does not know the code.
    pub fn origin(&self, code: u16) -> Option<Origin> {
        self.map.get(&code).map(|(_, o)| *o)
    }

    pub fn name(&self, code: u16) -> Option<&str> {
        self.map.get(&code).map(|(n, _)| n.as_str())
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn count(&self, origin: Origin) -> usize {
        self.map.values().filter(|(_, o)| *o == origin).count()
    }
}

/// A problem for a user's table that cannot be read at all.
pub fn missing_table(name: &str) -> Problem {
    Problem::file(name, "the country table named in effektmaal.toml is missing from the extract directory")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_follows_dsts_list() {
        let c = Countries::embedded();
        assert_eq!(c.len(), 215);
        assert_eq!(c.origin(5100), Some(Origin::Dansk));
        assert_eq!(c.name(5100), Some("Danmark"));
        // EU-28 (without Denmark) 27, EEA 3 (+ Iceland's second code), five small states, four
        // overseas countries.
        assert_eq!(c.count(Origin::Vestlig), 27 + 4 + 5 + 4);
        for (code, name) in [
            (5120, "Sverige"),
            (5170, "Storbritannien"),
            (5180, "Tyskland"),
            (5750, "Kroatien"),
            (5422, "Cypern"),
            (5110, "Norge"),
            (5107, "Liechtenstein"),
            (5176, "Vatikanstaten"),
            (5160, "Schweiz"),
            (5314, "Canada"),
            (5390, "USA"),
            (5502, "Australien"),
            (5514, "New Zealand"),
        ] {
            assert_eq!((c.name(code), c.origin(code)), (Some(name), Some(Origin::Vestlig)), "{code}");
        }
        for (code, name) in [(5172, "Tyrkiet"), (5486, "Syrien"), (5700, "Rusland"), (5757, "Serbien"), (5444, "Japan")]
        {
            assert_eq!((c.name(code), c.origin(code)), (Some(name), Some(Origin::IkkeVestlig)), "{code}");
        }
        assert_eq!(c.origin(5102), Some(Origin::Uoplyst));
        assert_eq!(c.origin(5901), None);
    }

    #[test]
    fn a_users_table_replaces_it_and_is_checked() {
        let csv = CsvText::from_bytes(
            "mine.csv",
            b"opr_land;land;oprindelse\n5100;Danmark;dansk\n5901;F\xe6r\xf8erne;vestlig\n",
        )
        .unwrap();
        let c = Countries::parse(&csv).unwrap();
        assert_eq!(c.origin(5901), Some(Origin::Vestlig));
        assert_eq!(c.name(5901), Some("Færøerne"));
        assert_eq!(c.origin(5120), None);
        let bad =
            CsvText::from_bytes("mine.csv", b"opr_land;land;oprindelse\n5100;Danmark;nordisk\n51;X;vestlig\n").unwrap();
        let shown: Vec<String> = Countries::parse(&bad).unwrap_err().shown().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            vec![
                "mine.csv:2: column 3 (oprindelse): \"nordisk\" is not an oprindelse (expected dansk, vestlig, ikke_vestlig or uoplyst)",
                "mine.csv:3: column 1 (opr_land): \"51\" is not a country code (expected four digits such as 5100)",
            ]
        );
    }
}
