//! Integration tests of the core: store (SQLite, and PostgreSQL when
//! `CAREMAP_TEST_POSTGRES_URL` is set), search engine, importers on the real open data.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail loudly"
)]
mod agreement;
mod coverage;
mod editorial;
mod engine;
mod form;
mod helpers;
mod hirakata;
mod hostile_input;
mod import;
mod kosei;
mod layout;
mod population;
mod ranking;
mod review;
mod snapshot;
mod xlsx;
