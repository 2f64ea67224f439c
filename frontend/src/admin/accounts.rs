//! `/admin/accounts`: the accounts, for administrators — a new account, and for each one:
//! stop or resume it, set a new password, change its role and scope.

use super::frame::{self, csrf_field};
use crate::i18n::{lang, tr};
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
                <option value=r.code() selected=*r == selected>{r.label_in(lang())}</option>
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
            let scope = [a.municipalities.join(", "), a.associations.join(", ")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" / ");
            let toggle = (!own).then(|| {
                let (action, label) = if a.disabled {
                    ("/admin/accounts/enable", tr("再開する", "Resume"))
                } else {
                    ("/admin/accounts/disable", tr("停止する", "Stop"))
                };
                account_form(csrf, action, &a.email, (), label)
            });
            let password = account_form(
                csrf,
                "/admin/accounts/password",
                &a.email,
                view! {
                    <label for=format!("pw-{i}")>{tr("新しいパスワード", "New password")}</label>
                    <input id=format!("pw-{i}") name="password" type="password" minlength="10" autocomplete="new-password" required/>
                },
                tr("変更する", "Change"),
            );
            let role = (!own).then(|| {
                account_form(
                    csrf,
                    "/admin/accounts/role",
                    &a.email,
                    view! {
                        <label for=format!("role-{i}")>{tr("役割", "Role")}</label>
                        {role_select(format!("role-{i}"), a.role)}
                        <label for=format!("mun-{i}")>{tr("市町村コード", "Municipality codes")}</label>
                        <input id=format!("mun-{i}") name="municipalities" value=a.municipalities.join(",")/>
                        <label for=format!("asc-{i}")>{tr("団体ID", "Association ids")}</label>
                        <input id=format!("asc-{i}") name="associations" value=a.associations.join(",")/>
                    },
                    tr("役割を変更する", "Change the role"),
                )
            });
            view! {
                <tr class:due=a.disabled>
                    <td>{a.email.clone()}{own.then(|| tr("（あなた）", " (you)"))}</td>
                    <td>{a.role.label_in(lang())}</td>
                    <td>{scope}</td>
                    <td>{if a.disabled { tr("停止中", "Stopped") } else { tr("有効", "Active") }}</td>
                    <td>{toggle}{password}{role}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{tr("アカウント", "Accounts")}</h1>
        <p class="lead">{tr("管理者・編集者・専門職のアカウントです。停止とパスワードの変更は、そのアカウントのログイン中のセッションをすぐに終了します（すべてのサーバーで）。編集者には担当の市町村コードか団体IDが必要です。", "The accounts of administrators, editors and professionals. Stopping an account or changing its password ends its open sessions at once (on every server). An editor needs the municipality codes or association ids it looks after.")}</p>
        <section aria-labelledby="new-h">
            <h2 id="new-h">{tr("アカウントを作る", "Create an account")}</h2>
            <form class="admin-search" method="post" action="/admin/accounts">
                {csrf_field(csrf)}
                <label for="n-email">{tr("メールアドレス", "E-mail address")}</label>
                <input id="n-email" name="email" type="email" autocomplete="off" required/>
                <label for="n-role">{tr("役割", "Role")}</label>
                {role_select("n-role".into(), Role::Editor)}
                <label for="n-mun">{tr("市町村コード", "Municipality codes")}</label>
                <input id="n-mun" name="municipalities" placeholder=tr("例：999016", "e.g. 999016")/>
                <label for="n-asc">{tr("団体ID", "Association ids")}</label>
                <input id="n-asc" name="associations"/>
                <label for="n-pw">{tr("パスワード（10文字以上）", "Password (10 characters or more)")}</label>
                <input id="n-pw" name="password" type="password" minlength="10" autocomplete="new-password" required/>
                <button type="submit">{tr("作成する", "Create")}</button>
            </form>
        </section>
        <h2>{crate::format::count(rows.len() as u64, "account", "accounts")}</h2>
        {frame::table("admin-table accounts", &[tr("メールアドレス", "E-mail address"), tr("役割", "Role"), tr("担当", "Scope"), tr("状態", "Status"), ""], list)}
    }
    .into_any()
}
