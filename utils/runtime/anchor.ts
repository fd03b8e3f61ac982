/**
 * Text-quote anchoring (the model is the Hypothesis client's): find a finding's
 * sentence in the live page text, using its prefix/suffix and position as hints
 * to choose among repeats, and approximate matching (approx-string-match) when
 * the page text changed a little since extraction. A quote that cannot be found
 * with few enough errors is reported as unanchored, never guessed.
 */
import search from 'approx-string-match';
import { buildTextMap, normalizeQuote, spanFor, type TextMap, type TextSpan } from './text-map';

export interface QuoteSelector {
  exact: string;
  prefix?: string;
  suffix?: string;
  /** Expected position as a fraction of the text (0..1), a weak hint. */
  position?: number;
}

export interface QuoteMatch {
  start: number;
  end: number;
  /** Edit errors between the quote and the page text (0 for exact). */
  errors: number;
  score: number;
}

/** Above this, approximate search only looks near the expected position (it is O(n · m/32)). */
const FUZZY_FULL_TEXT_LIMIT = 400_000;
const FUZZY_WINDOW = 60_000;
/** Occurrences of a repeated sentence compared by context (the nearest to the expected position). */
const MAX_CANDIDATES = 32;

/** Characters in common at the end of `a` and the end of `b`. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function contextScore(text: string, start: number, end: number, sel: { prefix: string; suffix: string; position?: number }): number {
  let score = 0;
  // Boundary spaces differ between the engine's text and the page's (block breaks): compare without them.
  if (sel.prefix) {
    const before = text.slice(Math.max(0, start - sel.prefix.length - 1), start).trimEnd();
    score += (20 * commonSuffix(before, sel.prefix)) / sel.prefix.length;
  }
  if (sel.suffix) {
    const after = text.slice(end, end + sel.suffix.length + 1).trimStart();
    score += (20 * commonPrefix(after, sel.suffix)) / sel.suffix.length;
  }
  if (sel.position !== undefined && text.length > 0) score += 2 * (1 - Math.abs(start / text.length - sel.position));
  return score;
}

/** Locates a quote in normalised text. */
export function matchQuote(text: string, selector: QuoteSelector): QuoteMatch | undefined {
  const exact = normalizeQuote(selector.exact);
  if (!exact) return undefined;
  const ctx = {
    prefix: normalizeQuote(selector.prefix ?? ''),
    suffix: normalizeQuote(selector.suffix ?? ''),
    position: selector.position,
  };
  // A space at a block boundary is real in the page but may be missing in the context: compare trimmed.
  let best: QuoteMatch | undefined;
  let occurrences: number[] = [];
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) occurrences.push(i);
  // A keyword-stuffed page repeats a sentence hundreds of times: only the ones nearest the expected
  // position are compared by context, so anchoring stays linear.
  if (occurrences.length > MAX_CANDIDATES && selector.position !== undefined) {
    const expected = selector.position * text.length;
    occurrences = occurrences.sort((a, b) => Math.abs(a - expected) - Math.abs(b - expected)).slice(0, MAX_CANDIDATES);
  }
  for (const i of occurrences) {
    const score = 50 + contextScore(text, i, i + exact.length, ctx);
    if (!best || score > best.score) best = { start: i, end: i + exact.length, errors: 0, score };
  }
  if (best) return best;

  // Approximate: allow about one error in eight characters, never more than 32.
  const maxErrors = Math.min(32, Math.floor(exact.length / 8));
  if (maxErrors === 0) return undefined;
  let offset = 0;
  let haystack = text;
  if (text.length > FUZZY_FULL_TEXT_LIMIT) {
    const center = Math.round((selector.position ?? 0.5) * text.length);
    offset = Math.max(0, center - FUZZY_WINDOW);
    haystack = text.slice(offset, center + FUZZY_WINDOW);
  }
  for (const m of search(haystack, exact, maxErrors)) {
    const start = m.start + offset;
    const end = m.end + offset;
    const quality = 1 - m.errors / exact.length;
    const score = 50 * quality + contextScore(text, start, end, ctx);
    if (!best || score > best.score) best = { start, end, errors: m.errors, score };
  }
  return best;
}

export interface AnchorTarget {
  id: string;
  sentence: string;
  prefix?: string;
  suffix?: string;
  /** Fraction 0..1 of the analysed text where the sentence was. */
  position?: number;
}

export interface Anchored {
  id: string;
  span: TextSpan;
  errors: number;
}

export interface AnchorResult {
  anchored: Anchored[];
  unanchored: string[];
  map: TextMap;
}

/**
 * Anchors every target in `root` (normally document.body). Overlapping targets
 * are all kept (the engine never reports overlapping findings; if the page holds
 * two copies of a sentence, each finding picks its best by context).
 */
export function anchorAll(root: Node, targets: AnchorTarget[], map: TextMap = buildTextMap(root)): AnchorResult {
  const result: AnchorResult = { anchored: [], unanchored: [], map };
  for (const t of targets) anchorOne(t, result);
  return result;
}

function anchorOne(t: AnchorTarget, into: AnchorResult): void {
  const m = matchQuote(into.map.text, { exact: t.sentence, prefix: t.prefix, suffix: t.suffix, position: t.position });
  const span = m ? spanFor(into.map, m.start, m.end) : undefined;
  if (m && span) into.anchored.push({ id: t.id, span, errors: m.errors });
  else into.unanchored.push(t.id);
}

/** The same, giving the main thread back every `sliceMs` (pages with thousands of findings). */
export async function anchorAllAsync(
  targets: AnchorTarget[],
  map: TextMap,
  options: { sliceMs?: number; yieldTo?: () => Promise<void> } = {},
): Promise<AnchorResult> {
  const sliceMs = options.sliceMs ?? 8;
  const yieldTo = options.yieldTo ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const result: AnchorResult = { anchored: [], unanchored: [], map };
  let sliceStart = performance.now();
  for (const t of targets) {
    anchorOne(t, result);
    if (performance.now() - sliceStart > sliceMs) {
      await yieldTo();
      sliceStart = performance.now();
    }
  }
  return result;
}
