//! Capabilities and designations: what a listing can do (訪問診療, 看取り, 24時間対応…) and
//! the official designations it holds (在支診, 機能強化型…), kept apart as the sources differ.

use super::{CapabilityDef, CapabilityKind};

/// All capabilities, in display order.
pub const CAPABILITIES: &[CapabilityDef] = &[
    // 在宅医療 (what a facility does)
    cap(
        "home_visit_medical",
        "訪問診療",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap("house_call", "往診", CapabilityKind::Activity, "在宅医療"),
    cap(
        "end_of_life_care",
        "看取り",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap(
        "around_the_clock",
        "24時間対応",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap(
        "home_visit_dental",
        "訪問歯科",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap(
        "home_visit_pharmacy",
        "訪問薬剤管理",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap(
        "narcotics",
        "麻薬管理",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap(
        "home_care_only",
        "在宅専門",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap(
        "respite",
        "レスパイト入院・入所",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    cap(
        "high_medical_dependency",
        "医療依存度の高い方の受け入れ",
        CapabilityKind::Activity,
        "在宅医療",
    ),
    // 医療処置
    cap(
        "home_oxygen",
        "在宅酸素",
        CapabilityKind::Activity,
        "医療処置",
    ),
    cap(
        "gastrostomy",
        "胃ろう",
        CapabilityKind::Activity,
        "医療処置",
    ),
    cap(
        "central_venous_nutrition",
        "中心静脈栄養",
        CapabilityKind::Activity,
        "医療処置",
    ),
    cap(
        "ventilator",
        "人工呼吸器",
        CapabilityKind::Activity,
        "医療処置",
    ),
    cap("suction", "喀痰吸引", CapabilityKind::Activity, "医療処置"),
    cap(
        "pressure_ulcer",
        "褥瘡ケア",
        CapabilityKind::Activity,
        "医療処置",
    ),
    cap(
        "pain_management",
        "疼痛管理",
        CapabilityKind::Activity,
        "医療処置",
    ),
    cap("dialysis", "透析", CapabilityKind::Activity, "医療処置"),
    // 対応
    cap(
        "dementia_care",
        "認知症対応",
        CapabilityKind::Activity,
        "対応",
    ),
    cap(
        "foreign_language",
        "外国語対応",
        CapabilityKind::Activity,
        "対応",
    ),
    cap(
        "consultation_window",
        "在宅医療・介護の相談窓口",
        CapabilityKind::Activity,
        "対応",
    ),
    cap(
        "inpatient_beds",
        "入院・入所可",
        CapabilityKind::Activity,
        "対応",
    ),
    // 指定・届出 (official designations)
    cap(
        "home_care_support_clinic",
        "在宅療養支援診療所",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "home_care_support_hospital",
        "在宅療養支援病院",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "home_care_backup_hospital",
        "在宅療養後方支援病院",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "home_care_support_dental",
        "在宅療養支援歯科診療所",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "home_visit_pharmacy_registered",
        "在宅患者訪問薬剤管理指導の届出",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "community_care_ward",
        "地域包括ケア病棟",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "secondary_emergency",
        "二次救急",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "dementia_support_doctor",
        "認知症サポート医",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "municipal_certified",
        "市独自認定",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "home_cancer_care",
        "在宅がん医療総合診療料の届出",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "home_palliative_care",
        "在宅緩和ケア充実診療所・病院",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "home_nursing_by_institution",
        "在宅患者訪問看護・指導料の届出",
        CapabilityKind::Designation,
        "指定・届出",
    ),
    cap(
        "palliative_care_ward",
        "緩和ケア病棟",
        CapabilityKind::Designation,
        "指定・届出",
    ),
];

const fn cap(
    code: &'static str,
    label: &'static str,
    kind: CapabilityKind,
    group: &'static str,
) -> CapabilityDef {
    CapabilityDef {
        code,
        label,
        kind,
        group,
    }
}
