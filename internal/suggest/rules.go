package suggest

import (
	"strings"

	"github.com/factmark/factmark/internal/model"
)

// The rules. Each trigger is a verb or phrase of one class; the class says
// on which side its parties stand and which role they get:
//
//   - invite (verb): "invited X" (object) and "X was invited" (passive
//     subject) are invited. The inviter is not suggested: inviting is not
//     hosting.
//   - invitation (noun): "the invite for X", "invitations were sent to X",
//     "the invitation to the summit went to X" and "X received an
//     invitation" are invited.
//   - exclude: exclude, leave out, shut out, bar, "leaves X out", "without
//     X", "except X" are excluded; so are those who stay away or boycott.
//   - include: include, involve: "includes X", "X is involved" take part
//     (participant), or are invited when the words before speak of an
//     invitation ("the invitation list includes X").
//   - attend: attend, take part, participate, join, meet, sign, "brings
//     together X", "X will be represented", "attended by X" are
//     participants.
//   - host: host, organize, convene, sponsor, mediate, chair, broker,
//     facilitate: "X hosts", "hosted by X" are organizers; "X hosted A and
//     B": A and B take part; "X will co-host it with Y": Y hosts too.
//   - speak: say, announce, tell, add, warn, testify, …: "X said",
//     "announced by X", "…,” said X." and "according to X" are speakers.
//
// Negation ("did not invite", "was not invited", "does not involve",
// "neither X nor Y", "no invitation", "declined to attend", "nobody from
// X", "X but not Y") flips invited and participant to excluded, and
// excluded to participant ("was not left out"). A negated host or speaker
// is not suggested: "Iran did not confirm" quotes nobody. An ellipsis
// repeats the role for others: ", as were X" (the same), ", but Y did
// not" (the opposite).

// class is a kind of trigger.
type class int

const (
	clsInvite class = iota + 1
	clsInvitation
	clsExclude
	clsInclude
	clsAttend
	clsHost
	clsSpeak
	clsAccording
	clsWithout
	clsParticipation
	clsKeepOut     // "leaves X out", "kept X out"
	clsGather      // "brings together X"
	clsRepresented // "X will be represented"
	clsAbsent      // "X stayed away", "X boycotted the talks"
)

// trigger is a verb or phrase of a class at toks[i : i+n].
type trigger struct {
	cls  class
	i, n int
}

// matchTrigger finds the trigger that starts at token i, if any.
func (p *parser) matchTrigger(i int) (trigger, bool) {
	w := p.toks[i].lower
	prev := ""
	if i > 0 {
		prev = p.toks[i-1].lower
	}
	one := func(c class) (trigger, bool) { return trigger{c, i, 1}, true }
	two := func(c class, second string) (trigger, bool) {
		if p.wordsAt(i+1, second) {
			return trigger{c, i, 2}, true
		}
		return trigger{}, false
	}
	switch w {
	case "invite":
		if isDeterminer(prev) || p.wordsAt(i+1, "for") {
			return one(clsInvitation)
		}
		return one(clsInvite)
	case "invites", "invited", "inviting":
		return one(clsInvite)
	case "invitation", "invitations":
		return one(clsInvitation)
	case "exclude", "excludes", "excluded", "excluding", "bars", "barred", "barring":
		return one(clsExclude)
	case "bar":
		if isAux(prev) || prev == "to" || isNegation(prev) {
			return one(clsExclude)
		}
	case "leave", "leaves", "left", "leaving", "keep", "keeps", "kept", "keeping":
		if p.wordsAt(i+1, "out") {
			return two(clsExclude, "out")
		}
		if p.wordsAt(i+1, "away") {
			return two(clsAbsent, "away")
		}
		return one(clsKeepOut)
	case "shut", "shuts", "shutting":
		return two(clsExclude, "out")
	case "include", "includes", "included", "including", "involve", "involves", "involved", "involving":
		return one(clsInclude)
	case "attend", "attends", "attended", "attending", "participate", "participates", "participated",
		"participating", "join", "joins", "joined", "sign", "signs", "signed":
		return one(clsAttend)
	case "boycott", "boycotts", "boycotted", "boycotting", "skip", "skips", "skipped", "snub", "snubs", "snubbed":
		return one(clsAbsent)
	case "stay", "stays", "stayed", "staying":
		return two(clsAbsent, "away")
	case "take", "takes", "took", "taking", "taken":
		return two(clsAttend, "part")
	case "meet", "meets", "met":
		return one(clsAttend)
	case "participation", "presence":
		return two(clsParticipation, "of")
	case "host", "hosts", "hosted", "hosting", "co-host", "co-hosts", "co-hosted", "co-hosting",
		"organize", "organizes", "organized", "organizing", "organise", "organises", "organised",
		"organising", "convene", "convenes", "convened", "convening", "sponsor", "sponsors", "sponsored",
		"mediate", "mediates", "mediated", "mediating", "chair", "chairs", "chaired", "chairing", "broker",
		"brokers", "brokered", "brokering", "facilitate", "facilitates", "facilitated", "facilitating":
		if isDeterminer(prev) {
			return trigger{}, false // "the host", a noun
		}
		return one(clsHost)
	case "said", "says", "say", "announced", "announces", "announce", "told", "tells", "stated",
		"declared", "declares", "added", "adds", "claimed", "claims", "insisted", "insists", "warned",
		"warns", "confirmed", "confirms", "noted", "stressed", "explained", "argued", "wrote",
		"reported", "reports", "addressed", "addresses", "testified", "testifies":
		if isDeterminer(prev) {
			return trigger{}, false // "the claims", "its reports"
		}
		return one(clsSpeak)
	case "according":
		return two(clsAccording, "to")
	case "without", "except":
		if p.wordsAt(i+1, "for") {
			return two(clsWithout, "for")
		}
		return one(clsWithout)
	case "bring", "brings", "brought", "bringing":
		return two(clsGather, "together")
	case "represented":
		return one(clsRepresented)
	}
	return trigger{}, false
}

// apply runs the rule of tr's class.
func (p *parser) apply(tr trigger) {
	switch tr.cls {
	case clsInvite:
		p.objectOrPassive(tr, model.RoleInvited)
	case clsExclude:
		p.objectOrPassive(tr, model.RoleExcluded)
	case clsInclude:
		role := model.RoleParticipant
		if p.aboutInvitation(tr.i) {
			role = model.RoleInvited
		}
		p.objectOrPassive(tr, role)
	case clsInvitation:
		p.invitation(tr)
	case clsAttend:
		p.subjectOrAgent(tr, model.RoleParticipant)
	case clsHost:
		if p.subjectOrAgent(tr, model.RoleOrganizer) {
			p.guests(tr)
		}
	case clsSpeak:
		if !p.subjectOrAgent(tr, model.RoleSpeaker) {
			p.invertedSpeaker(tr)
		}
	case clsAccording:
		p.rightOf(tr, tr.i+tr.n, model.RoleSpeaker, false, tr.i)
	case clsWithout:
		p.rightOf(tr, tr.i+tr.n, model.RoleExcluded, false, tr.i)
	case clsParticipation:
		p.participation(tr)
	case clsKeepOut:
		p.keepOut(tr)
	case clsAbsent:
		// Staying away is not taking part: excluded, and a negated
		// boycott takes part ("did not boycott").
		p.subjectOrAgent(tr, model.RoleExcluded)
	case clsGather:
		g := p.verbGroup(tr.i)
		p.rightOf(tr, p.skipAdverbs(tr.i+tr.n), model.RoleParticipant, g.neg, g.start)
	case clsRepresented:
		if g := p.verbGroup(tr.i); g.passive {
			if l, ok := p.subjectLeft(g.start - 1); ok {
				p.add(l, model.RoleParticipant, g.neg, p.reason(g.start, tr.i+tr.n))
			}
		}
	}
}

// keepOut: "leaves Hezbollah out", "kept the press out": the parties
// between the verb and "out" are excluded.
func (p *parser) keepOut(tr trigger) {
	l, ok := p.parseList(tr.i+1, true)
	if !ok || !p.wordsAt(l.next, "out") {
		return
	}
	g := p.verbGroup(tr.i)
	p.add(l, model.RoleExcluded, g.neg, p.reason(g.start, tr.i+1)+" … out")
}

// ellipsis reads the clause after a subject's verb that repeats it for
// others: ", as were Moldova and Georgia" (the same role), ", but
// Afghanistan did not" (the opposite). k is the token after the verb.
func (p *parser) ellipsis(k int, role model.Role, neg bool, reason string) {
	if !p.wordsAt(k, ",") {
		return
	}
	k++
	switch {
	case p.wordsAt(k, "as") && k+1 < len(p.toks) && isAux(p.toks[k+1].lower):
		if l, ok := p.parseList(k+2, true); ok {
			p.add(l, role, neg, reason)
		}
	case p.wordsAt(k, "but"), p.wordsAt(k, "while"), p.wordsAt(k, "whereas"):
		l, ok := p.parseList(k+1, false)
		if !ok || l.next >= len(p.toks) || !isAux(p.toks[l.next].lower) {
			return
		}
		end := l.next + 1
		if !isNegation(p.toks[l.next].lower) {
			if end >= len(p.toks) || !isNegation(p.toks[end].lower) {
				return
			}
			end++
		}
		if end < len(p.toks) && p.toks[end].word {
			return // "but Iran did not say…": a verb of its own follows
		}
		p.add(l, role, !neg, reason)
	}
}

// guests: the object of an active "host" takes part ("Turkey hosted
// Ukraine and Russia"); "hosted the talks" names no one.
func (p *parser) guests(tr trigger) {
	if g := p.verbGroup(tr.i); g.passive || p.wordsAt(tr.i+tr.n, "by") {
		return
	}
	p.rightOf(tr, p.skipAdverbs(tr.i+tr.n), model.RoleParticipant, false, tr.i)
}

// participation: "with the participation of X" takes part, "without the
// participation of X" (or "the presence of X") is excluded.
func (p *parser) participation(tr trigger) {
	from := tr.i
	for from > 0 && isDeterminer(p.toks[from-1].lower) {
		from--
	}
	neg := from > 0 && p.toks[from-1].lower == "without"
	if neg {
		from--
	}
	p.rightOf(tr, tr.i+tr.n, model.RoleParticipant, neg, from)
}

// objectOrPassive: a transitive verb whose parties are its object when
// active ("invited X") and its subject when passive ("X was invited").
func (p *parser) objectOrPassive(tr trigger, role model.Role) {
	g := p.verbGroup(tr.i)
	if g.passive && !strings.HasSuffix(p.toks[tr.i].lower, "ing") {
		if l, ok := p.subjectLeft(g.start - 1); ok {
			reason := p.reason(g.start, tr.i+tr.n)
			p.add(l, role, g.neg, reason)
			p.ellipsis(tr.i+tr.n, flip(role, l.neg), g.neg, reason)
		}
		return
	}
	j := p.skipAdverbs(tr.i + tr.n)
	if p.wordsAt(j, "by") {
		return // "invited by X": the inviter, not a party in this role
	}
	p.rightOf(tr, j, role, g.neg, g.start)
}

// subjectOrAgent: an intransitive use whose parties are its subject ("X
// will attend") or, after a passive participle, its agent ("attended by
// X"). It reports whether it found any party.
func (p *parser) subjectOrAgent(tr trigger, role model.Role) bool {
	g := p.verbGroup(tr.i)
	j := p.skipAdverbs(tr.i + tr.n)
	if p.wordsAt(j, "by") && !strings.HasSuffix(p.toks[tr.i].lower, "ing") {
		return p.rightOf(tr, j+1, role, g.neg, g.start)
	}
	if g.passive && !strings.HasSuffix(p.toks[tr.i].lower, "ing") {
		return false // "the talks were hosted in Astana": no party
	}
	l, ok := p.subjectLeft(g.start - 1)
	if !ok {
		return false
	}
	if (g.neg != l.neg) && (role == model.RoleSpeaker || role == model.RoleOrganizer) {
		return true // "Iran did not confirm…": no source, and no host
	}
	reason := p.reason(g.start, tr.i+tr.n)
	p.add(l, role, g.neg, reason)
	p.ellipsis(tr.i+tr.n, flip(role, l.neg), g.neg, reason)
	if strings.HasPrefix(p.toks[tr.i].lower, "co-") {
		p.coHosts(tr)
	}
	return true
}

// coHosts: "X will co-host the Cup with A, B and C": A, B and C host too.
func (p *parser) coHosts(tr trigger) {
	for k := tr.i + tr.n; k < len(p.toks) && k <= tr.i+10 && !isBoundary(p.toks[k]); k++ {
		if p.wordsAt(k, "with") {
			p.rightOf(tr, k+1, model.RoleOrganizer, false, tr.i)
			return
		}
	}
}

// rightOf adds the list of parties starting at token j (after the
// trigger) in role, negated when neg. The reason runs from token from to
// the trigger's end.
func (p *parser) rightOf(tr trigger, j int, role model.Role, neg bool, from int) bool {
	l, ok := p.parseList(j, true)
	if !ok {
		return false
	}
	end := tr.i + tr.n
	if j > end && p.wordsAt(j-1, "by") {
		end = j
	}
	p.add(l, role, neg, p.reason(from, end))
	return true
}

// invertedSpeaker: "…,” said Lavrov." and "…, says the ministry." The
// speaker follows the verb and ends the clause.
func (p *parser) invertedSpeaker(tr trigger) {
	if w := p.toks[tr.i].lower; w == "told" || w == "tells" {
		return // "a spokeswoman told AFP": AFP listened
	}
	l, ok := p.parseList(tr.i+tr.n, true)
	if !ok || (l.next < len(p.toks) && p.toks[l.next].word) {
		return
	}
	p.add(l, model.RoleSpeaker, false, p.reason(tr.i, tr.i+tr.n))
}

// invitation: the noun "invite"/"invitation". Its parties follow "for" or
// "to" ("the invite for X", "invitations were sent to X"), or are the
// subject of a verb of receiving before it ("X received an invitation").
func (p *parser) invitation(tr trigger) {
	neg := false
	k := tr.i
	for k > 0 && p.toks[k-1].word {
		w := p.toks[k-1].lower
		if isReceiveVerb(w) {
			g := p.verbGroup(k - 1)
			if l, ok := p.subjectLeft(g.start - 1); ok {
				p.add(l, model.RoleInvited, neg || g.neg, p.reason(g.start, tr.i+1))
			}
			return
		}
		if !isNegation(w) && !isDeterminer(w) && !isLightVerb(w) && !isAdverb(w) && !isAux(w) {
			break
		}
		neg = neg || isNegation(w)
		k--
	}
	for k < tr.i && isAdverb(p.toks[k].lower) {
		k++ // the reason starts at the verb: "extended the invite for"
	}
	// The parties follow "for" or "to", after light verbs ("was extended
	// to") or after what the invitation is to ("the invitation to the G7
	// summit went to India").
	for j := tr.i + 1; j < len(p.toks) && j <= tr.i+12 && !isBoundary(p.toks[j]); j++ {
		w := p.toks[j].lower
		neg = neg || isNegation(w)
		if w != "for" && w != "to" {
			continue
		}
		if l, ok := p.parseList(j+1, true); ok {
			p.add(l, model.RoleInvited, neg, p.reason(k, j+1))
			return
		}
	}
}

// aboutInvitation reports whether the words just before token i, in the
// same clause, speak of an invitation ("the invitation list includes").
func (p *parser) aboutInvitation(i int) bool {
	for k := i - 1; k >= 0 && k >= i-6 && p.toks[k].word; k-- {
		if strings.HasPrefix(p.toks[k].lower, "invit") {
			return true
		}
	}
	return false
}

// group is a verb with its auxiliaries, adverbs and negation before it.
type group struct {
	start   int // first token of the group
	neg     bool
	passive bool // a form of "be" before a participle
}

// verbGroup reads leftward from the verb at i over auxiliaries, adverbs,
// negation and a controlling verb with "to" ("agreed to", "declined to").
func (p *parser) verbGroup(i int) group {
	g := group{start: i}
	crossedTo := false
	for k := i - 1; k >= 0 && p.toks[k].word; k-- {
		w := p.toks[k].lower
		switch {
		case isNegation(w):
			g.neg = true
		case isBe(w) && !crossedTo:
			g.passive = true
		case isAux(w), isAdverb(w):
		case w == "to" && k > 0:
			ok, negates := controlVerb(p.toks[k-1].lower)
			if !ok {
				return g
			}
			g.neg = g.neg || negates
			crossedTo = true
			k--
		default:
			return g
		}
		g.start = k
	}
	return g
}

// skipAdverbs returns the first token from j that is no adverb.
func (p *parser) skipAdverbs(j int) int {
	for j < len(p.toks) && p.toks[j].word && isAdverb(p.toks[j].lower) && p.toks[j].lower != "both" {
		j++
	}
	return j
}

// subjectLeft finds the list of parties that ends at token e and is the
// subject of the verb after it: the longest list that starts after the
// last sentence boundary and ends exactly at e. An apposition or a
// relative clause between commas is passed over ("Erdogan, the Turkish
// president, said"; "Iran, which was not invited, said"), and a name
// between commas after a title is the subject ("the president, Gustavo
// Petro, said").
func (p *parser) subjectLeft(e int) (partyList, bool) {
	if e >= 1 && (p.toks[e].lower == "who" || p.toks[e].lower == "which") && p.toks[e-1].lower == "," {
		e -= 2
	}
	if e >= 0 && p.toks[e].lower == "," {
		if l, ok := p.titledName(e); ok {
			return l, true
		}
		c, ok := p.openingComma(e)
		if !ok {
			return partyList{}, false
		}
		e = c - 1
	}
	if e < 0 || !p.toks[e].word {
		return partyList{}, false
	}
	lo := e
	for lo > 0 && e-lo < 40 && !isBoundary(p.toks[lo-1]) {
		lo--
	}
	for s := lo; s <= e; s++ {
		if !p.toks[s].word || (s > 0 && p.continuesPhrase(s-1)) {
			continue
		}
		l, ok := p.parseList(s, false)
		if !ok {
			continue
		}
		if p.nobodyFrom(s) {
			l.neg = !l.neg
		}
		// The list may run on past e into an apposition: keep what ends at e.
		for m, n := range l.parties {
			if n.next == e+1 {
				l.parties, l.next = l.parties[:m+1], e+1
				return l, true
			}
		}
	}
	return partyList{}, false
}

// nobodyFrom reports whether the list at s follows "nobody from", "no one
// from" or "none of", which negate its verb for it ("Nobody from the army
// was invited").
func (p *parser) nobodyFrom(s int) bool {
	if s < 2 || (p.toks[s-1].lower != "from" && p.toks[s-1].lower != "of") {
		return false
	}
	switch w := p.toks[s-2].lower; w {
	case "nobody", "none", "noone":
		return true
	case "one":
		return s >= 3 && p.toks[s-3].lower == "no"
	}
	return false
}

// titledName reads a name between commas after its title, closed by the
// comma at e: in "Colombia's president, Gustavo Petro, said" the subject
// is the person, named.
func (p *parser) titledName(e int) (partyList, bool) {
	for c := e - 1; c > 0 && c >= e-8; c-- {
		if p.toks[c].lower != "," {
			continue
		}
		w := p.toks[c-1].lower
		if !isTitleHead(w) && !isTitle(w) {
			return partyList{}, false
		}
		if n, ok := p.properName(c + 1); ok && n.next == e {
			return partyList{parties: []np{n}, next: e}, true
		}
		return partyList{}, false
	}
	return partyList{}, false
}

// openingComma finds the comma that opens the apposition or relative
// clause closed by the comma at e, and reports whether there is one.
func (p *parser) openingComma(e int) (int, bool) {
	for c := e - 1; c > 0 && c >= e-12; c-- {
		t := p.toks[c]
		if isBoundary(t) {
			return 0, false
		}
		if t.lower != "," {
			continue
		}
		if w := p.toks[c+1].lower; w == "who" || w == "which" {
			return c, true
		}
		if n, ok := p.parseNP(c + 1); ok && n.next == e && n.desc {
			return c, true
		}
		return 0, false
	}
	return 0, false
}

// isBoundary: punctuation that ends a clause a subject can come from.
func isBoundary(t token) bool {
	return !t.word && t.lower != "," && t.lower != "'" && t.lower != "’"
}

// continuesPhrase reports whether a list cannot start right after token k:
// after "the", a name or a name particle it would start inside a phrase
// ("Al Jazeera"); after a preposition it is no subject ("In Astana, Iran
// said", "Sources close to the delegation said") except after "from" and
// "of" inside a sentence, where it is whom the subject stands for
// ("Delegations from Chad, Niger and Mali attended"); after a lower-case
// word it must open a clause (opensClause).
func (p *parser) continuesPhrase(k int) bool {
	w := p.toks[k].lower
	t := p.toks[k]
	switch {
	case isPreposition(w):
		return (w != "from" && w != "of") || t.first
	case w == "the" || isNameParticle(w) || p.isNameWord(k):
		return true
	case t.word && !t.upper && !startsWithDigit(w):
		// Inside a clause a subject follows a conjunction or a verb of
		// saying ("said Iran would attend"); after any other word the list
		// is the end of a longer phrase ("groups in eastern Congo").
		return !opensClause(w)
	}
	return false
}

// isPreposition: a list right after one of these is no subject ("In
// Astana, Iran said").
func isPreposition(w string) bool {
	switch w {
	case "in", "at", "on", "from", "after", "before", "during", "since", "until", "with", "for",
		"to", "of", "by", "about", "against", "between", "among", "into", "near", "under", "over":
		return true
	}
	return false
}

// flip negates a role: invited and participant become excluded, excluded
// becomes participant; others stay.
func flip(r model.Role, neg bool) model.Role {
	if !neg {
		return r
	}
	switch r {
	case model.RoleInvited, model.RoleParticipant:
		return model.RoleExcluded
	case model.RoleExcluded:
		return model.RoleParticipant
	}
	return r
}
