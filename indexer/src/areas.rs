//! Area geometry for point-in-polygon: which areas a facility lies in, which municipality a
//! point belongs to, and whether a polygon service area covers a point.

use geo::{Contains, Intersects};
use model::geo::{LatLng, MultiPolygon};
use model::{Area, AreaKind};

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

/// Loaded areas with their geometry prepared for point-in-polygon tests.
#[derive(Default)]
pub struct AreaSet {
    areas: Vec<(Area, geo::MultiPolygon<f64>, Option<model::BoundingBox>)>,
}

impl AreaSet {
    /// Prepares the areas.
    pub fn new(areas: Vec<Area>) -> AreaSet {
        let areas = areas
            .into_iter()
            .map(|a| {
                let g = to_geo(&a.geometry);
                let b = a.geometry.bbox();
                (a, g, b)
            })
            .collect();
        AreaSet { areas }
    }

    /// The areas, in id order.
    pub fn areas(&self) -> impl Iterator<Item = &Area> {
        self.areas.iter().map(|(a, _, _)| a)
    }

    /// Returns the area with this id.
    pub fn get(&self, id: &str) -> Option<&Area> {
        self.areas().find(|a| a.id == id)
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    /// Returns true when there are no areas.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// Ids of every area containing the point, in id order.
    pub fn containing(&self, p: LatLng) -> Vec<String> {
        self.areas
            .iter()
            .filter(|(_, g, b)| b.is_some_and(|b| b.contains(p)) && covers(g, p))
            .map(|(a, _, _)| a.id.clone())
            .collect()
    }

    /// The municipality code of the point, from areas of kind 市町村.
    pub fn municipality_of(&self, p: LatLng) -> Option<String> {
        self.areas
            .iter()
            .filter(|(a, _, b)| {
                a.kind == AreaKind::Municipality && b.is_some_and(|b| b.contains(p))
            })
            .find(|(_, g, _)| covers(g, p))
            .and_then(|(a, _, _)| a.municipality_code.clone())
    }
}
