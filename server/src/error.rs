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
    /// Bad parameter (400), with its code.
    BadRequest(&'static str, String),
    /// Not signed in, or wrong credentials (401), with its code.
    Unauthorized(&'static str, String),
    /// Signed in but not allowed (403), with its code (`csrf_rejected`, `forbidden`).
    Forbidden(&'static str, String),
    /// Too many failed logins; seconds until the next try.
    TooManyAttempts(u64),
    /// A failure of ours (500; the message is logged, not sent).
    Internal(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Engine(e) => e.fmt(f),
            ApiError::NotFound(_, m)
            | ApiError::BadBody(m)
            | ApiError::BadRequest(_, m)
            | ApiError::Unauthorized(_, m)
            | ApiError::Forbidden(_, m)
            | ApiError::Internal(m) => f.write_str(m),
            ApiError::TooManyAttempts(s) => {
                write!(f, "too many failed logins; try again in {s} seconds")
            }
        }
    }
}

impl ApiError {
    /// The one table from error to (status, code).
    pub(crate) fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Engine(indexer::Error::Validation(v)) => (StatusCode::BAD_REQUEST, v.code()),
            ApiError::Engine(indexer::Error::NotFound(_)) => {
                (StatusCode::NOT_FOUND, "facility_not_found")
            }
            ApiError::Engine(indexer::Error::ChangeNotFound(_)) => {
                (StatusCode::NOT_FOUND, "change_not_found")
            }
            ApiError::Engine(indexer::Error::CampaignNotFound(_)) => {
                (StatusCode::NOT_FOUND, "campaign_not_found")
            }
            ApiError::Engine(indexer::Error::RequestNotFound(_)) => {
                (StatusCode::NOT_FOUND, "request_not_found")
            }
            ApiError::Engine(indexer::Error::ReviewNotFound(_)) => {
                (StatusCode::NOT_FOUND, "review_not_found")
            }
            ApiError::Engine(indexer::Error::Forbidden(_)) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::Engine(indexer::Error::Conflict(_)) => (StatusCode::CONFLICT, "conflict"),
            ApiError::Engine(_) | ApiError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
            }
            ApiError::Unauthorized(code, _) => (StatusCode::UNAUTHORIZED, code),
            ApiError::Forbidden(code, _) => (StatusCode::FORBIDDEN, code),
            ApiError::TooManyAttempts(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts"),
            ApiError::NotFound(code, _) => (StatusCode::NOT_FOUND, code),
            ApiError::BadBody(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            ApiError::BadRequest(code, _) => (StatusCode::BAD_REQUEST, code),
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
        let mut res = HttpResponse::build(status);
        if let ApiError::TooManyAttempts(s) = self {
            res.insert_header((actix_web::http::header::RETRY_AFTER, s.to_string()));
        }
        res.json(ErrorBody {
            code: code.to_string(),
            message,
        })
    }
}

/// Reads a JSON request body; malformed JSON is a 400 `invalid_json`.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::BadBody(e.to_string()))
}

/// [`json_body`], with an empty body meaning the default.
pub fn json_body_or_default<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    json_body(body)
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
