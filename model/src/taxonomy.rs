//! The caremap taxonomy: categories, service types and capabilities as data.
//!
//! Every code is a stable snake_case ASCII string used in URLs, the API and the store; every entry
//! carries its Japanese label (the UI language) and, for service types, a plain-language
//! explanation for residents and the MHLW 介護サービス情報公表 service code where one exists.
//! The tables cover seed-requirements.md §1.9 (category > service type; designations and
//! capabilities are tags, not types).

use serde::Serialize;

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

macro_rules! service {
    ($code:literal, $label:literal, $cat:literal, [$($m:literal),*], [$($a:literal),*], $hv:literal, $desc:literal) => {
        ServiceTypeDef {
            code: $code,
            label: $label,
            category: $cat,
            mhlw_codes: &[$($m),*],
            aliases: &[$($a),*],
            home_visit: $hv,
            description: $desc,
        }
    };
}

/// All service types, grouped by category, in display order.
pub const SERVICE_TYPES: &[ServiceTypeDef] = &[
    // 医療
    service!(
        "hospital",
        "病院",
        "medical",
        [],
        ["総合病院"],
        false,
        "入院できるベッドが20床以上ある医療機関です。"
    ),
    service!(
        "clinic",
        "診療所・医院",
        "medical",
        [],
        ["診療所", "医院", "クリニック", "一般診療所"],
        false,
        "かかりつけ医として外来診療を行う医療機関です。訪問診療や往診を行う診療所もあります。"
    ),
    service!(
        "dental_clinic",
        "歯科診療所",
        "medical",
        [],
        ["歯科医院", "歯科"],
        false,
        "歯の治療や入れ歯の調整、口の中のケアを行います。自宅へ訪問する歯科もあります。"
    ),
    service!(
        "pharmacy",
        "薬局",
        "medical",
        [],
        ["調剤薬局", "保険薬局"],
        false,
        "薬を調剤して説明します。薬剤師が自宅へ訪問して薬の管理を手伝う薬局もあります。"
    ),
    service!(
        "visiting_nursing",
        "訪問看護",
        "medical",
        ["130"],
        ["訪問看護ステーション", "訪問看護事業所"],
        true,
        "看護師などが自宅を訪問し、医師の指示のもとで病状の観察や医療処置、療養上の世話を行います。"
    ),
    service!(
        "home_rehab",
        "訪問リハビリテーション",
        "medical",
        ["140"],
        ["訪問リハ"],
        true,
        "理学療法士などが自宅を訪問し、生活の場でのリハビリテーションを行います。"
    ),
    service!(
        "day_rehab",
        "通所リハビリテーション",
        "medical",
        ["160"],
        ["デイケア", "通所リハ"],
        false,
        "老健や病院・診療所に通い、日帰りでリハビリテーションを受けます（デイケア）。"
    ),
    // 介護
    service!(
        "care_management",
        "居宅介護支援",
        "care",
        ["430"],
        ["居宅介護支援事業所", "ケアプランセンター"],
        true,
        "ケアマネジャー（介護支援専門員）が相談に応じ、介護サービスの計画（ケアプラン）を作ります。"
    ),
    service!(
        "community_support_center",
        "地域包括支援センター",
        "care",
        [],
        ["包括", "高齢者あんしん支援センター", "いきいきセンター"],
        false,
        "高齢者の暮らしの総合相談窓口です。介護・福祉・健康・権利擁護の相談に応じます。"
    ),
    service!(
        "home_help",
        "訪問介護",
        "care",
        ["110"],
        ["ホームヘルプ", "ホームヘルパー"],
        true,
        "ホームヘルパーが自宅を訪問し、入浴・排せつ・食事などの介助や掃除・買い物などの生活援助を行います。"
    ),
    service!(
        "home_bathing",
        "訪問入浴介護",
        "care",
        ["120"],
        ["訪問入浴"],
        true,
        "浴槽を積んだ車で自宅を訪問し、入浴の介助を行います。"
    ),
    service!(
        "periodic_visit_care",
        "定期巡回・随時対応型訪問介護看護",
        "care",
        ["760"],
        ["定期巡回"],
        true,
        "日中・夜間を通じて定期的な巡回と、通報による随時の訪問で介護と看護を行います。"
    ),
    service!(
        "night_home_help",
        "夜間対応型訪問介護",
        "care",
        ["710"],
        [],
        true,
        "夜間の定期巡回や、通報に応じた訪問で介護を行います。"
    ),
    service!(
        "day_service",
        "通所介護（デイサービス）",
        "care",
        ["150", "155", "780"],
        [
            "通所介護",
            "デイサービス",
            "地域密着型通所介護",
            "療養通所介護"
        ],
        false,
        "日帰りで施設に通い、食事・入浴・機能訓練やレクリエーションを受けます。"
    ),
    service!(
        "dementia_day_service",
        "認知症対応型通所介護",
        "care",
        ["720"],
        ["認知症デイサービス"],
        false,
        "認知症の方が日帰りで通い、少人数で介護や機能訓練を受けます。"
    ),
    service!(
        "short_stay",
        "短期入所生活介護（ショートステイ）",
        "care",
        ["210"],
        ["短期入所生活介護", "ショートステイ"],
        false,
        "特養などに短期間泊まり、介護や機能訓練を受けます。家族の休息（レスパイト）にも使われます。"
    ),
    service!(
        "short_stay_medical",
        "短期入所療養介護",
        "care",
        ["220", "230", "551"],
        ["医療型ショートステイ"],
        false,
        "老健や病院などに短期間泊まり、医学的な管理のもとで看護・介護・リハビリを受けます。"
    ),
    service!(
        "small_multifunction",
        "小規模多機能型居宅介護",
        "care",
        ["730"],
        ["小規模多機能", "小多機"],
        true,
        "「通い」を中心に「訪問」「泊まり」を組み合わせ、顔なじみの職員から切れ目なく支援を受けます。"
    ),
    service!(
        "nursing_small_multifunction",
        "看護小規模多機能型居宅介護",
        "care",
        ["770"],
        ["看多機", "複合型サービス"],
        true,
        "小規模多機能型居宅介護に訪問看護を組み合わせ、医療的なケアが必要な方も支えます。"
    ),
    service!(
        "group_home",
        "認知症グループホーム",
        "care",
        ["320"],
        ["認知症対応型共同生活介護", "グループホーム"],
        false,
        "認知症の方が少人数で共同生活を送り、介護を受けながら暮らします。"
    ),
    service!(
        "special_nursing_home",
        "特別養護老人ホーム",
        "care",
        ["510", "540"],
        ["介護老人福祉施設", "特養", "地域密着型介護老人福祉施設"],
        false,
        "常に介護が必要な方が入所して生活する施設です（原則 要介護3以上）。"
    ),
    service!(
        "geriatric_health_facility",
        "介護老人保健施設",
        "care",
        ["520"],
        ["老健"],
        false,
        "在宅復帰をめざして、看護・介護・リハビリを受けながら入所する施設です。"
    ),
    service!(
        "care_medical_institution",
        "介護医療院",
        "care",
        ["550", "530"],
        ["介護療養型医療施設"],
        false,
        "長期の療養が必要な方が、医療と介護を一体的に受けながら暮らす施設です。"
    ),
    service!(
        "residential_home",
        "有料老人ホーム・サービス付き高齢者向け住宅",
        "care",
        ["331", "332", "334", "336", "337"],
        [
            "有料老人ホーム",
            "サービス付き高齢者向け住宅",
            "サ高住",
            "特定施設入居者生活介護"
        ],
        false,
        "食事や生活支援、介護などのサービスがついた高齢者向けの住まいです。"
    ),
    service!(
        "welfare_equipment",
        "福祉用具貸与・販売",
        "care",
        ["170", "410"],
        ["福祉用具貸与", "特定福祉用具販売", "福祉用具"],
        false,
        "車いすや介護ベッドなどの福祉用具を貸し出し、選び方や使い方を助言します。"
    ),
    // 認知症
    service!(
        "dementia_medical_center",
        "認知症疾患医療センター",
        "dementia",
        [],
        [],
        false,
        "認知症の専門的な診断や相談を行う、都道府県などが指定した医療機関です。"
    ),
    service!(
        "memory_clinic",
        "もの忘れ外来",
        "dementia",
        [],
        ["認知症外来", "メモリークリニック"],
        false,
        "もの忘れや認知症の心配について診察を受けられる外来です。"
    ),
    service!(
        "dementia_initial_support_team",
        "認知症初期集中支援チーム",
        "dementia",
        [],
        [],
        true,
        "医療と介護の専門職が自宅を訪問し、認知症の初期の支援を集中的に行います。"
    ),
    service!(
        "dementia_cafe",
        "認知症カフェ",
        "dementia",
        [],
        ["オレンジカフェ"],
        false,
        "認知症の方や家族、地域の人が気軽に集い、相談もできる場所です。"
    ),
    // 生活支援
    service!(
        "meal_delivery",
        "配食サービス",
        "living_support",
        [],
        ["宅配弁当", "配食"],
        true,
        "食事（お弁当）を自宅に届け、あわせて安否確認を行うサービスです。"
    ),
    service!(
        "shopping_support",
        "買い物支援",
        "living_support",
        [],
        ["移動販売", "日用品配達"],
        true,
        "日用品の配達や移動販売、買い物への付き添いなどの支援です。"
    ),
    service!(
        "visiting_barber",
        "訪問理美容",
        "living_support",
        [],
        ["理美容"],
        true,
        "理容師・美容師が自宅や施設を訪問してカットなどを行います。"
    ),
    service!(
        "transport_support",
        "移動支援・介護タクシー",
        "living_support",
        [],
        ["介護タクシー", "乗り合いタクシー", "移動支援"],
        false,
        "通院や買い物のための送迎や、車いすのまま乗れるタクシーなどです。"
    ),
    service!(
        "housework_support",
        "家事支援",
        "living_support",
        [],
        [],
        true,
        "掃除・洗濯・調理などの家事を手伝う保険外のサービスです。"
    ),
    service!(
        "community_salon",
        "サロン・通いの場",
        "living_support",
        [],
        ["居場所", "サロン"],
        false,
        "地域の人が集まって体操やおしゃべりを楽しむ場所です。"
    ),
    service!(
        "guardianship",
        "成年後見・権利擁護",
        "living_support",
        [],
        ["権利擁護"],
        false,
        "判断能力が不十分な方の財産管理や契約を支える制度の相談窓口です。"
    ),
    // 障害福祉
    service!(
        "disability_service",
        "障害福祉サービス事業所",
        "disability",
        [],
        ["障害事業所"],
        false,
        "障害のある方の日中活動や生活を支える事業所です。"
    ),
    service!(
        "disability_consultation",
        "障害者相談支援",
        "disability",
        [],
        ["基幹相談支援センター"],
        false,
        "障害のある方や家族の相談に応じ、サービス利用を支援します。"
    ),
    // 相談窓口・行政
    service!(
        "home_care_coordination_center",
        "在宅医療・介護連携支援センター",
        "consultation",
        [],
        ["在宅医療・介護連携相談窓口", "連携支援センター"],
        false,
        "医療・介護の専門職や住民からの在宅医療・介護の相談に応じる窓口です。"
    ),
    service!(
        "hospital_liaison",
        "病院地域連携室",
        "consultation",
        [],
        ["地域医療連携室", "退院支援", "医療相談室"],
        false,
        "入院・退院の相談や、病院と地域の医療・介護の橋渡しをする病院内の窓口です。"
    ),
    service!(
        "municipal_office",
        "市町村の担当窓口",
        "consultation",
        [],
        ["行政関連", "市役所"],
        false,
        "介護保険や高齢者福祉の手続き・相談を行う市役所・町村役場の窓口です。"
    ),
    service!(
        "health_center",
        "保健所・保健センター",
        "consultation",
        [],
        ["保健センター", "保健所"],
        false,
        "健康相談や健診、感染症対策などを行う公的な機関です。"
    ),
    service!(
        "social_welfare_council",
        "社会福祉協議会",
        "consultation",
        [],
        ["社協", "生活支援コーディネーター"],
        false,
        "地域福祉の推進やボランティア活動の支援、生活の困りごとの相談を行います。"
    ),
];

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

/// A notified standard (施設基準) of the 厚生局 届出受理医療機関名簿 and the capability it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NotificationDef {
    /// The 受理記号 as published (「支援診１」, 「在医総管１」).
    pub symbol: &'static str,
    /// Capability code.
    pub capability: &'static str,
    /// What the notification says, for the claim's detail (「機能強化型（単独型）」).
    pub detail: &'static str,
}

const fn notified(
    symbol: &'static str,
    capability: &'static str,
    detail: &'static str,
) -> NotificationDef {
    NotificationDef {
        symbol,
        capability,
        detail,
    }
}

/// The 受理記号 caremap reads from the 届出受理医療機関名簿, and what each says of the facility.
/// Designations (在宅療養支援診療所 …) stay designations; a standard that requires the activity
/// itself (在宅時医学総合管理料 → 訪問診療; 在宅療養実績加算 → 緊急往診 and 看取り done in the past
/// year) gives the activity, with the registry as its source.
pub const NOTIFICATIONS: &[NotificationDef] = &[
    notified(
        "支援診１",
        "home_care_support_clinic",
        "機能強化型（単独型）",
    ),
    notified(
        "支援診２",
        "home_care_support_clinic",
        "機能強化型（連携型）",
    ),
    notified("支援診３", "home_care_support_clinic", "機能強化型以外"),
    notified(
        "支援病１",
        "home_care_support_hospital",
        "機能強化型（単独型）",
    ),
    notified(
        "支援病２",
        "home_care_support_hospital",
        "機能強化型（連携型）",
    ),
    notified("支援病３", "home_care_support_hospital", "機能強化型以外"),
    notified("在医総管１", "home_visit_medical", "在宅時医学総合管理料"),
    notified("在総", "home_cancer_care", "在宅がん医療総合診療料"),
    notified(
        "在緩診実",
        "home_palliative_care",
        "在宅緩和ケア充実診療所・病院加算",
    ),
    notified(
        "在緩診病",
        "home_palliative_care",
        "在宅緩和ケア充実診療所・病院加算",
    ),
    notified(
        "在看",
        "home_nursing_by_institution",
        "在宅患者訪問看護・指導料（注２）",
    ),
    notified(
        "在診実１",
        "house_call",
        "在宅療養実績加算１（緊急往診・看取りの実績）",
    ),
    notified(
        "在診実２",
        "house_call",
        "在宅療養実績加算２（緊急往診・看取りの実績）",
    ),
    notified(
        "在病実１",
        "house_call",
        "在宅療養実績加算１（緊急往診・看取りの実績）",
    ),
    notified(
        "在病実２",
        "house_call",
        "在宅療養実績加算２（緊急往診・看取りの実績）",
    ),
    notified(
        "在診実１",
        "end_of_life_care",
        "在宅療養実績加算１（緊急往診・看取りの実績）",
    ),
    notified(
        "在診実２",
        "end_of_life_care",
        "在宅療養実績加算２（緊急往診・看取りの実績）",
    ),
    notified(
        "在病実１",
        "end_of_life_care",
        "在宅療養実績加算１（緊急往診・看取りの実績）",
    ),
    notified(
        "在病実２",
        "end_of_life_care",
        "在宅療養実績加算２（緊急往診・看取りの実績）",
    ),
    notified(
        "在後病",
        "home_care_backup_hospital",
        "在宅療養後方支援病院",
    ),
    notified(
        "地包ケア１",
        "community_care_ward",
        "地域包括ケア病棟入院料１",
    ),
    notified(
        "地包ケア２",
        "community_care_ward",
        "地域包括ケア病棟入院料２",
    ),
    notified(
        "地包ケア３",
        "community_care_ward",
        "地域包括ケア病棟入院料３",
    ),
    notified(
        "地包ケア４",
        "community_care_ward",
        "地域包括ケア病棟入院料４",
    ),
    notified("緩１", "palliative_care_ward", "緩和ケア病棟入院料１"),
    notified("緩２", "palliative_care_ward", "緩和ケア病棟入院料２"),
    notified("在訪褥", "pressure_ulcer", "在宅患者訪問褥瘡管理指導料"),
    notified(
        "歯援診１",
        "home_care_support_dental",
        "在宅療養支援歯科診療所１",
    ),
    notified(
        "歯援診２",
        "home_care_support_dental",
        "在宅療養支援歯科診療所２",
    ),
    notified("歯援病", "home_care_support_dental", "在宅療養支援歯科病院"),
    notified(
        "歯訪診",
        "home_visit_dental",
        "歯科訪問診療料の注15に規定する基準",
    ),
];

/// The capabilities a 受理記号 gives (none for the standards caremap does not read).
pub fn notifications(symbol: &str) -> impl Iterator<Item = &'static NotificationDef> + '_ {
    let symbol = symbol.trim();
    NOTIFICATIONS.iter().filter(move |n| n.symbol == symbol)
}

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

/// MHLW 介護サービス情報公表 service codes and their サービスの種類 labels.
pub const MHLW_LABELS: &[(&str, &str)] = &[
    ("110", "訪問介護"),
    ("120", "訪問入浴介護"),
    ("130", "訪問看護"),
    ("140", "訪問リハビリテーション"),
    ("150", "通所介護"),
    ("155", "療養通所介護"),
    ("160", "通所リハビリテーション"),
    ("170", "福祉用具貸与"),
    ("210", "短期入所生活介護"),
    ("220", "短期入所療養介護（介護老人保健施設）"),
    ("230", "短期入所療養介護（療養病床を有する病院等）"),
    ("320", "認知症対応型共同生活介護"),
    ("331", "特定施設入居者生活介護（有料老人ホーム）"),
    ("332", "特定施設入居者生活介護（軽費老人ホーム）"),
    (
        "334",
        "特定施設入居者生活介護（サービス付き高齢者向け住宅）",
    ),
    ("410", "特定福祉用具販売"),
    ("430", "居宅介護支援"),
    ("510", "介護老人福祉施設"),
    ("520", "介護老人保健施設"),
    ("530", "介護療養型医療施設"),
    ("540", "地域密着型介護老人福祉施設入所者生活介護"),
    ("550", "介護医療院"),
    ("551", "短期入所療養介護（介護医療院）"),
    ("710", "夜間対応型訪問介護"),
    ("720", "認知症対応型通所介護"),
    ("730", "小規模多機能型居宅介護"),
    ("760", "定期巡回・随時対応型訪問介護看護"),
    ("770", "看護小規模多機能型居宅介護"),
    ("780", "地域密着型通所介護"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

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
