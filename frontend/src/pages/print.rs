//! The print view (`/print?…`, the same parameters as the search): an A4 list in large type,
//! grouped by category, with phone, address and hours, and a small map; for residents without
//! the web and for the 窓口 counter.

use super::Notices;
use super::search::use_query_string;
use crate::codec::resource;
use crate::format;
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
        <Title text="印刷用の一覧"/>
        <div class="print-tools no-print">
            <A href=back>"← 検索に戻る"</A>
            <PrintButton/>
        </div>
        <Transition fallback=|| view! { <p class="loading">"読み込み中…"</p> }>
            {move || Suspend::new(async move {
                let tiles = info.await.ok().map(|i| i.tiles);
                match list.await {
                    Ok(v) => {
                        if let Some(e) = v.error {
                            return view! { <p class="error" role="alert">{e}</p> }.into_any();
                        }
                        let more = v.total > v.printed as u64;
                        let conditions = if v.conditions.is_empty() {
                            "すべての事業所".to_string()
                        } else {
                            v.conditions.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join("・")
                        };
                        view! {
                            <article class="print-sheet">
                                <header>
                                    <h1>"医療・介護の相談先一覧"</h1>
                                    <p class="conditions">{format!("条件：{conditions}　{}件", v.total)}</p>
                                    <p class="printed">{format!("{}現在の掲載内容", format::date(v.today))}</p>
                                </header>
                                <Notices credits=v.credits.clone()/>
                                {more.then(|| view! { <p class="notice">{format!("件数が多いため、最初の{}件を印刷します。条件を絞ってください。", v.printed)}</p> })}
                                <div class="print-map">
                                    {tiles.map(|t| page_map(&map(t), "small"))}
                                </div>
                                {v.groups.into_iter().map(|(label, rows)| view! {
                                    <section class="print-group">
                                        <h2>{format!("{label}（{}件）", rows.len())}</h2>
                                        <table class="print-table">
                                            <thead><tr><th scope="col">"名前・種類"</th><th scope="col">"電話・住所"</th><th scope="col">"受付時間"</th></tr></thead>
                                            <tbody>
                                                {rows.into_iter().map(|r| view! {
                                                    <tr>
                                                        <td><strong>{r.name}</strong><br/><span class="small">{r.services}</span>
                                                            {r.acceptance.map(|a| view! { <br/><span class="small">{format!("受け入れ：{a}")}</span> })}</td>
                                                        <td><span class="phone">{r.phone.unwrap_or_default()}</span>
                                                            {r.fax.map(|f| view! { <br/><span class="small">{format!("FAX {f}")}</span> })}
                                                            <br/>{r.address}</td>
                                                        <td class="small">{r.hours.unwrap_or_else(|| "—".into())}
                                                            {r.professional.map(|p| view! {
                                                                <div class="professional-print">
                                                                    {p.phone.map(|x| view! { <div>{format!("電話（関係者） {x}")}</div> })}
                                                                    {p.fax.map(|x| view! { <div>{format!("FAX（関係者） {x}")}</div> })}
                                                                    {(!p.contact_times.is_empty()).then(|| view! { <div>{format!("ケアマネタイム：{}", p.contact_times)}</div> })}
                                                                    {p.note.map(|x| view! { <div>{format!("メモ：{x}")}</div> })}
                                                                </div>
                                                            })}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </section>
                                }).collect_view()}
                                <footer class="print-footer">
                                    <p>"内容は変わることがあります。利用の前に各事業所へお電話でご確認ください。"</p>
                                </footer>
                            </article>
                        }.into_any()
                    }
                    Err(_) => view! { <p class="error" role="alert">"読み込めませんでした。"</p> }.into_any(),
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
    view! { <button type="button" class="js-only" on:click=print>"印刷する"</button> }
}
