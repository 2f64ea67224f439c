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
            options: &str,
            on_event: &js_sys::Function,
        ) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = caremapMap, js_name = setPoints)]
        pub fn set_points(
            el: &web_sys::HtmlElement,
            points: &str,
            origin: &str,
        ) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = caremapMap, js_name = setSelectedAreas)]
        pub fn set_selected_areas(el: &web_sys::HtmlElement, ids: &str) -> Result<(), JsValue>;
        #[wasm_bindgen(catch, js_namespace = caremapMap, js_name = whenReady)]
        pub fn when_ready(callback: &js_sys::Function) -> Result<(), JsValue>;
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
        let options = serde_json::json!({
            "tileUrl": tiles.url,
            "tileAttribution": tiles.attribution,
            "areasUrl": "/api/v1/areas",
            "interactive": interactive,
        })
        .to_string();
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            if mounted.get_untracked() {
                return;
            }
            let el: web_sys::HtmlElement = el.unchecked_into();
            let options = options.clone();
            // Leaflet's scripts load with `defer`: mount when they are there.
            let ready = Closure::<dyn Fn()>::new(move || {
                let handler =
                    Closure::<dyn Fn(String, String)>::new(move |kind: String, detail: String| {
                        let event = match kind.as_str() {
                            "area" => Some(MapEvent::Area(detail)),
                            "bbox" => Some(MapEvent::Bbox(detail)),
                            "view" => Some(MapEvent::View(detail)),
                            "point" => serde_json::from_str::<LatLng>(&detail)
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
            let points = serde_json::json!({
                "points": c.points.as_ref().map(|p| &p.points),
                "clusters": c.points.as_ref().map(|p| &p.clusters),
                "total": c.points.as_ref().map(|p| p.total),
                "onlyAreas": c.only_areas,
                "keepView": c.keep_view,
            })
            .to_string();
            let origin = serde_json::to_string(&c.origin).unwrap_or_default();
            let _ = js::set_points(&el, &points, &origin);
            let ids = serde_json::to_string(&c.selected_areas).unwrap_or_default();
            let _ = js::set_selected_areas(&el, &ids);
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
