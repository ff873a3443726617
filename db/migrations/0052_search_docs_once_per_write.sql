-- A claim's search documents (search_claims, search_claim_words) are
-- written once per write transaction instead of once per statement.
--
-- Until now the triggers of 0020 rewrote a claim's document after every
-- statement that touched it: creating a claim with two parties inserted
-- its document, then deleted and inserted it again for each party. Worse,
-- FTS5 writes what it has pending as a new segment whenever a statement of
-- the transaction opens a savepoint, so each of those statements left a
-- segment that later merges had to read and rewrite: the index was a third
-- of a claim's creation. Now the triggers only note the claim in
-- search_stale, and the store (searchDocs in db/search_docs.go) rewrites
-- the noted claims' documents in the transaction's last statements, just
-- before it commits; readers see the documents change with the rows, as
-- before. search_stale is empty outside a write transaction.
--
-- words = 1 when the trigram index (statement and words) must be rewritten
-- too; a party or a publication changes only search_claims.

CREATE TABLE search_stale (
	claim_id INTEGER PRIMARY KEY,
	words    INTEGER NOT NULL
);

DROP TRIGGER search_claims_ai;
DROP TRIGGER search_claims_au;
DROP TRIGGER search_claims_party_ai;
DROP TRIGGER search_claims_party_ad;
DROP TRIGGER search_claims_party_au;
DROP TRIGGER search_claims_pub_ai;
DROP TRIGGER search_claims_pub_au;
DROP TRIGGER search_claims_pub_ad;

-- search_claims_ad stays: a deleted claim's documents go at once (the
-- rewrite finds no document to write for it).

CREATE TRIGGER search_stale_claim_ai AFTER INSERT ON claims BEGIN
	INSERT INTO search_stale (claim_id, words) VALUES (new.id, 1)
		ON CONFLICT (claim_id) DO UPDATE SET words = 1;
END;
CREATE TRIGGER search_stale_claim_au AFTER UPDATE OF statement, exact, note ON claims BEGIN
	INSERT INTO search_stale (claim_id, words) VALUES (new.id, 1)
		ON CONFLICT (claim_id) DO UPDATE SET words = 1;
END;
CREATE TRIGGER search_stale_party_ai AFTER INSERT ON parties BEGIN
	INSERT OR IGNORE INTO search_stale (claim_id, words) VALUES (new.claim_id, 0);
END;
CREATE TRIGGER search_stale_party_ad AFTER DELETE ON parties BEGIN
	INSERT OR IGNORE INTO search_stale (claim_id, words) VALUES (old.claim_id, 0);
END;
CREATE TRIGGER search_stale_party_au AFTER UPDATE OF name ON parties BEGIN
	INSERT OR IGNORE INTO search_stale (claim_id, words) VALUES (new.claim_id, 0);
END;
CREATE TRIGGER search_stale_pub_ai AFTER INSERT ON claim_publications BEGIN
	INSERT OR IGNORE INTO search_stale (claim_id, words) VALUES (new.claim_id, 0);
END;
CREATE TRIGGER search_stale_pub_au AFTER UPDATE OF rationale ON claim_publications BEGIN
	INSERT OR IGNORE INTO search_stale (claim_id, words) VALUES (new.claim_id, 0);
END;
CREATE TRIGGER search_stale_pub_ad AFTER DELETE ON claim_publications BEGIN
	INSERT OR IGNORE INTO search_stale (claim_id, words) VALUES (old.claim_id, 0);
END;
