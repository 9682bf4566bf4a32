//! The document's own texts: headings and fixed labels, title, subtitle and description,
//! the provisional notes and the reasons a figure is hidden.

use crate::kpi::suppress::Reason;
use crate::method::calendar::{Month, Quarter};
use crate::report::lang::Lang;

/// The text with its first letter in upper case ("december 2016" → "December 2016").
pub fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Headings and fixed texts of the document, by key (key, Danish, English). `{g}` and `{y}`
/// are the signal's thresholds.
pub const LABELS: [(&str, &str, &str); 32] = [
    ("contents", "Indhold", "Contents"),
    ("front", "Status på effektmålene", "Status of the effect targets"),
    ("latest", "Seneste værdi", "Latest value"),
    ("change_quarter", "Siden sidste kvartal", "Since last quarter"),
    ("change_year", "Siden sidste år", "Since last year"),
    ("target", "Mål", "Target"),
    ("course", "Kurs mod målet", "Course to target"),
    ("gap", "Afvigelse fra kurs", "Gap to course"),
    ("signal", "Signal", "Signal"),
    ("series", "Udviklingen måned for måned", "Month by month"),
    ("breakdowns", "Opdelinger", "Breakdowns"),
    (
        "breakdowns_intro",
        "Andele i kvartalet (gennemsnit af månederne) mod samme kvartal året før.",
        "Shares in the quarter (months pooled) against the same quarter a year before.",
    ),
    ("status", "Status og strømme", "Status and flows"),
    ("benchmarks", "Sammenligning", "Comparison"),
    ("initiatives", "Initiativer", "Initiatives"),
    ("revisions", "Revisioner", "Revisions"),
    ("appendix", "Bilag: metode og data", "Appendix: method and data"),
    ("definitions", "Definitioner", "Definitions"),
    ("sources", "Kilder", "Sources"),
    ("disclosure", "Diskretionering", "Disclosure control"),
    ("program", "Program", "Program"),
    ("page", "Side", "Page"),
    ("of", "af", "of"),
    ("file", "Fil", "File"),
    ("period", "Periode", "Period"),
    ("rows", "Rækker", "Rows"),
    (
        "signal_note",
        "Signalet sammenligner seneste værdi med {course}: grøn højst {g} procentpoint under kursen, gul højst {y}, ellers rød. Begge kurser er forklaret i bilaget.",
        "The signal compares the latest value with {course}: green at most {g} percentage points below the course, yellow at most {y}, otherwise red. Both courses are explained in the appendix.",
    ),
    (
        "no_benchmarks",
        "Rapporten har ingen tal for andre kommuner eller hele landet at sammenligne med.",
        "The report has no figures for other municipalities or the country to compare with.",
    ),
    ("no_initiatives", "Rapporten har ingen oversigt over initiativer.", "The report has no list of initiatives."),
    ("source", "Kilde", "Source"),
    ("contact", "Kontakt", "Contact"),
    ("next_report", "Næste rapport", "Next report"),
];

pub fn title(l: Lang) -> &'static str {
    l.t("Effektmål for beskæftigelsesindsatsen", "Effect targets of the employment effort")
}

pub fn committee(l: Lang) -> &'static str {
    l.t("Beskæftigelses- og Socialudvalget", "Employment and Social Committee")
}

pub fn subtitle(l: Lang, q: Quarter) -> String {
    match l {
        Lang::Da => format!("Kvartalsstatus, {}", l.quarter(q)),
        Lang::En => format!("Quarterly status, {}", l.quarter(q)),
    }
}

/// The document's description (PDF metadata, the web page's `<meta>`).
pub fn description(l: Lang, kommune: &str, q: Quarter) -> String {
    match l {
        Lang::Da => format!(
            "Kvartalsstatus til {} om effektmålene andel 16–66-årige i uddannelse eller job og andel arbejdsduelige borgere, {}, {}",
            "Beskæftigelses- og Socialudvalget",
            kommune,
            l.quarter(q)
        ),
        Lang::En => {
            format!("Quarterly status on the employment effect targets, {}, {}", kommune, l.quarter(q))
        }
    }
}

/// Added to the signal note when the latest month is provisional: the front page says
/// plainly that its latest value will still move.
pub fn provisional_latest(l: Lang, last: Month) -> String {
    match l {
        Lang::Da => format!(
            " {} er den nyeste måned i udtrækket og foreløbig: DREAM efterregistrerer ydelser, så tallene kan stadig ændre sig.",
            capitalised(&l.month(last))
        ),
        Lang::En => format!(
            " {} is the newest month of the extract and provisional: DREAM registers benefits late, so its figures may still change.",
            l.month(last)
        ),
    }
}

/// A note under a quarter's table when the quarter holds the provisional month `p`.
pub fn provisional_quarter(l: Lang, q: Quarter, p: Month) -> String {
    match l {
        Lang::Da => format!(
            "{} rummer den foreløbige måned {}: DREAM efterregistrerer ydelser, så tallene kan stadig ændre sig.",
            capitalised(&l.quarter(q)),
            l.month(p)
        ),
        Lang::En => format!(
            "{} holds the provisional month {}: DREAM registers benefits late, so its figures may still change.",
            capitalised(&l.quarter(q)),
            l.month(p)
        ),
    }
}

/// Why a figure is hidden, as the appendix lists it.
pub fn reason(l: Lang, r: Option<Reason>) -> String {
    match (l, r) {
        (Lang::Da, Some(Reason::Primary)) => "1–4 personer".into(),
        (Lang::Da, Some(Reason::Secondary)) => "sekundær diskretionering".into(),
        (Lang::Da, Some(Reason::SmallDenominator)) => "nævner under 20 personer".into(),
        (Lang::En, Some(Reason::Primary)) => "1–4 persons".into(),
        (Lang::En, Some(Reason::Secondary)) => "secondary suppression".into(),
        (Lang::En, Some(Reason::SmallDenominator)) => "denominator under 20 persons".into(),
        (_, None) => String::new(),
    }
}
