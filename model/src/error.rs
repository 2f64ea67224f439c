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
    /// A parameter that should be a number (or numbers) is not.
    #[error("invalid {param} {value:?}: expected {expected}")]
    InvalidNumber {
        /// Parameter name.
        param: &'static str,
        /// The value given.
        value: String,
        /// What was expected, e.g. `a number`.
        expected: &'static str,
    },
    /// A date-time that cannot be read.
    #[error(
        "invalid {param}: {value:?} is not a date-time; use RFC 3339 (2026-11-24T10:00:00+09:00), a Japan-time YYYY-MM-DDTHH:MM, or now"
    )]
    InvalidDate {
        /// Parameter name.
        param: &'static str,
        /// The value given.
        value: String,
    },
    /// A parameter with a value out of its set.
    #[error("invalid {param}: {message}")]
    InvalidParameter {
        /// Parameter name.
        param: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A parameter the API does not know.
    #[error("unknown parameter {0:?}")]
    UnknownParameter(String),
    /// A record field with a value it cannot take.
    #[error("invalid field {field}: {reason}")]
    InvalidField {
        /// Field name.
        field: String,
        /// What is wrong.
        reason: String,
    },
}

impl ValidationError {
    /// The stable snake_case code of the error, as in API answers `{ "code", "message" }`.
    pub fn code(&self) -> &'static str {
        use ValidationError as V;
        match self {
            V::InvalidLatitude(_) | V::InvalidNumber { param: "lat", .. } => "invalid_latitude",
            V::InvalidLongitude(_) | V::InvalidNumber { param: "lng", .. } => "invalid_longitude",
            V::InvalidRadius(_)
            | V::InvalidNumber {
                param: "radius_m", ..
            } => "invalid_radius",
            V::InvalidBbox(_) | V::InvalidNumber { param: "bbox", .. } => "invalid_bbox",
            V::InvalidPage(_) => "invalid_page",
            V::UnknownCategory(_) => "unknown_category",
            V::UnknownService(_) => "unknown_service",
            V::UnknownCapability(_) => "unknown_capability",
            V::InvalidId(_) => "invalid_id",
            V::MissingField(_) => "missing_field",
            V::InvalidSchedule(_) => "invalid_schedule",
            V::InvalidParent(_) => "invalid_parent",
            V::InvalidQuery(_) => "invalid_query",
            V::InvalidDate { .. } => "invalid_date",
            V::InvalidNumber { .. } | V::InvalidParameter { .. } => "invalid_parameter",
            V::UnknownParameter(_) => "unknown_parameter",
            V::InvalidField { .. } => "invalid_field",
        }
    }
}

/// Result with a [`ValidationError`].
pub type Result<T> = std::result::Result<T, ValidationError>;
