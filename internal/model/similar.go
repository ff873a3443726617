package model

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// MaxSimilar is how many similar claims "checked before" shows.
const MaxSimilar = 5

// MinSimilarity is the score under which a candidate is not shown, set on
// the repository's test set (db/testdata/similar): every paraphrase there
// scores above it, and all but one near-miss below (README, "Checked
// before").
const MinSimilarity = 0.45

// SimilarClaim is a claim of another article that may be the same claim:
// its verdict, date and article, and how similar it is (Score, 0 to 1).
// Linked is set when an editor linked the two as the same claim.
type SimilarClaim struct {
	ID           int64            `json:"id"`
	ArticleID    int64            `json:"article_id"`
	ArticleTitle string           `json:"article_title"`
	Number       int              `json:"number"`
	Statement    string           `json:"statement"`
	Exact        string           `json:"exact"`
	Status       Status           `json:"status"`
	Published    PublicationState `json:"published"`
	Sources      int              `json:"sources"` // how many sources it has, which may be copied
	UpdatedAt    time.Time        `json:"updated_at"`
	Score        float64          `json:"score"`
	Linked       bool             `json:"linked"`
}

// SameClaim is a claim linked to another as the same claim: a symmetric
// relation, shown on both.
type SameClaim struct {
	ID           int64  `json:"id"`
	ArticleID    int64  `json:"article_id"`
	Number       int    `json:"number"`
	ArticleTitle string `json:"article_title"`
}

// ClaimText is what similarity compares of a claim: its statement, its
// words and its parties' names.
type ClaimText struct {
	Statement string
	Exact     string
	Parties   []string
}

// Similarity scores how likely b states the same claim as a, from 0 to 1,
// symmetric: the share of content words they have in common (Dice, 0.6)
// and the share of character trigrams of their statement and words (Dice,
// 0.4: near-identical wording). BM25 finds the candidates (the store's
// job) but is left out of the score: with few claims, BM25 gives words
// that half the claims share next to nothing, however much they matter
// to these two. Claims
// whose numbers differ, or where one is negated and the other not, are
// marked down: they are the usual near-misses ("14 delegations" and "41
// delegations", "was invited" and "was not invited").
func Similarity(a, b ClaimText) float64 {
	aw, bw := contentWords(a), contentWords(b)
	words := dice(aw, bw)
	tri := dice(trigrams(claimWording(a)), trigrams(claimWording(b)))
	score := 0.6*words + 0.4*tri
	if an, bn := numbers(aw), numbers(bw); len(an) > 0 && len(bn) > 0 && dice(an, bn) < 1 {
		score *= 0.5
	}
	if negated(a) != negated(b) {
		score *= 0.5
	}
	if contrasted(a, b) {
		score *= 0.5
	}
	return score
}

// contrastSides are words that take a side in a contrast: a claim that
// something rose and one that it fell, that a gate passed or failed, that
// the northern or the southern one did, state different things however
// many words they share. Each word maps to its contrast and its side.
var contrastSides = func() map[string][2]string {
	m := map[string][2]string{}
	for _, g := range []struct {
		name  string
		sides [][]string
	}{
		{"direction", [][]string{
			{"rose", "raised", "increased", "increase", "more", "higher", "up", "grew", "gained", "dearer"},
			{"fell", "cut", "reduced", "lowered", "decreased", "decrease", "less", "fewer", "lower", "down", "dropped", "shrank", "cheaper"},
		}},
		{"outcome", [][]string{
			{"passed", "approved", "accepted", "won", "confirmed", "succeeded"},
			{"failed", "rejected", "refused", "lost", "denied"},
		}},
		{"compass", [][]string{{"north", "northern"}, {"south", "southern"}, {"east", "eastern"}, {"west", "western"}}},
	} {
		for i, side := range g.sides {
			for _, w := range side {
				m[w] = [2]string{g.name, string(rune('a' + i))}
			}
		}
	}
	return m
}()

// contrasted reports whether a and b take different sides of a contrast
// and neither takes the other's.
func contrasted(a, b ClaimText) bool {
	sa, sb := contrastsOf(a), contrastsOf(b)
	for k := range sa {
		if sb[k] {
			continue
		}
		for l := range sb {
			if l[0] == k[0] && !sa[l] {
				return true
			}
		}
	}
	return false
}

func contrastsOf(c ClaimText) map[[2]string]bool {
	out := map[[2]string]bool{}
	for _, w := range foldedWords(c.Statement + " " + c.Exact) {
		if s, ok := contrastSides[w]; ok {
			out[s] = true
		}
	}
	return out
}

// SimilarityTerms are the words a claim is looked up by: its content
// words, folded.
func SimilarityTerms(c ClaimText) []string {
	set := contentWords(c)
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	return out
}

// claimWording is the claim's statement and words, folded, for trigrams.
func claimWording(c ClaimText) string {
	return strings.Join(strings.Fields(fold(c.Statement+" "+c.Exact)), " ")
}

// fold lowercases s and removes its diacritics, as the search index does.
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldedWords splits s into folded words of letters and digits.
func foldedWords(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// contentWords is the set of a claim's words without the commonest
// function words, each cut to a rough stem so that "invited" meets
// "invite" and "talks" meets "talk".
func contentWords(c ClaimText) map[string]bool {
	set := map[string]bool{}
	for _, s := range append([]string{c.Statement, c.Exact}, c.Parties...) {
		for _, w := range foldedWords(s) {
			if stopWords[w] {
				continue
			}
			set[stem(w)] = true
		}
	}
	return set
}

// stem cuts a few English endings off a word long enough to keep a stem.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "e"} {
		if len(w) >= len(suf)+4 && strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

// numbers keeps the words that hold a digit.
func numbers(words map[string]bool) map[string]bool {
	out := map[string]bool{}
	for w := range words {
		if strings.ContainsFunc(w, unicode.IsDigit) {
			out[w] = true
		}
	}
	return out
}

// negated reports whether the claim says "not", "no", "never"…
func negated(c ClaimText) bool {
	for _, w := range foldedWords(c.Statement + " " + c.Exact) {
		if negations[w] {
			return true
		}
	}
	return false
}

var negations = map[string]bool{"not": true, "no": true, "never": true, "nor": true, "without": true, "t": true, "none": true, "neither": true}

// stopWords are left out of a claim's content words; negations are kept
// apart (see negated).
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "to": true, "in": true, "on": true, "at": true,
	"for": true, "by": true, "with": true, "from": true, "as": true, "is": true, "was": true, "were": true, "are": true,
	"be": true, "been": true, "has": true, "had": true, "have": true, "that": true, "this": true, "it": true, "its": true,
	"said": true, "says": true, "will": true, "would": true, "their": true, "they": true, "he": true, "she": true, "his": true,
	"her": true, "which": true, "who": true, "than": true, "then": true, "there": true, "also": true, "into": true,
	"not": true, "no": true, "never": true, "nor": true, "t": true,
}

// trigrams is the set of character trigrams of s.
func trigrams(s string) map[string]bool {
	r := []rune(s)
	set := map[string]bool{}
	for i := 0; i+3 <= len(r); i++ {
		set[string(r[i:i+3])] = true
	}
	return set
}

// dice is the Sørensen–Dice coefficient of two sets: 0 when either is
// empty.
func dice(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(a)+len(b))
}

// SimilarityWords are the content words of a claim as written (folded,
// not cut to a stem), each with the stem SimilarityTerms holds for it: an
// index of whole words finds the words, where a stem needs a prefix query.
func SimilarityWords(c ClaimText) map[string]string {
	out := map[string]string{}
	for _, s := range append([]string{c.Statement, c.Exact}, c.Parties...) {
		for _, w := range foldedWords(s) {
			if !stopWords[w] {
				out[w] = stem(w)
			}
		}
	}
	return out
}
