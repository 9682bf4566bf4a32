//! From person-month rows to figures: full-time persons and shares per KPI, month and group
//! (`domain.md`, "Measuring": full-time persons = person-weeks ÷ weeks in the month; a share =
//! numerator person-weeks ÷ denominator person-weeks). The summing is done by polars.

use super::suppress::Suppression;
use crate::extract::load::Extract;
use crate::method::calendar::Month;
use crate::method::classify::{ORIGIN_LABELS, PersonMonths};
use crate::method::status::{Kpi, Status};
use polars::prelude::*;
use serde::Serialize;

/// A breakdown of the population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Total,
    Age,
    Sex,
    Herkomst,
    Omraade,
    Status,
    Kommune,
    /// Every municipality in the extract together (the country, when the extract is national):
    /// the report's comparison. Not a breakdown a user asks for, so not in [`Dimension::ALL`].
    Land,
    /// The own municipality's cluster of comparable municipalities, summed from theirs.
    Klynge,
}

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Total,
        Dimension::Age,
        Dimension::Sex,
        Dimension::Herkomst,
        Dimension::Omraade,
        Dimension::Status,
        Dimension::Kommune,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Dimension::Total => "total",
            Dimension::Age => "age",
            Dimension::Sex => "sex",
            Dimension::Herkomst => "herkomst",
            Dimension::Omraade => "omraade",
            Dimension::Status => "status",
            Dimension::Kommune => "kommune",
            Dimension::Land => "land",
            Dimension::Klynge => "klynge",
        }
    }

    pub fn from_id(id: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Total => "I alt",
            Dimension::Age => "Alder",
            Dimension::Sex => "Køn",
            Dimension::Herkomst => "Herkomst",
            Dimension::Omraade => "Lokalområde",
            Dimension::Status => "Status",
            Dimension::Kommune => "Kommune",
            Dimension::Land => "Alle kommuner",
            Dimension::Klynge => "Klynge",
        }
    }
}

/// Age bands of the report (`domain.md`, "What a quarterly report shows").
pub const AGE_BANDS: [(u8, u8, &str); 7] = [
    (16, 19, "16–19 år"),
    (20, 24, "20–24 år"),
    (25, 29, "25–29 år"),
    (30, 39, "30–39 år"),
    (40, 49, "40–49 år"),
    (50, 59, "50–59 år"),
    (60, 66, "60–66 år"),
];

pub fn age_band(age: u8) -> u16 {
    AGE_BANDS.iter().position(|&(lo, hi, _)| (lo..=hi).contains(&age)).unwrap_or(AGE_BANDS.len() - 1) as u16
}

/// The KPI of a figure: one of the two targets, or full-time persons by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Kpi(Kpi),
    Fuldtidspersoner,
}

impl Measure {
    pub fn id(self) -> &'static str {
        match self {
            Measure::Kpi(k) => k.id(),
            Measure::Fuldtidspersoner => "fuldtidspersoner",
        }
    }
}

/// One figure: KPI, month, group; numerator and denominator in full-time persons.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub measure: Measure,
    pub month: Month,
    pub dimension: Dimension,
    /// Sort key of the group within its dimension.
    pub order: u16,
    pub group: String,
    pub numerator: f64,
    pub denominator: f64,
    /// Distinct persons behind the numerator and the denominator (for disclosure control).
    pub num_persons: u32,
    pub den_persons: u32,
    pub suppression: Suppression,
}

impl Figure {
    pub fn share_pct(&self) -> f64 {
        share_pct(self.numerator, self.denominator)
    }

    /// The values as they may be published: `None` where suppressed.
    pub fn published(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        published(self.numerator, self.denominator, &self.suppression)
    }
}

/// A share in per cent; undefined (NaN) with no one in the denominator.
pub fn share_pct(numerator: f64, denominator: f64) -> f64 {
    if denominator > 0.0 { 100.0 * numerator / denominator } else { f64::NAN }
}

/// Numerator, denominator and share as they may be published: `None` where suppressed, and
/// no share where it is undefined. One rule for monthly figures and pooled quarters.
pub fn published(numerator: f64, denominator: f64, s: &Suppression) -> (Option<f64>, Option<f64>, Option<f64>) {
    let share = share_pct(numerator, denominator);
    (
        s.numerator.is_none().then_some(numerator),
        s.denominator.is_none().then_some(denominator),
        (s.share.is_none() && share.is_finite()).then_some(share),
    )
}

pub(super) fn group_codes(pm: &PersonMonths, ex: &Extract, dim: Dimension) -> (Vec<u16>, Vec<(u16, String)>) {
    let n = pm.len();
    match dim {
        Dimension::Total | Dimension::Status | Dimension::Land | Dimension::Klynge => {
            (vec![0; n], vec![(0, "I alt".to_string())])
        }
        Dimension::Age => (
            pm.age.iter().map(|&a| age_band(a)).collect(),
            AGE_BANDS.iter().enumerate().map(|(i, b)| (i as u16, b.2.to_string())).collect(),
        ),
        Dimension::Sex => {
            (pm.koen.iter().map(|&k| k as u16).collect(), vec![(0, "Mænd".to_string()), (1, "Kvinder".to_string())])
        }
        Dimension::Herkomst => {
            // The group of unknown origin (a country code the table lacks) only when it has persons.
            let unknown = pm.origin.contains(&5);
            (
                pm.origin.iter().map(|&o| o as u16).collect(),
                ORIGIN_LABELS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i < 5 || unknown)
                    .map(|(i, l)| (i as u16, l.to_string()))
                    .collect(),
            )
        }
        Dimension::Omraade => {
            let mut names: Vec<(u16, String)> = ex
                .areas
                .iter()
                .enumerate()
                .map(|(i, a)| (i as u16, if a.is_empty() { "Uoplyst".to_string() } else { a.clone() }))
                .collect();
            // Alphabetical, "Uoplyst" last.
            names.sort_by(|a, b| (a.0 == 0).cmp(&(b.0 == 0)).then(a.1.cmp(&b.1)));
            let mut rank = vec![0u16; names.len()];
            for (r, (i, _)) in names.iter().enumerate() {
                rank[*i as usize] = r as u16;
            }
            let used: std::collections::BTreeSet<u16> = pm.omraade.iter().copied().collect();
            (
                pm.omraade.iter().map(|&o| rank[o as usize]).collect(),
                names
                    .into_iter()
                    .enumerate()
                    .filter(|(_, (i, _))| used.contains(i))
                    .map(|(r, (_, l))| (r as u16, l))
                    .collect(),
            )
        }
        Dimension::Kommune => {
            let used: std::collections::BTreeSet<u16> = pm.kommune.iter().copied().collect();
            (pm.kommune.clone(), used.into_iter().map(|k| (k, k.to_string())).collect())
        }
    }
}

/// Sums of one (period, group) cell: weeks by status and distinct persons.
#[derive(Debug, Default, Clone)]
pub(super) struct Cell {
    pub weeks: [u64; 10],
    pub total: u64,
    pub persons: u32,
    pub num_persons: [u32; 2],
    pub status_persons: [u32; 10],
}

/// Sums person-month rows by period and group. The period is a row's month, or any key
/// that pools months (a quarter), so the persons are counted once over the pooled months.
pub(super) fn aggregate(
    pm: &PersonMonths,
    periods: &[i32],
    groups: &[u16],
) -> PolarsResult<std::collections::BTreeMap<(i32, u16), Cell>> {
    let n = pm.len();
    let mut cols: Vec<Column> = vec![
        Column::new("person".into(), pm.person.clone()),
        Column::new("month".into(), periods.to_vec()),
        Column::new("group".into(), groups.to_vec()),
    ];
    for s in Status::ALL {
        cols.push(Column::new(format!("w_{}", s.id()).into(), pm.weeks[s.index()].clone()));
    }
    let df = DataFrame::new(n, cols)?;
    let sum_of = |statuses: &[Status]| {
        statuses.iter().map(|s| col(format!("w_{}", s.id()))).reduce(|a, b| a + b).expect("at least one status")
    };
    let mut aggs: Vec<Expr> = vec![col("person").n_unique().alias("p_total")];
    for (i, kpi) in Kpi::ALL.iter().enumerate() {
        aggs.push(col("person").filter(sum_of(kpi.statuses()).gt(lit(0u8))).n_unique().alias(format!("p_kpi{i}")));
    }
    for s in Status::ALL {
        let w = format!("w_{}", s.id());
        aggs.push(col(&w).sum().alias(&w));
        aggs.push(col("person").filter(col(&w).gt(lit(0u8))).n_unique().alias(format!("p_{}", s.id())));
    }
    let out = df
        .lazy()
        .group_by([col("month"), col("group")])
        .agg(aggs)
        .sort(["month", "group"], SortMultipleOptions::default())
        .collect()?;
    let month = out.column("month")?.i32()?.clone();
    let group = out.column("group")?.u16()?.clone();
    let as_u64 = |name: &str| -> PolarsResult<Vec<u64>> {
        let c = out.column(name)?.cast(&DataType::UInt64)?;
        let ca = c.u64()?;
        Ok((0..ca.len()).map(|i| ca.get(i).unwrap_or(0)).collect())
    };
    let p_total = as_u64("p_total")?;
    let p_kpi: Vec<Vec<u64>> = (0..2).map(|i| as_u64(&format!("p_kpi{i}"))).collect::<PolarsResult<_>>()?;
    let w: Vec<Vec<u64>> = Status::ALL.iter().map(|s| as_u64(&format!("w_{}", s.id()))).collect::<PolarsResult<_>>()?;
    let p_s: Vec<Vec<u64>> =
        Status::ALL.iter().map(|s| as_u64(&format!("p_{}", s.id()))).collect::<PolarsResult<_>>()?;
    let mut cells = std::collections::BTreeMap::new();
    for r in 0..out.height() {
        let mut c = Cell { persons: p_total[r] as u32, ..Cell::default() };
        for i in 0..10 {
            c.weeks[i] = w[i][r];
            c.status_persons[i] = p_s[i][r] as u32;
        }
        c.total = c.weeks.iter().sum();
        c.num_persons = [p_kpi[0][r] as u32, p_kpi[1][r] as u32];
        cells.insert((month.get(r).unwrap_or(0), group.get(r).unwrap_or(0)), c);
    }
    Ok(cells)
}

/// Every figure of the given dimensions (the total is always included) for the months of the
/// scope. Suppression is not yet applied (see [`super::suppress::apply`]).
pub fn figures(
    ex: &Extract,
    pm: &PersonMonths,
    from: Month,
    to: Month,
    dims: &[Dimension],
) -> anyhow::Result<Vec<Figure>> {
    let mut dims: Vec<Dimension> = dims.to_vec();
    if !dims.contains(&Dimension::Total) {
        dims.insert(0, Dimension::Total);
    }
    dims.sort();
    dims.dedup();
    let mut out = Vec::new();
    for dim in dims {
        let (codes, labels) = group_codes(pm, ex, dim);
        let cells = aggregate(pm, &pm.month, &codes)?;
        for mi in from.index()..=to.index() {
            let month = Month::from_index(mi);
            let wim = month.weeks().len() as f64;
            for (code, label) in &labels {
                let empty = Cell::default();
                let c = cells.get(&(mi, *code)).unwrap_or(&empty);
                let den = c.total as f64 / wim;
                if dim == Dimension::Status {
                    for s in Status::ALL {
                        out.push(Figure {
                            measure: Measure::Fuldtidspersoner,
                            month,
                            dimension: dim,
                            order: s.index() as u16,
                            group: s.id().to_string(),
                            numerator: c.weeks[s.index()] as f64 / wim,
                            denominator: den,
                            num_persons: c.status_persons[s.index()],
                            den_persons: c.persons,
                            suppression: Suppression::default(),
                        });
                    }
                    continue;
                }
                for (k, kpi) in Kpi::ALL.iter().enumerate() {
                    let num: u64 = kpi.statuses().iter().map(|s| c.weeks[s.index()]).sum();
                    out.push(Figure {
                        measure: Measure::Kpi(*kpi),
                        month,
                        dimension: dim,
                        order: *code,
                        group: label.clone(),
                        numerator: num as f64 / wim,
                        denominator: den,
                        num_persons: c.num_persons[k],
                        den_persons: c.persons,
                        suppression: Suppression::default(),
                    });
                }
            }
        }
    }
    out.sort_by_key(|f| (f.measure, f.month, f.dimension, f.order));
    Ok(out)
}
