/**
 * The live page's visible text as one whitespace-normalised string, with a map
 * back to DOM text nodes, so a finding's quote can be located and turned into
 * a Range. Follows the engine's reading of the page (utils/engine/dom-text.ts:
 * its skipped elements plus <textarea> and our tooltip, the same hidden-element
 * test, breaks at the same block elements) so that text the engine analysed is
 * text we can find.
 *
 * Every run of whitespace, and every block boundary, becomes one space on both
 * sides (page and quote), which makes anchoring indifferent to indentation,
 * `<br>`, and sentences that cross `<a>`/`<strong>`.
 *
 * Iterative walk: a 10,000-level-deep DOM must not overflow the stack.
 */
import { BLOCK, SKIP as ENGINE_SKIP, isHidden } from '../engine/dom-text';

/** The engine's skipped elements, plus <textarea> (its text cannot be highlighted) and our own tooltip. */
const SKIP: ReadonlySet<string> = new Set([...ENGINE_SKIP, 'TEXTAREA', 'CLAIMLIGHT-TOOLTIP']);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

interface Segment {
  node: Text;
  /** Normalised offsets [start, end) of the characters this node produced. */
  start: number;
  end: number;
  /** Whether the normalised text ended in a space just before this node (whitespace collapsing state). */
  afterSpace: boolean;
}

export interface TextMap {
  /** Normalised text: whitespace runs and block boundaries are single spaces. */
  text: string;
  segments: Segment[];
}

/** The characters `isSpace` accepts, as runs. */
const SPACE_RUNS = /[ \n\t\r\f\v\u00a0\u200b\u3000]+/g;

export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\u200b' || ch === '\u3000';
}

/** The normalisation applied to quotes: the same as the page text's. */
export function normalizeQuote(s: string): string {
  let out = '';
  let lastSpace = true;
  for (const ch of s) {
    if (isSpace(ch)) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
    } else {
      out += ch;
      lastSpace = false;
    }
  }
  return out.endsWith(' ') ? out.slice(0, -1) : out;
}


export function buildTextMap(root: Node): TextMap {
  const steps = textMapSteps(root);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The same, giving the main thread back every `sliceMs` (a 5 MB article takes a while to walk). */
export async function buildTextMapAsync(
  root: Node,
  options: { sliceMs?: number; yieldTo?: () => Promise<void> } = {},
): Promise<TextMap> {
  const sliceMs = options.sliceMs ?? 8;
  const yieldTo = options.yieldTo ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const steps = textMapSteps(root);
  let sliceStart = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - sliceStart > sliceMs) {
      await yieldTo();
      sliceStart = performance.now();
    }
  }
}

/** The walk, pausing (yield) every 1,000 nodes so a caller can check the clock. */
function* textMapSteps(root: Node): Generator<void, TextMap> {
  const parts: string[] = [];
  const segments: Segment[] = [];
  let length = 0;
  let lastSpace = true;
  const brk = () => {
    if (!lastSpace) {
      parts.push(' ');
      length++;
      lastSpace = true;
    }
  };
  const isBlock = (n: Node) => n.nodeType === ELEMENT_NODE && BLOCK.has((n as Element).tagName.toUpperCase());

  let node: Node | null = root.firstChild;
  let visited = 0;
  while (node) {
    if (++visited % 1000 === 0) yield;
    let descend = false;
    if (node.nodeType === TEXT_NODE) {
      const afterSpace = lastSpace;
      // Native regex replace: a per-character loop is far too slow on a 5 MB article.
      let out = (node.nodeValue ?? '').replace(SPACE_RUNS, ' ');
      if (lastSpace && out.startsWith(' ')) out = out.slice(1);
      if (out) {
        lastSpace = out.endsWith(' ');
        parts.push(out);
        segments.push({ node: node as Text, start: length, end: length + out.length, afterSpace });
        length += out.length;
      }
    } else if (node.nodeType === ELEMENT_NODE) {
      const el = node as Element;
      const tag = el.tagName.toUpperCase();
      if (!SKIP.has(tag) && !isHidden(el)) {
        if (BLOCK.has(tag)) brk();
        descend = node.firstChild !== null;
        if (!descend && BLOCK.has(tag)) brk();
      }
    }
    if (descend) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && node !== root && isBlock(node)) brk();
    }
    if (!node || node === root) break;
    node = node.nextSibling;
  }
  return { text: parts.join(''), segments };
}

/** Raw offset in the node's data of the normalised character `k` of the segment (k may equal its length: the end). */
function rawOffset(seg: Segment, k: number, side: 'start' | 'end'): number {
  const value = seg.node.nodeValue ?? '';
  let emitted = 0;
  let lastSpace = seg.afterSpace;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    const produces = !isSpace(ch) || !lastSpace;
    lastSpace = isSpace(ch);
    if (!produces) continue;
    if (side === 'start' && emitted === k) return i;
    emitted++;
    if (side === 'end' && emitted === k) return i + 1;
  }
  return value.length;
}

/** Index of the last segment whose start <= pos. */
function segmentAt(map: TextMap, pos: number): number {
  let lo = 0;
  let hi = map.segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((map.segments[mid] as Segment).start <= pos) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Boundary points of a stretch of page text (a Range without needing a live document to build it). */
export interface TextSpan {
  startContainer: Text;
  startOffset: number;
  endContainer: Text;
  endOffset: number;
}

export function toRange(doc: Document, span: TextSpan): Range {
  const range = doc.createRange();
  range.setStart(span.startContainer, span.startOffset);
  range.setEnd(span.endContainer, span.endOffset);
  return range;
}

/** The DOM span for normalised offsets [start, end); undefined if it holds no page text. */
export function spanFor(map: TextMap, start: number, end: number): TextSpan | undefined {
  if (end <= start || map.segments.length === 0) return undefined;
  // Start: the segment containing `start`, or the next one when `start` falls on a block-boundary space.
  let si = segmentAt(map, start);
  let startSeg = map.segments[si];
  let startOff: number;
  if (!startSeg || start >= startSeg.end) {
    si++;
    startSeg = map.segments[si];
    if (!startSeg || startSeg.start >= end) return undefined;
    startOff = rawOffset(startSeg, 0, 'start');
  } else startOff = rawOffset(startSeg, start - startSeg.start, 'start');

  // End: the segment containing end-1, or the previous one when end-1 is a boundary space.
  const ei = segmentAt(map, end - 1);
  const endSeg = map.segments[ei];
  if (!endSeg || ei < si) return undefined;
  const endOff = end - 1 < endSeg.end ? rawOffset(endSeg, end - endSeg.start, 'end') : (endSeg.node.nodeValue ?? '').length;

  if (startSeg.node === endSeg.node && endOff <= startOff) return undefined;
  return { startContainer: startSeg.node, startOffset: startOff, endContainer: endSeg.node, endOffset: endOff };
}
