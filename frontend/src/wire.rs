//! What the pages and the server functions exchange: the answers of [`crate::site`]'s server
//! functions, shared by the pages (which show them) and `crate::ssr` (which builds them).

use chrono::NaiveDate;
use model::coverage::{CoverageLevel, CoverageRow, Indicator};
use model::facility::{Facility, ProfessionalFields};
use model::geo::LatLng;
use model::search::{SearchHit, SearchResponse};
use model::sources::DataSource;
use serde::{Deserialize, Serialize};

/// A 日常生活圏域 or municipality, as filters and links show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaSummary {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its kind (日常生活圏域, 市町村, …).
    pub kind: model::area::AreaKind,
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
    /// In words, e.g. 「中央圏域」 or 「本町付近から1 km以内」 (data, such as an area's name or
    /// the typed keyword, kept apart from the interface's words).
    pub label: Vec<crate::format::Piece>,
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
    /// The point results are measured from, and the place's name when it is a typed place
    /// (None: a point from a map click or 現在地).
    pub origin: Option<(LatLng, Option<String>)>,
    /// The conditions that were read, in words (empty when the parameters were invalid).
    pub conditions: Vec<Condition>,
    /// Today in Japan (acceptance older than two weeks reads as unknown).
    pub today: NaiveDate,
    /// The sources of the listed hits, with the credit lines the page must carry.
    pub credits: Vec<DataSource>,
    /// On the English site, the kinds of listing an English keyword names (parameter, code,
    /// label): listings' text is Japanese, so the kinds are offered as filters instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<(String, String, String)>,
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

/// The planning page (`/planning`): coverage per 日常生活圏域 or municipality under the chosen
/// filters, sorted as asked, with its choropleth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanningView {
    /// A message when the parameters could not be read (nothing else is then filled).
    pub error: Option<String>,
    /// The rows' areas.
    pub level: CoverageLevel,
    /// The number the map colours by.
    pub indicator: Indicator,
    /// The distance of the near share, metres.
    pub within_m: Option<u32>,
    /// The prefecture of the form (2-digit code; None: all of Japan): at the municipal level
    /// the rows' prefecture.
    pub prefecture: Option<String>,
    /// Prefectures with municipal boundaries loaded: (code, name).
    pub prefectures: Vec<(String, String)>,
    /// Whether 日常生活圏域 are loaded (the area level is offered).
    pub has_areas: bool,
    /// The filters in words (what is counted).
    pub conditions: Vec<Condition>,
    /// The rows, in the order asked for (the engine's, gaps first, by default).
    pub rows: Vec<CoverageRow>,
    /// The column the rows are sorted by and whether descending (None: gaps first).
    pub sort: Option<(String, bool)>,
    /// The map (None when no row has an outline).
    pub map: Option<Choropleth>,
    /// Population sources and the listings' sources, with their credit lines.
    pub credits: Vec<DataSource>,
    /// Today in Japan (the print date).
    pub today: NaiveDate,
}

/// The planning table's columns (code as in `sort=`, heading), in order.
pub const PLANNING_COLUMNS: [(&str, &str); 7] = [
    ("name", "圏域・市区町村"),
    ("listings", "件数"),
    ("aged_65", "65歳以上人口"),
    ("aged_75", "75歳以上人口"),
    ("per_10k_65", "65歳以上1万人あたり"),
    ("per_10k_75", "75歳以上1万人あたり"),
    ("near_share", "近くに住む75歳以上の割合"),
];

/// A choropleth drawn as SVG: one shape per area, coloured by class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choropleth {
    /// Width of the drawing, px.
    pub width: u32,
    /// Height of the drawing, px.
    pub height: u32,
    /// The areas.
    pub shapes: Vec<Shape>,
    /// The classes, as the legend shows them (only those in use are marked).
    pub legend: Vec<LegendEntry>,
    /// Whether values are written on the shapes (few enough areas).
    pub labelled: bool,
}

/// One area of a choropleth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shape {
    /// Area id.
    pub area_id: String,
    /// Name.
    pub name: String,
    /// SVG path data of its outline (even-odd: holes are rings too).
    pub path: String,
    /// Fill colour.
    pub fill: String,
    /// Whether the fill is dark (labels on it are drawn light).
    pub dark: bool,
    /// A point inside it for its label, px.
    pub label_at: Option<(f32, f32)>,
    /// The value in words.
    pub value: String,
}

/// One class of a choropleth's legend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    /// Fill colour.
    pub fill: String,
    /// Range in words (「5.0〜10.0」, 「なし（0件）」).
    pub label: String,
    /// How many areas fall in it.
    pub areas: usize,
}

/// A scene's page (`/scenes/{slug}`): what the scene is, the kinds of listing it offers with
/// their counts, and its listings per 日常生活圏域.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SceneView {
    /// Code (`scene=`).
    pub code: String,
    /// Name.
    pub label: String,
    /// Two or three sentences for residents.
    pub explanation: String,
    /// Listings serving the scene.
    pub total: u64,
    /// Each kind of listing it offers: (what it is, the search of that kind, listings).
    pub rules: Vec<(String, String, u64)>,
    /// 日常生活圏域 with their listings serving the scene: (id, name, listings).
    pub areas: Vec<(String, String, u64)>,
    /// The loaded sources (the fictional sample's notice among them).
    pub credits: Vec<DataSource>,
}
