package ingest

import (
	"fmt"

	"github.com/factmark/factmark/internal/wire"
)

// checkClaimNumbers makes sure the claims' numbers can be kept as they were
// exported: a number is optional (0 or absent: the importer gives the claim
// the next free one), but one that is given must be above 0 and appear once
// in the article, since a number names one claim in every label.
func checkClaimNumbers(claims []wire.JSONClaim) error {
	first := map[int]int{} // number → index of the claim that has it
	for i, c := range claims {
		path := fmt.Sprintf("claims[%d].number", i)
		switch {
		case c.Number < 0:
			return invalidAt(path, "A claim's number must be a whole number above 0, or left out to give the claim a new one.")
		case c.Number == 0:
			continue
		}
		if j, ok := first[c.Number]; ok {
			return invalidAt(path, "Claim number %d is also claims[%d]'s: each claim of an article needs its own number.", c.Number, j)
		}
		first[c.Number] = i
	}
	return nil
}
