//! From parsed records to listings: what every importer of real data goes through.
//!
//! An importer (MHLW CSV, 厚生局 xlsx, a city's table with its mapping) parses its files into a
//! [`Batch`]: records of one [`DataSource`], each naming its key in that source. The engine's
//! `Engine::import` then, for the whole batch before writing anything:
//!
//! 1. **places** every record ([`placement`]): a point is checked against its address (municipal
//!    boundary and geocoder) and replaced by the address's position when they disagree; a record
//!    without a point gets its address's position, marked approximate with its level;
//! 2. **matches** it against the directory ([`matching`]): the same source record, the same
//!    official id (事業所番号 + service, 医療機関コード), else the same facility by normalised name
//!    with phone, address or a nearby position; several or only weak candidates make it
//!    *ambiguous*: imported on its own and queued, never guessed;
//! 3. **merges** it into the listing it matched ([`merge`]), field by field: each field keeps
//!    the source it came from, a field an editor set is never overwritten, and between sources
//!    the higher priority wins;
//! 4. **closes** the listings of a complete list that the new edition no longer has;
//!
//! and writes everything — listings, their change log, the review queue, the source's credit
//! and the report — in one transaction.

pub mod matching;
pub mod merge;
pub mod placement;

use model::Facility;
use model::sources::DataSource;

/// Which of a source's records a complete list covers (listings of the source inside the scope
/// that the list lacks are marked closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every record of the source.
    All,
    /// The records whose key starts with one of these (a prefecture's 医療機関コード).
    KeyPrefixes(Vec<String>),
}

impl Scope {
    /// Whether a key is inside the scope.
    pub fn covers(&self, key: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::KeyPrefixes(p) => p.iter().any(|p| key.starts_with(p.as_str())),
        }
    }
}

/// Records of one source, ready to import.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The source (recorded with its credit line).
    pub source: DataSource,
    /// The records; each one's `provenance.records[0]` names its key in the source.
    pub records: Vec<Facility>,
    /// When the batch is the whole list for a scope: close what it no longer has.
    pub complete: Option<Scope>,
    /// The files read (for the report).
    pub files: Vec<String>,
}

/// The key of a record in its own source (its first source record).
pub fn key_of(f: &Facility) -> Option<&str> {
    f.provenance.records.first().map(|r| r.key.as_str())
}

/// Priority of a source when two disagree on a field: an editor's change beats every import;
/// a city's own table beats the national registries. The source record's `priority` is used
/// when the store knows it.
pub fn default_priority(source: &str) -> u8 {
    match source {
        EDITOR => u8::MAX,
        model::sources::KOSEI => 20,
        model::sources::MHLW_CARE => 10,
        _ => 30,
    }
}

/// The owner recorded for fields an editor changed.
pub const EDITOR: &str = "edit";
