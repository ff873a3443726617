// The import page's block preview: a Shift-click ticks or unticks every
// block from the one clicked last, and two buttons tick or untick them all.
// The checkboxes stay a plain form: without this script every block can
// still be chosen one by one.

const preview = document.querySelector('[data-testid="block-preview"]');

if (preview) {
  const boxes = () => Array.from(preview.querySelectorAll('input[name="keep"]'));
  let anchor = null; // the box clicked last

  preview.addEventListener('click', (ev) => {
    const box = ev.target.closest('input[name="keep"]');
    if (box) {
      const all = boxes();
      if (ev.shiftKey && anchor && anchor !== box) {
        // The clicked box has already changed: the range takes its state.
        const [a, b] = [all.indexOf(anchor), all.indexOf(box)].sort((x, y) => x - y);
        for (const other of all.slice(a, b + 1)) other.checked = box.checked;
      }
      anchor = box;
      return;
    }
    const bulk = ev.target.closest('[data-tick-all]');
    if (bulk) {
      const tick = bulk.dataset.tickAll === 'true';
      for (const b of boxes()) b.checked = tick;
    }
  });
  // A Shift-click on a label would select its text: the range is the point.
  preview.addEventListener('mousedown', (ev) => {
    if (ev.shiftKey && ev.target.closest('.block-choice')) ev.preventDefault();
  });
}

// The date picker fills the date field it stands beside.
document.addEventListener('change', (ev) => {
  const picker = ev.target.closest('[data-date-for]');
  if (!picker || !picker.value) return;
  const field = picker.closest('form').elements.namedItem(picker.dataset.dateFor);
  if (field) field.value = picker.value;
});
