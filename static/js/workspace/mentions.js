// @name completion in the comment boxes (views/pages/desk.templ): after an
// @ and the first letters of a name, a list of the matching active users
// opens under the box; Arrow keys move in it, Enter or Tab completes,
// Escape closes, and a click completes too. The names come from the page
// itself: the comment form lists every active user to mention
// ([data-mention-name]), so nothing is fetched. The box is an ARIA
// combobox whose list is a listbox, so a screen reader follows the
// highlighted option.

const boxSelector = 'textarea[data-mentions]';
const maxShown = 8;
// What an @mention is, as model.Mentions reads it: the @ starts the text
// or follows a character that cannot be part of a name.
const typing = /(^|[^A-Za-z0-9._@-])@([A-Za-z0-9._-]*)$/;

// listenMentions wires every comment box, present and future (the
// comments section is swapped after each post); it is called once.
export function listenMentions() {
  document.addEventListener('input', (ev) => {
    if (ev.target.matches?.(boxSelector)) suggest(ev.target);
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.target.matches?.(boxSelector)) onKey(ev);
  }, true);
  document.addEventListener('focusout', (ev) => {
    if (ev.target.matches?.(boxSelector)) close(ev.target);
  });
}

// people returns the users the box's section offers, as {name, label}.
function people(box) {
  const section = box.closest('section.comments') || document;
  return Array.from(section.querySelectorAll('[data-mention-name]'), (el) => ({
    name: el.dataset.mentionName, label: el.dataset.mentionLabel || el.dataset.mentionName,
  }));
}

// typed returns the name being typed before the caret, or null.
function typed(box) {
  if (box.selectionStart !== box.selectionEnd) return null;
  const m = typing.exec(box.value.slice(0, box.selectionStart));
  return m ? m[2] : null;
}

function suggest(box) {
  const prefix = typed(box);
  if (prefix === null) {
    close(box);
    return;
  }
  const p = prefix.toLowerCase();
  const found = people(box).filter((u) => u.name.toLowerCase().startsWith(p)
    || u.label.toLowerCase().split(/\s+/).some((w) => w.startsWith(p))).slice(0, maxShown);
  if (found.length === 0) {
    close(box);
    return;
  }
  const list = listFor(box);
  list.replaceChildren(...found.map((u, i) => {
    const li = document.createElement('li');
    li.id = `${list.id}-${i}`;
    li.setAttribute('role', 'option');
    li.dataset.name = u.name;
    li.textContent = u.label === u.name ? `@${u.name}` : `@${u.name} (${u.label})`;
    // mousedown, not click: the box must keep the focus (and its caret).
    li.addEventListener('mousedown', (ev) => {
      ev.preventDefault();
      complete(box, u.name);
    });
    return li;
  }));
  list.hidden = false;
  box.setAttribute('aria-expanded', 'true');
  highlight(box, 0);
}

// listFor returns the box's listbox, made the first time.
function listFor(box) {
  let list = document.getElementById(box.getAttribute('aria-controls') || '');
  if (list) return list;
  list = document.createElement('ul');
  list.id = `mentions-${Math.random().toString(36).slice(2)}`;
  list.className = 'mention-list';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'People to mention');
  list.dataset.testid = 'mention-list';
  list.hidden = true;
  // After the label, not in it: a label holds phrasing content only.
  (box.closest('label') || box).insertAdjacentElement('afterend', list);
  box.setAttribute('role', 'combobox');
  box.setAttribute('aria-autocomplete', 'list');
  box.setAttribute('aria-controls', list.id);
  box.setAttribute('aria-expanded', 'false');
  return list;
}

function options(box) {
  const list = document.getElementById(box.getAttribute('aria-controls') || '');
  return list && !list.hidden ? Array.from(list.children) : [];
}

function highlight(box, i) {
  const opts = options(box);
  opts.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
  if (opts[i]) box.setAttribute('aria-activedescendant', opts[i].id);
}

function onKey(ev) {
  const box = ev.target;
  const opts = options(box);
  if (opts.length === 0) return;
  const at = opts.findIndex((o) => o.getAttribute('aria-selected') === 'true');
  switch (ev.key) {
    case 'ArrowDown':
      highlight(box, (at + 1) % opts.length);
      break;
    case 'ArrowUp':
      highlight(box, (at - 1 + opts.length) % opts.length);
      break;
    case 'Enter':
    case 'Tab':
      complete(box, opts[Math.max(at, 0)].dataset.name);
      break;
    case 'Escape':
      close(box);
      break;
    default:
      return;
  }
  // The list has the key: no newline, no move of the focus, no shortcut.
  ev.preventDefault();
  ev.stopPropagation();
}

// complete replaces the name being typed with name and a space, and tells
// the page the box changed (the unsaved-input guard listens).
function complete(box, name) {
  const prefix = typed(box);
  if (prefix === null) return;
  const end = box.selectionStart;
  const start = end - prefix.length;
  box.setRangeText(`${name} `, start, end, 'end');
  close(box);
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

function close(box) {
  const list = document.getElementById(box.getAttribute('aria-controls') || '');
  if (!list) return;
  list.hidden = true;
  list.replaceChildren();
  box.setAttribute('aria-expanded', 'false');
  box.removeAttribute('aria-activedescendant');
}
