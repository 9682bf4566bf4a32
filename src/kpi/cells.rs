//! The published set of one output as cells and the additive relations between them, and the
//! search for hidden cells a reader could solve (`domain.md`, "Disclosure": a suppressed value
//! must not be recoverable from what is shown).
//!
//! A cell is one number an output states: a numerator or denominator in full-time persons, a
//! flow of persons, a sum a sentence names. A relation is a linear equation Σ cᵢ·xᵢ = 0 that
//! holds between cells: a breakdown's groups sum to the total, the statuses sum to the
//! population, a quarter is the mean of its months. Knowing the shown cells, a reader can solve
//! a hidden cell exactly when its unit vector lies in the row space of the relations
//! restricted to the unknown cells (hidden or never published). [`Cells::protect`] finds such
//! cells by row reduction and hides more cells until none is left.

use super::suppress::{MIN_PERSONS, Reason};
use std::collections::{BTreeMap, BTreeSet};

/// Index of a cell in its [`Cells`].
pub type CellId = usize;

/// Whether a reader sees a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Shown,
    Hidden(Reason),
    /// Not stated by the output (e.g. a quarter's total, which only its months show), so not
    /// known to a reader, but nothing to protect either.
    Unpublished,
}

/// Totals are hidden only when nothing else protects a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Inner,
    Margin,
}

#[derive(Debug, Clone)]
struct Cell {
    persons: u32,
    kind: Kind,
    state: State,
}

/// Sort key of a cell by how dear it is to hide (see [`Cells::cost`]).
type Cost = (Kind, bool, u32, CellId);

/// Coefficients below this are zero: relations have small integer coefficients, so row
/// reduction only meets values like 1/3.
const TOL: f64 = 1e-9;

/// A published set: cells and linear relations between them.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    cells: Vec<Cell>,
    relations: Vec<Vec<(CellId, f64)>>,
}

/// Cells tied together by relations; the unit the row reduction works on.
struct Component {
    cells: Vec<CellId>,
    relations: Vec<usize>,
}

impl Cells {
    /// A shown cell resting on `persons` distinct persons.
    pub fn add(&mut self, persons: u32, kind: Kind) -> CellId {
        self.cells.push(Cell { persons, kind, state: State::Shown });
        self.cells.len() - 1
    }

    /// A cell the output does not state, but which relations pass through.
    pub fn add_unpublished(&mut self, persons: u32) -> CellId {
        self.cells.push(Cell { persons, kind: Kind::Margin, state: State::Unpublished });
        self.cells.len() - 1
    }

    /// Σ coefficient · cell = 0.
    pub fn relate(&mut self, terms: Vec<(CellId, f64)>) {
        if terms.len() > 1 {
            self.relations.push(terms);
        }
    }

    /// `total` = Σ `parts`.
    pub fn sum(&mut self, total: CellId, parts: &[CellId]) {
        let mut terms = vec![(total, -1.0)];
        terms.extend(parts.iter().map(|&p| (p, 1.0)));
        self.relate(terms);
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn state(&self, id: CellId) -> State {
        self.cells[id].state
    }

    pub fn persons(&self, id: CellId) -> u32 {
        self.cells[id].persons
    }

    pub fn kind(&self, id: CellId) -> Kind {
        self.cells[id].kind
    }

    pub fn is_shown(&self, id: CellId) -> bool {
        self.cells[id].state == State::Shown
    }

    /// Why the cell is hidden, if it is.
    pub fn reason(&self, id: CellId) -> Option<Reason> {
        match self.cells[id].state {
            State::Hidden(r) => Some(r),
            _ => None,
        }
    }

    /// Hides a shown cell (an unpublished one stays unpublished).
    pub fn hide(&mut self, id: CellId, reason: Reason) {
        if self.cells[id].state == State::Shown {
            self.cells[id].state = State::Hidden(reason);
        }
    }

    /// Primary suppression: every shown cell resting on 1–4 persons.
    pub fn hide_small(&mut self) {
        for c in &mut self.cells {
            if c.state == State::Shown && (1..MIN_PERSONS).contains(&c.persons) {
                c.state = State::Hidden(Reason::Primary);
            }
        }
    }

    /// How dear a cell is to hide, cheapest first: inner cells before totals, cells with
    /// persons before empty ones (a hidden 0 is easily guessed), then fewest persons; the id
    /// breaks ties so the result is reproducible.
    fn cost(&self, id: CellId) -> Cost {
        let c = &self.cells[id];
        (c.kind, c.persons == 0, c.persons, id)
    }

    fn components(&self) -> Vec<Component> {
        let mut parent: Vec<usize> = (0..self.cells.len()).collect();
        fn root(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for r in &self.relations {
            let a = root(&mut parent, r[0].0);
            for &(c, _) in &r[1..] {
                let b = root(&mut parent, c);
                if a != b {
                    parent[b] = a;
                }
            }
        }
        let mut by_root: BTreeMap<usize, Component> = BTreeMap::new();
        for (i, r) in self.relations.iter().enumerate() {
            let k = root(&mut parent, r[0].0);
            by_root
                .entry(k)
                .or_insert_with(|| Component { cells: Vec::new(), relations: Vec::new() })
                .relations
                .push(i);
        }
        for comp in by_root.values_mut() {
            let set: BTreeSet<CellId> =
                comp.relations.iter().flat_map(|&i| self.relations[i].iter().map(|t| t.0)).collect();
            comp.cells = set.into_iter().collect();
        }
        by_root.into_values().collect()
    }

    /// Hidden cells of a component that the shown ones determine, in id order, each with the
    /// shown cells of one formula that computes it. The columns are the unknown cells, then the
    /// shown cells dearest first, so the reduced rows express a solvable cell by the cheapest
    /// shown cells they can.
    fn solvable_in(&self, comp: &Component) -> Vec<(CellId, Vec<CellId>)> {
        let mut cols: Vec<CellId> = comp.cells.iter().copied().filter(|&c| !self.is_shown(c)).collect();
        if !cols.iter().any(|&c| matches!(self.cells[c].state, State::Hidden(_))) {
            return Vec::new();
        }
        let unknown = cols.len();
        let mut shown: Vec<CellId> = comp.cells.iter().copied().filter(|&c| self.is_shown(c)).collect();
        shown.sort_by_key(|&c| std::cmp::Reverse(self.cost(c)));
        cols.extend(shown);
        let pos: BTreeMap<CellId, usize> = cols.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut m: Vec<Vec<f64>> = comp
            .relations
            .iter()
            .map(|&r| {
                let mut row = vec![0.0; cols.len()];
                for &(c, v) in &self.relations[r] {
                    row[pos[&c]] += v;
                }
                row
            })
            .collect();
        let pivots = rref(&mut m);
        let mut out = Vec::new();
        for (r, pc) in pivots {
            if pc >= unknown || !matches!(self.cells[cols[pc]].state, State::Hidden(_)) {
                continue;
            }
            if (0..unknown).all(|c| c == pc || m[r][c].abs() < TOL) {
                let support = (unknown..cols.len()).filter(|&c| m[r][c].abs() > TOL).map(|c| cols[c]).collect();
                out.push((cols[pc], support));
            }
        }
        out.sort_by_key(|x| x.0);
        out
    }

    /// Every hidden cell a reader can solve from the shown cells (none, after [`protect`]).
    ///
    /// [`protect`]: Cells::protect
    pub fn solvable(&self) -> Vec<CellId> {
        self.components().iter().flat_map(|c| self.solvable_in(c)).map(|x| x.0).collect()
    }

    /// Secondary suppression: while a hidden cell can be solved, hides one more shown cell
    /// from a formula that solves it: the cheapest one after which neither the cell nor the
    /// newly hidden one can be solved, else the one that leaves fewest cells solvable. Ends,
    /// since every round hides one more cell.
    pub fn protect(&mut self) {
        for comp in self.components() {
            let mut stuck: BTreeSet<CellId> = BTreeSet::new();
            loop {
                let found = self.solvable_in(&comp);
                let Some((i, support)) = found.into_iter().find(|x| !stuck.contains(&x.0)) else {
                    break;
                };
                let mut cand: BTreeSet<CellId> = support.into_iter().collect();
                for &r in &comp.relations {
                    if self.relations[r].iter().any(|t| t.0 == i) {
                        cand.extend(self.relations[r].iter().map(|t| t.0).filter(|&c| self.is_shown(c)));
                    }
                }
                let mut cand: Vec<CellId> = cand.into_iter().collect();
                cand.sort_by_key(|&c| self.cost(c));
                if cand.is_empty() {
                    // Determined by hidden cells alone (cannot happen with sums of cells).
                    stuck.insert(i);
                    continue;
                }
                let mut pick = None;
                let mut fallback: Option<((usize, Cost), CellId)> = None;
                for &j in &cand {
                    self.cells[j].state = State::Hidden(Reason::Secondary);
                    let after: Vec<CellId> =
                        self.solvable_in(&comp).into_iter().map(|x| x.0).filter(|c| !stuck.contains(c)).collect();
                    self.cells[j].state = State::Shown;
                    if !after.contains(&i) && !after.contains(&j) {
                        pick = Some(j);
                        break;
                    }
                    let key = (after.len(), self.cost(j));
                    if fallback.is_none_or(|(k, _)| key < k) {
                        fallback = Some((key, j));
                    }
                }
                let j = pick.or(fallback.map(|f| f.1)).unwrap_or(cand[0]);
                self.cells[j].state = State::Hidden(Reason::Secondary);
            }
        }
    }
}

/// Reduced row echelon form in place (partial pivoting); returns (row, column) of each pivot.
fn rref(m: &mut [Vec<f64>]) -> Vec<(usize, usize)> {
    let rows = m.len();
    let cols = m.first().map_or(0, |r| r.len());
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..cols {
        if r == rows {
            break;
        }
        let Some(p) =
            (r..rows).filter(|&i| m[i][c].abs() > TOL).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))
        else {
            continue;
        };
        m.swap(r, p);
        let inv = 1.0 / m[r][c];
        for v in m[r].iter_mut() {
            *v *= inv;
        }
        let pivot_row = m[r].clone();
        for (i, row) in m.iter_mut().enumerate() {
            if i != r && row[c].abs() > TOL {
                let f = row[c];
                for (v, p) in row.iter_mut().zip(&pivot_row) {
                    *v -= f * p;
                }
                row[c] = 0.0;
            }
        }
        pivots.push((r, c));
        r += 1;
    }
    pivots
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A total of three groups.
    fn three(persons: [u32; 3]) -> (Cells, CellId, [CellId; 3]) {
        let mut c = Cells::default();
        let t = c.add(persons.iter().sum(), Kind::Margin);
        let g = persons.map(|p| c.add(p, Kind::Inner));
        c.sum(t, &g);
        (c, t, g)
    }

    #[test]
    fn one_hidden_group_takes_the_smallest_other_with_it() {
        let (mut c, t, g) = three([3, 40, 9]);
        c.hide_small();
        assert_eq!(c.solvable(), vec![g[0]]);
        c.protect();
        assert_eq!(c.reason(g[0]), Some(Reason::Primary));
        assert_eq!(c.reason(g[2]), Some(Reason::Secondary));
        assert!(c.is_shown(g[1]) && c.is_shown(t));
        assert!(c.solvable().is_empty());
    }

    #[test]
    fn linked_tables_are_protected_together() {
        // Two breakdowns of the same total share it: a hidden pair in one must not be
        // solvable through the other. uj = job + udd, ad = uj + ledig, total = Σ statuses.
        let mut c = Cells::default();
        let uj = c.add(29, Kind::Margin);
        let ad = c.add(35, Kind::Margin);
        let total = c.add(39, Kind::Margin);
        let job = c.add(26, Kind::Inner);
        let udd = c.add(3, Kind::Inner);
        let ledig = c.add(6, Kind::Inner);
        let rest = c.add(4, Kind::Inner);
        let empty = c.add(0, Kind::Inner);
        c.sum(uj, &[job, udd]);
        c.sum(ad, &[job, udd, ledig]);
        c.sum(total, &[job, udd, ledig, rest, empty]);
        c.hide_small();
        c.protect();
        assert!(c.solvable().is_empty());
        assert_eq!(c.reason(udd), Some(Reason::Primary));
        assert_eq!(c.reason(rest), Some(Reason::Primary));
        // udd = uj − job, so job goes; then rest = total − ad − empty, and ledig = ad − uj
        // cannot protect it, so the empty status goes too; the totals stay.
        assert_eq!(c.reason(job), Some(Reason::Secondary));
        assert_eq!(c.reason(empty), Some(Reason::Secondary));
        assert!(c.is_shown(uj) && c.is_shown(ad) && c.is_shown(total) && c.is_shown(ledig));
    }

    #[test]
    fn a_mean_of_months_links_quarters_to_months() {
        // A quarter's total is unpublished, its months are shown; its two groups are shown.
        let mut c = Cells::default();
        let months: Vec<CellId> = (0..3).map(|_| c.add(100, Kind::Margin)).collect();
        let q = c.add_unpublished(100);
        let a = c.add(3, Kind::Inner);
        let b = c.add(97, Kind::Inner);
        let mut mean = vec![(q, 3.0)];
        mean.extend(months.iter().map(|&m| (m, -1.0)));
        c.relate(mean);
        c.sum(q, &[a, b]);
        c.hide_small();
        assert_eq!(c.solvable(), vec![a]);
        c.protect();
        assert_eq!(c.reason(b), Some(Reason::Secondary));
        assert!(months.iter().all(|&m| c.is_shown(m)));
        assert!(c.solvable().is_empty());
    }

    #[test]
    fn a_total_is_hidden_only_when_nothing_else_helps() {
        // One group equals the total: the only way to protect it is the total.
        let mut c = Cells::default();
        let t = c.add(3, Kind::Margin);
        let g = c.add(3, Kind::Inner);
        c.sum(t, &[g]);
        c.hide(g, Reason::Primary);
        c.protect();
        assert_eq!(c.reason(t), Some(Reason::Secondary));
    }
}
