// Code-point offsets of DOM positions in the article (DESIGN.md §1).
//
// Every text segment the server renders carries data-s, its offset in code
// points in the canonical text. The DOM counts UTF-16 code units, so a
// boundary point is converted by counting the code points of the segment's
// text before it, never by using DOM offsets directly.

/** The article's text element; it is replaced after every change. */
export const articleRoot = () => document.getElementById('article-text');

/** Number of code points in s (a surrogate pair counts once). */
export function codePoints(s) {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Converts a DOM boundary point inside the article into a code-point offset. */
export function pointToOffset(node, offset) {
  const text = articleRoot();
  const start = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const seg = start && start.closest('[data-s]');
  if (seg && text.contains(seg)) {
    const r = document.createRange();
    r.setStart(seg, 0);
    r.setEnd(node, offset);
    return Number(seg.dataset.s) + codePoints(r.toString());
  }
  // A point between segments or blocks: it sits where the next segment starts.
  const point = document.createRange();
  point.setStart(node, offset);
  const segs = text.querySelectorAll('[data-s]');
  for (const s of segs) {
    if (point.comparePoint(s, 0) >= 0) return Number(s.dataset.s);
  }
  const last = segs[segs.length - 1];
  return last ? Number(last.dataset.s) + codePoints(last.textContent) : 0;
}

/** The current selection in the article as {start, end, text}, or null. */
export function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const text = articleRoot();
  if (!text.contains(range.startContainer) && !text.contains(range.endContainer)) return null;
  // Clamp a selection that starts or ends outside the article to its edges.
  const r = range.cloneRange();
  if (!text.contains(r.startContainer)) r.setStart(text, 0);
  if (!text.contains(r.endContainer)) r.setEnd(text, text.childNodes.length);
  const start = pointToOffset(r.startContainer, r.startOffset);
  const end = pointToOffset(r.endContainer, r.endOffset);
  if (end <= start) return null;
  return { start, end, text: r.toString() };
}
