-- A site whose folder was removed from the content directory is disabled rather than
-- deleted: its public API answers 404 and its admin key is dropped, while its data stays
-- for erasure and export requests, and comes back if the folder does. NULL = enabled.
-- Unix epoch milliseconds, set by the app. Portable between SQLite and PostgreSQL.
ALTER TABLE sites ADD COLUMN disabled_at BIGINT;
