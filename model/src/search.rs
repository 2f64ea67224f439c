//! The search contract shared by the engine, the API and the UI.
//!
//! A [`SearchQuery`] combines any of: text, categories, service types, capabilities, areas,
//! municipality, near point + radius, bbox, serves-point, open at, ケアマネタイム at, accepting,
//! lifecycle status, sort and paging. [`SearchQuery::validate`] rejects everything the engine
//! cannot answer, so the engine only sees well-formed queries.

use crate::error::ValidationError;
use crate::facility::{Accepting, FacilityId, LifecycleStatus, ProfessionalFields};
use crate::geo::{BoundingBox, LatLng};
use crate::taxonomy;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest radius accepted, in metres.
pub const MAX_RADIUS_M: f64 = 200_000.0;
/// Largest page size.
pub const MAX_PER_PAGE: u32 = 200;
/// Default page size.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Deepest result reachable by paging (page × per_page).
pub const MAX_RESULT_WINDOW: u64 = 10_000;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Text relevance when there is text, else distance when there is a point, else name.
    #[default]
    Relevance,
    /// Nearest first (needs `near`).
    Distance,
    /// By kana reading, then id (the order of a printed directory); listings without a
    /// reading come first.
    Name,
    /// By id (byte order); stable for exports and paging.
    Id,
}

impl Sort {
    /// Snake-case code used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Distance => "distance",
            Sort::Name => "name",
            Sort::Id => "id",
        }
    }
}

/// A point with an optional radius.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Near {
    /// Centre.
    pub point: LatLng,
    /// Radius in metres; `None` only orders by distance without filtering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(exclusive_minimum = 0, maximum = 200000))]
    pub radius_m: Option<f64>,
}

/// A search request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SearchQuery {
    /// Japanese full text (names, kana, aliases, services, description, address).
    pub text: Option<String>,
    /// Category codes (any of).
    pub categories: Vec<String>,
    /// Service type codes (any of).
    pub services: Vec<String>,
    /// Capability codes (all of).
    pub capabilities: Vec<String>,
    /// Scene codes (any of): listings serving one of the four scenes
    /// ([`crate::taxonomy::SCENES`]).
    pub scenes: Vec<String>,
    /// Area ids (any of).
    pub areas: Vec<String>,
    /// Municipality code.
    pub municipality: Option<String>,
    /// Near a point, with an optional radius.
    pub near: Option<Near>,
    /// Inside a viewport.
    pub bbox: Option<BoundingBox>,
    /// Whose service area covers this point.
    pub serves: Option<LatLng>,
    /// Open at this instant (per opening hours).
    pub open_at: Option<DateTime<FixedOffset>>,
    /// A ケアマネタイム window is open at this instant.
    pub contact_window_at: Option<DateTime<FixedOffset>>,
    /// Accepting new users (`true`: yes or limited; `false`: not accepting).
    pub accepting: Option<bool>,
    /// Lifecycle statuses; empty means active only.
    pub statuses: Vec<LifecycleStatus>,
    /// Order.
    pub sort: Sort,
    /// Page, 1-based.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub page: Option<u32>,
    /// Page size, at most [`MAX_PER_PAGE`].
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 200))]
    pub per_page: Option<u32>,
}

impl SearchQuery {
    /// Page number (1-based).
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1)
    }

    /// Page size.
    pub fn per_page(&self) -> u32 {
        self.per_page.unwrap_or(DEFAULT_PER_PAGE)
    }

    /// Statuses to include (active only when none were given).
    pub fn statuses(&self) -> Vec<LifecycleStatus> {
        if self.statuses.is_empty() {
            vec![LifecycleStatus::Active]
        } else {
            self.statuses.clone()
        }
    }

    /// The text with surrounding space removed, if any is left.
    pub fn text(&self) -> Option<&str> {
        self.text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// Checks ranges and taxonomy codes.
    pub fn validate(&self) -> Result<(), ValidationError> {
        for c in &self.categories {
            if taxonomy::category(c).is_none() {
                return Err(ValidationError::UnknownCategory(c.clone()));
            }
        }
        for s in &self.services {
            if taxonomy::service_type(s).is_none() {
                return Err(ValidationError::UnknownService(s.clone()));
            }
        }
        for c in &self.capabilities {
            if taxonomy::capability(c).is_none() {
                return Err(ValidationError::UnknownCapability(c.clone()));
            }
        }
        for c in &self.scenes {
            if taxonomy::scene(c).is_none() {
                let known: Vec<&str> = taxonomy::SCENES.iter().map(|s| s.code).collect();
                return Err(ValidationError::InvalidParameter {
                    param: "scene",
                    message: format!("unknown scene {c:?}: use {}", known.join(", ")),
                });
            }
        }
        if let Some(near) = &self.near {
            near.point.validate()?;
            if let Some(r) = near.radius_m
                && !(r.is_finite() && r > 0.0 && r <= MAX_RADIUS_M)
            {
                return Err(ValidationError::InvalidRadius(r));
            }
        }
        if let Some(b) = &self.bbox {
            b.validate()?;
        }
        if let Some(p) = &self.serves {
            p.validate()?;
        }
        if self.page == Some(0) {
            return Err(ValidationError::InvalidPage("page starts at 1".into()));
        }
        let per_page = self.per_page();
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(ValidationError::InvalidPage(format!(
                "per_page must be 1 to {MAX_PER_PAGE}"
            )));
        }
        if u64::from(self.page()) * u64::from(per_page) > MAX_RESULT_WINDOW + u64::from(per_page) {
            return Err(ValidationError::InvalidPage(format!(
                "results beyond the first {MAX_RESULT_WINDOW} cannot be paged; narrow the search"
            )));
        }
        if self.sort == Sort::Distance && self.near.is_none() {
            return Err(ValidationError::InvalidQuery(
                "sort=distance needs a point (near)".into(),
            ));
        }
        Ok(())
    }
}

/// A facility as a search result: what a list or a map marker needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// Id.
    pub id: FacilityId,
    /// Name.
    pub name: String,
    /// Kana reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kana: Option<String>,
    /// Category code.
    pub category: String,
    /// Service type codes.
    pub services: Vec<String>,
    /// Capability codes.
    pub capabilities: Vec<String>,
    /// Position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LatLng>,
    /// True when the position is approximate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub location_approximate: bool,
    /// Distance from the query point in metres (when a point was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    /// Address on one line.
    pub address: String,
    /// Main phone (when public).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Municipality code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_code: Option<String>,
    /// Area ids.
    pub areas: Vec<String>,
    /// Lifecycle status.
    pub status: LifecycleStatus,
    /// Open at `open_at` (when asked and hours are known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_now: Option<bool>,
    /// Acceptance as last reported (when public), with its date in `accepting_as_of`. A report
    /// older than 14 days counts as unknown: the site shows 「不明」 and the `accepting` filter
    /// does not match it; clients should do the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepting: Option<Accepting>,
    /// Date of the acceptance report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepting_as_of: Option<NaiveDate>,
    /// Last human confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<NaiveDate>,
    /// Where the listing comes from (e.g. `mhlw-kaigo-open-data`, `caremap-sample`): decides
    /// the attribution or notice a page showing it must carry.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Every source merged into the listing, `source` first, when there is more than one (each
    /// needs its credit line).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// Relevance score (text queries ranked by relevance): per word, where it occurs (name 3,
    /// reading or alias 2, other text or a label 1; +0.5 whole word, +0.25 word start) times
    /// the word's rarity, summed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// The professional fields (ケアマネタイム, desks, notes): present for professional
    /// viewers only, absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional: Option<Box<ProfessionalFields>>,
}

/// Facet counts: code → number of matching facilities.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Per category.
    pub category: BTreeMap<String, u64>,
    /// Per service type.
    pub service: BTreeMap<String, u64>,
    /// Per capability.
    pub capability: BTreeMap<String, u64>,
    /// Per area.
    pub area: BTreeMap<String, u64>,
    /// Per scene (the four scenes a listing serves).
    #[serde(default)]
    pub scene: BTreeMap<String, u64>,
}

/// A search answer.
///
/// Facet counts are disjunctive: the counts of one dimension ignore that dimension's own filter
/// (so picking 訪問看護 still shows how many 居宅介護支援 there are), and obey all the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResponse {
    /// Number of matching facilities.
    pub total: u64,
    /// Page (1-based).
    pub page: u32,
    /// Page size.
    pub per_page: u32,
    /// The page of hits.
    pub hits: Vec<SearchHit>,
    /// Facet counts.
    pub facets: Facets,
    /// Engine time in milliseconds.
    pub took_ms: f64,
}

/// A map marker: where a matching listing is and what to label it with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapPoint {
    /// Id.
    pub id: FacilityId,
    /// Name.
    pub name: String,
    /// Category code (the marker's colour).
    pub category: String,
    /// Position.
    pub location: LatLng,
    /// True when the position is approximate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
}

/// Where many matching listings lie close together: one map bubble standing for `count` of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapCluster {
    /// Mean position of its listings (where the bubble goes).
    pub location: LatLng,
    /// Number of listings.
    pub count: u64,
    /// The box around its listings (zooming to it shows them apart).
    pub bbox: BoundingBox,
}

/// The markers of a search: every matching listing with a position when they are few enough,
/// otherwise clusters over a grid; and how many match in all.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapPoints {
    /// Number of matching facilities (with or without a position).
    pub total: u64,
    /// Markers (empty when `clusters` stand for them).
    pub points: Vec<MapPoint>,
    /// Clusters, when the matches were too many for one marker each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clusters: Vec<MapCluster>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_json_round_trip_and_validation() {
        let q: SearchQuery = serde_json::from_str(
            r#"{"text":"内科","services":["clinic"],"near":{"point":{"lat":35.0,"lng":139.0},"radius_m":3000},"sort":"distance"}"#,
        )
        .unwrap();
        q.validate().unwrap();
        assert_eq!(q.statuses(), vec![LifecycleStatus::Active]);
        let bad: SearchQuery = serde_json::from_str(r#"{"services":["nope"]}"#).unwrap();
        assert!(matches!(
            bad.validate(),
            Err(ValidationError::UnknownService(_))
        ));
        let bad: SearchQuery = serde_json::from_str(r#"{"sort":"distance"}"#).unwrap();
        assert!(bad.validate().is_err());
        let bad: SearchQuery = serde_json::from_str(r#"{"per_page":500}"#).unwrap();
        assert!(bad.validate().is_err());
        assert!(serde_json::from_str::<SearchQuery>(r#"{"txt":"x"}"#).is_err());
        let bad = SearchQuery {
            near: Some(Near {
                point: LatLng {
                    lat: 35.0,
                    lng: 139.0,
                },
                radius_m: Some(-1.0),
            }),
            ..SearchQuery::default()
        };
        assert!(matches!(
            bad.validate(),
            Err(ValidationError::InvalidRadius(_))
        ));
    }
}
