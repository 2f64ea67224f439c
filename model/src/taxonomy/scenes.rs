//! The four scenes (4つの場面) of the 在宅医療・介護連携推進事業 — 日常の療養支援, 入退院支援,
//! 急変時の対応, 看取り — and which listings serve each: a scene is a union of rules over the
//! taxonomy (a category, any of some service types, all of some capabilities), so it is a
//! derived tag, never stored with a listing.

use crate::i18n::Lang;
use serde::Serialize;
use std::sync::OnceLock;

/// One kind of listing a scene offers, e.g. 「往診を行う医療機関」.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SceneRule {
    /// What the rule promises, in plain Japanese.
    pub label: &'static str,
    /// Any of these categories (empty: any category).
    pub categories: &'static [&'static str],
    /// Any of these service types (empty: any service type).
    pub services: &'static [&'static str],
    /// All of these capabilities (empty: none asked for).
    pub capabilities: &'static [&'static str],
}

impl SceneRule {
    /// Whether a listing of `category`, with `services` and `capabilities`, is of this kind.
    pub fn matches<'a>(
        &self,
        category: &str,
        mut services: impl Iterator<Item = &'a str>,
        capabilities: &[&str],
    ) -> bool {
        (self.categories.is_empty() || self.categories.contains(&category))
            && (self.services.is_empty() || services.any(|s| self.services.contains(&s)))
            && self.capabilities.iter().all(|c| capabilities.contains(c))
    }
}

/// A scene.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SceneDef {
    /// Stable code (`scene=` in URLs and the API), e.g. `emergency`.
    pub code: &'static str,
    /// Its page's path segment (`/scenes/{slug}`).
    pub slug: &'static str,
    /// Japanese name.
    pub label: &'static str,
    /// Two or three sentences for residents.
    pub explanation: &'static str,
    /// The kinds of listing it offers; a listing of any of them serves the scene.
    pub rules: &'static [SceneRule],
}

const fn rule(
    label: &'static str,
    categories: &'static [&'static str],
    services: &'static [&'static str],
    capabilities: &'static [&'static str],
) -> SceneRule {
    SceneRule {
        label,
        categories,
        services,
        capabilities,
    }
}

/// The four scenes, in the order the documents name them.
pub const SCENES: &[SceneDef] = &[
    SceneDef {
        code: "daily_care",
        slug: "daily-care",
        label: "日常の療養支援",
        explanation: "病気や障害があっても、住み慣れた家で療養を続けるための支えです。医師・歯科医師・看護師・薬剤師が自宅を訪ね、ケアマネジャーが介護サービスを組み合わせます。まずはかかりつけ医やケアマネジャー、地域包括支援センターに相談してください。",
        rules: &[
            rule("訪問診療を行う医療機関", &[], &[], &["home_visit_medical"]),
            rule("訪問歯科診療を行う歯科", &[], &[], &["home_visit_dental"]),
            rule(
                "自宅で薬の管理を手伝う薬局",
                &[],
                &[],
                &["home_visit_pharmacy"],
            ),
            rule(
                "訪問看護・訪問リハビリテーション",
                &[],
                &["visiting_nursing", "home_rehab"],
                &[],
            ),
            rule(
                "ケアマネジャー（居宅介護支援）・地域包括支援センター",
                &[],
                &["care_management", "community_support_center"],
                &[],
            ),
            rule(
                "自宅で暮らしながら使う介護サービス",
                &[],
                &[
                    "home_help",
                    "home_bathing",
                    "periodic_visit_care",
                    "night_home_help",
                    "day_service",
                    "dementia_day_service",
                    "day_rehab",
                    "short_stay",
                    "short_stay_medical",
                    "small_multifunction",
                    "nursing_small_multifunction",
                    "welfare_equipment",
                ],
                &[],
            ),
            rule("配食・買い物などの生活支援", &["living_support"], &[], &[]),
        ],
    },
    SceneDef {
        code: "admission_discharge",
        slug: "admission-discharge",
        label: "入退院支援",
        explanation: "入院するとき、退院して家に戻るときに、病院と在宅の医療・介護の関係者が情報を引き継ぐ場面です。退院後の暮らしは、病院の地域連携室（退院支援の窓口）とケアマネジャーが一緒に準備します。入院が決まったら、担当のケアマネジャーがいれば病院に伝えてください。",
        rules: &[
            rule(
                "病院の地域連携室・退院支援の窓口",
                &[],
                &["hospital_liaison"],
                &[],
            ),
            rule(
                "地域包括ケア病棟のある病院",
                &[],
                &[],
                &["community_care_ward"],
            ),
            rule(
                "ケアマネジャー（居宅介護支援）",
                &[],
                &["care_management"],
                &[],
            ),
            rule(
                "地域包括支援センター",
                &[],
                &["community_support_center"],
                &[],
            ),
            rule(
                "在宅医療・介護連携支援センター",
                &[],
                &["home_care_coordination_center"],
                &[],
            ),
        ],
    },
    SceneDef {
        code: "emergency",
        slug: "emergency",
        label: "急変時の対応",
        explanation: "自宅で療養中に具合が急に悪くなったときの備えです。夜間や休日も連絡がつく診療所や訪問看護、往診する医師、入院を受け入れる病院があります。命に関わるときは迷わず119番に電話してください。",
        rules: &[
            rule(
                "24時間連絡がつく診療所・訪問看護など",
                &[],
                &[],
                &["around_the_clock"],
            ),
            rule("往診を行う医療機関", &[], &[], &["house_call"]),
            rule(
                "在宅療養支援診療所（24時間の往診体制の届出）",
                &[],
                &[],
                &["home_care_support_clinic"],
            ),
            rule(
                "在宅療養支援病院",
                &[],
                &[],
                &["home_care_support_hospital"],
            ),
            rule(
                "在宅療養後方支援病院（急なときの入院先）",
                &[],
                &[],
                &["home_care_backup_hospital"],
            ),
            rule("二次救急の病院", &[], &[], &["secondary_emergency"]),
            rule(
                "夜間・随時に訪問する介護",
                &[],
                &["periodic_visit_care", "night_home_help"],
                &[],
            ),
        ],
    },
    SceneDef {
        code: "end_of_life",
        slug: "end-of-life",
        label: "看取り",
        explanation: "人生の最終段階を、本人が望む場所で穏やかに過ごすための支えです。自宅や施設での看取りに対応する医師・訪問看護・介護施設があります。どこでどう過ごしたいかを、元気なうちから家族や医療・介護の関係者と話し合っておくこと（人生会議）が大切です。",
        rules: &[
            rule(
                "看取りに対応する診療所・訪問看護・施設",
                &[],
                &[],
                &["end_of_life_care"],
            ),
            rule(
                "在宅緩和ケア充実診療所・病院",
                &[],
                &[],
                &["home_palliative_care"],
            ),
            rule(
                "在宅がん医療総合診療料の届出がある医療機関",
                &[],
                &[],
                &["home_cancer_care"],
            ),
            rule(
                "緩和ケア病棟のある病院",
                &[],
                &[],
                &["palliative_care_ward"],
            ),
            rule("医療用麻薬を扱う薬局", &[], &["pharmacy"], &["narcotics"]),
        ],
    },
];

impl SceneDef {
    fn english(
        &self,
    ) -> Option<&'static (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    )> {
        super::english::SCENES.iter().find(|e| e.0 == self.code)
    }

    /// Its name in `lang`.
    pub fn label_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.label,
            Lang::En => self.english().map_or(self.label, |e| e.1),
        }
    }

    /// Its explanation in `lang`.
    pub fn explanation_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.explanation,
            Lang::En => self.english().map_or(self.explanation, |e| e.2),
        }
    }

    /// Its rules with their labels in `lang`.
    pub fn rules_in(&self, lang: Lang) -> &'static [SceneRule] {
        static ENGLISH: OnceLock<Vec<Vec<SceneRule>>> = OnceLock::new();
        match lang {
            Lang::Ja => self.rules,
            Lang::En => {
                let all = ENGLISH.get_or_init(|| {
                    SCENES
                        .iter()
                        .map(|s| {
                            let labels = s.english().map_or(&[][..], |e| e.3);
                            s.rules
                                .iter()
                                .enumerate()
                                .map(|(i, r)| SceneRule {
                                    label: labels.get(i).copied().unwrap_or(r.label),
                                    ..*r
                                })
                                .collect()
                        })
                        .collect()
                });
                SCENES
                    .iter()
                    .position(|s| s.code == self.code)
                    .map_or(self.rules, |i| &all[i])
            }
        }
    }

    /// The same scene with its texts in `lang` (what the API answers for `lang=`).
    pub fn localized(&self, lang: Lang) -> SceneDef {
        SceneDef {
            label: self.label_in(lang),
            explanation: self.explanation_in(lang),
            rules: self.rules_in(lang),
            ..*self
        }
    }
}

/// The scene of a code.
pub fn scene(code: &str) -> Option<&'static SceneDef> {
    SCENES.iter().find(|s| s.code == code)
}

/// The scene of a page's path segment.
pub fn scene_by_slug(slug: &str) -> Option<&'static SceneDef> {
    SCENES.iter().find(|s| s.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::{capability, category, service_type};

    #[test]
    fn every_rule_names_known_codes_and_asks_for_something() {
        for s in SCENES {
            assert!(!s.rules.is_empty(), "{}", s.code);
            assert_eq!(scene(s.code), Some(s));
            assert_eq!(scene_by_slug(s.slug), Some(s));
            for r in s.rules {
                assert!(
                    !(r.categories.is_empty()
                        && r.services.is_empty()
                        && r.capabilities.is_empty()),
                    "{}: {} matches everything",
                    s.code,
                    r.label
                );
                assert!(
                    r.categories.iter().all(|c| category(c).is_some()),
                    "{}",
                    r.label
                );
                assert!(
                    r.services.iter().all(|c| service_type(c).is_some()),
                    "{}",
                    r.label
                );
                assert!(
                    r.capabilities.iter().all(|c| capability(c).is_some()),
                    "{}",
                    r.label
                );
            }
        }
        assert!(SCENES.len() <= 64, "scenes are a bit mask");
    }

    #[test]
    fn a_rule_wants_its_category_any_service_and_every_capability() {
        let r = scene("end_of_life").unwrap().rules[4];
        assert!(r.matches("medical", ["pharmacy"].into_iter(), &["narcotics"]));
        assert!(!r.matches("medical", ["clinic"].into_iter(), &["narcotics"]));
        assert!(!r.matches("medical", ["pharmacy"].into_iter(), &[]));
        let r = scene("daily_care").unwrap().rules[6];
        assert!(r.matches("living_support", std::iter::empty(), &[]));
        assert!(!r.matches("care", std::iter::empty(), &[]));
    }
}
