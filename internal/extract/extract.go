// Package extract turns a web page's HTML into factmark's article model:
// metadata (title, byline, site name, publication time, language and
// direction) and the body as blocks of canonical text with their kind and
// their links.
//
// The main content and the metadata come from go-readability (a port of
// Readability.js 0.6.0); this package only walks the content node it
// returns and cuts it into blocks, so that what counts as the article is
// decided by the same rules as in Firefox's reader view. Pasted HTML (a
// fragment from the clipboard rather than a page) is walked as it is when
// Readability would keep nearly all of it anyway, or finds nothing.
//
// The package is pure: it reads no database and makes no request.
package extract

import (
	"bytes"
	"fmt"
	"mime"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"

	"github.com/factmark/factmark/internal/text"
)

// Article is what extraction finds in a page. Every string is trimmed and
// has its white space folded; a field the page does not give is "".
type Article struct {
	Title    string
	Byline   string
	SiteName string
	// PublishedAt is the publication time the page declares: YYYY-MM-DD
	// when it gives a date only, RFC 3339 in UTC when it gives a time (a
	// time without a zone is read as UTC), or "" when it declares none or
	// one that cannot be read.
	PublishedAt string
	Lang        string // the page's language tag, as given (en-GB)
	Dir         string // "ltr", "rtl", or "" when the page does not say
	Excerpt     string
	// Charset is the name of the encoding the bytes were decoded from
	// (utf-8, windows-1252, shift_jis...).
	Charset string
	// Blocks is the body in reading order. It is empty when the page holds
	// no text; it is the caller's job to refuse such a page.
	Blocks []Block
}

// Block is one block of the body. Text is already canonical (exactly
// text.NormalizeBlock of itself, and never empty), so that code-point
// offsets into it are offsets into the block in factmark's canonical text.
type Block struct {
	Kind  text.BlockKind `json:"kind"`
	Level int            `json:"level,omitempty"` // 1 to 6 for a heading, 0 otherwise
	Text  string         `json:"text"`
	Links []Link         `json:"links,omitempty"`
	// Caption is set on a figure's caption or credit. Such a block is a
	// paragraph for the text model, and likely boilerplate.
	Caption bool `json:"caption,omitempty"`
	// LikelyBoilerplate marks a block an editor most likely drops (a
	// caption, a byline, a share or subscribe line, a copyright line);
	// the import form shows it unticked.
	LikelyBoilerplate bool `json:"likely_boilerplate"`
}

// Link is a link inside a block's text.
type Link struct {
	// Start and End delimit the linked text in code points of the block's
	// Text, end exclusive; never empty, and never starting or ending with a
	// space.
	Start int `json:"start"`
	End   int `json:"end"`
	// Href is absolute, http or https, resolved against the page's base.
	Href string `json:"href"`
}

// RawBlock returns b as the input of text.Build.
func (b Block) RawBlock() text.RawBlock {
	return text.RawBlock{Kind: b.Kind, Level: b.Level, Text: b.Text}
}

// Page extracts the article from a whole web page given as bytes, decoded
// by the charset that a byte-order mark, contentType (the Content-Type
// header, or "") or the page's own <meta> declares, in that order of
// precedence, windows-1252 when none does. baseURL is the page's address:
// relative links are resolved against it (or against the page's <base>
// resolved against it); with a nil baseURL only absolute links are kept.
//
// When Readability finds no article in the page (too little text, or a
// page that is all navigation), the whole body is walked instead, so that
// the editor still gets the text to choose from.
func Page(page []byte, contentType string, baseURL *url.URL) (Article, error) {
	decoded, name, err := decode(page, contentType)
	if err != nil {
		return Article{}, err
	}
	parse := func() (*html.Node, error) {
		doc, err := html.Parse(bytes.NewReader(decoded))
		if err != nil {
			return nil, fmt.Errorf("parse the page: %w", err)
		}
		return doc, nil
	}
	a, err := extract(parse, baseURL, false)
	a.Charset = name
	return a, err
}

// Fragment extracts an article from pasted HTML: the text/html data of the
// browser's clipboard, which is a fragment of a page (what the editor
// selected), often without <title> or <base>. It is read as UTF-8, which is
// what browsers put on the clipboard.
//
// When the editor copied a selection of the article, Readability would keep
// nearly all of it, or find nothing in a short fragment; then the fragment
// is walked as it is, keeping everything selected (a headline becomes a
// heading block, and the title is the first heading when the fragment has
// no <title>). When the editor copied a whole page, with its navigation and
// its comments, Readability's article is taken, as Page does.
func Fragment(fragment string, baseURL *url.URL) (Article, error) {
	fragment = stripClipboardHeader(fragment)
	parse := func() (*html.Node, error) {
		doc, err := html.Parse(strings.NewReader(fragment))
		if err != nil {
			return nil, fmt.Errorf("parse pasted HTML: %w", err)
		}
		return doc, nil
	}
	a, err := extract(parse, baseURL, true)
	a.Charset = "utf-8"
	return a, err
}

// stripClipboardHeader removes the description that the Windows
// clipboard's HTML format puts before the markup ("Version:0.9
// StartHTML:..."), in case a client passes it on.
func stripClipboardHeader(s string) string {
	if !strings.HasPrefix(s, "Version:") || !strings.Contains(s[:min(len(s), 300)], "StartHTML:") {
		return s
	}
	if i := strings.IndexByte(s, '<'); i >= 0 {
		return s[i:]
	}
	return s
}

// keepFragmentShare is the share of a fragment's words above which
// Readability is judged to have kept "nearly all" of a pasted fragment, so
// that the fragment is walked as it is (see Fragment).
const keepFragmentShare = 0.9

// decode decodes page from its declared or sniffed charset to UTF-8 and
// returns it with the charset's name.
func decode(page []byte, contentType string) ([]byte, string, error) {
	enc, name := determineEncoding(page, contentType)
	decoded, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return nil, "", fmt.Errorf("decode the page as %s: %w", name, err)
	}
	// A UTF-8 byte-order mark decodes to U+FEFF, which the parser would
	// keep as text.
	return bytes.TrimPrefix(decoded, []byte("\ufeff")), name, nil
}

// DetectCharset returns the name of the encoding Page decodes page with
// (utf-8, windows-1252, shift_jis...) given its Content-Type contentType
// (or ""): see determineEncoding.
func DetectCharset(page []byte, contentType string) string {
	_, name := determineEncoding(page, contentType)
	return name
}

// determineEncoding returns the encoding of page: the one its byte-order
// mark or contentType gives; else the one a <meta> in its first 64 KiB
// declares (the HTML standard's prescan stops at 1 KiB, which pages with
// long scripts in their head overrun); else UTF-8 when the page is valid
// UTF-8; else windows-1252, as browsers do.
func determineEncoding(page []byte, contentType string) (encoding.Encoding, string) {
	enc, name, certain := charset.DetermineEncoding(page, contentType)
	if certain {
		return enc, name
	}
	if label := metaCharset(page[:min(len(page), metaScanBytes)]); label != "" {
		if e, n := charset.Lookup(label); e != nil {
			if strings.HasPrefix(n, "utf-16") {
				// A page that could be read as ASCII to find its
				// <meta> is not UTF-16; the standard reads it as UTF-8.
				return unicode.UTF8, "utf-8"
			}
			return e, n
		}
	}
	if utf8.Valid(page) {
		return unicode.UTF8, "utf-8"
	}
	return enc, name
}

// metaScanBytes is how far into a page determineEncoding looks for a
// <meta> declaring its charset.
const metaScanBytes = 64 << 10

// metaCharset returns the charset label that the first <meta charset> or
// <meta http-equiv="Content-Type"> of page declares, or "".
func metaCharset(page []byte) string {
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.DataAtom == atom.Body {
				return ""
			}
			if tok.DataAtom != atom.Meta {
				continue
			}
			var content, httpEquiv string
			for _, a := range tok.Attr {
				switch a.Key {
				case "charset":
					return strings.TrimSpace(a.Val)
				case "content":
					content = a.Val
				case "http-equiv":
					httpEquiv = a.Val
				}
			}
			if strings.EqualFold(strings.TrimSpace(httpEquiv), "content-type") {
				if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
					return params["charset"]
				}
			}
		}
	}
}

// extract runs Readability on the document that parse returns and turns
// its result into an Article. With fragment set, the document is pasted
// HTML (see Fragment). parse is called again for the rare page where
// Readability finds nothing, since Readability takes the tree apart.
func extract(parse func() (*html.Node, error), baseURL *url.URL, fragment bool) (Article, error) {
	doc, err := parse()
	if err != nil {
		return Article{}, err
	}
	base := documentBase(doc, baseURL)
	hints := readHints(doc)

	var whole []Block
	if fragment {
		// Walk the fragment before Readability, which changes the tree.
		whole = walkBlocks(findBody(doc), base)
	}

	parser := readability.NewParser()
	// Classes are only removed after extraction, so keeping them changes
	// nothing in what is extracted; they tell captions and share boxes.
	parser.KeepClasses = true
	ra, err := parser.ParseAndMutate(doc, base)
	if err != nil {
		return Article{}, fmt.Errorf("find the article in the page: %w", err)
	}

	var blocks []Block
	switch {
	case ra.Node != nil && !(fragment && (shortFragment(whole) || keepsNearlyAll(ra.Node, whole, base))):
		blocks = walkBlocks(ra.Node, base)
	case fragment:
		blocks = whole
	default:
		// Readability found nothing (a page of navigation and footers):
		// walk the whole page, so that the editor still has its text to
		// choose from.
		whole, err := parse()
		if err != nil {
			return Article{}, err
		}
		blocks = walkBlocks(findBody(whole), base)
	}

	a := Article{
		Title:    text.NormalizeBlock(ra.Title()),
		Byline:   text.NormalizeBlock(ra.Byline()),
		SiteName: text.NormalizeBlock(ra.SiteName()),
		Lang:     text.NormalizeBlock(ra.Language()),
		Excerpt:  text.NormalizeBlock(ra.Excerpt()),
		Blocks:   blocks,
	}
	if a.Lang == "" {
		a.Lang = hints.lang
	}
	if t, err := ra.PublishedTime(); err == nil {
		a.PublishedAt = publishedAt(t)
	}
	a.Dir = direction(ra.Node, hints, a.Lang)
	if a.Title == "" {
		a.Title = firstHeading(blocks)
	}
	markBoilerplate(a.Blocks, a.Byline)
	return a, nil
}

// publishedAt formats a publication time as model.NormalizeDate stores it.
// The parser reads a date without a time as midnight UTC, and so does this
// function: midnight UTC is taken for a date only, since pages that give
// a time rarely publish on the stroke of midnight UTC and say so in UTC.
func publishedAt(t time.Time) string {
	if t.Location() == time.UTC && t.Equal(t.Truncate(24*time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339)
}

// shortFragmentChars is the length of text under which a pasted fragment
// is taken as it is: Readability's own threshold for an article
// (CharThreshold, 500 characters). Below it Readability's scores pick
// whichever paragraphs score highest and drop the headings, quotes and
// lists the editor selected with them.
const shortFragmentChars = 500

// shortFragment reports whether the fragment's blocks hold fewer than
// shortFragmentChars characters.
func shortFragment(whole []Block) bool {
	n := 0
	for _, b := range whole {
		n += utf8.RuneCountInString(b.Text)
	}
	return n < shortFragmentChars
}

// keepsNearlyAll reports whether Readability's content holds at least
// keepFragmentShare of the words of the fragment's blocks.
func keepsNearlyAll(content *html.Node, whole []Block, base *url.URL) bool {
	all := countWords(whole)
	if all == 0 {
		return false
	}
	kept := countWords(walkBlocks(content, base))
	return float64(kept) >= keepFragmentShare*float64(all)
}

func countWords(blocks []Block) int {
	n := 0
	for _, b := range blocks {
		n += len(strings.Fields(b.Text))
	}
	return n
}

// firstHeading returns the text of the first heading block, or "".
func firstHeading(blocks []Block) string {
	for _, b := range blocks {
		if b.Kind == text.Heading {
			return b.Text
		}
	}
	return ""
}

// documentBase returns the base that links in doc are resolved against:
// the page's first <base href>, resolved against baseURL, or baseURL.
func documentBase(doc *html.Node, baseURL *url.URL) *url.URL {
	el := findElement(doc, atom.Base, func(n *html.Node) bool { return attr(n, "href") != "" })
	if el == nil {
		return baseURL
	}
	ref, err := url.Parse(strings.TrimSpace(attr(el, "href")))
	if err != nil {
		return baseURL
	}
	if baseURL != nil {
		return baseURL.ResolveReference(ref)
	}
	if ref.IsAbs() {
		return ref
	}
	return nil
}

// hints are what the page's <html> and <body> elements say about its
// language and direction, read before Readability takes the tree apart.
type hints struct {
	lang string
	dir  string // the dir attribute of <body>, else of <html>
}

func readHints(doc *html.Node) hints {
	var h hints
	if el := findElement(doc, atom.Html, nil); el != nil {
		h.lang = strings.TrimSpace(attr(el, "lang"))
		h.dir = knownDir(attr(el, "dir"))
	}
	if el := findElement(doc, atom.Body, nil); el != nil {
		if d := knownDir(attr(el, "dir")); d != "" {
			h.dir = d
		}
	}
	return h
}

// direction returns the article's text direction. Readability.js takes the
// dir attribute nearest above the article's main element, which the Go port
// does not report; this looks for a dir attribute on the content's top
// elements, then on <body> and <html>, and finally guesses from the
// language: a page in Arabic or Hebrew without a dir is still read right to
// left.
func direction(content *html.Node, h hints, lang string) string {
	for n := content; n != nil && n.Type == html.ElementNode; n = firstElementChild(n) {
		if d := knownDir(attr(n, "dir")); d != "" {
			return d
		}
	}
	if h.dir != "" {
		return h.dir
	}
	if rtlLanguage(lang) {
		return "rtl"
	}
	return ""
}

func knownDir(d string) string {
	switch d = strings.ToLower(strings.TrimSpace(d)); d {
	case "ltr", "rtl":
		return d
	}
	return ""
}

// rtlLanguage reports whether the language tag names a language written
// right to left (Arabic, Hebrew, Persian, Urdu, Yiddish, Pashto, Sindhi,
// Uyghur, Dhivehi, Kurdish in Arabic script, Syriac) or an Arabic or Hebrew
// script subtag.
func rtlLanguage(tag string) bool {
	parts := strings.Split(strings.ToLower(strings.ReplaceAll(tag, "_", "-")), "-")
	switch parts[0] {
	case "ar", "he", "iw", "fa", "ur", "yi", "ji", "ps", "sd", "ug", "dv", "ckb", "syr":
		return true
	}
	for _, p := range parts[1:] {
		if p == "arab" || p == "hebr" {
			return true
		}
	}
	return false
}

// findBody returns doc's <body>, or doc itself when it has none.
func findBody(doc *html.Node) *html.Node {
	if b := findElement(doc, atom.Body, nil); b != nil {
		return b
	}
	return doc
}

// findElement returns the first element in document order below n (or n)
// with the given tag that satisfies ok (any, when ok is nil).
func findElement(n *html.Node, tag atom.Atom, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == tag && (ok == nil || ok(n)) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := findElement(c, tag, ok); found != nil {
			return found
		}
	}
	return nil
}

func firstElementChild(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// Build returns the canonical document of blocks, as text.Build makes it
// of their RawBlocks, and their links with offsets moved from each block's
// text into the document's text (code points of Document.Text). Every
// block is kept: extracted blocks are never empty, so block i of the
// document is blocks[i].
func Build(blocks []Block) (text.Document, []Link) {
	raw := make([]text.RawBlock, len(blocks))
	for i, b := range blocks {
		raw[i] = b.RawBlock()
	}
	doc := text.Build(raw)
	var links []Link
	for i, b := range blocks {
		if i >= len(doc.Blocks) {
			break
		}
		start := doc.Blocks[i].Start
		for _, l := range b.Links {
			links = append(links, Link{Start: start + l.Start, End: start + l.End, Href: l.Href})
		}
	}
	return doc, links
}
