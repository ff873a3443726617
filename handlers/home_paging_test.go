package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// TestHomePagesArticles creates more articles than a page holds and follows
// the "Older articles" link: every article is listed once, newest first,
// and the last page has no link.
func TestHomePagesArticles(t *testing.T) {
	e := newEnv(t)
	const total = 53
	for i := range total {
		body := fmt.Sprintf("Article number %d says something.", i+1)
		if _, err := e.db.CreateArticle(context.Background(), model.NewArticle{Title: fmt.Sprintf("Article %d", i+1),
			Doc: text.Build([]text.RawBlock{{Kind: text.Paragraph, Text: body}})}, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	b := e.loggedIn("ed")
	var ids []string
	path, pages := "/", 0
	for path != "" {
		pages++
		if pages > 3 {
			t.Fatal("more pages than 53 articles need")
		}
		rec := b.get(path)
		wantStatus(t, rec, http.StatusOK)
		doc := parseHTML(t, rec)
		rows := doc.Find(testid("article-row"))
		if pages == 1 {
			if got, want := rows.Length(), 50; got != want {
				t.Errorf("first page: %d rows, want %d", got, want)
			}
		}
		for i := range rows.Length() {
			id, _ := rows.Eq(i).Attr("data-article-id")
			ids = append(ids, id)
		}
		path, _ = doc.Find(testid("older-articles")).Attr("href")
	}
	if got, want := pages, 2; got != want {
		t.Errorf("%d pages, want %d", got, want)
	}
	if got, want := len(ids), total; got != want {
		t.Fatalf("%d articles listed over the pages, want %d", got, want)
	}
	for i, id := range ids {
		if want := fmt.Sprint(total - i); id != want {
			t.Errorf("row %d is article %s, want %s (newest first, each once)", i, id, want)
		}
	}
}

func TestHomeRefusesABadCursor(t *testing.T) {
	e := newEnv(t)
	rec := e.loggedIn("ed").get("/?before=yesterday")
	wantStatus(t, rec, http.StatusBadRequest)
}
