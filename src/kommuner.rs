//! Denmark's 98 municipalities since 2007: code, short name and the authority's own name
//! (`kommuner.csv`, from Danmarks Statistik's classification of municipalities, KOMMUNER; the
//! codes are those of the KOM variable). And the comparison groups a report uses.

use std::sync::OnceLock;

/// A municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kommune {
    pub kode: u16,
    /// The name in a table: "Aalborg".
    pub navn: &'static str,
    /// The authority: "Aalborg Kommune", "Københavns Kommune", "Bornholms Regionskommune".
    pub myndighed: &'static str,
}

const TABLE: &str = include_str!("kommuner.csv");

/// All 98, by code.
pub fn all() -> &'static [Kommune] {
    static ALL: OnceLock<Vec<Kommune>> = OnceLock::new();
    ALL.get_or_init(|| {
        TABLE
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut f = l.split(';');
                let (kode, navn, myndighed) = (f.next(), f.next(), f.next());
                Kommune {
                    kode: kode.and_then(|k| k.parse().ok()).expect("kommuner.csv: a code"),
                    navn: navn.expect("kommuner.csv: a name"),
                    myndighed: myndighed.expect("kommuner.csv: an authority"),
                }
            })
            .collect()
    })
}

pub fn get(kode: u16) -> Option<&'static Kommune> {
    all().iter().find(|k| k.kode == kode)
}

/// The name in a table ("Aalborg"), or "Kommune 999" for a code that is not a municipality.
pub fn navn(kode: u16) -> String {
    get(kode).map(|k| k.navn.to_string()).unwrap_or_else(|| format!("Kommune {kode}"))
}

/// The six cities that compare their employment efforts as "6-byerne" (København, Aarhus,
/// Odense, Aalborg, Esbjerg and Randers; their joint proposal "Et arbejdsliv for alle – udspil
/// fra 6-byerne" to the Carsten Koch expert group, 2015).
pub const SEKS_BYER: [u16; 6] = [101, 751, 461, 851, 561, 730];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_the_98_municipalities_once_each() {
        let all = all();
        assert_eq!(all.len(), 98);
        let mut codes: Vec<u16> = all.iter().map(|k| k.kode).collect();
        codes.dedup();
        assert_eq!(codes.len(), 98, "codes are sorted and unique");
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(get(461).unwrap().myndighed, "Odense Kommune");
        assert_eq!(get(101).unwrap().myndighed, "Københavns Kommune");
        assert_eq!(navn(851), "Aalborg");
        assert_eq!(navn(411), "Kommune 411", "Christiansø is not a municipality");
        assert!(SEKS_BYER.iter().all(|&k| get(k).is_some()));
    }
}
