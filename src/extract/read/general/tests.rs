use super::*;
use crate::extract::read::cells::plain_id;
use crate::extract::read::general_dream::{READ, slices};
use crate::method::calendar::{IsoWeek, Month};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name)
}

fn inputs(name: &str, window: Window) -> Inputs {
    let dir = fixture(name);
    let (inputs, problems) = crate::extract::load::read(&dir, window).unwrap();
    assert!(problems.is_empty(), "{name}: {problems}");
    inputs
}

/// The population as text lines, as the effektmaal layout would write them.
fn population(i: &Inputs) -> Vec<String> {
    let pop = i.population.as_ref().unwrap();
    pop.spells
        .iter()
        .map(|s| {
            format!(
                "{};{};{:?};{};{};{};{};{};{}",
                s.pnr.as_str(),
                s.person.foedselsdato,
                s.person.koen,
                s.person.herkomst.id(),
                s.person.oprindelse.id(),
                s.kommune,
                pop.areas.name(s.omraade),
                s.fra,
                s.til.map(|t| t.to_string()).unwrap_or_default()
            )
        })
        .collect()
}

/// A DREAM row as `pnr;codes…;grads…` (0 shown empty).
fn dream_row(i: &Inputs, row: usize) -> String {
    let d = i.dream.as_ref().unwrap();
    let (nw, nm) = (d.n_weeks, d.decoded_months.len());
    let mut out = vec![d.pnrs[row].as_str().to_string()];
    out.extend(d.codes[row * nw..(row + 1) * nw].iter().map(|&c| if c == 0 { String::new() } else { c.to_string() }));
    out.extend(d.grads[row * nm..(row + 1) * nm].iter().map(|&g| if g == 0.0 { String::new() } else { g.to_string() }));
    out.join(";")
}

#[test]
fn every_variant_reads_to_the_same_population() {
    let want = [
        "A01;1980-05-05;M;dansk;dansk;461;Centrum;2000-01-01;",
        "B02;1980-02-10;K;indvandrer;ikke_vestlig;461;Vollsmose;2010-06-01;",
        "C03;1990-07-01;K;dansk;dansk;461;Centrum;2008-01-01;",
        "D04;1999-12-31;M;efterkommer;ikke_vestlig;461;Vollsmose;1999-12-31;",
        "E05;1949-01-15;M;dansk;dansk;461;Centrum;1980-01-01;",
        "F06;1985-03-03;K;indvandrer;vestlig;461;Centrum;2015-12-15;",
        "G07;1970-10-10;M;dansk;dansk;461;;1995-01-01;",
        "H08;1975-04-04;K;dansk;dansk;461;Centrum;2001-01-01;2015-11-20",
        "I09;1982-08-08;M;dansk;dansk;851;;2005-01-01;",
    ];
    for v in [
        "dst-sas",
        "dst-sas-dateformat",
        "dst-parquet",
        "dst-csv",
        "effektmaal-parquet",
        "effektmaal-sas",
        "dst-manifest",
    ] {
        let i = inputs(v, Window::default());
        assert_eq!(population(&i), want, "{v}");
        let edu: Vec<String> = i
            .education
            .as_ref()
            .unwrap()
            .spells
            .iter()
            .map(|(p, f, t, _)| format!("{};{f};{}", p.as_str(), t.map(|t| t.to_string()).unwrap_or_default()))
            .collect();
        assert_eq!(edu, ["C03;2015-12-01;2015-12-24", "D04;2015-08-01;"], "{v}");
        assert_eq!(dream_row(&i, 1), "B02;111;111;111;111;111;111;111;111;111;111;111;111;111;;0.5;", "{v}");
        assert_eq!(dream_row(&i, 2), "C03;651;651;651;651;;;;;;;;;;;0.3;", "{v}");
        assert_eq!(dream_row(&i, 6), "G07;;;;;;;999;999;999;999;999;999;999;1;1;", "{v}");
        assert!(i.notes.is_empty(), "{v}: {:?}", i.notes);
    }
    assert_eq!(inputs("dst-sas", Window::default()).layout, "DST");
    assert_eq!(inputs("dst-manifest", Window::default()).layout, "DST (with effektmaal.toml)");
    assert_eq!(inputs("effektmaal-sas", Window::default()).layout, "effektmaal");
}

#[test]
fn plain_ids_are_those_values_pnr_gives_back_unchanged() {
    for id in ["A01", "x", "12345678901234567890123", "a b", "Ø1Ø", " A01", "A01 ", "A01\u{a0}", "\u{2003}A", "", "\t"]
    {
        let unchanged = values::pnr(&Value::Text(id)).as_deref() == Some(id);
        // Plain is the safe side of unchanged: never plain when it would change.
        assert!(!plain_id(id) || unchanged, "{id:?}");
        let ascii = id.bytes().next().is_some_and(|b| b.is_ascii()) && id.bytes().last().is_some_and(|b| b.is_ascii());
        assert_eq!(plain_id(id), unchanged && ascii, "{id:?}");
    }
}

#[test]
fn slices_never_cross_a_row_group() {
    assert_eq!(slices(&[5, 0, 3], 2), [(0, 2), (2, 2), (4, 1), (5, 2), (7, 1)]);
    assert_eq!(slices(&[65_536, 10], READ), [(0, 65_536), (65_536, 10)]);
    assert!(slices(&[], 2).is_empty());
}

#[test]
fn dream_is_read_by_projection() {
    let i = inputs("dst-sas", Window::default());
    let dream = i.read.iter().find(|r| r.input == Input::Dream).unwrap();
    // PNR, 13 weeks and 3 months of the 19 columns; branche_2015_11 and ak15 are not decoded.
    assert_eq!((dream.decoded, dream.width, dream.rows), (17, 19, 9));
    assert_eq!(dream.format, Format::Sas);
    // A window of two weeks and one month decodes four columns; the header's weeks are
    // all kept for coverage.
    let w = |y, n| IsoWeek::new(y, n).unwrap().index();
    let m = Month::parse("2015-12").unwrap().index();
    for v in ["dst-sas", "dst-parquet"] {
        let i = inputs(v, Window { weeks: Some((w(2015, 52), w(2015, 53))), months: Some((m, m)) });
        let d = i.dream.as_ref().unwrap();
        assert_eq!((d.first_week, d.n_weeks, d.decoded_months.len()), (w(2015, 52), 2, 1), "{v}");
        assert_eq!(d.weeks.len(), 13, "{v}");
        assert_eq!(i.read.iter().find(|r| r.input == Input::Dream).unwrap().decoded, 4, "{v}");
        // B02 has 111 in every week and 0,5 in December.
        assert_eq!(dream_row(&i, 1), "B02;111;111;0.5", "{v}");
    }
}

/// Prints what a window saves on a wide DREAM file: run with
/// `EFFEKTMAAL_WIDE=DIR cargo test --release --lib window_cost -- --ignored --nocapture`
/// on a directory made by `scripts/make-format-fixtures --only dst-sas-30y`.
#[test]
#[ignore]
fn window_cost() {
    let Ok(dir) = std::env::var("EFFEKTMAAL_WIDE") else { return };
    let dir = Path::new(&dir);
    let four_years = Window::months(Month::parse("2013-01"), Month::parse("2016-12"));
    for (label, window) in [("all weeks", Window::default()), ("2013-2016", four_years)] {
        let best = (0..3)
            .map(|_| {
                let t = std::time::Instant::now();
                let (i, _) = crate::extract::load::read(dir, window).unwrap();
                (t.elapsed().as_secs_f64(), i.read.iter().find(|r| r.input == Input::Dream).unwrap().decoded)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap();
        println!("{label}: {:.3} s, {} columns decoded", best.0, best.1);
    }
}
