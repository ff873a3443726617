-- The party registry's own history (issue 10 §3): each rename, retype,
-- alias added or removed and merge of an entry, with who and when, so that
-- a desk can read how "U.S." came to be "United States". Claims keep their
-- own history (a merge writes a party event on each claim it moves); these
-- events are the entry's. A merge moves the merged entry's events to the
-- entry it merged into before deleting it, so its story is kept.
CREATE TABLE party_events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	entity_id  INTEGER NOT NULL REFERENCES party_entities (id) ON DELETE CASCADE,
	at         TEXT NOT NULL,
	user_name  TEXT NOT NULL DEFAULT '',
	field      TEXT NOT NULL CHECK (field IN ('name', 'type', 'alias_added', 'alias_removed', 'merged')),
	from_value TEXT NOT NULL DEFAULT '',
	to_value   TEXT NOT NULL DEFAULT '',
	claims     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX party_events_entity ON party_events (entity_id, id);
