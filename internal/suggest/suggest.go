// Package suggest finds the parties a claim's words name and the role the
// words give each: who is invited, excluded, takes part, hosts or speaks.
// It is rule-based and pure: a tokenizer that counts code points, a lexicon
// of verb patterns (active and passive, negated or not), and a reader of
// noun phrases and their coordination ("Erdogan, the Syrian government and
// opposition"). The rules and the decisions behind them are in rules.go;
// testdata/sentences.json measures them.
package suggest

import (
	"slices"
	"strings"

	"github.com/factmark/factmark/internal/model"
)

// Suggestion is one party the words name, with its role.
type Suggestion struct {
	// Name is the party as an editor would enter it: "Erdogan" (no title),
	// "the Syrian government" (a description keeps "the"), "U.S." (a
	// proper name does not), "the Syrian opposition" (a noun that shares
	// the modifier of the conjunct before it).
	Name string
	Role model.Role
	// Start and End are the party's own words in the text given, in code
	// points, end exclusive: for "the Syrian opposition" read from "the
	// Syrian government and opposition", only "opposition"; for "the Greek
	// governments" read from "the Greek and Cypriot governments", "Greek".
	Start, End int
	// Reason is the words that gave the role ("was not invited",
	// "according to"), for a tooltip.
	Reason string
}

// parser holds one text's tokens and what the rules found in it.
type parser struct {
	toks []token
	out  []Suggestion
}

// Parties returns the parties that text names with a role, in the order of
// their words. A party named twice in one role is suggested once, at its
// first words; a party in two roles ("Iran was invited and said…") is
// suggested in each. Text that names no party gives none.
func Parties(text string) []Suggestion {
	p := &parser{toks: tokenize(text)}
	for i := range p.toks {
		if !p.toks[i].word {
			continue
		}
		if tr, ok := p.matchTrigger(i); ok {
			p.apply(tr)
		}
	}
	return dedupe(p.out)
}

// add records every party of l in role, negated when the verb is (neg),
// when the list is ("neither A nor B") and when the party is ("A but not
// B"): a double negation cancels.
func (p *parser) add(l partyList, role model.Role, neg bool, reason string) {
	for _, n := range l.parties {
		r := flip(role, neg != l.neg != n.neg)
		p.out = append(p.out, Suggestion{Name: n.name, Role: r, Start: n.start, End: n.end, Reason: reason})
	}
}

// reason is the words of toks[from:to] as the text has them.
func (p *parser) reason(from, to int) string {
	return strings.Join(p.words(from, to), " ")
}

// dedupe keeps the first suggestion of each name and role, and orders them
// by position, then by role.
func dedupe(in []Suggestion) []Suggestion {
	slices.SortStableFunc(in, func(a, b Suggestion) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return roleRank(a.Role) - roleRank(b.Role)
	})
	type key struct {
		name string
		role model.Role
	}
	seen := map[key]bool{}
	out := []Suggestion{}
	for _, s := range in {
		k := key{strings.ToLower(s.Name), s.Role}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

func roleRank(r model.Role) int { return slices.Index(model.Roles(), r) }
