//! The planning page (`/planning`): for the municipality's 協議会 and staff, the resources of a
//! kind per 日常生活圏域 (or municipality) against the elderly population — a choropleth of the
//! chosen indicator with its legend, the areas without any listing of the kind first, a table
//! sortable by any column, and an A4 print. Aggregates only: no listing's field is shown.

use super::Notices;
use super::print::PrintButton;
use super::search::{capability_groups, use_query_string};
use crate::codec::resource;
use crate::format;
use crate::forms::{choices, select_field};
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
        <Title text="圏域ごとの資源と高齢者人口"/>
        <Transition fallback=|| view! { <p class="loading">"読み込み中…"</p> }>
            {move || Suspend::new(async move {
                let pairs = url::pairs(&query.get_untracked());
                match answer.await {
                    Ok(v) => planning(v, pairs).into_any(),
                    Err(_) => view! { <p class="error" role="alert">"読み込めませんでした。"</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// What the rows are, in words: 「日常生活圏域」 or 「市区町村」.
fn unit(level: CoverageLevel) -> &'static str {
    match level {
        CoverageLevel::Area => "日常生活圏域",
        CoverageLevel::Municipality => "市区町村",
    }
}

fn planning(v: PlanningView, pairs: Vec<(String, String)>) -> impl IntoView {
    let counted = if v.conditions.is_empty() {
        "すべての事業所".to_string()
    } else {
        v.conditions
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join("・")
    };
    let form = planning_form(&v, &pairs);
    if let Some(e) = v.error.clone() {
        return view! {
            <article class="page planning">
                <h1>"圏域ごとの資源と高齢者人口"</h1>
                <p class="error" role="alert">{e}</p>
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
    let heading = format!(
        "{counted}の{}（{}ごと）",
        v.indicator.label(),
        unit(v.level)
    );
    let map = v.map.clone().map(|m| choropleth(m, &heading, v.indicator));
    view! {
        <article class="page planning">
            <header class="planning-head">
                <h1>"圏域ごとの資源と高齢者人口"</h1>
                <p class="lead no-print">
                    "在宅医療・介護の資源が、高齢者の人数に対してどれだけあるかを"{unit(v.level)}"ごとに示します。"
                    "資源の少ない地域を見つけ、協議会での検討に使えます。"
                </p>
                <p class="printed">{format!("{}現在の掲載内容で集計", format::date(v.today))}</p>
            </header>
            {form}
            <h2 class="planning-title">{heading.clone()}</h2>
            <section class="gaps" aria-labelledby="gaps-title">
                <h3 id="gaps-title">{format!("該当する事業所などがない{}（{}）", unit(v.level), gaps.len())}</h3>
                {if gaps.is_empty() {
                    view! { <p>{format!("すべての{}に1件以上あります。", unit(v.level))}</p> }.into_any()
                } else {
                    view! { <ul class="gap-list">{gaps.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul> }.into_any()
                }}
            </section>
            {map}
            {coverage_table(&v, &pairs)}
            <p class="planning-tools no-print">
                <a href=csv download="">"この表をCSVで保存"</a>
                " "
                <PrintButton/>
            </p>
            <Notices credits=v.credits.clone()/>
            <section class="planning-notes">
                <h3>"集計の方法"</h3>
                <ul>
                    <li>"件数は、この地図の検索と同じ条件で数えた掲載数です。位置が圏域の境界の外にある事業所は、最も近い圏域に数えます。"</li>
                    <li>"「指定・届出」は厚生局への届出などの公的な情報、「できること」は各事業所の申告によります。両者は一致しないことがあります。"</li>
                    <li>"人口は、圏域は国勢調査の小地域、市区町村は住民基本台帳（読み込まれている場合）によります。"</li>
                    {v.within_m.map(|d| view! {
                        <li>{format!("「近くに住む75歳以上の割合」は、国勢調査の小地域（町丁目）の代表点から{}以内に該当する事業所などが1件以上ある人の割合です（圏域や市区町村の境界を越えて数えます）。", format::distance(f64::from(d)))}</li>
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
        <form method="get" action="/planning" class="planning-form no-print" aria-label="集計の条件">
            {carried.into_iter().chain(extra).map(|(k, val)| view! { <input type="hidden" name=k value=val/> }).collect_view()}
            <fieldset class="field">
                <legend>"単位"</legend>
                {has_areas.then(|| view! {
                    <label class="inline"><input type="radio" name="level" value="area" checked=level == CoverageLevel::Area/>"日常生活圏域"</label>
                })}
                <label class="inline"><input type="radio" name="level" value="municipality" checked=level == CoverageLevel::Municipality/>"市区町村"</label>
            </fieldset>
            {(!prefectures.is_empty()).then(|| view! {
                <div class="field">
                    <label for="p-prefecture">"都道府県（市区町村単位のとき）"</label>
                    <select id="p-prefecture" name="prefecture">
                        <option value="all" selected=prefecture.is_none()>"全国"</option>
                        {prefectures.into_iter().map(|(code, name)| {
                            let selected = prefecture.as_deref() == Some(code.as_str());
                            view! { <option value=code selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            {select_field("p-scene", "scene", "場面", Some("指定しない"), choices(taxonomy::SCENES, |s| s.code, |s| s.label), &scene)}
            <div class="field">
                <label for="p-service">"数える種類"</label>
                <select id="p-service" name="service">
                    <option value="">"すべての種類"</option>
                    {taxonomy::CATEGORIES.iter().map(|c| view! {
                        <optgroup label=c.label>
                            {taxonomy::SERVICE_TYPES.iter().filter(|s| s.category == c.code).map(|s| view! {
                                <option value=s.code selected=has("service", s.code)>{s.label}</option>
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="p-capability">"できること・指定"</label>
                <select id="p-capability" name="capability">
                    <option value="">"指定しない"</option>
                    {groups.into_iter().map(|(g, caps)| view! {
                        <optgroup label=g>
                            {caps.into_iter().map(|c| view! {
                                <option value=c.code selected=has("capability", c.code)>{c.label}</option>
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                </select>
            </div>
            {select_field("p-indicator", "indicator", "地図の色分け", None, Indicator::ALL.iter().map(|i| (i.code().to_string(), i.label().to_string())).collect(), indicator.code())}
            {select_field("p-within", "within_m", "「近くに住む」とする距離", Some("集計しない"), DISTANCES.iter().map(|d| (d.to_string(), format!("{}以内", format::distance(f64::from(*d))))).collect(), &within.map(|d| d.to_string()).unwrap_or_default())}
            <div class="actions"><button type="submit">"この条件で集計"</button></div>
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
                <title id="choropleth-title">{format!("{heading}の地図（数値は下の表にあります）")}</title>
                <g class="areas">
                    {m.shapes.into_iter().map(|s| view! {
                        <path d=s.path fill=s.fill fill-rule="evenodd" data-area=s.area_id>
                            <title>{format!("{}：{}", s.name, s.value)}</title>
                        </path>
                    }).collect_view()}
                </g>
                <g class="labels" aria-hidden="true">
                    {labels.into_iter().map(|(x, y, value, dark, name)| view! {
                        <text x=format!("{x:.1}") y=format!("{y:.1}") class=if dark { "on-dark" } else { "on-light" }>
                            <tspan x=format!("{x:.1}") class="label-name">{name}</tspan>
                            <tspan x=format!("{x:.1}") dy="1.15em" class="label-value">{value}</tspan>
                        </text>
                    }).collect_view()}
                </g>
            </svg>
            <figcaption>
                <p class="legend-title">{indicator.label()}</p>
                <ul class="legend">
                    {m.legend.into_iter().map(|l| view! {
                        <li class=(l.areas == 0).then_some("unused")>
                            <svg class="swatch" viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" fill=l.fill/></svg>
                            {l.label}<span class="n">{format!("{}か所", l.areas)}</span>
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
                "{}（{}人中{}人）",
                Indicator::NearShare.text(row),
                format::thousands(n.aged_75),
                format::thousands(n.covered)
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
                    <a href=href>{label.to_string()}<span aria-hidden="true">{mark}</span></a>
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
                    <th scope="row"><a href=link>{r.name.clone()}</a>{gap.then(|| view! { <span class="gap-mark">"該当なし"</span> })}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let caption = match &v.sort {
        None => "該当なしの地域が先、それ以外は番号順".to_string(),
        Some((c, d)) => {
            let label = PLANNING_COLUMNS
                .iter()
                .find(|(code, _)| code == c)
                .map_or("", |(_, l)| *l);
            format!("{label}の{}", if *d { "多い順" } else { "少ない順" })
        }
    };
    view! {
        <div class="table-scroll">
            <table class="coverage-table">
                <caption>{format!("{}ごとの集計（{caption}。列の見出しで並べ替え）", unit(level))}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
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
