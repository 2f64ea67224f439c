//! Areas: named, typed regions (日常生活圏域, 市町村, 二次医療圏, …) with a polygon.

use crate::geo::MultiPolygon;
use serde::{Deserialize, Serialize};

/// The kind of an area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AreaKind {
    /// 日常生活圏域 (daily-life area; usually a 中学校区).
    DailyLifeArea,
    /// 市町村 (municipality).
    Municipality,
    /// 二次医療圏 (secondary medical area).
    SecondaryMedicalArea,
    /// 医師会区域 (medical association district).
    MedicalAssociationArea,
    /// 地域包括支援センター担当区域 (catchment of a community support centre).
    SupportCenterCatchment,
    /// Any other grouping (広域連合, 保健所管内, …).
    Other,
}

impl AreaKind {
    /// Japanese label.
    pub fn label(self) -> &'static str {
        match self {
            AreaKind::DailyLifeArea => "日常生活圏域",
            AreaKind::Municipality => "市町村",
            AreaKind::SecondaryMedicalArea => "二次医療圏",
            AreaKind::MedicalAssociationArea => "医師会区域",
            AreaKind::SupportCenterCatchment => "包括担当区域",
            AreaKind::Other => "その他の区域",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, AreaKind::DailyLifeArea) => "Daily-life area",
            (crate::i18n::Lang::En, AreaKind::Municipality) => "Municipality",
            (crate::i18n::Lang::En, AreaKind::SecondaryMedicalArea) => "Secondary medical area",
            (crate::i18n::Lang::En, AreaKind::MedicalAssociationArea) => {
                "Medical association district"
            }
            (crate::i18n::Lang::En, AreaKind::SupportCenterCatchment) => "Support centre catchment",
            (crate::i18n::Lang::En, AreaKind::Other) => "Other area",
        }
    }
}

/// A region with a polygon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Area {
    /// Stable id, e.g. `sample-area-3`.
    pub id: String,
    /// Kind of area.
    pub kind: AreaKind,
    /// Name, e.g. 「中央圏域」.
    pub name: String,
    /// Municipality the area belongs to (for 日常生活圏域) or is (for 市町村).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_code: Option<String>,
    /// Outline.
    pub geometry: MultiPolygon,
    /// Note shown with the area (e.g. which 町丁目 it covers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A sort key that orders the numbers inside a text by value (「area-2」 before 「area-10」).
pub fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    out.push((text, digits.parse().unwrap_or(0)));
    out
}

#[cfg(test)]
mod tests {
    use super::natural_key;

    #[test]
    fn numbers_inside_ids_sort_by_value() {
        let mut ids = ["area-10", "area-2", "area-1", "b", "area-2a"];
        ids.sort_by_key(|s| natural_key(s));
        assert_eq!(ids, ["area-1", "area-2", "area-2a", "area-10", "b"]);
    }
}
