//! `simulate --national`: the national extract, measured by the program itself.

use crate::common::*;
use effektmaal::simulate::Kommuner;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const PERSONS: &str = "30000";

fn simulate_national(dir: &Path, seed: &str) {
    run(&[
        "simulate",
        "--national",
        "--persons",
        PERSONS,
        "--from",
        "2013-01",
        "--to",
        "2016-12",
        "--seed",
        seed,
        "--out",
        dir.to_str().unwrap(),
    ])
    .ok();
}

/// One national extract shared by the tests (made once; reading it is cheap).
fn extract() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        simulate_national(d.path(), "3");
        d
    })
    .path()
}

/// `(pnr, kommune, fra, til)` of every line of befolkning.csv.
fn spells(dir: &Path) -> Vec<(String, u16, String, String)> {
    let text = std::fs::read_to_string(dir.join("befolkning.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[5].parse().unwrap(), f[7].to_string(), f[8].to_string())
        })
        .collect()
}

#[test]
fn same_seed_same_bytes_and_another_seed_differs() {
    let a = tempfile::tempdir().unwrap();
    simulate_national(a.path(), "3");
    for name in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        assert!(
            std::fs::read(a.path().join(name)).unwrap() == std::fs::read(extract().join(name)).unwrap(),
            "{name} differs between two runs with the same seed"
        );
    }
    let b = tempfile::tempdir().unwrap();
    simulate_national(b.path(), "4");
    assert!(std::fs::read(b.path().join("dream.csv")).unwrap() != std::fs::read(extract().join("dream.csv")).unwrap());
}

#[test]
fn all_98_municipalities_with_residents_in_proportion_to_their_populations() {
    let table = Kommuner::embedded();
    let total_pop: f64 = table.list().iter().map(|k| k.folketal as f64).sum();
    // Residents on 1 January 2015 (fra ≤ day ≤ til; ISO dates compare as text).
    let day = "2015-01-01";
    let mut residents: BTreeMap<u16, BTreeSet<String>> = BTreeMap::new();
    for (pnr, kommune, fra, til) in spells(extract()) {
        if fra.as_str() <= day && (til.is_empty() || day <= til.as_str()) {
            residents.entry(kommune).or_default().insert(pnr);
        }
    }
    let n: usize = residents.values().map(|s| s.len()).sum();
    assert!(n > 27_000, "{n} residents");
    assert_eq!(
        residents.keys().copied().collect::<Vec<_>>(),
        table.list().iter().map(|k| k.kode).collect::<BTreeSet<_>>().into_iter().collect::<Vec<_>>()
    );
    for k in table.list() {
        let expected = n as f64 * k.folketal as f64 / total_pop;
        let got = residents[&k.kode].len() as f64;
        // Binomial sampling: within 4 standard deviations (and a little for rounding).
        assert!(
            (got - expected).abs() <= 4.0 * expected.sqrt() + 2.0,
            "{} {}: {got} residents, expected {expected:.0}",
            k.kode,
            k.navn
        );
    }
}

#[test]
fn odense_keeps_its_published_figures_in_the_national_extract() {
    let out =
        run(&["compute", extract().to_str().unwrap(), "--kommune", "461", "--format", "csv", "--no-suppression"]).ok();
    let rows = parse_csv(&out.stdout);
    // About 1 000 Odense residents at this size: the calibration still meets its targets to
    // 0,3 pp (at 1 000 000 persons, see docs/kommuner.md, to 0,02 pp).
    for (month, want) in [("2013-08", 70.9), ("2014-08", 72.1), ("2015-08", 72.8), ("2016-08", 73.2)] {
        let got = find(&rows, "uddannelse_job", month, "total", "I alt").share.unwrap();
        assert!((got - want).abs() <= 0.3, "uddannelse_job {month}: {got}, published {want}");
    }
    let got = find(&rows, "arbejdsduelige", "2015-08", "total", "I alt").share.unwrap();
    assert!((got - 76.1).abs() <= 0.3, "arbejdsduelige 2015-08: {got}");
}

#[test]
fn persons_move_between_municipalities_and_the_municipalities_sum_to_the_country() {
    let mut by_person: BTreeMap<String, BTreeSet<u16>> = BTreeMap::new();
    for (pnr, kommune, _, _) in spells(extract()) {
        by_person.entry(pnr).or_default().insert(kommune);
    }
    let movers = by_person.values().filter(|k| k.len() >= 2).count();
    let via_odense = by_person.values().filter(|k| k.len() >= 2 && k.contains(&461)).count();
    assert!(movers > 1000, "{movers} persons live in two or more municipalities");
    assert!(via_odense > 20, "{via_odense} of them move into or out of Odense");

    let out =
        run(&["compute", extract().to_str().unwrap(), "--by", "kommune", "--format", "csv", "--no-suppression"]).ok();
    let rows = parse_csv(&out.stdout);
    let mut sums: BTreeMap<(String, String), (f64, f64, usize)> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.dimension == "kommune") {
        let e = sums.entry((r.kpi.clone(), r.month.clone())).or_default();
        e.0 += r.numerator.unwrap();
        e.1 += r.denominator.unwrap();
        e.2 += 1;
    }
    assert_eq!(sums.len(), 2 * 48);
    for ((kpi, month), (num, den, n)) in &sums {
        assert_eq!(*n, 98, "{kpi} {month}: every municipality has a row");
        let total = find(&rows, kpi, month, "total", "I alt");
        // Each figure is rounded to 0,01 full-time persons.
        assert!((num - total.numerator.unwrap()).abs() <= 0.005 * 98.0 + 1e-6, "{kpi} {month} numerator");
        assert!((den - total.denominator.unwrap()).abs() <= 0.005 * 98.0 + 1e-6, "{kpi} {month} denominator");
    }
}

#[test]
fn without_national_the_documented_command_still_makes_the_sample_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample");
    run(&[
        "simulate",
        "--persons",
        "5000",
        "--from",
        "2013-01",
        "--to",
        "2016-12",
        "--seed",
        "461",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    for name in ["befolkning.csv", "dream.csv", "uddannelse.csv"] {
        assert!(std::fs::read(out.join(name)).unwrap() == std::fs::read(sample.join(name)).unwrap(), "{name}");
    }
}
