//! `/admin`: the listings an account sees, with what waits for it.

use super::frame::table;
use crate::format;
use chrono::NaiveDate;
use leptos::prelude::*;
use model::account::{Role, Viewer};

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
        Role::Admin => "すべての掲載を編集できます。".to_string(),
        Role::Editor => {
            let mut parts = Vec::new();
            if !viewer.scope.municipalities.is_empty() {
                parts.push(format!(
                    "市町村コード {}",
                    viewer.scope.municipalities.join("・")
                ));
            }
            if !viewer.scope.associations.is_empty() {
                parts.push(format!("{} の会員", viewer.scope.associations.join("・")));
            }
            format!("編集できる範囲：{}", parts.join("、"))
        }
        Role::Professional => "関係者向けの情報を閲覧できます（編集はできません）。".to_string(),
    };
    view! {
        <h1>"掲載一覧"</h1>
        <p class="hint">{scope}</p>
        {writer.then(|| view! {
            <ul class="admin-counts">
                <li><a href="/admin/requests">{format!("確認待ちの変更依頼 {}件", d.pending)}</a></li>
                <li><a href="/admin/reviews">{format!("取り込みの確認 {}件", d.reviews.values().sum::<u64>())}</a>
                    {(!d.reviews.is_empty()).then(|| view! {
                        <span class="small">{format!("（{}）", d.reviews.iter().map(|(k, n)| format!("{} {n}", model::review::kind_label(k))).collect::<Vec<_>>().join("、"))}</span>
                    })}
                </li>
                <li><a href="/admin/imports">"データの取り込み（出典と結果）"</a></li>
                <li><a href="/admin/staleness">"確認が必要な掲載（1年以上未確認・受け入れ状況が古い）"</a></li>
                <li><a href="/admin/round">"今週の受け入れ状況を記録する"</a></li>
                <li><a href="/admin/facilities/new">"新しい掲載を登録する"</a></li>
            </ul>
        })}
        <form class="admin-search" method="get" action="/admin" role="search">
            <label for="a-q">"名前・住所・番号で探す"</label>
            <input id="a-q" name="q" type="search" value=d.q.clone()/>
            <button type="submit">"探す"</button>
        </form>
        <p>
            {format!("{}件", d.total)}
            {d.own_municipality.clone().map(|m| view! {
                {format!("（担当の市町村 {m} の掲載）")}" "
                <a href=format!("/admin?{}", crate::url::encode(&[("all".to_string(), "1".to_string()), ("q".to_string(), d.q.clone())]))>"担当外も表示"</a>
            })}
        </p>
        {table("admin-table", &["名称", "種類", "住所", "最終確認日", ""], d.rows.into_iter().map(|r| view! {
                <tr>
                    <td><a href=format!("/facilities/{}", r.id)>{r.name}</a></td>
                    <td>{format::category(&r.category).to_string()}</td>
                    <td>{r.address}</td>
                    <td>{format::verified(r.verified_at)}</td>
                    <td>{(r.editable && writer).then(|| view! {
                        <a href=format!("/admin/facilities/{}", r.id)>"編集"</a>" "
                        <a href=format!("/admin/facilities/{}/history", r.id)>"履歴"</a>
                    })}</td>
                </tr>
            }).collect_view())}
    }
    .into_any()
}
