//! `GET|POST /v1/console/sites/{site}/users`, `PUT|DELETE …/users/{user}`: every role lists
//! them; owners add, change and remove them, and the site always keeps an owner.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use patron_api::console::audit::{AuditAction, AuditTarget};
use patron_api::console::users::{NewUser, UserChange, UserList, USERS_MAX};
use patron_api::console::{object_id, Role};
use patron_api::validate::FieldErrors;
use patron_api::FieldCode;

use crate::audit::{self, change, Who};
use crate::auth::console::{end_others, ConsoleUser};
use crate::auth::users::{self, hash_password_async, UserRow};
use crate::error::AppError;
use crate::extract::{AppJson, AppPath};
use crate::state::AppState;
use crate::storage::now_millis;

pub async fn list(
    who: ConsoleUser,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, AppError> {
    let rows = users::list(&state.pool, who.site()).await?;
    Ok(AppJson(UserList {
        users: rows.iter().map(UserRow::user).collect(),
    }))
}

pub async fn add(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppJson(new): AppJson<NewUser>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Owner)?;
    new.validate()?;
    let site = who.site().to_owned();
    if users::list(&state.pool, &site).await?.len() >= USERS_MAX {
        return Err(one_error(
            "email",
            FieldCode::NotAllowed,
            "this site has as many users as it may",
        ));
    }
    let hash = hash_password_async(new.password.clone()).await;
    let now = now_millis();
    let mut tx = state.pool.begin().await?;
    let row = users::insert(&mut tx, &site, &new.email, new.role, &hash, now)
        .await?
        .ok_or_else(|| {
            one_error(
                "email",
                FieldCode::Duplicate,
                "this email already has an account on the site",
            )
        })?;
    audit::record(
        &mut tx,
        audit::Record {
            site: &site,
            who: &Who::User(who.as_ref()),
            action: AuditAction::UserAdded,
            target: AuditTarget::User,
            target_id: &row.id,
            changes: vec![
                change("email", None, Some(&row.email)),
                change("role", None, Some(new.role.as_str())),
            ],
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, AppJson(row.user())))
}

pub async fn change_user(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, id)): AppPath<(String, String)>,
    AppJson(body): AppJson<UserChange>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Owner)?;
    object_id(&id).map_err(|_| AppError::NotFound)?;
    body.validate()?;
    let site = who.site().to_owned();
    let hash = match &body.password {
        Some(p) => Some(hash_password_async(p.clone()).await),
        None => None,
    };
    let now = now_millis();
    let mut tx = state.pool.begin().await?;
    let row = users::find(&mut tx, &site, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut changes = Vec::new();
    if let Some(role) = body.role.filter(|r| *r != row.role()) {
        if row.role() == Role::Owner && users::owners(&mut tx, &site).await? <= 1 {
            return Err(last_owner());
        }
        users::set_role(&mut tx, &id, role).await?;
        changes.push(change("role", Some(&row.role), Some(role.as_str())));
    }
    if let Some(hash) = &hash {
        users::set_password_hash(&mut tx, &id, hash).await?;
        // Their other sessions end; the caller's own stays.
        end_others(&mut tx, &id, &who.session_id).await?;
        changes.push(change("password", None, None));
    }
    if !changes.is_empty() {
        audit::record(
            &mut tx,
            audit::Record {
                site: &site,
                who: &Who::User(who.as_ref()),
                action: AuditAction::UserChanged,
                target: AuditTarget::User,
                target_id: &id,
                changes,
                at: now,
            },
        )
        .await?;
    }
    let row = users::find(&mut tx, &site, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(AppJson(row.user()))
}

pub async fn remove(
    who: ConsoleUser,
    State(state): State<AppState>,
    AppPath((_, id)): AppPath<(String, String)>,
) -> Result<impl IntoResponse, AppError> {
    who.require(Role::Owner)?;
    object_id(&id).map_err(|_| AppError::NotFound)?;
    let site = who.site().to_owned();
    let mut tx = state.pool.begin().await?;
    let row = users::find(&mut tx, &site, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.role() == Role::Owner && users::owners(&mut tx, &site).await? <= 1 {
        return Err(last_owner());
    }
    users::delete(&mut tx, &id).await?;
    audit::record(
        &mut tx,
        audit::Record {
            site: &site,
            who: &Who::User(who.as_ref()),
            action: AuditAction::UserRemoved,
            target: AuditTarget::User,
            target_id: &id,
            changes: vec![change("email", Some(&row.email), None)],
            at: now_millis(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

fn one_error(field: &str, code: FieldCode, message: &str) -> AppError {
    let mut errs = FieldErrors::default();
    errs.push(field, code, message);
    AppError::Validation(errs)
}

fn last_owner() -> AppError {
    one_error(
        "role",
        FieldCode::NotAllowed,
        "the site must keep at least one owner",
    )
}
