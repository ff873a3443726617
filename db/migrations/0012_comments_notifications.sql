-- Discussion and notifications (issue 9 §2). A claim's comments are
-- internal to the desk; a deleted one is marked, and its body kept in the
-- claim's history (events of field 'comment'). Users follow the claims
-- they created, were assigned or commented on (worked out from claims,
-- claim_events and comments, not stored); notifications are one row per
-- user and event. feed_tokens holds the SHA-256 hash of each user's Atom
-- feed token, which is revoked by deleting its row.
CREATE TABLE comments (
	id         INTEGER PRIMARY KEY,
	claim_id   INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	edited     INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
	deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
);
CREATE INDEX comments_claim ON comments (claim_id, id);

CREATE TABLE notifications (
	id        INTEGER PRIMARY KEY,
	user_name TEXT NOT NULL,
	kind      TEXT NOT NULL,
	claim_id  INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	actor     TEXT NOT NULL,
	detail    TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL,
	read_at   TEXT
);
CREATE INDEX notifications_user ON notifications (user_name, id);

CREATE TABLE feed_tokens (
	user_name  TEXT PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);
