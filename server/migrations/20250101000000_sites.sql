-- Portable between SQLite and PostgreSQL: plain TEXT/BIGINT, ids and timestamps come from the app.
CREATE TABLE IF NOT EXISTS sites (
    id TEXT PRIMARY KEY,
    -- JSON of patron_api::SiteSettings; the API serves it as stored.
    settings TEXT NOT NULL,
    -- Unix epoch milliseconds.
    updated_at BIGINT NOT NULL
);
