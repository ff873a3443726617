-- Accounts a newsroom can administer (issue 6): users can be deactivated and
-- show when they last logged in; sessions expire after idle time as well as
-- at their maximum age; API tokens have a label, can be read-only and show
-- when they were last used. server_secrets holds the key the CSRF tokens are
-- derived from (see handlers/csrf.go), so that they survive a restart.
ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE users ADD COLUMN last_login_at TEXT NOT NULL DEFAULT '';

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
UPDATE sessions SET last_seen_at = created_at;

ALTER TABLE api_tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0 CHECK (read_only IN (0, 1));
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT NOT NULL DEFAULT '';
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE server_secrets (
	name       TEXT PRIMARY KEY,
	value      BLOB NOT NULL,
	created_at TEXT NOT NULL
);
