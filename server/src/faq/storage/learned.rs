//! The learned associations' SQL (`faq_learned`): evidence recorded once per client and
//! (term, article, kind), capped per session, read back for a query's words, listed and reset.

use patron_api::Locale;
use sqlx::{AnyConnection, AnyPool};

use crate::faq::learned::{Evidence, Kind, ARTICLES_PER_SESSION_MAX};

/// One click or vote to learn from: `terms` (the query's words) lead to `article`.
pub struct Lesson<'a> {
    pub site: &'a str,
    pub locale: Locale,
    pub session: &'a str,
    pub voter: &'a str,
    pub kind: Kind,
    pub weight: i64,
    pub article: &'a str,
    pub terms: &'a [String],
    pub now: i64,
}

/// The query the session searched last in `locale` since `since`, as typed.
pub async fn last_search(
    pool: &AnyPool,
    site: &str,
    session: &str,
    locale: Locale,
    since: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT query FROM faq_searches WHERE site = $1 AND session = $2 AND locale = $3 \
         AND created_at >= $4 AND result_count > 0 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(site)
    .bind(session)
    .bind(locale.as_str())
    .bind(since)
    .fetch_optional(pool)
    .await
}

/// Records the lesson's evidence, unless its session already taught about
/// `ARTICLES_PER_SESSION_MAX` other articles; a client's second piece of evidence for the
/// same (term, article, kind) is ignored. Returns the rows added.
pub async fn record(pool: &AnyPool, l: &Lesson<'_>) -> Result<u64, sqlx::Error> {
    let taught: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT article_id FROM faq_learned WHERE site = $1 AND session = $2",
    )
    .bind(l.site)
    .bind(l.session)
    .fetch_all(pool)
    .await?;
    if taught.len() >= ARTICLES_PER_SESSION_MAX && !taught.iter().any(|a| a == l.article) {
        return Ok(0);
    }
    let mut added = 0;
    for term in l.terms {
        added += sqlx::query(
            "INSERT INTO faq_learned (site, locale, term, article_id, kind, voter, session, \
             weight, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (site, locale, term, article_id, kind, voter) DO NOTHING",
        )
        .bind(l.site)
        .bind(l.locale.as_str())
        .bind(term.as_str())
        .bind(l.article)
        .bind(l.kind.as_str())
        .bind(l.voter)
        .bind(l.session)
        .bind(l.weight)
        .bind(l.now)
        .execute(pool)
        .await?
        .rows_affected();
    }
    Ok(added)
}

type Row = (String, String, String, i64, i64);

fn evidence_of(rows: Vec<Row>) -> Vec<Evidence> {
    rows.into_iter()
        .map(|(term, article, voter, weight, at)| Evidence {
            term,
            article,
            voter,
            weight,
            at,
        })
        .collect()
}

/// The evidence for any of `terms` in `locale`.
pub async fn evidence(
    pool: &AnyPool,
    site: &str,
    locale: Locale,
    terms: &[String],
) -> Result<Vec<Evidence>, sqlx::Error> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = (0..terms.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT term, article_id, voter, weight, created_at FROM faq_learned \
         WHERE site = $1 AND locale = $2 AND term IN ({})",
        list.join(", ")
    );
    let mut q = sqlx::query_as(&sql).bind(site).bind(locale.as_str());
    for t in terms {
        q = q.bind(t.as_str());
    }
    Ok(evidence_of(q.fetch_all(pool).await?))
}

/// Every piece of evidence of the site (in one locale), for the admin list.
pub async fn all_evidence(
    pool: &AnyPool,
    site: &str,
    locale: Locale,
) -> Result<Vec<Evidence>, sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT term, article_id, voter, weight, created_at FROM faq_learned \
         WHERE site = $1 AND locale = $2",
    )
    .bind(site)
    .bind(locale.as_str())
    .fetch_all(pool)
    .await?;
    Ok(evidence_of(rows))
}

/// Deletes the site's evidence, or only one article's, or one term's; returns the rows.
pub async fn reset(
    conn: &mut AnyConnection,
    site: &str,
    article: Option<&str>,
    term: Option<&str>,
) -> Result<u64, sqlx::Error> {
    // Only the parameters a statement uses are bound: PostgreSQL cannot type an unused one.
    let mut sql = "DELETE FROM faq_learned WHERE site = $1".to_owned();
    let mut given = Vec::new();
    for (column, value) in [("article_id", article), ("term", term)] {
        if let Some(value) = value {
            given.push(value);
            sql.push_str(&format!(" AND {column} = ${}", given.len() + 1));
        }
    }
    let mut q = sqlx::query(&sql).bind(site);
    for v in given {
        q = q.bind(v);
    }
    q.execute(conn).await.map(|r| r.rows_affected())
}

/// Deletes evidence older than `before` (the retention job).
pub async fn prune(pool: &AnyPool, site: &str, before: i64) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM faq_learned WHERE site = $1 AND created_at < $2")
        .bind(site)
        .bind(before)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
}
