package export

import (
	"errors"
	"io"
)

// ClaimReview writes one schema.org ClaimReview per claim with a verdict.
// (Being written.)
func ClaimReview(w io.Writer, d *Document) error {
	return errors.New("claimreview export: not implemented yet")
}
