//! DREAM's week columns (`y_YYWW`) and months (`YYYY-MM`): any text must give a week, a month
//! or a refusal, never a panic, and what is accepted must round-trip.

#![no_main]

use effektmaal::method::calendar::{IsoWeek, Month};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let value = text.as_ref();

    match IsoWeek::from_dream_column(value) {
        None => assert!(!value.starts_with("y_")),
        Some(Err(message)) => assert!(!message.is_empty()),
        Some(Ok(week)) => {
            assert_eq!(week.dream_column(), value);
            assert_eq!(IsoWeek::from_index(week.index()), week);
            assert!(week.month().weeks().contains(&week), "{week} not in the weeks of {}", week.month());
        }
    }

    if let Some(month) = Month::parse(value) {
        assert_eq!(Month::parse(&month.to_string()), Some(month));
        assert_eq!(Month::from_index(month.index()), month);
        assert!(month.first_day() <= month.last_day());
        let weeks = month.weeks();
        assert!((4..=5).contains(&weeks.len()), "{month} has {} weeks", weeks.len());
        for w in weeks {
            assert_eq!(w.month(), month);
        }
    }
});
