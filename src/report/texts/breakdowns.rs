//! Section 3, the breakdowns: alt texts, details and table captions.

use crate::method::calendar::Quarter;
use crate::report::lang::Lang;

/// A breakdown's chart's alt text.
pub fn breakdown_alt(l: Lang, dim_title: &str, year_ago: Quarter, q: Quarter, alt_parts: &[String]) -> String {
    match l {
        Lang::Da => format!(
            "Søjlediagram: andel i uddannelse eller job efter {}, {} og {} (– = diskretioneret): {}.",
            dim_title.to_lowercase(),
            l.quarter_short(year_ago),
            l.quarter_short(q),
            alt_parts.join("; ")
        ),
        Lang::En => format!(
            "Bar chart: share in education or job by {}, {} and {} (– = suppressed): {}.",
            dim_title.to_lowercase(),
            l.quarter_short(year_ago),
            l.quarter_short(q),
            alt_parts.join("; ")
        ),
    }
}

/// Under a breakdown chart's title: what the bars are.
pub fn breakdown_detail(l: Lang) -> String {
    l.t(
        "Kvartalets andel (gennemsnit af månederne) mod samme kvartal året før; – = skjult.",
        "The quarter's share (months pooled) against the same quarter a year before; – = hidden.",
    )
    .to_string()
}

/// A breakdown table's caption.
pub fn breakdown_table_caption(l: Lang, dim_title: &str, quarters: &str) -> String {
    match l {
        Lang::Da => format!(
            "Andel i uddannelse eller job og andel arbejdsduelige efter {}, {quarters}",
            dim_title.to_lowercase()
        ),
        Lang::En => {
            format!("Share in education or job and share work-ready by {}, {quarters}", dim_title.to_lowercase())
        }
    }
}
