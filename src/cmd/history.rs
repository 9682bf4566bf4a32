//! `effektmaal history`: the series as published and as revised since.

use super::settings::HistorySettings;
use crate::cli::Format;
use crate::numfmt::num;
use crate::store::{HistoryRow, Store};

pub fn run(s: &HistorySettings) -> anyhow::Result<()> {
    let store = Store::open(&s.store)?;
    let rows = store.history(s.kpi.as_deref(), s.from.as_deref(), s.to.as_deref())?;
    let text = match s.format {
        Format::Csv => csv(&rows),
        Format::Json => json(&rows)?,
        Format::Table => table(&rows),
    };
    print!("{text}");
    Ok(())
}

/// The history as CSV, one row per recorded revision of a figure.
fn csv(rows: &[HistoryRow]) -> String {
    let mut o = String::from(
        "scope,series,kpi,month,revision,share_pct,numerator,denominator,provisional,change_pp,recorded_at,extract_sha256,reports\n",
    );
    for (i, r) in rows.iter().enumerate() {
        let f = |v: Option<f64>| v.map(|x| crate::numfmt::fixed(x, 2)).unwrap_or_default();
        o.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            r.scope,
            r.series,
            r.kpi,
            r.month,
            r.revision,
            f(r.share),
            f(r.numerator),
            f(r.denominator),
            r.provisional,
            f(change(rows, i)),
            r.made_at,
            r.extract_sha,
            r.reports
        ));
    }
    o
}

/// The history as a JSON array, with the same fields as the CSV.
fn json(rows: &[HistoryRow]) -> anyhow::Result<String> {
    let v: Vec<serde_json::Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            serde_json::json!({"scope": r.scope, "series": r.series, "kpi": r.kpi, "month": r.month, "revision": r.revision, "share_pct": r.share,
                "numerator": r.numerator, "denominator": r.denominator, "provisional": r.provisional,
                "change_pp": change(rows, i).map(|x| crate::numfmt::round(x, 2)), "recorded_at": r.made_at,
                "extract_sha256": r.extract_sha, "reports": r.reports})
        })
        .collect();
    Ok(serde_json::to_string_pretty(&v)? + "\n")
}

/// The history as a table to read in a terminal.
fn table(rows: &[HistoryRow]) -> String {
    let mut o = format!(
        "{:<7} {:<12} {:<16} {:<8} {:>4} {:>8}  {:<9} {:>9}  {:<20}  {}\n",
        "Kommune", "Serie", "KPI", "Måned", "Rev.", "Andel", "Status", "Ændring", "Registreret", "Rapporter"
    );
    for (i, r) in rows.iter().enumerate() {
        o.push_str(&format!(
            "{:<7} {:<12} {:<16} {:<8} {:>4} {:>8}  {:<9} {:>9}  {:<20}  {}\n",
            r.scope,
            r.series,
            r.kpi,
            r.month,
            r.revision,
            r.share.map(|s| format!("{} %", num(s, 1))).unwrap_or_else(|| "–".into()),
            if r.provisional { "foreløbig" } else { "endelig" },
            change(rows, i).map(crate::numfmt::pp).unwrap_or_default(),
            r.made_at,
            r.reports
        ));
    }
    o
}

/// How much a revision moved the share against the revision before it of the same figure.
fn change(rows: &[HistoryRow], i: usize) -> Option<f64> {
    let r = &rows[i];
    let prev = rows[..i]
        .last()
        .filter(|p| (&p.scope, &p.series, &p.kpi, &p.month) == (&r.scope, &r.series, &r.kpi, &r.month))?;
    Some(r.share? - prev.share?)
}
