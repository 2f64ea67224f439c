//! `/admin/requests`: change requests waiting for review.

use super::changes::diff_table;
use super::frame::{csrf_field, when};
use crate::i18n::{data_lang, tr};
use leptos::prelude::*;
use model::change::ChangeRequest;

/// The review queue: pending change requests with their diffs.
pub fn requests(csrf: &str, list: &[(ChangeRequest, String)]) -> AnyView {
    view! {
        <h1>{tr("確認待ちの変更依頼", "Change requests waiting for review")}</h1>
        {list.is_empty().then(|| view! { <p>{tr("確認待ちの変更依頼はありません。", "No change request is waiting.")}</p> })}
        {list.iter().map(|(r, name)| {
            let when = when(r.submitted_at);
            view! {
                <article class="request" id=format!("request-{}", r.id)>
                    <h2><a href=format!("/admin/facilities/{}", r.facility_id) lang=data_lang()>{name.clone()}</a></h2>
                    <p class="small">
                        {when}{tr(" ／ 送信者：", " / Sent by: ")}<span lang=data_lang()>{r.submitter.clone()}</span>
                        {tr("（連絡先：", " (contact: ")}<span lang=data_lang()>{r.contact.clone()}</span>{tr("）", ")")}
                    </p>
                    {r.note.clone().map(|n| view! { <p class="note">{tr("メッセージ：", "Message: ")}<span lang=data_lang()>{n}</span></p> })}
                    {diff_table(&r.changes)}
                    <div class="request-actions">
                        <form method="post" action=format!("/admin/requests/{}/approve", r.id)>
                            {csrf_field(csrf)}
                            <label for=format!("a-note-{}", r.id)>{tr("メモ", "Note")}</label>
                            <input id=format!("a-note-{}", r.id) name="note" type="text"/>
                            <button type="submit" class="primary">{tr("承認して反映する", "Approve and apply")}</button>
                        </form>
                        <form method="post" action=format!("/admin/requests/{}/reject", r.id)>
                            {csrf_field(csrf)}
                            <label for=format!("r-note-{}", r.id)>{tr("見送る理由", "Reason for declining")}</label>
                            <input id=format!("r-note-{}", r.id) name="note" type="text" required/>
                            <button type="submit">{tr("見送る", "Decline")}</button>
                        </form>
                    </div>
                </article>
            }
        }).collect_view()}
    }
    .into_any()
}
