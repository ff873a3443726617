package anchor

import (
	"time"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// displayTimeout bounds the diff for display; past it go-diff returns a
// coarser diff, still a true one.
const displayTimeout = time.Second

// DisplayChanges returns a diff of the revision's two texts for people
// to read, in the stretches Changes uses. Re-anchoring diffs blocks first,
// so next to an inserted paragraph an edited one is replaced whole there;
// this diff is made character by character (go-diff's line mode first,
// for speed on long texts, a paragraph being a line) and cleaned up to
// whole words and phrases (go-diff's semantic clean-up), so that a changed
// figure shows as that figure deleted and inserted.
func (r *Revision) DisplayChanges() []Change {
	return r.refine(0, len(r.oldRunes), 0, len(r.newRunes))
}

// refine diffs old[os:oe] against new[ns:ne] for display.
func (r *Revision) refine(os, oe, ns, ne int) []Change {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = displayTimeout
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(r.oldRunes[os:oe], r.newRunes[ns:ne], true))
	var out []Change
	o, n := os, ns
	for _, d := range diffs {
		l := utf8.RuneCountInString(d.Text)
		if l == 0 {
			continue
		}
		c := Change{OldStart: o, OldEnd: o, NewStart: n, NewEnd: n}
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			c.Op = "equal"
			o += l
			n += l
		case diffmatchpatch.DiffDelete:
			c.Op = "delete"
			o += l
		case diffmatchpatch.DiffInsert:
			c.Op = "insert"
			n += l
		}
		c.OldEnd, c.NewEnd = o, n
		out = append(out, c)
	}
	return out
}
