//! The surveys' figures for the console's overview (`ports::SurveyFigures`).
//!
//! Why not `GROUP BY`: neither database can group 200,000 answers by a computed segment
//! without sorting them, and on SQLite that sort was nine tenths of the time (130 ms of 145).
//! Instead every count is a `COUNT(*)` over one range of an index that starts with what is
//! counted — (site, kind, score, created_at) for the segments, (site, <dimension>, kind,
//! score, created_at) for the breakdowns — for each combination of a (small, known) list:
//! the segments × every kind's scores, or each dimension's values × every kind's scores. A
//! range count reads only its index entries, so the whole costs about one pass over the
//! answers of the span, without a sort. A dimension's values are found by a loose index scan
//! (a recursive `MIN(value) > previous`), a handful of index seeks. All portable SQL.

use std::sync::Arc;

use async_trait::async_trait;
use patron_api::survey::SurveyKind;
use sqlx::AnyPool;

use super::Surveys;
use crate::error::AppError;
use crate::period::{bind_site_and_cuts, segments_cte};
use crate::ports::{BreakdownCount, Dimension, ScoreCount, SurveyFigures, SurveyName};

pub struct SurveyCounts {
    /// The definitions (cached), for the surveys' questions.
    pub surveys: Arc<Surveys>,
}

/// `kinds(kind, score)`: every kind's possible scores, as a table.
fn kinds_cte() -> String {
    let rows: Vec<String> = [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces]
        .into_iter()
        .flat_map(|kind| {
            let (min, max) = kind.range();
            (min..=max).map(move |score| format!("('{}', {score})", kind.as_str()))
        })
        .collect();
    format!("kinds(kind, score) AS (VALUES {})", rows.join(", "))
}

/// The answers of `site` in `[$2, $3)` whose `column` is `value`, of `k`'s kind and score.
fn count_sql(column: &str, value: &str, extra: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM survey_responses r WHERE r.site = $1 AND r.{column} {value} \
         AND r.kind = k.kind AND r.score = k.score \
         AND r.created_at >= $2 AND r.created_at < $3{extra})"
    )
}

#[derive(sqlx::FromRow)]
struct KeyCount {
    key: String,
    kind: String,
    score: i64,
    answers: i64,
}

#[derive(sqlx::FromRow)]
struct NullTierCount {
    kind: String,
    score: i64,
    total: i64,
    members: i64,
}

#[async_trait]
impl SurveyFigures for SurveyCounts {
    async fn scores(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<ScoreCount>, AppError> {
        if cuts.len() < 2 {
            return Ok(Vec::new());
        }
        let sql = format!(
            "WITH {}, {} \
             SELECT s.segment, k.kind, CAST(k.score AS BIGINT) AS score, \
              (SELECT COUNT(*) FROM survey_responses r WHERE r.site = $1 \
               AND r.kind = k.kind AND r.score = k.score \
               AND r.created_at >= s.lo AND r.created_at < s.hi) AS answers \
             FROM segs s, kinds k",
            segments_cte(2, cuts.len()),
            kinds_cte()
        );
        let query = bind_site_and_cuts(sqlx::query_as::<_, ScoreCount>(&sql), site, cuts);
        // The zeros are dropped here, not in SQL: PostgreSQL would run each count twice.
        let mut counts = query.fetch_all(pool).await?;
        counts.retain(|c| c.answers > 0);
        Ok(counts)
    }

    async fn breakdowns(
        &self,
        pool: &AnyPool,
        site: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<BreakdownCount>, AppError> {
        let mut out = Vec::new();
        for (dimension, column) in [
            (Dimension::Surface, "surface"),
            (Dimension::Locale, "locale"),
            (Dimension::Survey, "survey_id"),
            (Dimension::Tier, "member_tier"),
        ] {
            let sql = format!(
                "WITH RECURSIVE vals(v) AS (\
                   SELECT MIN({column}) FROM survey_responses WHERE site = $1 \
                   UNION ALL SELECT (SELECT MIN({column}) FROM survey_responses \
                     WHERE site = $1 AND {column} > vals.v) FROM vals WHERE vals.v IS NOT NULL), \
                 {} \
                 SELECT vals.v AS key, k.kind, CAST(k.score AS BIGINT) AS score, {} AS answers \
                 FROM vals, kinds k WHERE vals.v IS NOT NULL",
                kinds_cte(),
                count_sql(column, "= vals.v", "")
            );
            let rows: Vec<KeyCount> = sqlx::query_as(&sql)
                .bind(site)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?;
            out.extend(
                rows.into_iter()
                    .filter(|r| r.answers > 0)
                    .map(|r| BreakdownCount {
                        dimension,
                        key: r.key,
                        kind: r.kind,
                        score: r.score,
                        answers: r.answers,
                    }),
            );
        }
        // Answers without a recorded tier: those of members (stored before tiers were
        // recorded) are `unknown`, the rest were not signed in. (Counting the members among
        // them, not the others, keeps both counts on the tier index.)
        let sql = format!(
            "WITH {} SELECT k.kind, CAST(k.score AS BIGINT) AS score, {} AS total, \
             {} AS members FROM kinds k",
            kinds_cte(),
            count_sql("member_tier", "IS NULL", ""),
            count_sql("member_tier", "IS NULL", " AND r.member_id IS NOT NULL"),
        );
        let rows: Vec<NullTierCount> = sqlx::query_as(&sql)
            .bind(site)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?;
        for r in rows {
            for (key, answers) in [("", r.total - r.members), ("unknown", r.members)] {
                if answers > 0 {
                    out.push(BreakdownCount {
                        dimension: Dimension::Tier,
                        key: key.to_owned(),
                        kind: r.kind.clone(),
                        score: r.score,
                        answers,
                    });
                }
            }
        }
        Ok(out)
    }

    async fn questions(&self, pool: &AnyPool, site: &str) -> Result<Vec<SurveyName>, AppError> {
        let site = self.surveys.get(pool, site).await?;
        Ok(site
            .config
            .surveys
            .iter()
            .map(|s| SurveyName {
                id: s.id.clone(),
                question: s.question.clone(),
            })
            .collect())
    }
}
