package e2e

import (
	"encoding/base64"
	"fmt"
	"math"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// rtlText is a right-to-left article: an Arabic paragraph whose words
// "وزارة الخارجية" (the foreign ministry) link to the ministry's site.
const (
	rtlText  = "قالت وزارة الخارجية يوم الخميس إنها دعت رابطة الميناء إلى محادثات السلام في ليكشور."
	rtlLink  = "وزارة الخارجية"
	rtlClaim = "الخميس إنها دعت رابطة الميناء"
	rtlHref  = "https://ministry.example/ar?a=1&b=2"
)

// TestExportRightToLeft opens the HTML export of a right-to-left article
// in Chromium: its text runs right to left (the paragraph's first letter
// is at its right edge), its language is the article's, and its link is
// a link to the page, beside the claim's highlight.
func TestExportRightToLeft(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	doc := text.Build(text.SplitPlain(rtlText))
	link := codePointSpan(t, doc.Text, rtlLink)
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "محادثات السلام", Lang: "ar", Dir: "rtl", Doc: doc,
		Links: []model.Link{{Start: link.Start, End: link.End, Href: rtlHref}}}, adminName)
	if err != nil {
		t.Fatalf("storing the article: %v", err)
	}
	sp := codePointSpan(t, a.Text, rtlClaim)
	if _, err := h.store.CreateClaim(h.ctx, a.ID, model.NewClaim{Start: &sp.Start, End: &sp.End, Statement: "The ministry invited the Harbor League.",
		Kind: model.KindParticipation, Status: model.StatusUnchecked}, adminName); err != nil {
		t.Fatalf("storing the claim: %v", err)
	}
	h.open(fmt.Sprintf("/articles/%d", a.ID))
	status, page := h.fetchText(fmt.Sprintf("/api/v1/articles/%d/export?format=html&edition=internal", a.ID))
	if status != 200 {
		t.Fatalf("the HTML export answered %d: %.300s", status, page)
	}
	// The export is a file of its own: open it as one, outside factmark.
	h.do("opening the export", chromedp.Navigate("data:text/html;charset=utf-8;base64,"+base64.StdEncoding.EncodeToString([]byte(page))))

	type layout struct {
		Lang, Direction                 string
		FirstRight, ParaRight, ParaLeft float64
		Links                           []struct{ Href, Text, Rel string }
		Marks                           int
	}
	got := evalJS[layout](h, "measuring the export", `() => {
		const main = document.querySelector("main.article");
		const p = main.querySelector("p");
		const r = document.createRange();
		r.setStart(p.firstChild, 0);
		r.setEnd(p.firstChild, 1);
		const first = r.getBoundingClientRect(), para = p.getBoundingClientRect();
		return {
			Lang: document.documentElement.lang,
			Direction: getComputedStyle(main).direction,
			FirstRight: first.right, ParaRight: para.right, ParaLeft: para.left,
			Links: [...main.querySelectorAll("a:not(sup a)")].map((a) => ({ Href: a.href, Text: a.textContent, Rel: a.rel })),
			Marks: main.querySelectorAll("mark").length,
		};
	}`)
	if got.Lang != "ar" {
		t.Errorf("<html lang=%q>, want ar", got.Lang)
	}
	if got.Direction != "rtl" {
		t.Errorf("the article's direction is %q, want rtl", got.Direction)
	}
	// Right to left: the first letter sits at the paragraph's right edge.
	if math.Abs(got.FirstRight-got.ParaRight) > 2 {
		t.Errorf("the first letter ends at x=%.1f, the paragraph spans %.1f–%.1f: the text does not start at the right", got.FirstRight, got.ParaLeft, got.ParaRight)
	}
	if len(got.Links) != 1 {
		t.Fatalf("the article text has %d links, want 1: %+v", len(got.Links), got.Links)
	}
	if l := got.Links[0]; l.Href != rtlHref {
		t.Errorf("the link goes to %q, want %q", l.Href, rtlHref)
	}
	if l := got.Links[0]; l.Text != rtlLink {
		t.Errorf("the link reads %q, want %q", l.Text, rtlLink)
	}
	if l := got.Links[0]; l.Rel != "noopener noreferrer nofollow" {
		t.Errorf("the link's rel is %q", l.Rel)
	}
	if got.Marks != 1 {
		t.Errorf("the export draws %d marks, want the claim's 1", got.Marks)
	}
}
