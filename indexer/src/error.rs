//! Errors of the indexer library.

use thiserror::Error;

/// What went wrong in the store, the index or an import.
#[derive(Debug, Error)]
pub enum Error {
    /// A query or record failed validation.
    #[error(transparent)]
    Validation(#[from] model::ValidationError),
    /// The database failed.
    #[error("store: {0}")]
    Store(#[from] sea_orm::DbErr),
    /// The text index failed.
    #[error("text index: {0}")]
    Text(#[from] tantivy::TantivyError),
    /// An input file has a bad record; nothing from that file was imported.
    #[error("{file}:{at}: {reason}")]
    InvalidRecord {
        /// File name.
        file: String,
        /// Where in the file: a 1-based line number, or `feature N` for GeoJSON.
        at: String,
        /// Why the record was rejected.
        reason: String,
    },
    /// A facility id is unknown.
    #[error("facility {0:?} not found")]
    NotFound(String),
    /// A change-log entry id is unknown.
    #[error("change {0} not found")]
    ChangeNotFound(i64),
    /// A change-request id is unknown.
    #[error("change request {0} not found")]
    RequestNotFound(i64),
    /// A review item id is unknown.
    #[error("review item {0} not found")]
    ReviewNotFound(i64),
    /// A campaign id is unknown.
    #[error("campaign {0} not found")]
    CampaignNotFound(i64),
    /// The account may not do this (outside its role or scope).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The write conflicts with the current state (stale version, taken e-mail, a field
    /// changed again since the change being reverted).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A stored document could not be decoded.
    #[error("stored record {id}: {source}")]
    Corrupt {
        /// Facility or area id.
        id: String,
        /// Decoding error.
        source: serde_json::Error,
    },
    /// The index is being written by another process.
    #[error(
        "the index in {0} is locked by another process (is a caremap server running on this data dir?)"
    )]
    Locked(String),
    /// The engine's snapshot cannot be used (damaged, from another format or another store);
    /// the engine is then built from the store instead.
    #[error("snapshot {0}")]
    Snapshot(String),
    /// File system error.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// Cause.
        source: std::io::Error,
    },
}

impl Error {
    /// True when the database could not be reached (down, restarting, every connection busy
    /// past the pool's timeout): the request may succeed if tried again shortly.
    pub fn is_store_unavailable(&self) -> bool {
        use sea_orm::sqlx::Error as Sqlx;
        use sea_orm::{DbErr, RuntimeErr};
        let Error::Store(e) = self else { return false };
        match e {
            DbErr::ConnectionAcquire(_) => true,
            DbErr::Conn(RuntimeErr::SqlxError(s))
            | DbErr::Exec(RuntimeErr::SqlxError(s))
            | DbErr::Query(RuntimeErr::SqlxError(s)) => {
                matches!(
                    s.as_ref(),
                    Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::Protocol(_)
                ) || s
                    .as_database_error()
                    .and_then(|d| d.code())
                    // 57P01–57P03: the server is shutting down or starting; 08xxx: connection.
                    .is_some_and(|c| c.starts_with("57P") || c.starts_with("08"))
            }
            DbErr::Conn(_) => true,
            _ => false,
        }
    }

    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let context = context.into();
        move |source| Error::Io { context, source }
    }
}

/// Result with an indexer [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
