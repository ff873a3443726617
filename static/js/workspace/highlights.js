// Drawing claims on the article: the highlights' keyboard access, the open
// claim's outline, and the list's filters, which dim the highlights of the
// claims they leave out.
//
// A segment under claims is a <mark data-s data-claims data-parties
// data-claim> holding one nested <mark data-claim> per further claim,
// innermost last, around the text. Each level is one claim.

import { articleRoot } from './offsets.js';
import { ensureStubs, entryLabels } from './stubs.js';

const filters = { status: '', kind: '', assignee: '' };
let dimmed = false; // whether some highlight may be dimmed by a filter

/**
 * Whether list entry li passes the assignee filter: "mine" keeps the
 * claims assigned to the current user (the filter's data-me), "unassigned"
 * those assigned to nobody.
 */
function assigneeShown(li) {
  switch (filters.assignee) {
    case 'mine': {
      const sel = document.querySelector('[data-filter="assignee"]');
      return !!sel && sel.dataset.me !== '' && li.dataset.assignee === sel.dataset.me;
    }
    case 'unassigned':
      return !li.dataset.assignee;
    default:
      return true;
  }
}

/** The list entry of claim id, or null. */
export function listItem(id) {
  ensureStubs();
  return document.getElementById(`claim-item-${id}`);
}

/** The first highlight of claim id: the one that takes the focus. */
export const firstMark = (id) => articleRoot().querySelector(`mark[data-claim="${CSS.escape(String(id))}"]`);

/**
 * Makes each claim's first highlight in each newly drawn chunk a stop of
 * the Tab key, named for screen readers by the claim's label and status as
 * the list shows them. A chunk is decorated once (data-decorated): a save
 * sends the chunks it changed anew.
 */
export function decorate() {
  for (const chunk of articleRoot().querySelectorAll('.chunk:not([data-lazy]):not([data-decorated])')) {
    chunk.dataset.decorated = '';
    const seen = new Set();
    for (const m of chunk.querySelectorAll('mark[data-claim]')) {
      const id = m.dataset.claim;
      if (seen.has(id)) continue;
      seen.add(id);
      // Its entry's labels, from its group's data while that is packed:
      // the first screen is decorated without unpacking the list.
      const entry = entryLabels(id);
      m.tabIndex = 0;
      m.setAttribute('role', 'button');
      m.setAttribute('aria-label', entry ? `Claim ${entry.label}, ${entry.status}` : `Claim ${id}`);
    }
  }
}

/**
 * Outlines the open claim's highlights, its party spans and its list
 * entry. It touches only the elements outlined before and those to
 * outline now, found by selector: a long article has tens of thousands of
 * marks and entries.
 */
export function markActive(openID, panel) {
  const root = articleRoot();
  const partyIDs = new Set(Array.from(panel.querySelectorAll('[data-party-id]'), (el) => el.dataset.partyId));
  for (const m of root.querySelectorAll('mark.active')) {
    if (openID === null || m.dataset.claim !== openID) m.classList.remove('active');
  }
  if (openID !== null) {
    for (const m of root.querySelectorAll(`mark[data-claim="${CSS.escape(openID)}"]`)) m.classList.add('active');
  }
  for (const m of root.querySelectorAll('mark.party-active')) {
    if (!(m.dataset.parties || '').split(' ').some((p) => partyIDs.has(p))) m.classList.remove('party-active');
  }
  for (const p of partyIDs) {
    for (const m of root.querySelectorAll(`mark[data-parties~="${CSS.escape(p)}"]`)) m.classList.add('party-active');
  }
  for (const li of document.querySelectorAll('#claim-list li.claim-item.active')) {
    if (li.dataset.claimId !== openID) li.classList.remove('active');
  }
  if (openID !== null) listItem(openID)?.classList.add('active');
}

/** Sets one of the list's filters ("status", "kind" or "assignee"). */
export function setFilter(name, value) {
  filters[name] = value;
  applyFilters();
}

/**
 * Shows the claims the filters let through, in the list and in the text,
 * and how many of all they are ("2 of 4").
 */
export function applyFilters() {
  for (const sel of document.querySelectorAll('[data-filter]')) sel.value = filters[sel.dataset.filter];
  // With no filter on, and none when the list was last walked, the list
  // as the server sent it is right: nothing hidden, the total counted.
  // A long article's 10,000 entries are not walked after every answer.
  const on = !!(filters.status || filters.kind || filters.assignee);
  if (!on && !dimmed) return;
  ensureStubs();
  const items = document.querySelectorAll('[data-testid="claim-item"]');
  const hidden = new Set();
  for (const li of items) {
    const show = (!filters.status || li.dataset.status === filters.status) && (!filters.kind || li.dataset.kind === filters.kind) && assigneeShown(li);
    if (li.hidden !== !show) li.hidden = !show;
    if (!show) hidden.add(li.dataset.claimId);
  }
  // With no filter on, and none before, no highlight is dimmed: the
  // highlights are left alone, as most of the time.
  if (hidden.size > 0 || dimmed) {
    for (const m of articleRoot().querySelectorAll('mark[data-claim]')) {
      m.classList.toggle('filtered-out', hidden.has(m.dataset.claim));
    }
  }
  dimmed = hidden.size > 0;
  const shown = items.length - hidden.size;
  const none = document.querySelector('[data-testid="no-match"]');
  if (none) none.hidden = shown > 0 || items.length === 0;
  const count = document.querySelector('[data-testid="claim-count"]');
  if (count) {
    const total = count.dataset.total;
    const want = hidden.size > 0 ? `${shown} of ${total}` : total;
    if (count.textContent !== want) count.textContent = want;
  }
}

/** The ids of the claims the list shows, in its order. */
export function visibleClaims() {
  ensureStubs();
  return Array.from(document.querySelectorAll('[data-testid="claim-item"]:not([hidden])'), (li) => li.dataset.claimId);
}
