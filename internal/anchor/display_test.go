package anchor

import (
	"strings"
	"testing"
)

// TestDisplayChanges checks that the diff shown to people names the words
// that changed, and that its stretches rebuild both texts.
func TestDisplayChanges(t *testing.T) {
	old := "Title\n\nThe council voted 7–2 on Tuesday to fund a ferry 🚢. Tickets will cost €4 and the boat sails in May.\n\nOfficials were not invited. A café owner said so."
	new := "Title\n\nUpdate: minutes published.\n\nThe council voted 7–2 on Tuesday to fund a ferry 🚢. Tickets will cost €5 and the boat sails in May.\n\nA café owner said so."
	changes := NewRevision(old, new).DisplayChanges()
	or, nr := []rune(old), []rune(new)
	var rebuiltOld, rebuiltNew strings.Builder
	var deleted, inserted []string
	o, n := 0, 0
	for _, c := range changes {
		if c.OldStart != o || c.NewStart != n {
			t.Fatalf("change %+v does not start where the last ended (%d, %d)", c, o, n)
		}
		o, n = c.OldEnd, c.NewEnd
		rebuiltOld.WriteString(string(or[c.OldStart:c.OldEnd]))
		rebuiltNew.WriteString(string(nr[c.NewStart:c.NewEnd]))
		switch c.Op {
		case "delete":
			deleted = append(deleted, string(or[c.OldStart:c.OldEnd]))
		case "insert":
			inserted = append(inserted, string(nr[c.NewStart:c.NewEnd]))
		}
	}
	if rebuiltOld.String() != old {
		t.Errorf("the stretches rebuild the old text as %q", rebuiltOld.String())
	}
	if rebuiltNew.String() != new {
		t.Errorf("the stretches rebuild the new text as %q", rebuiltNew.String())
	}
	if got, want := strings.Join(deleted, "|"), "4|Officials were not invited. "; got != want {
		t.Errorf("deleted %q, want %q", got, want)
	}
	if got, want := strings.Join(inserted, "|"), "Update: minutes published.\n\n|5"; got != want {
		t.Errorf("inserted %q, want %q", got, want)
	}
}
