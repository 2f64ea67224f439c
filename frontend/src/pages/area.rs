//! An area's page (`/areas/{id}`): the 日常生活圏域's outline, its counts by category and its
//! listings.

use super::search::use_query_string;
use super::{HitCard, Notices, Pager};
use crate::codec::resource;
use crate::format;
use crate::i18n::{data_lang, lang, tr};
use crate::map::{MapContent, MapSpec, page_map};
use crate::site::{get_area, get_site_info, search};
use crate::url;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AreaPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let query = use_query_string();
    // The area's listings: the page's own parameters (paging) plus the area, by name.
    let search_query = Memo::new(move |_| {
        let mut p: Vec<(String, String)> = url::pairs(&query.get())
            .into_iter()
            .filter(|(k, _)| k == "page" || k == "category")
            .collect();
        p.push(("area".into(), id.get()));
        p.push(("sort".into(), "name".into()));
        p.push(("per_page".into(), "50".into()));
        url::encode(&p)
    });
    let page = resource(move || id.get(), get_area);
    let results = resource(move || search_query.get(), search);
    let info = resource(|| (), |_| get_site_info());
    // The map shows the area and the markers of its listings (fetched by the browser).
    let map = move |tiles| MapSpec {
        tiles,
        content: MapContent {
            selected_areas: vec![id.get_untracked()],
            only_areas: Some(vec![id.get_untracked()]),
            ..MapContent::default()
        },
        points_of: Some(search_query.get_untracked()),
    };
    view! {
        <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let tiles = info.await.ok().map(|i| i.tiles);
                let res = results.await;
                match page.await {
                    Ok(Some(a)) => {
                        let name = a.area.name.clone();
                        let own = url::pairs(&query.get_untracked());
                        let (list, counts, credits, pager, today) = match res {
                            Ok(v) => {
                                let today = v.today;
                                match v.response {
                                    Some(r) => {
                                        let credits = v.credits.clone();
                                        let counts: Vec<(String, u64)> = r.facets.category.iter().map(|(c, n)| (format::category(c).to_string(), *n)).collect();
                                        let pager = view! { <Pager path=format!("/areas/{}", id.get_untracked()) pairs=own.clone() total=r.total page=r.page per_page=r.per_page/> };
                                        (r.hits, counts, credits, Some(pager), today)
                                    }
                                    None => (Vec::new(), Vec::new(), Vec::new(), None, today),
                                }
                            }
                            Err(_) => (Vec::new(), Vec::new(), Vec::new(), None, chrono::NaiveDate::default()),
                        };
                        let total: u64 = counts.iter().map(|(_, n)| n).sum();
                        let print = url::href("/print", &[("area".to_string(), a.area.id.clone()), ("sort".to_string(), "name".to_string())]);
                        let search_link = url::href("/", &[("area".to_string(), a.area.id.clone())]);
                        view! {
                            <Title text=name.clone()/>
                            <article class="page area">
                                <nav class="crumbs" aria-label=tr("現在地", "You are here")><A href="/">{tr("探す", "Search")}</A>" › "<span lang=data_lang()>{name.clone()}</span></nav>
                                <h1><span lang=data_lang()>{name.clone()}</span><span class="kind">{a.area.kind.label_in(lang())}</span></h1>
                                {a.description.clone().map(|d| view! { <p lang=data_lang()>{d}</p> })}
                                <Notices credits/>
                                <div class="area-grid">
                                    <section>
                                        <h2>{tr("種類ごとの件数", "Listings by kind")}</h2>
                                        <table class="counts">
                                            <tbody>
                                                {counts.into_iter().map(|(l, n)| view! { <tr><th scope="row">{l}</th><td>{n.to_string()}</td></tr> }).collect_view()}
                                                <tr class="sum"><th scope="row">{tr("合計", "Total")}</th><td>{total.to_string()}</td></tr>
                                            </tbody>
                                        </table>
                                        <p><a href=search_link>{tr("この圏域で条件を指定して探す", "Search this area with more conditions")}</a>{tr(" ・ ", " · ")}<a href=print>{tr("印刷用の一覧", "Printable list")}</a></p>
                                    </section>
                                    <section class="area-map">
                                        {tiles.map(|t| page_map(&map(t), ""))}
                                    </section>
                                </div>
                                <h2>{tr("事業所の一覧（五十音順）", "Listings (in Japanese syllabary order)")}</h2>
                                <ol class="hits">
                                    {list.into_iter().map(|hit| view! { <HitCard hit today/> }).collect_view()}
                                </ol>
                                {pager}
                            </article>
                        }.into_any()
                    }
                    Ok(None) => view! {
                        <Title text=tr("見つかりません", "Not found")/>
                        <section class="page narrow"><h1>{tr("この圏域は見つかりません", "This area was not found")}</h1><p><A href="/">{tr("地図と一覧で探す", "Search on the map and in the list")}</A></p></section>
                    }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{tr("読み込めませんでした。", "Could not load the page.")}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
