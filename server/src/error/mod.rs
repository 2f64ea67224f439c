//! The API's error answer: `{ "code": "snake_case", "message": "…" }` with a 4xx status for bad
//! input and 404 for unknown ids; a 500 only for real failures (logged with their causes, answered
//! with a generic message). Every code is in [`ErrorCode`], with its status and meaning.

mod code;

pub use code::{ErrorCode, LISTING_BODY, SEARCH_PARAMETERS};

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
    /// An answer of the handler's own, with its code (the status comes with the code).
    Coded(ErrorCode, String),
    /// Too many failed logins; seconds until the next try.
    TooManyAttempts(u64),
    /// A failure of ours (500): logged with its whole cause chain, not sent.
    Internal(anyhow::Error),
}

impl ApiError {
    /// An answer with this code and message.
    pub fn new(code: ErrorCode, message: String) -> ApiError {
        ApiError::Coded(code, message)
    }

    /// The code of this error.
    pub fn code(&self) -> ErrorCode {
        use indexer::Error as E;
        match self {
            ApiError::Engine(E::Validation(v)) => ErrorCode::of_validation(v),
            ApiError::Engine(E::NotFound(_)) => ErrorCode::FacilityNotFound,
            ApiError::Engine(E::ChangeNotFound(_)) => ErrorCode::ChangeNotFound,
            ApiError::Engine(E::CampaignNotFound(_)) => ErrorCode::CampaignNotFound,
            ApiError::Engine(E::RequestNotFound(_)) => ErrorCode::RequestNotFound,
            ApiError::Engine(E::ReviewNotFound(_)) => ErrorCode::ReviewNotFound,
            ApiError::Engine(E::Forbidden(_)) => ErrorCode::Forbidden,
            ApiError::Engine(E::Conflict(_)) => ErrorCode::Conflict,
            ApiError::Engine(e) if e.is_store_unavailable() => ErrorCode::StoreUnavailable,
            ApiError::Engine(_) | ApiError::Internal(_) => ErrorCode::InternalError,
            ApiError::Coded(code, _) => *code,
            ApiError::TooManyAttempts(_) => ErrorCode::TooManyAttempts,
        }
    }

    /// The status and code it is answered with.
    pub(crate) fn status_and_code(&self) -> (StatusCode, &'static str) {
        let c = self.code();
        (c.status(), c.code())
    }

    /// The message with every cause under it (`a: b: c`), for the log.
    pub(crate) fn cause_chain(&self) -> String {
        match self {
            ApiError::Internal(e) => format!("{e:#}"),
            ApiError::Engine(e) => {
                let mut out = e.to_string();
                let mut cause = std::error::Error::source(e);
                while let Some(c) = cause {
                    let s = c.to_string();
                    // thiserror's `{0}` messages repeat their source: say each link once.
                    if !out.ends_with(&s) {
                        out.push_str(": ");
                        out.push_str(&s);
                    }
                    cause = c.source();
                }
                out
            }
            e => e.to_string(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Engine(e) => e.fmt(f),
            ApiError::Coded(_, m) => f.write_str(m),
            ApiError::Internal(e) => e.fmt(f),
            ApiError::TooManyAttempts(s) => {
                write!(f, "too many failed logins; try again in {s} seconds")
            }
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code().status()
    }

    fn error_response(&self) -> HttpResponse {
        let code = self.code();
        let message = if code == ErrorCode::StoreUnavailable {
            tracing::warn!(error = %self.cause_chain(), "database unavailable");
            code.meaning().to_string()
        } else if code.status().is_server_error() {
            tracing::error!(error = %self.cause_chain(), "request failed");
            "internal error".to_string()
        } else {
            self.to_string()
        };
        let mut res = HttpResponse::build(code.status());
        match self {
            ApiError::TooManyAttempts(s) => {
                res.insert_header((actix_web::http::header::RETRY_AFTER, s.to_string()));
            }
            _ if code == ErrorCode::StoreUnavailable => {
                res.insert_header((actix_web::http::header::RETRY_AFTER, "2"));
            }
            _ => {}
        }
        res.json(ErrorBody {
            code: code.code().to_string(),
            message,
        })
    }
}

/// Reads a JSON request body; malformed JSON is a 400 `invalid_json`.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::new(ErrorCode::InvalidJson, e.to_string()))
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

/// A query string that does not fit its route's parameters: 400 `invalid_parameter` as JSON
/// (actix would answer plain text).
pub fn query_error(
    e: actix_web::error::QueryPayloadError,
    _: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::new(ErrorCode::InvalidParameter, e.to_string()).into()
}

/// A path whose parameter does not parse (an id out of range, say): no such resource, 404
/// `not_found` as JSON.
pub fn path_error(
    e: actix_web::error::PathError,
    req: &actix_web::HttpRequest,
) -> actix_web::Error {
    ApiError::new(
        ErrorCode::NotFound,
        format!("no resource at {}: {e}", req.path()),
    )
    .into()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_keeps_its_causes_for_the_log_and_answers_a_generic_500() {
        let io = std::io::Error::other("disk full");
        let e = ApiError::Internal(anyhow::Error::new(io).context("writing the export"));
        assert_eq!(e.cause_chain(), "writing the export: disk full");
        assert_eq!(
            e.status_and_code(),
            (StatusCode::INTERNAL_SERVER_ERROR, "internal_error")
        );
        let bad = serde_json::from_str::<u32>("x").unwrap_err();
        let db = ApiError::Engine(indexer::Error::Corrupt {
            id: "a".into(),
            source: bad,
        });
        let chain = db.cause_chain();
        assert!(
            chain.starts_with("stored record a: expected value"),
            "{chain}"
        );
        assert_eq!(chain.matches("expected value").count(), 1, "{chain}");
    }

    #[test]
    fn codes_carry_their_status() {
        let e = ApiError::new(ErrorCode::LinkNotFound, "gone".into());
        assert_eq!(
            e.status_and_code(),
            (StatusCode::NOT_FOUND, "link_not_found")
        );
        let v: ApiError = model::ValidationError::MissingField("name").into();
        assert_eq!(
            v.status_and_code(),
            (StatusCode::BAD_REQUEST, "missing_field")
        );
    }
}
