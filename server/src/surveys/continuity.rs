//! A customer signing in keeps their survey pacing: the displays and answers kept under their
//! device (or kiosk session) become the member's, so a survey they saw or answered signed out
//! is not asked again, and the site's cooldown counts from it.

use async_trait::async_trait;
use sqlx::AnyConnection;

use crate::ports::SignInHandover;
use crate::subject;

pub struct SurveyPacing;

#[async_trait]
impl SignInHandover for SurveyPacing {
    async fn hand_over(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        anonymous: &str,
        member: &str,
        _now: i64,
    ) -> Result<u64, sqlx::Error> {
        let to = subject::member(member);
        let mut moved = 0;
        // Pacing reads both tables by subject; the answers keep `member_id` empty: they were
        // given signed out, and the at-risk report counts only what a member said as one.
        for table in ["survey_displays", "survey_responses"] {
            moved += sqlx::query(&format!(
                "UPDATE {table} SET subject = $3 WHERE site = $1 AND subject = $2"
            ))
            .bind(site)
            .bind(anonymous)
            .bind(to.as_str())
            .execute(&mut *conn)
            .await?
            .rows_affected();
        }
        Ok(moved)
    }
}
