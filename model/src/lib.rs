//! caremap's domain model, shared by the engine, the server and the web UI.
//!
//! - [`facility`]: the listing record ([`Facility`]) with all its field groups and visibility.
//! - [`taxonomy`]: categories > service types, and capabilities, as data with Japanese labels.
//! - [`schedule`] and [`holiday`]: weekly schedules in Asia/Tokyo with Japan's public holidays.
//! - [`area`]: 日常生活圏域 and other regions.
//! - [`geo`]: validated coordinates, boxes, polygons and great-circle distance.
//! - [`search`]: the one search contract ([`SearchQuery`] → [`SearchResponse`]).
//! - [`params`]: the same query as URL parameters (API, pages and browser share one reader).
//!
//! The crate depends on serde, chrono, thiserror and form_urlencoded only (utoipa behind the
//! `openapi` feature), so it compiles to WebAssembly for the
//! browser side of the UI.
#![warn(missing_docs)]

pub mod area;
pub mod error;
pub mod facility;
pub mod geo;
pub mod holiday;
pub mod params;
pub mod schedule;
pub mod search;
pub mod taxonomy;

pub use area::{Area, AreaKind};
pub use error::ValidationError;
pub use facility::{Facility, FacilityId};
pub use geo::{BoundingBox, LatLng};
pub use search::{SearchHit, SearchQuery, SearchResponse, Sort};
