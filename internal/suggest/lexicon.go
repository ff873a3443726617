package suggest

import "strings"

// The word lists of the rules. Each is a switch, so that the lexicon is code
// that nothing can change at run time.

// isTitleAbbr: abbreviated titles written with a period ("Mr.", "Gen.").
func isTitleAbbr(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "prof", "lt", "col", "sgt", "capt", "maj", "adm", "pres":
		return true
	}
	return false
}

// isTitle: words of a title before a name. A title is left out of the
// party's name ("President Erdogan" is the party "Erdogan"): the person is
// the party, titles change, and the registry knows people by name.
func isTitle(w string) bool {
	w = strings.TrimSuffix(w, ".")
	if isTitleAbbr(w) {
		return true
	}
	switch w {
	case "president", "vice-president", "minister", "chancellor", "king", "queen", "prince",
		"princess", "emir", "sheikh", "sultan", "pope", "premier", "secretary-general", "secretary",
		"senator", "governor", "mayor", "ambassador", "envoy", "spokesman", "spokeswoman",
		"spokesperson", "chairman", "chairwoman", "commissioner", "colonel", "admiral", "marshal",
		"director-general", "ayatollah", "patriarch", "archbishop", "representative", "leader",
		"negotiator", "judge", "sir", "lord", "lady", "dame":
		return true
	}
	return false
}

// isNameParticle: lower-case words inside a person's name ("Bashar
// al-Assad", "Ursula von der Leyen").
func isNameParticle(w string) bool {
	switch w {
	case "al", "el", "bin", "ibn", "abu", "van", "von", "der", "de", "da", "del", "di", "la", "le", "du", "ul", "ben":
		return true
	}
	return false
}

// isElision: articles and prepositions elided before a capitalized name
// ("Côte d'Ivoire").
func isElision(w string) bool {
	switch w {
	case "d", "l", "dell", "all", "dall", "sull":
		return true
	}
	return false
}

// isNotName: capitalized words that are no party: determiners, pronouns
// and common words that start sentences, days and months.
func isNotName(w string) bool {
	switch w {
	case "the", "a", "an", "this", "that", "these", "those", "it", "its", "they", "their", "he", "his",
		"she", "her", "we", "our", "i", "you", "your", "there", "here", "who", "whom", "which", "what",
		"when", "where", "why", "how", "on", "in", "at", "by", "for", "from", "to", "of", "with",
		"without", "but", "and", "or", "nor", "so", "yet", "if", "as", "after", "before", "during",
		"while", "since", "until", "meanwhile", "however", "also", "both", "neither", "either", "all",
		"some", "many", "most", "several", "no", "none", "not", "yesterday", "today", "tomorrow",
		"tonight", "last", "next", "earlier", "later", "then", "now", "first", "finally", "instead",
		"officials", "diplomats", "sources", "analysts", "observers", "critics", "reporters",
		"negotiators", "delegates", "participants", "organizers", "organisers", "talks", "one", "two",
		"three", "four", "five", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
		"sunday", "january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "according", "despite", "although",
		"because", "under", "over", "about", "into", "only", "even", "nobody", "everyone", "anyone",
		"someone", "each", "every", "such", "other", "another", "any", "talk", "mr", "mrs", "ms", "dr":
		return true
	}
	return false
}

// isPartyHead: lower-case nouns that end a description of a party ("the
// Syrian government", "the opposition", "Turkish officials").
func isPartyHead(w string) bool {
	switch w {
	case "government", "governments", "opposition", "rebels", "delegation", "delegations", "ministry",
		"army", "forces", "militia", "militias", "council", "parliament", "administration",
		"authorities", "regime", "coalition", "alliance", "committee", "commission", "union", "bloc",
		"movement", "president", "minister", "leader", "leaders", "envoy", "envoys", "officials",
		"team", "negotiators", "groups", "group", "monarchy", "embassy", "military", "cabinet",
		"presidency", "junta", "community", "communities", "powers", "representatives", "delegates",
		"factions", "troops", "militants", "fighters", "ministers", "lawmakers", "unions", "police",
		"navy", "states", "nations", "allies", "partners", "neighbours", "neighbors", "monarchies",
		"members", "wing", "juntas", "guarantors", "mediators", "kingdom", "republic", "federation",
		"organization", "organisation", "agency", "party", "insurgents", "diplomats", "spokesman",
		"spokeswoman":
		return true
	}
	return false
}

// isTitleHead: party heads that are also titles: "the Turkish president
// Erdogan" names Erdogan.
func isTitleHead(w string) bool {
	switch w {
	case "president", "minister", "leader", "envoy", "spokesman", "spokeswoman":
		return true
	}
	return false
}

// isModifier: lower-case words that may describe a party before its head
// ("the armed opposition", "government forces").
func isModifier(w string) bool {
	switch w {
	case "armed", "main", "moderate", "interim", "transitional", "federal", "national", "central",
		"regional", "local", "foreign", "rival", "exiled", "former", "new", "ruling", "rebel",
		"opposition", "government", "military", "security", "peace", "civil", "political", "prime",
		"defence", "defense", "interior", "state", "senior", "top", "paramilitary", "islamist", "militant",
		"supreme", "chief", "deputy", "acting", "outgoing", "incoming":
		return true
	}
	return false
}

// isAux: auxiliaries between a subject and its verb ("will", "has been").
func isAux(w string) bool {
	switch w {
	case "will", "would", "shall", "should", "can", "could", "may", "might", "must", "has", "have",
		"had", "do", "does", "did", "is", "are", "was", "were", "be", "been", "being", "'ll":
		return true
	}
	return false
}

// isBe: forms of "be" that make a participle passive ("was invited").
func isBe(w string) bool {
	switch w {
	case "is", "are", "was", "were", "be", "been", "being":
		return true
	}
	return false
}

// isNegation: words that negate the verb next to them.
func isNegation(w string) bool {
	w = strings.ReplaceAll(w, "’", "'")
	switch w {
	case "not", "never", "no", "cannot":
		return true
	}
	return strings.HasSuffix(w, "n't")
}

// isAdverb: adverbs that may stand inside a verb group ("was also
// invited", "will formally host").
func isAdverb(w string) bool {
	switch w {
	case "also", "only", "later", "already", "formally", "officially", "reportedly", "initially",
		"first", "then", "still", "again", "now", "originally", "eventually", "jointly", "publicly",
		"previously", "expressly", "explicitly", "deliberately", "subsequently", "even", "yet",
		"ultimately", "once", "personally", "likewise", "too", "all", "both", "each", "reluctantly",
		"quietly", "effectively", "apparently", "probably", "certainly", "just", "finally":
		return true
	}
	return false
}

// controlVerb reports whether w takes a "to" verb whose subject is its own
// ("Iran agreed to attend"), and whether it negates that verb ("Iran
// declined to attend").
func controlVerb(w string) (ok, negates bool) {
	switch w {
	case "agreed", "agrees", "expected", "plans", "planned", "plan", "hopes", "hoped", "wants",
		"wanted", "intends", "intended", "decided", "decides", "due", "set", "likely", "going",
		"promised", "pledged", "offered", "chose", "chosen", "asked":
		return true, false
	case "refused", "refuses", "declined", "declines", "failed", "fails", "unlikely":
		return true, true
	}
	return false, false
}

// isDeterminer: words before a noun that leave its reference open.
func isDeterminer(w string) bool {
	switch w {
	case "the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "any", "formal", "official":
		return true
	}
	return false
}

// isLightVerb: verbs around an invitation that add nothing to its
// direction ("extended the invite for", "sent invitations to").
func isLightVerb(w string) bool {
	switch w {
	case "extended", "extends", "extend", "extending", "sent", "send", "sends", "sending", "issued",
		"issue", "issues", "issuing", "went", "goes", "go", "gone", "made", "make", "makes", "offered",
		"offer", "offers", "delivered", "addressed", "was", "were", "is", "are", "has", "have", "had",
		"been", "be", "also", "only", "formally", "officially", "first", "later", "reportedly":
		return true
	}
	return false
}

// isReceiveVerb: verbs whose subject is the one invited ("Iran received
// an invitation").
func isReceiveVerb(w string) bool {
	switch w {
	case "received", "receive", "receives", "receiving", "got", "get", "gets", "accepted", "accept",
		"accepts", "declined", "rejected", "turned", "welcomed", "welcomes":
		return true
	}
	return false
}

// isFiniteVerb: words that start a new clause after a list ("invited Iran,
// and Turkey said…" ends the list before Turkey).
func isFiniteVerb(w string) bool {
	if isAux(w) {
		return true
	}
	switch w {
	case "said", "says", "announced", "announces", "told", "added", "warned", "insisted",
		"confirmed", "stated", "declared", "hosted", "hosts", "attended", "attends", "invited",
		"invites", "refused", "declined", "agreed", "rejected", "accepted", "welcomed", "stressed",
		"noted", "claimed", "wrote", "argued", "joined":
		return true
	}
	return false
}

// isDemonym reports whether w (lower case) names a people or a country's
// adjective ("Greek", "Iranian", "Iraqi"), which may share the noun of the
// next conjunct. Country names are not demonyms: "Iran and Turkish
// officials" are Iran and Turkish officials.
func isDemonym(w string) bool {
	switch w {
	case "greek", "swiss", "thai", "afghan", "cypriot", "german", "iraqi", "saudi", "qatari", "israeli",
		"pakistani", "emirati", "kuwaiti", "omani", "yemeni", "bahraini", "somali", "bangladeshi",
		"nepali", "azerbaijani", "uzbek", "kazakh", "tajik", "turkmen", "kyrgyz", "serb", "croat",
		"czech", "slovak", "pole", "finn", "dane", "swede", "scot", "welsh", "irish", "maltese":
		return true
	}
	for _, suffix := range []string{"ian", "ean", "can", "ese", "ish", "ic", "ch"} {
		if strings.HasSuffix(w, suffix) && len(w) > len(suffix)+2 {
			return true
		}
	}
	return false
}

// isQuantifier: words before a description that count it ("all ten ASEAN
// members"), left out of the party's name.
func isQuantifier(w string) bool {
	switch w {
	case "all", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "some":
		return true
	}
	return false
}

// isEventNoun: nouns that a proper name before them modifies: "the G7
// summit" is an event, not the party G7.
func isEventNoun(w string) bool {
	switch w {
	case "summit", "summits", "talks", "meeting", "meetings", "conference", "forum", "process", "format",
		"round", "negotiations", "agreement", "deal", "plan", "proposal", "ceremony", "session", "games",
		"cup", "tournament", "election", "elections", "vote", "exercise", "exercises", "treaty", "accord",
		"accords", "initiative", "framework", "dialogue", "visit", "trip", "war", "crisis", "border",
		"capital", "event", "festival", "championship", "congress", "convention":
		return true
	}
	return false
}

// opensClause: lower-case words after which a clause, and its subject, may
// start: conjunctions, "that", and verbs of saying and thinking ("Putin
// said Iran would attend").
func opensClause(w string) bool {
	switch w {
	case "and", "or", "but", "while", "whereas", "because", "since", "when", "after", "before", "if",
		"which", "whom", "who",
		"as", "although", "though", "that", "so", "then", "meanwhile", "however", "also", "now", "yet",
		"where", "once", "until", "unless", "whether", "said", "says", "say", "announced", "announces",
		"confirmed", "confirms", "told", "added", "stated", "declared", "claimed", "insisted", "warned",
		"noted", "stressed", "explained", "argued", "wrote", "reported", "think", "thinks", "thought",
		"believe", "believes", "believed", "expect", "expects", "expected", "hope", "hopes", "hoped",
		"fear", "fears", "feared", "know", "knows", "knew", "learned", "suggested", "showed", "shows",
		"agreed", "decided", "denied", "indicated", "signalled", "signaled", "assured", "promised":
		return true
	}
	return false
}

func startsWithDigit(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// isRepresentative: nouns for people who stand for a party named after
// "of" or "from" ("the foreign ministers of Saudi Arabia", "Delegates from
// Fiji"): the party is the one they stand for.
func isRepresentative(w string) bool {
	switch w {
	case "ministers", "minister", "leaders", "leader", "officials", "representatives", "delegates",
		"delegation", "delegations", "envoys", "envoy", "observers", "diplomats", "negotiators",
		"spokesman", "spokeswoman", "spokesperson", "ambassador", "ambassadors":
		return true
	}
	return false
}

// isSpokesman: a party's voice, who is not the party: "a Kremlin spokesman
// said" quotes the Kremlin.
func isSpokesman(w string) bool {
	switch w {
	case "spokesman", "spokeswoman", "spokesperson", "spokespeople":
		return true
	}
	return false
}
