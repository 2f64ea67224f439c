//! A facility's page (`/facilities/{id}`): every public field, hours with today marked, a small
//! map and nearby listings of the same kind.

use super::{HitCard, Notices, Pieces};
use crate::codec::resource;
use crate::format;
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::map::{MapContent, MapSpec, page_map};
use crate::site::{get_facility, get_site_info};
use crate::wire::FacilityView;
use chrono::Datelike;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use model::facility::ServiceArea;
use model::schedule::{Day, Schedule};
use model::search::{MapPoint, MapPoints};

#[component]
pub fn FacilityPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let page = resource(move || id.get(), get_facility);
    let info = resource(|| (), |_| get_site_info());
    view! {
        <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let tiles = info.await.ok().map(|i| i.tiles);
                match page.await {
                    Ok(Some(v)) => view! { <Facility v tiles/> }.into_any(),
                    Ok(None) => {
                        super::set_not_found();
                        view! {
                            <Title text=tr("見つかりません", "Not found")/>
                            <section class="page narrow">
                                <h1>{tr("この事業所は見つかりません", "This listing was not found")}</h1>
                                <p>{tr("掲載が終了したか、アドレスが変わった可能性があります。", "The listing may have been removed, or its address may have changed.")}</p>
                                <p><A href="/">{tr("地図と一覧で探す", "Search on the map and in the list")}</A></p>
                            </section>
                        }.into_any()
                    }
                    Err(_) => view! { <p class="error" role="alert">{tr("読み込めませんでした。時間をおいてお試しください。", "Could not load the page. Please try again later.")}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The opening hours as a table, one row per weekday, today's row marked.
#[component]
pub fn HoursTable(schedule: Schedule, today: chrono::NaiveDate) -> impl IntoView {
    let today_day = Day::from_weekday(today.weekday());
    let open_today = schedule.open_on(today);
    let holiday = model::holiday::holiday_name(today);
    view! {
        <table class="hours">
            <caption class="visually-hidden">{tr("曜日ごとの受付時間", "Hours by weekday")}</caption>
            <tbody>
                {Day::ALL.into_iter().map(|d| {
                    let is_today = d == today_day;
                    let mut hours = format::day_hours(&schedule, d);
                    if is_today && !open_today {
                        hours = match lang() {
                            Lang::Ja => format!("本日は休み{}", holiday.map(|h| format!("（{h}）")).unwrap_or_default()),
                            Lang::En => format!("Closed today{}", if holiday.is_some() { " (public holiday)" } else { "" }),
                        };
                    }
                    let closed = !schedule.slots.iter().any(|s| s.day == d) || (is_today && !open_today);
                    view! {
                        <tr class:today=is_today class:closed=closed aria-current=is_today.then_some("date")>
                            <th scope="row">{format::day(d)}{is_today.then_some(tr("（今日）", " (today)"))}</th>
                            <td>{hours}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {format::closures(&schedule).map(|c| view! { <p class="hint">{c}</p> })}
        {schedule.note.clone().map(|n| view! { <p class="hint" lang=data_lang()>{n}</p> })}
    }
}

/// The fields only signed-in professionals see (ケアマネタイム, desks, direct lines, notes).
#[component]
fn Professional(p: model::facility::ProfessionalFields, today: chrono::NaiveDate) -> impl IntoView {
    view! {
        <section class="professional" aria-labelledby="pro-h">
            <h2 id="pro-h">{tr("関係者向けの情報", "For professionals")}</h2>
            <p class="hint">{tr("ログインした関係者にだけ表示しています。外部に公開しないでください。", "Shown only to signed-in professionals. Please do not share it outside.")}</p>
            {(!p.contact_windows.is_empty()).then(|| view! {
                <h3>{tr("ケアマネタイム", "Care-manager hours")}</h3>
                <ul class="contact-windows">
                    {p.contact_windows.iter().map(|w| view! { <li><Pieces pieces=format::contact_window_pieces(w)/></li> }).collect_view()}
                </ul>
            })}
            {(!p.contact_points.is_empty()).then(|| view! {
                <h3>{tr("窓口", "Desks")}</h3>
                <dl class="facts">
                    {p.contact_points.iter().map(|c| {
                        let mut parts = Vec::new();
                        if let Some(x) = &c.contact_person { parts.push(format!("{}{x}", tr("担当：", "Ask for "))); }
                        if let Some(x) = &c.phone { parts.push(format!("{}{x}", tr("直通 ", "Direct line "))); }
                        if let Some(x) = &c.fax { parts.push(format!("FAX {x}")); }
                        if let Some(x) = &c.email { parts.push(x.clone()); }
                        if let Some(x) = &c.hours { parts.push(format::week_summary(x)); }
                        if let Some(x) = &c.note { parts.push(x.clone()); }
                        view! { <div><dt lang=data_lang()>{c.name.clone()}</dt><dd lang=data_lang()>{parts.join("　")}</dd></div> }
                    }).collect_view()}
                </dl>
            })}
            <dl class="facts">
                {p.phone.clone().map(|x| view! { <div><dt>{tr("電話（関係者）", "Phone (professionals)")}</dt><dd><a href=format::tel_href(&x)>{x.clone()}</a></dd></div> })}
                {p.fax.clone().map(|x| view! { <div><dt>{tr("FAX（関係者）", "Fax (professionals)")}</dt><dd>{x}</dd></div> })}
                {p.email.clone().map(|x| view! { <div><dt>{tr("メール", "Email")}</dt><dd>{x}</dd></div> })}
                {p.url.clone().map(|x| view! { <div><dt>{tr("ホームページ", "Website")}</dt><dd>{x}</dd></div> })}
                {p.availability.clone().map(|a| view! { <div><dt>{tr("受け入れ", "Acceptance")}</dt><dd>{format::acceptance(Some(a.accepting), Some(a.as_of), today).0}</dd></div> })}
                {p.description.clone().map(|x| view! { <div><dt>{tr("特色", "Features")}</dt><dd lang=data_lang()>{x}</dd></div> })}
                {p.internal_note.clone().map(|x| view! { <div><dt>{tr("関係者メモ", "Notes for professionals")}</dt><dd lang=data_lang()>{x}</dd></div> })}
            </dl>
            {p.opening_hours.clone().map(|s| view! { <h3>{tr("受付時間（関係者向け）", "Hours (for professionals)")}</h3><HoursTable schedule=s today/> })}
        </section>
    }
}

#[component]
fn Facility(v: FacilityView, tiles: Option<crate::wire::Tiles>) -> impl IntoView {
    let f = v.facility;
    let today = v.today;
    let services: Vec<_> = f
        .services
        .iter()
        .map(|s| {
            (
                format::service(s).to_string(),
                model::taxonomy::service_type(s)
                    .map(|d| d.description_in(lang()))
                    .unwrap_or_default(),
            )
        })
        .collect();
    let (acceptance, modifier) = format::acceptance(
        f.availability.as_ref().map(|a| a.accepting),
        f.availability.as_ref().map(|a| a.as_of),
        today,
    );
    let marker = f.location.map(|l| MapPoints {
        total: 1,
        points: vec![MapPoint {
            id: f.id.clone(),
            name: f.name.clone(),
            category: f.category.clone(),
            location: l.point(),
            approximate: l.approximate,
        }],
        clusters: Vec::new(),
    });
    let map = |tiles, points| MapSpec {
        tiles,
        content: MapContent {
            points: Some(points),
            selected_areas: f.areas.clone(),
            only_areas: Some(f.areas.clone()),
            ..MapContent::default()
        },
        points_of: None,
    };
    let service_area = f.service_area.as_ref().map(|a| match a {
        ServiceArea::RadiusM(r) => match lang() {
            Lang::Ja => format!("事業所から約{}", format::distance(*r)),
            Lang::En => format!("Within about {} of the office", format::distance(*r)),
        },
        ServiceArea::Municipalities(m) => match lang() {
            Lang::Ja => format!("{}（市町村コード）", m.join("、")),
            Lang::En => format!("{} (municipality codes)", m.join(", ")),
        },
        ServiceArea::Polygon(_) => {
            { tr("地図上で指定された範囲", "The area drawn on the map") }.to_string()
        }
    });
    let main = view! {
                <section class="facility-main">
                    <h2>{tr("サービス", "Services")}</h2>
                    <ul class="services-list">
                        {services.into_iter().map(|(l, d)| view! { <li><strong>{l}</strong><span class="explain">{d}</span></li> }).collect_view()}
                    </ul>
                    {(!f.capabilities.is_empty()).then(|| view! {
                        <h2>{tr("対応していること", "What they offer")}</h2>
                        <ul class="caps">
                            {f.capabilities.iter().map(|c| view! {
                                <li>
                                    {format::capability(&c.code).to_string()}
                                    {c.detail.clone().map(|d| view! { {tr("：", ": ")}<span class="detail" lang=data_lang()>{d}</span> })}
                                    <span class="source"><Pieces pieces=format::claim_source(c)/></span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {f.description.clone().map(|d| view! { <h2>{tr("特色", "Features")}</h2><p lang=data_lang()>{d}</p> })}
                    <h2>{tr("連絡先", "Contact")}</h2>
                    <dl class="facts">
                        <div><dt>{tr("住所", "Address")}</dt><dd lang=data_lang()>{f.address.one_line()}</dd></div>
                        {f.phone.clone().map(|p| view! { <div><dt>{tr("電話", "Phone")}</dt><dd><a href=format::tel_href(&p) class="tel">{p.clone()}</a></dd></div> })}
                        {f.fax.clone().map(|p| view! { <div><dt>"FAX"</dt><dd>{p}</dd></div> })}
                        {f.url.clone().map(|u| view! { <div><dt>{tr("ホームページ", "Website")}</dt><dd><a href=u.clone() rel="noopener">{u.clone()}</a></dd></div> })}
                        {f.operator.clone().map(|o| view! { <div><dt>{tr("運営", "Operator")}</dt><dd lang=data_lang()>{o}</dd></div> })}
                        {f.capacity.map(|c| view! { <div><dt>{tr("定員", "Capacity")}</dt><dd>{c.to_string()}</dd></div> })}
                        {f.beds.clone().map(|b| view! { <div><dt>{tr("病床数", "Beds")}</dt><dd>{format!("{}{}", b.total, tr("床", " beds"))}{(!b.detail.is_empty()).then(|| view! { " (" <span lang=data_lang()>{b.detail.clone()}</span> ")" })}</dd></div> })}
                    </dl>
                    {f.opening_hours.clone().map(|s| view! { <h2>{tr("受付時間", "Hours")}</h2><HoursTable schedule=s today/> })}
                    {f.availability.as_ref().map(|a| view! {
                        <h2>{tr("新しい利用者の受け入れ", "Accepting new users")}</h2>
                        <p class=format!("accept accept-{modifier}")>{acceptance.clone()}</p>
                        {a.free_count.map(|n| view! { <p>{format!("{}{n}", tr("空き：", "Places free: "))}</p> })}
                        {a.note.clone().map(|n| view! { <p class="hint" lang=data_lang()>{n}</p> })}
                    })}
                    {service_area.map(|s| view! { <h2>{tr("サービス提供地域", "Service area")}</h2><p>{s}</p> })}
                    {v.professional.filter(|p| !p.is_empty()).map(|p| view! { <Professional p today/> })}
                    <h2>{tr("掲載情報について", "About this listing")}</h2>
                    <dl class="facts">
                        <div><dt>{tr("最終確認日", "Last confirmed")}</dt><dd>{format::verified(f.provenance.verified_at)}</dd></div>
                        {f.location.and_then(|l| l.level).map(|level| view! {
                            <div><dt>{tr("地図の位置", "Position on the map")}</dt><dd>{match lang() {
                                Lang::Ja => format!("住所から推定した位置です（{}の代表点）。", level.label()),
                                Lang::En => format!("Estimated from the address (the centre of its {}).", level.label_in(Lang::En)),
                            }}{f.provenance.position_note.clone().map(|n| view! { " "<span lang=data_lang()>{n}</span> })}</dd></div>
                        })}
                        {(!v.areas.is_empty()).then(move || view! {
                            <div><dt>{tr("圏域", "Daily-life area")}</dt><dd>{v.areas.into_iter().map(|a| view! { <A href=format!("/areas/{}", a.id) attr:lang=data_lang()>{a.name}</A>" " }).collect_view()}</dd></div>
                        })}
                        {v.parent.clone().map(|(id, name)| view! {
                            <div><dt>{tr("本体の事業所", "Main office")}</dt><dd lang=data_lang()><A href=format!("/facilities/{id}")>{name}</A></dd></div>
                        })}
                    </dl>
                    {(!v.satellites.is_empty()).then(|| view! {
                        <h2>{tr("サテライト・出張所", "Satellite offices")}</h2>
                        <ul class="satellites">
                            {v.satellites.into_iter().map(|h| view! {
                                <li lang=data_lang()>
                                    <A href=format!("/facilities/{}", h.id.as_str())>{h.name}</A>
                                    <span class="hint">{format!("　{}", h.address)}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                </section>
    }
    .into_any();
    let side = view! {
                <aside class="facility-side">
                    {match (marker, tiles) {
                        (Some(m), Some(t)) => page_map(&map(t, m), "small").into_any(),
                        _ => view! { <p class="hint">{tr("位置の情報がありません。", "No position is known.")}</p> }.into_any(),
                    }}
                    {(!v.nearby.is_empty()).then(|| view! {
                        <h2>{tr("近くの同じ種類の事業所", "Nearby listings of the same kind")}</h2>
                        <ol class="hits compact">
                            {v.nearby.into_iter().map(|hit| view! { <HitCard hit today/> }).collect_view()}
                        </ol>
                    })}
                </aside>
    }
    .into_any();
    let credits = v.credits.clone();
    let title = f.name.clone();
    view! {
        <Title text=title/>
        <article class="page facility">
            <nav class="crumbs" aria-label=tr("現在地", "You are here")><A href="/">{tr("探す", "Search")}</A>" › "<span lang=data_lang()>{f.name.clone()}</span></nav>
            <header class=format!("facility-head cat-{}", f.category)>
                <span class="cat-badge">{format::category(&f.category).to_string()}</span>
                <h1 lang=data_lang()>{f.name.clone()}</h1>
                {f.name_kana.clone().map(|k| view! { <p class="kana" lang=data_lang()>{k}</p> })}
                {(f.status != model::facility::LifecycleStatus::Active).then(|| view! {
                    <p class="notice" role="note">{match lang() {
                        Lang::Ja => format!("この事業所は「{}」です。", f.status.label()),
                        Lang::En => format!("This listing is marked \"{}\".", f.status.label_in(Lang::En)),
                    }}</p>
                })}
            </header>
            <Notices credits/>
            <div class="facility-grid">
                {main}
                {side}
            </div>
        </article>
    }
}
