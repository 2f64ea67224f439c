//! A listing's change log and the field-by-field differences it and the requests show.

use super::frame::{csrf_field, table, when};
use leptos::prelude::*;
use model::change::{ChangeEntry, FieldChange};
use model::facility::fields::label;

fn value_text(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "（なし）".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(x) => x.to_string(),
    }
}

pub(super) fn diff_table(changes: &[FieldChange]) -> impl IntoView + use<> {
    view! {
        <table class="diff">
            <thead><tr><th scope="col">"項目"</th><th scope="col">"変更前"</th><th scope="col">"変更後"</th></tr></thead>
            <tbody>
                {changes.iter().map(|c| view! {
                    <tr>
                        <th scope="row">{label(&c.field).to_string()}</th>
                        <td class="old">{value_text(&c.old)}</td>
                        <td class="new">{value_text(&c.new)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A listing's change log, newest first, each change with a revert button.
pub fn history(csrf: &str, id: &str, name: &str, entries: &[ChangeEntry]) -> AnyView {
    view! {
        <nav class="crumbs" aria-label="現在地"><a href="/admin">"掲載一覧"</a>" › "<a href=format!("/admin/facilities/{id}")>{name.to_string()}</a>" › "<span>"変更履歴"</span></nav>
        <h1>{format!("{name}の変更履歴")}</h1>
        {entries.is_empty().then(|| view! { <p>"まだ変更はありません。"</p> })}
        {table("admin-table history", &["日時", "誰が", "項目", "変更前", "変更後", ""], entries.iter().map(|e| view! {
                <tr>
                    <td>{when(e.at)}</td>
                    <td>{e.actor.clone()}<br/><span class="small">{kind_label(&e.kind)}{e.note.clone().map(|n| format!("：{n}"))}</span></td>
                    <th scope="row">{label(&e.change.field).to_string()}</th>
                    <td class="old">{value_text(&e.change.old)}</td>
                    <td class="new">{value_text(&e.change.new)}</td>
                    <td>
                        <form method="post" action=format!("/admin/changes/{}/revert", e.id) data-confirm="この項目を変更前の値に戻します。よろしいですか。">
                            {csrf_field(csrf)}
                            <button type="submit">"この変更を元に戻す"</button>
                        </form>
                    </td>
                </tr>
            }).collect_view())}
    }
    .into_any()
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "create" => "新規登録",
        "edit" => "編集",
        "verify" => "内容確認",
        "revert" => "元に戻す",
        "retire" => "廃止",
        "request" => "変更依頼の反映",
        "import" => "取り込み",
        "merge" => "重複の統合",
        _ => "変更",
    }
}
