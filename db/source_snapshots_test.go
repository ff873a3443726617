package db_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// farePage is the raw HTML of an invented source page.
const farePage = `<html><body><p>Single adult: €4. Children under 12 travel free.</p></body></html>`

func TestArchiveSource(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{Kind: model.KindNumber})
	cl, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/fares", Title: "Fare table"},
		Excerpt: "Single adult: €4", Relation: model.RelationSupports}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	srcID := cl.Sources[0].ID
	if cl.Sources[0].Snapshot != nil {
		t.Errorf("snapshot of a source never archived = %+v, want nil", cl.Sources[0].Snapshot)
	}
	fetched := f.clock.Now().Add(-3 * time.Second)
	sum := sha256.Sum256([]byte(farePage))
	wantHash := hex.EncodeToString(sum[:])

	snap, err := f.ArchiveSource(ctx, model.NewSnapshot{SourceID: srcID, URL: "https://pellmoor.example/fares/2026", FetchedAt: fetched,
		ContentType: "text/html; charset=utf-8", Raw: []byte(farePage), Title: "Fares", Text: "Single adult: €4. Children under 12 travel free."}, "rita")
	if err != nil {
		t.Fatal(err)
	}
	if snap.SHA256 != wantHash {
		t.Errorf("sha256 = %s, want %s", snap.SHA256, wantHash)
	}
	if !snap.FetchedAt.Equal(fetched) {
		t.Errorf("fetched_at = %v, want %v", snap.FetchedAt, fetched)
	}
	if snap.URL != "https://pellmoor.example/fares/2026" {
		t.Errorf("url = %q, want the final URL", snap.URL)
	}
	if snap.FetchedBy != "rita" {
		t.Errorf("fetched_by = %q, want rita", snap.FetchedBy)
	}
	if snap.Size != len(farePage) {
		t.Errorf("size = %d, want %d", snap.Size, len(farePage))
	}
	if snap.TextLength != 48 {
		t.Errorf("text_length = %d, want 48 code points", snap.TextLength)
	}

	t.Run("raw bytes kept as received", func(t *testing.T) {
		got, raw, err := f.SnapshotRaw(ctx, srcID, snap.ID)
		if err != nil {
			t.Fatal(err)
		}
		if string(raw) != farePage {
			t.Errorf("raw = %q, want the page", raw)
		}
		if got.SHA256 != wantHash {
			t.Errorf("raw's snapshot sha256 = %s, want %s", got.SHA256, wantHash)
		}
	})

	t.Run("excerpt found in the latest snapshot", func(t *testing.T) {
		got, err := f.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		sc := got.Sources[0].Snapshot
		if sc == nil {
			t.Fatal("no snapshot on the claim's source")
		}
		if sc.SHA256 != wantHash {
			t.Errorf("claim source's snapshot sha256 = %s, want %s", sc.SHA256, wantHash)
		}
		if sc.ExcerptFound == nil || !*sc.ExcerptFound {
			t.Errorf("excerpt_found = %v, want true", sc.ExcerptFound)
		}
		if got.Version != cl.Version {
			t.Errorf("claim version %d after archiving, want %d: archiving changes the library, not the claim", got.Version, cl.Version)
		}
	})

	t.Run("a later snapshot is the one checked", func(t *testing.T) {
		f.clock.Advance(time.Hour)
		later := `<p>Single adult: €5.</p>`
		snap2, err := f.ArchiveSource(ctx, model.NewSnapshot{SourceID: srcID, URL: "https://pellmoor.example/fares", FetchedAt: f.clock.Now(),
			Raw: []byte(later), Text: "Single adult: €5."}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		sc := got.Sources[0].Snapshot
		if sc == nil {
			t.Fatal("no snapshot on the claim's source")
		}
		if sc.SHA256 != snap2.SHA256 {
			t.Errorf("checked snapshot %s, want the latest %s", sc.SHA256, snap2.SHA256)
		}
		if sc.ExcerptFound == nil || *sc.ExcerptFound {
			t.Errorf("excerpt_found = %v, want false", sc.ExcerptFound)
		}
		list, err := f.Snapshots(ctx, srcID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 {
			t.Fatalf("snapshots listed: %d, want 2", len(list))
		}
		if list[0].ID != snap2.ID {
			t.Errorf("first listed snapshot %d, want the newest %d", list[0].ID, snap2.ID)
		}
		if list[1].Text != "" {
			t.Errorf("listed snapshot carries its text %q, want none", list[1].Text)
		}
	})
}

func TestArchiveSourceRefusals(t *testing.T) {
	ctx := context.Background()
	f := newClaimFixture(t)
	c := f.claimOn(t, "Tickets will cost €4", model.NewClaim{})
	cl, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{Reference: "Interview with the mayor, 3 March", Title: "Mayor interview"},
		Excerpt: "four euros"}, "ed")
	if err != nil {
		t.Fatal(err)
	}
	before := f.counts(t, "source_snapshots")

	t.Run("offline source", func(t *testing.T) {
		_, err := f.ArchiveSource(ctx, model.NewSnapshot{SourceID: cl.Sources[0].ID, URL: "https://x.example/", FetchedAt: f.clock.Now(), Raw: []byte("x")}, "ed")
		wantCode(t, err, model.EINVALID, "url")
	})
	t.Run("unknown source", func(t *testing.T) {
		_, err := f.ArchiveSource(ctx, model.NewSnapshot{SourceID: 999, URL: "https://x.example/", FetchedAt: f.clock.Now(), Raw: []byte("x")}, "ed")
		wantCode(t, err, model.ENOTFOUND, "")
	})
	t.Run("unknown snapshot", func(t *testing.T) {
		_, _, err := f.SnapshotRaw(ctx, cl.Sources[0].ID, 1)
		wantCode(t, err, model.ENOTFOUND, "")
	})
	t.Run("no excerpt is null", func(t *testing.T) {
		got, err := f.AttachSource(ctx, c.ID, model.Attachment{Source: &model.NewSource{URL: "https://pellmoor.example/timetable", Title: "Timetable"}}, "ed")
		if err != nil {
			t.Fatal(err)
		}
		id := got.Sources[1].ID
		if _, err := f.ArchiveSource(ctx, model.NewSnapshot{SourceID: id, URL: "https://pellmoor.example/timetable", FetchedAt: f.clock.Now(),
			Raw: []byte("<p>May</p>"), Text: "May"}, "ed"); err != nil {
			t.Fatal(err)
		}
		got, err = f.Claim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		sc := got.Sources[1].Snapshot
		if sc == nil {
			t.Fatal("no snapshot on the archived source")
		}
		if sc.ExcerptFound != nil {
			t.Errorf("excerpt_found = %v for a source without an excerpt, want nil", *sc.ExcerptFound)
		}
		before["source_snapshots"]++
	})
	if after := f.counts(t, "source_snapshots"); after["source_snapshots"] != before["source_snapshots"] {
		t.Errorf("snapshots after refusals: %d, want %d", after["source_snapshots"], before["source_snapshots"])
	}
}
