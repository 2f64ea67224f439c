//! `/admin/requests`: change requests waiting for review.

use super::changes::diff_table;
use super::frame::{csrf_field, when};
use leptos::prelude::*;
use model::change::ChangeRequest;

/// The review queue: pending change requests with their diffs.
pub fn requests(csrf: &str, list: &[(ChangeRequest, String)]) -> AnyView {
    view! {
        <h1>"確認待ちの変更依頼"</h1>
        {list.is_empty().then(|| view! { <p>"確認待ちの変更依頼はありません。"</p> })}
        {list.iter().map(|(r, name)| {
            let when = when(r.submitted_at);
            view! {
                <article class="request" id=format!("request-{}", r.id)>
                    <h2><a href=format!("/admin/facilities/{}", r.facility_id)>{name.clone()}</a></h2>
                    <p class="small">{format!("{when} ／ 送信者：{}（連絡先：{}）", r.submitter, r.contact)}</p>
                    {r.note.clone().map(|n| view! { <p class="note">{format!("メッセージ：{n}")}</p> })}
                    {diff_table(&r.changes)}
                    <div class="request-actions">
                        <form method="post" action=format!("/admin/requests/{}/approve", r.id)>
                            {csrf_field(csrf)}
                            <label for=format!("a-note-{}", r.id)>"メモ"</label>
                            <input id=format!("a-note-{}", r.id) name="note" type="text"/>
                            <button type="submit" class="primary">"承認して反映する"</button>
                        </form>
                        <form method="post" action=format!("/admin/requests/{}/reject", r.id)>
                            {csrf_field(csrf)}
                            <label for=format!("r-note-{}", r.id)>"見送る理由"</label>
                            <input id=format!("r-note-{}", r.id) name="note" type="text" required/>
                            <button type="submit">"見送る"</button>
                        </form>
                    </div>
                </article>
            }
        }).collect_view()}
    }
    .into_any()
}
