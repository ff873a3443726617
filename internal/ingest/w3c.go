package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
)

// W3CAnnotation is a W3C Web Annotation read into factmark's terms: where
// it points and what it says. It reads factmark's own annotations back as
// export.W3C writes them (see the mapping there), and those of any W3C
// client, Hypothesis included, as well as their bodies allow:
//
//   - statement: the first body whose purpose is describing; else the first
//     commenting TextualBody (a TextualBody without a purpose takes the
//     annotation's motivation, and commenting when there is none; the
//     annotation's bodyValue is one); else empty, which the store turns
//     into the quote;
//   - status: factmark:status of an assessing body, else its value when it
//     names a status by key or in words ("needs_context", "Needs context");
//     else unchecked. An assessing value that names no status is kept in
//     the note ("Assessment: …");
//   - kind: factmark:kind, else the value of a classifying or tagging body
//     that names a kind by key or in words; else other. Tags that name no
//     kind are kept in the note ("Tags: …");
//   - parties: identifying bodies, the value as the name and factmark:role
//     as the role (mentioned when it has none);
//   - sources: SpecificResource or External Web Resource bodies (and IRI
//     bodies): a web page by its http(s) IRI, else an offline reference
//     (factmark:reference, else the IRI); the excerpt is the exact of a
//     TextQuoteSelector on it; factmark:relation (context when absent or
//     unknown) and factmark:note; dcterms:title, dcterms:publisher,
//     dcterms:issued and factmark:accessed describe it;
//   - note: the other commenting bodies, one paragraph each, then the
//     assessment and the tags that could not be used.
//
// Hypothesis' own JSON (text and tags instead of bodies) is read the same
// way: text as a comment, tags as tagging bodies. Choice bodies give their
// first item; other bodies with items give every item.
type W3CAnnotation struct {
	// ID is the annotation's id where it came from, if any.
	ID string
	// Canonical and Via are the annotation's canonical and via IRIs.
	Canonical string
	Via       string
	Targets   []W3CTarget
	Statement string
	Kind      model.Kind
	Status    model.Status
	Note      string
	Parties   []model.NewParty
	Sources   []model.Attachment
}

// W3CTarget is one target of an annotation: the resource and the text
// selectors factmark can anchor by. Other selectors are ignored.
type W3CTarget struct {
	// Source is the IRI of the document the target is in: its source, or
	// the target itself when it is a resource without selectors; "" when
	// it gives selectors alone.
	Source string
	// Start and End are a TextPositionSelector's offsets (code points).
	Start, End *int
	// Quote is a TextQuoteSelector.
	Quote *anchor.Quote
}

// W3CItem is one annotation found in an import: its index in the input
// (counting from 0, over every annotation in order), its id if it has one,
// and the annotation read, or why it could not be.
type W3CItem struct {
	Index      int
	ID         string
	Annotation W3CAnnotation
	Err        error
}

// DecodeW3C reads the annotations of an import body: an
// AnnotationCollection (with its first page embedded, or items of its own),
// an AnnotationPage, an array of annotations, a single annotation, or
// Hypothesis' JSON ({"annotations": [...]} or a search result's
// {"rows": [...]}). An error means the body as a whole is unusable;
// problems with one annotation are in its item's Err, so that the others
// can still be imported. A collection whose total says it holds more than
// it embeds is refused, since its other pages cannot be fetched: import
// each page instead.
func DecodeW3C(r io.Reader) ([]W3CItem, error) {
	doc, err := decodeAny(r)
	if err != nil {
		return nil, err
	}
	list, err := annotationList(doc)
	if err != nil {
		return nil, err
	}
	items := make([]W3CItem, len(list))
	for i, v := range list {
		items[i].Index = i
		m, ok := v.(map[string]any)
		if !ok {
			if s, isIRI := v.(string); isIRI {
				items[i].ID = s
				items[i].Err = model.Invalid("annotation", "Only the annotation's IRI is given, which factmark does not fetch: send the annotations in full (for an annotation server, ask for PreferContainedDescriptions).")
			} else {
				items[i].Err = model.Invalid("annotation", "Expected an annotation (a JSON object), found %s.", jsonTypeOf(v))
			}
			continue
		}
		items[i].ID = firstString(m["id"])
		items[i].Annotation, items[i].Err = parseAnnotation(m)
	}
	return items, nil
}

// ParseW3C reads one annotation, as an annotation server receives it.
func ParseW3C(r io.Reader) (W3CAnnotation, error) {
	doc, err := decodeAny(r)
	if err != nil {
		return W3CAnnotation{}, err
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return W3CAnnotation{}, model.Invalid("annotation", "Expected one annotation (a JSON object), found %s.", jsonTypeOf(doc))
	}
	return parseAnnotation(m)
}

// decodeAny reads exactly one JSON value, numbers kept exact. An error from
// r itself is returned wrapped, for the caller to recognize (such as a body
// over the server's limit).
func decodeAny(r io.Reader) (any, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.Is(err, io.EOF):
			return nil, model.Errorf(model.EINVALID, "The body is empty: send a W3C Web Annotation, an array of them or an AnnotationCollection.")
		case errors.As(err, &syn):
			return nil, model.Errorf(model.EINVALID, "Malformed JSON at byte %d: %s.", syn.Offset, syn.Error())
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, model.Errorf(model.EINVALID, "Malformed JSON: the body ends too early.")
		}
		return nil, fmt.Errorf("reading the annotations: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, model.Errorf(model.EINVALID, "Malformed JSON: more data after the first JSON value, which ends at byte %d.", dec.InputOffset())
	}
	return v, nil
}

// annotationList finds the annotations in a decoded import body.
func annotationList(doc any) ([]any, error) {
	switch d := doc.(type) {
	case []any:
		return d, nil
	case map[string]any:
		switch {
		case hasType(d, "AnnotationCollection") || (d["first"] != nil && d["target"] == nil):
			return collectionItems(d)
		case hasType(d, "AnnotationPage") || (d["items"] != nil && d["target"] == nil):
			items, ok := d["items"].([]any)
			if !ok {
				return nil, model.Invalid("items", "The page's items must be an array of annotations.")
			}
			return items, nil
		case d["annotations"] != nil && d["target"] == nil:
			return arrayAt(d, "annotations")
		case d["rows"] != nil && d["target"] == nil:
			return arrayAt(d, "rows")
		}
		return []any{d}, nil
	}
	return nil, model.Errorf(model.EINVALID, "Expected a W3C Web Annotation, an array of them or an AnnotationCollection; found %s.", jsonTypeOf(doc))
}

func arrayAt(d map[string]any, key string) ([]any, error) {
	list, ok := d[key].([]any)
	if !ok {
		return nil, model.Invalid(key, "%s must be an array of annotations.", key)
	}
	return list, nil
}

// collectionItems returns the annotations a collection embeds: its first
// page's items (and those of the following pages when they are embedded
// too), or items of its own.
func collectionItems(d map[string]any) ([]any, error) {
	var items []any
	if own, ok := d["items"].([]any); ok {
		items = own
	} else {
		page := d["first"]
		for page != nil {
			p, ok := page.(map[string]any)
			if !ok {
				return nil, model.Invalid("first", "The collection only links its pages (first is %s), which factmark does not fetch: send each page, or the collection with its annotations embedded (such as factmark's ?format=w3c export).", clipValue(page))
			}
			list, ok := p["items"].([]any)
			if !ok {
				return nil, model.Invalid("first.items", "The collection's page has no items array.")
			}
			items = append(items, list...)
			next, embedded := p["next"].(map[string]any) // follow embedded pages only
			if !embedded {
				break
			}
			page = next
		}
	}
	if total, ok := intValue(d["total"]); ok && total > len(items) {
		return nil, model.Invalid("total", "The collection holds %d annotations but this document embeds only %d: the other pages are only linked, and factmark does not fetch them. Send each page, or a complete export.", total, len(items))
	}
	return items, nil
}

// parseAnnotation reads one annotation object.
func parseAnnotation(m map[string]any) (W3CAnnotation, error) {
	if t := strings.Join(stringsOf(m["type"]), ", "); t != "" && !hasType(m, "Annotation") && !hasType(m, "oa:Annotation") {
		return W3CAnnotation{}, model.Invalid("type", "This is not an Annotation (its type is %s).", t)
	}
	a := W3CAnnotation{ID: firstString(m["id"]), Canonical: firstString(m["canonical"]), Via: firstString(m["via"])}
	if m["target"] == nil {
		return a, model.Invalid("target", "The annotation has no target: nothing tells which words of the article it is about.")
	}
	for _, t := range listOf(m["target"]) {
		a.Targets = append(a.Targets, parseTarget(t))
	}
	r := bodyReader{self: a.ID, motivation: firstString(m["motivation"])}
	bodies := listOf(m["body"])
	if s, ok := m["bodyValue"].(string); ok {
		bodies = append(bodies, map[string]any{"type": "TextualBody", "value": s})
	}
	if m["body"] == nil && m["bodyValue"] == nil {
		// Hypothesis' own JSON: a comment and tags, no bodies.
		if s, ok := m["text"].(string); ok && strings.TrimSpace(s) != "" {
			bodies = append(bodies, map[string]any{"type": "TextualBody", "value": s, "purpose": "commenting"})
		}
		for _, tag := range stringsOf(m["tags"]) {
			bodies = append(bodies, map[string]any{"type": "TextualBody", "value": tag, "purpose": "tagging"})
		}
	}
	for _, b := range bodies {
		r.read(b, 0)
	}
	r.finish(&a)
	return a, nil
}

// parseTarget reads the source and text selectors of one target.
func parseTarget(v any) W3CTarget {
	var t W3CTarget
	m, ok := v.(map[string]any)
	if !ok {
		t.Source = firstString(v)
		return t
	}
	t.Source = firstString(m["source"])
	if src, ok := m["source"].(map[string]any); ok {
		t.Source = firstString(src["id"])
	}
	if t.Source == "" && m["selector"] == nil {
		t.Source = firstString(m["id"])
	}
	for _, sv := range listOf(m["selector"]) {
		s, ok := sv.(map[string]any)
		if !ok {
			continue
		}
		switch {
		case hasType(s, "TextQuoteSelector") && t.Quote == nil:
			if exact, ok := s["exact"].(string); ok && exact != "" {
				prefix, _ := s["prefix"].(string)
				suffix, _ := s["suffix"].(string)
				t.Quote = &anchor.Quote{Exact: exact, Prefix: prefix, Suffix: suffix}
			}
		case hasType(s, "TextPositionSelector") && t.Start == nil:
			start, ok1 := intValue(s["start"])
			end, ok2 := intValue(s["end"])
			if ok1 && ok2 {
				t.Start, t.End = &start, &end
			}
		}
	}
	return t
}

func isIRI(s string) bool {
	i := strings.IndexByte(s, ':')
	return i > 0 && !strings.ContainsAny(s, " \t\r\n<>\"")
}

// listOf returns v as a list: an array as it is, nil as none, anything
// else as a list of one.
func listOf(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// stringsOf returns the strings of a value that may be one or an array.
func stringsOf(v any) []string {
	var out []string
	for _, x := range listOf(v) {
		if s, ok := x.(string); ok && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// firstString returns v's string, or the first string of an array, or "".
func firstString(v any) string {
	if s := stringsOf(v); len(s) > 0 {
		return strings.TrimSpace(s[0])
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func hasType(m map[string]any, t string) bool {
	for _, s := range stringsOf(m["type"]) {
		if s == t {
			return true
		}
	}
	for _, s := range stringsOf(m["@type"]) {
		if s == t {
			return true
		}
	}
	return false
}

// intValue reads a whole number (decoded as json.Number).
func intValue(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	if err != nil || i < 0 || i > 1<<31 {
		return 0, false
	}
	return int(i), true
}

func jsonTypeOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "an array"
	}
	return "an object"
}

// clipValue shows a JSON value shortly in an error message.
func clipValue(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return jsonTypeOf(v)
	}
	return clip(strings.TrimSpace(buf.String()))
}
