/**
 * Text normalisation shared by the matcher, the gate and the knowledge loader
 * (the cue semantics in the team brief): NFKC folds full-width punctuation and
 * digits to ASCII, then lower-case, whitespace collapsed. Traditional Chinese
 * is not converted; the knowledge lists Traditional forms as extra terms.
 */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
}

const LATIN_WORD_CHAR = /[\p{Script=Latin}\p{Nd}]/u;

/** Latin letters and digits form words; a Latin term must start at a word start. */
export function isLatinWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && LATIN_WORD_CHAR.test(ch);
}

const HAN = /\p{Script=Han}/u;
export function isHan(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && HAN.test(ch);
}

/** Share of Han characters among letters: decides zh vs en when the page does not say. */
export function guessLang(text: string): 'zh' | 'en' {
  const sample = text.slice(0, 4000);
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = sample.match(/[a-zA-Z]/g)?.length ?? 0;
  return han * 3 >= latin ? (han > 0 ? 'zh' : 'en') : 'en';
}

export interface MappedText {
  text: string;
  /** Offset in the original string of normalised character `i` (`text.length` maps to the original length). */
  toOriginal(i: number): number;
}

const NEEDS_WHITESPACE_FOLD = /\s\s|[^\S ]/;

/**
 * `normalize` keeping, for every normalised character, where it came from, so
 * cue positions can be mapped back to clause boundaries and page offsets.
 * Fast path (identity map) when NFKC keeps the length (full-width forms fold
 * one to one) and there is no whitespace to collapse: the usual case.
 */
export function normalizeWithMap(original: string): MappedText {
  const folded = original.normalize('NFKC').toLowerCase();
  if (folded.length === original.length && !NEEDS_WHITESPACE_FOLD.test(folded)) {
    return { text: folded, toOriginal: (i) => i };
  }
  let text = '';
  const map: number[] = [];
  let i = 0;
  for (const cp of original) {
    const piece = cp.normalize('NFKC').toLowerCase();
    for (const ch of piece) {
      if (/\s/.test(ch)) {
        if (text.endsWith(' ')) continue;
        text += ' ';
        map.push(i);
      } else {
        text += ch;
        for (let k = 0; k < ch.length; k++) map.push(i);
      }
    }
    i += cp.length;
  }
  map.push(original.length);
  return { text, toOriginal: (j) => map[Math.min(j, map.length - 1)] ?? original.length };
}
