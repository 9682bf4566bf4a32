//! Cells as the registers write them, in any format, turned into the values the method uses:
//! benefit codes stored as SAS numbers (`111`, `111.0`) or text, SAS missing (`.`), `NA`,
//! empty and blank all meaning "no benefit"; employment degrees 0–1; dates as SAS day numbers
//! (with or without a DATE format), as Parquet dates, or as text (`YYYY-MM-DD`, `DD-MM-YYYY`,
//! and SAS's `DDMONYYYY`); municipality codes with or without leading zeros; keys for value
//! maps (sex, herkomst). Each parser returns a message saying what was expected, for the caller
//! to place at its file, row and column. The text forms are those of `fields`.

use super::fields;
use super::source::{Value, sas_day};
use chrono::NaiveDate;

/// Whether a cell means "nothing here": SAS missing, a Parquet null, or text that is empty,
/// blank, `.` or `NA`.
pub fn is_missing(v: &Value) -> bool {
    match v {
        Value::Missing => true,
        Value::Text(s) => {
            let s = s.trim();
            s.is_empty() || s == "." || s.eq_ignore_ascii_case("NA")
        }
        _ => false,
    }
}

/// A number that must be a whole number (codes, municipality, country codes).
fn whole(x: f64) -> Option<i64> {
    (x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15).then_some(x as i64)
}

/// Text holding a whole number, possibly written `111.0` or `111,0` as a SAS export does.
fn whole_text(s: &str) -> Option<i64> {
    let s = s.trim();
    let int = match s.split_once(['.', ',']) {
        Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return None,
        None => s,
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    int.parse().ok()
}

/// Shows a cell in a message: text quoted, numbers and dates as they are, a value holding a
/// CPR number in words (`cpr::show`), whatever its column.
pub fn show(v: &Value) -> String {
    match v {
        Value::Missing => "missing (.)".into(),
        Value::Text(s) => crate::cpr::show(s),
        Value::Number(x) => crate::cpr::show_plain(x),
        Value::Date(d) => d.to_string(),
    }
}

/// A weekly benefit code: 1–999, or 0 for no benefit.
pub fn code(v: &Value) -> Result<u16, String> {
    if is_missing(v) {
        return Ok(0);
    }
    let n = match v {
        Value::Number(x) => whole(*x),
        Value::Text(s) => whole_text(s),
        _ => None,
    };
    match n {
        Some(c @ 1..=999) => Ok(c as u16),
        _ => Err(format!(
            "{} is not a benefit code (expected a code of three digits such as 111, or empty or . for none)",
            show(v)
        )),
    }
}

/// An employment degree 0–1; missing means 0.
pub fn degree(v: &Value) -> Result<f32, String> {
    if is_missing(v) {
        return Ok(0.0);
    }
    match v {
        Value::Number(x) if (0.0..=1.0).contains(x) => Ok(*x as f32),
        Value::Number(_) => Err(format!("{} is not an employment degree: it must lie between 0 and 1", show(v))),
        Value::Text(s) => fields::degree(s.trim()),
        _ => Err(format!("{} is not an employment degree (expected a decimal from 0 to 1, such as 0,5)", show(v))),
    }
}

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/// SAS's DATE9 text form, e.g. `05MAY1980` (as a SAS dataset exported to CSV writes dates).
fn date9(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 9 || !s.is_ascii() {
        return None;
    }
    let day: u32 = s[..2].parse().ok()?;
    let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(&s[2..5]))? as u32 + 1;
    let year: i32 = s[5..].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Dates before this or after [`LATEST`] are taken for a misread number, not a date.
const EARLIEST: i32 = 1850;
const LATEST: i32 = 2100;

/// A date that must be present.
pub fn date(v: &Value) -> Result<NaiveDate, String> {
    let expected = format!("{} or DDMONYYYY, or a SAS date", fields::DATE_FORMS);
    let d = match v {
        Value::Date(d) => *d,
        // A SAS date without a date format: days since 1960-01-01.
        Value::Number(x) => match whole(*x).and_then(sas_day) {
            Some(d) => d,
            None => return Err(format!("{} is not a date (expected {expected})", show(v))),
        },
        Value::Text(s) => match date9(s) {
            Some(d) => d,
            None => fields::date(s.trim()).map_err(|e| {
                if e.ends_with(')') {
                    e.replace(&format!("(expected {})", fields::DATE_FORMS), &format!("(expected {expected})"))
                } else {
                    e
                }
            })?,
        },
        Value::Missing => return Err(format!("the date is missing (expected {expected})")),
    };
    use chrono::Datelike;
    if !(EARLIEST..=LATEST).contains(&d.year()) {
        return Err(format!("{} gives the date {d}, outside {EARLIEST}–{LATEST}: expected {expected}", show(v)));
    }
    Ok(d)
}

/// A date that may be missing (the end of a spell still running).
pub fn opt_date(v: &Value) -> Result<Option<NaiveDate>, String> {
    if is_missing(v) { Ok(None) } else { date(v).map(Some) }
}

/// The key a value map looks up: text trimmed and in upper case, whole numbers without
/// decimals (`1.0` → `1`).
pub fn key(v: &Value) -> Option<String> {
    match v {
        Value::Missing => None,
        Value::Text(s) => {
            let s = s.trim();
            if s.is_empty() { None } else { Some(whole_text(s).map_or_else(|| s.to_uppercase(), |n| n.to_string())) }
        }
        Value::Number(x) => Some(whole(*x).map_or_else(|| x.to_string(), |n| n.to_string())),
        Value::Date(d) => Some(d.to_string()),
    }
}

/// A municipality code 1–999: `461`, `0461`, `461.0`.
pub fn kommune(v: &Value) -> Result<u16, String> {
    let n = match v {
        Value::Number(x) => whole(*x),
        Value::Text(s) => whole_text(s),
        _ => None,
    };
    match n {
        Some(k @ 1..=999) => Ok(k as u16),
        _ => Err(format!("{} is not a municipality code (expected a number such as 461 or 0461)", show(v))),
    }
}

/// A four-digit country code (`OPR_LAND`), e.g. 5100.
pub fn country(v: &Value) -> Result<u16, String> {
    let n = match v {
        Value::Number(x) => whole(*x),
        Value::Text(s) => whole_text(s),
        _ => None,
    };
    match n {
        Some(c @ 1000..=9999) => Ok(c as u16),
        _ => Err(format!("{} is not a country code (expected four digits such as 5100)", show(v))),
    }
}

/// A person id as text: SAS and Parquet may store it as a number.
pub fn pnr(v: &Value) -> Option<String> {
    match v {
        Value::Missing => None,
        Value::Text(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(x) => Some(whole(*x).map_or_else(|| x.to_string(), |n| n.to_string())),
        Value::Date(d) => Some(d.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_as_numbers_text_and_missing() {
        assert_eq!(code(&Value::Number(111.0)), Ok(111));
        assert_eq!(code(&Value::Text("111")), Ok(111));
        assert_eq!(code(&Value::Text("111.0")), Ok(111));
        assert_eq!(code(&Value::Text(" 651 ")), Ok(651));
        for none in [Value::Missing, Value::Text(""), Value::Text("  "), Value::Text("."), Value::Text("NA")] {
            assert_eq!(code(&none), Ok(0), "{none:?}");
        }
        assert_eq!(
            code(&Value::Number(111.5)).unwrap_err(),
            "111.5 is not a benefit code (expected a code of three digits such as 111, or empty or . for none)"
        );
        assert!(code(&Value::Number(1000.0)).is_err());
        assert!(code(&Value::Text("abc")).is_err());
        assert!(code(&Value::Text("111.5")).is_err());
        assert!(code(&Value::Number(0.0)).is_err());
    }

    #[test]
    fn degrees() {
        assert_eq!(degree(&Value::Number(0.5)), Ok(0.5));
        assert_eq!(degree(&Value::Missing), Ok(0.0));
        assert_eq!(degree(&Value::Text(".")), Ok(0.0));
        assert_eq!(degree(&Value::Text("0,3")), Ok(0.3));
        assert_eq!(
            degree(&Value::Number(1.5)).unwrap_err(),
            "1.5 is not an employment degree: it must lie between 0 and 1"
        );
    }

    #[test]
    fn dates_in_every_form() {
        // 1980-05-05 is SAS day 7430: 20 years of 365 days + 5 leap days (1960…1976) + 125.
        assert_eq!(date(&Value::Number(7430.0)), Ok(d(1980, 5, 5)));
        assert_eq!(date(&Value::Number(0.0)), Ok(d(1960, 1, 1)));
        assert_eq!(date(&Value::Number(-1.0)), Ok(d(1959, 12, 31)));
        assert_eq!(date(&Value::Date(d(2015, 12, 15))), Ok(d(2015, 12, 15)));
        assert_eq!(date(&Value::Text("2015-12-15")), Ok(d(2015, 12, 15)));
        assert_eq!(date(&Value::Text("15-12-2015")), Ok(d(2015, 12, 15)));
        assert_eq!(date(&Value::Text("15DEC2015")), Ok(d(2015, 12, 15)));
        assert_eq!(date(&Value::Text("05may1980")), Ok(d(1980, 5, 5)));
        assert_eq!(opt_date(&Value::Missing), Ok(None));
        assert_eq!(opt_date(&Value::Text("")), Ok(None));
        assert_eq!(opt_date(&Value::Text(".")), Ok(None));
        assert_eq!(
            date(&Value::Number(7430.5)).unwrap_err(),
            "7430.5 is not a date (expected YYYY-MM-DD or DD-MM-YYYY or DDMONYYYY, or a SAS date)"
        );
        assert_eq!(
            date(&Value::Text("1980/05/05")).unwrap_err(),
            "\"1980/05/05\" is not a date (expected YYYY-MM-DD or DD-MM-YYYY or DDMONYYYY, or a SAS date)"
        );
        assert_eq!(
            date(&Value::Text("2016-02-30")).unwrap_err(),
            "\"2016-02-30\" is not a date: February 2016 has no day 30"
        );
        // A date-time's seconds read as days: far in the future.
        assert!(date(&Value::Number(1_700_000_000.0)).is_err());
        assert!(date(&Value::Number(80_000.0)).unwrap_err().contains("outside 1850–2100"));
    }

    #[test]
    fn keys_kommune_and_countries() {
        assert_eq!(key(&Value::Number(1.0)), Some("1".into()));
        assert_eq!(key(&Value::Text(" k ")), Some("K".into()));
        assert_eq!(key(&Value::Text("2.0")), Some("2".into()));
        assert_eq!(key(&Value::Missing), None);
        assert_eq!(kommune(&Value::Text("0461")), Ok(461));
        assert_eq!(kommune(&Value::Text("461")), Ok(461));
        assert_eq!(kommune(&Value::Number(461.0)), Ok(461));
        assert!(kommune(&Value::Text("Odense")).is_err());
        assert!(kommune(&Value::Number(1000.0)).is_err());
        assert_eq!(country(&Value::Number(5100.0)), Ok(5100));
        assert_eq!(country(&Value::Text("5390")), Ok(5390));
        assert!(country(&Value::Text("DK")).is_err());
        assert_eq!(pnr(&Value::Number(17.0)), Some("17".into()));
        assert_eq!(pnr(&Value::Text(" A01 ")), Some("A01".into()));
        assert_eq!(pnr(&Value::Missing), None);
    }
}
