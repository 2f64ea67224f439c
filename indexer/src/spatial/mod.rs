//! R-trees and a grid over facility locations.
//!
//! Radius search uses points on the unit sphere (x, y, z): the chord between two such points
//! grows monotonically with great-circle distance, so "within r metres" is "chord within
//! [`model::geo::chord_for_distance_m`]`(r)`". [`RadiusTest`] decides on the chord alone for
//! every point clearly inside or outside (three multiplications), and with [`haversine_m`] —
//! the function a brute-force scan uses — for the few points within a hair (10⁻¹⁰ of the unit
//! sphere, 0.6 mm) of the circle, so the answer is the brute-force one to the bit without a
//! trigonometric call per point. Squared chords also order points by distance. Viewport (bbox)
//! search uses a second tree over (lng, lat) degrees, where a box is a box. Both trees use wide
//! nodes (up to 32 entries): a radius or box query of thousands of points reads fewer, fuller
//! nodes. A grid of the same points ([`grid`]) answers circles of up to some tens of
//! kilometres: it takes the cells wholly inside without testing their points.

mod grid;
mod radius;

pub use radius::{RadiusTest, chord2};

use model::geo::{BoundingBox, LatLng, haversine_m};
use rstar::primitives::GeomWithData;
use rstar::{AABB, RStarInsertionStrategy, RTree, RTreeParams};

type XyzPoint = GeomWithData<[f64; 3], u32>;
type LngLatPoint = GeomWithData<[f64; 2], u32>;

/// Node sizes of both trees.
pub struct WideNodes;

impl RTreeParams for WideNodes {
    const MIN_SIZE: usize = 8;
    const MAX_SIZE: usize = 32;
    const REINSERTION_COUNT: usize = 8;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

/// Spatial index of facility ordinals.
#[derive(Default)]
pub struct SpatialIndex {
    sphere: RTree<XyzPoint, WideNodes>,
    plane: RTree<LngLatPoint, WideNodes>,
    grid: grid::Grid,
}

impl SpatialIndex {
    /// Bulk-loads the index from (ordinal, point) pairs.
    pub fn bulk_load(points: &[(u32, LatLng)]) -> SpatialIndex {
        let sphere = points
            .iter()
            .map(|(o, p)| XyzPoint::new(p.to_unit_xyz(), *o))
            .collect();
        let plane = points
            .iter()
            .map(|(o, p)| LngLatPoint::new([p.lng, p.lat], *o))
            .collect();
        let mut grid = grid::Grid::default();
        for (o, p) in points {
            grid.insert(*o, *p);
        }
        grid.shrink();
        SpatialIndex {
            sphere: RTree::bulk_load_with_params(sphere),
            plane: RTree::bulk_load_with_params(plane),
            grid,
        }
    }

    /// Adds one point.
    pub fn insert(&mut self, ord: u32, p: LatLng) {
        self.sphere.insert(XyzPoint::new(p.to_unit_xyz(), ord));
        self.plane.insert(LngLatPoint::new([p.lng, p.lat], ord));
        self.grid.insert(ord, p);
    }

    /// Removes one point (exact position and ordinal); returns whether it was there.
    pub fn remove(&mut self, ord: u32, p: LatLng) -> bool {
        let a = self
            .sphere
            .remove(&XyzPoint::new(p.to_unit_xyz(), ord))
            .is_some();
        let b = self
            .plane
            .remove(&LngLatPoint::new([p.lng, p.lat], ord))
            .is_some();
        if a {
            self.grid.remove(ord, p);
        }
        a && b
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.sphere.size()
    }

    /// Returns true when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Facilities within the circle of `test`, with their squared chord from its centre (which
    /// orders them by distance), in no particular order.
    ///
    /// `location_of` gives the exact position of an ordinal (the tree stores derived xyz); it is
    /// called only for points on the circle's edge.
    pub fn within(
        &self,
        test: &RadiusTest,
        location_of: impl Fn(u32) -> Option<LatLng>,
    ) -> Vec<(u32, f64)> {
        self.sphere
            .locate_within_distance(test.xyz, test.outside2())
            .filter_map(|p| {
                let d2 = test.chord2(p.geom());
                test.contains(d2, || location_of(p.data))
                    .then_some((p.data, d2))
            })
            .collect()
    }

    /// The ordinals of [`SpatialIndex::within`] (the same set, in another order): from the grid
    /// when the circle fits it, from the tree otherwise. `xyz_of` gives a point's position on
    /// the unit sphere (`LatLng::to_unit_xyz` of the position it was inserted at).
    pub fn ords_within(
        &self,
        test: &RadiusTest,
        xyz_of: impl Fn(u32) -> [f64; 3],
        location_of: impl Fn(u32) -> Option<LatLng>,
    ) -> Vec<u32> {
        self.grid
            .within(test, xyz_of, &location_of)
            .unwrap_or_else(|| {
                self.within(test, &location_of)
                    .into_iter()
                    .map(|(o, _)| o)
                    .collect()
            })
    }

    /// Facilities within `radius_m` great-circle metres of `center`, with their distance in
    /// metres, in no particular order.
    pub fn within_radius_m(
        &self,
        center: LatLng,
        radius_m: f64,
        location_of: impl Fn(u32) -> Option<LatLng>,
    ) -> Vec<(u32, f64)> {
        let test = RadiusTest::new(center, radius_m);
        self.within(&test, &location_of)
            .into_iter()
            .filter_map(|(o, _)| location_of(o).map(|l| (o, haversine_m(center, l))))
            .collect()
    }

    /// Facilities inside the box (edges included).
    pub fn within_bbox(&self, b: &BoundingBox) -> Vec<u32> {
        let env = AABB::from_corners([b.min_lng, b.min_lat], [b.max_lng, b.max_lat]);
        self.plane
            .locate_in_envelope(&env)
            .map(|p| p.data)
            .collect()
    }

    /// The `k` nearest facilities to `center` in great-circle order, with distances.
    pub fn nearest(
        &self,
        center: LatLng,
        k: usize,
        location_of: impl Fn(u32) -> Option<LatLng>,
    ) -> Vec<(u32, f64)> {
        self.sphere
            .nearest_neighbor_iter(&center.to_unit_xyz())
            .take(k)
            .filter_map(|p| location_of(p.data).map(|l| (p.data, haversine_m(center, l))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A deterministic cloud of points around a centre (uniform in a lat/lng box).
    fn cloud(center: LatLng, spread_deg: f64, n: usize, seed: u64) -> Vec<(u32, LatLng)> {
        let mut s = seed;
        let mut next = move || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 11) as f64) / ((1u64 << 53) as f64)
        };
        (0..n)
            .map(|i| {
                let lat = (center.lat + (next() - 0.5) * spread_deg).clamp(-90.0, 90.0);
                let lng = (center.lng + (next() - 0.5) * spread_deg * 2.0).clamp(-180.0, 180.0);
                (i as u32, LatLng { lat, lng })
            })
            .collect()
    }

    fn brute_force(points: &[(u32, LatLng)], c: LatLng, r: f64) -> Vec<u32> {
        let mut v: Vec<u32> = points
            .iter()
            .filter(|(_, p)| haversine_m(c, *p) <= r)
            .map(|(o, _)| *o)
            .collect();
        v.sort_unstable();
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The grid's circles hold exactly the tree's points (and the brute force's), at any
        /// latitude the grid takes, after removals too.
        #[test]
        fn the_grid_answers_circles_as_the_tree_does(
            lat in -80.0f64..80.0,
            lng in -179.0f64..179.0,
            r in 50.0f64..40_000.0,
            spread in 0.01f64..0.6,
            seed in 0u64..1000,
        ) {
            let c = LatLng { lat, lng };
            let points = cloud(c, spread, 3_000, seed);
            let mut idx = SpatialIndex::bulk_load(&points);
            let at = |o: u32| points.get(o as usize).map(|(_, p)| *p);
            let test = RadiusTest::new(c, r);
            let sorted = |mut v: Vec<u32>| { v.sort_unstable(); v };
            let tree = sorted(idx.within(&test, at).into_iter().map(|(o, _)| o).collect());
            let xyz = |o: u32| points[o as usize].1.to_unit_xyz();
            prop_assert_eq!(&sorted(idx.ords_within(&test, xyz, at)), &tree);
            prop_assert_eq!(&tree, &brute_force(&points, c, r));
            // A circle too large for the grid comes from the tree.
            let wide = RadiusTest::new(c, r * 10.0);
            let tree_wide = sorted(idx.within(&wide, at).into_iter().map(|(o, _)| o).collect());
            prop_assert_eq!(sorted(idx.ords_within(&wide, xyz, at)), tree_wide);
            for (o, p) in &points[..1_000] {
                prop_assert!(idx.remove(*o, *p));
            }
            let tree = sorted(idx.within(&test, at).into_iter().map(|(o, _)| o).collect());
            prop_assert_eq!(sorted(idx.ords_within(&test, xyz, at)), tree);
        }

        /// within_radius_m equals a brute-force great-circle filter, to the metre, at any latitude
        /// (including 60–89° where lon/lat Euclidean shortcuts fail).
        #[test]
        fn radius_search_equals_brute_force(
            lat in -89.0f64..89.0,
            lng in -179.0f64..179.0,
            radius_m in 1.0f64..150_000.0,
            spread in 0.01f64..3.0,
            seed in any::<u64>(),
        ) {
            let center = LatLng { lat, lng };
            let pts = cloud(center, spread, 800, seed);
            let idx = SpatialIndex::bulk_load(&pts);
            let loc = |o: u32| Some(pts[o as usize].1);
            let mut got: Vec<u32> = idx.within_radius_m(center, radius_m, loc).into_iter().map(|(o, _)| o).collect();
            got.sort_unstable();
            prop_assert_eq!(got, brute_force(&pts, center, radius_m));
        }
    }

    #[test]
    fn radius_search_at_high_latitude_and_on_the_boundary() {
        // 60°N: a point 0.6° north (≈67 km) is farther than one 1.0° east (≈56 km).
        let c = LatLng {
            lat: 60.0,
            lng: 10.0,
        };
        let pts = vec![
            (
                0,
                LatLng {
                    lat: 60.6,
                    lng: 10.0,
                },
            ),
            (
                1,
                LatLng {
                    lat: 60.0,
                    lng: 11.0,
                },
            ),
        ];
        let idx = SpatialIndex::bulk_load(&pts);
        let loc = |o: u32| Some(pts[o as usize].1);
        let got: Vec<u32> = idx
            .within_radius_m(c, 60_000.0, loc)
            .into_iter()
            .map(|(o, _)| o)
            .collect();
        assert_eq!(got, vec![1]);
        // A radius exactly equal to the distance includes the point.
        let d = haversine_m(c, pts[0].1);
        assert_eq!(idx.within_radius_m(c, d, loc).len(), 2);
        // Near the pole.
        let polar = cloud(
            LatLng {
                lat: 88.5,
                lng: 0.0,
            },
            2.0,
            500,
            7,
        );
        let pidx = SpatialIndex::bulk_load(&polar);
        let ploc = |o: u32| Some(polar[o as usize].1);
        let pc = LatLng {
            lat: 89.0,
            lng: 45.0,
        };
        let mut got: Vec<u32> = pidx
            .within_radius_m(pc, 80_000.0, ploc)
            .into_iter()
            .map(|(o, _)| o)
            .collect();
        got.sort_unstable();
        assert_eq!(got, brute_force(&polar, pc, 80_000.0));
    }

    #[test]
    fn bbox_nearest_insert_remove() {
        let c = LatLng {
            lat: 35.68,
            lng: 139.76,
        };
        let pts = cloud(c, 0.2, 300, 3);
        let mut idx = SpatialIndex::bulk_load(&pts);
        let b = BoundingBox {
            min_lat: 35.65,
            min_lng: 139.70,
            max_lat: 35.70,
            max_lng: 139.80,
        };
        let mut got = idx.within_bbox(&b);
        got.sort_unstable();
        let want: Vec<u32> = pts
            .iter()
            .filter(|(_, p)| b.contains(*p))
            .map(|(o, _)| *o)
            .collect();
        assert_eq!(got, want);
        let loc = |o: u32| Some(pts[o as usize].1);
        let near = idx.nearest(c, 5, loc);
        let mut all: Vec<f64> = pts.iter().map(|(_, p)| haversine_m(c, *p)).collect();
        all.sort_by(f64::total_cmp);
        assert_eq!(
            near.iter().map(|(_, d)| *d).collect::<Vec<_>>(),
            all[..5].to_vec()
        );
        assert!(idx.remove(0, pts[0].1));
        assert!(!idx.remove(0, pts[0].1));
        idx.insert(999, c);
        assert_eq!(idx.len(), 300);
    }
}
