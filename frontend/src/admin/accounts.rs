//! `/admin/accounts`: the accounts, for administrators — a new account, and for each one:
//! stop or resume it, set a new password, change its role and scope.

use super::frame::{self, csrf_field};
use leptos::prelude::*;
use model::account::Role;

/// One account as the page lists it.
#[derive(Debug, Clone)]
pub struct AccountRow {
    /// Login e-mail.
    pub email: String,
    /// Role.
    pub role: Role,
    /// An editor's municipality codes.
    pub municipalities: Vec<String>,
    /// An editor's association ids.
    pub associations: Vec<String>,
    /// Stopped: cannot sign in.
    pub disabled: bool,
}

const ROLES: [Role; 3] = [Role::Admin, Role::Editor, Role::Professional];

fn role_select(id: String, selected: Role) -> impl IntoView {
    view! {
        <select id=id name="role">
            {ROLES.iter().map(|r| view! {
                <option value=r.code() selected=*r == selected>{r.label()}</option>
            }).collect_view()}
        </select>
    }
}

/// A small form posting the account's e-mail (and `extra`) to `action`.
fn account_form(
    csrf: &str,
    action: &'static str,
    email: &str,
    extra: impl IntoView,
    button: &'static str,
) -> impl IntoView {
    view! {
        <form class="admin-search" method="post" action=action>
            {csrf_field(csrf)}
            <input type="hidden" name="email" value=email.to_string()/>
            {extra}
            <button type="submit">{button}</button>
        </form>
    }
}

/// The page: `me` is the signed-in administrator (who may not stop or demote themselves).
pub fn accounts(csrf: &str, me: &str, rows: &[AccountRow]) -> AnyView {
    let list = rows
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let own = a.email == me;
            let scope = [a.municipalities.join("、"), a.associations.join("、")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ／ ");
            let toggle = (!own).then(|| {
                let (action, label) = if a.disabled {
                    ("/admin/accounts/enable", "再開する")
                } else {
                    ("/admin/accounts/disable", "停止する")
                };
                account_form(csrf, action, &a.email, (), label)
            });
            let password = account_form(
                csrf,
                "/admin/accounts/password",
                &a.email,
                view! {
                    <label for=format!("pw-{i}")>"新しいパスワード"</label>
                    <input id=format!("pw-{i}") name="password" type="password" minlength="10" autocomplete="new-password" required/>
                },
                "変更する",
            );
            let role = (!own).then(|| {
                account_form(
                    csrf,
                    "/admin/accounts/role",
                    &a.email,
                    view! {
                        <label for=format!("role-{i}")>"役割"</label>
                        {role_select(format!("role-{i}"), a.role)}
                        <label for=format!("mun-{i}")>"市町村コード"</label>
                        <input id=format!("mun-{i}") name="municipalities" value=a.municipalities.join(",")/>
                        <label for=format!("asc-{i}")>"団体ID"</label>
                        <input id=format!("asc-{i}") name="associations" value=a.associations.join(",")/>
                    },
                    "役割を変更する",
                )
            });
            view! {
                <tr class:due=a.disabled>
                    <td>{a.email.clone()}{own.then_some("（あなた）")}</td>
                    <td>{a.role.label()}</td>
                    <td>{scope}</td>
                    <td>{if a.disabled { "停止中" } else { "有効" }}</td>
                    <td>{toggle}{password}{role}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>"アカウント"</h1>
        <p class="lead">"管理者・編集者・専門職のアカウントです。停止とパスワードの変更は、そのアカウントのログイン中のセッションをすぐに終了します（すべてのサーバーで）。編集者には担当の市町村コードか団体IDが必要です。"</p>
        <section aria-labelledby="new-h">
            <h2 id="new-h">"アカウントを作る"</h2>
            <form class="admin-search" method="post" action="/admin/accounts">
                {csrf_field(csrf)}
                <label for="n-email">"メールアドレス"</label>
                <input id="n-email" name="email" type="email" autocomplete="off" required/>
                <label for="n-role">"役割"</label>
                {role_select("n-role".into(), Role::Editor)}
                <label for="n-mun">"市町村コード"</label>
                <input id="n-mun" name="municipalities" placeholder="例：999016"/>
                <label for="n-asc">"団体ID"</label>
                <input id="n-asc" name="associations"/>
                <label for="n-pw">"パスワード（10文字以上）"</label>
                <input id="n-pw" name="password" type="password" minlength="10" autocomplete="new-password" required/>
                <button type="submit">"作成する"</button>
            </form>
        </section>
        <h2>{format!("{}件", rows.len())}</h2>
        {frame::table("admin-table accounts", &["メールアドレス", "役割", "担当", "状態", ""], list)}
    }
    .into_any()
}
