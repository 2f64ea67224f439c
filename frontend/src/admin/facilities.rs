//! `/admin/facilities/…`: the listing form (every field group, drawn from name–value pairs).

use super::frame::csrf_field;
use crate::format;
use crate::wire::Tiles;
use chrono::NaiveDate;
use leptos::prelude::*;
use model::facility::{Accepting, ContactMethod, FieldGroup, LifecycleStatus};
use model::form::{Form, FormRole, row_count};
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
        Some(_) => format!("{}を編集", e.name),
        None => "新しい掲載を登録".to_string(),
    };
    let id_field = e.id.is_none().then(|| {
        view! {
            <div class="field">
                <label for="f-id">"ID（英数字と - _ .）"</label>
                <input id="f-id" name="id" required pattern="[A-Za-z0-9._-]+" value=form.text("id").unwrap_or_default()/>
            </div>
        }
    });
    let actions = e.id.map(|id| {
        let id = id.to_string();
        let verified = match &e.verified {
            Some((d, by)) => format!(
                "最終確認日：{}{}",
                format::date(*d),
                by.as_deref().map(|b| format!("（{b}）")).unwrap_or_default()
            ),
            None => "最終確認日：未確認".to_string(),
        };
        let link = e.issued_link.clone().map(|url| view! {
            <div class="issued-link" role="status">
                <p><strong>"事業所用の更新リンクを発行しました。"</strong>"このリンクは今だけ表示されます。事業所へ送ってください（以前のリンクは使えなくなりました）。"</p>
                <p><input class="link-copy" readonly value=url.clone() aria-label="更新リンク"/></p>
            </div>
        });
        let retired = e.status == LifecycleStatus::Closed;
        view! {
            <section class="editor-actions" aria-label="確認と公開の操作">
                <p>{verified}</p>
                <form method="post" action=format!("/admin/facilities/{id}/verify")>
                    {csrf_field(csrf)}
                    <button type="submit">"本日時点で内容を確認済みにする"</button>
                </form>
                <form method="post" action=format!("/admin/facilities/{id}/update-link")>
                    {csrf_field(csrf)}
                    <button type="submit">{if e.has_link { "更新リンクを発行し直す" } else { "事業所用の更新リンクを発行する" }}</button>
                </form>
                {e.has_link.then(|| view! {
                    <form method="post" action=format!("/admin/facilities/{id}/update-link/revoke")>
                        {csrf_field(csrf)}
                        <button type="submit">"更新リンクを無効にする"</button>
                    </form>
                })}
                {(!retired).then(|| view! {
                    <form method="post" action=format!("/admin/facilities/{id}/retire") data-confirm="この掲載を廃止にします。よろしいですか。">
                        {csrf_field(csrf)}
                        <button type="submit" class="danger">"廃止にする"</button>
                    </form>
                })}
                <p><a href=format!("/admin/facilities/{id}/history")>"変更履歴"</a>" ・ "<a href=format!("/facilities/{id}")>"公開ページ"</a></p>
                {link}
            </section>
        }
    });
    view! {
        <nav class="crumbs" aria-label="現在地"><a href="/admin">"掲載一覧"</a>" › "<span>{e.name.to_string()}</span></nav>
        <h1>{heading}</h1>
        {actions}
        <form class="listing-form" method="post" action=action>
            {csrf_field(csrf)}
            <input type="hidden" name="expect_seq" value=e.seq.to_string()/>
            {id_field}
            {listing_fields(&form, FormRole::Editor, e.areas, e.tiles)}
            <div class="form-actions">
                <button type="submit" class="primary">"保存する"</button>
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
            <input id=id name=name.to_string() type=kind value=form.text(name).unwrap_or_default()/>
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
    hint: Option<&str>,
) -> impl IntoView + use<> {
    let id = format!("f-{name}");
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label.to_string()}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h.to_string()}</p> })}
            <textarea id=id name=name.to_string() rows="3" aria-describedby=described>{form.text(name).unwrap_or_default()}</textarea>
        </div>
    }
}

fn checkbox(label: &str, name: &str, value: &str, checked: bool) -> impl IntoView + use<> {
    view! {
        <label class="check"><input type="checkbox" name=name.to_string() value=value.to_string() checked=checked/>{label.to_string()}</label>
    }
}

const SLOTS_HINT: &str = "1行に1つ、「曜日 時間」で書きます。例：月〜金 09:00-12:00 14:00-18:00 ／ 土 第1・3 09:00-12:00 ／ 水 第2・4休 13:00-15:00";

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
                    s.label,
                    "service",
                    s.code,
                    services.iter().any(|x| x == s.code),
                )
            })
            .collect_view();
        view! { <fieldset class="choices"><legend>{c.label}</legend>{items}</fieldset> }
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
                    c.label,
                    "capability",
                    c.code,
                    caps.iter().any(|x| x == c.code),
                )
            })
            .collect_view();
        view! { <fieldset class="choices"><legend>{g}</legend>{items}</fieldset> }
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
                <p class="hint">{format!("圏域：{}（位置から自動で決まります）", if area_names.is_empty() { "なし".to_string() } else { area_names.join("・") })}</p>
            }
            .into_any()
        } else {
            view! {
                <fieldset class="choices">
                    <legend>"圏域（位置がないときだけ手で選びます）"</legend>
                    <input type="hidden" name="areas_sent" value="1"/>
                    {areas.iter().map(|a| checkbox(&a.name, "area", &a.id, chosen_areas.contains(&a.id))).collect_view()}
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
                <legend>{format!("ケアマネタイム {}", i + 1)}</legend>
                {textarea("曜日と時間", &k("slots"), form, Some(SLOTS_HINT))}
                {input("担当者", &k("person"), form, "text")}
                {input("直通電話", &k("phone"), form, "tel")}
                <div class="choices">
                    {ContactMethod::ALL.into_iter().map(|m| checkbox(m.label(), &k("method"), m.code(), methods.iter().any(|x| x == m.code()))).collect_view()}
                </div>
                {input("備考", &k("note"), form, "text")}
            </fieldset>
        }
    }).collect_view();
    let points = (0..row_count(form, "cp"))
        .map(|i| {
            let k = |s: &str| format!("cp{i}_{s}");
            view! {
                <fieldset class="row-group">
                    <legend>{format!("窓口 {}", i + 1)}</legend>
                    {input("窓口の名前（例：地域連携室）", &k("name"), form, "text")}
                    {input("担当者", &k("person"), form, "text")}
                    {input("直通電話", &k("phone"), form, "tel")}
                    {input("FAX", &k("fax"), form, "tel")}
                    {input("メール", &k("email"), form, "email")}
                    {input("備考", &k("note"), form, "text")}
                </fieldset>
            }
        })
        .collect_view();
    let acc = form.text("acc").unwrap_or_default();
    let acc_choices = std::iter::once(("", "報告なし"))
        .chain(Accepting::ALL.into_iter().map(|a| (a.code(), a.label())))
        .map(|(code, label)| {
            view! {
                <label class="check"><input type="radio" name="acc" value=code checked=acc == code/>{label}</label>
            }
        })
        .collect_view();
    let visibility = (role == FormRole::Editor).then(|| {
        view! {
            <fieldset class="visibility">
                <legend>"公開範囲"</legend>
                <p class="hint">"「関係者のみ」にした項目は、ログインした関係者にだけ表示されます。"</p>
                {FieldGroup::ALL.into_iter().map(|g| {
                    let name = format!("vis_{}", g.code());
                    let current = form.text(&name).unwrap_or_else(|| model::form::visibility_code(g.default_visibility()).to_string());
                    let id = format!("f-{name}");
                    view! {
                        <div class="field inline">
                            <label for=id.clone()>{g.label()}</label>
                            <select id=id name=name>
                                <option value="public" selected=current == "public">"公開"</option>
                                <option value="professional" selected=current == "professional">"関係者のみ"</option>
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            {textarea("関係者メモ（関係者のみに表示）", "internal_note", form, None)}
        }
    });
    // Without tiles the map still shows the marker and takes clicks.
    let map = view! {
        <div class="position-map" data-position-map="" data-tile-url=tiles.url.clone() data-tile-attribution=tiles.attribution.clone()
            role="application" aria-label="位置を選ぶ地図（クリックした所が位置になります）"></div>
    };
    view! {
        <fieldset>
            <legend>"基本"</legend>
            {inputs(form, &[
                ("名称", "name", "text"),
                ("ふりがな（カタカナ）", "name_kana", "text"),
                ("運営法人", "operator", "text"),
            ])}
            {textarea("別名・旧名称（1行に1つ）", "aliases", form, None)}
            {input("本体の事業所のID（サテライトのとき）", "parent_id", form, "text")}
            <div class="field">
                <label for="f-status">"状態"</label>
                <select id="f-status" name="status">
                    {LifecycleStatus::ALL.into_iter().map(|s| view! { <option value=s.code() selected=status == s.code()>{s.label()}</option> }).collect_view()}
                </select>
            </div>
            {input("定員・病床数", "capacity", form, "number")}
            {textarea("特色", "description", form, None)}
        </fieldset>
        <fieldset>
            <legend>"サービス種別"</legend>
            {service_groups.collect_view()}
        </fieldset>
        <fieldset>
            <legend>"対応していること"</legend>
            {cap_groups.collect_view()}
        </fieldset>
        <fieldset>
            <legend>"所在地と位置"</legend>
            {inputs(form, &[
                ("郵便番号", "postal_code", "text"),
                ("都道府県", "prefecture", "text"),
                ("市区町村", "city", "text"),
                ("町名・番地", "street", "text"),
                ("建物名", "building", "text"),
                ("市町村コード", "municipality_code", "text"),
            ])}
            <p class="hint">"地図をクリックすると、その場所が位置（緯度・経度）になります。"</p>
            <p class="geocode-row">
                <button type="button" class="secondary" data-geocode="">"住所から位置を入れる"</button>
                <span class="hint" data-geocode-status="" role="status"></span>
            </p>
            {map}
            <div class="field-row">
                {input("緯度", "lat", form, "text")}
                {input("経度", "lng", form, "text")}
            </div>
            <input type="hidden" name="loc_level" value=form.text("loc_level").unwrap_or_default()/>
            {areas_view}
        </fieldset>
        <fieldset>
            <legend>"連絡先"</legend>
            {inputs(form, &[
                ("電話", "phone", "tel"),
                ("FAX", "fax", "tel"),
                ("ホームページ", "url", "url"),
                ("メール", "email", "email"),
            ])}
        </fieldset>
        <fieldset>
            <legend>"受付時間"</legend>
            {textarea("曜日と時間", "hours", form, Some(SLOTS_HINT))}
            {checkbox("祝日は休み", "hours_holidays", "on", form.has("hours_holidays"))}
            {checkbox("年末年始（12/29〜1/3）は休み", "hours_year_end", "on", form.has("hours_year_end"))}
            {input("受付時間の補足", "hours_note", form, "text")}
        </fieldset>
        <fieldset>
            <legend>"ケアマネタイム（ケアマネジャーが連絡しやすい時間）"</legend>
            {windows}
        </fieldset>
        <fieldset>
            <legend>"窓口（担当者・直通）"</legend>
            {points}
        </fieldset>
        <fieldset>
            <legend>"新しい利用者の受け入れ"</legend>
            <div class="choices">{acc_choices}</div>
            {input("空きの数", "acc_free", form, "number")}
            {input("補足（例：土日の新規は要相談）", "acc_note", form, "text")}
            {checkbox("内容が同じでも、今日の日付で確認したことにする", "acc_confirm", "on", false)}
        </fieldset>
        {visibility}
    }
    .into_any()
}
