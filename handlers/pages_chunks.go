package handlers

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// showTextChunk renders one chunk of an article's text with its
// highlights: the workspace draws a long article's text chunk by chunk as
// it nears the viewport (views/pages/workspace_chunks.go,
// static/js/workspace/chunks.js). ?revision= is the revision the page
// shows: chunks are cut from one revision's blocks, so a chunk asked for
// from an older one is refused (409) rather than drawn over the wrong
// words; the page's revision bar offers the new revision.
func (s *Server) showTextChunk(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	from, err := strconv.Atoi(c.Param("from"))
	if err != nil || from < 0 {
		return model.Invalid("from", "The chunk's start must be a whole number of code points, 0 or more.")
	}
	// Only the claims near the chunk are read and laid out (closedNear).
	a, claims, err := s.closedNear(c.Request().Context(), id, from, from+1)
	if err != nil {
		return err
	}
	if r := c.QueryParam("revision"); r != "" && r != strconv.Itoa(a.Revision) {
		return model.Errorf(model.ECONFLICT, "Article %d has a newer revision (%d) than the page shows: reload the page to see it.", a.ID, a.Revision)
	}
	chunk, ok := s.articleText(a, claims).Drawing(a.ID).ChunkAt(from)
	if !ok {
		return model.Errorf(model.ENOTFOUND, "Article %d's text has no chunk starting at %d.", a.ID, from)
	}
	return s.render(c, http.StatusOK, pages.TextChunk(chunk))
}

// showClaimGroup renders one group of the claim list's entries, drawn: the
// workspace lists a long article's claims as stubs, group by group drawn
// as they near the viewport (views/pages/workspace_chunks.go).
func (s *Server) showClaimGroup(c echo.Context) error {
	id, err := pathID(c, "id", "Article")
	if err != nil {
		return err
	}
	from, err := strconv.Atoi(c.Param("from"))
	if err != nil || from < 0 {
		return model.Invalid("from", "The group's first entry must be a whole number, 0 or more.")
	}
	_, claims, err := s.store.ArticleWithClaims(c.Request().Context(), id)
	if err != nil {
		return err
	}
	// The page names the group's claims (EntryGroup's url); a group asked
	// for by position alone is the claims there now.
	if raw := c.QueryParam("ids"); raw != "" {
		ids, err := groupIDs(raw)
		if err != nil {
			return err
		}
		return s.render(c, http.StatusOK, pages.ClaimGroup(pages.EntryGroupOf(claims, from, ids)))
	}
	g, ok := pages.EntryGroupAt(claims, from)
	if !ok {
		return model.Errorf(model.ENOTFOUND, "Article %d's claim list has no group starting at entry %d.", id, from)
	}
	return s.render(c, http.StatusOK, pages.ClaimGroup(g))
}

// groupIDs parses a list group's claim ids ("12,13,15").
func groupIDs(raw string) ([]int64, error) {
	parts := strings.Split(raw, ",")
	if len(parts) > pages.MaxEntryGroup {
		return nil, model.Invalid("ids", "A group of the claim list names at most %d claims, got %d.", pages.MaxEntryGroup, len(parts))
	}
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id < 1 {
			return nil, model.Invalid("ids", "Claim ids are whole numbers from 1, separated by commas: %q is not one.", p)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// nearParts reads what a save's answer draws again for claim c: the
// article's text with the claims near c (closedNear), and the spans the
// change touched (pages.ClaimSpans).
func (s *Server) nearParts(ctx context.Context, c model.Claim) (pages.ArticleText, []pages.TextSpan, error) {
	spans := pages.ClaimSpans(nil, c)
	if len(spans) == 0 {
		return pages.ArticleText{}, nil, nil // an orphan with no marked party: nothing to draw
	}
	lo, hi := spans[0].Start, spans[0].End
	for _, sp := range spans[1:] {
		lo, hi = min(lo, sp.Start), max(hi, sp.End)
	}
	a, claims, err := s.closedNear(ctx, c.ArticleID, lo, hi)
	if err != nil {
		return pages.ArticleText{}, nil, err
	}
	return s.articleText(a, claims).Drawing(a.ID), pages.ClaimSpans(claims, c), nil
}

// closedNear reads article articleID with only the claims overlapping the
// chunks that [lo, hi) meets, widening the range until no claim
// overlapping it reaches outside it: every cluster of overlapping claims
// there is then whole, so the chunks come out as they would from all the
// article's claims, and a long article's other claims are not read.
func (s *Server) closedNear(ctx context.Context, articleID int64, lo, hi int) (model.Article, []model.Claim, error) {
	for {
		a, claims, err := s.store.ArticleWithClaimsNear(ctx, articleID, lo, hi)
		if err != nil {
			return model.Article{}, nil, err
		}
		wlo, whi := pages.ChunkBounds(a, lo, hi)
		for _, cl := range claims {
			if !cl.Orphan && cl.Start < whi && cl.End > wlo {
				wlo, whi = min(wlo, cl.Start), max(whi, cl.End)
			}
		}
		wlo, whi = pages.ChunkBounds(a, wlo, whi)
		if wlo == lo && whi == hi {
			return a, claims, nil
		}
		lo, hi = wlo, whi
	}
}

// articleText lays out a's text with claims (pages.NewArticleText), on the
// index of the text the store keeps for a's revision. a must be as the
// store returned it.
func (s *Server) articleText(a model.Article, claims []model.Claim) pages.ArticleText {
	return pages.NewArticleTextIndexed(a, s.store.TextIndex(a), claims)
}
