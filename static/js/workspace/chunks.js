// Drawing a long article's text chunk by chunk, and its claim list group
// by group. The server sends the
// chunks of the first screen (and of the claim the page opens with) drawn,
// with their highlights, and every other chunk as its blocks' plain text:
// the same words at the same offsets (data-s), so that selecting, find in
// page and the keyboard work on them already. Each plain chunk
// (.chunk[data-lazy]) names in data-src where its drawn version is
// (views/pages/workspace_chunks.go); it is fetched when the chunk comes
// within a screen of the viewport, or when the keyboard or the claim list
// goes to a claim in it, and swapped over it through htmx, so that the
// answer is handled like every other (htmx:afterRequest in main.js
// decorates it). The claim list's groups of entries work alike: stubs
// holding each claim's data (for the filters, the counts and the
// keyboard) until the group nears the viewport.

import htmx from '../../vendor/htmx/htmx.esm.js';
import { articleRoot } from './offsets.js';
import { ensureStubs } from './stubs.js';

const loading = new Map(); // chunk id → the promise of its drawing
const waiting = new Set(); // chunks in view left plain while the editor selects in them
let observer = null;
let watchedRoots = [];

/** Whether the editor is selecting words in chunk: drawing it would lose them. */
function selectingIn(chunk) {
  const sel = window.getSelection();
  return !!sel && sel.rangeCount > 0 && !sel.isCollapsed && sel.getRangeAt(0).intersectsNode(chunk);
}

/** Draws chunk if it is plain; resolves once it is drawn (or could not be). */
export function drawChunk(chunk) {
  if (!chunk || !chunk.hasAttribute('data-lazy') || !chunk.isConnected) return Promise.resolve();
  const id = chunk.id;
  if (loading.has(id)) return loading.get(id);
  observer?.unobserve(chunk);
  const done = Promise.resolve(htmx.ajax('GET', chunk.dataset.src, { source: chunk, target: chunk, swap: 'outerHTML settle:0ms' }))
    .catch(() => {})
    .finally(() => loading.delete(id));
  loading.set(id, done);
  return done;
}

/** The chunk holding code-point offset at, or null. */
function chunkAt(at) {
  for (const c of articleRoot().querySelectorAll('.chunk')) {
    if (Number(c.dataset.from) <= at && at < Number(c.dataset.to)) return c;
  }
  return null;
}

/**
 * Draws the chunk where claim id's words start (the list entry's
 * data-start), so that its highlights can take the focus or be scrolled
 * to. An orphan has none: it resolves at once.
 */
export function drawClaim(id) {
  ensureStubs();
  const li = document.getElementById(`claim-item-${id}`);
  if (!li || li.dataset.start === undefined) return Promise.resolve();
  return drawChunk(chunkAt(Number(li.dataset.start)));
}

function onIntersect(entries) {
  for (const e of entries) {
    if (!e.isIntersecting) {
      waiting.delete(e.target);
    } else if (selectingIn(e.target)) {
      waiting.add(e.target);
    } else {
      drawChunk(e.target);
    }
  }
}

/**
 * Draws the group of the claim list holding claim id's entry, if it is
 * still stubs, so that the entry can take the focus.
 */
export function drawEntry(id) {
  ensureStubs();
  return drawChunk(document.getElementById(`claim-item-${id}`)?.closest('[data-lazy]'));
}

/**
 * Watches the plain chunks of the text and the stub groups of the claim
 * list for the viewport. Called after every swap: a new text (a new
 * revision, a party's change) or a new list brings new ones.
 */
export function watchChunks() {
  const roots = [articleRoot(), document.getElementById('claim-list')].filter(Boolean);
  if (!observer) {
    observer = new IntersectionObserver(onIntersect, { rootMargin: '100% 0px' });
    document.addEventListener('selectionchange', () => {
      for (const c of waiting) {
        if (!c.isConnected) waiting.delete(c);
        else if (!selectingIn(c)) {
          waiting.delete(c);
          drawChunk(c);
        }
      }
    });
  }
  if (roots.some((r, i) => r !== watchedRoots[i])) {
    // A part was replaced: its old chunks are gone, watch the new ones.
    observer.disconnect();
    waiting.clear();
    watchedRoots = roots;
    for (const r of roots) for (const c of r.querySelectorAll('[data-watched]')) delete c.dataset.watched;
  }
  for (const r of roots) {
    for (const c of r.querySelectorAll('[data-lazy]:not([data-watched])')) {
      c.dataset.watched = '';
      observer.observe(c);
    }
  }
}
