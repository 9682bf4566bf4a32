//! A forecast for the next measuring month (the targets are August measurements), and how well
//! that forecast would have done on the extract's own history. Pure: no I/O.
//!
//! The forecast projects past seasonal movement; it is not a model of what causes the share to
//! move. From the latest month `L` to the next measuring month `A` (the first one after `L`,
//! `d = A − L` months later, 1 ≤ d ≤ 12), each earlier year `y` of the series gives a movement
//! `share(A_y) − share(L_y)`, where `L_y` is the same calendar month as `L` that year and
//! `A_y = L_y + d` months; a year counts only when both months are inside the series and
//! published. Then
//!
//! - value = share(L) + the mean of those movements,
//! - band = share(L) + the smallest movement … share(L) + the largest movement: the range the
//!   same projection would have given with each earlier year's movement alone. It is the
//!   spread of the years seen, not a confidence interval; a year unlike all of them falls
//!   outside it.
//!
//! With fewer than two such years there is no forecast ([`NoForecast::TooFewYears`]), and none
//! when the latest month itself is not published ([`NoForecast::LatestHidden`]).
//!
//! Only published shares go in: `share(m)` must answer `None` for a hidden month, so a forecast
//! never rests on a figure the report may not show.

use crate::method::calendar::Month;

/// The forecast for a measuring month, in per cent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// The measuring month forecast.
    pub month: Month,
    /// The latest month it starts from.
    pub from: Month,
    pub value: f64,
    pub low: f64,
    pub high: f64,
    /// How many earlier years' movements it rests on.
    pub years: usize,
}

/// Why there is no forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoForecast {
    /// The latest month's share is not published.
    LatestHidden,
    /// Fewer than two earlier years give a movement (`have` do).
    TooFewYears { have: usize },
}

/// The fewest earlier years a forecast rests on.
pub const MIN_YEARS: usize = 2;

/// The first measuring month (calendar month `measuring`, 1–12) after `latest`: July 2017 →
/// August 2017; August 2016 → August 2017; December 2016 → August 2017.
pub fn measuring_month_after(latest: Month, measuring: u32) -> Month {
    let year = if latest.month < measuring { latest.year } else { latest.year + 1 };
    Month { year, month: measuring }
}

/// The forecast of the measuring month after `latest` from the series' published shares
/// (`share`, `None` when hidden or outside the series) whose first month is `first`.
pub fn forecast(
    share: &dyn Fn(Month) -> Option<f64>,
    first: Month,
    latest: Month,
    measuring: u32,
) -> Result<Forecast, NoForecast> {
    let month = measuring_month_after(latest, measuring);
    let d = month.index() - latest.index();
    let now = share(latest).ok_or(NoForecast::LatestHidden)?;
    let moves: Vec<f64> = (1..)
        .map(|k| latest.offset(-12 * k))
        .take_while(|m| *m >= first)
        // A_y = m + d ≤ latest: a movement always ends at or before the latest month.
        .filter_map(|m| Some(share(m.offset(d))? - share(m)?))
        .collect();
    if moves.len() < MIN_YEARS {
        return Err(NoForecast::TooFewYears { have: moves.len() });
    }
    let mean = moves.iter().sum::<f64>() / moves.len() as f64;
    let (lo, hi) = moves.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    Ok(Forecast { month, from: latest, value: now + mean, low: now + lo, high: now + hi, years: moves.len() })
}

/// One forecast of the backtest and the measuring month that came.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Case {
    pub forecast: Forecast,
    pub actual: f64,
}

/// How the forecast would have done on the series' own history.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    pub cases: Vec<Case>,
}

impl Backtest {
    pub fn n(&self) -> usize {
        self.cases.len()
    }

    /// The mean absolute error in percentage points; `None` without cases.
    pub fn mae(&self) -> Option<f64> {
        (!self.cases.is_empty())
            .then(|| self.cases.iter().map(|c| (c.forecast.value - c.actual).abs()).sum::<f64>() / self.n() as f64)
    }

    /// How many actuals fell inside their forecast's band (ends included).
    pub fn inside(&self) -> usize {
        self.cases.iter().filter(|c| c.forecast.low <= c.actual && c.actual <= c.forecast.high).count()
    }
}

/// For every month `m` from `first` to `last` whose measuring month after it is published and
/// at or before `last`, the forecast made at `m` from the shares up to `m` only (later months
/// are hidden from it) against that measuring month's share.
pub fn backtest(share: &dyn Fn(Month) -> Option<f64>, first: Month, last: Month, measuring: u32) -> Backtest {
    let mut cases = Vec::new();
    for i in first.index()..=last.index() {
        let m = Month::from_index(i);
        let target = measuring_month_after(m, measuring);
        if target > last {
            break;
        }
        let Some(actual) = share(target) else { continue };
        let upto = |x: Month| if x <= m { share(x) } else { None };
        if let Ok(forecast) = forecast(&upto, first, m, measuring) {
            cases.push(Case { forecast, actual });
        }
    }
    Backtest { cases }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// A series from a table of (month, share).
    fn series(rows: &[(&str, f64)]) -> BTreeMap<Month, f64> {
        rows.iter().map(|(k, v)| (m(k), *v)).collect()
    }

    /// Three years, 2014-01 to 2016-12, with a summer dip: July = base − 2, August = base + 0,5,
    /// other months = base, where base is 70 in 2014, 71 in 2015, 72 in 2016; August 2015 is
    /// 72 instead (71 + 1).
    fn three_years() -> BTreeMap<Month, f64> {
        let mut s = BTreeMap::new();
        for (year, base) in [(2014, 70.0), (2015, 71.0), (2016, 72.0)] {
            for month in 1..=12 {
                let v = match month {
                    7 => base - 2.0,
                    8 if year == 2015 => base + 1.0,
                    8 => base + 0.5,
                    _ => base,
                };
                s.insert(Month::new(year, month).unwrap(), v);
            }
        }
        s
    }

    #[test]
    fn the_measuring_month_is_the_next_one_after_the_latest() {
        assert_eq!(measuring_month_after(m("2017-07"), 8), m("2017-08"));
        assert_eq!(measuring_month_after(m("2016-08"), 8), m("2017-08"));
        assert_eq!(measuring_month_after(m("2016-09"), 8), m("2017-08"));
        assert_eq!(measuring_month_after(m("2016-12"), 8), m("2017-08"));
        assert_eq!(measuring_month_after(m("2016-01"), 8), m("2016-08"));
    }

    #[test]
    fn forecast_from_july_with_hand_computed_movements() {
        let s = three_years();
        let f = forecast(&|x| s.get(&x).copied(), m("2014-01"), m("2016-07"), 8).unwrap();
        // Latest July 2016 = 70. Movements July → August:
        //   2015: 72 − 69 = 3;  2014: 70,5 − 68 = 2,5.  Mean 2,75.
        // Value 70 + 2,75 = 72,75; band 70 + 2,5 = 72,5 … 70 + 3 = 73.
        assert_eq!(f.month, m("2016-08"));
        assert_eq!(f.years, 2);
        assert!(close(f.value, 72.75), "{f:?}");
        assert!(close(f.low, 72.5) && close(f.high, 73.0), "{f:?}");
    }

    #[test]
    fn forecast_from_december_looks_eight_months_ahead() {
        let s = three_years();
        let f = forecast(&|x| s.get(&x).copied(), m("2014-01"), m("2016-12"), 8).unwrap();
        // Latest December 2016 = 72, d = 8. Movements December → August a year later:
        //   2015-12 (71) → 2016-08 (72,5): +1,5;  2014-12 (70) → 2015-08 (72): +2.
        // Mean 1,75: value 73,75; band 73,5 … 74.
        assert_eq!(f.month, m("2017-08"));
        assert_eq!(f.years, 2);
        assert!(close(f.value, 73.75) && close(f.low, 73.5) && close(f.high, 74.0), "{f:?}");
    }

    #[test]
    fn forecast_from_august_itself_uses_the_year_to_the_next_august() {
        let s = three_years();
        let f = forecast(&|x| s.get(&x).copied(), m("2014-01"), m("2016-08"), 8).unwrap();
        // Latest August 2016 = 72,5, d = 12. 2015-08 (72) → 2016-08 (72,5): +0,5;
        // 2014-08 (70,5) → 2015-08 (72): +1,5. Mean 1: value 73,5; band 73 … 74.
        assert_eq!(f.month, m("2017-08"));
        assert!(close(f.value, 73.5) && close(f.low, 73.0) && close(f.high, 74.0), "{f:?}");
    }

    #[test]
    fn one_earlier_year_is_too_few() {
        let s = three_years();
        // From 2015-01 on, July 2016 has only 2015's July → August movement.
        let f = forecast(&|x| s.get(&x).copied(), m("2015-01"), m("2016-07"), 8);
        assert_eq!(f, Err(NoForecast::TooFewYears { have: 1 }));
        let f = forecast(&|x| s.get(&x).copied(), m("2016-01"), m("2016-07"), 8);
        assert_eq!(f, Err(NoForecast::TooFewYears { have: 0 }));
    }

    #[test]
    fn a_hidden_latest_month_gives_no_forecast() {
        let s = three_years();
        let shown = |x: Month| if x == m("2016-07") { None } else { s.get(&x).copied() };
        assert_eq!(forecast(&shown, m("2014-01"), m("2016-07"), 8), Err(NoForecast::LatestHidden));
    }

    #[test]
    fn a_hidden_earlier_month_drops_that_year() {
        let mut s = three_years();
        s.append(&mut series(&[("2013-07", 67.0), ("2013-08", 70.0)]));
        // Four years: 2013 (+3), 2014 (+2,5), 2015 (+3). With August 2014 hidden, 2014 drops:
        // movements 3 and 3, value 70 + 3 = 73, band 73 … 73, three years → two.
        let all = forecast(&|x| s.get(&x).copied(), m("2013-07"), m("2016-07"), 8).unwrap();
        assert_eq!(all.years, 3);
        // (3 + 2,5 + 3) / 3 = 2,8333…
        assert!(close(all.value, 70.0 + 8.5 / 3.0), "{all:?}");
        let shown = |x: Month| if x == m("2014-08") { None } else { s.get(&x).copied() };
        let f = forecast(&shown, m("2013-07"), m("2016-07"), 8).unwrap();
        assert_eq!(f.years, 2);
        assert!(close(f.value, 73.0) && close(f.low, 73.0) && close(f.high, 73.0), "{f:?}");
    }

    #[test]
    fn backtest_on_three_years() {
        let s = three_years();
        let share = |x: Month| s.get(&x).copied();
        let b = backtest(&share, m("2014-01"), m("2016-12"), 8);
        // Forecasts need two earlier years, so they are made from 2016-01 on; those whose August
        // is known (≤ 2016-12) are 2016-01 … 2016-07, all for August 2016 (72,5).
        //   2016-01…06 (72): movements 2015: 72 − 71 = 1, 2014: 70,5 − 70 = 0,5; value 72,75,
        //     error 0,25 (six cases).
        //   2016-07 (70): movements 3 and 2,5; value 72,75, error 0,25.
        // MAE 0,25 over 7 cases; the actual 72,5 is inside every band (72,5 … 73).
        assert_eq!(b.n(), 7);
        assert!(b.cases.iter().all(|c| c.forecast.month == m("2016-08") && close(c.actual, 72.5)));
        assert!(close(b.mae().unwrap(), 0.25), "{:?}", b.mae());
        assert_eq!(b.inside(), 7);
    }

    #[test]
    fn backtest_does_not_peek_past_the_month_it_forecasts_from() {
        let s = three_years();
        // The same series but with every month after 2016-03 changed, except August 2016 (the
        // actual): the forecast made at 2016-03 must not change.
        let changed = |x: Month| {
            let v = s.get(&x).copied()?;
            Some(if x > m("2016-03") && x != m("2016-08") { v + 10.0 } else { v })
        };
        let a = backtest(&|x| s.get(&x).copied(), m("2014-01"), m("2016-12"), 8);
        let b = backtest(&changed, m("2014-01"), m("2016-12"), 8);
        let at = |bt: &Backtest| *bt.cases.iter().find(|c| c.forecast.from == m("2016-03")).unwrap();
        assert_eq!(at(&a), at(&b));
        // 2016-07 in the changed series is 80: movements 3 and 2,5 → 82,75, error 10,25.
        let july = b.cases.iter().find(|c| c.forecast.from == m("2016-07")).unwrap();
        assert!(close(july.forecast.value, 82.75));
    }

    #[test]
    fn backtest_without_cases_has_no_error() {
        let s = three_years();
        let b = backtest(&|x| s.get(&x).copied(), m("2015-01"), m("2016-12"), 8);
        assert_eq!(b.n(), 0);
        assert_eq!(b.mae(), None);
    }
}
