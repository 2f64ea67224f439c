//! The planning page's choropleth, drawn as SVG on the server: the areas' outlines projected
//! onto the drawing (equirectangular, scaled by the cosine of the middle latitude, which is
//! faithful at a city's or a prefecture's size), simplified to the drawing's resolution, and
//! filled by classes of the indicator. Nothing runs in the browser, so the map prints as it
//! shows.

use crate::i18n::{lang, tr};
use crate::wire::{Choropleth, LegendEntry, Shape};
use geo::{Area as _, InteriorPoint, Simplify};
use model::Area;
use model::coverage::{CoverageRow, Indicator};
use model::geo::LatLng;

/// Width of the drawing, px (its height follows the areas' shape).
const WIDTH: f64 = 640.0;
/// Tallest drawing, px (a tall region is drawn narrower instead).
const MAX_HEIGHT: f64 = 720.0;
/// Margin around the areas, px.
const PAD: f64 = 6.0;
/// Outline simplification tolerance, px: below what the drawing can show.
const TOLERANCE: f64 = 0.35;
/// Most areas that get their value written on them (more would overlap).
pub const MAX_LABELS: usize = 40;

/// Fills of the five classes, from the thinnest (light) to the best served (dark).
const CLASS_FILLS: [&str; 5] = ["#e4f1ed", "#b0d9cf", "#6fbcab", "#2f8e7d", "#0f5b50"];
/// Classes whose fill is dark enough that labels on it are drawn light.
const DARK_FROM: usize = 3;
/// Fill of an area with none of the kind counted.
const GAP_FILL: &str = "#f2a65a";
/// Fill of an area whose value cannot be computed (no population loaded, no distance asked).
const NO_DATA_FILL: &str = "#d6d6d6";

/// Where an area falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// None of the kind counted (count indicators only: a share can be high without one).
    Gap,
    /// No value.
    NoData,
    /// One of the five classes, 0 the lowest.
    Step(usize),
}

/// The classes of an indicator over a set of values: the lower bounds of classes 1 to 4.
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    indicator: Indicator,
    bounds: [f64; 4],
}

/// The smallest "round" number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) not
/// below `x`: fine enough that five steps reach the largest value without leaving the top
/// classes empty.
fn nice_ceil(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(x.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

impl Classes {
    /// Classes for `values`: a share has fixed bounds (50 %, 75 %, 90 %, 100 %) that a planner
    /// can compare between maps; rates are cut into five equal steps of a round size reaching
    /// the largest value, counts likewise from 1 in whole numbers.
    pub fn new(indicator: Indicator, values: &[f64]) -> Classes {
        let max = values.iter().copied().fold(0.0, f64::max);
        let bounds = match indicator {
            Indicator::NearShare => [0.5, 0.75, 0.9, 1.0],
            // Counts start at 1 (none is a gap) and step by whole numbers.
            Indicator::Listings => {
                let step = nice_ceil((max - 1.0) / 5.0).ceil().max(1.0);
                [
                    1.0 + step,
                    1.0 + 2.0 * step,
                    1.0 + 3.0 * step,
                    1.0 + 4.0 * step,
                ]
            }
            Indicator::Per10k65 | Indicator::Per10k75 => {
                let step = nice_ceil(max / 5.0);
                [step, 2.0 * step, 3.0 * step, 4.0 * step]
            }
        };
        Classes { indicator, bounds }
    }

    /// The class of a row.
    pub fn of(&self, row: &CoverageRow) -> Class {
        if self.indicator != Indicator::NearShare && row.listings == 0 {
            return Class::Gap;
        }
        match self.indicator.value(row) {
            None => Class::NoData,
            // A share within rounding of 1 is everyone.
            Some(v) => Class::Step(self.bounds.iter().take_while(|b| v >= **b - 1e-9).count()),
        }
    }

    /// The legend: the five classes, then the gaps and the areas without a value.
    pub fn legend(&self, counts: impl Fn(Class) -> usize) -> Vec<LegendEntry> {
        // Small rates (a step below 1) need two decimals to tell their bounds apart.
        let fine = self.indicator != Indicator::NearShare
            && self.indicator != Indicator::Listings
            && self.bounds[0] < 0.95;
        let f = |v: f64| {
            if fine {
                format!("{v:.2}")
            } else {
                self.indicator.format(v)
            }
        };
        let b = self.bounds;
        let en = lang().is_en();
        let below = |v: String| {
            if en {
                format!("under {v}")
            } else {
                format!("{v}未満")
            }
        };
        let range = |a: String, b: String| {
            if en {
                format!("{a} to under {b}")
            } else {
                format!("{a}〜{b}未満")
            }
        };
        let mut labels: Vec<String> = vec![if self.indicator == Indicator::Listings {
            range("1".into(), f(b[0]))
        } else {
            below(f(b[0]))
        }];
        for w in b.windows(2) {
            labels.push(range(f(w[0]), f(w[1])));
        }
        labels.push(if self.indicator == Indicator::NearShare {
            "100%".to_string()
        } else if en {
            format!("{} or more", f(b[3]))
        } else {
            format!("{}以上", f(b[3]))
        });
        let mut out: Vec<LegendEntry> = labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| LegendEntry {
                fill: CLASS_FILLS[i].to_string(),
                label,
                areas: counts(Class::Step(i)),
            })
            .collect();
        if self.indicator != Indicator::NearShare {
            out.push(LegendEntry {
                fill: GAP_FILL.to_string(),
                label: tr("該当なし（0件）", "None (0)").to_string(),
                areas: counts(Class::Gap),
            });
        }
        out.push(LegendEntry {
            fill: NO_DATA_FILL.to_string(),
            label: match self.indicator {
                Indicator::NearShare => {
                    tr("人口の地点データなし", "No small-area population data").to_string()
                }
                _ => tr("人口データなし", "No population data").to_string(),
            },
            areas: counts(Class::NoData),
        });
        out
    }
}

/// A class's fill and whether it is dark.
fn fill(class: Class) -> (&'static str, bool) {
    match class {
        Class::Gap => (GAP_FILL, false),
        Class::NoData => (NO_DATA_FILL, false),
        Class::Step(i) => (CLASS_FILLS[i.min(4)], i >= DARK_FROM),
    }
}

/// Maps longitude/latitude onto the drawing.
struct Projection {
    min_lng: f64,
    max_lat: f64,
    k: f64,
    scale: f64,
    width: f64,
    height: f64,
}

impl Projection {
    /// The projection that fits `points` into the drawing (None without points).
    fn fit<'a>(points: impl Iterator<Item = &'a LatLng>) -> Option<Projection> {
        let (mut min_lng, mut max_lng, mut min_lat, mut max_lat) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for p in points {
            min_lng = min_lng.min(p.lng);
            max_lng = max_lng.max(p.lng);
            min_lat = min_lat.min(p.lat);
            max_lat = max_lat.max(p.lat);
        }
        if !min_lng.is_finite() {
            return None;
        }
        let k = ((min_lat + max_lat) / 2.0).to_radians().cos();
        let dx = ((max_lng - min_lng) * k).max(1e-9);
        let dy = (max_lat - min_lat).max(1e-9);
        let scale = ((WIDTH - 2.0 * PAD) / dx).min((MAX_HEIGHT - 2.0 * PAD) / dy);
        Some(Projection {
            min_lng,
            max_lat,
            k,
            scale,
            width: (dx * scale + 2.0 * PAD).ceil(),
            height: (dy * scale + 2.0 * PAD).ceil(),
        })
    }

    fn ring(&self, ring: &[LatLng]) -> geo::LineString<f64> {
        ring.iter()
            .map(|p| {
                geo::coord! {
                    x: PAD + (p.lng - self.min_lng) * self.k * self.scale,
                    y: PAD + (self.max_lat - p.lat) * self.scale,
                }
            })
            .collect()
    }

    fn polygon(&self, p: &model::geo::Polygon) -> geo::Polygon<f64> {
        geo::Polygon::new(
            self.ring(&p.exterior),
            p.holes.iter().map(|h| self.ring(h)).collect(),
        )
    }
}

/// SVG path data of a ring, simplified to the drawing's resolution (`coarse`: whole pixels,
/// for drawings of many small areas); a ring the simplification would flatten keeps its
/// points (a small island stays a speck).
fn push_ring(path: &mut String, ring: &geo::LineString<f64>, coarse: bool) {
    use std::fmt::Write;
    let simple = ring.simplify(if coarse { 2.0 * TOLERANCE } else { TOLERANCE });
    let ring = if simple.0.len() >= 4 { &simple } else { ring };
    if ring.0.len() < 3 {
        return;
    }
    for (i, c) in ring.0.iter().enumerate() {
        let op = if i == 0 { 'M' } else { 'L' };
        let _ = if coarse {
            write!(path, "{op}{:.0} {:.0}", c.x, c.y)
        } else {
            write!(path, "{op}{:.1} {:.1}", c.x, c.y)
        };
    }
    path.push('Z');
}

/// The choropleth of `rows` (each drawn with the outline of its area in `areas`, looked up by
/// id; rows without an outline are left out) coloured by `indicator`. None when no row has an
/// outline.
pub fn choropleth(
    indicator: Indicator,
    rows: &[CoverageRow],
    area_of: impl Fn(&str) -> Option<Area>,
) -> Option<Choropleth> {
    let drawn: Vec<(&CoverageRow, Area)> = rows
        .iter()
        .filter_map(|r| area_of(&r.area_id).map(|a| (r, a)))
        .filter(|(_, a)| !a.geometry.0.is_empty())
        .collect();
    let projection = Projection::fit(
        drawn
            .iter()
            .flat_map(|(_, a)| a.geometry.0.iter().flat_map(|p| p.exterior.iter())),
    )?;
    let values: Vec<f64> = drawn
        .iter()
        .filter_map(|(r, _)| indicator.value(r))
        .collect();
    let classes = Classes::new(indicator, &values);
    let labelled = drawn.len() <= MAX_LABELS;
    let mut class_of = Vec::with_capacity(drawn.len());
    let shapes = drawn
        .iter()
        .map(|(row, area)| {
            let class = classes.of(row);
            class_of.push(class);
            let polygons: Vec<geo::Polygon<f64>> = area
                .geometry
                .0
                .iter()
                .map(|p| projection.polygon(p))
                .collect();
            let mut path = String::new();
            for p in &polygons {
                push_ring(&mut path, p.exterior(), !labelled);
                for h in p.interiors() {
                    push_ring(&mut path, h, !labelled);
                }
            }
            let largest = polygons
                .iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()));
            let label_at = largest
                .and_then(|p| p.interior_point())
                .map(|p| (p.x() as f32, p.y() as f32));
            let (fill, dark) = fill(class);
            Shape {
                area_id: row.area_id.clone(),
                name: row.name.clone(),
                path,
                fill: fill.to_string(),
                dark,
                label_at,
                value: indicator.text(row),
            }
        })
        .collect();
    let legend = classes.legend(|c| class_of.iter().filter(|x| **x == c).count());
    Some(Choropleth {
        width: projection.width as u32,
        height: projection.height as u32,
        shapes,
        legend,
        labelled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::AreaKind;
    use model::BoundingBox;
    use model::coverage::NearShare;

    fn row(id: &str, listings: u64, per_10k_75: Option<f64>) -> CoverageRow {
        CoverageRow {
            per_10k_75,
            ..crate::ssr::test_row(id, listings)
        }
    }

    fn square(id: &str, lng: f64, lat: f64, side: f64) -> Area {
        let b = BoundingBox {
            min_lat: lat,
            min_lng: lng,
            max_lat: lat + side,
            max_lng: lng + side,
        };
        Area {
            id: id.into(),
            kind: AreaKind::DailyLifeArea,
            name: id.into(),
            municipality_code: None,
            geometry: b.outline(),
            description: None,
        }
    }

    #[test]
    fn round_steps() {
        assert_eq!(nice_ceil(0.8), 0.8);
        assert_eq!(nice_ceil(0.9), 1.0);
        assert_eq!(nice_ceil(1.3), 1.5);
        assert_eq!(nice_ceil(2.2), 2.5);
        assert_eq!(nice_ceil(4.0), 4.0);
        assert_eq!(nice_ceil(26.5 / 5.0), 6.0);
        assert_eq!(nice_ceil(7.0), 8.0);
        assert_eq!(nice_ceil(9.0), 10.0);
        assert_eq!(nice_ceil(0.0), 1.0);
    }

    #[test]
    fn rates_fall_into_five_round_steps_and_gaps_apart() {
        // Largest 26.5 → steps of 6: 0–6, 6–12, 12–18, 18–24, 24 and more.
        let c = Classes::new(Indicator::Per10k75, &[4.2, 26.5, 12.0]);
        assert_eq!(c.of(&row("a", 2, Some(4.2))), Class::Step(0));
        assert_eq!(c.of(&row("b", 9, Some(26.5))), Class::Step(4));
        assert_eq!(c.of(&row("c", 3, Some(12.0))), Class::Step(2));
        assert_eq!(c.of(&row("d", 0, Some(0.0))), Class::Gap);
        assert_eq!(c.of(&row("e", 4, None)), Class::NoData);
        let legend = c.legend(|_| 0);
        let labels: Vec<&str> = legend.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "6.0未満",
                "6.0〜12.0未満",
                "12.0〜18.0未満",
                "18.0〜24.0未満",
                "24.0以上",
                "該当なし（0件）",
                "人口データなし"
            ]
        );
    }

    #[test]
    fn counts_step_by_whole_numbers() {
        let c = Classes::new(Indicator::Listings, &[3.0, 1.0]);
        assert_eq!(c.of(&row("a", 3, None)), Class::Step(2));
        assert_eq!(c.of(&row("b", 1, None)), Class::Step(0));
        assert_eq!(c.legend(|_| 0)[0].label, "1〜2未満");
        // 1 to 26: steps of 5 from 1.
        let c = Classes::new(Indicator::Listings, &[26.0, 1.0]);
        assert_eq!(c.of(&row("a", 26, None)), Class::Step(4));
        assert_eq!(c.of(&row("b", 5, None)), Class::Step(0));
        assert_eq!(c.of(&row("c", 6, None)), Class::Step(1));
        assert_eq!(c.legend(|_| 0)[4].label, "21以上");
    }

    #[test]
    fn shares_have_fixed_bounds_and_no_gap_class() {
        let c = Classes::new(Indicator::NearShare, &[]);
        let with = |listings, share: f64| CoverageRow {
            near: Some(NearShare {
                aged_75: 100,
                covered: (share * 100.0) as u64,
                share: Some(share),
            }),
            ..row("a", listings, None)
        };
        assert_eq!(c.of(&with(0, 1.0)), Class::Step(4));
        assert_eq!(c.of(&with(2, 0.86)), Class::Step(2));
        assert_eq!(c.of(&with(2, 0.2)), Class::Step(0));
        assert_eq!(c.of(&row("b", 2, None)), Class::NoData);
        let legend = c.legend(|_| 0);
        assert_eq!(legend[4].label, "100%");
        assert_eq!(legend.len(), 6);
    }

    #[test]
    fn a_drawing_keeps_the_areas_shape_and_places_labels_inside() {
        // Two equal squares side by side at 35°N: twice as wide as tall once the longitude is
        // scaled by cos(35°).
        let areas = [square("w", 135.0, 35.0, 0.1), square("e", 135.1, 35.0, 0.1)];
        let rows = [row("w", 0, Some(0.0)), row("e", 5, Some(12.0))];
        let c = choropleth(Indicator::Per10k75, &rows, |id| {
            areas.iter().find(|a| a.id == id).cloned()
        })
        .unwrap();
        let k = 35f64.to_radians().cos();
        let drawn = (f64::from(c.width) - 2.0 * PAD) / (f64::from(c.height) - 2.0 * PAD);
        assert!((drawn - 2.0 * k).abs() < 0.02, "{drawn} vs {}", 2.0 * k);
        assert_eq!(c.shapes[0].fill, GAP_FILL);
        assert_eq!(c.shapes[1].value, "12.0");
        assert!(c.shapes[0].path.starts_with('M') && c.shapes[0].path.ends_with('Z'));
        let (x, y) = c.shapes[1].label_at.unwrap();
        assert!(f64::from(x) > f64::from(c.width) / 2.0 && y > 0.0);
        assert_eq!(c.legend.iter().map(|l| l.areas).sum::<usize>(), 2);
        assert!(c.labelled);
    }

    #[test]
    fn rows_without_an_outline_draw_nothing() {
        assert_eq!(
            choropleth(Indicator::Listings, &[row("x", 1, None)], |_| None),
            None
        );
    }
}
