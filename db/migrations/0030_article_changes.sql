-- A change counter per article (issue 11): every write that can change what
-- an article's workspace shows bumps it, by a trigger, in the writing
-- transaction. The store caches an article with its claims keyed by
-- (article, n) read from the same snapshot (db/read_model.go), so a read
-- after an acknowledged write always sees a new n and never a stale copy,
-- and no code path, present or future, can forget to invalidate it. A new
-- table holding claim or article data needs the same three triggers in its
-- migration: TestEveryClaimTableBumpsArticleChanges lists the tables with
-- a claim_id or article_id column and fails for one without them.
-- It is a table of its own rather than a column of articles because
-- updating articles rewrites the row with its text, many pages long.
CREATE TABLE article_changes (
	article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
	n          INTEGER NOT NULL DEFAULT 0
);
INSERT INTO article_changes (article_id) SELECT id FROM articles;

CREATE TRIGGER article_changes_articles_insert AFTER INSERT ON articles BEGIN
	INSERT INTO article_changes (article_id) VALUES (NEW.id);
END;
CREATE TRIGGER article_changes_articles_update AFTER UPDATE ON articles BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.id;
END;

-- Claims, by their article.
CREATE TRIGGER article_changes_claims_insert AFTER INSERT ON claims BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER article_changes_claims_update AFTER UPDATE ON claims BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.article_id;
	UPDATE article_changes SET n = n + 1 WHERE article_id = OLD.article_id AND OLD.article_id IS NOT NEW.article_id;
END;
CREATE TRIGGER article_changes_claims_delete AFTER DELETE ON claims BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = OLD.article_id;
END;

-- What hangs on a claim, by the claim's article.
CREATE TRIGGER article_changes_parties_insert AFTER INSERT ON parties BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER article_changes_parties_update AFTER UPDATE ON parties BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id) AND OLD.claim_id IS NOT NEW.claim_id;
END;
CREATE TRIGGER article_changes_parties_delete AFTER DELETE ON parties BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id);
END;
CREATE TRIGGER article_changes_claim_sources_insert AFTER INSERT ON claim_sources BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER article_changes_claim_sources_update AFTER UPDATE ON claim_sources BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id) AND OLD.claim_id IS NOT NEW.claim_id;
END;
CREATE TRIGGER article_changes_claim_sources_delete AFTER DELETE ON claim_sources BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id);
END;
CREATE TRIGGER article_changes_claim_events_insert AFTER INSERT ON claim_events BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER article_changes_claim_events_update AFTER UPDATE ON claim_events BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id) AND OLD.claim_id IS NOT NEW.claim_id;
END;
CREATE TRIGGER article_changes_claim_events_delete AFTER DELETE ON claim_events BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id);
END;
CREATE TRIGGER article_changes_claim_publications_insert AFTER INSERT ON claim_publications BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER article_changes_claim_publications_update AFTER UPDATE ON claim_publications BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id) AND OLD.claim_id IS NOT NEW.claim_id;
END;
CREATE TRIGGER article_changes_claim_publications_delete AFTER DELETE ON claim_publications BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id);
END;
CREATE TRIGGER article_changes_claim_anchors_insert AFTER INSERT ON claim_anchors BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER article_changes_claim_anchors_update AFTER UPDATE ON claim_anchors BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id) AND OLD.claim_id IS NOT NEW.claim_id;
END;
CREATE TRIGGER article_changes_claim_anchors_delete AFTER DELETE ON claim_anchors BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id);
END;

-- An article's fetched pages and revisions.
CREATE TRIGGER article_changes_fetched_pages_insert AFTER INSERT ON fetched_pages BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER article_changes_fetched_pages_update AFTER UPDATE ON fetched_pages BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.article_id;
	UPDATE article_changes SET n = n + 1 WHERE article_id = OLD.article_id AND OLD.article_id IS NOT NEW.article_id;
END;
CREATE TRIGGER article_changes_fetched_pages_delete AFTER DELETE ON fetched_pages BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = OLD.article_id;
END;
CREATE TRIGGER article_changes_article_revisions_insert AFTER INSERT ON article_revisions BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER article_changes_article_revisions_update AFTER UPDATE ON article_revisions BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.article_id;
	UPDATE article_changes SET n = n + 1 WHERE article_id = OLD.article_id AND OLD.article_id IS NOT NEW.article_id;
END;
CREATE TRIGGER article_changes_article_revisions_delete AFTER DELETE ON article_revisions BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = OLD.article_id;
END;

-- Sources and their snapshots are shared: a change shows in every article
-- citing the source.
CREATE TRIGGER article_changes_sources_update AFTER UPDATE ON sources BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN
		(SELECT c.article_id FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id WHERE cs.source_id = NEW.id);
END;
CREATE TRIGGER article_changes_source_snapshots_insert AFTER INSERT ON source_snapshots BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN
		(SELECT c.article_id FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id WHERE cs.source_id = NEW.source_id);
END;
CREATE TRIGGER article_changes_source_snapshots_update AFTER UPDATE ON source_snapshots BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN
		(SELECT c.article_id FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id WHERE cs.source_id = NEW.source_id);
END;
CREATE TRIGGER article_changes_source_snapshots_delete AFTER DELETE ON source_snapshots BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN
		(SELECT c.article_id FROM claim_sources cs JOIN claims c ON c.id = cs.claim_id WHERE cs.source_id = OLD.source_id);
END;
