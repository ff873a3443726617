package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// Boilerplate heuristics. They only decide which blocks the import form
// shows unticked, never what is kept, so they lean towards marking: an
// editor re-ticks a block in one click, but a share line left in the
// article shows in every export. Each looks at one block's canonical text,
// and only short blocks qualify, so that a paragraph of the article that
// happens to mention a subscription or a photographer is left alone.

// markBoilerplate sets LikelyBoilerplate on the blocks that look like
// boilerplate by their text. byline is the article's byline, or "".
func markBoilerplate(blocks []Block, byline string) {
	for i := range blocks {
		t := blocks[i].Text
		if isByline(t, byline) || isPromotion(t) || isReadMore(t) || isCopyright(t) || isPhotoCredit(t) {
			blocks[i].LikelyBoilerplate = true
		}
	}
}

// words returns the number of words in t.
func words(t string) int { return len(strings.Fields(t)) }

// bylinePrefix matches the word that introduces an author's name, in the
// languages of factmark's first users, followed by a capital letter.
var bylinePrefix = regexp.MustCompile(`^(?i:by|par|por|von|door|di|av|af|przez)\s+\p{Lu}`)

// isByline reports whether t is an author line: "By Ana Reis", "Par ...",
// the article's own byline, or the heading of an author box ("About the
// author").
func isByline(t, byline string) bool {
	if words(t) > 12 {
		return false
	}
	if byline != "" && strings.EqualFold(t, byline) {
		return true
	}
	lower := strings.ToLower(t)
	if strings.HasPrefix(lower, "about the writer") || strings.HasPrefix(lower, "about the author") {
		return true
	}
	return bylinePrefix.MatchString(t)
}

// promotionPhrases are phrases of subscription offers, share buttons and
// app advertisements.
var promotionPhrases = []string{
	"subscribe", "subscription", "subscriber", "newsletter", "sign up", "sign in", "log in",
	"follow us", "share this", "share on", "share via", "ad-free", "advertisement",
	"sponsored content", "delivered to your door", "delivered to your inbox",
	"download our app", "download the app", "get the app", "app updates",
	"unlimited access", "support our journalism", "become a member",
}

// isPromotion reports whether t is a short line selling something of the
// site's (a subscription, its app, its newsletter) or asking to share.
func isPromotion(t string) bool {
	if words(t) > 15 {
		return false
	}
	return containsAny(strings.ToLower(t), promotionPhrases)
}

// readMorePhrases start or end the links to other articles and the
// teasers that carry them.
var readMorePhrases = []string{
	"read more", "continue reading", "click here", "see also", "related:", "related articles",
	"related stories", "more from", "recommended for you", "most popular", "most read",
}

// isReadMore reports whether t points elsewhere: "Read more", "Related
// stories", a teaser that ends in "Read more", "... click here".
func isReadMore(t string) bool {
	lower := strings.TrimRightFunc(strings.ToLower(t), func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r)
	})
	if strings.HasSuffix(lower, "read more") {
		return true
	}
	return words(t) <= 20 && containsAny(lower, readMorePhrases)
}

var copyrightYear = regexp.MustCompile(`(?i)\(c\)\s*(19|20)\d\d`)

// isCopyright reports whether t is a copyright or rights line.
func isCopyright(t string) bool {
	if words(t) > 25 {
		return false
	}
	lower := strings.ToLower(t)
	return strings.Contains(t, "©") || strings.HasPrefix(lower, "copyright") ||
		strings.Contains(lower, "all rights reserved") || copyrightYear.MatchString(t)
}

var (
	creditPrefixes = []string{"photo:", "photo by", "photograph:", "photograph by", "image:",
		"image by", "picture:", "credit:", "foto:", "foto de", "illustration:", "illustration by", "video:", "(photo"}
	creditAgencies = []string{"getty images", "ap photo", "afp photo", "afp via getty", "/reuters",
		"reuters/", "/afp", "/ap", "epa-efe", "shutterstock", "photo credit"}
)

// isPhotoCredit reports whether t is the caption or credit of a picture
// that was not marked up as a figure: "Photo: ...", "Illustration by
// ...", or a short line naming a picture agency.
func isPhotoCredit(t string) bool {
	lower := strings.ToLower(t)
	if words(t) <= 30 && hasAnyPrefix(lower, creditPrefixes) {
		return true
	}
	return words(t) <= 12 && containsAny(lower, creditAgencies)
}

// asideTokens are words in class names, ids and roles of the containers
// of navigation, share buttons, newsletters, advertisements, author boxes
// and lists of other articles.
var asideTokens = map[string]bool{
	"share": true, "sharing": true, "social": true, "newsletter": true, "subscribe": true,
	"subscription": true, "promo": true, "promotion": true, "related": true, "advert": true,
	"advertisement": true, "ad": true, "ads": true, "sponsor": true, "sponsored": true,
	"navigation": true, "complementary": true, "contentinfo": true, "breadcrumb": true,
	"breadcrumbs": true, "byline": true, "author": true, "copyright": true,
}

// captionTokens are words in class names and ids of picture captions and
// credits that are not marked up as <figcaption>.
var captionTokens = map[string]bool{"caption": true, "credit": true, "credits": true}

// hasHint reports whether n's class, id or role holds one of tokens as a
// whole word ("share-bar" holds "share", "shared" does not, nor does the
// negated "no_caption"), and n holds no more than hintMaxWords words: a
// class name is a hint about a box, not about the article's text, which
// a template may wrap in a container called anything.
func hasHint(n *html.Node, tokens map[string]bool) bool {
	found := false
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" && a.Key != "role" {
			continue
		}
		words := strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return !unicode.IsLetter(r)
		})
		for i, w := range words {
			if tokens[w] && (i == 0 || (words[i-1] != "no" && words[i-1] != "without")) {
				found = true
			}
		}
	}
	return found && wordsUpTo(n, hintMaxWords+1) <= hintMaxWords
}

// hintMaxWords is the most words a box may hold for its class name to
// mark it as boilerplate.
const hintMaxWords = 60

// wordsUpTo counts the words of the text under n, stopping at limit.
func wordsUpTo(n *html.Node, limit int) int {
	count := 0
	var visit func(*html.Node) bool
	visit = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			count += len(strings.Fields(n.Data))
			return count < limit
		}
		if n.Type == html.ElementNode && skipped(n) {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !visit(c) {
				return false
			}
		}
		return true
	}
	visit(n)
	return count
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
