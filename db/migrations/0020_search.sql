-- Search (issue 10 §1): FTS5 indexes over everything the desk knows, kept
-- current by triggers, so that every write path (API, workspace, imports,
-- revisions, deletes, cascades) updates them in the same transaction as the
-- write itself. This migration fills them for existing data.
--
-- Words are folded the same way everywhere: unicode61 with
-- remove_diacritics 2 ("Erdoğan" is found by "erdogan"). Where a part of a
-- word or near-identical wording matters (claims' statements and words) a
-- trigram index is kept beside it.
--
-- Tables whose own rows hold all the indexed text (articles, sources,
-- parties) are indexed as external content: the index stores no second
-- copy, and snippet() reads the base table. A claim's document gathers text
-- from several tables (its parties, its latest publication's rationale), so
-- search_claims holds its own copy, which the triggers rewrite whole: they
-- delete the claim's row and insert it again from the base tables
-- (search_claim_docs).

CREATE VIRTUAL TABLE search_articles USING fts5(
	title, text,
	content = 'articles', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_articles_ai AFTER INSERT ON articles BEGIN
	INSERT INTO search_articles (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER search_articles_ad AFTER DELETE ON articles BEGIN
	INSERT INTO search_articles (search_articles, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER search_articles_au AFTER UPDATE OF title, text ON articles BEGIN
	INSERT INTO search_articles (search_articles, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
	INSERT INTO search_articles (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE search_sources USING fts5(
	title, publisher, url, reference,
	content = 'sources', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_sources_ai AFTER INSERT ON sources BEGIN
	INSERT INTO search_sources (rowid, title, publisher, url, reference) VALUES (new.id, new.title, new.publisher, new.url, new.reference);
END;
CREATE TRIGGER search_sources_ad AFTER DELETE ON sources BEGIN
	INSERT INTO search_sources (search_sources, rowid, title, publisher, url, reference) VALUES ('delete', old.id, old.title, old.publisher, old.url, old.reference);
END;
CREATE TRIGGER search_sources_au AFTER UPDATE OF title, publisher, url, reference ON sources BEGIN
	INSERT INTO search_sources (search_sources, rowid, title, publisher, url, reference) VALUES ('delete', old.id, old.title, old.publisher, old.url, old.reference);
	INSERT INTO search_sources (rowid, title, publisher, url, reference) VALUES (new.id, new.title, new.publisher, new.url, new.reference);
END;

CREATE VIRTUAL TABLE search_parties USING fts5(
	name,
	content = 'parties', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_parties_ai AFTER INSERT ON parties BEGIN
	INSERT INTO search_parties (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER search_parties_ad AFTER DELETE ON parties BEGIN
	INSERT INTO search_parties (search_parties, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER search_parties_au AFTER UPDATE OF name ON parties BEGIN
	INSERT INTO search_parties (search_parties, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO search_parties (rowid, name) VALUES (new.id, new.name);
END;

-- A claim's document, rowid = claim id: its statement, its words (exact),
-- its note, the rationale of its latest publication and its parties' names
-- (one per line).
CREATE VIRTUAL TABLE search_claims USING fts5(
	statement, exact, note, rationale, parties,
	tokenize = 'unicode61 remove_diacritics 2'
);

-- Near-identical wording and parts of words: statement and words again,
-- cut into trigrams, rowid = claim id.
CREATE VIRTUAL TABLE search_claim_words USING fts5(
	statement, exact,
	tokenize = 'trigram remove_diacritics 1'
);

-- Text attached to a claim by other tables (comments, by migration
-- 0034), found as the claim. rowid = origin row id * 16 + origin code, so
-- that a trigger finds its row by rowid; origin codes: 1 comments. The
-- store's Search (db/search.go) reads this table already: adding a kind of
-- text is one migration with three triggers and a fill, e.g. for comments
-- (table claim_comments (id, claim_id, body)):
--
--   CREATE TRIGGER search_comments_ai AFTER INSERT ON claim_comments BEGIN
--     INSERT INTO search_claim_texts (rowid, body, claim_id, origin) VALUES (new.id * 16 + 1, new.body, new.claim_id, 'comment');
--   END;
--   CREATE TRIGGER search_comments_ad AFTER DELETE ON claim_comments BEGIN
--     DELETE FROM search_claim_texts WHERE rowid = old.id * 16 + 1;
--   END;
--   CREATE TRIGGER search_comments_au AFTER UPDATE OF body ON claim_comments BEGIN
--     DELETE FROM search_claim_texts WHERE rowid = old.id * 16 + 1;
--     INSERT INTO search_claim_texts (rowid, body, claim_id, origin) VALUES (new.id * 16 + 1, new.body, new.claim_id, 'comment');
--   END;
--   INSERT INTO search_claim_texts (rowid, body, claim_id, origin) SELECT id * 16 + 1, body, claim_id, 'comment' FROM claim_comments;
--
-- (A claim's deletion cascades to its comments, whose delete trigger
-- removes their rows.)
CREATE VIRTUAL TABLE search_claim_texts USING fts5(
	body, claim_id UNINDEXED, origin UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);

-- The claim's document, built from the base tables in one place: the
-- triggers below delete a claim's rows and insert them again from this
-- view (nothing is inserted for a claim that no longer exists).
CREATE VIEW search_claim_docs AS
SELECT c.id AS claim_id, c.statement, c.exact, c.note,
	coalesce((SELECT p.rationale FROM claim_publications p WHERE p.claim_id = c.id ORDER BY p.id DESC LIMIT 1), '') AS rationale,
	coalesce((SELECT group_concat(pa.name, char(10)) FROM parties pa WHERE pa.claim_id = c.id), '') AS parties
FROM claims c;

CREATE TRIGGER search_claims_ai AFTER INSERT ON claims BEGIN
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = new.id;
	INSERT INTO search_claim_words (rowid, statement, exact) VALUES (new.id, new.statement, new.exact);
END;
CREATE TRIGGER search_claims_ad AFTER DELETE ON claims BEGIN
	DELETE FROM search_claims WHERE rowid = old.id;
	DELETE FROM search_claim_words WHERE rowid = old.id;
END;
CREATE TRIGGER search_claims_au AFTER UPDATE OF statement, exact, note ON claims BEGIN
	DELETE FROM search_claims WHERE rowid = old.id;
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = new.id;
	DELETE FROM search_claim_words WHERE rowid = old.id;
	INSERT INTO search_claim_words (rowid, statement, exact) VALUES (new.id, new.statement, new.exact);
END;

-- A party added, renamed or removed, and a publication made or changed,
-- rewrite their claim's document.
CREATE TRIGGER search_claims_party_ai AFTER INSERT ON parties BEGIN
	DELETE FROM search_claims WHERE rowid = new.claim_id;
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = new.claim_id;
END;
CREATE TRIGGER search_claims_party_ad AFTER DELETE ON parties BEGIN
	DELETE FROM search_claims WHERE rowid = old.claim_id;
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = old.claim_id;
END;
CREATE TRIGGER search_claims_party_au AFTER UPDATE OF name ON parties BEGIN
	DELETE FROM search_claims WHERE rowid = new.claim_id;
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = new.claim_id;
END;
CREATE TRIGGER search_claims_pub_ai AFTER INSERT ON claim_publications BEGIN
	DELETE FROM search_claims WHERE rowid = new.claim_id;
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = new.claim_id;
END;
CREATE TRIGGER search_claims_pub_au AFTER UPDATE OF rationale ON claim_publications BEGIN
	DELETE FROM search_claims WHERE rowid = new.claim_id;
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = new.claim_id;
END;
CREATE TRIGGER search_claims_pub_ad AFTER DELETE ON claim_publications BEGIN
	DELETE FROM search_claims WHERE rowid = old.claim_id;
	INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
		SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs WHERE claim_id = old.claim_id;
END;

-- Fill the indexes for the data already there.
INSERT INTO search_articles (search_articles) VALUES ('rebuild');
INSERT INTO search_sources (search_sources) VALUES ('rebuild');
INSERT INTO search_parties (search_parties) VALUES ('rebuild');
INSERT INTO search_claims (rowid, statement, exact, note, rationale, parties)
	SELECT claim_id, statement, exact, note, rationale, parties FROM search_claim_docs;
INSERT INTO search_claim_words (rowid, statement, exact) SELECT id, statement, exact FROM claims;

-- Saved searches: a name and the search's query string, per user.
CREATE TABLE saved_searches (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL CHECK (name <> ''),
	query      TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (user_id, name)
);

-- "The same claim" (issue 10 §2): a symmetric relation between two claims
-- of different articles, stored once with the smaller id first.
CREATE TABLE claim_links (
	claim_a    INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	claim_b    INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	PRIMARY KEY (claim_a, claim_b),
	CHECK (claim_a < claim_b)
);
CREATE INDEX claim_links_b ON claim_links (claim_b);
