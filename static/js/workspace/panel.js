// The claim panel: opening a claim, starting a new one and closing it. The
// requests go through htmx (htmx.ajax), synchronised on the panel
// (hx-sync="this:replace" on #claim-panel): a newer request replaces one
// still under way, so an older answer never lands over a newer one.

import htmx from '../../vendor/htmx/htmx.esm.js';
import { drawClaim } from './chunks.js';
import { firstMark, markActive } from './highlights.js';
import { articleRoot } from './offsets.js';
import { lastSelection } from './selection.js';
import { entryLabels } from './stubs.js';
import { whenDiscarded } from './unsaved.js';

const workspace = document.querySelector('[data-testid="workspace"]');
export const articleID = workspace.dataset.articleId;
export const panel = document.getElementById('claim-panel');
const side = panel.closest('.side');
// The layout in one column, as the stylesheet switches to it.
const narrow = window.matchMedia('(max-width: 1000px)');
const emptyPanel = '<p class="muted">Select a highlight or a claim in the list to open it.</p>';
const lastKindKey = 'factmark.lastKind';

let openID = null; // the claim whose panel is shown
let lastFocusedClaim = null; // the claim to give the focus back to on close

/** The id of the claim whose panel is open, or null. */
export const openClaimID = () => openID;

/** The claim whose panel or highlight had the focus last, or null. */
export const currentClaim = () => openID || lastFocusedClaim;

/** Remembers the claim whose highlight or list entry has the focus. */
export function focusedClaim(id) {
  lastFocusedClaim = id;
}

/** Refreshes what depends on the open claim, after any swap. */
export function refreshActive() {
  const opened = panel.querySelector('[data-testid="panel-claim"]');
  openID = opened ? opened.dataset.claimId : null;
  markActive(openID, panel);
}

/**
 * Opens claim id's panel. also lists the other claims on the clicked words,
 * offered in the panel; scroll brings the claim's words into view.
 */
export async function openClaim(id, { scroll = false, also = [] } = {}) {
  id = String(id);
  const shown = panel.querySelector('[data-testid="panel-claim"]');
  if (id === openID && shown && shown.dataset.claimId === id) {
    // Already open: keep what the editor typed rather than reloading it.
    showAlso(also);
    revealPanel();
    if (scroll) scrollToClaim(id);
    return;
  }
  if (!(await load(`/claims/${encodeURIComponent(id)}/panel?article=${articleID}`))) return;
  const opened = panel.querySelector('[data-testid="panel-claim"]');
  if (!opened || opened.dataset.claimId !== id) return; // refused, or overtaken by a newer request
  lastFocusedClaim = id;
  history.replaceState(null, '', `?claim=${id}`);
  refreshActive();
  showAlso(also);
  revealPanel();
  if (scroll) scrollToClaim(id);
  focusHeading();
}

/**
 * Loads path into the panel. Reports false when a newer request replaced
 * this one (hx-sync aborts it) or it could not be sent: its answer will
 * not come. htmx wires the new forms up when the swap settles, so it
 * settles at once: otherwise, for the settle delay, a form the caller has
 * just focused would submit as a plain page load (Enter pressed at once,
 * or a slow machine).
 */
async function load(path, values) {
  try {
    await htmx.ajax('GET', path, { source: panel, target: panel, swap: 'innerHTML settle:0ms', values });
    return true;
  } catch {
    return false;
  }
}

/** Opens claim id unless the panel's unsaved input is to be kept. */
export function openClaimAsking(id, options) {
  if (String(id) === openID) return openClaim(id, options);
  return whenDiscarded(() => openClaim(id, options), revealPanel);
}

export function focusHeading() {
  const target = panel.querySelector('[data-panel-heading]') || panel.querySelector('[tabindex="-1"]');
  if (target) target.focus({ preventScroll: true });
}

async function scrollToClaim(id) {
  // In one column the article is above the panel: the panel stays in view.
  if (narrow.matches) return;
  // Its words may be in a chunk of the text not drawn yet (chunks.js).
  await drawClaim(id);
  const mark = firstMark(id);
  if (mark) mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
}

/**
 * Closes the panel (a claim's or a new claim's) and gives the focus back to
 * the highlight of the claim that was open.
 */
export function closePanel() {
  whenDiscarded(() => {
    const was = openID || lastFocusedClaim;
    htmx.trigger(panel, 'htmx:abort');
    openID = null;
    panel.innerHTML = emptyPanel;
    history.replaceState(null, '', location.pathname);
    markActive(null, panel);
    const mark = was && firstMark(was);
    if (mark) mark.focus();
  }, revealPanel);
}

/** Starts a new claim on the selected words, of the kind chosen last. */
export function startNewClaim() {
  const sel = lastSelection();
  if (!sel) return;
  whenDiscarded(async () => {
    // The revision of the text the words were selected in: the server
    // maps them onto a newer one that landed meanwhile.
    const values = { start: sel.start, end: sel.end, revision: articleRoot().dataset.revision || '' };
    const kind = localStorage.getItem(lastKindKey);
    if (kind) values.kind = kind;
    if (!(await load(`/articles/${articleID}/claims/new`, values))) return;
    if (!panel.querySelector('[data-testid="new-claim-panel"]')) return;
    history.replaceState(null, '', location.pathname);
    refreshActive();
    revealPanel();
    const statement = panel.querySelector('[data-testid="new-statement"]');
    if (statement) {
      // The quoted words come selected: typing replaces them with the
      // editor's own statement, an arrow key keeps them to edit.
      statement.focus();
      statement.select();
    }
  }, revealPanel);
}

/** Remembers the kind of a claim being saved, for the next new claim. */
export function rememberKind(form) {
  const kind = form.elements.namedItem('kind');
  if (kind && kind.value) localStorage.setItem(lastKindKey, kind.value);
}

/**
 * Brings the panel's head into view: to the top of the side column, which
 * scrolls on its own with the claim list under the panel, and into the
 * window, which a page scrolled to its end may have pushed the sticky column
 * out of. In one column the panel sits under the article, out of sight of a
 * clicked highlight: the page scrolls to it.
 */
export function revealPanel() {
  if (side && panel.getBoundingClientRect().top < side.getBoundingClientRect().top) side.scrollTop = 0;
  const head = panel.querySelector('.panel-head') || panel;
  const r = head.getBoundingClientRect();
  const out = r.top < 0 || r.bottom > window.innerHeight;
  if (out || (narrow.matches && Math.abs(r.top - 8) > 1)) window.scrollBy({ top: r.top - 8, behavior: 'instant' });
}

function showAlso(ids) {
  const also = panel.querySelector('[data-also]');
  if (!also) return;
  also.replaceChildren();
  also.hidden = ids.length === 0;
  if (ids.length === 0) return;
  also.append('Also on these words: ');
  for (const id of ids) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link';
    b.dataset.testid = 'also-claim';
    b.dataset.claimId = id;
    const label = entryLabels(id)?.label || `#${id}`;
    b.textContent = label;
    b.setAttribute('aria-label', `Open claim ${label}`);
    const rest = ids.filter((x) => x !== id).concat(openID ? [openID] : []);
    b.addEventListener('click', () => openClaimAsking(id, { also: rest }));
    also.append(b, ' ');
  }
}

/** The claim a highlight level stands for, and the others on its words. */
export function claimsAt(level) {
  const id = level.dataset.claim;
  const seg = level.closest('[data-claims]');
  const also = (seg ? seg.dataset.claims.split(' ') : []).filter((x) => x && x !== id);
  return { id, also };
}

/** Moves the focus after a panel form was answered. */
export function focusAfterAnswer(ok) {
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
  focusHeading();
}

export { articleRoot };
