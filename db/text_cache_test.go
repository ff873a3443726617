package db_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// TestCreateClaimAfterRevisionUsesNewText creates a claim (which keeps the
// first text's index), adds a revision, and creates claims whose spans and
// quotes only make sense in the new text: a kept index of the old text
// would take the wrong words, or refuse a span past its end.
func TestCreateClaimAfterRevisionUsesNewText(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", revisionOld)
	s, e := span(t, revisionOld, "Tickets will cost €4")
	if _, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber}, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddRevision(ctx, a.ID, model.NewRevision{Doc: plainDoc(revisionNew), Origin: model.OriginText}, "rev"); err != nil {
		t.Fatal(err)
	}
	s, e = span(t, revisionNew, "the council published its minutes")
	c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindEvent}, "ed")
	if err != nil {
		t.Fatalf("claim on the new text: %v", err)
	}
	if got, want := c.Quote.Exact, "the council published its minutes"; got != want {
		t.Errorf("quote = %q, want %q", got, want)
	}
	if got, want := c.AnchoredRevision, 2; got != want {
		t.Errorf("anchored revision = %d, want %d", got, want)
	}
	// The new text is longer: its last words lie past the old text's end.
	s, e = span(t, revisionNew, "said.")
	c, err = d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindQuote}, "ed")
	if err != nil {
		t.Fatalf("claim at the new text's end: %v", err)
	}
	if got, want := c.Quote.Exact, "said."; got != want {
		t.Errorf("quote at the end = %q, want %q", got, want)
	}
	p := model.NewParty{Name: "Council", Role: model.RoleSubject, Start: &s, End: &e}
	s, e = span(t, revisionNew, "council published")
	p.Start, p.End = &s, &e
	c, err = d.AddParty(ctx, c.ID, p, "ed")
	if err != nil {
		t.Fatalf("party marked on the new text: %v", err)
	}
	if got, want := c.Parties[0].Exact, "council published"; got != want {
		t.Errorf("party's words = %q, want %q", got, want)
	}
}

// TestCreateClaimOnDeletedArticle deletes an article whose text is kept and
// checks that a claim on it is refused as not found, not made from the
// kept text.
func TestCreateClaimOnDeletedArticle(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", revisionOld)
	s, e := span(t, revisionOld, "Tickets will cost €4")
	nc := model.NewClaim{Start: &s, End: &e, Kind: model.KindNumber}
	if _, err := d.CreateClaim(ctx, a.ID, nc, "ed"); err != nil {
		t.Fatal(err)
	}
	if err := d.DeleteArticle(ctx, a.ID, 0); err != nil {
		t.Fatal(err)
	}
	_, err := d.CreateClaim(ctx, a.ID, nc, "ed")
	if got, want := model.ErrorCode(err), model.ENOTFOUND; got != want {
		t.Errorf("claim on a deleted article: code %q (%v), want %q", got, err, want)
	}
}

// TestCreateClaimsConcurrentlyWithRevisions creates claims from several
// goroutines while revisions alternate the text between two versions whose
// words at the span differ: every claim must carry the words of the
// revision it was anchored in, never those of another revision.
func TestCreateClaimsConcurrentlyWithRevisions(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	texts := []string{"Alpha words stand here.\n\nThe end.", "Omega words stand here.\n\nThe end."}
	a := mustArticle(t, d, "Flip", texts[0])
	const writers, perWriter, revisions = 8, 10, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter+revisions)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				s, e := 0, 5
				c, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Start: &s, End: &e, Kind: model.KindOther}, "ed")
				if err != nil {
					errs <- fmt.Errorf("writer %d claim %d: %w", w, i, err)
					continue
				}
				// Revision n holds texts[(n-1)%2].
				if want := texts[(c.AnchoredRevision-1)%2][:5]; c.Quote.Exact != want {
					errs <- fmt.Errorf("claim %d anchored in revision %d has %q, want %q", c.ID, c.AnchoredRevision, c.Quote.Exact, want)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := range revisions {
			if _, err := d.AddRevision(ctx, a.ID, model.NewRevision{Doc: plainDoc(texts[(n+1)%2]), Origin: model.OriginText}, "rev"); err != nil {
				errs <- fmt.Errorf("revision %d: %w", n+2, err)
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TextIndex gives the views the store's kept index of an article's text:
// the same index for the same revision, the new text's after a revision,
// and never a kept index of another text under the same article and
// revision (an article assembled by hand).
func TestTextIndexFollowsTheRevision(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Ferry", revisionOld)
	first := d.TextIndex(a)
	if first.String() != revisionOld {
		t.Fatalf("index of %q, want the article's text", first.String())
	}
	again, _, err := d.ArticleWithClaims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.TextIndex(again) != first {
		t.Error("the same revision read again got another index, want the kept one")
	}
	if _, err := d.AddRevision(ctx, a.ID, model.NewRevision{Doc: plainDoc(revisionNew), Origin: model.OriginText}, "ed"); err != nil {
		t.Fatal(err)
	}
	b, _, err := d.ArticleWithClaims(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ix := d.TextIndex(b); ix.String() != b.Text || ix == first {
		t.Errorf("after a revision, the index is of %q, want the new text", ix.String())
	}
	forged := a
	forged.Text = "Something else entirely, with ünïcode."
	if ix := d.TextIndex(forged); ix.String() != forged.Text || ix.Len() != len([]rune(forged.Text)) {
		t.Errorf("an article with another text under the same revision got the index of %q", ix.String())
	}
}
