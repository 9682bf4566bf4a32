//! The municipalities of a national extract (`simulate --national`): their codes, names and
//! sizes from `kommuner.csv`, how each shifts its residents' standing, and the residence
//! spells of a person who lives in several in turn.

use super::options::KOMMUNE;
use super::rng::Rng;
use crate::extract::Spell;
use chrono::{Duration, NaiveDate};

/// The shipped table: `kode,navn,folketal,niveau` (see `docs/kommuner.md`).
pub const KOMMUNER_CSV: &str = include_str!("kommuner.csv");

/// One municipality of the shipped table.
#[derive(Debug, Clone, PartialEq)]
pub struct Kommune {
    pub kode: u16,
    pub navn: &'static str,
    /// Population (FOLK1A, see `docs/kommuner.md`).
    pub folketal: u32,
    /// Level of the share in job or education relative to the national level, in percentage
    /// points.
    pub niveau: f64,
    /// Shift of `z` for persons living here (0 for Odense).
    pub(super) shift: f64,
}

/// The 98 municipalities, with cumulative population weights for drawing.
#[derive(Debug, Clone)]
pub struct Kommuner {
    list: Vec<Kommune>,
    cum: Vec<f64>,
}

impl Kommuner {
    /// The shipped table. Its validity is checked by a test; a broken table is a build error
    /// in spirit, so this panics with the line.
    pub fn embedded() -> Kommuner {
        let mut list = Vec::new();
        for (n, line) in KOMMUNER_CSV.lines().enumerate().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let bad = || format!("kommuner.csv:{}: expected kode,navn,folketal,niveau", n + 1);
            assert!(f.len() == 4, "{}", bad());
            let kode = f[0].parse::<u16>().unwrap_or_else(|_| panic!("{}", bad()));
            let folketal = f[2].parse::<u32>().unwrap_or_else(|_| panic!("{}", bad()));
            let niveau = f[3].parse::<f64>().unwrap_or_else(|_| panic!("{}", bad()));
            list.push(Kommune { kode, navn: f[1], folketal, niveau, shift: 0.0 });
        }
        let odense = list.iter().find(|k| k.kode == KOMMUNE).map_or(0.0, |k| k.niveau);
        let mut cum = Vec::with_capacity(list.len());
        let mut total = 0.0;
        for k in &mut list {
            k.shift = Z_PER_PP * (k.niveau - odense);
            total += k.folketal as f64;
            cum.push(total);
        }
        Kommuner { list, cum }
    }

    pub fn list(&self) -> &[Kommune] {
        &self.list
    }

    pub fn get(&self, kode: u16) -> Option<&Kommune> {
        self.list.iter().find(|k| k.kode == kode)
    }

    /// A municipality drawn by population, other than `except`.
    pub(super) fn pick(&self, r: &mut Rng, except: Option<u16>) -> &Kommune {
        let total = self.cum.last().copied().unwrap_or(0.0);
        loop {
            let x = r.u() * total;
            let i = self.cum.partition_point(|&c| c <= x).min(self.list.len() - 1);
            let k = &self.list[i];
            if Some(k.kode) != except || self.list.len() == 1 {
                return k;
            }
        }
    }
}

/// The residence spells of a person whose home is `home`: the Odense model's spells (`area`,
/// `fra`, `til`) placed in the home municipality, and the time between them spent in other
/// municipalities.
#[allow(clippy::too_many_arguments)]
pub(super) fn national_spells(
    kommuner: &Kommuner,
    home: u16,
    spells: &[(u8, NaiveDate, Option<NaiveDate>)],
    domestic_arrival: bool,
    gone_day: Option<NaiveDate>,
    birth: NaiveDate,
    aw: &[f64],
    r: &mut Rng,
) -> Vec<Spell> {
    let day = Duration::days(1);
    let mut out: Vec<Spell> = Vec::with_capacity(spells.len() * 2 + 1);
    let away = |r: &mut Rng, fra: NaiveDate, til: Option<NaiveDate>, out: &mut Vec<Spell>| {
        let k = kommuner.pick(r, Some(home)).kode;
        let omraade = if k == KOMMUNE { r.pick(aw) as u16 } else { NO_AREA };
        out.push(Spell { line: 0, person: 0, kommune: k, omraade, fra, til });
    };
    let home_area = |area: u8| if home == KOMMUNE { area as u16 } else { NO_AREA };
    if let Some(&(_, first_fra, _)) = spells.first()
        && domestic_arrival
    {
        let years = 1.0 + r.u() * 15.0;
        let fra = (first_fra - Duration::days((years * 365.25) as i64)).max(birth);
        if first_fra - day >= fra {
            away(r, fra, Some(first_fra - day), &mut out);
        }
    }
    for (j, &(area, fra, til)) in spells.iter().enumerate() {
        out.push(Spell { line: 0, person: 0, kommune: home, omraade: home_area(area), fra, til });
        let Some(til) = til else { break };
        let next = spells.get(j + 1).map(|s| s.1);
        match (next, gone_day) {
            (Some(next), _) => {
                if next - day > til {
                    away(r, til + day, Some(next - day), &mut out);
                }
            }
            (None, Some(gone)) => {
                if gone > til {
                    away(r, til + day, Some(gone), &mut out);
                }
            }
            (None, None) => away(r, til + day, None, &mut out),
        }
    }
    for (line, s) in out.iter_mut().enumerate() {
        s.line = line;
    }
    out
}

/// `omraade` of a residence spell outside Odense: no local area (written as an empty cell).
pub(super) const NO_AREA: u16 = u16::MAX;

/// Shift of the latent propensity `z` per percentage point of `niveau` (the share in job or
/// education). Chosen so that the realised spread between municipalities is close to the
/// table's (measured in `docs/kommuner.md`).
pub(super) const Z_PER_PP: f64 = 0.09;
