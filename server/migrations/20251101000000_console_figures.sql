-- The console's period reports. Portable between SQLite and PostgreSQL.

-- The member's tier when they answered (asked of the points programme at answer time);
-- NULL for customers who were not signed in, and for answers stored before this column.
ALTER TABLE survey_responses ADD COLUMN member_tier TEXT;

-- The overview counts answers with one range count per (segment, kind, score) and per
-- (dimension value, kind, score) (`surveys::figures`): each index starts with what is counted
-- and ends with the time, so every count reads only its own entries and nothing is sorted.
CREATE INDEX IF NOT EXISTS survey_responses_scores ON survey_responses
    (site, kind, score, created_at);
CREATE INDEX IF NOT EXISTS survey_responses_by_surface ON survey_responses
    (site, surface, kind, score, created_at);
CREATE INDEX IF NOT EXISTS survey_responses_by_locale ON survey_responses
    (site, locale, kind, score, created_at);
CREATE INDEX IF NOT EXISTS survey_responses_by_survey ON survey_responses
    (site, survey_id, kind, score, created_at);
CREATE INDEX IF NOT EXISTS survey_responses_by_tier ON survey_responses
    (site, member_tier, kind, score, created_at, member_id);

-- Help sessions: the searches and reads of a period by session, and whether a session sent
-- a contact request.
CREATE INDEX IF NOT EXISTS faq_searches_sessions ON faq_searches (site, created_at, session);
CREATE INDEX IF NOT EXISTS faq_views_sessions ON faq_views (site, created_at, session);
CREATE INDEX IF NOT EXISTS contact_requests_session ON contact_requests (site, session, created_at);

-- Low-rated articles of a period.
CREATE INDEX IF NOT EXISTS faq_votes_site_time ON faq_votes (site, created_at);
