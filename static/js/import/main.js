// The import page. The form is an htmx form: each preview, fetch, upload
// and save posts it and the server answers with the form again
// (views/pages/import.templ, ImportFormView), prefilled from the page it
// found. Without this script it is a plain form that does the same with
// full page loads, pasted text included.
//
// What is written by hand is what htmx does not do: reading the
// clipboard's text/html when the editor pastes from a web page, checking a
// file's size before sending it, showing that a fetch is under way, and
// the block preview's Shift-click and tick-all buttons.

import htmx from '../../vendor/htmx/htmx.esm.js';
import { pastedPage } from '../clipboard.js';

// Under the Content-Security-Policy (script-src 'self') nothing may be
// evaluated or injected. A refused form (4xx) comes back with its messages
// beside the fields and is swapped in like a success; an error that
// belongs to no field comes retargeted to the form's error slot
// (handlers/errors.go).
Object.assign(htmx.config, {
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyEnabled: false,
  selfRequestsOnly: true,
  defaultSettleDelay: 0, // as in static/js/workspace/main.js
  defaultSwapStyle: 'outerHTML',
  responseHandling: [
    { code: '204', swap: false },
    { code: '[2345]..', swap: true, error: false },
  ],
});

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const importForm = () => document.getElementById('import-form');

document.addEventListener('htmx:configRequest', (ev) => {
  ev.detail.headers['X-CSRF-Token'] = csrf;
});

/** Sends the form for a preview, as its Preview button does. */
function preview(form) {
  const button = form.querySelector('button[name="action"][value="preview"]:not(.default-submit)');
  // A click, not requestSubmit: htmx sends the value of the button that
  // was clicked last.
  if (button) button.click();
}

// Pasting from a web page (clipboard.js): the HTML goes to the server in
// the hidden html field; the textarea shows the plain text meanwhile. A
// paste without text/html is an ordinary paste.
document.addEventListener('paste', (ev) => {
  const area = ev.target.closest?.('[data-paste-target]');
  if (!area) return;
  const page = pastedPage(ev);
  if (!page) return;
  const form = area.form;
  ev.preventDefault();
  area.value = page.text;
  form.elements.html.value = page.html;
  if (page.source) form.elements.base_url.value = page.source;
  preview(form);
});

// Choosing a file previews it at once, unless it is larger than the
// server accepts: then the message is shown beside the field and nothing
// is sent.
document.addEventListener('change', (ev) => {
  const input = ev.target.closest?.('input[type="file"][name="file"]');
  if (!input || !input.files.length) return;
  const label = input.closest('label');
  label.parentElement.querySelector('[data-testid="error-file"]')?.remove();
  const file = input.files[0];
  const max = Number(input.dataset.maxBytes);
  if (max && file.size > max) {
    const p = document.createElement('p');
    p.className = 'field-error';
    p.setAttribute('role', 'alert');
    p.dataset.testid = 'error-file';
    p.dataset.field = 'file';
    p.textContent = `${file.name} is too large (${mib(file.size)}): at most ${mib(max)}. Save the page without its images, or paste its text.`;
    label.after(p);
    input.value = '';
    return;
  }
  preview(input.form);
});

function mib(n) {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1).replace(/\.0$/, '')} MiB`;
  return `${Math.floor(n / 1024)} KiB`;
}

// A fetch can take seconds: the button says so and cannot be pressed
// twice, and the form is marked busy for assistive technology.
let fetchPressed = false;
document.addEventListener('click', (ev) => {
  const button = ev.target.closest?.('button[name="action"]');
  if (button) fetchPressed = button.value === 'fetch';
});

document.addEventListener('htmx:beforeRequest', (ev) => {
  const form = ev.detail.elt;
  if (!(form instanceof HTMLFormElement) || form.id !== 'import-form') return;
  form.setAttribute('aria-busy', 'true');
  form.querySelector('#import-error').replaceChildren();
  if (!fetchPressed) return;
  fetchPressed = false;
  const button = form.querySelector('[data-testid="fetch-url"]');
  button.disabled = true;
  button.textContent = 'Fetching…';
  form.querySelector('[data-testid="fetch-progress"]').textContent = 'Fetching the page: this can take a few seconds.';
});

// The answer replaces the form; when there is none (the connection
// failed), the form is put back as it was.
document.addEventListener('htmx:afterRequest', (ev) => {
  const form = importForm();
  if (!form || !form.isConnected) return;
  form.removeAttribute('aria-busy');
  const button = form.querySelector('[data-testid="fetch-url"]');
  if (button && button.disabled) {
    button.disabled = false;
    button.textContent = 'Fetch';
    form.querySelector('[data-testid="fetch-progress"]').textContent = '';
  }
});

document.addEventListener('htmx:sendError', () => {
  const slot = document.getElementById('import-error');
  if (!slot) return;
  const p = document.createElement('p');
  p.className = 'field-error';
  p.setAttribute('role', 'alert');
  p.textContent = 'factmark could not be reached: check the connection and try again.';
  slot.replaceChildren(p);
});

// The block preview: a Shift-click ticks or unticks every block from the
// one clicked last, and two buttons tick or untick them all. The
// checkboxes stay a plain form: without this script every block can still
// be chosen one by one.
let anchor = null; // the box clicked last

document.addEventListener('click', (ev) => {
  const list = ev.target.closest?.('[data-testid="block-preview"]');
  if (!list) return;
  const boxes = () => Array.from(list.querySelectorAll('input[name="keep"]'));
  const box = ev.target.closest('input[name="keep"]');
  if (box) {
    const all = boxes();
    if (ev.shiftKey && anchor && anchor !== box && all.includes(anchor)) {
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
document.addEventListener('mousedown', (ev) => {
  if (ev.shiftKey && ev.target.closest?.('[data-testid="block-preview"] .block-choice')) ev.preventDefault();
});

// The date picker fills the date field it stands beside.
document.addEventListener('change', (ev) => {
  const picker = ev.target.closest?.('[data-date-for]');
  if (!picker || !picker.value) return;
  const field = picker.closest('form').elements.namedItem(picker.dataset.dateFor);
  if (field) field.value = picker.value;
});
