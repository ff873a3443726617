-- Archived copies of sources' web pages (issue 8 §3): what a page said when
-- factmark fetched it. raw is the evidence, the bytes as received, and
-- sha256 their hash (hex); text is the extracted article in canonical form,
-- which excerpts are checked against. A source may be archived several
-- times: the latest (highest id) is the one shown. Sources are never
-- deleted, so neither are their snapshots.
CREATE TABLE source_snapshots (
	id           INTEGER PRIMARY KEY,
	source_id    INTEGER NOT NULL REFERENCES sources (id),
	url          TEXT NOT NULL,
	fetched_at   TEXT NOT NULL,
	fetched_by   TEXT NOT NULL,
	sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
	content_type TEXT NOT NULL DEFAULT '',
	raw          BLOB NOT NULL,
	title        TEXT NOT NULL DEFAULT '',
	text         TEXT NOT NULL
);
CREATE INDEX source_snapshots_source ON source_snapshots (source_id, id);
