package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"

	"github.com/factmark/factmark/internal/anchor"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
	"github.com/factmark/factmark/internal/textcheck"
	"github.com/factmark/factmark/internal/wire"
)

// DecodeExport reads a factmark JSON export (export.JSON's output, laid out as wire.JSONDocument) and
// validates it as the API validates each value it is sent, so that an import
// can create nothing the API would have refused.
//
// Unknown JSON fields are ignored, so that an export from a newer factmark
// that adds fields still imports; the values of known fields are strict.
// Format must be wire.JSONFormatID. The article needs a title and a body
// whose text is canonical: its blocks tile the text in order, separated by
// "\n\n", and each block's text is already normalized, so that building the
// document again from its blocks gives the same text and offsets.
//
// Each claim is anchored as the workspace anchors it (docs/DESIGN.md §1): its
// position is kept while the text there equals quote.exact; otherwise the
// quote finds the span again and the position is corrected. A claim whose
// quote is not found is refused unless the export marks it as an orphan, in
// which case it stays an orphan with its quote and position as given: orphans
// are shown to editors, never deleted, and an import must not lose them (an
// orphan whose quote is found in this text is anchored again). The
// prefix and suffix of every anchored claim are recomputed from the text, so
// that they describe the text they will be stored with.
//
// Values are returned normalized as the API stores them: strings trimmed,
// URLs and dates in canonical form, empty kind, status and relation given
// their defaults, parties' exact text filled in.
//
// Every problem with the export is an EINVALID *model.Error. Field names the value at fault as
// a path into the document (claims[3].kind), and the message starts with the
// same path. Malformed JSON is reported with its byte position. The caller
// limits the size of r; an error from r itself is returned wrapped, not as a
// *model.Error, so that the caller can recognize it (such as the
// *http.MaxBytesError of a body over its limit, which is a 413).
func DecodeExport(r io.Reader) (*model.ImportedArticle, error) {
	data, base, err := readJSON(r)
	if err != nil {
		return nil, err
	}
	// Check the format before decoding the rest, so that some other JSON file
	// gets "not a factmark export" rather than a type error deep inside it.
	var probe struct {
		Format any `json:"format"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, invalidAt("format", "This is not a factmark JSON export: expected an object with \"format\": %q.", wire.JSONFormatID)
	}
	if probe.Format != wire.JSONFormatID {
		return nil, invalidAt("format", "This is not a factmark JSON export: format is %s, want %q.", describe(probe.Format), wire.JSONFormatID)
	}
	// Keys are case-sensitive here as everywhere else: encoding/json would
	// take "Claims" for "claims" without a word.
	if p := textcheck.JSON(data, reflect.TypeFor[wire.JSONDocument]()); p != nil {
		return nil, model.Invalid(p.Field, "%s", p.Message)
	}
	var doc wire.JSONDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, jsonError(err, base)
	}
	if err := checkExport(&doc); err != nil {
		return nil, err
	}
	return importedArticle(&doc), nil
}

// importedArticle is the checked document as the store takes it.
func importedArticle(doc *wire.JSONDocument) *model.ImportedArticle {
	out := &model.ImportedArticle{Article: doc.Article, Claims: make([]model.ImportedClaim, len(doc.Claims))}
	for i, c := range doc.Claims {
		out.Claims[i] = model.ImportedClaim{Claim: c.Claim, History: c.History}
	}
	return out
}

// readJSON reads exactly one JSON value from r, with nothing but white space
// after it. base is the value's byte offset in the input, which the offsets
// of errors found later in data are relative to.
func readJSON(r io.Reader) (data json.RawMessage, base int64, err error) {
	dec := json.NewDecoder(r)
	if err := dec.Decode(&data); err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.Is(err, io.EOF):
			return nil, 0, model.Errorf(model.EINVALID, "The file is empty: expected a factmark JSON export.")
		case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, 0, jsonError(err, 0)
		}
		// r failed: not the user's JSON but, say, a body over the server's
		// limit. Keep the error for the caller to recognize.
		return nil, 0, fmt.Errorf("reading the export: %w", err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, 0, model.Errorf(model.EINVALID, "Malformed JSON: more data after the export, which ends at byte %d.", end)
	}
	base = end - int64(len(data))
	return data, base, nil
}

// jsonError turns a decoding error into an EINVALID error that says where
// the problem is; base is added to the error's offset to make it count from
// the start of the input. encoding/json's offsets count the bytes read up to
// and including the offending one, which makes them its position counted
// from 1.
func jsonError(err error, base int64) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		return model.Errorf(model.EINVALID, "Malformed JSON at byte %d: %s.", base+syn.Offset, syn.Error())
	case errors.As(err, &typ):
		return invalidAt(jsonPath(typ.Field), "Expected %s, found a JSON %s (near byte %d).", jsonKind(typ.Type.Kind()), typ.Value, base+typ.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return model.Errorf(model.EINVALID, "Malformed JSON: the file ends in the middle of the export.")
	}
	// Errors from a value's own UnmarshalJSON, such as a time that is not RFC
	// 3339, carry no position; their text is safe to show.
	return model.Errorf(model.EINVALID, "Malformed export: %s.", err.Error())
}

// jsonPath turns the path of an UnmarshalTypeError, which names embedded Go
// structs too (claims.Claim.kind), into the JSON path (claims.kind). Every
// JSON name in an export is lower case and every Go type name capitalized,
// so the capitalized segments are the ones to drop.
func jsonPath(field string) string {
	var keep []string
	for seg := range strings.SplitSeq(field, ".") {
		if seg != "" && (seg[0] < 'A' || seg[0] > 'Z') {
			keep = append(keep, seg)
		}
	}
	if len(keep) == 0 {
		return "export"
	}
	return strings.Join(keep, ".")
}

// jsonKind names a Go kind the way a JSON author thinks of it.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another type"
}

// describe shows a decoded JSON value in an error message.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "missing"
	case string:
		return fmt.Sprintf("%q", v)
	}
	return fmt.Sprintf("%v", v)
}

// invalidAt returns an EINVALID error about the value at path, whose message
// starts with the path so that it reads on its own in an API response.
func invalidAt(path, format string, args ...any) *model.Error {
	return &model.Error{Code: model.EINVALID, Field: path, Message: path + ": " + fmt.Sprintf(format, args...)}
}

// within returns a model error from one of model's Normalize methods with
// its field moved under path.
func within(path string, err error) error {
	var e *model.Error
	if !errors.As(err, &e) {
		return err
	}
	field := path
	if e.Field != "" {
		field += "." + e.Field
	}
	return invalidAt(field, "%s", e.Message)
}

func tooLong(s string, max int) bool { return text.Len(s) > max }

// checkExport validates doc and normalizes it in place.
func checkExport(doc *wire.JSONDocument) error {
	a := &doc.Article
	a.Title = strings.TrimSpace(a.Title)
	a.Byline = strings.TrimSpace(a.Byline)
	a.Publication = strings.TrimSpace(a.Publication)
	switch {
	case a.Title == "":
		return invalidAt("article.title", "The title is required.")
	case tooLong(a.Title, model.MaxTitleLen):
		return invalidAt("article.title", "The title is too long: at most %d characters.", model.MaxTitleLen)
	case tooLong(a.Byline, model.MaxShortLen):
		return invalidAt("article.byline", "The byline is too long: at most %d characters.", model.MaxShortLen)
	case tooLong(a.Publication, model.MaxShortLen):
		return invalidAt("article.publication", "The publication is too long: at most %d characters.", model.MaxShortLen)
	}
	u, ok := model.NormalizeURL(a.URL)
	if !ok {
		return invalidAt("article.url", "The URL must be empty or a full http:// or https:// address.")
	}
	a.URL = u
	d, ok := model.NormalizeDate(a.PublishedAt)
	if !ok {
		return invalidAt("article.published_at", "The published date must be empty, YYYY-MM-DD or RFC 3339.")
	}
	a.PublishedAt = d
	if err := checkBody(a.Text, a.Blocks); err != nil {
		return err
	}
	a.Lang, a.Dir = strings.TrimSpace(a.Lang), strings.TrimSpace(a.Dir)
	if !model.ValidLang(a.Lang) {
		return invalidAt("article.lang", "The language must be empty or a tag such as en, fr or pt-BR.")
	}
	if !model.ValidDir(a.Dir) {
		return invalidAt("article.dir", `The direction must be empty, "ltr" or "rtl".`)
	}
	a.Assignee = strings.TrimSpace(a.Assignee)
	if tooLong(a.Assignee, model.MaxShortLen) {
		return invalidAt("article.assignee", "The assignee is too long: at most %d characters.", model.MaxShortLen)
	}
	due, ok := model.NormalizeDue(a.Due)
	if !ok {
		return invalidAt("article.due", "%s", model.DueMessage)
	}
	a.Due = due
	ix := text.NewIndex(a.Text)
	if i, msg := model.CheckLinks(a.Links, ix.Len()); i >= 0 {
		return invalidAt(fmt.Sprintf("article.links[%d]", i), "%s", msg)
	}
	for i := range doc.Claims {
		if err := checkClaim(fmt.Sprintf("claims[%d]", i), ix, &doc.Claims[i]); err != nil {
			return err
		}
	}
	if err := checkClaimNumbers(doc.Claims); err != nil {
		return err
	}
	return checkSourceIDs(doc.Claims)
}

// checkSourceIDs makes sure the sources' ids can stand for library entries:
// the importer creates one entry per exported id, so an id must be given,
// appear once per claim, and describe the same source wherever it appears.
// Without this, sources with a missing id would all become the first one.
func checkSourceIDs(claims []wire.JSONClaim) error {
	seen := map[int64]model.Source{}
	for i, c := range claims {
		inClaim := map[int64]bool{}
		for j, s := range c.Sources {
			path := fmt.Sprintf("claims[%d].sources[%d].id", i, j)
			if s.ID <= 0 {
				return invalidAt(path, "Each source needs its id from the export (a whole number above 0).")
			}
			if inClaim[s.ID] {
				return invalidAt(path, "Source %d is attached to this claim twice.", s.ID)
			}
			inClaim[s.ID] = true
			first, ok := seen[s.ID]
			if !ok {
				seen[s.ID] = s.Source
				continue
			}
			// CreatedAt is compared too: it is exported and imported as is.
			if first.URL != s.URL || first.Reference != s.Reference || first.Title != s.Title || first.Publisher != s.Publisher ||
				first.PublishedAt != s.PublishedAt || first.AccessedAt != s.AccessedAt || !first.CreatedAt.Equal(s.CreatedAt) {
				return invalidAt(path, "Source %d is described differently here than on an earlier claim: one id, one source.", s.ID)
			}
		}
	}
	return nil
}

// checkBody verifies that body and blocks are in canonical form: exactly what
// text.Build makes of the blocks' texts. It checks the pieces one by one
// first so that the error says which block is wrong and how.
func checkBody(body string, blocks []text.Block) error {
	switch {
	case len(body) > MaxTextBytes:
		return invalidAt("article.text", "The text is too long: at most %d MiB.", MaxTextBytes>>20)
	case len(blocks) == 0 || body == "":
		return invalidAt("article.blocks", "The article has no text: an article needs at least one block.")
	}
	ix := text.NewIndex(body)
	raw := make([]text.RawBlock, len(blocks))
	for i, b := range blocks {
		path := fmt.Sprintf("article.blocks[%d]", i)
		want := 0
		if i > 0 {
			want = blocks[i-1].End + len(text.Separator)
		}
		switch {
		case !b.Kind.Valid():
			return invalidAt(path+".kind", "Unknown block kind %q.", b.Kind)
		case b.Kind == text.Heading && (b.Level < 1 || b.Level > 6):
			return invalidAt(path+".level", "A heading's level is 1 to 6, not %d.", b.Level)
		case b.Kind != text.Heading && b.Level != 0:
			return invalidAt(path+".level", "Only headings have a level.")
		case b.Start != want:
			return invalidAt(path+".start", "The block starts at %d, want %d: blocks follow each other in order, one blank line apart.", b.Start, want)
		case !ix.InRange(b.Start, b.End):
			return invalidAt(path+".end", "The block [%d, %d) is empty or runs past the end of the text (%d characters).", b.Start, b.End, ix.Len())
		case i > 0 && ix.Slice(want-len(text.Separator), want) != text.Separator:
			return invalidAt(path+".start", "The block is not separated from the one before by a blank line (\"\\n\\n\").")
		}
		raw[i] = text.RawBlock{Kind: b.Kind, Level: b.Level, Text: ix.Slice(b.Start, b.End)}
		if text.NormalizeBlock(raw[i].Text) != raw[i].Text {
			return invalidAt(path, "The block's text is not in canonical form (Unicode NFC, single spaces, no line breaks, no space at either end).")
		}
	}
	if last := blocks[len(blocks)-1]; last.End != ix.Len() {
		return invalidAt("article.text", "The text goes on after the last block, which ends at %d of %d characters.", last.End, ix.Len())
	}
	// The checks above amount to this; it stays as the definition, so that
	// a rule added to text.Build cannot be missed here.
	if doc := text.Build(raw); doc.Text != body || !slices.Equal(doc.Blocks, blocks) {
		return invalidAt("article.text", "The text is not in canonical form.")
	}
	return nil
}

// checkClaim validates one claim against the article's text and normalizes
// it in place; path names it in errors.
func checkClaim(path string, ix *text.Index, c *wire.JSONClaim) error {
	nc := model.NewClaim{
		Start:     &c.Start,
		End:       &c.End,
		Statement: c.Statement,
		Kind:      c.Kind,
		Status:    c.Status,
		Note:      c.Note,
		Assignee:  c.Assignee,
		Parties:   make([]model.NewParty, len(c.Parties)),
	}
	for i, p := range c.Parties {
		nc.Parties[i] = model.NewParty{Name: p.Name, Role: p.Role, Start: p.Start, End: p.End}
	}
	if err := nc.Normalize(); err != nil {
		return within(path, err)
	}
	c.Statement, c.Kind, c.Status, c.Note, c.Assignee = nc.Statement, nc.Kind, nc.Status, nc.Note, nc.Assignee
	if tooLong(c.ChangedFrom, model.MaxStatementLen) {
		return invalidAt(path+".changed_from", "The words the claim was checked with are too long: at most %d characters.", model.MaxStatementLen)
	}
	if !c.ChangedSinceVerdict {
		c.ChangedFrom = ""
	}
	if tooLong(c.Assignee, model.MaxShortLen) {
		return invalidAt(path+".assignee", "The assignee is too long: at most %d characters.", model.MaxShortLen)
	}
	due, ok := model.NormalizeDue(c.Due)
	if !ok {
		return invalidAt(path+".due", "%s", model.DueMessage)
	}
	c.Due = due
	if err := anchorClaim(path, ix, c); err != nil {
		return err
	}
	for i := range c.Parties {
		c.Parties[i].Name = nc.Parties[i].Name
		if err := anchorParty(fmt.Sprintf("%s.parties[%d]", path, i), ix, &c.Parties[i]); err != nil {
			return err
		}
	}
	for i := range c.Sources {
		if err := checkSource(fmt.Sprintf("%s.sources[%d]", path, i), &c.Sources[i]); err != nil {
			return err
		}
	}
	if err := checkPublication(path+".publication", &c.Publication); err != nil {
		return err
	}
	for i, ev := range c.History {
		p := fmt.Sprintf("%s.history[%d]", path, i)
		switch {
		case strings.TrimSpace(string(ev.Field)) == "":
			return invalidAt(p+".field", "A history event must name the field that changed.")
		case ev.At.IsZero():
			return invalidAt(p+".at", "A history event needs the time it happened.")
		case tooLong(ev.Comment, model.MaxCommentLen):
			return invalidAt(p+".comment", "The comment is too long: at most %d characters.", model.MaxCommentLen)
		}
	}
	return nil
}

// anchorClaim checks the claim's span against the text, re-anchoring it by
// its quote when the position is stale (see DecodeExport).
func anchorClaim(path string, ix *text.Index, c *wire.JSONClaim) error {
	switch {
	case c.Quote.Exact == "":
		return invalidAt(path+".quote.exact", "The claim's quote is empty: it cannot be anchored.")
	case c.Start < 0 || c.End <= c.Start:
		return invalidAt(path+".end", "End must be greater than start, and start at least 0 (got %d and %d).", c.Start, c.End)
	}
	start, end, ok := anchor.Resolve(ix, c.Start, c.End, c.Quote)
	if !ok {
		if c.Orphan {
			return nil
		}
		return invalidAt(path+".quote", "The quoted text %q is not in the article (or occurs twice, equally likely), and the claim is not marked as an orphan.", clip(c.Quote.Exact))
	}
	c.Start, c.End, c.Orphan = start, end, false
	c.Quote = anchor.QuoteAt(ix, start, end)
	return nil
}

// anchorParty checks a party's optional span and fills in its exact text.
// A party's span has no quote to re-anchor by: it must be right as given.
func anchorParty(path string, ix *text.Index, p *model.Party) error {
	if !p.Anchored() {
		p.Exact = ""
		return nil
	}
	start, end := *p.Start, *p.End
	if !ix.InRange(start, end) {
		return invalidAt(path+".end", "The party's span [%d, %d) is empty or outside the text (%d characters).", start, end, ix.Len())
	}
	got := ix.Slice(start, end)
	if p.Exact != "" && p.Exact != got {
		return invalidAt(path+".exact", "The party's text %q does not match the article's text %q at [%d, %d).", clip(p.Exact), clip(got), start, end)
	}
	p.Exact = got
	return nil
}

// checkSource validates a source attached to a claim with the API's rules.
func checkSource(path string, s *model.ClaimSource) error {
	ns := model.NewSource{
		URL:         s.URL,
		Reference:   s.Reference,
		Title:       s.Title,
		Publisher:   s.Publisher,
		PublishedAt: s.PublishedAt,
		AccessedAt:  s.AccessedAt,
	}
	at := model.Attachment{Source: &ns, Excerpt: s.Excerpt, Relation: s.Relation, Note: s.Note}
	if err := at.Normalize(); err != nil {
		return within(path, err)
	}
	s.URL, s.Reference, s.Title, s.Publisher, s.PublishedAt, s.AccessedAt = ns.URL, ns.Reference, ns.Title, ns.Publisher, ns.PublishedAt, ns.AccessedAt
	s.Excerpt, s.Relation, s.Note = at.Excerpt, at.Relation, at.Note
	return nil
}

// clip shortens s for an error message.
func clip(s string) string {
	const n = 60
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// checkPublication validates a claim's publication records, oldest first,
// as the store would have written them, and checks that the state, verdict
// and rationale stated beside them are what the records make (so that an
// edited export cannot claim a review is published when its records say it
// was withdrawn); it then sets the publication as the records make it.
func checkPublication(path string, p *model.Publication) error {
	records := p.Records
	for i := range records {
		r := &records[i]
		rp := fmt.Sprintf("%s.records[%d]", path, i)
		r.Rationale = strings.TrimSpace(r.Rationale)
		r.Reason = strings.TrimSpace(r.Reason)
		switch {
		case !r.Verdict.IsVerdict():
			return invalidAt(rp+".verdict", "A published verdict is one of verified, needs_context, misleading, false or unverifiable, not %q.", r.Verdict)
		case r.Rationale == "":
			return invalidAt(rp+".rationale", "A publication needs its public rationale.")
		case tooLong(r.Rationale, model.MaxRationaleLen):
			return invalidAt(rp+".rationale", "The rationale is too long: at most %d characters.", model.MaxRationaleLen)
		case r.PublishedAt.IsZero():
			return invalidAt(rp+".published_at", "A publication needs the time it was published.")
		case i > 0 && r.PublishedAt.Before(records[i-1].PublishedAt):
			return invalidAt(rp+".published_at", "Publications are listed oldest first.")
		case (r.WithdrawnAt == nil) != (r.Reason == ""):
			return invalidAt(rp+".reason", "A withdrawn publication needs both withdrawn_at and its reason; a current one neither.")
		case tooLong(r.Reason, model.MaxRationaleLen):
			return invalidAt(rp+".reason", "The reason is too long: at most %d characters.", model.MaxRationaleLen)
		}
	}
	want := model.NewPublication(records)
	if p.State != "" && p.State != want.State {
		return invalidAt(path+".state", "The state is %q but the publication records make it %q.", p.State, want.State)
	}
	if p.Verdict != want.Verdict || strings.TrimSpace(p.Rationale) != want.Rationale {
		return invalidAt(path+".verdict", "The published verdict and rationale must be those of the last publication record.")
	}
	if len(records) == 0 {
		*p = model.Publication{} // unpublished, as the zero value says
		return nil
	}
	*p = want
	return nil
}
