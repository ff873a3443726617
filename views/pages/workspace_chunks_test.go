package pages

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
)

// TestClaimsNearDrawsTheSame renders a long article's workspace text
// laid out from the claims ClaimsNear keeps and from all its claims: the
// two must be byte for byte the same, drawn chunks and plain ones alike,
// with the first screen and a far claim's chunks drawn.
func TestClaimsNearDrawsTheSame(t *testing.T) {
	a := fixture.Article(20000)
	claims := fixture.Claims(a, 2000)
	// Two claims across the first screen's last chunk edge, the second
	// overlapping only the first's end, beyond that edge: the first's band
	// depends on a claim outside the drawn chunks.
	_, edge := ChunkBounds(a, 0, firstScreen)
	claims = append(claims,
		model.Claim{ID: 9001, Number: 9001, ArticleID: a.ID, Start: edge - 40, End: edge + 300, Status: model.StatusFalse},
		model.Claim{ID: 9002, Number: 9002, ArticleID: a.ID, Start: edge + 250, End: edge + 400, Status: model.StatusVerified})
	slices.SortStableFunc(claims, func(x, y model.Claim) int { return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(y.End, x.End)) })
	for _, far := range []int{0, 1004, 1999} {
		open := ClaimSpans(claims, claims[far])
		render := func(t ArticleText) string {
			var buf bytes.Buffer
			if err := ArticleBody(t.Drawing(a.ID, open...)).Render(context.Background(), &buf); err != nil {
				panic(err)
			}
			return buf.String()
		}
		near := ClaimsNear(a, claims, open...)
		if len(near) >= len(claims)/2 {
			t.Errorf("claim %d: ClaimsNear kept %d of %d claims", far, len(near), len(claims))
		}
		got, want := render(NewArticleText(a, near)), render(NewArticleText(a, claims))
		if got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("claim %d: the text laid out from the claims near differs at byte %d:\n%s\nwant\n%s", far, i, got[max(i-200, 0):min(i+200, len(got))], want[max(i-200, 0):min(i+200, len(want))])
		}
		if n := strings.Count(want, `data-claim="`+itoa64(claims[far].ID)+`"`); n == 0 {
			t.Errorf("claim %d is not drawn", far)
		}
	}
}
