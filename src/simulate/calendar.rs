//! The simulated weeks and months: a burn-in year, the output months, and the months up to the
//! first August for the calibration. Months and ISO weeks come from `method::calendar`.

use crate::method::calendar::Month;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::ops::Range;

pub(super) struct WeekInfo {
    pub(super) thu: NaiveDate,
    /// Days from the common era of the Thursday.
    pub(super) day: i32,
    /// ISO week number.
    pub(super) woy: u32,
    /// Calendar month (1–12) and year of the Thursday.
    pub(super) moy: u32,
    pub(super) year: i32,
    /// Index into `Cal::months`.
    pub(super) month: usize,
    /// The first week of September or February: higher education starts.
    pub(super) higher_start: bool,
}

pub(super) struct MonthInfo {
    pub(super) month: Month,
    pub(super) weeks: Range<usize>,
}

/// The simulated weeks: a burn-in year before `from`, the output months, and (when the output
/// ends before the first August) the months up to that August for the calibration.
pub(super) struct Cal {
    pub(super) weeks: Vec<WeekInfo>,
    pub(super) months: Vec<MonthInfo>,
    pub(super) out_months: Range<usize>,
    pub(super) out_weeks: Range<usize>,
    pub(super) thu0: i32,
}

pub(super) const BURN_IN_MONTHS: i32 = 12;

impl Cal {
    pub(super) fn new(from: Month, to: Month) -> Cal {
        let first = from.offset(-BURN_IN_MONTHS);
        let first_aug =
            if from.month <= 8 { Month { year: from.year, month: 8 } } else { Month { year: from.year + 1, month: 8 } };
        let last = to.max(first_aug);
        let mut weeks = Vec::new();
        let mut months = Vec::new();
        let mut m = first;
        while m <= last {
            let start = weeks.len();
            for (k, w) in m.weeks().into_iter().enumerate() {
                let thu = w.thursday();
                weeks.push(WeekInfo {
                    thu,
                    day: thu.num_days_from_ce(),
                    woy: w.week,
                    moy: m.month,
                    year: m.year,
                    month: months.len(),
                    higher_start: k == 0 && (m.month == 9 || m.month == 2),
                });
            }
            months.push(MonthInfo { month: m, weeks: start..weeks.len() });
            m = m.offset(1);
        }
        let out0 = BURN_IN_MONTHS as usize;
        let out1 = out0 + (to.index() - from.index() + 1) as usize;
        let out_weeks = months[out0].weeks.start..months[out1 - 1].weeks.end;
        let thu0 = weeks[0].day;
        Cal { weeks, months, out_months: out0..out1, out_weeks, thu0 }
    }

    /// Index of ISO week `woy` of `year` (may lie outside the simulated weeks).
    pub(super) fn week_index(&self, year: i32, woy: u32) -> i32 {
        let thu = NaiveDate::from_isoywd_opt(year, woy.min(52), Weekday::Thu)
            .or_else(|| NaiveDate::from_ymd_opt(year, 7, 1))
            .map_or(self.thu0, |d| d.num_days_from_ce());
        (thu - self.thu0).div_euclid(7)
    }

    /// Index of the first week of a month (the first Thursday in it).
    pub(super) fn month_start(&self, year: i32, month: u32) -> i32 {
        let first = NaiveDate::from_ymd_opt(year, month, 1).map_or(self.thu0, |d| d.num_days_from_ce());
        let thu0 = first + (7 + 3 - (first % 7 + 6) % 7) % 7;
        (thu0 - self.thu0).div_euclid(7)
    }

    /// Start of the academic year: the first week of September.
    pub(super) fn sept_start(&self, year: i32) -> i32 {
        self.month_start(year, 9)
    }

    /// The Thursday of week index `t` (any index, also outside the simulated weeks).
    pub(super) fn thursday(&self, t: i64) -> NaiveDate {
        self.weeks[0].thu + Duration::days(7 * t)
    }
}
