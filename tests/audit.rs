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

    /// Runs the three checks; `Err` names what went wrong.
    pub fn run(&self) -> Result<Summary, String> {
        let mut problems = self.problems.clone();
        // 1. One unknown at a time: (value, error bound).
        let mut known: Vec<Option<(f64, f64)>> = self.cells.iter().map(|c| c.value.map(|v| (v, ROUNDING))).collect();
        let mut derived = 0;
        let mut leaked: BTreeSet<usize> = BTreeSet::new();
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
                break;
            }
            for (x, v, e) in found {
                if known[x].is_some() {
                    continue;
                }
                known[x] = Some((v, e));
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

const KPIS: [&str; 2] = ["uddannelse_job", "arbejdsduelige"];
const UJ_STATUSES: [&str; 2] = ["job", "uddannelse"];
const AD_STATUSES: [&str; 3] = ["job", "uddannelse", "ledig_jobparat"];

/// Audits `compute --format csv` output; `truth` is the same run with `--no-suppression`.
pub fn compute(published: &str, truth: Option<&str>) -> Result<Summary, String> {
    let mut a = Audit::default();
    // month → dimension → groups
    let mut layout: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let rows = Rows::parse(published);
    let names = |r: &Row| -> (String, String) {
        let (m, d, g, k) = (r.get("month"), r.get("dimension"), r.get("group"), r.get("kpi"));
        if k == "fuldtidspersoner" {
            (format!("{m} status {g}"), format!("{m} denominator total I alt"))
        } else {
            (format!("{m} {k} {d} {g}"), format!("{m} denominator {d} {g}"))
        }
    };
    for r in rows.iter() {
        let (n, d) = names(&r);
        let ni = a.observe(&n, r.num("numerator"), r.hidden("numerator"));
        let di = a.observe(&d, r.num("denominator"), r.hidden("denominator"));
        a.share(ni, di, &r);
        layout
            .entry(r.get("month").to_string())
            .or_default()
            .entry(r.get("dimension").to_string())
            .or_default()
            .insert(r.get("group").to_string());
    }
    if let Some(t) = truth {
        for r in Rows::parse(t).iter() {
            let (n, d) = names(&r);
            for (name, col) in [(n, "numerator"), (d, "denominator")] {
                if let (Some(&i), Some(v)) = (a.index.get(&name), r.num(col)) {
                    a.cells[i].truth = Some(v);
                }
            }
        }
    }
    for (m, dims) in &layout {
        for (dim, groups) in dims {
            match dim.as_str() {
                "total" => {}
                "status" => {
                    let f = |ss: &[&str]| ss.iter().map(|s| format!("{m} status {s}")).collect::<Vec<_>>();
                    let all: Vec<&str> = groups.iter().map(String::as_str).collect();
                    a.sum(&format!("{m} denominator total I alt"), &f(&all));
                    a.sum(&format!("{m} uddannelse_job total I alt"), &f(&UJ_STATUSES));
                    a.sum(&format!("{m} arbejdsduelige total I alt"), &f(&AD_STATUSES));
                }
                _ => {
                    for k in KPIS {
                        let parts: Vec<String> = groups.iter().map(|g| format!("{m} {k} {dim} {g}")).collect();
                        a.sum(&format!("{m} {k} total I alt"), &parts);
                    }
                    let parts: Vec<String> = groups.iter().map(|g| format!("{m} denominator {dim} {g}")).collect();
                    a.sum(&format!("{m} denominator total I alt"), &parts);
                }
            }
        }
    }
    a.run()
}

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

/// Audits the CSV beside a report.
pub fn report(published: &str) -> Result<Summary, String> {
    let mut a = Audit::default();
    let mut quarters: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let mut flows: BTreeSet<String> = BTreeSet::new();
    let rows = Rows::parse(published);
    for r in rows.iter() {
        let (p, d, g, k) = (r.get("period"), r.get("dimension"), r.get("group"), r.get("kpi"));
        let (n, den) = match r.get("section") {
            "2 månedsserie" => (format!("{p} {k}"), Some(format!("{p} denominator"))),
            "3 opdelinger" => {
                quarters.entry(p.to_string()).or_default().entry(d.to_string()).or_default().insert(g.to_string());
                (format!("{p} {k} {d} {g}"), Some(format!("{p} denominator {d} {g}")))
            }
            "4 status" => {
                quarters.entry(p.to_string()).or_default().entry(d.to_string()).or_default().insert(g.to_string());
                (format!("{p} status {g}"), Some(format!("{p} denominator total")))
            }
            "4 strømme" => {
                flows.insert(p.to_string());
                (format!("flow {p} {d} -> {g}"), None)
            }
            // The front page repeats the series; the comparison shows shares of numbers the
            // report does not publish.
            _ => continue,
        };
        let ni = a.observe(&n, r.num("numerator"), r.hidden("numerator"));
        if let Some(den) = den {
            let di = a.observe(&den, r.num("denominator"), r.hidden("denominator"));
            a.share(ni, di, &r);
        }
    }
    for (q, dims) in &quarters {
        let months = quarter_months(q);
        // 3 · quarter = Σ months, where the series has the months.
        for (quarter, month) in [
            (format!("{q} uddannelse_job total"), " uddannelse_job"),
            (format!("{q} arbejdsduelige total"), " arbejdsduelige"),
            (format!("{q} denominator total"), " denominator"),
        ] {
            let ms: Vec<String> = months.iter().map(|m| format!("{m}{month}")).collect();
            if ms.iter().all(|m| a.index.contains_key(m)) {
                let mut terms = vec![(a.id(&quarter), 3)];
                for m in &ms {
                    terms.push((a.id(m), -1));
                }
                a.relations.push(terms);
            }
        }
        for (dim, groups) in dims {
            if dim == "status" {
                let f = |ss: &[&str]| ss.iter().map(|s| format!("{q} status {s}")).collect::<Vec<_>>();
                let all: Vec<&str> = groups.iter().map(String::as_str).collect();
                a.sum(&format!("{q} denominator total"), &f(&all));
                a.sum(&format!("{q} uddannelse_job total"), &f(&UJ_STATUSES));
                a.sum(&format!("{q} arbejdsduelige total"), &f(&AD_STATUSES));
                continue;
            }
            for k in KPIS {
                let parts: Vec<String> = groups.iter().map(|g| format!("{q} {k} {dim} {g}")).collect();
                a.sum(&format!("{q} {k} total"), &parts);
            }
            let parts: Vec<String> = groups.iter().map(|g| format!("{q} denominator {dim} {g}")).collect();
            a.sum(&format!("{q} denominator total"), &parts);
        }
    }
    for p in &flows {
        for (from, to, froms, tos) in FLOW_SUMS {
            let parts: Vec<String> =
                froms.iter().flat_map(|f| tos.iter().map(move |t| format!("flow {p} {f} -> {t}"))).collect();
            a.sum(&format!("flow {p} {from} -> {to}"), &parts);
        }
    }
    a.run()
}
