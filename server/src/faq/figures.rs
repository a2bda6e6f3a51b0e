//! The help desk's figures for the console's overview (`ports::HelpFigures`): contact
//! requests, their resolutions and help sessions, each one grouped query per request.
//!
//! A help session (a widget session that searched or read an article) counts in the segment
//! of its first search or read, once, and as contacted when it sent a contact request
//! (`faq_help_sessions`, written with the search, read or request).

use async_trait::async_trait;
use sqlx::AnyPool;

use crate::error::AppError;
use crate::period::{bind_site_and_cuts as bind_cuts, segment_sql, segments_cte};
use crate::ports::{HelpFigures, HelpSessionCount, ResolutionCount, SegmentCount};

pub struct HelpCounts;

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
        // Two range counts per segment on (site, first_at, contacted_at): nothing is sorted.
        let range = "FROM faq_help_sessions h \
                     WHERE h.site = $1 AND h.first_at >= s.lo AND h.first_at < s.hi";
        let sql = format!(
            "WITH {} \
             SELECT s.segment, (SELECT COUNT(*) {range}) AS sessions, \
              (SELECT COUNT(h.contacted_at) {range}) AS contacted FROM segs s",
            segments_cte(2, cuts.len())
        );
        Ok(bind_cuts(sqlx::query_as(&sql), site, cuts)
            .fetch_all(pool)
            .await?)
    }
}
