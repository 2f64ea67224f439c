//! The map: one wrapper over Leaflet, whose browser side is `assets/caremap-map.js`.
//!
//! The server renders an empty, labelled container; in the browser the map is mounted once,
//! then shown markers, the origin and the selected areas. On the search page ([`MapView`], part
//! of the search's island) they change with every search and the map reports clicks (an area,
//! a point, "search this area") as [`MapEvent`]s; on other pages ([`page_map`]) the server
//! writes what to show into the element and a small island mounts it.

use crate::i18n::tr;
use crate::wire::Tiles;
use leptos::prelude::*;
use model::geo::LatLng;
use model::search::MapPoints;
use serde::{Deserialize, Serialize};

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

    /// Mounts the map in `el` once Leaflet's deferred scripts are there; `on_event` gets its
    /// clicks, `mounted` runs once it is up.
    pub fn mount_when_ready(
        el: web_sys::HtmlElement,
        tiles: &crate::wire::Tiles,
        interactive: bool,
        on_event: impl Fn(super::MapEvent) + 'static,
        mounted: impl FnOnce(web_sys::HtmlElement) + 'static,
    ) {
        use super::MapEvent;
        use wasm_bindgen::JsCast;
        let options = value(&Options {
            tile_url: &tiles.url,
            tile_attribution: &tiles.attribution,
            areas_url: "/api/v1/areas",
            interactive,
        });
        let ready = Closure::once(move || {
            let handler =
                Closure::<dyn Fn(String, String)>::new(move |kind: String, detail: String| {
                    let event = match kind.as_str() {
                        "area" => Some(MapEvent::Area(detail)),
                        "bbox" => Some(MapEvent::Bbox(detail)),
                        "view" => Some(MapEvent::View(detail)),
                        "point" => crate::codec::decode::<model::geo::LatLng>(&detail)
                            .ok()
                            .map(MapEvent::Point),
                        _ => None,
                    };
                    if let Some(e) = event {
                        on_event(e);
                    }
                });
            let ok = mount(&el, &options, handler.as_ref().unchecked_ref()).is_ok();
            // The map keeps calling the handler for the page's lifetime.
            handler.forget();
            if ok {
                mounted(el);
            }
        });
        let _ = when_ready(ready.as_ref().unchecked_ref());
        ready.forget();
    }

    /// Shows `c`'s markers, origin and highlights on the map mounted in `el`.
    pub fn show(el: &web_sys::HtmlElement, c: &super::MapContent) {
        let markers = value(&Markers {
            points: c.points.as_ref().map(|p| &p.points[..]),
            clusters: c.points.as_ref().map(|p| &p.clusters[..]),
            total: c.points.as_ref().map(|p| p.total),
            only_areas: c.only_areas.as_deref(),
            keep_view: c.keep_view,
        });
        let _ = set_points(el, &markers, &value(&c.origin));
        let _ = set_selected_areas(el, &value(&c.selected_areas));
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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

/// The search's map pane (clicks pick areas and points). `content` changes move markers and
/// highlights; `on_event` receives clicks.
#[component]
pub fn MapView(
    /// Background tiles.
    tiles: Tiles,
    /// Markers, origin and highlights.
    #[prop(into)]
    content: Signal<MapContent>,
    /// Clicks on the map (an area, a point, "search this area").
    on_event: Callback<MapEvent>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let mounted = RwSignal::new(false);
        Effect::new(move |_| {
            let Some(el) = node.get() else { return };
            if mounted.get_untracked() {
                return;
            }
            let el: web_sys::HtmlElement = el.unchecked_into();
            js::mount_when_ready(
                el,
                &tiles,
                true,
                move |e| on_event.run(e),
                move |_| mounted.set(true),
            );
        });
        Effect::new(move |_| {
            let c = content.get();
            if !mounted.get() {
                return;
            }
            if let Some(el) = node.get_untracked() {
                js::show(&el.unchecked_into(), &c);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (tiles, content, on_event);
    view! {
        <div class="map" node_ref=node role="region" aria-label=tr("地図（一覧と同じ事業所を表示）", "Map (the same listings as the list)")>
            <p class="map-placeholder">{tr(
                "地図を読み込んでいます。表示されない場合も、一覧からすべての事業所を確認できます。",
                "Loading the map. If it does not appear, every listing is still in the list.",
            )}</p>
        </div>
    }
}

/// What a map shows on a page other than the search's (a facility, an area, a printed list).
/// The server writes it into the map element's `data-map` attribute; [`PageMap`] reads it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapSpec {
    /// Background tiles.
    pub tiles: Tiles,
    /// What to show at once (a facility's own marker, the highlighted areas).
    pub content: MapContent,
    /// The search (a page's query string) whose markers are fetched once the map is up.
    pub points_of: Option<String>,
}

/// A map that only shows (no clicks): the element the server rendered from `spec`.
pub fn page_map(spec: &MapSpec, class: &'static str) -> impl IntoView + use<> {
    let json = serde_json::to_string(spec).unwrap_or_default();
    view! {
        <PageMap>
            <div class=format!("map {class}") data-map=json role="region" aria-label=tr("地図", "Map")>
                <p class="map-placeholder">{tr("地図を読み込んでいます。", "Loading the map.")}</p>
            </div>
        </PageMap>
    }
}

/// The browser side of [`page_map`]: mounts the map its child element describes. Its child is
/// server-rendered HTML (an island's children are not hydrated), so no page code is in the wasm.
#[island]
pub fn PageMap(children: Children) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        let Some(el) = node
            .get()
            .and_then(|host| host.query_selector("[data-map]").ok().flatten())
        else {
            return;
        };
        let Some(spec) = el
            .get_attribute("data-map")
            .and_then(|json| crate::codec::decode::<MapSpec>(&json).ok())
        else {
            return;
        };
        let el: web_sys::HtmlElement = el.unchecked_into();
        let MapSpec {
            tiles,
            content,
            points_of,
        } = spec;
        js::mount_when_ready(
            el,
            &tiles,
            false,
            |_| {},
            move |el| {
                js::show(&el, &content);
                if let Some(query) = points_of {
                    leptos::task::spawn_local(async move {
                        if let Ok(points) = crate::site::get_map_points(query, None).await {
                            js::show(
                                &el,
                                &MapContent {
                                    points: Some(points),
                                    ..content
                                },
                            );
                        }
                    });
                }
            },
        );
    });
    view! { <div class="map-host" node_ref=node>{children()}</div> }
}
