-- Publication: a verdict is an editor's working state; a review reaches
-- readers only when an editor publishes it. Every publication is a row, so
-- that a correction can show what it corrected: the claim's current review
-- is its latest row, withdrawn when withdrawn_at is set. A claim without
-- rows was never published. A re-publication adds a row and leaves the
-- earlier ones as they were.
CREATE TABLE claim_publications (
	id              INTEGER PRIMARY KEY,
	claim_id        INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
	verdict         TEXT NOT NULL CHECK (verdict IN ('verified', 'needs_context', 'misleading', 'false', 'unverifiable')),
	rationale       TEXT NOT NULL CHECK (rationale <> ''),
	published_at    TEXT NOT NULL,
	published_by    TEXT NOT NULL,
	withdrawn_at    TEXT,
	withdrawn_by    TEXT NOT NULL DEFAULT '',
	withdraw_reason TEXT NOT NULL DEFAULT '',
	CHECK ((withdrawn_at IS NULL) = (withdraw_reason = ''))
);
CREATE INDEX claim_publications_claim ON claim_publications (claim_id, id);
