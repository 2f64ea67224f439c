//! The HTML shell, the router and the frame every page shares (header, notices, footer).
//!
//! All of it is rendered by the server only: the browser hydrates just the islands inside the
//! pages (leptos' islands mode, `HydrationScripts islands=true`), so following a link to
//! another page loads that page from the server.

use crate::codec::resource;
use crate::pages::{
    area::AreaPage, boards::AcceptanceBoard, boards::ContactBoard, embed::EmbedPage,
    facility::FacilityPage, planning::PlanningPage, print::PrintPage, scenes::ScenePage,
    scenes::ScenesPage, search::SearchPage,
};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, MetaTags, Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The document around the app (rendered on the server only). `version` is the site build's
/// version, put on every asset URL so that browsers may keep the files for good (the server
/// marks such URLs immutable; empty when the site was not built).
pub fn shell(options: LeptosOptions, version: std::sync::Arc<str>) -> impl IntoView {
    let asset = move |path: &str| {
        if version.is_empty() {
            format!("/assets/{path}")
        } else {
            format!("/assets/{path}?v={version}")
        }
    };
    view! {
        <!DOCTYPE html>
        <html lang="ja">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href=asset("vendor/leaflet/leaflet.css")/>
                <link rel="stylesheet" href=asset("vendor/leaflet.markercluster/MarkerCluster.css")/>
                <link rel="stylesheet" href=asset("vendor/leaflet.markercluster/MarkerCluster.Default.css")/>
                <link rel="stylesheet" href=asset("caremap.css")/>
                <script src=asset("vendor/leaflet/leaflet.js") defer></script>
                <script src=asset("vendor/leaflet.markercluster/leaflet.markercluster.js") defer></script>
                <script src=asset("caremap-map.js") defer></script>
                <script src=asset("caremap-prefs.js")></script>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The site: routes and the shared frame.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|t: String| if t.is_empty() { "医療・介護資源マップ".to_string() } else { format!("{t}｜医療・介護資源マップ") }/>
        <Meta name="description" content="在宅医療・介護の相談先（診療所、訪問看護、薬局、ケアマネジャー、介護サービス）を地図と一覧で探せます。"/>
        <Link rel="icon" href="/assets/favicon.svg" type_="image/svg+xml"/>
        <Router>
            <Frame/>
        </Router>
    }
}

/// The site's frame (skip link, header, footer) around the routes; the embeddable widget
/// (`/embed`, a frame on another site) gets none of it.
#[component]
fn Frame() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let routes = view! {
        // Pages render whole on the server (no streamed fragments), so they read
        // completely without scripts and can answer 404.
        <Routes fallback=NotFound>
            <Route path=path!("/") view=SearchPage ssr=SsrMode::Async/>
            <Route path=path!("/facilities/:id") view=FacilityPage ssr=SsrMode::Async/>
            <Route path=path!("/areas/:id") view=AreaPage ssr=SsrMode::Async/>
            <Route path=path!("/print") view=PrintPage ssr=SsrMode::Async/>
            <Route path=path!("/planning") view=PlanningPage ssr=SsrMode::Async/>
            <Route path=path!("/scenes") view=ScenesPage ssr=SsrMode::Async/>
            <Route path=path!("/scenes/:slug") view=ScenePage ssr=SsrMode::Async/>
            <Route path=path!("/embed") view=EmbedPage ssr=SsrMode::Async/>
            <Route path=path!("/care-managers/contact-times") view=ContactBoard ssr=SsrMode::Async/>
            <Route path=path!("/care-managers/acceptance") view=AcceptanceBoard ssr=SsrMode::Async/>
        </Routes>
    };
    if path == crate::pages::embed::EMBED_PATH {
        return view! { <main id="main" class="embed">{routes}</main> }.into_any();
    }
    view! {
        <a class="skip-link" href="#main">"本文へ移動"</a>
        <Header/>
        <main id="main" tabindex="-1">{routes}</main>
        <Footer/>
    }
    .into_any()
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"+"</span>
                <span>"医療・介護資源マップ"</span>
            </A>
            <nav aria-label="サイト内のページ">
                <ul>
                    <li><A href="/">"探す"</A></li>
                    <li><A href="/scenes">"4つの場面"</A></li>
                    <li><A href="/care-managers/contact-times">"ケアマネタイム"</A></li>
                    <li><A href="/care-managers/acceptance">"受け入れ状況"</A></li>
                    <li><A href="/planning">"圏域の状況"</A></li>
                </ul>
            </nav>
            <button type="button" class="text-size js-only" data-text-size-toggle="" aria-pressed="false">
                "文字を大きく"
            </button>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let info = resource(|| (), |_| crate::site::get_site_info());
    view! {
        <footer class="site-footer">
            <p>
                "掲載内容は変わることがあります。利用の前に各事業所へお電話でご確認ください。"
                "情報の誤りに気づいたときは、市町村の在宅医療・介護連携の担当窓口へお知らせください。"
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let sources: Vec<_> = info.await.map(|i| i.sources).unwrap_or_default()
                        .into_iter().filter(|s| !s.fictional).collect();
                    (!sources.is_empty()).then(|| view! {
                        <section class="credits" aria-label="出典">
                            <h2>"出典"</h2>
                            <ul>
                                {sources.into_iter().map(|s| view! { <li>{s.credit}</li> }).collect_view()}
                            </ul>
                        </section>
                    })
                })}
            </Suspense>
            <p class="small">
                <a href="/api/v1/openapi.json">"データの利用（API）"</a>
            </p>
        </footer>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    crate::pages::set_not_found();
    view! {
        <Title text="ページが見つかりません"/>
        <section class="page narrow">
            <h1>"ページが見つかりません"</h1>
            <p>"アドレスが変わったか、掲載が終了した可能性があります。"</p>
            <p><A href="/">"地図と一覧で探す"</A></p>
        </section>
    }
}
