//! The surveys' figures for the console's overview (`ports::SurveyFigures`): two grouped
//! queries that the covering index `survey_responses_figures` answers without reading the
//! table's rows.

use async_trait::async_trait;
use sqlx::AnyPool;

use crate::error::AppError;
use crate::period::segment_sql;
use crate::ports::{AnswerGroup, ScoreCount, SurveyFigures};

pub struct SurveyCounts;

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
        let (condition, segment) = segment_sql("created_at", 2, cuts.len());
        let sql = format!(
            "SELECT segment, kind, score, COUNT(*) AS answers FROM \
             (SELECT {segment} AS segment, kind, score FROM survey_responses \
              WHERE site = $1 AND {condition}) t \
             GROUP BY segment, kind, score"
        );
        let mut query = sqlx::query_as::<_, ScoreCount>(&sql).bind(site);
        for cut in cuts {
            query = query.bind(*cut);
        }
        Ok(query.fetch_all(pool).await?)
    }

    async fn groups(
        &self,
        pool: &AnyPool,
        site: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<AnswerGroup>, AppError> {
        Ok(sqlx::query_as::<_, AnswerGroup>(
            "SELECT survey_id, surface, locale, tier, kind, score, COUNT(*) AS answers FROM \
             (SELECT survey_id, surface, locale, kind, score, \
              CASE WHEN member_id IS NULL THEN '' ELSE COALESCE(member_tier, 'unknown') END \
              AS tier \
              FROM survey_responses WHERE site = $1 AND created_at >= $2 AND created_at < $3) t \
             GROUP BY survey_id, surface, locale, tier, kind, score",
        )
        .bind(site)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await?)
    }
}
