//! What imports leave for administrators to look at, and what each import did.
//!
//! Imports never guess: a position that disagrees with its address is replaced by the address's
//! position and queued (「位置の確認が必要」); a listing outside every 日常生活圏域 polygon is put
//! in the nearest one and queued; a record that may be the same facility as another is imported
//! on its own and queued as a possible duplicate; a listing that vanished from the registry it
//! came from is marked closed and queued. Each [`ReviewItem`] stays open until an administrator
//! resolves it.

use crate::geo::LatLng;
use crate::geocode::GeoLevel;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What needs a look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewDetail {
    /// The source's point disagreed with the address and was replaced by the address's point.
    Position {
        /// The point the source gave.
        original: LatLng,
        /// The address's point, now the listing's position.
        replaced_by: LatLng,
        /// How far the address was resolved.
        level: GeoLevel,
        /// Distance between the two, in metres.
        distance_m: f64,
        /// Why (「住所は北九州市、位置は東京都千代田区」).
        reason: String,
    },
    /// The listing lies in no area polygon of its municipality: it was put in the nearest area.
    AreaGap {
        /// The area it was put in.
        area_id: String,
        /// Its name.
        area_name: String,
        /// Distance from the listing to that area's outline, in metres.
        distance_m: f64,
    },
    /// The record may be the same facility as another listing.
    Duplicate {
        /// The other listing.
        other_id: String,
        /// Its name.
        other_name: String,
        /// What they share (「名称と電話番号」, 「名称が同じで 80 m」).
        reason: String,
    },
    /// The listing is no longer in the registry it came from; it was marked closed (廃止).
    Disappeared {
        /// The source.
        source: String,
        /// The edition of the registry that no longer lists it.
        as_of: Option<chrono::NaiveDate>,
    },
}

impl ReviewDetail {
    /// Kind code (`position`, `area_gap`, `duplicate`, `disappeared`).
    pub fn kind(&self) -> &'static str {
        match self {
            ReviewDetail::Position { .. } => "position",
            ReviewDetail::AreaGap { .. } => "area_gap",
            ReviewDetail::Duplicate { .. } => "duplicate",
            ReviewDetail::Disappeared { .. } => "disappeared",
        }
    }

    /// Japanese label of the kind.
    pub fn label(&self) -> &'static str {
        kind_label(self.kind())
    }

    /// The label of the kind in `lang`.
    pub fn label_in(&self, lang: crate::i18n::Lang) -> &'static str {
        kind_label_in(self.kind(), lang)
    }
}

/// Japanese label of a kind code.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "position" => "位置の確認が必要",
        "area_gap" => "圏域の確認が必要",
        "duplicate" => "重複の可能性",
        "disappeared" => "名簿に掲載なし",
        _ => "確認が必要",
    }
}

/// The label of a kind code in `lang`.
pub fn kind_label_in(kind: &str, lang: crate::i18n::Lang) -> &'static str {
    match (lang, kind) {
        (crate::i18n::Lang::Ja, _) => kind_label(kind),
        (crate::i18n::Lang::En, "position") => "Position to check",
        (crate::i18n::Lang::En, "area_gap") => "Area to check",
        (crate::i18n::Lang::En, "duplicate") => "Possible duplicate",
        (crate::i18n::Lang::En, "disappeared") => "Gone from the register",
        (crate::i18n::Lang::En, _) => "To check",
    }
}

/// Every kind code, in the order the admin page lists them.
pub const KINDS: [&str; 4] = ["position", "area_gap", "duplicate", "disappeared"];

/// One open (or resolved) item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewItem {
    /// Id.
    pub id: i64,
    /// The listing concerned.
    pub facility_id: String,
    /// Its name when queued.
    pub facility_name: String,
    /// What needs a look.
    pub detail: ReviewDetail,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// When it was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// Who resolved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
    /// How (「確認済み」, 「統合」, 「別の施設」, 「修正済み」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

/// What one import did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Source id.
    pub source: String,
    /// Files read.
    pub files: Vec<String>,
    /// Records read.
    pub records: usize,
    /// New listings.
    pub new: usize,
    /// Listings of this source that changed.
    pub updated: usize,
    /// Records merged into a listing another source already held.
    pub merged: usize,
    /// Records that may duplicate another listing (imported on their own, queued).
    pub ambiguous: usize,
    /// Listings no longer in the source (marked closed, queued).
    pub closed: usize,
    /// Records identical to what was stored.
    pub unchanged: usize,
    /// Records without coordinates placed by their address.
    pub geocoded: usize,
    /// Records whose address could not be placed at all.
    pub unplaced: usize,
    /// Points replaced because they disagreed with their address (queued).
    pub relocated: usize,
    /// Listings put into the nearest area because no area polygon contains them (queued).
    pub area_gaps: usize,
}

impl ImportReport {
    /// The report on one line, as the CLI prints it.
    pub fn summary(&self) -> String {
        format!(
            "{} records: {} new, {} updated, {} merged, {} ambiguous, {} closed, {} unchanged; positions: {} placed by address, {} replaced, {} not placed; {} put in the nearest area",
            self.records,
            self.new,
            self.updated,
            self.merged,
            self.ambiguous,
            self.closed,
            self.unchanged,
            self.geocoded,
            self.relocated,
            self.unplaced,
            self.area_gaps
        )
    }
}

/// An import as the admin pages list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRun {
    /// Id.
    pub id: i64,
    /// When it finished.
    pub at: DateTime<Utc>,
    /// What it did.
    pub report: ImportReport,
}
