//! `caremap admin …`: what an administrator does on the server's command line: the first
//! account (before anyone can sign in), and every account's life — disable, enable, a new
//! password, a new role or scope.

use crate::auth::{MIN_PASSWORD_LEN, hash_password};
use indexer::store::account_lifecycle::AccountChange;
use indexer::store::{Store, default_database_url};
use model::account::{EditorScope, Role};
use std::io::Read;
use std::path::PathBuf;

/// Administration commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Creates an account; the password is read from standard input.
    CreateUser(CreateUser),
    /// Lists the accounts.
    ListUsers(StoreArgs),
    /// Disables an account: it cannot sign in, and its sessions end at once.
    DisableUser(UserArgs),
    /// Enables a disabled account again.
    EnableUser(UserArgs),
    /// Sets a new password (read from standard input); the account's sessions end.
    ResetPassword(ResetPassword),
    /// Changes an account's role and scope (its sessions see them at their next request).
    SetRole(SetRole),
}

/// The account a command is about.
#[derive(Debug, clap::Args)]
pub struct UserArgs {
    /// Store location.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Login e-mail.
    #[arg(long)]
    pub email: String,
}

/// `caremap admin reset-password`.
#[derive(Debug, clap::Args)]
pub struct ResetPassword {
    /// The account.
    #[command(flatten)]
    pub user: UserArgs,
    /// Read the new password from standard input (one line; required, as for create-user).
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

/// `caremap admin set-role`.
#[derive(Debug, clap::Args)]
pub struct SetRole {
    /// The account.
    #[command(flatten)]
    pub user: UserArgs,
    /// admin, editor or professional.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// Editors: a municipality code the account may edit (repeatable).
    #[arg(long = "municipality")]
    pub municipalities: Vec<String>,
    /// Editors: an association id whose members' listings the account may edit (repeatable).
    #[arg(long = "association")]
    pub associations: Vec<String>,
}

/// Where the store is.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// Folder holding the SQLite database.
    #[arg(long, env = "CAREMAP_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Database URL; default `sqlite://<data-dir>/caremap.db`.
    #[arg(long, env = "CAREMAP_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl StoreArgs {
    async fn store(&self) -> anyhow::Result<Store> {
        std::fs::create_dir_all(&self.data_dir)?;
        let url = self
            .database_url
            .clone()
            .unwrap_or_else(|| default_database_url(&self.data_dir));
        Ok(Store::connect(&url).await?)
    }
}

/// `caremap admin create-user`.
#[derive(Debug, clap::Args)]
pub struct CreateUser {
    /// Store location.
    #[command(flatten)]
    pub store: StoreArgs,
    /// Login e-mail.
    #[arg(long)]
    pub email: String,
    /// admin, editor or professional.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// Read the password from standard input (one line; required, so it never shows in the
    /// process list or the shell history).
    #[arg(long, required = true)]
    pub password_stdin: bool,
    /// Editors: a municipality code the account may edit (repeatable).
    #[arg(long = "municipality")]
    pub municipalities: Vec<String>,
    /// Editors: an association id whose members' listings the account may edit (repeatable).
    #[arg(long = "association")]
    pub associations: Vec<String>,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_code(s)
        .ok_or_else(|| format!("unknown role {s:?}: use admin, editor or professional"))
}

/// Creates an account after checking the password's length and that an editor has a scope.
pub async fn create_user(
    store: &Store,
    email: &str,
    role: Role,
    password: &str,
    scope: &EditorScope,
) -> anyhow::Result<model::Viewer> {
    check_role(role, scope)?;
    let hash = password_hash(password)?;
    Ok(store.create_account(email, &hash, role, scope).await?)
}

/// Changes an account (disable, enable, password, role): what the lifecycle commands run.
/// Returns how many of its sessions ended.
pub async fn change_user(store: &Store, email: &str, change: AccountChange) -> anyhow::Result<u64> {
    match &change {
        AccountChange::Role(role, scope) => check_role(*role, scope)?,
        AccountChange::Disabled(_) | AccountChange::Password(_) => {}
    }
    Ok(store.change_account(email, change).await?)
}

/// An editor needs a scope.
fn check_role(role: Role, scope: &EditorScope) -> anyhow::Result<()> {
    scope.check_for(role).map_err(|_| {
        anyhow::anyhow!("an editor needs a scope: --municipality CODE and/or --association ID")
    })
}

/// The hash of a password long enough to keep.
pub fn password_hash(password: &str) -> anyhow::Result<String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        anyhow::bail!("the password must have at least {MIN_PASSWORD_LEN} characters");
    }
    hash_password(password).map_err(|e| anyhow::anyhow!("{e}"))
}

/// The first line of standard input.
fn password_from_stdin() -> anyhow::Result<String> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    Ok(input.lines().next().unwrap_or("").to_string())
}

/// Runs one command.
pub async fn run(cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::CreateUser(c) => {
            let password = password_from_stdin()?;
            let password = password.as_str();
            let scope = EditorScope {
                municipalities: c.municipalities,
                associations: c.associations,
            };
            let store = c.store.store().await?;
            let v = create_user(&store, &c.email, c.role, password, &scope).await?;
            println!(
                "created {} account {} (id {})",
                v.role.code(),
                v.email,
                v.id
            );
        }
        Command::ListUsers(s) => {
            let store = s.store().await?;
            for a in store.accounts().await? {
                let v = a.viewer;
                println!(
                    "{}\t{}\t{}\t{}{}",
                    v.id,
                    v.email,
                    v.role.code(),
                    serde_json::to_string(&v.scope)?,
                    if a.disabled { "\tdisabled" } else { "" }
                );
            }
        }
        Command::DisableUser(u) => {
            let ended = change_user(
                &u.store.store().await?,
                &u.email,
                AccountChange::Disabled(true),
            )
            .await?;
            println!("disabled {}; {ended} session(s) ended", u.email);
        }
        Command::EnableUser(u) => {
            change_user(
                &u.store.store().await?,
                &u.email,
                AccountChange::Disabled(false),
            )
            .await?;
            println!("enabled {}", u.email);
        }
        Command::ResetPassword(r) => {
            let hash = password_hash(&password_from_stdin()?)?;
            let store = r.user.store.store().await?;
            let ended = change_user(&store, &r.user.email, AccountChange::Password(hash)).await?;
            println!(
                "new password for {}; {ended} session(s) ended",
                r.user.email
            );
        }
        Command::SetRole(c) => {
            let scope = EditorScope {
                municipalities: c.municipalities,
                associations: c.associations,
            };
            let store = c.user.store.store().await?;
            change_user(&store, &c.user.email, AccountChange::Role(c.role, scope)).await?;
            println!("{} is now {}", c.user.email, c.role.code());
        }
    }
    Ok(())
}
