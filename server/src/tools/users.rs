//! `patron-server users add --site SITE --email E --role owner|agent|viewer`: adds a console
//! user (or gives an existing one that role and a new password), reading the password from
//! standard input so it never appears in the shell's history or the process list. The first
//! owner of a site is made this way; owners add the others in the console.

use std::io::Read;
use std::process::ExitCode;

use patron_api::console::users::password;
use patron_api::console::Role;
use patron_api::validate;

use crate::auth::users;
use crate::config::UsersCommand;
use crate::storage;

pub async fn run(command: UsersCommand) -> anyhow::Result<ExitCode> {
    let UsersCommand::Add(args) = command;
    validate::site_id(&args.site)
        .map_err(|v| anyhow::anyhow!("--site {:?}: {}", args.site, v.message))?;
    validate::email(args.email.trim())
        .map_err(|v| anyhow::anyhow!("--email {:?}: {}", args.email, v.message))?;
    let role = Role::parse(&args.role).ok_or_else(|| anyhow::anyhow!("--role {}", args.role))?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let secret = input.lines().next().unwrap_or_default().to_owned();
    password(&secret).map_err(|v| anyhow::anyhow!("the password: {}", v.message))?;
    let pool = storage::connect(&args.database.database_url).await?;
    anyhow::ensure!(
        storage::find_site(&pool, &args.site).await?.is_some(),
        "no site {:?} in this database (start the server once with its content first)",
        args.site
    );
    let hash = users::hash_password_async(secret).await;
    let row = users::upsert(
        &pool,
        &args.site,
        &args.email,
        role,
        &hash,
        storage::now_millis(),
    )
    .await?;
    pool.close().await;
    println!(
        "console user {} ({}) on site {}: {}",
        row.email, row.id, row.site, row.role
    );
    Ok(ExitCode::SUCCESS)
}
