//! SQL of the earn rules beyond purchases: member profiles (the birthday) and the events the
//! retailer reports. Portable SQL with `$n` placeholders.

use sqlx::AnyConnection;

/// The member's birthday as `(month, day)`, if known.
pub async fn birthday(
    conn: &mut AnyConnection,
    site: &str,
    member: &str,
) -> Result<Option<(u8, u8)>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT birthday FROM member_profiles WHERE site = $1 AND member = $2")
            .bind(site)
            .bind(member)
            .fetch_optional(conn)
            .await?;
    Ok(row
        .and_then(|(b,)| b)
        .and_then(|b| patron_api::points::earn::month_day(&b).ok()))
}

/// Sets (or with `None` forgets) the member's birthday; `MM-DD` is all that is kept.
pub async fn set_birthday(
    conn: &mut AnyConnection,
    site: &str,
    member: &str,
    birthday: Option<(u8, u8)>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let text = birthday.map(|(m, d)| format!("{m:02}-{d:02}"));
    sqlx::query(
        "INSERT INTO member_profiles (site, member, birthday, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (site, member) DO UPDATE SET birthday = excluded.birthday, \
         updated_at = excluded.updated_at",
    )
    .bind(site)
    .bind(member)
    .bind(text)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A reported event as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredEvent {
    pub fingerprint: String,
    pub receipt: String,
}

pub async fn find_event(
    conn: &mut AnyConnection,
    site: &str,
    key: &str,
) -> Result<Option<StoredEvent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT fingerprint, receipt FROM point_events WHERE site = $1 AND idempotency_key = $2",
    )
    .bind(site)
    .bind(key)
    .fetch_optional(conn)
    .await
}

/// What an event is about, for recognising a second one.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub kind: &'a str,
    /// The member, or `*` when one bonus per reference is paid whoever reports it.
    pub scope: &'a str,
    pub reference: &'a str,
}

/// Whether an event about `about` was counted already.
pub async fn counted(
    conn: &mut AnyConnection,
    site: &str,
    about: About<'_>,
) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT counted FROM point_events WHERE site = $1 AND kind = $2 AND scope = $3 \
         AND reference = $4 AND counted = 1",
    )
    .bind(site)
    .bind(about.kind)
    .bind(about.scope)
    .bind(about.reference)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

/// A new event row.
pub struct NewEvent<'a> {
    pub key: &'a str,
    pub member: &'a str,
    pub about: About<'a>,
    pub fingerprint: &'a str,
    pub receipt: &'a str,
    pub counted: bool,
}

/// `false` when the key, or a counted event about the same thing, was taken meanwhile by a
/// transaction that holds another member's lock.
pub async fn insert_event(
    conn: &mut AnyConnection,
    site: &str,
    e: &NewEvent<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO point_events (site, idempotency_key, member, kind, scope, reference, \
         fingerprint, receipt, counted, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
    )
    .bind(site)
    .bind(e.key)
    .bind(e.member)
    .bind(e.about.kind)
    .bind(e.about.scope)
    .bind(e.about.reference)
    .bind(e.fingerprint)
    .bind(e.receipt)
    .bind(i64::from(e.counted))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
