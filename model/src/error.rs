//! Validation errors of the domain model.

use thiserror::Error;

/// Why a value was rejected. Messages are lowercase and name the offending value.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ValidationError {
    /// Latitude outside −90..=90 or not a number.
    #[error("invalid latitude {0}: must be between -90 and 90")]
    InvalidLatitude(f64),
    /// Longitude outside −180..=180 or not a number.
    #[error("invalid longitude {0}: must be between -180 and 180")]
    InvalidLongitude(f64),
    /// Radius not positive or too large.
    #[error("invalid radius {0} m: must be greater than 0 and at most 200000")]
    InvalidRadius(f64),
    /// Malformed bounding box.
    #[error("invalid bbox: {0}")]
    InvalidBbox(String),
    /// Page or page size out of range.
    #[error("invalid page: {0}")]
    InvalidPage(String),
    /// Unknown category code.
    #[error("unknown category {0:?}")]
    UnknownCategory(String),
    /// Unknown service type code.
    #[error("unknown service type {0:?}")]
    UnknownService(String),
    /// Unknown capability code.
    #[error("unknown capability {0:?}")]
    UnknownCapability(String),
    /// Malformed facility id.
    #[error("invalid id {0:?}: use 1-100 ascii letters, digits, '-', '_' or '.'")]
    InvalidId(String),
    /// A required field is empty.
    #[error("missing field {0}")]
    MissingField(&'static str),
    /// A schedule is inconsistent.
    #[error("invalid schedule: {0}")]
    InvalidSchedule(String),
    /// A facility names itself as parent.
    #[error("invalid parent {0:?}: a facility cannot be its own parent")]
    InvalidParent(String),
    /// A query combination that cannot be answered.
    #[error("invalid query: {0}")]
    InvalidQuery(String),
}

/// Result with a [`ValidationError`].
pub type Result<T> = std::result::Result<T, ValidationError>;
