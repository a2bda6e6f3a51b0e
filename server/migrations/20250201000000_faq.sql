-- FAQ self-service. Portable between SQLite and PostgreSQL: TEXT/BIGINT only, ids and
-- timestamps (unix epoch milliseconds) come from the app, booleans are 0/1.

-- One row per article and locale.
CREATE TABLE IF NOT EXISTS faq_articles (
    site TEXT NOT NULL,
    id TEXT NOT NULL,
    locale TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    -- JSON array of strings.
    keywords TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    -- Rendered from body_markdown and sanitised; served as is.
    body_html TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site, id, locale)
);

-- Bumped in the same transaction as every article write, so each server instance can tell
-- cheaply whether its in-memory search index is stale.
CREATE TABLE IF NOT EXISTS faq_versions (
    site TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS faq_searches (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    -- As typed.
    query TEXT NOT NULL,
    -- Trimmed and lowercased, for grouping in reports.
    query_norm TEXT NOT NULL,
    locale TEXT NOT NULL,
    result_count BIGINT NOT NULL,
    session TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS faq_searches_site_time ON faq_searches (site, created_at);
CREATE INDEX IF NOT EXISTS faq_searches_session ON faq_searches (site, session);

CREATE TABLE IF NOT EXISTS faq_views (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    article_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    session TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS faq_views_site_article ON faq_views (site, article_id);
CREATE INDEX IF NOT EXISTS faq_views_site_time ON faq_views (site, created_at);

CREATE TABLE IF NOT EXISTS faq_votes (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    article_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    session TEXT NOT NULL,
    helpful BIGINT NOT NULL,
    reason TEXT,
    comment TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS faq_votes_site_article ON faq_votes (site, article_id);

CREATE TABLE IF NOT EXISTS contact_requests (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    -- What the customer reads aloud, e.g. PT-7KQ4-M2XD.
    reference TEXT NOT NULL UNIQUE,
    session TEXT NOT NULL,
    locale TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    order_number TEXT,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS contact_requests_site_time ON contact_requests (site, created_at);

-- The customer's context, one row per query / article read, in the order given.
CREATE TABLE IF NOT EXISTS contact_queries (
    contact_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    query TEXT NOT NULL,
    PRIMARY KEY (contact_id, seq)
);
CREATE TABLE IF NOT EXISTS contact_articles (
    contact_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (contact_id, seq)
);

-- Per-site admin keys, as SHA-256 hex digests (never the key itself).
CREATE TABLE IF NOT EXISTS site_admin_keys (
    site TEXT PRIMARY KEY,
    key_sha256 TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Optional per-site synonym groups (content/<site>/faq/synonyms.yaml), JSON array of arrays.
CREATE TABLE IF NOT EXISTS faq_synonyms (
    site TEXT PRIMARY KEY,
    groups TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
