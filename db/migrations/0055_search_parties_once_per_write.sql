-- A new party's search document (search_parties) is written once per
-- write transaction, with the claims' documents (0052), instead of by the
-- statement that inserts the party.
--
-- FTS5 writes what it has pending as a new segment whenever a statement
-- of the transaction opens a savepoint, and every insert into parties
-- opens one (it has triggers): a claim with two parties left two
-- segments in search_parties, and a commit of several writes together
-- (db/write_group.go) one per party of each. Now the insert only notes the
-- party in search_stale_parties, and searchDocs writes the noted parties'
-- documents in one statement just before the commit.
--
-- A party's delete and rename still change its document at once, as
-- before, but only when it has one: a party noted in this transaction has
-- none yet, and the pass before the commit writes it with the name it has
-- then, or not at all when it is gone. search_stale_parties is empty
-- outside a write transaction.

CREATE TABLE search_stale_parties (
	party_id INTEGER PRIMARY KEY
);

DROP TRIGGER search_parties_ai;
DROP TRIGGER search_parties_ad;
DROP TRIGGER search_parties_au;

CREATE TRIGGER search_stale_parties_ai AFTER INSERT ON parties BEGIN
	INSERT OR IGNORE INTO search_stale_parties (party_id) VALUES (new.id);
END;
CREATE TRIGGER search_parties_ad AFTER DELETE ON parties
WHEN old.id NOT IN (SELECT party_id FROM search_stale_parties) BEGIN
	INSERT INTO search_parties (search_parties, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER search_parties_au AFTER UPDATE OF name ON parties
WHEN old.id NOT IN (SELECT party_id FROM search_stale_parties) BEGIN
	INSERT INTO search_parties (search_parties, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO search_parties (rowid, name) VALUES (new.id, new.name);
END;
