-- Issue 18 (items 4 and 6): survey variants and reason chips, and the help library's learned
-- associations. Portable between SQLite and PostgreSQL: TEXT/BIGINT only.

-- The A/B wording a display showed and an answer answered (NULL: the survey has one wording).
ALTER TABLE survey_displays ADD COLUMN variant TEXT;
ALTER TABLE survey_responses ADD COLUMN variant TEXT;

-- The reason chips chosen with an answer's follow-up, one row each, counted by reports.
CREATE TABLE IF NOT EXISTS survey_response_reasons (
    site TEXT NOT NULL,
    response_id TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    -- The answer's time, so reports window reasons as they window answers.
    answered_at BIGINT NOT NULL,
    PRIMARY KEY (site, response_id, reason)
);
CREATE INDEX IF NOT EXISTS survey_response_reasons_time ON survey_response_reasons (site, answered_at);

-- What customers' clicks and "helpful" votes taught the search: one row per piece of evidence
-- that a query word (`term`, as the index spells it) leads to an article. `weight` is 1 for a
-- click from a search, 2 for "helpful", -2 for "not helpful"; it decays with age when read.
-- `voter` is a per-day hash of the client's address: one client adds one piece of evidence per
-- (term, article, kind) a day, however many sessions it opens. `session` caps what one visit
-- can teach.
CREATE TABLE IF NOT EXISTS faq_learned (
    site TEXT NOT NULL,
    locale TEXT NOT NULL,
    term TEXT NOT NULL,
    article_id TEXT NOT NULL,
    -- `click` or `vote`.
    kind TEXT NOT NULL,
    voter TEXT NOT NULL,
    session TEXT NOT NULL,
    weight BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (site, locale, term, article_id, kind, voter)
);
CREATE INDEX IF NOT EXISTS faq_learned_session ON faq_learned (site, session);
CREATE INDEX IF NOT EXISTS faq_learned_time ON faq_learned (site, created_at);
