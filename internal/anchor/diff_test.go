package anchor

import (
	"fmt"
	"strings"
	"testing"
)

// checkSegments checks that every equal stretch of r's diff is equal text
// in both revisions, in order and without overlap.
func checkSegments(t *testing.T, r *Revision) {
	t.Helper()
	prevOld, prevNew := 0, 0
	for i := range r.eqOld {
		o, n, l := r.eqOld[i], r.eqNew[i], r.eqLen[i]
		if o < prevOld || n < prevNew {
			t.Fatalf("segment %d (%d, %d) out of order", i, o, n)
		}
		if o+l > len(r.oldRunes) || n+l > len(r.newRunes) {
			t.Fatalf("segment %d (%d, %d, %d) past the texts' ends", i, o, n, l)
		}
		if a, b := string(r.oldRunes[o:o+l]), string(r.newRunes[n:n+l]); a != b {
			t.Fatalf("segment %d: old %q, new %q", i, a, b)
		}
		prevOld, prevNew = o+l, n+l
	}
}

func TestDiffSegments(t *testing.T) {
	para := func(i int) string {
		return fmt.Sprintf("Paragraph %d: the council 🇰🇿 said 陈伟 and ليلى met on day %d.", i, i*7)
	}
	var paras []string
	for i := range 12 {
		paras = append(paras, para(i))
	}
	old := strings.Join(paras, "\n\n")
	edited := append([]string(nil), paras...)
	edited[2] = strings.Replace(edited[2], "council", "cuoncil", 1)
	edited[5], edited[9] = edited[9], edited[5]
	edited = append(edited[:7], edited[8:]...)
	edited[0] = "New lead 😀. " + edited[0]
	nw := strings.Join(edited, "\n\n")

	r := NewRevision(old, nw)
	checkSegments(t, r)
	// Paragraph 11 is untouched: its words map exactly.
	start := len([]rune(old)) - len([]rune(paras[11]))
	want := len([]rune(nw)) - len([]rune(paras[11]))
	if got := r.MapStart(start); got != want {
		t.Errorf("MapStart(%d) = %d, want %d", start, got, want)
	}
	// Paragraphs 5 and 9 swapped places: each maps to its new place.
	for _, i := range []int{5, 9} {
		oldAt := len([]rune(old[:strings.Index(old, paras[i])]))
		newAt := len([]rune(nw[:strings.Index(nw, paras[i])]))
		if got := r.MapStart(oldAt + 3); got != newAt+3 {
			t.Errorf("paragraph %d: MapStart(%d) = %d, want %d", i, oldAt+3, got, newAt+3)
		}
		end := oldAt + len([]rune(paras[i]))
		if got, want := r.MapEnd(end), newAt+len([]rune(paras[i])); got != want {
			t.Errorf("paragraph %d: MapEnd(%d) = %d, want %d", i, end, got, want)
		}
	}
	if got := r.MapEnd(len([]rune(old))); got != len([]rune(nw)) {
		t.Errorf("MapEnd(end) = %d, want %d", got, len([]rune(nw)))
	}
}

// TestDiffManyTokens diffs texts with more distinct words than there are
// code points below the surrogates, so token runes must skip them.
func TestDiffManyTokens(t *testing.T) {
	var b strings.Builder
	for i := range 60000 {
		fmt.Fprintf(&b, "w%d ", i)
	}
	old := strings.TrimSpace(b.String())
	nw := strings.Replace(old, "w59990", "changed", 1)
	r := NewRevision(old, nw)
	checkSegments(t, r)
	total := 0
	for _, l := range r.eqLen {
		total += l
	}
	if want := len(old) - len("w59990"); total != want {
		t.Errorf("equal code points = %d, want %d", total, want)
	}
}

func TestChanges(t *testing.T) {
	old := "The mayor said the pier would close.\n\nNothing else changed."
	nw := "The mayor said the old pier would reopen.\n\nNothing else changed."
	r := NewRevision(old, nw)
	or, nr := []rune(old), []rune(nw)
	var gotOld, gotNew, ops strings.Builder
	o, n := 0, 0
	for _, c := range r.Changes() {
		if c.OldStart != o || c.NewStart != n {
			t.Fatalf("change %+v does not start where the last ended (%d, %d)", c, o, n)
		}
		switch c.Op {
		case "equal":
			if a, b := string(or[c.OldStart:c.OldEnd]), string(nr[c.NewStart:c.NewEnd]); a != b {
				t.Errorf("equal change %+v: %q and %q", c, a, b)
			}
		case "delete":
			if c.NewStart != c.NewEnd {
				t.Errorf("delete %+v inserts", c)
			}
		case "insert":
			if c.OldStart != c.OldEnd {
				t.Errorf("insert %+v deletes", c)
			}
		default:
			t.Errorf("unknown op %q", c.Op)
		}
		gotOld.WriteString(string(or[c.OldStart:c.OldEnd]))
		gotNew.WriteString(string(nr[c.NewStart:c.NewEnd]))
		if c.Op != "equal" {
			fmt.Fprintf(&ops, "%s %q; ", c.Op, string(or[c.OldStart:c.OldEnd])+string(nr[c.NewStart:c.NewEnd]))
		}
		o, n = c.OldEnd, c.NewEnd
	}
	if gotOld.String() != old {
		t.Errorf("the changes spell the old text %q", gotOld.String())
	}
	if gotNew.String() != nw {
		t.Errorf("the changes spell the new text %q", gotNew.String())
	}
	// Word by word: "old " inserted, "close" replaced by "reopen".
	if want := `insert "old "; delete "close"; insert "reopen"; `; ops.String() != want {
		t.Errorf("edits = %s, want %s", ops.String(), want)
	}
}
