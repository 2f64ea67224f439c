//! `/admin/staleness`: listings due for re-confirmation, and the policies.

use super::frame::{self, csrf_field};
use crate::format;
use leptos::prelude::*;
use model::freshness::{FreshnessPolicy, PolicyTable, StaleListing};

/// The staleness report, with the municipalities' confirmation intervals (and a form to set
/// one for `settable` municipalities).
pub fn staleness(
    csrf: &str,
    list: &[StaleListing],
    table: &PolicyTable,
    settable: &[String],
) -> AnyView {
    let policy: &FreshnessPolicy = &table.default;
    let own: Vec<(String, u32)> = table
        .verify_months_by_municipality
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    view! {
        <h1>"確認が必要な掲載"</h1>
        <p class="lead">{format!(
            "最終確認から一定期間（標準{}か月、市町村ごとに設定できます）を過ぎた掲載と、受け入れ状況の報告から{}日を過ぎた掲載です（受け入れ状況は公開ページで「不明」と表示されています）。",
            policy.verify_within_months, policy.availability_days
        )}</p>
        <section class="policies" aria-labelledby="pol-h">
            <h2 id="pol-h">"市町村ごとの確認の間隔"</h2>
            {own.is_empty().then(|| view! { <p>"すべての市町村で標準の間隔です。"</p> })}
            <ul>{own.into_iter().map(|(m, v)| view! { <li>{format!("市町村コード {m}：{v}か月ごと")}</li> }).collect_view()}</ul>
            {(!settable.is_empty()).then(|| view! {
                <form class="admin-search" method="post" action="/admin/policies">
                    {csrf_field(csrf)}
                    <label for="p-m">"市町村コード"</label>
                    <select id="p-m" name="municipality">
                        {settable.iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                    </select>
                    <label for="p-months">"確認の間隔（か月）"</label>
                    <input id="p-months" name="verify_within_months" type="number" min="1" max="60" value=policy.verify_within_months.to_string()/>
                    <button type="submit">"設定する"</button>
                </form>
            })}
        </section>
        <p>{format!("{}件", list.len())}</p>
        {frame::table("admin-table", &["名称", "種類", "最終確認日", "受け入れ状況の報告日"], list.iter().map(|s| view! {
                <tr>
                    <td><a href=format!("/admin/facilities/{}", s.id)>{s.name.clone()}</a></td>
                    <td>{format::service(&s.service).to_string()}</td>
                    <td class:due=s.verification_due>{format::verified(s.verified_at)}{s.verification_due.then_some("（要確認）")}</td>
                    <td class:due=s.availability_stale>{s.availability_as_of.map(format::date).unwrap_or_else(|| "—".into())}{s.availability_stale.then_some("（古い）")}</td>
                </tr>
            }).collect_view())}
    }
    .into_any()
}
