//! The review queue imports fill (`/admin/reviews`) and the list of imports
//! (`/admin/imports`): what an administrator of real data works through after each import.

use super::frame::{csrf_field, table, when};
use crate::format;
use crate::i18n::{data_lang, lang, tr};
use leptos::prelude::*;
use model::i18n::Lang;
use model::review::{ImportRun, KINDS, ReviewDetail, ReviewItem, kind_label_in};
use model::sources::DataSource;
use std::collections::BTreeMap;

/// The review page's content.
pub struct Reviews {
    /// The kind shown (None: every kind).
    pub kind: Option<String>,
    /// Open items per kind (every listing in the viewer's scope is counted by the store).
    pub counts: BTreeMap<String, u64>,
    /// The items of this page.
    pub items: Vec<ReviewItem>,
    /// The page (from 1), and whether another follows.
    pub page: usize,
    /// Whether a next page exists.
    pub more: bool,
}

fn link(kind: Option<&str>, page: usize) -> String {
    let mut q = Vec::new();
    if let Some(k) = kind {
        q.push(("kind".to_string(), k.to_string()));
    }
    if page > 1 {
        q.push(("page".to_string(), page.to_string()));
    }
    if q.is_empty() {
        "/admin/reviews".to_string()
    } else {
        format!("/admin/reviews?{}", crate::url::encode(&q))
    }
}

fn action(
    csrf: &str,
    id: i64,
    kind: Option<&str>,
    resolution: &'static str,
    label: &'static str,
    primary: bool,
) -> impl IntoView + use<> {
    view! {
        <form method="post" action=format!("/admin/reviews/{id}/resolve")>
            {csrf_field(csrf)}
            <input type="hidden" name="resolution" value=resolution/>
            <input type="hidden" name="back" value=kind.unwrap_or_default().to_string()/>
            <button type="submit" class=if primary { "primary" } else { "" }>{label}</button>
        </form>
    }
}

fn detail(d: &ReviewDetail) -> AnyView {
    match d {
        ReviewDetail::Position { original, replaced_by, level, distance_m, reason } => view! {
            <p lang=data_lang()>{reason.clone()}</p>
            <p class="small">{match lang() {
                Lang::Ja => format!(
                    "登録された位置 {:.5}, {:.5} → 住所から推定した位置 {:.5}, {:.5}（{}の代表点、約{}）",
                    original.lat, original.lng, replaced_by.lat, replaced_by.lng, level.label(), format::distance(*distance_m)
                ),
                Lang::En => format!(
                    "Registered position {:.5}, {:.5} → position from the address {:.5}, {:.5} (the {} point, about {} away)",
                    original.lat, original.lng, replaced_by.lat, replaced_by.lng, level.label_in(Lang::En), format::distance(*distance_m)
                ),
            }}</p>
        }.into_any(),
        ReviewDetail::AreaGap { area_name, distance_m, .. } => view! {
            <p>{match lang() {
                Lang::Ja => format!(
                    "どの日常生活圏域の区域にも入らない位置のため、最も近い「{area_name}」（境界まで約{}）に入れました。",
                    format::distance(*distance_m)
                ).into_any(),
                Lang::En => view! {
                    "The position is outside every daily-life area, so the listing was put in the nearest, "
                    <span lang="ja">{area_name.clone()}</span>
                    {format!(" (about {} to its boundary).", format::distance(*distance_m))}
                }.into_any(),
            }}</p>
        }.into_any(),
        ReviewDetail::Duplicate { other_id, other_name, reason } => view! {
            <p>
                {tr("「", "It may be the same facility as ")}<a href=format!("/admin/facilities/{other_id}") lang=data_lang()>{other_name.clone()}</a>
                {tr("」と同じ施設かもしれません（", " (")}<span lang=data_lang()>{reason.clone()}</span>
                {tr("）。別の掲載として登録しています。", "). It was registered as a separate listing.")}
            </p>
        }.into_any(),
        ReviewDetail::Disappeared { source, as_of } => view! {
            <p>
                {tr("最新の名簿（", "Marked closed: it is not in the latest register (")}
                <span lang=data_lang()>{source.clone()}</span>
                {format!("{}{}", tr("、", ", "), as_of.map(format::date).unwrap_or_else(|| tr("日付不明", "date unknown").into()))}
                {tr("）に掲載がないため「廃止」にしました。", ").")}
            </p>
        }.into_any(),
    }
}

fn all_label(total: u64) -> String {
    lang().pick(format!("すべて {total}件"), format!("All: {total}"))
}

/// The review queue.
pub fn reviews(csrf: &str, r: Reviews) -> AnyView {
    let kind = r.kind.clone();
    let total: u64 = r.counts.values().sum();
    view! {
        <h1>{tr("取り込みの確認", "Import review")}</h1>
        <p class="hint">{tr("データの取り込みで、自動では決めなかったものです。内容を確かめて、確認済みにするか直してください。", "What a data import did not decide by itself. Check each item, then confirm it or correct the listing.")}</p>
        <ul class="review-kinds">
            <li>{match &kind {
                None => view! { <strong>{all_label(total)}</strong> }.into_any(),
                Some(_) => view! { <a href="/admin/reviews">{all_label(total)}</a> }.into_any(),
            }}</li>
            {KINDS.iter().map(|k| {
                let n = r.counts.get(*k).copied().unwrap_or(0);
                let label = lang().pick(format!("{} {n}件", kind_label_in(k, lang())), format!("{}: {n}", kind_label_in(k, lang())));
                match kind.as_deref() == Some(*k) {
                    true => view! { <li><strong>{label}</strong></li> }.into_any(),
                    false => view! { <li><a href=link(Some(k), 1)>{label}</a></li> }.into_any(),
                }
            }).collect_view()}
        </ul>
        {r.items.is_empty().then(|| view! { <p>{tr("確認が必要なものはありません。", "Nothing to check.")}</p> })}
        <ol class="review-items">
            {r.items.iter().map(|item| {
                let id = item.id;
                let k = kind.as_deref();
                let actions = match &item.detail {
                    ReviewDetail::Duplicate { .. } => view! {
                        {action(csrf, id, k, "merge", tr("統合する（この掲載を相手に統合）", "Merge (into the other listing)"), true)}
                        {action(csrf, id, k, "confirm", tr("別の施設として残す", "Keep as a different facility"), false)}
                    }.into_any(),
                    ReviewDetail::Disappeared { .. } => view! {
                        {action(csrf, id, k, "confirm", tr("廃止を確認", "Confirm it has closed"), true)}
                        {action(csrf, id, k, "reopen", tr("運営中なので掲載を戻す", "It is still open: restore the listing"), false)}
                    }.into_any(),
                    ReviewDetail::Position { .. } => view! {
                        {action(csrf, id, k, "confirm", tr("この位置で確認済みにする", "Confirm this position"), true)}
                        <a class="button" href=format!("/admin/facilities/{}#f-lat", item.facility_id)>{tr("地図で位置を直す", "Correct the position on the map")}</a>
                    }.into_any(),
                    ReviewDetail::AreaGap { .. } => view! {
                        {action(csrf, id, k, "confirm", tr("この圏域で確認済みにする", "Confirm this area"), true)}
                        <a class="button" href=format!("/admin/facilities/{}#f-lat", item.facility_id)>{tr("位置を直す", "Correct the position")}</a>
                    }.into_any(),
                };
                view! {
                    <li class="review-item" id=format!("review-{id}")>
                        <h2>
                            <span class="badge">{item.detail.label_in(lang())}</span>" "
                            <a href=format!("/admin/facilities/{}", item.facility_id) lang=data_lang()>{item.facility_name.clone()}</a>
                        </h2>
                        {detail(&item.detail)}
                        <p class="small">{format!("{}{}", tr("取り込み：", "Imported: "), when(item.created_at))}</p>
                        <div class="request-actions">{actions}</div>
                    </li>
                }
            }).collect_view()}
        </ol>
        <nav class="pager" aria-label=tr("ページ", "Pages")>
            {(r.page > 1).then(|| view! { <a href=link(kind.as_deref(), r.page - 1)>{tr("前へ", "Previous")}</a> })}
            {r.more.then(|| view! { <a href=link(kind.as_deref(), r.page + 1)>{tr("次へ", "Next")}</a> })}
        </nav>
    }
    .into_any()
}

/// The imports, newest first.
pub fn imports(runs: &[ImportRun], sources: &[DataSource]) -> AnyView {
    let name = |id: &str| {
        sources
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    view! {
        <h1>{tr("データの取り込み", "Data imports")}</h1>
        <p class="hint">{tr("caremap-indexer で取り込んだデータと、その結果です。「重複の可能性」「廃止」「位置の置き換え」「最寄りの圏域」は、取り込みの確認に並びます。", "The data imported with caremap-indexer and what each import did. Possible duplicates, closures, replaced positions and nearest areas wait in the import review.")}</p>
        <p><a href="/admin/reviews">{tr("取り込みの確認へ", "To the import review")}</a></p>
        {table("admin-table", &[tr("日時", "When"), tr("データ", "Data"), tr("件数", "Records"), tr("新規", "New"), tr("更新", "Updated"), tr("統合", "Merged"), tr("重複の可能性", "Possible duplicates"), tr("廃止", "Closed"), tr("変更なし", "Unchanged"), tr("住所から位置", "Placed from the address"), tr("位置の置き換え", "Positions replaced"), tr("位置不明", "No position"), tr("最寄りの圏域", "Nearest area")], runs.iter().map(|r| {
                let p = &r.report;
                let files = p.files.iter().map(|f| f.rsplit('/').next().unwrap_or(f).to_string()).collect::<Vec<_>>().join(", ");
                view! {
                    <tr>
                        <td>{when(r.at)}</td>
                        <td><span lang=data_lang()>{name(&p.source)}</span><br/><span class="small">{files}</span></td>
                        <td>{p.records.to_string()}</td>
                        <td>{p.new.to_string()}</td>
                        <td>{p.updated.to_string()}</td>
                        <td>{p.merged.to_string()}</td>
                        <td>{p.ambiguous.to_string()}</td>
                        <td>{p.closed.to_string()}</td>
                        <td>{p.unchanged.to_string()}</td>
                        <td>{p.geocoded.to_string()}</td>
                        <td>{p.relocated.to_string()}</td>
                        <td>{p.unplaced.to_string()}</td>
                        <td>{p.area_gaps.to_string()}</td>
                    </tr>
                }
            }).collect_view())}
        <h2>{tr("出典", "Sources")}</h2>
        <ul>
            {sources.iter().filter(|s| !s.fictional).map(|s| view! { <li lang=data_lang()><strong>{s.name.clone()}</strong>"："{s.credit.clone()}</li> }).collect_view()}
        </ul>
    }
    .into_any()
}
