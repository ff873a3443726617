// The annotation workspace: turns text selections into code-point offsets,
// opens claim panels, submits their forms without reloading the page, and
// swaps in the refreshed article text and claim list after every change.
//
// Offsets: every text segment the server renders carries data-s, its offset
// in code points in the canonical text (DESIGN.md §1). The DOM counts UTF-16
// code units, so a boundary point is converted by counting the code points
// of the segment's text before it, never by using DOM offsets directly.

const workspace = document.querySelector('[data-testid="workspace"]');
const articleID = workspace.dataset.articleId;
const panel = document.getElementById('claim-panel');
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const newClaimButton = document.querySelector('[data-testid="new-claim"]');
const selectionInfo = document.querySelector('[data-testid="selection-info"]');

let lastSelection = null; // {start, end, text}
let openClaimID = null;
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
  selectionInfo.textContent = lastSelection
    ? `Selected: “${truncate(lastSelection.text.replace(/\s+/g, ' '), 80)}” (${lastSelection.start}–${lastSelection.end})`
    : 'Select words in the article to mark a claim.';
}

function truncate(s, n) {
  const cps = Array.from(s);
  return cps.length <= n ? s : cps.slice(0, n - 1).join('') + '…';
}

async function request(url, options = {}) {
  const headers = { 'X-Requested-With': 'fetch', 'X-CSRF-Token': csrf, ...(options.headers || {}) };
  const res = await fetch(url, { credentials: 'same-origin', ...options, headers });
  const body = await res.text();
  return { ok: res.ok, status: res.status, body, html: (res.headers.get('Content-Type') || '').startsWith('text/html') };
}

/** Puts a fragment into the panel, or an error message when it is not HTML. */
function showInPanel(res) {
  if (res.html) {
    panel.innerHTML = res.body;
  } else {
    const p = document.createElement('p');
    p.className = 'field-error';
    p.setAttribute('role', 'alert');
    p.dataset.testid = 'panel-error';
    p.textContent = res.body || `Request failed (${res.status}).`;
    panel.prepend(p);
  }
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

async function openClaim(id, { scroll = false } = {}) {
  const res = await request(`/claims/${id}/panel`);
  showInPanel(res);
  if (!res.ok) return;
  openClaimID = String(id);
  history.replaceState(null, '', `?claim=${id}`);
  markActive();
  revealPanel();
  loadLibrary('');
  if (scroll) {
    const mark = firstMarkOf(openClaimID);
    if (mark) mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }
}

/**
 * Scrolls the side column back to the panel's head. The claim list sits
 * under the panel in that column, so after a click far down the list the
 * claim it opened would otherwise show from its middle.
 */
function revealPanel() {
  const side = panel.closest('.side');
  if (side && panel.getBoundingClientRect().top < side.getBoundingClientRect().top) side.scrollTop = 0;
}

function firstMarkOf(id) {
  for (const m of root().querySelectorAll('mark[data-claims]')) {
    if (m.dataset.claims.split(' ').includes(id)) return m;
  }
  return null;
}

/** Outlines the open claim's highlights, its party spans and its list entry. */
function markActive() {
  const partyIDs = new Set(Array.from(panel.querySelectorAll('[data-party-id]'), (el) => el.dataset.partyId));
  for (const m of root().querySelectorAll('mark')) {
    const claims = (m.dataset.claims || '').split(' ');
    const parties = (m.dataset.parties || '').split(' ');
    m.classList.toggle('active', openClaimID !== null && claims.includes(openClaimID));
    m.classList.toggle('party-active', parties.some((p) => partyIDs.has(p)));
  }
  for (const li of document.querySelectorAll('[data-testid="claim-item"]')) {
    li.classList.toggle('active', li.dataset.claimId === openClaimID);
  }
}

function applyFilters() {
  for (const li of document.querySelectorAll('[data-testid="claim-item"]')) {
    const show = (!filters.status || li.dataset.status === filters.status) && (!filters.kind || li.dataset.kind === filters.kind);
    li.hidden = !show;
  }
}

let searchTimer = null;
async function loadLibrary(q) {
  const pick = panel.querySelector('[data-source-pick]');
  if (!pick) return;
  const res = await fetch(`/api/v1/sources?q=${encodeURIComponent(q)}&limit=50`, { credentials: 'same-origin' });
  if (!res.ok) return;
  const { sources } = await res.json();
  const keep = pick.value;
  pick.replaceChildren(pick.options[0]);
  for (const s of sources) {
    const o = document.createElement('option');
    o.value = s.id;
    o.textContent = [s.title, s.publisher, s.url || s.reference].filter(Boolean).join(' · ');
    pick.append(o);
  }
  pick.value = keep;
}

// --- events ---------------------------------------------------------------

document.addEventListener('selectionchange', updateSelection);

if (newClaimButton) {
  newClaimButton.addEventListener('click', async () => {
    if (!lastSelection) return;
    const { start, end } = lastSelection;
    openClaimID = null;
    markActive();
    showInPanel(await request(`/articles/${articleID}/claims/new?start=${start}&end=${end}`));
    revealPanel();
    const statement = panel.querySelector('[data-testid="new-statement"]');
    if (statement) statement.focus();
  });
}

workspace.addEventListener('click', (ev) => {
  const mark = ev.target.closest('#article-text mark[data-claims]');
  if (mark && mark.dataset.claims) {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed && root().contains(sel.anchorNode)) return; // the editor is selecting
    const ids = mark.dataset.claims.split(' ');
    // The innermost claim opens; the others covering the same words are
    // offered in the panel, so that nested and identical spans stay reachable.
    openClaim(ids[ids.length - 1]).then(() => showAlso(ids.slice(0, -1)));
    return;
  }
  const link = ev.target.closest('[data-open-claim]');
  if (link && link.closest('#claim-list')) {
    openClaim(link.dataset.openClaim, { scroll: true });
    return;
  }
  if (ev.target.closest('[data-close-panel]')) {
    openClaimID = null;
    panel.innerHTML = '<p class="muted">Select a highlight or a claim in the list to open it.</p>';
    history.replaceState(null, '', location.pathname);
    markActive();
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
  if (!also || ids.length === 0) return;
  also.hidden = false;
  also.textContent = 'Also on these words: ';
  for (const id of ids) {
    const item = document.querySelector(`[data-testid="claim-item"][data-claim-id="${id}"] .num`);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.textContent = `claim ${item ? item.textContent : id}`;
    b.addEventListener('click', () => openClaim(id));
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
  for (const b of form.querySelectorAll('button')) b.disabled = true;
  const res = await request(form.action, { method: 'POST', body: new URLSearchParams(data) });
  showInPanel(res);
  if (!res.ok) {
    for (const b of form.querySelectorAll('button')) b.disabled = false;
    markActive();
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
    loadLibrary('');
  }
  await refreshParts();
});

panel.addEventListener('input', (ev) => {
  if (!ev.target.matches('[data-source-search]')) return;
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => loadLibrary(ev.target.value), 200);
});

document.addEventListener('change', (ev) => {
  const sel = ev.target.closest('[data-filter]');
  if (!sel) return;
  filters[sel.dataset.filter] = sel.value;
  applyFilters();
});

if (workspace.dataset.openClaim && workspace.dataset.openClaim !== '0') {
  openClaim(workspace.dataset.openClaim, { scroll: true });
}
updateSelection();
