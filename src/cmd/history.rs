//! `effektmaal history`: the series as published and as revised since.

use crate::cli::{Format, HistoryArgs};
use crate::error::Error;
use crate::numfmt::num;
use crate::store::Store;

pub fn run(args: &HistoryArgs) -> anyhow::Result<()> {
    if let Some(k) = &args.kpi
        && crate::method::status::Kpi::from_id(k).is_none()
    {
        return Err(Error::Usage(format!("--kpi {k:?} is not a KPI: expected uddannelse_job or arbejdsduelige")).into());
    }
    let from = args.from.as_deref().map(|v| super::month_arg("--from", v)).transpose()?.map(|m| m.to_string());
    let to = args.to.as_deref().map(|v| super::month_arg("--to", v)).transpose()?.map(|m| m.to_string());
    if !args.store.store.exists() {
        return Err(Error::Usage(format!(
            "there is no store at {}: record figures with compute --record or report first",
            args.store.store.display()
        ))
        .into());
    }
    let store = Store::open(&args.store.store)?;
    let rows = store.history(args.kpi.as_deref(), from.as_deref(), to.as_deref())?;
    let text = match args.format {
        Format::Csv => {
            let mut o = String::from(
                "scope,kpi,month,revision,share_pct,numerator,denominator,recorded_at,extract_sha256,reports\n",
            );
            for r in &rows {
                let f = |v: Option<f64>| v.map(|x| format!("{x:.2}")).unwrap_or_default();
                o.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{}\n",
                    r.scope,
                    r.kpi,
                    r.month,
                    r.revision,
                    f(r.share),
                    f(r.numerator),
                    f(r.denominator),
                    r.made_at,
                    r.extract_sha,
                    r.reports
                ));
            }
            o
        }
        Format::Json => {
            let v: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    serde_json::json!({"scope": r.scope, "kpi": r.kpi, "month": r.month, "revision": r.revision, "share_pct": r.share,
                        "numerator": r.numerator, "denominator": r.denominator, "recorded_at": r.made_at,
                        "extract_sha256": r.extract_sha, "reports": r.reports})
                })
                .collect();
            serde_json::to_string_pretty(&v)? + "\n"
        }
        Format::Table => {
            let mut o = format!(
                "{:<7} {:<16} {:<8} {:>4} {:>8}  {:<20}  {}\n",
                "Kommune", "KPI", "Måned", "Rev.", "Andel", "Registreret", "Rapporter"
            );
            for r in &rows {
                o.push_str(&format!(
                    "{:<7} {:<16} {:<8} {:>4} {:>8}  {:<20}  {}\n",
                    r.scope,
                    r.kpi,
                    r.month,
                    r.revision,
                    r.share.map(|s| format!("{} %", num(s, 1))).unwrap_or_else(|| "–".into()),
                    r.made_at,
                    r.reports
                ));
            }
            o
        }
    };
    print!("{text}");
    Ok(())
}
