-- The dashboard at newsroom scale (issue 11): counting a million claims by
-- status and assignee, and a million status events by week, reads every
-- row each time (hundreds of milliseconds). These counters hold the same
-- figures, kept by triggers in the writing transaction, so the dashboard
-- reads a few dozen rows from the same snapshot as its other figures, and
-- no write path (API, bulk changes, imports, deletes and their cascades)
-- can forget them. DB.Dashboard reads them; TestDashboardCountersMatchRows
-- compares them with the counts of the rows after every kind of write.

-- desk_counts: claims by status and by assignee ('' for nobody), articles
-- by state. A key whose count falls to 0 keeps its row at 0.
CREATE TABLE desk_counts (
	kind TEXT NOT NULL CHECK (kind IN ('status', 'assignee', 'state')),
	key  TEXT NOT NULL,
	n    INTEGER NOT NULL,
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- desk_days: per UTC day (YYYY-MM-DD), the claims given a verdict (status
-- events from a working status, or from nothing, to a verdict) and the
-- reviews published; the dashboard adds the days up into weeks.
CREATE TABLE desk_days (
	day       TEXT PRIMARY KEY,
	checked   INTEGER NOT NULL DEFAULT 0,
	published INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TRIGGER desk_counts_claims_insert AFTER INSERT ON claims BEGIN
	INSERT INTO desk_counts (kind, key, n) VALUES ('status', new.status, 1), ('assignee', new.assignee, 1)
		ON CONFLICT (kind, key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER desk_counts_claims_delete AFTER DELETE ON claims BEGIN
	UPDATE desk_counts SET n = n - 1 WHERE (kind = 'status' AND key = old.status) OR (kind = 'assignee' AND key = old.assignee);
END;
CREATE TRIGGER desk_counts_claims_update AFTER UPDATE OF status, assignee ON claims
	WHEN old.status IS NOT new.status OR old.assignee IS NOT new.assignee BEGIN
	UPDATE desk_counts SET n = n - 1 WHERE (kind = 'status' AND key = old.status) OR (kind = 'assignee' AND key = old.assignee);
	INSERT INTO desk_counts (kind, key, n) VALUES ('status', new.status, 1), ('assignee', new.assignee, 1)
		ON CONFLICT (kind, key) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER desk_counts_articles_insert AFTER INSERT ON articles BEGIN
	INSERT INTO desk_counts (kind, key, n) VALUES ('state', new.state, 1)
		ON CONFLICT (kind, key) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER desk_counts_articles_delete AFTER DELETE ON articles BEGIN
	UPDATE desk_counts SET n = n - 1 WHERE kind = 'state' AND key = old.state;
END;
CREATE TRIGGER desk_counts_articles_update AFTER UPDATE OF state ON articles
	WHEN old.state IS NOT new.state BEGIN
	UPDATE desk_counts SET n = n - 1 WHERE kind = 'state' AND key = old.state;
	INSERT INTO desk_counts (kind, key, n) VALUES ('state', new.state, 1)
		ON CONFLICT (kind, key) DO UPDATE SET n = n + 1;
END;

-- A verdict event: the same condition as the dashboard's count of old.
CREATE TRIGGER desk_days_events_insert AFTER INSERT ON claim_events
	WHEN new.field = 'status'
		AND new.to_val IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')
		AND new.from_val NOT IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable') BEGIN
	INSERT INTO desk_days (day, checked) VALUES (substr(new.at, 1, 10), 1)
		ON CONFLICT (day) DO UPDATE SET checked = checked + 1;
END;
CREATE TRIGGER desk_days_events_delete AFTER DELETE ON claim_events
	WHEN old.field = 'status'
		AND old.to_val IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')
		AND old.from_val NOT IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable') BEGIN
	UPDATE desk_days SET checked = checked - 1 WHERE day = substr(old.at, 1, 10);
END;
CREATE TRIGGER desk_days_publications_insert AFTER INSERT ON claim_publications BEGIN
	INSERT INTO desk_days (day, published) VALUES (substr(new.published_at, 1, 10), 1)
		ON CONFLICT (day) DO UPDATE SET published = published + 1;
END;
CREATE TRIGGER desk_days_publications_delete AFTER DELETE ON claim_publications BEGIN
	UPDATE desk_days SET published = published - 1 WHERE day = substr(old.published_at, 1, 10);
END;
CREATE TRIGGER desk_days_publications_update AFTER UPDATE OF published_at ON claim_publications
	WHEN old.published_at IS NOT new.published_at BEGIN
	UPDATE desk_days SET published = published - 1 WHERE day = substr(old.published_at, 1, 10);
	INSERT INTO desk_days (day, published) VALUES (substr(new.published_at, 1, 10), 1)
		ON CONFLICT (day) DO UPDATE SET published = published + 1;
END;

-- Overdue claims are counted from their due dates, a range of a small
-- index (claims awaiting a second check already have claim_checks_state).
CREATE INDEX claims_due ON claims (due) WHERE due <> '';

-- Fill the counters from the rows already there.
INSERT INTO desk_counts (kind, key, n) SELECT 'status', status, count(*) FROM claims GROUP BY status;
INSERT INTO desk_counts (kind, key, n) SELECT 'assignee', assignee, count(*) FROM claims GROUP BY assignee;
INSERT INTO desk_counts (kind, key, n) SELECT 'state', state, count(*) FROM articles GROUP BY state;
INSERT INTO desk_days (day, checked)
	SELECT substr(at, 1, 10), count(*) FROM claim_events
	WHERE field = 'status'
		AND to_val IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')
		AND from_val NOT IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')
	GROUP BY 1;
INSERT INTO desk_days (day, published) SELECT substr(published_at, 1, 10), count(*) FROM claim_publications WHERE true GROUP BY 1
	ON CONFLICT (day) DO UPDATE SET published = published + excluded.published;
