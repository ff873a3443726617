package pages

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// Links show as links, inside the claims' marks, without changing the
// text or the offsets the browser reads from data-s; only http and https
// links are drawn.
func TestArticleBodyShowsLinks(t *testing.T) {
	doc := text.Build([]text.RawBlock{
		{Kind: text.Paragraph, Text: "Read the report 📄 on the ferry now."},
		{Kind: text.Paragraph, Text: "A second link here."},
	})
	// "the report 📄" is 5..17; "ferry now." overlaps no link; "link" in
	// block 2 is javascript: and must not become a link.
	second := strings.Index(doc.Text, "link")
	secondStart := len([]rune(doc.Text[:second]))
	a := model.Article{Text: doc.Text, Blocks: doc.Blocks, Links: []model.Link{
		{Start: 5, End: 17, Href: `https://example.test/report?a=1&b="2"`},
		{Start: secondStart, End: secondStart + 4, Href: "javascript:alert(1)"},
	}}
	// A claim on "report 📄 on the" crosses the link's end.
	claims := []model.Claim{{ID: 4, Number: 1, Start: 9, End: 24, Status: model.StatusVerified}}
	var buf bytes.Buffer
	if err := ArticleBody(NewArticleText(a, claims)).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	page, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	links := page.Find("a")
	var words []string
	links.Each(func(_ int, s *goquery.Selection) { words = append(words, s.Text()) })
	if got := strings.Join(words, "|"); got != "the |report 📄" {
		t.Errorf("linked words %q, want the link cut where the claim starts: %q", got, "the |report 📄")
	}
	links.Each(func(_ int, s *goquery.Selection) {
		if got := s.AttrOr("href", ""); got != `https://example.test/report?a=1&b="2"` {
			t.Errorf("href %q", got)
		}
		if got := s.AttrOr("rel", ""); got != "noopener noreferrer nofollow" {
			t.Errorf("rel %q", got)
		}
		if got := s.AttrOr("target", ""); got != "_blank" {
			t.Errorf("target %q", got)
		}
		if got := s.AttrOr("draggable", ""); got != "false" {
			t.Errorf("draggable %q, want false so that a drag selects", got)
		}
	})
	if n := page.Find(`mark[data-claim="4"] a`).Length(); n != 1 {
		t.Errorf("%d links inside the claim's mark, want 1", n)
	}
	// Each segment's data-s is where its words are in the canonical text.
	page.Find("[data-s]").Each(func(_ int, s *goquery.Selection) {
		start := atoiOr(s.AttrOr("data-s", ""))
		words := s.Text()
		if got := string([]rune(doc.Text)[start : start+len([]rune(words))]); got != words {
			t.Errorf("segment at %d holds %q, the text there is %q", start, words, got)
		}
	})
	if got := page.Find(".blk").Text(); got != strings.ReplaceAll(doc.Text, "\n\n", "") {
		t.Errorf("text %q changed by the links", got)
	}
}

// An article's language and direction are on its text; without a
// direction each block finds its own.
func TestArticleBodyDirection(t *testing.T) {
	doc := text.Build([]text.RawBlock{{Kind: text.Paragraph, Text: "وافق المجلس على العبارة."}})
	for _, tc := range []struct {
		name, lang, dir, wantDir, wantBlockDir string
	}{
		{"rtl", "ar", "rtl", "rtl", ""},
		{"unknown", "", "", "", "auto"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := model.Article{Text: doc.Text, Blocks: doc.Blocks, Lang: tc.lang, Dir: tc.dir}
			var buf bytes.Buffer
			if err := ArticleBody(NewArticleText(a, nil)).Render(context.Background(), &buf); err != nil {
				t.Fatal(err)
			}
			page, err := goquery.NewDocumentFromReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			root := page.Find("#article-text")
			if got := root.AttrOr("dir", ""); got != tc.wantDir {
				t.Errorf("dir %q, want %q", got, tc.wantDir)
			}
			if got := root.AttrOr("lang", ""); got != tc.lang {
				t.Errorf("lang %q, want %q", got, tc.lang)
			}
			if got := page.Find(".blk").AttrOr("dir", ""); got != tc.wantBlockDir {
				t.Errorf("block dir %q, want %q", got, tc.wantBlockDir)
			}
		})
	}
}

func atoiOr(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
