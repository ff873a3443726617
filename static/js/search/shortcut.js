// "/" moves to the header's search box from anywhere, as in most sites
// with search; never while the user types in a field, where "/" is text.

/** Whether the key goes to a field (or a dialog) rather than to the page. */
function typing(target) {
  return target instanceof Element && (target.closest('input, textarea, select, [contenteditable]') !== null || target.isContentEditable);
}

document.addEventListener('keydown', (ev) => {
  if (ev.key !== '/' || ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (typing(ev.target) || document.querySelector('dialog[open]')) return;
  const box = document.querySelector('[data-testid="header-search"]');
  if (!box) return;
  ev.preventDefault();
  box.focus();
  box.select();
});
