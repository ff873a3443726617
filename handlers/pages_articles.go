package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/factmark/factmark/internal/ingest"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/pages"
)

// homePageSize is how many articles the home page lists at a time.
const homePageSize = 50

// showHome lists the newest articles, a page at a time: ?before= names the
// last article of the previous page.
func (s *Server) showHome(c echo.Context) error {
	var before int64
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return model.Invalid("before", "before must be an article id (a whole number above 0), got %q.", v)
		}
		before = n
	}
	// ?state= shows the articles in one state, as the dashboard counts them.
	state := model.ArticleState(c.QueryParam("state"))
	if state != "" && !state.Valid() {
		return model.Invalid("state", "state must be draft, checking, ready or published, got %q.", string(state))
	}
	list, next, err := s.store.ListArticlesPage(c.Request().Context(), homePageSize, before, state)
	if err != nil {
		return err
	}
	older := ""
	if next != 0 {
		older = "/?before=" + strconv.FormatInt(next, 10)
		if state != "" {
			older += "&state=" + string(state)
		}
	}
	return s.render(c, http.StatusOK, pages.Home(list, older))
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
