//! Section 2, month by month: the series' targets, alt texts, details and captions.

use super::words;
use crate::kpi::targets::Target;
use crate::method::calendar::{Month, Quarter};
use crate::report::lang::Lang;

/// The baseline and target, as the chart's alt text states them.
pub fn series_target(l: Lang, t: &Target) -> String {
    match l {
        Lang::Da => format!(
            " Basis {} ({}), mål {} ({}).",
            l.pct(t.baseline_pct),
            l.month(t.baseline_month),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
        Lang::En => format!(
            " Baseline {} ({}), target {} ({}).",
            l.pct(t.baseline_pct),
            l.month(t.baseline_month),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
    }
}

/// The monthly chart's alt text.
pub fn series_alt(
    l: Lang,
    name: &str,
    from: Month,
    last: Month,
    latest: Option<f64>,
    august_text: &[String],
    target_text: &str,
) -> String {
    match l {
        Lang::Da => format!(
            "Linjediagram: {} pr. måned fra {} til {}. Seneste værdi {} ({}). Augustmålinger: {}.{} Den lige kurs og sæsonkursen mod målet er tegnet stiplet.",
            lower_first(name),
            l.month(from),
            l.month(last),
            l.dash(latest, |v| l.pct(v)),
            l.month(last),
            if august_text.is_empty() { "ingen".into() } else { august_text.join(", ") },
            target_text
        ),
        Lang::En => format!(
            "Line chart: {} by month from {} to {}. Latest value {} ({}). August measurements: {}.{} The straight and the seasonal course to the target are dashed.",
            lower_first(name),
            l.month(from),
            l.month(last),
            l.dash(latest, |v| l.pct(v)),
            l.month(last),
            if august_text.is_empty() { "none".into() } else { august_text.join(", ") },
            target_text
        ),
    }
}

/// The target and baseline under a monthly chart's title ("Mål 75,4 % i august 2016; basis …").
pub fn target_detail(l: Lang, t: &Target) -> String {
    match l {
        Lang::Da => format!(
            "Mål {} i {}; basis {} i {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(t.baseline_pct),
            l.month(t.baseline_month)
        ),
        Lang::En => format!(
            "Target {} in {}; baseline {} in {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(t.baseline_pct),
            l.month(t.baseline_month)
        ),
    }
}

/// A period from one month to another ("Periode: januar 2013 – september 2016.").
pub fn period(l: Lang, from: Month, to: Month) -> String {
    format!("{}: {} – {}.", l.t("Periode", "Period"), l.month(from), l.month(to))
}

/// Two quarters compared ("3. kvt. 2015 og 3. kvt. 2016").
pub fn two_quarters(l: Lang, a: Quarter, b: Quarter) -> String {
    format!("{} {} {}", l.quarter_short(a), l.w(words::AND), l.quarter_short(b))
}

pub fn series_caption(l: Lang, name: &str, from: Month, last: Month) -> String {
    match l {
        Lang::Da => {
            format!("{name} pr. måned, {} – {}. Augustmålingerne er markeret.", l.month(from), l.month(last))
        }
        Lang::En => {
            format!("{name} by month, {} – {}. The August measurements are marked.", l.month(from), l.month(last))
        }
    }
}

/// A name inside a sentence: its first letter lower-case unless the name starts with an
/// abbreviation ("DREAM …").
fn lower_first(name: &str) -> String {
    let mut c = name.chars();
    match (c.next(), c.next()) {
        (Some(a), Some(b)) if !b.is_uppercase() => a.to_lowercase().chain(name[a.len_utf8()..].chars()).collect(),
        _ => name.to_string(),
    }
}
