//! The time in Japan: every date caremap records or compares (verification dates, acceptance
//! statuses, campaign years, "open now") is a date in Japan, whatever the server's zone.
//!
//! There is one clock for the whole process. Tests fix it ([`fix`]) at the instant their data
//! was written for, instead of moving the data's dates to the day they run: then "today", "open
//! now" and every freshness judgement are the same on every run.

use crate::schedule::JST;
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::sync::OnceLock;

/// The instant the clock was fixed at, if it was.
static FIXED: OnceLock<DateTime<FixedOffset>> = OnceLock::new();

/// Now, in Japan (the fixed instant when the clock is fixed).
pub fn now() -> DateTime<FixedOffset> {
    match FIXED.get() {
        Some(at) => *at,
        None => chrono::Utc::now().with_timezone(&JST),
    }
}

/// Today's date in Japan.
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Fixes the process's clock at `at`, for good. Fixing it again at the same instant is fine;
/// at another instant is refused (answers already given would contradict the new time).
pub fn fix(at: DateTime<FixedOffset>) -> Result<(), DateTime<FixedOffset>> {
    let set = *FIXED.get_or_init(|| at);
    if set == at { Ok(()) } else { Err(set) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stays_and_refuses_another_instant() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 16)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .and_then(|t| t.and_local_timezone(JST).single())
            .unwrap();
        assert_eq!(fix(at), Ok(()));
        assert_eq!(fix(at), Ok(()));
        assert_eq!(now(), at);
        assert_eq!(today(), at.date_naive());
        assert_eq!(fix(at + chrono::Duration::hours(1)), Err(at));
    }
}
