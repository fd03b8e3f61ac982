/**
 * Visible text of a DOM subtree with line breaks at block boundaries, so that
 * sentence segmentation sees paragraph, list-item and cell boundaries. Never
 * uses layout (`innerText`, computed styles): it must be cheap on any page.
 */
// Exported so the page runtime's text map (utils/runtime/text-map.ts) reads the page exactly as the engine does.
export const SKIP: ReadonlySet<string> = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'HEAD', 'SELECT', 'OPTION']);
export const BLOCK: ReadonlySet<string> = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE',
  'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL', 'BUTTON', 'CAPTION', 'DETAILS', 'SUMMARY', 'TITLE',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const FRAGMENT_NODE = 11;

export function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return style !== null && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/**
 * Appends the text of `root` to `out`. Stops early once `limit` characters were
 * collected (the gate samples a bounded prefix). Iterative, with an explicit
 * stack: a hostile page can nest elements tens of thousands deep.
 */
export function collectText(root: Node, out: string[], limit = Infinity, stats?: { maxDepth: number }): number {
  let length = 0;
  // Entries are nodes to visit, or the marker of a block element's end (a line break);
  // `depths` runs in parallel with the element depth of each entry.
  const BLOCK_END = null;
  const stack: (Node | typeof BLOCK_END)[] = [root];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop() ?? 0;
    if (node === BLOCK_END) {
      out.push('\n');
      continue;
    }
    if (node === undefined) break;
    if (stats && depth > stats.maxDepth) stats.maxDepth = depth;
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue ?? '';
      if (value) {
        out.push(value);
        length += value.length;
        if (length >= limit) break;
      }
      continue;
    }
    let block = false;
    if (node.nodeType === ELEMENT_NODE) {
      const el = node as Element;
      const tag = el.tagName.toUpperCase();
      if (SKIP.has(tag) || isHidden(el)) continue;
      block = BLOCK.has(tag);
    } else if (node.nodeType !== FRAGMENT_NODE && node.nodeType !== DOCUMENT_NODE) continue;
    if (block) {
      out.push('\n');
      stack.push(BLOCK_END);
      depths.push(depth);
    }
    // Children pushed last-first so they pop in document order.
    for (let child = node.lastChild; child; child = child.previousSibling) {
      stack.push(child);
      depths.push(depth + 1);
    }
  }
  return length;
}

/** Whitespace inside lines collapsed, blank lines squeezed: stable text for offsets and anchoring. */
export function tidyText(raw: string): string {
  return raw
    .replace(/[ \t\f\v\u00a0\u200b]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

export function visibleText(root: Node | null | undefined, limit = Infinity, stats?: { maxDepth: number }): string {
  if (!root) return '';
  const out: string[] = [];
  collectText(root, out, limit, stats);
  return tidyText(out.join(''));
}
