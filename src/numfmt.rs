//! Danish number formats: decimal comma, thousands point, "72,8 %", "3. kvartal 2016".

use crate::method::calendar::Month;

/// Rounds to `decimals` places, half away from zero, as Danish statistics print (72,85 →
/// 72,9; −0,25 → −0,3). The one rounding rule of every output: CSV, JSON, table, XLSX, PDF,
/// and the signal. Binary noise is removed first, so a value that reads as an exact half in
/// decimals (72,85 is stored as 72,8499999…) rounds as it reads.
pub fn round(x: f64, decimals: usize) -> f64 {
    let p = 10f64.powi(decimals as i32);
    let y = x * p;
    let clean = (y * 1e6).round() / 1e6;
    let r = if (clean - y).abs() < 1e-6 * y.abs().max(1.0) { clean } else { y };
    r.round() / p
}

/// A value rounded by [`round`] and written with a point and `decimals` places, for programs
/// (CSV, JSON): 72.85 → "72.9" with one place.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, round(x, decimals));
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') { s[1..].to_string() } else { s }
}

/// `decimals` places, decimal comma, thousands separated by a point: 1234.56 → "1.234,6".
pub fn num(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, round(x.abs(), decimals));
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let negative = x < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b));
    let mut out = if negative { format!("−{grouped}") } else { grouped };
    if let Some(f) = frac {
        out.push(',');
        out.push_str(&f);
    }
    out
}

/// A share in per cent: "72,8 %".
pub fn pct(x: f64) -> String {
    format!("{} %", num(x, 1))
}

/// A change in percentage points with sign: "+0,4 pp" / "−1,2 pp".
pub fn pp(x: f64) -> String {
    let r = round(x, 1);
    let sign = if r > 0.0 {
        "+"
    } else if r < 0.0 {
        ""
    } else {
        "±"
    };
    format!("{sign}{} pp", num(r, 1))
}

/// English month names, for messages and the English report.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// "september 2016".
pub fn month_long(m: Month) -> String {
    format!("{} {}", MONTHS_DA[m.month as usize - 1], m.year)
}

/// "sep. 2016" style short label: "sep 2016".
pub fn month_short(m: Month) -> String {
    format!("{} {}", &MONTHS_DA[m.month as usize - 1][..3], m.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_numbers() {
        assert_eq!(num(1234.56, 1), "1.234,6");
        assert_eq!(num(1234567.0, 0), "1.234.567");
        assert_eq!(num(999.0, 0), "999");
        assert_eq!(num(-0.04, 1), "0,0");
        assert_eq!(num(-1.25, 2), "−1,25");
        assert_eq!(pct(72.8), "72,8 %");
        assert_eq!(pp(0.44), "+0,4 pp");
        assert_eq!(pp(-0.86), "−0,9 pp");
        assert_eq!(pp(0.01), "±0,0 pp");
        assert_eq!(month_long(Month::new(2016, 9).unwrap()), "september 2016");
    }

    /// Issue 8, §3: one rounding rule everywhere, half away from zero, as the decimals read.
    #[test]
    fn rounding_is_half_away_from_zero_as_the_decimals_read() {
        assert_eq!(round(72.85, 1), 72.9);
        assert_eq!(round(72.25, 1), 72.3);
        assert_eq!(round(-0.25, 1), -0.3);
        assert_eq!(round(0.125, 2), 0.13);
        assert_eq!(round(2.675, 2), 2.68, "2.675 is stored as 2.67499999…");
        assert_eq!(round(72.849, 1), 72.8);
        assert_eq!(num(72.85, 1), "72,9");
        assert_eq!(num(0.125, 2), "0,13");
        assert_eq!(pct(72.25), "72,3 %");
        assert_eq!(pp(-0.25), "−0,3 pp");
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(1234.5, 0), "1235");
        // Rust's own formatting rounds these the other way: the reason for this function.
        assert_eq!(format!("{:.2}", 2.675), "2.67");
    }
}
