//! The map: one wrapper over Leaflet, whose browser side is `assets/caremap-map.js`.
//!
//! The server renders an empty, labelled container; in the browser the component mounts the
//! map once, then pushes markers, the origin and the selected areas whenever they change.
//! The map reports clicks (an area, a point, "search this area") as [`MapEvent`]s.

use crate::wire::Tiles;
use leptos::prelude::*;
use model::geo::LatLng;
use model::search::MapPoints;

/// Something the visitor did on the map.
#[derive(Debug, Clone, PartialEq)]
pub enum MapEvent {
    /// Clicked an area (toggle it as a filter).
    Area(String),
    /// Picked a point ("near a place").
    Point(LatLng),
    /// Asked to search the visible rectangle (`minLng,minLat,maxLng,maxLat`).
    Bbox(String),
    /// Moved while showing clusters: the visible rectangle, whose markers it now needs.
    View(String),
}

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = caremapMap, js_name = mount)]
        pub fn mount(
            el: &web_sys::HtmlElement,
            options: &JsValue,
            on_event: &js_sys::Function,
        ) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = caremapMap, js_name = setPoints)]
        pub fn set_points(
            el: &web_sys::HtmlElement,
            markers: &JsValue,
            origin: &JsValue,
        ) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = caremapMap, js_name = setSelectedAreas)]
        pub fn set_selected_areas(el: &web_sys::HtmlElement, ids: &JsValue) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = caremapMap, js_name = whenReady)]
        pub fn when_ready(callback: &js_sys::Function) -> Result<(), JsValue>;
    }

    /// A value as the plain JavaScript object `JSON.parse` would make of its JSON.
    pub fn value<T: serde::Serialize + ?Sized>(v: &T) -> JsValue {
        v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap_or(JsValue::NULL)
    }

    /// What `mount` takes.
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Options<'a> {
        pub tile_url: &'a str,
        pub tile_attribution: &'a str,
        pub areas_url: &'a str,
        pub interactive: bool,
    }

    /// What `setPoints` takes.
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Markers<'a> {
        pub points: Option<&'a [model::search::MapPoint]>,
        pub clusters: Option<&'a [model::search::MapCluster]>,
        pub total: Option<u64>,
        pub only_areas: Option<&'a [String]>,
        pub keep_view: bool,
    }
}

/// What the map is asked to show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapContent {
    /// Markers.
    pub points: Option<MapPoints>,
    /// The point distances are measured from.
    pub origin: Option<LatLng>,
    /// Selected area ids (highlighted).
    pub selected_areas: Vec<String>,
    /// Areas to show (None: all of them).
    pub only_areas: Option<Vec<String>>,
    /// Keep the visitor's view instead of fitting the markers (after "search this area", or
    /// markers of the view the visitor moved to).
    pub keep_view: bool,
}

/// The map pane. `content` changes move markers and highlights; `on_event` receives clicks.
#[component]
pub fn MapView(
    /// Background tiles.
    tiles: Tiles,
    /// Markers, origin and highlights.
    #[prop(into)]
    content: Signal<MapContent>,
    /// Clicks on the map.
    on_event: Callback<MapEvent>,
    /// Extra CSS class (e.g. `small` for a facility's map).
    #[prop(optional)]
    class: &'static str,
    /// Whether clicks may pick areas and points (search pages) or only show (facility pages).
    #[prop(optional)]
    interactive: bool,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::prelude::Closure;
        let mounted = RwSignal::new(false);
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            if mounted.get_untracked() {
                return;
            }
            let el: web_sys::HtmlElement = el.unchecked_into();
            let options = js::value(&js::Options {
                tile_url: &tiles.url,
                tile_attribution: &tiles.attribution,
                areas_url: "/api/v1/areas",
                interactive,
            });
            // Leaflet's scripts load with `defer`: mount when they are there.
            let ready = Closure::<dyn Fn()>::new(move || {
                let handler =
                    Closure::<dyn Fn(String, String)>::new(move |kind: String, detail: String| {
                        let event = match kind.as_str() {
                            "area" => Some(MapEvent::Area(detail)),
                            "bbox" => Some(MapEvent::Bbox(detail)),
                            "view" => Some(MapEvent::View(detail)),
                            "point" => crate::codec::decode::<LatLng>(&detail)
                                .ok()
                                .map(MapEvent::Point),
                            _ => None,
                        };
                        if let Some(e) = event {
                            on_event.run(e);
                        }
                    });
                if js::mount(&el, &options, handler.as_ref().unchecked_ref()).is_ok() {
                    mounted.set(true);
                }
                // The map keeps calling the handler for the page's lifetime.
                handler.forget();
            });
            let _ = js::when_ready(ready.as_ref().unchecked_ref());
            ready.forget();
        });
        Effect::new(move |_| {
            let c = content.get();
            if !mounted.get() {
                return;
            }
            let Some(el) = node.get_untracked() else {
                return;
            };
            let el: web_sys::HtmlElement = el.unchecked_into();
            let markers = js::value(&js::Markers {
                points: c.points.as_ref().map(|p| &p.points[..]),
                clusters: c.points.as_ref().map(|p| &p.clusters[..]),
                total: c.points.as_ref().map(|p| p.total),
                only_areas: c.only_areas.as_deref(),
                keep_view: c.keep_view,
            });
            let _ = js::set_points(&el, &markers, &js::value(&c.origin));
            let _ = js::set_selected_areas(&el, &js::value(&c.selected_areas));
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (tiles, content, on_event, interactive);
    view! {
        <div class=format!("map {class}") node_ref=node role="region" aria-label="地図（一覧と同じ事業所を表示）">
            <p class="map-placeholder">"地図を読み込んでいます。表示されない場合も、一覧からすべての事業所を確認できます。"</p>
        </div>
    }
}
