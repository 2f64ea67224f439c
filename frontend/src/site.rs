//! What the pages ask the server for, and the server functions that answer: each runs the same
//! engine as the REST API (`crate::ssr` on the server side), with the same parameter parser.

use chrono::NaiveDate;
use leptos::prelude::*;
use model::facility::{Facility, ProfessionalFields};
use model::geo::LatLng;
use model::search::{MapPoints, SearchHit, SearchResponse};
use model::sources::DataSource;
use serde::{Deserialize, Serialize};

/// A 日常生活圏域 or municipality, as filters and links show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaSummary {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind label (日常生活圏域, 市町村, …).
    pub kind: String,
    /// True for a 日常生活圏域 (the areas offered as filters).
    pub daily_life: bool,
}

/// A named place of the fictional sample municipality (its 町丁目 are in no address data) for
/// "near a place".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Name as typed, e.g. 本町.
    pub name: String,
    /// Reading.
    pub kana: String,
    /// A point inside it.
    pub point: LatLng,
}

/// Map tiles (configurable; empty `url` means no background tiles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tiles {
    /// URL template with `{z}/{x}/{y}`.
    pub url: String,
    /// Attribution HTML for the tiles.
    pub attribution: String,
}

/// What every page needs to know about the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    /// Areas, 日常生活圏域 first.
    pub areas: Vec<AreaSummary>,
    /// The sample municipality's places for "near a place" (real addresses go to the
    /// geocoder).
    pub places: Vec<Place>,
    /// Whether the geocoder has address data (「住所・町名から」 searches every real town).
    pub addresses: bool,
    /// Every loaded data source with its credit line (the footer's 出典).
    pub sources: Vec<DataSource>,
    /// Background map.
    pub tiles: Tiles,
}

/// One condition of a search in words, and the URL parameter it comes from (so a page can
/// offer to drop it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    /// In words, e.g. 「中央圏域」 or 「本町付近から1 km以内」.
    pub label: String,
    /// The parameter (`near` stands for the point, its radius and the distance order).
    pub key: String,
    /// For a repeatable parameter, the one value this condition is.
    pub value: Option<String>,
}

/// A search page's answer: the results, or why the URL's parameters could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    /// Results (absent when the parameters were invalid).
    pub response: Option<SearchResponse>,
    /// A message for the visitor when the parameters were invalid.
    pub error: Option<String>,
    /// The point results are measured from, and what it is (現在地, a place, a map click).
    pub origin: Option<(LatLng, String)>,
    /// The conditions that were read, in words (empty when the parameters were invalid).
    pub conditions: Vec<Condition>,
    /// Today in Japan (acceptance older than two weeks reads as unknown).
    pub today: NaiveDate,
    /// The sources of the listed hits, with the credit lines the page must carry.
    pub credits: Vec<DataSource>,
}

/// A facility page's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacilityView {
    /// The listing's public fields.
    pub facility: Facility,
    /// Its professional fields, for signed-in viewers only (absent for everyone else).
    pub professional: Option<ProfessionalFields>,
    /// Its areas with names.
    pub areas: Vec<AreaSummary>,
    /// The parent listing (main office of a satellite), when known.
    pub parent: Option<(String, String)>,
    /// Operating satellites (サテライト) and branches of this listing.
    pub satellites: Vec<SearchHit>,
    /// Nearby listings of the same category.
    pub nearby: Vec<SearchHit>,
    /// Today in Japan (highlighted in the hours table).
    pub today: NaiveDate,
    /// The listing's sources (and those of its nearby listings) with their credit lines.
    pub credits: Vec<DataSource>,
}

/// An area page's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaView {
    /// The area.
    pub area: AreaSummary,
    /// Its description.
    pub description: Option<String>,
    /// Its outline as a GeoJSON Feature (for the map).
    pub geojson: String,
}

/// Site information (areas, places, tiles).
#[server(prefix = "/rpc", endpoint = "site")]
pub async fn get_site_info() -> Result<SiteInfo, ServerFnError> {
    Ok(expect_context::<crate::ssr::Site>().info())
}

/// Full names of places continuing what was typed into 「住所・町名から」 (the sample's towns
/// first, then the geocoder's).
#[server(prefix = "/rpc", endpoint = "places")]
pub async fn suggest_places(typed: String) -> Result<Vec<String>, ServerFnError> {
    Ok(expect_context::<crate::ssr::Site>().suggest_places(&typed))
}

/// Runs a search from a page's query string (page parameters included).
#[server(prefix = "/rpc", endpoint = "search")]
pub async fn search(query: String) -> Result<SearchView, ServerFnError> {
    let site = expect_context::<crate::ssr::Site>();
    let clearance = site.clearance().await;
    Ok(site.search(&query, clearance))
}

/// Map markers (or clusters) for a page's query string, within the map's `view`
/// (`minLng,minLat,maxLng,maxLat`) when given.
#[server(prefix = "/rpc", endpoint = "points")]
pub async fn get_map_points(
    query: String,
    view: Option<String>,
) -> Result<MapPoints, ServerFnError> {
    let site = expect_context::<crate::ssr::Site>();
    let clearance = site.clearance().await;
    site.points(&query, view.as_deref(), clearance)
        .map_err(ServerFnError::new)
}

/// One facility's page (None: no such listing).
#[server(prefix = "/rpc", endpoint = "facility")]
pub async fn get_facility(id: String) -> Result<Option<FacilityView>, ServerFnError> {
    expect_context::<crate::ssr::Site>()
        .facility(&id)
        .await
        .map_err(ServerFnError::new)
}

/// One area's page (None: no such area).
#[server(prefix = "/rpc", endpoint = "area")]
pub async fn get_area(id: String) -> Result<Option<AreaView>, ServerFnError> {
    Ok(expect_context::<crate::ssr::Site>().area(&id))
}

/// One listing on a printed list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Service types, joined.
    pub services: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: Option<String>,
    /// FAX (when public).
    pub fax: Option<String>,
    /// Opening hours on one line.
    pub hours: Option<String>,
    /// Acceptance as shown to visitors (when reported).
    pub acceptance: Option<String>,
    /// What signed-in professionals also get (absent for everyone else).
    pub professional: Option<PrintProfessional>,
}

/// The professional columns of a printed row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintProfessional {
    /// Phone, when professional-only.
    pub phone: Option<String>,
    /// FAX for professionals.
    pub fax: Option<String>,
    /// ケアマネタイム windows on one line, with the contact person.
    pub contact_times: String,
    /// Internal note.
    pub note: Option<String>,
}

/// A printable list: listings grouped by category, with what the search was.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintView {
    /// The conditions in words.
    pub conditions: Vec<Condition>,
    /// (category label, listings), in category order.
    pub groups: Vec<(String, Vec<PrintRow>)>,
    /// Number of matching listings.
    pub total: u64,
    /// Listings printed (at most [`PRINT_LIMIT`]).
    pub printed: usize,
    /// Sources of the printed listings with their credit lines.
    pub credits: Vec<DataSource>,
    /// Today in Japan (the print date).
    pub today: NaiveDate,
    /// A message when the parameters were invalid.
    pub error: Option<String>,
}

/// Most listings one printed list holds.
pub const PRINT_LIMIT: usize = 1_000;

/// A printable list for a page's query string.
#[server(prefix = "/rpc", endpoint = "print")]
pub async fn print_list(query: String) -> Result<PrintView, ServerFnError> {
    Ok(expect_context::<crate::ssr::Site>().print(&query).await)
}

/// The ケアマネタイム board: medical listings whose care-manager contact window is open at the
/// chosen weekday (`day`: mon…sun, empty for today) and time (`time`: HH:MM, empty for now).
#[server(prefix = "/rpc", endpoint = "contact-board")]
pub async fn contact_board(query: String) -> Result<SearchView, ServerFnError> {
    let site = expect_context::<crate::ssr::Site>();
    let clearance = site.clearance().await;
    Ok(site.contact_board(&query, clearance))
}
