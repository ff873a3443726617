package handlers

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/extract"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/internal/textcheck"
	"github.com/factmark/factmark/views/pages"
)

// The workspace's revisions (issue 8 §2): the revision bar with its
// selector and banner, the "New revision" forms, reading an earlier
// revision, the diff between two, the orphans list, and the poll that
// tells an editor a newer revision landed.

// revisionBar builds the revision line of a page showing revision showing
// of article a; claims are the article's current claims, which the banner
// names.
func (s *Server) revisionBar(ctx context.Context, a model.Article, showing int, claims []model.Claim) (pages.RevisionBar, error) {
	revs, err := s.store.Revisions(ctx, a.ID)
	if err != nil {
		return pages.RevisionBar{}, err
	}
	b := pages.RevisionBar{ArticleID: a.ID, Current: a.Revision, Showing: showing, Revisions: revs}
	if showing != a.Revision || len(revs) == 0 {
		return b, nil
	}
	last := revs[len(revs)-1]
	if last.Reanchored == nil || !last.Reanchored.Any() {
		return b, nil
	}
	items, err := s.bannerItems(ctx, a.ID, last.Version, claims)
	if err != nil {
		return pages.RevisionBar{}, err
	}
	b.Banner = &pages.RevisionBanner{Revision: last, Items: items}
	return b, nil
}

// bannerItems lists the claims that revision v changed or orphaned, read
// from their anchor events, in the claims' order.
func (s *Server) bannerItems(ctx context.Context, articleID int64, v int, claims []model.Claim) ([]pages.BannerItem, error) {
	history, err := s.store.ArticleHistory(ctx, articleID)
	if err != nil {
		return nil, err
	}
	var out []pages.BannerItem
	for _, c := range claims {
		var item *pages.BannerItem
		for _, e := range history[c.ID] {
			if e.Field != model.EventAnchor {
				continue
			}
			kind, rev := model.ParseAnchorComment(e.Comment)
			if rev != v || (kind != model.AnchorChanged && kind != model.AnchorOrphaned) {
				continue
			}
			from, _ := model.ParseAnchorValue(e.From)
			to, _ := model.ParseAnchorValue(e.To)
			item = &pages.BannerItem{ClaimID: c.ID, Number: c.Number, Kind: kind, Old: from.Words, New: to.Words}
		}
		if item != nil {
			out = append(out, *item)
		}
	}
	return out, nil
}

// workspaceRevisions fills the workspace's revision parts.
func (s *Server) workspaceRevisions(ctx context.Context, w *pages.Workspace) error {
	bar, err := s.revisionBar(ctx, w.Article, w.Article.Revision, w.Claims)
	if err != nil {
		return err
	}
	w.Bar = bar
	w.NewRevision = pages.NewRevisionForm{ArticleID: w.Article.ID, URL: w.Article.URL, Errors: map[string]string{}}
	w.Orphans = pages.NewOrphanList(w.Article.ID, w.Claims)
	return nil
}

// requestedRevision reads ?revision=: 0 when absent, else a revision of a
// (a number that names none is not found).
func requestedRevision(c echo.Context, a model.Article) (int, error) {
	raw := c.QueryParam("revision")
	if raw == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < 1 || v > a.Revision {
		return 0, model.Errorf(model.ENOTFOUND, "Article %d has no revision %q: its revisions are 1 to %d.", a.ID, raw, a.Revision)
	}
	return v, nil
}

// showEarlierRevision renders revision v of article a, read-only, with
// its claims where they stood in it.
func (s *Server) showEarlierRevision(c echo.Context, a model.Article, claims []model.Claim, v int) error {
	ctx := c.Request().Context()
	rv, err := s.store.Revision(ctx, a.ID, v)
	if err != nil {
		return err
	}
	then, err := s.store.ClaimsAtRevision(ctx, a.ID, v)
	if err != nil {
		return err
	}
	sortByPosition(then)
	bar, err := s.revisionBar(ctx, a, v, claims)
	if err != nil {
		return err
	}
	old := a
	old.Text, old.Blocks, old.Links, old.Revision = rv.Text, rv.Blocks, rv.Links, v
	return s.render(c, http.StatusOK, pages.RevisionReadPage(pages.RevisionRead{Article: old, Bar: bar,
		Text: pages.NewArticleText(old, then), Claims: then}))
}

// sortByPosition sorts claims by start, the longer first, as the
// workspace lists them.
func sortByPosition(claims []model.Claim) {
	slices.SortStableFunc(claims, func(a, b model.Claim) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
}

// showDiff shows the changes between two revisions of an article
// (?from=&to=), with the claims of the newer one marked.
func (s *Server) showDiff(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, claims, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	from, err := diffParam(c, a, "from", a.Revision-1)
	if err != nil {
		return err
	}
	to, err := diffParam(c, a, "to", a.Revision)
	if err != nil {
		return err
	}
	oldRev, err := s.store.Revision(ctx, id, from)
	if err != nil {
		return err
	}
	newRev, err := s.store.Revision(ctx, id, to)
	if err != nil {
		return err
	}
	marked, err := s.store.ClaimsAtRevision(ctx, id, to)
	if err != nil {
		return err
	}
	bar, err := s.revisionBar(ctx, a, a.Revision, claims)
	if err != nil {
		return err
	}
	d := pages.DiffPage{Article: a, Bar: bar, From: from, To: to, Unchanged: oldRev.Text == newRev.Text}
	var changes []pages.DiffChange
	for _, ch := range anchor.NewRevision(oldRev.Text, newRev.Text).DisplayChanges() {
		changes = append(changes, pages.DiffChange{Op: ch.Op, OldStart: ch.OldStart, OldEnd: ch.OldEnd, NewStart: ch.NewStart, NewEnd: ch.NewEnd})
		switch ch.Op {
		case "insert":
			d.Inserted += ch.NewEnd - ch.NewStart
		case "delete":
			d.Deleted += ch.OldEnd - ch.OldStart
		}
	}
	d.Blocks = pages.NewDiff(oldRev.Text, newRev.Text, changes, newRev.Blocks, marked)
	return s.render(c, http.StatusOK, pages.DiffView(d))
}

// diffParam reads one of the diff's revisions, def when absent (the
// first revision when def is 0).
func diffParam(c echo.Context, a model.Article, name string, def int) (int, error) {
	raw := c.QueryParam(name)
	if raw == "" {
		return max(def, 1), nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < 1 || v > a.Revision {
		return 0, model.Invalid(name, "%s must be a revision of the article, 1 to %d: %q is not.", name, a.Revision, raw)
	}
	return v, nil
}

// showRevisionCheck is the workspace's poll: 204 while the article is at
// the revision the page shows (?revision=), else a notice naming the new
// revision and who made it.
func (s *Server) showRevisionCheck(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return err
	}
	shown, err := strconv.Atoi(c.QueryParam("revision"))
	if err != nil || shown >= a.Revision {
		return c.NoContent(http.StatusNoContent)
	}
	revs, err := s.store.Revisions(ctx, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.RevisionCheck(id, revs[len(revs)-1]))
}

// doAddRevision answers the "New revision" forms: pasted text, an
// uploaded .html page, or "Check for updates". A text equal to the
// current one stores nothing and says so; a new revision comes back with
// the revision bar (its banner), the text, the claim list and the
// orphans, out of band. A refused input is shown beside its field, kept.
func (s *Server) doAddRevision(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return err
	}
	f := pages.NewRevisionForm{ArticleID: id, URL: a.URL, Open: true, Errors: map[string]string{}}
	source := c.FormValue("source")
	var nr model.NewRevision
	switch source {
	case "text":
		f.Text = c.FormValue("text")
		if html := c.FormValue("html"); html != "" {
			// Pasted from a web page (static/js/clipboard.js): its
			// structure and links, resolved against the article's URL.
			nr, err = s.newRevision(ctx, a, revisionRequest{HTML: html, BaseURL: a.URL}, userName(c))
			break
		}
		nr, err = s.newRevision(ctx, a, revisionRequest{Text: f.Text}, userName(c))
		if strings.TrimSpace(f.Text) == "" {
			err = model.Invalid("text", "Paste the article's new text first.")
		}
	case "refetch":
		nr, err = s.newRevision(ctx, a, revisionRequest{Refetch: true}, userName(c))
	case "upload":
		nr, err = s.uploadedRevision(c, a)
	default:
		source, err = "form", model.Invalid("source", "Send the new revision from the workspace's New revision forms.")
	}
	var res model.RevisionResult
	if err == nil {
		res, err = s.store.AddRevision(ctx, id, nr, userName(c))
	}
	if err != nil {
		code := model.ErrorCode(err)
		if code == model.EINTERNAL || code == model.ENOTFOUND {
			return err
		}
		f.Errors[revisionErrorField(source)] = model.ErrorMessage(err)
		return s.render(c, statusOf(code), pages.NewRevisionAnswer(f, false, pages.RevisionBar{}, pages.ArticleText{}, nil, pages.OrphanList{}))
	}
	if res.Unchanged {
		f.Notice = fmt.Sprintf("No change since revision %d: the text is the same, nothing was stored.", res.Article.Revision)
		return s.render(c, http.StatusOK, pages.NewRevisionAnswer(f, false, pages.RevisionBar{}, pages.ArticleText{}, nil, pages.OrphanList{}))
	}
	f.Text, f.Open = "", false
	f.Notice = fmt.Sprintf("Revision %d saved.", res.Article.Revision)
	a, claims, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	bar, err := s.revisionBar(ctx, a, a.Revision, claims)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusCreated, pages.NewRevisionAnswer(f, true, bar, pages.NewArticleText(a, claims).Drawing(a.ID), claims,
		pages.NewOrphanList(id, claims)))
}

// revisionErrorField is the field of the New revision section an error
// of the form sent as source is shown beside.
func revisionErrorField(source string) string {
	switch source {
	case "text", "refetch":
		return source
	case "upload":
		return "file"
	}
	return "form"
}

// uploadedRevision reads the .html file of the upload form and extracts
// the article from it, as from a fetched page (its charset detected),
// links resolved against the article's URL.
func (s *Server) uploadedRevision(c echo.Context, a model.Article) (model.NewRevision, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return model.NewRevision{}, model.Invalid("file", "Choose the page saved as .html first.")
	}
	file, err := fh.Open()
	if err != nil {
		return model.NewRevision{}, fmt.Errorf("opening the upload: %w", err)
	}
	defer file.Close()
	body, err := io.ReadAll(file)
	if err != nil {
		return model.NewRevision{}, fmt.Errorf("reading the upload: %w", err)
	}
	var base *url.URL
	if a.URL != "" {
		base, _ = url.Parse(a.URL)
	}
	art, err := extract.Page(body, "text/html", base)
	if err != nil {
		return model.NewRevision{}, model.Invalid("file", "The file could not be read as HTML (%v): save the page as .html and upload it again.", err)
	}
	raw := make([]text.RawBlock, len(art.Blocks))
	for i, b := range art.Blocks {
		if p := textcheck.String("file", b.Text); p != nil {
			return model.NewRevision{}, model.Invalid("file", "%s", p.Message)
		}
		raw[i] = b.RawBlock()
	}
	doc, err := ingest.BlocksBody(raw, nil, "file")
	if err != nil {
		return model.NewRevision{}, err
	}
	x := extracted{Article: art, field: "file"}
	return model.NewRevision{Doc: doc, Links: x.links(doc, nil), Origin: model.OriginUpload}, nil
}

// selectionNow maps a selection [start, end) made in revision rev of
// article a onto its current text. A selection made in the current
// revision (or sent without one) stays as it is; one made in an earlier
// revision follows its words when they are still there, the same
// (mapped is then true, for the answer to say so); otherwise it is a conflict, since a claim must not
// land on other words than the editor selected.
func (s *Server) selectionNow(ctx context.Context, a model.Article, rev, start, end int) (int, int, bool, error) {
	if rev == 0 || rev == a.Revision {
		return start, end, false, nil
	}
	old, err := s.store.Revision(ctx, a.ID, rev)
	if err != nil {
		return 0, 0, false, model.Invalid("revision", "The words were selected in revision %d, which this article does not have: reload it and select them again.", rev)
	}
	oix := text.NewIndex(old.Text)
	if !oix.InRange(start, end) {
		return 0, 0, false, model.Invalid("start", "Select some of the article's text first.")
	}
	start, end = oix.TrimSpan(start, end)
	q := anchor.QuoteAt(oix, start, end)
	res := anchor.NewRevision(old.Text, a.Text).Reanchor(anchor.Anchor{Start: start, End: end, Quote: q})
	if (res.Outcome == anchor.Unchanged || res.Outcome == anchor.Moved) && res.Quote.Exact == q.Exact {
		return res.Start, res.End, true, nil
	}
	return 0, 0, false, &model.Error{Code: model.ECONFLICT, Field: "start", Message: fmt.Sprintf(
		"The article was updated to revision %d by %s after you selected “%s” in revision %d, and those words are not in it as they were: reload the article and select the words again (copy what you typed first).",
		a.Revision, a.UpdatedBy, q.Exact, rev)}
}

// selectedNow maps, in place, the words a panel form of claim claimID
// selected (start, end) in the revision the form names (the form's
// "revision") onto the article's current text, as selectionNow does.
func (s *Server) selectedNow(c echo.Context, claimID int64, start, end *int) error {
	rev, err := strconv.Atoi(c.FormValue("revision"))
	if err != nil {
		return nil // sent without one: the current revision
	}
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, claimID)
	if err != nil {
		return err
	}
	a, err := s.store.Article(ctx, cl.ArticleID)
	if err != nil {
		return err
	}
	*start, *end, _, err = s.selectionNow(ctx, a, rev, *start, *end)
	return err
}

// refield moves a user error onto field, the one its form shows errors
// of the selection beside.
func refield(err error, field string) error {
	if de, ok := err.(*model.Error); ok && de.Code != model.EINTERNAL {
		moved := *de
		moved.Field = field
		return &moved
	}
	return err
}

// selectedIn returns the text of revision rev of article a at [start,
// end), for showing a selection made in it ("" when it cannot).
func (s *Server) selectedIn(ctx context.Context, a model.Article, rev, start, end int) string {
	body := a.Text
	if rev != 0 && rev != a.Revision {
		old, err := s.store.Revision(ctx, a.ID, rev)
		if err != nil {
			return ""
		}
		body = old.Text
	}
	ix := text.NewIndex(body)
	if !ix.InRange(start, end) {
		return ""
	}
	return ix.Slice(start, end)
}

// movedNote is the flash of a claim created on words selected in an
// earlier revision.
func movedNote(a model.Article, rev int) string {
	return fmt.Sprintf("The article was updated to revision %d since you selected these words in revision %d: the claim stands on them where they are now.", a.Revision, rev)
}

// doReattach re-attaches a claim (an orphan) to the words selected in the
// text, answering with the orphans list, and the text and the claim list
// out of band. A refusal is shown beside the orphan's buttons.
func (s *Server) doReattach(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, id)
	if err != nil {
		return err
	}
	a, err := s.store.Article(ctx, cl.ArticleID)
	if err != nil {
		return err
	}
	start, serr := formInt(c, "start")
	end, eerr := formInt(c, "end")
	rev, rerr := formInt(c, "revision")
	version, _ := strconv.Atoi(c.FormValue("version"))
	if serr != nil || eerr != nil || start == nil || end == nil {
		err = model.Invalid("start", "Select the words to re-attach claim #%d to in the text first, then press Re-attach.", cl.Number)
	} else if rerr != nil {
		err = rerr
	}
	var words string
	if err == nil {
		from := 0
		if rev != nil {
			from = *rev
		}
		var s0, e0 int
		if s0, e0, _, err = s.selectionNow(ctx, a, from, *start, *end); err == nil {
			cl, err = s.store.ReattachClaim(ctx, id, s0, e0, version, userName(c))
			words = cl.Quote.Exact
		}
	}
	return s.orphansResult(c, cl.ArticleID, id, err, fmt.Sprintf("Claim #%d re-attached to “%s”.", cl.Number, words))
}

// doDismiss puts an orphan aside.
func (s *Server) doDismiss(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, id)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	_, err = s.store.DismissOrphan(ctx, id, version, userName(c))
	return s.orphansResult(c, cl.ArticleID, id, err, fmt.Sprintf("Orphan #%d dismissed: it is kept, under Dismissed.", cl.Number))
}

// orphansResult answers an orphan's form: the orphans list, with flash
// after a change, or with the error beside claim id's buttons; the text
// and claim list come along for the forms to take out of band.
func (s *Server) orphansResult(c echo.Context, articleID, claimID int64, err error, flash string) error {
	status := http.StatusOK
	var msg string
	if err != nil {
		code := model.ErrorCode(err)
		if code == model.EINTERNAL || code == model.ENOTFOUND {
			return err
		}
		status, msg, flash = statusOf(code), model.ErrorMessage(err), ""
	}
	a, claims, lerr := s.store.ArticleWithClaims(c.Request().Context(), articleID)
	if lerr != nil {
		return lerr
	}
	l := pages.NewOrphanList(articleID, claims)
	l.Flash = flash
	if msg != "" {
		l.Errors[claimID] = msg
	}
	return s.render(c, status, pages.OrphansAnswer(l, pages.NewArticleText(a, claims).Drawing(a.ID), claims))
}
