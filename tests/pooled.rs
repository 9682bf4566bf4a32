//! One protection for every output: the outputs of one extract read together, as a reader who
//! holds the committee's report, the monthly figures and the website at once reads them
//! (`audit::Pool`). Nothing hidden in one may be shown in another or fall out of all of them
//! together, and no count a reader can work out (ledig jobparat as arbejdsduelige −
//! uddannelse_job, the persons outside the work-ready) may rest on 1–4 persons. On the sample,
//! on random small extracts and combinations of outputs, and on each way in that was found.

use crate::audit::{Derived, Pool};
use crate::common::*;
use effektmaal::kpi::counter;
use effektmaal::kpi::counts::{Counts, Plan};
use effektmaal::kpi::figures::{AGE_BANDS, Dimension};
use effektmaal::method::calendar::{Month, Quarter};
use effektmaal::method::classify::{ORIGIN_LABELS, Scope};
use effektmaal::method::coverage;
use effektmaal::simulate::{self, SimOptions};
use proptest::prelude::*;
use std::path::Path;

/// The persons every derived count of an extract rests on, counted apart from any output:
/// every breakdown in every complete month and quarter, in every scope.
struct Truth {
    counts: Counts,
    areas: Vec<String>,
}

impl Truth {
    fn of(dir: &Path) -> Truth {
        let ex = effektmaal::extract::load::load(dir).unwrap();
        let months = coverage::complete_months(&ex);
        let (from, to) = (*months.first().unwrap(), *months.last().unwrap());
        let quarters: Vec<Quarter> = months
            .iter()
            .map(|&m| Quarter::of(m))
            .filter(|q| q.months().iter().all(|m| months.contains(m)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let dims = [Dimension::Total, Dimension::Age, Dimension::Sex, Dimension::Herkomst, Dimension::Omraade];
        let plan = Plan::new(Scope { from, to, kommune: None }).monthly(&dims, months.clone()).pooled(&quarters, &dims);
        Truth { counts: counter::count_held(&ex, &plan), areas: ex.areas.clone() }
    }

    /// The persons of a derived count, if the cell was counted.
    fn persons(&self, (scope, period, dim, group, part): &Derived) -> Option<u32> {
        let scope = (scope != "alle").then(|| scope.parse::<u16>().unwrap());
        let scope = self.counts.scope_of(scope);
        let (d, code) = match dim.as_str() {
            "total" => (Dimension::Total, 0),
            "age" => (Dimension::Age, AGE_BANDS.iter().position(|b| b.2 == group)? as u16),
            "sex" => (Dimension::Sex, if group == "Mænd" { 0 } else { 1 }),
            "herkomst" => (Dimension::Herkomst, ORIGIN_LABELS.iter().position(|l| l == group)? as u16),
            "omraade" => {
                let name = if group == "Uoplyst" { "" } else { group.as_str() };
                (Dimension::Omraade, self.areas.iter().position(|a| a == name)? as u16)
            }
            _ => return None,
        };
        let cell = match Month::parse(period) {
            Some(m) => self.counts.month(scope, m, d, code),
            None => self.counts.quarter(scope, Quarter::parse(&period.replace('-', ""))?, d, code),
        }?;
        Some(match *part {
            "ledig" => cell.status_persons[2],
            _ => cell.out_persons[1],
        })
    }
}

/// `compute DIR ARGS --format csv`.
fn compute(dir: &Path, args: &[&str]) -> String {
    let mut a = vec!["compute", dir.to_str().unwrap(), "--format", "csv"];
    a.extend_from_slice(args);
    run(&a).ok().stdout
}

/// The CSV beside `report DIR --quarter Q ARGS`.
fn report(dir: &Path, quarter: &str, args: &[&str]) -> String {
    let out = tempfile::tempdir().unwrap();
    let mut a = vec!["report", dir.to_str().unwrap(), "--quarter", quarter, "--out", out.path().to_str().unwrap()];
    a.extend_from_slice(&["--no-record"]);
    a.extend_from_slice(args);
    run(&a).ok();
    let stem = Quarter::parse(quarter).unwrap().stem();
    std::fs::read_to_string(out.path().join(format!("effektmaal-{stem}.csv"))).unwrap()
}

/// Audits the outputs pooled, with the persons of the derived counts.
fn audit(dir: &Path, pool: &mut Pool) -> Result<crate::audit::Summary, String> {
    let truth = Truth::of(dir);
    pool.run(Some(&|d: &Derived| truth.persons(d)))
}

const ALL: &str = "age,sex,herkomst,omraade,status";

#[test]
fn every_output_of_the_sample_together_gives_nothing_away() {
    let s = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let mut pool = Pool::new(&["461"]);
    for by in ["", "status", "age", "sex", "herkomst", "omraade", ALL] {
        let args: Vec<&str> = if by.is_empty() { vec![] } else { vec!["--by", by] };
        pool.compute(&compute(&s, &args), "alle");
    }
    pool.compute(&compute(&s, &["--kommune", "461", "--by", "age,omraade"]), "461");
    pool.compute(&compute(&s, &["--from", "2015-08", "--to", "2016-02", "--by", ALL]), "alle");
    pool.truth(&compute(&s, &["--by", ALL, "--no-suppression"]), "alle");
    for q in ["2016K3", "2016K4", "2015K3", "2015K4"] {
        pool.report(&report(&s, q, &[]), "461");
    }
    let summary = audit(&s, &mut pool).unwrap_or_else(|e| panic!("{e}"));
    // Not vacuous: thousands of cells, hundreds hidden, relations checked.
    assert!(summary.cells > 5_000 && summary.hidden > 100 && summary.checked > 1_000, "{summary:?}");
}

/// A simulated extract of `persons` persons over 2015–2016, optionally spread over three
/// municipalities (one of them small).
fn simulated(seed: u64, persons: usize, several: bool) -> tempfile::TempDir {
    let m = |s: &str| Month::parse(s).unwrap();
    let ex = simulate::simulate(&SimOptions { persons, from: m("2015-01"), to: m("2016-12"), seed });
    let dir = tempfile::tempdir().unwrap();
    simulate::write(&ex, dir.path()).unwrap();
    if several {
        let p = dir.path().join("befolkning.csv");
        let text = std::fs::read_to_string(&p).unwrap();
        let mut out = String::new();
        for (i, line) in text.lines().enumerate() {
            let mut f: Vec<String> = line.split(',').map(String::from).collect();
            if i > 0 {
                let h: u32 = f[0].bytes().map(u32::from).sum();
                f[5] = ["461", "461", "461", "851", "851", "147"][(h % 6) as usize].to_string();
            }
            out.push_str(&f.join(","));
            out.push('\n');
        }
        std::fs::write(&p, out).unwrap();
    }
    dir
}

/// The outputs a combination is drawn from.
const OUTPUTS: [&str; 9] = [
    "compute",
    "compute --by status",
    "compute --by age",
    "compute --by herkomst,omraade",
    "compute --by kommune",
    "compute --kommune 461 --by sex,status",
    "compute --from 2016-05 --to 2016-08 --by age,omraade",
    "report 2016K3",
    "report 2016K2",
];

fn pool_of(dir: &Path, several: bool, chosen: &[usize]) -> Pool {
    let mut pool = if several { Pool::new(&["147", "461", "851"]) } else { Pool::new(&["461"]) };
    for &i in chosen {
        let words: Vec<&str> = OUTPUTS[i].split(' ').collect();
        match words[0] {
            "report" => {
                pool.report(&report(dir, words[1], &["--kommune", "461"]), "461");
            }
            _ => {
                let scope = if words.contains(&"--kommune") { "461" } else { "alle" };
                if words.contains(&"kommune") && !several {
                    continue;
                }
                pool.compute(&compute(dir, &words[1..]), scope);
            }
        }
    }
    pool
}

proptest! {
    // Each case simulates and runs up to five outputs, reports among them: a few seconds.
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    /// Random small extracts, random combinations of outputs: read together, nothing hidden
    /// falls out and no derived count rests on 1–4 persons.
    #[test]
    fn random_combinations_of_outputs_of_small_extracts_give_nothing_away(
        seed in 0u64..1_000_000,
        persons in 50usize..800,
        several in any::<bool>(),
        chosen in proptest::sample::subsequence((0..OUTPUTS.len()).collect::<Vec<_>>(), 2..5),
    ) {
        let dir = simulated(seed, persons, several);
        let mut pool = pool_of(dir.path(), several, &chosen);
        let r = audit(dir.path(), &mut pool);
        prop_assert!(r.is_ok(), "{persons} persons, seed {seed}, several {several}, {chosen:?}: {}", r.unwrap_err());
    }
}

/// A target on a group puts the group's monthly series in the report (issue 22): read with
/// `compute --by herkomst`, plain `compute` and the same quarter's report without the group's
/// target, nothing hidden falls out.
#[test]
fn a_report_with_a_group_s_target_and_compute_by_herkomst_together() {
    let targets = tempfile::tempdir().unwrap();
    let file = targets.path().join("mine.toml");
    std::fs::write(
        &file,
        "[[target]]\nkpi = \"uddannelse_job\"\nbaseline_month = \"2015-08\"\nbaseline_pct = 72.8\ntarget_month = \"2016-08\"\ntarget_pct = 75.4\n\
         [[target]]\nkpi = \"arbejdsduelige\"\ndimension = \"herkomst\"\ngroup = \"Indvandrer, ikke-vestlig\"\n\
         baseline_month = \"2015-08\"\nbaseline_pct = 50.0\ntarget_month = \"2016-08\"\ntarget_pct = 52.0\n",
    )
    .unwrap();
    let with = ["--targets", file.to_str().unwrap()];
    for (seed, persons) in [(31, 120), (32, 300), (33, 800)] {
        let dir = simulated(seed, persons, false);
        let mut pool = Pool::new(&["461"]);
        let csv = report(dir.path(), "2016K3", &with);
        // Not vacuous: the group's months are in the report.
        assert!(
            csv.contains("2 månedsserie,arbejdsduelige,2016-09,herkomst,\"Indvandrer, ikke-vestlig\""),
            "{persons}"
        );
        pool.report(&csv, "461")
            .report(&report(dir.path(), "2016K3", &[]), "461")
            .compute(&compute(dir.path(), &["--by", "herkomst"]), "alle")
            .compute(&compute(dir.path(), &[]), "alle");
        audit(dir.path(), &mut pool).unwrap_or_else(|e| panic!("{persons} persons, seed {seed}: {e}"));
    }
}

/// The ways in that were found, each on extracts of the sizes it showed at: `compute --by
/// status` hid the arbejdsduelige total that plain `compute` showed, so ledig jobparat (1–4
/// persons) was their difference.
#[test]
fn compute_and_compute_by_status_together() {
    for (seed, persons) in [(1, 50), (2, 50), (3, 120), (4, 120), (5, 300), (6, 800)] {
        let dir = simulated(seed, persons, false);
        let mut pool = Pool::new(&["461"]);
        pool.compute(&compute(dir.path(), &[]), "alle").compute(&compute(dir.path(), &["--by", "status"]), "alle");
        audit(dir.path(), &mut pool).unwrap_or_else(|e| panic!("{persons} persons, seed {seed}: {e}"));
    }
}

/// The report hid a quarter's pension and fleksjob; `compute --by status` showed fleksjob in
/// each of the three months, so the quarter's fleksjob, and then its pension, followed.
#[test]
fn a_report_and_compute_by_status_together() {
    for (seed, persons) in [(11, 120), (12, 300), (13, 800)] {
        let dir = simulated(seed, persons, false);
        let mut pool = Pool::new(&["461"]);
        pool.report(&report(dir.path(), "2016K3", &[]), "461")
            .compute(&compute(dir.path(), &["--by", "status"]), "alle");
        audit(dir.path(), &mut pool).unwrap_or_else(|e| panic!("{persons} persons, seed {seed}: {e}"));
    }
}

/// The report showed a local area's quarter (the mean of its months) that `compute --by
/// omraade` hid in one month, so 3 × quarter − the other two months gave it.
#[test]
fn a_report_and_compute_by_area_together() {
    for (seed, persons) in [(21, 300), (22, 800), (23, 800)] {
        let dir = simulated(seed, persons, false);
        let mut pool = Pool::new(&["461"]);
        pool.report(&report(dir.path(), "2016K3", &[]), "461")
            .compute(&compute(dir.path(), &["--by", "omraade"]), "alle");
        audit(dir.path(), &mut pool).unwrap_or_else(|e| panic!("{persons} persons, seed {seed}: {e}"));
    }
}

/// All municipalities less `--kommune 461` was a 3-person municipality's figure, which
/// `--by kommune` hid; and `--by kommune` hid Odense's own figure, which `--kommune 461`
/// showed. One shows or hides a municipality alike everywhere.
#[test]
fn all_municipalities_one_of_them_and_each_together() {
    let dir = copy_fixture("report");
    // R01–R03 live in municipality 147, R04–R20 in 851, the rest in Odense.
    let p = dir.path().join("befolkning.csv");
    let text: String = std::fs::read_to_string(&p)
        .unwrap()
        .lines()
        .map(|l| match l.get(1..3).and_then(|d| d.parse::<u32>().ok()) {
            Some(n) if l.starts_with('R') => l.replace(
                ",461,",
                if n <= 3 {
                    ",147,"
                } else if n <= 20 {
                    ",851,"
                } else {
                    ",461,"
                },
            ),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&p, text + "\n").unwrap();
    let mut pool = Pool::new(&["147", "461", "851"]);
    pool.compute(&compute(dir.path(), &[]), "alle")
        .compute(&compute(dir.path(), &["--kommune", "461"]), "461")
        .compute(&compute(dir.path(), &["--by", "kommune"]), "alle")
        .report(&report(dir.path(), "2016K3", &[]), "461");
    audit(dir.path(), &mut pool).unwrap_or_else(|e| panic!("{e}"));
    // Odense's September 2016 in job or education, 13 of 20, is shown wherever it appears.
    let rows = parse_csv(&compute(dir.path(), &["--kommune", "461"]));
    let r = find(&rows, "uddannelse_job", "2016-09", "total", "I alt");
    assert_eq!((r.numerator, r.denominator, r.share), (Some(13.0), Some(20.0), Some(65.0)));
    let by = parse_csv(&compute(dir.path(), &["--by", "kommune"]));
    let r = find(&by, "uddannelse_job", "2016-09", "kommune", "461");
    assert_eq!((r.numerator, r.denominator, r.share), (Some(13.0), Some(20.0), Some(65.0)));
    // Municipality 147 rests on 3 persons: hidden, and so is the sum of all three.
    let r = find(&by, "uddannelse_job", "2016-09", "kommune", "147");
    assert_eq!((r.numerator, r.denominator), (None, None), "{}", r.suppressed);
    let all = parse_csv(&compute(dir.path(), &[]));
    assert_eq!(find(&all, "uddannelse_job", "2016-09", "total", "I alt").numerator, None);
}

/// The derived count that started it: arbejdsduelige − uddannelse_job is ledig jobparat. In
/// the `report` fixture three to two persons are outside the work-ready in July–September
/// 2016 (40 − arbejdsduelige): arbejdsduelige is hidden there in every output, and shown
/// before.
#[test]
fn a_small_count_outside_the_work_ready_is_hidden_in_every_output() {
    let fx = fixture("report");
    for args in [vec![], vec!["--by", "status"], vec!["--by", ALL], vec!["--from", "2016-08", "--to", "2016-08"]] {
        let rows = parse_csv(&compute(&fx, &args));
        for m in ["2016-07", "2016-08", "2016-09"] {
            let Some(r) = rows.iter().find(|r| r.kpi == "arbejdsduelige" && r.month == m && r.dimension == "total")
            else {
                continue;
            };
            assert_eq!((r.numerator, r.share), (None, None), "{args:?} {m}: {}", r.suppressed);
            assert_eq!(r.denominator, Some(40.0));
        }
        if let Some(r) =
            rows.iter().find(|r| r.kpi == "arbejdsduelige" && r.month == "2016-06" && r.dimension == "total")
        {
            assert_eq!((r.numerator, r.share), (Some(35.0), Some(87.5)), "{args:?}");
        }
    }
    let csv = report(&fx, "2016K3", &[]);
    assert!(csv.contains("2 månedsserie,arbejdsduelige,2016-09,total,I alt,,40.00,,sekundær diskretionering"), "{csv}");
    assert!(csv.contains("2 månedsserie,arbejdsduelige,2016-06,total,I alt,35.00,40.00,87.50,"), "{csv}");
}
