package ingest

import (
	"strings"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

// bodyReader collects what an annotation's bodies say (see W3CAnnotation).
type bodyReader struct {
	self        string // the annotation's id
	motivation  string
	describing  []string
	comments    []string
	assessments []string
	tags        []string
	status      model.Status
	kind        model.Kind
	parties     []model.NewParty
	sources     []model.Attachment
}

// read takes in one body; depth guards against absurdly nested items.
func (r *bodyReader) read(v any, depth int) {
	if depth > 4 {
		return
	}
	switch b := v.(type) {
	case string:
		r.link(b, nil)
	case map[string]any:
		if items, ok := b["items"].([]any); ok && b["value"] == nil && b["source"] == nil {
			if hasType(b, "Choice") && len(items) > 0 {
				items = items[:1]
			}
			for _, it := range items {
				r.read(it, depth+1)
			}
			return
		}
		if value, ok := b["value"].(string); ok {
			r.textual(b, strings.TrimSpace(value))
			return
		}
		if b["source"] != nil {
			src := b["source"]
			if m, ok := src.(map[string]any); ok {
				r.link(firstString(m["id"]), b)
			} else {
				r.link(firstString(src), b)
			}
			return
		}
		if id := firstString(b["id"]); id != "" {
			r.link(id, b)
		}
	}
}

// purposes lists a body's purposes, or the annotation's motivation when it
// has none.
func (r *bodyReader) purposes(b map[string]any) []string {
	if p := stringsOf(b["purpose"]); len(p) > 0 {
		return p
	}
	if r.motivation != "" {
		return []string{r.motivation}
	}
	return []string{"commenting"}
}

// textual takes in a TextualBody.
func (r *bodyReader) textual(b map[string]any, value string) {
	purpose := "commenting"
	for _, p := range r.purposes(b) {
		p = strings.TrimPrefix(p, "oa:")
		if p == "describing" || p == "assessing" || p == "classifying" || p == "tagging" || p == "identifying" || p == "commenting" {
			purpose = p
			break
		}
	}
	switch purpose {
	case "describing":
		if value != "" {
			r.describing = append(r.describing, value)
		}
	case "assessing":
		if s, ok := matchStatus(vocab(b, "status")); ok && r.status == "" {
			r.status = s
		} else if s, ok := matchStatus(value); ok && r.status == "" {
			r.status = s
		} else if value != "" {
			r.assessments = append(r.assessments, value)
		}
	case "classifying", "tagging":
		if k, ok := matchKind(vocab(b, "kind")); ok && r.kind == "" {
			r.kind = k
		} else if k, ok := matchKind(value); ok && r.kind == "" {
			r.kind = k
		} else if value != "" {
			r.tags = append(r.tags, value)
		}
	case "identifying":
		if value == "" {
			return
		}
		role := model.Role(vocab(b, "role"))
		if !role.Valid() {
			role = model.RoleMentioned
		}
		r.parties = append(r.parties, model.NewParty{Name: value, Role: role})
	default:
		if value != "" {
			r.comments = append(r.comments, value)
		}
	}
}

// link takes in a source: the resource iri, described by body b (a
// SpecificResource or an External Web Resource; nil for a bare IRI).
func (r *bodyReader) link(iri string, b map[string]any) {
	var res map[string]any
	if b != nil {
		res, _ = b["source"].(map[string]any)
		if res == nil {
			res = b
		}
	}
	ns := model.NewSource{Reference: vocab(res, "reference")}
	// A fragment of the annotation's own IRI names a resource described
	// within the annotation (an offline source in factmark's export), not
	// a web page.
	within := r.self != "" && strings.HasPrefix(iri, r.self+"#")
	switch u, ok := model.NormalizeURL(iri); {
	case ok && u != "" && !within:
		ns.URL = u
	case b == nil:
		return // a bare IRI that is not a web page: nothing to cite
	case ns.Reference != "":
	case iri != "":
		ns.Reference = iri
	default:
		return
	}
	ns.Title = firstNonEmpty(firstString(res["dcterms:title"]), firstString(res["title"]), firstString(res["label"]))
	ns.Publisher = firstString(res["dcterms:publisher"])
	ns.PublishedAt = dateOrEmpty(firstString(res["dcterms:issued"]))
	ns.AccessedAt = dateOrEmpty(vocab(res, "accessed"))
	att := model.Attachment{Source: &ns, Relation: model.RelationContext}
	if b != nil {
		if rel := model.Relation(vocab(b, "relation")); rel.Valid() {
			att.Relation = rel
		}
		att.Note = vocab(b, "note")
		for _, sv := range listOf(b["selector"]) {
			if s, ok := sv.(map[string]any); ok && hasType(s, "TextQuoteSelector") {
				att.Excerpt, _ = s["exact"].(string)
				break
			}
		}
	}
	r.sources = append(r.sources, att)
}

// finish fills a from what the bodies said.
func (r *bodyReader) finish(a *W3CAnnotation) {
	comments := r.comments
	switch {
	case len(r.describing) > 0:
		a.Statement = r.describing[0]
		comments = append(r.describing[1:], comments...)
	case len(comments) > 0:
		a.Statement, comments = comments[0], comments[1:]
	}
	note := comments
	if len(r.assessments) > 0 {
		note = append(note, "Assessment: "+strings.Join(r.assessments, "; "))
	}
	if len(r.tags) > 0 {
		note = append(note, "Tags: "+strings.Join(r.tags, ", "))
	}
	a.Note = strings.Join(note, "\n\n")
	a.Status, a.Kind = r.status, r.kind
	if a.Status == "" {
		a.Status = model.StatusUnchecked
	}
	if a.Kind == "" {
		a.Kind = model.KindOther
	}
	a.Parties, a.Sources = r.parties, r.sources
}

// matchStatus finds the status s names by key or in words.
func matchStatus(s string) (model.Status, bool) {
	k := vocabKey(s)
	for _, st := range model.Statuses() {
		if k != "" && (k == string(st) || k == vocabKey(st.Label())) {
			return st, true
		}
	}
	return "", false
}

// matchKind finds the kind s names by key or in words.
func matchKind(s string) (model.Kind, bool) {
	k := vocabKey(s)
	for _, kd := range model.Kinds() {
		if k != "" && (k == string(kd) || k == vocabKey(kd.Label())) {
			return kd, true
		}
	}
	return "", false
}

// vocabKey reduces a word to a vocabulary key: lower case, with spaces,
// hyphens and slashes as underscores ("Date/time" gives "date_time").
func vocabKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '/' {
			return '_'
		}
		return r
	}, s)
}

// vocab returns a factmark term's value on m, by its compact name or its
// full IRI.
func vocab(m map[string]any, term string) string {
	if m == nil {
		return ""
	}
	if s := firstString(m["factmark:"+term]); s != "" {
		return s
	}
	return firstString(m[wire.Vocabulary+term])
}

func dateOrEmpty(s string) string {
	if d, ok := model.NormalizeDate(s); ok {
		return d
	}
	return ""
}
