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

/// Declares, once, which fields of a listing each [`FieldGroup`] holds: the struct that carries
/// a listing's professional-only groups ([`ProfessionalFields`]) and the move of one group's
/// fields into it both come from this list, and the move's `match` makes a group without
/// fields a compile error.
macro_rules! professional_fields {
    ($(
        $group:ident => { $( $(#[$doc:meta])* $field:ident: $ty:ty, )+ }
    )+) => {
        /// The fields of a listing only professional viewers get (ケアマネタイム, desks with their
        /// contact persons and direct lines, internal notes, and any group a listing marks
        /// professional). They travel together as the `"professional"` object of API answers.
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct ProfessionalFields {
            $($(
                $(#[$doc])*
                #[serde(default, skip_serializing_if = "Absent::is_absent")]
                pub $field: $ty,
            )+)+
        }

        impl ProfessionalFields {
            /// Moves the fields of `group` out of `listing` into these.
            fn take_group(&mut self, group: FieldGroup, listing: &mut Facility) {
                match group {
                    $(FieldGroup::$group => {
                        $(self.$field = std::mem::take(&mut listing.$field);)+
                    })+
                }
            }
        }
    };
}

professional_fields! {
    Contact => {
        /// Main phone, when the listing shows it to professionals only.
        phone: Option<String>,
        /// Website, when professional-only.
        url: Option<String>,
        /// E-mail, when professional-only.
        email: Option<String>,
    }
    Fax => {
        /// FAX for professionals.
        fax: Option<String>,
    }
    OpeningHours => {
        /// Opening hours, when professional-only.
        opening_hours: Option<Schedule>,
    }
    ContactWindows => {
        /// ケアマネタイム windows, with contact person and direct line.
        contact_windows: Vec<ContactWindow>,
    }
    ContactPoints => {
        /// Desks with their contact persons and direct lines.
        contact_points: Vec<ContactPoint>,
    }
    Availability => {
        /// Acceptance, when professional-only.
        availability: Option<Availability>,
    }
    ServiceArea => {
        /// Service area, when professional-only.
        service_area: Option<ServiceArea>,
    }
    Description => {
        /// Description, when professional-only.
        description: Option<String>,
    }
    InternalNote => {
        /// Internal note for professionals.
        internal_note: Option<String>,
    }
}

/// A field that has no value: not serialised, as if it were not there.
trait Absent {
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

impl ProfessionalFields {
    /// Splits `listing` into its public part and the field groups only professionals see.
    pub(super) fn split(listing: &Facility) -> (Facility, ProfessionalFields) {
        let mut public = listing.clone();
        let mut professional = ProfessionalFields::default();
        for group in FieldGroup::ALL {
            if listing.visibility_of(group) == Visibility::Professional {
                professional.take_group(group, &mut public);
            }
        }
        (public, professional)
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facility::fields::FIELDS;

    /// A listing with every field of every group set.
    fn everything_set() -> Facility {
        serde_json::from_value(serde_json::json!({
            "id": "t-1", "name": "テスト訪問看護", "category": "medical", "services": ["clinic"],
            "phone": "072-000-0001", "url": "https://example.jp/", "email": "a@example.jp",
            "fax": "072-000-0002",
            "opening_hours": { "slots": [] },
            "contact_windows": [{ "schedule": { "slots": [] }, "methods": ["phone"] }],
            "contact_points": [{ "name": "地域連携室" }],
            "availability": { "accepting": "yes", "as_of": "2026-12-01" },
            "service_area": { "radius_m": 5000.0 },
            "description": "特色",
            "internal_note": "関係者メモ",
        }))
        .unwrap()
    }

    #[test]
    fn each_group_moves_exactly_the_fields_the_field_list_gives_it() {
        let listing = everything_set();
        for group in FieldGroup::ALL {
            let mut f = listing.clone();
            f.visibility = FieldGroup::ALL
                .iter()
                .map(|g| (*g, Visibility::Public))
                .collect();
            f.visibility.insert(group, Visibility::Professional);
            let (public, professional) = f.split_professional();
            let moved: Vec<String> = serde_json::to_value(&professional)
                .unwrap()
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            let mut listed: Vec<String> = FIELDS
                .iter()
                .filter(|d| d.group == Some(group))
                .map(|d| d.name.to_string())
                .collect();
            listed.sort();
            assert_eq!(moved, listed, "{group:?}");
            let public = serde_json::to_value(&public).unwrap();
            for name in &listed {
                assert!(public.get(name).is_none(), "{name} stayed public");
            }
            let everything = serde_json::to_value(&listing).unwrap();
            let kept = everything.as_object().unwrap().len() - listed.len();
            // Every other field stays, the visibility map aside (it differs by construction).
            assert_eq!(public.as_object().unwrap().len(), kept + 1, "{group:?}");
        }
    }

    #[test]
    fn a_listing_with_every_group_public_keeps_everything() {
        let mut f = everything_set();
        f.visibility = FieldGroup::ALL
            .iter()
            .map(|g| (*g, Visibility::Public))
            .collect();
        let (public, professional) = f.split_professional();
        assert!(professional.is_empty());
        assert_eq!(public, f);
    }
}
