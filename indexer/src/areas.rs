//! Area geometry for point-in-polygon: which areas a facility lies in, which municipality a
//! point belongs to, and whether a polygon service area covers a point.
//!
//! Municipal boundaries (areas of kind 市町村, up to the country's 1,900) are kept apart from the
//! other areas: they decide a listing's municipality code (behind an R-tree of their boxes), while
//! 日常生活圏域 and the other kinds are a listing's area memberships. A listing that lies in no
//! 日常生活圏域 of its own municipality although the municipality has them (the gaps between
//! published polygons) is put in the nearest one, and the assignment says so, for
//! administrators to confirm.

use geo::{ClosestPoint, Contains, Intersects};
use model::geo::{LatLng, MultiPolygon, haversine_m};
use model::{Area, AreaKind};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

/// Converts a model polygon to geo's (x = lng, y = lat).
pub fn to_geo(mp: &MultiPolygon) -> geo::MultiPolygon<f64> {
    let ring = |pts: &[LatLng]| {
        geo::LineString::from(pts.iter().map(|p| (p.lng, p.lat)).collect::<Vec<_>>())
    };
    geo::MultiPolygon(
        mp.0.iter()
            .map(|p| {
                geo::Polygon::new(ring(&p.exterior), p.holes.iter().map(|h| ring(h)).collect())
            })
            .collect(),
    )
}

/// Returns true when the point is inside the polygon or on its boundary.
pub fn covers(poly: &geo::MultiPolygon<f64>, p: LatLng) -> bool {
    let pt = geo::Point::new(p.lng, p.lat);
    poly.contains(&pt) || poly.intersects(&pt)
}

/// Great-circle metres from a point to a polygon's outline (0 inside).
pub fn distance_to(poly: &geo::MultiPolygon<f64>, p: LatLng) -> f64 {
    if covers(poly, p) {
        return 0.0;
    }
    let pt = geo::Point::new(p.lng, p.lat);
    match poly.closest_point(&pt) {
        geo::Closest::SinglePoint(c) | geo::Closest::Intersection(c) => haversine_m(
            p,
            LatLng {
                lat: c.y(),
                lng: c.x(),
            },
        ),
        geo::Closest::Indeterminate => f64::INFINITY,
    }
}

/// A prepared area.
struct Prepared {
    area: Area,
    shape: geo::MultiPolygon<f64>,
    bbox: Option<model::BoundingBox>,
}

impl Prepared {
    fn new(area: Area) -> Prepared {
        Prepared {
            shape: to_geo(&area.geometry),
            bbox: area.geometry.bbox(),
            area,
        }
    }

    fn covers(&self, p: LatLng) -> bool {
        self.bbox.is_some_and(|b| b.contains(p)) && covers(&self.shape, p)
    }
}

/// How far outside its municipality's (simplified) boundary a point still counts as inside.
pub const BOUNDARY_SLACK_M: f64 = 300.0;
/// Without the municipality's boundary, how near an area a point in no area must be to be put in
/// it.
pub const GAP_WITHOUT_BOUNDARY_M: f64 = 1_000.0;

/// Where a point belongs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assignment {
    /// Ids of its areas, in id order.
    pub areas: Vec<String>,
    /// When no 日常生活圏域 polygon contains it although it lies in its municipality: the nearest
    /// one of the municipality, which `areas` includes, and the distance to it in metres.
    pub nearest: Option<(String, String, f64)>,
}

/// Loaded areas with their geometry prepared for point-in-polygon tests.
#[derive(Default)]
pub struct AreaSet {
    /// Areas other than municipalities, in id order.
    areas: Vec<Prepared>,
    /// Municipal boundaries, in id order.
    municipalities: Vec<Prepared>,
    /// Boxes of the municipal boundaries (lng, lat).
    boxes: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl AreaSet {
    /// Prepares the areas.
    pub fn new(areas: Vec<Area>) -> AreaSet {
        let (munis, others): (Vec<Area>, Vec<Area>) = areas
            .into_iter()
            .partition(|a| a.kind == AreaKind::Municipality);
        let municipalities: Vec<Prepared> = munis.into_iter().map(Prepared::new).collect();
        let boxes = RTree::bulk_load(
            municipalities
                .iter()
                .enumerate()
                .filter_map(|(i, m)| {
                    let b = m.bbox?;
                    Some(GeomWithData::new(
                        Rectangle::from_corners([b.min_lng, b.min_lat], [b.max_lng, b.max_lat]),
                        i,
                    ))
                })
                .collect(),
        );
        AreaSet {
            areas: others.into_iter().map(Prepared::new).collect(),
            municipalities,
            boxes,
        }
    }

    /// The areas other than municipalities (日常生活圏域 and the other kinds), in id order.
    pub fn areas(&self) -> impl Iterator<Item = &Area> {
        self.areas.iter().map(|p| &p.area)
    }

    /// The municipal boundaries, in id order.
    pub fn municipalities(&self) -> impl Iterator<Item = &Area> {
        self.municipalities.iter().map(|p| &p.area)
    }

    /// Returns the area (of any kind) with this id.
    pub fn get(&self, id: &str) -> Option<&Area> {
        self.areas()
            .chain(self.municipalities())
            .find(|a| a.id == id)
    }

    /// The boundary of a municipality, by its code.
    pub fn municipality(&self, code: &str) -> Option<&Area> {
        self.municipalities()
            .find(|a| a.municipality_code.as_deref() == Some(code))
    }

    /// Number of areas (municipalities included).
    pub fn len(&self) -> usize {
        self.areas.len() + self.municipalities.len()
    }

    /// Returns true when there are no areas at all.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty() && self.municipalities.is_empty()
    }

    /// Returns true when municipal boundaries are loaded.
    pub fn has_municipalities(&self) -> bool {
        !self.municipalities.is_empty()
    }

    /// Returns true when areas other than municipalities are loaded.
    pub fn has_areas(&self) -> bool {
        !self.areas.is_empty()
    }

    /// Ids of every area (other than municipalities) containing the point, in id order.
    pub fn containing(&self, p: LatLng) -> Vec<String> {
        self.areas
            .iter()
            .filter(|a| a.covers(p))
            .map(|a| a.area.id.clone())
            .collect()
    }

    /// The areas of a point in municipality `municipality` (see [`Assignment`]).
    pub fn assign(&self, p: LatLng, municipality: Option<&str>) -> Assignment {
        let mut areas = self.containing(p);
        let in_daily_life = areas.iter().any(|id| {
            self.areas
                .iter()
                .any(|a| a.area.id == *id && a.area.kind == AreaKind::DailyLifeArea)
        });
        let mut nearest = None;
        // Only a point inside its municipality (a little outside its simplified boundary
        // still counts) is in a gap; without the boundary, only one close to an area.
        let boundary = municipality.and_then(|code| {
            self.municipalities
                .iter()
                .find(|m| m.area.municipality_code.as_deref() == Some(code))
        });
        let in_city =
            boundary.is_none_or(|m| m.covers(p) || distance_to(&m.shape, p) <= BOUNDARY_SLACK_M);
        let reach = if boundary.is_some() {
            f64::INFINITY
        } else {
            GAP_WITHOUT_BOUNDARY_M
        };
        if !in_daily_life
            && in_city
            && let Some(code) = municipality
        {
            let best = self
                .areas
                .iter()
                .filter(|a| {
                    a.area.kind == AreaKind::DailyLifeArea
                        && a.area.municipality_code.as_deref() == Some(code)
                })
                .map(|a| (a, distance_to(&a.shape, p)))
                .min_by(|x, y| x.1.total_cmp(&y.1));
            if let Some((a, d)) = best.filter(|(_, d)| d.is_finite() && *d <= reach) {
                areas.push(a.area.id.clone());
                areas.sort();
                nearest = Some((a.area.id.clone(), a.area.name.clone(), d));
            }
        }
        Assignment { areas, nearest }
    }

    /// The municipal boundary containing the point.
    pub fn municipality_at(&self, p: LatLng) -> Option<&Area> {
        let env = AABB::from_point([p.lng, p.lat]);
        self.boxes
            .locate_in_envelope_intersecting(&env)
            .map(|r| &self.municipalities[r.data])
            .find(|m| covers(&m.shape, p))
            .map(|m| &m.area)
    }

    /// The municipality code of the point, from the municipal boundaries.
    pub fn municipality_of(&self, p: LatLng) -> Option<String> {
        self.municipality_at(p)
            .and_then(|a| a.municipality_code.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(id: &str, kind: AreaKind, code: &str, x0: f64, y0: f64, size: f64) -> Area {
        let b = model::BoundingBox {
            min_lat: y0,
            min_lng: x0,
            max_lat: y0 + size,
            max_lng: x0 + size,
        };
        Area {
            id: id.into(),
            kind,
            name: id.into(),
            municipality_code: Some(code.into()),
            geometry: b.outline(),
            description: None,
        }
    }

    #[test]
    fn municipalities_apart_and_gaps_go_to_the_nearest_area() {
        let set = AreaSet::new(vec![
            square("city", AreaKind::Municipality, "272108", 135.0, 34.0, 1.0),
            square("a", AreaKind::DailyLifeArea, "272108", 135.0, 34.0, 0.4),
            square("b", AreaKind::DailyLifeArea, "272108", 135.5, 34.0, 0.5),
        ]);
        let inside = LatLng {
            lat: 34.1,
            lng: 135.1,
        };
        assert_eq!(set.containing(inside), vec!["a".to_string()]);
        assert_eq!(set.municipality_of(inside).as_deref(), Some("272108"));
        assert_eq!(set.areas().count(), 2);
        assert!(set.get("city").is_some());
        // In the gap between a (to 135.4) and b (from 135.5), nearer b.
        let gap = LatLng {
            lat: 34.1,
            lng: 135.47,
        };
        let a = set.assign(gap, Some("272108"));
        assert_eq!(a.areas, vec!["b".to_string()]);
        let (id, _, d) = a.nearest.unwrap();
        assert_eq!(id, "b");
        assert!((d - 2_770.0).abs() < 100.0, "{d}");
        // Another municipality's point gets no area, nor one outside the city.
        assert_eq!(set.assign(gap, Some("131016")), Assignment::default());
        assert_eq!(
            set.assign(
                LatLng {
                    lat: 36.5,
                    lng: 137.0
                },
                Some("272108")
            ),
            Assignment::default()
        );
        assert_eq!(
            set.municipality_of(LatLng {
                lat: 40.0,
                lng: 140.0
            }),
            None
        );
    }
}
