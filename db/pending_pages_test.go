package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// A page stored for a preview reads back byte for byte until a save
// attaches it; after that it is no longer pending.
func TestPendingPage(t *testing.T) {
	d := MustOpenDB(t)
	ctx := context.Background()
	body := []byte("<html><body><p>Ferry link approved.</p></body></html>")
	stored, err := d.StorePendingPage(ctx, model.FetchedPage{URL: "http://example.test/a", FinalURL: "http://example.test/b",
		ContentType: "text/html", Body: body, FetchedAt: epoch, FetchedBy: "ed"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.PendingPage(ctx, stored.ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(got.Body) != string(body) {
		t.Errorf("body %q, want %q", got.Body, body)
	}
	if got.SHA256 != stored.SHA256 {
		t.Errorf("sha256 %q, want %q", got.SHA256, stored.SHA256)
	}
	if got.FinalURL != "http://example.test/b" {
		t.Errorf("final url %q", got.FinalURL)
	}
	if got.FetchedBy != "ed" {
		t.Errorf("fetched by %q, want ed", got.FetchedBy)
	}
	if !got.FetchedAt.Equal(epoch) {
		t.Errorf("fetched at %v, want %v", got.FetchedAt, epoch)
	}

	doc := text.Build([]text.RawBlock{{Kind: text.Paragraph, Text: "Ferry link approved."}})
	if _, err := d.CreateArticle(ctx, model.NewArticle{Title: "Ferry", Doc: doc, Origin: model.OriginURL, PendingPage: stored.ID}, "ed"); err != nil {
		t.Fatal(err)
	}
	_, err = d.PendingPage(ctx, stored.ID)
	var de *model.Error
	if !errors.As(err, &de) || de.Code != model.ENOTFOUND {
		t.Errorf("after the save: %v, want not found", err)
	}
}
