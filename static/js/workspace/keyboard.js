// The workspace at the keyboard. Highlights are Tab stops (highlights.js),
// Tab drawing the chunks of a long article it comes to before their turn;
// j/k (and the arrows in the list) move between claims, Enter opens one,
// Escape closes the panel, s selects the sentence at the caret, Shift+arrows
// extend it by a word, N starts a claim on it, 1–9 accept a suggested party,
// and ? lists the shortcuts.
// No shortcut fires while the editor types in a field.

import { drawChunk, drawClaim, drawEntry } from './chunks.js';
import { firstMark, visibleClaims } from './highlights.js';
import { claimsAt, closePanel, currentClaim, focusedClaim, openClaimAsking, panel, startNewClaim } from './panel.js';
import { articleRoot, selectionOffsets } from './offsets.js';
import { extendByWord, lastSelection, selectSentence, updateSelection } from './selection.js';

const dialog = document.getElementById('shortcuts');

/** Whether the key goes to a field (or a dialog) rather than to the workspace. */
function typing(target) {
  return target instanceof Element && (target.closest('input, textarea, select, [contenteditable]') !== null || target.isContentEditable);
}

/**
 * Moves the focus to claim id: its entry in the list when inList, else its
 * first highlight, or its entry when it has none (an orphan).
 */
async function focusClaim(id, inList) {
  // Its words, or its entry, may not be drawn yet (chunks.js).
  if (!inList) await drawClaim(id);
  if (inList || !firstMark(id)) await drawEntry(id);
  const entry = document.querySelector(`[data-testid="claim-item"][data-claim-id="${CSS.escape(id)}"] button`);
  const target = (inList ? entry : firstMark(id)) || entry;
  if (!target) return;
  focusedClaim(id);
  target.focus();
  if (target.matches('mark')) target.scrollIntoView({ block: 'nearest' });
}

/** Moves to the next (step 1) or previous (step -1) claim the list shows. */
function moveClaim(step, inList) {
  const ids = visibleClaims();
  if (ids.length === 0) return;
  const focused = document.activeElement;
  let at = ids.indexOf(focused?.closest?.('[data-claim-id]')?.dataset.claimId ?? focused?.dataset?.claim ?? currentClaim());
  at = at < 0 ? (step > 0 ? 0 : ids.length - 1) : Math.min(Math.max(at + step, 0), ids.length - 1);
  focusClaim(ids[at], inList);
}

const tabStop = 'mark[data-claim][tabindex="0"]';

/**
 * What comes after chunk (before it, going back) for the Tab key: the
 * first Tab stop of the drawn chunks, or the first chunk still plain text
 * (chunks.js) when one comes before any stop; neither at the end.
 */
function ahead(chunk, back) {
  const chunks = Array.from(articleRoot().querySelectorAll('.chunk'));
  for (let i = chunks.indexOf(chunk) + (back ? -1 : 1); i >= 0 && i < chunks.length; i += back ? -1 : 1) {
    if (chunks[i].hasAttribute('data-lazy')) return { plain: chunks[i] };
    const stops = chunks[i].querySelectorAll(tabStop);
    if (stops.length > 0) return { stop: stops[back ? stops.length - 1 : 0] };
  }
  return {};
}

/**
 * Whether Tab from mark (Shift+Tab, back) needs tabAcross: mark is the
 * last Tab stop of its chunk (the first, back) and a plain chunk comes
 * before the next stop, whose claims the browser's own Tab would skip.
 */
function tabsIntoPlainText(mark, back) {
  const chunk = mark.closest('.chunk');
  const stops = chunk ? chunk.querySelectorAll(tabStop) : [];
  if (stops.length === 0 || mark !== stops[back ? 0 : stops.length - 1]) return false;
  return ahead(chunk, back).plain !== undefined;
}

/**
 * Draws the plain chunks after from's chunk (before it, back) one at a
 * time until a Tab stop comes first, and moves the focus there; the focus
 * stays on from when there is none, or when a chunk could not be drawn.
 */
async function tabAcross(from, back) {
  const chunk = from.closest('.chunk');
  for (;;) {
    const { stop, plain } = ahead(chunk, back);
    if (!plain) {
      stop?.focus();
      return;
    }
    await drawChunk(plain);
    if (plain.isConnected) return; // not replaced by its drawing
  }
}

/** Opens the shortcut list. */
export function showShortcuts() {
  if (!dialog.open) dialog.showModal();
}

function onKey(ev) {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (dialog.open) return; // the dialog handles its own keys (Escape closes it)
  const t = ev.target;
  if (ev.key === 'Escape') {
    // Closes the panel even from one of its fields: the unsaved-changes
    // question comes first if something typed would be lost.
    if (panel.querySelector('[data-testid="panel-claim"], [data-testid="new-claim-panel"]')) {
      ev.preventDefault();
      closePanel();
    }
    return;
  }
  if (typing(t)) return;
  const inList = t instanceof Element && t.closest('#claim-list') !== null;
  switch (ev.key) {
    case 'Tab': {
      const mark = t instanceof Element && t.matches(`#article-text ${tabStop}`) ? t : null;
      if (!mark || !tabsIntoPlainText(mark, ev.shiftKey)) return;
      ev.preventDefault();
      tabAcross(mark, ev.shiftKey);
      return;
    }
    case 'j':
    case 'k':
      ev.preventDefault();
      moveClaim(ev.key === 'j' ? 1 : -1, inList);
      return;
    case 'ArrowDown':
    case 'ArrowUp':
      if (!inList) return;
      ev.preventDefault();
      moveClaim(ev.key === 'ArrowDown' ? 1 : -1, true);
      return;
    case 'ArrowRight':
    case 'ArrowLeft':
      if (!ev.shiftKey || !selectionOffsets()) return;
      if (extendByWord(ev.key === 'ArrowRight')) ev.preventDefault();
      return;
    case 'Enter':
    case ' ': {
      const level = t instanceof Element && t.matches('#article-text mark[data-claim]') ? t : null;
      if (!level) return;
      ev.preventDefault();
      const { id, also } = claimsAt(level);
      openClaimAsking(id, { also });
      return;
    }
    case 's':
    case 'S':
      if (ev.repeat) return;
      if (selectSentence()) ev.preventDefault();
      return;
    case 'n':
    case 'N':
      // The selectionchange of a Shift+arrow just before may not have
      // been delivered yet: take the selection as it is now.
      updateSelection();
      if (ev.repeat || !lastSelection() || !selectionOffsets()) return;
      ev.preventDefault();
      startNewClaim();
      return;
    case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': {
      // The suggested party with that number: ticked in a new claim,
      // added to an open one.
      const chip = panel.querySelectorAll('[data-suggestion]')[Number(ev.key) - 1];
      if (!chip || ev.repeat) return;
      ev.preventDefault();
      chip.click();
      return;
    }
    case '?':
      ev.preventDefault();
      showShortcuts();
  }
}

/** Listens to the keyboard. */
export function listen() {
  document.addEventListener('keydown', onKey);
  // The claim whose highlight or entry has the focus is where j/k and
  // Escape start from.
  document.addEventListener('focusin', (ev) => {
    const t = ev.target;
    if (!(t instanceof Element)) return;
    const mark = t.closest('#article-text mark[data-claim]');
    const li = t.closest('#claim-list [data-claim-id]');
    if (mark && articleRoot().contains(mark)) focusedClaim(mark.dataset.claim);
    else if (li) focusedClaim(li.dataset.claimId);
  });
}
