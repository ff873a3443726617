-- Claim numbers: every label an editor or reader sees ("#3" in the
-- workspace, "Claim 3" in the HTML export, [^3] in Markdown) names a claim
-- by its number within its article, 1, 2, 3… in creation order. Ids are
-- global (the first claim of a second article may be #5) and stay in URLs
-- and IRIs. A number is never given again within its article after a
-- delete, so the counter lives in claim_numbers rather than in max(number)
-- (see nextClaimNumber in claim_numbers.go), as id_sequences does for ids.
ALTER TABLE claims ADD COLUMN number INTEGER NOT NULL DEFAULT 0;
UPDATE claims SET number = (
	SELECT count(*) FROM claims AS earlier
	WHERE earlier.article_id = claims.article_id AND earlier.id <= claims.id
);
CREATE UNIQUE INDEX claims_article_number ON claims (article_id, number);

CREATE TABLE claim_numbers (
	article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	last       INTEGER NOT NULL
);
INSERT INTO claim_numbers (article_id, last)
	SELECT article_id, max(number) FROM claims GROUP BY article_id;
