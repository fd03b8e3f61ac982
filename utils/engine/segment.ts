/**
 * Sentence and clause segmentation for Chinese and English with offsets into
 * the original text (highlights are anchored with them, so they must be exact).
 *
 * Sentences end at 。！？；… (and their ASCII forms `! ? ;`, which the seed pages
 * use inside Chinese text), at line breaks, and at an English full stop followed
 * by a space or the end (not inside "0.1%", "e.g.", "Dr."). Clauses split a
 * sentence further at commas (， ,), colons and dashes; negation scope is the
 * clause. Not at 、, which lists items inside one clause: in "不会经接触、共用物品
 *或游泳传染" the 不会 governs the whole list.
 */
export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  text: string;
  /** Clause spans, absolute offsets, covering the sentence. */
  clauses: Span[];
}

// Character classes as bit flags in one table indexed by UTF-16 code unit:
// segmentation looks at every character of a page, and a typed-array lookup is
// several times cheaper than a Set.
const CHAR_CLASS = new Uint8Array(65536);
const charClass = (chars: string, bit: number) => {
  for (const c of chars) {
    const code = c.charCodeAt(0);
    CHAR_CLASS[code] = (CHAR_CLASS[code] ?? 0) | bit;
  }
  // charCodeAt past the end is NaN: the lookup yields undefined, i.e. "not in the class".
  return { has: (code: number) => ((CHAR_CLASS[code] ?? 0) & bit) !== 0 };
};
const HARD_END = charClass('。！？；!?;\n\r…｡', 1);
const CLOSERS = charClass('"\'”’」』)）】》…', 2);
const CLAUSE_SEP = charClass('，,：:—｜|·•', 4);
const SPACE = charClass(' \t\u00a0\u3000\n\r', 8);
const NEWLINE = 10;
const COMMA = 44;
const FULL_STOP = 46;
const FULLWIDTH_FULL_STOP = 0xff0e;
const ABBREVIATIONS = /(?:^|[^a-z])(?:e\.g|i\.e|dr|mr|mrs|ms|vs|etc|fig|no|approx|st|jr|sr|prof|inc|ltd)\.$/i;

function isSpaceAt(text: string, i: number): boolean {
  return i < 0 || i >= text.length || SPACE.has(text.charCodeAt(i));
}

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function isFullStopEnd(text: string, i: number, code: number): boolean {
  if (code !== FULL_STOP && code !== FULLWIDTH_FULL_STOP) return false;
  if (!isSpaceAt(text, i + 1) && !CLOSERS.has(text.charCodeAt(i + 1))) return false;
  return !ABBREVIATIONS.test(text.slice(Math.max(0, i - 8), i + 1));
}

/** Trims whitespace off a span; returns null when nothing is left. */
function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && isSpaceAt(text, start)) start++;
  while (end > start && isSpaceAt(text, end - 1)) end--;
  return end > start ? { start, end } : null;
}

function clausesOf(text: string, span: Span): Span[] {
  const clauses: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const code = text.charCodeAt(i);
    if (!CLAUSE_SEP.has(code)) continue;
    // An ASCII comma between digits is a thousands separator, not a clause break.
    if (code === COMMA && isDigitAt(text, i - 1) && isDigitAt(text, i + 1)) continue;
    const c = trimSpan(text, start, i + 1);
    if (c) clauses.push(c);
    start = i + 1;
  }
  const last = trimSpan(text, start, span.end);
  if (last) clauses.push(last);
  return clauses.length ? clauses : [span];
}

export function splitSentences(text: string, from = 0, to = text.length): Sentence[] {
  // One loop with no closure over `start`: a captured, reassigned variable made this 7x slower in V8.
  const sentences: Sentence[] = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (HARD_END.has(code) || isFullStopEnd(text, i, code)) {
      let end = i + 1;
      // Keep runs of terminators and closing quotes with the sentence: "真的吗？！」". Not after a line
      // break: a quotation mark opening the next line ("Myth-busting\n\"You can catch it…\"") opens it.
      while (code !== NEWLINE && end < to) {
        const next = text.charCodeAt(end);
        if (next === NEWLINE || !(HARD_END.has(next) || CLOSERS.has(next))) break;
        end++;
      }
      pushSentence(sentences, text, start, end);
      start = end;
      i = end - 1;
    }
  }
  if (start < to) pushSentence(sentences, text, start, to);
  return sentences;
}

function pushSentence(out: Sentence[], text: string, start: number, end: number): void {
  const span = trimSpan(text, start, end);
  if (span) out.push({ start: span.start, end: span.end, text: text.slice(span.start, span.end), clauses: clausesOf(text, span) });
}

/** Splits an over-long sentence into pieces of at most `max` characters at clause boundaries. */
export function limitLength(sentence: Sentence, max: number, text: string): Sentence[] {
  if (sentence.end - sentence.start <= max) return [sentence];
  const pieces: Sentence[] = [];
  let group: Span[] = [];
  const flush = () => {
    const first = group[0];
    const last = group[group.length - 1];
    if (first && last)
      pieces.push({ start: first.start, end: last.end, text: text.slice(first.start, last.end), clauses: group });
    group = [];
  };
  for (const clause of sentence.clauses) {
    const first = group[0];
    if (first && clause.end - first.start > max) flush();
    if (clause.end - clause.start > max) {
      // A clause with no punctuation at all (navigation text, lists): cut hard.
      for (let s = clause.start; s < clause.end; s += max) {
        const span = { start: s, end: Math.min(clause.end, s + max) };
        pieces.push({ ...span, text: text.slice(span.start, span.end), clauses: [span] });
      }
      continue;
    }
    group.push(clause);
  }
  flush();
  return pieces;
}

let wordSegmenter: Intl.Segmenter | undefined;

/** Words of a text (Chinese segmented with Intl.Segmenter), without punctuation or spaces. */
export function words(text: string): string[] {
  wordSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const out: string[] = [];
  for (const seg of wordSegmenter.segment(text)) if (seg.isWordLike) out.push(seg.segment);
  return out;
}
