-- Which claims of an article changed, and when (db/read_model.go): the
-- read model keeps an article with its claims for one value of the
-- article's change counter (0030); after a write it renews only the claims
-- stamped after that value, instead of reading all of them again (a
-- 10,000-claim article is some 50,000 rows through the driver).
--
-- A row (article_id, claim_id, n) says that the claim, or with claim_id 0
-- the article's own row, changed in a transaction that left the article's
-- counter at n or below. Triggers write it on every table whose rows the
-- counter's triggers cover, in the same transaction as the write, so that
-- a write by any process or binary on this schema is caught (the
-- alternative, recording in Go what the writer connection touched, would
-- miss factmark-gen and others). n is the counter read in the trigger plus
-- one: SQLite does not promise in which order the triggers of one
-- statement run, so the counter read may be bumped for this write or not
-- yet; plus one makes the stamp greater than every value the counter had
-- before the transaction either way (a stamp too high only costs a claim
-- read again). A reader holding an entry at counter N asks, in its own
-- snapshot, for the rows of its article with n > N: those claims, and no
-- others, can differ from the entry. A deleted claim keeps its row (so a
-- reader learns it is gone); the rows go with their article.
--
-- A new table holding claim or article data needs these triggers beside
-- the counter's: TestEveryClaimTableStampsClaimChanges lists the tables
-- with a claim_id or article_id column, or a foreign key to claims, and
-- fails for one without them.
CREATE TABLE claim_changes (
	article_id INTEGER NOT NULL,
	claim_id   INTEGER NOT NULL, -- 0: the article's own row
	n          INTEGER NOT NULL,
	PRIMARY KEY (article_id, claim_id)
) WITHOUT ROWID;
CREATE INDEX claim_changes_n ON claim_changes (article_id, n);

-- Claims: their own row, under both articles if one moved.
CREATE TRIGGER claim_changes_claims_insert AFTER INSERT ON claims BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, NEW.id, n + 1 FROM article_changes WHERE article_id = NEW.article_id
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claims_update AFTER UPDATE ON claims BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, NEW.id, n + 1 FROM article_changes WHERE article_id = NEW.article_id
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, OLD.id, n + 1 FROM article_changes WHERE article_id = OLD.article_id AND OLD.article_id IS NOT NEW.article_id
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claims_delete AFTER DELETE ON claims BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, OLD.id, n + 1 FROM article_changes WHERE article_id = OLD.article_id
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;

-- What hangs on a claim, by its claim.
CREATE TRIGGER claim_changes_parties_insert AFTER INSERT ON parties BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_parties_update AFTER UPDATE ON parties BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id, OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_parties_delete AFTER DELETE ON parties BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_sources_insert AFTER INSERT ON claim_sources BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_sources_update AFTER UPDATE ON claim_sources BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id, OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_sources_delete AFTER DELETE ON claim_sources BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_events_insert AFTER INSERT ON claim_events BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_events_update AFTER UPDATE ON claim_events BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id, OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_events_delete AFTER DELETE ON claim_events BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_publications_insert AFTER INSERT ON claim_publications BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_publications_update AFTER UPDATE ON claim_publications BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id, OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_publications_delete AFTER DELETE ON claim_publications BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_anchors_insert AFTER INSERT ON claim_anchors BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_anchors_update AFTER UPDATE ON claim_anchors BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id, OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_anchors_delete AFTER DELETE ON claim_anchors BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_checks_insert AFTER INSERT ON claim_checks BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_checks_update AFTER UPDATE ON claim_checks BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id, OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_checks_delete AFTER DELETE ON claim_checks BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_comments_insert AFTER INSERT ON comments BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_comments_update AFTER UPDATE ON comments BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_id, OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_comments_delete AFTER DELETE ON comments BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;

-- The article's own row (claim 0), and what hangs on the article alone.
CREATE TRIGGER claim_changes_articles_update AFTER UPDATE ON articles BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (NEW.id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_articles_delete AFTER DELETE ON articles BEGIN
	DELETE FROM claim_changes WHERE article_id = OLD.id;
END;
CREATE TRIGGER claim_changes_article_revisions_insert AFTER INSERT ON article_revisions BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (NEW.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_article_revisions_update AFTER UPDATE ON article_revisions BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (NEW.article_id, OLD.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_article_revisions_delete AFTER DELETE ON article_revisions BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (OLD.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_fetched_pages_insert AFTER INSERT ON fetched_pages BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (NEW.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_fetched_pages_update AFTER UPDATE ON fetched_pages BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (NEW.article_id, OLD.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_fetched_pages_delete AFTER DELETE ON fetched_pages BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (OLD.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_article_events_insert AFTER INSERT ON article_events BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (NEW.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_article_events_update AFTER UPDATE ON article_events BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (NEW.article_id, OLD.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_article_events_delete AFTER DELETE ON article_events BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT article_id, 0, n + 1 FROM article_changes WHERE article_id IN (OLD.article_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;

-- Sources and their snapshots are shared: a change stamps every claim
-- citing the source, in every article.
CREATE TRIGGER claim_changes_sources_update AFTER UPDATE ON sources BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (SELECT claim_id FROM claim_sources WHERE source_id = NEW.id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_source_snapshots_insert AFTER INSERT ON source_snapshots BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (SELECT claim_id FROM claim_sources WHERE source_id = NEW.source_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_source_snapshots_update AFTER UPDATE ON source_snapshots BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (SELECT claim_id FROM claim_sources WHERE source_id = NEW.source_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (SELECT claim_id FROM claim_sources WHERE source_id = OLD.source_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_source_snapshots_delete AFTER DELETE ON source_snapshots BEGIN
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (SELECT claim_id FROM claim_sources WHERE source_id = OLD.source_id)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;

-- "The same claim" links (0020) show in both claims (their number and
-- article title): until now no trigger bumped the counters for them, so a
-- link that went with the other claim (deleted, cascading) left the read
-- model showing it. Linking and unlinking wrote history events on both
-- claims, which bumped them; a cascade writes none.
CREATE TRIGGER claim_changes_claim_links_insert AFTER INSERT ON claim_links BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN (SELECT article_id FROM claims WHERE id IN (NEW.claim_a, NEW.claim_b));
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_a, NEW.claim_b)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_links_update AFTER UPDATE ON claim_links BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN (SELECT article_id FROM claims WHERE id IN (NEW.claim_a, NEW.claim_b, OLD.claim_a, OLD.claim_b));
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (NEW.claim_a, NEW.claim_b, OLD.claim_a, OLD.claim_b)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
CREATE TRIGGER claim_changes_claim_links_delete AFTER DELETE ON claim_links BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN (SELECT article_id FROM claims WHERE id IN (OLD.claim_a, OLD.claim_b));
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (OLD.claim_a, OLD.claim_b)
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
-- An article's new title shows in the links of claims of other articles.
CREATE TRIGGER claim_changes_articles_title AFTER UPDATE OF title ON articles WHEN OLD.title IS NOT NEW.title BEGIN
	UPDATE article_changes SET n = n + 1 WHERE article_id IN (SELECT article_id FROM claims WHERE id IN (SELECT claim_b FROM claim_links WHERE claim_a IN (SELECT id FROM claims WHERE article_id = NEW.id)
			UNION SELECT claim_a FROM claim_links WHERE claim_b IN (SELECT id FROM claims WHERE article_id = NEW.id)));
	INSERT INTO claim_changes (article_id, claim_id, n)
		SELECT c.article_id, c.id, ac.n + 1 FROM claims c JOIN article_changes ac ON ac.article_id = c.article_id
		WHERE c.id IN (SELECT claim_b FROM claim_links WHERE claim_a IN (SELECT id FROM claims WHERE article_id = NEW.id)
			UNION SELECT claim_a FROM claim_links WHERE claim_b IN (SELECT id FROM claims WHERE article_id = NEW.id))
		ON CONFLICT (article_id, claim_id) DO UPDATE SET n = max(n, excluded.n);
END;
