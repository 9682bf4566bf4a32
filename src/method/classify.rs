//! Person-week statuses (`domain.md`, "Measuring"): who counts in which week, and with which
//! status. A person counts in a week when a residence spell covers the week's Thursday and the
//! person is 16–66 on the last day of the week's month; a code of 997–999 ("gone") takes the
//! person out that week; then first match wins: benefit code, education spell covering the
//! Thursday, employment degree > 0 that month, else `oevrige`.
//!
//! The result is one row per person, month and place (municipality and local area), with the
//! number of weeks in each status: the unit every figure is summed from.

use super::calendar::{Month, age_on};
use super::codemap::CodeStatus;
use super::status::Status;
use crate::extract::load::{Extract, Herkomst, Koen, Oprindelse, Spell};

/// The youngest and oldest age counted, on the month's last day.
pub const MIN_AGE: i32 = 16;
pub const MAX_AGE: i32 = 66;

/// What to classify.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub from: Month,
    pub to: Month,
    /// Only residence in this municipality counts; `None` = every municipality in the extract.
    pub kommune: Option<u16>,
}

/// Person-month rows in columns.
#[derive(Debug, Default)]
pub struct PersonMonths {
    pub person: Vec<u32>,
    pub month: Vec<i32>,
    pub kommune: Vec<u16>,
    pub omraade: Vec<u16>,
    pub age: Vec<u8>,
    pub koen: Vec<u8>,
    /// Herkomst × oprindelse, see [`origin_code`].
    pub origin: Vec<u8>,
    /// Weeks per status, indexed by [`Status::index`].
    pub weeks: [Vec<u8>; 10],
    /// Weeks in each row's month (4 or 5).
    pub weeks_in_month: Vec<u8>,
    /// Person-weeks whose code is not in the code map (counted as `oevrige`), by code.
    pub unknown_codes: std::collections::BTreeMap<u16, u64>,
}

impl PersonMonths {
    pub fn len(&self) -> usize {
        self.person.len()
    }

    pub fn is_empty(&self) -> bool {
        self.person.is_empty()
    }

    /// The rows of some months only (e.g. the quarters a report breaks down).
    pub fn only_months(&self, months: &[i32]) -> PersonMonths {
        let keep: Vec<usize> = (0..self.len()).filter(|&r| months.contains(&self.month[r])).collect();
        let pick = |v: &Vec<u8>| keep.iter().map(|&r| v[r]).collect::<Vec<u8>>();
        PersonMonths {
            person: keep.iter().map(|&r| self.person[r]).collect(),
            month: keep.iter().map(|&r| self.month[r]).collect(),
            kommune: keep.iter().map(|&r| self.kommune[r]).collect(),
            omraade: keep.iter().map(|&r| self.omraade[r]).collect(),
            age: pick(&self.age),
            koen: pick(&self.koen),
            origin: pick(&self.origin),
            weeks: std::array::from_fn(|i| pick(&self.weeks[i])),
            weeks_in_month: pick(&self.weeks_in_month),
            unknown_codes: self.unknown_codes.clone(),
        }
    }

    /// The row's status with most weeks (ties: earliest in [`Status::ALL`]), for flows.
    pub fn main_status(&self, row: usize) -> Status {
        let mut best = Status::Oevrige;
        let mut n = 0;
        for s in Status::ALL {
            let w = self.weeks[s.index()][row];
            if w > n {
                n = w;
                best = s;
            }
        }
        best
    }
}

/// Herkomst × oprindelse as one code: 0 dansk, 1 indvandrer vestlig, 2 indvandrer ikke-vestlig,
/// 3 efterkommer vestlig, 4 efterkommer ikke-vestlig, 5 indvandrer or efterkommer of unknown
/// origin (a country code the table lacks).
pub fn origin_code(h: Herkomst, o: Oprindelse) -> u8 {
    match (h, o) {
        (Herkomst::Dansk, _) | (_, Oprindelse::Dansk) => 0,
        (Herkomst::Indvandrer, Oprindelse::Vestlig) => 1,
        (Herkomst::Indvandrer, Oprindelse::IkkeVestlig) => 2,
        (Herkomst::Efterkommer, Oprindelse::Vestlig) => 3,
        (Herkomst::Efterkommer, Oprindelse::IkkeVestlig) => 4,
        (_, Oprindelse::Uoplyst) => 5,
    }
}

pub const ORIGIN_LABELS: [&str; 6] = [
    "Dansk oprindelse",
    "Indvandrer, vestlig",
    "Indvandrer, ikke-vestlig",
    "Efterkommer, vestlig",
    "Efterkommer, ikke-vestlig",
    "Indvandrer/efterkommer, uoplyst oprindelse",
];

/// The status of one person-week, or `None` when the person is gone that week.
pub fn week_status(
    ex: &Extract,
    person: u32,
    week_index: i32,
    thursday: chrono::NaiveDate,
    month: Month,
    unknown: &mut Option<u16>,
) -> Option<Status> {
    let code = ex.dream.code(person, week_index);
    if code != 0 {
        return match ex.codemap.status(code) {
            Some(CodeStatus::Gone) => None,
            Some(CodeStatus::Counted(s)) => Some(s),
            None => {
                *unknown = Some(code);
                Some(Status::Oevrige)
            }
        };
    }
    if ex.education[person as usize].iter().any(|&(f, t)| f <= thursday && t.is_none_or(|t| thursday <= t)) {
        return Some(Status::Uddannelse);
    }
    if ex.employed(person, month) {
        return Some(Status::Job);
    }
    Some(Status::Oevrige)
}

/// The residence that counts on `day`: of the spells covering it, the one that started last
/// (the current address); of spells starting the same day, the one on the later line. One
/// rule for the totals, `--by kommune` and `--kommune`, so a person resident in two
/// municipalities in the same week counts once, in one of them.
pub fn current_spell(spells: &[Spell], day: chrono::NaiveDate) -> Option<&Spell> {
    spells.iter().filter(|s| s.covers(day)).max_by_key(|s| (s.fra, s.line))
}

/// Classifies every person-week in scope.
pub fn classify(ex: &Extract, scope: Scope) -> PersonMonths {
    let months: Vec<(Month, Vec<(i32, chrono::NaiveDate)>)> = (scope.from.index()..=scope.to.index())
        .map(Month::from_index)
        .map(|m| (m, m.weeks().into_iter().map(|w| (w.index(), w.thursday())).collect()))
        .collect();
    let mut out = PersonMonths::default();
    // Per month, up to a few places: (kommune, omraade, weeks per status).
    let mut places: Vec<(u16, u16, [u8; 10])> = Vec::with_capacity(4);
    for (p, person) in ex.persons.iter().enumerate() {
        let spells = &ex.spells[p];
        if spells.is_empty() {
            continue;
        }
        let pid = p as u32;
        let koen = match person.koen {
            Koen::M => 0,
            Koen::K => 1,
        };
        let origin = origin_code(person.herkomst, person.oprindelse);
        for (month, weeks) in &months {
            let age = age_on(person.foedselsdato, month.last_day());
            if !(MIN_AGE..=MAX_AGE).contains(&age) {
                continue;
            }
            places.clear();
            for &(wi, thu) in weeks {
                let Some(spell) = current_spell(spells, thu) else {
                    continue;
                };
                if scope.kommune.is_some_and(|k| k != spell.kommune) {
                    continue;
                }
                let mut unknown = None;
                let Some(status) = week_status(ex, pid, wi, thu, *month, &mut unknown) else {
                    continue;
                };
                if let Some(code) = unknown {
                    *out.unknown_codes.entry(code).or_insert(0) += 1;
                }
                let slot = match places.iter().position(|pl| pl.0 == spell.kommune && pl.1 == spell.omraade) {
                    Some(i) => i,
                    None => {
                        places.push((spell.kommune, spell.omraade, [0; 10]));
                        places.len() - 1
                    }
                };
                places[slot].2[status.index()] += 1;
            }
            for (kommune, omraade, counts) in &places {
                out.person.push(pid);
                out.month.push(month.index());
                out.kommune.push(*kommune);
                out.omraade.push(*omraade);
                out.age.push(age as u8);
                out.koen.push(koen);
                out.origin.push(origin);
                for (i, c) in counts.iter().enumerate() {
                    out.weeks[i].push(*c);
                }
                out.weeks_in_month.push(weeks.len() as u8);
            }
        }
    }
    out
}
