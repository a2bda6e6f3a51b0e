//! The help desk's figures for the console's overview (`ports::HelpFigures`): contact
//! requests, their resolutions and help sessions, each one grouped query per request.
//!
//! A help session (a widget session that searched or read an article) counts in the segment
//! of its first search or read in the queried span, once, and as contacted when the same
//! session sent a contact request in that span.

use async_trait::async_trait;
use sqlx::AnyPool;

use crate::error::AppError;
use crate::period::segment_sql;
use crate::ports::{HelpFigures, HelpSessionCount, ResolutionCount, SegmentCount};

pub struct HelpCounts;

fn bind_cuts<'q, O>(
    mut query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    site: &'q str,
    cuts: &[i64],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    query = query.bind(site);
    for cut in cuts {
        query = query.bind(*cut);
    }
    query
}

#[async_trait]
impl HelpFigures for HelpCounts {
    async fn contacts(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<SegmentCount>, AppError> {
        if cuts.len() < 2 {
            return Ok(Vec::new());
        }
        let (condition, segment) = segment_sql("created_at", 2, cuts.len());
        let sql = format!(
            "SELECT segment, COUNT(*) AS count FROM \
             (SELECT {segment} AS segment FROM contact_requests \
              WHERE site = $1 AND {condition}) t GROUP BY segment"
        );
        Ok(bind_cuts(sqlx::query_as(&sql), site, cuts)
            .fetch_all(pool)
            .await?)
    }

    async fn resolutions(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<ResolutionCount>, AppError> {
        if cuts.len() < 2 {
            return Ok(Vec::new());
        }
        let (condition, segment) = segment_sql("resolved_at", 2, cuts.len());
        let sql = format!(
            "SELECT segment, first_contact, COUNT(*) AS count FROM \
             (SELECT {segment} AS segment, \
              CAST(CASE WHEN resolved_first_contact = 1 THEN 1 ELSE 0 END AS BIGINT) AS first_contact \
              FROM contact_state \
              WHERE site = $1 AND status = 'resolved' AND {condition}) t \
             GROUP BY segment, first_contact"
        );
        Ok(bind_cuts(sqlx::query_as(&sql), site, cuts)
            .fetch_all(pool)
            .await?)
    }

    async fn help_sessions(
        &self,
        pool: &AnyPool,
        site: &str,
        cuts: &[i64],
    ) -> Result<Vec<HelpSessionCount>, AppError> {
        if cuts.len() < 2 {
            return Ok(Vec::new());
        }
        let (condition, _) = segment_sql("created_at", 2, cuts.len());
        let (contact_condition, _) = segment_sql("c.created_at", 2, cuts.len());
        let (_, segment) = segment_sql("first_at", 2, cuts.len());
        let sql = format!(
            "SELECT segment, COUNT(*) AS sessions, CAST(SUM(contacted) AS BIGINT) AS contacted \
             FROM (SELECT {segment} AS segment, \
               CASE WHEN EXISTS (SELECT 1 FROM contact_requests c \
                 WHERE c.site = $1 AND c.session = s.session AND {contact_condition}) \
               THEN 1 ELSE 0 END AS contacted \
               FROM (SELECT session, MIN(created_at) AS first_at FROM \
                 (SELECT session, created_at FROM faq_searches \
                   WHERE site = $1 AND session IS NOT NULL AND {condition} \
                  UNION ALL SELECT session, created_at FROM faq_views \
                   WHERE site = $1 AND session IS NOT NULL AND {condition}) a \
                 GROUP BY session) s) t \
             GROUP BY segment"
        );
        Ok(bind_cuts(sqlx::query_as(&sql), site, cuts)
            .fetch_all(pool)
            .await?)
    }
}
