-- The desk's tables (0010–0012) bump their article's change counter
-- (0030) like every table holding claim or article data, so that whatever
-- of them the workspace comes to show is never served stale from the read
-- model. Notifications are each user's inbox, never part of an article:
-- they are exempt (db/read_model_test.go).
CREATE TRIGGER article_changes_article_events_insert AFTER INSERT ON article_events BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = NEW.article_id;
END;
CREATE TRIGGER article_changes_article_events_update AFTER UPDATE ON article_events BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN (NEW.article_id, OLD.article_id);
END;
CREATE TRIGGER article_changes_article_events_delete AFTER DELETE ON article_events BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = OLD.article_id;
END;

CREATE TRIGGER article_changes_claim_checks_insert AFTER INSERT ON claim_checks BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER article_changes_claim_checks_update AFTER UPDATE ON claim_checks BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN (SELECT article_id FROM claims WHERE id IN (NEW.claim_id, OLD.claim_id));
END;
CREATE TRIGGER article_changes_claim_checks_delete AFTER DELETE ON claim_checks BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id);
END;

CREATE TRIGGER article_changes_comments_insert AFTER INSERT ON comments BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = NEW.claim_id);
END;
CREATE TRIGGER article_changes_comments_update AFTER UPDATE ON comments BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN (SELECT article_id FROM claims WHERE id IN (NEW.claim_id, OLD.claim_id));
END;
CREATE TRIGGER article_changes_comments_delete AFTER DELETE ON comments BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id = (SELECT article_id FROM claims WHERE id = OLD.claim_id);
END;
