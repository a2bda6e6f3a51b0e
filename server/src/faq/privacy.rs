//! What the help pages hold about a customer (`ports::PersonalData`). Contact requests carry
//! the verified member and the device they were sent from; searches, views and votes carry
//! only the widget's random per-visit session id, so they reach a person only through the
//! contact requests of the same session. A member's or device's erasure therefore deletes
//! their contact requests and every search, view and vote of those sessions; the rest of the
//! help log is anonymous and kept only for `retention.searches_days`.

use async_trait::async_trait;
use patron_api::privacy::{
    ErasedCounts, ExportedFaqEvent, ExportedHelpSession, PrivacyExport, Retention,
};
use sqlx::{AnyConnection, AnyPool};

use super::admin::contact_records;
use super::storage::{self, ContactRow, Sender};
use crate::notes;
use crate::ports::{Person, PersonalData};
use crate::storage::DAY_MS;

pub struct HelpRecords;

fn senders(person: &Person) -> Vec<Sender<'_>> {
    let member = person.member.as_deref().map(Sender::Member);
    member
        .into_iter()
        .chain(person.device.as_deref().map(Sender::Device))
        .collect()
}

/// The person's contact requests (each once, though both member and device may match).
async fn contacts(
    conn: &mut AnyConnection,
    site: &str,
    person: &Person,
) -> Result<Vec<ContactRow>, sqlx::Error> {
    let mut rows: Vec<ContactRow> = Vec::new();
    for sender in senders(person) {
        for row in storage::contacts_of(conn, site, sender).await? {
            if !rows.iter().any(|r| r.id == row.id) {
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

fn sessions(rows: &[ContactRow]) -> Vec<String> {
    let mut sessions: Vec<String> = rows.iter().map(|r| r.session.clone()).collect();
    sessions.sort();
    sessions.dedup();
    sessions
}

#[async_trait]
impl PersonalData for HelpRecords {
    async fn erase(
        &self,
        conn: &mut AnyConnection,
        site: &str,
        person: &Person,
        _anonymous: &str,
        erased: &mut ErasedCounts,
    ) -> Result<(), sqlx::Error> {
        let rows = contacts(conn, site, person).await?;
        for session in sessions(&rows) {
            let deleted = storage::delete_session_events(conn, site, &session).await?;
            erased.faq_events += i64::try_from(deleted.events).unwrap_or(i64::MAX);
            erased.help_sessions += i64::try_from(deleted.help_sessions).unwrap_or(i64::MAX);
        }
        for row in &rows {
            storage::delete_contact(conn, &row.id).await?;
            erased.contact_requests += 1;
        }
        let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
        notes::delete_on(conn, site, notes::Subject::Contact, &ids).await?;
        Ok(())
    }

    async fn export(
        &self,
        pool: &AnyPool,
        site: &str,
        person: &Person,
        export: &mut PrivacyExport,
    ) -> Result<(), sqlx::Error> {
        let mut conn = pool.acquire().await?;
        let rows = contacts(&mut conn, site, person).await?;
        drop(conn);
        for session in sessions(&rows) {
            for e in storage::session_events(pool, site, &session).await? {
                export.faq_events.push(ExportedFaqEvent {
                    kind: e.kind,
                    session: session.clone(),
                    text: e.text,
                    helpful: e.helpful.map(|h| h != 0),
                    comment: e.comment,
                    at: e.created_at,
                });
            }
            if let Some((first_at, contacted_at)) =
                storage::help_session(pool, site, &session).await?
            {
                export.help_sessions.push(ExportedHelpSession {
                    session: session.clone(),
                    first_at,
                    contacted_at,
                });
            }
        }
        export
            .contact_requests
            .extend(contact_records(pool, site, rows).await?);
        Ok(())
    }

    async fn prune(
        &self,
        pool: &AnyPool,
        site: &str,
        retention: &Retention,
        now: i64,
    ) -> Result<u64, sqlx::Error> {
        let before = |days: u32| now.saturating_sub(i64::from(days) * DAY_MS);
        let events = storage::prune_events(
            pool,
            site,
            before(retention.searches_days),
            before(retention.comments_days),
        )
        .await?;
        let contacts = storage::prune_contacts(pool, site, before(retention.contacts_days)).await?;
        // Learned evidence keeps a hash of the client's address: it goes with the searches.
        let learned = storage::learned::prune(pool, site, before(retention.searches_days)).await?;
        Ok(events + contacts + learned)
    }
}
