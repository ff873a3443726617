package pages

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/a-h/templ"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/views/layout"
)

// Memo keeps what the workspace renders of one state of an article: the
// layout of its highlights, its body and the items of its claim list, so
// that the next request for the same state writes bytes instead of cutting
// the text and rendering 500 claims again. A Memo belongs to one state of
// one article: the handlers keep them by the article's change counter,
// which every write to the article or its claims bumps. A nil Memo keeps
// nothing.
type Memo struct {
	textOnce sync.Once
	text     ArticleText

	body  renderOnce
	items [2]renderOnce // by whether the reader may write (the bulk boxes)
}

// Text returns the article's text laid out for the workspace, built by
// NewArticleText on first use, and carrying m so that ArticleBody and
// ClaimList render from it.
func (m *Memo) Text(a model.Article, claims []model.Claim) ArticleText {
	if m == nil {
		return NewArticleText(a, claims)
	}
	m.textOnce.Do(func() {
		m.text = NewArticleText(a, claims)
		m.text.memo = m
	})
	return m.text
}

// Size is how many bytes m holds, for the cache that bounds its memory.
func (m *Memo) Size() int {
	if m == nil {
		return 0
	}
	n := m.body.size()
	for i := range m.items {
		n += m.items[i].size()
	}
	return n
}

// renderOnce renders a component into bytes the first time it succeeds.
type renderOnce struct {
	mu   sync.Mutex
	done bool
	html []byte
}

func (r *renderOnce) size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.html)
}

// component writes the kept bytes, rendering c to keep them first. Two
// requests that arrive together may both render; the bytes are the same.
func (r *renderOnce) component(c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		r.mu.Lock()
		done, html := r.done, r.html
		r.mu.Unlock()
		if !done {
			var buf bytes.Buffer
			if err := c.Render(ctx, &buf); err != nil {
				return err
			}
			html = buf.Bytes()
			r.mu.Lock()
			r.done, r.html = true, html
			r.mu.Unlock()
		}
		_, err := w.Write(html)
		return err
	})
}

// bodyOf renders the article body through t's memo, when it has one.
func bodyOf(t ArticleText) templ.Component {
	if t.memo == nil {
		return articleBody(t)
	}
	return t.memo.body.component(articleBody(t))
}

// claimItemsOf renders the claim list's items through m, when there is one:
// once for readers and once for writers, whose items carry a box for bulk
// changes.
func claimItemsOf(ctx context.Context, m *Memo, claims []model.Claim) templ.Component {
	if m == nil {
		return claimItems(claims)
	}
	i := 0
	if layout.CanWrite(ctx) {
		i = 1
	}
	return m.items[i].component(claimItems(claims))
}
