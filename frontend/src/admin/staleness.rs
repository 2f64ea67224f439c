//! `/admin/staleness`: listings due for re-confirmation, and the policies.

use super::frame::{self, csrf_field};
use crate::format;
use crate::i18n::{data_lang, lang, tr};
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
        <h1>{tr("確認が必要な掲載", "Listings to confirm")}</h1>
        <p class="lead">{lang().pick(format!(
            "最終確認から一定期間（標準{}か月、市町村ごとに設定できます）を過ぎた掲載と、受け入れ状況の報告から{}日を過ぎた掲載です（受け入れ状況は公開ページで「不明」と表示されています）。",
            policy.verify_within_months, policy.availability_days
        ), format!(
            "Listings not confirmed for longer than the interval (by default {} months; each municipality can set its own), and listings whose acceptance status was reported more than {} days ago (the public pages show it as unknown).",
            policy.verify_within_months, policy.availability_days
        ))}</p>
        <section class="policies" aria-labelledby="pol-h">
            <h2 id="pol-h">{tr("市町村ごとの確認の間隔", "Confirmation interval per municipality")}</h2>
            {own.is_empty().then(|| view! { <p>{tr("すべての市町村で標準の間隔です。", "Every municipality uses the standard interval.")}</p> })}
            <ul>{own.into_iter().map(|(m, v)| view! { <li>{lang().pick(format!("市町村コード {m}：{v}か月ごと"), format!("Municipality code {m}: every {v} months"))}</li> }).collect_view()}</ul>
            {(!settable.is_empty()).then(|| view! {
                <form class="admin-search" method="post" action="/admin/policies">
                    {csrf_field(csrf)}
                    <label for="p-m">{tr("市町村コード", "Municipality code")}</label>
                    <select id="p-m" name="municipality">
                        {settable.iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                    </select>
                    <label for="p-months">{tr("確認の間隔（か月）", "Interval (months)")}</label>
                    <input id="p-months" name="verify_within_months" type="number" min="1" max="60" value=policy.verify_within_months.to_string()/>
                    <button type="submit">{tr("設定する", "Set")}</button>
                </form>
            })}
        </section>
        <p>{format::count(list.len() as u64, "listing", "listings")}</p>
        {frame::table("admin-table", &[tr("名称", "Name"), tr("種類", "Kind"), tr("最終確認日", "Last confirmed"), tr("受け入れ状況の報告日", "Acceptance reported")], list.iter().map(|s| view! {
                <tr>
                    <td><a href=format!("/admin/facilities/{}", s.id) lang=data_lang()>{s.name.clone()}</a></td>
                    <td>{format::service(&s.service).to_string()}</td>
                    <td class:due=s.verification_due>{format::verified(s.verified_at)}{s.verification_due.then(|| tr("（要確認）", " (due)"))}</td>
                    <td class:due=s.availability_stale>{s.availability_as_of.map(format::date).unwrap_or_else(|| "—".into())}{s.availability_stale.then(|| tr("（古い）", " (old)"))}</td>
                </tr>
            }).collect_view())}
    }
    .into_any()
}
