//! R-trees over facility locations.
//!
//! Radius search uses points on the unit sphere (x, y, z): the chord between two such points
//! grows monotonically with great-circle distance, so "within r metres" is exactly "chord within
//! [`chord_for_distance_m`]`(r)`". The R-tree returns that chord ball (padded by a hair for
//! floating-point safety) and every candidate is then checked with [`haversine_m`], the same
//! function a brute-force scan uses, so the two agree to the bit. Viewport (bbox) search uses a
//! second tree over (lng, lat) degrees, where a box is a box.

use model::geo::{BoundingBox, LatLng, chord_for_distance_m, haversine_m};
use rstar::primitives::GeomWithData;
use rstar::{AABB, RTree};

type XyzPoint = GeomWithData<[f64; 3], u32>;
type LngLatPoint = GeomWithData<[f64; 2], u32>;

/// Spatial index of facility ordinals.
#[derive(Default)]
pub struct SpatialIndex {
    sphere: RTree<XyzPoint>,
    plane: RTree<LngLatPoint>,
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
        SpatialIndex {
            sphere: RTree::bulk_load(sphere),
            plane: RTree::bulk_load(plane),
        }
    }

    /// Adds one point.
    pub fn insert(&mut self, ord: u32, p: LatLng) {
        self.sphere.insert(XyzPoint::new(p.to_unit_xyz(), ord));
        self.plane.insert(LngLatPoint::new([p.lng, p.lat], ord));
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

    /// Facilities within `radius_m` great-circle metres of `center`, with their distance,
    /// in no particular order.
    ///
    /// `locations` gives the exact position of an ordinal (the tree stores derived xyz).
    pub fn within_radius_m(
        &self,
        center: LatLng,
        radius_m: f64,
        location_of: impl Fn(u32) -> Option<LatLng>,
    ) -> Vec<(u32, f64)> {
        let chord = chord_for_distance_m(radius_m) * (1.0 + 1e-9) + 1e-12;
        self.sphere
            .locate_within_distance(center.to_unit_xyz(), chord * chord)
            .filter_map(|p| {
                let loc = location_of(p.data)?;
                let d = haversine_m(center, loc);
                (d <= radius_m).then_some((p.data, d))
            })
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
