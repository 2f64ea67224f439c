//! The search page (`/`): filters with counts, the result list and the map, all driven by the
//! URL. Without scripts the filters are a plain GET form and the list is rendered by the server.

use super::{HitCard, Notices, Pager, Pieces};
use crate::codec::resource;
use crate::format;
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::map::{MapContent, MapEvent, MapView};
use crate::nav::PageQuery;
use crate::site::{get_map_points, get_site_info, search};
use crate::url;
use crate::wire::{Condition, SearchView, SiteInfo};
use leptos::prelude::*;
use leptos_meta::Title;
use model::search::Facets;
use model::taxonomy;

/// Radius choices for "near" searches (metres; empty = only order by distance, labelled in
/// words by the form).
const RADII: &[(&str, &str)] = &[
    ("", ""),
    ("500", "500 m"),
    ("1000", "1 km"),
    ("2000", "2 km"),
    ("3000", "3 km"),
    ("5000", "5 km"),
    ("10000", "10 km"),
];

/// The page's query string, without the `?` (for the pages the server alone renders; the
/// search's island follows [`PageQuery`]).
pub fn use_query_string() -> Memo<String> {
    let location = leptos_router::hooks::use_location();
    Memo::new(move |_| location.search.get().trim_start_matches('?').to_string())
}

#[component]
pub fn SearchPage() -> impl IntoView {
    view! {
        <Title text=""/>
        <Search/>
    }
}

/// The search itself: the page's one island. Each change of the filters, a map click or a
/// link to another search of this page shows the new search in place (see [`PageQuery`]).
#[island]
pub fn Search() -> impl IntoView {
    let page = PageQuery::new();
    let query = Memo::new(move |_| page.get());
    let pairs = Memo::new(move |_| url::pairs(&query.get()));
    let info = resource(|| (), |_| get_site_info());
    let results = resource(move || query.get(), search);
    // The map's view, once it shows clusters and the visitor moves it: (query, rectangle).
    let viewport = RwSignal::new(None::<(String, String)>);
    let view_of = move |q: &str| {
        viewport
            .get()
            .filter(|(vq, _)| vq == q)
            .map(|(_, rect)| rect)
    };
    let points = LocalResource::new(move || {
        let q = query.get();
        get_map_points(q.clone(), view_of(&q))
    });
    let go = Callback::new(move |p: Vec<(String, String)>| page.go(&url::href("/", &p)));
    let on_map = Callback::new(move |e: MapEvent| {
        if let MapEvent::View(rect) = e {
            viewport.set(Some((query.get_untracked(), rect)));
            return;
        }
        let p = pairs.get_untracked();
        let next = match e {
            MapEvent::Area(id) => url::toggled(&p, "area", &id),
            MapEvent::Bbox(b) => url::with(&p, "bbox", &b),
            MapEvent::View(_) => return,
            MapEvent::Point(l) => url::with_all(
                &p,
                &[
                    ("lat", &l.lat.to_string()),
                    ("lng", &l.lng.to_string()),
                    ("place", ""),
                    ("sort", "distance"),
                ],
            ),
        };
        go.run(next);
    });
    // On a phone the filters fold away behind a button so the list starts on the first screen
    // (without scripts they stay open: the CSS folds them only under `html.js`).
    let (filters_open, set_filters_open) = signal(false);
    // The filters are drawn again for every result: the control that changed gets the focus
    // back (keyboard and screen-reader users would otherwise start over at the top).
    let refocus = StoredValue::new(None::<String>);
    let view_mode = move || {
        if url::get(&pairs.get(), "view") == Some("map") {
            "map"
        } else {
            "list"
        }
    };
    let map_content = Signal::derive(move || {
        let p = pairs.get();
        let origin = results
            .get()
            .and_then(|r| r.ok())
            .and_then(|v| v.origin.map(|(l, _)| l));
        MapContent {
            points: points.get().and_then(|r| r.ok()),
            origin,
            selected_areas: url::all(&p, "area")
                .into_iter()
                .map(str::to_string)
                .collect(),
            only_areas: None,
            keep_view: url::get(&p, "bbox").is_some() || view_of(&query.get()).is_some(),
        }
    });
    view! {
        <div class="search-layout" on:click=move |ev| page.follow(&ev) data-view=view_mode data-filters=move || if filters_open.get() { "open" } else { "closed" }>
            <h1 class="visually-hidden">{tr("医療・介護の事業所を探す", "Find medical and care providers")}</h1>
            <div class="view-toggle" role="group" aria-label=tr("表示の切り替え", "Switch view")>
                <a href=move || url::href("/", &url::with(&pairs.get(), "view", "list")) aria-current=move || (view_mode() == "list").then_some("true")>{tr("一覧", "List")}</a>
                <a href=move || url::href("/", &url::with(&pairs.get(), "view", "map")) aria-current=move || (view_mode() == "map").then_some("true")>{tr("地図", "Map")}</a>
            </div>
            <aside class="filters-pane" aria-label=tr("絞り込み", "Filters")>
                <button type="button" class="filters-toggle secondary" aria-controls="filters-form"
                    aria-expanded=move || filters_open.get().to_string()
                    on:click=move |_| set_filters_open.update(|o| *o = !*o)>
                    <span>{tr("絞り込み", "Filters")}</span>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let n = results.await.map_or(0, |v| v.conditions.len());
                            (n > 0).then(|| view! { <span class="n">{match lang() { Lang::Ja => format!("{n}件の条件"), Lang::En => format!("{n} set") }}</span> })
                        })}
                    </Transition>
                    <span class="chevron" aria-hidden="true">{move || if filters_open.get() { "▲" } else { "▼" }}</span>
                </button>
                <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
                    {move || Suspend::new(async move {
                        let info = info.await;
                        let res = results.await;
                        match (info, res) {
                            (Ok(info), Ok(res)) => view! { <Filters info res pairs=pairs.get_untracked() go refocus on_submit=Callback::new(move |_| set_filters_open.set(false))/> }.into_any(),
                            _ => view! { <p class="error">{tr("条件を読み込めませんでした。", "Could not load the filters.")}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </aside>
            <section class="results-pane" aria-labelledby="results-heading">
                <Transition fallback=|| view! { <p class="loading">{tr("検索しています…", "Searching…")}</p> }>
                    {move || Suspend::new(async move {
                        match results.await {
                            Ok(v) => view! { <Results view=v pairs=pairs.get_untracked()/> }.into_any(),
                            Err(_) => view! { <p class="error" role="alert">{tr("検索できませんでした。時間をおいてお試しください。", "The search failed. Please try again later.")}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <section class="map-pane" aria-label=tr("地図", "Map")>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        info.await.ok().map(|i| view! { <MapView tiles=i.tiles content=map_content on_event=on_map/> })
                    })}
                </Suspense>
            </section>
        </div>
    }
}

/// The result list with its count, order and paging.
#[component]
fn Results(view: SearchView, pairs: Vec<(String, String)>) -> impl IntoView {
    let today = view.today;
    let Some(r) = view.response else {
        return view! {
            <h2 id="results-heading">{tr("検索結果", "Results")}</h2>
            <p class="error" role="alert"><Pieces pieces=format::quoted(&view.error.unwrap_or_default())/></p>
            <p><a href="/">{tr("条件をすべて解除する", "Clear all conditions")}</a></p>
        }
        .into_any();
    };
    let credits = view.credits.clone();
    let origin = view.origin.map(|(_, label)| label);
    let print = url::href(
        "/print",
        &pairs
            .iter()
            .filter(|(k, _)| k != "page" && k != "view" && k != "per_page")
            .cloned()
            .collect::<Vec<_>>(),
    );
    let empty = r.hits.is_empty();
    view! {
        <div class="results-head">
            <h2 id="results-heading" aria-live="polite">
                {match lang() {
                    Lang::Ja => view! { <span class="count">{r.total.to_string()}</span>"件" }.into_any(),
                    Lang::En => view! { <span class="count">{r.total.to_string()}</span>{if r.total == 1 { " listing" } else { " listings" }} }.into_any(),
                }}
                {origin.map(|o| {
                    let from = format::origin(o.as_deref());
                    let pieces = match lang() {
                        Lang::Ja => [vec![format::words("（")], from, vec![format::words("から近い順）")]].concat(),
                        Lang::En => [vec![format::words(" (nearest to ")], from, vec![format::words(")")]].concat(),
                    };
                    view! { <span class="origin"><Pieces pieces/></span> }
                })}
            </h2>
            <a class="print-link" href=print>{tr("印刷用の一覧", "Printable list")}</a>
        </div>
        {view.conditions.is_empty().then(|| view! {
            <nav class="scene-entry" aria-label=tr("場面から探す", "Search by scene")>
                <p>{tr("場面から探す", "Search by scene")}</p>
                <ul>
                    {taxonomy::SCENES.iter().map(|sc| view! {
                        <li><a href=format!("/scenes/{}", sc.slug)>{sc.label_in(lang())}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        })}
        <ActiveConditions conditions=view.conditions pairs=pairs.clone()/>
        <NamedKinds kinds=view.kinds pairs=pairs.clone()/>
        <Notices credits/>
        {empty.then(|| view! {
            <p class="empty">{tr("条件に合う事業所が見つかりませんでした。条件を減らすか、範囲を広げてみてください。", "No listing matches. Try fewer conditions or a wider area.")}</p>
        })}
        <ol class="hits">
            {r.hits.into_iter().map(|hit| view! { <HitCard hit today/> }).collect_view()}
        </ol>
        <Pager path="/" pairs total=r.total page=r.page per_page=r.per_page/>
    }
    .into_any()
}

/// The search's conditions as chips; each link drops its condition.
#[component]
fn ActiveConditions(conditions: Vec<Condition>, pairs: Vec<(String, String)>) -> impl IntoView {
    let several = conditions.len() > 1;
    // Dropping every condition keeps what the phone shows.
    let keep: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k == "view").cloned().collect();
    (!conditions.is_empty()).then(|| {
        view! {
            <div class="active-conditions">
                <span class="label" id="active-conditions-label">{tr("条件：", "Conditions:")}</span>
                <ul aria-labelledby="active-conditions-label">
                    {conditions.into_iter().map(|c| {
                        let href = url::href("/", &url::without(&pairs, &c.key, c.value.as_deref()));
                        // Japanese: 「中央圏域を解除」 as the link's name; English: a hidden
                        // "Remove" before the label, whose data keeps its own language.
                        let label = lang().is_ja().then(|| format!("{}を解除", format::plain(&c.label)));
                        view! {
                            <li>
                                <a href=href class="chip" aria-label=label>
                                    {lang().is_en().then(|| view! { <span class="visually-hidden">"Remove "</span> })}
                                    // One flex item: the chip's gap would otherwise part a quote from its word.
                                    <span><Pieces pieces=c.label/></span><span class="x" aria-hidden="true">"×"</span>
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {several.then(|| view! { <a href=url::href("/", &keep) class="clear">{tr("すべて解除", "Clear all")}</a> })}
            </div>
        }
    })
}

fn count(map: &std::collections::BTreeMap<String, u64>, code: &str) -> u64 {
    map.get(code).copied().unwrap_or(0)
}

/// On the English site, the kinds of listing an English keyword names, each a link to the
/// search with that filter instead of the keyword (the listings' text is Japanese). Shown only
/// in English: the server names kinds for English pages alone.
#[component]
fn NamedKinds(kinds: Vec<(String, String, String)>, pairs: Vec<(String, String)>) -> impl IntoView {
    (!kinds.is_empty()).then(|| {
        let links = kinds
            .into_iter()
            .map(|(param, code, label)| {
                let mut to: Vec<(String, String)> = pairs
                    .iter()
                    .filter(|(k, _)| k != "q" && k != "page" && k != model::i18n::LANG_PARAM)
                    .cloned()
                    .collect();
                to.push((param, code));
                view! { <li><a href=url::href("/", &to)>{label}</a></li> }
            })
            .collect_view();
        view! {
            <div class="named-kinds" role="note">
                <p>"The search words are looked for in the listings' names and addresses, which are in Japanese. These kinds of listing match your words:"</p>
                <ul>{links}</ul>
            </div>
        }
    })
}

/// The filter form: every filter with its count; a plain GET form without scripts, and
/// navigation on each change with them.
#[component]
fn Filters(
    info: SiteInfo,
    res: SearchView,
    pairs: Vec<(String, String)>,
    go: Callback<Vec<(String, String)>>,
    /// Called after the form was sent (a phone folds the filters to show the list).
    on_submit: Callback<()>,
    /// Id of the control to focus once drawn again.
    refocus: StoredValue<Option<String>>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        let Some(id) = refocus.get_value() else {
            return;
        };
        refocus.set_value(None);
        let doc = document();
        let lost = doc
            .active_element()
            .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
        if lost
            && let Some(el) = doc
                .get_element_by_id(&id)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = refocus;
    let facets: Facets = res
        .response
        .as_ref()
        .map(|r| r.facets.clone())
        .unwrap_or_default();
    let has = |key: &str, value: &str| url::all(&pairs, key).contains(&value);
    let text = url::get(&pairs, "q").unwrap_or_default().to_string();
    let place = url::get(&pairs, "place").unwrap_or_default().to_string();
    let sort = url::get(&pairs, "sort").unwrap_or_default().to_string();
    let radius = url::get(&pairs, "radius_m").unwrap_or_default().to_string();
    let has_origin = res.origin.is_some();
    let bbox = url::get(&pairs, "bbox").map(str::to_string);
    // Coordinates from a map click or "near me" travel as hidden fields (a typed place wins).
    let hidden: Vec<(String, String)> = [
        "lat",
        "lng",
        "bbox",
        "view",
        "serves",
        "municipality",
        "status",
        "contact_window_at",
    ]
    .iter()
    .flat_map(|k| {
        url::all(&pairs, k)
            .into_iter()
            .map(move |v| (k.to_string(), v.to_string()))
    })
    .filter(|(k, _)| place.is_empty() || (k != "lat" && k != "lng"))
    .collect();
    let clear_point = url::href(
        "/",
        &url::with_all(
            &pairs,
            &[
                ("lat", ""),
                ("lng", ""),
                ("place", ""),
                ("radius_m", ""),
                ("sort", ""),
            ],
        ),
    );
    let clear_bbox = url::href("/", &url::with(&pairs, "bbox", ""));
    // The 日常生活圏域 with listings under the other conditions (a directory of several cities
    // does not offer another city's areas for a search elsewhere), and any chosen one.
    let areas: Vec<_> = info
        .areas
        .iter()
        .filter(|a| a.daily_life && (count(&facets.area, &a.id) > 0 || has("area", &a.id)))
        .cloned()
        .collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            refocus.set_value(
                document()
                    .active_element()
                    .map(|e| e.id())
                    .filter(|id| !id.is_empty()),
            );
            if let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            {
                go.run(form_pairs(&form));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = go;
        on_submit.run(());
    };
    let changed = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            // Text fields search on Enter; everything else at once.
            let is_text = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some_and(|i| i.type_() == "search" || i.type_() == "text");
            if !is_text
                && let Some(form) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
            {
                refocus.set_value(
                    ev.target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|e| e.id())
                        .filter(|id| !id.is_empty()),
                );
                go.run(form_pairs(&form));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    // Places continuing what is typed into 「住所・町名から」 (every real town once addresses are
    // loaded), asked for while typing.
    let suggestions = RwSignal::new(Vec::<String>::new());
    let place_example = match (lang(), info.addresses) {
        (Lang::Ja, true) => "例：枚方市伊加賀北町5-1、香里ケ丘3丁目",
        (Lang::Ja, false) => "例：本町",
        (Lang::En, true) => "e.g. 枚方市伊加賀北町5-1",
        (Lang::En, false) => "e.g. 本町",
    };
    let suggest = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let typed = event_target_value(&ev);
            if typed.chars().count() < 2 {
                suggestions.set(Vec::new());
                return;
            }
            leptos::task::spawn_local(async move {
                if let Ok(list) = crate::site::suggest_places(typed).await {
                    suggestions.set(list);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, suggestions);
    };
    let near_me = move |_| {
        #[cfg(feature = "hydrate")]
        locate_me(pairs_for_geo(&url::pairs(&window_query())), go);
    };
    view! {
        <form class="filters" id="filters-form" action="/" method="get" on:submit=submit on:change=changed>
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <div class="field search-box">
                <label for="f-q">{tr("キーワード", "Keyword (in Japanese)")}</label>
                <div class="row">
                    <input id="f-q" name="q" type="search" value=text placeholder=tr("例：訪問看護、内科、駅前", "e.g. 訪問看護 (home nursing), 内科") lang=data_lang() autocomplete="off"/>
                    <button type="submit">{tr("検索", "Search")}</button>
                </div>
            </div>
            <fieldset class="field">
                <legend>{tr("場所から探す", "Search by place")}</legend>
                <button type="button" class="js-only secondary" on:click=near_me>{tr("現在地の近くを探す", "Search near me")}</button>
                <label for="f-place">{tr("住所・町名から", "From an address or town name (in Japanese)")}</label>
                <input id="f-place" name="place" list="f-places" value=place.clone() placeholder=place_example lang=data_lang() autocomplete="off" on:input=suggest/>
                <datalist id="f-places" lang=data_lang()>
                    {info.places.iter().map(|p| view! { <option value=p.name.clone()>{p.kana.clone()}</option> }).collect_view()}
                    {move || suggestions.get().into_iter().map(|s| view! { <option value=s></option> }).collect_view()}
                </datalist>
                <p class="hint">{tr("地図の「地点を選ぶ」で、クリックした場所の近くも探せます。", "With \"Pick a point\" on the map you can also search near any place you click.")}</p>
                {has_origin.then(|| view! {
                    <label for="f-radius">{tr("距離", "Distance")}</label>
                    <select id="f-radius" name="radius_m">
                        {RADII.iter().map(|(v, l)| view! { <option value=*v selected=radius == *v>{if l.is_empty() { tr("指定なし", "Any distance") } else { *l }}</option> }).collect_view()}
                    </select>
                    <a class="clear" href=clear_point.clone()>{tr("地点の指定を解除", "Clear the point")}</a>
                })}
                {bbox.map(|_| view! { <p class="hint">{tr("地図の表示範囲で絞り込んでいます。", "Showing only the map's visible area.")}<a class="clear" href=clear_bbox.clone()>{tr("解除", "Clear")}</a></p> })}
            </fieldset>
            <fieldset class="field">
                <legend>{tr("場面から選ぶ", "Scenes")}</legend>
                <ul class="choices">
                    {taxonomy::SCENES.iter().map(|sc| {
                        let id = format!("f-scene-{}", sc.code);
                        view! {
                            <li>
                                <input type="checkbox" id=id.clone() name="scene" value=sc.code checked=has("scene", sc.code)/>
                                <label for=id>{sc.label_in(lang())}<span class="n">{count(&facets.scene, sc.code).to_string()}</span></label>
                                <a href=format!("/scenes/{}", sc.slug) class="area-link" aria-label=match lang() { Lang::Ja => format!("{}の説明", sc.label), Lang::En => format!("About {}", sc.label_in(Lang::En)) }>{tr("説明", "About")}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </fieldset>
            {(!areas.is_empty()).then(|| view! {
                <fieldset class="field">
                    <legend>{tr("日常生活圏域", "Daily-life areas")}</legend>
                    <ul class="choices">
                        {areas.iter().map(|a| {
                            let id = format!("f-area-{}", a.id);
                            view! {
                                <li>
                                    <input type="checkbox" id=id.clone() name="area" value=a.id.clone() checked=has("area", &a.id)/>
                                    <label for=id><span lang=data_lang()>{a.name.clone()}</span><span class="n">{count(&facets.area, &a.id).to_string()}</span></label>
                                    <a href=format!("/areas/{}", a.id) class="area-link" aria-label=format!("{}{}", a.name, tr("の詳細", " – details")) lang=data_lang()>{tr("詳細", "Details")}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </fieldset>
            })}
            <fieldset class="field">
                <legend>{tr("種類", "Kinds")}</legend>
                {taxonomy::CATEGORIES.iter().map(|c| {
                    let services: Vec<_> = taxonomy::SERVICE_TYPES.iter()
                        .filter(|s| s.category == c.code && (count(&facets.service, s.code) > 0 || has("service", s.code)))
                        .collect();
                    let n = count(&facets.category, c.code);
                    let cid = format!("f-cat-{}", c.code);
                    let open = has("category", c.code) || services.iter().any(|s| has("service", s.code));
                    (n > 0 || open).then(|| view! {
                        <div class=format!("category cat-{}", c.code)>
                            <div class="category-head">
                                <input type="checkbox" id=cid.clone() name="category" value=c.code checked=has("category", c.code)/>
                                <label for=cid>{c.label_in(lang())}<span class="n">{n.to_string()}</span></label>
                            </div>
                            <details open=open>
                                <summary>{match lang() { Lang::Ja => format!("{}の種類から選ぶ", c.label), Lang::En => format!("Choose among {}", c.label_in(Lang::En).to_ascii_lowercase()) }}</summary>
                                <ul class="choices">
                                    {services.into_iter().map(|s| {
                                        let sid = format!("f-svc-{}", s.code);
                                        view! {
                                            <li>
                                                <input type="checkbox" id=sid.clone() name="service" value=s.code checked=has("service", s.code) aria-describedby=format!("{sid}-d")/>
                                                <label for=sid.clone()>{s.label_in(lang())}<span class="n">{count(&facets.service, s.code).to_string()}</span></label>
                                                <p class="explain" id=format!("{sid}-d")>{s.description_in(lang())}</p>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </details>
                        </div>
                    })
                }).collect_view()}
            </fieldset>
            <fieldset class="field">
                <legend>{tr("できること", "What they offer")}</legend>
                {capability_groups().into_iter().map(|(group, caps)| {
                    let shown: Vec<_> = caps.into_iter()
                        .filter(|c| count(&facets.capability, c.code) > 0 || has("capability", c.code))
                        .collect();
                    (!shown.is_empty()).then(|| view! {
                        <p class="cap-group">{taxonomy::group_label(group, lang())}{(group == "指定・届出").then(|| view! { <span class="hint">{tr("（厚生局への届出など、公的な情報による）", " (from official records such as registrations with the regional health bureau)")}</span> })}</p>
                        <ul class="choices caps-choices">
                            {shown.into_iter().map(|c| {
                                let id = format!("f-cap-{}", c.code);
                                view! {
                                    <li>
                                        <input type="checkbox" id=id.clone() name="capability" value=c.code checked=has("capability", c.code)/>
                                        <label for=id>{c.label_in(lang())}<span class="n">{count(&facets.capability, c.code).to_string()}</span></label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    })
                }).collect_view()}
            </fieldset>
            <fieldset class="field">
                <legend>{tr("今の状況", "Right now")}</legend>
                <ul class="choices">
                    <li>
                        <input type="checkbox" id="f-open" name="open_at" value="now" checked=url::get(&pairs, "open_at").is_some()/>
                        <label for="f-open">{tr("今の時間に開いている", "Open now")}</label>
                    </li>
                    <li>
                        <input type="checkbox" id="f-accepting" name="accepting" value="true" checked=url::get(&pairs, "accepting") == Some("true")/>
                        <label for="f-accepting">{tr("新しい利用者を受け入れている", "Accepting new users")}</label>
                    </li>
                </ul>
            </fieldset>
            <div class="field">
                <label for="f-sort">{tr("並び順", "Order")}</label>
                <select id="f-sort" name="sort">
                    <option value="" selected=sort.is_empty()>{tr("おすすめ順", "Best match")}</option>
                    <option value="name" selected=sort == "name">{tr("名前（五十音）順", "Name (Japanese order)")}</option>
                    {has_origin.then(|| view! { <option value="distance" selected=sort == "distance">{tr("近い順", "Nearest first")}</option> })}
                </select>
            </div>
            <div class="actions">
                <button type="submit">{tr("この条件で検索", "Search with these conditions")}</button>
                <a href="/" class="clear">{tr("条件をすべて解除", "Clear all conditions")}</a>
            </div>
            <p class="facet-note">{tr("数字は、ほかの条件に合う件数です。", "Numbers are how many listings match the other conditions.")}</p>
        </form>
    }
}

/// The taxonomy's capabilities by group, in display order.
pub(crate) fn capability_groups() -> Vec<(&'static str, Vec<&'static taxonomy::CapabilityDef>)> {
    let mut out: Vec<(&'static str, Vec<&'static taxonomy::CapabilityDef>)> = Vec::new();
    for c in taxonomy::CAPABILITIES {
        match out.iter_mut().find(|(g, _)| *g == c.group) {
            Some((_, v)) => v.push(c),
            None => out.push((c.group, vec![c])),
        }
    }
    out
}

/// The form's fields as URL pairs (what a GET submission would send).
#[cfg(feature = "hydrate")]
fn form_pairs(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
        return Vec::new();
    };
    url::pairs(&String::from(params.to_string()))
}

#[cfg(feature = "hydrate")]
fn window_query() -> String {
    leptos::prelude::window()
        .location()
        .search()
        .unwrap_or_default()
}

/// The current pairs without a typed place (the position replaces it).
#[cfg(feature = "hydrate")]
fn pairs_for_geo(p: &[(String, String)]) -> Vec<(String, String)> {
    url::with(p, "place", "")
}

/// Asks the browser for the visitor's position and searches near it.
#[cfg(feature = "hydrate")]
fn locate_me(pairs: Vec<(String, String)>, go: Callback<Vec<(String, String)>>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    let Ok(geo) = leptos::prelude::window().navigator().geolocation() else {
        return;
    };
    let ok = Closure::once(move |pos: web_sys::Position| {
        let c = pos.coords();
        let r = |v: f64| ((v * 1e5).round() / 1e5).to_string();
        go.run(url::with_all(
            &pairs,
            &[
                ("lat", &r(c.latitude())),
                ("lng", &r(c.longitude())),
                ("sort", "distance"),
            ],
        ));
    });
    let err = Closure::once(move |_e: web_sys::PositionError| {
        let _ = leptos::prelude::window().alert_with_message(
            tr("現在地を取得できませんでした。住所・町名を入力するか、地図の「地点を選ぶ」で場所を指定してください。", "Your position could not be found. Type an address or town name, or use \"Pick a point\" on the map."),
        );
    });
    let _ = geo.get_current_position_with_error_callback(
        ok.as_ref().unchecked_ref(),
        Some(err.as_ref().unchecked_ref()),
    );
    ok.forget();
    err.forget();
}
