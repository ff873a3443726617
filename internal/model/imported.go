package model

// ImportedArticle is an article read back from an export, with every claim
// and its history, already validated and anchored in the article's text
// (internal/ingest builds it); the store recreates it under new ids.
type ImportedArticle struct {
	Article Article
	Claims  []ImportedClaim
}

// ImportedClaim is a claim of an ImportedArticle with its history, oldest
// first. The ids in Sources are those of the export: claims that share a
// source share its id, so that the import creates the source once.
type ImportedClaim struct {
	Claim
	History []Event
}
