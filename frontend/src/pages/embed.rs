//! The embeddable widget (`/embed?…`): a compact search — a keyword box, the first results and
//! their map — for a frame on a city's or a 医師会's site. Its URL presets the search (any search
//! parameter: `area`, `category`, `service`, `capability`, `scene`, `municipality`, …); the
//! keyword box keeps the preset. Public listings only, whoever looks; every listing and the
//! "more" link open the full site in a new tab. The only page other sites may frame
//! (`server/src/headers.rs`); the snippet for it comes from `/admin/embed`.

use super::Notices;
use super::Pieces;
use super::search::use_query_string;
use crate::codec::resource;
use crate::format;
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::map::{MapContent, MapSpec, page_map};
use crate::site::{embed_search, get_site_info};
use crate::url;
use leptos::prelude::*;
use leptos_meta::Title;

/// The widget's path: the one page other sites may frame, drawn without the site's frame.
pub const EMBED_PATH: &str = "/embed";

/// Results per page of the widget.
pub const EMBED_PER_PAGE: u32 = 10;

/// The widget's search: its URL's parameters, ten to a page.
fn embed_query(query: &str) -> String {
    let mut p: Vec<(String, String)> = url::pairs(query)
        .into_iter()
        .filter(|(k, _)| k != "per_page" && k != "view")
        .collect();
    p.push(("per_page".into(), EMBED_PER_PAGE.to_string()));
    url::encode(&p)
}

#[component]
pub fn EmbedPage() -> impl IntoView {
    let query = use_query_string();
    let results = resource(move || embed_query(&query.get()), embed_search);
    let info = resource(|| (), |_| get_site_info());
    view! {
        <Title text=tr("地図と一覧で探す", "Search on the map and in the list")/>
        <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let pairs = url::pairs(&query.get_untracked());
                let tiles = info.await.ok().map(|i| i.tiles);
                let v = match results.await {
                    Ok(v) => v,
                    Err(_) => return view! { <p class="error" role="alert">{tr("読み込めませんでした。", "Could not load the page.")}</p> }.into_any(),
                };
                // The preset: every parameter but the typed keyword and the page.
                let preset: Vec<(String, String)> = pairs
                    .iter()
                    .filter(|(k, val)| k != "q" && k != "page" && k != "per_page" && !val.trim().is_empty())
                    .cloned()
                    .collect();
                let typed = url::get(&pairs, "q").unwrap_or_default().to_string();
                let search_pairs: Vec<(String, String)> = pairs
                    .iter()
                    .filter(|(k, _)| k != "page" && k != "per_page")
                    .cloned()
                    .collect();
                let full = url::href("/", &search_pairs);
                let mut conditions: Vec<format::Piece> = Vec::new();
                for (i, c) in v.conditions.iter().enumerate() {
                    if i > 0 {
                        conditions.push(format::words(tr("・", "; ")));
                    }
                    conditions.extend(c.label.iter().cloned());
                }
                let map = tiles.map(|t| {
                    page_map(
                        &MapSpec {
                            tiles: t,
                            content: MapContent::default(),
                            points_of: Some(url::encode(&search_pairs)),
                        },
                        "",
                    )
                });
                let credits = v.credits.clone();
                let body = match v.response {
                    None => view! { <p class="error" role="alert"><Pieces pieces=crate::format::quoted(&v.error.unwrap_or_default())/></p> }.into_any(),
                    Some(r) => {
                        let pages = r.total.div_ceil(u64::from(r.per_page.max(1))).max(1);
                        let page_link = |p: u64| url::href(EMBED_PATH, &url::with(&pairs, "page", &p.to_string()));
                        let prev = (r.page > 1).then(|| page_link(u64::from(r.page) - 1));
                        let next = (u64::from(r.page) < pages).then(|| page_link(u64::from(r.page) + 1));
                        view! {
                            <p class="embed-count"><strong>{r.total.to_string()}</strong>{tr("件", " listings")}
                                {(!conditions.is_empty()).then(|| view! { <span class="small">{tr("（", " (")}<Pieces pieces=conditions/>{tr("）", ")")}</span> })}
                            </p>
                            <ol class="embed-hits">
                                {r.hits.into_iter().map(|h| {
                                    let services = h.services.iter().map(|s| format::service(s).to_string()).collect::<Vec<_>>().join(tr("・", ", "));
                                    let tel = h.phone.clone().map(|p| (format::tel_href(&p), p));
                                    view! {
                                        <li>
                                            <a href=format!("/facilities/{}", h.id.as_str()) target="_blank" rel="noopener" lang=data_lang()>{h.name.clone()}</a>
                                            <span class="small">{services}</span>
                                            <span class="small" lang=data_lang()>{h.address.clone()}</span>
                                            {tel.map(|(href, p)| view! { <span class="small">{tr("電話 ", "Phone ")}<a href=href>{p}</a></span> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                            <nav class="pager" aria-label=tr("ページ", "Pages")>
                                {prev.map(|h| view! { <a href=h rel="prev">{tr("← 前へ", "← Previous")}</a> })}
                                <span>{match lang() {
                                    Lang::Ja => format!("{} / {pages} ページ", r.page),
                                    Lang::En => format!("Page {} of {pages}", r.page),
                                }}</span>
                                {next.map(|h| view! { <a href=h rel="next">{tr("次へ →", "Next →")}</a> })}
                            </nav>
                            <p><a class="embed-more" href=full.clone() target="_blank" rel="noopener">{match lang() {
                                Lang::Ja => format!("地図と一覧で詳しく探す（全{}件）", r.total),
                                Lang::En => format!("See all {} on the full map and list", r.total),
                            }}</a></p>
                        }.into_any()
                    }
                };
                view! {
                    <div class="embed-widget">
                        <header class="embed-head">
                            <a class="embed-brand" href=full target="_blank" rel="noopener">{crate::i18n::site_name()}</a>
                            <form class="embed-form" method="get" action=EMBED_PATH role="search">
                                {preset.into_iter().map(|(k, val)| view! { <input type="hidden" name=k value=val/> }).collect_view()}
                                <label for="e-q" class="visually-hidden">{tr("キーワード", "Keyword (in Japanese)")}</label>
                                <input id="e-q" name="q" type="search" value=typed placeholder=tr("例：訪問看護、内科", "e.g. 訪問看護, 内科") lang=data_lang()/>
                                <button type="submit">{tr("検索", "Search")}</button>
                            </form>
                        </header>
                        <div class="embed-body">
                            <section class="embed-list" aria-label=tr("検索結果", "Results")>{body}</section>
                            <section class="embed-map" aria-label=tr("地図", "Map")>{map}</section>
                        </div>
                        <Notices credits/>
                    </div>
                }.into_any()
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::embed_query;

    #[test]
    fn the_widget_shows_ten_to_a_page_whatever_its_url_asks() {
        assert_eq!(
            embed_query("scene=emergency&per_page=200&view=map"),
            "scene=emergency&per_page=10"
        );
    }
}
