//! The caremap taxonomy: categories, service types and capabilities as data.
//!
//! Every code is a stable snake_case ASCII string used in URLs, the API and the store; every entry
//! carries its Japanese label (the UI language) and, for service types, a plain-language
//! explanation for residents and the MHLW 介護サービス情報公表 service code where one exists.
//! The tables cover seed-requirements.md §1.9 (category > service type; designations and
//! capabilities are tags, not types). Their English is a catalogue beside them (`english.rs`,
//! `label_in`, `localized`); Japanese stays the source of truth.

use crate::i18n::Lang;
use serde::Serialize;

mod by_name;
mod capabilities;
mod english;
mod notifications;
mod scenes;
mod services;

pub use by_name::{NamedKind, kinds_named};
pub use capabilities::CAPABILITIES;
pub use notifications::{NOTIFICATIONS, NotificationDef, notifications};
pub use scenes::{SCENES, SceneDef, SceneRule, scene, scene_by_slug};
pub use services::{MHLW_LABELS, SERVICE_TYPES};

/// A top-level category (医療, 介護, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryDef {
    /// Stable code, e.g. `medical`.
    pub code: &'static str,
    /// Japanese label shown in the UI.
    pub label: &'static str,
}

/// A service type (leaf of the taxonomy), e.g. 訪問看護ステーション.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceTypeDef {
    /// Stable code, e.g. `visiting_nursing`.
    pub code: &'static str,
    /// Japanese label shown in the UI.
    pub label: &'static str,
    /// Code of the category this service type belongs to.
    pub category: &'static str,
    /// MHLW 介護サービス情報公表 service codes (サービスコード) that map to this type.
    pub mhlw_codes: &'static [&'static str],
    /// Other names of the type as they appear in source data (サービスの種類 column, local names).
    pub aliases: &'static [&'static str],
    /// Whether staff visit the user's home (drives the default 16 km service area).
    pub home_visit: bool,
    /// Plain-language explanation for residents (「訪問看護とは…」).
    pub description: &'static str,
}

/// Whether a capability is an official designation or a description of what the facility does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CapabilityKind {
    /// An official designation or registration (在宅療養支援診療所, 届出薬局, …).
    Designation,
    /// Something the facility does (訪問診療, 往診, 看取り, 医療処置, …).
    Activity,
}

/// A capability tag, e.g. 訪問診療 or 在宅療養支援診療所.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapabilityDef {
    /// Stable code, e.g. `home_visit_medical`.
    pub code: &'static str,
    /// Japanese label shown in the UI.
    pub label: &'static str,
    /// Designation or activity.
    pub kind: CapabilityKind,
    /// Group used to arrange capabilities in the UI (在宅医療, 医療処置, 指定・届出, …).
    pub group: &'static str,
}

/// All categories, in display order.
pub const CATEGORIES: &[CategoryDef] = &[
    CategoryDef {
        code: "medical",
        label: "医療",
    },
    CategoryDef {
        code: "care",
        label: "介護",
    },
    CategoryDef {
        code: "dementia",
        label: "認知症",
    },
    CategoryDef {
        code: "living_support",
        label: "生活支援",
    },
    CategoryDef {
        code: "disability",
        label: "障害福祉",
    },
    CategoryDef {
        code: "consultation",
        label: "相談窓口・行政",
    },
];

/// The English of a code in one of [`english`]'s tables (the Japanese when it has none, which a
/// test rules out).
fn english<T: Copy>(table: &[(&'static str, T)], code: &str) -> Option<T> {
    table.iter().find(|(c, _)| *c == code).map(|(_, t)| *t)
}

impl CategoryDef {
    /// Its label in `lang`.
    pub fn label_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.label,
            Lang::En => english(english::CATEGORIES, self.code).unwrap_or(self.label),
        }
    }

    /// The same entry with its texts in `lang` (what the API answers for `lang=`).
    pub fn localized(&self, lang: Lang) -> CategoryDef {
        CategoryDef {
            label: self.label_in(lang),
            ..*self
        }
    }
}

impl ServiceTypeDef {
    fn english(&self) -> Option<(&'static str, &'static str)> {
        english::SERVICE_TYPES
            .iter()
            .find(|(c, _, _)| *c == self.code)
            .map(|(_, l, d)| (*l, *d))
    }

    /// Its label in `lang`.
    pub fn label_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.label,
            Lang::En => self.english().map_or(self.label, |(l, _)| l),
        }
    }

    /// Its plain explanation in `lang`.
    pub fn description_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.description,
            Lang::En => self.english().map_or(self.description, |(_, d)| d),
        }
    }

    /// The same entry with its texts in `lang`.
    pub fn localized(&self, lang: Lang) -> ServiceTypeDef {
        ServiceTypeDef {
            label: self.label_in(lang),
            description: self.description_in(lang),
            ..*self
        }
    }
}

impl CapabilityDef {
    /// Its label in `lang`.
    pub fn label_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.label,
            Lang::En => english(english::CAPABILITIES, self.code).unwrap_or(self.label),
        }
    }

    /// Its group's name in `lang`.
    pub fn group_in(&self, lang: Lang) -> &'static str {
        group_label(self.group, lang)
    }

    /// The same entry with its texts in `lang`.
    pub fn localized(&self, lang: Lang) -> CapabilityDef {
        CapabilityDef {
            label: self.label_in(lang),
            group: self.group_in(lang),
            ..*self
        }
    }
}

/// A capability group's name (its Japanese name, as in [`CapabilityDef::group`]) in `lang`.
pub fn group_label(group: &'static str, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => group,
        Lang::En => english(english::CAPABILITY_GROUPS, group).unwrap_or(group),
    }
}

/// Returns the category with this code.
pub fn category(code: &str) -> Option<&'static CategoryDef> {
    CATEGORIES.iter().find(|c| c.code == code)
}

/// Returns the service type with this code.
pub fn service_type(code: &str) -> Option<&'static ServiceTypeDef> {
    SERVICE_TYPES.iter().find(|s| s.code == code)
}

/// Returns the capability with this code.
pub fn capability(code: &str) -> Option<&'static CapabilityDef> {
    CAPABILITIES.iter().find(|c| c.code == code)
}

/// Returns the service type for an MHLW service code (e.g. `"130"` → 訪問看護).
pub fn service_type_for_mhlw_code(code: &str) -> Option<&'static ServiceTypeDef> {
    SERVICE_TYPES.iter().find(|s| s.mhlw_codes.contains(&code))
}

/// Returns the service type whose label or alias equals `name` (e.g. the サービスの種類 column).
pub fn service_type_by_name(name: &str) -> Option<&'static ServiceTypeDef> {
    let name = name.trim();
    SERVICE_TYPES
        .iter()
        .find(|s| s.label == name || s.aliases.contains(&name))
}

/// The MHLW service code for a サービスの種類 label, for rows whose file carries no code.
///
/// The open-data files name one service per file; this table gives the code used in the
/// listing id `mhlw-{事業所番号}-{code}`.
pub fn mhlw_code_for_label(label: &str) -> Option<&'static str> {
    MHLW_LABELS
        .iter()
        .find(|(_, l)| *l == label.trim())
        .map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn english_category_labels_lower_case_in_ascii() {
        // The search page lower-cases them with `to_ascii_lowercase` ("Choose among medical
        // services"): Unicode's case tables would add 10 KB to the site's gzipped wasm.
        for c in CATEGORIES {
            let l = c.label_in(Lang::En);
            assert_eq!(l.to_lowercase(), l.to_ascii_lowercase(), "{}", c.code);
        }
    }

    #[test]
    fn every_entry_has_its_english_and_no_english_entry_is_orphaned() {
        let ascii = |t: &str| t.is_ascii() || t.chars().all(|c| (c as u32) < 0x2000);
        for c in CATEGORIES {
            assert!(
                english::CATEGORIES.iter().any(|e| e.0 == c.code),
                "{}",
                c.code
            );
            assert!(ascii(c.label_in(Lang::En)), "{}", c.code);
        }
        for s in SERVICE_TYPES {
            assert!(
                english::SERVICE_TYPES.iter().any(|e| e.0 == s.code),
                "{}",
                s.code
            );
            assert!(
                ascii(s.label_in(Lang::En)) && ascii(s.description_in(Lang::En)),
                "{}",
                s.code
            );
        }
        for c in CAPABILITIES {
            assert!(
                english::CAPABILITIES.iter().any(|e| e.0 == c.code),
                "{}",
                c.code
            );
            assert!(
                ascii(c.label_in(Lang::En)) && ascii(c.group_in(Lang::En)),
                "{}",
                c.code
            );
        }
        for s in SCENES {
            let en = s.localized(Lang::En);
            assert!(ascii(en.label) && ascii(en.explanation), "{}", s.code);
            assert_eq!(en.rules.len(), s.rules.len(), "{}", s.code);
            for (r, e) in s.rules.iter().zip(en.rules) {
                assert!(ascii(e.label), "{}: {}", s.code, r.label);
                assert_eq!(
                    (r.categories, r.services, r.capabilities),
                    (e.categories, e.services, e.capabilities)
                );
            }
            let entry = english::SCENES
                .iter()
                .find(|e| e.0 == s.code)
                .expect(s.code);
            assert_eq!(
                entry.3.len(),
                s.rules.len(),
                "{}: one English label per rule",
                s.code
            );
        }
        assert!(english::CATEGORIES.iter().all(|e| category(e.0).is_some()));
        assert!(
            english::SERVICE_TYPES
                .iter()
                .all(|e| service_type(e.0).is_some())
        );
        assert!(
            english::CAPABILITIES
                .iter()
                .all(|e| capability(e.0).is_some())
        );
        assert!(english::SCENES.iter().all(|e| scene(e.0).is_some()));
        assert_eq!(
            service_type("clinic").unwrap().localized(Lang::Ja),
            *service_type("clinic").unwrap()
        );
    }

    #[test]
    fn codes_are_unique_and_service_types_name_a_known_category() {
        let mut seen = HashSet::new();
        for c in CATEGORIES {
            assert!(seen.insert(c.code), "duplicate {}", c.code);
        }
        for s in SERVICE_TYPES {
            assert!(seen.insert(s.code), "duplicate {}", s.code);
            assert!(
                category(s.category).is_some(),
                "{} has unknown category",
                s.code
            );
        }
        for c in CAPABILITIES {
            assert!(seen.insert(c.code), "duplicate {}", c.code);
        }
    }

    #[test]
    fn every_notification_names_a_capability() {
        for n in NOTIFICATIONS {
            assert!(
                capability(n.capability).is_some(),
                "{} → {}",
                n.symbol,
                n.capability
            );
        }
        let codes: Vec<&str> = notifications("在診実１").map(|n| n.capability).collect();
        assert_eq!(codes, vec!["house_call", "end_of_life_care"]);
        assert_eq!(notifications("医療ＤＸ").count(), 0);
    }

    #[test]
    fn every_mhlw_label_maps_to_a_service_type() {
        for (code, label) in MHLW_LABELS {
            let by_code = service_type_for_mhlw_code(code).map(|s| s.code);
            assert!(
                by_code.is_some(),
                "no service type for MHLW code {code} ({label})"
            );
        }
        assert_eq!(mhlw_code_for_label("訪問看護"), Some("130"));
        assert_eq!(mhlw_code_for_label("居宅介護支援"), Some("430"));
        assert_eq!(
            service_type_by_name("居宅介護支援").map(|s| s.code),
            Some("care_management")
        );
    }
}
