// The claim list's groups not drawn yet come packed: each group's
// data-stubs (views/pages/workspace.templ, ClaimGroup; EntryGroup.stubs)
// holds the JSON of the statuses, kinds and assignees its claims have, then
// of [id, start, status, kind, assignee, number] per claim, each of the
// three an index in its list; claimsIn reads them as [id, start, status,
// kind, assignee, label], the label "#" and the number as the server
// writes it (claimLabel). Unpacked, each claim is a
// stub entry: an empty <li> with the data the filters, the counts, the
// keyboard and the bulk range read, as a drawn entry carries it, until
// chunks.js swaps the group for its drawn entries.
//
// A long article's 10,000 stubs, sent as elements, were most of the time
// before its workspace could be used: the browser parsed them, htmx
// walked them once at load, and the page laid them out. Packed, the
// browser parses one attribute per group; the groups are unpacked a
// few at a time while the page is idle, each sized meanwhile as its stubs
// will be, and at once by whatever needs every entry (ensureStubs).

const perSlice = 10; // groups unpacked per idle slice: about 10 ms
const packSelector = '#claim-list ol.claim-items[data-stubs]';

const parsed = new WeakMap(); // pack → its claims' data
let byID = new Map(); // claim id → its data, for the claims still packed
let labels = null; // status → its label
let scheduled = false;

/** The claims' data in pack, parsed once: [id, start, status, kind, assignee, label] each. */
function claimsIn(pack) {
  let claims = parsed.get(pack);
  if (!claims) {
    const [statuses, kinds, assignees, ...rows] = JSON.parse(pack.dataset.stubs);
    claims = rows.map(([id, start, status, kind, assignee, number]) =>
      [id, start, statuses[status], kinds[kind], assignees[assignee], `#${number}`]);
    parsed.set(pack, claims);
  }
  return claims;
}

/** The label of status, as the list's status filter names it. */
function statusLabel(status) {
  if (!labels) {
    labels = new Map();
    for (const o of document.querySelectorAll('#claim-list [data-filter="status"] option')) labels.set(o.value, o.textContent);
  }
  return labels.get(status) ?? status;
}

/** Fills packed group pack with its stub entries. */
function unpack(pack) {
  const entries = document.createDocumentFragment();
  for (const [id, start, status, kind, assignee, label] of claimsIn(pack)) {
    const li = document.createElement('li');
    li.className = `claim-item st-${status}`;
    li.id = `claim-item-${id}`;
    if (start !== null) li.setAttribute('data-start', start);
    li.setAttribute('data-claim-id', id);
    li.setAttribute('data-status', status);
    li.setAttribute('data-status-label', statusLabel(status));
    li.setAttribute('data-kind', kind);
    li.setAttribute('data-assignee', assignee);
    li.setAttribute('data-label', label);
    li.setAttribute('data-testid', 'claim-item');
    entries.append(li);
    byID.delete(String(id));
  }
  pack.append(entries);
  pack.removeAttribute('data-stubs');
  parsed.delete(pack);
  pack.style.removeProperty('--stubs');
}

/** Unpacks up to n packed groups, in list order; whether any is left. */
function unpackSome(n) {
  const packs = document.querySelectorAll(packSelector);
  for (let i = 0; i < Math.min(n, packs.length); i++) unpack(packs[i]);
  return packs.length > n;
}

const later = window.requestIdleCallback || ((fn) => setTimeout(fn, 0));

function unpackWhileIdle() {
  scheduled = unpackSome(perSlice);
  if (scheduled) later(unpackWhileIdle);
}

/**
 * Finds the packed groups of the list as loaded or as an answer brought
 * it, sizes each as its stubs will be (so that the list scrolls as it
 * will and the groups in view are the ones drawn), and unpacks them while
 * the page is idle.
 */
export function readStubs() {
  const packs = document.querySelectorAll(packSelector);
  byID = new Map();
  for (const pack of packs) {
    const claims = claimsIn(pack);
    for (const c of claims) byID.set(String(c[0]), c);
    pack.style.setProperty('--stubs', claims.length);
  }
  if (packs.length > 0 && !scheduled) {
    scheduled = true;
    later(unpackWhileIdle);
  }
}

/** Unpacks every group still packed, for what reads every entry. */
export function ensureStubs() {
  unpackSome(Infinity);
}

/**
 * The list's label of claim id and of its status ("#12", "Verified"), from
 * its entry or, while its group is packed, from the group's data; null
 * when it has neither.
 */
export function entryLabels(id) {
  const li = document.getElementById(`claim-item-${id}`);
  if (li) return { label: li.dataset.label, status: li.dataset.statusLabel };
  const c = byID.get(String(id));
  if (!c) return null;
  return { label: c[5], status: statusLabel(c[2]) };
}
