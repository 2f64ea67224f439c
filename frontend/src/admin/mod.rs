//! The administration pages (`/admin/…`) and a facility's update form (`/update/{token}`).
//!
//! Server-rendered HTML forms (no hydration, so none of this is in the public site's wasm):
//! every form posts with the session's CSRF token in a hidden `csrf_token` field and the
//! server answers with a redirect (303) or the same page with a message. The listing form is
//! drawn from name–value pairs ([`model::form::pairs_of`] of the record, or what was just
//! posted when it could not be saved), and read back by [`model::form::apply`]. The only
//! script is `assets/caremap-admin.js`: the map that sets a listing's position on click.

mod campaigns;
mod changes;
mod dashboard;
mod facilities;
mod requests;
pub mod reviews;
mod round;
mod staleness;
mod update;

pub use campaigns::{CampaignRow, PrintedForm, campaign, campaign_forms, campaigns};
pub use changes::history;
pub use dashboard::{AdminRow, Dashboard, dashboard};
pub use facilities::{AreaChoice, Editor, editor, listing_fields};
pub use requests::requests;
pub use round::round;
pub use staleness::staleness;
pub use update::{update_form, update_sent};

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use model::account::{Role, Viewer};

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

/// A moment in Japan time, as the admin pages show it.
pub(crate) fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&model::schedule::JST)
        .format("%Y-%m-%d %H:%M")
        .to_string()
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
