package handlers

import (
	"context"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/extract"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// snapshotHashHeader carries a raw snapshot's SHA-256 (hex), so that whoever
// downloads it can check the bytes against the hash the exports list.
const snapshotHashHeader = "X-Factmark-SHA256"

// archiveSource fetches a library source's page and stores a snapshot of
// it: POST /api/v1/sources/{id}/archive, 201 with the snapshot.
func (s *Server) archiveSource(c echo.Context) error {
	id, err := pathID(c, "id", "Source")
	if err != nil {
		return err
	}
	snap, err := s.archive(c.Request().Context(), id, userName(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, snap)
}

// archive fetches source id's page with the same safety rules as article
// import (newFetcher), extracts its article's canonical text and stores
// the snapshot with the raw bytes. The whole extracted text is kept, likely
// boilerplate included: an excerpt may quote any part of the page.
func (s *Server) archive(ctx context.Context, id int64, by string) (model.Snapshot, error) {
	src, err := s.store.Source(ctx, id)
	if err != nil {
		return model.Snapshot{}, err
	}
	if src.URL == "" {
		return model.Snapshot{}, model.Invalid("url", "%q is an offline reference with no URL: it cannot be archived.", src.Title)
	}
	page, err := s.fetcher.Get(ctx, src.URL)
	if err != nil {
		return model.Snapshot{}, err
	}
	final, err := url.Parse(page.URL)
	if err != nil {
		return model.Snapshot{}, model.Invalid("url", "The page's final address %q is not a valid URL.", page.URL)
	}
	a, err := extract.Page(page.Body, page.ContentType, final)
	if err != nil {
		return model.Snapshot{}, model.Invalid("url", "The page could not be read as HTML: %v", err)
	}
	doc, _ := extract.Build(a.Blocks)
	return s.store.ArchiveSource(ctx, model.NewSnapshot{SourceID: id, URL: page.URL, FetchedAt: page.FetchedAt,
		ContentType: page.ContentType, Raw: page.Body, Title: a.Title, Text: doc.Text}, by)
}

// listSnapshots answers GET /api/v1/sources/{id}/snapshots: the source's
// snapshots, newest first, without their text or raw bytes.
func (s *Server) listSnapshots(c echo.Context) error {
	id, err := pathID(c, "id", "Source")
	if err != nil {
		return err
	}
	list, err := s.store.Snapshots(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"snapshots": list})
}

// getSnapshotRaw answers GET /api/v1/sources/{id}/snapshots/{sid}/raw with
// the bytes archived, as text/plain: the page is untrusted, and served as
// HTML from factmark's origin its scripts would run with a user's session.
// The sandbox policy and nosniff (set for every response) hold a browser to
// that.
func (s *Server) getSnapshotRaw(c echo.Context) error {
	id, err := pathID(c, "id", "Source")
	if err != nil {
		return err
	}
	sid, err := pathID(c, "sid", "Snapshot")
	if err != nil {
		return err
	}
	snap, raw, err := s.store.SnapshotRaw(c.Request().Context(), id, sid)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(snapshotHashHeader, snap.SHA256)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Disposition", `inline; filename="source-`+strconv.FormatInt(id, 10)+`-snapshot-`+strconv.FormatInt(sid, 10)+`.html.txt"`)
	return c.Blob(http.StatusOK, rawContentType(snap.ContentType, raw), raw)
}

// rawContentType is text/plain in the charset the page was in, so that its
// text reads as it did.
func rawContentType(contentType string, raw []byte) string {
	cs := extract.DetectCharset(raw, contentType)
	if cs == "" {
		return "text/plain"
	}
	return mime.FormatMediaType("text/plain", map[string]string{"charset": cs})
}

// doArchiveSource is the workspace's "Archive source" button on a source
// attached to claim id: it archives the library source and answers with
// the panel's sources, the check against the new snapshot beside the
// excerpt, or the error beside the button.
func (s *Server) doArchiveSource(c echo.Context) error {
	id, sid, err := claimChildIDs(c, "sid", "Source")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.store.Claim(ctx, id)
	if err != nil {
		return err
	}
	if !attached(cl, sid) {
		return model.Errorf(model.ENOTFOUND, "Source %d is not attached to claim %d.", sid, id)
	}
	_, err = s.archive(ctx, sid, userName(c))
	return s.panelResult(c, id, err, "archive", "Source archived.", func(p *pages.ClaimPanel) { p.ArchiveSourceID = sid })
}

// attached reports whether source sid is attached to claim c.
func attached(c model.Claim, sid int64) bool {
	for _, s := range c.Sources {
		if s.ID == sid {
			return true
		}
	}
	return false
}
