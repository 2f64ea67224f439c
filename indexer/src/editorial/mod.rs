//! The editorial service: every write a person makes and every workflow around the listings,
//! beside the search engine and on top of its write path.
//!
//! [`Editorial`] is what the JSON API, the admin pages, the update form and the CLI call, so each
//! check (role and scope, versions, "nothing changed", required contact details) exists once,
//! here. It reaches the store only through the engine, which keeps the store, the text index and
//! the in-memory table in step: no caller can write a row the search never sees.
//!
//! - [`saves`]: saves by signed-in accounts with their change log, verification, revert;
//! - [`requests`]: update links and the change requests facilities send through them;
//! - [`freshness`]: the staleness report and the weekly availability round;
//! - [`campaigns`]: freshness policies and the yearly re-confirmation campaign;
//! - [`reviews`]: the review queue imports fill, and merging duplicates;
//! - [`accounts`]: accounts and sessions;
//! - [`rows`]: ready-to-show rows (the dashboard's list, the print view).

mod access;
pub mod account_admin;
pub mod accounts;
pub mod campaigns;
pub mod freshness;
pub mod requests;
pub mod reviews;
pub mod rows;
pub mod saves;

pub use requests::{LinkedListing, NewRequest};
pub use reviews::Resolution;
pub use saves::{SaveKind, Saved};

use crate::engine::Engine;

/// The editorial workflows over one engine (a borrowed view: make one wherever the engine is).
#[derive(Clone, Copy)]
pub struct Editorial<'e> {
    engine: &'e Engine,
}

impl<'e> Editorial<'e> {
    /// The workflows over `engine`.
    pub fn new(engine: &'e Engine) -> Editorial<'e> {
        Editorial { engine }
    }

    /// The engine underneath (for reads).
    pub fn engine(&self) -> &'e Engine {
        self.engine
    }
}
