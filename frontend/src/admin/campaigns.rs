//! `/admin/campaigns/…`: the yearly re-confirmation campaign and its printed forms.

use super::frame::{csrf_field, table, when};
use crate::format;
use chrono::NaiveDate;
use leptos::prelude::*;
use model::freshness::{Campaign, CampaignMember};

/// The campaigns, and the form that starts one.
pub fn campaigns(
    csrf: &str,
    list: &[Campaign],
    municipalities: &[String],
    year_title: &str,
) -> AnyView {
    view! {
        <h1>"年次の確認依頼"</h1>
        <p class="lead">"掲載しているすべての事業所に、年に一度、掲載内容の確認をお願いします。事業所ごとの確認用紙（FAX返信用、更新用アドレス付き）を印刷でき、回答した事業所・まだの事業所が分かります。回答を承認すると、その掲載は「確認済み」になります。"</p>
        <form class="stack" method="post" action="/admin/campaigns">
            {csrf_field(csrf)}
            <label for="c-title">"名前"</label>
            <input id="c-title" name="title" type="text" required value=year_title.to_string()/>
            <label for="c-m">"対象"</label>
            <select id="c-m" name="municipality">
                <option value="">"担当のすべての掲載"</option>
                {municipalities.iter().map(|m| view! { <option value=m.clone()>{format!("市町村コード {m}")}</option> }).collect_view()}
            </select>
            <button type="submit" class="primary">"確認依頼を始める"</button>
        </form>
        {table("admin-table", &["名前", "開始", "回答", "状態"], list.iter().map(|c| view! {
                <tr>
                    <td><a href=format!("/admin/campaigns/{}", c.id)>{c.title.clone()}</a></td>
                    <td>{format!("{}（{}）", when(c.started_at), c.started_by)}</td>
                    <td>{format!("{} / {}件", c.responded, c.members)}</td>
                    <td>{if c.closed_at.is_some() { "終了" } else { "実施中" }}</td>
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
        <nav class="crumbs" aria-label="現在地"><a href="/admin/campaigns">"年次の確認依頼"</a>" › "<span>{c.title.clone()}</span></nav>
        <h1>{c.title.clone()}</h1>
        <p>{format!("回答 {} / {}件（未回答 {}件）　開始 {}", rows.len() - pending, rows.len(), pending, when(c.started_at))}</p>
        {open.then(|| view! {
            <div class="editor-actions">
                <form method="post" action=format!("/admin/campaigns/{}/forms", c.id)>
                    {csrf_field(csrf)}
                    <button type="submit">{format!("未回答の{pending}件の確認用紙を印刷する（更新用アドレスを発行）")}</button>
                </form>
                <form method="post" action=format!("/admin/campaigns/{}/close", c.id) data-confirm="この確認依頼を終了します。よろしいですか。">
                    {csrf_field(csrf)}
                    <button type="submit">"確認依頼を終了する"</button>
                </form>
            </div>
        })}
        <p>
            {if only_pending {
                view! { <a href=back.clone()>"すべて表示"</a> }.into_any()
            } else {
                view! { <a href=format!("{back}?only=pending")>"未回答だけ表示"</a> }.into_any()
            }}
        </p>
        {table("admin-table campaign", &["事業所", "電話・FAX", "回答", "最終確認日", ""], rows.iter().filter(|r| !only_pending || r.member.responded_at.is_none()).map(|r| {
                let id = r.member.facility_id.clone();
                let answer = match (r.member.responded_at, r.member.response) {
                    (Some(t), Some(k)) => format!("{}（{}）", k.label(), when(t)),
                    _ => "未回答".to_string(),
                };
                view! {
                    <tr class:due=r.member.responded_at.is_none()>
                        <td><a href=format!("/admin/facilities/{id}")>{r.name.clone()}</a></td>
                        <td>{r.phone.clone().unwrap_or_default()}<br/><span class="small">{r.fax.clone().map(|f| format!("FAX {f}"))}</span></td>
                        <td>{answer}{r.member.request_id.map(|_| view! { " " <a href="/admin/requests">"変更依頼を見る"</a> })}</td>
                        <td>{format::verified(r.verified_at)}</td>
                        <td>{(open && r.member.responded_at.is_none()).then(|| view! {
                            <form method="post" action=format!("/admin/facilities/{id}/verify")>
                                {csrf_field(csrf)}
                                <input type="hidden" name="next" value=back.clone()/>
                                <button type="submit">"FAX・電話で確認済みにする"</button>
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
            <a href=format!("/admin/campaigns/{}", c.id)>"← 確認依頼に戻る"</a>
            <p>{format!("{}件の確認用紙です。ブラウザの印刷機能（A4縦）で印刷してください。更新用アドレスは印刷した用紙にだけ載っています（以前のアドレスは使えなくなりました）。", forms.len())}</p>
        </div>
        {forms.iter().map(|p| {
            let f = &p.facility;
            let row = |label: &'static str, value: String| view! { <tr><th scope="row">{label}</th><td>{value}</td><td class="fix"></td></tr> };
            let services = f.services.iter().map(|s| format::service(s).to_string()).collect::<Vec<_>>().join("・");
            let caps = f.capabilities.iter().map(|x| format::capability(&x.code).to_string()).collect::<Vec<_>>().join("・");
            let hours = f.opening_hours.as_ref().map(format::week_summary).unwrap_or_default();
            let windows = f.contact_windows.iter().map(format::contact_window).collect::<Vec<_>>().join("／");
            view! {
                <section class="a4-form">
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
        }).collect_view()}
    }
    .into_any()
}
