//! Danish number formats: decimal comma, thousands point, "72,8 %", "3. kvartal 2016".

use crate::method::calendar::Month;

/// `decimals` places, decimal comma, thousands separated by a point: 1234.56 → "1.234,6".
pub fn num(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
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
    let r = (x * 10.0).round() / 10.0;
    let sign = if r > 0.0 {
        "+"
    } else if r < 0.0 {
        ""
    } else {
        "±"
    };
    format!("{sign}{} pp", num(r, 1))
}

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
}
