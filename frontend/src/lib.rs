//! caremap's web site (leptos): rendered by the `caremap` server; in the browser only its
//! interactive parts run ("islands": the search with its filters, list and map; the other
//! pages' maps; the print button), so the wasm carries no router and none of the code of the
//! pages the server alone renders (facility, area, print, boards, the frame).
//!
//! - [`admin`]: the administration pages and a facility's update form (server-rendered forms,
//!   not hydrated; server build only).
//! - [`app`]: the HTML shell, the router and the page frame.
//! - [`codec`]: how the wire types travel (JSON read by the browser's own parser).
//! - [`forms`]: form controls several pages draw alike.
//! - [`i18n`]: the page's language (Japanese or English) and its interface wording.
//! - [`pages`]: search (map + list), facility, area, print, and the care-manager boards.
//! - [`map`]: the one wrapper over Leaflet (`assets/caremap-map.js`).
//! - [`nav`]: the search island's address (query string and history) without a router.
//! - [`site`]: what pages ask the server for, as server functions; [`ssr`] answers them from
//!   the engine (server build only).
//! - [`url`]: the page state in the query string.
//! - [`wire`]: what the server functions answer (shared by the pages and [`ssr`]).
//!
//! Built twice: with `ssr` into the server, and with `hydrate` for `wasm32-unknown-unknown`
//! (`scripts/build-site.sh`).

#![recursion_limit = "256"]

#[cfg(feature = "ssr")]
pub mod admin;
pub mod app;
pub mod codec;
pub mod format;
pub mod forms;
pub mod i18n;
pub mod map;
pub mod nav;
pub mod pages;
pub mod site;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod url;
pub mod wire;

/// The browser's entry point: readies the reactive system; leptos' loader then hydrates each
/// island of the server-rendered page (the search, a page's map, the print button).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
