//! The front page: signals, the KPI cards' sentences, the headline finding, the source line,
//! the contact and when the next report comes.

use super::document::capitalised;
use crate::kpi::suppress::Reason;
use crate::kpi::targets::{Course, Signal, Target};
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

/// The course the signal rests on, in the signal note.
pub fn signal_course(l: Lang, c: Course) -> &'static str {
    match c {
        Course::Seasonal => l.t(
            "sæsonkursen (samme måned året før plus den fremgang, målet kræver)",
            "the seasonal course (the same month a year before plus the gain the target asks for)",
        ),
        Course::Straight => l.t("den lige kurs fra basis til mål", "the straight course from baseline to target"),
    }
}

/// A course's name, as the card and the tables call it.
pub fn course_name(l: Lang, c: Course) -> &'static str {
    match c {
        Course::Seasonal => l.t("Sæsonkurs", "Seasonal course"),
        Course::Straight => l.t("Lige kurs", "Straight course"),
    }
}

/// A course as a sentence names it: "sæsonkursen", "the straight course".
fn course_in_sentence(l: Lang, c: Course) -> &'static str {
    match c {
        Course::Seasonal => l.t("sæsonkursen", "the seasonal course"),
        Course::Straight => l.t("den lige kurs", "the straight course"),
    }
}

/// "The share … was 72.0 % in September 2016", without the full stop; a group's goal is named
/// by its title (`group`).
pub fn front_value(l: Lang, kpi: Kpi, group: Option<&str>, v: f64, last: Month) -> String {
    if let Some(title) = group {
        return match l {
            Lang::Da => format!("{title}: andelen var {} i {}", l.pct(v), l.month(last)),
            Lang::En => format!("{title}: the share was {} in {}", l.pct(v), l.month(last)),
        };
    }
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

/// Continues [`front_value`]: how far above or below the course the signal rests on it is
/// (`gap`, rounded), and the other course when there is one.
pub fn front_course(l: Lang, (kind, gap): (Course, f64), other: Option<(Course, f64)>, t: &Target) -> String {
    let side = |g: f64| match (l, g >= 0.0) {
        (Lang::Da, true) => "over",
        (Lang::Da, false) => "under",
        (Lang::En, true) => "above",
        (Lang::En, false) => "below",
    };
    let course = |c: Course| course_in_sentence(l, c);
    let unit = l.t("procentpoint", "percentage points");
    let mut s = format!(", {} {unit} {} {}", l.num(gap.abs(), 1), side(gap), course(kind));
    if let Some((c, g)) = other {
        s.push_str(&format!(" {} {} {unit} {} {}", l.t("og", "and"), l.num(g.abs(), 1), side(g), course(c)));
    }
    s.push_str(&match l {
        Lang::Da => format!(" mod målet på {} i {}.", l.pct(t.target_pct), l.month(t.target_month)),
        Lang::En => format!(" to the target of {} in {}.", l.pct(t.target_pct), l.month(t.target_month)),
    });
    s
}

/// Why the signal rests on the straight course although the seasonal one was asked for: the
/// month a year before is hidden (`reason`) or before the series (`before`).
pub fn front_fallback(l: Lang, m: Month, reason: Option<Reason>, before: bool) -> String {
    let year_before = l.month(m.offset(-12));
    let why = match (l, before) {
        (Lang::Da, true) => format!("rapportens serie begynder efter {year_before}"),
        (Lang::En, true) => format!("the report's series begins after {year_before}"),
        (Lang::Da, false) => format!("andelen i {year_before} ikke kan vises ({})", super::document::reason(l, reason)),
        (Lang::En, false) => {
            format!("the share in {year_before} cannot be shown ({})", super::document::reason(l, reason))
        }
    };
    match l {
        Lang::Da => format!(
            "Sæsonkursen kan ikke beregnes for {}, fordi {why}; signalet bygger derfor på den lige kurs.",
            l.month(m)
        ),
        Lang::En => format!(
            "The seasonal course cannot be computed for {}, because {why}; the signal therefore rests on the straight course.",
            l.month(m)
        ),
    }
}

/// Why a goal's card shows an earlier month than the quarter's last (`shown`), or none.
pub fn front_hidden(l: Lang, name: &str, m: Month, shown: Option<Month>, reason: Option<Reason>) -> String {
    let why = super::document::reason(l, reason);
    match (l, shown) {
        (Lang::Da, Some(s)) => format!(
            "{name}: andelen for {} kan ikke vises ({why}); kortet og signalet bygger på {}, den seneste måned, der kan vises.",
            l.month(m),
            l.month(s)
        ),
        (Lang::En, Some(s)) => format!(
            "{name}: the share for {} cannot be shown ({why}); the card and the signal rest on {}, the latest month that can be shown.",
            l.month(m),
            l.month(s)
        ),
        (Lang::Da, None) => {
            format!("{name}: ingen måned i rapportens serie kan vises ({why}), så der er intet signal.")
        }
        (Lang::En, None) => {
            format!("{name}: no month of the report's series can be shown ({why}), so there is no signal.")
        }
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
pub fn headline(l: Lang, last: Month, parts: &[(Kpi, f64, f64, Course)]) -> String {
    if parts.is_empty() {
        return String::new();
    }
    // The course the gaps are measured against, named when all rest on the same one.
    let course = if parts.iter().all(|p| p.3 == parts[0].3) {
        course_in_sentence(l, parts[0].3)
    } else {
        l.t("kursen", "the course")
    };
    let parts: Vec<(Kpi, f64, f64)> = parts.iter().map(|&(k, v, g, _)| (k, v, g)).collect();
    let rounded: Vec<(Kpi, f64, f64)> = parts.iter().map(|&(k, v, g)| (k, v, crate::numfmt::round(g, 1))).collect();
    let below = rounded.iter().filter(|p| p.2 < 0.0).count();
    let subject = |k: Kpi| match (l, k) {
        (Lang::Da, Kpi::UddannelseJob) => "andelen i uddannelse eller job",
        (Lang::Da, Kpi::Arbejdsduelige) => "andelen af arbejdsduelige borgere",
        (Lang::En, Kpi::UddannelseJob) => "the share in education or job",
        (Lang::En, Kpi::Arbejdsduelige) => "the share of work-ready citizens",
    };
    let lead = match (l, rounded.len(), below) {
        (Lang::Da, 1, 0) => format!("{} ligger på eller over {course} mod målet", capitalised(subject(rounded[0].0))),
        (Lang::Da, 1, _) => format!("{} ligger under {course} mod målet", capitalised(subject(rounded[0].0))),
        (Lang::Da, _, 0) => format!("Begge effektmål ligger på eller over {course} mod målet"),
        (Lang::Da, n, b) if b == n => format!("Begge effektmål ligger under {course} mod målet"),
        (Lang::Da, _, _) => format!("Et af de to effektmål ligger under {course} mod målet"),
        (Lang::En, 1, 0) => format!("{} is on or above {course} to the target", capitalised(subject(rounded[0].0))),
        (Lang::En, 1, _) => format!("{} is below {course} to the target", capitalised(subject(rounded[0].0))),
        (Lang::En, _, 0) => format!("Both effect targets are on or above {course} to the target"),
        (Lang::En, n, b) if b == n => format!("Both effect targets are below {course} to the target"),
        (Lang::En, _, _) => format!("One of the two effect targets is below {course} to the target"),
    };
    let each: Vec<(&str, String)> = rounded
        .iter()
        .map(|&(k, v, g)| {
            let side = match (l, g) {
                (Lang::Da, g) if g > 0.0 => format!("{}{}procentpoint over", l.num(g, 1), crate::report::lang::NBSP),
                (Lang::Da, g) if g < 0.0 => format!("{}{}procentpoint under", l.num(-g, 1), crate::report::lang::NBSP),
                (Lang::Da, _) => format!("på {course}"),
                (Lang::En, g) if g > 0.0 => {
                    format!("{}{}percentage points above", l.num(g, 1), crate::report::lang::NBSP)
                }
                (Lang::En, g) if g < 0.0 => {
                    format!("{}{}percentage points below", l.num(-g, 1), crate::report::lang::NBSP)
                }
                (Lang::En, _) => format!("on {course}"),
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
