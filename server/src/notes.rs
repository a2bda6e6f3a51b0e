//! Internal notes of the console's inboxes (a feedback answer's, a contact request's), shared
//! by the features that own those objects. Plain text, written with the author as they were.

use patron_api::console::{Note, UserRef};
use sqlx::{AnyConnection, AnyPool, FromRow};

/// Whose notes: a survey response or a contact request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Feedback,
    Contact,
}

impl Subject {
    fn as_str(self) -> &'static str {
        match self {
            Subject::Feedback => "feedback",
            Subject::Contact => "contact",
        }
    }
}

#[derive(FromRow)]
struct Row {
    id: String,
    author_id: String,
    author_email: String,
    text: String,
    created_at: i64,
}

pub async fn add(
    conn: &mut AnyConnection,
    site: &str,
    subject: Subject,
    id: &str,
    author: &UserRef,
    text: &str,
    now: i64,
) -> Result<Note, sqlx::Error> {
    let note = Note {
        id: crate::storage::new_id(),
        author: author.clone(),
        text: text.trim().to_owned(),
        created_at: now,
    };
    sqlx::query(
        "INSERT INTO console_notes (id, site, kind, subject, author_id, author_email, text, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(note.id.as_str())
    .bind(site)
    .bind(subject.as_str())
    .bind(id)
    .bind(author.id.as_str())
    .bind(author.email.as_str())
    .bind(note.text.as_str())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(note)
}

/// Deletes the notes on `ids` (of one kind): an erased customer's answers and contact
/// requests lose what agents wrote about them, which may repeat their name or phone number.
/// Returns how many were deleted.
pub async fn delete_on(
    conn: &mut AnyConnection,
    site: &str,
    subject: Subject,
    ids: &[String],
) -> Result<u64, sqlx::Error> {
    let mut deleted = 0;
    for id in ids {
        deleted +=
            sqlx::query("DELETE FROM console_notes WHERE site = $1 AND kind = $2 AND subject = $3")
                .bind(site)
                .bind(subject.as_str())
                .bind(id)
                .execute(&mut *conn)
                .await?
                .rows_affected();
    }
    Ok(deleted)
}

/// The notes of one object, oldest first.
pub async fn list(pool: &AnyPool, subject: Subject, id: &str) -> Result<Vec<Note>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, author_id, author_email, text, created_at FROM console_notes \
         WHERE kind = $1 AND subject = $2 ORDER BY created_at, id",
    )
    .bind(subject.as_str())
    .bind(id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Note {
            id: r.id,
            author: UserRef {
                id: r.author_id,
                email: r.author_email,
            },
            text: r.text,
            created_at: r.created_at,
        })
        .collect())
}

/// `%`, `_` and `\` taken literally in a `LIKE … ESCAPE '\'` pattern that finds `q` anywhere,
/// lowercased (the column it is matched against is lowercased too).
pub fn like_pattern(q: &str) -> String {
    let mut p = String::from("%");
    for c in q.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(super::like_pattern(" 50%_Off "), "%50\\%\\_off%");
        assert_eq!(super::like_pattern("退货"), "%退货%");
    }
}
