//! The facility (事業所/施設) record and its field groups.
//!
//! A [`Facility`] holds everything caremap knows about one listing: official ids, names, taxonomy
//! placement, capabilities with their source, address and location, contact data, lifecycle,
//! schedules (opening hours and ケアマネタイム), contact points, availability, service area, the
//! visibility of each field group and provenance. [`Facility::validate`] checks a record against
//! the taxonomy; [`Facility::public_view`] is the one place that removes professional-only groups.

use crate::error::ValidationError;
use crate::geo::{LatLng, MultiPolygon};
use crate::schedule::Schedule;
use crate::taxonomy;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod availability;
mod contact;
pub mod fields;
mod visibility;

pub use availability::{Accepting, Availability};
pub use contact::{ContactMethod, ContactPoint, ContactWindow};
pub use visibility::{FacilityView, FieldGroup, ProfessionalFields, Visibility};

/// Default radius of a home-visit service area: 往診/訪問診療 are normally reimbursed within 16 km.
pub const DEFAULT_HOME_VISIT_RADIUS_M: f64 = 16_000.0;

/// Stable public id of a listing, e.g. `mhlw-0170102313-430` or `sample-clinic-012`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct FacilityId(pub String);

impl FacilityId {
    /// Validates the id: 1–100 characters of ASCII letters, digits, `-`, `_` and `.`.
    pub fn new(id: impl Into<String>) -> Result<FacilityId, ValidationError> {
        let id = id.into();
        let ok = !id.is_empty()
            && id.len() <= 100
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if ok {
            Ok(FacilityId(id))
        } else {
            Err(ValidationError::InvalidId(id))
        }
    }

    /// The id as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FacilityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Official identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialIds {
    /// 介護保険事業所番号 (10 characters, may contain letters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care_office_number: Option<String>,
    /// 医療機関コード.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medical_institution_code: Option<String>,
    /// 法人番号 (13 digits) of the operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corporate_number: Option<String>,
}

/// Who the capability claim comes from (designation ≠ practice, seed-requirements §7.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CapabilitySource {
    /// An official registry (厚生局 届出, 指定一覧).
    Official,
    /// What the facility reported itself (survey, FAX form).
    #[default]
    SelfReported,
    /// A municipal certification or check.
    Municipal,
}

impl CapabilitySource {
    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            CapabilitySource::Official => "公的届出",
            CapabilitySource::SelfReported => "自己申告",
            CapabilitySource::Municipal => "市町村確認",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, CapabilitySource::Official) => "official registration",
            (crate::i18n::Lang::En, CapabilitySource::SelfReported) => "self-reported",
            (crate::i18n::Lang::En, CapabilitySource::Municipal) => "confirmed by the municipality",
        }
    }
}

/// A capability of a facility together with its source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapabilityClaim {
    /// Capability code from the taxonomy.
    pub code: String,
    /// Where the claim comes from.
    #[serde(default)]
    pub source: CapabilitySource,
    /// Since when (if known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// The document the claim comes from, with its date (「届出受理医療機関名簿 2025-10-01」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// What exactly was notified (「機能強化型（単独型）」, 「在医総管１」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// 郵便番号, `123-4567`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// 都道府県.
    #[serde(default)]
    pub prefecture: String,
    /// 市区町村.
    #[serde(default)]
    pub city: String,
    /// 町丁目 and 番地, e.g. 「本町二丁目3-4」.
    #[serde(default)]
    pub street: String,
    /// 方書 (building, floor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
}

impl Address {
    /// The address on one line, as printed in Japan (prefecture first).
    pub fn one_line(&self) -> String {
        let mut s = format!("{}{}{}", self.prefecture, self.city, self.street);
        if let Some(b) = self.building.as_deref().filter(|b| !b.is_empty()) {
            s.push(' ');
            s.push_str(b);
        }
        s
    }
}

/// A geocoded position.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Location {
    /// Latitude (degrees).
    pub lat: f64,
    /// Longitude (degrees).
    pub lng: f64,
    /// True when the position is approximate (geocoded to the 町丁目 or municipality only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    /// For a position placed by its address: how far the address was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<crate::geocode::GeoLevel>,
}

/// Beds of a hospital or clinic (病床数).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Beds {
    /// All beds.
    pub total: u32,
    /// By kind as published (「一般 69／療養 37」).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

impl Location {
    /// The position as a point.
    pub fn point(&self) -> LatLng {
        LatLng {
            lat: self.lat,
            lng: self.lng,
        }
    }
}

/// Lifecycle status of a listing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStatus {
    /// 準備中 (opening soon).
    Planned,
    /// 稼働 (operating).
    #[default]
    Active,
    /// 休止 (suspended).
    Suspended,
    /// 廃止 (closed for good).
    Closed,
}

impl LifecycleStatus {
    /// All statuses.
    pub const ALL: [LifecycleStatus; 4] = [
        LifecycleStatus::Planned,
        LifecycleStatus::Active,
        LifecycleStatus::Suspended,
        LifecycleStatus::Closed,
    ];

    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            LifecycleStatus::Planned => "準備中",
            LifecycleStatus::Active => "稼働中",
            LifecycleStatus::Suspended => "休止",
            LifecycleStatus::Closed => "廃止",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, LifecycleStatus::Planned) => "Opening soon",
            (crate::i18n::Lang::En, LifecycleStatus::Active) => "Open",
            (crate::i18n::Lang::En, LifecycleStatus::Suspended) => "Suspended",
            (crate::i18n::Lang::En, LifecycleStatus::Closed) => "Closed",
        }
    }

    /// Snake-case code used in URLs.
    pub fn code(self) -> &'static str {
        match self {
            LifecycleStatus::Planned => "planned",
            LifecycleStatus::Active => "active",
            LifecycleStatus::Suspended => "suspended",
            LifecycleStatus::Closed => "closed",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<LifecycleStatus> {
        LifecycleStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Where a facility provides its services (who it can visit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceArea {
    /// Listed municipalities (codes).
    Municipalities(Vec<String>),
    /// A polygon.
    Polygon(MultiPolygon),
    /// A radius around the facility, in metres.
    RadiusM(f64),
}

/// Where the record came from and who confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provenance {
    /// Source, e.g. `mhlw-open-data`, `caremap-sample`, `survey-2026`.
    #[serde(default)]
    pub source: String,
    /// Reference within the source (file and line, survey form number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
    /// Last human confirmation (not the last change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<NaiveDate>,
    /// Who confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<String>,
    /// Every source record merged into this listing (the first is `source`'s own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<crate::sources::SourceRecord>,
    /// Why the position is what it is, when an import replaced the source's point by the
    /// address's (「住所と位置が一致しないため住所から推定（元の位置：東京都千代田区）」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_note: Option<String>,
    /// The source each imported field was last taken from (field name → source id), so a
    /// merge of several sources keeps where each value comes from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_sources: BTreeMap<String, String>,
}

/// One listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facility {
    /// Stable id.
    pub id: FacilityId,
    /// Official identifiers.
    #[serde(default)]
    pub official_ids: OfficialIds,
    /// Name (事業所名).
    pub name: String,
    /// Name in katakana (事業所名カナ).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_kana: Option<String>,
    /// Nicknames (愛称) and other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Operator (法人の名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// Ids of the associations the facility belongs to (地区医師会, 歯科医師会, 薬剤師会): an
    /// association's editors may edit its members' listings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub associations: Vec<String>,
    /// Category code (医療, 介護, …).
    pub category: String,
    /// Service type codes; the first is the primary one.
    pub services: Vec<String>,
    /// Capabilities with their source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<CapabilityClaim>,
    /// Postal address.
    #[serde(default)]
    pub address: Address,
    /// Position, if geocoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// 全国地方公共団体コード (6 digits with check digit) of the municipality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_code: Option<String>,
    /// Ids of areas the facility lies in (set by point-in-polygon on import).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Main phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// FAX.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Lifecycle status.
    #[serde(default)]
    pub status: LifecycleStatus,
    /// Parent facility of a satellite (サテライト/分室).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<FacilityId>,
    /// Description (事業所の特色).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Capacity (定員), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// Beds of a hospital or clinic (病床数), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beds: Option<Beds>,
    /// Opening hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<Schedule>,
    /// ケアマネタイム windows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_windows: Vec<ContactWindow>,
    /// Desks inside the facility.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_points: Vec<ContactPoint>,
    /// Acceptance of new users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// Where the facility provides services; `None` means the default for its services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_area: Option<ServiceArea>,
    /// Internal note for professionals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
    /// Visibility overrides per field group (defaults: [`FieldGroup::default_visibility`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub visibility: BTreeMap<FieldGroup, Visibility>,
    /// Source and verification.
    #[serde(default)]
    pub provenance: Provenance,
}

impl Provenance {
    /// The ids of every source of the listing, its own first, each once.
    pub fn source_ids(&self) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        let all = std::iter::once(self.source.as_str())
            .chain(self.records.iter().map(|r| r.source.as_str()));
        for s in all {
            if !s.is_empty() && !v.iter().any(|x| x == s) {
                v.push(s.to_string());
            }
        }
        v
    }
}

impl Facility {
    /// A new active listing offering one service type (its category taken from the taxonomy),
    /// every optional field empty. Importers and generators fill in the rest.
    ///
    /// # Examples
    /// ```
    /// use model::{Facility, FacilityId};
    /// let f = Facility::new(FacilityId::new("x-1").unwrap(), "さくら訪問看護ステーション", "visiting_nursing");
    /// assert_eq!(f.category, "medical");
    /// assert!(f.validate().is_ok());
    /// ```
    pub fn new(id: FacilityId, name: impl Into<String>, service: &str) -> Facility {
        Facility {
            id,
            official_ids: OfficialIds::default(),
            name: name.into(),
            name_kana: None,
            aliases: Vec::new(),
            operator: None,
            associations: Vec::new(),
            category: taxonomy::service_type(service)
                .map(|s| s.category)
                .unwrap_or_default()
                .to_string(),
            services: vec![service.to_string()],
            capabilities: Vec::new(),
            address: Address::default(),
            location: None,
            municipality_code: None,
            areas: Vec::new(),
            phone: None,
            fax: None,
            url: None,
            email: None,
            status: LifecycleStatus::Active,
            parent_id: None,
            description: None,
            capacity: None,
            beds: None,
            opening_hours: None,
            contact_windows: Vec::new(),
            contact_points: Vec::new(),
            availability: None,
            service_area: None,
            internal_note: None,
            visibility: BTreeMap::new(),
            provenance: Provenance::default(),
        }
    }

    /// Checks the record: id, names, taxonomy codes, coordinates, schedules.
    pub fn validate(&self) -> Result<(), ValidationError> {
        FacilityId::new(self.id.0.clone())?;
        if self.name.trim().is_empty() {
            return Err(ValidationError::MissingField("name"));
        }
        if taxonomy::category(&self.category).is_none() {
            return Err(ValidationError::UnknownCategory(self.category.clone()));
        }
        if self.services.is_empty() {
            return Err(ValidationError::MissingField("services"));
        }
        for s in &self.services {
            if taxonomy::service_type(s).is_none() {
                return Err(ValidationError::UnknownService(s.clone()));
            }
        }
        for c in &self.capabilities {
            if taxonomy::capability(&c.code).is_none() {
                return Err(ValidationError::UnknownCapability(c.code.clone()));
            }
        }
        if let Some(loc) = &self.location {
            LatLng::new(loc.lat, loc.lng)?;
        }
        if let Some(ServiceArea::RadiusM(r)) = &self.service_area
            && !(r.is_finite() && *r > 0.0)
        {
            return Err(ValidationError::InvalidRadius(*r));
        }
        let schedules = self
            .opening_hours
            .iter()
            .chain(self.contact_windows.iter().map(|w| &w.schedule));
        for s in schedules {
            s.validate().map_err(ValidationError::InvalidSchedule)?;
        }
        if let Some(p) = &self.parent_id
            && p == &self.id
        {
            return Err(ValidationError::InvalidParent(p.0.clone()));
        }
        Ok(())
    }

    /// Visibility of a field group for this facility.
    pub fn visibility_of(&self, group: FieldGroup) -> Visibility {
        self.visibility
            .get(&group)
            .copied()
            .unwrap_or_else(|| group.default_visibility())
    }

    /// The record as an anonymous visitor may see it: every professional field group removed.
    pub fn public_view(&self) -> Facility {
        self.split_professional().0
    }

    /// The record as a viewer with `clearance` may see it: the public fields, and for
    /// professional viewers the professional ones together in [`FacilityView::professional`].
    /// This is the one place that decides what leaves the server.
    pub fn view_for(&self, clearance: Visibility) -> FacilityView {
        let (facility, professional) = self.split_professional();
        FacilityView {
            facility,
            professional: (clearance == Visibility::Professional).then_some(professional),
        }
    }

    /// Splits the record into its public part and the field groups only professionals see.
    pub fn split_professional(&self) -> (Facility, ProfessionalFields) {
        ProfessionalFields::split(self)
    }

    /// Capability codes.
    pub fn capability_codes(&self) -> impl Iterator<Item = &str> {
        self.capabilities.iter().map(|c| c.code.as_str())
    }

    /// Returns true when the facility offers home visits (by service type or capability).
    pub fn visits_homes(&self) -> bool {
        self.services
            .iter()
            .any(|s| taxonomy::service_type(s).is_some_and(|t| t.home_visit))
            || self.capability_codes().any(|c| {
                matches!(
                    c,
                    "home_visit_medical"
                        | "house_call"
                        | "home_visit_dental"
                        | "home_visit_pharmacy"
                )
            })
    }

    /// The service area in force: the explicit one, or 16 km around the facility for
    /// home-visit services (None when the facility does not visit homes).
    pub fn effective_service_area(&self) -> Option<ServiceArea> {
        self.service_area.clone().or_else(|| {
            (self.visits_homes() && self.location.is_some())
                .then_some(ServiceArea::RadiusM(DEFAULT_HOME_VISIT_RADIUS_M))
        })
    }

    /// Returns true when any ケアマネタイム window is open at `t`.
    pub fn contact_window_open_at<Tz: TimeZone>(&self, t: DateTime<Tz>) -> bool {
        self.contact_windows
            .iter()
            .any(|w| w.schedule.is_open_at(t.clone()))
    }

    /// Returns `Some(open)` when the facility has opening hours.
    pub fn open_at(&self, t: DateTime<FixedOffset>) -> Option<bool> {
        self.opening_hours.as_ref().map(|s| s.is_open_at(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn minimal() -> Facility {
        serde_json::from_value(serde_json::json!({
            "id": "t-1", "name": "テスト診療所", "category": "medical", "services": ["clinic"]
        }))
        .unwrap()
    }

    #[test]
    fn minimal_record_is_valid_and_defaults_apply() {
        let f = minimal();
        f.validate().unwrap();
        assert_eq!(f.status, LifecycleStatus::Active);
        assert_eq!(
            f.visibility_of(FieldGroup::ContactWindows),
            Visibility::Professional
        );
        assert_eq!(f.visibility_of(FieldGroup::Contact), Visibility::Public);
    }

    #[test]
    fn unknown_codes_are_rejected() {
        let mut f = minimal();
        f.services = vec!["spa".into()];
        assert!(matches!(
            f.validate(),
            Err(ValidationError::UnknownService(_))
        ));
        let mut f = minimal();
        f.category = "shop".into();
        assert!(matches!(
            f.validate(),
            Err(ValidationError::UnknownCategory(_))
        ));
        assert!(FacilityId::new("a b").is_err());
    }

    #[test]
    fn public_view_removes_professional_groups() {
        let mut f = minimal();
        f.internal_note = Some("内部".into());
        f.fax = Some("000-0000-0000".into());
        f.contact_windows.push(ContactWindow {
            schedule: Schedule::default(),
            contact_person: Some("院長".into()),
            methods: vec![ContactMethod::Phone],
            phone: None,
            note: None,
        });
        f.visibility
            .insert(FieldGroup::Fax, Visibility::Professional);
        let p = f.public_view();
        assert!(p.contact_windows.is_empty());
        assert!(p.internal_note.is_none());
        assert!(p.fax.is_none());
        assert_eq!(p.name, f.name);
    }

    #[test]
    fn home_visit_services_get_the_16_km_default() {
        let mut f = minimal();
        f.location = Some(Location {
            lat: 35.0,
            lng: 139.0,
            approximate: false,
            ..Default::default()
        });
        assert_eq!(f.effective_service_area(), None);
        f.capabilities.push(CapabilityClaim {
            code: "home_visit_medical".into(),
            source: CapabilitySource::SelfReported,
            since: None,
            ..Default::default()
        });
        assert_eq!(
            f.effective_service_area(),
            Some(ServiceArea::RadiusM(16_000.0))
        );
    }
}
