-- What readers were shown of the claim itself by each publication: its
-- statement, parties and sources as they stood when the review was
-- published (JSON, model.PublishedContent). A later edit stays internal
-- until the review is published again. '' for a publication made before
-- this column existed, which shows the claim as it stands.
ALTER TABLE claim_publications ADD COLUMN content TEXT NOT NULL DEFAULT '';
