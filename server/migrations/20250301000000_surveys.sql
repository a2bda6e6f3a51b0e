-- NPS and CSAT micro-surveys. Portable between SQLite and PostgreSQL: TEXT/BIGINT only, ids
-- and timestamps (unix epoch milliseconds) come from the app.

-- A site's survey definitions, cooldown and webhook (JSON of surveys::SurveyConfig), from
-- content/<site>/surveys.yaml or the admin API. `version` counts the writes (each server
-- instance re-reads its cached copy at most a second after a change).
CREATE TABLE IF NOT EXISTS survey_configs (
    site TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per survey card shown (or dismissed without a prior "shown"). `subject` is who is
-- paced: `m:<member id>`, `k:<kiosk session>` or `d:<device id>`.
CREATE TABLE IF NOT EXISTS survey_displays (
    site TEXT NOT NULL,
    display_id TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    surface TEXT NOT NULL,
    locale TEXT NOT NULL,
    touchpoint TEXT NOT NULL,
    shown_at BIGINT NOT NULL,
    dismissed_at BIGINT,
    PRIMARY KEY (site, display_id)
);
CREATE INDEX IF NOT EXISTS survey_displays_subject ON survey_displays (site, subject, shown_at);
CREATE INDEX IF NOT EXISTS survey_displays_time ON survey_displays (site, shown_at);

-- One row per answer, keyed by the widget's idempotency key. `request_sha256` fingerprints the
-- request body so a replay can be told from a conflicting reuse of the key; `receipt` is the
-- JSON answered the first time, returned verbatim to replays.
CREATE TABLE IF NOT EXISTS survey_responses (
    site TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    request_sha256 TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    score BIGINT NOT NULL,
    band TEXT NOT NULL,
    subject TEXT NOT NULL,
    member_id TEXT,
    display_id TEXT,
    surface TEXT NOT NULL,
    locale TEXT NOT NULL,
    touchpoint TEXT NOT NULL,
    -- JSON object of strings.
    context TEXT NOT NULL,
    receipt TEXT NOT NULL,
    comment TEXT,
    comment_at BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site, idempotency_key)
);
CREATE INDEX IF NOT EXISTS survey_responses_subject ON survey_responses (site, subject, created_at);
CREATE INDEX IF NOT EXISTS survey_responses_time ON survey_responses (site, created_at);
CREATE INDEX IF NOT EXISTS survey_responses_member ON survey_responses (site, member_id, created_at);

-- Detractor alerts waiting for (or past) delivery to the site's webhook. Written in the same
-- transaction as the response; a worker claims a row by a conditional UPDATE of
-- `claimed_until`, so several server instances never send the same row at the same time.
CREATE TABLE IF NOT EXISTS survey_webhook_outbox (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    response_id TEXT NOT NULL,
    -- `survey.detractor` or `survey.detractor_comment`.
    event TEXT NOT NULL,
    -- The exact JSON body sent (and signed) on every attempt.
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    claim_token TEXT,
    delivered_at BIGINT,
    last_status BIGINT,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS survey_webhook_outbox_due ON survey_webhook_outbox (delivered_at, next_attempt_at);
CREATE INDEX IF NOT EXISTS survey_webhook_outbox_site ON survey_webhook_outbox (site, created_at);
