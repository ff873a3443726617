package handlers

import (
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/extract"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/views/pages"
)

// The import page's actions: preview (the default), save, fetch the URL,
// and clear the page the body came from to paste other text.
const (
	importPreview = "preview"
	importSave    = "save"
	importFetch   = "fetch"
	importClear   = "clear"
)

// importFields are the fields the import form shows errors beside, in
// its order; a problem found in any other field (a hidden hash) is shown
// with the text.
func importFields() []string {
	return []string{"title", "byline", "publication", "url", "published_at", "lang", "dir", "file", "html", "text", "keep"}
}

// importBody is where an import's body comes from and what it gives.
type importBody struct {
	// hash identifies the body: a preview is saved only when the body is
	// still the one it was made from.
	hash string
	// blocks is the preview.
	blocks []pages.PreviewBlock
	// plain is set for pasted text; x for a page pasted, uploaded or
	// fetched.
	plain bool
	x     extracted
	// page is the pending page the body came from, and origin how it came
	// (url or upload); nil for pasted text or HTML.
	page   *model.FetchedPage
	origin model.Origin
}

// showImport shows the empty import form.
func (s *Server) showImport(c echo.Context) error {
	return s.render(c, http.StatusOK, pages.Import(pages.ImportForm{UploadLimit: s.uploadLimit()}))
}

// doImport previews the body as blocks and, once the editor has chosen
// which to keep, saves the article. The body is pasted text, a page pasted
// from the browser (its text/html, in the hidden html field), an uploaded
// .html file or the page at the URL field (action fetch). An uploaded or
// fetched page is stored at once as a pending page, bound to the form by a
// token, so that the save attaches exactly the page previewed, without
// fetching or uploading it again.
//
// The preview is tied to a hash of the body it was made from: if the body
// changed since, the editor sees a fresh preview instead of a save that
// drops the wrong blocks. Fields the editor typed win over those found in
// a page, which fill only the empty ones.
func (s *Server) doImport(c echo.Context) error {
	f := readImportForm(c)
	f.UploadLimit = s.uploadLimit()
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
		if !slices.Contains(importFields(), field) {
			field = "text"
		}
		f.Errors[field] = p.Message
		return s.renderImport(c, http.StatusBadRequest, f)
	}
	form, err := c.FormParams()
	if err != nil {
		return model.Errorf(model.EINVALID, "The form could not be read (%v): send it again from the import page.", err)
	}
	action := cmp.Or(c.FormValue("action"), importPreview)
	if action == importClear {
		f.HTML, f.BaseURL, f.Page, f.Text = "", "", nil, ""
		return s.renderImport(c, http.StatusOK, f)
	}
	body, err := s.importBody(c, &f, action)
	if err != nil {
		if !addFieldErrors(f.Errors, "", err) {
			return err
		}
		return s.renderImport(c, http.StatusBadRequest, f)
	}
	submitted := c.FormValue("text_hash")
	if body.hash != submitted && !body.plain {
		// A page seen for the first time fills the fields left empty.
		prefill(&f, body.x.Article)
	}
	save := action == importSave && submitted == body.hash
	if action == importSave && !save {
		f.Notice = "The text changed since the preview: check which blocks to keep, then save again."
	}
	drop := chooseBlocks(&f, form, body, save)

	na, err := formArticle(f, body, drop)
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
		return s.renderImport(c, http.StatusBadRequest, f)
	}
	if !save {
		return s.renderImport(c, http.StatusOK, f)
	}
	a, err := s.store.CreateArticle(c.Request().Context(), na, userName(c))
	if err != nil {
		if errors.Is(err, context.Canceled) || !addFieldErrors(f.Errors, "", err) {
			return err
		}
		return s.renderImport(c, http.StatusBadRequest, f)
	}
	to := "/articles/" + strconv.FormatInt(a.ID, 10)
	if isHTMX(c) {
		c.Response().Header().Set("HX-Redirect", to)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// readImportForm reads the form's fields as they were sent.
func readImportForm(c echo.Context) pages.ImportForm {
	return pages.ImportForm{
		Title: c.FormValue("title"), Byline: c.FormValue("byline"), Publication: c.FormValue("publication"),
		URL: c.FormValue("url"), PublishedAt: c.FormValue("published_at"), Text: c.FormValue("text"),
		Lang: c.FormValue("lang"), Dir: c.FormValue("dir"), HTML: c.FormValue("html"), BaseURL: c.FormValue("base_url"),
		DateOrder: c.FormValue("date_order"), Errors: map[string]string{},
	}
}

// renderImport answers with the form: the fragment for htmx, the page
// otherwise.
func (s *Server) renderImport(c echo.Context, status int, f pages.ImportForm) error {
	if isHTMX(c) {
		return s.render(c, status, pages.ImportFormView(f))
	}
	return s.render(c, status, pages.Import(f))
}

// importBody finds the body the form gives, in this order: the page at
// the URL field (action fetch), an uploaded file, the pending page the
// preview was made from, the HTML pasted from a web page, the text.
func (s *Server) importBody(c echo.Context, f *pages.ImportForm, action string) (importBody, error) {
	ctx := c.Request().Context()
	file, err := uploadedFile(c)
	if err != nil {
		return importBody{}, err
	}
	switch {
	case action == importFetch:
		if strings.TrimSpace(f.URL) == "" {
			return importBody{}, model.Invalid("url", "Type the address of the article's page, then press Fetch.")
		}
		a, page, err := s.fetchArticle(ctx, strings.TrimSpace(f.URL))
		if err != nil {
			return importBody{}, err
		}
		f.URL = page.FinalURL // the article is where the fetch ended
		return s.newPendingBody(c, f, a, *page, model.OriginURL, "url")
	case file != nil:
		return s.uploadBody(c, f, file)
	case c.FormValue("page_id") != "":
		return s.pendingBody(c, f)
	case f.HTML != "":
		rawBase := cmp.Or(f.BaseURL, validURL(f.URL))
		base, err := parseBaseURL(rawBase)
		if err != nil {
			return importBody{}, model.Invalid("html", "The address the page was copied from is not a valid http or https URL: clear the URL field or correct it.")
		}
		a, err := extract.Fragment(f.HTML, base)
		if err != nil {
			return importBody{}, model.Invalid("html", "The pasted page could not be read as HTML: %v", err)
		}
		return extractedBody(f, extracted{Article: a, field: "html"}, "html\x00"+f.HTML+"\x00"+rawBase)
	}
	texts := ingest.PreviewBlocks(f.Text)
	body := importBody{plain: true, hash: textHash(f.Text)}
	for _, t := range texts {
		body.blocks = append(body.blocks, pages.PreviewBlock{Kind: text.Paragraph, Text: t})
	}
	return body, nil
}

// validURL returns raw when it is a full http or https address, else "".
func validURL(raw string) string {
	if u, ok := model.NormalizeURL(raw); ok {
		return u
	}
	return ""
}

// uploadedFile returns the .html file sent with the form, or nil when
// none was chosen.
func uploadedFile(c echo.Context) (*multipart.FileHeader, error) {
	fh, err := c.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) || (err == nil && fh.Size == 0 && fh.Filename == "") {
		return nil, nil
	}
	if err != nil {
		return nil, model.Invalid("file", "The file could not be read (%v): choose it again.", err)
	}
	return fh, nil
}

// uploadBody reads an uploaded page, extracts its article and keeps the
// file as a pending page, like a fetched one.
func (s *Server) uploadBody(c echo.Context, f *pages.ImportForm, file *multipart.FileHeader) (importBody, error) {
	limit := s.uploadLimit()
	header := file.Header.Get("Content-Type")
	if file.Size > limit {
		return importBody{}, model.Invalid("file", "%s is too large (%s): at most %s. Save the page without its images, or paste its text.", file.Filename, mib(file.Size), mib(limit))
	}
	if !htmlFileName(file.Filename, header) {
		return importBody{}, model.Invalid("file", "%s is not an HTML page: choose a .html or .htm file (in the browser, File → Save page as…, “Web page, HTML only”).", file.Filename)
	}
	r, err := file.Open()
	if err != nil {
		return importBody{}, model.Invalid("file", "The file could not be read (%v): choose it again.", err)
	}
	defer r.Close()
	raw, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return importBody{}, model.Invalid("file", "The file could not be read (%v): choose it again.", err)
	}
	if int64(len(raw)) > limit {
		return importBody{}, model.Invalid("file", "%s is too large: at most %s.", file.Filename, mib(limit))
	}
	ctype := "text/html"
	if strings.HasPrefix(strings.ToLower(header), "text/html") {
		ctype = header
	}
	base, _ := url.Parse(validURL(f.URL))
	a, err := extract.Page(raw, ctype, base)
	if err != nil {
		return importBody{}, model.Invalid("file", "%s could not be read as HTML: %v", file.Filename, err)
	}
	page := model.FetchedPage{URL: validURL(f.URL), ContentType: ctype, Body: raw, FetchedAt: s.now().UTC().Truncate(time.Second)}
	return s.newPendingBody(c, f, a, page, model.OriginUpload, "file")
}

// htmlFileName reports whether an uploaded file looks like an HTML page,
// by its name or the type the browser gave it.
func htmlFileName(name, ctype string) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".html") || strings.HasSuffix(lower, ".htm") || strings.HasPrefix(strings.ToLower(ctype), "text/html")
}

// newPendingBody stores a fetched or uploaded page as pending, binds it to
// the form and returns its body.
func (s *Server) newPendingBody(c echo.Context, f *pages.ImportForm, a extract.Article, page model.FetchedPage, origin model.Origin, field string) (importBody, error) {
	if len(a.Blocks) == 0 {
		return importBody{}, model.Invalid(field, "No article text was found in the page: paste the text instead.")
	}
	page.FetchedBy = userName(c)
	stored, err := s.store.StorePendingPage(c.Request().Context(), page)
	if err != nil {
		return importBody{}, err
	}
	if err := s.bindPage(c.Request().Context(), f, stored, origin, page.FetchedBy); err != nil {
		return importBody{}, err
	}
	f.HTML, f.BaseURL = "", ""
	return pageBody(f, a, stored, origin, field)
}

// pendingBody reads back the pending page the preview was made from,
// refusing one the form's token does not bind to this user.
func (s *Server) pendingBody(c echo.Context, f *pages.ImportForm) (importBody, error) {
	origin := model.Origin(c.FormValue("page_origin"))
	field := "url"
	if origin == model.OriginUpload {
		field = "file"
	}
	expired := model.Invalid(field, "The page previewed is no longer waiting to be saved (a day has passed, or it was saved already): fetch or upload it again.")
	id, err := strconv.ParseInt(c.FormValue("page_id"), 10, 64)
	if err != nil || (origin != model.OriginURL && origin != model.OriginUpload) {
		return importBody{}, expired
	}
	page, err := s.store.PendingPage(c.Request().Context(), id)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return importBody{}, expired
	}
	if err != nil {
		return importBody{}, err
	}
	want, err := s.pageToken(c.Request().Context(), page, origin, userName(c))
	if err != nil {
		return importBody{}, err
	}
	if !hmac.Equal([]byte(want), []byte(c.FormValue("page_token"))) || page.FetchedBy != userName(c) {
		// Another user's page, or an id typed by hand: never attach it.
		return importBody{}, expired
	}
	var base *url.URL
	if origin == model.OriginURL {
		if f.URL != page.FinalURL && f.URL != page.URL {
			return importBody{}, model.Invalid("url", "The URL was changed after the fetch: press Fetch to import the page at the new address, or put back %s.", page.FinalURL)
		}
		base, _ = url.Parse(page.FinalURL)
	} else {
		base, _ = url.Parse(validURL(f.URL))
	}
	a, err := extract.Page(page.Body, page.ContentType, base)
	if err != nil {
		return importBody{}, model.Invalid(field, "The stored page could not be read as HTML: %v", err)
	}
	if err := s.bindPage(c.Request().Context(), f, page, origin, userName(c)); err != nil {
		return importBody{}, err
	}
	return pageBody(f, a, page, origin, field)
}

// bindPage records the pending page in the form with the token that
// binds it to user.
func (s *Server) bindPage(ctx context.Context, f *pages.ImportForm, p model.FetchedPage, origin model.Origin, user string) error {
	token, err := s.pageToken(ctx, p, origin, user)
	if err != nil {
		return err
	}
	f.Page = &pages.ImportPage{ID: p.ID, Token: token, Origin: origin, URL: p.FinalURL, SHA256: p.SHA256, Size: p.Size}
	return nil
}

// pageToken binds a pending page to the user who previewed it and to how
// it came in: an HMAC, keyed by the server's secret, of the page's id and
// hash, its origin and the user's name. A form naming someone else's page,
// or its own page as fetched when it was uploaded, does not carry the
// right token.
func (s *Server) pageToken(ctx context.Context, p model.FetchedPage, origin model.Origin, user string) (string, error) {
	key, err := s.csrfKey(ctx)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "pending-page\x00%d\x00%s\x00%s\x00%s", p.ID, p.SHA256, origin, user)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)), nil
}

// pageBody is the body of a pending page.
func pageBody(f *pages.ImportForm, a extract.Article, page model.FetchedPage, origin model.Origin, field string) (importBody, error) {
	x := extracted{Article: a, field: field, finalURL: page.FinalURL}
	body, err := extractedBody(f, x, "page\x00"+strconv.FormatInt(page.ID, 10))
	body.page, body.origin = &page, origin
	return body, err
}

// extractedBody is the body of an extracted article, the text field
// showing its blocks.
func extractedBody(f *pages.ImportForm, x extracted, identity string) (importBody, error) {
	if len(x.Blocks) == 0 {
		return importBody{}, model.Invalid(x.field, "No article text was found in the page: paste the text instead.")
	}
	body := importBody{x: x, hash: textHash(identity), blocks: make([]pages.PreviewBlock, len(x.Blocks))}
	texts := make([]string, len(x.Blocks))
	for i, b := range x.Blocks {
		body.blocks[i] = pages.PreviewBlock{Kind: b.Kind, Level: b.Level, Text: b.Text, Caption: b.Caption}
		texts[i] = b.Text
	}
	f.Text = strings.Join(texts, "\n\n")
	return body, nil
}

// prefill fills the form's empty fields with what was found in the page.
func prefill(f *pages.ImportForm, a extract.Article) {
	for _, p := range []struct {
		field *string
		value string
	}{{&f.Title, a.Title}, {&f.Byline, a.Byline}, {&f.Publication, a.SiteName}, {&f.PublishedAt, a.PublishedAt}, {&f.Lang, a.Lang}, {&f.Dir, a.Dir}} {
		if strings.TrimSpace(*p.field) == "" {
			*p.field = p.value
		}
	}
}

// chooseBlocks fills the preview and which blocks are kept, and returns
// the indexes to drop. On a save the ticks are the editor's; a new
// preview keeps unticked what the editor unticked before, recognising
// blocks by their text (positions move when the text is edited), and a
// block not previewed before starts unticked if it is likely boilerplate.
func chooseBlocks(f *pages.ImportForm, form url.Values, body importBody, save bool) []int {
	if len(body.blocks) > 0 {
		f.Blocks, f.TextHash = body.blocks, body.hash
		f.BlockHashes = make([]string, len(body.blocks))
		f.Likely = map[int]bool{}
		for i, b := range body.blocks {
			f.BlockHashes[i] = textHash(b.Text)
			if body.plain {
				f.Likely[i] = extract.LikelyBoilerplate(b.Text, f.Byline)
			} else {
				f.Likely[i] = body.x.Blocks[i].LikelyBoilerplate
			}
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
	}
	var drop []int
	for i := range body.blocks {
		if !f.Keep[i] {
			drop = append(drop, i)
		}
	}
	return drop
}

// formArticle validates the form and builds the article to save.
func formArticle(f pages.ImportForm, body importBody, drop []int) (model.NewArticle, error) {
	lang, dir := f.Lang, f.Dir
	meta := model.ArticleUpdate{Lang: &lang, Dir: &dir}
	metaErr := meta.Normalize()
	in := ingest.PlainInput{Title: f.Title, Byline: f.Byline, Publication: f.Publication,
		URL: f.URL, PublishedAt: f.PublishedAt, Text: f.Text, Drop: drop}
	var (
		na  model.NewArticle
		err error
	)
	if body.plain {
		na, err = ingest.Plain(in)
	} else {
		if body.origin == model.OriginURL {
			in.URL = body.page.FinalURL
		}
		raw := make([]text.RawBlock, len(body.x.Blocks))
		for i, b := range body.x.Blocks {
			raw[i] = b.RawBlock()
		}
		na, err = ingest.Blocks(in, raw, body.x.field)
	}
	if err != nil || metaErr != nil {
		return model.NewArticle{}, joinFieldErrors(err, metaErr)
	}
	na.Lang, na.Dir = lang, dir
	if body.plain {
		return na, nil
	}
	na.Links = body.x.links(na.Doc, drop)
	na.Origin = model.OriginHTML
	if body.page != nil {
		na.Origin, na.PendingPage = body.origin, body.page.ID
	}
	return na, nil
}

// joinFieldErrors puts the field errors of both errors into one, so that
// the form shows every problem at once.
func joinFieldErrors(errs ...error) error {
	all := map[string]string{}
	for _, err := range errs {
		if err != nil && !addFieldErrors(all, "", err) {
			return err
		}
	}
	fe := model.FieldErrors{}
	for _, field := range importFields() {
		if msg, ok := all[field]; ok {
			fe.Add(field, msg)
		}
	}
	for field, msg := range all {
		if !slices.Contains(importFields(), field) {
			fe.Add(field, msg)
		}
	}
	return fe.Err(append(importFields(), "drop", "form")...)
}

// uploadLimit is the largest .html file the import page accepts: the
// fetcher's cap, within the request body limit with room for the form's
// other fields.
func (s *Server) uploadLimit() int64 {
	limit := min(newFetcher(s.cfg).MaxBytes, s.cfg.MaxBodyBytes-64<<10)
	return max(limit, s.cfg.MaxBodyBytes/2)
}

// mib writes a size in bytes for people: "4 MiB", "1.5 MiB", "300 KiB".
func mib(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MiB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
