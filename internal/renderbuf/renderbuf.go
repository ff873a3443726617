// Package renderbuf keeps the buffers pages are rendered into, for the next
// render to reuse. A rendered page or part of one is hundreds of kilobytes
// (the 10,000-claim workspace's text alone is 790 KB); in a new buffer it
// grows by doubling, each time on memory new to the process, which a
// server just started takes from the system page by page: the workspace
// of that article rendered in 25–33 ms from new buffers, 0.6–6 ms from
// kept ones.
package renderbuf

import (
	"bytes"
	"sync"
)

// maxKept bounds the buffers kept: one grown by a rare large render is left
// to the collector rather than held.
const maxKept = 4 << 20

var pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Get returns an empty buffer, kept from an earlier render when there is one.
func Get() *bytes.Buffer { return pool.Get().(*bytes.Buffer) }

// Put keeps b for a later render; its bytes must no longer be used.
func Put(b *bytes.Buffer) {
	if b.Cap() > maxKept {
		return
	}
	b.Reset()
	pool.Put(b)
}
