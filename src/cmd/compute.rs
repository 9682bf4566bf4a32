//! `effektmaal compute DIR`: both KPIs for every month in a range, with breakdowns.

use super::settings::ComputeSettings;
use crate::cli::Format;
use crate::extract::load;
use crate::kpi::figures::{Dimension, Figure};
use crate::method::calendar::Month;
use crate::method::classify::Scope;
use crate::numfmt::num;
use crate::ui;
use std::io::Write;

pub fn run(s: &ComputeSettings) -> anyhow::Result<()> {
    // DREAM's rows are read a batch at a time when counting, not held.
    let (mut ex, pending) = load::open(&s.dir, s.window)?;
    super::kommune_arg(&ex, s.kommune)?;
    // The months as the files' columns give them; once DREAM's rows are read, as what the
    // columns hold gives them (a month whose columns are there but empty is left out).
    let (from, to) = super::month_range(&ex, s.from, s.to, false)?;
    ui::progress("classifying person-weeks…");
    let scope = Scope { from, to, kommune: s.kommune };
    let counts = crate::kpi::count_for_compute(&mut ex, Some(pending), scope, &s.by, s.suppression)?;
    let (from, to) = super::month_range(&ex, s.from, s.to, true)?;
    let computed = crate::kpi::compute_from(&ex, &counts, Scope { from, to, ..scope }, &s.by, s.suppression);
    // Warnings once DREAM's rows are read: a problem in them is an error, and comes alone.
    super::warn_notes(&ex);
    super::warn_unknown_codes(&computed.unknown_codes);
    if !s.suppression {
        ui::warn(
            "--no-suppression: small cells are shown; this output is for internal analysis and must not be published",
        );
    }
    // The newest complete month: DREAM's late registrations will still raise it.
    let provisional = crate::method::coverage::provisional(&ex).filter(|m| (from..=to).contains(m));
    let text = match s.format {
        Format::Csv => csv(&computed.figures, provisional),
        Format::Json => json(&computed.figures, provisional)?,
        Format::Table => table(&computed.figures, provisional),
    };
    if let Some(store) = &s.record {
        super::record_compute(s, store, &ex, &computed.figures, to)?;
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => Ok(r?),
    }
}

fn reason(f: &Figure) -> String {
    let s = &f.suppression;
    let mut r: Vec<&str> = [s.numerator, s.denominator, s.share].into_iter().flatten().map(|r| r.code()).collect();
    r.dedup();
    r.join("; ")
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| crate::numfmt::fixed(x, decimals)).unwrap_or_default()
}

/// One row per KPI, month and group; suppressed values are empty, with the reason; the
/// provisional (newest) month says `true` in the last column.
pub fn csv(figures: &[Figure], provisional: Option<Month>) -> String {
    let mut o = String::from("kpi,month,dimension,group,numerator,denominator,share_pct,suppressed,provisional\n");
    for f in figures {
        let (n, d, s) = f.published();
        o.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            f.measure.id(),
            f.period,
            f.dimension.id(),
            quote(&f.group),
            opt(n, 2),
            opt(d, 2),
            opt(s, 2),
            quote(&reason(f)),
            Some(f.period) == provisional
        ));
    }
    o
}

fn quote(s: &str) -> String {
    crate::extract::csv::quote(s, b',')
}

pub fn json(figures: &[Figure], provisional: Option<Month>) -> anyhow::Result<String> {
    let rows: Vec<serde_json::Value> = figures
        .iter()
        .map(|f| {
            let (n, d, s) = f.published();
            let r = |v: Option<f64>| v.map(|x| crate::numfmt::round(x, 2));
            serde_json::json!({
                "kpi": f.measure.id(),
                "month": f.period.to_string(),
                "dimension": f.dimension.id(),
                "group": f.group,
                "numerator": r(n),
                "denominator": r(d),
                "share_pct": r(s),
                "suppressed": f.suppression.any().then(|| reason(f)),
                "provisional": Some(f.period) == provisional,
            })
        })
        .collect();
    Ok(serde_json::to_string_pretty(&rows)? + "\n")
}

/// An aligned table with Danish number formats, for people.
pub fn table(figures: &[Figure], provisional: Option<Month>) -> String {
    let head = ["KPI", "Måned", "Opdeling", "Gruppe", "Tæller", "Nævner", "Andel"];
    let mut rows: Vec<[String; 7]> = Vec::new();
    for f in figures {
        let (n, d, s) = f.published();
        let dash = || "–".to_string();
        rows.push([
            f.measure.id().to_string(),
            if Some(f.period) == provisional { format!("{}*", f.period) } else { f.period.to_string() },
            f.dimension.id().to_string(),
            // A municipality by code and name ("461 Odense").
            match crate::kommuner::get(f.order).filter(|_| f.dimension == Dimension::Kommune) {
                Some(k) => format!("{} {}", f.group, k.navn),
                None => f.group.clone(),
            },
            n.map(|x| num(x, 1)).unwrap_or_else(dash),
            d.map(|x| num(x, 1)).unwrap_or_else(dash),
            s.map(|x| format!("{} %", num(x, 1))).unwrap_or_else(dash),
        ]);
    }
    let width =
        |i: usize| rows.iter().map(|r| r[i].chars().count()).chain([head[i].chars().count()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..7).map(width).collect();
    let line = |cells: [&str; 7]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if i >= 4 {
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            } else {
                l.push_str(c);
                l.push_str(&" ".repeat(pad));
            }
            l.push_str(if i < 6 { "  " } else { "" });
        }
        l.trim_end().to_string() + "\n"
    };
    let mut o = line(head);
    for r in &rows {
        o.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]]));
    }
    if let Some(m) = provisional {
        o.push_str(&format!(
            "\n* {m} er foreløbig: den nyeste måned i udtrækket; DREAMs efterregistreringer kan stadig ændre den\n"
        ));
    }
    if figures.iter().any(|f| f.suppression.any()) {
        o.push_str("\n– = diskretioneret (1–4 personer, sekundær diskretionering eller nævner under 20 personer)\n");
    }
    o
}
