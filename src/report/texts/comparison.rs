//! Section 5, the comparison with other municipalities: sources, clusters, intro and ranks.

use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::lang::Lang;

/// The name of every municipality in the extract together: the country when all 98 are there.
pub fn all_municipalities(l: Lang, n: usize, national: bool) -> String {
    if national {
        l.t("Hele landet", "Denmark (all municipalities)").to_string()
    } else {
        l.t(&format!("Alle {n} kommuner i udtrækket"), &format!("All {n} municipalities in the extract")).to_string()
    }
}

/// Where a comparison figure comes from: the extract (same method and disclosure control) or
/// a file of figures given with the report.
pub fn comparison_source(l: Lang, file: Option<&str>) -> String {
    match file {
        None => l.t("Udtrækket", "The extract").to_string(),
        Some(f) => f.to_string(),
    }
}

/// A cluster's row in the comparison.
pub fn cluster_name(l: Lang, name: &str) -> String {
    match l {
        Lang::Da => format!("Klyngen {name}"),
        Lang::En => format!("Cluster {name}"),
    }
}

/// `cluster`: the table's file, the cluster's name and its members' names.
pub fn comparison_intro(
    l: Lang,
    from_extract: bool,
    from_file: Option<&str>,
    cluster: Option<(&str, &str, Vec<String>)>,
) -> String {
    let mut s = l
        .t(
            "Seneste kendte værdi for hver enhed (måned i parentes).",
            "Latest known value for each unit (month in brackets).",
        )
        .to_string();
    if from_extract {
        s.push(' ');
        s.push_str(l.t(
            "Tal med kilden »Udtrækket« er beregnet af effektmaal fra samme udtræk, med samme metode og samme diskretionering som kommunens egne tal. De seks byer er de seks største byers samarbejde om beskæftigelsesindsatsen (6-byerne).",
            "Figures whose source is \"The extract\" are computed by effektmaal from the same extract, by the same method and with the same disclosure control as the municipality's own. The six cities are the six largest cities' cooperation on employment policy (6-byerne).",
        ));
    }
    if let Some((file, name, members)) = cluster {
        s.push(' ');
        s.push_str(&match l {
            Lang::Da => format!(
                "Klyngen {name} er kommunerne {} (klyngetabel: {file}); dens tal er deres tal lagt sammen.",
                members.join(", ")
            ),
            Lang::En => format!(
                "The cluster {name} is the municipalities {} (cluster table: {file}); its figures are theirs added up.",
                members.join(", ")
            ),
        });
    }
    if let Some(f) = from_file {
        s.push(' ');
        s.push_str(&match l {
            Lang::Da => format!("Tal med kilden {f} er givet med rapporten og ikke beregnet af effektmaal."),
            Lang::En => format!("Figures whose source is {f} were given with the report, not computed by effektmaal."),
        });
    }
    s
}

/// "Odense Kommune er nr. 74 af 98 kommuner …" for both targets in `month`; `ranks` holds per
/// KPI the rank and the number of municipalities with a published share.
pub fn comparison_rank(l: Lang, name: &str, month: Month, ranks: &[(Kpi, usize, usize)]) -> String {
    let parts: Vec<String> = ranks
        .iter()
        .map(|&(k, r, n)| {
            let short = match k {
                Kpi::UddannelseJob => l.t("andelen i uddannelse eller job", "the share in education or job"),
                Kpi::Arbejdsduelige => l.t("andelen af arbejdsduelige", "the share of work-ready citizens"),
            };
            match l {
                Lang::Da => format!("nr. {r} af {n} på {short}"),
                Lang::En => format!("number {r} of {n} on {short}"),
            }
        })
        .collect();
    match l {
        Lang::Da => format!(
            "Rangering i {} (1 = højeste andel, blandt kommunerne i udtrækket med et offentliggjort tal): {name} er {}.",
            l.month(month),
            parts.join(" og ")
        ),
        Lang::En => format!(
            "Ranking in {} (1 = highest share, among the extract's municipalities with a published figure): {name} is {}.",
            l.month(month),
            parts.join(" and ")
        ),
    }
}
