-- A second check before publishing (issue 9 §3): a claim's verdict is
-- checked by another editor than the one who set it. claim_checks holds
-- each claim's current check: requested, approved or sent back; every step
-- is also a claim event (field 'check'). basis is what was approved (the
-- verdict and the content readers would see, model.CheckBasis): the
-- approval is void once the claim no longer matches it. An admin marks
-- editors as publishers, who, with admins, publish and approve.
CREATE TABLE claim_checks (
	claim_id     INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
	state        TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'sent_back')),
	requested_by TEXT NOT NULL,
	requested_at TEXT NOT NULL,
	verdict_by   TEXT NOT NULL DEFAULT '',
	decided_by   TEXT NOT NULL DEFAULT '',
	decided_at   TEXT NOT NULL DEFAULT '',
	comment      TEXT NOT NULL DEFAULT '',
	rationale    TEXT NOT NULL DEFAULT '',
	basis        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claim_checks_state ON claim_checks (state);

ALTER TABLE users ADD COLUMN publisher INTEGER NOT NULL DEFAULT 0 CHECK (publisher IN (0, 1));
