package pages

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/a-h/templ"

	"github.com/factmark/factmark/internal/renderbuf"
	"github.com/factmark/factmark/views/layout"
)

// Memo keeps what the workspace page renders of one state of an article:
// its text, laid out and rendered, and the entries of its claim list, so
// that the next request for the same state writes bytes instead of laying
// out and rendering hundreds of claims again (most of a request's CPU).
// A Memo belongs to one state of one article, as first shown (no claim
// opened: an opened claim's chunk comes drawn): the handlers keep them by
// the article's change counter, which every write to the article or its
// claims bumps. A nil Memo keeps nothing.
type Memo struct {
	textOnce sync.Once
	text     ArticleText

	html  renderOnce
	lists [2]renderOnce // by whether the reader may write (the bulk boxes)
}

// Text returns the article's text laid out by build, on first use.
func (m *Memo) Text(build func() ArticleText) ArticleText {
	if m == nil {
		return build()
	}
	m.textOnce.Do(func() { m.text = build() })
	return m.text
}

// Size is how many bytes m holds, for the cache that bounds its memory.
func (m *Memo) Size() int {
	if m == nil {
		return 0
	}
	n := m.html.size()
	for i := range m.lists {
		n += m.lists[i].size()
	}
	return n
}

// body renders c, the article's text, through m.
func (m *Memo) body(c templ.Component) templ.Component {
	if m == nil {
		return c
	}
	return m.html.component(c)
}

// entries renders c, the claim list's entries, through m: once for readers
// and once for writers, whose entries carry a box for bulk changes.
func (m *Memo) entries(ctx context.Context, c templ.Component) templ.Component {
	if m == nil {
		return c
	}
	i := 0
	if layout.CanWrite(ctx) {
		i = 1
	}
	return m.lists[i].component(c)
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
			// Rendered into a kept buffer and kept at its size: grown in a
			// buffer of its own, the long article's text took twice its
			// 790 KB, on new memory (renderbuf).
			buf := renderbuf.Get()
			err := c.Render(ctx, buf)
			html = bytes.Clone(buf.Bytes())
			renderbuf.Put(buf)
			if err != nil {
				return err
			}
			r.mu.Lock()
			r.done, r.html = true, html
			r.mu.Unlock()
		}
		_, err := w.Write(html)
		return err
	})
}
