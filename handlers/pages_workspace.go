package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/views/pages"
)

func (s *Server) showWorkspace(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, claims, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	// ?revision= names an earlier revision to read (pages_revisions.go).
	if v, err := requestedRevision(c, a); err != nil || (v != 0 && v != a.Revision) {
		if err != nil {
			return err
		}
		return s.showEarlierRevision(c, a, claims, v)
	}
	w := pages.Workspace{Article: a, Claims: claims}
	if err := s.workspaceRevisions(ctx, &w); err != nil {
		return err
	}
	w.PublicExports, w.InternalExports = exportLinks(a.ID)
	if w.Bulk, err = s.bulkForm(ctx, a.ID); err != nil {
		return err
	}
	// ?claim= opens one of this article's claims; another article's is
	// ignored rather than shown in a workspace it is not part of.
	var opened []pages.TextSpan
	if open, err := strconv.ParseInt(c.QueryParam("claim"), 10, 64); err == nil {
		for _, cl := range claims {
			if cl.ID == open {
				w.OpenClaim = open
				// Its words come drawn, for the panel to scroll to.
				opened = pages.ClaimSpans(claims, cl)
			}
		}
	}
	// Only the chunks drawn at once need their claims laid out. A page
	// that opens no claim is the same for every reader of this state of
	// the article: its text and list are rendered once (pages.Memo).
	if len(opened) == 0 {
		w.Memo = s.memos.memo(a)
	}
	w.Text = w.Memo.Text(func() pages.ArticleText {
		return s.articleText(a, pages.ClaimsNear(a, claims, opened...)).Drawing(a.ID, opened...)
	})
	return s.render(c, http.StatusOK, pages.WorkspacePage(w))
}

// showNewClaim renders the new-claim form for the selected span, showing
// the text exactly as the server will store it.
func (s *Server) showNewClaim(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	a, err := s.store.Article(c.Request().Context(), id)
	if err != nil {
		return err
	}
	start, err1 := strconv.Atoi(c.QueryParam("start"))
	end, err2 := strconv.Atoi(c.QueryParam("end"))
	// The words were selected in the revision the page shows, which may
	// be older than the article's: they are shown, and later mapped, from
	// there (pages_revisions.go).
	rev := a.Revision
	if r, err := strconv.Atoi(c.QueryParam("revision")); err == nil && r >= 1 && r < a.Revision {
		old, err := s.store.Revision(c.Request().Context(), id, r)
		if err != nil {
			return err
		}
		rev, a.Text = r, old.Text
	}
	ix := text.NewIndex(a.Text)
	if err1 == nil && err2 == nil && ix.InRange(start, end) {
		start, end = ix.TrimSpan(start, end)
	}
	if err1 != nil || err2 != nil || !ix.InRange(start, end) {
		return model.Invalid("start", "Select some of the article's text first.")
	}
	exact := ix.Slice(start, end)
	// ?kind= is the kind the editor chose last (the browser remembers it):
	// claims come in runs of one kind.
	kind := model.KindOther
	if k := model.Kind(c.QueryParam("kind")); slices.Contains(model.Kinds(), k) {
		kind = k
	}
	return s.render(c, http.StatusOK, pages.NewClaim(pages.NewClaimForm{ArticleID: id, Start: start, End: end, Revision: rev, Exact: exact,
		Statement: exact, Kind: string(kind), Status: string(model.StatusUnchecked)}))
}

func (s *Server) doCreateClaim(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	f := pages.NewClaimForm{ArticleID: id, Statement: c.FormValue("statement"), Kind: c.FormValue("kind"), Status: c.FormValue("status")}
	start, serr := formInt(c, "start")
	end, eerr := formInt(c, "end")
	if serr != nil || eerr != nil || start == nil || end == nil {
		return model.Invalid("start", "Select some of the article's text first.")
	}
	f.Start, f.End = *start, *end
	ctx := c.Request().Context()
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return err
	}
	// A selection made in an earlier revision than the article's is
	// mapped onto the current text, or refused (pages_revisions.go).
	f.Revision, _ = strconv.Atoi(c.FormValue("revision"))
	at, to, mapped, err := s.selectionNow(ctx, a, f.Revision, f.Start, f.End)
	var cl model.Claim
	if err == nil {
		// The suggested parties the editor ticked come with the claim
		// (pages_suggest.go).
		var parties []model.NewParty
		parties, f.Accepted, err = s.acceptedSuggestions(c, id, at, to)
		if err == nil {
			cl, err = s.store.CreateClaim(ctx, id, model.NewClaim{Start: &at, End: &to, Statement: f.Statement,
				Kind: model.Kind(f.Kind), Status: model.Status(f.Status), Parties: parties}, userName(c))
		}
	}
	if err != nil {
		f.Errors = map[string]string{}
		if !addFieldErrors(f.Errors, "", err) {
			return err
		}
		f.Exact = s.selectedIn(ctx, a, f.Revision, f.Start, f.End)
		return s.render(c, statusOf(model.ErrorCode(err)), pages.NewClaim(f))
	}
	flash := "Claim saved."
	if mapped {
		flash = "Claim saved. " + movedNote(a, f.Revision)
	}
	p, err := s.loadPanel(c, cl.ID, func(p *pages.ClaimPanel) { p.Flash = flash })
	if err != nil {
		return err
	}
	text, claims, err := s.workspaceParts(c, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusCreated, pages.CreatedAnswer(p, text, claims, pages.ClaimSpans(claims, cl)))
}

// workspaceParts returns the article's text and claims as the workspace
// shows them, for answers that update both out of band. The text is drawn
// in chunks, the first screen's at once (ArticleText.Drawing).
func (s *Server) workspaceParts(c echo.Context, articleID int64) (pages.ArticleText, []model.Claim, error) {
	a, claims, err := s.store.ArticleWithClaims(c.Request().Context(), articleID)
	if err != nil {
		return pages.ArticleText{}, nil, err
	}
	return s.articleText(a, claims).Drawing(a.ID), claims, nil
}

// showPanel renders a claim's panel. The workspace names its article in
// ?article=, and a claim of another article is not found there: its panel
// must not open in a workspace it is not part of.
func (s *Server) showPanel(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	if a := c.QueryParam("article"); a != "" {
		cl, err := s.store.Claim(c.Request().Context(), id)
		if err != nil {
			return err
		}
		if strconv.FormatInt(cl.ArticleID, 10) != a {
			return &model.Error{Code: model.ENOTFOUND, Message: fmt.Sprintf("Claim #%d is not part of this article.", id)}
		}
	}
	return s.renderPanel(c, http.StatusOK, id, nil)
}

// renderPanel renders the claim panel; adjust, when given, changes the view
// model first (a flash message, errors, the editor's refused input).
func (s *Server) renderPanel(c echo.Context, status int, claimID int64, adjust func(*pages.ClaimPanel)) error {
	p, err := s.loadPanel(c, claimID, adjust)
	if err != nil {
		return err
	}
	return s.render(c, status, pages.Panel(p))
}

// loadPanel reads what the claim panel shows; adjust, when given, changes
// the view model.
func (s *Server) loadPanel(c echo.Context, claimID int64, adjust func(*pages.ClaimPanel)) (pages.ClaimPanel, error) {
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, claimID)
	if err != nil {
		return pages.ClaimPanel{}, err
	}
	history, err := s.store.History(ctx, claimID)
	if err != nil {
		return pages.ClaimPanel{}, err
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return pages.ClaimPanel{}, err
	}
	comments, err := s.store.Comments(ctx, claimID)
	if err != nil {
		return pages.ClaimPanel{}, err
	}
	p := pages.ClaimPanel{Comments: comments, Claim: cl, History: history, Users: users, Details: pages.DetailsFrom(cl),
		Party: pages.PartyFor(cl), Source: pages.SourceInput{Relation: string(model.RelationSupports)},
		Publish: pages.PublishFor(cl), Errors: map[string]string{}, RequireCheck: s.cfg.RequireSecondCheck}
	if adjust != nil {
		adjust(&p)
	}
	return p, nil
}

// panelResult answers a panel form with the part of the panel the form
// belongs to (form names it: "details", "party", "source", "archive",
// "publish", "withdraw", or "" for the delete form). On success the part comes
// refreshed with a flash, and the panel's head, version and history, the
// article text and the claim list come with it, swapped in out of band
// (the form's hx-select-oob); the panel's other forms keep what the editor
// typed into them. On a user error, the part comes with the message beside
// the field and the editor's input kept (keep puts it back, and the form is
// marked as holding unsaved input); anything else is a server fault.
func (s *Server) panelResult(c echo.Context, claimID int64, err error, form string, flash string, keep func(*pages.ClaimPanel)) error {
	part := panelPart(form)
	if err == nil {
		p, err := s.loadPanel(c, claimID, func(p *pages.ClaimPanel) { p.Flash = flash })
		if err != nil {
			return err
		}
		// A status change shows in the public review's section (the
		// verdict readers see may now differ), which comes along then.
		changed := form == "details" && c.FormValue("base_status") != string(p.Claim.Status)
		// Only what the change touched comes along: the claim's chunks of
		// the text, drawn from the claims near it alone, and its entry in
		// the list. A party's change may have unmarked words anywhere: the
		// whole text comes, drawn where the claim is.
		touched := &pages.Touched{WholeText: form == "party"}
		var text pages.ArticleText
		if touched.WholeText {
			var claims []model.Claim
			if text, claims, err = s.workspaceParts(c, p.Claim.ArticleID); err != nil {
				return err
			}
			touched.Spans = pages.ClaimSpans(claims, p.Claim)
			text = text.Drawing(p.Claim.ArticleID, touched.Spans...)
		} else if text, touched.Spans, err = s.nearParts(c.Request().Context(), p.Claim); err != nil {
			return err
		}
		return s.render(c, http.StatusOK, pages.PanelAnswer(pages.Answer{Panel: p, Part: part, OK: true, StatusChanged: changed,
			Text: text, Touched: touched}))
	}
	errs := map[string]string{}
	prefix := ""
	if form != "" {
		prefix = form + "."
	}
	if model.ErrorCode(err) == model.ENOTFOUND || !addFieldErrors(errs, prefix, err) {
		return err
	}
	p, lerr := s.loadPanel(c, claimID, func(p *pages.ClaimPanel) {
		p.Errors = errs
		if keep != nil {
			keep(p)
			p.Unsaved = form
		}
	})
	if lerr != nil {
		return lerr
	}
	if part == pages.PartDelete {
		// The delete form's success replaces the whole panel; its error
		// shows in its own section.
		h := c.Response().Header()
		h.Set("HX-Retarget", "#"+pages.SectionID(p.Claim, "delete"))
		h.Set("HX-Reswap", "outerHTML")
	}
	return s.render(c, statusOf(model.ErrorCode(err)), pages.PanelAnswer(pages.Answer{Panel: p, Part: part}))
}

// panelPart is the part of the panel that the form called form belongs to.
func panelPart(form string) string {
	switch form {
	case "details":
		return pages.PartDetails
	case "party":
		return pages.PartParties
	case "source", "archive":
		return pages.PartSources
	case "publish", "withdraw", "check":
		return pages.PartPublication
	case "comment":
		return pages.PartComments
	}
	return pages.PartDelete
}

// showLibrary lists the library's sources matching ?q= for claim id's
// source form: each entry attaches that source in one step.
func (s *Server) showLibrary(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, id)
	if err != nil {
		return err
	}
	q := c.QueryParam("q")
	list, err := s.store.SearchSources(ctx, q, libraryLimit)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.Library(cl, list, q))
}

// libraryLimit is how many library sources the source form lists.
const libraryLimit = 50

func (s *Server) doEditClaim(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := pages.DetailsInput{Statement: c.FormValue("statement"), Kind: c.FormValue("kind"), Status: c.FormValue("status"),
		Note: c.FormValue("note"), Assignee: c.FormValue("assignee"), Due: c.FormValue("due"), Comment: c.FormValue("comment")}
	var base *pages.DetailsInput
	if f, err := c.FormParams(); err == nil && f.Has("base_status") {
		base = &pages.DetailsInput{Statement: f.Get("base_statement"), Kind: f.Get("base_kind"), Status: f.Get("base_status"),
			Note: f.Get("base_note"), Assignee: f.Get("base_assignee"), Due: f.Get("base_due")}
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	edit := model.ClaimEdit{Details: in.ClaimDetails(), Comment: in.Comment, Version: version}
	if base != nil {
		b := base.ClaimDetails()
		edit.Base = &b
	}
	// A save after someone else's goes ahead unless they changed a field the
	// editor is saving; then both values are shown under the field and the
	// editor's kept in the form, for the next Save to apply knowingly.
	_, conflicts, err := s.store.EditClaim(ctx, id, edit, userName(c))
	return s.panelResult(c, id, err, "details", "Saved.", func(p *pages.ClaimPanel) {
		p.Details, p.Conflicts = in, pages.ShowConflicts(conflicts, p.Users)
	})
}

func (s *Server) doAddParty(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	in := pages.PartyInput{Name: c.FormValue("name"), Role: c.FormValue("role"), UseSelection: c.FormValue("use_selection") != ""}
	p := model.NewParty{Name: in.Name, Role: model.Role(in.Role)}
	if in.UseSelection {
		start, serr := formInt(c, "start")
		end, eerr := formInt(c, "end")
		if serr != nil || eerr != nil || start == nil || end == nil {
			err = model.Invalid("end", "Select the party's words in the article first, or untick “mark the selected text”.")
			return s.panelResult(c, id, err, "party", "", func(pp *pages.ClaimPanel) { pp.Party = in })
		}
		if err := s.selectedNow(c, id, start, end); err != nil {
			return s.panelResult(c, id, refield(err, "end"), "party", "", func(pp *pages.ClaimPanel) { pp.Party = in })
		}
		p.Start, p.End = start, end
	}
	names := splitParties(in.Name)
	keep := func(pp *pages.ClaimPanel) { pp.Party = in }
	if len(names) <= 1 {
		_, err = s.store.AddParty(c.Request().Context(), id, p, userName(c))
		return s.panelResult(c, id, err, "party", "Party added.", keep)
	}
	// Several parties in one role ("Erdogan, the Syrian government and the
	// Syrian opposition"): each is checked before any is added, so that a
	// refused name adds none.
	if in.UseSelection {
		return s.panelResult(c, id, model.Invalid("name", "Mark one party at a time: untick “mark the selected text” to add several."), "party", "", keep)
	}
	ps := make([]model.NewParty, len(names))
	for i, name := range names {
		ps[i] = model.NewParty{Name: name, Role: p.Role}
	}
	_, err = s.store.AddParties(c.Request().Context(), id, ps, userName(c))
	if e, ok := errors.AsType[*model.Error](err); ok && strings.HasPrefix(e.Field, "parties[") {
		// The form has one name field for all of them.
		shown := *e
		shown.Field = "name"
		err = &shown
	}
	return s.panelResult(c, id, err, "party", fmt.Sprintf("%d parties added: %s.", len(names), strings.Join(names, "; ")), keep)
}

// splitParties splits the add-party form's name into the parties it lists:
// names separated by commas, semicolons or " and ". A name that holds
// "and" itself ("Bosnia and Herzegovina") is added as the editor typed it
// when it is quoted: "\"Bosnia and Herzegovina\", Serbia".
func splitParties(raw string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	flush := func() {
		if name := strings.Trim(strings.TrimSpace(cur.String()), `"“”`); name != "" {
			out = append(out, strings.TrimSpace(name))
		}
		cur.Reset()
	}
	rs := []rune(raw)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '"' || r == '“' || r == '”':
			quoted = !quoted
			cur.WriteRune(r)
		case !quoted && (r == ',' || r == ';'):
			flush()
		case !quoted && unicode.IsSpace(r) && hasWordAt(rs, i+1, "and"):
			flush()
			i += len("and")
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// hasWordAt reports whether rs holds the word w at i, followed by a space.
func hasWordAt(rs []rune, i int, w string) bool {
	end := i + len(w)
	return end < len(rs) && strings.EqualFold(string(rs[i:end]), w) && unicode.IsSpace(rs[end])
}

func (s *Server) doMarkParty(c echo.Context) error {
	id, pid, err := claimChildIDs(c, "pid", "Party")
	if err != nil {
		return err
	}
	var start, end *int
	if c.FormValue("unmark") == "" {
		var serr, eerr error
		start, serr = formInt(c, "start")
		end, eerr = formInt(c, "end")
		if serr != nil || eerr != nil || start == nil || end == nil {
			return s.panelResult(c, id, model.Invalid("mark", "Select the party's words in the article first, then press “Mark in text”."), "party", "", nil)
		}
	}
	if start != nil && end != nil {
		if err := s.selectedNow(c, id, start, end); err != nil {
			return s.panelResult(c, id, refield(err, "mark"), "party", "", nil)
		}
	}
	_, err = s.store.MarkParty(c.Request().Context(), id, pid, start, end, userName(c))
	if err != nil && model.ErrorCode(err) == model.EINVALID {
		err = model.Invalid("mark", "%s", model.ErrorMessage(err))
	}
	return s.panelResult(c, id, err, "party", "Party marked.", nil)
}

func (s *Server) doRemoveParty(c echo.Context) error {
	id, pid, err := claimChildIDs(c, "pid", "Party")
	if err != nil {
		return err
	}
	_, err = s.store.RemoveParty(c.Request().Context(), id, pid, userName(c))
	return s.panelResult(c, id, err, "party", "Party removed.", nil)
}

func (s *Server) doAttachSource(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	in := pages.SourceInput{SourceID: c.FormValue("source_id"), URL: c.FormValue("url"), Reference: c.FormValue("reference"),
		Title: c.FormValue("title"), Publisher: c.FormValue("publisher"), PublishedAt: c.FormValue("published_at"),
		Excerpt: c.FormValue("excerpt"), Relation: c.FormValue("relation"), Note: c.FormValue("note"), DateOrder: c.FormValue("date_order")}
	att := model.Attachment{Excerpt: in.Excerpt, Relation: model.Relation(in.Relation), Note: in.Note}
	if in.SourceID != "" {
		sid, perr := strconv.ParseInt(in.SourceID, 10, 64)
		if perr != nil || sid <= 0 {
			return s.panelResult(c, id, model.Invalid("source_id", "Pick a source from the list."), "source", "", func(p *pages.ClaimPanel) { p.Source = in })
		}
		att.SourceID = sid
	} else {
		published, derr := parseDate(in.PublishedAt, in.DateOrder, "published_at")
		if derr != nil {
			return s.panelResult(c, id, derr, "source", "", func(p *pages.ClaimPanel) { p.Source = in })
		}
		att.Source = &model.NewSource{URL: in.URL, Reference: in.Reference, Title: in.Title, Publisher: in.Publisher, PublishedAt: published}
	}
	_, err = s.store.AttachSource(c.Request().Context(), id, att, userName(c))
	return s.panelResult(c, id, err, "source", "Source attached.", func(p *pages.ClaimPanel) { p.Source = in })
}

func (s *Server) doDetachSource(c echo.Context) error {
	id, sid, err := claimChildIDs(c, "sid", "Source")
	if err != nil {
		return err
	}
	_, err = s.store.DetachSource(c.Request().Context(), id, sid, userName(c))
	return s.panelResult(c, id, err, "source", "Source removed.", nil)
}

func (s *Server) doDeleteClaim(c echo.Context) error {
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
	if err := s.store.DeleteClaim(ctx, id, version); err != nil {
		var de *model.Error
		if errors.As(err, &de) && (de.Code == model.EPRECONDITION || de.Code == model.ECONFLICT) {
			return s.panelResult(c, id, &model.Error{Code: de.Code, Field: "delete", Message: de.Message}, "", "", nil)
		}
		return err
	}
	text, claims, err := s.workspaceParts(c, cl.ArticleID)
	if err != nil {
		return err
	}
	// Where it was, and the claims it overlapped, are drawn anew.
	return s.render(c, http.StatusOK, pages.DeletedAnswer(text, claims, pages.ClaimSpans(claims, cl)))
}

// formInt reads an optional whole number from a form field.
func formInt(c echo.Context, name string) (*int, error) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil, model.Invalid(name, "%s must be a whole number.", name)
	}
	return &n, nil
}

// exportLinks lists the workspace's export links in two groups: the files
// for readers (the public editions and ClaimReview, published reviews
// only) and the internal ones (the internal editions and the complete
// exchange formats).
func exportLinks(articleID int64) (public, internal []pages.ExportLink) {
	base := "/api/v1/articles/" + strconv.FormatInt(articleID, 10) + "/export?format="
	for _, f := range export.Formats() {
		label := formatLabel(f.Name)
		switch {
		case f.Editions:
			public = append(public, pages.ExportLink{Label: label, URL: base + f.Name + "&edition=public", TestID: "export-" + f.Name,
				Title: label + ", public edition: the article, the claims and their published reviews"})
			internal = append(internal, pages.ExportLink{Label: label, URL: base + f.Name + "&edition=internal", TestID: "export-" + f.Name + "-internal",
				Title: label + ", internal edition: notes, comments, working verdicts and history included"})
		case f.Complete:
			internal = append(internal, pages.ExportLink{Label: label, URL: base + f.Name, TestID: "export-" + f.Name,
				Title: label + ": the complete exchange format, internal fields included"})
		default:
			public = append(public, pages.ExportLink{Label: label, URL: base + f.Name, TestID: "export-" + f.Name,
				Title: label + ": published reviews only"})
		}
	}
	return public, internal
}

// formatLabel is how the workspace names an export format: the name an
// editor knows it by, rather than its ?format= value. A format added to
// export.Formats() without a label here shows under its name.
func formatLabel(name string) string {
	switch name {
	case "html":
		return "HTML"
	case "markdown":
		return "Markdown"
	case "json":
		return "JSON"
	case "csv":
		return "CSV"
	case "w3c":
		return "W3C annotations"
	case "claimreview":
		return "ClaimReview"
	}
	return name
}
