package pages

import (
	"context"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// TestNewDiff lays out a diff whose changes are given by hand: an edit
// inside a block, a whole paragraph deleted, a block inserted, and claims
// marked on the new side, with the markup escaped.
func TestNewDiff(t *testing.T) {
	oldText := "Title\n\nPrice <b>€4</b> today.\n\nGone paragraph."
	newText := "Title\n\nNew <i> block.\n\nPrice <b>€5</b> today."
	changes := []DiffChange{
		{Op: "equal", OldStart: 0, OldEnd: 7, NewStart: 0, NewEnd: 7},      // "Title\n\n"
		{Op: "insert", OldStart: 7, OldEnd: 7, NewStart: 7, NewEnd: 23},    // "New <i> block.\n\n"
		{Op: "equal", OldStart: 7, OldEnd: 17, NewStart: 23, NewEnd: 33},   // "Price <b>€"
		{Op: "delete", OldStart: 17, OldEnd: 18, NewStart: 33, NewEnd: 33}, // "4"
		{Op: "insert", OldStart: 18, OldEnd: 18, NewStart: 33, NewEnd: 34}, // "5"
		{Op: "equal", OldStart: 18, OldEnd: 29, NewStart: 34, NewEnd: 45},  // "</b> today."
		{Op: "delete", OldStart: 29, OldEnd: 46, NewStart: 45, NewEnd: 45}, // "\n\nGone paragraph."
	}
	doc := text.Build(text.SplitPlain(newText))
	claims := []model.Claim{
		{ID: 7, Number: 2, Start: 23, End: 34, Status: model.StatusFalse},
		{ID: 9, Number: 3, Start: 40, End: 45, Orphan: true},
	}
	blocks := NewDiff(oldText, newText, changes, doc.Blocks, claims)
	var got []string
	for _, b := range blocks {
		var sb strings.Builder
		if err := diffPieces(b).Render(context.Background(), &sb); err != nil {
			t.Fatal(err)
		}
		got = append(got, sb.String())
	}
	want := []string{
		"Title",
		`<ins data-testid="diff-ins"><span class="sr-only">[inserted: </span>New &lt;i&gt; block.<span class="sr-only">]</span></ins>`,
		`<sup class="claim-no" data-testid="diff-claim">#2</sup><mark class="hl st-false" data-claims="7">Price &lt;b&gt;€</mark>` +
			`<del data-testid="diff-del"><span class="sr-only">[deleted: </span>4<span class="sr-only">]</span></del>` +
			`<ins data-testid="diff-ins"><span class="sr-only">[inserted: </span><mark class="hl st-false" data-claims="7">5</mark><span class="sr-only">]</span></ins>` +
			`&lt;/b&gt; today.`,
		`<del data-testid="diff-del"><span class="sr-only">[deleted: </span>Gone paragraph.<span class="sr-only">]</span></del>`,
	}
	if len(got) != len(want) {
		t.Fatalf("%d blocks, want %d:\n%q", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}
