//! Targets, the two courses from baseline to target, and the green/yellow/red signal
//! (`domain.md`, "What a quarterly report shows", item 1). Pure: no I/O beyond parsing text.
//!
//! A target is set on a [`Subject`]: a KPI of the municipality as a whole, or of one group of a
//! breakdown (`dimension` and `group` as `compute --format csv` prints them).
//!
//! The **straight course** runs from the baseline month to the target month; after the target
//! month it is held at the target (the target still applies until a new one is set); before the
//! baseline month there is no course. The **seasonal course** is the same month a year before
//! plus the gain the straight course asks for over those twelve months
//! ([`Target::seasonal`]): for a 12-month target, share(m − 12) + (target − baseline). The
//! signal rests on the one `[signal] course` names, seasonal by default (the evidence is in
//! `docs/courses.md`); where the seasonal course has no month a year before to stand on, the
//! signal rests on the straight course and says so ([`Judged::fallback`]).

use crate::kpi::dims::Dimension;
use crate::method::calendar::Month;
use crate::method::status::Kpi;
use serde::{Deserialize, Serialize};

pub const DEFAULT_TARGETS: &str = include_str!("targets.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    Green,
    Yellow,
    Red,
}

impl Signal {
    pub const ALL: [Signal; 3] = [Signal::Green, Signal::Yellow, Signal::Red];

    /// The colour as the store and the web page's classes name it: green, yellow, red.
    pub fn id(self) -> &'static str {
        match self {
            Signal::Green => "green",
            Signal::Yellow => "yellow",
            Signal::Red => "red",
        }
    }

    pub fn from_id(id: &str) -> Option<Signal> {
        Signal::ALL.into_iter().find(|s| s.id() == id)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    signal: Option<RawSignal>,
    target: Vec<RawTarget>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignal {
    green_below_pp: f64,
    yellow_below_pp: f64,
    course: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    kpi: String,
    dimension: Option<String>,
    group: Option<String>,
    title: Option<String>,
    title_en: Option<String>,
    baseline_month: String,
    baseline_pct: f64,
    target_month: String,
    target_pct: f64,
}

/// Which course the signal rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Course {
    Straight,
    Seasonal,
}

impl Course {
    pub fn id(self) -> &'static str {
        match self {
            Course::Straight => "straight",
            Course::Seasonal => "seasonal",
        }
    }
}

/// What a target is set on: a KPI of the municipality as a whole (dimension total, group
/// "I alt"), or of one group of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject {
    pub kpi: Kpi,
    pub dimension: Dimension,
    pub group: String,
}

impl Subject {
    pub const TOTAL_GROUP: &str = "I alt";

    pub fn total(kpi: Kpi) -> Subject {
        Subject { kpi, dimension: Dimension::Total, group: Subject::TOTAL_GROUP.into() }
    }

    pub fn is_total(&self) -> bool {
        self.dimension == Dimension::Total
    }

    /// A stable key for the store and messages: `uddannelse_job`, or
    /// `herkomst=Indvandrer, ikke-vestlig/uddannelse_job` for a group's target.
    pub fn key(&self) -> String {
        if self.is_total() {
            self.kpi.id().to_string()
        } else {
            format!("{}={}/{}", self.dimension.id(), self.group, self.kpi.id())
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub subject: Subject,
    /// The card's title for a group's target, as the file gives it (Danish, and English when
    /// the file has `title_en`).
    pub title: Option<(String, Option<String>)>,
    pub baseline_month: Month,
    pub baseline_pct: f64,
    pub target_month: Month,
    pub target_pct: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub green_below_pp: f64,
    pub yellow_below_pp: f64,
    /// The course the signal rests on.
    pub course: Course,
    pub targets: Vec<Target>,
    /// Where they came from, for the appendix.
    pub source: String,
}

/// A month judged against its target: the value, the course the signal rests on and the
/// signal; `fallback` when the seasonal course was asked for but had no month a year before
/// to stand on, so the straight course was used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judged {
    pub value: f64,
    pub course: f64,
    pub kind: Course,
    pub fallback: bool,
    pub signal: Signal,
}

impl Targets {
    pub fn embedded() -> Targets {
        Targets::parse("targets (embedded default)", DEFAULT_TARGETS).expect("embedded targets are valid")
    }

    /// Parses a targets file; the error names the file and says what is wrong.
    pub fn parse(name: &str, text: &str) -> Result<Targets, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        let signal = raw.signal.unwrap_or(RawSignal { green_below_pp: 0.25, yellow_below_pp: 1.0, course: None });
        if !(signal.green_below_pp >= 0.0 && signal.yellow_below_pp >= signal.green_below_pp) {
            return Err(format!("{name}: [signal] expects 0 ≤ green_below_pp ≤ yellow_below_pp"));
        }
        let course = match signal.course.as_deref() {
            None | Some("seasonal") => Course::Seasonal,
            Some("straight") => Course::Straight,
            Some(other) => {
                return Err(format!(
                    "{name}: [signal] course {other:?} is not a course, expected \"seasonal\" or \"straight\""
                ));
            }
        };
        let mut targets = Vec::new();
        for (i, t) in raw.target.iter().enumerate() {
            let at = format!("{name}: target {} ({})", i + 1, t.kpi);
            let kpi = Kpi::from_id(&t.kpi)
                .ok_or_else(|| format!("{at}: unknown kpi, expected uddannelse_job or arbejdsduelige"))?;
            let subject = subject(&at, kpi, t)?;
            let bm = Month::parse(&t.baseline_month)
                .ok_or_else(|| format!("{at}: baseline_month {:?} is not YYYY-MM", t.baseline_month))?;
            let tm = Month::parse(&t.target_month)
                .ok_or_else(|| format!("{at}: target_month {:?} is not YYYY-MM", t.target_month))?;
            if tm <= bm {
                return Err(format!("{at}: target_month must come after baseline_month"));
            }
            for pct in [t.baseline_pct, t.target_pct] {
                if !(0.0..=100.0).contains(&pct) {
                    return Err(format!("{at}: {pct} is not a share in per cent (0–100)"));
                }
            }
            let title = t.title.as_ref().map(|da| (da.clone(), t.title_en.clone()));
            if title.is_none() && t.title_en.is_some() {
                return Err(format!("{at}: title_en without title; give the Danish title too"));
            }
            targets.push(Target {
                subject,
                title,
                baseline_month: bm,
                baseline_pct: t.baseline_pct,
                target_month: tm,
                target_pct: t.target_pct,
            });
        }
        // The whole municipality's targets first, then the groups' in the order the file
        // gives them; each subject's targets by month.
        let order: Vec<Subject> = Kpi::ALL
            .into_iter()
            .map(Subject::total)
            .chain(targets.iter().map(|t: &Target| t.subject.clone()))
            .fold(Vec::new(), |mut seen, s| {
                if !seen.contains(&s) {
                    seen.push(s);
                }
                seen
            });
        targets.sort_by_key(|t| (order.iter().position(|s| *s == t.subject), t.target_month));
        Ok(Targets {
            green_below_pp: signal.green_below_pp,
            yellow_below_pp: signal.yellow_below_pp,
            course,
            targets,
            source: name.to_string(),
        })
    }

    /// The groups' subjects that have targets, in the file's order (the whole municipality's
    /// two KPIs are always reported and not listed here).
    pub fn groups(&self) -> Vec<&Subject> {
        let mut seen: Vec<&Subject> = Vec::new();
        for t in self.targets.iter().filter(|t| !t.subject.is_total()) {
            if !seen.contains(&&t.subject) {
                seen.push(&t.subject);
            }
        }
        seen
    }

    /// The target that applies in `month`: the first whose target month is at or after it
    /// and whose baseline is at or before it; else the latest one already reached.
    pub fn for_month(&self, subject: &Subject, month: Month) -> Option<&Target> {
        let ts: Vec<&Target> = self.targets.iter().filter(|t| t.subject == *subject).collect();
        ts.iter()
            .find(|t| t.baseline_month <= month && month <= t.target_month)
            .or_else(|| ts.iter().rev().find(|t| t.target_month < month))
            .copied()
    }

    /// Where the straight course says the share should be in `month`, if a target applies.
    pub fn course(&self, subject: &Subject, month: Month) -> Option<f64> {
        self.for_month(subject, month).map(|t| t.course(month))
    }

    /// Where the seasonal course says the share should be in `month`, if a target applies and
    /// the series has a published share a year before. `share` gives the series' published
    /// shares (None where hidden or outside the series).
    pub fn seasonal(&self, subject: &Subject, month: Month, share: &dyn Fn(Month) -> Option<f64>) -> Option<f64> {
        self.for_month(subject, month).and_then(|t| t.seasonal(month, share(month.offset(-12))))
    }

    /// The month's published share judged against the course the signal rests on.
    pub fn judge(&self, subject: &Subject, month: Month, share: &dyn Fn(Month) -> Option<f64>) -> Option<Judged> {
        let value = share(month)?;
        let straight = self.course(subject, month)?;
        let (course, kind, fallback) = match self.course {
            Course::Straight => (straight, Course::Straight, false),
            Course::Seasonal => match self.seasonal(subject, month, share) {
                Some(c) => (c, Course::Seasonal, false),
                None => (straight, Course::Straight, true),
            },
        };
        Some(Judged { value, course, kind, fallback, signal: self.signal(value, course) })
    }

    pub fn signal(&self, actual: f64, course: f64) -> Signal {
        // Decided on the deviation exactly as the report prints it (one decimal, half away
        // from zero), so two targets shown as −0,3 pp never get different colours.
        let gap = crate::numfmt::round(actual - course, 1);
        if gap >= -self.green_below_pp {
            Signal::Green
        } else if gap >= -self.yellow_below_pp {
            Signal::Yellow
        } else {
            Signal::Red
        }
    }
}

/// A target's subject from its `dimension` and `group`, both or neither.
fn subject(at: &str, kpi: Kpi, t: &RawTarget) -> Result<Subject, String> {
    match (&t.dimension, &t.group) {
        (None, None) => Ok(Subject::total(kpi)),
        (Some(d), Some(g)) => {
            let dimension = Dimension::from_id(d)
                .filter(|d| !matches!(d, Dimension::Total | Dimension::Kommune))
                .ok_or_else(|| format!("{at}: dimension {d:?} cannot carry a target, expected one of age, sex, herkomst, omraade, status (as compute --format csv prints them; a municipality's targets are set with --kommune)"))?;
            if g.trim().is_empty() {
                return Err(format!("{at}: group is empty"));
            }
            Ok(Subject { kpi, dimension, group: g.clone() })
        }
        _ => Err(format!("{at}: give both dimension and group, or neither")),
    }
}

impl Target {
    /// The straight course: baseline to target in equal monthly steps, held at the target after.
    pub fn course(&self, month: Month) -> f64 {
        self.line(month).max(self.baseline_pct.min(self.target_pct)).min(self.baseline_pct.max(self.target_pct))
    }

    /// The straight line through baseline and target, continued before the baseline and held
    /// at the target after the target month.
    fn line(&self, month: Month) -> f64 {
        let span = (self.target_month.index() - self.baseline_month.index()) as f64;
        let t = ((month.index() - self.baseline_month.index()) as f64 / span).min(1.0);
        self.baseline_pct + (self.target_pct - self.baseline_pct) * t
    }

    /// The seasonal course in `month` from the published share twelve months before: that
    /// share plus what the straight line gains over those twelve months. Within a 12-month
    /// target's year that is the whole gain, share(m − 12) + (target − baseline); after the
    /// target month the gain shrinks to none as the line is held at the target. The baseline
    /// month is the baseline itself; before it there is no course.
    pub fn seasonal(&self, month: Month, year_before: Option<f64>) -> Option<f64> {
        if month < self.baseline_month {
            return None;
        }
        if month == self.baseline_month {
            return Some(self.baseline_pct);
        }
        year_before.map(|v| v + self.line(month) - self.line(month.offset(-12)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn course_is_straight_from_baseline_to_target_then_flat() {
        let t = Targets::embedded();
        let k = &Subject::total(Kpi::UddannelseJob);
        assert_eq!(t.course(k, m("2015-08")), Some(72.8));
        // 72,8 + 2,6 × 1/12 = 73,0166…
        assert!((t.course(k, m("2015-09")).unwrap() - 73.016_666).abs() < 1e-4);
        // Halfway: 74,1.
        assert!((t.course(k, m("2016-02")).unwrap() - 74.1).abs() < 1e-9);
        assert_eq!(t.course(k, m("2016-08")), Some(75.4));
        assert_eq!(t.course(k, m("2016-11")), Some(75.4));
        assert_eq!(t.course(k, m("2015-07")), None);
        assert!((t.course(&Subject::total(Kpi::Arbejdsduelige), m("2016-02")).unwrap() - 77.25).abs() < 1e-9);
    }

    #[test]
    fn signal_thresholds() {
        let t = Targets::embedded();
        assert_eq!(t.signal(75.0, 75.0), Signal::Green);
        assert_eq!(t.signal(74.76, 75.0), Signal::Green, "printed −0,2 pp");
        assert_eq!(t.signal(74.75, 75.0), Signal::Yellow, "printed −0,3 pp");
        assert_eq!(t.signal(74.0, 75.0), Signal::Yellow);
        assert_eq!(t.signal(73.96, 75.0), Signal::Yellow, "printed −1,0 pp");
        assert_eq!(t.signal(73.95, 75.0), Signal::Red, "printed −1,1 pp");
    }

    /// Issue 8, §3: two targets that both print −0,3 pp got one green and one yellow signal.
    #[test]
    fn signal_colour_follows_the_deviation_as_printed() {
        let t = Targets::embedded();
        for (actual, course) in [(72.55, 72.8), (76.14, 76.4), (74.7, 75.0)] {
            assert_eq!(crate::numfmt::pp(actual - course), "−0,3 pp", "{actual} − {course}");
            assert_eq!(t.signal(actual, course), Signal::Yellow, "{actual} − {course}");
        }
        assert_eq!(crate::numfmt::pp(72.56 - 72.8), "−0,2 pp");
        assert_eq!(t.signal(72.56, 72.8), Signal::Green);
    }

    #[test]
    fn user_file_with_more_years_and_bad_ones() {
        let text = "[[target]]\nkpi='uddannelse_job'\nbaseline_month='2015-08'\nbaseline_pct=72.8\ntarget_month='2016-08'\ntarget_pct=75.4\n\
                    [[target]]\nkpi='uddannelse_job'\nbaseline_month='2016-08'\nbaseline_pct=73.2\ntarget_month='2017-08'\ntarget_pct=75.0\n";
        let t = Targets::parse("mine.toml", text).unwrap();
        assert_eq!(t.course(&Subject::total(Kpi::UddannelseJob), m("2017-08")), Some(75.0));
        assert!((t.course(&Subject::total(Kpi::UddannelseJob), m("2017-02")).unwrap() - 74.1).abs() < 1e-9);
        assert_eq!(t.course(&Subject::total(Kpi::Arbejdsduelige), m("2017-02")), None);
        let err = Targets::parse(
            "bad.toml",
            "[[target]]\nkpi='x'\nbaseline_month='2015-08'\nbaseline_pct=1\ntarget_month='2016-08'\ntarget_pct=2\n",
        )
        .unwrap_err();
        assert!(err.contains("bad.toml") && err.contains("unknown kpi"), "{err}");
    }

    /// The sample's shares of 16–66-year-olds in education or job (compute --format csv).
    fn sample_uj(month: Month) -> Option<f64> {
        match month.to_string().as_str() {
            "2015-06" => Some(73.33),
            "2015-07" => Some(72.21),
            "2015-08" => Some(72.83),
            "2015-09" => Some(73.81),
            "2015-11" => None, // as if hidden
            "2016-06" => Some(74.26),
            "2016-07" => Some(72.68),
            "2016-08" => Some(73.20),
            "2016-09" => Some(73.67),
            "2016-11" => Some(72.93),
            _ => None,
        }
    }

    #[test]
    fn seasonal_course_is_the_month_a_year_before_plus_the_gain() {
        let t = Targets::embedded();
        let k = &Subject::total(Kpi::UddannelseJob);
        let at = |s: &str| t.seasonal(k, m(s), &sample_uj).unwrap();
        // Within the target's year the whole gain, 75,4 − 72,8 = 2,6:
        // June 2016: 73,33 + 2,6 = 75,93; July 2016: 72,21 + 2,6 = 74,81; August: 72,83 + 2,6 = 75,43.
        assert!((at("2016-06") - 75.93).abs() < 1e-9);
        assert!((at("2016-07") - 74.81).abs() < 1e-9);
        assert!((at("2016-08") - 75.43).abs() < 1e-9);
        // After the target month the line is held, so the gain over the twelve months shrinks:
        // September 2016: 73,81 + (75,4 − (72,8 + 2,6 × 1/12)) = 73,81 + 2,6 × 11/12 = 76,1933….
        assert!((at("2016-09") - (73.81 + 2.6 * 11.0 / 12.0)).abs() < 1e-9);
        // The baseline month is the baseline; before it, no course.
        assert_eq!(t.seasonal(k, m("2015-08"), &sample_uj), Some(72.8));
        assert_eq!(t.seasonal(k, m("2015-07"), &sample_uj), None);
        // No published share a year before: no seasonal course.
        assert_eq!(t.seasonal(k, m("2016-11"), &sample_uj), None);
    }

    #[test]
    fn the_signal_rests_on_the_seasonal_course_and_falls_back_to_the_straight_one() {
        let t = Targets::embedded();
        assert_eq!(t.course, Course::Seasonal, "the default, from docs/courses.md");
        let k = &Subject::total(Kpi::UddannelseJob);
        // July 2016: 72,68 against the seasonal 74,81 is −2,13 → −2,1 pp: red; against the
        // straight 72,8 + 2,6 × 11/12 = 75,1833 it is −2,5 pp: red as well.
        let j = t.judge(k, m("2016-07"), &sample_uj).unwrap();
        assert_eq!((j.kind, j.fallback, j.signal), (Course::Seasonal, false, Signal::Red));
        assert!((j.course - 74.81).abs() < 1e-9 && j.value == 72.68);
        // November 2016: November 2015 is hidden, so the straight course (held at 75,4) is used
        // and the judgement says so: 72,93 − 75,4 = −2,47 → red.
        let j = t.judge(k, m("2016-11"), &sample_uj).unwrap();
        assert_eq!((j.kind, j.fallback, j.signal), (Course::Straight, true, Signal::Red));
        assert_eq!(j.course, 75.4);
        // A month without a published share is not judged.
        assert_eq!(t.judge(k, m("2016-10"), &sample_uj), None);
        // With `course = "straight"` the signal rests on the straight course without a fallback.
        let straight =
            Targets::parse("mine.toml", &DEFAULT_TARGETS.replace("course = \"seasonal\"", "course = \"straight\""))
                .unwrap();
        let j = straight.judge(k, m("2016-06"), &sample_uj).unwrap();
        // June 2016: 74,26 − (72,8 + 2,6 × 10/12 = 74,9667) = −0,71 → −0,7 pp: yellow, where
        // the seasonal course (75,93, −1,7 pp) says red.
        assert_eq!((j.kind, j.fallback, j.signal), (Course::Straight, false, Signal::Yellow));
        assert_eq!(t.judge(k, m("2016-06"), &sample_uj).unwrap().signal, Signal::Red);
        let err = Targets::parse("mine.toml", &DEFAULT_TARGETS.replace("course = \"seasonal\"", "course = \"curved\""))
            .unwrap_err();
        assert!(err.contains("mine.toml") && err.contains("\"curved\"") && err.contains("seasonal"), "{err}");
    }

    #[test]
    fn a_target_on_a_group() {
        let text = "[[target]]\nkpi='uddannelse_job'\ndimension='herkomst'\ngroup='Indvandrer, ikke-vestlig'\ntitle='Indvandrere i job'\n\
                    baseline_month='2015-08'\nbaseline_pct=45.0\ntarget_month='2016-08'\ntarget_pct=48.0\n\
                    [[target]]\nkpi='uddannelse_job'\nbaseline_month='2015-08'\nbaseline_pct=72.8\ntarget_month='2016-08'\ntarget_pct=75.4\n";
        let t = Targets::parse("mine.toml", text).unwrap();
        let g = Subject {
            kpi: Kpi::UddannelseJob,
            dimension: Dimension::Herkomst,
            group: "Indvandrer, ikke-vestlig".into(),
        };
        // The whole municipality's target first, whatever the file's order.
        assert!(t.targets[0].subject.is_total() && t.targets[1].subject == g);
        assert_eq!(t.groups(), vec![&g]);
        assert_eq!(g.key(), "herkomst=Indvandrer, ikke-vestlig/uddannelse_job");
        assert_eq!(t.targets[1].title, Some(("Indvandrere i job".into(), None)));
        // Halfway: 45 + 3 × 6/12 = 46,5.
        assert!((t.course(&g, m("2016-02")).unwrap() - 46.5).abs() < 1e-9);
        assert_eq!(t.course(&Subject::total(Kpi::Arbejdsduelige), m("2016-02")), None);
        for (bad, says) in [
            ("dimension='kommune'\ngroup='461'\n", "cannot carry a target"),
            ("dimension='herkomstt'\ngroup='x'\n", "cannot carry a target"),
            ("dimension='herkomst'\n", "both dimension and group"),
            ("dimension='sex'\ngroup=' '\n", "group is empty"),
        ] {
            let text = format!(
                "[[target]]\nkpi='uddannelse_job'\n{bad}baseline_month='2015-08'\nbaseline_pct=1\ntarget_month='2016-08'\ntarget_pct=2\n"
            );
            let err = Targets::parse("bad.toml", &text).unwrap_err();
            assert!(err.contains("bad.toml: target 1") && err.contains(says), "{err}");
        }
    }
}
