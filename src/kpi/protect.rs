//! Secondary suppression by Gaussian elimination (`domain.md`, "Disclosure"), in the manner of
//! Statistics Norway's GaussSuppression: the cells a set of outputs can publish are linear
//! combinations of unknown quantities (a cell's *vector*); a reader who sees some cells knows
//! every combination of their vectors, so a hidden cell is safe exactly while its vector lies
//! outside the span of the shown cells' vectors.
//!
//! The candidates are taken one at a time in order of how dear they are to hide (the caller's
//! order: the figures a report leads with first). A candidate is shown unless showing it would
//! bring a protected cell into the span; then it is hidden and protected itself. So at the end
//! no hidden cell, whatever the reason it was hidden, can be computed from the shown ones, and
//! a cell is hidden only where showing it would have given one away.
//!
//! The span is kept as an echelon basis of sparse vectors, and each protected cell as its
//! vector reduced against that basis (zero at every pivot). A protected cell comes into the
//! span of the basis and a new reduced vector `r` exactly when its reduced vector is a multiple
//! of `r`, which a canonical form (first entry 1) and a hash of it find at once. Arithmetic is
//! exact, modulo the prime 2⁶¹ − 1: the coefficients are small integers, so what is dependent
//! over the rationals is dependent modulo the prime, and the converse fails only where the
//! prime divides a determinant of such coefficients, which here is never (and would only hide
//! more).

use std::collections::HashMap;

/// The modulus: the Mersenne prime 2⁶¹ − 1.
const P: u64 = (1 << 61) - 1;

/// A value modulo [`P`] from a small integer.
pub fn int(v: i64) -> u64 {
    if v >= 0 { v as u64 % P } else { P - ((-v) as u64 % P) }
}

fn add(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P { s - P } else { s }
}

fn sub(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + P - b }
}

fn mul(a: u64, b: u64) -> u64 {
    let r = a as u128 * b as u128;
    let s = (r as u64 & P) + (r >> 61) as u64;
    if s >= P { s - P } else { s }
}

fn inv(a: u64) -> u64 {
    // Fermat: a^(P-2).
    let (mut base, mut e, mut out) = (a, P - 2, 1u64);
    while e > 0 {
        if e & 1 == 1 {
            out = mul(out, base);
        }
        base = mul(base, base);
        e >>= 1;
    }
    out
}

/// A sparse vector: (coordinate, nonzero value modulo [`P`]), sorted by coordinate.
pub type Vector = Vec<(u32, u64)>;

/// Terms in any order, duplicates added up, zeros left out.
fn collect(mut terms: Vec<(u32, u64)>) -> Vector {
    terms.sort_unstable_by_key(|t| t.0);
    let mut out: Vector = Vec::with_capacity(terms.len());
    for (c, v) in terms {
        match out.last_mut() {
            Some(last) if last.0 == c => last.1 = add(last.1, v),
            _ => out.push((c, v)),
        }
    }
    out.retain(|t| t.1 != 0);
    out
}

/// A vector from its terms in any order (values as small integers).
pub fn combine(terms: impl IntoIterator<Item = (u32, i64)>) -> Vector {
    collect(terms.into_iter().map(|(c, v)| (c, int(v))).collect())
}

/// The sum of vectors, each scaled by an integer.
pub fn sum_of<'a>(parts: impl IntoIterator<Item = (&'a Vector, i64)>) -> Vector {
    let mut terms = Vec::new();
    for (v, k) in parts {
        let k = int(k);
        terms.extend(v.iter().map(|&(c, x)| (c, mul(k, x))));
    }
    collect(terms)
}

/// `v` scaled so that its first entry is 1, and a hash of that form.
fn canonical(mut v: Vector) -> (Vector, u64) {
    if let Some(&(_, first)) = v.first() {
        let f = inv(first);
        for t in &mut v {
            t.1 = mul(t.1, f);
        }
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &(c, x) in &v {
        h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
        h = (h ^ x).wrapping_mul(0x0100_0000_01b3);
    }
    (v, h)
}

fn value_at(v: &Vector, c: u32) -> u64 {
    v.binary_search_by_key(&c, |t| t.0).map_or(0, |i| v[i].1)
}

/// The span of the shown cells and the protected cells reduced against it.
struct Span {
    /// Basis vectors in the order they came, each with its pivot (where it is 1); a basis
    /// vector is zero at the pivots of those before it.
    basis: Vec<(u32, Vector)>,
    /// Per coordinate: the basis vector whose pivot it is.
    pivot_of: Vec<u32>,
    /// Protected cells: reduced vector in canonical form, and its hash.
    protected: Vec<(Vector, u64)>,
    by_hash: HashMap<u64, Vec<u32>>,
    /// Per coordinate: protected cells whose reduced vector may be nonzero there.
    users: Vec<Vec<u32>>,
    /// Scratch for reducing: a dense row, the coordinates it touches, and which are queued.
    acc: Vec<u64>,
    touched: Vec<u32>,
    in_touched: Vec<bool>,
}

const NONE: u32 = u32::MAX;

impl Span {
    fn new(coords: usize) -> Span {
        Span {
            basis: Vec::new(),
            pivot_of: vec![NONE; coords],
            protected: Vec::new(),
            by_hash: HashMap::new(),
            users: vec![Vec::new(); coords],
            acc: vec![0; coords],
            touched: Vec::new(),
            in_touched: vec![false; coords],
        }
    }

    /// `x` reduced against the basis: zero at every pivot.
    fn reduce(&mut self, x: &Vector) -> Vector {
        let mut heap: std::collections::BinaryHeap<std::cmp::Reverse<u32>> = std::collections::BinaryHeap::new();
        let mut queued: Vec<u32> = Vec::new();
        let touch = |s: &mut Span, c: u32, heap: &mut std::collections::BinaryHeap<std::cmp::Reverse<u32>>| {
            if !s.in_touched[c as usize] {
                s.in_touched[c as usize] = true;
                s.touched.push(c);
                let b = s.pivot_of[c as usize];
                if b != NONE {
                    heap.push(std::cmp::Reverse(b));
                }
            }
        };
        for &(c, v) in x {
            touch(self, c, &mut heap);
            self.acc[c as usize] = v;
        }
        while let Some(std::cmp::Reverse(b)) = heap.pop() {
            if queued.last() == Some(&b) {
                continue;
            }
            queued.push(b);
            let p = self.basis[b as usize].0;
            let f = self.acc[p as usize];
            if f == 0 {
                continue;
            }
            for i in 0..self.basis[b as usize].1.len() {
                let (c, v) = self.basis[b as usize].1[i];
                touch(self, c, &mut heap);
                self.acc[c as usize] = sub(self.acc[c as usize], mul(f, v));
            }
        }
        let mut out: Vector = Vec::new();
        for &c in &self.touched {
            let v = self.acc[c as usize];
            if v != 0 {
                out.push((c, v));
            }
            self.acc[c as usize] = 0;
            self.in_touched[c as usize] = false;
        }
        self.touched.clear();
        out.sort_unstable_by_key(|t| t.0);
        out
    }

    /// Whether some protected cell's reduced vector is a multiple of `r` (nonzero, reduced).
    fn reveals(&self, r: &Vector) -> bool {
        let (form, h) = canonical(r.clone());
        self.by_hash.get(&h).is_some_and(|ids| ids.iter().any(|&i| self.protected[i as usize].0 == form))
    }

    fn index(&mut self, id: u32) {
        let (v, h) = &self.protected[id as usize];
        self.by_hash.entry(*h).or_default().push(id);
        for &(c, _) in v {
            self.users[c as usize].push(id);
        }
    }

    fn unindex(&mut self, id: u32) {
        let h = self.protected[id as usize].1;
        if let Some(ids) = self.by_hash.get_mut(&h) {
            ids.retain(|&i| i != id);
        }
    }

    /// Protects a cell whose reduced vector is `r` (nonzero).
    fn protect(&mut self, r: Vector) {
        let id = self.protected.len() as u32;
        self.protected.push(canonical(r));
        self.index(id);
    }

    /// Adds a reduced vector `r` (nonzero) to the basis, and reduces the protected cells
    /// against it.
    fn show(&mut self, r: Vector) {
        // The pivot where fewest protected cells are nonzero: fewest to update.
        let p = r
            .iter()
            .map(|t| t.0)
            .min_by_key(|&c| {
                let n = self.users[c as usize].iter().filter(|&&i| value_at(&self.protected[i as usize].0, c) != 0);
                (n.count(), c)
            })
            .expect("a nonzero vector");
        let f = inv(value_at(&r, p));
        let r: Vector = r.into_iter().map(|(c, v)| (c, mul(v, f))).collect();
        let users = std::mem::take(&mut self.users[p as usize]);
        for id in users {
            let k = value_at(&self.protected[id as usize].0, p);
            if k == 0 {
                continue;
            }
            self.unindex(id);
            let old = std::mem::take(&mut self.protected[id as usize].0);
            let mut m: Vec<(u32, u64)> = old;
            // old − k · r, both sorted.
            let mut merged: Vector = Vec::with_capacity(m.len() + r.len());
            let (mut i, mut j) = (0, 0);
            while i < m.len() || j < r.len() {
                let take_m = j == r.len() || (i < m.len() && m[i].0 < r[j].0);
                let take_r = i == m.len() || (j < r.len() && r[j].0 < m[i].0);
                let (c, v) = if take_m {
                    i += 1;
                    m[i - 1]
                } else if take_r {
                    j += 1;
                    (r[j - 1].0, sub(0, mul(k, r[j - 1].1)))
                } else {
                    i += 1;
                    j += 1;
                    (m[i - 1].0, sub(m[i - 1].1, mul(k, r[j - 1].1)))
                };
                if v != 0 {
                    merged.push((c, v));
                }
            }
            m = merged;
            debug_assert!(!m.is_empty(), "a protected cell came into the span");
            self.protected[id as usize] = canonical(m);
            self.index(id);
        }
        self.pivot_of[p as usize] = self.basis.len() as u32;
        self.basis.push((p, r));
    }
}

/// Secondary suppression over one linked set of cells.
///
/// `vectors[i]` is cell `i` as a combination of the unknowns (coordinates below `coords`);
/// `protected` are the cells already hidden (primary suppression and the like, published or
/// not): none of them may be computable at the end; `candidates` are the cells that may be
/// shown, dearest to hide first. Returns, for each candidate in that order, whether it is
/// shown (`false`: hidden as secondary suppression).
pub fn protect(coords: usize, vectors: &[Vector], protected: &[usize], candidates: &[usize]) -> Vec<bool> {
    let mut span = Span::new(coords);
    for &i in protected {
        // A protected cell of no unknowns is a constant 0 (nothing to keep secret).
        if !vectors[i].is_empty() {
            span.protect(vectors[i].clone());
        }
    }
    candidates
        .iter()
        .map(|&i| {
            let r = span.reduce(&vectors[i]);
            if r.is_empty() {
                // Already known from what is shown: showing it tells nothing new.
                true
            } else if span.reveals(&r) {
                span.protect(r);
                false
            } else {
                span.show(r);
                true
            }
        })
        .collect()
}

/// Every cell of `cells` whose vector lies in the span of the `shown` cells' vectors: what a
/// reader of the shown cells can compute (for tests and audits).
pub fn computable(coords: usize, vectors: &[Vector], shown: &[usize], cells: &[usize]) -> Vec<usize> {
    let mut span = Span::new(coords);
    for &i in shown {
        let r = span.reduce(&vectors[i]);
        if !r.is_empty() {
            span.show(r);
        }
    }
    cells.iter().copied().filter(|&i| span.reduce(&vectors[i]).is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(c: u32) -> Vector {
        vec![(c, 1)]
    }

    #[test]
    fn arithmetic_modulo_the_prime() {
        assert_eq!(mul(int(-1), int(-1)), 1);
        assert_eq!(mul(int(3), inv(int(3))), 1);
        assert_eq!(add(int(-5), int(5)), 0);
        assert_eq!(sub(int(2), int(7)), int(-5));
        assert_eq!(combine([(3, 1), (1, 2), (3, -1)]), vec![(1, 2)]);
    }

    /// A total of three groups: cells 0..3 the groups, 3 the total.
    fn three() -> Vec<Vector> {
        vec![unit(0), unit(1), unit(2), combine([(0, 1), (1, 1), (2, 1)])]
    }

    #[test]
    fn one_hidden_group_takes_the_next_cheapest_with_it() {
        // Group 0 is small; the total is dearest, then group 1, then group 2.
        let v = three();
        let shown = protect(3, &v, &[0], &[3, 1, 2]);
        assert_eq!(shown, vec![true, true, false]);
        // Nothing hidden can be computed from what is shown.
        assert!(computable(3, &v, &[3, 1], &[0, 2]).is_empty());
    }

    #[test]
    fn two_hidden_groups_need_nothing_more() {
        let v = three();
        assert_eq!(protect(3, &v, &[0, 2], &[3, 1]), vec![true, true]);
    }

    #[test]
    fn linked_tables_are_protected_together() {
        // Statuses job, udd, ledig, rest (coordinates 0–3); uj = job + udd, ad = uj + ledig,
        // den = all; udd is small. Shown first: den, uj, ad; then job, ledig, rest.
        let v = vec![
            combine([(0, 1), (1, 1), (2, 1), (3, 1)]), // 0 den
            combine([(0, 1), (1, 1)]),                 // 1 uj
            combine([(0, 1), (1, 1), (2, 1)]),         // 2 ad
            unit(0),                                   // 3 job
            unit(1),                                   // 4 udd
            unit(2),                                   // 5 ledig
            unit(3),                                   // 6 rest
        ];
        let shown = protect(4, &v, &[4], &[0, 1, 2, 3, 5, 6]);
        // udd = uj − job: job goes; ledig = ad − uj and rest = den − ad are known anyway.
        assert_eq!(shown, vec![true, true, true, false, true, true]);
        assert!(computable(4, &v, &[0, 1, 2, 5, 6], &[3, 4]).is_empty());
    }

    #[test]
    fn a_mean_of_months_links_a_quarter_to_its_months() {
        // One group `a` over three months (coordinates 0–2) and the rest `b` (3–5); the
        // months' totals are shown; the quarter's `a` is the sum of its months'.
        let mut v: Vec<Vector> = (0..3).map(|m| combine([(m, 1), (m + 3, 1)])).collect();
        v.push(combine([(0, 1), (1, 1), (2, 1)])); // 3: quarter a
        v.push(combine([(3, 1), (4, 1), (5, 1)])); // 4: quarter b
        v.push(unit(0)); // 5: a in month 1, small
        v.push(unit(1)); // 6
        v.push(unit(2)); // 7
        let shown = protect(6, &v, &[5], &[0, 1, 2, 3, 4, 6, 7]);
        // The months' totals and the quarter's a are shown; the quarter's b is then known
        // (the totals' sum less a's) and shown for free; a's second month is shown, but its
        // third would give the first away through the quarter, so it goes.
        assert_eq!(shown, vec![true, true, true, true, true, true, false]);
        let shown_ids: Vec<usize> = [0, 1, 2, 3, 4, 6].to_vec();
        assert!(computable(6, &v, &shown_ids, &[5, 7]).is_empty());
    }

    #[test]
    fn a_protected_cell_that_is_not_published_is_protected_too() {
        // uj and ad of a group (A, A+B) with B (ledig) small: B = ad − uj.
        let v = vec![unit(0), combine([(0, 1), (1, 1)]), unit(1)];
        assert_eq!(protect(2, &v, &[2], &[0, 1]), vec![true, false]);
    }

    #[test]
    fn many_random_tables_leave_nothing_computable() {
        // Two crossed breakdowns of one total over random coordinates, random small cells.
        let mut seed = 12345u64;
        let mut rnd = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..200 {
            let (r, c) = (2 + rnd(4) as u32, 2 + rnd(4) as u32);
            let coord = |i: u32, j: u32| i * c + j;
            let mut v: Vec<Vector> = Vec::new();
            for i in 0..r {
                for j in 0..c {
                    v.push(unit(coord(i, j)));
                }
            }
            for i in 0..r {
                v.push(combine((0..c).map(|j| (coord(i, j), 1))));
            }
            for j in 0..c {
                v.push(combine((0..r).map(|i| (coord(i, j), 1))));
            }
            v.push(combine((0..r * c).map(|k| (k, 1))));
            let n = v.len();
            let small: Vec<usize> = (0..(r * c) as usize).filter(|_| rnd(5) == 0).collect();
            let mut cand: Vec<usize> = (0..n).filter(|i| !small.contains(i)).collect();
            cand.reverse();
            let shown = protect((r * c) as usize, &v, &small, &cand);
            let shown_ids: Vec<usize> = cand.iter().zip(&shown).filter(|x| *x.1).map(|x| *x.0).collect();
            let hidden: Vec<usize> = (0..n).filter(|i| !shown_ids.contains(i)).collect();
            assert!(computable((r * c) as usize, &v, &shown_ids, &hidden).is_empty(), "{r}x{c} {small:?}");
        }
    }
}
