/**
 * Locating a labelled quote in the analysed text. Seed quotes come from the
 * .txt sources, the analysed text from the HTML, so punctuation width and
 * whitespace may differ: the search runs on a compact form (NFKC, no
 * whitespace) and maps back to offsets in the analysed text.
 */
export interface Occurrence {
  start: number;
  end: number;
}

function compact(text: string): { chars: string; map: number[] } {
  let chars = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const folded = (text[i] as string).normalize('NFKC').toLowerCase();
    for (const ch of folded) {
      if (/\s/.test(ch)) continue;
      chars += ch;
      map.push(i);
    }
  }
  return { chars, map };
}

const cache = new WeakMap<object, { chars: string; map: number[] }>();

export function findQuote(text: string, quote: string, key: object = { text }): Occurrence[] {
  let c = cache.get(key);
  if (!c) {
    c = compact(text);
    cache.set(key, c);
  }
  const q = compact(quote).chars;
  const out: Occurrence[] = [];
  if (!q) return out;
  for (let i = c.chars.indexOf(q); i !== -1; i = c.chars.indexOf(q, i + 1)) {
    out.push({ start: c.map[i] as number, end: (c.map[i + q.length - 1] as number) + 1 });
  }
  return out;
}

export function overlaps(a: Occurrence, b: Occurrence): boolean {
  return a.start < b.end && b.start < a.end;
}
