//! "Within r metres" on the unit sphere: decided on squared chords, and with the great-circle
//! distance only in a hair-wide band around the circle (see the module above).

use model::geo::{LatLng, chord_for_distance_m, haversine_m};

/// Squared distance of two points on the unit sphere.
pub fn chord2(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (x, y, z) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    x * x + y * y + z * z
}

/// Half-width of the band around a circle where the chord alone cannot decide (unit sphere;
/// about 0.6 mm on Earth, far above the rounding of either formula).
const BAND: f64 = 1e-10;

/// "Within `radius_m` great-circle metres of `center`", decided on squared chords.
#[derive(Debug, Clone, Copy)]
pub struct RadiusTest {
    /// The centre.
    pub center: LatLng,
    /// The centre on the unit sphere.
    pub xyz: [f64; 3],
    radius_m: f64,
    /// Squared chords at or under this are inside for sure.
    inside2: f64,
    /// Squared chords over this are outside for sure.
    outside2: f64,
}

impl RadiusTest {
    /// The test for a circle.
    pub fn new(center: LatLng, radius_m: f64) -> RadiusTest {
        let c = chord_for_distance_m(radius_m);
        let inner = (c - BAND).max(0.0);
        RadiusTest {
            center,
            xyz: center.to_unit_xyz(),
            radius_m,
            inside2: inner * inner,
            outside2: (c + BAND) * (c + BAND),
        }
    }

    /// The radius in metres.
    pub fn radius_m(&self) -> f64 {
        self.radius_m
    }

    /// The squared chord beyond which every point is outside (what a tree walk may prune by).
    pub fn outside2(&self) -> f64 {
        self.outside2
    }

    /// Squared chord from the centre to a point on the unit sphere.
    pub fn chord2(&self, p: &[f64; 3]) -> f64 {
        chord2(&self.xyz, p)
    }

    /// Whether a point at squared chord `d2` is inside; `location` (its exact position) is read
    /// only in the band where the chord cannot decide.
    pub fn contains(&self, d2: f64, location: impl FnOnce() -> Option<LatLng>) -> bool {
        if d2 <= self.inside2 {
            true
        } else if d2 > self.outside2 {
            false
        } else {
            location().is_some_and(|l| haversine_m(self.center, l) <= self.radius_m)
        }
    }
}
