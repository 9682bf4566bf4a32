//! Rules that hold for any extract: checked on simulated extracts with random seeds. Among
//! them disclosure control: nothing hidden can be recovered from what an output shows.

use effektmaal::extract::load;
use effektmaal::kpi::figures::{Dimension, Measure};
use effektmaal::method::calendar::Month;
use effektmaal::method::classify::Scope;
use effektmaal::method::status::Kpi;
use effektmaal::simulate::{self, SimOptions};
use proptest::prelude::*;

fn extract(seed: u64, persons: usize) -> tempfile::TempDir {
    let m = |s: &str| Month::parse(s).unwrap();
    let ex = simulate::simulate(&SimOptions { persons, from: m("2016-01"), to: m("2016-06"), seed });
    let dir = tempfile::tempdir().unwrap();
    simulate::write(&ex, &dir.path().join("x")).unwrap();
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn parts_sum_to_the_total_and_shares_stay_in_range(seed in 0u64..1_000_000) {
        let dir = extract(seed, 300);
        let mut ex = load::load(&dir.path().join("x")).unwrap();
        let (from, to) = (Month::parse("2016-01").unwrap(), Month::parse("2016-06").unwrap());
        let dims = [Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade, Dimension::Status];
        let c = effektmaal::kpi::compute(&mut ex, None, Scope { from, to, kommune: None }, &dims, false).unwrap();
        for month in (from.index()..=to.index()).map(Month::from_index) {
            for kpi in Kpi::ALL {
                let of = |d: Dimension| c.figures.iter().filter(move |f| f.period == month && f.dimension == d && f.measure == Measure::Kpi(kpi));
                let total = of(Dimension::Total).next().unwrap();
                prop_assert!(total.numerator <= total.denominator + 1e-9);
                prop_assert!((0.0..=100.0).contains(&total.share_pct()));
                for d in [Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade] {
                    let num: f64 = of(d).map(|f| f.numerator).sum();
                    let den: f64 = of(d).map(|f| f.denominator).sum();
                    prop_assert!((num - total.numerator).abs() < 1e-6, "{d:?} numerators");
                    prop_assert!((den - total.denominator).abs() < 1e-6, "{d:?} denominators");
                }
                // Every counted person-week has exactly one status: the statuses add up.
                let status: f64 = c.figures.iter().filter(|f| f.period == month && f.dimension == Dimension::Status).map(|f| f.numerator).sum();
                prop_assert!((status - total.denominator).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn row_order_does_not_change_the_figures(seed in 0u64..1_000_000) {
        let dir = extract(seed, 200);
        let x = dir.path().join("x");
        let before = effektmaal::cmd::compute::csv(&effektmaal::kpi::compute(&mut load::load(&x).unwrap(), None, scope(), &[Dimension::Age], true).unwrap().figures, None);
        for name in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
            let p = x.join(name);
            let text = std::fs::read_to_string(&p).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            let header = lines.remove(0);
            lines.reverse();
            std::fs::write(&p, format!("{header}\n{}\n", lines.join("\n"))).unwrap();
        }
        let after = effektmaal::cmd::compute::csv(&effektmaal::kpi::compute(&mut load::load(&x).unwrap(), None, scope(), &[Dimension::Age], true).unwrap().figures, None);
        prop_assert_eq!(before, after);
    }
}

/// Moves about a third of the persons to municipality 851 and a third to 147, for the
/// comparison of several municipalities.
fn several_municipalities(dir: &std::path::Path) {
    let p = dir.join("befolkning.csv");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let mut f: Vec<String> = line.split(',').map(String::from).collect();
        if i > 0 {
            let h: u32 = f[0].bytes().map(u32::from).sum();
            f[5] = ["461", "851", "147"][(h % 3) as usize].to_string();
        }
        out.push_str(&f.join(","));
        out.push('\n');
    }
    std::fs::write(&p, out).unwrap();
}

proptest! {
    // Each case simulates, computes twice and audits: a fraction of a second.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The disclosure auditor (`tests/audit.rs`) on `compute`'s CSV for every breakdown: no
    /// hidden value can be solved from the published ones.
    #[test]
    fn no_hidden_value_can_be_recovered_from_compute(seed in 0u64..1_000_000, persons in 30usize..2_000, several in any::<bool>()) {
        let dir = extract(seed, persons);
        let x = dir.path().join("x");
        let mut dims = vec![Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade, Dimension::Status];
        if several {
            several_municipalities(&x);
            dims.push(Dimension::Kommune);
        }
        let mut ex = load::load(&x).unwrap();
        let mut csv = |suppress: bool| effektmaal::cmd::compute::csv(&effektmaal::kpi::compute(&mut ex, None, scope(), &dims, suppress).unwrap().figures, None);
        let (published, truth) = (csv(true), csv(false));
        let r = crate::audit::compute(&published, Some(&truth));
        prop_assert!(r.is_ok(), "{persons} persons, seed {seed}: {}", r.unwrap_err());
    }
}

proptest! {
    // A report typesets a PDF: a few cases only.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The auditor on everything a report publishes (its CSV holds every number of the PDF).
    #[test]
    fn no_hidden_value_can_be_recovered_from_a_report(seed in 0u64..1_000_000, persons in 30usize..2_000, several in any::<bool>()) {
        let m = |s: &str| Month::parse(s).unwrap();
        let ex = simulate::simulate(&SimOptions { persons, from: m("2015-01"), to: m("2016-12"), seed });
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x");
        simulate::write(&ex, &x).unwrap();
        if several {
            several_municipalities(&x);
        }
        let out = dir.path().join("out");
        crate::common::run(&["report", x.to_str().unwrap(), "--quarter", "2016K3", "--out", out.to_str().unwrap(), "--no-record"]).ok();
        let csv = std::fs::read_to_string(out.join("effektmaal-2016-K3.csv")).unwrap();
        let r = crate::audit::report(&csv);
        prop_assert!(r.is_ok(), "{persons} persons, seed {seed}: {}", r.unwrap_err());
    }
}

fn scope() -> Scope {
    Scope { from: Month::parse("2016-01").unwrap(), to: Month::parse("2016-06").unwrap(), kommune: None }
}
