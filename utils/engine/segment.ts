/**
 * Sentence and clause segmentation for Chinese and English with offsets into
 * the original text (highlights are anchored with them, so they must be exact).
 *
 * Sentences end at 。！？；… (and their ASCII forms `! ? ;`, which the seed pages
 * use inside Chinese text), at line breaks, and at an English full stop followed
 * by a space or the end (not inside "0.1%", "e.g.", "Dr."). Clauses split a
 * sentence further at commas (， , 、), colons and dashes; negation scope is the
 * clause.
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

const HARD_END = new Set(['。', '！', '？', '；', '!', '?', ';', '\n', '\r', '…', '｡']);
const CLOSERS = new Set(['"', "'", '”', '’', '」', '』', ')', '）', '】', '》', '…']);
const CLAUSE_SEP = new Set(['，', ',', '、', '：', ':', '—', '｜', '|', '·', '•']);
const ABBREVIATIONS = /(?:^|[^a-z])(?:e\.g|i\.e|dr|mr|mrs|ms|vs|etc|fig|no|approx|st|jr|sr|prof|inc|ltd)\.$/i;

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || ch === ' ' || ch === '\t' || ch === '\u00a0' || ch === '\u3000' || ch === '\n' || ch === '\r';
}

function isFullStopEnd(text: string, i: number): boolean {
  if (text[i] !== '.' && text[i] !== '．') return false;
  const next = text[i + 1];
  if (!isSpace(next) && !CLOSERS.has(next ?? '')) return false;
  return !ABBREVIATIONS.test(text.slice(Math.max(0, i - 8), i + 1));
}

/** Trims whitespace off a span; returns null when nothing is left. */
function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  return end > start ? { start, end } : null;
}

function clausesOf(text: string, span: Span): Span[] {
  const clauses: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    const ch = text[i] as string;
    // An ASCII comma between digits is a thousands separator, not a clause break.
    if (ch === ',' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) continue;
    if (CLAUSE_SEP.has(ch)) {
      const c = trimSpan(text, start, i + 1);
      if (c) clauses.push(c);
      start = i + 1;
    }
  }
  const last = trimSpan(text, start, span.end);
  if (last) clauses.push(last);
  return clauses.length ? clauses : [span];
}

export function splitSentences(text: string, from = 0, to = text.length): Sentence[] {
  const sentences: Sentence[] = [];
  let start = from;
  const push = (end: number) => {
    const span = trimSpan(text, start, end);
    if (span) sentences.push({ ...span, text: text.slice(span.start, span.end), clauses: clausesOf(text, span) });
    start = end;
  };
  for (let i = from; i < to; i++) {
    const ch = text[i] as string;
    if (HARD_END.has(ch) || isFullStopEnd(text, i)) {
      let end = i + 1;
      // Keep runs of terminators and closing quotes with the sentence: "真的吗？！」"
      while (end < to && (HARD_END.has(text[end] as string) || CLOSERS.has(text[end] as string)) && text[end] !== '\n') end++;
      push(end);
      i = end - 1;
    }
  }
  if (start < to) push(to);
  return sentences;
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
