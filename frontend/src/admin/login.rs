//! `/admin/login`: the sign-in form.

use crate::i18n::tr;
use leptos::prelude::*;

/// The sign-in page. `login_csrf` is the value of the login cookie, sent back as a field.
pub fn login(next: &str, login_csrf: &str) -> AnyView {
    view! {
        <section class="narrow">
            <h1>{tr("ログイン", "Sign in")}</h1>
            <p>{tr("市町村・医師会などの担当者、ケアマネジャーなど関係者の方のページです。", "For staff of municipalities and medical associations, care managers and other professionals.")}</p>
            <form class="stack" method="post" action="/admin/login">
                <input type="hidden" name="login_csrf" value=login_csrf.to_string()/>
                <input type="hidden" name="next" value=next.to_string()/>
                <label for="l-email">{tr("メールアドレス", "E-mail address")}</label>
                <input id="l-email" name="email" type="email" autocomplete="username" required/>
                <label for="l-password">{tr("パスワード", "Password")}</label>
                <input id="l-password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary">{tr("ログイン", "Sign in")}</button>
            </form>
        </section>
    }
    .into_any()
}
