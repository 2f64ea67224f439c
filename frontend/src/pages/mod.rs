//! The pages, and the pieces several of them show (a result card, notices, paging).

pub mod area;
pub mod boards;
pub mod embed;
pub mod facility;
pub mod planning;
pub mod print;
pub mod scenes;
pub mod search;

use crate::format;
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::url;
use chrono::NaiveDate;
use leptos::prelude::*;
use model::search::SearchHit;
use model::sources::DataSource;

/// A line of interface words and data pieces ([`format::Piece`]); on an English page the data
/// pieces are marked Japanese.
#[component]
pub fn Pieces(pieces: Vec<format::Piece>) -> impl IntoView {
    let data_lang = crate::i18n::data_lang();
    pieces
        .into_iter()
        .map(|p| {
            if p.data && data_lang.is_some() {
                view! { <span lang=data_lang>{p.text}</span> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}

/// Marks the server's answer as 404 (pages that find nothing to show; no-op in the browser).
pub fn set_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_actix::ResponseOptions>() {
        r.set_status(actix_web::http::StatusCode::NOT_FOUND);
    }
}

/// One listing in a result list.
#[component]
pub fn HitCard(hit: SearchHit, today: NaiveDate) -> impl IntoView {
    let href = format!("/facilities/{}", hit.id.as_str());
    let services = hit
        .services
        .iter()
        .map(|s| format::service(s).to_string())
        .collect::<Vec<_>>()
        .join(tr("・", ", "));
    let (acceptance, modifier) = format::acceptance(hit.accepting, hit.accepting_as_of, today);
    let show_acceptance = hit.accepting.is_some();
    let caps: Vec<String> = hit
        .capabilities
        .iter()
        .map(|c| format::capability(c).to_string())
        .collect();
    let tel = hit.phone.clone().map(|p| (format::tel_href(&p), p));
    view! {
        <li class=format!("hit cat-{}", hit.category) data-id=hit.id.0.clone()>
            <div class="hit-head">
                <span class="cat-badge">{format::category(&hit.category).to_string()}</span>
                <h3 lang=data_lang()><a href=href>{hit.name.clone()}</a></h3>
                {hit.kana.clone().map(|k| view! { <span class="kana" lang=data_lang()>{k}</span> })}
            </div>
            <p class="services">{services}</p>
            {(!caps.is_empty()).then(|| view! {
                <ul class="caps" aria-label=tr("対応していること", "What they offer")>
                    {caps.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                </ul>
            })}
            <dl class="facts">
                <div><dt>{tr("住所", "Address")}</dt><dd lang=data_lang()>{hit.address.clone()}</dd></div>
                {tel.map(|(href, p)| view! { <div><dt>{tr("電話", "Phone")}</dt><dd><a href=href>{p}</a></dd></div> })}
                {hit.distance_m.map(|d| view! {
                    <div><dt>{tr("距離", "Distance")}</dt><dd>{format::about_distance(d)}{hit.location_approximate.then_some(tr("（位置は住所からの推定）", " (position estimated from the address)"))}</dd></div>
                })}
                {hit.open_now.map(|o| view! {
                    <div><dt>{tr("今", "Now")}</dt><dd class=if o { "open" } else { "closed" }>{if o { tr("営業中", "Open") } else { tr("時間外", "Closed") }}</dd></div>
                })}
                {show_acceptance.then(|| view! {
                    <div><dt>{tr("受け入れ", "Acceptance")}</dt><dd class=format!("accept accept-{modifier}")>{acceptance}</dd></div>
                })}
                {hit.verified_at.map(|d| view! { <div><dt>{tr("最終確認日", "Last confirmed")}</dt><dd>{format::date(d)}</dd></div> })}
            </dl>
        </li>
    }
}

/// The notices a list of listings must carry: the fictional sample, and the credit line of every
/// source the listings come from.
#[component]
pub fn Notices(credits: Vec<DataSource>) -> impl IntoView {
    let sample = credits.iter().any(|s| s.fictional);
    let lines: Vec<String> = credits
        .into_iter()
        .filter(|s| !s.fictional)
        .map(|s| s.credit)
        .collect();
    view! {
        {sample.then(|| view! {
            <p class="notice notice-sample" role="note">
                <strong>{tr("サンプルデータ（架空）", "Sample data (fictional)")}</strong>
                {tr(
                    "：さくら野市は架空の自治体です。表示している事業所・電話番号などはすべて架空のもので、実在しません。",
                    ": Sakurano City is a fictional municipality. Every provider, phone number and other detail shown is made up and does not exist.",
                )}
            </p>
        })}
        {(!lines.is_empty()).then(|| view! {
            <div class="notice notice-attribution" role="note" lang=data_lang()>
                {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            </div>
        })}
    }
}

/// Previous / next links and the position in the result.
#[component]
pub fn Pager(
    #[prop(into)] path: String,
    pairs: Vec<(String, String)>,
    total: u64,
    page: u32,
    per_page: u32,
) -> impl IntoView {
    let pages = total.div_ceil(u64::from(per_page.max(1))).max(1);
    let link = |p: u64| {
        let mut v: Vec<(String, String)> =
            pairs.iter().filter(|(k, _)| k != "page").cloned().collect();
        if p > 1 {
            v.push(("page".into(), p.to_string()));
        }
        url::href(&path, &v)
    };
    let prev = (u64::from(page) > 1).then(|| link(u64::from(page) - 1));
    let next = (u64::from(page) < pages).then(|| link(u64::from(page) + 1));
    view! {
        <nav class="pager" aria-label=tr("ページ", "Pages")>
            {prev.map(|h| view! { <a href=h rel="prev">{tr("← 前へ", "← Previous")}</a> })}
            <span>{match lang() {
                Lang::Ja => format!("{page} / {pages} ページ"),
                Lang::En => format!("Page {page} of {pages}"),
            }}</span>
            {next.map(|h| view! { <a href=h rel="next">{tr("次へ →", "Next →")}</a> })}
        </nav>
    }
}
