-- The Patron Console: named users with roles, their sessions, the audit log, the inboxes'
-- working state and redemption fulfilment. Portable between SQLite and PostgreSQL:
-- TEXT/BIGINT only, ids and timestamps (Unix milliseconds) from the app.

-- A site's console users. `email` is stored trimmed and lowercased; `password_hash` is an
-- Argon2id PHC string; `role` is viewer | agent | owner; `locale` is the user's choice.
CREATE TABLE IF NOT EXISTS console_users (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    locale TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (site, email)
);

-- Signed-in sessions, in the database so any instance serves them. `id` is the SHA-256 (hex)
-- of the cookie's random token: the token itself is never stored. `csrf` is what every write
-- must send in `x-csrf-token`.
CREATE TABLE IF NOT EXISTS console_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS console_sessions_user ON console_sessions (user_id);
CREATE INDEX IF NOT EXISTS console_sessions_expiry ON console_sessions (expires_at);

-- Every change made through the console (and the admin API's contact resolution): who, when,
-- what, on which object. `actor_email` is kept as it was, so a removed user's entries still
-- say who. `changes` is JSON of `[AuditChange]`. Never updated.
CREATE TABLE IF NOT EXISTS audit_log (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    at BIGINT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    actor_email TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    target_id TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_site_time ON audit_log (site, at, id);

-- One row per redemption, written in the redeeming transaction. `status`: pending →
-- fulfilled, or pending → cancelled (the points went back through the ledger in the
-- cancelling transaction, entry `refund_seq`). `seq` is the ledger's redeem entry.
CREATE TABLE IF NOT EXISTS point_redemptions (
    site TEXT NOT NULL,
    id TEXT NOT NULL,
    member TEXT NOT NULL,
    seq BIGINT NOT NULL,
    reward_id TEXT NOT NULL,
    reward_name TEXT NOT NULL,
    points BIGINT NOT NULL,
    status TEXT NOT NULL,
    redeemed_at BIGINT NOT NULL,
    fulfilled_at BIGINT,
    cancelled_at BIGINT,
    refund_seq BIGINT,
    PRIMARY KEY (site, id)
);
CREATE INDEX IF NOT EXISTS point_redemptions_time ON point_redemptions (site, redeemed_at, id);
CREATE INDEX IF NOT EXISTS point_redemptions_status
    ON point_redemptions (site, status, redeemed_at, id);

-- The feedback inbox's state of a survey answer (only once someone acted, or a detractor's
-- queue status). `status` is new | in_progress | resolved | wont_fix (detractors).
CREATE TABLE IF NOT EXISTS feedback_state (
    response_id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    status TEXT,
    assignee_id TEXT,
    assignee_email TEXT,
    first_action_at BIGINT,
    updated_at BIGINT NOT NULL
);

-- The contacts inbox's state of a contact request. `status` is open | resolved.
CREATE TABLE IF NOT EXISTS contact_state (
    contact_id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    status TEXT NOT NULL,
    resolved_first_contact BIGINT,
    resolved_at BIGINT,
    assignee_id TEXT,
    assignee_email TEXT,
    first_action_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS contact_state_resolved ON contact_state (site, resolved_at);

-- Internal notes on a feedback answer (`kind` feedback, `subject` its response id) or a
-- contact request (`kind` contact, `subject` its id). Plain text.
CREATE TABLE IF NOT EXISTS console_notes (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_email TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS console_notes_subject ON console_notes (kind, subject, created_at);
