//! The HTML shell, the router and the frame every page shares (header, notices, footer).
//!
//! All of it is rendered by the server only: the browser hydrates just the islands inside the
//! pages (leptos' islands mode, `HydrationScripts islands=true`), so following a link to
//! another page loads that page from the server.

use crate::codec::resource;
use crate::i18n::{data_lang, lang, site_name, tr};
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
    let lang = crate::i18n::lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
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
    let site = site_name();
    view! {
        <Title formatter=move |t: String| if t.is_empty() { site.to_string() } else { format!("{t}{}{site}", tr("｜", " | ")) }/>
        <Meta name="description" content=tr(
            "在宅医療・介護の相談先（診療所、訪問看護、薬局、ケアマネジャー、介護サービス）を地図と一覧で探せます。",
            "Find where to turn for medical and long-term care at home (clinics, home-visit nursing, pharmacies, care managers, care services) on a map and in a list.",
        )/>
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
        <a class="skip-link" href="#main">{tr("本文へ移動", "Skip to content")}</a>
        <Header/>
        <main id="main" tabindex="-1">{routes}</main>
        <Footer/>
    }
    .into_any()
}

#[component]
fn Header() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let other = lang().other();
    let switch = crate::i18n::switch_href(
        &location.pathname.get_untracked(),
        &location.search.get_untracked(),
        other,
    );
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"+"</span>
                <span>{site_name()}</span>
            </A>
            <nav aria-label=tr("サイト内のページ", "Pages of this site")>
                <ul>
                    <li><A href="/">{tr("探す", "Search")}</A></li>
                    <li><A href="/scenes">{tr("4つの場面", "Four scenes")}</A></li>
                    <li><A href="/care-managers/contact-times">{tr("ケアマネタイム", "Care-manager hours")}</A></li>
                    <li><A href="/care-managers/acceptance">{tr("受け入れ状況", "Acceptance")}</A></li>
                    <li><A href="/planning">{tr("圏域の状況", "Area coverage")}</A></li>
                </ul>
            </nav>
            // A plain link (not the router's): the other language is a new page from the server.
            <a class="lang-switch" href=switch hreflang=other.code() lang=other.code() rel="alternate">{other.name()}</a>
            <button type="button" class="text-size js-only" data-text-size-toggle="" aria-pressed="false">
                {tr("文字を大きく", "Larger text")}
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
                {tr(
                    "掲載内容は変わることがあります。利用の前に各事業所へお電話でご確認ください。\
                     情報の誤りに気づいたときは、市町村の在宅医療・介護連携の担当窓口へお知らせください。",
                    "Listings can change: please call a provider to confirm before you use it. \
                     If you notice a mistake, please tell your municipality's office for home medical and long-term care coordination.",
                )}
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let sources: Vec<_> = info.await.map(|i| i.sources).unwrap_or_default()
                        .into_iter().filter(|s| !s.fictional).collect();
                    (!sources.is_empty()).then(|| view! {
                        <section class="credits" aria-label=tr("出典", "Sources")>
                            <h2>{tr("出典", "Sources")}</h2>
                            <ul>
                                {sources.into_iter().map(|s| view! { <li lang=data_lang()>{s.credit}</li> }).collect_view()}
                            </ul>
                        </section>
                    })
                })}
            </Suspense>
            <p class="small">
                <a href="/api/v1/openapi.json">{tr("データの利用（API）", "Use the data (API)")}</a>
            </p>
        </footer>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    crate::pages::set_not_found();
    view! {
        <Title text=tr("ページが見つかりません", "Page not found")/>
        <section class="page narrow">
            <h1>{tr("ページが見つかりません", "Page not found")}</h1>
            <p>{tr("アドレスが変わったか、掲載が終了した可能性があります。", "The address may have changed, or the listing may have been removed.")}</p>
            <p><A href="/">{tr("地図と一覧で探す", "Search on the map and in the list")}</A></p>
        </section>
    }
}
