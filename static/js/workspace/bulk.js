// The claim list's checkboxes for the bulk form (views/pages/bulk.templ):
// Shift-click ticks or clears every shown claim between the one clicked
// before and this one, as in a mail client, and the form's legend counts
// the ticked claims. The list is swapped out of band after most answers,
// so everything is delegated from the document and the last click is
// remembered by claim id rather than by element.

const pickSelector = 'input.bulk-pick';

// listenBulk wires the checkboxes; it is called once.
export function listenBulk() {
  let last = '';
  document.addEventListener('click', (ev) => {
    const box = ev.target.closest?.(pickSelector);
    if (!box) return;
    if (ev.shiftKey && last && last !== box.value) tickRange(last, box.value, box.checked);
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
// left as it is, since the editor cannot see it.
function tickRange(from, to, checked) {
  const boxes = Array.from(document.querySelectorAll(`li:not([hidden]) > ${pickSelector}`));
  const a = boxes.findIndex((b) => b.value === from);
  const b = boxes.findIndex((b) => b.value === to);
  if (a < 0 || b < 0) return;
  for (const box of boxes.slice(Math.min(a, b), Math.max(a, b) + 1)) box.checked = checked;
}

function countPicked() {
  const count = document.querySelector('[data-bulk-count]');
  if (count) count.textContent = String(document.querySelectorAll(`${pickSelector}:checked`).length);
}
