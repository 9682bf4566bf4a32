//! Every text of the report in both languages, and the language's ways of writing numbers,
//! months, quarters and the names of groups. The model, the charts and every output take
//! their words from here, so the English report has no Danish left outside the names of
//! places, registers and what the secretariat wrote itself.

use crate::method::calendar::{Month, Quarter};
use crate::method::status::{Kpi, Status};

/// The no-break space that keeps a number with its unit ("72,6 %") and the parts of a
/// quarter ("3. kvt. 2016") on one line.
pub const NBSP: &str = "\u{a0}";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Da,
    En,
}

impl Lang {
    /// One of the report's words (`texts::words`) in this language.
    pub fn w(self, word: (&'static str, &'static str)) -> &'static str {
        self.t(word.0, word.1)
    }

    pub fn t<'a>(self, da: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    pub fn num(self, x: f64, d: usize) -> String {
        match self {
            Lang::Da => crate::numfmt::num(x, d),
            Lang::En => {
                let s = crate::numfmt::num(x, d);
                s.chars()
                    .map(|c| match c {
                        '.' => ',',
                        ',' => '.',
                        c => c,
                    })
                    .collect()
            }
        }
    }

    /// A share: "72,6 %", a no-break space between number and unit so a line never splits them.
    pub fn pct(self, x: f64) -> String {
        format!("{}{NBSP}%", self.num(x, 1))
    }

    /// A change of a share with its sign and unit: "+0,4 pct.-point" / "+0.4 pp" (no-break
    /// space before the unit). Danish statistics write "pct.-point" or "procentpoint", never "pp".
    pub fn pp(self, x: f64) -> String {
        format!("{}{NBSP}{}", self.pp_number(x), self.t("pct.-point", "pp"))
    }

    /// A change of a share with its sign, without the unit (for a column whose header names it).
    pub fn pp_number(self, x: f64) -> String {
        let r = crate::numfmt::round(x, 1);
        let sign = if r > 0.0 {
            "+"
        } else if r < 0.0 {
            ""
        } else {
            "±"
        };
        format!("{sign}{}", self.num(r, 1))
    }

    /// "september 2016" / "September 2016".
    pub fn month(self, m: Month) -> String {
        format!("{} {}", self.month_name(m), m.year)
    }

    /// The month's name alone, lower case in Danish: "august" / "August".
    pub fn month_name(self, m: Month) -> &'static str {
        let i = m.month as usize - 1;
        self.t(crate::numfmt::MONTHS_DA[i], crate::numfmt::MONTHS_EN[i])
    }

    pub fn quarter(self, q: Quarter) -> String {
        match self {
            Lang::Da => q.label_da(),
            Lang::En => q.label_en(),
        }
    }

    /// "3. kvt. 2016" / "Q3 2016", with no-break spaces: a table header never splits it.
    pub fn quarter_short(self, q: Quarter) -> String {
        match self {
            Lang::Da => q.short_da(),
            Lang::En => q.label_en(),
        }
        .replace(' ', NBSP)
    }

    pub fn kpi(self, k: Kpi) -> &'static str {
        match self {
            Lang::Da => k.name_da(),
            Lang::En => k.name_en(),
        }
    }

    pub fn status(self, s: Status) -> &'static str {
        match self {
            Lang::Da => s.label(),
            Lang::En => s.label_en(),
        }
    }

    pub fn dash(self, v: Option<f64>, f: impl Fn(f64) -> String) -> String {
        v.map(f).unwrap_or_else(|| "–".to_string())
    }
}

impl Lang {
    /// A group's name as the figures carry it (Danish, the stable id of the CSV and the
    /// store), in this language. Names the program does not know (local areas,
    /// municipalities) are names of places and stay as they are.
    pub fn group(self, name: &str) -> String {
        if self == Lang::Da {
            return name.to_string();
        }
        if let Some(band) = name.strip_suffix(" år") {
            return format!("{band} years");
        }
        match name {
            "I alt" => "Total",
            "Mænd" => "Men",
            "Kvinder" => "Women",
            "Dansk oprindelse" => "Danish origin",
            "Indvandrer, vestlig" => "Immigrant, Western",
            "Indvandrer, ikke-vestlig" => "Immigrant, non-Western",
            "Efterkommer, vestlig" => "Descendant, Western",
            "Efterkommer, ikke-vestlig" => "Descendant, non-Western",
            "Indvandrer/efterkommer, uoplyst oprindelse" => "Immigrant/descendant, origin unknown",
            "Uoplyst" => "Unknown",
            other => other,
        }
        .to_string()
    }

    /// A short month for chart axes: "jan 2014" / "Jan 2014".
    pub fn month_short(self, m: Month) -> String {
        match self {
            Lang::Da => crate::numfmt::month_short(m),
            Lang::En => {
                const M: [&str; 12] =
                    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
                format!("{} {}", M[m.month as usize - 1], m.year)
            }
        }
    }
}

/// A date as the report writes it: "30. september 2016", "30 September 2016".
pub fn date_label(l: Lang, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let m = Month::of(d);
    match l {
        Lang::Da => format!("{}. {}", d.day(), crate::numfmt::month_long(m)),
        Lang::En => format!("{} {}", d.day(), l.month(m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_groups_in_both_languages() {
        assert_eq!(Lang::Da.num(1234.56, 1), "1.234,6");
        assert_eq!(Lang::En.num(1234.56, 1), "1,234.6");
        assert_eq!(Lang::En.pp(-0.25), "−0.3\u{a0}pp");
        assert_eq!(Lang::Da.pp(0.44), "+0,4\u{a0}pct.-point");
        assert_eq!(Lang::Da.pct(72.56), "72,6\u{a0}%");
        assert_eq!(Lang::Da.quarter_short(Quarter::parse("2016K3").unwrap()), "3.\u{a0}kvt.\u{a0}2016");
        assert_eq!(Lang::En.group("16–19 år"), "16–19 years");
        assert_eq!(Lang::En.group("Kvinder"), "Women");
        assert_eq!(Lang::En.group("Vollsmose"), "Vollsmose");
        assert_eq!(Lang::Da.group("Kvinder"), "Kvinder");
        assert_eq!(Lang::En.month_short(Month::new(2016, 5).unwrap()), "May 2016");
    }
}
