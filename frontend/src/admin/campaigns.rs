//! `/admin/campaigns/…`: the yearly re-confirmation campaign and its printed forms.

use super::frame::{csrf_field, table, when};
use crate::format;
use crate::i18n::{data_lang, lang, tr};
use chrono::NaiveDate;
use leptos::prelude::*;
use model::freshness::{Campaign, CampaignMember};
use model::i18n::Lang;

/// The campaigns, and the form that starts one.
pub fn campaigns(
    csrf: &str,
    list: &[Campaign],
    municipalities: &[String],
    year_title: &str,
) -> AnyView {
    view! {
        <h1>{tr("年次の確認依頼", "Yearly confirmation")}</h1>
        <p class="lead">{tr("掲載しているすべての事業所に、年に一度、掲載内容の確認をお願いします。事業所ごとの確認用紙（FAX返信用、更新用アドレス付き）を印刷でき、回答した事業所・まだの事業所が分かります。回答を承認すると、その掲載は「確認済み」になります。", "Once a year, every listed facility is asked to confirm its listing. A form per facility (to return by fax, with its update address) can be printed, and the page shows who has answered and who has not. Approving an answer marks the listing as confirmed.")}</p>
        <form class="stack" method="post" action="/admin/campaigns">
            {csrf_field(csrf)}
            <label for="c-title">{tr("名前", "Name")}</label>
            <input id="c-title" name="title" type="text" required value=year_title.to_string() lang=data_lang()/>
            <label for="c-m">{tr("対象", "Listings")}</label>
            <select id="c-m" name="municipality">
                <option value="">{tr("担当のすべての掲載", "Every listing you look after")}</option>
                {municipalities.iter().map(|m| view! { <option value=m.clone()>{format!("{}{m}", tr("市町村コード ", "Municipality code "))}</option> }).collect_view()}
            </select>
            <button type="submit" class="primary">{tr("確認依頼を始める", "Start the confirmation")}</button>
        </form>
        {table("admin-table", &[tr("名前", "Name"), tr("開始", "Started"), tr("回答", "Answers"), tr("状態", "Status")], list.iter().map(|c| view! {
                <tr>
                    <td><a href=format!("/admin/campaigns/{}", c.id) lang=data_lang()>{c.title.clone()}</a></td>
                    <td>{lang().pick(format!("{}（{}）", when(c.started_at), c.started_by), format!("{} ({})", when(c.started_at), c.started_by))}</td>
                    <td>{format!("{} / {}", c.responded, format::count(c.members as u64, "listing", "listings"))}</td>
                    <td>{if c.closed_at.is_some() { tr("終了", "Closed") } else { tr("実施中", "Open") }}</td>
                </tr>
            }).collect_view())}
    }
    .into_any()
}

/// One listing of a campaign page.
pub struct CampaignRow {
    /// The member record.
    pub member: CampaignMember,
    /// Name.
    pub name: String,
    /// Phone and FAX.
    pub phone: Option<String>,
    /// FAX.
    pub fax: Option<String>,
    /// Last confirmation.
    pub verified_at: Option<NaiveDate>,
}

/// A campaign: responders and non-responders, forms to print, confirmation per listing.
pub fn campaign(csrf: &str, c: &Campaign, rows: &[CampaignRow], only_pending: bool) -> AnyView {
    let pending = rows
        .iter()
        .filter(|r| r.member.responded_at.is_none())
        .count();
    let open = c.closed_at.is_none();
    let back = format!("/admin/campaigns/{}", c.id);
    view! {
        <nav class="crumbs" aria-label=tr("現在地", "You are here")><a href="/admin/campaigns">{tr("年次の確認依頼", "Yearly confirmation")}</a>" › "<span lang=data_lang()>{c.title.clone()}</span></nav>
        <h1 lang=data_lang()>{c.title.clone()}</h1>
        <p>{match lang() {
            Lang::Ja => format!("回答 {} / {}件（未回答 {}件）　開始 {}", rows.len() - pending, rows.len(), pending, when(c.started_at)),
            Lang::En => format!("Answered {} of {} ({} without an answer). Started {}", rows.len() - pending, rows.len(), pending, when(c.started_at)),
        }}</p>
        {open.then(|| view! {
            <div class="editor-actions">
                <form method="post" action=format!("/admin/campaigns/{}/forms", c.id)>
                    {csrf_field(csrf)}
                    <button type="submit">{match lang() {
                        Lang::Ja => format!("未回答の{pending}件の確認用紙を印刷する（更新用アドレスを発行）"),
                        Lang::En => format!("Print the forms of the {pending} without an answer (issues their update addresses)"),
                    }}</button>
                </form>
                <form method="post" action=format!("/admin/campaigns/{}/close", c.id) data-confirm=tr("この確認依頼を終了します。よろしいですか。", "This confirmation will be closed. Continue?")>
                    {csrf_field(csrf)}
                    <button type="submit">{tr("確認依頼を終了する", "Close the confirmation")}</button>
                </form>
            </div>
        })}
        <p>
            {if only_pending {
                view! { <a href=back.clone()>{tr("すべて表示", "Show all")}</a> }.into_any()
            } else {
                view! { <a href=format!("{back}?only=pending")>{tr("未回答だけ表示", "Show only those without an answer")}</a> }.into_any()
            }}
        </p>
        {table("admin-table campaign", &[tr("事業所", "Facility"), tr("電話・FAX", "Phone, fax"), tr("回答", "Answer"), tr("最終確認日", "Last confirmed"), ""], rows.iter().filter(|r| !only_pending || r.member.responded_at.is_none()).map(|r| {
                let id = r.member.facility_id.clone();
                let answer = match (r.member.responded_at, r.member.response) {
                    (Some(t), Some(k)) => lang().pick(format!("{}（{}）", k.label(), when(t)), format!("{} ({})", k.label_in(Lang::En), when(t))),
                    _ => tr("未回答", "No answer").to_string(),
                };
                view! {
                    <tr class:due=r.member.responded_at.is_none()>
                        <td><a href=format!("/admin/facilities/{id}") lang=data_lang()>{r.name.clone()}</a></td>
                        <td>{r.phone.clone().unwrap_or_default()}<br/><span class="small">{r.fax.clone().map(|f| format!("{} {f}", tr("FAX", "Fax")))}</span></td>
                        <td>{answer}{r.member.request_id.map(|_| view! { " " <a href="/admin/requests">{tr("変更依頼を見る", "See the change request")}</a> })}</td>
                        <td>{format::verified(r.verified_at)}</td>
                        <td>{(open && r.member.responded_at.is_none()).then(|| view! {
                            <form method="post" action=format!("/admin/facilities/{id}/verify")>
                                {csrf_field(csrf)}
                                <input type="hidden" name="next" value=back.clone()/>
                                <button type="submit">{tr("FAX・電話で確認済みにする", "Mark as confirmed by fax or phone")}</button>
                            </form>
                        })}</td>
                    </tr>
                }
            }).collect_view())}
    }
    .into_any()
}

/// One printed confirmation form.
pub struct PrintedForm {
    /// The listing as the directory holds it.
    pub facility: model::Facility,
    /// Its fresh update link.
    pub url: String,
}

/// The campaign's A4 forms, one page per listing: the entry as held, where to correct it,
/// and its update link.
pub fn campaign_forms(c: &Campaign, forms: &[PrintedForm], today: NaiveDate) -> AnyView {
    view! {
        <div class="print-tools no-print">
            <a href=format!("/admin/campaigns/{}", c.id)>{tr("← 確認依頼に戻る", "← Back to the confirmation")}</a>
            <p>{match lang() {
                Lang::Ja => format!("{}件の確認用紙です。ブラウザの印刷機能（A4縦）で印刷してください。更新用アドレスは印刷した用紙にだけ載っています（以前のアドレスは使えなくなりました）。", forms.len()),
                Lang::En => format!("{} confirmation forms, in Japanese for the facilities. Print them with the browser (A4 portrait). The update addresses are only on the printed forms (the previous addresses no longer work).", forms.len()),
            }}</p>
        </div>
        {crate::i18n::in_lang(Lang::Ja, || forms.iter().map(|p| {
            let f = &p.facility;
            let row = |label: &'static str, value: String| view! { <tr><th scope="row">{label}</th><td>{value}</td><td class="fix"></td></tr> };
            let services = f.services.iter().map(|s| format::service(s).to_string()).collect::<Vec<_>>().join("・");
            let caps = f.capabilities.iter().map(|x| format::capability(&x.code).to_string()).collect::<Vec<_>>().join("・");
            let hours = f.opening_hours.as_ref().map(format::week_summary).unwrap_or_default();
            let windows = f.contact_windows.iter().map(format::contact_window).collect::<Vec<_>>().join("／");
            view! {
                // A letter to the facility: Japanese whatever the page's language.
                <section class="a4-form" lang="ja">
                    <header>
                        <p class="small">{format!("{}　{}", c.title, format::date(today))}</p>
                        <h1>"医療・介護資源マップ　掲載内容の確認のお願い"</h1>
                        <p>{format!("{} 様", f.name)}</p>
                    </header>
                    <p>"いつもご協力ありがとうございます。現在の掲載内容は下の表のとおりです。変更がある項目は右の欄に正しい内容をご記入のうえ、FAXでご返送ください。変更がない場合も、下の「変更なし」に印をつけてご返送ください。"</p>
                    <p>"パソコン・スマートフォンからは、次のアドレスで直接ご回答いただけます（貴事業所専用です）："</p>
                    <p class="update-url">{p.url.clone()}</p>
                    <table class="form-table">
                        <thead><tr><th scope="col">"項目"</th><th scope="col">"現在の掲載内容"</th><th scope="col">"変更後の内容"</th></tr></thead>
                        <tbody>
                            {row("名称", f.name.clone())}
                            {row("サービス", services)}
                            {row("所在地", f.address.one_line())}
                            {row("電話", f.phone.clone().unwrap_or_default())}
                            {row("FAX", f.fax.clone().unwrap_or_default())}
                            {row("ホームページ", f.url.clone().unwrap_or_default())}
                            {row("受付時間", hours)}
                            {row("対応していること", caps)}
                            {row("ケアマネタイム（関係者のみに公開）", windows)}
                            {row("受け入れ状況", f.availability.as_ref().map(|a| format!("{}（{}時点）", a.accepting.label(), format::date(a.as_of))).unwrap_or_default())}
                        </tbody>
                    </table>
                    <p class="checks">"□ 変更なし　　□ 上記のとおり変更あり"</p>
                    <p class="checks">"ご記入者：＿＿＿＿＿＿＿＿＿＿　連絡先：＿＿＿＿＿＿＿＿＿＿　記入日：＿＿＿＿＿"</p>
                </section>
            }
        }).collect_view())}
    }
    .into_any()
}
