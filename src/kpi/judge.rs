//! Each target's signal, judged in one place: the report's store record and `compute --record`
//! both take their signals from [`signals`], so a quiet run (`-q`) compares like with like
//! whichever command recorded it. Pure: the shares come from the caller.
//!
//! A target is judged as the report's front page judges it ([`Targets::judge`]: the seasonal
//! course by default, the straight one where the seasonal has no month a year before) at the
//! latest month up to `last` whose share is published: a hidden month is skipped, and the
//! signal rests on the latest month that may be shown. The whole municipality's targets come
//! first, then each group's ([`Targets::groups`]).

use super::targets::{Judged, Subject, Targets};
use crate::method::calendar::Month;
use crate::method::status::Kpi;

/// How far back from `last` a published share is looked for: the report's four years.
const LOOKBACK_MONTHS: i32 = 48;

/// A target's signal: which target, the month it was judged in, and the judgement.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// What the target is about, as the store keeps it ([`Subject::key`]: `uddannelse_job`,
    /// or `herkomst=Indvandrer, ikke-vestlig/uddannelse_job` for a group's).
    pub key: String,
    pub month: Month,
    pub judged: Judged,
}

/// Every target's signal at the latest month up to `last` whose share `share` gives (the
/// published share of the subject, `None` when hidden or not computed). A subject without a
/// target in force, or without a published share since its baseline, has no signal.
pub fn signals(targets: &Targets, share: &dyn Fn(&Subject, Month) -> Option<f64>, last: Month) -> Vec<Verdict> {
    let subjects: Vec<Subject> =
        Kpi::ALL.into_iter().map(Subject::total).chain(targets.groups().into_iter().cloned()).collect();
    let mut out = Vec::new();
    for subject in &subjects {
        let of = |m: Month| share(subject, m);
        for m in (0..LOOKBACK_MONTHS).map(|back| last.offset(-back)) {
            // Before the first baseline there is no course: nothing earlier to judge.
            if targets.for_month(subject, m).is_none() {
                break;
            }
            if let Some(j) = targets.judge(subject, m, &of) {
                out.push(Verdict { key: subject.key(), month: m, judged: j });
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::targets::Signal;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn judged_on_the_latest_published_month() {
        let t = Targets::embedded();
        // uddannelse_job published in September 2016 (82,5 %); arbejdsduelige hidden in
        // July–September 2016, 87,5 % in June 2016.
        let share = |t: &Subject, month: Month| match (t.kpi, month.to_string().as_str()) {
            (Kpi::UddannelseJob, "2016-09") => Some(82.5),
            (Kpi::Arbejdsduelige, "2016-06") => Some(87.5),
            _ => None,
        };
        let s = signals(&t, &share, m("2016-09"));
        assert_eq!(s.len(), 2);
        // No share a year before here, so the straight course, held at the target after August
        // 2016: 75,4 %.
        assert_eq!(s[0].key, "uddannelse_job");
        assert_eq!(
            (s[0].month, s[0].judged.value, s[0].judged.course, s[0].judged.signal),
            (m("2016-09"), 82.5, 75.4, Signal::Green)
        );
        // June 2016: 76,1 + (78,4 − 76,1) × 10/12 = 78,0166…; 87,5 is above: green.
        assert_eq!(s[1].key, "arbejdsduelige");
        assert_eq!(s[1].month, m("2016-06"));
        assert!((s[1].judged.course - 78.016_666).abs() < 1e-4);
        assert_eq!(s[1].judged.signal, Signal::Green);
    }

    #[test]
    fn no_signal_before_the_baseline_or_without_a_share() {
        let t = Targets::embedded();
        // The embedded targets start in August 2015: July 2015 has no course.
        assert!(signals(&t, &|_, _| Some(70.0), m("2015-07")).is_empty());
        assert!(signals(&t, &|_, _| None, m("2016-09")).is_empty());
        // August 2015 is the baseline month itself: 72,0 against 72,8 is −0,8 pp, yellow.
        let s = signals(&t, &|t: &Subject, _| (t.kpi == Kpi::UddannelseJob).then_some(72.0), m("2015-08"));
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].judged.course, s[0].judged.signal), (72.8, Signal::Yellow));
    }

    #[test]
    fn a_group_s_target_is_judged_on_its_seasonal_course_after_the_whole_municipality_s() {
        let text = "[[target]]\nkpi='uddannelse_job'\ndimension='herkomst'\ngroup='Indvandrer, ikke-vestlig'\n\
                    baseline_month='2015-08'\nbaseline_pct=45.0\ntarget_month='2016-08'\ntarget_pct=48.0\n";
        let t = Targets::parse("mine.toml", text).unwrap();
        // The group's shares in the sample (compute --by herkomst): October 2015 51,96 %, October
        // 2016 43,36 %; November 2016 hidden.
        let share = |s: &Subject, month: Month| match (s.is_total(), month.to_string().as_str()) {
            (false, "2015-10") => Some(51.96),
            (false, "2016-10") => Some(43.36),
            _ => None,
        };
        let s = signals(&t, &share, m("2016-11"));
        assert_eq!(s.len(), 1, "no target on the totals in this file");
        assert_eq!(s[0].key, "herkomst=Indvandrer, ikke-vestlig/uddannelse_job");
        // Judged on October, the latest month shown: 51,96 + 3 × (1 − 2/12) = 54,46; 43,36 −
        // 54,46 = −11,1 pp: red.
        assert_eq!(s[0].month, m("2016-10"));
        assert!((s[0].judged.course - 54.46).abs() < 1e-9, "{}", s[0].judged.course);
        assert_eq!(s[0].judged.signal, Signal::Red);
    }
}
