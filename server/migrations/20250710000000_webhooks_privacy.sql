-- Webhook deliveries for every feature (was: survey_webhook_outbox, detractor alerts only),
-- erasure records, per-site retention and the lease of background jobs. Portable between
-- SQLite and PostgreSQL: TEXT/BIGINT only, ids and timestamps (Unix milliseconds) from the app.

-- One row per event queued for a site's webhook, written in the same transaction as what it
-- reports. `status`: pending → delivered (a 2xx) or failed (given up after too many attempts
-- or too long). A worker claims a pending row by a conditional UPDATE of `claimed_until`, so
-- several instances never send one row at once. `subject` is whom the payload is about
-- (`m:<member>`, `d:<device>`, `k:<kiosk session>`), so an erasure can find its copies;
-- `reference` what it is about in its feature (a survey response id). `payload` (the exact
-- body sent and signed) is deleted with the row after the site's retention period.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    event TEXT NOT NULL,
    subject TEXT,
    reference TEXT,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    claim_token TEXT,
    delivered_at BIGINT,
    failed_at BIGINT,
    last_status BIGINT,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_site ON webhook_deliveries (site, created_at);
CREATE INDEX IF NOT EXISTS webhook_deliveries_subject ON webhook_deliveries (site, subject);

INSERT INTO webhook_deliveries (id, site, event, subject, reference, payload, status,
    created_at, attempts, next_attempt_at, delivered_at, last_status, last_error)
SELECT o.id, o.site, o.event,
    (SELECT r.subject FROM survey_responses r WHERE r.id = o.response_id),
    o.response_id, o.payload,
    CASE WHEN o.delivered_at IS NULL THEN 'pending' ELSE 'delivered' END,
    o.created_at, o.attempts, o.next_attempt_at, o.delivered_at, o.last_status, o.last_error
FROM survey_webhook_outbox o;
DROP TABLE survey_webhook_outbox;

-- Who sent a contact request, when the widget knew: the verified member, the device.
ALTER TABLE contact_requests ADD COLUMN member_id TEXT;
ALTER TABLE contact_requests ADD COLUMN device_id TEXT;
CREATE INDEX IF NOT EXISTS contact_requests_member ON contact_requests (site, member_id);
CREATE INDEX IF NOT EXISTS contact_requests_device ON contact_requests (site, device_id);

-- That an erasure happened: never whom it was about or what it removed. `via`: api | cli.
CREATE TABLE IF NOT EXISTS privacy_erasures (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    via TEXT NOT NULL,
    erased_at BIGINT NOT NULL
);

-- Each site's retention in days (`retention:` in site.yaml), stored at start-up so whichever
-- instance runs the retention job applies the same periods.
CREATE TABLE IF NOT EXISTS site_retention (
    site TEXT PRIMARY KEY,
    searches_days BIGINT NOT NULL,
    contacts_days BIGINT NOT NULL,
    comments_days BIGINT NOT NULL,
    webhook_deliveries_days BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- A background job runs on the instance holding its lease: taken when free or expired,
-- renewed by its holder while it lives. `last_run_at`: when the job last finished.
CREATE TABLE IF NOT EXISTS job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    held_until BIGINT NOT NULL,
    last_run_at BIGINT
);

-- Each run of a background job: which instance, when, and how many rows it removed.
CREATE TABLE IF NOT EXISTS job_runs (
    id TEXT PRIMARY KEY,
    job TEXT NOT NULL,
    holder TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT NOT NULL,
    removed BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS job_runs_time ON job_runs (job, started_at);
