/**
 * Visible text of a DOM subtree with line breaks at block boundaries, so that
 * sentence segmentation sees paragraph, list-item and cell boundaries. Never
 * uses layout (`innerText`, computed styles): it must be cheap on any page.
 */
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'HEAD', 'SELECT', 'OPTION']);
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE',
  'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL', 'BUTTON', 'CAPTION', 'DETAILS', 'SUMMARY', 'TITLE',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const FRAGMENT_NODE = 11;

function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return style !== null && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/**
 * Appends the text of `root` to `out`. Stops early once `limit` characters were
 * collected (the gate samples a bounded prefix).
 */
export function collectText(root: Node, out: string[], limit = Infinity): number {
  let length = 0;
  const visit = (node: Node): boolean => {
    if (node.nodeType === TEXT_NODE) {
      const value = node.nodeValue ?? '';
      if (value) {
        out.push(value);
        length += value.length;
      }
      return length < limit;
    }
    if (node.nodeType === FRAGMENT_NODE || node.nodeType === DOCUMENT_NODE) {
      for (let child = node.firstChild; child; child = child.nextSibling) if (!visit(child)) return false;
      return true;
    }
    if (node.nodeType !== ELEMENT_NODE) return true;
    const el = node as Element;
    const tag = el.tagName.toUpperCase();
    if (SKIP.has(tag) || isHidden(el)) return true;
    const block = BLOCK.has(tag);
    if (block) out.push('\n');
    for (let child = node.firstChild; child; child = child.nextSibling) if (!visit(child)) return false;
    if (block) out.push('\n');
    return true;
  };
  visit(root);
  return length;
}

/** Whitespace inside lines collapsed, blank lines squeezed: stable text for offsets and anchoring. */
export function tidyText(raw: string): string {
  return raw
    .replace(/[ \t\f\v\u00a0\u200b]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

export function visibleText(root: Node | null | undefined, limit = Infinity): string {
  if (!root) return '';
  const out: string[] = [];
  collectText(root, out, limit);
  return tidyText(out.join(''));
}
