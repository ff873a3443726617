-- An article's state on the desk (issue 9 §3): draft, checking, ready,
-- published. The move to ready (and on to published) is refused while a
-- claim blocks it (model.ReadyBlockers); each change is an article event.
ALTER TABLE articles ADD COLUMN state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'checking', 'ready', 'published'));
