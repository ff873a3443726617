package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// Under many writers, writes share commits (group commit), and each one
// still lands whole or not at all: every party added with a 200 is there
// with its history event and its search document, and none of a refused
// write's parties is, though each refused write had inserted its first
// party before its second was refused.
func TestConcurrentWritesLandWholeOrNotAtAll(t *testing.T) {
	ctx := context.Background()
	d := MustOpenDB(t)
	a := mustArticle(t, d, "Harbour talks", "The mayor invited the ferry union and the port authority to talks on Monday.")
	const writers, rounds = 16, 12
	claims := make([]model.Claim, writers)
	for i := range claims {
		claims[i] = mustClaim(t, d, a, "The mayor invited the ferry union", model.NewClaim{})
	}
	commits, writes := d.WriteGroups()
	beyond, beyondEnd := len([]rune(a.Text))+10, len([]rune(a.Text))+13
	var wg sync.WaitGroup
	errs := make(chan error, writers*rounds)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				kept := model.NewParty{Name: fmt.Sprintf("Kept%02d%02d", w, r), Role: model.RoleInvited}
				if r%2 == 0 {
					if _, err := d.AddParty(ctx, claims[w].ID, kept, "ed"); err != nil {
						errs <- fmt.Errorf("writer %d round %d: %w", w, r, err)
					}
					continue
				}
				// The second party is marked outside the text: refused after
				// the first was inserted.
				lost := model.NewParty{Name: fmt.Sprintf("Lost%02d%02d", w, r), Role: model.RoleInvited}
				bad := model.NewParty{Name: "Outside", Role: model.RoleMentioned, Start: &beyond, End: &beyondEnd}
				if _, err := d.AddParties(ctx, claims[w].ID, []model.NewParty{lost, bad}, "ed"); model.ErrorCode(err) != model.EINVALID {
					errs <- fmt.Errorf("writer %d round %d: a refused write answered %v, want a refusal", w, r, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	c, n := d.WriteGroups()
	t.Logf("%d writes in %d commits", n-writes, c-commits)
	if n-writes != writers*rounds/2 {
		t.Errorf("%d writes committed, want %d (the refused ones commit nothing)", n-writes, writers*rounds/2)
	}

	kept := map[string]int64{} // party name: id
	for w, cl := range claims {
		got, err := d.Claim(ctx, cl.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range got.Parties {
			kept[p.Name] = p.ID
		}
		var names []string
		for _, p := range got.Parties {
			names = append(names, p.Name)
		}
		var want []string
		for r := 0; r < rounds; r += 2 {
			want = append(want, fmt.Sprintf("Kept%02d%02d", w, r))
		}
		slices.Sort(names)
		if !slices.Equal(names, want) {
			t.Errorf("claim %d has parties %v, want %v", cl.ID, names, want)
		}
		events, err := d.History(ctx, cl.ID)
		if err != nil {
			t.Fatal(err)
		}
		added := 0
		for _, e := range events {
			if e.Field == model.EventParty {
				added++
				if strings.Contains(e.To, "Lost") || strings.Contains(e.To, "Outside") {
					t.Errorf("claim %d: history holds a refused write's event %+v", cl.ID, e)
				}
			}
		}
		if added != rounds/2 {
			t.Errorf("claim %d: %d party events, want %d", cl.ID, added, rounds/2)
		}
	}
	r := d.raw(t)
	if n := count(t, r, `SELECT count(*) FROM search_stale_parties`); n != 0 {
		t.Errorf("%d parties still noted for the search index", n)
	}
	w, err := sql.Open("sqlite", "file:"+d.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec(`INSERT INTO search_parties (search_parties, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("search_parties integrity-check: %v", err)
	}
	wantIDs(t, d, "q=Lost0001", model.SearchParties)
	wantIDs(t, d, "q=Outside", model.SearchParties)
	wantIDs(t, d, "q=Kept1504", model.SearchParties, kept["Kept1504"])
}
