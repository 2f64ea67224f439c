//! Geographic primitives: validated [`LatLng`], [`BoundingBox`], polygons and great-circle distance.
//!
//! Coordinates are WGS84 degrees, always named (`lat`, `lng`), never bare tuples. Distances are
//! great-circle metres on a sphere of radius [`EARTH_RADIUS_M`]; every distance in caremap
//! (radius filters, `distance_m` in results, the brute-force test oracle) comes from
//! [`haversine_m`], so they agree to the bit.

use crate::error::ValidationError;
use serde::{Deserialize, Serialize};

/// Mean Earth radius in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A point on Earth in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatLng {
    /// Latitude in degrees, −90..=90.
    #[cfg_attr(feature = "openapi", schema(minimum = -90, maximum = 90))]
    pub lat: f64,
    /// Longitude in degrees, −180..=180.
    #[cfg_attr(feature = "openapi", schema(minimum = -180, maximum = 180))]
    pub lng: f64,
}

impl LatLng {
    /// Builds a point, rejecting out-of-range or non-finite coordinates.
    ///
    /// # Examples
    /// ```
    /// use model::geo::LatLng;
    /// assert!(LatLng::new(35.68, 139.77).is_ok()); // Tokyo station, lat, lng
    /// assert!(LatLng::new(139.77, 35.68).is_err()); // swapped
    /// ```
    pub fn new(lat: f64, lng: f64) -> Result<LatLng, ValidationError> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(ValidationError::InvalidLatitude(lat));
        }
        if !lng.is_finite() || !(-180.0..=180.0).contains(&lng) {
            return Err(ValidationError::InvalidLongitude(lng));
        }
        Ok(LatLng { lat, lng })
    }

    /// Checks a deserialised point.
    pub fn validate(&self) -> Result<(), ValidationError> {
        LatLng::new(self.lat, self.lng).map(|_| ())
    }

    /// Unit-sphere Cartesian coordinates; chord length between two such points grows
    /// monotonically with great-circle distance, which makes R-tree radius search exact.
    pub fn to_unit_xyz(self) -> [f64; 3] {
        let (lat, lng) = (self.lat.to_radians(), self.lng.to_radians());
        [lat.cos() * lng.cos(), lat.cos() * lng.sin(), lat.sin()]
    }
}

/// Great-circle distance in metres between two points (haversine formula).
///
/// # Units
/// Input in degrees, output in metres.
///
/// # Examples
/// ```
/// use model::geo::{haversine_m, LatLng};
/// let tokyo = LatLng::new(35.6812, 139.7671).unwrap();   // lat, lng
/// let osaka = LatLng::new(34.7025, 135.4959).unwrap();
/// let d = haversine_m(tokyo, osaka);
/// assert!((d - 403_000.0).abs() < 2_000.0);
/// ```
pub fn haversine_m(a: LatLng, b: LatLng) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Chord length on the unit sphere for a great-circle distance in metres.
pub fn chord_for_distance_m(distance_m: f64) -> f64 {
    let angle = (distance_m / EARTH_RADIUS_M).min(std::f64::consts::PI);
    2.0 * (angle / 2.0).sin()
}

/// A latitude/longitude box (no antimeridian crossing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoundingBox {
    /// Southern edge (degrees).
    pub min_lat: f64,
    /// Western edge (degrees).
    pub min_lng: f64,
    /// Northern edge (degrees).
    pub max_lat: f64,
    /// Eastern edge (degrees).
    pub max_lng: f64,
}

impl BoundingBox {
    /// The box as a one-polygon area: its outline from the south-west corner, anticlockwise,
    /// closed.
    pub fn outline(&self) -> MultiPolygon {
        let p = |lat, lng| LatLng { lat, lng };
        MultiPolygon(vec![Polygon {
            exterior: vec![
                p(self.min_lat, self.min_lng),
                p(self.min_lat, self.max_lng),
                p(self.max_lat, self.max_lng),
                p(self.max_lat, self.min_lng),
                p(self.min_lat, self.min_lng),
            ],
            holes: Vec::new(),
        }])
    }

    /// Builds a box, checking ranges and that min ≤ max on both axes.
    pub fn new(
        min_lat: f64,
        min_lng: f64,
        max_lat: f64,
        max_lng: f64,
    ) -> Result<BoundingBox, ValidationError> {
        LatLng::new(min_lat, min_lng)?;
        LatLng::new(max_lat, max_lng)?;
        if min_lat > max_lat || min_lng > max_lng {
            return Err(ValidationError::InvalidBbox(
                "min must not exceed max (bbox is minLng,minLat,maxLng,maxLat)".into(),
            ));
        }
        Ok(BoundingBox {
            min_lat,
            min_lng,
            max_lat,
            max_lng,
        })
    }

    /// Checks a deserialised box.
    pub fn validate(&self) -> Result<(), ValidationError> {
        BoundingBox::new(self.min_lat, self.min_lng, self.max_lat, self.max_lng).map(|_| ())
    }

    /// Returns true when the point is inside or on the edge.
    pub fn contains(&self, p: LatLng) -> bool {
        (self.min_lat..=self.max_lat).contains(&p.lat)
            && (self.min_lng..=self.max_lng).contains(&p.lng)
    }

    /// The part both boxes cover (None when they do not meet).
    pub fn intersection(&self, other: &BoundingBox) -> Option<BoundingBox> {
        let b = BoundingBox {
            min_lat: self.min_lat.max(other.min_lat),
            min_lng: self.min_lng.max(other.min_lng),
            max_lat: self.max_lat.min(other.max_lat),
            max_lng: self.max_lng.min(other.max_lng),
        };
        (b.min_lat <= b.max_lat && b.min_lng <= b.max_lng).then_some(b)
    }

    /// The smallest box holding every point (None for no points).
    pub fn around(points: impl IntoIterator<Item = LatLng>) -> Option<BoundingBox> {
        points.into_iter().fold(None, |b, p| {
            Some(match b {
                None => BoundingBox {
                    min_lat: p.lat,
                    min_lng: p.lng,
                    max_lat: p.lat,
                    max_lng: p.lng,
                },
                Some(b) => BoundingBox {
                    min_lat: b.min_lat.min(p.lat),
                    min_lng: b.min_lng.min(p.lng),
                    max_lat: b.max_lat.max(p.lat),
                    max_lng: b.max_lng.max(p.lng),
                },
            })
        })
    }
}

/// A polygon: one outer ring and optional holes; rings are closed or not (both accepted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Polygon {
    /// Outer ring.
    pub exterior: Vec<LatLng>,
    /// Holes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holes: Vec<Vec<LatLng>>,
}

/// Several polygons (a MultiPolygon), the geometry of areas and service areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MultiPolygon(pub Vec<Polygon>);

impl MultiPolygon {
    /// The bounding box of all outer rings, if any.
    pub fn bbox(&self) -> Option<BoundingBox> {
        let mut it = self.0.iter().flat_map(|p| p.exterior.iter());
        let first = it.next()?;
        let mut b = BoundingBox {
            min_lat: first.lat,
            min_lng: first.lng,
            max_lat: first.lat,
            max_lng: first.lng,
        };
        for p in it {
            b.min_lat = b.min_lat.min(p.lat);
            b.max_lat = b.max_lat.max(p.lat);
            b.min_lng = b.min_lng.min(p.lng);
            b.max_lng = b.max_lng.max(p.lng);
        }
        Some(b)
    }

    /// A representative interior-ish point: the vertex average of the largest outer ring.
    pub fn centroid_hint(&self) -> Option<LatLng> {
        let ring = self.0.iter().max_by_key(|p| p.exterior.len())?;
        let n = ring.exterior.len() as f64;
        let (lat, lng) = ring
            .exterior
            .iter()
            .fold((0.0, 0.0), |(a, b), p| (a + p.lat, b + p.lng));
        Some(LatLng {
            lat: lat / n,
            lng: lng / n,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_city_pairs() {
        let sapporo = LatLng::new(43.0618, 141.3545).unwrap();
        let naha = LatLng::new(26.2124, 127.6809).unwrap();
        let d = haversine_m(sapporo, naha);
        assert!((d - 2_244_000.0).abs() < 5_000.0, "{d}");
        assert_eq!(haversine_m(sapporo, sapporo), 0.0);
    }

    #[test]
    fn rejects_bad_coordinates() {
        assert!(LatLng::new(91.0, 0.0).is_err());
        assert!(LatLng::new(0.0, 181.0).is_err());
        assert!(LatLng::new(f64::NAN, 0.0).is_err());
        assert!(BoundingBox::new(36.0, 139.0, 35.0, 140.0).is_err());
    }

    #[test]
    fn chord_is_monotonic_with_distance() {
        let a = LatLng::new(60.0, 10.0).unwrap();
        let north = LatLng::new(60.6, 10.0).unwrap();
        let east = LatLng::new(60.0, 11.0).unwrap();
        let chord = |p: LatLng| {
            let (x, y) = (a.to_unit_xyz(), p.to_unit_xyz());
            ((x[0] - y[0]).powi(2) + (x[1] - y[1]).powi(2) + (x[2] - y[2]).powi(2)).sqrt()
        };
        assert!(haversine_m(a, east) < haversine_m(a, north));
        assert!(chord(east) < chord(north));
        let d = haversine_m(a, north);
        assert!((chord_for_distance_m(d) - chord(north)).abs() < 1e-12);
    }
}
