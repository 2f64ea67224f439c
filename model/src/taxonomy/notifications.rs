//! The 届出 (notifications to the regional health bureau) a 届出受理医療機関名簿 lists, and the
//! capability or designation each one proves.

use serde::Serialize;

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
#[rustfmt::skip]
pub const NOTIFICATIONS: &[NotificationDef] = &[
    notified("支援診１", "home_care_support_clinic", "機能強化型（単独型）"),
    notified("支援診２", "home_care_support_clinic", "機能強化型（連携型）"),
    notified("支援診３", "home_care_support_clinic", "機能強化型以外"),
    notified("支援病１", "home_care_support_hospital", "機能強化型（単独型）"),
    notified("支援病２", "home_care_support_hospital", "機能強化型（連携型）"),
    notified("支援病３", "home_care_support_hospital", "機能強化型以外"),
    notified("在医総管１", "home_visit_medical", "在宅時医学総合管理料"),
    notified("在総", "home_cancer_care", "在宅がん医療総合診療料"),
    notified("在緩診実", "home_palliative_care", "在宅緩和ケア充実診療所・病院加算"),
    notified("在緩診病", "home_palliative_care", "在宅緩和ケア充実診療所・病院加算"),
    notified("在看", "home_nursing_by_institution", "在宅患者訪問看護・指導料（注２）"),
    notified("在診実１", "house_call", "在宅療養実績加算１（緊急往診・看取りの実績）"),
    notified("在診実２", "house_call", "在宅療養実績加算２（緊急往診・看取りの実績）"),
    notified("在病実１", "house_call", "在宅療養実績加算１（緊急往診・看取りの実績）"),
    notified("在病実２", "house_call", "在宅療養実績加算２（緊急往診・看取りの実績）"),
    notified("在診実１", "end_of_life_care", "在宅療養実績加算１（緊急往診・看取りの実績）"),
    notified("在診実２", "end_of_life_care", "在宅療養実績加算２（緊急往診・看取りの実績）"),
    notified("在病実１", "end_of_life_care", "在宅療養実績加算１（緊急往診・看取りの実績）"),
    notified("在病実２", "end_of_life_care", "在宅療養実績加算２（緊急往診・看取りの実績）"),
    notified("在後病", "home_care_backup_hospital", "在宅療養後方支援病院"),
    notified("地包ケア１", "community_care_ward", "地域包括ケア病棟入院料１"),
    notified("地包ケア２", "community_care_ward", "地域包括ケア病棟入院料２"),
    notified("地包ケア３", "community_care_ward", "地域包括ケア病棟入院料３"),
    notified("地包ケア４", "community_care_ward", "地域包括ケア病棟入院料４"),
    notified("緩１", "palliative_care_ward", "緩和ケア病棟入院料１"),
    notified("緩２", "palliative_care_ward", "緩和ケア病棟入院料２"),
    notified("在訪褥", "pressure_ulcer", "在宅患者訪問褥瘡管理指導料"),
    notified("歯援診１", "home_care_support_dental", "在宅療養支援歯科診療所１"),
    notified("歯援診２", "home_care_support_dental", "在宅療養支援歯科診療所２"),
    notified("歯援病", "home_care_support_dental", "在宅療養支援歯科病院"),
    notified("歯訪診", "home_visit_dental", "歯科訪問診療料の注15に規定する基準"),
];

/// The capabilities a 受理記号 gives (none for the standards caremap does not read).
pub fn notifications(symbol: &str) -> impl Iterator<Item = &'static NotificationDef> + '_ {
    let symbol = symbol.trim();
    NOTIFICATIONS.iter().filter(move |n| n.symbol == symbol)
}
