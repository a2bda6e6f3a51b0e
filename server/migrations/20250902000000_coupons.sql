-- Coupon rewards (issue 18): codes the retailer uploads, and each coupon redemption's code. Portable between SQLite and PostgreSQL.

-- A pool coupon's codes. A code is given once: `redemption_id` is set by a conditional
-- UPDATE (`redemption_id IS NULL`), so two redemptions never get the same one.
CREATE TABLE IF NOT EXISTS coupon_codes (
    site TEXT NOT NULL,
    reward_id TEXT NOT NULL,
    code TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL,
    redemption_id TEXT,
    assigned_at BIGINT,
    PRIMARY KEY (site, reward_id, code)
);
CREATE INDEX IF NOT EXISTS coupon_codes_free ON coupon_codes (site, reward_id, redemption_id);

-- The code of every coupon redemption, written in the redemption's own transaction: its
-- ledger entry (`entry_seq`, for the member's history), where the code comes from, and the
-- code once known. Its fulfilment is the redemption's (`point_redemptions.status`): a coupon
-- whose code is recorded is fulfilled.
CREATE TABLE IF NOT EXISTS coupon_redemptions (
    site TEXT NOT NULL,
    redemption_id TEXT NOT NULL,
    member TEXT NOT NULL,
    reward_id TEXT NOT NULL,
    entry_seq BIGINT NOT NULL,
    source TEXT NOT NULL,
    code TEXT,
    created_at BIGINT NOT NULL,
    code_at BIGINT,
    PRIMARY KEY (site, redemption_id)
);
CREATE UNIQUE INDEX IF NOT EXISTS coupon_redemptions_entry
    ON coupon_redemptions (site, member, entry_seq);
