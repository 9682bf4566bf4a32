//! The front page: signals, the KPI cards' sentences, the headline finding, the source line,
//! the contact and when the next report comes.

use super::document::capitalised;
use crate::kpi::targets::{Signal, Target};
use crate::method::calendar::{Month, Quarter};
use crate::method::status::Kpi;
use crate::report::lang::Lang;

pub fn signal(l: Lang, s: Option<Signal>) -> &'static str {
    match s {
        Some(Signal::Green) => l.t("Grøn", "Green"),
        Some(Signal::Yellow) => l.t("Gul", "Yellow"),
        Some(Signal::Red) => l.t("Rød", "Red"),
        None => l.t("Intet signal", "No signal"),
    }
}

/// "The share … was 72.0 % in September 2016", without the full stop.
pub fn front_value(l: Lang, kpi: Kpi, v: f64, last: Month) -> String {
    let subject = match (l, kpi) {
        (Lang::Da, Kpi::UddannelseJob) => "Andelen i uddannelse eller job",
        (Lang::Da, Kpi::Arbejdsduelige) => "Andelen af arbejdsduelige borgere",
        (Lang::En, Kpi::UddannelseJob) => "The share in education or job",
        (Lang::En, Kpi::Arbejdsduelige) => "The share of work-ready citizens",
    };
    match l {
        Lang::Da => format!("{subject} var {} i {}", l.pct(v), l.month(last)),
        Lang::En => format!("{subject} was {} in {}", l.pct(v), l.month(last)),
    }
}

/// Continues [`front_value`]: how far above or below the course (`gap`, rounded) it is.
pub fn front_course(l: Lang, gap: f64, t: &Target) -> String {
    let side = match (l, gap >= 0.0) {
        (Lang::Da, true) => "over",
        (Lang::Da, false) => "under",
        (Lang::En, true) => "above",
        (Lang::En, false) => "below",
    };
    match l {
        Lang::Da => format!(
            ", {} procentpoint {side} kursen mod målet på {} i {}.",
            l.num(gap.abs(), 1),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
        Lang::En => format!(
            ", {} percentage points {side} the course to the target of {} in {}.",
            l.num(gap.abs(), 1),
            l.pct(t.target_pct),
            l.month(t.target_month)
        ),
    }
}

/// The change since a quarter and a year before (`dq`, `dy` in percentage points).
pub fn front_changes(l: Lang, dq: f64, dy: f64, last: Month) -> String {
    let word = |d: f64| -> String {
        let r = crate::numfmt::round(d, 1);
        match l {
            Lang::Da if r > 0.0 => format!("{} procentpoint højere", l.num(r, 1)),
            Lang::Da if r < 0.0 => format!("{} procentpoint lavere", l.num(-r, 1)),
            Lang::Da => "uændret".to_string(),
            _ if r > 0.0 => format!("{} percentage points higher", l.num(r, 1)),
            _ if r < 0.0 => format!("{} percentage points lower", l.num(-r, 1)),
            _ => "unchanged".to_string(),
        }
    };
    match l {
        Lang::Da => format!(
            "Det er {} end i {} og {} end i {}.",
            word(dq),
            l.month(last.offset(-3)),
            word(dy),
            l.month(last.offset(-12))
        )
        .replace("uændret end i", "uændret i forhold til"),
        Lang::En => format!(
            "That is {} than in {} and {} than in {}.",
            word(dq),
            l.month(last.offset(-3)),
            word(dy),
            l.month(last.offset(-12))
        )
        .replace("unchanged than in", "unchanged from"),
    }
}

/// Whether a target whose month has passed was met, with the share `at` of that month.
pub fn front_target(l: Lang, reached: bool, t: &Target, at: f64) -> String {
    match (l, reached) {
        (Lang::Da, true) => {
            format!("Målet på {} i {} blev nået med {}.", l.pct(t.target_pct), l.month(t.target_month), l.pct(at))
        }
        (Lang::Da, false) => format!(
            "Målet på {} i {} blev ikke nået: andelen var {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(at)
        ),
        (Lang::En, true) => {
            format!("The target of {} in {} was met with {}.", l.pct(t.target_pct), l.month(t.target_month), l.pct(at))
        }
        (Lang::En, false) => format!(
            "The target of {} in {} was not met: the share was {}.",
            l.pct(t.target_pct),
            l.month(t.target_month),
            l.pct(at)
        ),
    }
}

/// One sentence at the top of the front page, built from the figures: for each target with a
/// latest value and a course (`parts`: KPI, value, value − course), where it stands.
pub fn headline(l: Lang, last: Month, parts: &[(Kpi, f64, f64)]) -> String {
    if parts.is_empty() {
        return String::new();
    }
    let rounded: Vec<(Kpi, f64, f64)> = parts.iter().map(|&(k, v, g)| (k, v, crate::numfmt::round(g, 1))).collect();
    let below = rounded.iter().filter(|p| p.2 < 0.0).count();
    let subject = |k: Kpi| match (l, k) {
        (Lang::Da, Kpi::UddannelseJob) => "andelen i uddannelse eller job",
        (Lang::Da, Kpi::Arbejdsduelige) => "andelen af arbejdsduelige borgere",
        (Lang::En, Kpi::UddannelseJob) => "the share in education or job",
        (Lang::En, Kpi::Arbejdsduelige) => "the share of work-ready citizens",
    };
    let lead = match (l, rounded.len(), below) {
        (Lang::Da, 1, 0) => format!("{} ligger på eller over kursen mod målet", capitalised(subject(rounded[0].0))),
        (Lang::Da, 1, _) => format!("{} ligger under kursen mod målet", capitalised(subject(rounded[0].0))),
        (Lang::Da, _, 0) => "Begge effektmål ligger på eller over kursen mod målet".to_string(),
        (Lang::Da, n, b) if b == n => "Begge effektmål ligger under kursen mod målet".to_string(),
        (Lang::Da, _, _) => "Et af de to effektmål ligger under kursen mod målet".to_string(),
        (Lang::En, 1, 0) => format!("{} is on or above the course to the target", capitalised(subject(rounded[0].0))),
        (Lang::En, 1, _) => format!("{} is below the course to the target", capitalised(subject(rounded[0].0))),
        (Lang::En, _, 0) => "Both effect targets are on or above the course to the target".to_string(),
        (Lang::En, n, b) if b == n => "Both effect targets are below the course to the target".to_string(),
        (Lang::En, _, _) => "One of the two effect targets is below the course to the target".to_string(),
    };
    let each: Vec<(&str, String)> = rounded
        .iter()
        .map(|&(k, v, g)| {
            let side = match (l, g) {
                (Lang::Da, g) if g > 0.0 => format!("{}{}procentpoint over", l.num(g, 1), crate::report::lang::NBSP),
                (Lang::Da, g) if g < 0.0 => format!("{}{}procentpoint under", l.num(-g, 1), crate::report::lang::NBSP),
                (Lang::Da, _) => "på kursen".to_string(),
                (Lang::En, g) if g > 0.0 => {
                    format!("{}{}percentage points above", l.num(g, 1), crate::report::lang::NBSP)
                }
                (Lang::En, g) if g < 0.0 => {
                    format!("{}{}percentage points below", l.num(-g, 1), crate::report::lang::NBSP)
                }
                (Lang::En, _) => "on the course".to_string(),
            };
            (subject(k), format!("{} ({side})", l.pct(v)))
        })
        .collect();
    // "… var A x og B y" / "… A was x and B y": the verb once, after the first subject.
    let joined: Vec<String> = each
        .iter()
        .enumerate()
        .map(|(i, &(s, ref v))| match (l, i) {
            (Lang::En, 0) => format!("{s} was {v}"),
            _ => format!("{s} {v}"),
        })
        .collect();
    match l {
        Lang::Da => format!("{lead}: i {} var {}.", l.month(last), joined.join(" og ")),
        Lang::En => format!("{lead}: in {}, {}.", l.month(last), joined.join(" and ")),
    }
}

/// The source line under figures and tables made from the extract; `newest` is the extract's
/// newest month, `also` a file of figures given with the report.
pub fn source(l: Lang, newest: Option<Month>, also: Option<&str>) -> String {
    let mut s = match (l, newest) {
        (Lang::Da, Some(m)) => {
            format!("Kilde: DREAM (STAR) og befolkningsudtræk (CPR), udtræk til og med {}", l.month(m))
        }
        (Lang::Da, None) => "Kilde: DREAM (STAR) og befolkningsudtræk (CPR)".to_string(),
        (Lang::En, Some(m)) => {
            format!("Source: DREAM (STAR) and population extract (CPR), extract up to {}", l.month(m))
        }
        (Lang::En, None) => "Source: DREAM (STAR) and population extract (CPR)".to_string(),
    };
    if let Some(f) = also {
        s.push_str(&match l {
            Lang::Da => format!("; {f} (givet med rapporten)"),
            Lang::En => format!("; {f} (given with the report)"),
        });
    }
    s.push_str(l.t("; beregnet med effektmaal.", "; computed with effektmaal."));
    s
}

/// Who answers questions about the report, by default.
pub fn contact(l: Lang, organisation: &str) -> String {
    match l {
        Lang::Da => format!("Sekretariatet for Beskæftigelses- og Socialudvalget, {organisation}"),
        Lang::En => format!("Secretariat of the Employment and Social Committee, {organisation}"),
    }
}

/// The next report, by default: the next quarter's, with the data up to its last day.
pub fn next_report(l: Lang, q: Quarter) -> String {
    let next = q.offset(1);
    let end = next.last_month().last_day();
    match l {
        Lang::Da => {
            format!(
                "Kvartalsstatus for {}, med data til og med {}",
                l.quarter(next),
                crate::report::lang::date_label(l, end)
            )
        }
        Lang::En => {
            format!(
                "Quarterly status for {}, with data up to {}",
                l.quarter(next),
                crate::report::lang::date_label(l, end)
            )
        }
    }
}
