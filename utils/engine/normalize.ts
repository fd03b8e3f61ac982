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
