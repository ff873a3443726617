// Package wire is factmark's exchange schema: the layout of the JSON export
// that POST /api/v1/import reads back, the Web Annotation vocabulary and the
// IRIs that name articles, annotations and containers, and the public
// identity (Site) those IRIs start with. The encoders (internal/export) and
// the decoders (internal/ingest) both speak it; neither owns it, so that
// reading a file never needs the code that writes one.
package wire

import (
	"strconv"
	"strings"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// Site is the deployment's public identity.
type Site struct {
	// BaseURL is factmark's public base URL, without a trailing slash
	// ("https://factcheck.example.org"); annotation and review IRIs start
	// with it.
	BaseURL string
	// NewsroomName and NewsroomURL name the fact-checking organization.
	NewsroomName string
	NewsroomURL  string
}

// JSONFormatID names the JSON export's layout. Importers refuse other values;
// a change to the layout gets a new id.
const JSONFormatID = "factmark/article-export/v1"

// EditionComplete is the edition every JSON export declares: it is the
// complete exchange format, internal fields included.
const EditionComplete = "complete"

// JSONDocument is the JSON export's layout, also what POST /api/v1/import
// reads back.
type JSONDocument struct {
	Format string `json:"format"`
	// Edition is always "complete": the JSON export is the exchange
	// format, with notes, status comments, assignees, working verdicts,
	// publications and history, and is not for publication. Importers
	// ignore it.
	Edition    string        `json:"edition"`
	ExportedAt time.Time     `json:"exported_at"`
	Article    model.Article `json:"article"`
	// RevisionInfo describes the revision of the article's body the
	// export holds (article.revision): how and when it came in, its
	// text's SHA-256 and, for a fetched one, the page (final URL, fetch
	// time, SHA-256). EarlierRevisions describe the earlier revisions
	// that claims refer to: an orphan's anchored_revision, a verdict's
	// verdict_revision. Both are left out by exports made before
	// factmark kept revisions, and importers ignore them: an imported
	// article starts a history of its own.
	RevisionInfo     *model.Revision  `json:"revision_info,omitempty"`
	EarlierRevisions []model.Revision `json:"earlier_revisions,omitempty"`
	Claims           []JSONClaim      `json:"claims"`
}

// JSONClaim is a claim with its history.
type JSONClaim struct {
	model.Claim
	History []model.Event `json:"history"`
}

// AnnoContext is the Web Annotation JSON-LD context.
const AnnoContext = "http://www.w3.org/ns/anno.jsonld"

// LDPContext is the Linked Data Platform context, which annotation
// containers add for their BasicContainer type.
const LDPContext = "http://www.w3.org/ns/ldp.jsonld"

// AnnoMediaType is the media type of a Web Annotation document.
const AnnoMediaType = `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`

// Vocabulary is the namespace of factmark's own annotation terms
// (factmark:status, factmark:kind, factmark:role, factmark:relation,
// factmark:note, factmark:reference, factmark:accessed).
const Vocabulary = "https://github.com/factmark/factmark/ns#"

// ContainerIRI is the IRI of the annotation container of an article: its
// annotations as a collection, ending in "/" as the protocol requires.
func ContainerIRI(baseURL string, articleID int64) string {
	return strings.TrimRight(baseURL, "/") + "/annotations/" + strconv.FormatInt(articleID, 10) + "/"
}

// AnnotationIRI is the IRI of a claim's annotation, inside its article's
// container.
func AnnotationIRI(baseURL string, articleID, claimID int64) string {
	return ContainerIRI(baseURL, articleID) + strconv.FormatInt(claimID, 10)
}

// ArticleIRI is what annotations target: the article's own URL, or its
// page in factmark when it has none.
func ArticleIRI(baseURL string, a model.Article) string {
	if WebURL(a.URL) {
		return a.URL
	}
	return ArticlePageIRI(baseURL, a.ID)
}

// ArticlePageIRI is the IRI of an article's page in factmark.
func ArticlePageIRI(baseURL string, articleID int64) string {
	return strings.TrimRight(baseURL, "/") + "/articles/" + strconv.FormatInt(articleID, 10)
}

// WebURL reports whether s is an absolute http or https URL: the only links
// an export turns into clickable ones and the only article URLs an
// annotation targets, so that a javascript: or data: URL that slipped past
// validation can never run from an exported file. The store validates URLs
// on the way in (model.NormalizeURL); this is the cheap last check of the
// scheme and the presence of a host, run for every source of every claim,
// with no white space or control character anywhere.
func WebURL(s string) bool {
	var rest string
	switch {
	case len(s) > 8 && strings.EqualFold(s[:8], "https://"):
		rest = s[8:]
	case len(s) > 7 && strings.EqualFold(s[:7], "http://"):
		rest = s[7:]
	default:
		return false
	}
	if rest[0] == '/' || rest[0] == '?' || rest[0] == '#' {
		return false // no host
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return false
		}
	}
	return true
}
