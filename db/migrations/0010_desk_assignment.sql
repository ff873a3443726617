-- The desk (issue 9 §1): claims and articles are assigned to a user, with an
-- optional due date (YYYY-MM-DD, '' for none). An article's changes other
-- than its body (assignment, due date, state) are kept in article_events,
-- as a claim's are in claim_events.
ALTER TABLE claims ADD COLUMN due TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN due TEXT NOT NULL DEFAULT '';
CREATE INDEX claims_assignee ON claims (assignee) WHERE assignee <> '';
CREATE INDEX articles_assignee ON articles (assignee) WHERE assignee <> '';

CREATE TABLE article_events (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	at         TEXT NOT NULL,
	user_name  TEXT NOT NULL,
	field      TEXT NOT NULL,
	from_val   TEXT NOT NULL DEFAULT '',
	to_val     TEXT NOT NULL DEFAULT '',
	comment    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX article_events_article ON article_events (article_id, id);
