package pages_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/views/exportpage"
	"github.com/factmark/factmark/views/pages"
)

// level is one claim's mark around a code point: the claim's id and the
// mark's band.
type level struct {
	id   int64
	band int
}

// TestWorkspaceAndExportAgree renders the same overlapping claims in the
// workspace and in the HTML export and checks that both draw them alike:
// around every code point of the article, the same claims' marks, nested
// in the same order, each in the same band (internal/highlight).
func TestWorkspaceAndExportAgree(t *testing.T) {
	a := fixture.Article(1500)
	claims := fixture.Claims(a, 120)
	// Links cut the export's segments too: they must not change its marks.
	for start := 5; start+40 < text.Len(a.Text); start += 97 {
		a.Links = append(a.Links, model.Link{Start: start, End: start + 40, Href: "https://link.example/" + strconv.Itoa(start)})
	}
	for i := range claims {
		claims[i].Number = 2 * (i + 1) // numbers unlike ids, which the workspace uses
	}

	var ws bytes.Buffer
	if err := pages.ArticleBody(pages.NewArticleText(a, claims)).Render(context.Background(), &ws); err != nil {
		t.Fatal(err)
	}
	byID := func(id string) (int64, bool) {
		n, err := strconv.ParseInt(id, 10, 64)
		return n, err == nil
	}
	workspace := levels(t, ws.Bytes(), func(n *html.Node) bool { return attr(n, "id") == "article-text" }, byID)

	var ex bytes.Buffer
	d := &export.Document{Article: a, Claims: claims, Edition: export.EditionInternal}
	f, err := export.Lookup("html")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Write(&ex, d, exportpage.Renderer{}); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(ex.Bytes(), []byte(`<a href="https://link.example/`)); n < len(a.Links) {
		t.Fatalf("the export draws %d pieces of links, want at least one per link (%d): the test proves nothing", n, len(a.Links))
	}
	idOf := map[string]int64{}
	for _, c := range claims {
		idOf[strconv.Itoa(c.Number)] = c.ID
	}
	byNumber := func(num string) (int64, bool) { id, ok := idOf[num]; return id, ok }
	exported := levels(t, ex.Bytes(), func(n *html.Node) bool { return n.DataAtom == atom.Main }, byNumber)

	if len(workspace) != len(exported) {
		t.Fatalf("the workspace shows %d code points, the export %d", len(workspace), len(exported))
	}
	overlaps, differ := 0, 0
	for i := range workspace {
		if len(workspace[i]) > 1 {
			overlaps++
		}
		if !slices.Equal(workspace[i], exported[i]) {
			differ++
			if differ <= 5 {
				t.Errorf("code point %d: workspace marks %v, export marks %v", i, workspace[i], exported[i])
			}
		}
	}
	if differ > 0 {
		t.Errorf("%d code points drawn differently", differ)
	}
	if overlaps == 0 {
		t.Fatal("the fixture has no overlapping claims: the test proves nothing")
	}
}

// levels parses page and returns, for each code point of the article's
// text under the element root selects, the claims' marks around it,
// outermost first. claimOf reads a mark's data-claim. Superscript numbers
// and the list of claims no longer found are not the article's text.
func levels(t *testing.T, page []byte, root func(*html.Node) bool, claimOf func(string) (int64, bool)) [][]level {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]level
	var stack []level
	var walk func(n *html.Node, inRoot bool)
	walk = func(n *html.Node, inRoot bool) {
		switch {
		case n.Type == html.ElementNode && root(n):
			inRoot = true
		case !inRoot:
		case n.Type == html.TextNode && (root(n.Parent) || n.Parent.DataAtom == atom.Ul):
			return // white space between blocks
		case n.Type == html.TextNode:
			for range n.Data {
				out = append(out, slices.Clone(stack))
			}
			return
		case n.DataAtom == atom.Sup, strings.Contains(attr(n, "class"), "unplaced"):
			return
		case n.DataAtom == atom.Mark && attr(n, "data-claim") != "":
			id, ok := claimOf(attr(n, "data-claim"))
			if !ok {
				t.Fatalf("a mark names claim %q", attr(n, "data-claim"))
			}
			stack = append(stack, level{id, band(attr(n, "class"))})
			defer func() { stack = stack[:len(stack)-1] }()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inRoot)
		}
	}
	walk(doc, false)
	return out
}

// band reads the band class (bN) of a mark; none is band 0.
func band(class string) int {
	for _, c := range strings.Fields(class) {
		if len(c) == 2 && c[0] == 'b' && c[1] >= '0' && c[1] <= '9' {
			return int(c[1] - '0')
		}
	}
	return 0
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func (l level) String() string { return fmt.Sprintf("%d/b%d", l.id, l.band) }
