package e2e

import (
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/auth"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// TestAnnotationFromW3CClientIsHighlighted posts an annotation to an
// article's container the way any W3C Web Annotation client would (a bearer
// token, JSON-LD, a quote selector and a comment, no factmark fields) and
// checks that an editor then sees it highlighted in the workspace and can
// open it.
func TestAnnotationFromW3CClientIsHighlighted(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()

	token, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.store.CreateToken(h.ctx, adminName, auth.HashToken(token)); err != nil {
		t.Fatal(err)
	}
	body := "Delegations from 🇰🇿 Kestania and Veloria met on Friday.\n\nThe observers from the Northern League were not invited to the second round."
	// The client annotated the article's page, so its target is the URL.
	a, err := h.store.CreateArticle(h.ctx, model.NewArticle{Title: "Second round", URL: "https://example.org/second-round", Doc: text.Build(text.SplitPlain(body))}, adminName)
	if err != nil {
		t.Fatal(err)
	}
	quote := "were not invited to the second round"

	annotation := fmt.Sprintf(`{
		"@context": "http://www.w3.org/ns/anno.jsonld",
		"type": "Annotation",
		"motivation": "commenting",
		"body": {"type": "TextualBody", "value": "Check the invitation list", "purpose": "commenting"},
		"target": {"source": "https://example.org/second-round", "selector": {"type": "TextQuoteSelector", "exact": %q, "prefix": "Northern League "}}
	}`, quote)
	req, _ := http.NewRequestWithContext(h.ctx, http.MethodPost, fmt.Sprintf("%s/annotations/%d/", h.base, a.ID), strings.NewReader(annotation))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", `application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"`)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resBody, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST annotation: %s\n%s", res.Status, resBody)
	}
	loc := res.Header.Get("Location")
	claimID, err := strconv.ParseInt(path.Base(loc), 10, 64)
	if err != nil || !strings.HasPrefix(loc, fmt.Sprintf("%s/annotations/%d/", h.base, a.ID)) {
		t.Fatalf("Location %q is not an annotation inside the container", loc)
	}

	h.open(fmt.Sprintf("/articles/%d", a.ID))
	h.waitUntil("the posted annotation highlighted in the workspace",
		`(id) => document.querySelector('#article-text mark[data-claims~="' + id + '"]')`, claimID)
	got := evalJS[string](h, "reading the highlighted words", `(id) =>
		Array.from(document.querySelectorAll('#article-text mark[data-claims~="' + id + '"]'), m => m.textContent).join("")`, claimID)
	if got != quote {
		t.Errorf("highlighted %q, want %q", got, quote)
	}
	h.clickMark(claimID)
	h.waitPanel(claimID)
	if q := h.text(`[data-testid="panel-quote"]`); q != quote {
		t.Errorf("panel quote = %q, want %q", q, quote)
	}
}
