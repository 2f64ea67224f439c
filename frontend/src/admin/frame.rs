//! The frame every admin page shares (title, navigation, sign-out, notice) and the small parts
//! the pages reuse.

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
                    <li><a href="/admin/embed">"サイトに埋め込む"</a></li>
                    {(v.role == Role::Admin).then(|| view! {
                        <li><a href="/admin/accounts">"アカウント"</a></li>
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

/// A table of the admin pages: its class, its column headings (an empty one heads a column of
/// actions) and its rows.
pub fn table(class: &'static str, headings: &[&'static str], rows: impl IntoView) -> impl IntoView {
    let headings = headings
        .iter()
        .map(|h| view! { <th scope="col">{*h}</th> })
        .collect_view();
    view! {
        <table class=class>
            <thead><tr>{headings}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
