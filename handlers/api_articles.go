package handlers

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/export"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/wire"
	"github.com/factmark/factmark/views/exportpage"
)

type articleRequest struct {
	Title       string `json:"title"`
	Byline      string `json:"byline"`
	Publication string `json:"publication"`
	URL         string `json:"url"`
	PublishedAt string `json:"published_at"`
	Text        string `json:"text"`
	// HTML or, when both Text and HTML are empty, URL is where the body
	// comes from instead (api_webimport.go); BaseURL resolves HTML's links.
	HTML    string `json:"html"`
	BaseURL string `json:"base_url"`
	// Drop leaves blocks out, by index in the preview's numbering.
	Drop []int `json:"drop"`
}

func (s *Server) listArticles(c echo.Context) error {
	list, err := s.store.ListArticles(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]articleListItem, len(list))
	for i, a := range list {
		out[i] = articleListItem{ID: a.ID, Title: a.Title, Byline: a.Byline, Publication: a.Publication, URL: a.URL,
			PublishedAt: a.PublishedAt, Version: a.Version, CreatedAt: a.CreatedAt.Format(timeFormat), UpdatedAt: a.UpdatedAt.Format(timeFormat),
			ClaimCounts: a.ClaimCounts, ClaimTotal: a.ClaimTotal, Assignee: a.Assignee, Due: a.Due, State: a.State}
	}
	return c.JSON(http.StatusOK, map[string]any{"articles": out})
}

const timeFormat = "2006-01-02T15:04:05Z07:00"

// articleListItem is an article in the list: no text or blocks, which a
// list never needs and which would make it as large as every article.
type articleListItem struct {
	ID          int64                `json:"id"`
	Title       string               `json:"title"`
	Byline      string               `json:"byline"`
	Publication string               `json:"publication"`
	URL         string               `json:"url"`
	PublishedAt string               `json:"published_at"`
	Version     int                  `json:"version"`
	CreatedAt   string               `json:"created_at"`
	UpdatedAt   string               `json:"updated_at"`
	ClaimCounts map[model.Status]int `json:"claim_counts"`
	ClaimTotal  int                  `json:"claim_total"`
	// Assignee and Due: who is responsible for the article, by when.
	Assignee string             `json:"assignee,omitempty"`
	Due      string             `json:"due,omitempty"`
	State    model.ArticleState `json:"state"`
}

func (s *Server) createArticle(c echo.Context) error {
	var req articleRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	na, err := s.newArticle(c.Request().Context(), req, userName(c))
	if err != nil {
		return err
	}
	a, err := s.store.CreateArticle(c.Request().Context(), na, userName(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/articles/"+strconv.FormatInt(a.ID, 10))
	setETag(c, a.Version)
	return c.JSON(http.StatusCreated, a)
}

func (s *Server) getArticle(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	a, err := s.store.Article(c.Request().Context(), id)
	if err != nil {
		return err
	}
	setETag(c, a.Version)
	return c.JSON(http.StatusOK, a)
}

func (s *Server) deleteArticle(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteArticle(c.Request().Context(), id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// exportArticle sends the article in the asked format as a download.
func (s *Server) exportArticle(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	name := c.QueryParam("format")
	if name == "" {
		name = "json"
	}
	f, err := export.Lookup(name)
	if err != nil {
		return err
	}
	// HTML, Markdown and CSV are public unless the internal edition is
	// asked for; JSON and W3C are complete exchange formats.
	edition, err := export.ParseEdition(f, c.QueryParam("edition"))
	if err != nil {
		return err
	}
	doc, err := s.exportDocument(c, id, f.UsesHistory(edition))
	if err != nil {
		return err
	}
	doc.Edition = edition
	if edition == export.EditionPublic {
		// Readers see a published review's claim as it was published.
		for i := range doc.Claims {
			doc.Claims[i] = model.PublicView(doc.Claims[i])
		}
	}
	h := c.Response().Header()
	h.Set("Content-Disposition", `attachment; filename="`+export.EditionFilename(doc.Article, f, edition)+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Factmark-Edition", string(edition))
	if f.Name == "claimreview" {
		// ClaimReview holds only published reviews: say how many claims
		// were left out, so that a partial export does not pass for a
		// whole one.
		h.Set("X-Factmark-Unreviewed-Claims", strconv.Itoa(export.Unreviewed(doc)))
	}
	// Everything the request could be refused for has been checked: the
	// document streams from here (stream.go).
	return s.stream(c, f.ContentType, func(w io.Writer) error {
		return f.Write(w, doc, exportpage.Renderer{})
	})
}

// exportDocument gathers everything an export holds, from one snapshot of
// the store; the claims' history only when withHistory is set.
func (s *Server) exportDocument(c echo.Context, id int64, withHistory bool) (*export.Document, error) {
	rec, err := s.store.ArticleRecord(c.Request().Context(), id, withHistory)
	if err != nil {
		return nil, err
	}
	// The revisions say which one the export annotates and when the
	// earlier ones that claims refer to were read.
	doc := &export.Document{Article: rec.Article, Claims: rec.Claims, History: rec.History, Revisions: rec.Revisions,
		ExportedAt: s.now().UTC().Truncate(1e9), Site: s.site(c)}
	doc.SortClaims()
	return doc, nil
}

// importArticle recreates an article from a factmark JSON export.
func (s *Server) importArticle(c echo.Context) error {
	if err := requireJSON(c); err != nil {
		return err
	}
	doc, err := ingest.DecodeExport(c.Request().Body) // an over-long body is a 413 in toDomain
	if err != nil {
		return err
	}
	a, err := s.store.ImportDocument(c.Request().Context(), doc)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Location", "/api/v1/articles/"+strconv.FormatInt(a.ID, 10))
	setETag(c, a.Version)
	return c.JSON(http.StatusCreated, a)
}

// site returns the configured public identity, with the base URL taken from
// the request when none is configured, so that IRIs in exports resolve.
func (s *Server) site(c echo.Context) wire.Site {
	site := wire.Site{BaseURL: s.cfg.BaseURL, NewsroomName: s.cfg.NewsroomName, NewsroomURL: s.cfg.NewsroomURL}
	if site.BaseURL == "" {
		site.BaseURL = c.Scheme() + "://" + c.Request().Host
	}
	site.BaseURL = strings.TrimRight(site.BaseURL, "/")
	return site
}
