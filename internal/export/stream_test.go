package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/factmark/factmark/internal/fixture"
	"github.com/factmark/factmark/internal/model"
)

// longDocument is the 500-claim fixture with every verdict published, in
// the internal edition.
func longDocument() *Document {
	a := fixture.Article(10000)
	claims := fixture.Claims(a, 500)
	for i := range claims {
		if c := &claims[i]; c.Status.IsVerdict() {
			c.Publication = model.NewPublication([]model.PublicationRecord{{Verdict: c.Status, Rationale: c.Statement + " <&>", PublishedAt: c.UpdatedAt}})
		}
	}
	return &Document{Article: a, Claims: claims, History: fixture.History(claims), ExportedAt: exportedAt, Edition: EditionInternal}
}

// indentedWhole is v encoded at once and indented by encoding/json, as the
// encoders wrote it before they streamed.
func indentedWhole(t *testing.T, v any, escapeHTML bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestStreamedJSONIsTheWholeDocument checks that the JSON exports written
// one item at a time are byte for byte the documents encoded at once, on
// the long fixture (the golden files pin the small sample).
func TestStreamedJSONIsTheWholeDocument(t *testing.T) {
	d := longDocument()
	v := Collection{Site: d.Site, Article: d.Article, Claims: d.Claims, Revisions: d.Revisions}
	collection := v.Collection()
	collection.Created = formatTime(d.ExportedAt)
	cases := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  []byte
	}{
		{"json", func(b *bytes.Buffer) error { return JSON(b, d) }, indentedWhole(t, jsonDocument(d), true)},
		{"w3c", func(b *bytes.Buffer) error { return W3C(b, d) }, indentedWhole(t, collection, false)},
		{"claimreview", func(b *bytes.Buffer) error { return ClaimReview(b, d) }, indentedWhole(t, claimReviews(d), false)},
		{"claimreview-empty", func(b *bytes.Buffer) error { return ClaimReview(b, &Document{Article: d.Article}) }, []byte("[]\n")},
		{"json-empty", func(b *bytes.Buffer) error { return JSON(b, &Document{Article: d.Article}) }, indentedWhole(t, jsonDocument(&Document{Article: d.Article}), true)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got bytes.Buffer
			if err := tc.write(&got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), tc.want) {
				i := 0
				for i < min(got.Len(), len(tc.want)) && got.Bytes()[i] == tc.want[i] {
					i++
				}
				t.Errorf("streamed %d bytes, whole %d; first difference at byte %d: %q", got.Len(), len(tc.want), i, got.Bytes()[max(0, i-40):min(got.Len(), i+40)])
			}
		})
	}
}

// goneWriter refuses every write, as a client gone away would.
type goneWriter struct{}

var errGone = errors.New("client gone")

func (goneWriter) Write([]byte) (int, error) { return 0, errGone }

// TestEncodersStream checks that JSON and W3C write their first bytes
// before they have encoded the whole document: given a writer that fails at
// once, each stops having allocated far less than its output's size
// (before they streamed, each encoded the whole document, at least that
// many bytes, before its first write). The article has 3,000 claims so
// that the output (megabytes) dwarfs what comes before the claims (the
// article's text and blocks).
func TestEncodersStream(t *testing.T) {
	a := fixture.Article(10000)
	claims := fixture.Claims(a, 3000)
	d := &Document{Article: a, Claims: claims, History: fixture.History(claims), ExportedAt: exportedAt}
	for _, name := range []string{"json", "w3c"} {
		t.Run(name, func(t *testing.T) {
			f, err := Lookup(name)
			if err != nil {
				t.Fatal(err)
			}
			var out discard
			if err := f.Write(&out, d, TestPages); err != nil {
				t.Fatal(err)
			}
			failed := allocated(func() {
				if err := f.Write(goneWriter{}, d, TestPages); !errors.Is(err, errGone) {
					t.Errorf("error %v, want the writer's", err)
				}
			})
			t.Logf("%d bytes allocated before the first write, output %d bytes", failed, out.n)
			if failed*4 > uint64(out.n) {
				t.Errorf("allocated %d bytes before its first write, for an output of %d: want less than a quarter", failed, out.n)
			}
		})
	}
}

// TestStreamArrayWritesAsItGoes checks that streamArray writes the items
// it has encoded before it asks for the rest.
func TestStreamArrayWritesAsItGoes(t *testing.T) {
	const n = 5000
	asked := 0
	w := &firstWrite{asked: &asked}
	item := []byte(`{"claim":"` + strings.Repeat("words ", 20) + `"}`)
	err := streamArray(w, []byte(`{"claims":[]}`), `"claims":[]`, n, func(int) ([]byte, error) {
		asked++
		return item, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if w.askedThen >= n/2 {
		t.Errorf("first write after %d of %d items were encoded, want it after the first flush's worth", w.askedThen, n)
	}
	if asked != n {
		t.Errorf("%d items encoded, want %d", asked, n)
	}
}

// firstWrite records how many items had been asked for at its first write.
type firstWrite struct {
	asked     *int
	askedThen int
	written   bool
}

func (w *firstWrite) Write(p []byte) (int, error) {
	if !w.written {
		w.written, w.askedThen = true, *w.asked
	}
	return len(p), nil
}

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestUsesHistory checks that every export that UsesHistory says needs no
// history is the same without it, and that the others differ (the long
// fixture gives each verdict a reason in its history).
func TestUsesHistory(t *testing.T) {
	for _, f := range Formats() {
		editions := []Edition{EditionPublic}
		switch {
		case f.Complete:
			editions = []Edition{EditionComplete}
		case f.Editions:
			editions = append(editions, EditionInternal)
		}
		for _, e := range editions {
			t.Run(f.Name+"-"+string(e), func(t *testing.T) {
				with := longDocument()
				with.Edition = e
				without := longDocument()
				without.Edition, without.History = e, nil
				var a, b bytes.Buffer
				if err := f.Write(&a, with, TestPages); err != nil {
					t.Fatal(err)
				}
				if err := f.Write(&b, without, TestPages); err != nil {
					t.Fatal(err)
				}
				if got, want := !bytes.Equal(a.Bytes(), b.Bytes()), f.UsesHistory(e); got != want {
					t.Errorf("the history changes the export: %v; UsesHistory says %v", got, want)
				}
			})
		}
	}
}
