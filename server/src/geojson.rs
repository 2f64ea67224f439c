//! GeoJSON answers: search hits as Point features, areas as MultiPolygon features.

use model::SearchResponse;
use serde_json::{Value, json};

/// The hits of a search as a GeoJSON FeatureCollection (RFC 7946). Each feature's properties
/// are the hit's JSON fields without `location`; hits without a position have a null geometry.
/// The paging figures travel as foreign members (`total`, `page`, `per_page`, `took_ms`).
pub fn hits_feature_collection(r: &SearchResponse) -> Value {
    let features: Vec<Value> = r
        .hits
        .iter()
        .map(|h| indexer::export::point_feature(h.id.as_str(), h.location, h))
        .collect();
    json!({
        "type": "FeatureCollection",
        "features": features,
        "total": r.total,
        "page": r.page,
        "per_page": r.per_page,
        "took_ms": r.took_ms,
    })
}
