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

-- Help sessions (a widget session that searched or read an article): when each began and when
-- it first sent a contact request, written beside the search, read or request itself
-- (`faq::storage`), so the overview counts sessions by range instead of grouping every search
-- and read by session. Filled here from what is already stored.
CREATE TABLE IF NOT EXISTS faq_help_sessions (
    site TEXT NOT NULL,
    session TEXT NOT NULL,
    first_at BIGINT NOT NULL,
    contacted_at BIGINT,
    PRIMARY KEY (site, session)
);
CREATE INDEX IF NOT EXISTS faq_help_sessions_time ON faq_help_sessions
    (site, first_at, contacted_at);
CREATE INDEX IF NOT EXISTS contact_requests_session ON contact_requests (site, session, created_at);
INSERT INTO faq_help_sessions (site, session, first_at)
    SELECT site, session, MIN(created_at) FROM
        (SELECT site, session, created_at FROM faq_searches WHERE session IS NOT NULL
         UNION ALL
         SELECT site, session, created_at FROM faq_views) a
    GROUP BY site, session;
UPDATE faq_help_sessions SET contacted_at = (SELECT MIN(c.created_at) FROM contact_requests c
    WHERE c.site = faq_help_sessions.site AND c.session = faq_help_sessions.session);

-- Low-rated articles of a period.
CREATE INDEX IF NOT EXISTS faq_votes_site_time ON faq_votes (site, created_at);
