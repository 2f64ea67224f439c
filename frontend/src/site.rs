//! What the pages ask the server for, as server functions: each runs the same engine as the
//! REST API (`crate::ssr` on the server side), with the same parameter parser. What they answer
//! is in [`crate::wire`].

use crate::codec::Wire;
use crate::wire::{
    AreaView, FacilityView, PlanningView, PrintView, SceneView, SearchView, SiteInfo,
};
use leptos::prelude::*;
use model::search::MapPoints;

/// The site's state. It is missing only while the server lists the app's routes at start (that
/// render can poll a page's first server call before any request brings the state): an error
/// then, which nobody sees, rather than a panic on the starting thread.
#[cfg(feature = "ssr")]
fn site() -> Result<crate::ssr::Site, ServerFnError> {
    use_context::<crate::ssr::Site>()
        .ok_or_else(|| ServerFnError::new("the site's state is not available yet"))
}

/// Site information (areas, places, tiles).
#[server(prefix = "/rpc", endpoint = "site", output = Wire)]
pub async fn get_site_info() -> Result<SiteInfo, ServerFnError> {
    Ok(site()?.info())
}

/// Full names of places continuing what was typed into 「住所・町名から」 (the sample's towns
/// first, then the geocoder's).
#[server(prefix = "/rpc", endpoint = "places", output = Wire)]
pub async fn suggest_places(typed: String) -> Result<Vec<String>, ServerFnError> {
    Ok(site()?.suggest_places(&typed))
}

/// Runs a search from a page's query string (page parameters included).
#[server(prefix = "/rpc", endpoint = "search", output = Wire)]
pub async fn search(query: String) -> Result<SearchView, ServerFnError> {
    let site = site()?;
    let clearance = site.clearance().await;
    Ok(site.search(&query, clearance))
}

/// Map markers (or clusters) for a page's query string, within the map's `view`
/// (`minLng,minLat,maxLng,maxLat`) when given.
#[server(prefix = "/rpc", endpoint = "points", output = Wire)]
pub async fn get_map_points(
    query: String,
    view: Option<String>,
) -> Result<MapPoints, ServerFnError> {
    let site = site()?;
    let clearance = site.clearance().await;
    site.points(&query, view.as_deref(), clearance)
        .map_err(ServerFnError::new)
}

/// The embeddable widget's search from its query string: public listings only, whoever asks
/// (a frame on another site is no place for professional fields).
#[server(prefix = "/rpc", endpoint = "embed", output = Wire)]
pub async fn embed_search(query: String) -> Result<SearchView, ServerFnError> {
    Ok(site()?.search(&query, model::facility::Visibility::Public))
}

/// One facility's page (None: no such listing).
#[server(prefix = "/rpc", endpoint = "facility", output = Wire)]
pub async fn get_facility(id: String) -> Result<Option<FacilityView>, ServerFnError> {
    site()?.facility(&id).await.map_err(ServerFnError::new)
}

/// One area's page (None: no such area).
#[server(prefix = "/rpc", endpoint = "area", output = Wire)]
pub async fn get_area(id: String) -> Result<Option<AreaView>, ServerFnError> {
    Ok(site()?.area(&id))
}

/// A printable list for a page's query string.
#[server(prefix = "/rpc", endpoint = "print", output = Wire)]
pub async fn print_list(query: String) -> Result<PrintView, ServerFnError> {
    Ok(site()?.print(&query).await)
}

/// A scene's page (None: no such scene).
#[server(prefix = "/rpc", endpoint = "scene", output = Wire)]
pub async fn get_scene(slug: String) -> Result<Option<SceneView>, ServerFnError> {
    Ok(site()?.scene(&slug))
}

/// The planning page: coverage per area for a page's query string (public: aggregates only).
#[server(prefix = "/rpc", endpoint = "planning", output = Wire)]
pub async fn get_planning(query: String) -> Result<PlanningView, ServerFnError> {
    Ok(site()?.planning(&query).await)
}

/// The ケアマネタイム board: medical listings whose care-manager contact window is open at the
/// chosen weekday (`day`: mon…sun, empty for today) and time (`time`: HH:MM, empty for now).
#[server(prefix = "/rpc", endpoint = "contact-board", output = Wire)]
pub async fn contact_board(query: String) -> Result<SearchView, ServerFnError> {
    let site = site()?;
    let clearance = site.clearance().await;
    Ok(site.contact_board(&query, clearance))
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use std::task::{Context, Poll, Waker};

    /// Polls a future once (the calls below answer at once, without awaiting anything).
    fn at_once<F: Future>(f: F) -> Option<F::Output> {
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => Some(v),
            Poll::Pending => None,
        }
    }

    #[test]
    fn a_server_call_before_the_site_is_provided_is_an_error_not_a_panic() {
        assert!(matches!(at_once(super::get_site_info()), Some(Err(_))));
        assert!(matches!(
            at_once(super::suggest_places("ひかり".into())),
            Some(Err(_))
        ));
    }
}
