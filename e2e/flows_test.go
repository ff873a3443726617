package e2e

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/internal/extract"
	"github.com/factmark/factmark/internal/model"
	"github.com/factmark/factmark/internal/text"
)

// The first administrator every test creates through the setup page.
const (
	adminName     = "ada"
	adminDisplay  = "Ada Lindqvist"
	adminPassword = "river-basin-2026!"
)

// article is what an editor types into the import form.
type article struct {
	Title, Byline, Publication, URL, PublishedAt, Text string
}

// setupAdmin visits the site before any account exists, is sent to the
// setup page, creates the first administrator and lands on the home page
// logged in.
func (h *harness) setupAdmin() {
	h.t.Helper()
	h.open("/")
	h.waitUntil("the visit to / is redirected to /setup",
		`() => location.pathname === "/setup" && document.querySelector('[data-testid="setup-form"]')`)
	h.typeText(`[data-testid="setup-form"] input[name="name"]`, adminName)
	h.typeText(`[data-testid="setup-form"] input[name="display_name"]`, adminDisplay)
	h.typeText(`[data-testid="setup-form"] input[name="password"]`, adminPassword)
	h.typeText(`[data-testid="setup-form"] input[name="password2"]`, adminPassword)
	h.click("Create administrator", `[data-testid="setup-form"] button[type="submit"]`)
	h.waitUntil("the home page shows the new administrator logged in",
		`(who) => location.pathname === "/" && document.querySelector('[data-testid="current-user"]')?.textContent.includes(who)`, adminDisplay)
}

// logout presses "Log out" and waits for the login page.
func (h *harness) logout() {
	h.t.Helper()
	h.click("Log out", `[data-testid="logout"]`)
	h.waitUntil("the login page after logging out",
		`() => location.pathname === "/login" && document.querySelector('[data-testid="login-form"]') && !document.querySelector('[data-testid="current-user"]')`)
}

// login logs in through the login page and waits for the home page.
func (h *harness) login(name, password, label string) {
	h.t.Helper()
	h.open("/login")
	h.waitUntil("the login form", `() => document.querySelector('[data-testid="login-form"]')`)
	h.typeText(`[data-testid="login-form"] input[name="name"]`, name)
	h.typeText(`[data-testid="login-form"] input[name="password"]`, password)
	h.click("Log in", `[data-testid="login-form"] button[type="submit"]`)
	h.waitUntil("the home page after logging in as "+name,
		`(who) => location.pathname === "/" && document.querySelector('[data-testid="current-user"]')?.textContent.includes(who)`, label)
}

// fillImportForm opens the import page from the home page's button and
// fills it in, pasting the text.
func (h *harness) fillImportForm(a article) {
	h.t.Helper()
	h.open("/")
	h.click("Import article", `[data-testid="import-article"]`)
	h.waitUntil("the import form", `() => location.pathname === "/articles/new" && document.querySelector('[data-testid="import-form"]')`)
	form := `[data-testid="import-form"] `
	h.typeText(form+`input[name="title"]`, a.Title)
	h.typeText(form+`input[name="byline"]`, a.Byline)
	h.typeText(form+`input[name="publication"]`, a.Publication)
	h.typeText(form+`input[name="url"]`, a.URL)
	h.typeText(form+`input[name="published_at"]`, a.PublishedAt)
	h.paste(form+`textarea[name="text"]`, a.Text)
}

// importArticle imports a through the UI: fill in, "Preview blocks", untick
// every block starting with one of drop, "Save article". It returns the new
// article's ID once its workspace is shown.
func (h *harness) importArticle(a article, drop ...string) int64 {
	h.t.Helper()
	h.fillImportForm(a)
	h.click("Preview blocks", `[data-testid="preview-article"]`)
	h.waitUntil("the block preview", `() => document.querySelector('[data-testid="block-preview"]') && document.querySelector('[data-testid="save-article"]')`)
	blocks := h.texts(`[data-testid="block-preview"] .block-text`)
	want := previewBlocks(a.Text)
	if fmt.Sprint(blocks) != fmt.Sprint(want) {
		h.t.Fatalf("the preview shows the blocks\n%q\nwant\n%q", blocks, want)
	}
	// Blocks that look like captions, bylines or promotions start
	// unticked, every other block ticked.
	ticked := evalJS[[]bool](h, "reading the ticks", `() => Array.from(document.querySelectorAll('[data-testid="keep-block"]'), (b) => b.checked)`)
	for i, b := range blocks {
		if want := !extract.LikelyBoilerplate(b, a.Byline); ticked[i] != want {
			h.t.Fatalf("block %d %q is ticked %v before any choice, want %v", i, b, ticked[i], want)
		}
	}
	// The editor unticks the blocks to drop and ticks again any other.
	dropped := 0
	for i, b := range blocks {
		if hasAnyPrefix(b, drop) {
			dropped++
		}
		if hasAnyPrefix(b, drop) == ticked[i] {
			h.click(fmt.Sprintf("the checkbox of block %d", i), fmt.Sprintf(`[data-testid="keep-block"][value="%d"]`, i))
		}
	}
	if dropped < len(drop) {
		h.t.Fatalf("only %d blocks matched the %d to drop: %q", dropped, len(drop), drop)
	}
	if n := h.count(`[data-testid="keep-block"]:checked`); n != len(blocks)-dropped {
		h.t.Fatalf("%d blocks are ticked after unticking %d of %d", n, dropped, len(blocks))
	}
	h.click("Save article", `[data-testid="save-article"]`)
	h.waitUntil("the new article's workspace",
		`() => /^\/articles\/\d+$/.test(location.pathname) && document.querySelector('[data-testid="workspace"]')`)
	id := evalJS[string](h, "reading the article's ID", `() => document.querySelector('[data-testid="workspace"]').dataset.articleId`)
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		h.t.Fatalf("the workspace's article ID is %q", id)
	}
	return n
}

// previewBlocks is what the preview should list for pasted text: each
// non-empty block's canonical text.
func previewBlocks(raw string) []string {
	var out []string
	for _, b := range text.SplitPlain(raw) {
		if n := text.NormalizeBlock(b.Text); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// canonicalText is the article's canonical text, computed independently of
// the server with internal/text, after leaving out the blocks starting
// with one of drop.
func canonicalText(raw string, drop ...string) string {
	var kept []text.RawBlock
	for _, b := range text.SplitPlain(raw) {
		if n := text.NormalizeBlock(b.Text); n != "" && !hasAnyPrefix(n, drop) {
			kept = append(kept, b)
		}
	}
	return text.Build(kept).Text
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// span is a [start, end) range of code points.
type span struct{ Start, End int }

// codePointSpan returns where the only occurrence of sub is in canon, in
// code points.
func codePointSpan(t testing.TB, canon, sub string) span {
	t.Helper()
	i := strings.Index(canon, sub)
	if i < 0 || strings.Count(canon, sub) != 1 {
		t.Fatalf("%q occurs %d times in the canonical text, want once", sub, strings.Count(canon, sub))
	}
	start := utf8.RuneCountInString(canon[:i])
	return span{start, start + utf8.RuneCountInString(sub)}
}

// utf16Len is the length of s in UTF-16 code units, what a DOM offset
// counts.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// selectText selects the occurrence-th (from 0) occurrence of sub in the
// article text as a user would: a mouse drag from its first to its last
// character, then, to be exact to the character, the same range through the
// Selection API. It waits for the "selectionchange" event the workspace
// listens to.
func (h *harness) selectText(sub string, occurrence int) {
	h.t.Helper()
	type point struct{ X1, Y1, X2, Y2 float64 }
	p := evalJS[point](h, "finding "+sub+" in the article", `(sub, occurrence) => {
		const root = document.getElementById("article-text");
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		const nodes = [];
		let all = "";
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			nodes.push({ node: n, at: all.length });
			all += n.data;
		}
		let idx = -1;
		for (let i = 0; i <= occurrence; i++) {
			idx = all.indexOf(sub, idx + 1);
			if (idx < 0) throw new Error("occurrence " + occurrence + " of " + JSON.stringify(sub) + " is not in the article text");
		}
		// A boundary at the end of one text node and the start of the next
		// belongs to the node holding the selected character.
		const locate = (pos, isEnd) => {
			for (const { node, at } of nodes) {
				const len = node.data.length;
				if (isEnd ? pos > at && pos <= at + len : pos >= at && pos < at + len) return [node, pos - at];
			}
			throw new Error("no text node holds offset " + pos);
		};
		const [sn, so] = locate(idx, false);
		const [en, eo] = locate(idx + sub.length, true);
		const range = document.createRange();
		range.setStart(sn, so);
		range.setEnd(en, eo);
		sn.parentElement.scrollIntoView({ block: "center" });
		const charRect = (node, from, to) => {
			const r = document.createRange();
			r.setStart(node, from);
			r.setEnd(node, to);
			return r.getBoundingClientRect();
		};
		const first = charRect(sn, so, so + 1);
		const last = charRect(en, eo - 1, eo);
		window.__e2eRange = range;
		return { X1: first.left + 1, Y1: first.top + first.height / 2, X2: last.right - 1, Y2: last.top + last.height / 2 };
	}`, sub, occurrence)

	h.do("dragging the mouse over "+sub,
		chromedp.MouseEvent(chromedp.MouseMoved, p.X1, p.Y1),
		chromedp.MouseEvent(chromedp.MousePressed, p.X1, p.Y1, chromedp.ButtonLeft, chromedp.ClickCount(1), buttons(1)),
		chromedp.MouseEvent(chromedp.MouseMoved, (p.X1+p.X2)/2, (p.Y1+p.Y2)/2, chromedp.ButtonLeft, buttons(1)),
		chromedp.MouseEvent(chromedp.MouseMoved, p.X2, p.Y2, chromedp.ButtonLeft, buttons(1)),
		chromedp.MouseEvent(chromedp.MouseReleased, p.X2, p.Y2, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	)
	got := evalJS[string](h, "selecting "+sub, `() => {
		const sel = window.getSelection();
		sel.removeAllRanges();
		sel.addRange(window.__e2eRange);
		window.__e2eSelectionChanges = 0;
		if (!window.__e2eCountsSelections) {
			window.__e2eCountsSelections = true;
			document.addEventListener("selectionchange", () => window.__e2eSelectionChanges++);
		}
		return sel.toString();
	}`)
	if got != sub {
		h.t.Fatalf("the selection holds %q, want %q", got, sub)
	}
	h.waitUntil("the selectionchange event after selecting "+sub, `() => window.__e2eSelectionChanges > 0`)
}

// buttons sets the buttons held down during a mouse event.
func buttons(b int64) chromedp.MouseOption {
	return func(p *input.DispatchMouseEventParams) { p.Buttons = b }
}

// newClaim selects sub, presses "New claim", checks that the form quotes
// exactly sub, saves it with kind (and statement, unless it is empty) and
// returns the new claim's ID and the offsets the form carried.
func (h *harness) newClaim(sub string, occurrence int, kind model.Kind, statement string) (int64, span) {
	h.t.Helper()
	h.selectText(sub, occurrence)
	h.waitUntil("the New claim button to be enabled", `() => !document.querySelector('[data-testid="new-claim"]').disabled`)
	h.click("New claim", `[data-testid="new-claim"]`)
	h.waitUntil("the new-claim form", `() => document.querySelector('[data-testid="new-claim-form"]')`)
	if q := h.text(`[data-testid="new-claim-quote"]`); q != sub {
		h.t.Fatalf("the new-claim form quotes %q, want exactly %q", q, sub)
	}
	if s := h.value(`[data-testid="new-statement"]`); s != sub {
		h.t.Errorf("the new claim's statement starts as %q, want the quote %q", s, sub)
	}
	var sp span
	sp.Start, _ = strconv.Atoi(h.value(`[data-testid="new-claim-form"] input[name="start"]`))
	sp.End, _ = strconv.Atoi(h.value(`[data-testid="new-claim-form"] input[name="end"]`))
	h.choose(`[data-testid="new-kind"]`, string(kind))
	if statement != "" {
		h.typeText(`[data-testid="new-statement"]`, statement)
	}
	h.markStale()
	h.click("Save claim", `[data-testid="save-claim"]`)
	h.waitUntil("the saved claim's panel", `() => document.querySelector('[data-testid="panel-claim"]') && !document.querySelector('[data-testid="new-claim-form"]')`)
	h.waitRefreshed("saving the claim")
	id, err := strconv.ParseInt(evalJS[string](h, "reading the claim's ID", `() => document.querySelector('[data-testid="panel-claim"]').dataset.claimId`), 10, 64)
	if err != nil {
		h.t.Fatalf("the panel's claim ID: %v", err)
	}
	h.waitUntil("the new claim's highlight in the text and its list entry",
		`(id) => document.querySelector('#article-text mark[data-claims~="' + id + '"]') && document.querySelector('[data-testid="claim-item"][data-claim-id="' + id + '"]')`, id)
	return id, sp
}

// openFromList opens a claim from the side list and waits for its panel.
func (h *harness) openFromList(id int64) {
	h.t.Helper()
	h.click(fmt.Sprintf("claim %d in the list", id), fmt.Sprintf(`[data-testid="claim-item"][data-claim-id="%d"] button`, id))
	h.waitPanel(id)
	// The list is under the panel in one scrolling column: the claim must
	// show from its head, not from wherever the list was scrolled to.
	visible := evalJS[bool](h, "checking the panel's head is in view", `() => {
		const head = document.querySelector('[data-testid="panel-claim"] .panel-head').getBoundingClientRect();
		const side = document.querySelector(".side").getBoundingClientRect();
		return head.top >= Math.max(side.top, 0) - 1 && head.bottom <= Math.min(side.bottom, innerHeight) + 1;
	}`)
	if !visible {
		h.t.Errorf("claim %d opened from the list, but its panel's head is scrolled out of view", id)
	}
}

// waitPanel waits until the panel shows claim id.
func (h *harness) waitPanel(id int64) {
	h.t.Helper()
	h.waitUntil(fmt.Sprintf("the panel to show claim %d", id),
		`(id) => document.querySelector('[data-testid="panel-claim"]')?.dataset.claimId === String(id)`, id)
}

// submitPanelForm clicks a panel form's button and waits for the panel to
// answer with a new flash reading flash and for the article text and the list to be refreshed
// (they are swapped in after the panel).
func (h *harness) submitPanelForm(what, button, flash string) {
	h.t.Helper()
	h.markStale()
	h.click(what, button)
	h.waitUntil(what+" to be answered with “"+flash+"”",
		`(flash) => { const f = document.querySelector('[data-testid="panel-claim"] [data-testid="flash"]');
			return f && !f.dataset.e2eStale && f.textContent === flash; }`, flash)
	h.waitRefreshed(what)
}

// markStale flags the panel, the article text and the claim list, so that
// waitRefreshed and the waits for a new panel can tell their replacements.
func (h *harness) markStale() {
	h.t.Helper()
	evalJS[chromedp.Void](h, "flagging the workspace's parts", `() => {
		for (const el of document.querySelectorAll('[data-testid="panel-claim"], [data-testid="new-claim-panel"], [data-testid="flash"], #article-text, #article-text .chunk, #claim-list, #claim-list .claim-item')) el.dataset.e2eStale = "1";
	}`)
}

// waitRefreshed waits until the article text and the claim list flagged by
// markStale have been refreshed: replaced whole, or the chunks of the text
// and the entries of the list that the change touched replaced (a save
// answers with those alone, views/pages/workspace_chunks.go).
func (h *harness) waitRefreshed(what string) {
	h.t.Helper()
	h.waitUntil("the text and the list to be refreshed after "+what, `() => {
		const fresh = (sel) => Array.from(document.querySelectorAll(sel)).some((el) => !el.dataset.e2eStale);
		return (fresh("#article-text") || fresh("#article-text .chunk")) && (fresh("#claim-list") || fresh("#claim-list .claim-item"));
	}`)
}

// panelClaim is what the open panel shows.
type panelClaim struct {
	ID        string
	Status    string // the badge's label
	Quote     string
	Statement string
	Parties   []panelParty
	Sources   []panelSource
	History   []panelEvent
}

type panelParty struct{ Name, Role, Marked string }

type panelSource struct{ Relation, Title, Href, Excerpt string }

type panelEvent struct{ User, Field, From, To, Comment string }

// readPanel reads the open claim panel.
func (h *harness) readPanel() panelClaim {
	h.t.Helper()
	return evalJS[panelClaim](h, "reading the claim panel", `() => {
		const p = document.querySelector('[data-testid="panel-claim"]');
		if (!p) throw new Error("no claim panel is open");
		const t = (root, sel) => root.querySelector(sel)?.textContent.trim() ?? "";
		return {
			ID: p.dataset.claimId,
			Status: t(p, '[data-testid="panel-status"]'),
			Quote: t(p, '[data-testid="panel-quote"]'),
			Statement: p.querySelector('[data-testid="statement"]')?.value ?? "",
			Parties: Array.from(p.querySelectorAll('[data-testid="party"]'), (li) => ({
				Name: t(li, '[data-testid="party-name"]'), Role: t(li, '[data-testid="party-role"]'), Marked: t(li, '[data-testid="party-marked"]'),
			})),
			Sources: Array.from(p.querySelectorAll('[data-testid="source"]'), (li) => ({
				Relation: t(li, '[data-testid="source-relation"]'), Title: t(li, '[data-testid="source-link"]') || t(li, '[data-testid="source-title"]'),
				Href: li.querySelector('[data-testid="source-link"]')?.getAttribute("href") ?? "", Excerpt: t(li, '[data-testid="source-excerpt"]'),
			})),
			History: Array.from(p.querySelectorAll('[data-testid="event"]'), (li) => ({
				User: t(li, ".user"), Field: li.dataset.field, From: t(li, '[data-testid="event-from"]'), To: t(li, '[data-testid="event-to"]'),
				Comment: t(li, '[data-testid="event-comment"]'),
			})),
		};
	}`)
}

// apiClaims fetches the article's claims from the JSON API inside the
// page, with the session cookie.
func (h *harness) apiClaims(articleID int64) []model.Claim {
	h.t.Helper()
	raw := evalJS[string](h, "fetching the claims from the API", `async (id) => {
		const res = await fetch("/api/v1/articles/" + id + "/claims", { credentials: "same-origin" });
		if (!res.ok) throw new Error("GET claims: " + res.status);
		return res.text();
	}`, articleID)
	var body struct{ Claims []model.Claim }
	if err := json.Unmarshal([]byte(raw), &body); err != nil {
		h.t.Fatalf("decoding the API's claims: %v\n%s", err, raw)
	}
	return body.Claims
}

// fetchText GETs path inside the page and returns the status and body.
func (h *harness) fetchText(path string) (int, string) {
	h.t.Helper()
	type result struct {
		Status int
		Body   string
	}
	r := evalJS[result](h, "fetching "+path, `async (path) => {
		const res = await fetch(path, { credentials: "same-origin" });
		return { Status: res.status, Body: await res.text() };
	}`, path)
	return r.Status, r.Body
}

// seedArticle stores an article with body as its pasted text, and one
// unchecked claim on quote, straight through the store.
func (h *harness) seedArticle(title, body, quote, statement string) (model.Article, model.Claim) {
	h.t.Helper()
	ctx := h.ctx
	a, err := h.store.CreateArticle(ctx, model.NewArticle{Title: title, Doc: text.Build(text.SplitPlain(body))}, adminName)
	if err != nil {
		h.t.Fatalf("storing the article: %v", err)
	}
	sp := codePointSpan(h.t, a.Text, quote)
	c, err := h.store.CreateClaim(ctx, a.ID, model.NewClaim{Start: &sp.Start, End: &sp.End, Statement: statement,
		Kind: model.KindEvent, Status: model.StatusUnchecked}, adminName)
	if err != nil {
		h.t.Fatalf("storing the claim: %v", err)
	}
	return a, c
}
