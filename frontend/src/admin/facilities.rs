//! `/admin/facilities/…`: the listing form (every field group, drawn from name–value pairs).

use super::frame::csrf_field;
use crate::format;
use crate::i18n::{data_lang, lang, tr};
use crate::wire::Tiles;
use chrono::NaiveDate;
use leptos::prelude::*;
use model::facility::{Accepting, ContactMethod, FieldGroup, LifecycleStatus};
use model::form::{Form, FormRole, row_count};
use model::i18n::Lang;
use model::taxonomy;

/// An area a listing can belong to.
pub struct AreaChoice {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// The editor page's content.
pub struct Editor<'a> {
    /// The listing's id (None: a new listing).
    pub id: Option<&'a str>,
    /// Its name as stored (the page heading).
    pub name: &'a str,
    /// The version the form was drawn from (sent back as `expect_seq`).
    pub seq: i64,
    /// The form's values.
    pub values: &'a [(String, String)],
    /// Areas the listing can be put in (used without a position).
    pub areas: &'a [AreaChoice],
    /// Map tiles for the position map.
    pub tiles: &'a Tiles,
    /// A freshly issued update link (shown once).
    pub issued_link: Option<String>,
    /// True when the listing has a live update link.
    pub has_link: bool,
    /// Last confirmation.
    pub verified: Option<(NaiveDate, Option<String>)>,
    /// Lifecycle status as stored.
    pub status: LifecycleStatus,
}

/// The listing editor (new or existing).
pub fn editor(csrf: &str, e: Editor<'_>) -> AnyView {
    let form = Form::new(e.values);
    let action = match e.id {
        Some(id) => format!("/admin/facilities/{id}"),
        None => "/admin/facilities/new".to_string(),
    };
    let heading = match e.id {
        Some(_) => {
            view! { <span lang=data_lang()>{e.name.to_string()}</span>{tr("を編集", ": edit")} }
                .into_any()
        }
        None => tr("新しい掲載を登録", "Register a new listing").into_any(),
    };
    let id_field = e.id.is_none().then(|| {
        view! {
            <div class="field">
                <label for="f-id">{tr("ID（英数字と - _ .）", "ID (letters, digits, - _ .)")}</label>
                <input id="f-id" name="id" required pattern="[A-Za-z0-9._-]+" value=form.text("id").unwrap_or_default()/>
            </div>
        }
    });
    let actions = e.id.map(|id| {
        let id = id.to_string();
        let verified = match &e.verified {
            Some((d, by)) => view! {
                {tr("最終確認日：", "Last confirmed: ")}
                {format::date(*d)}
                {by.clone().map(|b| view! { {tr("（", " (")}<span lang=data_lang()>{b}</span>{tr("）", ")")} })}
            }
            .into_any(),
            None => tr("最終確認日：未確認", "Last confirmed: never").into_any(),
        };
        let link = e.issued_link.clone().map(|url| view! {
            <div class="issued-link" role="status">
                <p><strong>{tr("事業所用の更新リンクを発行しました。", "An update link for the facility was issued.")}</strong>{tr("このリンクは今だけ表示されます。事業所へ送ってください（以前のリンクは使えなくなりました）。", "It is shown only now: send it to the facility (the previous link no longer works).")}</p>
                <p><input class="link-copy" readonly value=url.clone() aria-label=tr("更新リンク", "Update link")/></p>
            </div>
        });
        let retired = e.status == LifecycleStatus::Closed;
        view! {
            <section class="editor-actions" aria-label=tr("確認と公開の操作", "Confirmation and publication")>
                <p>{verified}</p>
                <form method="post" action=format!("/admin/facilities/{id}/verify")>
                    {csrf_field(csrf)}
                    <button type="submit">{tr("本日時点で内容を確認済みにする", "Mark the content as confirmed today")}</button>
                </form>
                <form method="post" action=format!("/admin/facilities/{id}/update-link")>
                    {csrf_field(csrf)}
                    <button type="submit">{if e.has_link { tr("更新リンクを発行し直す", "Issue a new update link") } else { tr("事業所用の更新リンクを発行する", "Issue an update link for the facility") }}</button>
                </form>
                {e.has_link.then(|| view! {
                    <form method="post" action=format!("/admin/facilities/{id}/update-link/revoke")>
                        {csrf_field(csrf)}
                        <button type="submit">{tr("更新リンクを無効にする", "Revoke the update link")}</button>
                    </form>
                })}
                {(!retired).then(|| view! {
                    <form method="post" action=format!("/admin/facilities/{id}/retire") data-confirm=tr("この掲載を廃止にします。よろしいですか。", "This listing will be marked closed. Continue?")>
                        {csrf_field(csrf)}
                        <button type="submit" class="danger">{tr("廃止にする", "Mark as closed")}</button>
                    </form>
                })}
                <p><a href=format!("/admin/facilities/{id}/history")>{tr("変更履歴", "Change history")}</a>{tr(" ・ ", " · ")}<a href=format!("/facilities/{id}")>{tr("公開ページ", "Public page")}</a></p>
                {link}
            </section>
        }
    });
    view! {
        <nav class="crumbs" aria-label=tr("現在地", "You are here")><a href="/admin">{tr("掲載一覧", "Listings")}</a>" › "<span lang=e.id.and(data_lang())>{e.name.to_string()}</span></nav>
        <h1>{heading}</h1>
        {actions}
        <form class="listing-form" method="post" action=action>
            {csrf_field(csrf)}
            <input type="hidden" name="expect_seq" value=e.seq.to_string()/>
            {id_field}
            {listing_fields(&form, FormRole::Editor, e.areas, e.tiles)}
            <div class="form-actions">
                <button type="submit" class="primary">{tr("保存する", "Save")}</button>
            </div>
        </form>
    }
    .into_any()
}

pub(super) fn input(
    label: &str,
    name: &str,
    form: &Form<'_>,
    kind: &'static str,
) -> impl IntoView + use<> {
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label.to_string()}</label>
            <input id=id name=name.to_string() type=kind value=form.text(name).unwrap_or_default() lang=data_lang()/>
        </div>
    }
}

/// Several one-line fields: (label, name, input type) each.
fn inputs(form: &Form<'_>, fields: &[(&str, &str, &'static str)]) -> impl IntoView + use<> {
    fields
        .iter()
        .map(|(label, name, kind)| input(label, name, form, kind))
        .collect_view()
}

pub(super) fn textarea(
    label: &str,
    name: &str,
    form: &Form<'_>,
    hint: Option<AnyView>,
) -> impl IntoView + use<> {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label.to_string()}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <textarea id=id name=name.to_string() rows="3" aria-describedby=described lang=data_lang()>{form.text(name).unwrap_or_default()}</textarea>
        </div>
    }
}

fn checkbox(label: &str, name: &str, value: &str, checked: bool) -> impl IntoView + use<> {
    labelled_checkbox(label, None, name, value, checked)
}

/// A checkbox whose label is Japanese data (an area's name): marked as such on an English page.
fn data_checkbox(label: &str, name: &str, value: &str, checked: bool) -> impl IntoView + use<> {
    labelled_checkbox(label, data_lang(), name, value, checked)
}

fn labelled_checkbox(
    label: &str,
    label_lang: Option<&'static str>,
    name: &str,
    value: &str,
    checked: bool,
) -> impl IntoView + use<> {
    view! {
        <label class="check"><input type="checkbox" name=name.to_string() value=value.to_string() checked=checked/><span lang=label_lang>{label.to_string()}</span></label>
    }
}

/// How weekly slots are typed (the syntax is Japanese in both languages: the example is data).
fn slots_hint() -> AnyView {
    const EXAMPLE: &str =
        "月〜金 09:00-12:00 14:00-18:00 ／ 土 第1・3 09:00-12:00 ／ 水 第2・4休 13:00-15:00";
    match lang() {
        Lang::Ja => format!("1行に1つ、「曜日 時間」で書きます。例：{EXAMPLE}").into_any(),
        Lang::En => view! {
            "One line each: days, optional weeks of the month, then times, written in Japanese as in "
            <span lang="ja">{EXAMPLE}</span>
            " ("<span lang="ja">"月〜金"</span>" = Monday to Friday; "<span lang="ja">"第1・3"</span>" = the 1st and 3rd week of the month; "<span lang="ja">"第2・4休"</span>" = every week but the 2nd and 4th)."
        }
        .into_any(),
    }
}

/// The listing's fields, as the editor and the facility's update form share them.
pub fn listing_fields(
    form: &Form<'_>,
    role: FormRole,
    areas: &[AreaChoice],
    tiles: &Tiles,
) -> AnyView {
    let services = form.all("service");
    let caps = form.all("capability");
    let service_groups = taxonomy::CATEGORIES.iter().map(|c| {
        let items = taxonomy::SERVICE_TYPES
            .iter()
            .filter(|s| s.category == c.code)
            .map(|s| {
                checkbox(
                    s.label_in(lang()),
                    "service",
                    s.code,
                    services.iter().any(|x| x == s.code),
                )
            })
            .collect_view();
        view! { <fieldset class="choices"><legend>{c.label_in(lang())}</legend>{items}</fieldset> }
    });
    let mut groups: Vec<&str> = Vec::new();
    for c in taxonomy::CAPABILITIES {
        if !groups.contains(&c.group) {
            groups.push(c.group);
        }
    }
    let cap_groups = groups.into_iter().map(|g| {
        let items = taxonomy::CAPABILITIES
            .iter()
            .filter(|c| c.group == g)
            .map(|c| {
                checkbox(
                    c.label_in(lang()),
                    "capability",
                    c.code,
                    caps.iter().any(|x| x == c.code),
                )
            })
            .collect_view();
        view! { <fieldset class="choices"><legend>{taxonomy::group_label(g, lang())}</legend>{items}</fieldset> }
    });
    let status = form.text("status").unwrap_or_else(|| "active".into());
    let has_position = form.text("lat").is_some();
    let chosen_areas = form.all("area");
    let area_names: Vec<String> = areas
        .iter()
        .filter(|a| chosen_areas.contains(&a.id))
        .map(|a| a.name.clone())
        .collect();
    let areas_view = if role == FormRole::Editor {
        Some(if has_position {
            view! {
                <p class="hint">
                    {tr("圏域：", "Daily-life areas: ")}
                    {if area_names.is_empty() { tr("なし", "none").into_any() } else { view! { <span lang=data_lang()>{area_names.join("・")}</span> }.into_any() }}
                    {tr("（位置から自動で決まります）", " (set from the position)")}
                </p>
            }
            .into_any()
        } else {
            view! {
                <fieldset class="choices">
                    <legend>{tr("圏域（位置がないときだけ手で選びます）", "Daily-life areas (chosen by hand only when there is no position)")}</legend>
                    <input type="hidden" name="areas_sent" value="1"/>
                    {areas.iter().map(|a| data_checkbox(&a.name, "area", &a.id, chosen_areas.contains(&a.id))).collect_view()}
                </fieldset>
            }
            .into_any()
        })
    } else {
        None
    };
    let windows = (0..row_count(form, "cw")).map(|i| {
        let k = |s: &str| format!("cw{i}_{s}");
        let methods = form.all(&k("method"));
        view! {
            <fieldset class="row-group">
                <legend>{format!("{} {}", tr("ケアマネタイム", "Care-manager contact time"), i + 1)}</legend>
                {textarea(tr("曜日と時間", "Days and times"), &k("slots"), form, Some(slots_hint()))}
                {input(tr("担当者", "Contact person"), &k("person"), form, "text")}
                {input(tr("直通電話", "Direct line"), &k("phone"), form, "tel")}
                <div class="choices">
                    {ContactMethod::ALL.into_iter().map(|m| checkbox(m.label_in(lang()), &k("method"), m.code(), methods.iter().any(|x| x == m.code()))).collect_view()}
                </div>
                {input(tr("備考", "Note"), &k("note"), form, "text")}
            </fieldset>
        }
    }).collect_view();
    let points = (0..row_count(form, "cp"))
        .map(|i| {
            let k = |s: &str| format!("cp{i}_{s}");
            view! {
                <fieldset class="row-group">
                    <legend>{format!("{} {}", tr("窓口", "Desk"), i + 1)}</legend>
                    {input(tr("窓口の名前（例：地域連携室）", "Name of the desk (e.g. community liaison office)"), &k("name"), form, "text")}
                    {input(tr("担当者", "Contact person"), &k("person"), form, "text")}
                    {input(tr("直通電話", "Direct line"), &k("phone"), form, "tel")}
                    {input(tr("FAX", "Fax"), &k("fax"), form, "tel")}
                    {input(tr("メール", "E-mail"), &k("email"), form, "email")}
                    {input(tr("備考", "Note"), &k("note"), form, "text")}
                </fieldset>
            }
        })
        .collect_view();
    let acc = form.text("acc").unwrap_or_default();
    let acc_choices = std::iter::once(("", tr("報告なし", "Not reported")))
        .chain(Accepting::ALL.into_iter().map(|a| (a.code(), a.label_in(lang()))))
        .map(|(code, label)| {
            view! {
                <label class="check"><input type="radio" name="acc" value=code checked=acc == code/>{label}</label>
            }
        })
        .collect_view();
    let visibility = (role == FormRole::Editor).then(|| {
        view! {
            <fieldset class="visibility">
                <legend>{tr("公開範囲", "Visibility")}</legend>
                <p class="hint">{tr("「関係者のみ」にした項目は、ログインした関係者にだけ表示されます。", "Fields set to \"Professionals only\" are shown only to signed-in professionals.")}</p>
                {FieldGroup::ALL.into_iter().map(|g| {
                    let name = format!("vis_{}", g.code());
                    let current = form.text(&name).unwrap_or_else(|| model::form::visibility_code(g.default_visibility()).to_string());
                    let id = format!("f-{name}");
                    view! {
                        <div class="field inline">
                            <label for=id.clone()>{g.label_in(lang())}</label>
                            <select id=id name=name>
                                <option value="public" selected=current == "public">{tr("公開", "Public")}</option>
                                <option value="professional" selected=current == "professional">{tr("関係者のみ", "Professionals only")}</option>
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            {textarea(tr("関係者メモ（関係者のみに表示）", "Note for professionals (shown to professionals only)"), "internal_note", form, None)}
        }
    });
    // Without tiles the map still shows the marker and takes clicks.
    let map = view! {
        <div class="position-map" data-position-map="" data-tile-url=tiles.url.clone() data-tile-attribution=tiles.attribution.clone()
            role="application" aria-label=tr("位置を選ぶ地図（クリックした所が位置になります）", "Map for the position (a click sets the position)")></div>
    };
    view! {
        <fieldset>
            <legend>{tr("基本", "Basics")}</legend>
            {inputs(form, &[
                (tr("名称", "Name"), "name", "text"),
                (tr("ふりがな（カタカナ）", "Reading (katakana)"), "name_kana", "text"),
                (tr("運営法人", "Operator"), "operator", "text"),
            ])}
            {textarea(tr("別名・旧名称（1行に1つ）", "Other and former names (one per line)"), "aliases", form, None)}
            {input(tr("本体の事業所のID（サテライトのとき）", "ID of the main office (for a satellite)"), "parent_id", form, "text")}
            <div class="field">
                <label for="f-status">{tr("状態", "Status")}</label>
                <select id="f-status" name="status">
                    {LifecycleStatus::ALL.into_iter().map(|s| view! { <option value=s.code() selected=status == s.code()>{s.label_in(lang())}</option> }).collect_view()}
                </select>
            </div>
            {input(tr("定員・病床数", "Capacity / beds"), "capacity", form, "number")}
            {textarea(tr("特色", "Features"), "description", form, None)}
        </fieldset>
        <fieldset>
            <legend>{tr("サービス種別", "Service types")}</legend>
            {service_groups.collect_view()}
        </fieldset>
        <fieldset>
            <legend>{tr("対応していること", "What it does")}</legend>
            {cap_groups.collect_view()}
        </fieldset>
        <fieldset>
            <legend>{tr("所在地と位置", "Address and position")}</legend>
            {inputs(form, &[
                (tr("郵便番号", "Postal code"), "postal_code", "text"),
                (tr("都道府県", "Prefecture"), "prefecture", "text"),
                (tr("市区町村", "Municipality"), "city", "text"),
                (tr("町名・番地", "Town and block"), "street", "text"),
                (tr("建物名", "Building"), "building", "text"),
                (tr("市町村コード", "Municipality code"), "municipality_code", "text"),
            ])}
            <p class="hint">{tr("地図をクリックすると、その場所が位置（緯度・経度）になります。", "A click on the map sets the position (latitude and longitude).")}</p>
            <p class="geocode-row">
                <button type="button" class="secondary" data-geocode="">{tr("住所から位置を入れる", "Set the position from the address")}</button>
                <span class="hint" data-geocode-status="" role="status"></span>
            </p>
            {map}
            <div class="field-row">
                {input(tr("緯度", "Latitude"), "lat", form, "text")}
                {input(tr("経度", "Longitude"), "lng", form, "text")}
            </div>
            <input type="hidden" name="loc_level" value=form.text("loc_level").unwrap_or_default()/>
            {areas_view}
        </fieldset>
        <fieldset>
            <legend>{tr("連絡先", "Contact")}</legend>
            {inputs(form, &[
                (tr("電話", "Phone"), "phone", "tel"),
                (tr("FAX", "Fax"), "fax", "tel"),
                (tr("ホームページ", "Website"), "url", "url"),
                (tr("メール", "E-mail"), "email", "email"),
            ])}
        </fieldset>
        <fieldset>
            <legend>{tr("受付時間", "Opening hours")}</legend>
            {textarea(tr("曜日と時間", "Days and times"), "hours", form, Some(slots_hint()))}
            {checkbox(tr("祝日は休み", "Closed on public holidays"), "hours_holidays", "on", form.has("hours_holidays"))}
            {checkbox(tr("年末年始（12/29〜1/3）は休み", "Closed over the New Year (29 Dec to 3 Jan)"), "hours_year_end", "on", form.has("hours_year_end"))}
            {input(tr("受付時間の補足", "Note on the opening hours"), "hours_note", form, "text")}
        </fieldset>
        <fieldset>
            <legend>{tr("ケアマネタイム（ケアマネジャーが連絡しやすい時間）", "Care-manager contact times (when care managers can best reach them)")}</legend>
            {windows}
        </fieldset>
        <fieldset>
            <legend>{tr("窓口（担当者・直通）", "Desks (contact person, direct line)")}</legend>
            {points}
        </fieldset>
        <fieldset>
            <legend>{tr("新しい利用者の受け入れ", "Accepting new users")}</legend>
            <div class="choices">{acc_choices}</div>
            {input(tr("空きの数", "Free places"), "acc_free", form, "number")}
            {input(tr("補足（例：土日の新規は要相談）", "Note (e.g. new users at weekends by arrangement)"), "acc_note", form, "text")}
            {checkbox(tr("内容が同じでも、今日の日付で確認したことにする", "Record as confirmed today even if nothing changed"), "acc_confirm", "on", false)}
        </fieldset>
        {visibility}
    }
    .into_any()
}
