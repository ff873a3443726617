-- W3C Web Annotation provenance of a claim. canonical is the IRI its
-- author declared authoritative for the annotation, kept unchanged (Web
-- Annotation Protocol: "If the Annotation contains a canonical link, then it
-- MUST be maintained without change"); via is the IRI the annotation had
-- before it was posted or imported here. Both are '' for claims made in
-- factmark itself.
ALTER TABLE claims ADD COLUMN canonical TEXT NOT NULL DEFAULT '';
ALTER TABLE claims ADD COLUMN via TEXT NOT NULL DEFAULT '';
