//! `/admin/login`: the sign-in form.

use leptos::prelude::*;

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
