//! The time in Japan: every date caremap records or compares (verification dates, acceptance
//! statuses, campaign years, "open now") is a date in Japan, whatever the server's zone.

use crate::schedule::JST;
use chrono::{DateTime, FixedOffset, NaiveDate};

/// Now, in Japan.
pub fn now() -> DateTime<FixedOffset> {
    chrono::Utc::now().with_timezone(&JST)
}

/// Today's date in Japan.
pub fn today() -> NaiveDate {
    now().date_naive()
}
