package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/internal/wire"
	"github.com/google/go-cmp/cmp"
)

// w3cSite is the identity the round-trip export is made under.
var w3cSite = wire.Site{BaseURL: "https://factmark.example"}

// decodeW3C decodes s, failing the test on a whole-body error.
func decodeW3C(t *testing.T, s string) []W3CItem {
	t.Helper()
	items, err := DecodeW3C(strings.NewReader(s))
	if err != nil {
		t.Fatalf("DecodeW3C: %v", err)
	}
	return items
}

// Exporting the sample as W3C annotations and reading them back gives the
// same claims: span, statement, status, kind, note, parties with their
// roles, sources with excerpt, relation and note, canonical and via.
func TestW3CRoundTrip(t *testing.T) {
	a, claims, _ := fixture.Sample()
	claims[2].Canonical = "urn:uuid:2f4bdf84-5aa2-4c63-9d4b-8f1e0e7a3c11"
	var buf bytes.Buffer
	if err := export.W3C(&buf, &export.Document{Article: a, Claims: claims, Site: w3cSite}); err != nil {
		t.Fatal(err)
	}
	items, err := DecodeW3C(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(claims) {
		t.Fatalf("%d annotations read, want %d", len(items), len(claims))
	}
	doc := NewW3CArticle(w3cSite.BaseURL, a)
	for i, it := range items {
		c := claims[i]
		if it.Err != nil {
			t.Fatalf("item %d: %v", i, it.Err)
		}
		if it.Index != i {
			t.Errorf("item %d: index %d, want %d", i, it.Index, i)
		}
		if want := wire.AnnotationIRI(w3cSite.BaseURL, a.ID, c.ID); it.ID != want {
			t.Errorf("item %d: id %q, want %q", i, it.ID, want)
		}
		nc, err := it.Annotation.NewClaim(doc)
		if err != nil {
			t.Fatalf("claim %d: %v", c.ID, err)
		}
		if *nc.Start != c.Start || *nc.End != c.End {
			t.Errorf("claim %d: span [%d, %d), want [%d, %d)", c.ID, *nc.Start, *nc.End, c.Start, c.End)
		}
		type words struct {
			Statement string
			Kind      model.Kind
			Status    model.Status
			Note      string
		}
		if diff := cmp.Diff(words{c.Statement, c.Kind, c.Status, c.Note}, words{nc.Statement, nc.Kind, nc.Status, nc.Note}); diff != "" {
			t.Errorf("claim %d (-exported +read back):\n%s", c.ID, diff)
		}
		if nc.Canonical != c.Canonical || nc.Via != it.ID {
			t.Errorf("claim %d: canonical %q via %q, want %q and %q", c.ID, nc.Canonical, nc.Via, c.Canonical, it.ID)
		}
		if len(nc.Parties) != len(c.Parties) {
			t.Fatalf("claim %d: %d parties, want %d", c.ID, len(nc.Parties), len(c.Parties))
		}
		for j, p := range c.Parties {
			if got := nc.Parties[j].Name; got != p.Name {
				t.Errorf("claim %d party %d: name %q, want %q", c.ID, j, got, p.Name)
			}
			if got := nc.Parties[j].Role; got != p.Role {
				t.Errorf("claim %d party %d: role %s, want %s", c.ID, j, got, p.Role)
			}
		}
		if len(nc.Sources) != len(c.Sources) {
			t.Fatalf("claim %d: %d sources, want %d", c.ID, len(nc.Sources), len(c.Sources))
		}
		for j, s := range c.Sources {
			got := nc.Sources[j]
			want := model.NewSource{URL: s.URL, Reference: s.Reference, Title: s.Title, Publisher: s.Publisher, PublishedAt: s.PublishedAt, AccessedAt: s.AccessedAt}
			if err := want.Normalize(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, *got.Source); diff != "" {
				t.Errorf("claim %d source %d (-exported +read back):\n%s", c.ID, j, diff)
			}
			wantLink := model.Attachment{Source: got.Source, Excerpt: s.Excerpt, Relation: s.Relation, Note: s.Note}
			if diff := cmp.Diff(wantLink, got); diff != "" {
				t.Errorf("claim %d source %d attachment (-exported +read back):\n%s", c.ID, j, diff)
			}
		}
	}
}

// storyDoc is the text the other import tests anchor in.
const story = "The harbour council voted 7–2 on Tuesday to fund a ferry 🚢 to Astrid Bay.\n\n" +
	"Tickets will cost €4, the mayor said. The mayor said the first boat sails in May."

// storyURL is the story's address, which the annotations on it target.
const storyURL = "https://ledger.example/ferry"

// storyDoc is the story as article 7 of w3cSite, published at storyURL.
func storyDoc(t *testing.T) W3CArticle {
	t.Helper()
	doc := text.Build(text.SplitPlain(story))
	if doc.Text != story {
		t.Fatalf("story is not canonical: %q", doc.Text)
	}
	return NewW3CArticle(w3cSite.BaseURL, model.Article{ID: 7, URL: storyURL, Text: doc.Text})
}

// A Hypothesis annotation: targets with selector arrays (a RangeSelector
// factmark ignores, a position counted in another page's text, a quote), a
// comment without a purpose and tags, one of which names a kind.
func TestW3CHypothesis(t *testing.T) {
	doc := storyDoc(t)
	items := decodeW3C(t, `{
	  "@context": "http://www.w3.org/ns/anno.jsonld",
	  "type": "Annotation",
	  "id": "https://hypothes.is/a/Qx3ht8A1Ee6",
	  "created": "2026-03-01T10:00:00.000000+00:00",
	  "creator": "acct:ana@hypothes.is",
	  "body": [
	    {"type": "TextualBody", "value": "The vote was 7 to 2, not unanimous.", "format": "text/markdown"},
	    {"type": "TextualBody", "purpose": "tagging", "value": "Number"},
	    {"type": "TextualBody", "purpose": "tagging", "value": "ferries"}
	  ],
	  "target": [{
	    "source": "https://ledger.example/ferry",
	    "selector": [
	      {"type": "RangeSelector", "startContainer": "/div[1]/p[1]", "startOffset": 0, "endContainer": "/div[1]/p[1]", "endOffset": 12},
	      {"type": "TextPositionSelector", "start": 412, "end": 415},
	      {"type": "TextQuoteSelector", "exact": "7–2", "prefix": "harbour council voted ", "suffix": " on Tuesday"}
	    ]
	  }]
	}`)
	if len(items) != 1 {
		t.Fatalf("%d items %+v, want 1", len(items), items)
	}
	if err := items[0].Err; err != nil {
		t.Fatalf("item 0: %v", err)
	}
	if got, want := items[0].ID, "https://hypothes.is/a/Qx3ht8A1Ee6"; got != want {
		t.Fatalf("item 0: id %q, want %q", got, want)
	}
	nc, err := items[0].Annotation.NewClaim(doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Index.Slice(*nc.Start, *nc.End); got != "7–2" {
		t.Errorf("anchored on %q", got)
	}
	type fields struct {
		Statement string
		Kind      model.Kind
		Status    model.Status
		Note, Via string
	}
	want := fields{"The vote was 7 to 2, not unanimous.", model.KindNumber, model.StatusUnchecked, "Tags: ferries", "https://hypothes.is/a/Qx3ht8A1Ee6"}
	if diff := cmp.Diff(want, fields{nc.Statement, nc.Kind, nc.Status, nc.Note, nc.Via}); diff != "" {
		t.Errorf("claim (-want +got):\n%s", diff)
	}
}

// Hypothesis' own JSON export: text and tags instead of bodies.
func TestW3CHypothesisNative(t *testing.T) {
	doc := storyDoc(t)
	items := decodeW3C(t, `{"export_date": "2026-03-02", "annotations": [
	  {"id": "h1", "text": "Check the fare.", "tags": ["needs context", "Place"],
	   "target": [{"source": "https://ledger.example/ferry", "selector": [{"type": "TextQuoteSelector", "exact": "Tickets will cost €4"}]}]},
	  {"id": "h2", "text": "Page note", "target": [{"source": "https://ledger.example/ferry"}]}
	]}`)
	if len(items) != 2 {
		t.Fatalf("%d items %+v, want 2", len(items), items)
	}
	for i, it := range items {
		if it.Err != nil {
			t.Fatalf("item %d: %v", i, it.Err)
		}
	}
	nc, err := items[0].Annotation.NewClaim(doc)
	if err != nil {
		t.Fatal(err)
	}
	type fields struct {
		Statement string
		Kind      model.Kind
		Note, Via string
	}
	if diff := cmp.Diff(fields{"Check the fare.", model.KindPlace, "Tags: needs context", ""}, fields{nc.Statement, nc.Kind, nc.Note, nc.Via}); diff != "" {
		t.Errorf("claim (-want +got):\n%s", diff)
	}
	if _, err := items[1].Annotation.NewClaim(doc); err == nil || !strings.Contains(err.Error(), "TextQuoteSelector or TextPositionSelector") {
		t.Errorf("a page note anchors: %v", err)
	}
}

func TestW3CBodies(t *testing.T) {
	doc := storyDoc(t)
	target := `"target": {"source": "https://ledger.example/ferry", "selector": {"type": "TextQuoteSelector", "exact": "the first boat sails in May"}}`
	tests := []struct {
		name, body string
		want       W3CAnnotation
	}{
		{"no body: the quote will be the statement", `"motivation": "highlighting"`,
			W3CAnnotation{Kind: model.KindOther, Status: model.StatusUnchecked}},
		{"bodyValue", `"bodyValue": "Ferries in May?"`,
			W3CAnnotation{Statement: "Ferries in May?", Kind: model.KindOther, Status: model.StatusUnchecked}},
		{"verdict in words, kind key", `"body": [{"type": "TextualBody", "purpose": "assessing", "value": "Needs context"},
			{"type": "TextualBody", "purpose": "classifying", "value": "date_time"},
			{"type": "TextualBody", "purpose": "describing", "value": "The first ferry sails in May."},
			{"type": "TextualBody", "purpose": "commenting", "value": "Ask the operator."},
			{"type": "TextualBody", "purpose": "commenting", "value": "And the council."}]`,
			W3CAnnotation{Statement: "The first ferry sails in May.", Kind: model.KindDateTime, Status: model.StatusNeedsContext, Note: "Ask the operator.\n\nAnd the council."}},
		{"unknown verdict kept in the note", `"body": {"type": "TextualBody", "purpose": "assessing", "value": "Mostly true"}`,
			W3CAnnotation{Kind: model.KindOther, Status: model.StatusUnchecked, Note: "Assessment: Mostly true"}},
		{"factmark keys win over the words", `"body": [{"type": "TextualBody", "purpose": "assessing", "value": "Faux", "factmark:status": "false"},
			{"type": "TextualBody", "purpose": "classifying", "value": "Datum", "https://github.com/factmark/factmark/ns#kind": "date_time"}]`,
			W3CAnnotation{Kind: model.KindDateTime, Status: model.StatusFalse}},
		{"motivation as purpose", `"motivation": "describing", "body": {"type": "TextualBody", "value": "Boats in May."}`,
			W3CAnnotation{Statement: "Boats in May.", Kind: model.KindOther, Status: model.StatusUnchecked}},
		{"parties", `"body": [{"type": "TextualBody", "purpose": "identifying", "value": "the mayor", "factmark:role": "speaker"},
			{"type": "TextualBody", "purpose": "identifying", "value": "Ferry Co", "factmark:role": "captain"}]`,
			W3CAnnotation{Kind: model.KindOther, Status: model.StatusUnchecked, Parties: []model.NewParty{
				{Name: "the mayor", Role: model.RoleSpeaker}, {Name: "Ferry Co", Role: model.RoleMentioned}}}},
		{"sources", `"body": [
			{"type": "SpecificResource", "purpose": "linking", "source": {"id": "https://port.example/timetable", "dcterms:title": "Timetable", "dcterms:issued": "not a date"},
			 "selector": {"type": "TextQuoteSelector", "exact": "First sailing: 4 May"}, "factmark:relation": "supports", "factmark:note": "p. 2"},
			{"type": "SpecificResource", "source": {"id": "urn:isbn:9780000000002"}, "purpose": "linking"},
			"https://port.example/press",
			"urn:x-unknown:1",
			{"id": "https://port.example/photo.jpg", "type": "Image"}]`,
			W3CAnnotation{Kind: model.KindOther, Status: model.StatusUnchecked, Sources: []model.Attachment{
				{Source: &model.NewSource{URL: "https://port.example/timetable", Title: "Timetable"}, Excerpt: "First sailing: 4 May", Relation: model.RelationSupports, Note: "p. 2"},
				{Source: &model.NewSource{Reference: "urn:isbn:9780000000002"}, Relation: model.RelationContext},
				{Source: &model.NewSource{URL: "https://port.example/press"}, Relation: model.RelationContext},
				{Source: &model.NewSource{URL: "https://port.example/photo.jpg"}, Relation: model.RelationContext}}}},
		{"choice gives its first item", `"body": {"type": "Choice", "items": [{"type": "TextualBody", "value": "In May.", "purpose": "describing"}, {"type": "TextualBody", "value": "En mai.", "purpose": "describing"}]}`,
			W3CAnnotation{Statement: "In May.", Kind: model.KindOther, Status: model.StatusUnchecked}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseW3C(strings.NewReader(`{"type": "Annotation", ` + tt.body + `, ` + target + `}`))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(W3CAnnotation{Statement: a.Statement, Kind: a.Kind, Status: a.Status, Note: a.Note, Parties: a.Parties, Sources: a.Sources})
			want, _ := json.Marshal(tt.want)
			if !bytes.Equal(got, want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			if _, err := a.NewClaim(doc); err != nil {
				t.Errorf("NewClaim: %v", err)
			}
		})
	}
}

func TestW3CAnchor(t *testing.T) {
	doc := storyDoc(t)
	mayor := strings.Index(story, "The mayor said")
	cp := text.Len(story[:mayor])
	tests := []struct {
		name, target string
		want         string // the anchored text, or "" for an error
		err          string
	}{
		{"position that still holds its quote", `{"selector": [{"type": "TextQuoteSelector", "exact": "The mayor said"}, {"type": "TextPositionSelector", "start": ` + strconv.Itoa(cp) + `, "end": ` + strconv.Itoa(cp+14) + `}]}`,
			"The mayor said", ""},
		{"stale position, quote found", `{"selector": [{"type": "TextPositionSelector", "start": 3, "end": 17}, {"type": "TextQuoteSelector", "exact": "the mayor said", "prefix": "cost €4, "}]}`,
			"the mayor said", ""},
		{"ambiguous quote", `{"selector": {"type": "TextQuoteSelector", "exact": "mayor said"}}`, "", "occurs more than once"},
		{"prefix tells", `{"selector": {"type": "TextQuoteSelector", "exact": "mayor said", "prefix": "€4, the "}}`, "mayor said", ""},
		{"quote not there", `{"selector": {"type": "TextQuoteSelector", "exact": "the ferry is free"}}`, "", "does not occur"},
		{"white space and NFC differ", `{"selector": {"type": "TextQuoteSelector", "exact": "fund a\n ferry  🚢"}}`, "fund a ferry 🚢", ""},
		{"exact with white space at its ends", `{"selector": {"type": "TextQuoteSelector", "exact": " the mayor said ", "prefix": "€4,"}}`, "the mayor said", ""},
		{"position holding the normalized quote", `{"selector": [{"type": "TextQuoteSelector", "exact": "The  mayor\u00a0said"}, {"type": "TextPositionSelector", "start": ` + strconv.Itoa(cp) + `, "end": ` + strconv.Itoa(cp+14) + `}]}`,
			"The mayor said", ""},
		{"quote of white space", `{"selector": {"type": "TextQuoteSelector", "exact": " \n "}}`, "", "only white space"},
		{"position alone", `{"selector": {"type": "TextPositionSelector", "start": 4, "end": 11}}`, "harbour", ""},
		{"position alone, out of range", `{"selector": {"type": "TextPositionSelector", "start": 4, "end": 9999}}`, "", "outside the article"},
		{"whole page", `"https://ledger.example/ferry"`, "", "TextQuoteSelector or TextPositionSelector"},
		{"second target anchors", `["https://ledger.example/ferry", {"source": "https://ledger.example/ferry", "selector": {"type": "TextQuoteSelector", "exact": "Astrid Bay"}}]`, "Astrid Bay", ""},
		{"first error that is about words", `[{"selector": {"type": "TextQuoteSelector", "exact": "nowhere"}}, "https://ledger.example/ferry"]`, "", "does not occur"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseW3C(strings.NewReader(`{"type": "Annotation", "target": ` + tt.target + `}`))
			if err != nil {
				t.Fatal(err)
			}
			s, e, err := a.Anchor(doc)
			switch {
			case tt.err != "":
				wantModelError(t, err, model.EINVALID, "", tt.err)
			case err != nil:
				t.Errorf("error %v", err)
			case doc.Index.Slice(s, e) != tt.want:
				t.Errorf("anchored on %q, want %q", doc.Index.Slice(s, e), tt.want)
			}
		})
	}
}

// A target that names its source must name this article: its URL, its
// page in factmark or its container, but for trivial differences. A quote
// made on another page is not anchored here, even where its words occur.
func TestW3CAnchorSource(t *testing.T) {
	doc := storyDoc(t)
	quote := `"selector": {"type": "TextQuoteSelector", "exact": "Astrid Bay"}`
	on := func(source string) string { return `{"source": ` + source + `, ` + quote + `}` }
	const elsewhere = "its target is https://other.example/page, not this article (" + storyURL + ")"
	tests := []struct {
		name, target string
		err          string // "" when the target anchors on "Astrid Bay"
	}{
		{"the article's URL (Hypothesis)", on(`"` + storyURL + `"`), ""},
		{"the URL as a resource", on(`{"id": "` + storyURL + `", "type": "Text"}`), ""},
		{"scheme and host case, trailing slash", on(`"HTTPS://Ledger.EXAMPLE/ferry/"`), ""},
		{"default port, fragment", on(`"https://ledger.example:443/ferry#para-2"`), ""},
		{"factmark's page of the article", on(`"https://factmark.example/articles/7"`), ""},
		{"the article's container", on(`"https://factmark.example/annotations/7/"`), ""},
		{"the container without its slash", on(`"https://factmark.example/annotations/7"`), ""},
		{"no source: selectors alone", `{` + quote + `}`, ""},
		{"another page with the same words", on(`"https://other.example/page"`), elsewhere},
		{"another page as a resource", on(`{"id": "https://other.example/page"}`), elsewhere},
		{"another page of the same site", on(`"https://ledger.example/ferry-2"`), "its target is https://ledger.example/ferry-2, not this article"},
		{"another factmark article", on(`"https://factmark.example/articles/8"`), "not this article"},
		{"another article's container", on(`"https://factmark.example/annotations/70/"`), "not this article"},
		{"a PDF fingerprint", on(`"urn:x-pdf:6d5bd1ec0cb4d8dc6f2d9d0d7a8f6b2c"`), "not this article"},
		{"every target elsewhere", `[` + on(`"https://other.example/page"`) + `, "https://other.example/page2"]`, elsewhere},
		{"the target of this article is used", `[` + on(`"https://other.example/page"`) + `, ` + on(`"`+storyURL+`"`) + `]`, ""},
		{"words not found here beat another page", `[` + on(`"https://other.example/page"`) + `, {"source": "` + storyURL + `", "selector": {"type": "TextQuoteSelector", "exact": "a tram"}}]`, "does not occur"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseW3C(strings.NewReader(`{"type": "Annotation", "target": ` + tt.target + `}`))
			if err != nil {
				t.Fatal(err)
			}
			s, e, err := a.Anchor(doc)
			switch {
			case tt.err != "":
				wantModelError(t, err, model.EINVALID, "target", tt.err)
			case err != nil:
				t.Errorf("error %v", err)
			case doc.Index.Slice(s, e) != "Astrid Bay":
				t.Errorf("anchored on %q", doc.Index.Slice(s, e))
			}
		})
	}

	t.Run("an article without a URL: its page in factmark", func(t *testing.T) {
		doc := NewW3CArticle("https://factmark.example/", model.Article{ID: 7, Text: story})
		a, err := ParseW3C(strings.NewReader(`{"type": "Annotation", "target": ` + on(`"https://factmark.example/articles/7"`) + `}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Anchor(doc); err != nil {
			t.Errorf("error %v", err)
		}
		a, err = ParseW3C(strings.NewReader(`{"type": "Annotation", "target": ` + on(`"`+storyURL+`"`) + `}`))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.Anchor(doc); err == nil || !strings.Contains(err.Error(), "not this article (https://factmark.example/articles/7)") {
			t.Errorf("error %v, want one naming the article's page", err)
		}
	})
}

func TestDecodeW3CShapes(t *testing.T) {
	anno := `{"type": "Annotation", "id": "urn:a:%d", "target": {"selector": {"type": "TextQuoteSelector", "exact": "Astrid Bay"}}}`
	one := strings.Replace(anno, "%d", "1", 1)
	two := strings.Replace(anno, "%d", "2", 1)
	tests := []struct {
		name, body string
		ids        []string
		err        string
	}{
		{"single", one, []string{"urn:a:1"}, ""},
		{"array", "[" + one + "," + two + "]", []string{"urn:a:1", "urn:a:2"}, ""},
		{"page", `{"type": "AnnotationPage", "items": [` + one + `]}`, []string{"urn:a:1"}, ""},
		{"collection with first page", `{"type": "AnnotationCollection", "total": 2, "first": {"type": "AnnotationPage", "items": [` + one + `], "next": {"type": "AnnotationPage", "items": [` + two + `]}}}`, []string{"urn:a:1", "urn:a:2"}, ""},
		{"collection with items", `{"type": "AnnotationCollection", "items": [` + two + `]}`, []string{"urn:a:2"}, ""},
		{"search rows", `{"total": 1, "rows": [` + one + `]}`, []string{"urn:a:1"}, ""},
		{"collection linking its first page", `{"type": "AnnotationCollection", "total": 40, "first": "https://x.example/annos/?page=0"}`, nil, "only links its pages"},
		{"collection embedding a part", `{"type": "AnnotationCollection", "total": 40, "first": {"items": [` + one + `], "next": "https://x.example/annos/?page=1"}}`, nil, "embeds only 1"},
		{"empty", ``, nil, "empty"},
		{"not JSON", `{"type": `, nil, "Malformed JSON"},
		{"two values", one + one, nil, "more data"},
		{"a number", `42`, nil, "found a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := DecodeW3C(strings.NewReader(tt.body))
			if tt.err != "" {
				if err == nil {
					t.Errorf("no error, want one saying %q", tt.err)
					return
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one saying %q", err, tt.err)
				}
				if code := model.ErrorCode(err); code != model.EINVALID {
					t.Errorf("error code %q, want %q (error %v)", code, model.EINVALID, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for i, it := range items {
				if it.Err != nil {
					t.Errorf("item %d: %v", i, it.Err)
				}
				if it.Index != i {
					t.Errorf("item %d: index %d, want %d", i, it.Index, i)
				}
				ids = append(ids, it.ID)
			}
			if strings.Join(ids, " ") != strings.Join(tt.ids, " ") {
				t.Errorf("ids %v, want %v", ids, tt.ids)
			}
		})
	}
}

// One bad annotation does not spoil the others: each item carries its own
// error, with its index and id.
func TestDecodeW3CItemErrors(t *testing.T) {
	items := decodeW3C(t, `[
	  {"type": "Annotation", "id": "urn:a:1", "target": {"selector": {"type": "TextQuoteSelector", "exact": "Astrid Bay"}}},
	  "https://annotations.example/2",
	  {"type": "Note", "id": "urn:a:3", "target": "https://x.example"},
	  {"type": "Annotation", "id": "urn:a:4"},
	  7
	]`)
	wantErr := []string{"", "only the annotation's IRI", "not an Annotation", "no target", "found a number"}
	wantID := []string{"urn:a:1", "https://annotations.example/2", "urn:a:3", "urn:a:4", ""}
	if len(items) != len(wantErr) {
		t.Fatalf("%d items", len(items))
	}
	for i, it := range items {
		if it.Index != i {
			t.Errorf("item %d: index %d, want %d", i, it.Index, i)
		}
		if it.ID != wantID[i] {
			t.Errorf("item %d: id %q, want %q", i, it.ID, wantID[i])
		}
		switch {
		case wantErr[i] == "" && it.Err != nil:
			t.Errorf("item %d: %v", i, it.Err)
		case wantErr[i] != "" && (it.Err == nil || !strings.Contains(strings.ToLower(it.Err.Error()), strings.ToLower(wantErr[i]))):
			t.Errorf("item %d: error %v, want %q", i, it.Err, wantErr[i])
		}
	}
}

// A claim the API would refuse is refused here too, whole.
func TestW3CNewClaimValidates(t *testing.T) {
	doc := storyDoc(t)
	long := strings.Repeat("x", model.MaxStatementLen+1)
	a, err := ParseW3C(strings.NewReader(`{"type": "Annotation", "bodyValue": "` + long + `", "target": {"selector": {"type": "TextQuoteSelector", "exact": "Astrid Bay"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.NewClaim(doc)
	wantModelError(t, err, "", "statement", "")
	a, err = ParseW3C(strings.NewReader(`{"type": "Annotation", "canonical": "not an iri", "target": {"selector": {"type": "TextQuoteSelector", "exact": "Astrid Bay"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.NewClaim(doc)
	wantModelError(t, err, "", "canonical", "")
}

// Whatever the input, reading and anchoring never panic, and what they
// accept is a valid claim.
func FuzzDecodeW3C(f *testing.F) {
	a, claims, _ := fixture.Sample()
	var buf bytes.Buffer
	if err := export.W3C(&buf, &export.Document{Article: a, Claims: claims, Site: w3cSite}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add(`{"type":"Annotation","target":[{"selector":[{"type":"TextPositionSelector","start":3,"end":1}]}]}`)
	f.Add(`[{"body":{"type":"Choice","items":[]},"target":{"selector":{"type":"TextQuoteSelector","exact":" "}}}]`)
	doc := NewW3CArticle(w3cSite.BaseURL, a)
	f.Fuzz(func(t *testing.T, s string) {
		items, err := DecodeW3C(strings.NewReader(s))
		if err != nil {
			if model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("whole-body error %v is not EINVALID", err)
			}
			return
		}
		for _, it := range items {
			if it.Err != nil {
				continue
			}
			nc, err := it.Annotation.NewClaim(doc)
			if err != nil {
				continue
			}
			if !doc.Index.InRange(*nc.Start, *nc.End) {
				t.Fatalf("claim anchored outside the text: [%d, %d)", *nc.Start, *nc.End)
			}
		}
	})
}

// wantModelError checks that err is a *model.Error with the code and field,
// and a message holding msg; an empty code, field or msg is not checked.
func wantModelError(t *testing.T, err error, code, field, msg string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) {
		t.Errorf("error %v (%T), want a *model.Error", err, err)
		return
	}
	if code != "" && me.Code != code {
		t.Errorf("error code %q, want %q (error %v)", me.Code, code, err)
	}
	if field != "" && me.Field != field {
		t.Errorf("error field %q, want %q (error %v)", me.Field, field, err)
	}
	if msg != "" && !strings.Contains(me.Message, msg) {
		t.Errorf("error message %q, want one saying %q", me.Message, msg)
	}
}
