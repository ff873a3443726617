// Revisions in the workspace (views/pages/revisions.templ): the banner's
// links open a claim in place, the poll that tells of a newer revision
// stays quiet when it fails, and it checks at once when the tab comes
// back into view. The forms themselves are htmx forms.

import { pastedPage } from '../clipboard.js';
import { openClaimAsking } from './panel.js';

const check = () => document.getElementById('revision-check');

/** Asks the server now whether a newer revision landed. */
export function checkRevision() {
  check()?.dispatchEvent(new Event('factmark:check'));
}

/** The revision of the text the page shows. */
export function shownRevision() {
  return document.getElementById('article-text')?.dataset.revision || '';
}

export function listenRevisions(workspace) {
  // A banner's "open" link opens the claim here, keeping the panel's
  // unsaved input (the link itself reloads the page, for a new tab).
  workspace.addEventListener('click', (ev) => {
    const link = ev.target.closest('[data-open-claim-link]');
    if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    openClaimAsking(link.dataset.openClaimLink, { scroll: true });
  });
  // A failed poll (the session ended, the server restarted) is no news:
  // it must not put an error in the claim panel every 20 seconds.
  document.addEventListener('htmx:beforeSwap', (ev) => {
    if (ev.detail.elt === check() && ev.detail.xhr.status >= 400) ev.detail.shouldSwap = false;
  });
  // The New revision form takes a paste from a web page as its HTML
  // (clipboard.js); typing in the text afterwards makes it plain text
  // again, so that what is sent is what the editor sees.
  workspace.addEventListener('paste', (ev) => {
    const area = ev.target.closest?.('[data-revision-paste]');
    const page = area && pastedPage(ev);
    if (!page) return;
    ev.preventDefault();
    area.value = page.text;
    area.form.elements.html.value = page.html;
    area.form.querySelector('[data-revision-pasted]').hidden = false;
  });
  workspace.addEventListener('input', (ev) => {
    const area = ev.target.closest?.('[data-revision-paste]');
    if (!area || !area.form.elements.html.value) return;
    area.form.elements.html.value = '';
    area.form.querySelector('[data-revision-pasted]').hidden = true;
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkRevision();
  });
}
