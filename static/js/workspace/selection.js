// The words the editor selected in the article, remembered for "New claim"
// and "Mark in text", and the keyboard's way to select: the sentence at the
// caret, extended word by word.

import { articleRoot, selectionOffsets } from './offsets.js';

const newClaimButton = document.querySelector('[data-testid="new-claim"]');
const selectionInfo = document.querySelector('[data-testid="selection-info"]');

let last = null; // {start, end, text}

/** The last selection made in the article, or null. */
export const lastSelection = () => last;

/** Forgets the selection, when the text it was made in is replaced. */
export function forgetStaleSelection() {
  if (!selectionOffsets()) last = null;
  updateSelection();
}

function truncate(s, n) {
  const cps = Array.from(s);
  return cps.length <= n ? s : cps.slice(0, n - 1).join('') + '…';
}

/** Follows the selection: remembers it and says what N would mark. */
export function updateSelection() {
  const s = selectionOffsets();
  if (s) {
    last = s;
  } else {
    const sel = window.getSelection();
    // A click inside the article clears the remembered selection; a click
    // on a button in the panel must not, or "Mark in text" would lose it.
    if (sel && sel.rangeCount > 0 && articleRoot().contains(sel.anchorNode)) last = null;
  }
  if (!newClaimButton) return;
  newClaimButton.disabled = !last;
  const info = last
    ? `Selected: “${truncate(last.text.replace(/\s+/g, ' '), 80)}”. Press N or New claim to mark it.`
    : 'Select words in the article to mark a claim.';
  // Only a change is announced to screen readers.
  if (selectionInfo.textContent !== info) selectionInfo.textContent = info;
}

/** The text nodes of el in document order. */
function textNodes(el) {
  const out = [];
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) out.push(n);
  return out;
}

/** The DOM point at UTF-16 index i of el's text. */
function pointAt(nodes, i) {
  for (const n of nodes) {
    if (i <= n.data.length) return [n, i];
    i -= n.data.length;
  }
  const lastNode = nodes[nodes.length - 1];
  return [lastNode, lastNode.data.length];
}

/** Index in block's text of the DOM point (node, offset). */
function indexIn(block, node, offset) {
  const r = document.createRange();
  r.setStart(block, 0);
  r.setEnd(node, offset);
  return r.toString().length;
}

// A sentence ends after ., ! or ? (and any closing quotes or brackets)
// followed by a space.
const sentenceEnd = /[.!?…]['"’”)\]]*\s+/g;

/**
 * Selects the sentence at the caret, at the start of the selection, or at
 * the focused highlight. Reports whether it found one.
 */
export function selectSentence() {
  const text = articleRoot();
  const sel = window.getSelection();
  let node = null;
  let offset = 0;
  const focused = document.activeElement;
  if (focused && text.contains(focused) && focused !== text) {
    node = focused;
  } else if (sel && sel.rangeCount > 0 && text.contains(sel.anchorNode)) {
    const r = sel.getRangeAt(0);
    node = r.startContainer;
    offset = r.startOffset;
  }
  if (!node) return false;
  const block = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest('.blk');
  if (!block) return false;
  const nodes = textNodes(block);
  if (nodes.length === 0) return false;
  const at = node.nodeType === Node.TEXT_NODE ? indexIn(block, node, offset) : indexIn(block, node, 0);
  const all = block.textContent;
  let start = 0;
  let end = all.length;
  for (const m of all.matchAll(sentenceEnd)) {
    const after = m.index + m[0].length;
    if (after <= at) start = after;
    else {
      end = m.index + m[0].trimEnd().length;
      break;
    }
  }
  const range = document.createRange();
  range.setStart(...pointAt(nodes, start));
  range.setEnd(...pointAt(nodes, end));
  sel.removeAllRanges();
  sel.addRange(range);
  return true;
}

/** Extends (or shrinks) the article's selection by a word. */
export function extendByWord(forward) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || !articleRoot().contains(sel.focusNode)) return false;
  sel.modify('extend', forward ? 'forward' : 'backward', 'word');
  return true;
}
