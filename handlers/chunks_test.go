package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/views/pages"
)

// TestSaveAnswersWithItsChunk saves claims of a long article, nested and
// alone, and compares each chunk of the text the answer carries, and the
// same chunk from the chunk route, both drawn from the claims near it
// only, with the chunk drawn from all the article's claims: they must be
// identical. The answer
// must carry the claim's list entry and neither the whole text nor the
// whole list.
func TestSaveAnswersWithItsChunk(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fa := fixture.Article(6000)
	a, err := e.db.CreateArticle(ctx, model.NewArticle{Title: "Long", Doc: text.Document{Text: fa.Text, Blocks: fa.Blocks}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	claims, _, err := e.db.CreateClaims(ctx, a.ID, fixture.NewClaims(fixture.Claims(fa, 600)), "ed")
	if err != nil {
		t.Fatal(err)
	}
	b := e.loggedIn("ed")
	// A claim alone, one nested in another, one another rides on, from
	// the start, the middle and the end of the article.
	for _, i := range []int{2, 4, 303, 304, 598} {
		c := claims[i]
		path := "/claims/" + itoa(c.ID)
		form := detailsForm(t, wantFragment(t, b.get(path+"/panel"), http.StatusOK))
		form.Set("status", string(model.StatusFalse))
		if c.Status == model.StatusFalse {
			form.Set("status", string(model.StatusVerified))
		}
		doc := wantFragment(t, b.fragment(path+"/edit", form), http.StatusOK)
		if n := doc.Find("#article-text").Length(); n != 0 {
			t.Errorf("claim %d: the save's answer holds the whole text", i)
		}
		if n := doc.Find("#claim-list").Length(); n != 0 {
			t.Errorf("claim %d: the save's answer holds the whole list", i)
		}
		if n := doc.Find(`li#claim-item-` + itoa(c.ID) + `[hx-swap-oob]`).Length(); n != 1 {
			t.Errorf("claim %d: the answer holds %d entries of it, want 1", i, n)
		}
		chunks := doc.Find(".chunk[hx-swap-oob]")
		if chunks.Length() == 0 {
			t.Fatalf("claim %d: the save's answer holds no chunk of the text", i)
		}
		chunks.Each(func(_ int, ch *goquery.Selection) {
			from, _ := ch.Attr("data-from")
			if got := ch.Find(`mark[data-claim="` + itoa(c.ID) + `"]`).Length(); from == chunkFrom(ch, c) && got == 0 {
				t.Errorf("claim %d: its chunk at %s has no highlight of it", i, from)
			}
			ch.RemoveAttr("hx-swap-oob")
			got, _ := goquery.OuterHtml(ch)
			want := fullChunk(t, e, a.ID, atoi(from))
			// The chunk route draws it from the claims near it too.
			route, _ := goquery.OuterHtml(wantFragment(t, b.get("/articles/"+itoa(a.ID)+"/text/"+from), http.StatusOK).Find(".chunk"))
			if route != want {
				t.Errorf("claim %d: the chunk route's chunk at %s differs from the same chunk drawn from every claim:\n%s\nwant\n%s",
					i, from, clip(route), clip(want))
			}
			if got != want {
				t.Errorf("claim %d: the chunk at %s in the save's answer differs from the same chunk drawn from every claim:\n%s\nwant\n%s",
					i, from, clip(got), clip(want))
			}
		})
	}
}

// fullChunk renders the chunk of article id starting at from as the
// workspace draws it from all the article's claims, normalized by goquery.
func fullChunk(t *testing.T, e *env, id int64, from int) string {
	t.Helper()
	a, claims, err := e.db.ArticleWithClaims(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	v, ok := pages.NewArticleText(a, claims).Drawing(a.ID).ChunkAt(from)
	if !ok {
		t.Fatalf("no chunk starts at %d", from)
	}
	var buf bytes.Buffer
	if err := pages.TextChunk(v).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := goquery.OuterHtml(doc.Find(".chunk"))
	return html
}

// chunkFrom returns ch's data-from when claim c starts inside ch, else "".
func chunkFrom(ch *goquery.Selection, c model.Claim) string {
	from, _ := ch.Attr("data-from")
	to, _ := ch.Attr("data-to")
	if atoi(from) <= c.Start && c.Start < atoi(to) {
		return from
	}
	return ""
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return strings.TrimSpace(s)
}

// TestClaimGroupAfterOthersCreate loads a long article's workspace, then
// another editor creates a claim before every other one; the list's
// groups fetched afterwards must hold the claims of their stubs, none
// twice and none lost, as the position alone would not.
func TestClaimGroupAfterOthersCreate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	fa := fixture.Article(6000)
	a, err := e.db.CreateArticle(ctx, model.NewArticle{Title: "Long", Doc: text.Document{Text: fa.Text, Blocks: fa.Blocks}}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	var ncs []model.NewClaim
	for _, c := range fixture.Claims(fa, 250) {
		ncs = append(ncs, model.NewClaim{Start: &c.Start, End: &c.End, Kind: c.Kind})
	}
	if _, _, err := e.db.CreateClaims(ctx, a.ID, ncs, "ed"); err != nil {
		t.Fatal(err)
	}
	ed := e.loggedIn("ed")
	page := parseHTML(t, ed.get("/articles/"+itoa(a.ID)))
	type group struct {
		src  string
		stub []string
	}
	var groups []group
	page.Find(`ol.claim-items[data-lazy]`).Each(func(_ int, ol *goquery.Selection) {
		// A group not drawn comes packed: its statuses, kinds and
		// assignees, then per claim [id, start, status, kind, assignee,
		// number] (pages.EntryGroup.stubs, static/js/workspace/stubs.js).
		g := group{src: ol.AttrOr("data-src", "")}
		var packed []json.RawMessage
		if err := json.Unmarshal([]byte(ol.AttrOr("data-stubs", "")), &packed); err != nil || len(packed) < 3 {
			t.Fatalf("group %s: %v, %d parts", g.src, err, len(packed))
		}
		for _, raw := range packed[3:] {
			var c []json.Number
			if err := json.Unmarshal(raw, &c); err != nil || len(c) != 6 {
				t.Fatalf("group %s: a claim is not six numbers: %v %s", g.src, err, raw)
			}
			g.stub = append(g.stub, c[0].String())
		}
		groups = append(groups, g)
	})
	if len(groups) < 2 {
		t.Fatalf("%d groups of stubs, want at least 2 for 250 claims", len(groups))
	}
	// Another editor's claim, before every other: positions shift by one.
	s, en := 0, 5
	if _, err := e.db.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &en, Kind: model.KindOther}, "ada"); err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		rec := ed.getFragment(g.src)
		wantStatus(t, rec, http.StatusOK)
		var got []string
		parseHTML(t, rec).Find(`[data-testid="claim-item"]`).Each(func(_ int, li *goquery.Selection) {
			got = append(got, li.AttrOr("data-claim-id", ""))
		})
		if strings.Join(got, ",") != strings.Join(g.stub, ",") {
			t.Errorf("group %s drew claims %v, its stubs were %v", g.src, got, g.stub)
		}
	}
	// A malformed list is refused on its field.
	rec := ed.getFragment("/articles/" + itoa(a.ID) + "/entries/100?ids=12,x")
	wantStatus(t, rec, http.StatusBadRequest)
	if !strings.Contains(rec.Body.String(), `"x" is not one`) {
		t.Errorf("a malformed list: %q does not say which id is wrong", rec.Body.String())
	}
}
