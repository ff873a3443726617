-- Article and claim ids appear in public IRIs (annotation ids, ClaimReview
-- urls, workspace links): once given, an id must never name something else.
-- SQLite hands out the largest rowid again once its row is deleted, so new
-- ids come from this table instead (see nextID in db.go).
CREATE TABLE id_sequences (
	name TEXT PRIMARY KEY,
	last INTEGER NOT NULL
);
INSERT INTO id_sequences (name, last) SELECT 'articles', coalesce(max(id), 0) FROM articles;
INSERT INTO id_sequences (name, last) SELECT 'claims', coalesce(max(id), 0) FROM claims;
