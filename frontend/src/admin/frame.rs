//! The frame every admin page shares (title, navigation, sign-out, notice) and the small parts
//! the pages reuse.

use crate::i18n::{lang, tr};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use model::account::{Role, Viewer};
use model::i18n::Lang;

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
    let title = format!(
        "{}{}",
        frame.title,
        tr(
            "｜管理｜医療・介護資源マップ",
            " | Administration | Medical and care resource map"
        )
    );
    let nav = frame.viewer.map(|v| {
        let who = match lang() {
            Lang::Ja => format!("{}（{}）", v.email, v.role.label()),
            Lang::En => format!("{} ({})", v.email, v.role.label_in(Lang::En)),
        };
        let csrf = frame.csrf.to_string();
        view! {
            <nav aria-label=tr("管理メニュー", "Administration menu")>
                <ul>
                    <li><a href="/admin">{tr("掲載一覧", "Listings")}</a></li>
                    {(v.role != Role::Professional).then(|| view! {
                        <li><a href="/admin/requests">{tr("変更依頼", "Change requests")}</a></li>
                        <li><a href="/admin/staleness">{tr("確認が必要な掲載", "Listings to confirm")}</a></li>
                        <li><a href="/admin/round">{tr("受け入れ状況の確認", "Weekly acceptance round")}</a></li>
                        <li><a href="/admin/campaigns">{tr("年次の確認依頼", "Yearly confirmation")}</a></li>
                        <li><a href="/admin/reviews">{tr("取り込みの確認", "Import review")}</a></li>
                    })}
                    <li><a href="/admin/embed">{tr("サイトに埋め込む", "Embed on a site")}</a></li>
                    {(v.role == Role::Admin).then(|| view! {
                        <li><a href="/admin/accounts">{tr("アカウント", "Accounts")}</a></li>
                    })}
                    <li><a href="/">{tr("公開サイト", "Public site")}</a></li>
                </ul>
            </nav>
            <form class="signout" method="post" action="/admin/logout">
                <input type="hidden" name="csrf_token" value=csrf/>
                <span class="who">{who}</span>
                <button type="submit">{tr("ログアウト", "Sign out")}</button>
            </form>
        }
    });
    let notice = frame.notice.map(|n| match n {
        Notice::Done(m) => {
            view! { <p class="flash flash-done" role="status">{marked(&m)}</p> }.into_any()
        }
        Notice::Failed(m) => {
            view! { <p class="flash flash-failed" role="alert">{marked(&m)}</p> }.into_any()
        }
    });
    let other = lang().other();
    let switch = crate::i18n::answering_switch_href(other).map(|href| {
        view! { <a class="lang-switch" href=href hreflang=other.code() lang=other.code() rel="alternate">{other.name()}</a> }
    });
    let body = view! {
        <a class="skip-link" href="#main">{tr("本文へ移動", "Skip to content")}</a>
        <header class="site-header admin-header">
            <a class="brand" href="/admin">
                <span class="brand-mark" aria-hidden="true">"+"</span>
                <span>{tr("医療・介護資源マップ 管理", "Medical and care resource map: administration")}</span>
            </a>
            {nav}
            {switch}
        </header>
        <main id="main" class="page admin-page" tabindex="-1">
            {notice}
            {body}
        </main>
    }
    .to_html();
    let title = view! { <title>{title}</title> }.to_html();
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <meta name=\"robots\" content=\"noindex\"/>{title}\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\"/>\
         <link rel=\"stylesheet\" href=\"/assets/vendor/leaflet/leaflet.css\"/>\
         <link rel=\"stylesheet\" href=\"/assets/caremap.css\"/>\
         <script src=\"/assets/vendor/leaflet/leaflet.js\" defer></script>\
         <script src=\"/assets/caremap-admin.js\" defer></script>\
         </head><body class=\"admin\">{body}</body></html>",
        lang().code()
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

/// A message that may quote Japanese data (a typed line, a listing's name): on an English page
/// each run of Japanese script is marked `lang="ja"`.
pub(crate) fn marked(text: &str) -> AnyView {
    if lang().is_ja() {
        return text.to_string().into_any();
    }
    japanese_runs(text)
        .into_iter()
        .map(|(run, ja)| {
            view! { <span lang=ja.then_some("ja")>{run}</span> }
        })
        .collect_view()
        .into_any()
}

/// `text` cut into runs of Japanese script (and full-width punctuation) and the rest.
fn japanese_runs(text: &str) -> Vec<(String, bool)> {
    let japanese = |c: char| matches!(c, '\u{3000}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}');
    let mut runs: Vec<(String, bool)> = Vec::new();
    for c in text.chars() {
        let ja = japanese(c);
        match runs.last_mut() {
            Some((run, last)) if *last == ja => run.push(c),
            _ => runs.push((c.to_string(), ja)),
        }
    }
    runs
}

/// A page that only says what went wrong.
pub fn message(heading: &str, text: &str) -> AnyView {
    view! {
        <h1>{heading.to_string()}</h1>
        <p>{marked(text)}</p>
        <p><a href="/admin">{tr("管理のトップへ", "Back to the administration")}</a></p>
    }
    .into_any()
}

/// A table of the admin pages: its class, its column headings (an empty one heads a column of
/// actions) and its rows.
pub fn table<R: IntoView>(
    class: &'static str,
    headings: &[&'static str],
    rows: R,
) -> impl IntoView + use<R> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_runs_are_cut_out() {
        assert_eq!(
            japanese_runs("line 2 \"祝 10:00\": start with 月"),
            vec![
                ("line 2 \"".to_string(), false),
                ("祝".to_string(), true),
                (" 10:00\": start with ".to_string(), false),
                ("月".to_string(), true),
            ]
        );
        assert!(japanese_runs("").is_empty());
    }
}
