-- Guided onboarding packs. Portable between SQLite and PostgreSQL: TEXT/BIGINT only, ids and
-- timestamps (unix epoch milliseconds) come from the app.

-- A site's packs (JSON of onboarding::definitions::PackDef, in order), from
-- content/<site>/onboarding/*.yaml or the admin API. Replaced whole, in one statement, so a
-- customer never sees half of an edit.
CREATE TABLE IF NOT EXISTS onboarding_configs (
    site TEXT PRIMARY KEY,
    config TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One customer's run through one pack, created by their first completed step. `subject` is
-- whose progress it is: `m:<member id>`, `d:<device id>` or `k:<kiosk session>`. Every
-- completion starts by updating this row, which serialises the completions of one run (a row
-- lock on PostgreSQL, the write lock on SQLite), so "is every step done now?" is always
-- answered with all of them in view. `finished_at`: the moment the last step was done;
-- `reward_granted_at`: when the reward was credited through the points ledger (whose own
-- idempotency key, `onboarding`/<pack id>, is what makes the credit happen only once).
CREATE TABLE IF NOT EXISTS onboarding_runs (
    site TEXT NOT NULL,
    subject TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    member_id TEXT,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finished_at BIGINT,
    reward_points BIGINT,
    reward_granted_at BIGINT,
    PRIMARY KEY (site, subject, pack_id)
);
CREATE INDEX IF NOT EXISTS onboarding_runs_started ON onboarding_runs (site, started_at);

-- One row per completed step: completing it again inserts nothing.
CREATE TABLE IF NOT EXISTS onboarding_steps_done (
    site TEXT NOT NULL,
    subject TEXT NOT NULL,
    pack_id TEXT NOT NULL,
    step_id TEXT NOT NULL,
    -- done | action | event
    via TEXT NOT NULL,
    surface TEXT NOT NULL,
    completed_at BIGINT NOT NULL,
    PRIMARY KEY (site, subject, pack_id, step_id)
);

-- When onboarding first saw a member (a verified member token). With the member's first
-- points ledger entry it dates when they joined, for `members_joined_within_days`.
CREATE TABLE IF NOT EXISTS onboarding_members (
    site TEXT NOT NULL,
    member_id TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    PRIMARY KEY (site, member_id)
);

-- Points ledger entries may carry their own translated title (JSON of patron_api::Localized),
-- shown in the member's history instead of the generic one: an onboarding reward reads
-- "Completed “Getting started”" rather than "Points adjustment".
ALTER TABLE point_entries ADD COLUMN title TEXT;
