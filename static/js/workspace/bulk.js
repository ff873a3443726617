// The claim list's checkboxes for the bulk form (views/pages/bulk.templ):
// Shift-click ticks or clears every shown claim between the one clicked
// before and this one, as in a mail client, and the form's legend counts
// the ticked claims. The list is swapped out of band after most answers,
// so everything is delegated from the document and the last click is
// remembered by claim id rather than by element.

import { drawChunk } from './chunks.js';
import { ensureStubs } from './stubs.js';

const pickSelector = 'input.bulk-pick';

// listenBulk wires the checkboxes; it is called once.
export function listenBulk() {
  let last = '';
  document.addEventListener('click', (ev) => {
    const box = ev.target.closest?.(pickSelector);
    if (!box) return;
    if (ev.shiftKey && last && last !== box.value) tickRange(last, box.value, box.checked).then(countPicked);
    last = box.value;
    countPicked();
  });
  document.addEventListener('change', (ev) => {
    if (ev.target.matches?.(pickSelector)) countPicked();
  });
  document.addEventListener('htmx:afterSettle', countPicked);
}

// tickRange sets every shown checkbox between the claims from and to (in
// list order, both included) to checked; a hidden claim (filtered out) is
// left as it is, since the editor cannot see it. On a long article some
// groups of the list between the two may still be stubs, with no checkbox
// (chunks.js): they are drawn first, so that the range is never ticked in
// part.
async function tickRange(from, to, checked) {
  ensureStubs();
  const shown = Array.from(document.querySelectorAll('#claim-list li.claim-item:not([hidden])'));
  const a = shown.findIndex((li) => li.dataset.claimId === from);
  const b = shown.findIndex((li) => li.dataset.claimId === to);
  if (a < 0 || b < 0) return;
  // The range is read before drawing: a stub already says whether the
  // filters hide it, and a drawn group keeps the same claims.
  const range = shown.slice(Math.min(a, b), Math.max(a, b) + 1);
  const stubs = new Set(range.map((li) => li.closest('[data-lazy]')).filter(Boolean));
  await Promise.all(Array.from(stubs, drawChunk));
  for (const li of range) {
    const box = document.querySelector(`#claim-list ${pickSelector}[value="${li.dataset.claimId}"]`);
    if (box) box.checked = checked;
  }
}

function countPicked() {
  const count = document.querySelector('[data-bulk-count]');
  if (count) count.textContent = String(document.querySelectorAll(`${pickSelector}:checked`).length);
}
