-- Revisions of an article and claims that follow their words
-- (docs/DESIGN.md §7).

-- The page a revision was fetched from, kept as fetched: the evidence of
-- what the article said when it was checked. A page fetched for a preview
-- is stored before the article exists (article_id NULL) so that the save
-- uses the very bytes the editor saw; such pages are pruned after a day.
CREATE TABLE fetched_pages (
	id           INTEGER PRIMARY KEY,
	article_id   INTEGER REFERENCES articles (id) ON DELETE CASCADE,
	url          TEXT NOT NULL, -- as asked
	final_url    TEXT NOT NULL, -- after redirects
	content_type TEXT NOT NULL DEFAULT '',
	sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
	body         BLOB NOT NULL,
	fetched_at   TEXT NOT NULL,
	fetched_by   TEXT NOT NULL
);
CREATE INDEX fetched_pages_article ON fetched_pages (article_id);

-- How each revision came in: text (pasted plain text), html (pasted from a
-- page), upload (an .html file), url (fetched), refetch ("Check for
-- updates"), import (a JSON export). links is a JSON array of
-- {start, end, href} in code points of the revision's text; reanchored
-- counts what became of the claims when it landed.
ALTER TABLE article_revisions ADD COLUMN origin TEXT NOT NULL DEFAULT 'text'
	CHECK (origin IN ('text', 'html', 'upload', 'url', 'refetch', 'import'));
ALTER TABLE article_revisions ADD COLUMN page_id INTEGER REFERENCES fetched_pages (id);
ALTER TABLE article_revisions ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
ALTER TABLE article_revisions ADD COLUMN reanchored TEXT NOT NULL DEFAULT '';

-- revision: the number of the article's current revision (1, 2, 3…),
-- apart from version, which every change to the article bumps (its ETag).
ALTER TABLE articles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
UPDATE articles SET revision = coalesce((SELECT max(r.version) FROM article_revisions r WHERE r.article_id = articles.id), 1);
ALTER TABLE articles ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN dir TEXT NOT NULL DEFAULT '' CHECK (dir IN ('', 'ltr', 'rtl'));
ALTER TABLE articles ADD COLUMN links TEXT NOT NULL DEFAULT '[]';

-- anchored_revision: the revision the claim's position refers to (an
-- orphan's is the last one it was found in). changed_from: the words the
-- claim had when they last were checked, set when a revision changed them
-- ('' when they did not change since). verdict_revision: the revision the
-- current status was set against. orphan_dismissed: an editor looked at the
-- orphan and put it aside; it is kept.
ALTER TABLE claims ADD COLUMN anchored_revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE claims ADD COLUMN changed_from TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN verdict_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE claims ADD COLUMN orphan_dismissed INTEGER NOT NULL DEFAULT 0 CHECK (orphan_dismissed IN (0, 1));
UPDATE claims SET anchored_revision = (SELECT revision FROM articles WHERE articles.id = claims.article_id);
UPDATE claims SET verdict_revision = anchored_revision WHERE status <> 'unchecked';

-- Where each claim stood in each earlier revision, written when the
-- article moves on from it, so that an earlier revision is shown with its
-- claims where they were.
CREATE TABLE claim_anchors (
	claim_id  INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	version   INTEGER NOT NULL,
	start_pos INTEGER NOT NULL CHECK (start_pos >= 0),
	end_pos   INTEGER NOT NULL CHECK (end_pos > start_pos),
	exact     TEXT NOT NULL,
	PRIMARY KEY (claim_id, version)
);
