package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// revisionRequest is the body of POST /api/v1/articles/{id}/revisions:
// exactly one of Text, HTML (with an optional BaseURL) and Refetch.
type revisionRequest struct {
	Text    string `json:"text"`
	HTML    string `json:"html"`
	BaseURL string `json:"base_url"`
	Refetch bool   `json:"refetch"`
	// Drop leaves blocks out, by index in the preview's numbering.
	Drop []int `json:"drop"`
}

// revisionResponse answers a new revision: its number, the article's new
// version (also the ETag) and what became of the claims; or, when the
// text did not change, Unchanged and a message, nothing stored.
type revisionResponse struct {
	Version        int               `json:"version"`
	ArticleVersion int               `json:"article_version"`
	Unchanged      bool              `json:"unchanged,omitempty"`
	Message        string            `json:"message,omitempty"`
	Reanchored     *model.Reanchored `json:"reanchored,omitempty"`
}

// addRevision gives an article a new body: pasted text, pasted HTML, or
// its URL fetched again, and re-anchors its claims.
func (s *Server) addRevision(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req revisionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.store.Article(ctx, id)
	if err != nil {
		return err
	}
	nr, err := s.newRevision(ctx, a, req, userName(c))
	if err != nil {
		return err
	}
	nr.IfVersion = version
	res, err := s.store.AddRevision(ctx, id, nr, userName(c))
	if err != nil {
		return err
	}
	setETag(c, res.Article.Version)
	return c.JSON(revisionAnswer(res))
}

// revisionAnswer is the status and body that answer an added revision.
func revisionAnswer(res model.RevisionResult) (int, revisionResponse) {
	out := revisionResponse{Version: res.Article.Revision, ArticleVersion: res.Article.Version}
	if res.Unchanged {
		out.Unchanged = true
		out.Message = "The text is the same as revision " + strconv.Itoa(res.Article.Revision) + ": nothing was stored."
		return http.StatusOK, out
	}
	out.Reanchored = &res.Reanchored
	return http.StatusCreated, out
}

// newRevision validates a revision request for article a and builds the
// new body: from text, from HTML, or from a's URL fetched again.
func (s *Server) newRevision(ctx context.Context, a model.Article, req revisionRequest, by string) (model.NewRevision, error) {
	given := 0
	for _, ok := range []bool{req.Text != "", req.HTML != "", req.Refetch} {
		if ok {
			given++
		}
	}
	switch {
	case given == 0:
		return model.NewRevision{}, model.Invalid("text", "Give the new revision as text, as html, or ask to refetch the article's URL: none was given.")
	case given > 1:
		return model.NewRevision{}, model.Invalid("text", "Give the new revision as exactly one of text, html and refetch.")
	}
	if err := baseURLNeedsHTML(req.BaseURL, req.HTML); err != nil {
		return model.NewRevision{}, err
	}
	if req.Text != "" {
		doc, err := ingest.PlainBody(req.Text, req.Drop)
		return model.NewRevision{Doc: doc, Links: []model.Link{}, Origin: model.OriginText}, err
	}
	pageURL := ""
	if req.Refetch {
		if a.URL == "" {
			return model.NewRevision{}, model.Invalid("refetch", "The article has no URL to fetch again: set its URL, or paste the new text.")
		}
		pageURL = a.URL
	}
	x, err := s.extractSource(ctx, req.HTML, req.BaseURL, pageURL)
	if err != nil {
		if req.Refetch {
			return model.NewRevision{}, refieldAs(err, "refetch")
		}
		return model.NewRevision{}, err
	}
	raw := make([]text.RawBlock, len(x.Blocks))
	for i, b := range x.Blocks {
		raw[i] = b.RawBlock()
	}
	doc, err := ingest.BlocksBody(raw, req.Drop, x.field)
	if err != nil {
		return model.NewRevision{}, err
	}
	nr := model.NewRevision{Doc: doc, Links: x.links(doc, req.Drop), Origin: model.OriginHTML}
	if x.page != nil {
		nr.Origin, nr.Page = model.OriginRefetch, x.page
		x.page.FetchedBy = by
	}
	return nr, nil
}

// refieldAs moves a user error about the article's url onto field, the
// request field that asked for the fetch.
func refieldAs(err error, field string) error {
	if de, ok := err.(*model.Error); ok && de.Field == "url" && de.Code == model.EINVALID {
		moved := *de
		moved.Field = field
		return &moved
	}
	return err
}

func (s *Server) listRevisions(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	list, err := s.store.Revisions(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"revisions": list})
}

// revisionVersion reads the {version} path parameter.
func revisionVersion(c echo.Context) (int, error) {
	v, err := strconv.Atoi(c.Param("version"))
	if err != nil || v <= 0 {
		return 0, model.Errorf(model.ENOTFOUND, "Revision %q does not exist: revisions are numbered from 1.", c.Param("version"))
	}
	return v, nil
}

func (s *Server) getRevision(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	v, err := revisionVersion(c)
	if err != nil {
		return err
	}
	rv, err := s.store.Revision(c.Request().Context(), id, v)
	if err != nil {
		return err
	}
	if rv.Links == nil {
		rv.Links = []model.Link{}
	}
	return c.JSON(http.StatusOK, rv)
}

// getRevisionPage sends the page a revision was fetched from, as it was
// received. It is served as plain text and as a download, never as HTML:
// it is someone else's page, scripts included.
func (s *Server) getRevisionPage(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	v, err := revisionVersion(c)
	if err != nil {
		return err
	}
	p, err := s.store.FetchedPage(c.Request().Context(), id, v)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("X-Factmark-SHA256", p.SHA256)
	h.Set("X-Factmark-Fetched-At", p.FetchedAt.Format(timeFormat))
	h.Set("X-Factmark-Fetched-From", p.FinalURL)
	h.Set("Content-Disposition", `attachment; filename="article-`+strconv.FormatInt(id, 10)+`-revision-`+strconv.Itoa(v)+`.html.txt"`)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	return c.Blob(http.StatusOK, "text/plain", p.Body)
}

// articlePatch is the body of PATCH /api/v1/articles/{id}: the metadata
// fields to change, the others left out.
type articlePatch struct {
	Title       *string `json:"title"`
	Byline      *string `json:"byline"`
	Publication *string `json:"publication"`
	URL         *string `json:"url"`
	PublishedAt *string `json:"published_at"`
	Lang        *string `json:"lang"`
	Dir         *string `json:"dir"`
	// The desk's fields (api_desk.go): who is responsible for the
	// article, by when.
	Assignee *string             `json:"assignee"`
	Due      *string             `json:"due"`
	State    *model.ArticleState `json:"state"`
}

func (s *Server) patchArticle(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var req articlePatch
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.desk() {
		return s.patchArticleDesk(c, id, version, req)
	}
	a, err := s.store.UpdateArticle(c.Request().Context(), id, model.ArticleUpdate{Title: req.Title, Byline: req.Byline,
		Publication: req.Publication, URL: req.URL, PublishedAt: req.PublishedAt, Lang: req.Lang, Dir: req.Dir, IfVersion: version}, userName(c))
	if err != nil {
		return err
	}
	setETag(c, a.Version)
	return c.JSON(http.StatusOK, a)
}

// reattachRequest is the body of POST /api/v1/claims/{id}/reattach: the
// span of the current text the claim is to stand on.
type reattachRequest struct {
	Start *int `json:"start"`
	End   *int `json:"end"`
}

func (s *Server) reattachClaim(c echo.Context) error {
	return writeClaim(s, c, func(ctx context.Context, id int64, version int, req reattachRequest) (model.Claim, error) {
		if req.Start == nil {
			return model.Claim{}, model.Invalid("start", "Give the start of the words to re-attach the claim to.")
		}
		if req.End == nil {
			return model.Claim{}, model.Invalid("end", "Give the end of the words to re-attach the claim to.")
		}
		return s.store.ReattachClaim(ctx, id, *req.Start, *req.End, version, userName(c))
	})
}

// dismissOrphan puts an orphan aside; the request has no body.
func (s *Server) dismissOrphan(c echo.Context) error {
	id, err := pathID(c, "id", "Claim")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	cl, err := s.store.DismissOrphan(c.Request().Context(), id, version, userName(c))
	if err != nil {
		return err
	}
	return s.sendClaim(c, http.StatusOK, cl)
}
