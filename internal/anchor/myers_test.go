package anchor

import (
	"testing"
)

// naive computes the last row of the edit-distance matrix of p against t
// cell by cell: row 0 is all zeros when search is true, else 0, 1, 2, ...
func naive(p, t []rune, search bool) []int {
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		if !search {
			prev[j] = j
		}
	}
	for i := 1; i <= len(p); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			c := prev[j-1]
			if p[i-1] != t[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev
}

// randomRunes draws n runes from a small alphabet that mixes ASCII with
// code points above U+FFFF, so that matches are frequent and the peq map
// is used.
func randomRunes(seed *uint64, n int) []rune {
	alphabet := []rune("abcé🇰😀 ")
	out := make([]rune, n)
	for i := range out {
		*seed = *seed*6364136223846793005 + 1442695040888963407
		out[i] = alphabet[(*seed>>33)%uint64(len(alphabet))]
	}
	return out
}

func TestMyersAgainstNaive(t *testing.T) {
	seed := uint64(7)
	// Pattern lengths straddle the 64-row blocks.
	for _, m := range []int{1, 2, 5, 31, 63, 64, 65, 100, 128, 129, 200} {
		for trial := 0; trial < 6; trial++ {
			p := randomRunes(&seed, m)
			txt := randomRunes(&seed, 3*m+20)
			// Plant a copy of the pattern with a few errors, so low
			// distances occur too.
			copy(txt[m:], p)
			if m > 3 {
				txt[m+m/2] = 'z'
			}
			want := naive(p, txt, true)
			my := newMyers(p)
			k := m // report every position
			got := my.search(txt, 0, len(txt), k, nil)
			ends := map[int]int{}
			for _, e := range got {
				ends[e.pos] = e.errors
			}
			for j := 1; j <= len(txt); j++ {
				e, ok := ends[j]
				if want[j] <= k && !ok {
					t.Fatalf("m=%d: end %d with %d errors not reported", m, j, want[j])
				}
				if ok && e != want[j] {
					t.Fatalf("m=%d: end %d: got %d errors, want %d", m, j, e, want[j])
				}
			}

			wantA := naive(p, txt, false)
			dst := make([]int, len(txt)+1)
			n := my.forward(txt, 0, dst)
			if n != len(txt)+1 {
				t.Fatalf("forward filled %d, want %d", n, len(txt)+1)
			}
			for j := range wantA {
				if dst[j] != wantA[j] {
					t.Fatalf("m=%d: forward[%d] = %d, want %d", m, j, dst[j], wantA[j])
				}
			}

			rp, rt := reversed(p), reversed(txt)
			wantB := naive(rp, rt, false)
			back := newMyers(rp)
			back.backward(txt, len(txt), dst)
			for j := range wantB {
				if dst[j] != wantB[j] {
					t.Fatalf("m=%d: backward[%d] = %d, want %d", m, j, dst[j], wantB[j])
				}
			}
		}
	}
}
