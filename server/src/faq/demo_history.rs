//! The FAQ's part of demo mode's history (`crate::history`): customers' sessions that search
//! (some for what the library does not answer), read, vote (one article is rated low, with
//! reasons and comments) and sometimes ask for a contact, and the service team resolving
//! those contacts, on the first contact or not.

use std::collections::BTreeMap;

use async_trait::async_trait;
use patron_api::faq::VoteReason;
use patron_api::Locale;
use sqlx::{AnyConnection, AnyPool};

use super::storage::{self, StoredArticle};
use crate::error::AppError;
use crate::history::{self, Rng, MARK_LIKE};
use crate::ports::DemoHistory;
use crate::storage::HOUR_MS;

pub struct FaqHistory {
    pub pool: AnyPool,
}

/// What customers searched for and the library does not answer, per locale.
fn unanswered(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::ZhCn => &["以旧换新", "发票抬头", "分期付款", "企业采购"],
        Locale::ZhTw => &["以舊換新", "發票抬頭", "分期付款"],
        Locale::En => &["trade-in", "gift wrapping", "invoice", "installments"],
    }
}

/// `(name, message)` of contact requests, per locale.
fn requests(locale: Locale) -> &'static [(&'static str, &'static str)] {
    match locale {
        Locale::ZhCn => &[
            ("王女士", "退货申请提交三天了还没人处理"),
            ("李先生", "想改送货时间，找不到入口"),
            ("张女士", "收到的颜色和下单的不一样"),
        ],
        Locale::ZhTw => &[
            ("陳小姐", "想確認發票什麼時候寄出"),
            ("林先生", "安裝時間可以改到週末嗎"),
        ],
        Locale::En => &[
            ("Ann Lee", "The wardrobe door is missing a hinge"),
            ("Tom Chan", "Can I change my delivery date?"),
            ("Mia Wong", "I was charged twice for one order"),
        ],
    }
}

const NOT_HELPFUL_COMMENTS: [&str; 3] = [
    "没有说清楚多久能退款",
    "The steps do not match the app any more",
    "步驟太多，看不懂",
];

struct Counter(usize);

impl Counter {
    fn next(&mut self, what: &str) -> String {
        self.0 += 1;
        history::id(what, self.0)
    }
}

async fn insert_search(
    conn: &mut AnyConnection,
    site: &str,
    (id, query, locale, results, session, at): (&str, &str, Locale, i64, &str, i64),
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO faq_searches \
         (id, site, query, query_norm, locale, result_count, session, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(site)
    .bind(query)
    .bind(query.trim().to_lowercase())
    .bind(locale.as_str())
    .bind(results)
    .bind(session)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

#[async_trait]
impl DemoHistory for FaqHistory {
    fn name(&self) -> &'static str {
        "faq"
    }

    async fn seed(&self, site: &str, now: i64) -> Result<u64, AppError> {
        let seeded =
            history::already_seeded(&self.pool, "faq_searches", "id", site, MARK_LIKE).await?;
        let mut conn = self.pool.acquire().await?;
        let articles = storage::all_articles(&mut conn, site).await?;
        drop(conn);
        if seeded || articles.is_empty() {
            return Ok(0);
        }
        let mut by_locale: BTreeMap<&str, Vec<&StoredArticle>> = BTreeMap::new();
        for a in &articles {
            by_locale.entry(a.locale.as_str()).or_default().push(a);
        }
        let locales: Vec<Locale> = Locale::ALL
            .into_iter()
            .filter(|l| by_locale.contains_key(l.as_str()))
            .collect();
        // The article customers find least helpful.
        let weak = articles[articles.len() / 2].id.clone();
        let mut rng = Rng::new("faq");
        let mut ids = Counter(0);
        let mut rows = 0u64;
        let mut contacts = 0usize;
        let mut tx = self.pool.begin().await?;
        for days_ago in (1..=history::DAYS).rev() {
            for _ in 0..history::per_day(30, now, days_ago, &mut rng) {
                let locale = locales[rng.weighted(
                    &locales
                        .iter()
                        .map(|l| match l {
                            Locale::ZhCn => 60,
                            Locale::ZhTw => 15,
                            Locale::En => 25,
                        })
                        .collect::<Vec<_>>(),
                )];
                let pool = &by_locale[locale.as_str()];
                let session = ids.next("session");
                let mut at = history::moment(now, days_ago, &mut rng);
                let mut queries = Vec::new();
                let mut read = Vec::new();
                // One or two searches; about one in six finds nothing.
                for _ in 0..1 + rng.below(2) {
                    at += 20_000 + rng.below(60_000) as i64;
                    if rng.chance(0.16) {
                        let q = *rng.pick(unanswered(locale));
                        insert_search(
                            &mut tx,
                            site,
                            (&ids.next("search"), q, locale, 0, &session, at),
                        )
                        .await?;
                        queries.push(q.to_owned());
                    } else {
                        let article = *rng.pick(pool);
                        let q = article
                            .keywords
                            .first()
                            .cloned()
                            .unwrap_or_else(|| article.title.clone());
                        let found = 1 + rng.below(3) as i64;
                        insert_search(
                            &mut tx,
                            site,
                            (&ids.next("search"), &q, locale, found, &session, at),
                        )
                        .await?;
                        queries.push(q);
                        if rng.chance(0.75) {
                            at += 5_000 + rng.below(20_000) as i64;
                            sqlx::query(
                                "INSERT INTO faq_views (id, site, article_id, locale, session, \
                                 created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                            )
                            .bind(ids.next("view"))
                            .bind(site)
                            .bind(article.id.as_str())
                            .bind(locale.as_str())
                            .bind(session.as_str())
                            .bind(at)
                            .execute(&mut *tx)
                            .await?;
                            read.push(article.id.clone());
                            rows += 1;
                            if rng.chance(0.3) {
                                let helpful =
                                    rng.chance(if article.id == weak { 0.3 } else { 0.85 });
                                let reason = (!helpful).then(|| *rng.pick(&VoteReason::ALL));
                                let comment = (!helpful && rng.chance(0.4))
                                    .then(|| *rng.pick(&NOT_HELPFUL_COMMENTS));
                                sqlx::query(
                                    "INSERT INTO faq_votes (id, site, article_id, locale, \
                                     session, helpful, reason, comment, created_at) \
                                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                )
                                .bind(ids.next("vote"))
                                .bind(site)
                                .bind(article.id.as_str())
                                .bind(locale.as_str())
                                .bind(session.as_str())
                                .bind(i64::from(helpful))
                                .bind(reason.map(VoteReason::as_str))
                                .bind(comment)
                                .bind(at + 30_000)
                                .execute(&mut *tx)
                                .await?;
                                rows += 1;
                            }
                        }
                    }
                    rows += 1;
                }
                // Customers who found nothing ask more often.
                let asks = if read.is_empty() { 0.4 } else { 0.06 };
                if rng.chance(asks) {
                    contacts += 1;
                    rows += contact(
                        &mut tx,
                        site,
                        &mut rng,
                        (contacts, &session, locale, now, days_ago, at),
                        (&queries, &read),
                    )
                    .await?;
                }
            }
        }
        // The help sessions the overview counts (`faq_help_sessions`), dated by their first
        // search or read and marked when they sent a request, as the live paths write them.
        sqlx::query(
            "INSERT INTO faq_help_sessions (site, session, first_at) \
             SELECT site, session, MIN(created_at) FROM \
             (SELECT site, session, created_at FROM faq_searches \
              WHERE site = $1 AND session LIKE $2 \
              UNION ALL \
              SELECT site, session, created_at FROM faq_views \
              WHERE site = $1 AND session LIKE $2) a \
             GROUP BY site, session \
             ON CONFLICT (site, session) DO NOTHING",
        )
        .bind(site)
        .bind(MARK_LIKE)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE faq_help_sessions SET contacted_at = (SELECT MIN(c.created_at) \
             FROM contact_requests c WHERE c.site = faq_help_sessions.site \
             AND c.session = faq_help_sessions.session) \
             WHERE site = $1 AND session LIKE $2",
        )
        .bind(site)
        .bind(MARK_LIKE)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(rows)
    }
}

/// One contact request with its context and, as the team worked it, its state.
async fn contact(
    conn: &mut AnyConnection,
    site: &str,
    rng: &mut Rng,
    (n, session, locale, now, days_ago, at): (usize, &str, Locale, i64, i64, i64),
    (queries, read): (&[String], &[String]),
) -> Result<u64, sqlx::Error> {
    let id = history::id("contact", n);
    let (name, message) = *rng.pick(requests(locale));
    let at = at + 60_000;
    sqlx::query(
        "INSERT INTO contact_requests (id, site, reference, session, locale, name, email, \
         phone, order_number, message, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10)",
    )
    .bind(id.as_str())
    .bind(site)
    .bind(format!("DEMO-{n:05}"))
    .bind(session)
    .bind(locale.as_str())
    .bind(name)
    .bind(format!("customer{n}@example.com"))
    .bind(format!("SO-{}", 30_000 + n))
    .bind(message)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    for (seq, q) in queries.iter().enumerate() {
        sqlx::query("INSERT INTO contact_queries (contact_id, seq, query) VALUES ($1, $2, $3)")
            .bind(id.as_str())
            .bind(seq as i64)
            .bind(q.as_str())
            .execute(&mut *conn)
            .await?;
    }
    for (seq, a) in read.iter().enumerate() {
        sqlx::query(
            "INSERT INTO contact_articles (contact_id, seq, article_id) VALUES ($1, $2, $3)",
        )
        .bind(id.as_str())
        .bind(seq as i64)
        .bind(a.as_str())
        .execute(&mut *conn)
        .await?;
    }
    // Older requests are mostly resolved, most of them on the first contact; the last few
    // days' are still being worked.
    let resolved = rng.chance(if days_ago > 3 { 0.92 } else { 0.4 });
    let first_action = at + (1 + rng.below(20) as i64) * HOUR_MS;
    let resolved_at = resolved.then(|| (first_action + rng.below(48) as i64 * HOUR_MS).min(now));
    let first_contact = resolved.then(|| rng.chance(0.84));
    let acted = resolved || rng.chance(0.5);
    if acted {
        sqlx::query(
            "INSERT INTO contact_state (contact_id, site, status, resolved_first_contact, \
             resolved_at, first_action_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.as_str())
        .bind(site)
        .bind(if resolved { "resolved" } else { "open" })
        .bind(first_contact.map(i64::from))
        .bind(resolved_at)
        .bind(first_action.min(now))
        .bind(resolved_at.unwrap_or(first_action).min(now))
        .execute(&mut *conn)
        .await?;
    }
    Ok(1 + queries.len() as u64 + read.len() as u64 + u64::from(acted))
}
