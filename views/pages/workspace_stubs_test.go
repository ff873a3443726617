package pages

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
)

var packRE = regexp.MustCompile(`<ol class="claim-items" id="[^"]+" data-lazy data-src="[^"]+" data-stubs="([^"]*)"></ol>`)

// packedStubs decodes every packed group of the claim list in page, in
// order, as static/js/workspace/stubs.js reads them: per claim [id, start,
// status, kind, assignee, label].
func packedStubs(t *testing.T, page string) [][]any {
	t.Helper()
	var all [][]any
	for _, m := range packRE.FindAllStringSubmatch(page, -1) {
		var group []json.RawMessage
		if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &group); err != nil || len(group) < 3 {
			t.Fatalf("a packed group is not JSON with its three lists of names: %v\n%s", err, m[1])
		}
		var names [3][]string // statuses, kinds, assignees
		for i := range names {
			if err := json.Unmarshal(group[i], &names[i]); err != nil {
				t.Fatalf("a packed group's names: %v\n%s", err, group[i])
			}
		}
		for _, raw := range group[3:] {
			var row []*int64
			if err := json.Unmarshal(raw, &row); err != nil || len(row) != 6 || row[0] == nil || row[2] == nil || row[3] == nil || row[4] == nil || row[5] == nil {
				t.Fatalf("a packed claim is not [id, start, status, kind, assignee, number]: %v\n%s", err, raw)
			}
			var start any
			if row[1] != nil {
				start = float64(*row[1])
			}
			all = append(all, []any{float64(*row[0]), start, names[0][*row[2]], names[1][*row[3]], names[2][*row[4]], "#" + strconv.FormatInt(*row[5], 10)})
		}
	}
	return all
}

// TestPackedStubsHoldEachEntrysData checks that the groups of the list not
// drawn carry, per claim, what a stub entry holds: its id, where its words
// start (null for an orphan), its status, kind, assignee and label, in the
// list's order; and that nothing an editor typed can end the attribute.
func TestPackedStubsHoldEachEntrysData(t *testing.T) {
	a := fixture.Article(3000)
	claims := fixture.Claims(a, 250)
	claims[120].Orphan = true
	claims[130].Assignee = `</script><script>alert(1)</script> & "ü" \u2028`
	claims[140].Assignee = "ada"
	var buf bytes.Buffer
	if err := ClaimList(claims).Render(benchContext(), &buf); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if strings.Contains(page, "<script>alert") || strings.Contains(page, `" & "`) {
		t.Fatal("an assignee's text came out unescaped")
	}
	got := packedStubs(t, page)
	var want [][]any
	for _, c := range claims[entryGroupSize:] {
		var start any = float64(c.Start)
		if c.Orphan {
			start = nil
		}
		want = append(want, []any{float64(c.ID), start, string(c.Status), string(c.Kind), c.Assignee, claimName(c)})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("packed stubs (-want +got):\n%s", diff)
	}
	if drawn := strings.Count(page, `data-testid="claim-item"`); drawn != entryGroupSize {
		t.Errorf("%d entries drawn, want the first group's %d", drawn, entryGroupSize)
	}
	var none bytes.Buffer
	if err := ClaimList([]model.Claim{}).Render(benchContext(), &none); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(none.String(), "data-stubs") {
		t.Error("an empty list has a packed group")
	}
}
