package anchor

// This file is the approximate string matching under re-anchoring: Myers'
// bit-parallel edit distance ("A fast bit-vector algorithm for approximate
// string matching based on dynamic programming", J. ACM 46(3), 1999), in
// its block form (his Fig. 8 and 9) so that patterns of any length work, on
// 64-bit words and over code points, never bytes or UTF-16 units.
//
// The dynamic-programming matrix has one row per pattern rune and one
// column per text rune; D[i][j] is the edit distance between the first i
// pattern runes and a piece of text ending at column j. Instead of the
// numbers, the algorithm keeps each column's vertical deltas (+1, 0, -1) as
// two bit vectors, 64 rows to a word, and advances a whole word per text
// rune with a handful of logical operations. Two kinds of row 0 are used:
//
//   - search: D[0][j] = 0, the match may start anywhere; the last row then
//     gives, for each text position, the fewest errors of a match ending
//     there (the k-differences problem);
//   - anchored: D[0][j] = j, the match starts at the first text rune; the
//     last row gives the distance between the pattern and each prefix of
//     the text, which scores a quote's context against the text beside a
//     candidate, and finds the other end of a match.

// myers is a pattern prepared for bit-parallel matching: for every rune,
// a bit vector per block of 64 rows marking where the pattern holds it.
type myers struct {
	m      int      // pattern length in runes
	blocks int      // ceil(m / 64)
	last   uint64   // the bit of row m-1 in the last block
	ascii  []uint64 // ascii[r*blocks+b]: rune r < 128 in block b
	other  map[rune][]uint64
	zero   []uint64 // a rune absent from the pattern
	pv, mv []uint64 // the current column's +1 and -1 vertical deltas
}

// newMyers prepares p. An empty pattern is allowed: every distance is then
// the text's length (anchored) or 0 (search).
func newMyers(p []rune) *myers {
	blocks := (len(p) + 63) / 64
	my := &myers{
		m:      len(p),
		blocks: blocks,
		ascii:  make([]uint64, 128*blocks),
		zero:   make([]uint64, blocks),
		pv:     make([]uint64, blocks),
		mv:     make([]uint64, blocks),
	}
	if len(p) > 0 {
		my.last = 1 << uint((len(p)-1)%64)
	}
	for i, r := range p {
		b, bit := i/64, uint64(1)<<uint(i%64)
		if r >= 0 && r < 128 {
			my.ascii[int(r)*blocks+b] |= bit
			continue
		}
		if my.other == nil {
			my.other = make(map[rune][]uint64)
		}
		v := my.other[r]
		if v == nil {
			v = make([]uint64, blocks)
			my.other[r] = v
		}
		v[b] |= bit
	}
	return my
}

// peq returns the bit vectors of r.
func (my *myers) peq(r rune) []uint64 {
	if r >= 0 && r < 128 {
		i := int(r) * my.blocks
		return my.ascii[i : i+my.blocks]
	}
	if v, ok := my.other[r]; ok {
		return v
	}
	return my.zero
}

// reset starts a new text: column 0, where D[i][0] = i.
func (my *myers) reset() {
	for b := range my.pv {
		my.pv[b] = ^uint64(0)
		my.mv[b] = 0
	}
}

// advance computes the next column for text rune r, given row 0's
// horizontal delta hin (0 when searching, +1 when anchored), and returns the
// last row's horizontal delta.
func (my *myers) advance(r rune, hin int) int {
	eq := my.peq(r)
	h := hin
	for b := 0; b < my.blocks; b++ {
		mask := uint64(1) << 63
		if b == my.blocks-1 {
			mask = my.last
		}
		h = advanceBlock(&my.pv[b], &my.mv[b], eq[b], h, mask)
	}
	return h
}

// advanceBlock is Myers' Fig. 8: one block of one column. hin is the
// horizontal delta entering the block's top row from the block above, and
// the result is the delta leaving the row marked by last.
func advanceBlock(pv, mv *uint64, eq uint64, hin int, last uint64) int {
	p, m := *pv, *mv
	xv := eq | m
	if hin < 0 {
		eq |= 1
	}
	xh := (((eq & p) + p) ^ p) | eq
	ph := m | ^(xh | p)
	mh := p & xh
	hout := 0
	if ph&last != 0 {
		hout = 1
	} else if mh&last != 0 {
		hout = -1
	}
	ph <<= 1
	mh <<= 1
	if hin < 0 {
		mh |= 1
	} else if hin > 0 {
		ph |= 1
	}
	*pv = mh | ^(xv | ph)
	*mv = ph & xv
	return hout
}

// end is where an approximate match of the pattern ends in the text, and
// with how many errors.
type end struct {
	pos, errors int
}

// search scans text[from:to] and appends to out every position (an offset
// in text, exclusive) where a match of the pattern with at most k errors
// ends.
func (my *myers) search(text []rune, from, to, k int, out []end) []end {
	if my.m == 0 {
		return out
	}
	my.reset()
	score := my.m
	for j := from; j < to; j++ {
		score += my.advance(text[j], 0)
		if score <= k {
			out = append(out, end{j + 1, score})
		}
	}
	return out
}

// forward fills dst[t] with the edit distance between the pattern and
// text[from:from+t], for t from 0 to len(dst)-1 (cut at the text's end),
// and returns how many entries it filled.
func (my *myers) forward(text []rune, from int, dst []int) int {
	n := min(len(dst)-1, len(text)-from)
	if n < 0 {
		return 0
	}
	my.reset()
	score := my.m
	dst[0] = score
	for t := 1; t <= n; t++ {
		score += my.advance(text[from+t-1], 1)
		dst[t] = score
	}
	return n + 1
}

// backward is forward run leftwards from to: dst[t] is the edit distance
// between the pattern, which must be reversed, and text[to-t:to] reversed.
func (my *myers) backward(text []rune, to int, dst []int) int {
	n := min(len(dst)-1, to)
	if n < 0 {
		return 0
	}
	my.reset()
	score := my.m
	dst[0] = score
	for t := 1; t <= n; t++ {
		score += my.advance(text[to-t], 1)
		dst[t] = score
	}
	return n + 1
}

// reversed returns p's runes in reverse order.
func reversed(p []rune) []rune {
	out := make([]rune, len(p))
	for i, r := range p {
		out[len(p)-1-i] = r
	}
	return out
}
