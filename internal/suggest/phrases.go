package suggest

import "strings"

// np is a noun phrase naming one party.
type np struct {
	name string
	// start, end: code points of the party's own words in the text (for a
	// name that shares a modifier, only the words present: "opposition").
	start, end int
	// next is the index of the first token after the phrase.
	next int
	// desc: a description ending in a common noun ("the Syrian
	// government"), whose words before the noun (prefix, "the Syrian") a
	// bare noun after "and" shares ("and opposition").
	desc   bool
	prefix string
	// head is a description's words from its noun on ("governments"), which
	// a demonym before it in a list shares ("the Greek and Cypriot
	// governments").
	head string
	// det: "the" stood before the phrase; demonym: the phrase is one
	// demonym ("Greek"), which may borrow the head of the next conjunct.
	det, demonym bool
	// neg: the party follows "but not" in its list ("Iran but not Iraq").
	neg bool
}

// partyList is a coordination of parties: "A, B and C", "both A and B",
// "neither A nor B" (neg).
type partyList struct {
	parties []np
	next    int
	neg     bool
}

// parseList reads a coordination of parties starting at token i. When the
// list follows its verb (rightward), a conjunct followed by a verb starts a
// new clause and ends the list before it ("invited Iran, and Turkey said").
func (p *parser) parseList(i int, rightward bool) (partyList, bool) {
	var l partyList
	if i >= len(p.toks) {
		return l, false
	}
	switch p.toks[i].lower {
	case "both", "either":
		i++
	case "neither":
		l.neg = true
		i++
	}
	first, ok := p.parseNP(i)
	if !ok {
		return l, false
	}
	l.parties = append(l.parties, first)
	l.next = first.next
	for {
		j, ok := p.separator(l.next)
		negated := false
		if !ok && rightward {
			j, negated = p.butNot(l.next)
			ok = negated
		}
		if !ok {
			break
		}
		n, ok := p.parseNP(j)
		if !ok {
			n, ok = p.shared(j, l.parties[len(l.parties)-1])
		}
		if !ok || (rightward && n.next < len(p.toks) && isFiniteVerb(p.toks[n.next].lower)) {
			break
		}
		n.neg = negated
		l.parties = append(l.parties, n)
		l.next = n.next
	}
	shareHeadsBackward(l.parties)
	return l, true
}

// shareHeadsBackward gives a demonym the noun of the description after it:
// "the Greek and Cypriot governments" names "the Greek governments" and
// "the Cypriot governments", "Iranian and American negotiators" names
// "Iranian negotiators" too. A "the" before the first conjunct goes to
// each. The demonym keeps its own word as its span.
func shareHeadsBackward(ps []np) {
	for k := len(ps) - 2; k >= 0; k-- {
		a, b := &ps[k], ps[k+1]
		if !a.demonym || !b.desc || b.head == "" || b.prefix == "" || strings.HasPrefix(b.prefix, "the ") {
			continue
		}
		word := a.name
		a.name, a.desc, a.head, a.prefix = word+" "+b.head, true, b.head, word
		if a.det {
			a.name, a.prefix = "the "+a.name, "the "+word
			for m := k + 1; m < len(ps) && !strings.HasPrefix(ps[m].name, "the "); m++ {
				ps[m].name, ps[m].prefix = "the "+ps[m].name, "the "+ps[m].prefix
			}
		}
	}
}

// butNot returns the index after "but not" (and the preposition the list
// repeats: "to Hungary but not to Poland") at i, and whether it is there.
func (p *parser) butNot(i int) (int, bool) {
	if p.wordsAt(i, ",") {
		i++
	}
	if !p.wordsAt(i, "but", "not") {
		return i, false
	}
	i += 2
	if p.wordsAt(i, "to") || p.wordsAt(i, "for") {
		i++
	}
	return i, true
}

// separator returns the index after a coordinating separator at i: ",",
// "and", "or", "nor", ", and", "as well as", "along with", "together with".
func (p *parser) separator(i int) (int, bool) {
	if i < len(p.toks) && p.toks[i].lower == "," {
		if j, ok := p.conjunction(i + 1); ok {
			return j, true
		}
		return i + 1, true
	}
	return p.conjunction(i)
}

func (p *parser) conjunction(i int) (int, bool) {
	switch {
	case p.wordsAt(i, "as", "well", "as"):
		return i + 3, true
	case p.wordsAt(i, "along", "with"), p.wordsAt(i, "together", "with"):
		return i + 2, true
	case p.wordsAt(i, "and"), p.wordsAt(i, "or"), p.wordsAt(i, "nor"), p.wordsAt(i, "plus"):
		return i + 1, true
	}
	return i, false
}

// wordsAt reports whether the tokens from i are ws, in lower case.
func (p *parser) wordsAt(i int, ws ...string) bool {
	if i+len(ws) > len(p.toks) {
		return false
	}
	for k, w := range ws {
		if p.toks[i+k].lower != w {
			return false
		}
	}
	return true
}

// parseNP reads one party at token i: a description ("the Syrian
// government", "Turkish officials") or a proper name ("Erdogan", "the
// U.S.", "the United Nations").
func (p *parser) parseNP(i int) (np, bool) {
	if i >= len(p.toks) || !p.toks[i].word {
		return np{}, false
	}
	// "all ten ASEAN members" are the ASEAN members.
	for i+1 < len(p.toks) && isQuantifier(p.toks[i].lower) && p.toks[i+1].word {
		i++
	}
	// "Delegates from Fiji", "Observers from the OSCE": the party is whom
	// they stand for.
	if isRepresentative(p.toks[i].lower) && (p.wordsAt(i+1, "from") || p.wordsAt(i+1, "of")) {
		if n, ok := p.parseNP(i + 2); ok && !n.desc {
			return n, true
		}
	}
	j := i
	det := p.toks[i].lower == "the"
	if det {
		j++
		// "the far-right AfD", "the ruling ANC": a description before a
		// name is not part of it.
		k := j
		for k < len(p.toks) && p.toks[k].word && !p.toks[k].upper && (isModifier(p.toks[k].lower) || strings.Contains(p.toks[k].lower, "-")) {
			k++
		}
		if k > j && p.isNameWord(k) {
			j = k
		}
	}
	if n, ok := p.description(i, j, det); ok {
		return n, true
	}
	n, ok := p.properName(j)
	if ok && n.next < len(p.toks) && isEventNoun(p.toks[n.next].lower) {
		return np{}, false // "the G7 summit", "the Astana talks": an event, not a party
	}
	n.det = det
	return n, ok
}

// description reads [the] (Capitalized | modifier)* head, where head is a
// common noun for a party. "The" is kept in the name ("the Syrian
// government": an editor writes it so), and a description needs "the" or
// a capitalized word ("officials" alone names nobody). A title head before
// a name gives the name ("the Turkish president Erdogan" is "Erdogan").
func (p *parser) description(i, j int, det bool) (np, bool) {
	head, capitals := -1, 0
	for k := j; k < len(p.toks) && p.toks[k].word; k++ {
		t := p.toks[k]
		if p.isNameWord(k) && head < 0 {
			capitals++
			continue
		}
		if !t.upper && isPartyHead(t.lower) {
			head = k
			continue
		}
		if !t.upper && isModifier(t.lower) {
			continue
		}
		break
	}
	switch {
	case head < 0:
		return np{}, false
	case isTitleHead(p.toks[head].lower) && p.isNameWord(head+1):
		return p.properName(head + 1)
	case isRepresentative(p.toks[head].lower) && (p.wordsAt(head+1, "of") || p.wordsAt(head+1, "from")):
		// "the foreign ministers of Saudi Arabia": the party is the country.
		if n, ok := p.parseNP(head + 2); ok && !n.desc {
			return n, true
		}
	case isSpokesman(p.toks[head].lower) && capitals > 0:
		// "a U.N. spokesman", "a Kremlin spokeswoman": the party speaks
		// through them.
		if n, ok := p.properName(j); ok && n.next == head {
			n.next = head + 1
			return n, true
		}
	}
	if !det && capitals == 0 {
		return np{}, false
	}
	n := np{start: p.toks[i].start, end: p.toks[head].end, next: head + 1, desc: true, det: det}
	words := p.words(i, head+1)
	if det {
		words[0] = "the"
	}
	n.prefix = strings.Join(words[:len(words)-1], " ")
	n.name = strings.Join(words, " ")
	// The noun and the nouns and modifiers just before it: what a demonym
	// before this conjunct shares ("Cypriot governments" → "governments").
	from := head
	for from > j && !p.toks[from-1].upper {
		from--
	}
	n.head = strings.Join(p.words(from, head+1), " ")
	// "the government of Syria"
	if p.wordsAt(head+1, "of") {
		if of, ok := p.properName(head + 2); ok {
			n.name += " of " + of.name
			n.end, n.next = of.end, of.next
		}
	}
	return n, true
}

// properName reads a run of capitalized words and abbreviations at j, with
// "of" and name particles inside ("Bashar al-Assad", "Organization of
// Islamic Cooperation"). "The" before a proper name is left out ("the
// U.S." is the party "U.S."), and so is a title ("President Erdogan" is
// "Erdogan"); the span is the name's own words.
func (p *parser) properName(j int) (np, bool) {
	k := j
	for k < len(p.toks) {
		w := p.toks[k].lower
		switch {
		case p.isNameWord(k):
			k++
			continue
		case (w == "of" || isNameParticle(w)) && k > j && p.isNameWord(k+1):
			k++
			continue
		}
		break
	}
	if k == j || isPossessive(p.toks[k-1].lower) {
		return np{}, false
	}
	from := j
	for m := k - 2; m >= j; m-- {
		if w := p.toks[m].lower; isTitle(w) || isPossessive(w) {
			if next := p.toks[m+1].lower; next != "of" && !isNameParticle(next) {
				from = m + 1
			}
			break
		}
	}
	return np{name: strings.Join(p.words(from, k), " "), start: p.toks[from].start, end: p.toks[k-1].end, next: k,
		demonym: k-from == 1 && isDemonym(p.toks[from].lower)}, true
}

// shared reads a bare party noun after a conjunction that shares the words
// before the previous conjunct's noun: in "the Syrian government and
// opposition", "opposition" is "the Syrian opposition", marked on its own
// word.
func (p *parser) shared(j int, prev np) (np, bool) {
	if !prev.desc || prev.prefix == "" {
		return np{}, false
	}
	k := j
	for k < len(p.toks) && p.toks[k].word && !p.toks[k].upper && isModifier(p.toks[k].lower) && !isPartyHead(p.toks[k].lower) {
		k++
	}
	if k >= len(p.toks) || !p.toks[k].word || p.toks[k].upper || !isPartyHead(p.toks[k].lower) {
		return np{}, false
	}
	words := p.words(j, k+1)
	return np{
		name: prev.prefix + " " + strings.Join(words, " "), start: p.toks[j].start, end: p.toks[k].end,
		next: k + 1, desc: true, prefix: prev.prefix,
	}, true
}

// isNameWord reports whether token k may be part of a proper name.
func (p *parser) isNameWord(k int) bool {
	if k >= len(p.toks) {
		return false
	}
	t := p.toks[k]
	return t.word && (t.upper || t.abbr) && !isNotName(t.lower)
}

// words returns the texts of toks[from:to].
func (p *parser) words(from, to int) []string {
	ws := make([]string, 0, to-from)
	for _, t := range p.toks[from:to] {
		ws = append(ws, t.text)
	}
	return ws
}

func isPossessive(w string) bool {
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s")
}
