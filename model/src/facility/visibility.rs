//! Who sees what: the field groups, the visibility levels, the professional-only fields and the
//! view of a listing for one level.

use super::availability::Availability;
use super::contact::{ContactPoint, ContactWindow};
use super::{Facility, ServiceArea};
use crate::schedule::Schedule;
use serde::{Deserialize, Serialize};

/// Groups of fields whose visibility is set together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldGroup {
    /// Phone and URL.
    Contact,
    /// FAX number.
    Fax,
    /// Opening hours.
    OpeningHours,
    /// ケアマネタイム.
    ContactWindows,
    /// Desks inside the facility.
    ContactPoints,
    /// 受け入れ状況.
    Availability,
    /// Service area.
    ServiceArea,
    /// Description (特色).
    Description,
    /// Internal notes for professionals.
    InternalNote,
}

/// Who may see a field group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone.
    Public,
    /// Authenticated professionals only.
    Professional,
}

impl FieldGroup {
    /// Every group, in form order.
    pub const ALL: [FieldGroup; 9] = [
        FieldGroup::Contact,
        FieldGroup::Fax,
        FieldGroup::OpeningHours,
        FieldGroup::ContactWindows,
        FieldGroup::ContactPoints,
        FieldGroup::Availability,
        FieldGroup::ServiceArea,
        FieldGroup::Description,
        FieldGroup::InternalNote,
    ];

    /// Code as serialised (`contact`, `fax`, …).
    pub fn code(self) -> &'static str {
        match self {
            FieldGroup::Contact => "contact",
            FieldGroup::Fax => "fax",
            FieldGroup::OpeningHours => "opening_hours",
            FieldGroup::ContactWindows => "contact_windows",
            FieldGroup::ContactPoints => "contact_points",
            FieldGroup::Availability => "availability",
            FieldGroup::ServiceArea => "service_area",
            FieldGroup::Description => "description",
            FieldGroup::InternalNote => "internal_note",
        }
    }

    /// Japanese label for editors.
    pub fn label(self) -> &'static str {
        match self {
            FieldGroup::Contact => "電話・ホームページ・メール",
            FieldGroup::Fax => "FAX",
            FieldGroup::OpeningHours => "受付時間",
            FieldGroup::ContactWindows => "ケアマネタイム",
            FieldGroup::ContactPoints => "窓口（担当者・直通）",
            FieldGroup::Availability => "受け入れ状況",
            FieldGroup::ServiceArea => "サービス提供地域",
            FieldGroup::Description => "特色",
            FieldGroup::InternalNote => "関係者メモ",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, FieldGroup::Contact) => "Phone, website, e-mail",
            (crate::i18n::Lang::En, FieldGroup::Fax) => "Fax",
            (crate::i18n::Lang::En, FieldGroup::OpeningHours) => "Opening hours",
            (crate::i18n::Lang::En, FieldGroup::ContactWindows) => "Care-manager contact times",
            (crate::i18n::Lang::En, FieldGroup::ContactPoints) => {
                "Desks (contact person, direct line)"
            }
            (crate::i18n::Lang::En, FieldGroup::Availability) => "Accepting new users",
            (crate::i18n::Lang::En, FieldGroup::ServiceArea) => "Service area",
            (crate::i18n::Lang::En, FieldGroup::Description) => "Features",
            (crate::i18n::Lang::En, FieldGroup::InternalNote) => "Note for professionals",
        }
    }

    /// Default visibility (seed-requirements §6.2: ケアマネタイム, desks, internal notes are
    /// professional; acceptance status is public with its date so residents see it too).
    pub fn default_visibility(self) -> Visibility {
        match self {
            FieldGroup::ContactWindows | FieldGroup::ContactPoints | FieldGroup::InternalNote => {
                Visibility::Professional
            }
            _ => Visibility::Public,
        }
    }
}

/// The fields of a listing only professional viewers get (ケアマネタイム, desks with their
/// contact persons and direct lines, internal notes, and any group a listing marks
/// professional). They travel together as the `"professional"` object of API answers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfessionalFields {
    /// Main phone, when the listing shows it to professionals only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Website, when professional-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// E-mail, when professional-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// FAX for professionals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
    /// Opening hours, when professional-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<Schedule>,
    /// ケアマネタイム windows, with contact person and direct line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_windows: Vec<ContactWindow>,
    /// Desks with their contact persons and direct lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_points: Vec<ContactPoint>,
    /// Acceptance, when professional-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    /// Service area, when professional-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_area: Option<ServiceArea>,
    /// Description, when professional-only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Internal note for professionals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
}

impl ProfessionalFields {
    /// Returns true when no professional field is set.
    pub fn is_empty(&self) -> bool {
        *self == ProfessionalFields::default()
    }
}

/// A listing as one viewer may see it: the public record, plus the professional fields for
/// viewers allowed to see them (absent, not empty, for everyone else).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacilityView {
    /// The public fields.
    #[serde(flatten)]
    pub facility: Facility,
    /// The professional fields (professional viewers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professional: Option<ProfessionalFields>,
}
