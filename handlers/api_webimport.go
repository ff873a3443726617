package handlers

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/extract"
	"github.com/factmark/factmark/internal/fetch"
	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// newFetcher returns the fetcher the server gets imported pages with: the
// fetch package's limits (5 MB, 5 s to connect, 15 s in all, 5 redirects),
// spelled out here because they are the server's policy.
func newFetcher(cfg Config) *fetch.Fetcher {
	return &fetch.Fetcher{
		AllowPrivate:   cfg.FetchAllowPrivate,
		MaxBytes:       5 << 20,
		ConnectTimeout: 5 * time.Second,
		Timeout:        15 * time.Second,
		MaxRedirects:   5,
	}
}

// previewRequest is the body of POST /api/v1/articles/preview: exactly one
// of Text, HTML (with an optional BaseURL) and URL.
type previewRequest struct {
	Text    string `json:"text"`
	HTML    string `json:"html"`
	BaseURL string `json:"base_url"`
	URL     string `json:"url"`
}

// previewResponse is what an import would make of a body, before saving.
type previewResponse struct {
	Title       string         `json:"title"`
	Byline      string         `json:"byline"`
	Publication string         `json:"publication"`
	PublishedAt string         `json:"published_at"`
	Lang        string         `json:"lang"`
	Dir         string         `json:"dir"`
	Blocks      []previewBlock `json:"blocks"`
}

// previewBlock is one block of a preview; its index is what drop names.
type previewBlock struct {
	Kind              text.BlockKind `json:"kind"`
	Level             int            `json:"level"`
	Text              string         `json:"text"`
	LikelyBoilerplate bool           `json:"likely_boilerplate"`
}

// previewArticle answers what importing a body would give, saving nothing,
// so that the form can be prefilled and the editor can untick blocks.
func (s *Server) previewArticle(c echo.Context) error {
	var req previewRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := exactlyOneSource(req); err != nil {
		return err
	}
	if req.Text != "" {
		p, err := previewText(req.Text)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, p)
	}
	x, err := s.extractSource(c.Request().Context(), req.HTML, req.BaseURL, req.URL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, previewOf(x.Article))
}

// exactlyOneSource refuses a preview that gives no body or several,
// naming the first field missing or the second given.
func exactlyOneSource(req previewRequest) error {
	var given []string
	for _, f := range []struct{ name, value string }{{"text", req.Text}, {"html", req.HTML}, {"url", req.URL}} {
		if f.value != "" {
			given = append(given, f.name)
		}
	}
	switch {
	case len(given) == 0:
		return model.Invalid("text", "Give the article as text, html or url: none was given.")
	case len(given) > 1:
		return model.Invalid(given[1], "Give the article as exactly one of text, html or url: %s and %s were both given.", given[0], given[1])
	}
	return baseURLNeedsHTML(req.BaseURL, req.HTML)
}

// baseURLNeedsHTML refuses a base URL sent without HTML, which it would
// not apply to, rather than ignore it.
func baseURLNeedsHTML(baseURL, html string) error {
	if baseURL != "" && html == "" {
		return model.Invalid("base_url", "base_url is the address of pasted html: send it with html, or leave it out.")
	}
	return nil
}

// previewText splits pasted text as the import will, refusing text that
// the import would refuse for its body.
func previewText(s string) (previewResponse, error) {
	switch {
	case len(s) > ingest.MaxTextBytes:
		return previewResponse{}, model.Invalid("text", "The text is too long: at most %d MiB.", ingest.MaxTextBytes>>20)
	case !utf8.ValidString(s):
		return previewResponse{}, model.Invalid("text", "The text is not valid UTF-8: paste it again from the source.")
	}
	texts := ingest.PreviewBlocks(s)
	if len(texts) == 0 {
		return previewResponse{}, model.Invalid("text", "The text is blank: paste the article's paragraphs.")
	}
	blocks := make([]previewBlock, len(texts))
	for i, t := range texts {
		blocks[i] = previewBlock{Kind: text.Paragraph, Text: t, LikelyBoilerplate: extract.LikelyBoilerplate(t, "")}
	}
	return previewResponse{Blocks: blocks}, nil
}

// previewOf is an extracted article as the preview shows it.
func previewOf(a extract.Article) previewResponse {
	blocks := make([]previewBlock, len(a.Blocks))
	for i, b := range a.Blocks {
		blocks[i] = previewBlock{Kind: b.Kind, Level: b.Level, Text: b.Text, LikelyBoilerplate: b.LikelyBoilerplate}
	}
	return previewResponse{Title: a.Title, Byline: a.Byline, Publication: a.SiteName, PublishedAt: a.PublishedAt,
		Lang: a.Lang, Dir: a.Dir, Blocks: blocks}
}

// extracted is an article extracted from HTML or a fetched page.
type extracted struct {
	extract.Article
	// field is the request field the body came from: "html" or "url".
	field string
	// finalURL is the fetched page's address after redirects ("" for
	// pasted HTML).
	finalURL string
	// page is the fetched page as received (nil for pasted HTML): it is
	// stored with the revision, the evidence of what the article said.
	page *model.FetchedPage
}

// links returns the links of the extracted blocks, but those at the
// indexes in drop (already checked by ingest), in code points of doc, the
// document built of the blocks kept.
func (x extracted) links(doc text.Document, drop []int) []model.Link {
	dropped := map[int]bool{}
	for _, i := range drop {
		dropped[i] = true
	}
	var kept []extract.Block
	for i, b := range x.Blocks {
		if !dropped[i] {
			kept = append(kept, b)
		}
	}
	built, links := extract.Build(kept)
	if built.Text != doc.Text {
		// Not the body that was stored: keep no links rather than wrong ones.
		return []model.Link{}
	}
	out := make([]model.Link, len(links))
	for i, l := range links {
		out[i] = model.Link{Start: l.Start, End: l.End, Href: l.Href}
	}
	return out
}

// extractSource extracts the article from pasted HTML (resolving links
// against baseURL) or, when html is "", from the page at pageURL. A body
// with no text is refused on the field it came from.
func (s *Server) extractSource(ctx context.Context, html, baseURL, pageURL string) (extracted, error) {
	var (
		x   extracted
		err error
	)
	if html != "" {
		x.field = "html"
		base, berr := parseBaseURL(baseURL)
		if berr != nil {
			return extracted{}, berr
		}
		x.Article, err = extract.Fragment(html, base)
	} else {
		x.field = "url"
		x.Article, x.page, err = s.fetchArticle(ctx, pageURL)
		if x.page != nil {
			x.finalURL = x.page.FinalURL
		}
	}
	if err != nil {
		return extracted{}, err
	}
	if len(x.Blocks) == 0 {
		return extracted{}, model.Invalid(x.field, "No article text was found in the page: paste the text instead.")
	}
	return x, nil
}

// fetchArticle fetches the page at rawURL and extracts its article,
// returning it with the page as fetched.
func (s *Server) fetchArticle(ctx context.Context, rawURL string) (extract.Article, *model.FetchedPage, error) {
	page, err := s.fetcher.Get(ctx, rawURL)
	if err != nil {
		return extract.Article{}, nil, err
	}
	final, err := url.Parse(page.URL)
	if err != nil {
		return extract.Article{}, nil, model.Invalid("url", "The page's final address %q is not a valid URL.", page.URL)
	}
	a, err := extract.Page(page.Body, page.ContentType, final)
	if err != nil {
		return extract.Article{}, nil, model.Invalid("url", "The page could not be read as HTML: %v", err)
	}
	fp := &model.FetchedPage{URL: rawURL, FinalURL: page.URL, ContentType: page.ContentType, Body: page.Body,
		SHA256: page.SHA256, Size: len(page.Body), FetchedAt: page.FetchedAt.UTC().Truncate(time.Second)}
	return a, fp, nil
}

// newArticle validates a create request and builds the article: from
// text as before, or from html or url (fetched when neither text nor html
// is given). Fields the request gives win over those extracted.
func (s *Server) newArticle(ctx context.Context, req articleRequest, by string) (model.NewArticle, error) {
	in := ingest.PlainInput{Title: req.Title, Byline: req.Byline, Publication: req.Publication,
		URL: req.URL, PublishedAt: req.PublishedAt, Text: req.Text, Drop: req.Drop}
	if req.Text != "" && req.HTML != "" {
		return model.NewArticle{}, model.Invalid("html", "Give the article as text or as html, not both.")
	}
	if err := baseURLNeedsHTML(req.BaseURL, req.HTML); err != nil {
		return model.NewArticle{}, err
	}
	if req.HTML == "" && (req.Text != "" || req.URL == "") {
		return ingest.Plain(in)
	}
	x, err := s.extractSource(ctx, req.HTML, htmlBase(req), req.URL)
	if err != nil {
		return model.NewArticle{}, err
	}
	in.Title = cmp.Or(in.Title, x.Title)
	in.Byline = cmp.Or(in.Byline, x.Byline)
	in.Publication = cmp.Or(in.Publication, x.SiteName)
	in.PublishedAt = cmp.Or(in.PublishedAt, x.PublishedAt)
	if x.field == "url" {
		// The article is where the fetch ended, after redirects.
		in.URL = x.finalURL
	}
	raw := make([]text.RawBlock, len(x.Blocks))
	for i, b := range x.Blocks {
		raw[i] = b.RawBlock()
	}
	na, err := ingest.Blocks(in, raw, x.field)
	if err != nil {
		return model.NewArticle{}, err
	}
	na.Lang, na.Dir = x.Lang, x.Dir
	na.Links = x.links(na.Doc, req.Drop)
	na.Origin = model.OriginHTML
	if x.page != nil {
		na.Origin = model.OriginURL
		x.page.FetchedBy = by
		na.Page = x.page
	}
	return na, nil
}

// htmlBase is the address pasted HTML's links resolve against: base_url,
// or else the article's url when it is a valid one.
func htmlBase(req articleRequest) string {
	if req.BaseURL != "" {
		return req.BaseURL
	}
	if u, ok := model.NormalizeURL(req.URL); ok {
		return u
	}
	return ""
}

// parseBaseURL reads the optional base URL of pasted HTML: empty, or an
// absolute http or https address.
func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, model.Invalid("base_url", "The base URL must be a full http:// or https:// address, the page the HTML was copied from.")
	}
	return u, nil
}
