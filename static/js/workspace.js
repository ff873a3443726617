// The annotation workspace: turns text selections into code-point offsets,
// opens claim panels, submits their forms without reloading the page, and
// swaps in the refreshed article text and claim list after every change.
//
// Offsets: every text segment the server renders carries data-s, its offset
// in code points in the canonical text (DESIGN.md §1). The DOM counts UTF-16
// code units, so a boundary point is converted by counting the code points
// of the segment's text before it, never by using DOM offsets directly.
//
// Highlights: a segment under claims is a <mark data-s data-claims
// data-parties data-claim> holding one nested <mark data-claim> per further
// claim, innermost last, around the text. Each level is one claim: a click on
// an outer level's band opens that claim, a click on the text the innermost.
//
// Unsaved input: a panel form holds unsaved input when a field differs from
// what the server rendered, or when the server marked it (data-unsaved) for
// holding refused input. Submitting one form re-renders the whole panel, so
// the other forms' unsaved input is carried over to the new one; opening
// another claim, closing the panel or starting a new claim asks first; and
// leaving the page warns.

const workspace = document.querySelector('[data-testid="workspace"]');
const articleID = workspace.dataset.articleId;
const panel = document.getElementById('claim-panel');
const side = panel.closest('.side');
let csrf = document.querySelector('meta[name="csrf-token"]').content;
const newClaimButton = document.querySelector('[data-testid="new-claim"]');
const selectionInfo = document.querySelector('[data-testid="selection-info"]');
// The layout in one column, as the stylesheet switches to it.
const narrow = window.matchMedia('(max-width: 1000px)');
const emptyPanel = '<p class="muted">Select a highlight or a claim in the list to open it.</p>';

let lastSelection = null; // {start, end, text}
let openClaimID = null;
let openTicket = 0; // the latest panel asked for; older answers are dropped
const filters = { status: '', kind: '' };

const root = () => document.getElementById('article-text');

/** Number of code points in s (a surrogate pair counts once). */
function codePoints(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Converts a DOM boundary point inside the article into a code-point offset. */
function pointToOffset(node, offset) {
  const text = root();
  const start = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const seg = start && start.closest('[data-s]');
  if (seg && text.contains(seg)) {
    const r = document.createRange();
    r.setStart(seg, 0);
    r.setEnd(node, offset);
    return Number(seg.dataset.s) + codePoints(r.toString());
  }
  // A point between segments or blocks: it sits where the next segment starts.
  const point = document.createRange();
  point.setStart(node, offset);
  const segs = text.querySelectorAll('[data-s]');
  for (const s of segs) {
    if (point.comparePoint(s, 0) >= 0) return Number(s.dataset.s);
  }
  const last = segs[segs.length - 1];
  return last ? Number(last.dataset.s) + codePoints(last.textContent) : 0;
}

/** The current selection in the article as offsets, or null. */
function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const text = root();
  if (!text.contains(range.startContainer) && !text.contains(range.endContainer)) return null;
  // Clamp a selection that starts or ends outside the article to its edges.
  const r = range.cloneRange();
  if (!text.contains(r.startContainer)) r.setStart(text, 0);
  if (!text.contains(r.endContainer)) r.setEnd(text, text.childNodes.length);
  const start = pointToOffset(r.startContainer, r.startOffset);
  const end = pointToOffset(r.endContainer, r.endOffset);
  if (end <= start) return null;
  return { start, end, text: r.toString() };
}

function updateSelection() {
  const s = selectionOffsets();
  if (s) {
    lastSelection = s;
  } else {
    const sel = window.getSelection();
    // A click inside the article clears the remembered selection; a click
    // on a button in the panel must not, or "Mark in text" would lose it.
    if (sel && sel.rangeCount > 0 && root().contains(sel.anchorNode)) lastSelection = null;
  }
  if (!newClaimButton) return;
  newClaimButton.disabled = !lastSelection;
  const info = lastSelection
    ? `Selected: “${truncate(lastSelection.text.replace(/\s+/g, ' '), 80)}”. Press N or New claim to mark it.`
    : 'Select words in the article to mark a claim.';
  // Only a change is announced to screen readers.
  if (selectionInfo.textContent !== info) selectionInfo.textContent = info;
}

function truncate(s, n) {
  const cps = Array.from(s);
  return cps.length <= n ? s : cps.slice(0, n - 1).join('') + '…';
}

async function request(url, options = {}, retried = false) {
  const headers = { 'X-Requested-With': 'fetch', 'X-CSRF-Token': csrf, ...(options.headers || {}) };
  const res = await fetch(url, { credentials: 'same-origin', ...options, headers });
  const body = await res.text();
  // The session ended and the user logged in again in another tab: the
  // new session has another CSRF token. Take it from a fresh copy of this
  // page and send the refused write once more, so that what they typed is
  // saved without a reload.
  if (res.status === 403 && !retried && options.method && options.method !== 'GET') {
    const fresh = await freshCSRF();
    if (fresh && fresh !== csrf) {
      csrf = fresh;
      return request(url, options, true);
    }
  }
  return { ok: res.ok, status: res.status, body, html: (res.headers.get('Content-Type') || '').startsWith('text/html') };
}

/** The CSRF token of this page as the server renders it now, or ''. */
async function freshCSRF() {
  try {
    const res = await fetch(location.pathname, { credentials: 'same-origin' });
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    return doc.querySelector('meta[name="csrf-token"]')?.content || '';
  } catch {
    return '';
  }
}

/** Puts a fragment into the panel, or an error message when it is not HTML. */
function showInPanel(res) {
  if (res.html) {
    panel.innerHTML = res.body;
    refreshUnsavedMarks();
  } else {
    showPanelError(res.body || `Request failed (${res.status}).`);
  }
}

function showPanelError(message) {
  const p = document.createElement('p');
  p.className = 'field-error';
  p.setAttribute('role', 'alert');
  p.dataset.testid = 'panel-error';
  p.textContent = message;
  panel.prepend(p);
}

async function refreshParts() {
  const res = await request(`/articles/${articleID}/parts`);
  if (!res.ok) return;
  const tpl = document.createElement('template');
  tpl.innerHTML = res.body;
  document.getElementById('article-text').replaceWith(tpl.content.getElementById('article-text'));
  document.getElementById('claim-list').replaceWith(tpl.content.getElementById('claim-list'));
  for (const sel of document.querySelectorAll('[data-filter]')) sel.value = filters[sel.dataset.filter];
  applyFilters();
  markActive();
  // The selection went with the old text's nodes: forget it, or "New claim"
  // would act on words the editor no longer sees selected.
  if (!selectionOffsets()) lastSelection = null;
  updateSelection();
}

// --- unsaved input --------------------------------------------------------

/** The named fields of a form that hold input, hidden ones included. */
function fieldsOf(form) {
  return Array.from(form.elements).filter((el) => el.name && el.name !== '_csrf' && !(el instanceof HTMLButtonElement));
}

/** The value a select shows before anyone touches it. */
function defaultSelectValue(sel) {
  const o = Array.from(sel.options).find((opt) => opt.defaultSelected) || sel.options[0];
  return o ? o.value : '';
}

function isChanged(el) {
  if (el.type === 'hidden') return false;
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
  if (el instanceof HTMLSelectElement) return el.value !== defaultSelectValue(el);
  return el.value !== el.defaultValue;
}

function isUnsaved(form) {
  return form.hasAttribute('data-unsaved') || fieldsOf(form).some(isChanged);
}

/** The panel's forms holding unsaved input: the claim's and a new claim's. */
function unsavedForms() {
  return Array.from(panel.querySelectorAll('form[data-keeps-input], form[data-creates]')).filter(isUnsaved);
}

/** Shows which forms hold unsaved input (the stylesheet shows a note). */
function refreshUnsavedMarks() {
  for (const form of panel.querySelectorAll('form[data-keeps-input], form[data-creates]')) {
    form.classList.toggle('unsaved', isUnsaved(form));
  }
}

/** Takes the unsaved input of every form of the open claim but except. */
function captureInput(except) {
  const saved = [];
  for (const form of panel.querySelectorAll('form[data-keeps-input]')) {
    if (form === except || !isUnsaved(form)) continue;
    const details = form.closest('details');
    const search = form.querySelector('[data-source-search]');
    saved.push({
      testid: form.dataset.testid,
      open: details ? details.open : false,
      search: search ? search.value : '',
      // Hidden fields too: the details form's version and loaded values go
      // with its input, so that a colleague's change made meanwhile is
      // shown as a conflict when it is saved rather than overwritten.
      fields: fieldsOf(form).map((el) => [el.name, el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value]),
    });
  }
  return { claimID: openClaimID, saved };
}

/** Puts input taken by captureInput back, if the panel shows the same claim. */
function restoreInput(kept) {
  const opened = panel.querySelector('[data-testid="panel-claim"]');
  if (!opened || kept.saved.length === 0 || opened.dataset.claimId !== kept.claimID) return;
  for (const s of kept.saved) {
    const form = panel.querySelector(`form[data-testid="${s.testid}"]`);
    if (!form) continue;
    for (const [name, v] of s.fields) {
      const el = form.elements.namedItem(name);
      if (!el || el instanceof RadioNodeList) continue;
      if (typeof v === 'boolean') {
        el.checked = v;
      } else if (el.hasAttribute('data-source-pick')) {
        el.dataset.want = v; // its options are still being loaded
      } else {
        el.value = v;
      }
    }
    const details = form.closest('details');
    if (details && s.open) details.open = true;
    const search = form.querySelector('[data-source-search]');
    if (search && s.search) search.value = s.search;
    form.setAttribute('data-unsaved', '');
  }
  refreshUnsavedMarks();
}

/**
 * Runs action, which replaces the panel, at once when it holds no unsaved
 * input, else once the editor chooses to discard it.
 */
function whenDiscarded(action) {
  const dirty = unsavedForms();
  if (dirty.length === 0) return action();
  askDiscard(dirty, action);
}

function askDiscard(dirty, action) {
  panel.querySelector('[data-unsaved-prompt]')?.remove();
  const opened = panel.querySelector('[data-testid="panel-claim"]');
  const what = opened ? `Claim #${opened.dataset.claimId}` : 'The new claim';
  const box = document.createElement('div');
  box.className = 'unsaved-prompt';
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-labelledby', 'unsaved-prompt-text');
  box.dataset.unsavedPrompt = '';
  box.dataset.testid = 'unsaved-prompt';
  const p = document.createElement('p');
  p.id = 'unsaved-prompt-text';
  p.textContent = `${what} has changes that are not saved. Discard them?`;
  const discard = button('Discard changes', 'discard-changes', 'danger');
  const keep = button('Keep editing', 'keep-editing', 'secondary');
  discard.addEventListener('click', () => {
    box.remove();
    action();
  });
  keep.addEventListener('click', () => {
    box.remove();
    const field = fieldsOf(dirty[0]).find((el) => el.type !== 'hidden' && isChanged(el)) ||
      fieldsOf(dirty[0]).find((el) => el.type !== 'hidden');
    if (field) field.focus();
  });
  box.append(p, discard, ' ', keep);
  const head = panel.querySelector('.panel-head');
  if (head) head.after(box);
  else panel.prepend(box);
  revealPanel();
  keep.focus({ preventScroll: true });
}

function button(label, testid, className) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.dataset.testid = testid;
  b.textContent = label;
  return b;
}

// --- opening claims -------------------------------------------------------

/**
 * Opens claim id's panel. also lists the other claims on the clicked words,
 * offered in the panel; scroll brings the claim's words into view.
 */
async function openClaim(id, { scroll = false, also = [] } = {}) {
  id = String(id);
  const ticket = ++openTicket;
  const shown = panel.querySelector('[data-testid="panel-claim"]');
  if (id === openClaimID && shown && shown.dataset.claimId === id) {
    // Already open: keep what the editor typed rather than reloading it.
    showAlso(also);
    revealPanel();
    if (scroll) scrollToClaim(id);
    return;
  }
  const res = await request(`/claims/${encodeURIComponent(id)}/panel?article=${articleID}`);
  if (ticket !== openTicket) return;
  if (res.ok && res.html) {
    // The server refuses another article's claim; make sure of it here too.
    const tpl = document.createElement('template');
    tpl.innerHTML = res.body;
    const opened = tpl.content.querySelector('[data-testid="panel-claim"]');
    if (!opened || opened.dataset.articleId !== articleID) {
      showPanelError(`Claim #${id} is not part of this article.`);
      return;
    }
  }
  showInPanel(res);
  if (!res.ok) return;
  loadLibrary();
  openClaimID = id;
  history.replaceState(null, '', `?claim=${id}`);
  markActive();
  showAlso(also);
  revealPanel();
  if (scroll) scrollToClaim(id);
}

function scrollToClaim(id) {
  // In one column the article is above the panel: the panel stays in view.
  if (narrow.matches) return;
  const mark = root().querySelector(`mark[data-claim="${CSS.escape(id)}"]`);
  if (mark) mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

function closePanel() {
  openTicket++;
  openClaimID = null;
  panel.innerHTML = emptyPanel;
  history.replaceState(null, '', location.pathname);
  markActive();
}

/**
 * Brings the panel's head into view: to the top of the side column, which
 * scrolls on its own with the claim list under the panel, and into the
 * window, which a page scrolled to its end may have pushed the sticky column
 * out of. In one column the panel sits under the article, out of sight of a
 * clicked highlight: the page scrolls to it.
 */
function revealPanel() {
  if (side && panel.getBoundingClientRect().top < side.getBoundingClientRect().top) side.scrollTop = 0;
  const head = panel.querySelector('.panel-head') || panel;
  const r = head.getBoundingClientRect();
  const out = r.top < 0 || r.bottom > window.innerHeight;
  if (out || (narrow.matches && Math.abs(r.top - 8) > 1)) window.scrollBy({ top: r.top - 8, behavior: 'instant' });
}

/** Outlines the open claim's highlights, its party spans and its list entry. */
function markActive() {
  const partyIDs = new Set(Array.from(panel.querySelectorAll('[data-party-id]'), (el) => el.dataset.partyId));
  for (const m of root().querySelectorAll('mark')) {
    m.classList.toggle('active', openClaimID !== null && m.dataset.claim === openClaimID);
    if (m.dataset.parties !== undefined) {
      m.classList.toggle('party-active', partyIDs.size > 0 && m.dataset.parties.split(' ').some((p) => partyIDs.has(p)));
    }
  }
  for (const li of document.querySelectorAll('[data-testid="claim-item"]')) {
    li.classList.toggle('active', li.dataset.claimId === openClaimID);
  }
}

function applyFilters() {
  let shown = 0;
  const items = document.querySelectorAll('[data-testid="claim-item"]');
  for (const li of items) {
    const show = (!filters.status || li.dataset.status === filters.status) && (!filters.kind || li.dataset.kind === filters.kind);
    li.hidden = !show;
    if (show) shown++;
  }
  const none = document.querySelector('[data-testid="no-match"]');
  if (none) none.hidden = shown > 0 || items.length === 0;
}

let searchTimer = null;
/** Fills the source form's library list with the sources matching q. */
async function loadLibrary(q) {
  const pick = panel.querySelector('[data-source-pick]');
  if (!pick) return;
  if (q === undefined) q = panel.querySelector('[data-source-search]')?.value || '';
  const res = await fetch(`/api/v1/sources?q=${encodeURIComponent(q)}&limit=50`, { credentials: 'same-origin' });
  if (!res.ok || !pick.isConnected) return;
  const { sources } = await res.json();
  const keep = pick.dataset.want || pick.value;
  pick.replaceChildren(pick.options[0]);
  for (const s of sources) {
    const o = document.createElement('option');
    o.value = s.id;
    o.textContent = [s.title, s.publisher, s.url || s.reference].filter(Boolean).join(' · ');
    pick.append(o);
  }
  pick.value = keep;
  if (pick.value !== keep) pick.value = '';
  delete pick.dataset.want;
  pick.title = pick.selectedIndex > 0 ? pick.options[pick.selectedIndex].textContent : '';
  refreshUnsavedMarks();
}

/** Moves the keyboard focus after a panel form was answered. */
function focusAfterAnswer(ok) {
  if (!ok) {
    // To the field of the first error, where the editor has to act.
    const err = panel.querySelector('.field-error[data-field]');
    const name = err ? err.dataset.field.split('.').pop() : '';
    const scope = err && (err.closest('form') || err.parentElement);
    const field = scope && name ? scope.querySelector(`[name="${CSS.escape(name)}"]:not([type="hidden"])`) : null;
    if (field) {
      field.focus();
      return;
    }
  }
  const target = panel.querySelector('[data-panel-heading]') || panel.querySelector('[tabindex="-1"]');
  if (target) target.focus();
}

// --- events ---------------------------------------------------------------

document.addEventListener('selectionchange', updateSelection);

function startNewClaim() {
  if (!lastSelection) return;
  const { start, end } = lastSelection;
  whenDiscarded(async () => {
    const ticket = ++openTicket;
    const res = await request(`/articles/${articleID}/claims/new?start=${start}&end=${end}`);
    if (ticket !== openTicket) return;
    openClaimID = null;
    history.replaceState(null, '', location.pathname);
    markActive();
    showInPanel(res);
    revealPanel();
    const statement = panel.querySelector('[data-testid="new-statement"]');
    if (statement) {
      // The quoted words come selected: typing replaces them with the
      // editor's own statement, an arrow key keeps them to edit.
      statement.focus();
      statement.select();
    }
  });
}

if (newClaimButton) {
  newClaimButton.addEventListener('click', startNewClaim);
  // N makes a claim of the selected words, for an editor who selected them
  // with the keyboard, unless the key is typed into a field.
  document.addEventListener('keydown', (ev) => {
    if (ev.defaultPrevented || ev.repeat || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key !== 'n' && ev.key !== 'N') return;
    const t = ev.target;
    if (t instanceof Element && (t.closest('input, textarea, select') || t.isContentEditable)) return;
    if (!lastSelection || !selectionOffsets()) return;
    ev.preventDefault();
    startNewClaim();
  });
}

workspace.addEventListener('click', (ev) => {
  const level = ev.target.closest('#article-text mark[data-claim]');
  if (level) {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed && root().contains(sel.anchorNode)) return; // the editor is selecting
    // The level clicked opens: the text is the innermost claim, a band
    // under it an outer one. The others on the same words are offered in
    // the panel, so that identical spans stay reachable too.
    const id = level.dataset.claim;
    const seg = level.closest('[data-claims]');
    const also = (seg ? seg.dataset.claims.split(' ') : []).filter((x) => x && x !== id);
    if (id === openClaimID) {
      openClaim(id, { also });
    } else {
      whenDiscarded(() => openClaim(id, { also }));
    }
    return;
  }
  const link = ev.target.closest('[data-open-claim]');
  if (link && link.closest('#claim-list')) {
    whenDiscarded(() => openClaim(link.dataset.openClaim, { scroll: true }));
    return;
  }
  if (ev.target.closest('[data-close-panel]')) {
    whenDiscarded(closePanel);
    return;
  }
  if (ev.target.closest('[data-ask-delete]')) {
    panel.querySelector('[data-deletes]').hidden = false;
    return;
  }
  if (ev.target.closest('[data-cancel-delete]')) {
    panel.querySelector('[data-deletes]').hidden = true;
  }
});

function showAlso(ids) {
  const also = panel.querySelector('[data-also]');
  if (!also) return;
  also.replaceChildren();
  also.hidden = ids.length === 0;
  if (ids.length === 0) return;
  also.append('Also on these words: ');
  for (const id of ids) {
    const b = button(`#${id}`, 'also-claim', 'link');
    b.dataset.claimId = id;
    b.setAttribute('aria-label', `Open claim #${id}`);
    const rest = ids.filter((x) => x !== id).concat(openClaimID ? [openClaimID] : []);
    b.addEventListener('click', () => whenDiscarded(() => openClaim(id, { also: rest })));
    also.append(b, ' ');
  }
}

panel.addEventListener('submit', async (ev) => {
  const form = ev.target.closest('form[data-panel-form]');
  if (!form) return;
  ev.preventDefault();
  const useSel = form.hasAttribute('data-uses-selection') ||
    (form.elements.use_selection && form.elements.use_selection.checked);
  const data = new FormData(form);
  if (ev.submitter && ev.submitter.name) data.set(ev.submitter.name, ev.submitter.value);
  if (useSel && !data.has('unmark')) {
    data.set('start', lastSelection ? lastSelection.start : '');
    data.set('end', lastSelection ? lastSelection.end : '');
  }
  // The answer replaces the whole panel: what the editor typed into the
  // other forms is taken now and put back into the new one.
  const kept = captureInput(form);
  for (const b of form.querySelectorAll('button')) b.disabled = true;
  const res = await request(form.action, { method: 'POST', body: new URLSearchParams(data) });
  openTicket++;
  showInPanel(res);
  if (res.html) {
    restoreInput(kept);
    loadLibrary();
  }
  if (!res.ok) {
    for (const b of form.querySelectorAll('button')) b.disabled = false;
    markActive();
    if (res.html) focusAfterAnswer(false);
    return;
  }
  if (form.hasAttribute('data-deletes')) {
    openClaimID = null;
    history.replaceState(null, '', location.pathname);
  } else {
    const opened = panel.querySelector('[data-testid="panel-claim"]');
    if (opened) {
      openClaimID = opened.dataset.claimId;
      history.replaceState(null, '', `?claim=${openClaimID}`);
    }
  }
  focusAfterAnswer(true);
  await refreshParts();
});

panel.addEventListener('input', (ev) => {
  refreshUnsavedMarks();
  if (!ev.target.matches('[data-source-search]')) return;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => loadLibrary(ev.target.value), 200);
});

panel.addEventListener('change', (ev) => {
  refreshUnsavedMarks();
  const pick = ev.target.closest('[data-source-pick]');
  if (pick) pick.title = pick.selectedIndex > 0 ? pick.options[pick.selectedIndex].textContent : '';
});

document.addEventListener('change', (ev) => {
  const sel = ev.target.closest('[data-filter]');
  if (!sel) return;
  filters[sel.dataset.filter] = sel.value;
  applyFilters();
});

window.addEventListener('beforeunload', (ev) => {
  if (unsavedForms().length === 0) return;
  ev.preventDefault();
  ev.returnValue = ''; // older browsers ask only when it is set
});

if (workspace.dataset.openClaim && workspace.dataset.openClaim !== '0') {
  openClaim(workspace.dataset.openClaim, { scroll: true });
} else if (new URLSearchParams(location.search).has('claim')) {
  // A claim that is not this article's: the address must not keep naming it.
  history.replaceState(null, '', location.pathname);
}
updateSelection();
