//! `/update/{token}`: a facility's own update form and the page after sending.

use super::changes::diff_table;
use super::facilities::{input, listing_fields, textarea};
use crate::i18n::{data_lang, lang, tr};
use crate::wire::Tiles;
use leptos::prelude::*;
use model::change::FieldChange;
use model::form::{Form, FormRole};

/// The facility's update form, opened from its private link.
pub fn update_form(
    token: &str,
    name: &str,
    values: &[(String, String)],
    pending: usize,
    in_campaign: bool,
    tiles: &Tiles,
) -> AnyView {
    let form = Form::new(values);
    view! {
        <h1><span lang=data_lang()>{name.to_string()}</span>{tr("：掲載内容の更新", ": update the listing")}</h1>
        <p class="lead">{tr("このページは貴事業所専用です。変更したい項目を直して送信してください。市町村・医師会などの担当者が確認してから掲載に反映します。変更がなくても、今週の受け入れ状況だけを送ることもできます。", "This page is for your facility only. Correct what has changed and send it: the staff of the municipality or medical association check it before it appears on the map. Even without changes, you can send just this week's acceptance status.")}</p>
        {(pending > 0).then(|| view! { <p class="notice">{lang().pick(format!("確認待ちの送信が{pending}件あります。"), format!("{pending} earlier submission(s) are waiting for review."))}</p> })}
        {in_campaign.then(|| view! { <p class="notice">{tr("掲載内容の確認をお願いしています。変更がなければ、お名前と連絡先を入れてそのまま送信してください（「変更なし」の回答になります）。", "We are asking every facility to confirm its listing. If nothing has changed, enter your name and contact and send the form as it is (it counts as \"no change\").")}</p> })}
        <form class="listing-form" method="post" action=format!("/update/{token}")>
            {listing_fields(&form, FormRole::Facility, &[], tiles)}
            <fieldset>
                <legend>{tr("送信する方", "Who is sending")}</legend>
                {input(tr("お名前", "Your name"), "submitter", &form, "text")}
                {input(tr("連絡先（電話またはメール）", "Contact (phone or e-mail)"), "contact", &form, "text")}
                {textarea(tr("担当者へのメッセージ", "Message to the staff"), "note", &form, None)}
            </fieldset>
            <div class="form-actions"><button type="submit" class="primary">{tr("送信する", "Send")}</button></div>
        </form>
    }
    .into_any()
}

/// After a facility's proposal was queued.
pub fn update_sent(token: &str, name: &str, fields: &[FieldChange]) -> AnyView {
    view! {
        <h1>{tr("送信しました", "Sent")}</h1>
        <p>{match lang() {
            model::i18n::Lang::Ja => view! { {name.to_string()}"の変更内容を受け付けました。担当者が確認してから掲載に反映します。" }.into_any(),
            model::i18n::Lang::En => view! { "The changes to "<span lang="ja">{name.to_string()}</span>" were received. The staff check them before they appear on the map." }.into_any(),
        }}</p>
        {diff_table(fields)}
        <p><a href=format!("/update/{token}")>{tr("更新フォームに戻る", "Back to the update form")}</a></p>
    }
    .into_any()
}
