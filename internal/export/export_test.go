package export

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// exportedAt is the fixed export time of the test documents.
var exportedAt = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

func sampleDoc() *Document {
	a, c, h := fixture.Sample()
	return &Document{Article: a, Claims: c, History: h, Revisions: fixture.SampleRevisions(a), ExportedAt: exportedAt, Site: sampleSite, Edition: EditionInternal}
}

// sampleSite is the public identity of the sample's exports: the standards
// formats (ClaimReview, W3C) build their IRIs and authorship from it.
var sampleSite = wire.Site{BaseURL: "https://factmark.example", NewsroomName: "Northbridge Ledger Fact Desk", NewsroomURL: "https://ledger.example/fact-check"}

// largeDoc is a longer fixture: many overlapping claims over emoji and
// several scripts.
func largeDoc(words, claims int) *Document {
	a := fixture.Article(words)
	c := fixture.Claims(a, claims)
	return &Document{Article: a, Claims: c, History: fixture.History(c), ExportedAt: exportedAt, Edition: EditionInternal}
}

func encode(t *testing.T, f Format, d *Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf, d, TestPages); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	return buf.Bytes()
}

func mustLookup(t *testing.T, name string) Format {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestGolden pins every format's export of the sample: the internal
// edition as sample.EXT, and the public edition of the formats that have
// one as sample.public.EXT.
func TestGolden(t *testing.T) {
	type golden struct {
		f       Format
		edition Edition
		path    string
	}
	var cases []golden
	for _, f := range Formats() {
		cases = append(cases, golden{f, EditionInternal, filepath.Join("testdata", "sample."+f.Extension)})
		if f.Editions {
			cases = append(cases, golden{f, EditionPublic, filepath.Join("testdata", "sample.public."+f.Extension)})
		}
	}
	for _, g := range cases {
		f := g.f
		doc := func() *Document { d := sampleDoc(); d.Edition = g.edition; return d }
		t.Run(filepath.Base(g.path), func(t *testing.T) {
			got := encode(t, f, doc())
			if again := encode(t, f, doc()); !bytes.Equal(got, again) {
				t.Fatal("two exports of the same document differ")
			}
			path := g.path
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("export differs from %s at line %d; if the change is intended, run go test -update and review the diff",
					path, firstDiffLine(got, want))
			}
		})
	}
}

func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// Every format writes claims in position order whatever order the document
// holds them in, and leaves the document as it was.
func TestClaimOrder(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			want := encode(t, f, sampleDoc())
			d := sampleDoc()
			slices.Reverse(d.Claims)
			before := slices.Clone(d.Claims)
			if got := encode(t, f, d); !bytes.Equal(got, want) {
				t.Error("export of reversed claims differs from export of sorted claims")
			}
			if !slices.EqualFunc(d.Claims, before, func(a, b model.Claim) bool { return a.ID == b.ID }) {
				t.Error("the encoder reordered the document's claims")
			}
		})
	}
}

func TestSortClaims(t *testing.T) {
	d := &Document{Claims: []model.Claim{
		{ID: 4, Start: 10, End: 12},
		{ID: 3, Start: 0, End: 5},
		{ID: 2, Start: 0, End: 9},
		{ID: 1, Start: 10, End: 12},
	}}
	d.SortClaims()
	var ids []int64
	for _, c := range d.Claims {
		ids = append(ids, c.ID)
	}
	if want := []int64{2, 3, 1, 4}; !slices.Equal(ids, want) {
		t.Errorf("order = %v, want %v", ids, want)
	}
}

func TestEmptyDocument(t *testing.T) {
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			out := encode(t, f, &Document{})
			if len(out) == 0 {
				t.Error("empty output")
			}
		})
	}
	if out := string(encode(t, mustLookup(t, "csv"), &Document{})); strings.Count(out, "\r\n") != 1 {
		t.Errorf("csv of no claims = %q, want the header row alone", out)
	}
	out := string(encode(t, mustLookup(t, "markdown"), &Document{}))
	if !strings.HasPrefix(out, "# Untitled article\n") {
		t.Errorf("markdown of an empty document = %q, want it to start with the heading \"# Untitled article\"", out)
	}
	if strings.Contains(out, "[^") {
		t.Errorf("markdown of an empty document = %q, want no footnote", out)
	}
}

// failingWriter accepts n bytes, then fails.
type failingWriter struct{ n int }

var errWrite = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errWrite
	}
	w.n -= len(p)
	return len(p), nil
}

// A write error reaches the caller, so that a handler does not send half an
// export as if it were whole: at once, or past the encoders' buffers.
func TestWriteError(t *testing.T) {
	d := largeDoc(3000, 100)
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			size := len(encode(t, f, d))
			for _, n := range []int{0, size / 2, size - 1} {
				if err := f.Write(&failingWriter{n: n}, d, TestPages); !errors.Is(err, errWrite) {
					t.Errorf("failing after %d of %d bytes: error = %v, want %v", n, size, err, errWrite)
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	for _, name := range []string{"html", "markdown", "json", "csv"} {
		f, err := Lookup(name)
		// The HTML page has no Encode: a PageRenderer renders it.
		if err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
			continue
		}
		if f.Name != name {
			t.Errorf("Lookup(%q).Name = %q, want %q", name, f.Name, name)
		}
		if got, want := f.Encode == nil, name == "html"; got != want {
			t.Errorf("Lookup(%q).Encode == nil is %v, want %v", name, got, want)
		}
		if f.ContentType == "" {
			t.Errorf("Lookup(%q).ContentType is empty", name)
		}
		if f.Extension == "" {
			t.Errorf("Lookup(%q).Extension is empty", name)
		}
	}
	for _, name := range []string{"", "pdf", "HTML", "md", "json "} {
		_, err := Lookup(name)
		var e *model.Error
		if !errors.As(err, &e) {
			t.Errorf("Lookup(%q) error = %#v, want an invalid-format *model.Error", name, err)
			continue
		}
		if e.Code != model.EINVALID {
			t.Errorf("Lookup(%q) error code = %q, want %q", name, e.Code, model.EINVALID)
		}
		if e.Field != "format" {
			t.Errorf("Lookup(%q) error field = %q, want %q", name, e.Field, "format")
		}
		if want := "html, markdown, json, csv, w3c, claimreview"; !strings.Contains(e.Message, want) {
			t.Errorf("Lookup(%q) error message = %q, want it to list %q", name, e.Message, want)
		}
	}
}

func TestFilename(t *testing.T) {
	tests := []struct {
		title  string
		format string
		want   string
	}{
		{"Peace talks in Lakeshore: who is invited, who is left out", "html", "peace-talks-in-lakeshore-who-is-invited-who-is-left-out.html"},
		{"  --Hello,  World!-- ", "markdown", "hello-world.md"},
		{"Zürich & Genève: 2026 budget", "csv", "zurich-geneve-2026-budget.csv"},
		{"Переговоры в Астане", "json", "article-7.json"},
		{"", "html", "article-7.html"},
		{"🇰🇿 Talks 👩‍👩‍👧", "html", "talks.html"},
		{"../../etc/passwd", "csv", "etc-passwd.csv"},
		{strings.Repeat("ab ", 60), "json", strings.TrimSuffix(strings.Repeat("ab-", 27), "-") + ".json"},
	}
	for _, tt := range tests {
		got := Filename(model.Article{ID: 7, Title: tt.title}, mustLookup(t, tt.format))
		if got != tt.want {
			t.Errorf("Filename(%q, %s) = %q, want %q", tt.title, tt.format, got, tt.want)
		}
		if len(got) > 80+len(".markdown") {
			t.Errorf("Filename(%q) is %d bytes long", tt.title, len(got))
		}
	}
}

func TestWebURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://x.example/a?b=1&c=\"d\"": true, "HTTP://X.EXAMPLE": true, "http://x": true,
		"": false, "http://": false, "https:///path": false, "https://?q": false, "http:x.example": false,
		"javascript:alert(1)": false, "JavaScript://x.example/%0aalert(1)": false, "data:text/html,<b>": false,
		" https://x.example": false, "https://x.example/a b": false, "https://x.example\n": false,
		"ftp://x.example": false, "//x.example": false, "https\t://x.example": false,
	} {
		if got := webURL(s); got != want {
			t.Errorf("webURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestVerdictEvent(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	set := func(h int, from, to, comment string) model.Event {
		return model.Event{At: t0.Add(time.Duration(h) * time.Hour), User: "amira", Field: "status", From: from, To: to, Comment: comment}
	}
	tests := []struct {
		name    string
		status  model.Status
		history []model.Event
		want    int // index into history, or -1 for none
	}{
		{"no history", model.StatusFalse, nil, -1},
		{"set with a comment", model.StatusMisleading, []model.Event{
			{At: t0, Field: "created"}, set(1, "unchecked", "misleading", "the U.N. was invited as an observer"),
			{At: t0.Add(2 * time.Hour), Field: "note", From: "a", To: "b"},
		}, 1},
		{"set without a comment", model.StatusVerified, []model.Event{set(1, "unchecked", "verified", "")}, 0},
		{"confirmed with a comment", model.StatusMisleading, []model.Event{
			set(1, "unchecked", "misleading", "first"), set(2, "misleading", "misleading", "confirmed by the minutes"),
		}, 1},
		{"changed and set back without a comment", model.StatusMisleading, []model.Event{
			set(1, "unchecked", "misleading", "first"), set(2, "misleading", "false", "worse"), set(3, "false", "misleading", ""),
		}, 2},
		{"the last change is to another status", model.StatusFalse, []model.Event{
			set(1, "unchecked", "false", "why"), set(2, "false", "verified", "no"),
		}, 0},
		{"an open status is no verdict", model.StatusInProgress, []model.Event{set(1, "unchecked", "in_progress", "reopened")}, -1},
		{"another field with the same value", model.StatusFalse, []model.Event{{Field: "note", To: "false", Comment: "x"}}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := model.Claim{ID: 4, Status: tt.status, UpdatedAt: t0.Add(9 * time.Hour)}
			d := &Document{Claims: []model.Claim{c}, History: map[int64][]model.Event{4: tt.history, 5: {set(1, "x", string(tt.status), "other claim")}}}
			got, ok := VerdictEvent(d, c)
			if tt.want < 0 {
				if ok {
					t.Errorf("VerdictEvent = %+v, want none", got)
				}
				return
			}
			if !ok || got != tt.history[tt.want] {
				t.Errorf("VerdictEvent = %+v, %v, want %+v", got, ok, tt.history[tt.want])
			}
			if verdictReason(d, &c) != tt.history[tt.want].Comment {
				t.Errorf("verdictReason = %q, want %q", verdictReason(d, &c), tt.history[tt.want].Comment)
			}
		})
	}
}

// The reason for a verdict shows in each human-readable format, escaped
// for it, and in none for a claim without a verdict.
func TestVerdictReason(t *testing.T) {
	const reason = "the U.N. was invited as an observer <b>*only*</b> & [not] a party"
	d := sampleDoc()
	d.History[3] = append(d.History[3], model.Event{At: exportedAt, Field: "status", From: "misleading", To: "misleading", Comment: "  " + reason + "\n"})
	d.History[2] = append(d.History[2], model.Event{At: exportedAt, Field: "status", From: "unchecked", To: "unchecked", Comment: "open question"})

	page := parseHTML(t, encode(t, mustLookup(t, "html"), d))
	var reasons []string
	walk(page, func(e *html.Node) {
		if hasClass(e, "reason") && textOf(e.PrevSibling) == "Verdict" {
			reasons = append(reasons, textOf(e.PrevSibling)+": "+textOf(e))
		}
	})
	if want := []string{"Verdict: Verified — Matches the council minutes.", "Verdict: Misleading — " + reason}; !slices.Equal(reasons, want) {
		t.Errorf("HTML reasons = %q, want %q", reasons, want)
	}

	md := string(encode(t, mustLookup(t, "markdown"), d))
	if want := `    Verdict: Misleading — the U.N. was invited as an observer \<b\>\*only\*\</b\> \& \[not\] a party\` + "\n    Kind:"; !strings.Contains(md, want) {
		t.Errorf("Markdown lacks %q", want)
	}
	if strings.Contains(md, "open question") {
		t.Error("Markdown shows the comment on an open claim's status")
	}

	rows := readCSV(t, encode(t, mustLookup(t, "csv"), d))
	var got []string
	for _, row := range rows[1:] {
		got = append(got, row[17])
	}
	if rows[0][17] != "verdict_comment" {
		t.Errorf("CSV column 17 is %q, want verdict_comment", rows[0][17])
	}
	if want := []string{"Matches the council minutes.", "", reason}; !slices.Equal(got, want) {
		t.Errorf("CSV %s = %q, want %q", rows[0][17], got, want)
	}
}

// The public edition of HTML, Markdown and CSV holds nothing internal:
// notes, status comments, assignees, user names, source notes, history,
// and no verdict that was not published, whether the claim was never
// published or its working status moved on since.
func TestPublicEditionHoldsNothingInternal(t *testing.T) {
	d := sampleDoc()
	d.Edition = EditionPublic
	const (
		note     = "NOTE-MARKER-41"
		comment  = "COMMENT-MARKER-42"
		assignee = "ASSIGNEE-MARKER-43"
		srcNote  = "SOURCE-NOTE-MARKER-44"
		user     = "USER-MARKER-45"
	)
	for i := range d.Claims {
		c := &d.Claims[i]
		c.Note, c.Assignee, c.CreatedBy, c.UpdatedBy = note, assignee, user, user
		for j := range c.Sources {
			c.Sources[j].Note = srcNote
		}
		d.History[c.ID] = append(d.History[c.ID], model.Event{At: exportedAt, User: user, Field: "status", From: string(c.Status), To: string(c.Status), Comment: comment})
	}
	// Claim 2 has a working verdict, never published; claim 3's working
	// status moved on from its published Misleading.
	d.Claims[1].Status = model.StatusUnverifiable
	d.Claims[2].Status = model.StatusNeedsContext
	for _, name := range []string{"html", "markdown", "csv"} {
		t.Run(name, func(t *testing.T) {
			out := string(encode(t, mustLookup(t, name), d))
			for _, marker := range []string{note, comment, assignee, srcNote, user, "Unverifiable —", InternalNotice} {
				if strings.Contains(out, marker) {
					t.Errorf("the public %s edition holds %q", name, marker)
				}
			}
			if !strings.Contains(out, "Not yet reviewed") {
				t.Errorf("the public %s edition does not say claim 2 is not yet reviewed", name)
			}
			if !strings.Contains(out, "Neither body is on the list, but the ministry says") {
				t.Errorf("the public %s edition lacks claim 3's published rationale", name)
			}
		})
	}
	page := string(encode(t, mustLookup(t, "html"), d))
	for _, leak := range []string{"st-unverifiable b", "st-needs_context b", `title="Claim 2: Unverifiable"`, "Needs context</span>"} {
		if strings.Contains(page, leak) {
			t.Errorf("the public HTML edition shows an unpublished verdict: %q", leak)
		}
	}
	if !strings.Contains(page, `<mark class="st-misleading`) {
		t.Error("the public HTML edition does not colour claim 3 by its published verdict")
	}
}

// The internal edition says so at the top of every format, and the HTML
// repeats it in the margin of every printed page.
func TestInternalEditionNotice(t *testing.T) {
	d := sampleDoc()
	for _, name := range []string{"html", "markdown", "csv"} {
		out := string(encode(t, mustLookup(t, name), d))
		first := strings.SplitN(out, "\n", 2)[0]
		if name == "html" {
			// The body's first element.
			body := out[strings.Index(out, "<body>")+len("<body>"):]
			first, _, _ = strings.Cut(body, "</p>")
		}
		if !strings.Contains(first, InternalNotice) {
			t.Errorf("%s: the first line %q does not say %q", name, first, InternalNotice)
		}
	}
	page := string(encode(t, mustLookup(t, "html"), d))
	for _, rule := range []string{`@top-center{content:"` + InternalNotice + `"`, `@bottom-center{content:"` + InternalNotice} {
		if !strings.Contains(page, rule) {
			t.Errorf("the internal HTML has no page margin box %q", rule)
		}
	}
	d.Edition = EditionPublic
	if page := string(encode(t, mustLookup(t, "html"), d)); strings.Contains(page, "@top-center") {
		t.Error("the public HTML is marked internal")
	}
}

func TestParseEdition(t *testing.T) {
	for _, tc := range []struct {
		format, edition string
		want            Edition
		field           string
	}{
		{"html", "", EditionPublic, ""},
		{"html", "public", EditionPublic, ""},
		{"markdown", "internal", EditionInternal, ""},
		{"csv", "Internal", "", "edition"},
		{"csv", "draft", "", "edition"},
		{"json", "", EditionComplete, ""},
		{"json", "internal", EditionComplete, ""},
		{"json", "public", "", "edition"},
		{"w3c", "public", "", "edition"},
		{"claimreview", "", EditionPublic, ""},
		{"claimreview", "internal", "", "edition"},
	} {
		got, err := ParseEdition(mustLookup(t, tc.format), tc.edition)
		if got != tc.want {
			t.Errorf("ParseEdition(%s, %q) = %q, want %q", tc.format, tc.edition, got, tc.want)
		}
		var de *model.Error
		if tc.field != "" && (!errors.As(err, &de) || de.Field != tc.field) {
			t.Errorf("ParseEdition(%s, %q) error = %v, want one about %s", tc.format, tc.edition, err, tc.field)
		}
	}
}

// TestPages renders the HTML export in this package's tests. The renderer
// is views/exportpage's, which imports this package, so it is set from
// the external test package (page_test.go) rather than imported here.
var TestPages PageRenderer
