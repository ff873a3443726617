package pages

import (
	"context"
	"html"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// RevisionBar is the workspace's line about revisions: which one is shown,
// the selector listing them all, the banner about what the last one did
// to the claims, and the light poll that tells an editor when another
// revision lands (its data-revision is the revision the page shows).
type RevisionBar struct {
	ArticleID int64
	// Current is the article's current revision; Showing the one the page
	// shows (Current in the workspace, an earlier one when reading it).
	Current, Showing int
	// Revisions lists every revision, oldest first, without their text.
	Revisions []model.Revision
	// Banner says what the current revision did to the claims; nil when
	// it moved, changed and orphaned none (or it is the first).
	Banner *RevisionBanner
}

// RevisionBanner is what a revision did to the claims: the counts and,
// for each claim whose words changed or were lost, its old and new words.
type RevisionBanner struct {
	Revision model.Revision
	Items    []BannerItem
}

// BannerItem is one claim a revision changed or orphaned.
type BannerItem struct {
	ClaimID int64
	Number  int
	Kind    model.AnchorKind // AnchorChanged or AnchorOrphaned
	Old     string           // its words before the revision
	New     string           // its words now ("" for an orphan)
}

// NewRevisionForm is the "New revision" section of the workspace: paste
// the new text, upload the page saved as .html, or check the article's
// URL for updates.
type NewRevisionForm struct {
	ArticleID int64
	// URL is the article's address, which "Check for updates" fetches
	// again; "" hides that form.
	URL string
	// Text is the pasted text, kept when it was refused.
	Text string
	// Open keeps the section open (after an answer).
	Open bool
	// Notice says what the last submission did ("No change since revision
	// 2: nothing was stored.", "Revision 3 saved.").
	Notice string
	// Errors by field: "text", "file", "refetch", "form".
	Errors map[string]string
}

// OrphanList is the workspace's list of orphans: claims whose words a
// revision lost, each with what it last stood on, to re-attach to a new
// selection or dismiss. Dismissed orphans are listed apart, collapsed.
type OrphanList struct {
	ArticleID int64
	Orphans   []model.Claim
	Dismissed []model.Claim
	// Errors by claim id: the message shown beside that orphan's buttons.
	Errors map[int64]string
	// Flash confirms the last action.
	Flash string
}

// NewOrphanList sorts an article's orphans out of its claims.
func NewOrphanList(articleID int64, claims []model.Claim) OrphanList {
	l := OrphanList{ArticleID: articleID, Errors: map[int64]string{}}
	for _, c := range claims {
		switch {
		case c.Orphan && c.OrphanDismissed:
			l.Dismissed = append(l.Dismissed, c)
		case c.Orphan:
			l.Orphans = append(l.Orphans, c)
		}
	}
	return l
}

// RevisionRead is an earlier revision of an article, read-only: its text
// with the claims where they stood in it.
type RevisionRead struct {
	Article model.Article
	Bar     RevisionBar
	Text    ArticleText
	Claims  []model.Claim
}

// DiffPage is the diff between two revisions of an article.
type DiffPage struct {
	Article   model.Article
	Bar       RevisionBar
	From, To  int
	Blocks    []DiffBlock
	Inserted  int // code points inserted
	Deleted   int // code points deleted
	Unchanged bool
}

// DiffChange is one stretch of a diff, in code points (as
// anchor.Change): "equal", "insert" or "delete".
type DiffChange struct {
	Op                                 string
	OldStart, OldEnd, NewStart, NewEnd int
}

// DiffBlock is one block of the diff view: a block of the new text, or a
// block that only the old text had.
type DiffBlock struct {
	Kind   text.BlockKind
	Level  int
	Pieces []DiffPiece
}

// DiffPiece is a run of text with one operation and one set of claims.
type DiffPiece struct {
	Op   string // "equal", "insert" or "delete"
	Text string
	// Claims are the ids of the claims covering it (on the new side),
	// space-separated; Status the innermost one's status.
	Claims string
	Status model.Status
	// Starts are the numbers of the claims starting here, shown as labels.
	Starts []int
}

// diffClaim is a claim as the diff marks it.
type diffClaim struct {
	id         int64
	number     int
	start, end int
	status     model.Status
}

// NewDiff lays out the diff of oldText into newText (changes in order, as
// anchor.Revision.Changes gives them) as blocks: the new text's blocks,
// with deleted text inline where it was, and whole deleted paragraphs as
// blocks of their own. Claims are marked on the new side. Canonical text
// holds line feeds only in block separators, so each run of them starts a
// block.
func NewDiff(oldText, newText string, changes []DiffChange, newBlocks []text.Block, claims []model.Claim) []DiffBlock {
	oldR, newR := []rune(oldText), []rune(newText)
	kinds := map[int]text.Block{}
	for _, b := range newBlocks {
		kinds[b.Start] = b
	}
	var dc []diffClaim
	for _, c := range claims {
		if !c.Orphan && c.Start < c.End {
			dc = append(dc, diffClaim{c.ID, c.Number, c.Start, c.End, c.Status})
		}
	}
	// Outermost first: by start, the longer first.
	slices.SortStableFunc(dc, func(a, b diffClaim) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	d := differ{kinds: kinds, claims: dc}
	d.startBlock(0)
	for _, ch := range changes {
		switch ch.Op {
		case "delete":
			for _, r := range oldR[ch.OldStart:ch.OldEnd] {
				d.add("delete", r, -1)
			}
		default:
			for i, r := range newR[ch.NewStart:ch.NewEnd] {
				d.add(ch.Op, r, ch.NewStart+i)
			}
		}
	}
	d.flush()
	return d.blocks
}

// differ builds the diff view's blocks rune by rune.
type differ struct {
	kinds  map[int]text.Block
	claims []diffClaim
	blocks []DiffBlock
	// The piece being built.
	op     string
	cover  string
	status model.Status
	starts []int
	buf    strings.Builder
	// inBreak is set after a line feed: the next text starts a block.
	inBreak bool
}

func (d *differ) startBlock(newAt int) {
	b := DiffBlock{Kind: text.Paragraph}
	if k, ok := d.kinds[newAt]; ok && newAt >= 0 {
		b.Kind, b.Level = k.Kind, k.Level
	}
	d.blocks = append(d.blocks, b)
}

// add appends rune r under op; newAt is its offset in the new text, -1 for
// deleted text.
func (d *differ) add(op string, r rune, newAt int) {
	if r == '\n' {
		d.flush()
		d.inBreak = true
		return
	}
	if d.inBreak {
		d.inBreak = false
		d.startBlock(newAt)
	}
	cover, status, starts := "", model.Status(""), []int(nil)
	if newAt >= 0 {
		cover, status, starts = d.coverAt(newAt)
	}
	if op != d.op || cover != d.cover || len(starts) > 0 {
		d.flush()
		d.op, d.cover, d.status, d.starts = op, cover, status, starts
	}
	d.buf.WriteRune(r)
}

// coverAt returns the claims covering new offset p, the innermost one's
// status, and the numbers of those starting at p.
func (d *differ) coverAt(p int) (string, model.Status, []int) {
	var ids []string
	var status model.Status
	var starts []int
	for _, c := range d.claims {
		if c.start <= p && p < c.end {
			ids = append(ids, strconv.FormatInt(c.id, 10))
			status = c.status
			if c.start == p {
				starts = append(starts, c.number)
			}
		}
	}
	return strings.Join(ids, " "), status, starts
}

// flush ends the piece being built.
func (d *differ) flush() {
	if d.buf.Len() == 0 {
		return
	}
	last := &d.blocks[len(d.blocks)-1]
	last.Pieces = append(last.Pieces, DiffPiece{Op: d.op, Text: d.buf.String(), Claims: d.cover, Status: d.status, Starts: d.starts})
	d.buf.Reset()
	d.op, d.cover, d.starts = "", "", nil
}

// originPhrase says how a revision came in, inside a sentence: "checked
// for updates", "pasted".
func originPhrase(o model.Origin) string {
	switch o {
	case model.OriginText:
		return "pasted"
	case model.OriginHTML:
		return "pasted from a page"
	case model.OriginUpload:
		return "uploaded"
	case model.OriginURL:
		return "fetched"
	case model.OriginRefetch:
		return "checked for updates"
	case model.OriginImport:
		return "imported"
	}
	return string(o)
}

// bannerHead is the banner's first line: "Revision 3 (checked for updates
// 2026-11-27 10:42 UTC by ed): 2 claims moved, 1 changed, 1 orphaned".
func bannerHead(r model.Revision) string {
	head := "Revision " + strconv.Itoa(r.Version) + " (" + originPhrase(r.Origin) + " " + formatTime(r.CreatedAt) + " by " + r.CreatedBy + ")"
	if r.Reanchored == nil {
		return head
	}
	var parts []string
	n := r.Reanchored
	if n.Moved > 0 {
		parts = append(parts, plural(n.Moved, "claim", "claims")+" moved")
	}
	if n.Changed > 0 {
		parts = append(parts, strconv.Itoa(n.Changed)+" changed")
	}
	if n.Orphaned > 0 {
		parts = append(parts, strconv.Itoa(n.Orphaned)+" orphaned")
	}
	if len(parts) == 0 {
		return head + ": no claim moved"
	}
	if n.Moved == 0 {
		// "1 claim changed", not "1 changed" alone.
		parts[0] = strings.Replace(parts[0], " ", " "+word(firstCount(n), "claim", "claims")+" ", 1)
	}
	return head + ": " + strings.Join(parts, ", ")
}

func firstCount(n *model.Reanchored) int {
	if n.Changed > 0 {
		return n.Changed
	}
	return n.Orphaned
}

func plural(n int, one, many string) string { return strconv.Itoa(n) + " " + word(n, one, many) }

func word(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// revisionURL is the address of revision v of an article in the
// workspace.
func revisionURL(articleID int64, v int) string {
	return "/articles/" + itoa64(articleID) + "?revision=" + itoa(v)
}

// diffURL is the address of the diff between two revisions.
func diffURL(articleID int64, from, to int) string {
	return "/articles/" + itoa64(articleID) + "/diff?from=" + itoa(from) + "&to=" + itoa(to)
}

// pageURL is the address of the page a revision was fetched from.
func pageURL(articleID int64, v int) string {
	return "/api/v1/articles/" + itoa64(articleID) + "/revisions/" + itoa(v) + "/page"
}

// verdictRevisionNote says which revision the claim's status was set
// against, when the text has had revisions since: "Verified against
// revision 1". "" when it was set against the revision shown.
func verdictRevisionNote(c model.Claim) string {
	if c.VerdictRevision <= 0 || c.Orphan || c.VerdictRevision >= c.AnchoredRevision {
		return ""
	}
	what := "Status set"
	if c.Status.IsVerdict() {
		what = c.Status.Label()
	}
	return what + " against revision " + itoa(c.VerdictRevision) + " (the article is now at revision " + itoa(c.AnchoredRevision) + ")"
}

// orphanReason says why a claim is an orphan: "its words were not found
// in revision 3".
func orphanReason(c model.Claim) string {
	return "its words were not found in revision " + itoa(c.AnchoredRevision+1)
}

// diffPieces writes a block's pieces: a claim's number where it starts,
// inserted text in <ins>, deleted text in <del>, each said in words for
// screen readers, and claims' words in <mark>. It is written by hand, as
// segmentsHTML is, so that no white space comes between the pieces: the
// text is exactly the text. Every value it writes is escaped.
func diffPieces(b DiffBlock) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		var buf strings.Builder
		for _, p := range b.Pieces {
			for _, n := range p.Starts {
				buf.WriteString(`<sup class="claim-no" data-testid="diff-claim">` + html.EscapeString(claimLabel(n)) + `</sup>`)
			}
			words := html.EscapeString(p.Text)
			if p.Claims != "" && p.Op != "delete" {
				words = `<mark class="hl ` + html.EscapeString(statusClass(p.Status)) + `" data-claims="` + html.EscapeString(p.Claims) + `">` + words + `</mark>`
			}
			switch p.Op {
			case "insert":
				buf.WriteString(`<ins data-testid="diff-ins"><span class="sr-only">[inserted: </span>` + words + `<span class="sr-only">]</span></ins>`)
			case "delete":
				buf.WriteString(`<del data-testid="diff-del"><span class="sr-only">[deleted: </span>` + words + `<span class="sr-only">]</span></del>`)
			default:
				buf.WriteString(words)
			}
		}
		_, err := io.WriteString(w, buf.String())
		return err
	})
}
