//! Raw CPR numbers: recognising them in every form an export leaves, and keeping them out of
//! every message. `domain.md`: a raw CPR number (DDMMYY-SSSS) is never accepted silently, and no
//! person id appears in any output or log.
//!
//! A CPR number is ten digits whose first six are a date (DDMMYY), or for a replacement number
//! (erstatningspersonnummer) a date whose day has 60 added. Exports write it with a dash, a
//! space, an en or em dash, a point or nothing between the date and the serial number; Excel
//! drops its leading zero or keeps it as text behind a `'`. [`canonical_cpr`] takes a person id
//! in any of those forms to its ten digits; [`contains_cpr`] finds one inside any text.
//!
//! Every message that quotes a cell of an input goes through [`show`] (or [`show_plain`] for a
//! number), which puts words in place of a value holding a CPR number; and every problem is
//! passed through [`redact`] once more when it is printed (`error::Problem`), so a message
//! that quoted a value some other way still shows no CPR number.

use chrono::NaiveDate;
use std::borrow::Cow;

/// What a message says in place of a value that holds a CPR number.
pub const NOT_SHOWN: &str = "a value that looks like a CPR number (not shown)";

/// Whether `c` may stand between a CPR number's date and its serial number: a dash of any
/// kind (hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar, minus), a
/// space (also a non-breaking one) or a point.
fn separator(c: char) -> bool {
    matches!(c, '-' | ' ' | '.' | '\u{a0}' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// The length of the run of ASCII digits `s` starts with.
fn digits(s: &[u8]) -> usize {
    s.iter().take_while(|b| b.is_ascii_digit()).count()
}

/// A CPR number at the start of `s`, not followed by another digit: its ten digits (a dropped
/// leading zero put back) and the bytes it takes. Forms: ten digits; nine (a spreadsheet
/// dropped the leading zero); six or five digits, a [`separator`] and four digits.
fn cpr_at(s: &str) -> Option<([u8; 10], usize)> {
    let b = s.as_bytes();
    let first = digits(b);
    let mut ten = [b'0'; 10];
    let len = match first {
        10 => {
            ten.copy_from_slice(&b[..10]);
            10
        }
        9 => {
            ten[1..].copy_from_slice(&b[..9]);
            9
        }
        5 | 6 => {
            let sep = s[first..].chars().next().filter(|&c| separator(c))?;
            let at = first + sep.len_utf8();
            if digits(&b[at..]) != 4 {
                return None;
            }
            ten[6 - first..6].copy_from_slice(&b[..first]);
            ten[6..].copy_from_slice(&b[at..at + 4]);
            at + 4
        }
        _ => return None,
    };
    is_cpr_date(&ten).then_some((ten, len))
}

/// Whether the first six of ten digits are a date DDMMYY (the day plus 60 for a replacement
/// number), in some century: the century does not matter except for 29 February.
fn is_cpr_date(ten: &[u8; 10]) -> bool {
    let two = |i: usize| u32::from(ten[i] - b'0') * 10 + u32::from(ten[i + 1] - b'0');
    let (day, month, year) = (two(0), two(2), two(4) as i32);
    let day = if day > 60 { day - 60 } else { day };
    [1900, 2000].iter().any(|c| NaiveDate::from_ymd_opt(c + year, month, day).is_some())
}

/// Whether a person id looks like a raw CPR number: the whole id (blanks around it and
/// Excel's text prefix `'` aside) is a CPR number in one of the forms of [`cpr_at`]. Such ids
/// must never be accepted: the extract has to be pseudonymised first.
pub fn looks_like_cpr(pnr: &str) -> bool {
    canonical_cpr(pnr).is_some()
}

/// A raw CPR number in any of the forms [`looks_like_cpr`] knows, as its ten digits
/// (`010180 1234`, `010180–1234`, `'0101801234`, `101801234` → `0101801234`), so
/// `pseudonymize` gives one person one pseudonym whichever form a file used. `None` when it is
/// no CPR number.
pub fn canonical_cpr(pnr: &str) -> Option<String> {
    let t = pnr.trim();
    let t = t.strip_prefix('\'').map_or(t, str::trim_start);
    match cpr_at(t) {
        Some((ten, len)) if len == t.len() => Some(ten.iter().map(|&b| char::from(b)).collect()),
        _ => None,
    }
}

/// Where the first CPR number inside `text` is (byte range): a run of digits, not inside a
/// longer one, in one of the forms of [`cpr_at`].
fn find_cpr(text: &str) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    (0..b.len())
        .filter(|&i| b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()))
        .find_map(|i| cpr_at(&text[i..]).map(|(_, len)| i..i + len))
}

/// Whether `text` holds a CPR number anywhere (`Borger 010180-1234`, `'0101801234`, a local
/// area named by one). Used for the texts that are published (local areas, the secretariat's
/// own files) and for what a message may show.
pub fn contains_cpr(text: &str) -> bool {
    find_cpr(text).is_some()
}

/// A cell's text as a message quotes it: in quotes (escaped as Rust's `{:?}` writes it), or
/// [`NOT_SHOWN`] when it holds a CPR number.
pub fn show(value: &str) -> String {
    if contains_cpr(value) { NOT_SHOWN.to_string() } else { format!("{value:?}") }
}

/// A value a message shows without quotes (a number as read from SAS or Parquet, a decimal
/// out of range): as written, or [`NOT_SHOWN`] when it holds a CPR number (a SAS number
/// `101801234` is one, its leading zero lost).
pub fn show_plain(value: impl std::fmt::Display) -> String {
    let s = value.to_string();
    if contains_cpr(&s) { NOT_SHOWN.to_string() } else { s }
}

/// `text` with every CPR number in it replaced by [`NOT_SHOWN`]: the last guard on what a
/// problem prints.
pub fn redact(text: &str) -> Cow<'_, str> {
    let Some(first) = find_cpr(text) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut next = Some(first);
    while let Some(r) = next {
        out.push_str(&rest[..r.start]);
        out.push_str(NOT_SHOWN);
        rest = &rest[r.end..];
        next = find_cpr(rest);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_numbers_are_recognised() {
        assert!(looks_like_cpr("0101801234"));
        assert!(looks_like_cpr("010180-1234"));
        assert!(looks_like_cpr("2902001234"));
        assert!(!looks_like_cpr("3202801234"));
        assert!(!looks_like_cpr("P000123456"));
        assert!(!looks_like_cpr("a1b2c3d4e5"));
        assert!(!looks_like_cpr("123456"));
    }

    /// Issue 8, §5: the forms a raw CPR number takes after a spreadsheet or a careless export.
    #[test]
    fn cpr_numbers_in_the_forms_spreadsheets_leave_are_recognised() {
        assert!(looks_like_cpr("101801234"), "Excel dropped the leading zero of 0101801234");
        assert!(looks_like_cpr("010180 1234"), "a space instead of the dash");
        assert!(looks_like_cpr("0101801235 "), "a trailing space inside quotes");
        assert!(looks_like_cpr(" 010180-1234"));
        assert!(looks_like_cpr("10180-1234"), "the dash form without its leading zero");
        assert!(!looks_like_cpr("133801234"), "13 is no month, even with a zero in front");
        assert!(!looks_like_cpr("P00012345"));
        assert!(!looks_like_cpr("12345678"));
        assert_eq!(canonical_cpr("010180 1234").as_deref(), Some("0101801234"));
        assert_eq!(canonical_cpr("101801234").as_deref(), Some("0101801234"));
        assert_eq!(canonical_cpr("P123"), None);
    }

    /// Issue 19, item 6: forms that passed before.
    #[test]
    fn dashes_points_excel_text_and_replacement_numbers_are_cpr_numbers() {
        for form in [
            "010180\u{2013}1234", // en dash
            "010180\u{2014}1234", // em dash
            "010180\u{2011}1234", // non-breaking hyphen
            "010180\u{2212}1234", // minus sign
            "010180.1234",
            "010180\u{a0}1234",
            "'0101801234",
            "'010180-1234",
            " '0101801234 ",
        ] {
            assert_eq!(canonical_cpr(form).as_deref(), Some("0101801234"), "{form:?}");
        }
        // Replacement numbers: the day plus 60.
        for form in ["6101801234", "610180-1234", "610180\u{2013}1234", "'6101801234", "9101801234"] {
            assert_eq!(canonical_cpr(form).as_deref(), Some(&*form.replace(['-', '\u{2013}', '\''], "")), "{form:?}");
        }
        assert!(!looks_like_cpr("9201801234"), "day 32 + 60 is no day");
        assert!(!looks_like_cpr("6002801234"), "day 0 + 60 is no day");
        assert!(!looks_like_cpr("010180--1234"));
        assert!(!looks_like_cpr("010180-12345"));
        assert!(!looks_like_cpr("01018012345"));
        assert!(!looks_like_cpr("2016-01-01"));
        assert!(!looks_like_cpr("''0101801234"));
    }

    #[test]
    fn cpr_numbers_are_found_inside_text() {
        assert!(contains_cpr("Borger 010180-1234 startede"));
        assert!(contains_cpr("0101801234abc"));
        assert!(contains_cpr("x'0101801234"));
        assert!(!contains_cpr("Vollsmose"));
        assert!(!contains_cpr("112345678901"), "12 digits are no CPR number");
        assert!(!contains_cpr("2016-02-30"));
        assert!(!contains_cpr("ring 66 13 13 72"));
        assert!(!contains_cpr("befolkning.csv:1042"));
        assert_eq!(redact("a 0101801234 b 010180-1234."), format!("a {NOT_SHOWN} b {NOT_SHOWN}."));
        assert_eq!(redact("line 17"), "line 17");
    }

    #[test]
    fn values_are_shown_unless_they_hold_a_cpr_number() {
        assert_eq!(show("ukendt"), "\"ukendt\"");
        assert_eq!(show("0101801234"), NOT_SHOWN);
        assert_eq!(show(" 010180\u{2013}1234"), NOT_SHOWN);
        assert_eq!(show_plain(1.5), "1.5");
        assert_eq!(show_plain(101801234.0), NOT_SHOWN, "a SAS number lost the leading zero");
        assert_eq!(show_plain(1010801234.0), NOT_SHOWN);
    }

    proptest::proptest! {
        /// Whatever the separator and whether Excel made text of it, a CPR number is one, and
        /// the same ten digits.
        #[test]
        fn every_form_of_a_cpr_number_has_its_ten_digits(
            day in 1u32..=28, month in 1u32..=12, year in 0u32..=99, serial in 0u32..=9999,
            replacement: bool, sep in proptest::sample::select(vec!["", "-", " ", ".", "\u{2013}", "\u{2014}"]),
            excel: bool, blanks: bool,
        ) {
            let day = if replacement { day + 60 } else { day };
            let ten = format!("{day:02}{month:02}{year:02}{serial:04}");
            let mut form = format!("{}{sep}{}", &ten[..6], &ten[6..]);
            if excel { form.insert(0, '\''); }
            if blanks { form = format!(" {form} "); }
            proptest::prop_assert_eq!(canonical_cpr(&form), Some(ten.clone()));
            proptest::prop_assert_eq!(show(&form), NOT_SHOWN);
            let text = format!("x{form}y");
            proptest::prop_assert!(!redact(&text).contains(&ten[6..]));
        }
    }
}
