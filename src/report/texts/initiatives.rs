//! Section 6, the initiatives: their states and the section's summary.

use crate::method::calendar::Quarter;
use crate::report::lang::Lang;

/// An initiative's status as the secretariat's file spells it (`planlagt`, …), in the report's
/// language, for `n` initiatives: "2 planlagte" / "2 planned".
pub fn initiative_status(l: Lang, status: &str, n: usize) -> String {
    let (one, many, en) = match status {
        "planlagt" => ("planlagt", "planlagte", "planned"),
        "igangsat" => ("igangsat", "igangsatte", "started"),
        "justeret" => ("justeret", "justerede", "adjusted"),
        "afsluttet" => ("afsluttet", "afsluttede", "completed"),
        "lukket" => ("lukket", "lukkede", "closed"),
        other => (other, other, other),
    };
    match l {
        Lang::Da if n == 1 => one.to_string(),
        Lang::Da => many.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The sentence over the initiatives: how many by status, and what started or was adjusted in
/// the quarter, said in words when nothing was ("Ingen initiativer blev …").
pub fn initiatives_summary(
    l: Lang,
    n: usize,
    areas: usize,
    by_status: &[String],
    q: Quarter,
    new: usize,
    adjusted: usize,
) -> String {
    let count = |k: usize| match (l, k) {
        (Lang::Da, 0) => "ingen".to_string(),
        (Lang::En, 0) => "none".to_string(),
        (_, k) => k.to_string(),
    };
    let first = match l {
        Lang::Da => format!(
            "{n} {} i {areas} {}: {}.",
            if n == 1 { "initiativ" } else { "initiativer" },
            if areas == 1 { "fokusområde" } else { "fokusområder" },
            by_status.join(", ")
        ),
        Lang::En => format!(
            "{n} {} in {areas} {}: {}.",
            if n == 1 { "initiative" } else { "initiatives" },
            if areas == 1 { "focus area" } else { "focus areas" },
            by_status.join(", ")
        ),
    };
    let second = match l {
        Lang::Da if new == 0 && adjusted == 0 => {
            format!("Ingen initiativer blev igangsat eller justeret i {}.", l.quarter(q))
        }
        Lang::Da => format!("I {} blev {} igangsat og {} justeret.", l.quarter(q), count(new), count(adjusted)),
        Lang::En if new == 0 && adjusted == 0 => format!("No initiative was started or adjusted in {}.", l.quarter(q)),
        Lang::En => format!("In {}, {} were started and {} adjusted.", l.quarter(q), count(new), count(adjusted)),
    };
    format!("{first} {second}")
}
