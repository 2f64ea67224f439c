//! A listing's change log and the field-by-field differences it and the requests show.

use super::frame::{csrf_field, table, when};
use crate::i18n::{data_lang, lang, tr};
use leptos::prelude::*;
use model::change::{ChangeEntry, FieldChange};
use model::facility::fields::label_in;
use model::i18n::Lang;

/// A field's value as stored (data, so marked Japanese on an English page), or "(none)".
fn value_text(v: &Option<serde_json::Value>) -> AnyView {
    let text = match v {
        None => return tr("（なし）", "(none)").into_any(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(x) => x.to_string(),
    };
    view! { <span lang=data_lang()>{text}</span> }.into_any()
}

pub(super) fn diff_table(changes: &[FieldChange]) -> impl IntoView + use<> {
    view! {
        <table class="diff">
            <thead><tr><th scope="col">{tr("項目", "Field")}</th><th scope="col">{tr("変更前", "Before")}</th><th scope="col">{tr("変更後", "After")}</th></tr></thead>
            <tbody>
                {changes.iter().map(|c| view! {
                    <tr>
                        <th scope="row">{label_in(&c.field, lang()).to_string()}</th>
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
        <nav class="crumbs" aria-label=tr("現在地", "You are here")><a href="/admin">{tr("掲載一覧", "Listings")}</a>" › "<a href=format!("/admin/facilities/{id}") lang=data_lang()>{name.to_string()}</a>" › "<span>{tr("変更履歴", "Change history")}</span></nav>
        <h1>{match lang() {
            Lang::Ja => view! { {name.to_string()}"の変更履歴" }.into_any(),
            Lang::En => view! { "Change history of "<span lang="ja">{name.to_string()}</span> }.into_any(),
        }}</h1>
        {entries.is_empty().then(|| view! { <p>{tr("まだ変更はありません。", "No changes yet.")}</p> })}
        {table("admin-table history", &[tr("日時", "When"), tr("誰が", "Who"), tr("項目", "Field"), tr("変更前", "Before"), tr("変更後", "After"), ""], entries.iter().map(|e| view! {
                <tr>
                    <td>{when(e.at)}</td>
                    <td>{e.actor.clone()}<br/><span class="small">{kind_label(&e.kind)}{e.note.clone().map(|n| view! { {tr("：", ": ")}<span lang=data_lang()>{n}</span> })}</span></td>
                    <th scope="row">{label_in(&e.change.field, lang()).to_string()}</th>
                    <td class="old">{value_text(&e.change.old)}</td>
                    <td class="new">{value_text(&e.change.new)}</td>
                    <td>
                        <form method="post" action=format!("/admin/changes/{}/revert", e.id) data-confirm=tr("この項目を変更前の値に戻します。よろしいですか。", "This field will be set back to its value before the change. Continue?")>
                            {csrf_field(csrf)}
                            <button type="submit">{tr("この変更を元に戻す", "Undo this change")}</button>
                        </form>
                    </td>
                </tr>
            }).collect_view())}
    }
    .into_any()
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "create" => tr("新規登録", "registered"),
        "edit" => tr("編集", "edited"),
        "verify" => tr("内容確認", "confirmed"),
        "revert" => tr("元に戻す", "undone"),
        "retire" => tr("廃止", "closed"),
        "request" => tr("変更依頼の反映", "change request applied"),
        "import" => tr("取り込み", "import"),
        "merge" => tr("重複の統合", "duplicates merged"),
        _ => tr("変更", "change"),
    }
}
