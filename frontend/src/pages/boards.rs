//! Boards for care managers: who can be contacted when (ケアマネタイム), and which
//! visiting-nurse stations and short stays accept new users. Built on public data; the
//! professional fields (contact persons, direct lines) join them with authenticated access.

use super::search::use_query_string;
use super::{Notices, Pager, Pieces};
use crate::codec::resource;
use crate::format;
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::site::{contact_board, get_site_info, search};
use crate::url;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use model::schedule::Day;

/// Services on the acceptance board.
const ACCEPTANCE_SERVICES: &[&str] = &["visiting_nursing", "short_stay", "short_stay_medical"];

/// Area choices of a board (a GET form field).
#[component]
fn AreaSelect(selected: Option<String>) -> impl IntoView {
    let info = resource(|| (), |_| get_site_info());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let selected = selected.clone();
                Suspend::new(async move {
                    let areas = info.await.map(|i| i.areas).unwrap_or_default();
                    view! {
                        <label for="b-area">{tr("圏域", "Daily-life area")}</label>
                        <select id="b-area" name="area">
                            <option value="">{tr("すべて", "All")}</option>
                            {areas.into_iter().filter(|a| a.daily_life).map(|a| {
                                let sel = selected.as_deref() == Some(a.id.as_str());
                                view! { <option value=a.id.clone() selected=sel lang=data_lang()>{a.name}</option> }
                            }).collect_view()}
                        </select>
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ContactBoard() -> impl IntoView {
    let query = use_query_string();
    let results = resource(move || query.get(), contact_board);
    let pairs = move || url::pairs(&query.get());
    view! {
        <Title text=tr("ケアマネタイム", "Care-manager hours")/>
        <section class="page board">
            <h1>{tr("ケアマネタイム（医師に連絡しやすい時間）", "Care-manager hours (when doctors take calls)")}</h1>
            <p class="lead">{tr("ケアマネジャーからの相談を受けやすい時間帯を医療機関が公開しているものです。曜日と時刻を選ぶと、その時間に連絡できる医療機関を表示します。", "The times at which medical institutions say they can best take calls from care managers. Choose a weekday and a time to see who can be reached then.")}</p>
            <form class="board-filters" action="/care-managers/contact-times" method="get">
                <label for="b-day">{tr("曜日", "Weekday")}</label>
                <select id="b-day" name="day">
                    <option value="">{tr("今日", "Today")}</option>
                    {Day::ALL.into_iter().map(|d| {
                        let sel = url::get(&pairs(), "day") == Some(url::day_code(d));
                        view! { <option value=url::day_code(d) selected=sel>{match lang() { Lang::Ja => format!("{}曜日", d.label()), Lang::En => d.format_long() }}</option> }
                    }).collect_view()}
                </select>
                <label for="b-time">{tr("時刻", "Time")}</label>
                <input id="b-time" name="time" type="time" value=url::get(&pairs(), "time").unwrap_or_default().to_string()/>
                <AreaSelect selected=url::get(&pairs(), "area").map(str::to_string)/>
                <button type="submit">{tr("表示", "Show")}</button>
            </form>
            <p class="hint">{tr("担当者名・直通電話などの詳しい連絡方法は、専門職向けのログイン後に表示されます。一般に公開されている時間帯のみ、ここに表示しています。", "Contact people, direct lines and other details are shown to professionals after signing in; only the publicly listed times are shown here.")}</p>
            <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(v) => match v.response {
                            Some(r) => {
                                let credits = v.credits.clone();
                                let (total, page, per_page) = (r.total, r.page, r.per_page);
                                let empty = r.hits.is_empty();
                                let pro = r.hits.iter().any(|h| h.professional.is_some());
                                view! {
                                    <h2>{match lang() {
                                        Lang::Ja => format!("連絡できる医療機関 {total}件"),
                                        Lang::En => format!("Medical institutions to call: {total}"),
                                    }}</h2>
                                    <Notices credits/>
                                    {empty.then(|| view! { <p class="empty">{tr("この時間に公開されたケアマネタイムのある医療機関はありません。", "No medical institution lists care-manager hours at this time.")}</p> })}
                                    <table class="board-table">
                                        <thead><tr><th scope="col">{tr("医療機関", "Medical institution")}</th><th scope="col">{tr("電話", "Phone")}</th><th scope="col">{tr("住所", "Address")}</th>
                                            {pro.then(|| view! { <th scope="col">{tr("ケアマネタイム（関係者向け）", "Care-manager hours (for professionals)")}</th> })}</tr></thead>
                                        <tbody>
                                            {r.hits.into_iter().map(|h| {
                                                let windows = h.professional.as_ref().map(|p| {
                                                    p.contact_windows.iter().map(format::contact_window_pieces).collect::<Vec<_>>()
                                                });
                                                view! {
                                                    <tr>
                                                        <td lang=data_lang()><A href=format!("/facilities/{}", h.id.as_str())>{h.name}</A></td>
                                                        <td>{h.phone.unwrap_or_default()}</td>
                                                        <td lang=data_lang()>{h.address}</td>
                                                        {pro.then(|| view! {
                                                            <td class="professional">{windows.unwrap_or_default().into_iter().map(|w| view! { <div><Pieces pieces=w/></div> }).collect_view()}</td>
                                                        })}
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                    <Pager path="/care-managers/contact-times" pairs=url::pairs(&query.get_untracked()) total page per_page/>
                                }.into_any()
                            }
                            None => view! { <p class="error" role="alert"><Pieces pieces=crate::format::quoted(&v.error.unwrap_or_default())/></p> }.into_any(),
                        },
                        Err(_) => view! { <p class="error" role="alert">{tr("読み込めませんでした。", "Could not load the page.")}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn AcceptanceBoard() -> impl IntoView {
    let query = use_query_string();
    let search_query = Memo::new(move |_| {
        let mut p: Vec<(String, String)> = url::pairs(&query.get())
            .into_iter()
            .filter(|(k, _)| k == "area" || k == "page")
            .collect();
        p.extend(
            ACCEPTANCE_SERVICES
                .iter()
                .map(|s| ("service".to_string(), s.to_string())),
        );
        p.push(("sort".into(), "name".into()));
        p.push(("per_page".into(), "100".into()));
        url::encode(&p)
    });
    let results = resource(move || search_query.get(), search);
    view! {
        <Title text=tr("受け入れ状況", "Acceptance")/>
        <section class="page board">
            <h1>{tr("受け入れ状況（訪問看護・ショートステイ）", "Acceptance (home-visit nursing, short stays)")}</h1>
            <p class="lead">{tr("新しい利用者を受け入れられるかどうかを、事業所からの報告日とあわせて表示します。報告から2週間を過ぎたものは「不明」と表示します。", "Whether providers can take new users, with the date they reported it. A report older than two weeks shows as \"Unknown\".")}</p>
            <form class="board-filters" action="/care-managers/acceptance" method="get">
                <AreaSelect selected=url::get(&url::pairs(&query.get_untracked()), "area").map(str::to_string)/>
                <button type="submit">{tr("表示", "Show")}</button>
            </form>
            <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(v) => {
                            let today = v.today;
                            match v.response {
                                Some(r) => {
                                    let credits = v.credits.clone();
                                    let (total, page, per_page) = (r.total, r.page, r.per_page);
                                    view! {
                                        <Notices credits/>
                                        <table class="board-table">
                                            <thead><tr><th scope="col">{tr("事業所", "Provider")}</th><th scope="col">{tr("種類", "Kind")}</th><th scope="col">{tr("受け入れ", "Acceptance")}</th><th scope="col">{tr("電話", "Phone")}</th></tr></thead>
                                            <tbody>
                                                {r.hits.into_iter().map(|h| {
                                                    let (text, modifier) = format::acceptance(h.accepting, h.accepting_as_of, today);
                                                    let services = h.services.iter().filter(|s| ACCEPTANCE_SERVICES.contains(&s.as_str())).map(|s| format::service(s)).collect::<Vec<_>>().join(tr("・", ", "));
                                                    view! {
                                                        <tr class=format!("accept-row accept-{modifier}")>
                                                            <td lang=data_lang()><A href=format!("/facilities/{}", h.id.as_str())>{h.name}</A></td>
                                                            <td>{services}</td>
                                                            <td class=format!("accept accept-{modifier}")>{text}</td>
                                                            <td>{h.phone.unwrap_or_default()}</td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                        <Pager path="/care-managers/acceptance" pairs=url::pairs(&query.get_untracked()) total page per_page/>
                                    }.into_any()
                                }
                                None => view! { <p class="error" role="alert"><Pieces pieces=crate::format::quoted(&v.error.unwrap_or_default())/></p> }.into_any(),
                            }
                        }
                        Err(_) => view! { <p class="error" role="alert">{tr("読み込めませんでした。", "Could not load the page.")}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
