//! `caremap admin …`: what an administrator does on the server's command line (the first
//! account, before anyone can sign in).

use crate::auth::{MIN_PASSWORD_LEN, hash_password};
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
    if password.chars().count() < MIN_PASSWORD_LEN {
        anyhow::bail!("the password must have at least {MIN_PASSWORD_LEN} characters");
    }
    if role == Role::Editor && *scope == EditorScope::default() {
        anyhow::bail!("an editor needs a scope: --municipality CODE and/or --association ID");
    }
    let hash = hash_password(password).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(store.create_account(email, &hash, role, scope).await?)
}

/// Runs one command.
pub async fn run(cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::CreateUser(c) => {
            let mut input = String::new();
            std::io::stdin().read_to_string(&mut input)?;
            let password = input.lines().next().unwrap_or("");
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
    }
    Ok(())
}
