-- The party registry (issue 10 §3): each party is an entity with a
-- canonical name, a type and aliases, matched by a folded form (case and
-- diacritics folded, dots removed: "U.S." is "US"). Parties on claims
-- link to their entity. The folded forms are computed in Go
-- (model.FoldPartyName), so existing parties are linked by the store
-- right after the migrations run (db/party_registry.go,
-- linkUnregisteredParties) rather than here. Neither table holds claim or
-- article data, so neither needs the article-change triggers; linking a
-- party updates parties, whose triggers bump its article.
CREATE TABLE party_entities (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	name       TEXT NOT NULL,
	type       TEXT NOT NULL DEFAULT 'other' CHECK (type IN ('person', 'organization', 'place', 'group', 'other')),
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL DEFAULT ''
);
-- The canonical name is an alias too, so one lookup matches both.
CREATE TABLE party_aliases (
	entity_id INTEGER NOT NULL REFERENCES party_entities (id) ON DELETE CASCADE,
	alias     TEXT NOT NULL,
	folded    TEXT NOT NULL UNIQUE
);
CREATE INDEX party_aliases_entity ON party_aliases (entity_id);
ALTER TABLE parties ADD COLUMN entity_id INTEGER REFERENCES party_entities (id);
CREATE INDEX parties_entity ON parties (entity_id);
