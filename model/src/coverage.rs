//! Coverage: a directory's listings per area set against the people who live there — counts by
//! category, service type and capability (official designations apart from self-reported
//! activity, which sources report differently), the same per 10,000 people aged 65+ and 75+, and
//! the share of the 75+ living within a distance of at least one listing of the kind asked for.
//! Aggregates only: no listing's field enters it.

use crate::area::AreaKind;
use crate::population::AreaPopulation;
use crate::sources::DataSource;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which areas a coverage table has a row for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CoverageLevel {
    /// The 日常生活圏域 (and other areas that are not municipalities).
    #[default]
    Area,
    /// Municipalities (市区町村).
    Municipality,
}

/// The share of an area's people aged 75+ living near a listing of the kind asked for, from
/// the census' small areas joined to address points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearShare {
    /// People aged 75+ of the area's small areas that have a point.
    pub aged_75: u64,
    /// Of those, the ones whose small area lies within the distance of at least one listing.
    pub covered: u64,
    /// `covered / aged_75` (None when no small area of the area has a point).
    pub share: Option<f64>,
}

/// One area's row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageRow {
    /// Area id (`hirakata-area-8`, `municipality-272108`).
    pub area_id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: AreaKind,
    /// Its municipality's 6-digit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_code: Option<String>,
    /// Listings matching the filters.
    pub listings: u64,
    /// The population divided by (for a municipality the 住民基本台帳's when loaded, else the
    /// census'), with its source and date; None when none is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<AreaPopulation>,
    /// Listings per 10,000 people aged 65+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_10k_65: Option<f64>,
    /// Listings per 10,000 people aged 75+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_10k_75: Option<f64>,
    /// The 75+ living within the distance asked for (only when a distance was asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<NearShare>,
    /// Listings by category code (under the other filters).
    pub categories: BTreeMap<String, u64>,
    /// Listings by service type code.
    pub services: BTreeMap<String, u64>,
    /// Listings by official designation (在支診, 届出…: what a registry says).
    pub designations: BTreeMap<String, u64>,
    /// Listings by self-reported activity (訪問診療, 看取り…: what listings say they do).
    pub activities: BTreeMap<String, u64>,
}

/// A coverage table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    /// Which areas the rows are.
    pub level: CoverageLevel,
    /// The distance of the near share, metres (None: not asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_m: Option<u32>,
    /// One row per area: the areas without any matching listing (the gaps) first, then by id
    /// (numbers in it by value: `area-2` before `area-10`).
    pub rows: Vec<CoverageRow>,
    /// The population sources used, with their credit lines.
    pub sources: Vec<DataSource>,
}

/// Listings per 10,000 people (None without people).
pub fn per_10k(listings: u64, people: u64) -> Option<f64> {
    (people > 0).then(|| listings as f64 * 10_000.0 / people as f64)
}

/// The number a planning map colours its areas by (every one: the higher, the better served).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    /// Listings per 10,000 people aged 75+.
    #[default]
    #[serde(rename = "per_10k_75")]
    Per10k75,
    /// Listings per 10,000 people aged 65+.
    #[serde(rename = "per_10k_65")]
    Per10k65,
    /// Listings.
    Listings,
    /// The share of the 75+ living within the distance asked for of a listing.
    NearShare,
}

impl Indicator {
    /// Every indicator, in the order a form offers them.
    pub const ALL: [Indicator; 4] = [
        Indicator::Per10k75,
        Indicator::Per10k65,
        Indicator::Listings,
        Indicator::NearShare,
    ];

    /// The code in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Indicator::Per10k75 => "per_10k_75",
            Indicator::Per10k65 => "per_10k_65",
            Indicator::Listings => "listings",
            Indicator::NearShare => "near_share",
        }
    }

    /// The indicator of a URL code.
    pub fn from_code(code: &str) -> Option<Indicator> {
        Indicator::ALL.into_iter().find(|i| i.code() == code)
    }

    /// Its Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            Indicator::Per10k75 => "75歳以上1万人あたりの数",
            Indicator::Per10k65 => "65歳以上1万人あたりの数",
            Indicator::Listings => "事業所などの数",
            Indicator::NearShare => "近くに住む75歳以上の割合",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, Indicator::Per10k75) => "Per 10,000 people aged 75+",
            (crate::i18n::Lang::En, Indicator::Per10k65) => "Per 10,000 people aged 65+",
            (crate::i18n::Lang::En, Indicator::Listings) => "Number of providers",
            (crate::i18n::Lang::En, Indicator::NearShare) => {
                "Share of people aged 75+ living nearby"
            }
        }
    }

    /// Its value in `row` (None: the row lacks the population or distance it needs).
    pub fn value(self, row: &CoverageRow) -> Option<f64> {
        match self {
            Indicator::Per10k75 => row.per_10k_75,
            Indicator::Per10k65 => row.per_10k_65,
            Indicator::Listings => Some(row.listings as f64),
            Indicator::NearShare => row.near.as_ref().and_then(|n| n.share),
        }
    }

    /// A value in words, as tables and legends write it (a share is rounded down, so that
    /// 「100%」 means everyone).
    pub fn format(self, v: f64) -> String {
        match self {
            Indicator::Listings => format!("{v:.0}"),
            Indicator::NearShare => format!("{:.0}%", (v * 100.0).floor()),
            Indicator::Per10k65 | Indicator::Per10k75 => format!("{v:.1}"),
        }
    }

    /// Its value in `row` in words (「—」 without one).
    pub fn text(self, row: &CoverageRow) -> String {
        self.value(row)
            .map_or_else(|| "—".to_string(), |v| self.format(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicators_round_trip_their_codes() {
        for i in Indicator::ALL {
            assert_eq!(Indicator::from_code(i.code()), Some(i));
            let json = serde_json::to_string(&i).unwrap();
            assert_eq!(json, format!("\"{}\"", i.code()));
        }
        assert_eq!(Indicator::from_code("beds"), None);
        assert_eq!(Indicator::NearShare.format(0.999), "99%");
        assert_eq!(Indicator::Per10k75.format(4.25), "4.2");
        assert_eq!(Indicator::Listings.format(7.0), "7");
    }

    #[test]
    fn per_10k_needs_people() {
        assert_eq!(per_10k(3, 0), None);
        assert_eq!(per_10k(3, 20_000), Some(1.5));
    }
}
