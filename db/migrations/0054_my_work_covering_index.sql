-- My work reads, for one user, every claim assigned to them whose review is
-- not published, with the columns it shows (db/work.go). Through the index
-- of 0010 each claim was then looked up in the claims table, a page of its
-- own on a large desk: 500 claims, 500 pages. This index holds those
-- columns for the assigned claims alone, so that the list is read from the
-- index (a covering index); it replaces 0010's, whose work it does too
-- (a search filtered by assignee, the dashboard's counts by assignee).
CREATE INDEX claims_assignee_work ON claims (assignee, article_id, number, id, status, due, statement) WHERE assignee <> '';
DROP INDEX claims_assignee;
