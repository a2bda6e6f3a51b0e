-- Member points beyond purchases (issue 18): birthdays, earn events, expiry reminders.
-- Portable between SQLite and PostgreSQL: TEXT/BIGINT only, times in Unix milliseconds.

-- What the programme knows of a member besides points: the birthday's month and day
-- (`MM-DD`, never the year), from the member token's claim or the server-to-server API.
CREATE TABLE IF NOT EXISTS member_profiles (
    site TEXT NOT NULL,
    member TEXT NOT NULL,
    birthday TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site, member)
);

-- Events the retailer's backend reported (`POST …/points/events`), one per idempotency key
-- and site, with the receipt a replay gets back. `reference` is what the event is about (the
-- reviewed item, the referred member, the voucher's year; '' for a sign-up) and `scope` whose
-- it is (the member, or '*' for a referral: one bonus per referred member, whoever referred),
-- so a second one is recognised; the unique index keeps it so across members' locks.
CREATE TABLE IF NOT EXISTS point_events (
    site TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    member TEXT NOT NULL,
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    reference TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    receipt TEXT NOT NULL,
    counted BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site, idempotency_key)
);
CREATE UNIQUE INDEX IF NOT EXISTS point_events_counted
    ON point_events (site, kind, scope, reference) WHERE counted = 1;

-- One row per lot and reminder (30 or 7 days before it expires): written in the transaction
-- that queues the `points.expiring` webhook, so it is sent once whoever runs the job.
CREATE TABLE IF NOT EXISTS point_lot_reminders (
    site TEXT NOT NULL,
    member TEXT NOT NULL,
    seq BIGINT NOT NULL,
    days_before BIGINT NOT NULL,
    delivery_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site, member, seq, days_before)
);
CREATE INDEX IF NOT EXISTS point_lots_expiring ON point_lots (expires_at, remaining);
