package db

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
)

// openWithClaims opens a store and creates n claims, each in a write of its
// own: n segments written to each claims index.
func openWithClaims(t *testing.T, n int) (*DB, model.Article) {
	t.Helper()
	ctx := context.Background()
	d := openGroupTest(t)
	d.merger.quiet.Store(int64(200 * time.Millisecond))
	a := harbourArticle(t, d)
	for i := range n {
		exact := "The mayor invited the ferry union"
		if i%2 == 1 {
			exact = "The fishermen were not invited"
		}
		if _, err := d.CreateClaim(ctx, a.ID, model.NewClaim{Quote: &anchor.Quote{Exact: exact},
			Parties: []model.NewParty{{Name: "Harbour pilots", Role: model.RoleInvited}}}, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	return d, a
}

func claimHits(t *testing.T, d *DB, q string) []int64 {
	t.Helper()
	return column[int64](t, d, `SELECT rowid FROM search_claims WHERE search_claims MATCH ? ORDER BY rowid`, q)
}

// MergeSearchIndexes merges every index until there is nothing left to
// merge, and the indexes answer as before.
func TestMergeSearchIndexes(t *testing.T) {
	ctx := context.Background()
	d, _ := openWithClaims(t, 40)
	d.merger.close() // this test merges by itself
	before := claimHits(t, d, "fishermen")
	if len(before) != 20 {
		t.Fatalf("%d claims match fishermen before merging, want 20", len(before))
	}
	did, err := d.mergeStep(ctx, "search_claims")
	if err != nil {
		t.Fatal(err)
	}
	if !did {
		t.Fatal("40 writes left nothing to merge in search_claims")
	}
	commits, writes := d.WriteGroups()
	if err := d.MergeSearchIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	for _, table := range searchIndexes {
		if did, err := d.mergeStep(ctx, table); err != nil || did {
			t.Errorf("%s: a merge step after MergeSearchIndexes did work (%v, %v)", table, did, err)
		}
		if err := d.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`, rank) VALUES ('integrity-check', 1)`)
			return err
		}); err != nil {
			t.Errorf("%s integrity-check after merging: %v", table, err)
		}
	}
	if after := claimHits(t, d, "fishermen"); !slices.Equal(after, before) {
		t.Errorf("after merging, fishermen matches %v, want %v", after, before)
	}
	if c, w := d.WriteGroups(); c != commits+int64(len(searchIndexes)) || w != writes+int64(len(searchIndexes)) {
		// Only the integrity checks count: merging is the store's upkeep.
		t.Errorf("merging counted as writes: %d commits and %d writes, want %d and %d", c-commits, w-writes, len(searchIndexes), len(searchIndexes))
	}
}

// The server merges by itself once writes pause.
func TestSearchMergerMergesAfterWrites(t *testing.T) {
	d, _ := openWithClaims(t, 40)
	deadline := time.Now().Add(20 * time.Second)
	for d.merger.passes.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no merge pass within 20 s of the last write")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Wait for the merger to finish: then nothing is left to merge.
	for {
		n := d.merger.passes.Load()
		time.Sleep(3 * time.Duration(d.merger.quiet.Load()))
		if d.merger.passes.Load() == n {
			break
		}
	}
	if did, err := d.mergeStep(context.Background(), "search_claims"); err != nil || did {
		t.Errorf("after the merger, a merge step did work (%v, %v)", did, err)
	}
}
