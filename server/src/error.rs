//! The API's error answer: `{ "code": "snake_case", "message": "…" }` with a 4xx status for bad
//! input and 404 for unknown ids; a 500 only for real failures (logged, with a generic message).

use actix_web::{HttpResponse, ResponseError, http::StatusCode};
use serde::Serialize;

/// The JSON body of every error answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `invalid_latitude`, `unknown_service`,
    /// `facility_not_found`.
    pub code: String,
    /// Human-readable explanation naming the offending value.
    pub message: String,
}

/// An error answered as [`ErrorBody`].
#[derive(Debug)]
pub enum ApiError {
    /// From the engine (validation, not found, store or index failures).
    Engine(indexer::Error),
    /// Not found, with its code (`area_not_found`, `not_found`).
    NotFound(&'static str, String),
    /// Bad request body.
    BadBody(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Engine(e) => e.fmt(f),
            ApiError::NotFound(_, m) | ApiError::BadBody(m) => f.write_str(m),
        }
    }
}

impl ApiError {
    /// The one table from error to (status, code).
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Engine(indexer::Error::Validation(v)) => (StatusCode::BAD_REQUEST, v.code()),
            ApiError::Engine(indexer::Error::NotFound(_)) => {
                (StatusCode::NOT_FOUND, "facility_not_found")
            }
            ApiError::Engine(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal_error"),
            ApiError::NotFound(code, _) => (StatusCode::NOT_FOUND, code),
            ApiError::BadBody(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, code) = self.status_and_code();
        let message = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            "internal error".to_string()
        } else {
            self.to_string()
        };
        HttpResponse::build(status).json(ErrorBody {
            code: code.to_string(),
            message,
        })
    }
}

impl From<indexer::Error> for ApiError {
    fn from(e: indexer::Error) -> Self {
        ApiError::Engine(e)
    }
}

impl From<model::ValidationError> for ApiError {
    fn from(e: model::ValidationError) -> Self {
        ApiError::Engine(indexer::Error::Validation(e))
    }
}
