//! Targets, the straight-line course from baseline to target, and the green/yellow/red signal
//! (`domain.md`, "What a quarterly report shows", item 1). Pure: no I/O beyond parsing text.
//!
//! The course runs from the baseline month to the target month; after the target month it is
//! held at the target (the target still applies until a new one is set); before the baseline
//! month there is no course.

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
    pub fn label(self) -> &'static str {
        match self {
            Signal::Green => "grøn",
            Signal::Yellow => "gul",
            Signal::Red => "rød",
        }
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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    kpi: String,
    baseline_month: String,
    baseline_pct: f64,
    target_month: String,
    target_pct: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub kpi: Kpi,
    pub baseline_month: Month,
    pub baseline_pct: f64,
    pub target_month: Month,
    pub target_pct: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Targets {
    pub green_below_pp: f64,
    pub yellow_below_pp: f64,
    pub targets: Vec<Target>,
    /// Where they came from, for the appendix.
    pub source: String,
}

impl Targets {
    pub fn embedded() -> Targets {
        Targets::parse("targets (embedded default)", DEFAULT_TARGETS).expect("embedded targets are valid")
    }

    /// Parses a targets file; the error names the file and says what is wrong.
    pub fn parse(name: &str, text: &str) -> Result<Targets, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        let signal = raw.signal.unwrap_or(RawSignal { green_below_pp: 0.25, yellow_below_pp: 1.0 });
        if !(signal.green_below_pp >= 0.0 && signal.yellow_below_pp >= signal.green_below_pp) {
            return Err(format!("{name}: [signal] expects 0 ≤ green_below_pp ≤ yellow_below_pp"));
        }
        let mut targets = Vec::new();
        for (i, t) in raw.target.iter().enumerate() {
            let at = format!("{name}: target {} ({})", i + 1, t.kpi);
            let kpi = Kpi::from_id(&t.kpi)
                .ok_or_else(|| format!("{at}: unknown kpi, expected uddannelse_job or arbejdsduelige"))?;
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
            targets.push(Target {
                kpi,
                baseline_month: bm,
                baseline_pct: t.baseline_pct,
                target_month: tm,
                target_pct: t.target_pct,
            });
        }
        targets.sort_by_key(|t| (t.kpi, t.target_month));
        Ok(Targets {
            green_below_pp: signal.green_below_pp,
            yellow_below_pp: signal.yellow_below_pp,
            targets,
            source: name.to_string(),
        })
    }

    /// The target that applies in `month`: the first whose target month is at or after it
    /// and whose baseline is at or before it; else the latest one already reached.
    pub fn for_month(&self, kpi: Kpi, month: Month) -> Option<&Target> {
        let ts: Vec<&Target> = self.targets.iter().filter(|t| t.kpi == kpi).collect();
        ts.iter()
            .find(|t| t.baseline_month <= month && month <= t.target_month)
            .or_else(|| ts.iter().rev().find(|t| t.target_month < month))
            .copied()
    }

    /// Where the course says the share should be in `month`, if a target applies.
    pub fn course(&self, kpi: Kpi, month: Month) -> Option<f64> {
        self.for_month(kpi, month).map(|t| t.course(month))
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

impl Target {
    pub fn course(&self, month: Month) -> f64 {
        let span = (self.target_month.index() - self.baseline_month.index()) as f64;
        let t = ((month.index() - self.baseline_month.index()) as f64 / span).clamp(0.0, 1.0);
        self.baseline_pct + (self.target_pct - self.baseline_pct) * t
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
        let k = Kpi::UddannelseJob;
        assert_eq!(t.course(k, m("2015-08")), Some(72.8));
        // 72,8 + 2,6 × 1/12 = 73,0166…
        assert!((t.course(k, m("2015-09")).unwrap() - 73.016_666).abs() < 1e-4);
        // Halfway: 74,1.
        assert!((t.course(k, m("2016-02")).unwrap() - 74.1).abs() < 1e-9);
        assert_eq!(t.course(k, m("2016-08")), Some(75.4));
        assert_eq!(t.course(k, m("2016-11")), Some(75.4));
        assert_eq!(t.course(k, m("2015-07")), None);
        assert!((t.course(Kpi::Arbejdsduelige, m("2016-02")).unwrap() - 77.25).abs() < 1e-9);
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
        assert_eq!(t.course(Kpi::UddannelseJob, m("2017-08")), Some(75.0));
        assert!((t.course(Kpi::UddannelseJob, m("2017-02")).unwrap() - 74.1).abs() < 1e-9);
        assert_eq!(t.course(Kpi::Arbejdsduelige, m("2017-02")), None);
        let err = Targets::parse(
            "bad.toml",
            "[[target]]\nkpi='x'\nbaseline_month='2015-08'\nbaseline_pct=1\ntarget_month='2016-08'\ntarget_pct=2\n",
        )
        .unwrap_err();
        assert!(err.contains("bad.toml") && err.contains("unknown kpi"), "{err}");
    }
}
