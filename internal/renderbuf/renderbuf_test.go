package renderbuf

import "testing"

// TestPutKeepsSmallBuffersEmptyAndDropsLargeOnes checks what a later Get
// may return: an empty buffer, never one over maxKept.
func TestPutKeepsSmallBuffersEmptyAndDropsLargeOnes(t *testing.T) {
	b := Get()
	b.WriteString("a page")
	Put(b)
	for range 100 {
		got := Get()
		if got.Len() != 0 {
			t.Fatalf("Get returned a buffer holding %q", got.String())
		}
		defer Put(got)
	}
	large := Get()
	large.Grow(maxKept + 1)
	Put(large)
	for range 100 {
		got := Get()
		if got.Cap() > maxKept {
			t.Fatalf("Get returned a buffer of %d bytes, over %d", got.Cap(), maxKept)
		}
		defer Put(got)
	}
}
