package export

import (
	"strconv"
	"strings"

	"github.com/factmark/factmark/internal/model"
)

// Each format lists, for every source that was archived, the SHA-256 of the
// raw page and when it was fetched, so that a reader can check a copy of
// the page against the hash. The internal editions also say whether the
// excerpt was found in it; the public editions show the sources of
// published reviews only, as readers were shown them (model.PublicView),
// with the snapshot the publication recorded.

// PageSnapshot is a source's snapshot on the HTML page.
type PageSnapshot struct {
	SHA256    string
	FetchedAt string
	// Excerpt is "found", "not found", or "" (no excerpt, or the public
	// edition).
	Excerpt string
}

// pageSnapshot is s's snapshot for the page, nil when it has none; the
// excerpt's check only for the internal edition.
func pageSnapshot(s *model.ClaimSource, internal bool) *PageSnapshot {
	sc := s.Snapshot
	if sc == nil {
		return nil
	}
	ps := &PageSnapshot{SHA256: sc.SHA256, FetchedAt: formatTime(sc.FetchedAt)}
	if internal {
		ps.Excerpt = excerptState(sc)
	}
	return ps
}

// excerptState is whether the excerpt was found in the snapshot, in words:
// "found", "not found", or "" when there is no excerpt.
func excerptState(sc *model.SnapshotCheck) string {
	switch {
	case sc.ExcerptFound == nil:
		return ""
	case *sc.ExcerptFound:
		return "found"
	}
	return "not found"
}

// snapshotLine is a source's snapshot in one line of text, as Markdown and
// CSV write it: "snapshot SHA-256 HEX, fetched TIME" and, when internal,
// "; excerpt found" or "; excerpt not found". "" when it has none.
func snapshotLine(s *model.ClaimSource, internal bool) string {
	sc := s.Snapshot
	if sc == nil {
		return ""
	}
	line := "snapshot SHA-256 " + sc.SHA256 + ", fetched " + formatTime(sc.FetchedAt)
	if st := excerptState(sc); internal && st != "" {
		line += "; excerpt " + st
	}
	return line
}

// publishedSources are the sources readers are shown for c: those of its
// published review, none before one is published or after it is withdrawn.
func publishedSources(c *model.Claim) []model.ClaimSource {
	if !c.Publication.IsPublished() {
		return nil
	}
	return model.PublicView(*c).Sources
}

// capitalize puts the first letter of an ASCII line in upper case.
func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// sourceState is the W3C TimeState of an archived source, nil for one never
// archived.
func sourceState(baseURL string, s model.ClaimSource) *SourceState {
	sc := s.Snapshot
	if sc == nil {
		return nil
	}
	st := &SourceState{Type: "TimeState", SourceDate: formatTime(sc.FetchedAt), SHA256: sc.SHA256, ExcerptFound: sc.ExcerptFound}
	if baseURL != "" && sc.ID != 0 && s.ID != 0 {
		st.Cached = strings.TrimRight(baseURL, "/") + "/api/v1/sources/" + strconv.FormatInt(s.ID, 10) +
			"/snapshots/" + strconv.FormatInt(sc.ID, 10) + "/raw"
	}
	return st
}
