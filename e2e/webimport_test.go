package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/factmark/factmark/handlers"
	"github.com/factmark/factmark/internal/model"
)

// allowPrivate lets the server fetch from the tests' local page server.
func allowPrivate(c *handlers.Config) { c.FetchAllowPrivate = true }

// clipboardPage is what a browser puts on the clipboard as text/html when
// an editor copies an article from a news site: a fragment with its
// markup, a relative link, and a figure with its caption.
const clipboardPage = `<meta charset="utf-8"><h1>Ferry link approved in Pellmoor</h1>` +
	`<p>The Pellmoor council <a href="/minutes/2026-03">voted 7–2</a> on Tuesday to fund a ferry to Astrid Bay, the first new crossing in thirty years.</p>` +
	`<figure><img src="/ferry.jpg" alt=""><figcaption>The old ferry at the Astrid Bay pier.</figcaption></figure>` +
	`<h2>What it costs</h2>` +
	`<blockquote><p>Tickets will cost four euros for residents.</p></blockquote>` +
	`<ul><li>Two crossings a day in winter</li><li>Six in summer</li></ul>`

// clipboardPlain is the same selection's text/plain.
const clipboardPlain = "Ferry link approved in Pellmoor\n\nThe Pellmoor council voted 7–2 on Tuesday…"

// pasteHTML dispatches a paste of html (and its plain text) on the import
// page's text field, as the browser does when the editor pastes a copied
// web page.
func (h *harness) pasteHTML(html, plain string) {
	h.t.Helper()
	evalJS[bool](h, "pasting from a web page", `(html, plain) => {
		const area = document.querySelector('[data-testid="import-text"]');
		area.focus();
		const data = new DataTransfer();
		data.setData('text/html', html);
		data.setData('text/plain', plain);
		return area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
	}`, html, plain)
}

// previewKinds lists the preview's blocks as kind:ticked.
func (h *harness) previewKinds() []string {
	h.t.Helper()
	return evalJS[[]string](h, "reading the blocks' kinds", `() => Array.from(document.querySelectorAll('[data-testid="block-choice"]'),
		(b) => b.dataset.kind + ':' + (b.querySelector('input').checked ? 'x' : '-'))`)
}

// saveImported presses "Save article" and returns the new article's id
// once its workspace is shown.
func (h *harness) saveImported() int64 {
	h.t.Helper()
	h.click("Save article", `[data-testid="save-article"]`)
	h.waitUntil("the new article's workspace",
		`() => /^\/articles\/\d+$/.test(location.pathname) && document.querySelector('[data-testid="workspace"]') && document.readyState === "complete"`)
	id, err := strconv.ParseInt(evalJS[string](h, "reading the article's ID", `() => document.querySelector('[data-testid="workspace"]').dataset.articleId`), 10, 64)
	if err != nil {
		h.t.Fatalf("the workspace's article ID: %v", err)
	}
	return id
}

// dragSelect drags the mouse from the first to the last character of the
// only occurrence of sub in the article text and returns the text the
// browser selected, with no help from the Selection API.
func (h *harness) dragSelect(sub string) string {
	h.t.Helper()
	type point struct{ X1, Y1, X2, Y2 float64 }
	p := evalJS[point](h, "finding "+sub, `(sub) => {
		const root = document.getElementById("article-text");
		const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
		const nodes = [];
		let all = "";
		for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push({ node: n, at: all.length }); all += n.data; }
		const idx = all.indexOf(sub);
		if (idx < 0) throw new Error("not in the text: " + sub);
		const at = (pos, isEnd) => {
			for (const { node, at } of nodes) {
				const len = node.data.length;
				if (isEnd ? pos > at && pos <= at + len : pos >= at && pos < at + len) return [node, pos - at];
			}
		};
		const rect = ([node, o], d) => { const r = document.createRange(); r.setStart(node, o + d); r.setEnd(node, o + d + 1); return r.getBoundingClientRect(); };
		window.getSelection().removeAllRanges();
		const start = at(idx, false), end = at(idx + sub.length, true);
		const first = rect(start, 0), last = rect(end, -1);
		// Words run from right to left in a right-to-left block: a drag
		// starts at the first character's right edge.
		const rtl = getComputedStyle(start[0].parentElement).direction === "rtl";
		return rtl
			? { X1: first.right - 1, Y1: first.top + first.height / 2, X2: last.left + 1, Y2: last.top + last.height / 2 }
			: { X1: first.left + 1, Y1: first.top + first.height / 2, X2: last.right - 1, Y2: last.top + last.height / 2 };
	}`, sub)
	h.do("dragging over "+sub, dragSteps(p.X1, p.Y1, p.X2, p.Y2)...)
	return evalJS[string](h, "reading the selection", `() => window.getSelection().toString()`)
}

// apiJSON GETs path inside the page and decodes its JSON into v.
func (h *harness) apiJSON(path string, v any) {
	h.t.Helper()
	status, body := h.fetchText(path)
	if status != http.StatusOK {
		h.t.Fatalf("GET %s: %d %s", path, status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		h.t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
}

// Pasting a copied web page keeps its structure: the preview shows the
// blocks with their kinds and the caption unticked; the saved article
// shows its link as a link, and dragging across the link still selects
// the words for a claim, at the right offsets.
func TestPasteFromWebPage(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	h.open("/articles/new")
	h.typeText(`[data-testid="import-url"]`, "https://pellmoor.example/news/ferry")
	h.pasteHTML(clipboardPage, clipboardPlain)
	h.waitUntil("the note that the paste came from a web page",
		`() => document.querySelector('[data-testid="source-note"]')?.textContent.includes("Pasted from a web page: 7 blocks found")`)
	if got := strings.Join(h.previewKinds(), " "); got != "heading:x paragraph:x caption:- heading:x blockquote:x list_item:x list_item:x" {
		t.Errorf("the preview's blocks are %s", got)
	}
	if got := h.texts(`[data-testid="block-kind"]`); strings.Join(got, "|") != "Heading 1|Caption|Heading 2|Quote|List item|List item" {
		t.Errorf("the kinds shown are %q", got)
	}
	if got := h.value(`[data-testid="import-title"]`); got != "Ferry link approved in Pellmoor" {
		t.Errorf("the title is prefilled with %q", got)
	}
	id := h.saveImported()

	link := `#article-text a[href="https://pellmoor.example/minutes/2026-03"]`
	if n := h.count(link); n != 1 {
		t.Fatalf("%d links to the minutes in the workspace, want 1", n)
	}
	if got := h.text(link); got != "voted 7–2" {
		t.Errorf("the link's words are %q", got)
	}
	if got := evalJS[string](h, "reading the link's rel", `(sel) => document.querySelector(sel).rel`, link); got != "noopener noreferrer nofollow" {
		t.Errorf("rel %q", got)
	}
	// A drag that starts on the link selects words, as anywhere else: the
	// link is not dragged away; nor is one that starts before it.
	for _, words := range []string{"7–2 on Tuesday", "council voted 7"} {
		if got := h.dragSelect(words); got != words {
			t.Errorf("dragging across the link over %q selected %q", words, got)
		}
	}
	// A plain click on the link still follows it (the test stops the new
	// tab from opening, after the page's own handlers).
	evalJS[bool](h, "watching clicks", `() => {
		window.__e2eClicks = [];
		window.addEventListener("click", (ev) => {
			const a = ev.target.closest("#article-text a");
			if (!a) return;
			window.__e2eClicks.push({ href: a.getAttribute("href"), prevented: ev.defaultPrevented });
			ev.preventDefault();
		});
		window.getSelection().removeAllRanges();
		return true;
	}`)
	h.click("the link", link)
	type click struct {
		Href      string `json:"href"`
		Prevented bool   `json:"prevented"`
	}
	clicks := evalJS[[]click](h, "reading the clicks", `() => window.__e2eClicks`)
	if len(clicks) != 1 || clicks[0].Href != "https://pellmoor.example/minutes/2026-03" || clicks[0].Prevented {
		t.Errorf("a click on the link: %+v, want it followed to the minutes", clicks)
	}
	words := "Pellmoor council voted 7–2 on Tuesday"
	claimID, sp := h.newClaim(words, 0, model.KindEvent, "")
	var a model.Article
	h.apiJSON("/api/v1/articles/"+strconv.FormatInt(id, 10), &a)
	want := codePointSpan(t, a.Text, words)
	if sp != want {
		t.Errorf("the claim's offsets are %v, want %v", sp, want)
	}
	for _, c := range h.apiClaims(id) {
		if c.ID == claimID && c.Quote.Exact != words {
			t.Errorf("the claim quotes %q", c.Quote.Exact)
		}
	}
	if n := h.count(link); n != 1 {
		t.Errorf("%d links to the minutes after the claim, want 1 (inside its mark)", n)
	}
}

// mill is the page the URL import fetches.
const mill = `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Tidal mill reopens in Wexcombe</title>
<meta property="og:site_name" content="The Wexcombe Courier">
<meta name="author" content="Mara Oduya">
<meta property="article:published_time" content="2026-03-04">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Tidal mill reopens in Wexcombe</h1>
<p>The tidal mill on the Wexcombe estuary ground its first flour in forty years on Saturday, after a restoration that the town council says cost 1.2 million pounds and took six winters of work by volunteers.</p>
<figure><img src="/mill.jpg" alt=""><figcaption>The restored wheel turning at high tide.</figcaption></figure>
<p>Most of the money came from a heritage grant, according to <a href="/reports/mill-grant">the council's report</a>, and the rest from a public appeal that raised more than expected in its first month.</p>
<p>The trust plans to open the mill to schools in the spring, with milling demonstrations twice a week and a small shop selling the flour to bakers in the town.</p>
</article></body></html>`

// A URL fetched from the import page: the page shows that it is fetching,
// then the form comes back prefilled; the save keeps the page fetched as
// revision 1's evidence, with its SHA-256.
func TestImportFromURL(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/news/mill" {
			http.NotFound(w, r)
			return
		}
		<-release // the test looks at the page while the fetch waits
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(mill))
	}))
	t.Cleanup(srv.Close)
	released := false
	t.Cleanup(func() {
		if !released {
			close(release)
		}
	})
	h := newHarness(t, allowPrivate)
	h.setupAdmin()
	h.open("/articles/new")
	h.typeText(`[data-testid="import-url"]`, srv.URL+"/news/mill")
	h.click("Fetch", `[data-testid="fetch-url"]`)
	h.waitUntil("the page to show the fetch under way", `() => {
		const b = document.querySelector('[data-testid="fetch-url"]');
		return b.disabled && b.textContent === 'Fetching…' && document.getElementById('import-form').getAttribute('aria-busy') === 'true'
			&& document.querySelector('[data-testid="fetch-progress"]').textContent.includes('Fetching the page');
	}`)
	close(release)
	released = true
	h.waitUntil("the fetched page's preview", `() => document.querySelector('[data-testid="source-note"]')?.textContent.includes('Fetched from')`)
	for sel, want := range map[string]string{
		`[data-testid="import-title"]`:       "Tidal mill reopens in Wexcombe",
		`[data-testid="import-byline"]`:      "Mara Oduya",
		`[data-testid="import-publication"]`: "The Wexcombe Courier",
		`[data-testid="import-published"]`:   "2026-03-04",
		`[data-testid="import-lang"]`:        "en-GB",
		`[data-testid="import-dir"]`:         "",
	} {
		if got := h.value(sel); got != want {
			t.Errorf("%s is prefilled with %q, want %q", sel, got, want)
		}
	}
	if got := strings.Join(h.previewKinds(), " "); got != "paragraph:x caption:- paragraph:x paragraph:x" {
		t.Errorf("the preview's blocks are %s", got)
	}
	if busy := evalJS[bool](h, "reading aria-busy", `() => document.getElementById('import-form').hasAttribute('aria-busy')`); busy {
		t.Error("the form is still marked busy after the answer")
	}
	id := h.saveImported()

	var revs struct {
		Revisions []struct {
			Version int    `json:"version"`
			Origin  string `json:"origin"`
			Page    *struct {
				SHA256   string `json:"sha256"`
				FinalURL string `json:"final_url"`
			} `json:"page"`
		} `json:"revisions"`
	}
	h.apiJSON("/api/v1/articles/"+strconv.FormatInt(id, 10)+"/revisions", &revs)
	if len(revs.Revisions) != 1 {
		t.Fatalf("%d revisions, want 1", len(revs.Revisions))
	}
	r := revs.Revisions[0]
	if r.Version != 1 {
		t.Errorf("version %d, want 1", r.Version)
	}
	if r.Origin != "url" {
		t.Errorf("origin %q, want url", r.Origin)
	}
	sum := sha256.Sum256([]byte(mill))
	if r.Page == nil || r.Page.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("the revision's page is %+v, want SHA-256 %x", r.Page, sum)
	}
	if n := h.count(`#article-text a[href="` + srv.URL + `/reports/mill-grant"]`); n != 1 {
		t.Errorf("%d links to the report in the workspace, want 1", n)
	}
}

// arabicPage is a right-to-left news page.
const arabicPage = `<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>افتتاح جسر جديد في المدينة</title></head><body>
<article><h1>افتتاح جسر جديد في المدينة</h1>
<p>افتتح المجلس البلدي يوم الثلاثاء جسرا جديدا فوق النهر، بعد أعمال استمرت ثلاث سنوات وكلفت أكثر من مليوني دينار، بحسب بيان رسمي صدر صباح اليوم.</p>
<p>وقال رئيس المجلس إن الجسر سيخفف الازدحام في وسط المدينة، وإن حافلات النقل العام ستعبره ابتداء من الشهر المقبل، مع مسار خاص للدراجات على جانبه الشمالي.</p>
<p>ويأمل التجار في السوق القديم أن يعيد الجسر الزبائن إلى المحلات التي أغلق بعضها خلال سنوات البناء الطويلة.</p>
</article></body></html>`

// A right-to-left page renders right to left in the workspace, and a
// claim made by selecting Arabic words gets the right offsets.
func TestRightToLeftArticle(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(arabicPage))
	}))
	t.Cleanup(srv.Close)
	h := newHarness(t, allowPrivate)
	h.setupAdmin()
	h.open("/articles/new")
	h.typeText(`[data-testid="import-url"]`, srv.URL+"/bridge")
	h.click("Fetch", `[data-testid="fetch-url"]`)
	h.waitUntil("the fetched page's preview", `() => document.querySelector('[data-testid="source-note"]')?.textContent.includes('Fetched from')`)
	if got := h.value(`[data-testid="import-dir"]`); got != "rtl" {
		t.Errorf("direction prefilled %q, want rtl", got)
	}
	if got := h.value(`[data-testid="import-lang"]`); got != "ar" {
		t.Errorf("language prefilled %q, want ar", got)
	}
	id := h.saveImported()

	if got := evalJS[string](h, "reading the text's dir", `() => document.getElementById('article-text').getAttribute('dir')`); got != "rtl" {
		t.Errorf("the article text's dir is %q, want rtl", got)
	}
	if got := evalJS[string](h, "reading the text's lang", `() => document.getElementById('article-text').lang`); got != "ar" {
		t.Errorf("the article text's lang is %q, want ar", got)
	}
	if got := evalJS[string](h, "reading a block's direction", `() => getComputedStyle(document.querySelector('#article-text .blk')).direction`); got != "rtl" {
		t.Errorf("a block is laid out %q, want rtl", got)
	}
	words := "جسرا جديدا فوق النهر"
	if got := h.dragSelect(words); got != words {
		t.Errorf("dragging over the Arabic words selected %q, want %q", got, words)
	}
	claimID, sp := h.newClaim(words, 0, model.KindEvent, "")
	var a model.Article
	h.apiJSON("/api/v1/articles/"+strconv.FormatInt(id, 10), &a)
	want := codePointSpan(t, a.Text, words)
	if sp != want {
		t.Errorf("the claim's offsets are %v, want %v", sp, want)
	}
	found := false
	for _, c := range h.apiClaims(id) {
		if c.ID == claimID {
			found = true
			if c.Quote.Exact != words {
				t.Errorf("the claim quotes %q, want %q", c.Quote.Exact, words)
			}
			if c.Start != want.Start || c.End != want.End {
				t.Errorf("the stored claim is at %d–%d, want %d–%d", c.Start, c.End, want.Start, want.End)
			}
		}
	}
	if !found {
		t.Errorf("claim %d is not in the API's list", claimID)
	}
}

// dragSteps press the left button at (x1, y1), move through the middle to
// (x2, y2) and release it there: a person's drag.
func dragSteps(x1, y1, x2, y2 float64) []chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, x1, y1),
		chromedp.MouseEvent(chromedp.MousePressed, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1), buttons(1)),
	}
	// Many small moves, as a hand makes.
	const n = 12
	for i := 1; i <= n; i++ {
		x, y := x1+(x2-x1)*float64(i)/n, y1+(y2-y1)*float64(i)/n
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x, y, chromedp.ButtonLeft, buttons(1)))
	}
	return append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x2, y2, chromedp.ButtonLeft, chromedp.ClickCount(1)))
}
