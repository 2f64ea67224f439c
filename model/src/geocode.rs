//! Addresses to positions: the answer of caremap's offline geocoder and the prefectures of Japan.
//!
//! The geocoder itself lives in the engine (`indexer::geocode`); these are the types the API, the
//! site and the importers share: how far a typed address was resolved ([`GeoLevel`]) and the
//! answer ([`Geocoded`]).

use serde::{Deserialize, Serialize};

/// The 47 prefectures in the order of their JIS X 0401 codes (北海道 = 01 … 沖縄県 = 47).
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// The prefectures' names in English, in code order (01 Hokkaido … 47 Okinawa).
pub const PREFECTURES_EN: [&str; 47] = [
    "Hokkaido",
    "Aomori",
    "Iwate",
    "Miyagi",
    "Akita",
    "Yamagata",
    "Fukushima",
    "Ibaraki",
    "Tochigi",
    "Gunma",
    "Saitama",
    "Chiba",
    "Tokyo",
    "Kanagawa",
    "Niigata",
    "Toyama",
    "Ishikawa",
    "Fukui",
    "Yamanashi",
    "Nagano",
    "Gifu",
    "Shizuoka",
    "Aichi",
    "Mie",
    "Shiga",
    "Kyoto",
    "Osaka",
    "Hyogo",
    "Nara",
    "Wakayama",
    "Tottori",
    "Shimane",
    "Okayama",
    "Hiroshima",
    "Yamaguchi",
    "Tokushima",
    "Kagawa",
    "Ehime",
    "Kochi",
    "Fukuoka",
    "Saga",
    "Nagasaki",
    "Kumamoto",
    "Oita",
    "Miyazaki",
    "Kagoshima",
    "Okinawa",
];

/// A prefecture's name (2-digit code) in `lang`.
pub fn prefecture_label(code: &str, lang: crate::i18n::Lang) -> Option<&'static str> {
    let n: usize = code.parse().ok()?;
    let i = n.checked_sub(1)?;
    lang.pick(PREFECTURES.get(i), PREFECTURES_EN.get(i))
        .copied()
}

/// The prefecture of a two-digit JIS code (`"27"` → 大阪府), or of a municipality code's first
/// two digits.
pub fn prefecture_of_code(code: &str) -> Option<&'static str> {
    let n: usize = code.get(..2)?.parse().ok()?;
    PREFECTURES.get(n.checked_sub(1)?).copied()
}

/// The two-digit JIS code of a prefecture (大阪府 → `"27"`).
pub fn prefecture_code(name: &str) -> Option<String> {
    PREFECTURES
        .iter()
        .position(|p| *p == name)
        .map(|i| format!("{:02}", i + 1))
}

/// The 6-digit 全国地方公共団体コード of a 5-digit one: the check digit is 11 minus the weighted
/// sum (6, 5, 4, 3, 2) modulo 11, keeping its last digit.
///
/// # Examples
/// ```
/// assert_eq!(model::geocode::municipality_code_with_check_digit("27210").as_deref(), Some("272108")); // 枚方市
/// assert_eq!(model::geocode::municipality_code_with_check_digit("13101").as_deref(), Some("131016")); // 千代田区
/// ```
pub fn municipality_code_with_check_digit(code5: &str) -> Option<String> {
    if code5.len() != 5 || !code5.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = code5
        .bytes()
        .zip([6u32, 5, 4, 3, 2])
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = (11 - sum % 11) % 10;
    Some(format!("{code5}{check}"))
}

/// How far an address was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GeoLevel {
    /// A 町丁目 (or a 小字): the finest point the address data has.
    Town,
    /// A 大字 or a 町 without its 丁目: the mean of its parts.
    Oaza,
    /// Only the municipality (市区町村).
    Municipality,
}

impl GeoLevel {
    /// Code as serialised.
    pub fn code(self) -> &'static str {
        match self {
            GeoLevel::Town => "town",
            GeoLevel::Oaza => "oaza",
            GeoLevel::Municipality => "municipality",
        }
    }

    /// Japanese label (「町丁目」, 「大字・町」, 「市区町村」).
    pub fn label(self) -> &'static str {
        match self {
            GeoLevel::Town => "町丁目",
            GeoLevel::Oaza => "大字・町",
            GeoLevel::Municipality => "市区町村",
        }
    }

    /// Its label in `lang`.
    pub fn label_in(self, lang: crate::i18n::Lang) -> &'static str {
        match (lang, self) {
            (crate::i18n::Lang::Ja, _) => self.label(),
            (crate::i18n::Lang::En, GeoLevel::Town) => "block (chōme)",
            (crate::i18n::Lang::En, GeoLevel::Oaza) => "district (ōaza)",
            (crate::i18n::Lang::En, GeoLevel::Municipality) => "municipality",
        }
    }

    /// Reads a code.
    pub fn from_code(code: &str) -> Option<GeoLevel> {
        [GeoLevel::Town, GeoLevel::Oaza, GeoLevel::Municipality]
            .into_iter()
            .find(|l| l.code() == code)
    }
}

/// A typed address resolved to a point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Geocoded {
    /// Latitude of the representative point (degrees).
    pub lat: f64,
    /// Longitude (degrees).
    pub lng: f64,
    /// How far the address was resolved.
    pub level: GeoLevel,
    /// 6-digit code of the municipality (when the municipal boundaries are loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_code: Option<String>,
    /// What matched, as published: 「大阪府枚方市伊加賀北町」.
    pub matched: String,
    /// 都道府県.
    pub prefecture: String,
    /// 市区町村 (with its 郡 or 政令市).
    pub municipality: String,
    /// 町丁目 or 大字 (absent at the municipality level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
}

impl Geocoded {
    /// The point.
    pub fn point(&self) -> crate::geo::LatLng {
        crate::geo::LatLng {
            lat: self.lat,
            lng: self.lng,
        }
    }
}

/// A candidate while typing: a town or municipality with its full name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    /// Full name, e.g. 「大阪府枚方市伊加賀北町」 (what the site puts into the box).
    pub label: String,
    /// Level of the place.
    pub level: GeoLevel,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lng: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefecture_codes_and_check_digits() {
        assert_eq!(prefecture_of_code("272108"), Some("大阪府"));
        assert_eq!(prefecture_of_code("01"), Some("北海道"));
        assert_eq!(prefecture_of_code("48"), None);
        assert_eq!(prefecture_code("高知県").as_deref(), Some("39"));
        // 札幌市中央区 011011, 高知市 392014, 那覇市 472018.
        assert_eq!(
            municipality_code_with_check_digit("01101").as_deref(),
            Some("011011")
        );
        assert_eq!(
            municipality_code_with_check_digit("39201").as_deref(),
            Some("392014")
        );
        assert_eq!(
            municipality_code_with_check_digit("47201").as_deref(),
            Some("472018")
        );
        assert_eq!(municipality_code_with_check_digit("4720"), None);
    }
}
