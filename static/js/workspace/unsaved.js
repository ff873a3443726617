// Unsaved input: a panel form holds unsaved input when a field differs from
// what the server rendered, or when the server marked it (data-unsaved) for
// holding refused input. Each form's answer replaces only its own part of
// the panel, so the other forms keep what the editor typed; opening another
// claim, closing the panel or starting a new claim asks first, and leaving
// the page warns.

const panel = document.getElementById('claim-panel');

/** The named fields of a form that hold input, hidden ones included. */
function fieldsOf(form) {
  return Array.from(form.elements).filter((el) => el.name && el.name !== '_csrf' && !(el instanceof HTMLButtonElement) && !el.hasAttribute('data-not-input'));
}

/** The value a select shows before anyone touches it. */
function defaultSelectValue(sel) {
  const o = Array.from(sel.options).find((opt) => opt.defaultSelected) || sel.options[0];
  return o ? o.value : '';
}

function isChanged(el) {
  if (el.type === 'hidden') return false;
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
  if (el instanceof HTMLSelectElement) return el.value !== defaultSelectValue(el);
  return el.value !== el.defaultValue;
}

function isUnsaved(form) {
  return form.hasAttribute('data-unsaved') || fieldsOf(form).some(isChanged);
}

const trackedForms = () => panel.querySelectorAll('form[data-keeps-input], form[data-creates]');

/** The panel's forms holding unsaved input: the claim's and a new claim's. */
export function unsavedForms() {
  return Array.from(trackedForms()).filter(isUnsaved);
}

/** Shows which forms hold unsaved input (the stylesheet shows a note). */
export function refreshUnsavedMarks() {
  for (const form of trackedForms()) form.classList.toggle('unsaved', isUnsaved(form));
}

function button(label, testid, className) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.dataset.testid = testid;
  b.textContent = label;
  return b;
}

/**
 * Runs action, which replaces the panel, at once when it holds no unsaved
 * input, else once the editor chooses to discard it. reveal brings the
 * question into view.
 */
export function whenDiscarded(action, reveal) {
  const dirty = unsavedForms();
  if (dirty.length === 0) return action();
  panel.querySelector('[data-unsaved-prompt]')?.remove();
  const opened = panel.querySelector('[data-testid="panel-claim"]');
  const label = opened?.querySelector('[data-panel-heading]')?.dataset.label;
  const what = opened ? `Claim ${label || '#' + opened.dataset.claimId}` : 'The new claim';
  const box = document.createElement('div');
  box.className = 'unsaved-prompt';
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-labelledby', 'unsaved-prompt-text');
  box.dataset.unsavedPrompt = '';
  box.dataset.testid = 'unsaved-prompt';
  const p = document.createElement('p');
  p.id = 'unsaved-prompt-text';
  p.textContent = `${what} has changes that are not saved. Discard them?`;
  const discard = button('Discard changes', 'discard-changes', 'danger');
  const keep = button('Keep editing', 'keep-editing', 'secondary');
  discard.addEventListener('click', () => {
    box.remove();
    action();
  });
  keep.addEventListener('click', () => {
    box.remove();
    const fields = fieldsOf(dirty[0]);
    const field = fields.find((el) => el.type !== 'hidden' && isChanged(el)) || fields.find((el) => el.type !== 'hidden');
    if (field) field.focus();
  });
  box.append(p, discard, ' ', keep);
  const head = panel.querySelector('.panel-head');
  if (head) head.after(box);
  else panel.prepend(box);
  if (reveal) reveal();
  keep.focus({ preventScroll: true });
}

/** Warns before leaving the page with unsaved input. */
export function warnOnLeave() {
  window.addEventListener('beforeunload', (ev) => {
    if (unsavedForms().length === 0) return;
    ev.preventDefault();
    ev.returnValue = ''; // older browsers ask only when it is set
  });
  panel.addEventListener('input', refreshUnsavedMarks);
  panel.addEventListener('change', refreshUnsavedMarks);
}
