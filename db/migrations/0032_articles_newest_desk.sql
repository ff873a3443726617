-- The home page's covering index (0031) with the desk's article columns
-- (0010, 0013), which the page now shows and filters by (?state=).
DROP INDEX articles_newest;
CREATE INDEX articles_newest ON articles (created_at DESC, id DESC, title, byline, publication, url, published_at, lang, dir,
	revision, version, created_by, updated_at, updated_by, assignee, due, state);
