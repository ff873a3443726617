package export

import (
	"strings"
	"testing"
	"time"

	"github.com/factmark/factmark/internal/model"
)

// Hashes planted in the sample to tell snapshots apart in the output.
const (
	publishedHash = "aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111"
	currentHash   = "bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222"
	draftHash     = "cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333cccc3333"
)

// snapshotDoc is the sample where claim 1's review was published with its
// press release archived as publishedHash, archived again since
// (currentHash, the excerpt no longer found), and unpublished claim 2 has a
// source of its own, archived as draftHash.
func snapshotDoc(edition Edition) *Document {
	d := sampleDoc()
	d.Edition = edition
	c1 := &d.Claims[0]
	fetched := c1.CreatedAt.Add(10 * time.Minute)
	c1.Sources[0].Snapshot = &model.SnapshotCheck{ID: 1, SHA256: publishedHash, FetchedAt: fetched}
	content := model.ContentOf(*c1)
	rec := c1.Publication.Records[0]
	rec.Content = &content
	c1.Publication = model.NewPublication([]model.PublicationRecord{rec})
	notFound := false
	c1.Sources[0].Snapshot = &model.SnapshotCheck{ID: 2, SHA256: currentHash, FetchedAt: fetched.Add(time.Hour), ExcerptFound: &notFound}

	found := true
	d.Claims[1].Sources = []model.ClaimSource{{Source: model.Source{ID: 20, URL: "https://draft.example/page", Title: "Draft-only source"},
		Excerpt: "draft words", Relation: model.RelationSupports, Note: "draft note",
		Snapshot: &model.SnapshotCheck{ID: 3, SHA256: draftHash, FetchedAt: fetched, ExcerptFound: &found}}}
	return d
}

func TestSnapshotsInExports(t *testing.T) {
	for _, name := range []string{"html", "markdown", "csv"} {
		f := mustLookup(t, name)
		t.Run(name+" public", func(t *testing.T) {
			out := string(encode(t, f, snapshotDoc(EditionPublic)))
			if !strings.Contains(out, publishedHash) {
				t.Errorf("the public edition lacks the hash readers were shown with the review (%s)", publishedHash)
			}
			if !strings.Contains(out, "2026-03-14T09:11:00Z") {
				t.Error("the public edition lacks the published snapshot's date")
			}
			if strings.Contains(out, currentHash) {
				t.Error("the public edition shows a snapshot taken after the review was published")
			}
			for _, unpublished := range []string{draftHash, "Draft-only source", "draft note"} {
				if strings.Contains(out, unpublished) {
					t.Errorf("the public edition shows %q, of an unpublished claim's source", unpublished)
				}
			}
			if strings.Contains(out, "excerpt found") || strings.Contains(out, "excerpt not found") {
				t.Error("the public edition says whether the excerpt was found: that is the desk's check")
			}
		})
		t.Run(name+" internal", func(t *testing.T) {
			out := string(encode(t, f, snapshotDoc(EditionInternal)))
			if !strings.Contains(out, currentHash) {
				t.Errorf("the internal edition lacks the latest snapshot's hash (%s)", currentHash)
			}
			if !strings.Contains(out, draftHash) {
				t.Errorf("the internal edition lacks the unpublished claim's snapshot (%s)", draftHash)
			}
			if !strings.Contains(out, "excerpt not found") {
				t.Error("the internal edition does not say the excerpt is not found in the latest snapshot")
			}
		})
	}
	for _, name := range []string{"json", "w3c"} {
		t.Run(name, func(t *testing.T) {
			out := string(encode(t, mustLookup(t, name), snapshotDoc(EditionComplete)))
			for _, h := range []string{currentHash, draftHash} {
				if !strings.Contains(out, h) {
					t.Errorf("the %s export lacks snapshot %s", name, h)
				}
			}
			if !strings.Contains(out, "2026-03-14T10:11:00Z") {
				t.Errorf("the %s export lacks the latest snapshot's date", name)
			}
		})
	}
}
