/**
 * The gate runs on every page load: is this page about a topic the knowledge
 * covers? It reads the title, meta description, headings and a bounded sample
 * of body text, and stops at the first topic term, so unrelated pages cost a
 * fraction of a millisecond. It needs only gate.json (a list of terms).
 */
import type { GateArtifact } from '../../knowledge/schema';
import { collectText } from './dom-text';
import { DEFAULT_THRESHOLDS } from './thresholds';

export type GateInput = GateArtifact | readonly string[];

const patternCache = new WeakMap<object, RegExp>();

function escape(term: string): string {
  return term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regex for all terms; Latin terms must start a word (same rule as the matcher). The Latin terms share one
 * lookbehind: a lookbehind on each of them was tried at every position of the page and doubled the cost.
 */
function gatePattern(gate: GateInput): RegExp {
  const cached = patternCache.get(gate);
  if (cached) return cached;
  const terms: readonly string[] = Array.isArray(gate) ? (gate as readonly string[]) : (gate as GateArtifact).terms;
  const unique = [...new Set(terms.map((t) => t.normalize('NFKC').toLowerCase().trim()).filter(Boolean))];
  const startsLatin = (t: string) => /^[\p{Script=Latin}\p{Nd}]/u.test(t);
  const latin = unique.filter(startsLatin).map(escape);
  const alternatives = [...(latin.length ? [`(?<![\\p{Script=Latin}\\p{Nd}])(?:${latin.join('|')})`] : []), ...unique.filter((t) => !startsLatin(t)).map(escape)];
  // An empty gate matches nothing.
  const pattern = new RegExp(alternatives.length ? alternatives.join('|') : '(?!)', 'iu');
  patternCache.set(gate as object, pattern);
  return pattern;
}

/** The bounded text the gate looks at. */
export function gateText(doc: Document, sampleChars = DEFAULT_THRESHOLDS.gateSampleChars): string {
  const parts: string[] = [doc.title ?? ''];
  const description = doc.querySelector('meta[name="description" i], meta[property="og:title"], meta[name="keywords" i]');
  if (description) parts.push(description.getAttribute('content') ?? '');
  const headings = doc.querySelectorAll('h1, h2, h3');
  for (let i = 0; i < headings.length && i < 30; i++) parts.push(headings[i]?.textContent ?? '');
  if (doc.body) collectText(doc.body, parts, sampleChars);
  return parts.join(' ');
}

/** Whether the page mentions a topic the knowledge covers. */
export function passesGate(doc: Document, gate: GateInput, sampleChars?: number): boolean {
  const pattern = gatePattern(gate);
  // Title and headings first: most related pages are decided without touching the body.
  const head = [doc.title ?? ''];
  const headings = doc.querySelectorAll('h1, h2');
  for (let i = 0; i < headings.length && i < 10; i++) head.push(headings[i]?.textContent ?? '');
  if (pattern.test(head.join(' ').normalize('NFKC'))) return true;
  return pattern.test(gateText(doc, sampleChars).normalize('NFKC'));
}
