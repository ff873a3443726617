package handlers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A request whose client went away (htmx replaced it with a newer one, the
// tab closed) is not a server fault: nothing is logged as an error and
// nothing is written.
func TestClientGoneIsNotAnError(t *testing.T) {
	e := newEnv(t)
	a := e.createArticle("Talks", "The minister invited Kazakhstan and Turkey.")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/articles/"+itoa(a.ID), nil).WithContext(ctx)
	req.Header.Set("Authorization", "Bearer "+e.tokens["ed"])
	e.serve(req)
	if strings.Contains(e.log.String(), "level=ERROR") {
		t.Errorf("a cancelled request was logged as an error:\n%s", e.log)
	}
}
