//! The print view (`/print?…`, the same parameters as the search): an A4 list in large type,
//! grouped by category, with phone, address and hours, and a small map; for residents without
//! the web and for the 窓口 counter.

use super::search::use_query_string;
use super::{Notices, Pieces};
use crate::codec::resource;
use crate::format;
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::map::{MapContent, MapSpec, page_map};
use crate::site::{get_site_info, print_list};
use crate::url;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn PrintPage() -> impl IntoView {
    let query = use_query_string();
    let list = resource(move || query.get(), print_list);
    let info = resource(|| (), |_| get_site_info());
    // The map shows the list's markers (fetched by the browser) and its chosen areas.
    let map = move |tiles| {
        let q = query.get_untracked();
        let selected_areas = url::all(&url::pairs(&q), "area")
            .into_iter()
            .map(str::to_string)
            .collect();
        MapSpec {
            tiles,
            content: MapContent {
                selected_areas,
                ..MapContent::default()
            },
            points_of: Some(q),
        }
    };
    let back = move || url::href("/", &url::pairs(&query.get()));
    view! {
        <Title text=tr("印刷用の一覧", "Printable list")/>
        <div class="print-tools no-print">
            <A href=back>{tr("← 検索に戻る", "← Back to the search")}</A>
            <PrintButton/>
        </div>
        <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let tiles = info.await.ok().map(|i| i.tiles);
                match list.await {
                    Ok(v) => {
                        if let Some(e) = v.error {
                            return view! { <p class="error" role="alert"><Pieces pieces=crate::format::quoted(&e)/></p> }.into_any();
                        }
                        let more = v.total > v.printed as u64;
                        let conditions: Vec<crate::format::Piece> = if v.conditions.is_empty() {
                            vec![crate::format::words(tr("すべての事業所", "All listings"))]
                        } else {
                            let mut out = Vec::new();
                            for (i, c) in v.conditions.iter().enumerate() {
                                if i > 0 {
                                    out.push(crate::format::words(tr("・", "; ")));
                                }
                                out.extend(c.label.iter().cloned());
                            }
                            out
                        };
                        let total = v.total;
                        view! {
                            <article class="print-sheet">
                                <header>
                                    <h1>{tr("医療・介護の相談先一覧", "Where to turn for medical and long-term care")}</h1>
                                    <p class="conditions">{tr("条件：", "Conditions: ")}<Pieces pieces=conditions/>{match lang() {
                                        Lang::Ja => format!("　{total}件"),
                                        Lang::En => format!(" — {total} listings"),
                                    }}</p>
                                    <p class="printed">{match lang() {
                                        Lang::Ja => format!("{}現在の掲載内容", format::date(v.today)),
                                        Lang::En => format!("Listings as of {}", format::date(v.today)),
                                    }}</p>
                                </header>
                                <Notices credits=v.credits.clone()/>
                                {more.then(|| view! { <p class="notice">{match lang() {
                                    Lang::Ja => format!("件数が多いため、最初の{}件を印刷します。条件を絞ってください。", v.printed),
                                    Lang::En => format!("There are too many to print: the first {} are printed. Please narrow the conditions.", v.printed),
                                }}</p> })}
                                <div class="print-map">
                                    {tiles.map(|t| page_map(&map(t), "small"))}
                                </div>
                                {v.groups.into_iter().map(|(label, rows)| view! {
                                    <section class="print-group">
                                        <h2>{match lang() {
                                            Lang::Ja => format!("{label}（{}件）", rows.len()),
                                            Lang::En => format!("{label} ({})", rows.len()),
                                        }}</h2>
                                        <table class="print-table">
                                            <thead><tr><th scope="col">{tr("名前・種類", "Name and kind")}</th><th scope="col">{tr("電話・住所", "Phone and address")}</th><th scope="col">{tr("受付時間", "Hours")}</th></tr></thead>
                                            <tbody>
                                                {rows.into_iter().map(|r| view! {
                                                    <tr>
                                                        <td><strong lang=data_lang()>{r.name}</strong><br/><span class="small">{r.services}</span>
                                                            {r.acceptance.map(|a| view! { <br/><span class="small">{format!("{}{a}", tr("受け入れ：", "Acceptance: "))}</span> })}</td>
                                                        <td><span class="phone">{r.phone.unwrap_or_default()}</span>
                                                            {r.fax.map(|f| view! { <br/><span class="small">{format!("FAX {f}")}</span> })}
                                                            <br/><span lang=data_lang()>{r.address}</span></td>
                                                        <td class="small">{r.hours.unwrap_or_else(|| "—".into())}
                                                            {r.professional.map(|p| view! {
                                                                <div class="professional-print">
                                                                    {p.phone.map(|x| view! { <div>{format!("{} {x}", tr("電話（関係者）", "Phone (professionals)"))}</div> })}
                                                                    {p.fax.map(|x| view! { <div>{format!("{} {x}", tr("FAX（関係者）", "Fax (professionals)"))}</div> })}
                                                                    {(!p.contact_times.is_empty()).then(|| view! { <div>{tr("ケアマネタイム：", "Care-manager hours: ")}<span lang=data_lang()>{p.contact_times.clone()}</span></div> })}
                                                                    {p.note.map(|x| view! { <div>{tr("メモ：", "Note: ")}<span lang=data_lang()>{x}</span></div> })}
                                                                </div>
                                                            })}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </section>
                                }).collect_view()}
                                <footer class="print-footer">
                                    <p>{tr("内容は変わることがあります。利用の前に各事業所へお電話でご確認ください。", "Listings can change: please call a provider to confirm before you use it.")}</p>
                                </footer>
                            </article>
                        }.into_any()
                    }
                    Err(_) => view! { <p class="error" role="alert">{tr("読み込めませんでした。", "Could not load the page.")}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The print button (the browser's print dialogue): the page's one island.
#[island]
pub fn PrintButton() -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = leptos::prelude::window().print();
    };
    view! { <button type="button" class="js-only" on:click=print>{tr("印刷する", "Print")}</button> }
}
