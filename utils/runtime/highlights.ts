/**
 * Draws anchored findings with the CSS Custom Highlight API: one registered
 * Highlight per class, no change to the page's DOM or text. Where the API is
 * missing, text nodes are wrapped in inert inline <claimlight-mark> elements
 * (same text, no box), and unwrapped exactly on clear.
 */
import type { FindingClass } from '../engine/types';
import { ACTIVE_HIGHLIGHT, FALLBACK_TAG, FLASH_HIGHLIGHT, highlightName } from './highlight-style';

export interface Painted {
  id: string;
  cls: FindingClass;
  range: Range;
}

const ORDER: FindingClass[] = ['agrees', 'nuance', 'marketing', 'dubious'];

interface HighlightRegistry {
  set(name: string, h: unknown): void;
  delete(name: string): boolean;
  get(name: string): unknown;
}
type HighlightCtor = new (...ranges: Range[]) => { priority: number; add(r: Range): void };

function registry(): { highlights: HighlightRegistry; Highlight: HighlightCtor } | undefined {
  const css = (globalThis as { CSS?: { highlights?: HighlightRegistry } }).CSS;
  const ctor = (globalThis as { Highlight?: HighlightCtor }).Highlight;
  return css?.highlights && typeof ctor === 'function' ? { highlights: css.highlights, Highlight: ctor } : undefined;
}

export class Painter {
  private readonly api = registry();
  private marks: HTMLElement[] = [];
  /** Text nodes the fallback split off, with the node each came from, in order: re-joined on clear. */
  private splits: { piece: Text; from: Text }[] = [];
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly doc: Document) {}

  paint(items: Painted[], visible: ReadonlySet<FindingClass>): void {
    this.clear();
    const shown = items.filter((i) => visible.has(i.cls));
    if (this.api) {
      const { highlights, Highlight } = this.api;
      for (const cls of ORDER) {
        const ranges = shown.filter((i) => i.cls === cls).map((i) => i.range);
        if (ranges.length === 0) continue;
        const h = new Highlight(...ranges);
        h.priority = ORDER.indexOf(cls);
        highlights.set(highlightName(cls), h);
      }
      return;
    }
    for (const item of shown) this.wrap(item);
  }

  /** Removes every highlight this painter drew. */
  clear(): void {
    if (this.api) {
      for (const cls of ORDER) this.api.highlights.delete(highlightName(cls));
      this.api.highlights.delete(ACTIVE_HIGHLIGHT);
      this.api.highlights.delete(FLASH_HIGHLIGHT);
    }
    if (this.marks.length) {
      for (const mark of this.marks) {
        const parent = mark.parentNode;
        if (!parent) continue;
        while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
        parent.removeChild(mark);
      }
      this.marks = [];
    }
    // Re-join only the text nodes we split (latest first), never the page's own adjacent text nodes.
    for (const { piece, from } of this.splits.reverse()) {
      if (piece.previousSibling === from && piece.parentNode) {
        from.appendData(piece.data);
        piece.remove();
      }
    }
    this.splits = [];
    if (this.flashTimer) clearTimeout(this.flashTimer);
  }

  setActive(range: Range | undefined): void {
    if (!this.api) return;
    if (!range) {
      this.api.highlights.delete(ACTIVE_HIGHLIGHT);
      return;
    }
    const h = new this.api.Highlight(range);
    h.priority = 10;
    this.api.highlights.set(ACTIVE_HIGHLIGHT, h);
  }

  flash(range: Range, ms = 1600): void {
    if (!this.api) return;
    const h = new this.api.Highlight(range);
    h.priority = 20;
    this.api.highlights.set(FLASH_HIGHLIGHT, h);
    if (this.flashTimer) clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => this.api?.highlights.delete(FLASH_HIGHLIGHT), ms);
  }

  /** Fallback: wraps each text node piece of the range. */
  private wrap(item: Painted): void {
    const { range } = item;
    const texts: Text[] = [];
    const root = range.commonAncestorContainer;
    if (root.nodeType === 3) texts.push(root as Text);
    else {
      const walker = this.doc.createTreeWalker(root, 4);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (range.intersectsNode(n)) texts.push(n as Text);
    }
    const startNode = range.startContainer;
    const endNode = range.endContainer;
    const startOffset = range.startOffset;
    const endOffset = range.endOffset;
    for (let text of texts) {
      const from = text === startNode ? startOffset : 0;
      const to = text === endNode ? endOffset : text.data.length;
      if (to <= from || !text.parentNode) continue;
      if (from > 0) {
        const piece = text.splitText(from);
        this.splits.push({ piece, from: text });
        text = piece;
      }
      if (to - from < text.data.length) this.splits.push({ piece: text.splitText(to - from), from: text });
      const mark = this.doc.createElement(FALLBACK_TAG);
      mark.setAttribute('data-claimlight-class', item.cls);
      mark.setAttribute('data-claimlight-id', item.id);
      text.parentNode?.insertBefore(mark, text);
      mark.appendChild(text);
      this.marks.push(mark);
    }
    if (texts.length) {
      const first = this.marks.find((m) => m.getAttribute('data-claimlight-id') === item.id);
      const last = [...this.marks].reverse().find((m) => m.getAttribute('data-claimlight-id') === item.id);
      if (first && last) {
        range.setStartBefore(first);
        range.setEndAfter(last);
      }
    }
  }
}
