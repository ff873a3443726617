package e2e

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/factmark/factmark/internal/model"
)

// TestLongArticleDrawsNearViewport opens an article too long to draw at
// once: its far chunks come as plain text and are drawn as they near the
// viewport; a claim there opens from its highlight, and saving it changes
// its chunk and its list entry alone. The keyboard reaches the last claim,
// whose chunk was never drawn.
func TestLongArticleDrawsNearViewport(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, claims := h.seedGenerated("A long article", 20000, 400, 400)
	// A claim far down that no other claim overlaps: its highlight is its
	// own, and a click on it opens it.
	var far model.Claim
	for i := len(claims) * 3 / 4; i < len(claims)-1 && far.ID == 0; i++ {
		c := claims[i]
		if claims[i-1].End <= c.Start && claims[i+1].Start >= c.End {
			far = c
		}
	}
	if far.ID == 0 {
		t.Fatal("no claim far down stands alone")
	}
	last := claims[len(claims)-1]
	h.openWorkspace(fmt.Sprintf("/articles/%d", a.ID))

	type chunkState struct {
		Lazy, Marks int
		Text        string
	}
	chunkOf := func(offset int) chunkState {
		return evalJS[chunkState](h, "reading the chunk", `(at) => {
			const c = Array.from(document.querySelectorAll('#article-text .chunk')).find((c) => +c.dataset.from <= at && at < +c.dataset.to);
			return { Lazy: c.hasAttribute('data-lazy') ? 1 : 0, Marks: c.querySelectorAll('mark[data-claim]').length, Text: c.textContent };
		}`, offset)
	}
	if got := chunkOf(claims[0].Start); got.Lazy != 0 || got.Marks == 0 {
		t.Errorf("the first chunk is lazy=%d with %d marks, want it drawn", got.Lazy, got.Marks)
	}
	before := chunkOf(far.Start)
	if before.Lazy != 1 {
		t.Errorf("the chunk of claim #%d, far down, came drawn: want its plain text first", far.Number)
	}
	if before.Marks != 0 {
		t.Errorf("the plain chunk of claim #%d holds %d marks", far.Number, before.Marks)
	}
	h.waitListUnpacked()
	if n := h.count(`#claim-list [data-testid="claim-item"]`); n != len(claims) {
		t.Errorf("the list holds %d entries, want all %d", n, len(claims))
	}

	// Scrolled to, the chunk is drawn, with the same text.
	evalJS[bool](h, "scrolling to the far claim", `(at) => {
		const c = Array.from(document.querySelectorAll('#article-text .chunk')).find((c) => +c.dataset.from <= at && at < +c.dataset.to);
		c.scrollIntoView({ block: 'start' });
		return true;
	}`, far.Start)
	mark := fmt.Sprintf(`#article-text mark[data-claim="%d"]`, far.ID)
	h.waitUntil("the far claim's highlight to be drawn", `(sel) => document.querySelector(sel)`, mark)
	after := chunkOf(far.Start)
	if after.Text != before.Text {
		t.Errorf("drawing the chunk changed its text:\n%q\nwant\n%q", after.Text, before.Text)
	}

	// A click on it opens it; a save changes its chunk and entry alone.
	h.click(fmt.Sprintf("claim #%d's highlight", far.Number), mark)
	h.waitPanel(far.ID)
	evalJS[bool](h, "flagging the chunks and entries", `() => {
		for (const el of document.querySelectorAll('#article-text, #article-text .chunk, #claim-list, #claim-list .claim-item')) el.dataset.e2eStale = '1';
		return true;
	}`)
	status := model.StatusFalse
	if far.Status == status {
		status = model.StatusVerified
	}
	h.choose(`[data-testid="status"]`, string(status))
	h.submitPanelForm("Save", `[data-testid="save-details"]`, "Saved.")
	type fresh struct {
		Text, List      bool
		Chunks, Entries []string
		Classes         []string
	}
	got := evalJS[fresh](h, "reading what the save replaced", `(id) => {
		const isFresh = (el) => !el.dataset.e2eStale;
		return {
			Text: isFresh(document.getElementById('article-text')),
			List: isFresh(document.getElementById('claim-list')),
			Chunks: Array.from(document.querySelectorAll('#article-text .chunk'), (c) => c).filter(isFresh).map((c) => c.dataset.from + '-' + c.dataset.to),
			Entries: Array.from(document.querySelectorAll('#claim-list .claim-item')).filter(isFresh).map((li) => li.dataset.claimId),
			Classes: Array.from(document.querySelectorAll('#article-text mark[data-claim="' + id + '"]'), (m) => m.className),
		};
	}`, far.ID)
	if got.Text {
		t.Errorf("the save replaced the whole text")
	}
	if got.List {
		t.Errorf("the save replaced the whole list")
	}
	if len(got.Chunks) != 1 {
		t.Errorf("the save replaced the chunks %v, want the far claim's alone", got.Chunks)
	}
	if len(got.Entries) != 1 || got.Entries[0] != fmt.Sprint(far.ID) {
		t.Errorf("the save replaced the list entries %v, want claim %d's alone", got.Entries, far.ID)
	}
	if len(got.Classes) == 0 {
		t.Errorf("after the save claim #%d has no highlight", far.Number)
	}
	for _, cls := range got.Classes {
		if want := "hl st-" + string(status); len(cls) < len(want) || cls[:len(want)] != want {
			t.Errorf("after the save a highlight of claim #%d has class %q, want it to start with %q", far.Number, cls, want)
		}
	}

	// On a fresh page, k goes to the last claim: its chunk, never drawn,
	// is drawn first.
	h.openWorkspace(fmt.Sprintf("/articles/%d", a.ID))
	if got := chunkOf(last.Start); got.Lazy != 1 {
		t.Errorf("the last claim's chunk came drawn")
	}
	h.press("k", "k")
	h.waitUntil("the last claim's highlight to take the focus",
		`(id) => document.activeElement?.matches('#article-text mark[data-claim="' + id + '"]')`, last.ID)
}

// openWorkspace opens the workspace at path and waits until its script
// has run (data-ready).
func (h *harness) openWorkspace(path string) {
	h.t.Helper()
	h.open(path)
	h.waitUntil("the workspace to be ready", `() => document.querySelector('[data-testid="workspace"]').dataset.ready === 'true'`)
}

// waitListUnpacked waits until the claim list's groups not drawn are
// unpacked into stub entries, as static/js/workspace/stubs.js does while
// the page is idle.
func (h *harness) waitListUnpacked() {
	h.t.Helper()
	h.waitUntil("the claim list to be unpacked", `() => !document.querySelector('#claim-list [data-stubs]')`)
}

// TestLongArticleListWorksWhilePacked opens a long article in a page that
// never idles (requestIdleCallback never calls back), so that the groups of
// the list not drawn stay packed (static/js/workspace/stubs.js) until
// something needs every entry: a highlight is named as the list names its
// claim, a packed group is as tall as its stubs, a status filter shows and
// counts every claim of that status, and k goes to the last claim.
func TestLongArticleListWorksWhilePacked(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	h.do("keeping the page from idling", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.requestIdleCallback = () => 0;`})
		return err
	}))
	a, claims := h.seedGenerated("A long article", 20000, 400, 400)
	var far model.Claim
	for _, c := range claims[len(claims)/2:] {
		if !c.Orphan {
			far = c
			break
		}
	}
	packed := `#claim-list ol.claim-items[data-stubs]`

	// Opened on the far claim: its chunk comes drawn and is decorated
	// before its entry is unpacked.
	h.openWorkspace(fmt.Sprintf("/articles/%d?claim=%d", a.ID, far.ID))
	h.waitPanel(far.ID)
	wantLabel := fmt.Sprintf("Claim #%d, %s", far.Number, far.Status.Label())
	if got := h.attr(fmt.Sprintf(`#article-text mark[data-claim="%d"][tabindex="0"]`, far.ID), "aria-label"); got != wantLabel {
		t.Errorf("the far claim's highlight is named %q, want %q", got, wantLabel)
	}

	h.openWorkspace(fmt.Sprintf("/articles/%d", a.ID))
	if n := h.count(packed); n != 3 {
		t.Fatalf("%d groups packed, want the 3 after the first of 400 claims", n)
	}
	if n := h.count(`#claim-list [data-testid="claim-item"]`); n != 100 {
		t.Errorf("%d entries drawn, want the first group's 100", n)
	}
	heightOf := `() => document.getElementById('claims-from-100').getBoundingClientRect().height`
	packedHeight := evalJS[float64](h, "measuring a packed group", heightOf)

	status := claims[len(claims)-1].Status
	want := 0
	for _, c := range claims {
		if c.Status == status {
			want++
		}
	}
	h.choose(`[data-testid="filter-status"]`, string(status))
	if got, wantCount := h.text(`[data-testid="claim-count"]`), fmt.Sprintf("%d of %d", want, len(claims)); got != wantCount {
		t.Errorf("the filtered count says %q, want %q", got, wantCount)
	}
	if n := h.count(`#claim-list [data-testid="claim-item"]:not([hidden])`); n != want {
		t.Errorf("the filter shows %d entries, want the %d %s", n, want, status)
	}
	if n := h.count(packed); n != 0 {
		t.Errorf("%d groups still packed after filtering", n)
	}
	h.choose(`[data-testid="filter-status"]`, "")
	if got := evalJS[float64](h, "measuring the group unpacked", heightOf); math.Abs(got-packedHeight) > 1 {
		t.Errorf("a packed group was %.1f px tall, its stubs are %.1f px", packedHeight, got)
	}

	// On a fresh page, still packed, k goes to the last claim.
	h.openWorkspace(fmt.Sprintf("/articles/%d", a.ID))
	if n := h.count(packed); n == 0 {
		t.Fatal("the list came unpacked")
	}
	last := claims[len(claims)-1]
	h.press("k", "k")
	h.waitUntil("the last claim's highlight to take the focus",
		`(id) => document.activeElement?.matches('#article-text mark[data-claim="' + id + '"]')`, last.ID)

	// A new claim's answer brings the whole list again, packed as the
	// page's was (htmx swaps it in; the open claim's entry then unpacks
	// it): every claim is listed, the new one included.
	h.openWorkspace(fmt.Sprintf("/articles/%d", a.ID))
	created, _ := h.newClaim("harbour city", 0, model.KindOther, "")
	h.choose(`[data-testid="filter-status"]`, string(status))
	h.choose(`[data-testid="filter-status"]`, "")
	ids := evalJS[[]string](h, "reading the list", `() => Array.from(document.querySelectorAll('#claim-list [data-testid="claim-item"]'), (li) => li.dataset.claimId)`)
	if len(ids) != len(claims)+1 || !slices.Contains(ids, fmt.Sprint(created)) || !slices.Contains(ids, fmt.Sprint(last.ID)) {
		t.Errorf("after a new claim the list holds %d entries, want %d with the new claim %d and the last %d", len(ids), len(claims)+1, created, last.ID)
	}
	if got, want := h.text(`[data-testid="claim-count"]`), fmt.Sprint(len(claims)+1); got != want {
		t.Errorf("after a new claim the list counts %q, want %q", got, want)
	}
}

// TestLongArticleShiftClickTicksUndrawnEntries ticks the first claim of a
// long article's list, goes straight to the end of the list (so that the
// groups between are still stubs, with no checkbox) and Shift-clicks the
// last claim: every claim between is ticked, not only those drawn.
func TestLongArticleShiftClickTicksUndrawnEntries(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, claims := h.seedGenerated("A long article", 20000, 400, 400)
	h.openWorkspace(fmt.Sprintf("/articles/%d", a.ID))
	h.waitListUnpacked()
	ids := evalJS[[]string](h, "reading the list's order", `() => Array.from(document.querySelectorAll('#claim-list li.claim-item'), (li) => li.dataset.claimId)`)
	if len(ids) != len(claims) {
		t.Fatalf("the list holds %d entries, want %d", len(ids), len(claims))
	}
	pick := func(id string) string {
		return fmt.Sprintf(`#claim-list [data-claim-id="%s"] > [data-testid="bulk-pick"]`, id)
	}
	h.click("the first claim's checkbox", pick(ids[0]))
	evalJS[bool](h, "going to the end of the list", `() => {
		Array.from(document.querySelectorAll('#claim-list li.claim-item')).at(-1).scrollIntoView({ block: 'end' });
		return true;
	}`)
	last := ids[len(ids)-1]
	h.waitUntil("the last group of the list to be drawn", `(sel) => document.querySelector(sel)`, pick(last))
	if n := h.count(`#claim-list [data-lazy]`); n == 0 {
		t.Fatal("every group of the list was drawn on the way to its end: the test needs some left as stubs")
	}
	h.shiftClick("the last claim's checkbox", pick(last))
	h.waitUntil("every claim of the range to be ticked", `(n) => document.querySelectorAll('#claim-list [data-testid="bulk-pick"]:checked').length === n`, len(ids))
	if n := h.count(`#claim-list [data-lazy]`); n != 0 {
		t.Errorf("%d groups of the list are still stubs after the range was ticked", n)
	}
	h.waitUntil("the bulk form to count them", `(n) => document.querySelector('[data-testid="bulk-count"]').textContent === String(n)`, len(ids))
}

// TestLongArticleTabReachesUndrawnHighlights puts the focus on the last
// highlight of the last chunk drawn, the chunks after it still plain text,
// and presses Tab: the next chunk with a claim is drawn and its first
// highlight takes the focus, as if every chunk had been drawn; Shift+Tab
// goes back to where it came from.
func TestLongArticleTabReachesUndrawnHighlights(t *testing.T) {
	h := newHarness(t)
	h.setupAdmin()
	a, _ := h.seedGenerated("A long article", 20000, 400, 400)
	h.openWorkspace(fmt.Sprintf("/articles/%d", a.ID))
	type edge struct {
		Claim string
		Plain int
	}
	// The last Tab stop before the first plain chunk, focused without
	// scrolling (a scroll would draw the chunks near it).
	from := evalJS[edge](h, "focusing the last drawn highlight", `() => {
		const chunks = Array.from(document.querySelectorAll('#article-text .chunk'));
		const plain = chunks.findIndex((c) => c.hasAttribute('data-lazy'));
		if (plain < 1) return { Claim: '', Plain: plain };
		let stop = null;
		for (const c of chunks.slice(0, plain)) {
			const stops = c.querySelectorAll('mark[data-claim][tabindex="0"]');
			if (stops.length > 0) stop = stops[stops.length - 1];
		}
		if (!stop) return { Claim: '', Plain: plain };
		stop.focus({ preventScroll: true });
		return { Claim: stop.dataset.claim, Plain: plain };
	}`)
	if from.Claim == "" {
		t.Fatalf("no drawn highlight before a plain chunk (first plain chunk: %d)", from.Plain)
	}
	h.press("Tab", kb.Tab)
	h.waitUntil("a highlight of a chunk that was plain to take the focus", `(plain) => {
		const m = document.activeElement;
		if (!m || !m.matches('#article-text mark[data-claim]')) return false;
		const chunks = Array.from(document.querySelectorAll('#article-text .chunk'));
		return chunks.indexOf(m.closest('.chunk')) >= plain;
	}`, from.Plain)
	first := evalJS[bool](h, "checking it is the chunk's first Tab stop", `() => {
		const m = document.activeElement;
		return m.closest('.chunk').querySelector('mark[data-claim][tabindex="0"]') === m;
	}`)
	if !first {
		t.Errorf("Tab went to a highlight that is not the first Tab stop of its chunk")
	}
	h.press("Shift+Tab", kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	h.waitUntil("Shift+Tab to go back", `(id) => document.activeElement?.matches('#article-text mark[data-claim="' + id + '"]')`, from.Claim)
}
