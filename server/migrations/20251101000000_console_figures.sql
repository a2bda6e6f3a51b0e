-- The console's period reports. Portable between SQLite and PostgreSQL.

-- The member's tier when they answered (asked of the points programme at answer time);
-- NULL for customers who were not signed in, and for answers stored before this column.
ALTER TABLE survey_responses ADD COLUMN member_tier TEXT;

-- The overview counts answers by time segment, kind and score, and the period's answers by
-- survey, surface, locale and tier: every column it reads is in this index, so neither
-- database has to visit the table's rows.
CREATE INDEX IF NOT EXISTS survey_responses_figures ON survey_responses
    (site, created_at, kind, score, survey_id, surface, locale, member_tier, member_id);

-- Help sessions: the searches and reads of a period by session, and whether a session sent
-- a contact request.
CREATE INDEX IF NOT EXISTS faq_searches_sessions ON faq_searches (site, created_at, session);
CREATE INDEX IF NOT EXISTS faq_views_sessions ON faq_views (site, created_at, session);
CREATE INDEX IF NOT EXISTS contact_requests_session ON contact_requests (site, session, created_at);

-- Low-rated articles of a period.
CREATE INDEX IF NOT EXISTS faq_votes_site_time ON faq_votes (site, created_at);
