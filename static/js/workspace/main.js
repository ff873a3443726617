// The annotation workspace. The panel's forms are htmx forms: each answers
// with its own part of the panel and, out of band, the article text and the
// claim list (handlers/pages_workspace.go, panelResult). What is written by
// hand is what no library does: turning a selection into offsets
// (offsets.js, selection.js), drawing the highlights (highlights.js), a
// long article's chunks and list groups (chunks.js) and unpacking the
// list's packed groups (stubs.js), the keyboard (keyboard.js), the
// unsaved-input guard (unsaved.js) and the claim list's Shift-click range
// for the bulk form (bulk.js), @name completion in the comment boxes
// (mentions.js); this module wires them to htmx's events.

import htmx from '../../vendor/htmx/htmx.esm.js';
import { listenBulk } from './bulk.js';
import { watchChunks } from './chunks.js';
import { applyFilters, decorate, setFilter } from './highlights.js';
import { listen, showShortcuts } from './keyboard.js';
import { listenMentions } from './mentions.js';
import { selectableLinks } from './links.js';
import { articleRoot } from './offsets.js';
import {
  claimsAt, closePanel, focusAfterAnswer, focusHeading, openClaim, openClaimAsking, openClaimID, panel,
  refreshActive, rememberKind, revealPanel, startNewClaim,
} from './panel.js';
import { forgetStaleSelection, lastSelection, updateSelection } from './selection.js';
import { listenRevisions, shownRevision } from './revisions.js';
import { readStubs } from './stubs.js';
import { refreshUnsavedMarks, warnOnLeave } from './unsaved.js';

// Under the Content-Security-Policy (script-src 'self') nothing may be
// evaluated or injected: no hx-on, no js: values, no inline styles or
// scripts from answers.
Object.assign(htmx.config, {
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyEnabled: false,
  selfRequestsOnly: true,
  // New content is wired to htmx as it is swapped in, not after the
  // 20 ms settle delay (factmark has no settle transitions): a click in
  // that window reached a form htmx had not processed yet, which the
  // browser then submitted itself, leaving the page for the answer's
  // fragment (seen in CI: "Copy its sources" right after "Same claim").
  defaultSettleDelay: 0,
  defaultSwapStyle: 'outerHTML',
  // A refused form comes back with its part of the panel, the message
  // beside the field and the input kept (4xx): it is swapped in like a
  // success. Errors that belong to no field come retargeted to the top of
  // the panel (handlers/errors.go).
  responseHandling: [
    { code: '204', swap: false },
    { code: '[2345]..', swap: true, error: false },
  ],
});

let csrf = document.querySelector('meta[name="csrf-token"]').content;
const workspace = document.querySelector('[data-testid="workspace"]');
const newClaimButton = document.querySelector('[data-testid="new-claim"]');

document.addEventListener('htmx:configRequest', (ev) => {
  ev.detail.headers['X-CSRF-Token'] = csrf;
  const form = ev.detail.elt.closest?.('form');
  if (!form) return;
  // Forms that act on the selected words send them as offsets.
  const useSel = form.hasAttribute('data-uses-selection') || (form.elements.use_selection && form.elements.use_selection.checked);
  const params = ev.detail.parameters; // a FormData
  if (useSel && !params.has('unmark')) {
    const sel = lastSelection();
    params.set('start', sel ? sel.start : '');
    params.set('end', sel ? sel.end : '');
    // The revision the words were selected in (revisions.js).
    params.set('revision', shownRevision());
  }
});

// The session ended and the user logged in again in another tab: the new
// session has another CSRF token, so a write from this page is refused with
// 403. Take the token from a fresh copy of this page and send the write
// once more, so that what they typed is saved without a reload; when the
// token did not change, show the refusal as it came.
const retriedCSRF = new WeakSet();
document.addEventListener('htmx:beforeSwap', (ev) => {
  const { xhr, target } = ev.detail;
  // The form that sent it (htmx:beforeRequest below records it): the
  // event's elt may be the element a refusal was retargeted to.
  const form = xhr.factmark && xhr.factmark.form;
  const write = ev.detail.requestConfig && ev.detail.requestConfig.verb !== 'get';
  if (xhr.status !== 403 || !write || !form || retriedCSRF.has(form)) return;
  ev.detail.shouldSwap = false;
  const html = ev.detail.serverResponse;
  const swapStyle = xhr.getResponseHeader('HX-Reswap') || undefined;
  freshCSRF().then((fresh) => {
    if (fresh && fresh !== csrf) {
      csrf = fresh;
      retriedCSRF.add(form);
      form.requestSubmit();
      return;
    }
    htmx.swap(target, html, { swapStyle });
  });
});

/** The CSRF token of this page as the server renders it now, or ''. */
async function freshCSRF() {
  try {
    const res = await fetch(location.pathname + location.search, { credentials: 'same-origin' });
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    return doc.querySelector('meta[name="csrf-token"]')?.content || '';
  } catch {
    return '';
  }
}

document.addEventListener('htmx:beforeRequest', (ev) => {
  const form = ev.detail.elt;
  if (!(form instanceof HTMLFormElement)) return;
  panel.querySelector('[data-testid="panel-error"]')?.remove();
  ev.detail.xhr.factmark = { creates: form.hasAttribute('data-creates'), deletes: form.hasAttribute('data-deletes'), form, inPanel: panel.contains(form) };
});

// Every answer may have replaced the text, the list or a part of the panel.
document.addEventListener('htmx:afterRequest', (ev) => {
  if (ev.detail.xhr && ev.detail.xhr.status < 400 && ev.detail.xhr.factmark) retriedCSRF.delete(ev.detail.xhr.factmark.form);
  readStubs();
  decorate();
  watchChunks();
  applyFilters();
  refreshActive();
  forgetStaleSelection();
  refreshUnsavedMarks();
  const sent = ev.detail.xhr?.factmark;
  if (!sent) return;
  const ok = ev.detail.xhr.status < 400;
  if (sent.creates && ok) rememberKind(sent.form);
  if (ok && sent.deletes) history.replaceState(null, '', location.pathname);
  else if (ok && openClaimID()) history.replaceState(null, '', `?claim=${openClaimID()}`);
  // Forms outside the panel (a new revision, the orphans) keep the focus.
  if (ev.detail.xhr.status < 500 && sent.inPanel) focusAfterAnswer(ok);
  if (sent.creates || sent.deletes) revealPanel();
});

document.addEventListener('htmx:sendError', () => {
  const p = document.createElement('p');
  p.className = 'field-error';
  p.setAttribute('role', 'alert');
  p.dataset.testid = 'panel-error';
  p.textContent = 'factmark could not be reached: check the connection and try again.';
  panel.prepend(p);
});

document.addEventListener('selectionchange', updateSelection);
selectableLinks();
if (newClaimButton) newClaimButton.addEventListener('click', startNewClaim);

workspace.addEventListener('click', (ev) => {
  const level = ev.target.closest('#article-text mark[data-claim]');
  if (level) {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed && articleRoot().contains(sel.anchorNode)) return; // the editor is selecting
    // The level clicked opens: the text is the innermost claim, a band
    // under it an outer one. The others on the same words are offered in
    // the panel, so that identical spans stay reachable too.
    const { id, also } = claimsAt(level);
    openClaimAsking(id, { also });
    return;
  }
  const link = ev.target.closest('[data-open-claim]');
  if (link && link.closest('#claim-list')) {
    openClaimAsking(link.dataset.openClaim, { scroll: true });
    return;
  }
  if (ev.target.closest('[data-close-panel]')) {
    closePanel();
    return;
  }
  if (ev.target.closest('[data-ask-delete]')) {
    panel.querySelector('[data-deletes]').hidden = false;
    return;
  }
  if (ev.target.closest('[data-cancel-delete]')) {
    panel.querySelector('[data-deletes]').hidden = true;
    focusHeading();
    return;
  }
  if (ev.target.closest('[data-show-shortcuts]')) showShortcuts();
});

document.addEventListener('change', (ev) => {
  const sel = ev.target.closest('[data-filter]');
  if (sel) setFilter(sel.dataset.filter, sel.value);
  const picker = ev.target.closest('[data-date-for]');
  if (picker) {
    // The date picker fills the date field it stands beside.
    const field = picker.closest('form').elements.namedItem(picker.dataset.dateFor);
    if (field && picker.value) {
      field.value = picker.value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }
});

readStubs();
warnOnLeave();
listenRevisions(workspace);
listen();
listenBulk();
listenMentions();
decorate();
watchChunks();
applyFilters();

if (workspace.dataset.openClaim && workspace.dataset.openClaim !== '0') {
  openClaim(workspace.dataset.openClaim, { scroll: true });
} else if (new URLSearchParams(location.search).has('claim')) {
  // A claim that is not this article's: the address must not keep naming it.
  history.replaceState(null, '', location.pathname);
}
updateSelection();
// Everything above has run: the benchmark (e2e/bench10k_test.go) and the
// tests know the workspace answers from here on.
workspace.dataset.ready = 'true';
