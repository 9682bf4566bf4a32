//! Person-week statuses (`domain.md`, "Measuring"): who counts in which week, and with which
//! status. A person counts in a week when a residence spell covers the week's Thursday and the
//! person is 16–66 on the last day of the week's month; a code of 997–999 ("gone") takes the
//! person out that week; then first match wins: benefit code, education spell covering the
//! Thursday, employment degree > 0 that month, else `oevrige`.
//!
//! The result, one person at a time, is the person's places (municipality and local area) in
//! each month with the number of weeks in each status: the unit every figure is summed from
//! (see `kpi::counts`, which sums them as it goes, so no person-month is ever kept).

use super::calendar::{Month, age_on};
use super::codemap::{CodeMap, CodeStatus};
use super::person::{Herkomst, Koen, Oprindelse, Person, Spell};
use super::status::Status;
use chrono::NaiveDate;

/// What classifying reads of an extract, a person at a time (`extract::Extract` gives it).
pub trait Register {
    fn codemap(&self) -> &CodeMap;
    fn person(&self, p: usize) -> Person;
    /// The person's residence spells, sorted by `fra`.
    fn spells(&self, p: usize) -> &[Spell];
    /// The person's education spells: fra, til.
    fn education(&self, p: usize) -> &[(NaiveDate, Option<NaiveDate>)];
    /// Whether the person was employed in `month` by data outside DREAM's rows.
    fn employed(&self, person: u32, month: Month) -> bool;
}

/// The youngest and oldest age counted, on the month's last day.
pub const MIN_AGE: i32 = 16;
pub const MAX_AGE: i32 = 66;

/// What to classify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub from: Month,
    pub to: Month,
    /// Only residence in this municipality counts; `None` = every municipality in the extract.
    pub kommune: Option<u16>,
}

/// Sex as a group code: 0 men, 1 women.
pub fn koen_code(k: Koen) -> u8 {
    match k {
        Koen::M => 0,
        Koen::K => 1,
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

/// Whether an education spell covers `day`.
fn enrolled(spells: &[(chrono::NaiveDate, Option<chrono::NaiveDate>)], day: chrono::NaiveDate) -> bool {
    spells.iter().any(|&(f, t)| f <= day && t.is_none_or(|t| day <= t))
}

/// The status of one person-week by the precedence rule of `domain.md`, first match wins: a
/// benefit code (`code` ≠ 0, whose meaning `meaning` gives, as [`CodeMap::status`] returns it:
/// gone → `None`, the week counts in no population; not in the code map → `oevrige`, reported
/// in `unknown`), enrolled in education, employed that month, else `oevrige`. The one copy of
/// the rule: the counting pass and the simulator's measuring step both call it.
///
/// [`CodeMap::status`]: super::codemap::CodeMap::status
pub fn first_match(
    code: u16,
    meaning: impl FnOnce() -> Option<CodeStatus>,
    enrolled: impl FnOnce() -> bool,
    employed: impl FnOnce() -> bool,
    unknown: &mut Option<u16>,
) -> Option<Status> {
    if code != 0 {
        return match meaning() {
            Some(CodeStatus::Gone) => None,
            Some(CodeStatus::Counted(s)) => Some(s),
            None => {
                *unknown = Some(code);
                Some(Status::Oevrige)
            }
        };
    }
    if enrolled() {
        return Some(Status::Uddannelse);
    }
    if employed() {
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

/// The code of week `w` of a person's row (0 outside the decoded weeks: no benefit).
fn code_in(codes: &[u16], w: i32) -> u16 {
    if w >= 0 && (w as usize) < codes.len() { codes[w as usize] } else { 0 }
}

/// One place a person counted in during one month: municipality, local area and weeks per
/// status (indexed by [`Status::index`]); `in_scope` when the municipality is the scope's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub kommune: u16,
    pub omraade: u16,
    pub in_scope: bool,
    pub weeks: [u8; 10],
}

impl Place {
    pub fn total(&self) -> u8 {
        self.weeks.iter().sum()
    }

    /// The status with most weeks (ties: earliest in [`Status::ALL`]), for flows.
    pub fn main_status(&self) -> Status {
        let mut best = Status::Oevrige;
        let mut n = 0;
        for s in Status::ALL {
            let w = self.weeks[s.index()];
            if w > n {
                n = w;
                best = s;
            }
        }
        best
    }
}

/// One person-month in scope: which month (offset from the scope's first), the age on its
/// last day, and its places (in the order the weeks first reached them) in
/// [`PersonMonths::places`].
#[derive(Debug, Clone)]
pub struct PersonMonth {
    pub month: usize,
    pub age: u8,
    pub places: std::ops::Range<usize>,
}

/// One person's months, refilled for every person (no allocation per person).
#[derive(Debug, Default)]
pub struct PersonMonths {
    pub months: Vec<PersonMonth>,
    pub places: Vec<Place>,
}

impl PersonMonths {
    pub fn places_of(&self, m: &PersonMonth) -> &[Place] {
        &self.places[m.places.clone()]
    }
}

/// A month of the scope: the month, its last day (ages are taken on it) and its weeks (index
/// and Thursday).
type ScopeMonth = (Month, chrono::NaiveDate, Vec<(i32, chrono::NaiveDate)>);

/// Classifies one person at a time: the months of a scope with their weeks, worked out once.
pub struct Classifier<'a, R: Register> {
    ex: &'a R,
    scope: Scope,
    /// Also classify weeks resident outside the scope's municipality (as places with
    /// `in_scope` false), for comparing municipalities.
    all_places: bool,
    months: Vec<ScopeMonth>,
    /// What each code below 1000 means, looked up once (see [`CodeMap::status`]).
    ///
    /// [`CodeMap::status`]: super::codemap::CodeMap::status
    meaning: Vec<Option<CodeStatus>>,
}

impl<'a, R: Register> Classifier<'a, R> {
    pub fn new(ex: &'a R, scope: Scope, all_places: bool) -> Classifier<'a, R> {
        let months = (scope.from.index()..=scope.to.index())
            .map(Month::from_index)
            .map(|m| (m, m.last_day(), m.weeks().into_iter().map(|w| (w.index(), w.thursday())).collect()))
            .collect();
        let meaning = (0..1000).map(|c| ex.codemap().status(c)).collect();
        Classifier { ex, scope, all_places, months, meaning }
    }

    /// The status of one person-week by [`first_match`], its meaning from the code map; a code
    /// not in the code map is added to `unknown` when the week is `in_scope`.
    fn status(
        &self,
        code: u16,
        enrolled: impl FnOnce() -> bool,
        employed: impl FnOnce() -> bool,
        in_scope: bool,
        unknown: &mut std::collections::BTreeMap<u16, u64>,
    ) -> Option<Status> {
        let meaning = || match self.meaning.get(code as usize) {
            Some(m) => *m,
            None => self.ex.codemap().status(code),
        };
        let mut unknown_code = None;
        let status = first_match(code, meaning, enrolled, employed, &mut unknown_code)?;
        if let Some(code) = unknown_code
            && in_scope
        {
            *unknown.entry(code).or_insert(0) += 1;
        }
        Some(status)
    }

    /// Classifies every week of person `p` in scope into `out`, with the person's DREAM codes
    /// from week `first_week` on (none: no benefit in any week) and `employed` saying whether
    /// DREAM's degrees make the person employed in a month; person-weeks whose code is not in
    /// the code map (counted as `oevrige`) are added to `unknown` by code, in scope only.
    pub fn person(
        &self,
        p: usize,
        (codes, first_week): (&[u16], i32),
        employed: impl Fn(Month) -> bool,
        out: &mut PersonMonths,
        unknown: &mut std::collections::BTreeMap<u16, u64>,
    ) {
        out.months.clear();
        out.places.clear();
        let ex = self.ex;
        let spells = ex.spells(p);
        if spells.is_empty() {
            return;
        }
        if let Some(k) = self.scope.kommune
            && !self.all_places
            && !spells.iter().any(|s| s.kommune == k)
        {
            return;
        }
        let pid = p as u32;
        let born = ex.person(p).foedselsdato;
        let education = ex.education(p);
        for (mi, (month, last_day, weeks)) in self.months.iter().enumerate() {
            let age = age_on(born, *last_day);
            if !(MIN_AGE..=MAX_AGE).contains(&age) {
                continue;
            }
            let start = out.places.len();
            // The common case: one spell, over the whole month. Then every week has the same
            // place, and the month's employment is looked up once.
            if let ([s], Some(a), Some(z)) = (spells, weeks.first(), weeks.last())
                && s.covers(a.1)
                && s.covers(z.1)
            {
                let in_scope = self.scope.kommune.is_none_or(|k| k == s.kommune);
                if !in_scope && !self.all_places {
                    continue;
                }
                let (mut counted, mut n) = ([0u8; 10], 0);
                let mut employed_month = None;
                for &(wi, thu) in weeks {
                    let is_employed =
                        || *employed_month.get_or_insert_with(|| ex.employed(pid, *month) || employed(*month));
                    let code = code_in(codes, wi - first_week);
                    let Some(status) = self.status(code, || enrolled(education, thu), is_employed, in_scope, unknown)
                    else {
                        continue;
                    };
                    counted[status.index()] += 1;
                    n += 1;
                }
                if n > 0 {
                    out.places.push(Place { kommune: s.kommune, omraade: s.omraade, in_scope, weeks: counted });
                    out.months.push(PersonMonth { month: mi, age: age as u8, places: start..out.places.len() });
                }
                continue;
            }
            for &(wi, thu) in weeks {
                let Some(spell) = current_spell(spells, thu) else {
                    continue;
                };
                let in_scope = self.scope.kommune.is_none_or(|k| k == spell.kommune);
                if !in_scope && !self.all_places {
                    continue;
                }
                let code = code_in(codes, wi - first_week);
                let is_employed = || ex.employed(pid, *month) || employed(*month);
                let Some(status) = self.status(code, || enrolled(education, thu), is_employed, in_scope, unknown)
                else {
                    continue;
                };
                let here = &mut out.places[start..];
                let slot = match here.iter().position(|pl| pl.kommune == spell.kommune && pl.omraade == spell.omraade) {
                    Some(i) => start + i,
                    None => {
                        out.places.push(Place {
                            kommune: spell.kommune,
                            omraade: spell.omraade,
                            in_scope,
                            weeks: [0; 10],
                        });
                        out.places.len() - 1
                    }
                };
                out.places[slot].weeks[status.index()] += 1;
            }
            if out.places.len() > start {
                out.months.push(PersonMonth { month: mi, age: age as u8, places: start..out.places.len() });
            }
        }
    }
}
