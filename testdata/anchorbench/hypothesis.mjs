// Hypothesis' way of re-anchoring a span, for cmd/factmark-anchorbench to
// compare factmark's with: the stored position is kept when the text there
// still equals the quote (its TextPositionSelector checked against the
// TextQuoteSelector), else the quote is searched with approx-string-match
// and every candidate scored as the client's anchoring/match-quote does:
// 50 for the quote's similarity, 20 each for the prefix's and the suffix's,
// 2 for nearness to the old position, the best candidate taken whatever its
// score. Written for factmark after reading the client's code; it imports
// only the npm package, pinned in package.json.
//
// Usage: node hypothesis.mjs CORPUS.json ROUNDS
// Prints JSON: {"ns_per_round": [...], "results": [[{"start","end"}|null, ...], ...]}
// with offsets in code points, as the corpus has them.

import { readFileSync } from 'node:fs';
import search from 'approx-string-match';

// approxMatches finds the closest matches of str in text with at most
// maxErrors errors, exact ones first and alone when there are any, as the
// client does: approx-string-match has no fast path for exact matches.
function approxMatches(text, str, maxErrors) {
  const exact = [];
  for (let at = text.indexOf(str); at !== -1; at = text.indexOf(str, at + 1)) {
    exact.push({ start: at, end: at + str.length, errors: 0 });
  }
  if (exact.length > 0) {
    return exact;
  }
  return search(text, str, maxErrors);
}

// similarity is 1 - (fewest errors of str anywhere in text) / str.length.
function similarity(text, str) {
  if (str.length === 0 || text.length === 0) {
    return 0;
  }
  const found = approxMatches(text, str, str.length);
  return 1 - found[0].errors / str.length;
}

// findQuote returns the best scored match of quote in text, or null.
function findQuote(text, quote, prefix, suffix, hint) {
  if (quote.length === 0) {
    return null;
  }
  const maxErrors = Math.min(256, quote.length / 2);
  const found = approxMatches(text, quote, maxErrors);
  let best = null;
  for (const m of found) {
    const quoteSim = 1 - m.errors / quote.length;
    const prefixSim = prefix
      ? similarity(text.slice(Math.max(0, m.start - prefix.length), m.start), prefix)
      : 1;
    const suffixSim = suffix ? similarity(text.slice(m.end, m.end + suffix.length), suffix) : 1;
    const posSim = 1 - Math.abs(m.start - hint) / text.length;
    const score = (50 * quoteSim + 20 * prefixSim + 20 * suffixSim + 2 * posSim) / 92;
    if (best === null || score > best.score) {
      best = { start: m.start, end: m.end, score };
    }
  }
  return best;
}

// utf16Offsets maps each code point offset of s to its UTF-16 offset;
// cpOffsets maps back (a UTF-16 offset inside a surrogate pair maps to -1).
function utf16Offsets(s) {
  const out = [];
  let u = 0;
  for (const ch of s) {
    out.push(u);
    u += ch.length;
  }
  out.push(u);
  return out;
}

function cpOffsets(s) {
  const out = new Int32Array(s.length + 1).fill(-1);
  let cp = 0;
  let u = 0;
  for (const ch of s) {
    out[u] = cp;
    u += ch.length;
    cp++;
  }
  out[u] = cp;
  return out;
}

const [corpusPath, roundsArg] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(corpusPath, 'utf8'));
const rounds = Math.max(1, parseInt(roundsArg ?? '5', 10));

// Offsets are converted outside the timed loop: a browser works in UTF-16
// natively.
const prepared = cases.map(c => {
  const oldU = utf16Offsets(c.old_text);
  return {
    text: c.new_text,
    back: cpOffsets(c.new_text),
    anchors: c.anchors.map(a => ({
      start: oldU[a.start],
      end: oldU[a.end],
      exact: a.exact,
      prefix: a.prefix,
      suffix: a.suffix,
    })),
  };
});

function reanchorAll() {
  return prepared.map(c =>
    c.anchors.map(a => {
      if (c.text.slice(a.start, a.end) === a.exact) {
        return { start: a.start, end: a.end };
      }
      const m = findQuote(c.text, a.exact, a.prefix, a.suffix, a.start);
      return m === null ? null : { start: m.start, end: m.end };
    }),
  );
}

const nsPerRound = [];
let found;
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  found = reanchorAll();
  nsPerRound.push(Number(process.hrtime.bigint() - t0));
}

const results = found.map((list, i) =>
  list.map(m => {
    if (m === null) {
      return null;
    }
    const back = prepared[i].back;
    return { start: back[m.start], end: back[m.end] };
  }),
);
process.stdout.write(JSON.stringify({ ns_per_round: nsPerRound, results }));
