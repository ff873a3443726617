package export

import (
	"encoding/json"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Dates of the sample's revisions (fixture.SampleRevisions) and of the
// third one revisedDoc adds.
const (
	rev1At = "2026-03-14T09:00:00Z" // pasted
	rev2At = "2026-03-14T09:19:58Z" // fetched (the page's time, not the revision's)
	rev3At = "2026-03-14T10:30:00Z" // pasted
)

// revisedDoc is the sample after a third revision, pasted at 10:30: claim 1
// was verified against revision 1 and claim 4 against revision 2; claim
// 4's review was last published (10:03) before revision 3, claim 1's
// (11:01) after it; revision 3 changed claim 4's words since they were
// checked. Two orphans: claim 5, last found in revision 1 and never
// published, and claim 6, last found in revision 2, whose review was
// published at 09:40.
func revisedDoc(edition Edition) *Document {
	d := sampleDoc()
	d.Edition = edition
	d.Revisions = append(d.Revisions, model.Revision{Version: 3, CreatedAt: mustTime(rev3At), CreatedBy: "jonas",
		Origin: model.OriginText, TextSHA256: strings.Repeat("ab", 32)})
	d.Article.Revision = 3
	for i := range d.Claims {
		d.Claims[i].AnchoredRevision = 3
	}
	d.Claims[2].ChangedSinceVerdict = true
	d.Claims[2].ChangedFrom = "The list leaves out the Northern Council and the Grain Traders' Guild"
	d.Claims[2].VerdictRevision = 2
	published := mustTime("2026-03-14T09:40:00Z")
	d.Claims = append(d.Claims,
		model.Claim{ID: 5, ArticleID: 7, Number: 5, Start: 3, End: 9, Quote: anchor.Quote{Exact: "a line the ministry later deleted"},
			Statement: "The ministry deleted a line.", Kind: model.KindOther, Status: model.StatusFalse,
			AnchoredRevision: 1, VerdictRevision: 1, Orphan: true, OrphanDismissed: true, Publication: model.NewPublication(nil)},
		model.Claim{ID: 6, ArticleID: 7, Number: 6, Start: 4, End: 8, Quote: anchor.Quote{Exact: "talks on 20 April"},
			Statement: "The talks open on 20 April.", Kind: model.KindDateTime, Status: model.StatusFalse,
			AnchoredRevision: 2, VerdictRevision: 2, Orphan: true,
			Publication: model.NewPublication([]model.PublicationRecord{{Verdict: model.StatusFalse,
				Rationale: "They open on 21 April.", PublishedAt: published, PublishedBy: "jonas"}})},
	)
	return d
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRevisionLine(t *testing.T) {
	withOrigin := func(o model.Origin) *Document {
		d := sampleDoc()
		d.Revisions[1].Origin, d.Revisions[1].Page = o, nil
		return d
	}
	unlisted := sampleDoc()
	unlisted.Revisions = nil
	none := sampleDoc()
	none.Article.Revision, none.Revisions = 0, nil
	for name, tc := range map[string]struct {
		d    *Document
		want string
	}{
		"fetched": {sampleDoc(), "Revision 2 of this article, fetched from https://ledger.example/world/lakeshore-talks?id=7&lang=en&v=2 on " +
			rev2At + " (SHA-256 of the page: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08)"},
		"pasted text":         {withOrigin(model.OriginText), "Revision 2 of this article, pasted as text on 2026-03-14T09:20:00Z"},
		"pasted from a page":  {withOrigin(model.OriginHTML), "Revision 2 of this article, pasted from a web page on 2026-03-14T09:20:00Z"},
		"uploaded":            {withOrigin(model.OriginUpload), "Revision 2 of this article, uploaded as HTML on 2026-03-14T09:20:00Z"},
		"imported":            {withOrigin(model.OriginImport), "Revision 2 of this article, imported from a factmark export on 2026-03-14T09:20:00Z"},
		"fetched, page gone":  {withOrigin(model.OriginURL), "Revision 2 of this article, fetched on 2026-03-14T09:20:00Z"},
		"revisions not given": {unlisted, "Revision 2 of this article"},
		"no revision number":  {none, ""},
	} {
		t.Run(name, func(t *testing.T) {
			if got := revisionLine(tc.d); got != tc.want {
				t.Errorf("revision line %q, want %q", got, tc.want)
			}
		})
	}
}

// pageOf renders d's HTML export and parses it.
func pageOf(t *testing.T, d *Document) *html.Node {
	t.Helper()
	return parseHTML(t, encode(t, mustLookup(t, "html"), d))
}

// classText is the text of the one element with class under n, or "" when
// there is none.
func classText(t *testing.T, n *html.Node, class string) string {
	t.Helper()
	if n == nil {
		t.Fatalf("no element to look for .%s in", class)
	}
	els := elements(n, func(e *html.Node) bool { return hasClass(e, class) })
	switch len(els) {
	case 0:
		return ""
	case 1:
		return textOf(els[0])
	}
	t.Fatalf("%d elements with class %s, want at most 1", len(els), class)
	return ""
}

func TestHTMLRevision(t *testing.T) {
	for _, edition := range []Edition{EditionInternal, EditionPublic} {
		t.Run(string(edition), func(t *testing.T) {
			d := sampleDoc()
			d.Edition = edition
			doc := pageOf(t, d)
			header := oneNode(t, "<header>", elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Header }))
			if got, want := classText(t, header, "revision"), revisionLine(d); got != want {
				t.Errorf("revision line %q, want %q", got, want)
			}
			rev := oneNode(t, ".revision", elements(header, func(e *html.Node) bool { return hasClass(e, "revision") }))
			a := oneNode(t, "the revision's link", elements(rev, func(e *html.Node) bool { return e.DataAtom == atom.A }))
			if got, want := attrOr(a, "href"), d.Revisions[1].Page.FinalURL; got != want {
				t.Errorf("the revision links to %q, want the page's final URL %q", got, want)
			}
			if got, want := classText(t, rev, "hash"), d.Revisions[1].Page.SHA256; got != want {
				t.Errorf("the page's hash reads %q, want %q", got, want)
			}
		})
	}
}

func TestHTMLLinks(t *testing.T) {
	d := sampleDoc()
	ix := text.NewIndex(d.Article.Text)
	// A link that starts before claim 1 and ends inside it, one that is
	// not a web URL, and the sample's two.
	s := strings.Index(ix.Slice(0, ix.Len()), "on Thursday")
	ls := text.Len(d.Article.Text[:s])
	le := d.Claims[0].Start + text.Len("it had invited")
	d.Article.Links = append(d.Article.Links,
		model.Link{Start: ls, End: le, Href: "https://calendar.example/thursday"},
		model.Link{Start: d.Article.Blocks[3].Start, End: d.Article.Blocks[3].End, Href: "javascript:alert(1)"},
	)
	doc := pageOf(t, d)
	checkSafe(t, doc)
	checkCoverage(t, d, doc)
	main := oneNode(t, "<main>", elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Main }))
	byHref := map[string]string{}
	pieces := map[string]int{}
	for _, a := range elements(main, func(e *html.Node) bool { return e.DataAtom == atom.A && !hasClass(e.Parent, "ref") }) {
		href := attrOr(a, "href")
		byHref[href] += textOf(a)
		pieces[href]++
		if got, want := attrOr(a, "rel"), "noopener noreferrer nofollow"; got != want {
			t.Errorf("link to %s has rel %q, want %q", href, got, want)
		}
	}
	for _, l := range d.Article.Links {
		want := ix.Slice(l.Start, l.End)
		if !webURL(l.Href) {
			want = ""
		}
		if got := byHref[l.Href]; got != want {
			t.Errorf("the link to %s reads %q, want %q", l.Href, got, want)
		}
	}
	// The link across claim 1's start is cut where the mark opens.
	if got, want := pieces["https://calendar.example/thursday"], 2; got != want {
		t.Errorf("the link across claim 1's start is %d <a>s, want %d", got, want)
	}
	if got, want := pieces[`https://guild.example/about`], 1; got != want {
		t.Errorf("the link inside claim 4 is %d <a>s, want %d", got, want)
	}
}

func TestHTMLLangDir(t *testing.T) {
	for name, tc := range map[string]struct {
		lang, dir             string
		wantLang, wantDir     string
		wantQuoteDir, wantTop string
	}{
		"right to left": {lang: "ar", dir: "rtl", wantLang: "ar", wantDir: "rtl", wantQuoteDir: "rtl"},
		"left to right": {lang: "fr", dir: "ltr", wantLang: "fr", wantDir: "ltr", wantQuoteDir: "ltr"},
		"unknown":       {wantLang: "en", wantDir: "auto", wantQuoteDir: "auto"},
	} {
		t.Run(name, func(t *testing.T) {
			d := sampleDoc()
			d.Article.Lang, d.Article.Dir = tc.lang, tc.dir
			doc := pageOf(t, d)
			root := oneNode(t, "<html>", elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Html }))
			if got := attrOr(root, "lang"); got != tc.wantLang {
				t.Errorf("<html lang=%q>, want %q", got, tc.wantLang)
			}
			main := oneNode(t, "<main>", elements(doc, func(e *html.Node) bool { return e.DataAtom == atom.Main }))
			if got := attrOr(main, "dir"); got != tc.wantDir {
				t.Errorf("<main dir=%q>, want %q", got, tc.wantDir)
			}
			quote := elements(byID(doc, "claim-1"), func(e *html.Node) bool { return hasClass(e, "exact") })
			if q := oneNode(t, "claim 1's quote", quote); q != nil && attrOr(q, "dir") != tc.wantQuoteDir {
				t.Errorf("claim 1's quote has dir=%q, want %q", attrOr(q, "dir"), tc.wantQuoteDir)
			}
		})
	}
}

func TestHTMLRevisionNotes(t *testing.T) {
	internal := pageOf(t, revisedDoc(EditionInternal))
	public := pageOf(t, revisedDoc(EditionPublic))
	for _, tc := range []struct {
		what  string
		doc   *html.Node
		claim string
		class string
		want  string
	}{
		{"claim 1's verdict", internal, "claim-1", "earlier-verdict", "Verdict given against revision 1 (" + rev1At + "); this is revision 3."},
		{"claim 4's verdict", internal, "claim-4", "earlier-verdict", "Verdict given against revision 2 (" + rev2At + "); this is revision 3."},
		{"claim 2's verdict (unchecked)", internal, "claim-2", "earlier-verdict", ""},
		{"claim 4's words", internal, "claim-4", "words-changed",
			"Words changed since checked: “The list leaves out the Northern Council and the Grain Traders' Guild” → “" + revisedDoc(EditionInternal).Claims[2].Quote.Exact + "”"},
		{"claim 1's words", internal, "claim-1", "words-changed", ""},
		{"orphan 5", internal, "claim-5", "orphan", "Last found in revision 1 (" + rev1At + "); dismissed by an editor. It quoted:"},
		{"orphan 6", internal, "claim-6", "orphan", "Last found in revision 2 (" + rev2At + "). It quoted:"},
		// The public edition: what readers can know.
		{"claim 1's verdict, public", public, "claim-1", "earlier-verdict", ""},
		{"claim 4's words, public", public, "claim-4", "words-changed", ""},
		{"claim 1's review, public", public, "claim-1", "as-of", ""},
		{"claim 4's review, public", public, "claim-4", "as-of", AsOfNote(rev2At)},
		{"orphan 6, public", public, "claim-6", "orphan", "Its words are no longer in the article. It quoted:"},
		{"orphan 6's review, public", public, "claim-6", "as-of", AsOfNote(rev2At)},
	} {
		t.Run(tc.what, func(t *testing.T) {
			entry := byID(tc.doc, tc.claim)
			if entry == nil {
				t.Fatalf("no entry #%s", tc.claim)
			}
			if got := classText(t, entry, tc.class); got != tc.want {
				t.Errorf(".%s reads %q, want %q", tc.class, got, tc.want)
			}
		})
	}
	t.Run("orphans apart", func(t *testing.T) {
		for _, id := range []string{"claim-5", "claim-6"} {
			if e := byID(internal, id); e == nil || !hasClass(e.Parent, "orphans") {
				t.Errorf("internal #%s is not in the orphans' section", id)
			}
		}
		if e := byID(public, "claim-6"); e == nil || !hasClass(e.Parent, "orphans") {
			t.Error("public #claim-6 (published) is not in the orphans' section")
		}
		if e := byID(public, "claim-5"); e != nil {
			t.Error("the public edition shows orphan 5, which readers were never told about")
		}
	})
}

func TestMarkdownRevision(t *testing.T) {
	for _, tc := range []struct {
		what    string
		edition Edition
		want    string
		present bool
	}{
		{"revision line", EditionInternal, "\n- Revision 3 of this article, pasted as text on " + rev3At + "\n", true},
		{"claim 1's verdict", EditionInternal, "\n    Verdict given against revision 1 (" + rev1At + "); this is revision 3.\\\n", true},
		{"claim 4's words", EditionInternal, "\n    Words changed since checked: “The list leaves out", true},
		{"orphans' list", EditionInternal, "\n## Claims whose words are no longer in the article\n\n- Claim 5[^5]: “a line the ministry later deleted”\n- Claim 6[^6]: “talks on 20 April”\n", true},
		{"orphan 5's footnote", EditionInternal, "\n[^5]: **False** — The ministry deleted a line.\n\n    Last found in revision 1 (" + rev1At + "); dismissed by an editor. It quoted:\n", true},
		{"revision line, public", EditionPublic, "\n- Revision 3 of this article, pasted as text on " + rev3At + "\n", true},
		{"claim 4's review, public", EditionPublic, "\n    Updated 2026-03-14T10:03:00Z: earlier verdict False.\\\n    " + AsOfNote(rev2At) + "\\\n    Review: ", true},
		{"public orphans' list", EditionPublic, "\n## Claims whose words are no longer in the article\n\n- Claim 6[^6]: “talks on 20 April”\n", true},
		{"earlier verdict, public", EditionPublic, "Verdict given against", false},
		{"words changed, public", EditionPublic, "Words changed since", false},
		{"unpublished orphan, public", EditionPublic, "[^5]", false},
	} {
		t.Run(tc.what, func(t *testing.T) {
			md := string(encode(t, mustLookup(t, "markdown"), revisedDoc(tc.edition)))
			if got := strings.Contains(md, tc.want); got != tc.present {
				t.Errorf("markdown holds %q: %v, want %v:\n%s", tc.want, got, tc.present, md)
			}
		})
	}
}

// TestMarkdownLinks renders links with cmark-gfm: each is one link with
// its words, a footnote reference inside a link's words splits it in two,
// and the text still reads as itself (checkRendered).
func TestMarkdownLinks(t *testing.T) {
	cmark, err := exec.LookPath("cmark-gfm")
	if err != nil {
		t.Skip("cmark-gfm is not installed (apt-get install cmark-gfm)")
	}
	d := sampleDoc()
	ix := text.NewIndex(d.Article.Text)
	// A link over claim 1's end, where its footnote reference goes, and
	// one right after a "!" that must not turn it into an image.
	d.Article.Links = append(d.Article.Links, model.Link{Start: d.Claims[0].End - 5, End: d.Claims[0].End + 2, Href: "https://calendar.example/21-april?a=1&b=(2)"})
	page := checkRendered(t, cmark, d)
	got := map[string]string{}
	pieces := map[string]int{}
	for _, a := range elements(page, func(e *html.Node) bool { return e.DataAtom == atom.A }) {
		// cmark-gfm percent-encodes what a URL should not hold (the
		// sample's quotes).
		href, err := url.PathUnescape(attrOr(a, "href"))
		if err != nil {
			t.Fatal(err)
		}
		got[href] += textOf(a)
		pieces[href]++
	}
	for _, l := range d.Article.Links {
		if want := ix.Slice(l.Start, l.End); got[l.Href] != want {
			t.Errorf("the link to %s reads %q, want %q", l.Href, got[l.Href], want)
		}
	}
	if n := pieces["https://calendar.example/21-april?a=1&b=(2)"]; n != 2 {
		t.Errorf("the link over claim 1's reference renders as %d links, want 2", n)
	}
}

func TestMarkdownLinkAfterBang(t *testing.T) {
	doc := text.Build([]text.RawBlock{{Kind: text.Paragraph, Text: "Stop! Read the report."}})
	start := strings.Index(doc.Text, "Read")
	d := &Document{Edition: EditionInternal, Article: model.Article{Title: "T", Text: doc.Text, Blocks: doc.Blocks,
		Links: []model.Link{{Start: start, End: start + 4, Href: "https://r.example/"}}}}
	md := string(encode(t, mustLookup(t, "markdown"), d))
	if want := "Stop! [Read](<https://r.example/>) the report."; !strings.Contains(md, want) {
		t.Errorf("markdown does not hold %q:\n%s", want, md)
	}
	d.Article.Links[0].Start = start - 1 // " Read": the link now follows the "!"
	md = string(encode(t, mustLookup(t, "markdown"), d))
	if want := `Stop\![ Read](<https://r.example/>)`; !strings.Contains(md, want) {
		t.Errorf("markdown does not hold %q:\n%s", want, md)
	}
}

func TestCSVRevision(t *testing.T) {
	rowsOf := func(e Edition) (header []string, byNumber map[string][]string) {
		rows := readCSV(t, encode(t, mustLookup(t, "csv"), revisedDoc(e)))
		byNumber = map[string][]string{}
		for _, r := range rows[1:] {
			byNumber[r[0]] = r
		}
		return rows[0], byNumber
	}
	col := func(header, row []string, name string) string {
		t.Helper()
		for i, h := range header {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s in %q", name, header)
		return ""
	}
	ih, irows := rowsOf(EditionInternal)
	ph, prows := rowsOf(EditionPublic)
	for _, tc := range []struct {
		edition      Edition
		claim, field string
		want         string
	}{
		{EditionInternal, "1", "article_revision", "3"},
		{EditionInternal, "1", "article_revision_at", rev3At},
		{EditionInternal, "1", "verdict_revision", "1"},
		{EditionInternal, "2", "verdict_revision", ""},
		{EditionInternal, "1", "orphan", "false"},
		{EditionInternal, "5", "orphan", "true"},
		{EditionInternal, "5", "article_revision", "1"},
		{EditionInternal, "5", "article_revision_at", rev1At},
		{EditionInternal, "4", "words_changed_from", "The list leaves out the Northern Council and the Grain Traders' Guild"},
		{EditionInternal, "1", "words_changed_from", ""},
		{EditionPublic, "1", "article_revision", "3"},
		{EditionPublic, "6", "article_revision", "2"},
		{EditionPublic, "6", "article_revision_at", rev2At},
		{EditionPublic, "1", "checked_against_article_as_of", ""},
		{EditionPublic, "4", "checked_against_article_as_of", rev2At},
		{EditionPublic, "6", "checked_against_article_as_of", rev2At},
	} {
		header, rows := ih, irows
		if tc.edition == EditionPublic {
			header, rows = ph, prows
		}
		row, ok := rows[tc.claim]
		if !ok {
			t.Errorf("%s: no row for claim %s", tc.edition, tc.claim)
			continue
		}
		if got := col(header, row, tc.field); got != tc.want {
			t.Errorf("%s claim %s %s = %q, want %q", tc.edition, tc.claim, tc.field, got, tc.want)
		}
	}
	if _, ok := prows["5"]; ok {
		t.Error("the public CSV has a row for orphan 5, which readers were never told about")
	}
	if got, want := len(irows), 5; got != want {
		t.Errorf("the internal CSV has %d claims, want %d", got, want)
	}
}

func TestJSONRevision(t *testing.T) {
	var doc struct {
		Article struct {
			Revision int `json:"revision"`
		} `json:"article"`
		RevisionInfo *struct {
			Version    int    `json:"version"`
			Origin     string `json:"origin"`
			CreatedAt  string `json:"created_at"`
			TextSHA256 string `json:"text_sha256"`
			Page       *struct {
				FinalURL  string `json:"final_url"`
				FetchedAt string `json:"fetched_at"`
				SHA256    string `json:"sha256"`
			} `json:"page"`
		} `json:"revision_info"`
		EarlierRevisions []struct {
			Version   int    `json:"version"`
			CreatedAt string `json:"created_at"`
		} `json:"earlier_revisions"`
	}
	if err := json.Unmarshal(encode(t, mustLookup(t, "json"), sampleDoc()), &doc); err != nil {
		t.Fatal(err)
	}
	ri := doc.RevisionInfo
	if ri == nil {
		t.Fatal("no revision_info")
	}
	for _, tc := range []struct{ field, got, want string }{
		{"revision_info.origin", ri.Origin, "refetch"},
		{"revision_info.created_at", ri.CreatedAt, "2026-03-14T09:20:00Z"},
		{"revision_info.text_sha256", ri.TextSHA256, "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"},
		{"revision_info.page.final_url", ri.Page.FinalURL, "https://ledger.example/world/lakeshore-talks?id=7&lang=en&v=2"},
		{"revision_info.page.fetched_at", ri.Page.FetchedAt, rev2At},
		{"revision_info.page.sha256", ri.Page.SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.field, tc.got, tc.want)
		}
	}
	if ri.Version != doc.Article.Revision {
		t.Errorf("revision_info.version = %d, want article.revision %d", ri.Version, doc.Article.Revision)
	}
	// Claim 1 was verified against revision 1: it is described.
	if len(doc.EarlierRevisions) != 1 {
		t.Fatalf("%d earlier revisions, want 1 (revision 1, claim 1's verdict's)", len(doc.EarlierRevisions))
	}
	if got := doc.EarlierRevisions[0].Version; got != 1 {
		t.Errorf("earlier_revisions[0].version = %d, want 1", got)
	}
	if got := doc.EarlierRevisions[0].CreatedAt; got != rev1At {
		t.Errorf("earlier_revisions[0].created_at = %q, want %q", got, rev1At)
	}
}

func TestW3CTimeState(t *testing.T) {
	d := revisedDoc(EditionComplete)
	d.Revisions[2].Page = nil
	var coll struct {
		First struct {
			Items []struct {
				ID     string `json:"id"`
				Target struct {
					Selector []map[string]any `json:"selector"`
					State    *struct {
						Type       string `json:"type"`
						SourceDate string `json:"sourceDate"`
						Cached     string `json:"cached"`
						Revision   int    `json:"factmark:revision"`
					} `json:"state"`
				} `json:"target"`
			} `json:"items"`
		} `json:"first"`
	}
	if err := json.Unmarshal(encode(t, mustLookup(t, "w3c"), d), &coll); err != nil {
		t.Fatal(err)
	}
	byID := map[string]int{}
	for i, it := range coll.First.Items {
		byID[it.ID] = i
	}
	base := "https://factmark.example/api/v1/articles/7/revisions/"
	for _, tc := range []struct {
		claim                   string
		date, cached, stateType string
		revision                int
	}{
		{"1", rev3At, base + "3", "TimeState", 3},      // current, pasted: its text
		{"5", rev1At, base + "1", "TimeState", 1},      // orphan in revision 1, pasted
		{"6", rev2At, base + "2/page", "TimeState", 2}, // orphan in revision 2, fetched: the page
	} {
		i, ok := byID["https://factmark.example/annotations/7/"+tc.claim]
		if !ok {
			t.Fatalf("no annotation for claim %s", tc.claim)
		}
		st := coll.First.Items[i].Target.State
		if st == nil {
			t.Errorf("claim %s: no state", tc.claim)
			continue
		}
		if st.Type != tc.stateType {
			t.Errorf("claim %s: state type %q, want %q", tc.claim, st.Type, tc.stateType)
		}
		if st.SourceDate != tc.date {
			t.Errorf("claim %s: sourceDate %q, want %q", tc.claim, st.SourceDate, tc.date)
		}
		if st.Cached != tc.cached {
			t.Errorf("claim %s: cached %q, want %q", tc.claim, st.Cached, tc.cached)
		}
		if st.Revision != tc.revision {
			t.Errorf("claim %s: factmark:revision %d, want %d", tc.claim, st.Revision, tc.revision)
		}
	}
	// Without a base URL there is no copy to point to, and without the
	// revisions (the annotation server's single annotations) no state.
	d.Site.BaseURL = ""
	if st := timeState(d.Site, d.Article, d.Claims[0], d.Revisions); st == nil || st.Cached != "" {
		t.Errorf("state without a base URL = %+v, want one without cached", st)
	}
	if st := Annotation(sampleSite, d.Article, d.Claims[0]).Target.State; st != nil {
		t.Errorf("a standalone annotation has state %+v, want none", st)
	}
}

// FuzzMarkdownLinks checks that a link anywhere, over any claim, keeps
// the footnotes apart and, where cmark-gfm is installed, that the text
// renders as exactly itself and the link as exactly its words.
func FuzzMarkdownLinks(f *testing.F) {
	cmark, _ := exec.LookPath("cmark-gfm")
	f.Add("Plain text!\n\n- Second 🇰🇿 block.", 0, 5, 4, 15)
	f.Add("1. a *b* [c](http://d.example)!\n\n> e\n\n#f", 3, 12, 2, 9)
	f.Add("See [^1] and ![x] here.", 4, 8, 0, 12)
	f.Add(hostile, 0, 20, 5, 9)
	f.Fuzz(func(t *testing.T, body string, cs, ce, ls, le int) {
		if !utf8.ValidString(body) || strings.ContainsRune(body, 0) {
			return // the HTML that cmark-gfm writes cannot hold these
		}
		raw := text.SplitPlain(body)
		kinds := []text.BlockKind{text.Paragraph, text.Heading, text.Blockquote, text.ListItem, text.Preformatted}
		for i := range raw {
			raw[i].Kind, raw[i].Level = kinds[i%len(kinds)], 1+i%6
		}
		doc := text.Build(raw)
		ix := text.NewIndex(doc.Text)
		if !ix.InRange(ls, le) {
			return
		}
		const href = "https://fuzz.example/a?b=(1)&c=<2>"
		d := &Document{Article: model.Article{Title: "Links", Text: doc.Text, Blocks: doc.Blocks,
			Links: []model.Link{{Start: ls, End: le, Href: href}}}}
		if ix.InRange(cs, ce) {
			d.Claims = []model.Claim{{ID: 1, Start: cs, End: ce, Quote: anchor.QuoteAt(ix, cs, ce), Statement: body}}
		}
		checkFootnotes(t, string(encode(t, mustLookup(t, "markdown"), d)), footnoteNumbers(d))
		if cmark == "" {
			return
		}
		page := checkRendered(t, cmark, d)
		var want, got strings.Builder
		for _, b := range doc.Blocks {
			if s, e := max(ls, b.Start), min(le, b.End); s < e {
				want.WriteString(ix.Slice(s, e))
			}
		}
		for _, a := range elements(page, func(e *html.Node) bool { return e.DataAtom == atom.A }) {
			if u, err := url.PathUnescape(attrOr(a, "href")); err == nil && u == href {
				got.WriteString(textOf(a))
			}
		}
		if got.String() != want.String() {
			t.Errorf("the link renders as %q, want %q", got.String(), want.String())
		}
	})
}

func TestReviewedAsOf(t *testing.T) {
	unlisted := revisedDoc(EditionPublic)
	unlisted.Revisions = nil
	for _, tc := range []struct {
		what  string
		d     *Document
		claim int // index in d.Claims
		want  string
	}{
		{"published before the last revision", revisedDoc(EditionPublic), 2, rev2At},
		{"published after the last revision", revisedDoc(EditionPublic), 0, ""},
		{"never published", revisedDoc(EditionPublic), 1, ""},
		{"orphan published before the last revision", revisedDoc(EditionPublic), 4, rev2At},
		{"revisions not listed", unlisted, 2, ""},
	} {
		t.Run(tc.what, func(t *testing.T) {
			if got := reviewedAsOf(tc.d, &tc.d.Claims[tc.claim]); got != tc.want {
				t.Errorf("as of %q, want %q", got, tc.want)
			}
		})
	}
}
