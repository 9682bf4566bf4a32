//! The simulator's tests: formats, determinism, and the figures measured from the files alone.

use super::calendar::*;
use super::calibrate::*;
use super::kommuner::*;
use super::measure::*;
use super::national::*;
use super::options::*;
use super::population::*;
use super::rng::*;
use super::{simulate, write};
use crate::extract::Spell;
use crate::method::calendar::{IsoWeek, Month, age_on};
use crate::method::classify::current_spell;
use crate::method::codemap::{CodeMap, CodeStatus};
use crate::method::status::{Kpi, Status};
use chrono::NaiveDate;
use std::collections::BTreeMap;

fn opts(persons: usize, seed: u64) -> SimOptions {
    SimOptions { persons, from: Month { year: 2013, month: 1 }, to: Month { year: 2016, month: 12 }, seed }
}

fn file<'a>(x: &'a SimExtract, name: &str) -> &'a str {
    let bytes = &x.files.iter().find(|(n, _)| n == name).expect("file").1;
    std::str::from_utf8(bytes).expect("utf-8")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Counts per month and group, computed from the files alone with the method of
/// `domain.md` (independent of the simulator's own bookkeeping).
#[derive(Default, Debug, Clone, Copy)]
struct Tally {
    counted: u64,
    by_status: [u64; 10],
}

impl Tally {
    fn pct(&self, statuses: &[Status]) -> f64 {
        100.0 * statuses.iter().map(|s| self.by_status[s.index()]).sum::<u64>() as f64 / self.counted as f64
    }
}

/// Residence spells in the method's type (`omraade` indexes the names beside them).
type Spells = (Vec<Spell>, Vec<String>);

fn measure(x: &SimExtract) -> BTreeMap<(Month, String), Tally> {
    let map = CodeMap::embedded();
    let mut people: BTreeMap<String, (NaiveDate, String, Spells)> = BTreeMap::new();
    for line in file(x, "befolkning.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 9);
        let e = people.entry(f[0].to_string()).or_insert_with(|| (date(f[1]), f[4].to_string(), Default::default()));
        let (spells, names) = &mut e.2;
        spells.push(Spell {
            line: spells.len(),
            person: 0,
            kommune: f[5].parse().expect("kommune"),
            omraade: names.len() as u16,
            fra: date(f[7]),
            til: if f[8].is_empty() { None } else { Some(date(f[8])) },
        });
        names.push(f[6].to_string());
    }
    let mut edu: BTreeMap<String, Vec<(NaiveDate, NaiveDate)>> = BTreeMap::new();
    for line in file(x, "uddannelse.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        edu.entry(f[0].to_string()).or_default().push((date(f[1]), date(f[2])));
    }
    let dream = file(x, "dream.csv");
    let mut lines = dream.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let mut weeks: Vec<(usize, IsoWeek)> = Vec::new();
    let mut grads: BTreeMap<Month, usize> = BTreeMap::new();
    for (i, h) in header.iter().enumerate() {
        if let Some(Ok(w)) = IsoWeek::from_dream_column(h) {
            weeks.push((i, w));
        } else if let Some(rest) = h.strip_prefix("grad_") {
            grads.insert(Month::parse(&rest.replace('_', "-")).expect("month"), i);
        }
    }
    let mut rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in lines {
        let f: Vec<String> = line.split(',').map(str::to_string).collect();
        assert_eq!(f.len(), header.len());
        rows.insert(f[0].clone(), f);
    }
    let mut out: BTreeMap<(Month, String), Tally> = BTreeMap::new();
    for (pnr, (born, oprindelse, spells)) in &people {
        let row = rows.get(pnr);
        for &(col, w) in &weeks {
            let thu = w.thursday();
            let m = w.month();
            // The method's rule for the residence that counts (the spell that began last).
            let Some(spell) = current_spell(&spells.0, thu) else { continue };
            let area = &spells.1[spell.omraade as usize];
            let age = age_on(*born, m.last_day());
            if !(16..=66).contains(&age) {
                continue;
            }
            let code: u16 = row.map_or(0, |r| r[col].parse().unwrap_or(0));
            let status = if code != 0 {
                match map.status(code) {
                    Some(CodeStatus::Gone) => continue,
                    Some(CodeStatus::Counted(s)) => s,
                    None => Status::Oevrige,
                }
            } else if edu.get(pnr).is_some_and(|v| v.iter().any(|(f, t)| *f <= thu && thu <= *t)) {
                Status::Uddannelse
            } else if row.is_some_and(|r| r[grads[&m]].parse::<f64>().unwrap_or(0.0) > 0.0) {
                Status::Job
            } else {
                Status::Oevrige
            };
            let band = match age {
                16..=19 => "16-19",
                20..=24 => "20-24",
                25..=29 => "25-29",
                30..=39 => "30-39",
                40..=49 => "40-49",
                50..=59 => "50-59",
                _ => "60-66",
            };
            for g in ["all".to_string(), format!("area:{area}"), format!("origin:{oprindelse}"), format!("age:{band}")]
            {
                let t = out.entry((m, g)).or_default();
                t.counted += 1;
                t.by_status[status.index()] += 1;
            }
        }
    }
    out
}

fn report(x: &SimExtract, t: &BTreeMap<(Month, String), Tally>) {
    let uj = Kpi::UddannelseJob.statuses();
    let ad = Kpi::Arbejdsduelige.statuses();
    println!("summary: {:?}", x.summary);
    for ((m, g), v) in t {
        if g == "all" {
            println!(
                "{m} uj {:.2} ad {:.2} n {:>8} | {}",
                v.pct(uj),
                v.pct(ad),
                v.counted,
                Status::ALL.iter().map(|s| format!("{} {:.1}", s.id(), v.pct(&[*s]))).collect::<Vec<_>>().join(" ")
            );
        }
    }
    for ((m, g), v) in t {
        if m.month == 8 && m.year == 2015 {
            println!("{m} {g:<22} uj {:.1} ad {:.1} n {}", v.pct(uj), v.pct(ad), v.counted / 4);
        }
    }
}

#[test]
fn same_seed_same_bytes_and_different_seed_differs() {
    let a = simulate(&opts(600, 7));
    let b = simulate(&opts(600, 7));
    let c = simulate(&opts(600, 8));
    assert_eq!(a.files, b.files);
    assert_ne!(a.files[1].1, c.files[1].1);
    assert_eq!(a.summary, b.summary);
}

#[test]
fn headers_and_rows_have_the_input_format() {
    let x = simulate(&SimOptions {
        persons: 400,
        from: Month { year: 2015, month: 11 },
        to: Month { year: 2016, month: 2 },
        seed: 1,
    });
    let names: Vec<&str> = x.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["befolkning.csv", "dream.csv", "uddannelse.csv"]);
    let bef = file(&x, "befolkning.csv");
    assert!(bef.starts_with("pnr,foedselsdato,koen,herkomst,oprindelse,kommune,omraade,fra,til\n"));
    let dream = file(&x, "dream.csv");
    let header = dream.lines().next().unwrap();
    // November 2015 has weeks 45–48, December 49–53, January 2016 1–4, February 5–8.
    let expected: Vec<String> = std::iter::once("pnr".to_string())
        .chain((45..=53).map(|w| format!("y_15{w:02}")))
        .chain((1..=8).map(|w| format!("y_16{w:02}")))
        .chain(["grad_2015_11", "grad_2015_12", "grad_2016_01", "grad_2016_02"].map(String::from))
        .collect();
    assert_eq!(header, expected.join(","));
    assert!(file(&x, "uddannelse.csv").starts_with("pnr,fra,til\n"));
    for line in bef.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 9, "{line}");
        assert!(["M", "K"].contains(&f[2]));
        assert!(["dansk", "indvandrer", "efterkommer"].contains(&f[3]));
        assert_eq!(f[3] == "dansk", f[4] == "dansk");
        assert_eq!(f[5], "461");
        assert!(AREAS.iter().any(|a| a.name == f[6]));
        let fra = date(f[7]);
        assert!(fra >= date(f[1]));
        if !f[8].is_empty() {
            assert!(date(f[8]) >= fra);
        }
    }
    for line in dream.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), expected.len());
        for v in &f[1..18] {
            assert!(v.is_empty() || (v.len() == 3 && v.parse::<u16>().is_ok()), "{v}");
        }
        for v in &f[18..] {
            assert!(v.is_empty() || v.parse::<f64>().is_ok_and(|g| g > 0.0 && g <= 1.0), "{v}");
        }
    }
}

#[test]
fn no_pnr_looks_like_a_cpr_number() {
    let x = simulate(&opts(3000, 3));
    let mut seen = std::collections::BTreeSet::new();
    let mut last = String::new();
    for line in file(&x, "befolkning.csv").lines().skip(1) {
        let pnr = line.split(',').next().unwrap();
        assert!(!crate::extract::fields::looks_like_cpr(pnr));
        assert!(!(pnr.len() == 10 && pnr.bytes().all(|b| b.is_ascii_digit())));
        assert!(pnr.starts_with('P') && pnr.len() == 9);
        if pnr != last {
            assert!(seen.insert(pnr.to_string()), "persons are listed together");
            last = pnr.to_string();
        }
    }
    assert_eq!(seen.len(), 3000);
    assert_eq!(x.summary.persons, 3000);
}

#[test]
fn spells_do_not_overlap_and_follow_each_other() {
    let x = simulate(&opts(3000, 5));
    let mut by: BTreeMap<&str, Vec<(NaiveDate, Option<NaiveDate>)>> = BTreeMap::new();
    for line in file(&x, "befolkning.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        by.entry(f[0]).or_default().push((date(f[7]), (!f[8].is_empty()).then(|| date(f[8]))));
    }
    let mut multi = 0;
    for v in by.values() {
        multi += (v.len() > 1) as usize;
        for w in v.windows(2) {
            assert!(w[0].1.is_some_and(|t| t < w[1].0), "{v:?}");
        }
    }
    assert!(multi > 50, "some persons move: {multi}");
    let mut edu: BTreeMap<&str, Vec<(NaiveDate, NaiveDate)>> = BTreeMap::new();
    for line in file(&x, "uddannelse.csv").lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        edu.entry(f[0]).or_default().push((date(f[1]), date(f[2])));
    }
    for v in edu.values() {
        for s in v {
            assert!(s.0 <= s.1);
        }
        for w in v.windows(2) {
            assert!(w[0].1 < w[1].0, "{v:?}");
        }
    }
}

#[test]
fn every_code_written_is_in_the_embedded_map_with_its_status() {
    let map = CodeMap::embedded();
    for (code, status) in CODES_USED {
        let got = map.get(code).map(|e| e.status);
        let want = match status {
            Some(s) => CodeStatus::Counted(s),
            None => CodeStatus::Gone,
        };
        assert_eq!(got, Some(want), "code {code}");
    }
    let x = simulate(&opts(2000, 11));
    let used: std::collections::BTreeSet<u16> = CODES_USED.iter().map(|c| c.0).collect();
    let mut seen = std::collections::BTreeSet::new();
    for line in file(&x, "dream.csv").lines().skip(1) {
        for v in line.split(',').skip(1).take(209) {
            if !v.is_empty() {
                seen.insert(v.parse::<u16>().unwrap());
            }
        }
    }
    assert!(seen.is_subset(&used), "{:?}", seen.difference(&used).collect::<Vec<_>>());
    for c in [111, 651, 730, 783, 890, 881, 997, 998, 999] {
        assert!(seen.contains(&c), "code {c} appears");
    }
}

#[test]
fn small_extract_has_plausible_shares_and_its_own_figures_match_the_files() {
    let x = simulate(&opts(2000, 42));
    let t = measure(&x);
    let uj = Kpi::UddannelseJob.statuses();
    let ad = Kpi::Arbejdsduelige.statuses();
    for ((m, g), v) in &t {
        if g != "all" {
            continue;
        }
        assert!(v.counted > 4 * 900, "{m}: {} person-weeks", v.counted);
        assert!((62.0..82.0).contains(&v.pct(uj)), "{m}: {}", v.pct(uj));
        assert!(v.pct(ad) > v.pct(uj));
        assert!((0.5..9.0).contains(&v.pct(&[Status::LedigJobparat])), "{m}");
    }
    // The summary is measured by the same rules as the files give.
    for (kpi, m, _target, got) in &x.summary.calibration {
        let k = Kpi::from_id(kpi).unwrap();
        let v = t[&(*m, "all".to_string())].pct(k.statuses());
        assert!((v - got).abs() < 0.006, "{kpi} {m}: files {v}, summary {got}");
    }
}

#[test]
fn write_refuses_to_overwrite_and_leaves_no_partial_files() {
    let x = simulate(&SimOptions {
        persons: 50,
        from: Month { year: 2016, month: 1 },
        to: Month { year: 2016, month: 3 },
        seed: 2,
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new").join("extract");
    write(&x, &out).unwrap();
    for (name, bytes) in &x.files {
        assert_eq!(&std::fs::read(out.join(name)).unwrap(), bytes);
    }
    let before: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(before.len(), 3);
    let err = write(&x, &out).unwrap_err().to_string();
    assert!(err.contains("already exists"), "{err}");
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("dream.csv"), b"mine").unwrap();
    assert!(write(&x, &other).is_err());
    assert_eq!(std::fs::read(other.join("dream.csv")).unwrap(), b"mine");
    let left: Vec<_> = std::fs::read_dir(&other).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn tiny_and_short_extracts_work() {
    for (persons, from, to) in [
        (0, (2014, 1), (2014, 12)),
        (1, (2014, 1), (2014, 2)),
        (300, (2016, 3), (2016, 5)),
        (300, (2016, 9), (2016, 9)),
    ] {
        let o = SimOptions {
            persons,
            from: Month::new(from.0, from.1).unwrap(),
            to: Month::new(to.0, to.1).unwrap(),
            seed: 4,
        };
        let x = simulate(&o);
        assert_eq!(x.summary.persons, persons);
        let rows = file(&x, "befolkning.csv").lines().count() - 1;
        assert!(rows >= persons);
        let months = (o.to.index() - o.from.index() + 1) as usize;
        let header = file(&x, "dream.csv").lines().next().unwrap().to_string();
        assert_eq!(header.matches("grad_").count(), months);
        let augusts = (o.from.index()..=o.to.index()).filter(|&i| Month::from_index(i).month == 8).count();
        assert_eq!(x.summary.calibration.len(), 2 * augusts);
    }
}

/// The calibration at Odense's size (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn calibration_at_odense_size() {
    let start = std::time::Instant::now();
    let x = simulate(&opts(135_000, 2016));
    println!("generated in {:.1} s", start.elapsed().as_secs_f64());
    for (name, bytes) in &x.files {
        println!("{name}: {} bytes", bytes.len());
    }
    let t = measure(&x);
    report(&x, &t);
    let uj = Kpi::UddannelseJob.statuses();
    let ad = Kpi::Arbejdsduelige.statuses();
    for (year, want) in [(2013, 70.9), (2014, 72.1), (2015, 72.8), (2016, 73.2)] {
        let got = t[&(Month { year, month: 8 }, "all".to_string())].pct(uj);
        assert!((got - want).abs() <= 0.1, "uddannelse_job {year}: {got}");
    }
    let got = t[&(Month { year: 2015, month: 8 }, "all".to_string())].pct(ad);
    assert!((got - 76.1).abs() <= 0.1, "arbejdsduelige 2015: {got}");
}

/// A quick look at a mid-sized extract, for tuning (run with `--ignored --nocapture`).
#[test]
#[ignore]
fn look_at_a_mid_sized_extract() {
    let start = std::time::Instant::now();
    let o = opts(30_000, 9);
    let x = simulate(&o);
    println!("generated in {:.1} s", start.elapsed().as_secs_f64());
    let cal = Cal::new(o.from, o.to);
    let persons = make_persons(&o, &cal);
    let c = calibrate(&persons, &cal, o.seed, &status_table(&CodeMap::embedded()));
    println!("theta {:?}\nphi {:?}", c.theta, c.phi);
    let t = measure(&x);
    report(&x, &t);
}

#[test]
fn the_municipality_table_has_the_98_municipalities() {
    let k = Kommuner::embedded();
    assert_eq!(k.list().len(), 98);
    let codes: std::collections::BTreeSet<u16> = k.list().iter().map(|k| k.kode).collect();
    assert_eq!(codes.len(), 98, "codes are unique");
    for (kode, navn) in [
        (101, "København"),
        (147, "Frederiksberg"),
        (461, "Odense"),
        (561, "Esbjerg"),
        (630, "Vejle"),
        (751, "Aarhus"),
        (825, "Læsø"),
        (851, "Aalborg"),
    ] {
        assert_eq!(k.get(kode).map(|k| k.navn), Some(navn), "{kode}");
    }
    // Denmark had 5 659 715 inhabitants on 1 January 2015 (FOLK1A); the table is within 0,5 %.
    let total: u64 = k.list().iter().map(|k| k.folketal as u64).sum();
    assert!((5_630_000..5_690_000).contains(&total), "{total}");
    assert_eq!(k.get(461).map(|k| k.shift), Some(0.0), "Odense is the calibrated model itself");
    assert!(k.list().iter().all(|k| !k.navn.is_empty() && k.folketal > 1000 && k.niveau.abs() <= 10.0));
    // The same 98 codes and names as the table the report names municipalities by.
    let names: Vec<(u16, &str)> = k.list().iter().map(|k| (k.kode, k.navn)).collect();
    let report: Vec<(u16, &str)> = crate::kommuner::all().iter().map(|k| (k.kode, k.navn)).collect();
    assert_eq!(names, report, "src/simulate/kommuner.csv and src/kommuner.csv disagree");
}

#[test]
fn national_person_numbers_never_repeat() {
    let mut seen = std::collections::HashSet::new();
    for i in 0..200_000 {
        assert!(seen.insert(national_id(9, i)), "person {i}");
    }
}

#[test]
fn national_spells_fill_the_time_away_from_home_with_other_municipalities() {
    let k = kommuner_for_test();
    let d = |s: &str| date(s);
    let mut r = Rng::new(1);
    // Home Aarhus: lived there, moved away, came back, moved away again for good.
    let spells = [(0u8, d("2000-01-01"), Some(d("2014-03-02"))), (0, d("2015-06-01"), Some(d("2016-02-10")))];
    let got = national_spells(&k, 751, &spells, false, None, d("1980-05-05"), &[1.0; 8], &mut r);
    assert_eq!(got.len(), 4);
    assert_eq!((got[0].kommune, got[0].fra, got[0].til), (751, d("2000-01-01"), Some(d("2014-03-02"))));
    assert_ne!(got[1].kommune, 751);
    assert_eq!((got[1].fra, got[1].til), (d("2014-03-03"), Some(d("2015-05-31"))));
    assert_eq!(got[2].kommune, 751);
    assert_ne!(got[3].kommune, 751);
    assert_eq!((got[3].fra, got[3].til), (d("2016-02-11"), None));
    assert!(got.iter().enumerate().all(|(i, s)| s.line == i));
    assert!(got.iter().all(|s| s.kommune == KOMMUNE || s.omraade == NO_AREA));
    // Died while away: the spell elsewhere ends on the day of death.
    let got = national_spells(&k, 751, &spells[..1], false, Some(d("2015-01-01")), d("1980-05-05"), &[1.0; 8], &mut r);
    assert_eq!((got.len(), got[1].til), (2, Some(d("2015-01-01"))));
    // Moved in from another municipality: a spell there before.
    let got = national_spells(&k, 751, &spells[1..], true, None, d("1980-05-05"), &[1.0; 8], &mut r);
    assert_ne!(got[0].kommune, 751);
    assert_eq!(got[0].til, Some(d("2015-05-31")));
    assert!(got[0].fra >= d("1980-05-05"));
}

fn kommuner_for_test() -> Kommuner {
    Kommuner::embedded()
}
