-- Which content files were imported, and what they held then (owners in site.yaml). A file
-- the admin API owns is imported again only when its SHA-256 differs from the one here, so a
-- restart never reverts an admin edit with an unchanged file. Portable between SQLite and
-- PostgreSQL: TEXT/BIGINT only, timestamps (unix epoch milliseconds) come from the app.
CREATE TABLE IF NOT EXISTS content_imports (
    site TEXT NOT NULL,
    -- settings, surveys, onboarding, loyalty or faq.
    kind TEXT NOT NULL,
    -- Relative to the site folder, `/`-separated: site.yaml, faq/returns-policy.en.md.
    path TEXT NOT NULL,
    -- Lowercase hex SHA-256 of the file's bytes (of site.yaml: of its settings only).
    sha256 TEXT NOT NULL,
    -- What the file holds: an FAQ article's `id/locale`, a pack's id; '' for surveys.yaml,
    -- loyalty.yaml and site.yaml, each one document per site.
    item TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (site, kind, path)
);
