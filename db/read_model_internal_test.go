package db

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/factmark/factmark/internal/model"
)

// TestRenewedClaimsKeepTheOrderOfAFullRead follows an entry's claims through
// many renewals, as renew makes them (merged over pointers, into the last
// flat slice once one was made), and checks each against the same claims
// sorted whole, as loadClaims returns them: claims dropped, moved (a
// changed claim read again at other words), new, ties on position broken by
// id, at the start, the middle and the end of the list; and that neither
// renewing nor flattening changes a claim an earlier entry holds.
func TestRenewedClaimsKeepTheOrderOfAFullRead(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 27))
	type claim struct {
		id         int64
		start, end int
		statement  string
	}
	of := func(cs []model.Claim) []claim {
		out := make([]claim, len(cs))
		for i, c := range cs {
			out[i] = claim{c.ID, c.Start, c.End, c.Statement}
		}
		return out
	}
	for round := range 200 {
		var read []model.Claim
		next := int64(1)
		for range rng.IntN(40) {
			start := rng.IntN(30)
			read = append(read, model.Claim{ID: next, Start: start, End: start + 1 + rng.IntN(5), Statement: "read"})
			next++
		}
		slices.SortFunc(read, model.CompareClaims)
		e := entryOf(1, model.Article{}, read)
		var entries []readEntry
		var held [][]claim // what each entry's flat claims were when made
		for gen := range 12 {
			// The entry's claims, read through its pointers: flattening
			// is left to chance below, as readers happen to ask for it.
			var want []model.Claim
			for _, c := range e.claims {
				want = append(want, *c)
			}
			entries, held = append(entries, e), append(held, of(want))

			// The next write: claims changed, gone or new.
			changed := map[int64]bool{}
			var fresh []model.Claim
			for _, c := range want {
				switch rng.IntN(8) {
				case 0: // deleted, or moved to another article
					changed[c.ID] = true
				case 1: // changed where it is or at other words
					changed[c.ID] = true
					c.Statement = "changed in generation " + string(rune('a'+gen))
					if rng.IntN(2) == 0 {
						c.Start = rng.IntN(30)
						c.End = c.Start + 1 + rng.IntN(5)
					}
					fresh = append(fresh, c)
				}
			}
			for range rng.IntN(3) {
				start := rng.IntN(31)
				changed[next] = true
				fresh = append(fresh, model.Claim{ID: next, Start: start, End: start + 1 + rng.IntN(5), Statement: "new"})
				next++
			}
			slices.SortFunc(fresh, model.CompareClaims)
			var full []model.Claim
			for _, c := range want {
				if !changed[c.ID] {
					full = append(full, c)
				}
			}
			full = slices.SortedFunc(slices.Values(append(full, fresh...)), model.CompareClaims)

			// As renew does it; flat made or not, as readers happen to ask.
			if rng.IntN(2) == 0 {
				e.flatClaims()
			}
			kept := e
			e = readEntry{changes: kept.changes + 1, claims: kept.claims, base: kept.base, flat: &flatOnce{}}
			if kept.flat.done() {
				e.base = kept.flat.claims
				e.claims = make([]*model.Claim, len(e.base))
				for i := range e.base {
					e.claims[i] = &e.base[i]
				}
			}
			var freshPtrs []*model.Claim
			for i := range fresh {
				freshPtrs = append(freshPtrs, &fresh[i])
			}
			e.claims = merged(e.claims, changed, freshPtrs)

			got := e.flatClaims()
			if !slices.Equal(of(got), of(full)) {
				t.Fatalf("round %d, generation %d: renewed %v, a full read %v", round, gen, of(got), of(full))
			}
			if len(full) == 0 && got != nil {
				t.Fatalf("round %d, generation %d: no claims must be nil, as loadClaims gives, got %#v", round, gen, got)
			}
		}
		for i, old := range entries {
			if !slices.Equal(of(old.flatClaims()), held[i]) {
				t.Fatalf("round %d: entry %d changed after later renewals: %v, was %v", round, i, of(old.flatClaims()), held[i])
			}
		}
	}
}
