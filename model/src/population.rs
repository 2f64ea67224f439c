//! How many people live in a place, and how many of them are elderly: what coverage per
//! 日常生活圏域 and municipality is measured against (listings per 10,000 people aged 65+ or 75+,
//! the share of the 75+ living near a kind of listing).
//!
//! Two official sources give it (see `../shared/data/real/README.md`): the 住民基本台帳 age table
//! per municipality ([`MunicipalPopulation`]) and the census' small areas, 町丁目 by 町丁目
//! ([`SmallAreaPopulation`]), which join to address points and so to any area's polygon.

use crate::geo::LatLng;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// People, in all and by age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Population {
    /// Everyone (the census' figure includes people of unknown age).
    pub total: u64,
    /// People aged 65 or over.
    pub aged_65: u64,
    /// People aged 75 or over.
    pub aged_75: u64,
}

impl std::ops::AddAssign for Population {
    fn add_assign(&mut self, o: Population) {
        self.total += o.total;
        self.aged_65 += o.aged_65;
        self.aged_75 += o.aged_75;
    }
}

/// One municipality (or ward) of the 住民基本台帳 age table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MunicipalPopulation {
    /// 6-digit 団体コード (with its check digit), e.g. `272108` for 枚方市.
    pub code: String,
    /// 都道府県名.
    pub prefecture: String,
    /// 市区町村名 (empty for a prefecture's own row).
    pub name: String,
    /// Its people.
    pub population: Population,
}

/// One small area of the census (a 町丁目, or a 大字・町 without 丁目), the finest unit the
/// census publishes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmallAreaPopulation {
    /// The census' KEY_CODE: the 5-digit municipality code, then the area's own digits.
    pub key: String,
    /// 市区町村名 as the census writes it (e.g. 「大阪市此花区」).
    pub municipality: String,
    /// The area's name (「新町一丁目」).
    pub name: String,
    /// Its people; zero for an area the census keeps secret, whose people it counts in
    /// [`SmallAreaPopulation::counted_in`].
    pub population: Population,
    /// The KEY_CODE of the area whose figures include this one's (a suppressed small area).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_in: Option<String>,
    /// The address point it was joined to (None: not joined, or not yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<LatLng>,
}

impl SmallAreaPopulation {
    /// The 5-digit municipality code (without the 団体コード's check digit:
    /// [`crate::geocode::municipality_code_with_check_digit`] adds it).
    pub fn municipality_code(&self) -> &str {
        self.key.get(..5).unwrap_or(&self.key)
    }

    /// The municipality's 6-digit 団体コード (the key's first five digits with the check digit;
    /// those five digits as they are when they are not digits).
    pub fn municipality_code_with_check_digit(&self) -> String {
        let five = self.municipality_code();
        crate::geocode::municipality_code_with_check_digit(five).unwrap_or_else(|| five.to_string())
    }
}

/// An area's people from one source, as stored: what coverage per area divides by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaPopulation {
    /// The area (`municipality-272108` for a municipality, or a 日常生活圏域's id).
    pub area_id: String,
    /// The data source's id ([`crate::sources::JUKI_POPULATION`],
    /// [`crate::sources::CENSUS_SMALL_AREAS`]).
    pub source: String,
    /// The date the figures are current at.
    pub as_of: NaiveDate,
    /// Its people.
    pub population: Population,
}
