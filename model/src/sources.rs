//! Data sources: where listings, positions and outlines come from, and the credit line each one
//! requires wherever caremap shows or re-publishes its data.
//!
//! The built-in sources ([`BUILTIN`]) are the national open data caremap reads itself; a city's
//! own tables name their source in their import mapping. Every import records its
//! [`DataSource`] in the store, so pages and exports show the credit of exactly what is loaded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Id of the MHLW 介護サービス情報公表 open data.
pub const MHLW_CARE: &str = "mhlw-kaigo-open-data";
/// Id of the regional health bureaus' 届出受理医療機関名簿.
pub const KOSEI: &str = "kosei-todokede";
/// Id of the 町丁目 address points (the geocoder's data).
pub const ADDRESSES: &str = "geolonia-addresses";
/// Id of the municipal boundaries (国土数値情報 行政区域).
pub const BOUNDARIES: &str = "mlit-n03-boundaries";
/// Id of the 住民基本台帳 age table per municipality.
pub const JUKI_POPULATION: &str = "soumu-juki-population";
/// Id of the census' small-area populations.
pub const CENSUS_SMALL_AREAS: &str = "stat-census-small-areas";
/// Id of the fictional sample municipality.
pub const SAMPLE: &str = "caremap-sample";

/// A source of data with its credit line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataSource {
    /// Stable id (`mhlw-kaigo-open-data`, `kosei-todokede`, a city's own id).
    pub id: String,
    /// Name shown to people (「届出受理医療機関名簿（四国厚生支局ほか）」).
    pub name: String,
    /// The credit line pages and exports must carry.
    pub credit: String,
    /// Licence or terms of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// Where the data is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The date the data is current at (「令和7年10月1日現在」).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// Fictional data (the sample): pages say so instead of crediting it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fictional: bool,
    /// Which source wins when two disagree on a field (higher wins; default by kind: a city's
    /// own table 30, the 厚生局 lists 20, the national care files 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
}

/// The MHLW 介護サービス情報公表 open data (CC BY 4.0).
pub fn mhlw_care() -> DataSource {
    DataSource {
        id: MHLW_CARE.into(),
        name: "介護サービス情報公表システム オープンデータ（厚生労働省）".into(),
        credit: "介護サービス情報公表システム（厚生労働省）のデータを基に作成（CC BY 4.0）".into(),
        licence: Some("CC BY 4.0".into()),
        url: Some("https://www.mhlw.go.jp/stf/kaigo-kouhyou_opendata.html".into()),
        as_of: None,
        fictional: false,
        priority: None,
    }
}

/// The 届出受理医療機関名簿 current at `as_of`.
pub fn kosei(as_of: Option<NaiveDate>) -> DataSource {
    let when = as_of
        .map(|d| format!("、{}現在", crate::sources::wareki(d)))
        .unwrap_or_default();
    DataSource {
        id: KOSEI.into(),
        name: "届出受理医療機関名簿（地方厚生局）".into(),
        credit: format!("届出受理医療機関名簿（各地方厚生局{when}）を加工して作成"),
        licence: Some("政府標準利用規約（第2.0版）".into()),
        url: None,
        as_of,
        fictional: false,
        priority: None,
    }
}

/// The 町丁目 address points of the geocoder.
pub fn addresses() -> DataSource {
    DataSource {
        id: ADDRESSES.into(),
        name: "Geolonia 住所データ".into(),
        credit: "位置の推定に「Geolonia 住所データ」（CC BY 4.0、国土交通省 位置参照情報・日本郵便のデータを基に作成）を使用".into(),
        licence: Some("CC BY 4.0".into()),
        url: Some("https://github.com/geolonia/japanese-addresses".into()),
        as_of: None,
        fictional: false,
        priority: None,
    }
}

/// The municipal boundaries.
pub fn boundaries() -> DataSource {
    DataSource {
        id: BOUNDARIES.into(),
        name: "国土数値情報（行政区域データ）".into(),
        credit: "国土数値情報（行政区域データ）（国土交通省）を加工して作成".into(),
        licence: Some("CC BY 4.0 互換（国土数値情報利用約款）".into()),
        url: Some("https://nlftp.mlit.go.jp/ksj/".into()),
        as_of: None,
        fictional: false,
        priority: None,
    }
}

/// The 住民基本台帳 age table per municipality, current at `as_of`.
pub fn juki_population(as_of: NaiveDate) -> DataSource {
    DataSource {
        id: JUKI_POPULATION.into(),
        name: "住民基本台帳に基づく人口（総務省）".into(),
        credit: format!(
            "総務省 住民基本台帳に基づく人口、人口動態及び世帯数（{}現在）",
            wareki(as_of)
        ),
        licence: Some("政府標準利用規約（第2.0版）".into()),
        url: None,
        as_of: Some(as_of),
        fictional: false,
        priority: None,
    }
}

/// The census' small-area populations of the census held in `year` (its date: 1 October).
pub fn census_small_areas(year: i32) -> DataSource {
    let as_of = NaiveDate::from_ymd_opt(year, 10, 1);
    let era = as_of
        .map(|d| wareki(d).split('年').next().unwrap_or_default().to_string() + "年")
        .unwrap_or_default();
    DataSource {
        id: CENSUS_SMALL_AREAS.into(),
        name: format!("{era}国勢調査 小地域集計（総務省統計局）"),
        credit: format!("総務省統計局 {era}国勢調査 小地域集計"),
        licence: Some("政府標準利用規約（第2.0版）".into()),
        url: None,
        as_of,
        fictional: false,
        priority: None,
    }
}

/// The fictional sample municipality.
pub fn sample() -> DataSource {
    DataSource {
        id: SAMPLE.into(),
        name: "さくら野市（架空）サンプルデータ".into(),
        credit: "さくら野市は架空の自治体です。表示している事業所・電話番号などはすべて架空のもので、実在しません。".into(),
        licence: None,
        url: None,
        as_of: None,
        fictional: true,
        priority: None,
    }
}

/// The built-in sources (those a listing names without an import having recorded them).
pub fn builtin() -> Vec<DataSource> {
    vec![
        mhlw_care(),
        kosei(None),
        addresses(),
        boundaries(),
        sample(),
    ]
}

/// A date in the Japanese era calendar as official lists print it (「令和7年10月1日」).
pub fn wareki(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (era, start) = if d >= NaiveDate::from_ymd_opt(2019, 5, 1).unwrap_or(d) {
        ("令和", 2018)
    } else if d >= NaiveDate::from_ymd_opt(1989, 1, 8).unwrap_or(d) {
        ("平成", 1988)
    } else {
        ("昭和", 1925)
    };
    let y = d.year() - start;
    let y = if y == 1 {
        "元".to_string()
    } else {
        y.to_string()
    };
    format!("{era}{y}年{}月{}日", d.month(), d.day())
}

/// Reads a date in the Japanese era calendar (「令和 7年 4月 1日」, 「平成30年10月1日」,
/// 「令和元年5月1日」; full-width digits and spaces allowed).
pub fn parse_wareki(s: &str) -> Option<NaiveDate> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let (start, rest) = [("令和", 2018), ("平成", 1988), ("昭和", 1925)]
        .iter()
        .find_map(|(era, start)| t.strip_prefix(era).map(|r| (*start, r)))?;
    let (y, rest) = rest.split_once('年')?;
    let y: i32 = if y == "元" { 1 } else { y.parse().ok()? };
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    NaiveDate::from_ymd_opt(start + y, m.parse().ok()?, d.parse().ok()?)
}

/// A listing's membership in a source: which record of which source it holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceRecord {
    /// Source id.
    pub source: String,
    /// The record's key in the source (事業所番号 and service code, 医療機関コード, a row id).
    pub key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_dates_and_credits() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
        assert_eq!(wareki(d), "令和7年10月1日");
        assert_eq!(
            wareki(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap()),
            "令和元年5月1日"
        );
        assert_eq!(
            kosei(Some(d)).credit,
            "届出受理医療機関名簿（各地方厚生局、令和7年10月1日現在）を加工して作成"
        );
        assert_eq!(
            parse_wareki("令和 7年 4月 1日"),
            Some(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap())
        );
        assert_eq!(
            parse_wareki("平成30年10月 1日"),
            Some(NaiveDate::from_ymd_opt(2018, 10, 1).unwrap())
        );
        assert_eq!(
            parse_wareki("令和元年５月１日"),
            Some(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap())
        );
        assert_eq!(parse_wareki("令和7年13月1日"), None);
        let ids: Vec<String> = builtin().into_iter().map(|s| s.id).collect();
        assert_eq!(ids.len(), 5);
    }
}
