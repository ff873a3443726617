package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/extract"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

func (s *Server) showHome(c echo.Context) error {
	list, err := s.store.ListArticles(c.Request().Context())
	if err != nil {
		return err
	}
	// ?state= shows the articles in one state, as the dashboard counts them.
	if st := model.ArticleState(c.QueryParam("state")); st != "" {
		list = slices.DeleteFunc(list, func(a model.ArticleSummary) bool { return a.State != st })
	}
	return s.render(c, http.StatusOK, pages.Home(list))
}

func (s *Server) showImport(c echo.Context) error {
	return s.render(c, http.StatusOK, pages.Import(pages.ImportForm{}))
}

// doImport previews the pasted text as blocks and, once the editor has
// chosen which to keep, saves the article. The preview is tied to a hash of
// the text it was made from: if the text changed since, the editor sees a
// fresh preview instead of a save that drops the wrong blocks.
func (s *Server) doImport(c echo.Context) error {
	f := pages.ImportForm{
		Title: c.FormValue("title"), Byline: c.FormValue("byline"), Publication: c.FormValue("publication"),
		URL: c.FormValue("url"), PublishedAt: c.FormValue("published_at"), Text: c.FormValue("text"),
		DateOrder: c.FormValue("date_order"), Errors: map[string]string{},
	}
	// A date written as November 13, 2004 or 13/11/2004 is shown back as
	// it was read (2004-11-13), so that the editor sees the day and month
	// before saving.
	d, dateErr := parseDate(f.PublishedAt, f.DateOrder, "published_at")
	if dateErr == nil {
		f.PublishedAt = d
	}
	if p := formTextProblem(c); p != nil {
		// Shown next to its field; a problem in a field the page does not
		// show (a block's hidden hash) is shown with the text, which its
		// message names.
		field := p.Field
		if !slices.Contains([]string{"title", "byline", "publication", "url", "published_at"}, field) {
			field = "text"
		}
		f.Errors[field] = p.Message
		return s.render(c, http.StatusBadRequest, pages.Import(f))
	}
	form, err := c.FormParams()
	if err != nil {
		return model.Errorf(model.EINVALID, "The form could not be read (%v): send it again from the import page.", err)
	}
	hash := textHash(f.Text)
	save := c.FormValue("action") == "save" && c.FormValue("text_hash") == hash
	blocks := ingest.PreviewBlocks(f.Text)
	if len(blocks) > 0 {
		f.Blocks, f.TextHash = blocks, hash
		f.BlockHashes = make([]string, len(blocks))
		f.Likely = map[int]bool{}
		for i, b := range blocks {
			f.BlockHashes[i] = textHash(b)
			f.Likely[i] = extract.LikelyBoilerplate(b, f.Byline)
		}
	}
	kept := map[int]bool{}
	for _, v := range form["keep"] {
		if i, err := strconv.Atoi(v); err == nil {
			kept[i] = true
		}
	}
	f.Keep = map[int]bool{}
	if save {
		f.Keep = kept
	} else {
		// A new preview of a changed text keeps unticked what the editor
		// unticked before, recognising blocks by their text: positions move
		// when the text is edited. A block not previewed before starts
		// unticked if it looks like a caption, a byline or a promotion.
		dropped, seen := map[string]bool{}, map[string]bool{}
		for i, h := range form["block_hash"] {
			seen[h] = true
			if !kept[i] {
				dropped[h] = true
			}
		}
		for i, h := range f.BlockHashes {
			if seen[h] {
				f.Keep[i] = !dropped[h]
			} else {
				f.Keep[i] = !f.Likely[i]
			}
		}
		if c.FormValue("action") == "save" {
			f.Notice = "The text changed since the preview: check which blocks to keep, then save again."
		}
	}
	var drop []int
	for i := range blocks {
		if !f.Keep[i] {
			drop = append(drop, i)
		}
	}
	na, err := ingest.Plain(ingest.PlainInput{Title: f.Title, Byline: f.Byline, Publication: f.Publication,
		URL: f.URL, PublishedAt: f.PublishedAt, Text: f.Text, Drop: drop})
	if err != nil {
		if !addFieldErrors(f.Errors, "", err) {
			return err
		}
		if msg, ok := f.Errors["drop"]; ok {
			f.Errors["keep"] = msg
		}
		if _, ok := f.Errors["published_at"]; ok && dateErr != nil {
			// Say which ways of writing a date are understood.
			f.Errors["published_at"] = model.ErrorMessage(dateErr)
		}
		return s.render(c, http.StatusBadRequest, pages.Import(f))
	}
	if !save {
		return s.render(c, http.StatusOK, pages.Import(f))
	}
	a, err := s.store.CreateArticle(c.Request().Context(), na, userName(c))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/articles/"+strconv.FormatInt(a.ID, 10))
}

func textHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}

// addFieldErrors copies the field errors in err into errs, each key prefixed
// ("details."), and reports whether err was a user error at all.
func addFieldErrors(errs map[string]string, prefix string, err error) bool {
	var many *ingest.ValidationError
	if errors.As(err, &many) {
		for f, msg := range many.Fields {
			errs[prefix+f] = msg
		}
		return true
	}
	var de *model.Error
	if errors.As(err, &de) && de.Code != model.EINTERNAL && len(de.Fields) > 1 {
		for f, msg := range de.Fields {
			errs[prefix+f] = msg
		}
		return true
	}
	if errors.As(err, &de) && de.Code != model.EINTERNAL {
		field := de.Field
		if field == "" {
			field = "form"
		}
		// Nested fields ("parties[0].name") show beside their last part.
		if i := strings.LastIndexByte(field, '.'); i >= 0 && strings.Contains(field, "[") {
			field = field[i+1:]
		}
		errs[prefix+field] = de.Message
		return true
	}
	return false
}
