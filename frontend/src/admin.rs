//! The administration pages (`/admin/…`) and a facility's update form (`/update/{token}`).
//!
//! Server-rendered HTML forms (no hydration, so none of this is in the public site's wasm):
//! every form posts with the session's CSRF token in a hidden `csrf_token` field and the
//! server answers with a redirect (303) or the same page with a message. The listing form is
//! drawn from name–value pairs ([`model::form::pairs_of`] of the record, or what was just
//! posted when it could not be saved), and read back by [`model::form::apply`]. The only
//! script is `assets/caremap-admin.js`: the map that sets a listing's position on click.

pub mod reviews;

use crate::format;
use crate::wire::Tiles;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use model::account::{Role, Viewer};
use model::change::{ChangeEntry, ChangeRequest, FieldChange};
use model::facility::{Accepting, ContactMethod, FieldGroup, LifecycleStatus};
use model::form::{Form, FormRole, row_count};
use model::freshness::{
    Campaign, CampaignMember, FreshnessPolicy, PolicyTable, RoundLine, StaleListing,
};
use model::taxonomy;

/// A message at the top of a page.
#[derive(Debug, Clone)]
pub enum Notice {
    /// Something was done.
    Done(String),
    /// Something could not be done.
    Failed(String),
}

/// What every admin page's frame needs.
pub struct Frame<'a> {
    /// Page title.
    pub title: &'a str,
    /// The signed-in account (none on the login page and the update form).
    pub viewer: Option<&'a Viewer>,
    /// The session's CSRF token (for the sign-out form).
    pub csrf: &'a str,
    /// A message to show.
    pub notice: Option<Notice>,
}

/// Renders a page: the frame around `body`.
pub fn render(frame: Frame<'_>, body: AnyView) -> String {
    let title = format!("{}｜管理｜医療・介護資源マップ", frame.title);
    let nav = frame.viewer.map(|v| {
        let who = format!("{}（{}）", v.email, v.role.label());
        let csrf = frame.csrf.to_string();
        view! {
            <nav aria-label="管理メニュー">
                <ul>
                    <li><a href="/admin">"掲載一覧"</a></li>
                    {(v.role != Role::Professional).then(|| view! {
                        <li><a href="/admin/requests">"変更依頼"</a></li>
                        <li><a href="/admin/staleness">"確認が必要な掲載"</a></li>
                        <li><a href="/admin/round">"受け入れ状況の確認"</a></li>
                        <li><a href="/admin/campaigns">"年次の確認依頼"</a></li>
                        <li><a href="/admin/reviews">"取り込みの確認"</a></li>
                    })}
                    <li><a href="/">"公開サイト"</a></li>
                </ul>
            </nav>
            <form class="signout" method="post" action="/admin/logout">
                <input type="hidden" name="csrf_token" value=csrf/>
                <span class="who">{who}</span>
                <button type="submit">"ログアウト"</button>
            </form>
        }
    });
    let notice = frame.notice.map(|n| match n {
        Notice::Done(m) => view! { <p class="flash flash-done" role="status">{m}</p> }.into_any(),
        Notice::Failed(m) => {
            view! { <p class="flash flash-failed" role="alert">{m}</p> }.into_any()
        }
    });
    let body = view! {
        <a class="skip-link" href="#main">"本文へ移動"</a>
        <header class="site-header admin-header">
            <a class="brand" href="/admin">
                <span class="brand-mark" aria-hidden="true">"+"</span>
                <span>"医療・介護資源マップ 管理"</span>
            </a>
            {nav}
        </header>
        <main id="main" class="page admin-page" tabindex="-1">
            {notice}
            {body}
        </main>
    }
    .to_html();
    let title = view! { <title>{title}</title> }.to_html();
    format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <meta name=\"robots\" content=\"noindex\"/>{title}\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\"/>\
         <link rel=\"stylesheet\" href=\"/assets/vendor/leaflet/leaflet.css\"/>\
         <link rel=\"stylesheet\" href=\"/assets/caremap.css\"/>\
         <script src=\"/assets/vendor/leaflet/leaflet.js\" defer></script>\
         <script src=\"/assets/caremap-admin.js\" defer></script>\
         </head><body class=\"admin\">{body}</body></html>"
    )
}

pub(crate) fn csrf_field(csrf: &str) -> impl IntoView + use<> {
    view! { <input type="hidden" name="csrf_token" value=csrf.to_string()/> }
}

/// The sign-in page. `login_csrf` is the value of the login cookie, sent back as a field.
pub fn login(next: &str, login_csrf: &str) -> AnyView {
    view! {
        <section class="narrow">
            <h1>"ログイン"</h1>
            <p>"市町村・医師会などの担当者、ケアマネジャーなど関係者の方のページです。"</p>
            <form class="stack" method="post" action="/admin/login">
                <input type="hidden" name="login_csrf" value=login_csrf.to_string()/>
                <input type="hidden" name="next" value=next.to_string()/>
                <label for="l-email">"メールアドレス"</label>
                <input id="l-email" name="email" type="email" autocomplete="username" required/>
                <label for="l-password">"パスワード"</label>
                <input id="l-password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary">"ログイン"</button>
            </form>
        </section>
    }
    .into_any()
}

/// One listing in the admin list.
pub struct AdminRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Category code.
    pub category: String,
    /// Address.
    pub address: String,
    /// Last confirmation.
    pub verified_at: Option<NaiveDate>,
    /// True when the viewer may edit it.
    pub editable: bool,
}

/// The admin start page: a search over listings, counts of what waits.
pub struct Dashboard {
    /// The search words.
    pub q: String,
    /// Matches.
    pub rows: Vec<AdminRow>,
    /// All matches.
    pub total: u64,
    /// Pending change requests the viewer may review.
    pub pending: usize,
    /// The municipality the list is limited to (an editor's own), if it is.
    pub own_municipality: Option<String>,
    /// Open review items of imports, per kind.
    pub reviews: std::collections::BTreeMap<String, u64>,
}

/// The admin start page.
pub fn dashboard(viewer: &Viewer, d: Dashboard) -> AnyView {
    let writer = viewer.role != Role::Professional;
    let scope = match viewer.role {
        Role::Admin => "すべての掲載を編集できます。".to_string(),
        Role::Editor => {
            let mut parts = Vec::new();
            if !viewer.scope.municipalities.is_empty() {
                parts.push(format!(
                    "市町村コード {}",
                    viewer.scope.municipalities.join("・")
                ));
            }
            if !viewer.scope.associations.is_empty() {
                parts.push(format!("{} の会員", viewer.scope.associations.join("・")));
            }
            format!("編集できる範囲：{}", parts.join("、"))
        }
        Role::Professional => "関係者向けの情報を閲覧できます（編集はできません）。".to_string(),
    };
    view! {
        <h1>"掲載一覧"</h1>
        <p class="hint">{scope}</p>
        {writer.then(|| view! {
            <ul class="admin-counts">
                <li><a href="/admin/requests">{format!("確認待ちの変更依頼 {}件", d.pending)}</a></li>
                <li><a href="/admin/reviews">{format!("取り込みの確認 {}件", d.reviews.values().sum::<u64>())}</a>
                    {(!d.reviews.is_empty()).then(|| view! {
                        <span class="small">{format!("（{}）", d.reviews.iter().map(|(k, n)| format!("{} {n}", model::review::kind_label(k))).collect::<Vec<_>>().join("、"))}</span>
                    })}
                </li>
                <li><a href="/admin/imports">"データの取り込み（出典と結果）"</a></li>
                <li><a href="/admin/staleness">"確認が必要な掲載（1年以上未確認・受け入れ状況が古い）"</a></li>
                <li><a href="/admin/round">"今週の受け入れ状況を記録する"</a></li>
                <li><a href="/admin/facilities/new">"新しい掲載を登録する"</a></li>
            </ul>
        })}
        <form class="admin-search" method="get" action="/admin" role="search">
            <label for="a-q">"名前・住所・番号で探す"</label>
            <input id="a-q" name="q" type="search" value=d.q.clone()/>
            <button type="submit">"探す"</button>
        </form>
        <p>
            {format!("{}件", d.total)}
            {d.own_municipality.clone().map(|m| view! {
                {format!("（担当の市町村 {m} の掲載）")}" "
                <a href=format!("/admin?{}", crate::url::encode(&[("all".to_string(), "1".to_string()), ("q".to_string(), d.q.clone())]))>"担当外も表示"</a>
            })}
        </p>
        <table class="admin-table">
            <thead><tr><th scope="col">"名称"</th><th scope="col">"種類"</th><th scope="col">"住所"</th><th scope="col">"最終確認日"</th><th scope="col"></th></tr></thead>
            <tbody>
                {d.rows.into_iter().map(|r| view! {
                    <tr>
                        <td><a href=format!("/facilities/{}", r.id)>{r.name}</a></td>
                        <td>{format::category(&r.category).to_string()}</td>
                        <td>{r.address}</td>
                        <td>{r.verified_at.map(format::date).unwrap_or_else(|| "未確認".into())}</td>
                        <td>{(r.editable && writer).then(|| view! {
                            <a href=format!("/admin/facilities/{}", r.id)>"編集"</a>" "
                            <a href=format!("/admin/facilities/{}/history", r.id)>"履歴"</a>
                        })}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

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

fn input(label: &str, name: &str, form: &Form<'_>, kind: &'static str) -> impl IntoView + use<> {
    let id = format!("f-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label.to_string()}</label>
            <input id=id name=name.to_string() type=kind value=form.text(name).unwrap_or_default()/>
        </div>
    }
}

fn textarea(label: &str, name: &str, form: &Form<'_>, hint: Option<&str>) -> impl IntoView + use<> {
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
            {input("名称", "name", form, "text")}
            {input("ふりがな（カタカナ）", "name_kana", form, "text")}
            {input("運営法人", "operator", form, "text")}
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
            {input("郵便番号", "postal_code", form, "text")}
            {input("都道府県", "prefecture", form, "text")}
            {input("市区町村", "city", form, "text")}
            {input("町名・番地", "street", form, "text")}
            {input("建物名", "building", form, "text")}
            {input("市町村コード", "municipality_code", form, "text")}
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
            {input("電話", "phone", form, "tel")}
            {input("FAX", "fax", form, "tel")}
            {input("ホームページ", "url", form, "url")}
            {input("メール", "email", form, "email")}
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

fn value_text(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "（なし）".to_string(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(x) => x.to_string(),
    }
}

fn diff_table(changes: &[FieldChange]) -> impl IntoView + use<> {
    view! {
        <table class="diff">
            <thead><tr><th scope="col">"項目"</th><th scope="col">"変更前"</th><th scope="col">"変更後"</th></tr></thead>
            <tbody>
                {changes.iter().map(|c| view! {
                    <tr>
                        <th scope="row">{field_label(&c.field)}</th>
                        <td class="old">{value_text(&c.old)}</td>
                        <td class="new">{value_text(&c.new)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The Japanese name of a record field, for diffs and the history.
pub fn field_label(field: &str) -> String {
    let l = match field {
        "name" => "名称",
        "name_kana" => "ふりがな",
        "aliases" => "別名",
        "operator" => "運営法人",
        "category" => "分類",
        "services" => "サービス種別",
        "capabilities" => "対応していること",
        "address" => "所在地",
        "location" => "位置",
        "municipality_code" => "市町村コード",
        "areas" => "圏域",
        "phone" => "電話",
        "fax" => "FAX",
        "url" => "ホームページ",
        "email" => "メール",
        "status" => "状態",
        "parent_id" => "本体の事業所",
        "description" => "特色",
        "capacity" => "定員・病床",
        "opening_hours" => "受付時間",
        "contact_windows" => "ケアマネタイム",
        "contact_points" => "窓口",
        "availability" => "受け入れ状況",
        "service_area" => "サービス提供地域",
        "internal_note" => "関係者メモ",
        "visibility" => "公開範囲",
        "provenance" => "確認・出典",
        other => return other.to_string(),
    };
    l.to_string()
}

/// A listing's change log, newest first, each change with a revert button.
pub fn history(csrf: &str, id: &str, name: &str, entries: &[ChangeEntry]) -> AnyView {
    view! {
        <nav class="crumbs" aria-label="現在地"><a href="/admin">"掲載一覧"</a>" › "<a href=format!("/admin/facilities/{id}")>{name.to_string()}</a>" › "<span>"変更履歴"</span></nav>
        <h1>{format!("{name}の変更履歴")}</h1>
        {entries.is_empty().then(|| view! { <p>"まだ変更はありません。"</p> })}
        <table class="admin-table history">
            <thead><tr><th scope="col">"日時"</th><th scope="col">"誰が"</th><th scope="col">"項目"</th><th scope="col">"変更前"</th><th scope="col">"変更後"</th><th scope="col"></th></tr></thead>
            <tbody>
                {entries.iter().map(|e| view! {
                    <tr>
                        <td>{when(e.at)}</td>
                        <td>{e.actor.clone()}<br/><span class="small">{kind_label(&e.kind)}{e.note.clone().map(|n| format!("：{n}"))}</span></td>
                        <th scope="row">{field_label(&e.change.field)}</th>
                        <td class="old">{value_text(&e.change.old)}</td>
                        <td class="new">{value_text(&e.change.new)}</td>
                        <td>
                            <form method="post" action=format!("/admin/changes/{}/revert", e.id) data-confirm="この項目を変更前の値に戻します。よろしいですか。">
                                {csrf_field(csrf)}
                                <button type="submit">"この変更を元に戻す"</button>
                            </form>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
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

/// The staleness report, with the municipalities' confirmation intervals (and a form to set
/// one for `settable` municipalities).
pub fn staleness(
    csrf: &str,
    list: &[StaleListing],
    table: &PolicyTable,
    settable: &[String],
) -> AnyView {
    let policy: &FreshnessPolicy = &table.default;
    let own: Vec<(String, u32)> = table
        .verify_months_by_municipality
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    view! {
        <h1>"確認が必要な掲載"</h1>
        <p class="lead">{format!(
            "最終確認から一定期間（標準{}か月、市町村ごとに設定できます）を過ぎた掲載と、受け入れ状況の報告から{}日を過ぎた掲載です（受け入れ状況は公開ページで「不明」と表示されています）。",
            policy.verify_within_months, policy.availability_days
        )}</p>
        <section class="policies" aria-labelledby="pol-h">
            <h2 id="pol-h">"市町村ごとの確認の間隔"</h2>
            {own.is_empty().then(|| view! { <p>"すべての市町村で標準の間隔です。"</p> })}
            <ul>{own.into_iter().map(|(m, v)| view! { <li>{format!("市町村コード {m}：{v}か月ごと")}</li> }).collect_view()}</ul>
            {(!settable.is_empty()).then(|| view! {
                <form class="admin-search" method="post" action="/admin/policies">
                    {csrf_field(csrf)}
                    <label for="p-m">"市町村コード"</label>
                    <select id="p-m" name="municipality">
                        {settable.iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
                    </select>
                    <label for="p-months">"確認の間隔（か月）"</label>
                    <input id="p-months" name="verify_within_months" type="number" min="1" max="60" value=policy.verify_within_months.to_string()/>
                    <button type="submit">"設定する"</button>
                </form>
            })}
        </section>
        <p>{format!("{}件", list.len())}</p>
        <table class="admin-table">
            <thead><tr><th scope="col">"名称"</th><th scope="col">"種類"</th><th scope="col">"最終確認日"</th><th scope="col">"受け入れ状況の報告日"</th></tr></thead>
            <tbody>
                {list.iter().map(|s| view! {
                    <tr>
                        <td><a href=format!("/admin/facilities/{}", s.id)>{s.name.clone()}</a></td>
                        <td>{format::service(&s.service).to_string()}</td>
                        <td class:due=s.verification_due>{s.verified_at.map(format::date).unwrap_or_else(|| "未確認".into())}{s.verification_due.then_some("（要確認）")}</td>
                        <td class:due=s.availability_stale>{s.availability_as_of.map(format::date).unwrap_or_else(|| "—".into())}{s.availability_stale.then_some("（古い）")}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A moment in Japan time, as the admin pages show it.
pub(crate) fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&model::schedule::JST)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

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
        <table class="admin-table">
            <thead><tr><th scope="col">"名前"</th><th scope="col">"開始"</th><th scope="col">"回答"</th><th scope="col">"状態"</th></tr></thead>
            <tbody>
                {list.iter().map(|c| view! {
                    <tr>
                        <td><a href=format!("/admin/campaigns/{}", c.id)>{c.title.clone()}</a></td>
                        <td>{format!("{}（{}）", when(c.started_at), c.started_by)}</td>
                        <td>{format!("{} / {}件", c.responded, c.members)}</td>
                        <td>{if c.closed_at.is_some() { "終了" } else { "実施中" }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
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
        <table class="admin-table campaign">
            <thead><tr><th scope="col">"事業所"</th><th scope="col">"電話・FAX"</th><th scope="col">"回答"</th><th scope="col">"最終確認日"</th><th scope="col"></th></tr></thead>
            <tbody>
                {rows.iter().filter(|r| !only_pending || r.member.responded_at.is_none()).map(|r| {
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
                            <td>{r.verified_at.map(format::date).unwrap_or_else(|| "未確認".into())}</td>
                            <td>{(open && r.member.responded_at.is_none()).then(|| view! {
                                <form method="post" action=format!("/admin/facilities/{id}/verify")>
                                    {csrf_field(csrf)}
                                    <input type="hidden" name="next" value=back.clone()/>
                                    <button type="submit">"FAX・電話で確認済みにする"</button>
                                </form>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
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

/// The weekly availability round: one row per station, a status per row, one save.
pub fn round(csrf: &str, lines: &[RoundLine], today: NaiveDate) -> AnyView {
    view! {
        <h1>"今週の受け入れ状況"</h1>
        <p class="lead">"訪問看護ステーションとショートステイの受け入れ状況を、電話などで確認して記録します。報告が2週間を過ぎたものが上に並びます。変わらない事業所も「同じ」を選ぶと今日の日付で記録されます。"</p>
        <form method="post" action="/admin/round">
            {csrf_field(csrf)}
            <table class="admin-table round">
                <thead><tr><th scope="col">"事業所"</th><th scope="col">"記録中の状況"</th><th scope="col">"今週"</th><th scope="col">"補足"</th></tr></thead>
                <tbody>
                    {lines.iter().map(|l| {
                        let name = format!("acc_{}", l.id);
                        let current = l.availability.as_ref().map(|a| format::acceptance(Some(a.accepting), Some(a.as_of), today).0).unwrap_or_else(|| "報告なし".into());
                        let as_of = l.availability.as_ref().map(|a| format!("（{}）", format::date(a.as_of))).unwrap_or_default();
                        let same = l.availability.as_ref().map(|a| a.accepting.code());
                        view! {
                            <tr class:due=l.due>
                                <td><a href=format!("/admin/facilities/{}", l.id)>{l.name.clone()}</a><br/><span class="small">{format::service(&l.service).to_string()}{l.phone.clone().map(|p| format!("　{p}"))}</span></td>
                                <td>{current}{as_of}</td>
                                <td>
                                    <fieldset class="choices compact">
                                        <legend class="visually-hidden">{format!("{}の今週の状況", l.name)}</legend>
                                        <label class="check"><input type="radio" name=name.clone() value="" checked=true/>"記録しない"</label>
                                        {same.map(|code| view! { <label class="check"><input type="radio" name=name.clone() value=code/>"同じ"</label> })}
                                        {Accepting::ALL.into_iter().map(|a| view! {
                                            <label class="check"><input type="radio" name=name.clone() value=a.code()/>{a.label()}</label>
                                        }).collect_view()}
                                    </fieldset>
                                </td>
                                <td><input type="text" name=format!("note_{}", l.id) aria-label=format!("{}の補足", l.name) value=l.availability.as_ref().and_then(|a| a.note.clone()).unwrap_or_default()/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <div class="form-actions"><button type="submit" class="primary">"まとめて記録する"</button></div>
        </form>
    }
    .into_any()
}

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

/// A page that only says what went wrong.
pub fn message(heading: &str, text: &str) -> AnyView {
    view! {
        <h1>{heading.to_string()}</h1>
        <p>{text.to_string()}</p>
        <p><a href="/admin">"管理のトップへ"</a></p>
    }
    .into_any()
}
