//! `/admin`: the listings an account sees, with what waits for it.

use super::frame::table;
use crate::format;
use crate::i18n::{data_lang, lang, tr};
use chrono::NaiveDate;
use leptos::prelude::*;
use model::account::{Role, Viewer};
use model::i18n::Lang;

/// One listing in the admin list.
pub struct AdminRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Category code.
    pub category: String,
    /// Address.
    pub address: String,
    /// Last confirmation.
    pub verified_at: Option<NaiveDate>,
    /// True when the viewer may edit it.
    pub editable: bool,
}

/// The admin start page: a search over listings, counts of what waits.
pub struct Dashboard {
    /// The search words.
    pub q: String,
    /// Matches.
    pub rows: Vec<AdminRow>,
    /// All matches.
    pub total: u64,
    /// Pending change requests the viewer may review.
    pub pending: usize,
    /// The municipality the list is limited to (an editor's own), if it is.
    pub own_municipality: Option<String>,
    /// Open review items of imports, per kind.
    pub reviews: std::collections::BTreeMap<String, u64>,
}

/// The admin start page.
pub fn dashboard(viewer: &Viewer, d: Dashboard) -> AnyView {
    let writer = viewer.role != Role::Professional;
    let scope = match viewer.role {
        Role::Admin => {
            tr(
                "すべての掲載を編集できます。",
                "You can edit every listing.",
            )
        }
        .to_string(),
        Role::Editor => {
            let (municipalities, associations) = (
                viewer.scope.municipalities.join(", "),
                viewer.scope.associations.join(", "),
            );
            let mut parts = Vec::new();
            if !municipalities.is_empty() {
                parts.push(lang().pick(
                    format!("市町村コード {municipalities}"),
                    format!("municipality codes {municipalities}"),
                ));
            }
            if !associations.is_empty() {
                parts.push(lang().pick(
                    format!("{associations} の会員"),
                    format!("members of {associations}"),
                ));
            }
            lang().pick(
                format!("編集できる範囲：{}", parts.join("、")),
                format!("You can edit: {}.", parts.join("; ")),
            )
        }
        Role::Professional => {
            tr(
                "関係者向けの情報を閲覧できます（編集はできません）。",
                "You can read the information for professionals (but not edit).",
            )
        }
        .to_string(),
    };
    view! {
        <h1>{tr("掲載一覧", "Listings")}</h1>
        <p class="hint">{scope}</p>
        {writer.then(|| view! {
            <ul class="admin-counts">
                <li><a href="/admin/requests">{lang().pick(format!("確認待ちの変更依頼 {}件", d.pending), format!("Change requests waiting: {}", d.pending))}</a></li>
                <li><a href="/admin/reviews">{lang().pick(format!("取り込みの確認 {}件", d.reviews.values().sum::<u64>()), format!("Import review: {}", d.reviews.values().sum::<u64>()))}</a>
                    {(!d.reviews.is_empty()).then(|| {
                        let kinds = d.reviews.iter().map(|(k, n)| format!("{} {n}", model::review::kind_label_in(k, lang()))).collect::<Vec<_>>();
                        view! { <span class="small">{lang().pick(format!("（{}）", kinds.join("、")), format!(" ({})", kinds.join(", ")))}</span> }
                    })}
                </li>
                <li><a href="/admin/imports">{tr("データの取り込み（出典と結果）", "Data imports (sources and results)")}</a></li>
                <li><a href="/admin/staleness">{tr("確認が必要な掲載（1年以上未確認・受け入れ状況が古い）", "Listings to confirm (not confirmed for a year, or an old acceptance status)")}</a></li>
                <li><a href="/admin/round">{tr("今週の受け入れ状況を記録する", "Record this week's acceptance")}</a></li>
                <li><a href="/admin/facilities/new">{tr("新しい掲載を登録する", "Register a new listing")}</a></li>
            </ul>
        })}
        <form class="admin-search" method="get" action="/admin" role="search">
            <label for="a-q">{tr("名前・住所・番号で探す", "Search by name, address or number")}</label>
            <input id="a-q" name="q" type="search" value=d.q.clone()/>
            <button type="submit">{tr("探す", "Search")}</button>
        </form>
        <p>
            {format::count(d.total, "listing", "listings")}
            {d.own_municipality.clone().map(|m| view! {
                {match lang() {
                    Lang::Ja => format!("（担当の市町村 {m} の掲載）"),
                    Lang::En => format!(" (in your municipality {m})"),
                }}" "
                <a href=format!("/admin?{}", crate::url::encode(&[("all".to_string(), "1".to_string()), ("q".to_string(), d.q.clone())]))>{tr("担当外も表示", "Show the others too")}</a>
            })}
        </p>
        {table("admin-table", &[tr("名称", "Name"), tr("種類", "Kind"), tr("住所", "Address"), tr("最終確認日", "Last confirmed"), ""], d.rows.into_iter().map(|r| view! {
                <tr>
                    <td><a href=format!("/facilities/{}", r.id) lang=data_lang()>{r.name}</a></td>
                    <td>{format::category(&r.category).to_string()}</td>
                    <td lang=data_lang()>{r.address}</td>
                    <td>{format::verified(r.verified_at)}</td>
                    <td>{(r.editable && writer).then(|| view! {
                        <a href=format!("/admin/facilities/{}", r.id)>{tr("編集", "edited")}</a>" "
                        <a href=format!("/admin/facilities/{}/history", r.id)>{tr("履歴", "History")}</a>
                    })}</td>
                </tr>
            }).collect_view())}
    }
    .into_any()
}
