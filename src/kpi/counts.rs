//! The counting engine: one pass over the persons that classifies each person's weeks
//! ([`crate::method::classify`]) and sums them at once into small counters per period and
//! group, on every core. Everything `compute`, `report` and disclosure control need comes from
//! these counters (`domain.md`, "Measuring" and "Disclosure"):
//! - per month and group: person-weeks by status (full-time persons are these ÷ the month's
//!   weeks), and the distinct persons behind the denominator, each KPI's numerator and each
//!   status, for the 1–4-person and 20-person rules;
//! - per pooled quarter and group: the distinct persons over the quarter;
//! - the flows of one quarter: persons by main status in its first and its last month.
//!
//! So memory is the extract plus the counters (a few hundred bytes per month and group), not
//! one row per person-month. A person's places in one period are merged by group before they
//! are counted, so a person who moved within a group counts once in it. The persons are split
//! into chunks that the threads take in turn; the counters are integer sums, so the merged
//! result is the same whatever the order the chunks were done in (`counter`).

use super::dims::{AGE_BANDS, Dimension, GROUPS, age_band, group};

pub use super::cell::Cell;
use super::cell::status_bits;
use crate::extract::{Extract, Person};
use crate::method::calendar::{Month, Quarter};
use crate::method::classify::{PersonMonths, Place, Scope, koen_code, origin_code};
use crate::method::status::Status;
use std::collections::BTreeMap;

/// The breakdowns with cells of their own; `Status` uses the total's cell.
const TOTAL: usize = 0;
const AGE: usize = 1;
const SEX: usize = 2;
const HERKOMST: usize = 3;
const OMRAADE: usize = 4;
const SLOTS: usize = 5;

/// A person's group in each slot's breakdown, at an age and in a local area.
#[inline]
fn slot_codes(age: u8, p: &Person, omraade: u16) -> [u16; SLOTS] {
    [0, age_band(age), u16::from(koen_code(p.koen)), u16::from(origin_code(p.herkomst, p.oprindelse)), omraade]
}

/// The slot of a breakdown; the municipalities (`Kommune`, `Land`, `Klynge`) are scopes, not
/// slots.
fn slot(d: Dimension) -> Option<usize> {
    match d {
        Dimension::Total | Dimension::Status => Some(TOTAL),
        Dimension::Age => Some(AGE),
        Dimension::Sex => Some(SEX),
        Dimension::Herkomst => Some(HERKOMST),
        Dimension::Omraade => Some(OMRAADE),
        Dimension::Kommune | Dimension::Land | Dimension::Klynge => None,
    }
}

fn bits(dims: &[Dimension]) -> u8 {
    dims.iter().filter_map(|&d| slot(d)).fold(0, |b, s| b | 1 << s)
}

/// What one pass sums: which breakdowns in which months, which quarters pooled (their
/// distinct persons), which quarter's flows. Every scope is summed alike: all municipalities
/// of the extract together and, when it holds several, each of them on its own, so that what
/// one output shows of one municipality and another of all of them are counted together.
#[derive(Debug, Clone)]
pub struct Plan {
    pub(super) scope: Scope,
    /// Per month of the scope: the breakdowns summed (a bit per slot).
    pub(super) monthly: Vec<u8>,
    /// Quarters pooled, with the breakdowns summed (a bit per slot).
    pub(super) pooled: Vec<(Quarter, u8)>,
    pub(super) flows: Option<Quarter>,
}

impl Plan {
    pub fn new(scope: Scope) -> Plan {
        let n = (scope.to.index() - scope.from.index() + 1).max(0) as usize;
        Plan { scope, monthly: vec![0; n], pooled: Vec::new(), flows: None }
    }

    fn month_offset(&self, m: Month) -> Option<usize> {
        let i = m.index() - self.scope.from.index();
        (i >= 0 && (i as usize) < self.monthly.len()).then_some(i as usize)
    }

    /// Sums `dims` by month for `months` (those outside the scope are left out).
    pub fn monthly(mut self, dims: &[Dimension], months: impl IntoIterator<Item = Month>) -> Plan {
        let b = bits(dims);
        for m in months {
            if let Some(i) = self.month_offset(m) {
                self.monthly[i] |= b;
            }
        }
        self
    }

    /// Counts the distinct persons of `dims` over each of `quarters`.
    pub fn pooled(mut self, quarters: &[Quarter], dims: &[Dimension]) -> Plan {
        let b = bits(dims);
        for &q in quarters {
            match self.pooled.iter_mut().find(|x| x.0 == q) {
                Some(x) => x.1 |= b,
                None => self.pooled.push((q, b)),
            }
        }
        self
    }

    /// Counts the flows of quarter `q`.
    pub fn flows(mut self, q: Quarter) -> Plan {
        self.flows = Some(q);
        self
    }
}

/// Where one scope's cells lie among a period's.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ScopeLayout {
    /// The scope's place among the layout's scopes.
    index: usize,
    offset: [usize; SLOTS],
    count: [usize; SLOTS],
    /// Per local area of the extract: its place among the scope's areas (`u16::MAX`: none).
    area_local: Vec<u16>,
}

impl ScopeLayout {
    /// The cell of a group given by its code (for `Omraade`, the extract's area index).
    fn cell(&self, slot: usize, code: u16) -> Option<usize> {
        let i = if slot == OMRAADE {
            match self.area_local.get(code as usize) {
                Some(&i) if i != u16::MAX => i as usize,
                _ => return None,
            }
        } else {
            code as usize
        };
        (i < self.count[slot]).then_some(self.offset[slot] + i)
    }
}

/// Where each scope's and breakdown's groups lie among a period's cells. Scope 0 is every
/// municipality of the extract together; with several municipalities, scope `i` ≥ 1 is the
/// `i`-th of them (in code order) alone. With one, it is scope 0.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Layout {
    pub(super) scopes: Vec<ScopeLayout>,
    /// The municipality codes in the extract, sorted.
    kommuner: Vec<u16>,
    /// Per municipality code: its scope (`u16::MAX`: not in the extract, or the only one).
    kommune_scope: Vec<u16>,
    width: usize,
}

impl Layout {
    pub(super) fn new(ex: &Extract) -> Layout {
        let mut seen = vec![false; 1 << 16];
        for s in ex.spells.iter().flatten() {
            seen[s.kommune as usize] = true;
        }
        let kommuner: Vec<u16> = (0..=u16::MAX).filter(|&k| seen[k as usize]).collect();
        let several = kommuner.len() > 1;
        let n_areas = ex.areas.len().max(1);
        // Each municipality's own local areas; all of them for the whole extract.
        let mut areas_of: Vec<Vec<bool>> = Vec::new();
        areas_of.push(vec![true; n_areas]);
        let mut kommune_scope = vec![u16::MAX; 1 << 16];
        if several {
            for (i, &k) in kommuner.iter().enumerate() {
                kommune_scope[k as usize] = (i + 1) as u16;
                areas_of.push(vec![false; n_areas]);
            }
            for s in ex.spells.iter().flatten() {
                let sc = kommune_scope[s.kommune as usize] as usize;
                if let Some(a) = areas_of[sc].get_mut(s.omraade as usize) {
                    *a = true;
                }
            }
        }
        let mut scopes: Vec<ScopeLayout> = areas_of
            .into_iter()
            .enumerate()
            .map(|(index, used)| {
                let mut area_local = vec![u16::MAX; n_areas];
                let mut n = 0u16;
                for (a, &u) in used.iter().enumerate() {
                    if u {
                        area_local[a] = n;
                        n += 1;
                    }
                }
                let count = [1, AGE_BANDS.len(), 2, 6, (n as usize).max(1)];
                ScopeLayout { index, offset: [0; SLOTS], count, area_local }
            })
            .collect();
        // Slot by slot, each scope's groups after the other's: the municipalities' totals lie
        // side by side, as a month's counting touches them.
        let mut width = 0;
        for s in 0..SLOTS {
            for l in &mut scopes {
                l.offset[s] = width;
                width += l.count[s];
            }
        }
        Layout { scopes, kommuner, kommune_scope, width }
    }

    /// The scope of all municipalities (`None`) or of one.
    fn scope(&self, kommune: Option<u16>) -> Option<&ScopeLayout> {
        match kommune {
            None => Some(&self.scopes[0]),
            Some(k) if self.scopes.len() == 1 => (self.kommuner == [k]).then(|| &self.scopes[0]),
            Some(k) => self.scopes.get(*self.kommune_scope.get(k as usize)? as usize),
        }
    }

    /// The scopes a place counts in: all municipalities, and its own when there are several.
    fn scopes_of(&self, pl: &Place) -> [usize; 2] {
        let own = if self.scopes.len() > 1 { self.kommune_scope[pl.kommune as usize] as usize } else { usize::MAX };
        [0, own]
    }
}

/// One person's weeks per cell within one period, merged before the person is counted.
#[derive(Debug, Default)]
struct Merge(Vec<(usize, [u16; 10])>);

impl Merge {
    fn add(&mut self, cell: usize, w: &[u8; 10]) {
        let i = match self.0.iter().position(|x| x.0 == cell) {
            Some(i) => i,
            None => {
                self.0.push((cell, [0; 10]));
                self.0.len() - 1
            }
        };
        for (a, &b) in self.0[i].1.iter_mut().zip(w) {
            *a += u16::from(b);
        }
    }

    fn flush(&mut self, cells: &mut [Cell]) {
        for (c, w) in self.0.drain(..) {
            let bits = w.iter().enumerate().fold(0, |b, (i, &n)| if n > 0 { b | 1 << i } else { b });
            cells[c].add_person(&w, bits);
        }
    }
}

/// One person's statuses per cell of a pooled quarter (a quarter counts persons only).
#[derive(Debug, Default)]
struct StatusMerge(Vec<(usize, u16)>);

impl StatusMerge {
    fn add(&mut self, cell: usize, bits: u16) {
        match self.0.iter_mut().find(|x| x.0 == cell) {
            Some(x) => x.1 |= bits,
            None => self.0.push((cell, bits)),
        }
    }

    fn flush(&mut self, cells: &mut [Cell]) {
        for (c, b) in self.0.drain(..) {
            cells[c].add_statuses(b);
        }
    }
}

/// A thread's buffers for one person at a time.
#[derive(Debug, Default)]
pub(super) struct Buffers {
    month: Merge,
    quarter: StatusMerge,
    /// Per scope: the flow group of the person's main place in the flows' first and last month.
    first: Vec<(usize, usize)>,
    last: Vec<(usize, usize)>,
    /// Per scope: the main place of the month so far (scope, weeks in it, status).
    main: Vec<(usize, u8, Status)>,
}

/// The counters of one pass.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    layout: Layout,
    scope: Scope,
    monthly: Vec<u8>,
    month_cells: Vec<Cell>,
    quarters: Vec<(Quarter, u8)>,
    quarter_cells: Vec<Cell>,
    /// The quarter of the flows and, per scope, persons by group in its first month (row) and
    /// last (column).
    flows: Option<(Quarter, Vec<[[u32; GROUPS]; GROUPS]>)>,
    /// Person-weeks in scope whose code is not in the code map (counted as `oevrige`), by code.
    pub unknown_codes: BTreeMap<u16, u64>,
}

impl Counts {
    pub(super) fn new(plan: &Plan, layout: Layout) -> Counts {
        let w = layout.width;
        Counts {
            scope: plan.scope,
            monthly: plan.monthly.clone(),
            month_cells: vec![Cell::EMPTY; plan.monthly.len() * w],
            quarters: plan.pooled.clone(),
            quarter_cells: vec![Cell::EMPTY; plan.pooled.len() * w],
            flows: plan.flows.map(|q| (q, vec![[[0; GROUPS]; GROUPS]; layout.scopes.len()])),
            unknown_codes: BTreeMap::new(),
            layout,
        }
    }

    pub(super) fn merge(&mut self, o: &Counts) {
        for (a, b) in self.month_cells.iter_mut().zip(&o.month_cells) {
            a.merge(b);
        }
        for (a, b) in self.quarter_cells.iter_mut().zip(&o.quarter_cells) {
            a.merge(b);
        }
        if let (Some((_, a)), Some((_, b))) = (&mut self.flows, &o.flows) {
            for (ma, mb) in a.iter_mut().zip(b) {
                for (ra, rb) in ma.iter_mut().zip(mb) {
                    for (x, y) in ra.iter_mut().zip(rb) {
                        *x += y;
                    }
                }
            }
        }
        for (&code, &n) in &o.unknown_codes {
            *self.unknown_codes.entry(code).or_insert(0) += n;
        }
    }

    /// The first and last month counted.
    pub fn months(&self) -> (Month, Month) {
        (self.scope.from, self.scope.to)
    }

    /// The municipality codes in the extract, sorted.
    pub fn kommuner(&self) -> &[u16] {
        &self.layout.kommuner
    }

    /// The scopes counted: all municipalities (`None`), and each of them when there are several.
    pub fn scopes(&self) -> Vec<Option<u16>> {
        let mut out = vec![None];
        if self.layout.scopes.len() > 1 {
            out.extend(self.layout.kommuner.iter().map(|&k| Some(k)));
        }
        out
    }

    /// The scope a municipality's figures are counted under: its own, or, when it is the only
    /// one in the extract, all of them (the same persons).
    pub fn scope_of(&self, kommune: Option<u16>) -> Option<u16> {
        if self.layout.scopes.len() == 1 { None } else { kommune }
    }

    /// Whether `dim` was summed for month `m`.
    pub fn has_month(&self, m: Month, dim: Dimension) -> bool {
        let i = m.index() - self.scope.from.index();
        let b = slot(dim).map_or(0, |s| 1 << s);
        i >= 0 && (i as usize) < self.monthly.len() && self.monthly[i as usize] & b != 0
    }

    /// The quarters pooled, each with whether `dim` was.
    pub fn has_quarter(&self, q: Quarter, dim: Dimension) -> bool {
        let b = slot(dim).map_or(0, |s| 1 << s);
        self.quarters.iter().any(|x| x.0 == q && x.1 & b != 0)
    }

    /// The cell of a month and group of a scope (`code`: age band, sex, origin code, local
    /// area index), if that month and breakdown were summed. A municipality's total is its
    /// scope's [`Dimension::Total`].
    pub fn month(&self, scope: Option<u16>, m: Month, dim: Dimension, code: u16) -> Option<&Cell> {
        if !self.has_month(m, dim) {
            return None;
        }
        let i = (m.index() - self.scope.from.index()) as usize;
        let c = self.layout.scope(scope)?.cell(slot(dim)?, code)?;
        Some(&self.month_cells[i * self.layout.width + c])
    }

    /// The cell of a pooled quarter and group of a scope.
    pub fn quarter(&self, scope: Option<u16>, q: Quarter, dim: Dimension, code: u16) -> Option<&Cell> {
        if !self.has_quarter(q, dim) {
            return None;
        }
        let qi = self.quarters.iter().position(|x| x.0 == q)?;
        let c = self.layout.scope(scope)?.cell(slot(dim)?, code)?;
        Some(&self.quarter_cells[qi * self.layout.width + c])
    }

    /// The flows of a scope: the quarter, and persons by group in its first and last month.
    pub fn flows(&self, scope: Option<u16>) -> Option<(Quarter, [[u32; GROUPS]; GROUPS])> {
        let (q, m) = self.flows.as_ref()?;
        let i = self.layout.scope(scope)?.index;
        Some((*q, m[i]))
    }

    /// The codes of a breakdown's groups that hold persons in a scope in any of `months` (for
    /// `Kommune`, the municipalities with persons).
    pub fn used(&self, scope: Option<u16>, dim: Dimension, months: &[Month]) -> Vec<u16> {
        let persons = |sc: Option<u16>, d: Dimension, code: u16| {
            months.iter().any(|&m| self.month(sc, m, d, code).is_some_and(|c| c.persons > 0))
        };
        match dim {
            Dimension::Kommune => {
                self.layout.kommuner.iter().copied().filter(|&k| persons(Some(k), Dimension::Total, 0)).collect()
            }
            Dimension::Omraade => {
                let n = self.layout.scopes[0].area_local.len() as u16;
                (0..n).filter(|&a| persons(scope, dim, a)).collect()
            }
            _ => match slot(dim) {
                Some(s) => (0..self.layout.scopes[0].count[s] as u16).filter(|&c| persons(scope, dim, c)).collect(),
                None => vec![0],
            },
        }
    }

    /// Sums one person's classified months.
    pub(super) fn person(
        &mut self,
        quarter_of: &[Option<usize>],
        flow_months: (Option<usize>, Option<usize>),
        p: &Person,
        pm: &PersonMonths,
        buf: &mut Buffers,
    ) {
        let l = &self.layout;
        buf.first.clear();
        buf.last.clear();
        let mut quarter = None;
        for m in &pm.months {
            let bits = self.monthly[m.month];
            let q = quarter_of[m.month].map(|qi| (qi, self.quarters[qi].1));
            // The months come in order: a quarter's persons are complete when the next begins,
            // so few cells are merged at a time.
            if q.map(|x| x.0) != quarter {
                buf.quarter.flush(&mut self.quarter_cells);
                quarter = q.map(|x| x.0);
            }
            let places = pm.places_of(m);
            let base = m.month * l.width;
            // One place (the common case) needs no merging within the month.
            let single = places.len() == 1;
            for pl in places {
                let codes = slot_codes(m.age, p, pl.omraade);
                let statuses = status_bits(&pl.weeks);
                let weeks = pl.weeks.map(u16::from);
                let qbits = q.map_or(0, |x| x.1);
                for sc in l.scopes_of(pl) {
                    let Some(sl) = l.scopes.get(sc) else { continue };
                    // Only the slots summed this month or quarter.
                    let mut active = bits | qbits;
                    while active != 0 {
                        let s = active.trailing_zeros() as usize;
                        active &= active - 1;
                        let Some(cell) = sl.cell(s, codes[s]) else { continue };
                        if bits & (1 << s) != 0 {
                            if single {
                                self.month_cells[base + cell].add_person(&weeks, statuses);
                            } else {
                                buf.month.add(base + cell, &pl.weeks);
                            }
                        }
                        if let Some((qi, _)) = q
                            && qbits & (1 << s) != 0
                        {
                            buf.quarter.add(qi * l.width + cell, statuses);
                        }
                    }
                }
            }
            buf.month.flush(&mut self.month_cells);
            let is_first = flow_months.0 == Some(m.month);
            if is_first || flow_months.1 == Some(m.month) {
                // In each scope, the place with most weeks decides (ties: the first).
                buf.main.clear();
                for pl in places {
                    for sc in l.scopes_of(pl).into_iter().filter(|&sc| sc < l.scopes.len()) {
                        match buf.main.iter_mut().find(|x| x.0 == sc) {
                            Some(x) if pl.total() > x.1 => *x = (sc, pl.total(), pl.main_status()),
                            Some(_) => {}
                            None => buf.main.push((sc, pl.total(), pl.main_status())),
                        }
                    }
                }
                let to = if is_first { &mut buf.first } else { &mut buf.last };
                to.extend(buf.main.iter().map(|&(sc, _, st)| (sc, group(st))));
            }
        }
        buf.quarter.flush(&mut self.quarter_cells);
        if let Some((_, matrices)) = &mut self.flows {
            for &(sc, a) in &buf.first {
                if let Some(&(_, b)) = buf.last.iter().find(|x| x.0 == sc) {
                    matrices[sc][a][b] += 1;
                }
            }
        }
    }
}

/// The cell a group's figure is made from: a breakdown's group in the scope, a
/// municipality's total, all municipalities' total, or the cluster's members' totals added up.
pub(super) fn cell_of(
    counts: &Counts,
    scope: Option<u16>,
    dim: Dimension,
    code: u16,
    cluster: &[u16],
    month: Month,
) -> Cell {
    let get = |sc: Option<u16>, d: Dimension, c: u16| counts.month(sc, month, d, c).copied().unwrap_or(Cell::EMPTY);
    match dim {
        Dimension::Kommune => get(counts.scope_of(Some(code)), Dimension::Total, 0),
        Dimension::Land => get(None, Dimension::Total, 0),
        Dimension::Klynge => {
            let mut c = Cell::EMPTY;
            for &k in cluster {
                c.merge(&get(counts.scope_of(Some(k)), Dimension::Total, 0));
            }
            c
        }
        _ => get(scope, dim, code),
    }
}
