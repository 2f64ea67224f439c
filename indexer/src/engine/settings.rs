use std::path::{Path, PathBuf};

/// Where the engine keeps its data.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Folder of the text index (`<data_dir>/index`); `None` keeps the index in memory (tests).
    pub data_dir: Option<PathBuf>,
    /// Database URL (`sqlite://…` or `postgres://…`).
    pub database_url: String,
    /// How many frequent query words keep their matching set in memory (0: none); see
    /// `WordCache`.
    pub word_cache: usize,
    /// Fewest possible matches (the search's candidates) for a word to be kept in the word
    /// cache (cheaper words are not).
    pub word_cache_min_matches: usize,
}

/// How the query planner chooses between its strategies, which give the same answers: by
/// estimated cost (always, in service), or forced one way, so tests and diagnosis can compare
/// them on the same data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Planner {
    /// The cheaper strategy by estimate.
    #[default]
    Cost,
    /// Set algebra wherever the filters allow it, and text found through its matches.
    Sets,
    /// Every candidate checked one by one, text included.
    Scan,
}

/// Default size of the word cache.
pub const DEFAULT_WORD_CACHE: usize = 256;

/// Default fewest matches of a cached word.
pub const DEFAULT_WORD_CACHE_MIN_MATCHES: usize = 2_000;

impl EngineSettings {
    /// Settings for a data dir with the default SQLite file inside it.
    pub fn for_data_dir(data_dir: &Path) -> EngineSettings {
        EngineSettings {
            data_dir: Some(data_dir.to_path_buf()),
            database_url: crate::store::default_database_url(data_dir),
            word_cache: DEFAULT_WORD_CACHE,
            word_cache_min_matches: DEFAULT_WORD_CACHE_MIN_MATCHES,
        }
    }

    /// Settings for an in-memory SQLite database and index (tests).
    pub fn in_memory() -> EngineSettings {
        EngineSettings {
            data_dir: None,
            database_url: "sqlite::memory:".into(),
            word_cache: DEFAULT_WORD_CACHE,
            word_cache_min_matches: DEFAULT_WORD_CACHE_MIN_MATCHES,
        }
    }
}
