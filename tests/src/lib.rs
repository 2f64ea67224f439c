//! What the end-to-end suites share: a real `caremap` server with an HTTP client
//! ([`server`]), the sample municipality's listings ([`sample`]) and the clock a suite runs on
//! ([`Clock`]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::missing_panics_doc,
    reason = "test helpers fail loudly on unexpected errors"
)]

pub mod english;
pub mod population;
pub mod postgres;
pub mod sample;
pub mod server;

pub use population::import_osaka_population;
pub use postgres::Postgres;
pub use sample::{active_ids, sample, sorted, today};
pub use server::{Resp, TestServer, add_account_in, on_database, on_store, qs};

use std::sync::OnceLock;

/// The clock a test process runs on. One per process (a suite is one test binary), chosen by
/// the first server or sample it asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Fixed at the instant the sample describes (2026-11-16 10:00 JST), so that answers do not
    /// depend on the day the tests run: the default (the API suite).
    Sample,
    /// The machine's clock: the browser suite, whose hydrated pages read the browser's own
    /// clock (its servers start with [`TestServer::live_with`] and [`TestServer::live_in`]).
    Live,
}

static CHOSEN: OnceLock<Clock> = OnceLock::new();

impl Clock {
    /// Runs this process on `self`; a process that already runs on the other clock panics.
    pub fn choose(self) {
        let chosen = *CHOSEN.get_or_init(|| {
            if self == Clock::Sample {
                model::clock::fix(fixtures::sample::as_of_instant())
                    .expect("nothing fixed the clock before");
            }
            self
        });
        assert_eq!(chosen, self, "one clock per test process");
    }

    /// The process's clock, [`Clock::Sample`] unless [`Clock::Live`] was chosen first.
    pub fn current() -> Clock {
        if CHOSEN.get().is_none() {
            Clock::Sample.choose();
        }
        *CHOSEN.get().unwrap_or(&Clock::Sample)
    }
}
