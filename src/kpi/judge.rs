//! Each target's signal, judged in one place: the report's store record and `compute --record`
//! both take their signals from [`signals`], so a quiet run (`-q`) compares like with like
//! whichever command recorded it. Pure: the shares come from the caller.
//!
//! Today a target is judged on the straight course ([`Targets::course`], [`Targets::signal`])
//! at the latest month up to `last` whose share is published: a hidden month is skipped, and
//! the signal rests on the latest month that may be shown.

use super::targets::{Signal, Target, Targets};
use crate::method::calendar::Month;
use crate::method::status::Kpi;

/// How far back from `last` a published share is looked for: the report's four years.
const LOOKBACK_MONTHS: i32 = 48;

/// A target's signal in the month it was judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// What the target is about, as the store keeps it: the KPI's id (`uddannelse_job`).
    pub key: String,
    pub month: Month,
    pub value: f64,
    pub course: f64,
    pub signal: Signal,
}

/// The key a target is stored under.
pub fn key(t: &Target) -> String {
    t.kpi.id().to_string()
}

/// Every target's signal at the latest month up to `last` whose share `share` gives (the
/// published share of the scope's total, `None` when hidden or not computed), in the order of
/// the KPIs. A KPI without a target in force, or without a published share since its
/// baseline, has no signal.
pub fn signals(targets: &Targets, share: &dyn Fn(&Target, Month) -> Option<f64>, last: Month) -> Vec<Judged> {
    let mut out = Vec::new();
    for kpi in Kpi::ALL {
        for m in (0..LOOKBACK_MONTHS).map(|back| last.offset(-back)) {
            // Before the first baseline there is no course: nothing earlier to judge.
            let Some(t) = targets.for_month(kpi, m) else { break };
            if let Some(value) = share(t, m) {
                let course = t.course(m);
                out.push(Judged { key: key(t), month: m, value, course, signal: targets.signal(value, course) });
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn judged_on_the_latest_published_month() {
        let t = Targets::embedded();
        // uddannelse_job published in September 2016 (82,5 %); arbejdsduelige hidden in
        // July–September 2016, 87,5 % in June 2016.
        let share = |t: &Target, month: Month| match (t.kpi, month.to_string().as_str()) {
            (Kpi::UddannelseJob, "2016-09") => Some(82.5),
            (Kpi::Arbejdsduelige, "2016-06") => Some(87.5),
            _ => None,
        };
        let s = signals(&t, &share, m("2016-09"));
        assert_eq!(s.len(), 2);
        // After August 2016 the course is held at the target, 75,4 %.
        assert_eq!(s[0].key, "uddannelse_job");
        assert_eq!((s[0].month, s[0].value, s[0].course, s[0].signal), (m("2016-09"), 82.5, 75.4, Signal::Green));
        // June 2016: 76,1 + (78,4 − 76,1) × 10/12 = 78,0166…; 87,5 is above: green.
        assert_eq!(s[1].key, "arbejdsduelige");
        assert_eq!(s[1].month, m("2016-06"));
        assert!((s[1].course - 78.016_666).abs() < 1e-4);
        assert_eq!(s[1].signal, Signal::Green);
    }

    #[test]
    fn no_signal_before_the_baseline_or_without_a_share() {
        let t = Targets::embedded();
        // The embedded targets start in August 2015: July 2015 has no course.
        assert!(signals(&t, &|_, _| Some(70.0), m("2015-07")).is_empty());
        assert!(signals(&t, &|_, _| None, m("2016-09")).is_empty());
        // August 2015 is the baseline month itself: 72,0 against 72,8 is −0,8 pp, yellow.
        let s = signals(&t, &|t, _| (t.kpi == Kpi::UddannelseJob).then_some(72.0), m("2015-08"));
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].course, s[0].signal), (72.8, Signal::Yellow));
    }
}
