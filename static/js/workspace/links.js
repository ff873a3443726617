// Links kept from an imported page (views/pages/workspace_links.go) stay
// links: a click opens them in a new tab. But Chromium never starts a text
// selection on a link (HTMLAnchorElement::CanStartSelection), so an editor
// whose drag begins on a linked word would select nothing. While the mouse
// button is down on a link, the link loses its href: the drag selects
// words as anywhere else in the text. The href comes back when the button
// is released, before the click that follows, so a plain click still
// opens the link; a click that ends a selection does not.

import { articleRoot } from './offsets.js';

let held = null; // the link whose href is set aside, and the href

function restore() {
  if (!held) return;
  held.link.setAttribute('href', held.href);
  held = null;
}

/** Wires the article's links for selection; call once. */
export function selectableLinks() {
  document.addEventListener('mousedown', (ev) => {
    restore();
    if (ev.button !== 0) return;
    const link = ev.target.closest?.('#article-text a[href]');
    if (!link) return;
    held = { link, href: link.getAttribute('href') };
    link.removeAttribute('href');
  }, true);
  document.addEventListener('mouseup', restore, true);
  window.addEventListener('blur', restore);
  document.addEventListener('click', (ev) => {
    const link = ev.target.closest?.('#article-text a[href]');
    if (!link) return;
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed && articleRoot().contains(sel.anchorNode)) ev.preventDefault();
  }, true);
}
