//! `/admin/embed`: the snippet that puts the widget (`/embed`) on another site, with a preview.

use super::page::{query_pairs, signed_in};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use frontend::admin;
use frontend::i18n::tr;
use model::{AreaKind, taxonomy};

/// The preset parameters the page offers.
const PRESET: [&str; 4] = ["area", "scene", "category", "service"];

pub(super) async fn embed_page(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(signed_in(&req).await);
    let q = query_pairs(&req);
    let mut areas: Vec<(String, String)> = ctx
        .state
        .engine
        .areas()
        .into_iter()
        .filter(|a| a.kind != AreaKind::Municipality)
        .map(|a| (a.id, a.name))
        .collect();
    areas.sort_by_cached_key(|(id, _)| model::area::natural_key(id));
    // Only known codes enter the snippet (it is written out as text to copy).
    let known = |k: &str, v: &str| match k {
        "area" => areas.iter().any(|(id, _)| id == v),
        "scene" => taxonomy::scene(v).is_some(),
        "category" => taxonomy::category(v).is_some(),
        "service" => taxonomy::service_type(v).is_some(),
        _ => false,
    };
    let preset: Vec<(String, String)> = PRESET
        .iter()
        .filter_map(|k| {
            q.iter()
                .find(|(key, v)| key == k && known(k, v.trim()))
                .map(|(key, v)| (key.clone(), v.trim().to_string()))
        })
        .collect();
    let height = q
        .iter()
        .find(|(k, _)| k == "height")
        .and_then(|(_, v)| v.trim().parse::<u32>().ok())
        .map_or(600, |h| h.clamp(300, 1200));
    let info = req.connection_info();
    // The address as the browser reached this page (a host name, an IP and a port).
    let host: String = info
        .host()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        .collect();
    let origin = format!("{}://{host}", info.scheme());
    ctx.page(
        StatusCode::OK,
        tr("サイトに埋め込む", "Embed on a site"),
        None,
        admin::embed_snippet(admin::EmbedSnippet {
            origin: &origin,
            areas: &areas,
            preset: &preset,
            height,
        }),
    )
}
