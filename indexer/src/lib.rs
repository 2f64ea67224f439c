//! caremap's store, importers and search engine.
#![warn(missing_docs)]

pub mod areas;
mod codec;
pub mod editorial;
pub mod engine;
pub mod error;
pub mod export;
pub mod geocode;
pub mod import;
pub mod ingest;
mod json_buffer;
pub mod spatial;
pub mod store;
pub mod text;

pub use error::{Error, Result};
