-- Initial schema. Shipped migrations are never edited: add a new file.
-- Times are RFC 3339 UTC text. created_by and similar columns hold user
-- names, not ids, so that imported history from another instance keeps
-- its authors even when they have no account here.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);

CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	title        TEXT NOT NULL,
	byline       TEXT NOT NULL DEFAULT '',
	publication  TEXT NOT NULL DEFAULT '',
	url          TEXT NOT NULL DEFAULT '',
	published_at TEXT NOT NULL DEFAULT '',
	text         TEXT NOT NULL,
	blocks       TEXT NOT NULL, -- JSON array of {kind, level, start, end}
	version      INTEGER NOT NULL DEFAULT 1,
	created_at   TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL
);

-- Every version of an article's body, so that anchors can be re-found when
-- the text changes and nothing an editor saw is lost.
CREATE TABLE article_revisions (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	version    INTEGER NOT NULL,
	text       TEXT NOT NULL,
	blocks     TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	UNIQUE (article_id, version)
);

CREATE TABLE claims (
	id         INTEGER PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	start_pos  INTEGER NOT NULL CHECK (start_pos >= 0),
	end_pos    INTEGER NOT NULL CHECK (end_pos > start_pos),
	exact      TEXT NOT NULL,
	prefix     TEXT NOT NULL DEFAULT '',
	suffix     TEXT NOT NULL DEFAULT '',
	orphan     INTEGER NOT NULL DEFAULT 0,
	statement  TEXT NOT NULL DEFAULT '',
	kind       TEXT NOT NULL CHECK (kind IN ('participation', 'event', 'quote', 'attribution', 'number', 'date_time', 'place', 'other')),
	status     TEXT NOT NULL CHECK (status IN ('unchecked', 'in_progress', 'verified', 'needs_context', 'misleading', 'false', 'unverifiable')),
	note       TEXT NOT NULL DEFAULT '',
	assignee   TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX claims_article ON claims (article_id, start_pos, end_pos);

CREATE TABLE parties (
	id        INTEGER PRIMARY KEY,
	claim_id  INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	name      TEXT NOT NULL,
	role      TEXT NOT NULL CHECK (role IN ('invited', 'excluded', 'participant', 'organizer', 'speaker', 'subject', 'mentioned')),
	start_pos INTEGER,
	end_pos   INTEGER,
	exact     TEXT NOT NULL DEFAULT '',
	CHECK ((start_pos IS NULL) = (end_pos IS NULL)),
	CHECK (start_pos IS NULL OR end_pos > start_pos)
);
CREATE INDEX parties_claim ON parties (claim_id);

CREATE TABLE sources (
	id           INTEGER PRIMARY KEY,
	url          TEXT NOT NULL DEFAULT '',
	reference    TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL,
	publisher    TEXT NOT NULL DEFAULT '',
	published_at TEXT NOT NULL DEFAULT '',
	accessed_at  TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	created_by   TEXT NOT NULL,
	CHECK (url <> '' OR reference <> '')
);
CREATE INDEX sources_url ON sources (url) WHERE url <> '';

CREATE TABLE claim_sources (
	claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	source_id  INTEGER NOT NULL REFERENCES sources (id),
	position   INTEGER NOT NULL,
	excerpt    TEXT NOT NULL DEFAULT '',
	relation   TEXT NOT NULL CHECK (relation IN ('supports', 'contradicts', 'context')),
	note       TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (claim_id, source_id)
);
CREATE INDEX claim_sources_source ON claim_sources (source_id);

CREATE TABLE claim_events (
	id        INTEGER PRIMARY KEY,
	claim_id  INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	at        TEXT NOT NULL,
	user_name TEXT NOT NULL,
	field     TEXT NOT NULL,
	from_val  TEXT NOT NULL DEFAULT '',
	to_val    TEXT NOT NULL DEFAULT '',
	comment   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);
