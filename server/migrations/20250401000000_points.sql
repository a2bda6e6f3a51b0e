-- Member points. Portable between SQLite and PostgreSQL: TEXT/BIGINT only, ids and timestamps
-- (unix epoch milliseconds) come from the app. Amounts are minor currency units.

-- Each site's loyalty rules (JSON of content/<site>/loyalty.yaml), stored at start-up and by
-- the admin API, so every instance serves the same rules.
CREATE TABLE IF NOT EXISTS loyalty_rules (
    site TEXT PRIMARY KEY,
    rules TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One row per member. `balance` is a cache of SUM(point_entries.points), kept equal in the
-- same transaction as every entry. Every write for a member starts by updating this row,
-- which serialises them (a row lock on PostgreSQL, the write lock on SQLite); `last_seq`
-- numbers the member's ledger entries.
CREATE TABLE IF NOT EXISTS member_balances (
    site TEXT NOT NULL,
    member TEXT NOT NULL,
    balance BIGINT NOT NULL CHECK (balance >= 0),
    last_seq BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site, member)
);

-- The append-only ledger: earn, redeem, reverse, adjust, expire. Never updated or deleted.
CREATE TABLE IF NOT EXISTS point_entries (
    site TEXT NOT NULL,
    member TEXT NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    -- Signed.
    points BIGINT NOT NULL,
    -- When it took effect: the purchase time for earn, the expiry time for expire.
    effective_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    order_ref TEXT,
    reward_id TEXT,
    -- Adjustment reason or reversal reason.
    note TEXT,
    PRIMARY KEY (site, member, seq)
);
CREATE INDEX IF NOT EXISTS point_entries_history ON point_entries (site, member, effective_at, seq);

-- Points earned together (one purchase or credit), consumed oldest first. `seq` is the ledger
-- entry that created the lot. SUM(remaining) equals the balance.
CREATE TABLE IF NOT EXISTS point_lots (
    site TEXT NOT NULL,
    member TEXT NOT NULL,
    seq BIGINT NOT NULL,
    earned_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    points BIGINT NOT NULL,
    remaining BIGINT NOT NULL CHECK (remaining >= 0 AND remaining <= points),
    order_ref TEXT,
    PRIMARY KEY (site, member, seq)
);
CREATE INDEX IF NOT EXISTS point_lots_open ON point_lots (site, member, remaining, expires_at);

-- Purchases recorded by the retailer's backend, one per order reference (idempotency), with
-- the receipt returned to replays. Reversed orders stop counting towards tiers.
CREATE TABLE IF NOT EXISTS point_orders (
    site TEXT NOT NULL,
    order_ref TEXT NOT NULL,
    member TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    points BIGINT NOT NULL,
    receipt TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    reversed_at BIGINT,
    reverse_receipt TEXT,
    PRIMARY KEY (site, order_ref)
);
CREATE INDEX IF NOT EXISTS point_orders_member ON point_orders (site, member, occurred_at);

-- Idempotency keys of redemptions and adjustments: the request's fingerprint and the receipt
-- a replay gets back.
CREATE TABLE IF NOT EXISTS point_requests (
    site TEXT NOT NULL,
    member TEXT NOT NULL,
    kind TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    receipt TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site, member, kind, idempotency_key)
);

-- How many of each stock-limited reward have been redeemed; the stock itself is in the rules.
CREATE TABLE IF NOT EXISTS reward_redemptions (
    site TEXT NOT NULL,
    reward_id TEXT NOT NULL,
    redeemed BIGINT NOT NULL,
    PRIMARY KEY (site, reward_id)
);
