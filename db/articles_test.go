package db_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/google/go-cmp/cmp"
)

func TestCreateArticle(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Harbour council backs ferry link 🚢", sampleText)
	if a.ID == 0 {
		t.Error("the created article has no id")
	}
	type fields struct {
		Version              int
		CreatedBy, UpdatedBy string
		CreatedAt, UpdatedAt time.Time
	}
	if diff := cmp.Diff(fields{1, "ed", "ed", epoch, epoch}, fields{a.Version, a.CreatedBy, a.UpdatedBy, a.CreatedAt, a.UpdatedAt}); diff != "" {
		t.Errorf("created article (-want +got):\n%s", diff)
	}
	got, err := d.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, a) {
		t.Errorf("Article = %+v\nwant      %+v", got, a)
	}
	// sampleText is already canonical: its blocks are its paragraphs.
	var wantBlocks []text.Block
	pos := 0
	for _, para := range strings.Split(sampleText, "\n\n") {
		n := utf8.RuneCountInString(para)
		wantBlocks = append(wantBlocks, text.Block{Kind: text.Paragraph, Start: pos, End: pos + n})
		pos += n + 2
	}
	if got.Text != sampleText {
		t.Errorf("text %q, want %q", got.Text, sampleText)
	}
	if diff := cmp.Diff(wantBlocks, got.Blocks); diff != "" {
		t.Errorf("blocks (-want +got):\n%s", diff)
	}
	if n := d.counts(t, "article_revisions")["article_revisions"]; n != 1 {
		t.Errorf("article_revisions = %d, want 1", n)
	}
	_, err = d.Article(ctx, a.ID+100)
	wantCode(t, err, model.ENOTFOUND, "")
}

func TestListArticles(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	empty, err := d.ListArticles(ctx)
	if err != nil || len(empty) != 0 {
		t.Fatalf("ListArticles on an empty store = %v, %v", empty, err)
	}
	older := mustArticle(t, d, "Older", sampleText)
	d.clock.Advance(time.Minute)
	newer := mustArticle(t, d, "Newer", "Nothing was decided about the ferry on Monday.")
	sameTime := mustArticle(t, d, "Same minute", "The pier reopened on Monday.")
	statuses := []model.Status{model.StatusVerified, model.StatusVerified, model.StatusFalse, model.StatusUnchecked}
	for i, st := range statuses {
		s, e := i, i+3
		if _, err := d.CreateClaim(ctx, older.ID, model.NewClaim{Start: &s, End: &e, Status: st}, "ed"); err != nil {
			t.Fatal(err)
		}
	}
	s, e := 0, 7
	if _, err := d.CreateClaim(ctx, newer.ID, model.NewClaim{Start: &s, End: &e, Status: model.StatusInProgress}, "ed"); err != nil {
		t.Fatal(err)
	}
	list, err := d.ListArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id     int64
		title  string
		counts map[model.Status]int
		total  int
	}{
		{sameTime.ID, "Same minute", map[model.Status]int{}, 0},
		{newer.ID, "Newer", map[model.Status]int{model.StatusInProgress: 1}, 1},
		{older.ID, "Older", map[model.Status]int{model.StatusVerified: 2, model.StatusFalse: 1, model.StatusUnchecked: 1}, 4},
	} {
		i := len(list)
		for j, a := range list {
			if a.ID == tc.id {
				i = j
			}
		}
		if i == len(list) {
			t.Fatalf("article %q missing from the list", tc.title)
		}
		a := list[i]
		t.Run(tc.title, func(t *testing.T) {
			if a.Title != tc.title || a.ClaimTotal != tc.total || !reflect.DeepEqual(a.ClaimCounts, tc.counts) {
				t.Errorf("summary %q: counts %v total %d, want %v %d", a.Title, a.ClaimCounts, a.ClaimTotal, tc.counts, tc.total)
			}
			if a.Text != "" || len(a.Blocks) != 0 {
				t.Errorf("the list carries the text: %q %v", a.Text, a.Blocks)
			}
		})
	}
	var order []string
	for _, a := range list {
		order = append(order, a.Title)
	}
	if want := []string{"Same minute", "Newer", "Older"}; !reflect.DeepEqual(order, want) {
		t.Errorf("order = %v, want newest first %v", order, want)
	}
}
