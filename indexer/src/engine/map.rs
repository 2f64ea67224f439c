use super::Engine;
use crate::error::Result;
use model::facility::Visibility;
use model::geo::{BoundingBox, LatLng};
use model::search::{MapCluster, MapPoint, MapPoints, SearchQuery};
use std::collections::HashMap;

impl Engine {
    /// Map markers of a query (page, page size and order ignored): every match with a position
    /// when there are at most `limit`; otherwise clusters over a `grid` × `grid` division of the
    /// query's bbox (the map's view) or of the matches' extent, so a nationwide result shows
    /// where its listings are instead of an arbitrary part of them.
    pub fn map_points_as(
        &self,
        q: &SearchQuery,
        clearance: Visibility,
        limit: usize,
        grid: u32,
    ) -> Result<MapPoints> {
        self.run(q, clearance, true, |st, found| {
            let located = || {
                found.rows.iter().filter_map(|r| {
                    let d = st.docs.get(r.ord as usize)?.as_ref()?;
                    Some((d, d.location?))
                })
            };
            if located().count() <= limit {
                return MapPoints {
                    total: found.total,
                    points: located()
                        .map(|(d, l)| MapPoint {
                            id: model::facility::FacilityId(d.id.to_string()),
                            name: d.name.to_string(),
                            category: d.category_code().to_string(),
                            location: l,
                            approximate: d.approximate,
                        })
                        .collect(),
                    clusters: Vec::new(),
                };
            }
            let extent = q
                .bbox
                .or_else(|| BoundingBox::around(located().map(|(_, l)| l)));
            MapPoints {
                total: found.total,
                points: Vec::new(),
                clusters: extent
                    .map(|e| grid_clusters(e, grid.max(1), located().map(|(_, l)| l)))
                    .unwrap_or_default(),
            }
        })
    }
}

/// Clusters of `points` over a `grid` × `grid` division of `extent` (points outside it are
/// left out): per non-empty cell, the count, the mean position and the box around its points.
pub(super) fn grid_clusters(
    extent: BoundingBox,
    grid: u32,
    points: impl Iterator<Item = LatLng>,
) -> Vec<MapCluster> {
    let n = grid as usize;
    let cell = |v: f64, min: f64, max: f64| -> usize {
        let span = max - min;
        if span <= 0.0 {
            return 0;
        }
        (((v - min) / span * grid as f64) as usize).min(n - 1)
    };
    // Per cell: count, sums of the coordinates, and the box so far.
    let mut cells: HashMap<usize, (u64, f64, f64, BoundingBox)> = HashMap::new();
    for p in points.filter(|p| extent.contains(*p)) {
        let key = cell(p.lat, extent.min_lat, extent.max_lat) * n
            + cell(p.lng, extent.min_lng, extent.max_lng);
        let point_box = BoundingBox {
            min_lat: p.lat,
            min_lng: p.lng,
            max_lat: p.lat,
            max_lng: p.lng,
        };
        let (count, lat, lng, b) = cells.entry(key).or_insert((0, 0.0, 0.0, point_box));
        *count += 1;
        *lat += p.lat;
        *lng += p.lng;
        b.min_lat = b.min_lat.min(p.lat);
        b.min_lng = b.min_lng.min(p.lng);
        b.max_lat = b.max_lat.max(p.lat);
        b.max_lng = b.max_lng.max(p.lng);
    }
    let mut out: Vec<(usize, MapCluster)> = cells
        .into_iter()
        .map(|(k, (count, lat, lng, bbox))| {
            let location = LatLng {
                lat: lat / count as f64,
                lng: lng / count as f64,
            };
            (
                k,
                MapCluster {
                    location,
                    count,
                    bbox,
                },
            )
        })
        .collect();
    out.sort_unstable_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::grid_clusters;
    use model::geo::{BoundingBox, LatLng};

    #[test]
    fn one_cluster_per_cell_with_mean_and_box() {
        let extent = BoundingBox {
            min_lat: 0.0,
            min_lng: 0.0,
            max_lat: 10.0,
            max_lng: 10.0,
        };
        let p = |lat, lng| LatLng { lat, lng };
        let points = [
            p(1.0, 1.0),
            p(3.0, 2.0), // same cell as the first (2 × 2 grid: cells of 5°)
            p(9.0, 9.0),
            p(10.0, 10.0), // on the upper edge: the last cell, not outside
            p(11.0, 1.0),  // outside: left out
        ];
        let c = grid_clusters(extent, 2, points.into_iter());
        assert_eq!(c.len(), 2);
        // In cell order: row (latitude) first, then column.
        assert_eq!(c[0].count, 2);
        assert_eq!(c[0].location, p(2.0, 1.5));
        assert_eq!(
            c[0].bbox,
            BoundingBox {
                min_lat: 1.0,
                min_lng: 1.0,
                max_lat: 3.0,
                max_lng: 2.0
            }
        );
        assert_eq!((c[1].count, c[1].location), (2, p(9.5, 9.5)));
        // A degenerate extent puts everything inside it into one cell.
        let point = BoundingBox {
            min_lat: 1.0,
            min_lng: 1.0,
            max_lat: 1.0,
            max_lng: 1.0,
        };
        let c = grid_clusters(point, 8, [p(1.0, 1.0), p(1.0, 1.0)].into_iter());
        assert_eq!((c.len(), c[0].count), (1, 2));
    }
}
