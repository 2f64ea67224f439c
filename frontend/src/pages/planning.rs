//! The planning page (`/planning`): for the municipality's 協議会 and staff, the resources of a
//! kind per 日常生活圏域 (or municipality) against the elderly population — a choropleth of the
//! chosen indicator with its legend, the areas without any listing of the kind first, a table
//! sortable by any column, and an A4 print. Aggregates only: no listing's field is shown.

use super::print::PrintButton;
use super::search::{capability_groups, use_query_string};
use super::{Notices, Pieces};
use crate::codec::resource;
use crate::format;
use crate::forms::{choices, select_field};
use crate::i18n::{Lang, data_lang, lang, tr};
use crate::site::get_planning;
use crate::url;
use crate::wire::{Choropleth, PLANNING_COLUMNS, PlanningView};
use leptos::prelude::*;
use leptos_meta::Title;
use model::coverage::{CoverageLevel, CoverageRow, Indicator};
use model::taxonomy;

/// The parameters the form sets itself (everything else in the URL is carried along).
const FORM_PARAMS: [&str; 9] = [
    "level",
    "prefecture",
    "scene",
    "service",
    "capability",
    "indicator",
    "within_m",
    "sort",
    "order",
];

/// The distances offered for the near share, metres.
const DISTANCES: [u32; 5] = [1_000, 2_000, 5_000, 10_000, 16_000];

#[component]
pub fn PlanningPage() -> impl IntoView {
    let query = use_query_string();
    let answer = resource(move || query.get(), get_planning);
    view! {
        <Title text=title()/>
        <Transition fallback=|| view! { <p class="loading">{tr("読み込み中…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let pairs = url::pairs(&query.get_untracked());
                match answer.await {
                    Ok(v) => planning(v, pairs).into_any(),
                    Err(_) => view! { <p class="error" role="alert">{tr("読み込めませんでした。", "Could not load the page.")}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The page's title.
fn title() -> &'static str {
    tr(
        "圏域ごとの資源と高齢者人口",
        "Resources and older people by area",
    )
}

/// What the rows are, in words: 「日常生活圏域」 or 「市区町村」.
fn unit(level: CoverageLevel) -> &'static str {
    match level {
        CoverageLevel::Area => tr("日常生活圏域", "daily-life area"),
        CoverageLevel::Municipality => tr("市区町村", "municipality"),
    }
}

fn planning(v: PlanningView, pairs: Vec<(String, String)>) -> impl IntoView {
    let counted = if v.conditions.is_empty() {
        tr("すべての事業所", "all listings").to_string()
    } else {
        v.conditions
            .iter()
            .map(|c| format::plain(&c.label))
            .collect::<Vec<_>>()
            .join(tr("・", "; "))
    };
    let form = planning_form(&v, &pairs);
    if let Some(e) = v.error.clone() {
        return view! {
            <article class="page planning">
                <h1>{title()}</h1>
                <p class="error" role="alert"><Pieces pieces=crate::format::quoted(&e)/></p>
                {form}
            </article>
        }
        .into_any();
    }
    let gaps: Vec<String> = v
        .rows
        .iter()
        .filter(|r| r.listings == 0)
        .map(|r| r.name.clone())
        .collect();
    let csv = coverage_link(&v, &pairs);
    let heading = match lang() {
        Lang::Ja => format!(
            "{counted}の{}（{}ごと）",
            v.indicator.label(),
            unit(v.level)
        ),
        Lang::En => format!(
            "{}: {counted} (by {})",
            v.indicator.label_in(Lang::En),
            unit(v.level)
        ),
    };
    let map = v.map.clone().map(|m| choropleth(m, &heading, v.indicator));
    view! {
        <article class="page planning">
            <header class="planning-head">
                <h1>{title()}</h1>
                <p class="lead no-print">{match lang() {
                    Lang::Ja => format!(
                        "在宅医療・介護の資源が、高齢者の人数に対してどれだけあるかを{}ごとに示します。資源の少ない地域を見つけ、協議会での検討に使えます。",
                        unit(v.level)
                    ),
                    Lang::En => format!(
                        "How much home medical and long-term care there is for the number of older people, per {}: find the areas where it is thin and bring them to the council.",
                        unit(v.level)
                    ),
                }}</p>
                <p class="printed">{match lang() {
                    Lang::Ja => format!("{}現在の掲載内容で集計", format::date(v.today)),
                    Lang::En => format!("Counted from the listings as of {}", format::date(v.today)),
                }}</p>
            </header>
            {form}
            <h2 class="planning-title">{heading.clone()}</h2>
            <section class="gaps" aria-labelledby="gaps-title">
                <h3 id="gaps-title">{match lang() {
                    Lang::Ja => format!("該当する事業所などがない{}（{}）", unit(v.level), gaps.len()),
                    Lang::En => format!("Areas ({}) with none ({})", unit(v.level), gaps.len()),
                }}</h3>
                {if gaps.is_empty() {
                    view! { <p>{match lang() {
                        Lang::Ja => format!("すべての{}に1件以上あります。", unit(v.level)),
                        Lang::En => format!("Every {} has at least one.", unit(v.level)),
                    }}</p> }.into_any()
                } else {
                    view! { <ul class="gap-list" lang=data_lang()>{gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            {map}
            {coverage_table(&v, &pairs)}
            <p class="planning-tools no-print">
                <a href=csv download="">{tr("この表をCSVで保存", "Save this table as CSV")}</a>
                " "
                <PrintButton/>
            </p>
            <Notices credits=v.credits.clone()/>
            <section class="planning-notes">
                <h3>{tr("集計の方法", "How it is counted")}</h3>
                <ul>
                    <li>{tr(
                        "件数は、この地図の検索と同じ条件で数えた掲載数です。位置が圏域の境界の外にある事業所は、最も近い圏域に数えます。",
                        "Counts are the listings the site's search finds under the same conditions. A listing outside every area's boundary counts in the nearest area.",
                    )}</li>
                    <li>{tr(
                        "「指定・届出」は厚生局への届出などの公的な情報、「できること」は各事業所の申告によります。両者は一致しないことがあります。",
                        "\"Designations and registrations\" come from official records such as registrations with the regional health bureau; \"what they offer\" is what each provider reports. The two can differ.",
                    )}</li>
                    <li>{tr(
                        "人口は、圏域は国勢調査の小地域、市区町村は住民基本台帳（読み込まれている場合）によります。",
                        "Populations come from the census' small areas for daily-life areas, and from the basic resident register for municipalities (when loaded).",
                    )}</li>
                    {v.within_m.map(|d| view! {
                        <li>{match lang() {
                            Lang::Ja => format!("「近くに住む75歳以上の割合」は、国勢調査の小地域（町丁目）の代表点から{}以内に該当する事業所などが1件以上ある人の割合です（圏域や市区町村の境界を越えて数えます）。", format::distance(f64::from(d))),
                            Lang::En => format!("\"Share of people aged 75+ living nearby\" is the share of people whose census small area (its representative point) has at least one matching listing within {} (counted across area and municipal boundaries).", format::distance(f64::from(d))),
                        }}</li>
                    })}
                </ul>
            </section>
        </article>
    }
    .into_any()
}

/// The form: level, prefecture, what is counted (scene, service type, capability), the
/// indicator and the distance. Parameters it
/// does not set are carried as hidden fields.
fn planning_form(v: &PlanningView, pairs: &[(String, String)]) -> impl IntoView + use<> {
    let has = |k: &str, value: &str| url::all(pairs, k).contains(&value);
    let carried: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, val)| !FORM_PARAMS.contains(&k.as_str()) && !val.trim().is_empty())
        .cloned()
        .collect();
    // Values beyond the first of the one-choice fields are kept too.
    let extra: Vec<(String, String)> = ["scene", "service", "capability"]
        .into_iter()
        .flat_map(|k| {
            url::all(pairs, k)
                .into_iter()
                .skip(1)
                .map(move |val| (k.to_string(), val.to_string()))
        })
        .collect();
    let level = v.level;
    let indicator = v.indicator;
    let within = v.within_m;
    let prefecture = v.prefecture.clone();
    let prefectures = v.prefectures.clone();
    let has_areas = v.has_areas;
    let groups = capability_groups();
    let scene = url::all(pairs, "scene")
        .first()
        .map_or(String::new(), |s| (*s).to_string());
    view! {
        <form method="get" action="/planning" class="planning-form no-print" aria-label=tr("集計の条件", "What to count")>
            {carried.into_iter().chain(extra).map(|(k, val)| view! { <input type="hidden" name=k value=val/> }).collect_view()}
            <fieldset class="field">
                <legend>{tr("単位", "Per")}</legend>
                {has_areas.then(|| view! {
                    <label class="inline"><input type="radio" name="level" value="area" checked=level == CoverageLevel::Area/>{tr("日常生活圏域", "Daily-life area")}</label>
                })}
                <label class="inline"><input type="radio" name="level" value="municipality" checked=level == CoverageLevel::Municipality/>{tr("市区町村", "Municipality")}</label>
            </fieldset>
            {(!prefectures.is_empty()).then(|| view! {
                <div class="field">
                    <label for="p-prefecture">{tr("都道府県（市区町村単位のとき）", "Prefecture (per municipality)")}</label>
                    <select id="p-prefecture" name="prefecture">
                        <option value="all" selected=prefecture.is_none()>{tr("全国", "All of Japan")}</option>
                        {prefectures.into_iter().map(|(code, name)| {
                            let selected = prefecture.as_deref() == Some(code.as_str());
                            let name = model::geocode::prefecture_label(&code, lang()).map_or(name, str::to_string);
                            view! { <option value=code selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            {select_field("p-scene", "scene", tr("場面", "Scene"), Some(tr("指定しない", "Any")), choices(taxonomy::SCENES, |s| s.code, |s| s.label_in(lang())), &scene)}
            <div class="field">
                <label for="p-service">{tr("数える種類", "Kind to count")}</label>
                <select id="p-service" name="service">
                    <option value="">{tr("すべての種類", "All kinds")}</option>
                    {taxonomy::CATEGORIES.iter().map(|c| view! {
                        <optgroup label=c.label_in(lang())>
                            {taxonomy::SERVICE_TYPES.iter().filter(|s| s.category == c.code).map(|s| view! {
                                <option value=s.code selected=has("service", s.code)>{s.label_in(lang())}</option>
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="p-capability">{tr("できること・指定", "What they offer, designations")}</label>
                <select id="p-capability" name="capability">
                    <option value="">{tr("指定しない", "Any")}</option>
                    {groups.into_iter().map(|(g, caps)| view! {
                        <optgroup label=taxonomy::group_label(g, lang())>
                            {caps.into_iter().map(|c| view! {
                                <option value=c.code selected=has("capability", c.code)>{c.label_in(lang())}</option>
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            {select_field("p-indicator", "indicator", tr("地図の色分け", "Colour the map by"), None, Indicator::ALL.iter().map(|i| (i.code().to_string(), i.label_in(lang()).to_string())).collect(), indicator.code())}
            {select_field("p-within", "within_m", tr("「近くに住む」とする距離", "\"Nearby\" means within"), Some(tr("集計しない", "Do not count")), DISTANCES.iter().map(|d| (d.to_string(), match lang() {
                Lang::Ja => format!("{}以内", format::distance(f64::from(*d))),
                Lang::En => format::distance(f64::from(*d)),
            })).collect(), &within.map(|d| d.to_string()).unwrap_or_default())}
            <div class="actions"><button type="submit">{tr("この条件で集計", "Count")}</button></div>
        </form>
    }
}

/// The choropleth with its legend. The table below says the same in text, so the drawing is
/// one image to assistive technology.
fn choropleth(m: Choropleth, heading: &str, indicator: Indicator) -> impl IntoView + use<> {
    let labelled = m.labelled;
    let labels: Vec<_> = m
        .shapes
        .iter()
        .filter(|_| labelled)
        .filter_map(|s| {
            s.label_at
                .map(|(x, y)| (x, y, s.value.clone(), s.dark, s.name.clone()))
        })
        .collect();
    view! {
        <figure class="choropleth">
            <svg viewBox=format!("0 0 {} {}", m.width, m.height) role="img" aria-labelledby="choropleth-title" class="choropleth-map">
                <title id="choropleth-title">{match lang() {
                    Lang::Ja => format!("{heading}の地図（数値は下の表にあります）"),
                    Lang::En => format!("Map of {heading} (the table below gives the numbers)"),
                }}</title>
                <g class="areas">
                    {m.shapes.into_iter().map(|s| view! {
                        <path d=s.path fill=s.fill fill-rule="evenodd" data-area=s.area_id lang=data_lang()>
                            <title>{format!("{}{}{}", s.name, tr("：", ": "), s.value)}</title>
                        </path>
                    }).collect_view()}
                </g>
                <g class="labels" aria-hidden="true">
                    {labels.into_iter().map(|(x, y, value, dark, name)| view! {
                        <text x=format!("{x:.1}") y=format!("{y:.1}") class=if dark { "on-dark" } else { "on-light" }>
                            <tspan x=format!("{x:.1}") class="label-name" lang=data_lang()>{name}</tspan>
                            <tspan x=format!("{x:.1}") dy="1.15em" class="label-value">{value}</tspan>
                        </text>
                    }).collect_view()}
                </g>
            </svg>
            <figcaption>
                <p class="legend-title">{indicator.label_in(lang())}</p>
                <ul class="legend">
                    {m.legend.into_iter().map(|l| view! {
                        <li class=(l.areas == 0).then_some("unused")>
                            <svg class="swatch" viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" fill=l.fill/></svg>
                            {l.label}<span class="n">{match lang() {
                                Lang::Ja => format!("{}か所", l.areas),
                                Lang::En => format!("{} areas", l.areas),
                            }}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </figcaption>
        </figure>
    }
}

/// A row's cell of a column, in words.
fn cell(row: &CoverageRow, column: &str) -> String {
    let people = row.population.as_ref().map(|p| &p.population);
    let number = |n: Option<u64>| n.map_or_else(|| "—".to_string(), format::thousands);
    match column {
        "listings" => row.listings.to_string(),
        "aged_65" => number(people.map(|p| p.aged_65)),
        "aged_75" => number(people.map(|p| p.aged_75)),
        "per_10k_65" => Indicator::Per10k65.text(row),
        "per_10k_75" => Indicator::Per10k75.text(row),
        "near_share" => match &row.near {
            Some(n) if n.share.is_some() => format!(
                "{}{}",
                Indicator::NearShare.text(row),
                match lang() {
                    Lang::Ja => format!(
                        "（{}人中{}人）",
                        format::thousands(n.aged_75),
                        format::thousands(n.covered)
                    ),
                    Lang::En => format!(
                        " ({} of {})",
                        format::thousands(n.covered),
                        format::thousands(n.aged_75)
                    ),
                }
            ),
            _ => "—".to_string(),
        },
        _ => String::new(),
    }
}

/// The table: a row per area, each column a link that sorts by it.
fn coverage_table(v: &PlanningView, pairs: &[(String, String)]) -> impl IntoView + use<> {
    let columns: Vec<(&str, &str)> = PLANNING_COLUMNS
        .into_iter()
        .filter(|(c, _)| *c != "near_share" || v.within_m.is_some())
        .collect();
    let sort = v.sort.clone();
    let heads = columns
        .iter()
        .map(|(code, label)| {
            let current = sort.as_ref().filter(|(c, _)| c == code).map(|(_, d)| *d);
            // Numbers sort from the thinnest first; a second click reverses.
            let descending = current == Some(false);
            let href = url::href(
                "/planning",
                &url::with_all(
                    pairs,
                    &[
                        ("sort", code),
                        ("order", if descending { "desc" } else { "asc" }),
                    ],
                ),
            );
            let aria = current.map(|d| if d { "descending" } else { "ascending" });
            let mark = match current {
                Some(true) => "▼",
                Some(false) => "▲",
                None => "",
            };
            let numeric = *code != "name";
            view! {
                <th scope="col" aria-sort=aria class=numeric.then_some("num")>
                    <a href=href>{column_label(code, label)}<span aria-hidden="true">{mark}</span></a>
                </th>
            }
        })
        .collect_view();
    let level = v.level;
    let rows = v
        .rows
        .iter()
        .map(|r| {
            let link = match level {
                CoverageLevel::Area => format!("/areas/{}", r.area_id),
                CoverageLevel::Municipality => url::href(
                    "/",
                    &[(
                        "municipality".to_string(),
                        r.municipality_code.clone().unwrap_or_default(),
                    )],
                ),
            };
            let gap = r.listings == 0;
            let cells = columns
                .iter()
                .skip(1)
                .map(|(code, _)| view! { <td class="num">{cell(r, code)}</td> })
                .collect_view();
            view! {
                <tr class=gap.then_some("gap") data-area=r.area_id.clone()>
                    <th scope="row"><a href=link lang=data_lang()>{r.name.clone()}</a>{gap.then(|| view! { <span class="gap-mark">{tr("該当なし", "None")}</span> })}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let caption = match &v.sort {
        None => tr(
            "該当なしの地域が先、それ以外は番号順",
            "areas with none first, then in number order",
        )
        .to_string(),
        Some((c, d)) => {
            let label = PLANNING_COLUMNS
                .iter()
                .find(|(code, _)| code == c)
                .map_or("", |(code, l)| column_label(code, l));
            match lang() {
                Lang::Ja => format!("{label}の{}", if *d { "多い順" } else { "少ない順" }),
                Lang::En => format!(
                    "{label}, {}",
                    if *d { "highest first" } else { "lowest first" }
                ),
            }
        }
    };
    view! {
        <div class="table-scroll">
            <table class="coverage-table">
                <caption>{match lang() {
                    Lang::Ja => format!("{}ごとの集計（{caption}。列の見出しで並べ替え）", unit(level)),
                    Lang::En => format!("Counts per {} ({caption}; sort by a column's heading)", unit(level)),
                }}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A table column's heading in the page's language ([`PLANNING_COLUMNS`] holds the Japanese).
fn column_label(code: &str, ja: &'static str) -> &'static str {
    match (lang(), code) {
        (Lang::Ja, _) => ja,
        (Lang::En, "name") => "Area or municipality",
        (Lang::En, "listings") => "Listings",
        (Lang::En, "aged_65") => "People aged 65+",
        (Lang::En, "aged_75") => "People aged 75+",
        (Lang::En, "per_10k_65") => "Per 10,000 aged 65+",
        (Lang::En, "per_10k_75") => "Per 10,000 aged 75+",
        (Lang::En, "near_share") => "Share of 75+ living nearby",
        (Lang::En, _) => ja,
    }
}

/// The same table from the API, as CSV.
fn coverage_link(v: &PlanningView, pairs: &[(String, String)]) -> String {
    let mut p: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "indicator" | "sort" | "order" | "level" | "prefecture" | "within_m"
            )
        })
        .cloned()
        .collect();
    let level = match v.level {
        CoverageLevel::Area => "area",
        CoverageLevel::Municipality => "municipality",
    };
    p.push(("level".into(), level.into()));
    if let Some(code) = v
        .prefecture
        .as_ref()
        .filter(|_| v.level == CoverageLevel::Municipality)
    {
        p.push(("prefecture".into(), code.clone()));
    }
    if let Some(d) = v.within_m {
        p.push(("within_m".into(), d.to_string()));
    }
    p.push(("format".into(), "csv".into()));
    url::href("/api/v1/coverage", &p)
}
