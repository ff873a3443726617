-- Comments (0012) in the search (0020), as its header describes: a claim
-- is found by a word of its discussion. A deleted comment (marked, its
-- body kept for the history) leaves the index.
CREATE TRIGGER search_comments_ai AFTER INSERT ON comments WHEN NOT new.deleted BEGIN
	INSERT INTO search_claim_texts (rowid, body, claim_id, origin) VALUES (new.id * 16 + 1, new.body, new.claim_id, 'comment');
END;
CREATE TRIGGER search_comments_ad AFTER DELETE ON comments BEGIN
	DELETE FROM search_claim_texts WHERE rowid = old.id * 16 + 1;
END;
CREATE TRIGGER search_comments_au AFTER UPDATE OF body, deleted ON comments BEGIN
	DELETE FROM search_claim_texts WHERE rowid = old.id * 16 + 1;
	INSERT INTO search_claim_texts (rowid, body, claim_id, origin)
		SELECT new.id * 16 + 1, new.body, new.claim_id, 'comment' WHERE NOT new.deleted;
END;
INSERT INTO search_claim_texts (rowid, body, claim_id, origin)
	SELECT id * 16 + 1, body, claim_id, 'comment' FROM comments WHERE NOT deleted;
