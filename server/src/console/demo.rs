//! Demo mode's console owner: created (or reset to the demo password) at every start, so the
//! printed credentials always work.

use patron_api::console::Role;
use sqlx::AnyPool;

use crate::auth::users;
use crate::demo::{DEMO_CONSOLE_EMAIL, DEMO_CONSOLE_PASSWORD, DEMO_SITE};

pub async fn ensure_owner(pool: &AnyPool, now: i64) -> Result<(), sqlx::Error> {
    let hash = users::hash_password_async(DEMO_CONSOLE_PASSWORD.to_owned()).await;
    users::upsert(pool, DEMO_SITE, DEMO_CONSOLE_EMAIL, Role::Owner, &hash, now).await?;
    Ok(())
}
