//! Calendar rules of the method (`domain.md`, "Measuring"): months, ISO weeks, and which weeks
//! belong to which month. A month's weeks are the ISO weeks whose Thursday falls in it, so
//! every week belongs to exactly one month and a month has four or five weeks.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar month, ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year)).then_some(Month { year, month })
    }

    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    /// Months counted from year 0, for arithmetic and dense indexing.
    pub fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    pub fn from_index(index: i32) -> Month {
        Month { year: index.div_euclid(12), month: index.rem_euclid(12) as u32 + 1 }
    }

    pub fn offset(self, months: i32) -> Month {
        Month::from_index(self.index() + months)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month")
    }

    pub fn last_day(self) -> NaiveDate {
        self.offset(1).first_day().pred_opt().expect("valid month")
    }

    /// The ISO weeks whose Thursday falls in this month, in order.
    pub fn weeks(self) -> Vec<IsoWeek> {
        let mut weeks = Vec::with_capacity(5);
        let mut day = self.first_day();
        while day.weekday() != Weekday::Thu {
            day = day.succ_opt().expect("valid date");
        }
        while day.month() == self.month {
            weeks.push(IsoWeek::containing(day));
            day += chrono::Duration::days(7);
        }
        weeks
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 || !(y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())) {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    /// The quarter (1–4) this month lies in.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An ISO 8601 week: weeks start on Monday and week 1 holds the year's first Thursday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    pub year: i32,
    pub week: u32,
}

impl IsoWeek {
    /// The week, if the year has it (week 53 exists only in some years).
    pub fn new(year: i32, week: u32) -> Option<IsoWeek> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Thu).map(|_| IsoWeek { year, week })
    }

    pub fn containing(date: NaiveDate) -> IsoWeek {
        let iso = date.iso_week();
        IsoWeek { year: iso.year(), week: iso.week() }
    }

    pub fn thursday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Thu).expect("validated week")
    }

    /// The month the week is counted in.
    pub fn month(self) -> Month {
        Month::of(self.thursday())
    }

    /// Parses DREAM's column name `y_YYWW`: YY ≥ 91 means 19YY, otherwise 20YY.
    /// Returns `Err` with a reason when the name has the form but the week does not exist.
    pub fn from_dream_column(name: &str) -> Option<Result<IsoWeek, String>> {
        let digits = name.strip_prefix("y_")?;
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Err(format!("column name {name:?} is not a DREAM week (expected y_YYWW, e.g. y_1634)")));
        }
        let yy: i32 = digits[..2].parse().expect("digits");
        let ww: u32 = digits[2..].parse().expect("digits");
        let year = if yy >= 91 { 1900 + yy } else { 2000 + yy };
        Some(IsoWeek::new(year, ww).ok_or_else(|| {
            format!("column {name}: {year} has no ISO week {ww} (weeks run from 01 to 52, or 53 in some years)")
        }))
    }

    /// Weeks counted from a fixed origin, for dense indexing: consecutive weeks differ by one.
    pub fn index(self) -> i32 {
        use chrono::Datelike as _;
        self.thursday().num_days_from_ce().div_euclid(7)
    }

    pub fn from_index(index: i32) -> IsoWeek {
        let mut day = NaiveDate::from_num_days_from_ce_opt(index * 7).expect("week index in range");
        while day.weekday() != Weekday::Thu || day.num_days_from_ce().div_euclid(7) != index {
            day = day.succ_opt().expect("valid date");
        }
        IsoWeek::containing(day)
    }

    pub fn dream_column(self) -> String {
        format!("y_{:02}{:02}", self.year.rem_euclid(100), self.week)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

/// A calendar quarter, as the committee reports by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1–4.
    pub q: u32,
}

impl Quarter {
    /// Parses `2016K3`, `2016Q3` or `2016-3` (also lower case).
    pub fn parse(text: &str) -> Option<Quarter> {
        let t = text.trim().to_uppercase();
        let (y, q) = t.split_once('K').or_else(|| t.split_once('Q')).or_else(|| t.split_once('-'))?;
        if y.len() != 4 || q.len() != 1 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let q: u32 = q.parse().ok()?;
        ((1..=4).contains(&q) && (1900..=2200).contains(&year)).then_some(Quarter { year, q })
    }

    pub fn of(month: Month) -> Quarter {
        Quarter { year: month.year, q: month.quarter() }
    }

    pub fn first_month(self) -> Month {
        Month { year: self.year, month: (self.q - 1) * 3 + 1 }
    }

    pub fn last_month(self) -> Month {
        self.first_month().offset(2)
    }

    pub fn months(self) -> [Month; 3] {
        let f = self.first_month();
        [f, f.offset(1), f.offset(2)]
    }

    pub fn offset(self, quarters: i32) -> Quarter {
        Quarter::of(self.first_month().offset(quarters * 3))
    }

    /// "3. kvartal 2016".
    pub fn label_da(self) -> String {
        format!("{}. kvartal {}", self.q, self.year)
    }

    /// "3. kvt. 2016".
    pub fn short_da(self) -> String {
        format!("{}. kvt. {}", self.q, self.year)
    }

    pub fn label_en(self) -> String {
        format!("Q{} {}", self.q, self.year)
    }

    /// "2016-K3", as in file names.
    pub fn stem(self) -> String {
        format!("{}-K{}", self.year, self.q)
    }
}

/// Completed years of age on `on` for someone born on `born`. Someone born on 29 February
/// becomes a year older on 1 March in years without a 29 February.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_parse_in_three_spellings() {
        let q = Quarter { year: 2016, q: 3 };
        for t in ["2016K3", "2016Q3", "2016-3", "2016k3"] {
            assert_eq!(Quarter::parse(t), Some(q), "{t}");
        }
        for t in ["2016K5", "2016", "16K3", "2016K", "2016-03"] {
            assert_eq!(Quarter::parse(t), None, "{t}");
        }
        assert_eq!(q.first_month(), Month::new(2016, 7).unwrap());
        assert_eq!(q.last_month(), Month::new(2016, 9).unwrap());
        assert_eq!(q.offset(-4), Quarter { year: 2015, q: 3 });
        assert_eq!(q.offset(-3), Quarter { year: 2015, q: 4 });
        assert_eq!(q.label_da(), "3. kvartal 2016");
        assert_eq!(q.stem(), "2016-K3");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_of_month_follow_their_thursday() {
        // 2015 has 53 ISO weeks; week 53's Thursday is 31 December 2015.
        let dec = Month::new(2015, 12).unwrap().weeks();
        assert_eq!(dec.first(), Some(&IsoWeek { year: 2015, week: 49 }));
        assert_eq!(dec.last(), Some(&IsoWeek { year: 2015, week: 53 }));
        assert_eq!(dec.len(), 5);
        // 2016-W01 starts Monday 4 January; January 2016 has weeks 1–4 (Thursday 28 Jan).
        let jan = Month::new(2016, 1).unwrap().weeks();
        assert_eq!(jan, (1..=4).map(|w| IsoWeek { year: 2016, week: w }).collect::<Vec<_>>());
        // 2013-W01 runs 31 Dec 2012 – 6 Jan 2013 and counts in January 2013.
        assert_eq!(IsoWeek { year: 2013, week: 1 }.month(), Month::new(2013, 1).unwrap());
        // 2014-W01 runs 30 Dec 2013 – 5 Jan 2014, Thursday 2 January.
        assert_eq!(IsoWeek::containing(d(2013, 12, 31)), IsoWeek { year: 2014, week: 1 });
    }

    #[test]
    fn every_week_lands_in_exactly_one_month() {
        let mut seen = Vec::new();
        let mut m = Month::new(2012, 12).unwrap();
        while m <= Month::new(2017, 1).unwrap() {
            seen.extend(m.weeks());
            m = m.offset(1);
        }
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), seen.len());
        // 2013–2016 have 52+52+53+52 weeks.
        let n = seen.iter().filter(|w| (2013..=2016).contains(&w.year)).count();
        assert_eq!(n, 209);
    }

    #[test]
    fn dream_columns() {
        assert_eq!(IsoWeek::from_dream_column("y_1634"), Some(Ok(IsoWeek { year: 2016, week: 34 })));
        assert_eq!(IsoWeek::from_dream_column("y_9101"), Some(Ok(IsoWeek { year: 1991, week: 1 })));
        assert_eq!(IsoWeek::from_dream_column("y_1553"), Some(Ok(IsoWeek { year: 2015, week: 53 })));
        assert!(matches!(IsoWeek::from_dream_column("y_1653"), Some(Err(_))));
        assert!(matches!(IsoWeek::from_dream_column("y_1654"), Some(Err(_))));
        assert!(matches!(IsoWeek::from_dream_column("y_1600"), Some(Err(_))));
        assert_eq!(IsoWeek::from_dream_column("grad_2016_01"), None);
        assert_eq!(IsoWeek { year: 2016, week: 3 }.dream_column(), "y_1603");
    }

    #[test]
    fn ages() {
        assert_eq!(age_on(d(2000, 3, 31), d(2016, 3, 31)), 16);
        assert_eq!(age_on(d(2000, 4, 1), d(2016, 3, 31)), 15);
        assert_eq!(age_on(d(1996, 2, 29), d(2015, 2, 28)), 18);
        assert_eq!(age_on(d(1996, 2, 29), d(2015, 3, 1)), 19);
        assert_eq!(age_on(d(1996, 2, 29), d(2016, 2, 29)), 20);
    }

    #[test]
    fn month_arithmetic() {
        let m = Month::parse("2016-08").unwrap();
        assert_eq!(m.offset(-8), Month::new(2015, 12).unwrap());
        assert_eq!(m.last_day(), d(2016, 8, 31));
        assert_eq!(Month::parse("2016-02").unwrap().last_day(), d(2016, 2, 29));
        assert_eq!(Month::parse("2016-13"), None);
        assert_eq!(m.quarter(), 3);
    }
}
