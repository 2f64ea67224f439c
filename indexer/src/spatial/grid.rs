//! A latitude/longitude grid of the same points as the R-trees, for circles.
//!
//! A radius query on the R-tree tests every point it reaches; a dense 10 km circle holds
//! 10⁴–10⁵ listings, and most of them lie in grid cells that are wholly inside the circle. The
//! grid takes such a cell's points without a test — a cell is wholly inside when its centre's
//! great-circle distance plus the distance from its centre to its farthest corner (the
//! triangle inequality) is at most the radius, less a metre — and tests only the points of the
//! cells the circle's edge crosses, with the same [`RadiusTest`] as the tree. The answer is
//! therefore the tree's, point for point.

use super::radius::RadiusTest;
use model::geo::{EARTH_RADIUS_M, LatLng, haversine_m};
use rustc_hash::FxHashMap;

/// The cell edge in degrees (about 2 km of latitude).
const CELL_DEG: f64 = 0.02;
/// A circle whose bounding box spans more cells than this is left to the R-tree.
const MAX_CELLS: usize = 4_096;

/// A cell's number: latitude and longitude divided by [`CELL_DEG`], rounded down.
type Cell = (i32, i32);

/// Cell → the ordinals of its points (4 bytes a point: the positions are the caller's).
#[derive(Default)]
pub(super) struct Grid {
    cells: FxHashMap<Cell, Vec<u32>>,
}

fn cell_of(p: LatLng) -> Cell {
    (
        (p.lat / CELL_DEG).floor() as i32,
        (p.lng / CELL_DEG).floor() as i32,
    )
}

impl Grid {
    pub(super) fn insert(&mut self, ord: u32, p: LatLng) {
        self.cells.entry(cell_of(p)).or_default().push(ord);
    }

    /// Gives the cells' lists back their spare room (after a bulk load).
    pub(super) fn shrink(&mut self) {
        self.cells.shrink_to_fit();
        for points in self.cells.values_mut() {
            points.shrink_to_fit();
        }
    }

    pub(super) fn remove(&mut self, ord: u32, p: LatLng) {
        let c = cell_of(p);
        if let Some(points) = self.cells.get_mut(&c) {
            if let Some(i) = points.iter().position(|o| *o == ord) {
                points.swap_remove(i);
            }
            if points.is_empty() {
                self.cells.remove(&c);
            }
        }
    }

    /// The points within the circle of `test`, or None when the circle is too large for the
    /// grid, reaches a pole or crosses the antimeridian. The points of cells on the circle's
    /// edge are tested at `xyz_of` (an ordinal's position on the unit sphere, as the R-tree
    /// holds it) and, within a hair of the edge, at `location_of` (its exact position).
    pub(super) fn within(
        &self,
        test: &RadiusTest,
        xyz_of: impl Fn(u32) -> [f64; 3],
        location_of: impl Fn(u32) -> Option<LatLng>,
    ) -> Option<Vec<u32>> {
        let center = test.center;
        let radius_m = test.radius_m();
        let angle = radius_m / EARTH_RADIUS_M;
        let lat = center.lat.to_radians();
        if angle + lat.abs() >= std::f64::consts::FRAC_PI_2 {
            return None;
        }
        // The circle's extent: exactly `angle` in latitude, asin(sin a / cos φ) in longitude;
        // padded by about a centimetre against rounding at the box's edges.
        let dlat = angle.to_degrees() + 1e-7;
        let dlng = (angle.sin() / lat.cos()).min(1.0).asin().to_degrees() + 1e-7;
        if center.lng - dlng < -180.0 || center.lng + dlng > 180.0 {
            return None;
        }
        let (lat0, lng0) = cell_of(LatLng {
            lat: center.lat - dlat,
            lng: center.lng - dlng,
        });
        let (lat1, lng1) = cell_of(LatLng {
            lat: center.lat + dlat,
            lng: center.lng + dlng,
        });
        if (lat1 - lat0 + 1) as usize * (lng1 - lng0 + 1) as usize > MAX_CELLS {
            return None;
        }
        let mut out = Vec::new();
        for la in lat0..=lat1 {
            for lo in lng0..=lng1 {
                let Some(points) = self.cells.get(&(la, lo)) else {
                    continue;
                };
                if wholly_inside(center, radius_m, la, lo) {
                    out.extend_from_slice(points);
                } else {
                    out.extend(
                        points
                            .iter()
                            .copied()
                            .filter(|&o| test.contains(test.chord2(&xyz_of(o)), || location_of(o))),
                    );
                }
            }
        }
        Some(out)
    }
}

/// Whether every point of cell (`la`, `lo`) is within `radius_m` of `center`, by a metre.
fn wholly_inside(center: LatLng, radius_m: f64, la: i32, lo: i32) -> bool {
    let (s, w) = (la as f64 * CELL_DEG, lo as f64 * CELL_DEG);
    let (n, e) = (s + CELL_DEG, w + CELL_DEG);
    let mid = LatLng {
        lat: s + CELL_DEG / 2.0,
        lng: w + CELL_DEG / 2.0,
    };
    let to_mid = haversine_m(center, mid);
    if to_mid > radius_m {
        return false;
    }
    let half = [(s, w), (s, e), (n, w), (n, e)]
        .into_iter()
        .map(|(lat, lng)| haversine_m(mid, LatLng { lat, lng }))
        .fold(0.0, f64::max);
    to_mid + half + 1.0 <= radius_m
}
