//! Positions checked against addresses.
//!
//! The national files place some offices wrongly: at (0, 0), in Ireland, at the centre of Japan
//! (a web geocoder's fallbacks), or at Tokyo station for a station in 北九州市. Every imported
//! point is therefore compared with its own address — the municipality whose boundary contains
//! the point against the address's, and the distance to the address's 町丁目 point — and
//! replaced by the address's position (approximate, with its level and the reason kept, and
//! queued for administrators) when they clearly disagree:
//!
//! - the point lies in another prefecture, more than [`OTHER_PREFECTURE_M`] from the address
//!   ([`OTHER_PREFECTURE_OAZA_M`] from a 大字's point);
//! - it lies in another municipality of the same prefecture, more than
//!   [`OTHER_MUNICIPALITY_M`] away (near a border, and where wards were reorganised, a
//!   simplified boundary or a 町丁目 point can mislead; a large 大字 spans kilometres);
//! - it lies outside every municipality (abroad, at sea), more than [`OUTSIDE_M`] away;
//! - without boundaries loaded, more than [`FAR_M`] away.
//!
//! An address resolved only to its municipality replaces a point only across prefectures and
//! more than [`FAR_M`] away.
//! Points within their own municipality are kept whatever the distance. A record without a
//! point gets its address's.

use crate::areas::AreaSet;
use crate::geocode::Geocoder;
use model::Facility;
use model::facility::Location;
use model::geo::{LatLng, haversine_m};
use model::geocode::{GeoLevel, Geocoded};
use model::review::ReviewDetail;

/// A point in another prefecture than its address, farther than this from its 町丁目's point,
/// is wrong (a 大字's point: [`OTHER_PREFECTURE_OAZA_M`]).
pub const OTHER_PREFECTURE_M: f64 = 3_000.0;
/// The same from a 大字's point (a 大字 can be several kilometres across).
pub const OTHER_PREFECTURE_OAZA_M: f64 = 5_000.0;
/// A point in another municipality of the address's prefecture, farther than this, is wrong.
pub const OTHER_MUNICIPALITY_M: f64 = 10_000.0;
/// A point outside every municipal boundary, farther than this from its address, is wrong.
pub const OUTSIDE_M: f64 = 20_000.0;
/// Without municipal boundaries, a point farther than this from its address is wrong.
pub const FAR_M: f64 = 30_000.0;

/// What placing one record did.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed {
    /// The source's point agrees with the address (or the address could not be checked).
    Kept,
    /// No point: the address's position was used.
    Geocoded(GeoLevel),
    /// The source's point disagreed and was replaced (the detail is queued).
    Relocated(ReviewDetail),
    /// Neither a point nor an address that resolves.
    Unplaced,
}

/// The address of a listing as one line for the geocoder (without the building).
pub fn address_line(f: &Facility) -> String {
    let a = &f.address;
    // Sources repeat the prefecture or the city at the start of the street.
    let mut s = String::new();
    if !a.street.starts_with(a.prefecture.as_str()) {
        s.push_str(&a.prefecture);
    }
    if !a.street.starts_with(a.city.as_str()) && !a.street.starts_with(a.prefecture.as_str()) {
        s.push_str(&a.city);
    }
    s.push_str(&a.street);
    s
}

/// Fills the address's empty prefecture and city from a geocoded answer, taking the city off
/// the front of the street where a source wrote it there.
pub fn complete_address(f: &mut Facility, g: &Geocoded) {
    let a = &mut f.address;
    if a.prefecture.is_empty() {
        a.prefecture = g.prefecture.clone();
        if let Some(rest) = a.street.strip_prefix(g.prefecture.as_str()) {
            a.street = rest.trim_start().to_string();
        }
    }
    if a.city.is_empty() {
        let without_county = g
            .municipality
            .split_once('郡')
            .map_or(g.municipality.as_str(), |(_, m)| m);
        for name in [g.municipality.as_str(), without_county] {
            if let Some(rest) = a.street.strip_prefix(name) {
                a.city = name.to_string();
                a.street = rest.trim_start().to_string();
                break;
            }
        }
    }
}

/// Places one record (see the module docs); `f.location` and `f.municipality_code` are set
/// as decided.
pub fn place(f: &mut Facility, geocoder: &Geocoder, areas: &AreaSet) -> Placed {
    let line = address_line(f);
    let g = (!line.is_empty())
        .then(|| geocoder.geocode(&line))
        .flatten();
    if let Some(g) = &g {
        complete_address(f, g);
        if f.municipality_code.is_none() {
            f.municipality_code = g.municipality_code.clone();
        }
    }
    let Some(loc) = f.location else {
        return match g {
            Some(g) => {
                f.location = Some(Location {
                    lat: g.lat,
                    lng: g.lng,
                    approximate: true,
                    level: Some(g.level),
                });
                Placed::Geocoded(g.level)
            }
            None => Placed::Unplaced,
        };
    };
    let Some(g) = g else {
        return Placed::Kept;
    };
    let point = loc.point();
    let at = areas.municipality_at(point);
    let distance = haversine_m(point, g.point());
    let address_code = g.municipality_code.clone().or(f.municipality_code.clone());
    let point_code = at.and_then(|a| a.municipality_code.clone());
    let prefecture =
        |code: &Option<String>| code.as_deref().and_then(|c| c.get(..2)).map(str::to_string);
    let wrong = match (&point_code, &address_code) {
        (Some(p), Some(a)) if p == a => false,
        (Some(_), Some(_)) if prefecture(&point_code) != prefecture(&address_code) => {
            distance
                > match g.level {
                    GeoLevel::Town => OTHER_PREFECTURE_M,
                    GeoLevel::Oaza => OTHER_PREFECTURE_OAZA_M,
                    GeoLevel::Municipality => FAR_M,
                }
        }
        (Some(_), Some(_)) => g.level != GeoLevel::Municipality && distance > OTHER_MUNICIPALITY_M,
        (None, _) if areas.has_municipalities() => distance > OUTSIDE_M,
        _ => distance > FAR_M,
    };
    if !wrong {
        return Placed::Kept;
    }
    let where_point = match at {
        Some(a) => format!("{}{}", a.description.as_deref().unwrap_or_default(), a.name),
        None => "市区町村の区域外".to_string(),
    };
    let reason = format!(
        "住所（{}）と登録された位置（{}）が合いません（約{:.0} km 離れています）",
        g.matched,
        where_point,
        distance / 1000.0
    );
    f.location = Some(Location {
        lat: g.lat,
        lng: g.lng,
        approximate: true,
        level: Some(g.level),
    });
    f.provenance.position_note = Some(format!(
        "登録された位置（{:.5}, {:.5}）が住所と合わないため、住所から推定した位置です",
        point.lat, point.lng
    ));
    if let Some(code) = address_code {
        f.municipality_code = Some(code);
    }
    Placed::Relocated(ReviewDetail::Position {
        original: point,
        replaced_by: LatLng {
            lat: g.lat,
            lng: g.lng,
        },
        level: g.level,
        distance_m: distance,
        reason,
    })
}
