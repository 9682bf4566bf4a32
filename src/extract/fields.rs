//! Parsers for single values as Danish systems write them: dates as `YYYY-MM-DD` or
//! `DD-MM-YYYY`, decimals with comma or point, months as `YYYY-MM`. Each returns a message
//! saying what was expected, for the caller to place at its file, line and column. A message
//! quotes the value through `cpr::show`, which never shows a CPR number.

use crate::cpr::{show, show_plain};
use chrono::NaiveDate;

pub const DATE_FORMS: &str = "YYYY-MM-DD or DD-MM-YYYY";

/// Parses a date given as `YYYY-MM-DD` or `DD-MM-YYYY`.
pub fn date(value: &str) -> Result<NaiveDate, String> {
    let parts: Vec<&str> = value.split('-').collect();
    let bad = || format!("{} is not a date (expected {DATE_FORMS})", show(value));
    if parts.len() != 3 || !parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let (y, m, d) = match (parts[0].len(), parts[1].len(), parts[2].len()) {
        (4, 1..=2, 1..=2) => (parts[0], parts[1], parts[2]),
        (1..=2, 1..=2, 4) => (parts[2], parts[1], parts[0]),
        _ => return Err(bad()),
    };
    let (y, m, d): (i32, u32, u32) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(1..=12).contains(&m) {
        return Err(format!("{} is not a date: there is no month {m} (expected {DATE_FORMS})", show(value)));
    }
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| format!("{} is not a date: {} has no day {d}", show(value), month_name(y, m)))
}

fn month_name(year: i32, month: u32) -> String {
    format!("{} {year}", crate::numfmt::MONTHS_EN[month as usize - 1])
}

/// The longest texts a report can show, in characters. A local area's name stands on a chart's
/// axis, in its legend and in a table's first column, where 100 characters already take three
/// lines; a benchmark's unit and a cluster's name likewise. An initiative's title and focus
/// area are headings of a table row, its note a paragraph in a cell. Longer texts are refused
/// where they are read, with their file, line and column, so `check` and `compute` say it too
/// and a report never meets one (a PDF cannot even hold a text over 32 767 bytes).
pub mod max_chars {
    pub const OMRAADE: usize = 100;
    pub const ENHED: usize = 100;
    pub const KLYNGE: usize = 100;
    pub const INITIATIVE_ID: usize = 20;
    pub const FOKUSOMRAADE: usize = 200;
    pub const TITEL: usize = 200;
    pub const NOTE: usize = 1000;
}

/// Checks that `value`, `what` a report shows (e.g. "the local area's name"), is at most `max`
/// characters long.
pub fn text_length(what: &str, value: &str, max: usize) -> Result<(), String> {
    // Short texts are the rule: their bytes bound their characters.
    if value.len() <= max {
        return Ok(());
    }
    match value.chars().count() {
        n if n <= max => Ok(()),
        n => Err(format!("{what} is {n} characters long: a report shows at most {max}")),
    }
}

/// Parses a decimal number written with a comma or a point (`0,5`, `0.5`, `1`).
pub fn decimal(value: &str) -> Result<f64, String> {
    let bad = || format!("{} is not a number (expected a decimal such as 0,5 or 0.5)", show(value));
    if value.is_empty() || value.matches([',', '.']).count() > 1 {
        return Err(bad());
    }
    // A decimal comma is read as a point (without a copy when there is none: DREAM has millions).
    let normalized: std::borrow::Cow<str> =
        if value.contains(',') { value.replace(',', ".").into() } else { value.into() };
    let ok = normalized
        .bytes()
        .enumerate()
        .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'-' || b == b'+')));
    if !ok || !normalized.bytes().any(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    normalized.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(bad)
}

/// Parses an employment degree: a decimal from 0 to 1; empty means 0.
pub fn degree(value: &str) -> Result<f32, String> {
    // The usual cells first: most persons work all or nothing of a month.
    match value {
        "" | "0" => return Ok(0.0),
        "1" => return Ok(1.0),
        _ => {}
    }
    if let Some(x) = plain_decimal(value.as_bytes()).filter(|x| (0.0..=1.0).contains(x)) {
        return Ok(x as f32);
    }
    let x = decimal(value).map_err(|_| {
        format!("{} is not an employment degree (expected a decimal from 0 to 1, such as 0,5)", show(value))
    })?;
    if !(0.0..=1.0).contains(&x) {
        return Err(format!("{} is not an employment degree: it must lie between 0 and 1", show_plain(value)));
    }
    Ok(x as f32)
}

/// A decimal written as one digit, a decimal point or comma and 1 to 14 digits (`0.14`, `0,5`),
/// as [`decimal`] reads it, without its general parse (DREAM has millions of degrees). Both the
/// digits as a whole number and the power of ten are exact in `f64`, so their quotient is the
/// decimal correctly rounded, as parsing it is. `None` for any other form.
fn plain_decimal(b: &[u8]) -> Option<f64> {
    const POW10: [f64; 15] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14];
    if !(3..=16).contains(&b.len()) || !b[0].is_ascii_digit() || !matches!(b[1], b'.' | b',') {
        return None;
    }
    let mut n = u64::from(b[0] - b'0');
    for &d in &b[2..] {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(d - b'0');
    }
    Some(n as f64 / POW10[b.len() - 2])
}

/// Parses a benefit code: one to three digits, 1–999.
pub fn code(value: &str) -> Result<u16, String> {
    let b = value.as_bytes();
    if (1..=3).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        let c = b.iter().fold(0u16, |c, d| c * 10 + u16::from(d - b'0'));
        if c > 0 {
            return Ok(c);
        }
    }
    Err(format!("{} is not a benefit code (expected a code of three digits such as 111, or empty)", show(value)))
}

/// Raw CPR numbers are recognised in one place, `crate::cpr`.
pub use crate::cpr::{canonical_cpr, looks_like_cpr};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2016, 2, 29).unwrap();
        assert_eq!(date("2016-02-29"), Ok(d));
        assert_eq!(date("29-02-2016"), Ok(d));
        assert_eq!(date("2016-2-9"), Ok(NaiveDate::from_ymd_opt(2016, 2, 9).unwrap()));
        assert_eq!(date("2016-02-30").unwrap_err(), "\"2016-02-30\" is not a date: February 2016 has no day 30");
        assert_eq!(
            date("2015-13-01").unwrap_err(),
            "\"2015-13-01\" is not a date: there is no month 13 (expected YYYY-MM-DD or DD-MM-YYYY)"
        );
        assert!(date("16/08/2016").is_err());
        assert!(date("160816").is_err());
        assert!(date("").is_err());
        assert!(date("2016-08-1x").is_err());
    }

    #[test]
    fn decimals_and_degrees() {
        assert_eq!(decimal("0,25"), Ok(0.25));
        assert_eq!(decimal("1.5"), Ok(1.5));
        assert!(decimal("1.234,5").is_err());
        assert!(decimal("abc").is_err());
        assert!(decimal(".").is_err());
        assert_eq!(degree(""), Ok(0.0));
        // The short way for plain decimals gives what the general parse gives, to the bit.
        for v in ["0.14", "0,5", "1.0", "0.1", "0.3", "0.7", "0.99999999999999", "1,00", "0.0"] {
            let slow = decimal(v).unwrap() as f32;
            assert_eq!(degree(v).unwrap().to_bits(), slow.to_bits(), "{v}");
        }
        for k in 0..=1000u32 {
            let v = format!("{}.{:03}", k / 1000, k % 1000);
            assert_eq!(plain_decimal(v.as_bytes()), Some(v.parse::<f64>().unwrap()), "{v}");
        }
        assert_eq!(plain_decimal(b"1.5"), Some(1.5));
        assert!(degree("1.5").unwrap_err().contains("between 0 and 1"));
        assert_eq!(plain_decimal(b".5"), None);
        assert_eq!(plain_decimal(b"0.5x"), None);
        assert_eq!(degree("1"), Ok(1.0));
        assert!(degree("-0,1").is_err());
        assert!(degree("1,01").is_err());
    }

    proptest::proptest! {
        /// Issue 19, item 5: a CPR number in any cell, in any form, is never quoted back.
        #[test]
        fn no_message_shows_a_cpr_number(
            before in "[a-z ,]{0,4}", after in "[a-z ,.-]{0,4}",
            sep in proptest::sample::select(vec!["", "-", " ", ".", "\u{2013}"]), lost_zero: bool,
        ) {
            let cpr = if lost_zero { format!("10180{sep}4711") } else { format!("010180{sep}4711") };
            let value = format!("{before}{cpr}{after}");
            for m in [date(&value).err(), decimal(&value).err(), degree(&value).err(), code(&value).err()]
                .into_iter()
                .flatten()
            {
                proptest::prop_assert!(!crate::cpr::contains_cpr(&m), "{value:?}: {m}");
                proptest::prop_assert!(!m.contains("4711"), "{value:?}: {m}");
            }
        }
    }

    #[test]
    fn no_message_quotes_a_cpr_number_in_any_of_its_forms() {
        let words = crate::cpr::NOT_SHOWN;
        assert_eq!(
            date("0101804711").unwrap_err(),
            format!("{words} is not a date (expected YYYY-MM-DD or DD-MM-YYYY)")
        );
        assert_eq!(
            degree("0101804711").unwrap_err(),
            format!("{words} is not an employment degree: it must lie between 0 and 1")
        );
        assert_eq!(
            code("010180-4711").unwrap_err(),
            format!("{words} is not a benefit code (expected a code of three digits such as 111, or empty)")
        );
        assert_eq!(
            decimal("0101804711x").unwrap_err(),
            format!("{words} is not a number (expected a decimal such as 0,5 or 0.5)")
        );
    }

    #[test]
    fn codes() {
        assert_eq!(code("111"), Ok(111));
        assert_eq!(code("997"), Ok(997));
        assert!(code("11a").is_err());
        assert!(code("1111").is_err());
        assert!(code("000").is_err());
    }
}

#[cfg(test)]
mod fuzz_regressions {
    /// Found by the `fields` fuzz target: 309 digits parse to infinity.
    #[test]
    fn decimal_refuses_numbers_too_large_to_be_finite() {
        assert!(super::decimal(&"4".repeat(309)).is_err());
        assert!(super::degree(&"4".repeat(309)).is_err());
        assert_eq!(super::decimal("0,5"), Ok(0.5));
    }
}
