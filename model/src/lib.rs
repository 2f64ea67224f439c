//! caremap's domain model, shared by the engine, the server and the web UI.
//!
//! - [`facility`]: the listing record ([`Facility`]) with all its field groups and visibility.
//! - [`taxonomy`]: categories > service types, and capabilities, as data with Japanese labels.
//! - [`schedule`] and [`holiday`]: weekly schedules in Asia/Tokyo with Japan's public holidays.
//! - [`area`]: 日常生活圏域 and other regions.
//! - [`geo`]: validated coordinates, boxes, polygons and great-circle distance.
//! - [`geocode`]: the geocoder's answer (level reached, matched name) and the prefectures.
//! - [`review`]: what imports leave for administrators (positions, area gaps, duplicates) and
//!   what each import did.
//! - [`sources`]: data sources and the credit line each requires.
//! - [`search`]: the one search contract ([`SearchQuery`] → [`SearchResponse`]).
//! - [`account`]: roles, editor scopes and who may see and change what.
//! - [`change`]: field-level changes between two versions of a listing.
//! - [`freshness`]: verification and acceptance-status age, the staleness report's lines.
//! - [`form`]: the listing form of the editor and of a facility's update link.
//! - [`i18n`]: Japanese and English, and how a request chooses one.
//! - [`params`]: the same query as URL parameters (API, pages and browser share one reader).
//!
//! The crate depends on serde, chrono, thiserror and form_urlencoded only (utoipa behind the
//! `openapi` feature), so it compiles to WebAssembly for the
//! browser side of the UI.
#![warn(missing_docs)]

pub mod account;
pub mod area;
pub mod change;
pub mod clock;
pub mod coverage;
pub mod error;
pub mod facility;
pub mod form;
pub mod freshness;
pub mod geo;
pub mod geocode;
pub mod holiday;
pub mod i18n;
pub mod params;
pub mod population;
pub mod reported_dates;
pub mod review;
pub mod schedule;
pub mod search;
pub mod sources;
pub mod taxonomy;

pub use account::{Role, Viewer};
pub use area::{Area, AreaKind};
pub use error::ValidationError;
pub use facility::{Facility, FacilityId, FacilityView};
pub use geo::{BoundingBox, LatLng};
pub use search::{SearchHit, SearchQuery, SearchResponse, Sort};
