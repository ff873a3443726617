package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/internal/wire"
)

// exportFixture is an invented article with three claims: one with an
// anchored party, a web source and a history; one with an offline source and
// an unanchored party; and an orphan whose quote is no longer in the text.
func exportFixture(t testing.TB) *export.Document {
	t.Helper()
	doc := text.Build([]text.RawBlock{
		{Kind: text.Heading, Level: 1, Text: "Harbour bridge opens two years late"},
		{Kind: text.Paragraph, Text: "The new harbour bridge in Portmere opened on Monday, two years after its planned date."},
		{Kind: text.Paragraph, Text: "The city council said the bridge cost 40\u00a0million euros, twice the first estimate 🌉."},
		{Kind: text.Blockquote, Text: "\u201cIt was worth the wait,\u201d said Mayor In\u00e9s Falk."},
		{Kind: text.ListItem, Text: "Mayor Falk and the transport minister cut the ribbon; the builders' union was not invited."},
	})
	ix := text.NewIndex(doc.Text)
	at := func(s string) (int, int) { return span(t, ix, s) }
	ptr := func(i int) *int { return &i }
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 30, 0, 0, time.UTC) }

	s1, e1 := at("the bridge cost 40 million euros")
	ps1, pe1 := at("The city council")
	s2, e2 := at("the builders' union was not invited")
	ps2, pe2 := at("the builders' union")

	return &export.Document{
		Article: model.Article{
			ID: 7, Title: "Harbour bridge opens two years late", Byline: "Ana Reis", Publication: "Portmere Daily",
			URL: "https://news.example.org/bridge", PublishedAt: "2026-03-02",
			Text: doc.Text, Blocks: doc.Blocks, Version: 2,
			CreatedAt: day(2), CreatedBy: "ana", UpdatedAt: day(3), UpdatedBy: "ben",
		},
		Claims: []model.Claim{
			{
				ID: 11, ArticleID: 7, Start: s1, End: e1, Quote: anchor.QuoteAt(ix, s1, e1),
				Statement: "The bridge cost 40 million euros.", Kind: model.KindNumber, Status: model.StatusVerified,
				Note: "Checked against the budget report.", Assignee: "ben",
				Parties: []model.Party{{ID: 1, Name: "The city council", Role: model.RoleSpeaker, Start: ptr(ps1), End: ptr(pe1), Exact: "The city council"}},
				Sources: []model.ClaimSource{{
					Source: model.Source{ID: 3, URL: "https://council.example.org/budget/2026", Title: "Budget 2026", Publisher: "Portmere City Council",
						PublishedAt: "2026-01-15", AccessedAt: "2026-03-03", CreatedAt: day(3)},
					Excerpt: "Harbour bridge: EUR 40.2m", Relation: model.RelationSupports, Note: "Rounded in the article.",
				}},
				Version: 3, CreatedAt: day(2), CreatedBy: "ana", UpdatedAt: day(3), UpdatedBy: "ben",
			},
			{
				ID: 12, ArticleID: 7, Start: s2, End: e2, Quote: anchor.QuoteAt(ix, s2, e2),
				Statement: "The builders' union was not invited to the opening.", Kind: model.KindParticipation, Status: model.StatusInProgress,
				Parties: []model.Party{
					{ID: 2, Name: "builders' union", Role: model.RoleExcluded, Start: ptr(ps2), End: ptr(pe2), Exact: "the builders' union"},
					{ID: 4, Name: "Mayor Falk", Role: model.RoleParticipant},
				},
				Sources: []model.ClaimSource{{
					Source:   model.Source{ID: 5, Reference: "Phone call with the union's spokesperson, 3 March 2026", Title: "Union spokesperson", CreatedAt: day(3)},
					Relation: model.RelationContext,
				}},
				Version: 1, CreatedAt: day(3), CreatedBy: "ben", UpdatedAt: day(3), UpdatedBy: "ben",
			},
			{
				// An orphan's position is kept as it was, even past the end.
				ID: 13, ArticleID: 7, Start: 340, End: 354, Orphan: true,
				Quote:     anchor.Quote{Exact: "a ferry strike", Prefix: "because of ", Suffix: " on Sunday"},
				Statement: "A ferry strike delayed the opening.", Kind: model.KindEvent, Status: model.StatusUnchecked,
				Version: 1, CreatedAt: day(2), CreatedBy: "ana", UpdatedAt: day(2), UpdatedBy: "ana",
			},
		},
		History: map[int64][]model.Event{
			11: {
				{At: day(2), User: "ana", Field: "created"},
				{At: day(3), User: "ben", Field: "status", From: "unchecked", To: "verified", Comment: "Matches the budget."},
			},
			12: {{At: day(3), User: "ben", Field: "created"}},
		},
		ExportedAt: time.Date(2026, 3, 4, 10, 0, 0, 0, time.FixedZone("CET", 3600)),
	}
}

// span returns the code-point span of the first occurrence of sub.
func span(t testing.TB, ix *text.Index, sub string) (int, int) {
	t.Helper()
	b := strings.Index(ix.String(), sub)
	if b < 0 {
		t.Fatalf("%q not in the fixture text", sub)
	}
	start := ix.CodePoint(b)
	return start, start + text.Len(sub)
}

// wantJSONDocument is what an export of d must decode back to: the layout
// of export.JSON, claims in export order.
func wantJSONDocument(d *export.Document) *wire.JSONDocument {
	want := &wire.JSONDocument{
		Format:     wire.JSONFormatID,
		Edition:    wire.EditionComplete,
		ExportedAt: d.ExportedAt.UTC(),
		Article:    d.Article,
	}
	sorted := *d
	sorted.Claims = slices.Clone(d.Claims)
	sorted.SortClaims()
	for _, c := range sorted.Claims {
		h := d.History[c.ID]
		if h == nil {
			h = []model.Event{}
		}
		if c.Parties == nil {
			c.Parties = []model.Party{}
		}
		if c.Sources == nil {
			c.Sources = []model.ClaimSource{}
		}
		want.Claims = append(want.Claims, wire.JSONClaim{Claim: c, History: h})
	}
	return want
}

func encode(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertSameDoc checks that DecodeExport gave the model values of want.
func assertSameDoc(t *testing.T, got *model.ImportedArticle, wantDoc *wire.JSONDocument) {
	t.Helper()
	want := importedArticle(wantDoc)
	if reflect.DeepEqual(got, want) {
		return
	}
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	gl, wl := strings.Split(string(g), "\n"), strings.Split(string(w), "\n")
	for i := range min(len(gl), len(wl)) {
		if gl[i] != wl[i] {
			t.Errorf("decoded document differs at line %d:\n got %s\nwant %s", i+1, gl[i], wl[i])
			return
		}
	}
	t.Errorf("decoded document differs:\n got %s\nwant %s", g, w)
}

func TestDecodeExportRoundTrip(t *testing.T) {
	d := exportFixture(t)
	var buf bytes.Buffer
	if err := export.JSON(&buf, d); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeExport(&buf)
	if err != nil {
		t.Fatal(err)
	}
	assertSameDoc(t, got, wantJSONDocument(d))
}

func TestDecodeExportIgnoresUnknownFields(t *testing.T) {
	d := exportFixture(t)
	var generic map[string]any
	if err := json.Unmarshal(encode(t, wantJSONDocument(d)), &generic); err != nil {
		t.Fatal(err)
	}
	generic["signature"] = "added by a newer factmark"
	generic["article"].(map[string]any)["language"] = "en"
	generic["claims"].([]any)[0].(map[string]any)["confidence"] = 0.9
	got, err := DecodeExport(bytes.NewReader(encode(t, generic)))
	if err != nil {
		t.Fatal(err)
	}
	assertSameDoc(t, got, wantJSONDocument(d))
}

// Keys are case-sensitive: encoding/json alone would read "Statement" as
// "statement", so an export edited by hand would import differently from
// what it says.
func TestDecodeExportRefusesKeysInTheWrongCase(t *testing.T) {
	d := exportFixture(t)
	var generic map[string]any
	if err := json.Unmarshal(encode(t, wantJSONDocument(d)), &generic); err != nil {
		t.Fatal(err)
	}
	c0 := generic["claims"].([]any)[0].(map[string]any)
	c0["Statement"] = c0["statement"]
	delete(c0, "statement")
	_, err := DecodeExport(bytes.NewReader(encode(t, generic)))
	var me *model.Error
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want a model error", err)
	}
	if me.Code != model.EINVALID {
		t.Errorf("code = %q, want %q", me.Code, model.EINVALID)
	}
	if me.Field != "claims[0].Statement" {
		t.Errorf("field = %q, want claims[0].Statement", me.Field)
	}
}

func TestDecodeExportNormalizes(t *testing.T) {
	d := exportFixture(t)
	want := wantJSONDocument(d)
	// A deep copy to edit, since want shares the fixture's slices.
	var in *wire.JSONDocument
	if err := json.Unmarshal(encode(t, want), &in); err != nil {
		t.Fatal(err)
	}
	ix := text.NewIndex(in.Article.Text)

	in.Article.Title = "  " + in.Article.Title + "\n"
	in.Article.PublishedAt = "2026-03-02T01:00:00+02:00"
	want.Article.PublishedAt = "2026-03-01T23:00:00Z"

	// A stale position: the quote finds the span and corrects it, and the
	// context is taken from the text.
	c := &in.Claims[0]
	c.Start, c.End = c.Start+3, c.End+3
	c.Quote.Prefix, c.Quote.Suffix = "stale", ""

	// An orphan whose quote is in this text after all is anchored again.
	s, e := span(t, ix, "opened on Monday")
	in.Claims[2].Quote = anchor.Quote{Exact: "opened on Monday"}
	want.Claims[2].Quote = anchor.QuoteAt(ix, s, e)
	want.Claims[2].Start, want.Claims[2].End, want.Claims[2].Orphan = s, e, false

	// Empty vocabulary values get the API's defaults, strings are trimmed,
	// a party's exact text is filled in.
	c = &in.Claims[1]
	c.Kind, c.Status, c.Statement = "", "", "  "+c.Statement+"  "
	c.Sources[0].Relation = ""
	c.Parties[0].Exact = ""
	c.Parties[0].Name = " builders'   union "
	want.Claims[1].Kind, want.Claims[1].Status = model.KindOther, model.StatusUnchecked
	want.Claims[1].Sources[0].Relation = model.RelationSupports

	got, err := DecodeExport(bytes.NewReader(encode(t, in)))
	if err != nil {
		t.Fatal(err)
	}
	assertSameDoc(t, got, want)
}

func TestDecodeExportInvalid(t *testing.T) {
	tests := []struct {
		name      string
		edit      func(d *wire.JSONDocument)
		wantField string
		wantMsg   string // a part of the message
	}{
		{"other format", func(d *wire.JSONDocument) { d.Format = "factmark/article-export/v2" }, "format", `format is "factmark/article-export/v2"`},
		{"no format", func(d *wire.JSONDocument) { d.Format = "" }, "format", "not a factmark JSON export"},
		{"no title", func(d *wire.JSONDocument) { d.Article.Title = " \t" }, "article.title", "required"},
		{"title too long", func(d *wire.JSONDocument) { d.Article.Title = strings.Repeat("t", model.MaxTitleLen+1) }, "article.title", "too long"},
		{"byline too long", func(d *wire.JSONDocument) { d.Article.Byline = strings.Repeat("b", model.MaxShortLen+1) }, "article.byline", "too long"},
		{"javascript URL", func(d *wire.JSONDocument) { d.Article.URL = "javascript:alert(1)" }, "article.url", "http"},
		{"ftp URL", func(d *wire.JSONDocument) { d.Article.URL = "ftp://example.org/x" }, "article.url", "http"},
		{"bad date", func(d *wire.JSONDocument) { d.Article.PublishedAt = "March 2nd" }, "article.published_at", "YYYY-MM-DD"},
		{"bad due date", func(d *wire.JSONDocument) { d.Article.Due = "2026-02-30" }, "article.due", "YYYY-MM-DD"},
		{"assignee too long", func(d *wire.JSONDocument) { d.Article.Assignee = strings.Repeat("a", model.MaxShortLen+1) }, "article.assignee", "too long"},
		{"javascript link", func(d *wire.JSONDocument) {
			d.Article.Links = []model.Link{{Start: 0, End: 4, Href: "javascript:alert(1)"}}
		}, "article.links[0]", "http"},
		{"link past the end", func(d *wire.JSONDocument) {
			n := text.Len(d.Article.Text)
			d.Article.Links = []model.Link{{Start: n - 2, End: n + 3, Href: "https://x.example/"}}
		}, "article.links[0]", "not inside the text"},
		{"links out of order", func(d *wire.JSONDocument) {
			d.Article.Links = []model.Link{{Start: 10, End: 14, Href: "https://x.example/"}, {Start: 2, End: 4, Href: "https://y.example/"}}
		}, "article.links[1]", "order"},
		{"bad direction", func(d *wire.JSONDocument) { d.Article.Dir = "up" }, "article.dir", "rtl"},
		{"bad language", func(d *wire.JSONDocument) { d.Article.Lang = "en_GB!" }, "article.lang", "tag"},
		{"no text", func(d *wire.JSONDocument) { d.Article.Text, d.Article.Blocks = "", nil; d.Claims = nil }, "article.blocks", "no text"},
		{"text without blocks", func(d *wire.JSONDocument) { d.Article.Blocks = nil }, "article.blocks", "at least one block"},
		{"text after the last block", func(d *wire.JSONDocument) { d.Article.Text += "\n\nAbout the writer." }, "article.text", "after the last block"},
		{"unknown block kind", func(d *wire.JSONDocument) { d.Article.Blocks[1].Kind = "aside" }, "article.blocks[1].kind", `"aside"`},
		{"heading without level", func(d *wire.JSONDocument) { d.Article.Blocks[0].Level = 0 }, "article.blocks[0].level", "1 to 6"},
		{"paragraph with level", func(d *wire.JSONDocument) { d.Article.Blocks[1].Level = 2 }, "article.blocks[1].level", "Only headings"},
		{"block past the end", func(d *wire.JSONDocument) { d.Article.Blocks[len(d.Article.Blocks)-1].End += 5 }, "article.blocks[4].end", "past the end"},
		{"blocks out of order", func(d *wire.JSONDocument) {
			d.Article.Blocks[1], d.Article.Blocks[2] = d.Article.Blocks[2], d.Article.Blocks[1]
		}, "article.blocks[1].start", "in order"},
		{"blocks overlap", func(d *wire.JSONDocument) { d.Article.Blocks[2].Start -= 3 }, "article.blocks[2].start", "want"},
		{"empty block", func(d *wire.JSONDocument) { d.Article.Blocks[1].End = d.Article.Blocks[1].Start }, "article.blocks[1].end", "empty"},
		{"unknown kind", func(d *wire.JSONDocument) { d.Claims[1].Kind = "foo" }, "claims[1].kind", `Unknown kind "foo"`},
		{"unknown status", func(d *wire.JSONDocument) { d.Claims[0].Status = "done" }, "claims[0].status", `Unknown status "done"`},
		{"claim's due date not a date", func(d *wire.JSONDocument) { d.Claims[0].Due = "next week" }, "claims[0].due", "YYYY-MM-DD"},
		{"statement too long", func(d *wire.JSONDocument) { d.Claims[0].Statement = strings.Repeat("s", model.MaxStatementLen+1) }, "claims[0].statement", "too long"},
		{"assignee too long", func(d *wire.JSONDocument) { d.Claims[0].Assignee = strings.Repeat("a", model.MaxShortLen+1) }, "claims[0].assignee", "too long"},
		{"end before start", func(d *wire.JSONDocument) { d.Claims[0].End = d.Claims[0].Start }, "claims[0].end", "greater than start"},
		{"negative start", func(d *wire.JSONDocument) { d.Claims[0].Start = -1 }, "claims[0].end", "at least 0"},
		{"empty quote", func(d *wire.JSONDocument) { d.Claims[0].Quote.Exact = "" }, "claims[0].quote.exact", "empty"},
		{"quote not in text", func(d *wire.JSONDocument) { d.Claims[1].Quote.Exact = "the union was invited" }, "claims[1].quote", "not in the article"},
		{"unknown role", func(d *wire.JSONDocument) { d.Claims[1].Parties[1].Role = "host" }, "claims[1].parties[1].role", `Unknown role "host"`},
		{"party without name", func(d *wire.JSONDocument) { d.Claims[1].Parties[1].Name = " " }, "claims[1].parties[1].name", "name"},
		{"party with start only", func(d *wire.JSONDocument) { d.Claims[0].Parties[0].End = nil }, "claims[0].parties[0].end", "both"},
		{"party span past the end", func(d *wire.JSONDocument) {
			end := text.Len(d.Article.Text) + 1
			d.Claims[0].Parties[0].End = &end
		}, "claims[0].parties[0].end", "outside the text"},
		{"party exact differs", func(d *wire.JSONDocument) { d.Claims[0].Parties[0].Exact = "The town council" }, "claims[0].parties[0].exact", "does not match"},
		{"source javascript URL", func(d *wire.JSONDocument) { d.Claims[0].Sources[0].URL = "javascript:void(0)" }, "claims[0].sources[0].url", "http"},
		{"source without URL or reference", func(d *wire.JSONDocument) { d.Claims[1].Sources[0].Reference = "" }, "claims[1].sources[0].url", "reference"},
		{"source bad date", func(d *wire.JSONDocument) { d.Claims[0].Sources[0].AccessedAt = "yesterday" }, "claims[0].sources[0].accessed_at", "2026-01-31"},
		{"unknown relation", func(d *wire.JSONDocument) { d.Claims[0].Sources[0].Relation = "refutes" }, "claims[0].sources[0].relation", `Unknown relation "refutes"`},
		{"source without id", func(d *wire.JSONDocument) { d.Claims[1].Sources[0].ID = 0 }, "claims[1].sources[0].id", "needs its id"},
		{"source twice on a claim", func(d *wire.JSONDocument) {
			d.Claims[0].Sources = append(d.Claims[0].Sources, d.Claims[0].Sources[0])
		}, "claims[0].sources[1].id", "twice"},
		{"one id, two sources", func(d *wire.JSONDocument) { d.Claims[1].Sources[0].ID = d.Claims[0].Sources[0].ID }, "claims[1].sources[0].id", "described differently"},
		{"claim number twice", func(d *wire.JSONDocument) { d.Claims[0].Number, d.Claims[1].Number = 2, 2 }, "claims[1].number", "also claims[0]'s"},
		{"negative claim number", func(d *wire.JSONDocument) { d.Claims[1].Number = -1 }, "claims[1].number", "above 0"},
		{"history without field", func(d *wire.JSONDocument) { d.Claims[0].History[1].Field = " " }, "claims[0].history[1].field", "name the field"},
		{"history without time", func(d *wire.JSONDocument) { d.Claims[0].History[0].At = time.Time{} }, "claims[0].history[0].at", "time"},
		{"published verdict not a verdict", func(d *wire.JSONDocument) {
			d.Claims[0].Publication = model.NewPublication([]model.PublicationRecord{{Verdict: model.StatusInProgress, Rationale: "r", PublishedAt: time.Now()}})
		}, "claims[0].publication.records[0].verdict", "published verdict"},
		{"publication without rationale", func(d *wire.JSONDocument) {
			d.Claims[0].Publication = model.NewPublication([]model.PublicationRecord{{Verdict: model.StatusFalse, Rationale: " ", PublishedAt: time.Now()}})
		}, "claims[0].publication.records[0].rationale", "rationale"},
		{"withdrawn without reason", func(d *wire.JSONDocument) {
			at := time.Now()
			d.Claims[0].Publication = model.NewPublication([]model.PublicationRecord{{Verdict: model.StatusFalse, Rationale: "r", PublishedAt: at, WithdrawnAt: &at}})
		}, "claims[0].publication.records[0].reason", "reason"},
		{"state disagrees with the records", func(d *wire.JSONDocument) {
			d.Claims[0].Publication = model.Publication{State: model.Published, Verdict: model.StatusFalse, Rationale: "r"}
		}, "claims[0].publication.state", "records make it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := wantJSONDocument(exportFixture(t))
			tt.edit(d)
			got, err := DecodeExport(bytes.NewReader(encode(t, d)))
			if err == nil {
				t.Fatalf("DecodeExport = %+v, want an error", got)
			}
			checkInvalid(t, err, tt.wantField, tt.wantMsg)
			if tt.wantField != "" && !strings.HasPrefix(err.(*model.Error).Message, tt.wantField+": ") {
				t.Errorf("message %q does not start with the path %q", err.(*model.Error).Message, tt.wantField)
			}
		})
	}
}

func TestDecodeExportCanonicalText(t *testing.T) {
	// Each body below has blocks that tile it correctly, but a block's text
	// is not what text.Build would make of it.
	tests := []struct {
		name  string
		text  string
		block int // the block at fault
	}{
		{"double space", "First block.\n\nSecond  block.", 1},
		{"NBSP", "First\u00a0block.\n\nSecond block.", 0},
		{"decomposed accent (not NFC)", "Cafe\u0301 opens.\n\nSecond block.", 0},
		{"leading space", " First block.\n\nSecond block.", 0},
		{"line break inside", "First\nblock.\n\nSecond block.", 0},
		{"three line breaks between", "First block.\n\n\nSecond block.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := strings.Split(tt.text, "\n\n")
			var blocks []text.Block
			pos := 0
			for _, p := range parts {
				n := text.Len(p)
				blocks = append(blocks, text.Block{Kind: text.Paragraph, Start: pos, End: pos + n})
				pos += n + 2
			}
			d := &wire.JSONDocument{
				Format:  wire.JSONFormatID,
				Article: model.Article{Title: "T", Text: tt.text, Blocks: blocks},
			}
			_, err := DecodeExport(bytes.NewReader(encode(t, d)))
			if err == nil {
				t.Fatal("no error")
			}
			checkInvalid(t, err, fmt.Sprintf("article.blocks[%d]", tt.block), "canonical form")
		})
	}
}

func TestDecodeExportMalformed(t *testing.T) {
	valid := string(encode(t, wantJSONDocument(exportFixture(t))))
	tests := []struct {
		name      string
		in        string
		wantField string
		wantMsg   string
	}{
		{"empty", "", "", "empty"},
		{"white space", " \n\t", "", "empty"},
		{"syntax error", `{"format": "factmark/article-export/v1", "claims": [}`, "", "Malformed JSON at byte 53"},
		{"syntax error after leading space", "\n\n  {\"format\" 1}", "", "at byte 15"},
		{"truncated", valid[:len(valid)/2], "", "ends in the middle"},
		{"two documents", valid + "\n" + valid, "", "more data after the export"},
		{"trailing garbage", valid + " ok", "", "more data after the export"},
		{"not an object", `["factmark/article-export/v1"]`, "format", "not a factmark JSON export"},
		{"a string", `"factmark/article-export/v1"`, "format", "not a factmark JSON export"},
		{"format a number", `{"format": 1}`, "format", "format is 1"},
		{"wrong type in article", `{"format": "factmark/article-export/v1", "article": {"title": 5}}`, "article.title", "Expected a string, found a JSON number"},
		{"fraction offset", `{"format": "factmark/article-export/v1", "claims": [{"start": 1.5}]}`, "claims.start", "Expected a whole number"},
		{"wrong type in embedded claim", `{"format": "factmark/article-export/v1", "claims": [{"quote": {"exact": []}}]}`, "claims.quote.exact", "Expected a string"},
		{"bad time", `{"format": "factmark/article-export/v1", "exported_at": "tuesday"}`, "", "Malformed export"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeExport(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("DecodeExport = %+v, want an error", got)
			}
			checkInvalid(t, err, tt.wantField, tt.wantMsg)
		})
	}
}

func TestDecodeExportReaderError(t *testing.T) {
	boom := errors.New("body too large")
	for _, r := range []io.Reader{
		iotest.ErrReader(boom),
		io.MultiReader(strings.NewReader(`{"format": "factmark/`), iotest.ErrReader(boom)),
	} {
		_, err := DecodeExport(r)
		if !errors.Is(err, boom) {
			t.Errorf("error = %v, want one wrapping the reader's error", err)
		}
		if code := model.ErrorCode(err); code == model.EINVALID {
			t.Errorf("a failing reader is reported as %q, as if the JSON were bad", code)
		}
	}
}

// checkInvalid asserts that err is an EINVALID *model.Error about field
// whose message contains msg.
func checkInvalid(t *testing.T, err error, field, msg string) {
	t.Helper()
	var me *model.Error
	if !errors.As(err, &me) {
		t.Fatalf("error %T %v is not a *model.Error", err, err)
	}
	if me.Code != model.EINVALID {
		t.Errorf("code = %q, want %q", me.Code, model.EINVALID)
	}
	if me.Field != field {
		t.Errorf("field = %q, want %q (%s)", me.Field, field, me.Message)
	}
	if !strings.Contains(me.Message, msg) {
		t.Errorf("message %q does not contain %q", me.Message, msg)
	}
}
