//! `/admin/accounts`: administrators list the accounts, create one, and stop, resume, set a
//! new password for, or change the role and scope of an account (the editorial service's
//! account calls, the same as the `caremap admin` commands).

use super::page::{Ctx, Posted, done_notice, field, see_other, signed_in};
use crate::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use frontend::admin::{self, AccountRow};
use frontend::i18n::tr;
use indexer::editorial::account_admin::AccountChange;
use model::account::{EditorScope, Role};

/// The page saying why an account call was refused.
fn failed(ctx: &Ctx, e: ApiError) -> HttpResponse {
    match e {
        ApiError::Engine(indexer::Error::Forbidden(_)) => ctx.page(
            StatusCode::FORBIDDEN,
            tr("権限がありません", "Not allowed"),
            None,
            admin::message(
                tr("権限がありません", "Not allowed"),
                tr("アカウントを管理できるのは管理者だけです。自分のアカウントを停止したり、管理者以外に変更したりすることはできません。", "Only administrators manage accounts, and no one can stop their own account or take their own administrator role away."),
            ),
        ),
        e => ctx.failed(e),
    }
}

pub(super) async fn accounts_page(req: HttpRequest) -> HttpResponse {
    let ctx = try_page!(signed_in(&req).await);
    let viewer = &ctx.session.viewer;
    let list = match ctx.state.editorial().accounts_as(viewer).await {
        Ok(list) => list,
        Err(e) => return failed(&ctx, e.into()),
    };
    let rows: Vec<AccountRow> = list
        .into_iter()
        .map(|a| AccountRow {
            email: a.viewer.email,
            role: a.viewer.role,
            municipalities: a.viewer.scope.municipalities,
            associations: a.viewer.scope.associations,
            disabled: a.disabled,
        })
        .collect();
    ctx.page(
        StatusCode::OK,
        tr("アカウント", "Accounts"),
        done_notice(&req),
        admin::accounts(ctx.session.csrf(), &viewer.email, &rows),
    )
}

/// The role and scope a form names.
fn role_and_scope(p: &[(String, String)]) -> Result<(Role, EditorScope), ApiError> {
    let role = field(p, "role")
        .and_then(Role::from_code)
        .ok_or_else(|| invalid("role", tr("役割を選んでください", "choose a role")))?;
    let scope = EditorScope::from_lists(
        field(p, "municipalities").unwrap_or(""),
        field(p, "associations").unwrap_or(""),
    );
    // Only editors are limited by a scope.
    let scope = if role == Role::Editor {
        scope
    } else {
        EditorScope::default()
    };
    Ok((role, scope))
}

fn invalid(field: &str, reason: &str) -> ApiError {
    model::ValidationError::InvalidField {
        field: field.into(),
        reason: reason.into(),
    }
    .into()
}

/// The hash of the form's password (too short: refused by name).
fn password_hash(p: &[(String, String)]) -> Result<String, ApiError> {
    crate::cli::password_hash(field(p, "password").unwrap_or(""))
        .map_err(|e| invalid("password", &e.to_string()))
}

fn email(p: &[(String, String)]) -> Result<&str, ApiError> {
    field(p, "email").ok_or_else(|| {
        invalid(
            "email",
            tr(
                "メールアドレスを入力してください",
                "enter the e-mail address",
            ),
        )
    })
}

pub(super) async fn create(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let made = async {
        let (role, scope) = role_and_scope(&p)?;
        let hash = password_hash(&p)?;
        Ok::<_, ApiError>(
            ctx.state
                .editorial()
                .create_account_as(&ctx.session.viewer, email(&p)?, &hash, role, &scope)
                .await?,
        )
    };
    match made.await {
        Ok(_) => see_other("/admin/accounts?done=account_created"),
        Err(e) => failed(&ctx, e),
    }
}

/// Applies the change a form describes to the account it names.
async fn change(
    ctx: &Ctx,
    p: &[(String, String)],
    change: Result<AccountChange, ApiError>,
    done: &str,
) -> HttpResponse {
    let changed = async {
        Ok::<_, ApiError>(
            ctx.state
                .editorial()
                .change_account_as(&ctx.session.viewer, email(p)?, change?)
                .await?,
        )
    };
    match changed.await {
        Ok(_) => see_other(&format!("/admin/accounts?done={done}")),
        Err(e) => failed(ctx, e),
    }
}

pub(super) async fn disable(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    change(
        &ctx,
        &p,
        Ok(AccountChange::Disabled(true)),
        "account_disabled",
    )
    .await
}

pub(super) async fn enable(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    change(
        &ctx,
        &p,
        Ok(AccountChange::Disabled(false)),
        "account_enabled",
    )
    .await
}

pub(super) async fn password(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let new = password_hash(&p).map(AccountChange::Password);
    change(&ctx, &p, new, "password_set").await
}

pub(super) async fn role(Posted { ctx, fields: p }: Posted) -> HttpResponse {
    let new = role_and_scope(&p).map(|(r, s)| AccountChange::Role(r, s));
    change(&ctx, &p, new, "role_changed").await
}
