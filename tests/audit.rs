//! The disclosure auditor. It reads what a user gets (the CSV of `compute`, the CSV beside a
//! report, which holds every number the PDF states), rebuilds the relations that hold between
//! the published numbers from the rows alone and the method (`domain.md`: a breakdown's groups
//! sum to the total, the statuses to the population, uddannelse_job = job + uddannelse,
//! arbejdsduelige = job + uddannelse + ledig_jobparat; a report's quarter is the mean of its
//! months and a stated sum of flows the sum of its flows), and then:
//!
//! 1. solves every relation, and every published share, with exactly one unknown, and
//!    propagates to a fixpoint; a hidden value (a hidden share too) that falls out is a
//!    failure, and a value that falls out must match the unsuppressed figure where given;
//! 2. checks that every relation whose numbers are all known then holds (so the relations are
//!    the right ones, and the auditor does not pass for want of any);
//! 3. then, as a stronger check, finds by exact elimination over the rationals every hidden
//!    value that a combination of relations determines.
//!
//! It is written apart from the suppression code (`src/kpi/cells.rs`) on purpose.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The reason a share is hidden under the 20-person rule, as outputs state it.
const SMALL_DENOMINATOR: &str = "nævner under 20 personer";

/// A value that fell out, with its error bound (`None`: not known).
type Known = Option<(f64, f64)>;

/// The persons a derived count rests on, where known.
pub type PersonsOf<'a> = &'a dyn Fn(&Derived) -> Option<u32>;

/// Published values are rounded to 2 decimals.
const ROUNDING: f64 = 0.005;

#[derive(Debug, Clone)]
struct Cell {
    name: String,
    value: Option<f64>,
    hidden: bool,
    truth: Option<f64>,
}

#[derive(Debug, Default)]
pub struct Audit {
    cells: Vec<Cell>,
    index: HashMap<String, usize>,
    relations: Vec<Vec<(usize, i64)>>,
    /// Published shares: (numerator, denominator, share in %).
    shares: Vec<(usize, usize, f64)>,
    /// Hidden shares: (numerator, denominator, hidden by the 20-person rule). A share is a
    /// value of its own: hidden, it must not be computable from its numerator and denominator.
    hidden_shares: Vec<(usize, usize, bool)>,
    problems: Vec<String>,
}

/// What an audit found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub cells: usize,
    pub hidden: usize,
    /// Relations whose numbers are all known (published or solved), and hold.
    pub checked: usize,
    /// Unpublished values (not hidden) that fall out of the published ones.
    pub derived: usize,
}

/// A row of a CSV with a header, by column name.
pub struct Rows {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Rows {
    pub fn parse(text: &str) -> Rows {
        let mut r = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
        let header = r.headers().expect("a header").iter().map(String::from).collect();
        let rows = r.records().map(|x| x.expect("a CSV record").iter().map(String::from).collect()).collect();
        Rows { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(move |r| Row { rows: self, r })
    }
}

pub struct Row<'a> {
    rows: &'a Rows,
    r: &'a Vec<String>,
}

impl Row<'_> {
    pub fn get(&self, name: &str) -> &str {
        &self.r[self.rows.col(name)]
    }

    pub fn num(&self, name: &str) -> Option<f64> {
        let s = self.get(name);
        (!s.is_empty()).then(|| s.parse().unwrap_or_else(|_| panic!("{name} {s:?} is not a number")))
    }

    /// Hidden: empty, with a reason.
    pub fn hidden(&self, name: &str) -> bool {
        self.get(name).is_empty() && !self.get("suppressed").is_empty()
    }
}

impl Audit {
    fn id(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.cells.push(Cell { name: name.to_string(), value: None, hidden: false, truth: None });
        self.index.insert(name.to_string(), self.cells.len() - 1);
        self.cells.len() - 1
    }

    /// A number as a row publishes it; the same number published twice must agree.
    fn observe(&mut self, name: &str, value: Option<f64>, hidden: bool) -> usize {
        let i = self.id(name);
        let c = &mut self.cells[i];
        match (c.value, value) {
            (Some(a), Some(b)) if (a - b).abs() > 1e-9 => {
                self.problems.push(format!("{name} is published as both {a} and {b}"))
            }
            (None, Some(_)) if c.hidden => {
                self.problems.push(format!("{name} is hidden in one row and shown in another"))
            }
            (Some(_), None) if hidden => {
                self.problems.push(format!("{name} is shown in one row and hidden in another"))
            }
            _ => {}
        }
        if value.is_some() {
            c.value = value;
        }
        c.hidden |= hidden && value.is_none();
        i
    }

    fn sum(&mut self, total: &str, parts: &[String]) {
        if parts.is_empty() {
            return;
        }
        let mut terms = vec![(self.id(total), -1)];
        for p in parts {
            terms.push((self.id(p), 1));
        }
        self.relations.push(terms);
    }

    fn share(&mut self, num: usize, den: usize, r: &Row) {
        if let Some(s) = r.num("share_pct") {
            self.shares.push((num, den, s));
        } else if r.hidden("share_pct") {
            self.hidden_shares.push((num, den, r.get("suppressed").contains(SMALL_DENOMINATOR)));
        }
    }

    /// What falls out by solving relations and shares one unknown at a time, to a fixpoint:
    /// each cell's value and error bound (`None`: not known), and the cells solved, in order.
    fn propagate(&self) -> (Vec<Known>, Vec<(usize, f64, f64)>) {
        let mut known: Vec<Option<(f64, f64)>> = self.cells.iter().map(|c| c.value.map(|v| (v, ROUNDING))).collect();
        let mut solved = Vec::new();
        loop {
            let mut found: Vec<(usize, f64, f64)> = Vec::new();
            for r in &self.relations {
                let unknown: Vec<&(usize, i64)> = r.iter().filter(|(c, _)| known[*c].is_none()).collect();
                if let [&(x, k)] = unknown[..] {
                    let (mut v, mut e) = (0.0, 0.0);
                    for &(c, kc) in r.iter().filter(|t| t.0 != x) {
                        let (cv, ce) = known[c].unwrap_or_default();
                        v -= kc as f64 * cv / k as f64;
                        e += (kc as f64 / k as f64).abs() * ce;
                    }
                    found.push((x, v, e));
                }
            }
            for &(n, d, s) in &self.shares {
                match (known[n], known[d]) {
                    (Some((nv, ne)), None) if s > 0.0 => {
                        found.push((d, 100.0 * nv / s, 100.0 * (ne / s + nv * ROUNDING / (s * s))))
                    }
                    (None, Some((dv, de))) => found.push((n, s * dv / 100.0, (s * de + dv * ROUNDING) / 100.0)),
                    _ => {}
                }
            }
            if found.is_empty() {
                return (known, solved);
            }
            for (x, v, e) in found {
                if known[x].is_none() {
                    known[x] = Some((v, e));
                    solved.push((x, v, e));
                }
            }
        }
    }

    /// Runs the three checks; `Err` names what went wrong.
    pub fn run(&self) -> Result<Summary, String> {
        let mut problems = self.problems.clone();
        // 1. One unknown at a time: (value, error bound).
        let (known, solved) = self.propagate();
        let mut derived = 0;
        let mut leaked: BTreeSet<usize> = BTreeSet::new();
        for (x, v, e) in solved {
            let c = &self.cells[x];
            if let Some(t) = c.truth
                && (v - t).abs() > e + ROUNDING + 1e-6
            {
                problems.push(format!(
                    "{} falls out as {v:.4} ± {e:.4}, but is {t}: the auditor's relations are wrong",
                    c.name
                ));
            }
            if c.hidden {
                leaked.insert(x);
                problems.push(format!("hidden {} can be recovered: {v:.2} (± {e:.3})", c.name));
            } else {
                derived += 1;
            }
        }
        // 2. Every relation whose numbers are all known (published or solved) holds.
        let mut checked = 0;
        for r in &self.relations {
            if r.iter().all(|&(c, _)| known[c].is_some()) {
                let (mut total, mut tol) = (0.0, 1e-9);
                for &(c, k) in r {
                    let (v, e) = known[c].unwrap_or_default();
                    total += k as f64 * v;
                    tol += k.abs() as f64 * e;
                }
                if total.abs() > tol {
                    problems.push(format!("relation does not hold ({total:.4}): {}", self.show(r)));
                }
                checked += 1;
            }
        }
        // 3. Combinations of relations, exactly.
        let determined: BTreeSet<usize> = self.determined(&known).into_iter().collect();
        for &x in &determined {
            if self.cells[x].hidden && !leaked.contains(&x) {
                problems.push(format!("hidden {} is determined by a combination of relations", self.cells[x].name));
            }
        }
        // A hidden share is recovered when its numerator and denominator are. Hidden by the
        // 20-person rule, it is also given away by a numerator of 0 (0 % of any group that has
        // persons); hidden only because its numerator or denominator is, a 0 % share is no
        // secret (and a hidden empty group has no share at all).
        for &(n, d, small) in &self.hidden_shares {
            let (nc, dc) = (&self.cells[n], &self.cells[d]);
            let solved = |c: usize| known[c].is_some() || determined.contains(&c);
            let empty = dc.truth.or(known[d].map(|k| k.0)).is_some_and(|v| v.abs() < 1e-9);
            let zero = known[n].is_some_and(|(v, e)| v.abs() <= e);
            if empty {
                continue;
            }
            if solved(n) && solved(d) {
                problems.push(format!("hidden share {} / {} can be computed", nc.name, dc.name));
            } else if zero && small {
                problems.push(format!("hidden share {} / {} is 0 %: its numerator is 0", nc.name, dc.name));
            }
        }
        if problems.is_empty() {
            Ok(Summary {
                cells: self.cells.len(),
                hidden: self.cells.iter().filter(|c| c.hidden).count(),
                checked,
                derived,
            })
        } else {
            problems.truncate(20);
            Err(problems.join("\n"))
        }
    }

    fn show(&self, r: &[(usize, i64)]) -> String {
        r.iter()
            .map(|&(c, k)| {
                format!("{k:+}·{}={}", self.cells[c].name, self.cells[c].value.map_or("?".into(), |v| v.to_string()))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Unknown cells whose unit vector is in the row space of the relations restricted to the
    /// cells still unknown, by component.
    fn determined(&self, known: &[Option<(f64, f64)>]) -> Vec<usize> {
        let n = self.cells.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(p: &mut [usize], mut x: usize) -> usize {
            while p[x] != x {
                p[x] = p[p[x]];
                x = p[x];
            }
            x
        }
        for r in &self.relations {
            for w in r.windows(2) {
                let (a, b) = (root(&mut parent, w[0].0), root(&mut parent, w[1].0));
                parent[a] = b;
            }
        }
        let mut comps: BTreeMap<usize, Vec<&Vec<(usize, i64)>>> = BTreeMap::new();
        for r in &self.relations {
            comps.entry(root(&mut parent, r[0].0)).or_default().push(r);
        }
        let mut out = Vec::new();
        for rels in comps.values() {
            let unknown: BTreeSet<usize> =
                rels.iter().flat_map(|r| r.iter().map(|t| t.0)).filter(|&c| known[c].is_none()).collect();
            let cols: Vec<usize> = unknown.into_iter().collect();
            let pos: HashMap<usize, usize> = cols.iter().enumerate().map(|(i, &c)| (c, i)).collect();
            let mut m: Vec<Vec<Q>> = rels
                .iter()
                .map(|r| {
                    let mut row = vec![Q::ZERO; cols.len()];
                    for &(c, k) in r.iter() {
                        if let Some(&p) = pos.get(&c) {
                            row[p] = row[p].add(Q::int(k as i128));
                        }
                    }
                    row
                })
                .collect();
            for (r, c) in rref(&mut m) {
                if m[r].iter().enumerate().all(|(j, v)| j == c || v.is_zero()) {
                    out.push(cols[c]);
                }
            }
        }
        out
    }
}

/// An exact rational.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Q(i128, i128);

impl Q {
    const ZERO: Q = Q(0, 1);

    fn int(n: i128) -> Q {
        Q(n, 1)
    }

    fn new(n: i128, d: i128) -> Q {
        fn gcd(a: i128, b: i128) -> i128 {
            if b == 0 { a.abs() } else { gcd(b, a % b) }
        }
        let g = gcd(n, d).max(1) * d.signum();
        Q(n / g, d / g)
    }

    fn is_zero(self) -> bool {
        self.0 == 0
    }

    fn add(self, o: Q) -> Q {
        Q::new(self.0 * o.1 + o.0 * self.1, self.1 * o.1)
    }

    fn mul(self, o: Q) -> Q {
        Q::new(self.0 * o.0, self.1 * o.1)
    }

    fn inv(self) -> Q {
        Q::new(self.1, self.0)
    }

    fn neg(self) -> Q {
        Q(-self.0, self.1)
    }
}

fn rref(m: &mut [Vec<Q>]) -> Vec<(usize, usize)> {
    let rows = m.len();
    let cols = m.first().map_or(0, |r| r.len());
    let mut pivots = Vec::new();
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..rows).find(|&i| !m[i][c].is_zero()) else { continue };
        m.swap(r, p);
        let inv = m[r][c].inv();
        for v in m[r].iter_mut() {
            *v = v.mul(inv);
        }
        let pivot = m[r].clone();
        for (i, row) in m.iter_mut().enumerate() {
            if i != r && !row[c].is_zero() {
                let f = row[c].neg();
                for (v, p) in row.iter_mut().zip(&pivot) {
                    *v = v.add(f.mul(*p));
                }
            }
        }
        pivots.push((r, c));
        r += 1;
        if r == rows {
            break;
        }
    }
    pivots
}

const UJ_STATUSES: [&str; 2] = ["job", "uddannelse"];
const AD_STATUSES: [&str; 3] = ["job", "uddannelse", "ledig_jobparat"];
const STATUSES: [&str; 10] = [
    "job",
    "uddannelse",
    "ledig_jobparat",
    "ledig_aktivitetsparat",
    "syg_afklaring",
    "fleksjob",
    "permanent",
    "pension",
    "orlov_barsel",
    "oevrige",
];

/// The flow groups of the report, and the sums its text states: (name, from, to).
const FLOW_SUMS: [(&str, &str, &[&str], &[&str]); 3] = [
    ("I alt ledig", "Job", &["Ledig, jobparat", "Ledig, aktivitetsparat"], &["Job"]),
    ("Job", "I alt ledig", &["Job"], &["Ledig, jobparat", "Ledig, aktivitetsparat"]),
    (
        "I alt andet end job og uddannelse",
        "Job",
        &[
            "Ledig, jobparat",
            "Ledig, aktivitetsparat",
            "Sygdom, afklaring, fleksjob",
            "Pension og førtidspension",
            "Barsel, orlov, øvrige",
        ],
        &["Job"],
    ),
];

/// The months of a quarter written "2016-K3".
fn quarter_months(q: &str) -> Vec<String> {
    let (y, k) = q.split_once("-K").expect("a quarter like 2016-K3");
    let k: u32 = k.parse().expect("quarter number");
    (1..=3).map(|i| format!("{y}-{:02}", (k - 1) * 3 + i)).collect()
}

/// A count a reader can work out from published cells without its being published: a
/// group's persons in ledig_jobparat (arbejdsduelige − uddannelse_job) or outside the
/// work-ready (denominator − arbejdsduelige). (scope, period, dimension, group, part).
pub type Derived = (String, String, String, String, &'static str);

/// Several outputs of one extract read together, as a reader who holds them all would: every
/// number is one cell under one name whichever output states it, so a cell shown in one and
/// hidden in another, or a hidden cell that the others give away together, is found.
///
/// Names: `{scope} {period} {measure} {dimension} {group}` for a KPI's numerator, `… den …`
/// for the denominator, `… status total {status}` for full-time persons by status, and
/// `{scope} flow {period} {from} -> {to}` for flows. The scope is `alle` or a municipality's
/// code; with one municipality in the extract the two are the same cells.
pub struct Pool {
    audit: Audit,
    kommuner: Vec<String>,
    /// Per (scope, period): dimension → groups seen.
    layout: BTreeMap<(String, String), BTreeMap<String, BTreeSet<String>>>,
    flows: BTreeSet<(String, String)>,
    derived: Vec<(usize, Derived)>,
}

impl Pool {
    /// A pool for an extract holding these municipalities (codes).
    pub fn new(kommuner: &[&str]) -> Pool {
        Pool {
            audit: Audit::default(),
            kommuner: kommuner.iter().map(|k| k.to_string()).collect(),
            layout: BTreeMap::new(),
            flows: BTreeSet::new(),
            derived: Vec::new(),
        }
    }

    /// The scope cells are named under: with one municipality, it and `alle` are one.
    fn scope(&self, scope: &str) -> String {
        if self.kommuner.len() == 1 { "alle".into() } else { scope.to_string() }
    }

    fn see(&mut self, scope: &str, period: &str, dim: &str, group: &str) {
        self.layout
            .entry((scope.to_string(), period.to_string()))
            .or_default()
            .entry(dim.to_string())
            .or_default()
            .insert(group.to_string());
    }

    /// Names of a row's numerator and denominator.
    fn names(scope: &str, period: &str, kpi: &str, dim: &str, group: &str) -> (String, String) {
        if kpi == "fuldtidspersoner" {
            (format!("{scope} {period} status total {group}"), format!("{scope} {period} den total I alt"))
        } else {
            (format!("{scope} {period} {kpi} {dim} {group}"), format!("{scope} {period} den {dim} {group}"))
        }
    }

    fn row(&mut self, scope: &str, period: &str, kpi: &str, dim: &str, group: &str, r: &Row) {
        let (n, d) = Pool::names(scope, period, kpi, dim, group);
        let ni = self.audit.observe(&n, r.num("numerator"), r.hidden("numerator"));
        let di = self.audit.observe(&d, r.num("denominator"), r.hidden("denominator"));
        self.audit.share(ni, di, r);
        self.see(scope, period, if kpi == "fuldtidspersoner" { "status" } else { dim }, group);
    }

    /// `compute --format csv` for `scope` (`alle`, or the code given with `--kommune`).
    pub fn compute(&mut self, csv: &str, scope: &str) -> &mut Pool {
        let rows = Rows::parse(csv);
        for r in rows.iter() {
            let (m, k, d, g) = (r.get("month"), r.get("kpi"), r.get("dimension"), r.get("group"));
            if d == "kommune" {
                // A municipality's total is its own scope's.
                let s = self.scope(g);
                self.row(&s, m, k, "total", "I alt", &r);
            } else {
                let s = self.scope(scope);
                self.row(&s, m, k, d, g, &r);
            }
        }
        self
    }

    /// The unsuppressed `compute --format csv` of the same scope: what the hidden values are,
    /// so a value that falls out is checked against the truth.
    pub fn truth(&mut self, csv: &str, scope: &str) -> &mut Pool {
        let s = self.scope(scope);
        for r in Rows::parse(csv).iter() {
            let (m, k, d, g) = (r.get("month"), r.get("kpi"), r.get("dimension"), r.get("group"));
            let (n, den) = if d == "kommune" {
                Pool::names(&self.scope(g), m, k, "total", "I alt")
            } else {
                Pool::names(&s, m, k, d, g)
            };
            for (name, col) in [(n, "numerator"), (den, "denominator")] {
                if let (Some(&i), Some(v)) = (self.audit.index.get(&name), r.num(col)) {
                    self.audit.cells[i].truth = Some(v);
                }
            }
        }
        self
    }

    /// The CSV beside a report on `scope` (every number the PDF, web page and XLSX state).
    pub fn report(&mut self, csv: &str, scope: &str) -> &mut Pool {
        let s = self.scope(scope);
        let rows = Rows::parse(csv);
        for r in rows.iter() {
            let (p, d, g, k) = (r.get("period"), r.get("dimension"), r.get("group"), r.get("kpi"));
            match r.get("section") {
                // The series of the municipality, and of each group a target is set on.
                "2 månedsserie" => self.row(&s, p, k, d, g, &r),
                "3 opdelinger" => self.row(&s, p, k, d, g, &r),
                "4 status" => self.row(&s, p, "fuldtidspersoner", "status", g, &r),
                "4 strømme" => {
                    self.flows.insert((s.clone(), p.to_string()));
                    let name = format!("{s} flow {p} {d} -> {g}");
                    self.audit.observe(&name, r.num("numerator"), r.hidden("numerator"));
                }
                // The front page repeats the series; the comparison shows shares of the
                // municipalities' totals, which `compute --by kommune` states.
                _ => {}
            }
        }
        self
    }

    /// Runs the audit over everything pooled: the relations between the cells, a cell shown in
    /// one output and hidden in another, hidden values that fall out; and, with `persons`
    /// (the persons a derived count rests on, where known), every derived count that falls
    /// out must rest on none or at least 5 persons.
    pub fn run(&mut self, persons: Option<PersonsOf>) -> Result<Summary, String> {
        self.relate();
        let mut extra = Vec::new();
        if let Some(persons) = persons {
            let (known, _) = self.audit.propagate();
            let determined: BTreeSet<usize> = self.audit.determined(&known).into_iter().collect();
            for (i, d) in &self.derived {
                if (known[*i].is_some() || determined.contains(i))
                    && let Some(n) = persons(d)
                    && (1..5).contains(&n)
                {
                    extra.push(format!("{} can be worked out and rests on {n} persons", self.audit.cells[*i].name));
                }
            }
        }
        match (self.audit.run(), extra.is_empty()) {
            (Ok(s), true) => Ok(s),
            (Ok(_), false) => Err(extra.join("\n")),
            (Err(e), _) => Err(format!("{e}\n{}", extra.join("\n"))),
        }
    }

    /// The relations between the pooled cells, from their names and the method.
    fn relate(&mut self) {
        let layout = std::mem::take(&mut self.layout);
        let a = &mut self.audit;
        let mut quarters: BTreeSet<(String, String)> = BTreeSet::new();
        for ((scope, p), dims) in &layout {
            if p.contains("-K") {
                quarters.insert((scope.clone(), p.clone()));
            }
            let name = |m: &str, d: &str, g: &str| format!("{scope} {p} {m} {d} {g}");
            for (dim, groups) in dims {
                if dim == "status" {
                    let f = |ss: &[&str]| ss.iter().map(|x| name("status", "total", x)).collect::<Vec<_>>();
                    a.sum(&name("den", "total", "I alt"), &f(&STATUSES));
                    a.sum(&name("uddannelse_job", "total", "I alt"), &f(&UJ_STATUSES));
                    a.sum(&name("arbejdsduelige", "total", "I alt"), &f(&AD_STATUSES));
                    continue;
                }
                if dim != "total" {
                    for m in ["uddannelse_job", "arbejdsduelige", "den"] {
                        let parts: Vec<String> = groups.iter().map(|g| name(m, dim, g)).collect();
                        a.sum(&name(m, "total", "I alt"), &parts);
                    }
                }
                // What a reader works out from a group's numerators and denominator.
                for g in groups {
                    for (part, of, less) in
                        [("ledig", "arbejdsduelige", "uddannelse_job"), ("not_ad", "den", "arbejdsduelige")]
                    {
                        let derived = name(part, dim, g);
                        let i = a.id(&derived);
                        a.sum(&name(of, dim, g), &[name(less, dim, g), derived]);
                        self.derived.push((i, (scope.clone(), p.clone(), dim.clone(), g.clone(), part)));
                    }
                }
            }
        }
        // A quarter is the mean of its months, group by group.
        for (scope, q) in &quarters {
            let months = quarter_months(q);
            let mut cells: Vec<String> =
                a.index.keys().filter(|n| n.starts_with(&format!("{scope} {q} "))).cloned().collect();
            cells.sort();
            for cell in cells {
                let rest = &cell[scope.len() + q.len() + 2..];
                let terms: Vec<String> = months.iter().map(|m| format!("{scope} {m} {rest}")).collect();
                let mut rel = vec![(a.id(&cell), 3)];
                for t in &terms {
                    rel.push((a.id(t), -1));
                }
                a.relations.push(rel);
            }
        }
        // All municipalities are the sum of each of them, cell by cell.
        if self.kommuner.len() > 1 {
            let mut cells: Vec<String> = a.index.keys().filter(|n| n.starts_with("alle ")).cloned().collect();
            cells.sort();
            for cell in cells {
                if cell.contains(" flow ") {
                    continue;
                }
                let rest = &cell["alle ".len()..];
                let parts: Vec<String> = self.kommuner.iter().map(|k| format!("{k} {rest}")).collect();
                a.sum(&cell, &parts);
            }
        }
        for (s, p) in &self.flows {
            for (from, to, froms, tos) in FLOW_SUMS {
                let parts: Vec<String> =
                    froms.iter().flat_map(|f| tos.iter().map(move |t| format!("{s} flow {p} {f} -> {t}"))).collect();
                a.sum(&format!("{s} flow {p} {from} -> {to}"), &parts);
            }
        }
    }
}

/// Audits `compute --format csv` output; `truth` is the same run with `--no-suppression`.
pub fn compute(published: &str, truth: Option<&str>) -> Result<Summary, String> {
    // The municipalities `--by kommune` names, if any: several make each a scope of its own.
    let rows = Rows::parse(published);
    let mut kommuner: Vec<String> =
        rows.iter().filter(|r| r.get("dimension") == "kommune").map(|r| r.get("group").to_string()).collect();
    kommuner.sort();
    kommuner.dedup();
    let kommuner: Vec<&str> =
        if kommuner.len() > 1 { kommuner.iter().map(String::as_str).collect() } else { vec!["alle"] };
    let mut p = Pool::new(&kommuner);
    p.compute(published, "alle");
    if let Some(t) = truth {
        p.truth(t, "alle");
    }
    p.run(None)
}

/// Audits the CSV beside a report.
pub fn report(published: &str) -> Result<Summary, String> {
    Pool::new(&["alle"]).report(published, "alle").run(None)
}
