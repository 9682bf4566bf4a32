//! What a recording run says about what changed, for cron: a quiet run (`-q`) of `report` or
//! `compute --record` prints nothing unless, against the run of its series recorded last, a
//! target's signal changed colour or a published total was revised by more than
//! [`super::REVISION_THRESHOLD_PP`]; then it prints those changes, one line each, in the
//! run's language. Figures are named by KPI and month, never a person.

use crate::kpi::judge::Verdict;
use crate::kpi::targets::Signal;
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use crate::report::lang::{Lang, NBSP};
use crate::store::{Recorded, Revised, SignalRecord};

/// At most this many revision lines; the rest are counted ("og 3 flere").
pub const REVISIONS_LISTED: usize = 10;

/// The signals as the store keeps them.
pub fn records(verdicts: &[Verdict]) -> Vec<SignalRecord> {
    verdicts
        .iter()
        .map(|v| SignalRecord {
            target: v.key.clone(),
            month: v.month.to_string(),
            colour: v.judged.signal.id().to_string(),
            value: crate::numfmt::round(v.judged.value, 4),
            course: crate::numfmt::round(v.judged.course, 4),
        })
        .collect()
}

/// A stored colour in words, lower case ("grøn", "green"); a colour the program does not
/// know is shown as stored.
fn colour(l: Lang, id: &str) -> String {
    match Signal::from_id(id) {
        Some(s) => crate::report::texts::signal(l, Some(s)).to_lowercase(),
        None => id.to_string(),
    }
}

/// A target's or figure's name: the KPI's, else the key as stored.
fn name(l: Lang, key: &str) -> String {
    // A group's target: `herkomst=Indvandrer, ikke-vestlig/uddannelse_job`.
    if let Some((dim_group, kpi)) = key.rsplit_once('/')
        && let Some((_, group)) = dim_group.split_once('=')
        && let Some(k) = Kpi::from_id(kpi)
    {
        return format!("{}, {}", l.kpi(k), l.group(group));
    }
    Kpi::from_id(key).map(|k| l.kpi(k).to_string()).unwrap_or_else(|| key.to_string())
}

fn month(l: Lang, m: &str) -> String {
    Month::parse(m).map(|m| l.month(m)).unwrap_or_else(|| m.to_string())
}

/// Plain spaces: the lines go to a terminal or a mail, not a typeset page.
fn plain(s: String) -> String {
    s.replace(NBSP, " ")
}

/// The lines that say what changed: each target whose colour differs from the one the last
/// run recorded, then the revised total shares that moved by more than the threshold, the
/// largest first (ties by KPI and month), at most [`REVISIONS_LISTED`] and a count of the
/// rest. Empty when nothing changed, or there was nothing to compare with.
pub fn changes(l: Lang, before: &[SignalRecord], after: &[SignalRecord], revised: &[Revised]) -> Vec<String> {
    let mut lines = Vec::new();
    for now in after {
        let Some(was) = before.iter().find(|b| b.target == now.target) else { continue };
        if was.colour == now.colour {
            continue;
        }
        let (value, course) = (plain(l.pct(now.value)), plain(l.pct(now.course)));
        let what = name(l, &now.target);
        let moved = if was.month == now.month {
            format!("{what}, {}: {} → {}", month(l, &now.month), colour(l, &was.colour), colour(l, &now.colour))
        } else {
            format!(
                "{what}: {} {} {} → {} {} {}",
                colour(l, &was.colour),
                l.t("i", "in"),
                month(l, &was.month),
                colour(l, &now.colour),
                l.t("i", "in"),
                month(l, &now.month)
            )
        };
        lines.push(format!(
            "{} {moved} ({value} {} {course}).",
            l.t("Signal ændret:", "Signal changed:"),
            l.t("mod kurs", "against course")
        ));
    }
    let mut moved: Vec<&Revised> = revised
        .iter()
        // Monthly totals, as the report's revisions: a quarter's pooled figures and the
        // breakdowns are left to `history`.
        .filter(|r| r.dimension == "total" && Month::parse(&r.month).is_some())
        .filter(|r| (r.new - r.old).abs() > super::REVISION_THRESHOLD_PP + 1e-9)
        .collect();
    // The size as printed, so changes that print the same tie, and ties go by KPI and month.
    let size = |r: &Revised| crate::numfmt::round((r.new - r.old).abs(), 1);
    moved.sort_by(|a, b| size(b).total_cmp(&size(a)).then_with(|| (&a.kpi, &a.month).cmp(&(&b.kpi, &b.month))));
    for r in moved.iter().take(REVISIONS_LISTED) {
        lines.push(format!(
            "{} {}, {}: {} → {} ({}).",
            l.t("Revideret:", "Revised:"),
            name(l, &r.kpi),
            month(l, &r.month),
            plain(l.pct(r.old)),
            plain(l.pct(r.new)),
            plain(l.pp(r.new - r.old))
        ));
    }
    if moved.len() > REVISIONS_LISTED {
        let rest = moved.len() - REVISIONS_LISTED;
        lines.push(match l {
            Lang::Da => format!("… og {rest} flere revideret (effektmaal history viser dem alle)."),
            Lang::En => format!("… and {rest} more revised (effektmaal history shows them all)."),
        });
    }
    lines
}

/// Says on stderr what changed since the run recorded last, quiet or not: it is a message, not
/// data (`compute`'s figures keep stdout to themselves), and cron mails it.
pub fn speak(l: Lang, recorded: &Recorded, after: &[SignalRecord]) {
    for line in changes(l, &recorded.signals_before, after, &recorded.revised) {
        eprintln!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(target: &str, month: &str, colour: &str, value: f64, course: f64) -> SignalRecord {
        SignalRecord { target: target.into(), month: month.into(), colour: colour.into(), value, course }
    }

    fn rev(month: &str, old: f64, new: f64) -> Revised {
        Revised {
            kpi: "uddannelse_job".into(),
            month: month.into(),
            dimension: "total".into(),
            group: "I alt".into(),
            old,
            new,
        }
    }

    #[test]
    fn a_colour_that_changed_is_said_with_value_and_course() {
        let before = [
            sig("uddannelse_job", "2016-09", "green", 82.5, 75.4),
            sig("arbejdsduelige", "2016-06", "green", 87.5, 78.0167),
        ];
        let after = [
            sig("uddannelse_job", "2016-09", "yellow", 75.0, 75.4),
            sig("arbejdsduelige", "2016-06", "green", 87.5, 78.0167),
        ];
        assert_eq!(
            changes(Lang::Da, &before, &after, &[]),
            [
                "Signal ændret: Andel 16–66-årige i uddannelse eller job, september 2016: grøn → gul (75,0 % mod kurs 75,4 %)."
            ]
        );
        assert_eq!(
            changes(Lang::En, &before, &after, &[]),
            [
                "Signal changed: Share of 16–66-year-olds in education or job, September 2016: green → yellow (75.0 % against course 75.4 %)."
            ]
        );
        // Another month judged: both months are named.
        let later = [sig("uddannelse_job", "2016-10", "red", 73.0, 75.4)];
        assert_eq!(
            changes(Lang::Da, &before, &later, &[]),
            [
                "Signal ændret: Andel 16–66-årige i uddannelse eller job: grøn i september 2016 → rød i oktober 2016 (73,0 % mod kurs 75,4 %)."
            ]
        );
    }

    #[test]
    fn nothing_to_say_without_a_change_or_without_a_run_before() {
        let now = [sig("uddannelse_job", "2016-09", "green", 82.5, 75.4)];
        assert!(changes(Lang::Da, &[], &now, &[]).is_empty());
        assert!(changes(Lang::Da, &now, &now, &[]).is_empty());
        // The same colour in a later month, at another value: no change of signal.
        assert!(changes(Lang::Da, &now, &[sig("uddannelse_job", "2016-10", "green", 80.0, 75.4)], &[]).is_empty());
        // 0,1 pp is the threshold itself: not more than it.
        assert!(changes(Lang::Da, &now, &now, &[rev("2016-07", 80.0, 80.1), rev("2016-08", 80.0, 79.9)]).is_empty());
        // A breakdown's revision, or a quarter's, is left to `history`.
        let mut r = rev("2016-07", 80.0, 77.5);
        r.dimension = "koen".into();
        assert!(changes(Lang::Da, &now, &now, &[r, rev("2016K3", 80.8, 78.3)]).is_empty());
    }

    #[test]
    fn revisions_above_the_threshold_largest_first_at_most_ten() {
        let lines = changes(Lang::Da, &[], &[], &[rev("2016-07", 80.0, 80.11), rev("2016-06", 75.0, 77.5)]);
        assert_eq!(
            lines,
            [
                "Revideret: Andel 16–66-årige i uddannelse eller job, juni 2016: 75,0 % → 77,5 % (+2,5 pct.-point).",
                "Revideret: Andel 16–66-årige i uddannelse eller job, juli 2016: 80,0 % → 80,1 % (+0,1 pct.-point)."
            ]
        );
        let many: Vec<Revised> = (1..=12).map(|m| rev(&format!("2015-{m:02}"), 70.0, 69.0)).collect();
        let lines = changes(Lang::En, &[], &[], &many);
        assert_eq!(lines.len(), 11);
        assert_eq!(
            lines[0],
            "Revised: Share of 16–66-year-olds in education or job, January 2015: 70.0 % → 69.0 % (−1.0 pp)."
        );
        assert_eq!(lines[10], "… and 2 more revised (effektmaal history shows them all).");
    }

    #[test]
    fn a_group_s_target_is_named_by_its_kpi_and_group() {
        let key = "herkomst=Indvandrer, ikke-vestlig/uddannelse_job";
        assert_eq!(name(Lang::Da, key), "Andel 16–66-årige i uddannelse eller job, Indvandrer, ikke-vestlig");
        assert_eq!(name(Lang::En, key), "Share of 16–66-year-olds in education or job, Immigrant, non-Western");
        assert_eq!(name(Lang::Da, "arbejdsduelige"), "Andel arbejdsduelige borgere");
    }
}
