//! The four scenes (4つの場面) for residents and families: `/scenes` lists them, and
//! `/scenes/{slug}` explains one in plain Japanese and offers its search — the search page
//! itself with `scene=` (the same filters, map and print), each kind of listing it offers, and
//! its listings per 日常生活圏域.

use super::Notices;
use crate::codec::resource;
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::site::get_scene;
use crate::url;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::taxonomy;

/// `/scenes`: the four scenes.
#[component]
pub fn ScenesPage() -> impl IntoView {
    view! {
        <Title text=tr("4つの場面から探す", "Search by the four scenes")/>
        <article class="page scenes">
            <nav class="crumbs" aria-label=tr("現在地", "You are here")><A href="/">{tr("探す", "Search")}</A>" › "<span>{tr("4つの場面", "Four scenes")}</span></nav>
            <h1>{tr("4つの場面から探す", "Search by the four scenes")}</h1>
            <p class="lead">{tr("在宅での療養には、4つの場面があります。場面ごとに、頼れる医療・介護の相談先を探せます。", "Care at home goes through four scenes. For each, find the medical and care services you can turn to.")}</p>
            <ul class="scene-cards">
                {taxonomy::SCENES.iter().map(|s| view! {
                    <li>
                        <h2><a href=format!("/scenes/{}", s.slug)>{s.label_in(lang())}</a></h2>
                        <p>{s.explanation_in(lang())}</p>
                    </li>
                }).collect_view()}
            </ul>
        </article>
    }
}

/// 「12件」 / "12".
fn count(n: u64) -> String {
    match lang() {
        Lang::Ja => format!("{n}件"),
        Lang::En => n.to_string(),
    }
}

/// `/scenes/{slug}`: one scene.
#[component]
pub fn ScenePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let page = resource(move || slug.get(), get_scene);
    view! {
        <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(s)) => {
                        let search = url::href("/", &[("scene".to_string(), s.code.clone())]);
                        let print = url::href("/print", &[("scene".to_string(), s.code.clone()), ("sort".to_string(), "name".to_string())]);
                        let code = s.code.clone();
                        let others: Vec<_> = taxonomy::SCENES.iter().filter(|x| x.code != code).collect();
                        view! {
                            <Title text=s.label.clone()/>
                            <article class="page scene">
                                <nav class="crumbs" aria-label=tr("現在地", "You are here")>
                                    <A href="/">{tr("探す", "Search")}</A>" › "<A href="/scenes">{tr("4つの場面", "Four scenes")}</A>" › "<span>{s.label.clone()}</span>
                                </nav>
                                <h1>{s.label.clone()}</h1>
                                <p class="lead">{s.explanation.clone()}</p>
                                <p class="scene-actions">
                                    <a class="primary-link" href=search>{match lang() {
                                        Lang::Ja => format!("この場面の相談先を地図と一覧で探す（{}件）", s.total),
                                        Lang::En => format!("Find them on the map and in the list ({})", s.total),
                                    }}</a>
                                    <a href=print>{tr("印刷用の一覧", "Printable list")}</a>
                                </p>
                                <section aria-labelledby="scene-kinds">
                                    <h2 id="scene-kinds">{tr("この場面で頼れるところ", "Where to turn in this scene")}</h2>
                                    <ul class="scene-kinds">
                                        {s.rules.into_iter().map(|(label, href, n)| view! {
                                            <li><a href=href>{label}</a><span class="n">{count(n)}</span></li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                                {(!s.areas.is_empty()).then(|| view! {
                                    <section aria-labelledby="scene-areas">
                                        <h2 id="scene-areas">{tr("日常生活圏域から探す", "Search by daily-life area")}</h2>
                                        <ul class="scene-areas">
                                            {s.areas.into_iter().map(|(id, name, n)| {
                                                let href = url::href("/", &[("scene".to_string(), code.clone()), ("area".to_string(), id)]);
                                                view! { <li><a href=href lang=data_lang()>{name}</a><span class="n">{count(n)}</span></li> }
                                            }).collect_view()}
                                        </ul>
                                    </section>
                                })}
                                <Notices credits=s.credits.clone()/>
                                <nav class="other-scenes" aria-label=tr("ほかの場面", "Other scenes")>
                                    <h2>{tr("ほかの場面", "Other scenes")}</h2>
                                    <ul>
                                        {others.into_iter().map(|x| view! { <li><a href=format!("/scenes/{}", x.slug)>{x.label_in(lang())}</a></li> }).collect_view()}
                                    </ul>
                                </nav>
                            </article>
                        }.into_any()
                    }
                    Ok(None) => {
                        super::set_not_found();
                        view! {
                            <Title text=tr("見つかりません", "Not found")/>
                            <section class="page narrow"><h1>{tr("この場面は見つかりません", "This scene was not found")}</h1><p><A href="/scenes">{tr("4つの場面から探す", "Search by the four scenes")}</A></p></section>
                        }.into_any()
                    }
                    Err(_) => view! { <p class="error" role="alert">{tr("読み込めませんでした。", "Could not load the page.")}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
