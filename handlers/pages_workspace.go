package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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
	w := pages.Workspace{Article: a, Text: pages.NewArticleText(a, claims), Claims: claims}
	w.PublicExports, w.InternalExports = exportLinks(a.ID)
	// ?claim= opens one of this article's claims; another article's is
	// ignored rather than shown in a workspace it is not part of.
	if open, err := strconv.ParseInt(c.QueryParam("claim"), 10, 64); err == nil {
		for _, cl := range claims {
			if cl.ID == open {
				w.OpenClaim = open
			}
		}
	}
	return s.render(c, http.StatusOK, pages.WorkspacePage(w))
}

// showWorkspaceParts renders the article text and the claim list, which the
// workspace swaps in after every change instead of reloading the page.
func (s *Server) showWorkspaceParts(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, claims, err := s.store.ArticleWithClaims(ctx, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, pages.WorkspaceParts(pages.NewArticleText(a, claims), claims))
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
	ix := text.NewIndex(a.Text)
	if err1 == nil && err2 == nil && ix.InRange(start, end) {
		start, end = ix.TrimSpan(start, end)
	}
	if err1 != nil || err2 != nil || !ix.InRange(start, end) {
		return model.Invalid("start", "Select some of the article's text first.")
	}
	exact := ix.Slice(start, end)
	return s.render(c, http.StatusOK, pages.NewClaim(pages.NewClaimForm{ArticleID: id, Start: start, End: end, Exact: exact,
		Statement: exact, Kind: string(model.KindOther), Status: string(model.StatusUnchecked)}))
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
	cl, err := s.store.CreateClaim(c.Request().Context(), id, model.NewClaim{Start: start, End: end, Statement: f.Statement,
		Kind: model.Kind(f.Kind), Status: model.Status(f.Status)}, userName(c))
	if err != nil {
		f.Errors = map[string]string{}
		if !addFieldErrors(f.Errors, "", err) {
			return err
		}
		if a, aerr := s.store.Article(c.Request().Context(), id); aerr == nil {
			f.Exact = text.NewIndex(a.Text).Slice(f.Start, f.End)
		}
		return s.render(c, statusOf(model.ErrorCode(err)), pages.NewClaim(f))
	}
	return s.renderPanel(c, http.StatusCreated, cl.ID, func(p *pages.ClaimPanel) { p.Flash = "Claim saved." })
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
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, claimID)
	if err != nil {
		return err
	}
	history, err := s.store.History(ctx, claimID)
	if err != nil {
		return err
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return err
	}
	p := pages.ClaimPanel{Claim: cl, History: history, Users: users, Details: pages.DetailsFrom(cl),
		Party: pages.PartyFor(cl), Source: pages.SourceInput{Relation: string(model.RelationSupports)},
		Publish: pages.PublishFor(cl), Errors: map[string]string{}}
	if adjust != nil {
		adjust(&p)
	}
	return s.render(c, status, pages.Panel(p))
}

// panelResult answers a panel form: the refreshed panel with a flash on
// success; on a user error, the panel with the message beside the field and
// the editor's input kept (keep puts it back, and the form is marked as
// holding unsaved input); anything else is a server fault.
func (s *Server) panelResult(c echo.Context, claimID int64, err error, form string, flash string, keep func(*pages.ClaimPanel)) error {
	if err == nil {
		return s.renderPanel(c, http.StatusOK, claimID, func(p *pages.ClaimPanel) { p.Flash = flash })
	}
	errs := map[string]string{}
	prefix := ""
	if form != "" {
		prefix = form + "."
	}
	if model.ErrorCode(err) == model.ENOTFOUND || !addFieldErrors(errs, prefix, err) {
		return err
	}
	return s.renderPanel(c, statusOf(model.ErrorCode(err)), claimID, func(p *pages.ClaimPanel) {
		p.Errors = errs
		if keep != nil {
			keep(p)
			p.Unsaved = form
		}
	})
}

func (s *Server) doEditClaim(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in := pages.DetailsInput{Statement: c.FormValue("statement"), Kind: c.FormValue("kind"), Status: c.FormValue("status"),
		Note: c.FormValue("note"), Assignee: c.FormValue("assignee"), Comment: c.FormValue("comment")}
	var base *pages.DetailsInput
	if f, err := c.FormParams(); err == nil && f.Has("base_status") {
		base = &pages.DetailsInput{Statement: f.Get("base_statement"), Kind: f.Get("base_kind"), Status: f.Get("base_status"),
			Note: f.Get("base_note"), Assignee: f.Get("base_assignee")}
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
		p.Start, p.End = start, end
	}
	_, err = s.store.AddParty(c.Request().Context(), id, p, userName(c))
	return s.panelResult(c, id, err, "party", "Party added.", func(pp *pages.ClaimPanel) { pp.Party = in })
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
		Excerpt: c.FormValue("excerpt"), Relation: c.FormValue("relation"), Note: c.FormValue("note")}
	att := model.Attachment{Excerpt: in.Excerpt, Relation: model.Relation(in.Relation), Note: in.Note}
	if in.SourceID != "" {
		sid, perr := strconv.ParseInt(in.SourceID, 10, 64)
		if perr != nil || sid <= 0 {
			return s.panelResult(c, id, model.Invalid("source_id", "Pick a source from the list."), "source", "", func(p *pages.ClaimPanel) { p.Source = in })
		}
		att.SourceID = sid
	} else {
		att.Source = &model.NewSource{URL: in.URL, Reference: in.Reference, Title: in.Title, Publisher: in.Publisher, PublishedAt: in.PublishedAt}
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
	version, _ := strconv.Atoi(c.FormValue("version"))
	if err := s.store.DeleteClaim(c.Request().Context(), id, version); err != nil {
		var de *model.Error
		if errors.As(err, &de) && (de.Code == model.EPRECONDITION || de.Code == model.ECONFLICT) {
			return s.panelResult(c, id, &model.Error{Code: de.Code, Field: "delete", Message: de.Message}, "", "", nil)
		}
		return err
	}
	return c.HTML(http.StatusOK, `<p class="muted" tabindex="-1" data-panel-heading data-testid="claim-deleted">Claim deleted.</p>`)
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
