//! `/update/{token}`: a facility's own update form and the page after sending.

use super::changes::diff_table;
use super::facilities::{input, listing_fields, textarea};
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
        <h1>{format!("{name}：掲載内容の更新")}</h1>
        <p class="lead">"このページは貴事業所専用です。変更したい項目を直して送信してください。市町村・医師会などの担当者が確認してから掲載に反映します。変更がなくても、今週の受け入れ状況だけを送ることもできます。"</p>
        {(pending > 0).then(|| view! { <p class="notice">{format!("確認待ちの送信が{pending}件あります。")}</p> })}
        {in_campaign.then(|| view! { <p class="notice">"掲載内容の確認をお願いしています。変更がなければ、お名前と連絡先を入れてそのまま送信してください（「変更なし」の回答になります）。"</p> })}
        <form class="listing-form" method="post" action=format!("/update/{token}")>
            {listing_fields(&form, FormRole::Facility, &[], tiles)}
            <fieldset>
                <legend>"送信する方"</legend>
                {input("お名前", "submitter", &form, "text")}
                {input("連絡先（電話またはメール）", "contact", &form, "text")}
                {textarea("担当者へのメッセージ", "note", &form, None)}
            </fieldset>
            <div class="form-actions"><button type="submit" class="primary">"送信する"</button></div>
        </form>
    }
    .into_any()
}

/// After a facility's proposal was queued.
pub fn update_sent(token: &str, name: &str, fields: &[FieldChange]) -> AnyView {
    view! {
        <h1>"送信しました"</h1>
        <p>{format!("{name}の変更内容を受け付けました。担当者が確認してから掲載に反映します。")}</p>
        {diff_table(fields)}
        <p><a href=format!("/update/{token}")>"更新フォームに戻る"</a></p>
    }
    .into_any()
}
