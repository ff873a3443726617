-- The home page lists articles newest first, a page at a time (issue 11):
-- this index gives a page without reading every article's row, each of
-- which holds the article's whole text.
CREATE INDEX articles_newest ON articles (created_at DESC, id DESC);
