/**
 * Article extraction with @mozilla/readability on a CLONE of the document
 * (Readability mutates what it is given; the live page must never change).
 * When Readability finds no article, or the page is too large for it to run
 * without blocking, the visible body text is used instead.
 */
import { Readability } from '@mozilla/readability';
import { visibleText, tidyText } from './dom-text';
import { guessLang } from './normalize';
import { DEFAULT_THRESHOLDS } from './thresholds';

export interface ExtractedArticle {
  title: string;
  lang: string;
  byline?: string;
  published?: string;
  /** Article text (block boundaries as line breaks). */
  articleText: string;
  /** Visible text of the whole page (article, ads, sidebars, footer). */
  pageText: string;
  extraction: 'readability' | 'body';
  /** Time spent inside Readability (clone + parse), ms; 0 when skipped. */
  readabilityMs: number;
}

export interface ExtractOptions {
  /** Skip Readability above this many characters of page text (see thresholds). */
  maxReadabilityChars?: number;
  /** Skip Readability when elements nest deeper than this (see thresholds). */
  maxReadabilityDepth?: number;
  /** Use Readability at all (benchmarks compare with and without). */
  readability?: boolean;
}

/** Readability articles shorter than this are not articles (a cookie banner, a caption). */
const MIN_ARTICLE_CHARS = 80;

/**
 * Author and date from the page's <meta> and <time> elements, read in one pass over
 * the meta elements (a selector query per field walks the document each time; that
 * is noticeable next to a millisecond of Readability on a small page).
 */
function pageMeta(doc: Document): { byline?: string; published?: string } {
  let author: Element | undefined;
  let publishedTime: Element | undefined;
  let dateMeta: Element | undefined;
  for (const el of Array.from(doc.getElementsByTagName('meta'))) {
    const name = el.getAttribute('name')?.toLowerCase();
    if (!author && name === 'author') author = el;
    if (!publishedTime && el.getAttribute('property') === 'article:published_time') publishedTime = el;
    if (!dateMeta && (name === 'publishdate' || name === 'pubdate' || name === 'date' || el.getAttribute('itemprop') === 'datePublished')) dateMeta = el;
  }
  const content = (el: Element | undefined) => el?.getAttribute('content')?.trim() || undefined;
  const time = Array.from(doc.getElementsByTagName('time')).find((t) => t.hasAttribute('datetime'));
  return {
    byline: content(author),
    published: content(publishedTime) ?? content(dateMeta) ?? (time?.getAttribute('datetime') || undefined),
  };
}

export function extractArticle(doc: Document, options: ExtractOptions = {}): ExtractedArticle {
  const shape = { maxDepth: 0 };
  const pageText = visibleText(doc.body ?? doc.documentElement, Infinity, shape);
  const lang = (doc.documentElement?.getAttribute('lang') ?? '').trim();
  const title = (doc.title ?? '').trim();
  const { byline, published } = pageMeta(doc);
  const base = { title, lang: lang || guessLang(pageText), byline, published };
  const maxChars = options.maxReadabilityChars ?? DEFAULT_THRESHOLDS.maxReadabilityChars;
  const maxDepth = options.maxReadabilityDepth ?? DEFAULT_THRESHOLDS.maxReadabilityDepth;
  // Readability's cost grows with nesting depth (seconds at 20,000 levels): such pages use the body text.
  if (options.readability === false || pageText.length > maxChars || shape.maxDepth > maxDepth) {
    return { ...base, articleText: pageText, pageText, extraction: 'body', readabilityMs: 0 };
  }

  const t0 = performance.now();
  let parsed: ReturnType<Readability<Node>['parse']> = null;
  try {
    const clone = doc.cloneNode(true) as Document;
    // Template content is never shown; linkedom (Node) would hand it to Readability as text, a browser not.
    for (const t of Array.from(clone.querySelectorAll('template'))) t.remove();
    // The serializer hands back the article element itself: its text is read directly, no HTML re-parse.
    parsed = new Readability<Node>(clone, { charThreshold: 200, serializer: (node) => node }).parse();
  } catch {
    parsed = null; // Readability throws on some malformed documents: fall back to the body text.
  }
  const readabilityMs = performance.now() - t0;
  const articleText = parsed?.content ? visibleText(parsed.content) : tidyText(parsed?.textContent ?? '');
  if (!parsed || articleText.length < MIN_ARTICLE_CHARS) {
    return { ...base, articleText: pageText, pageText, extraction: 'body', readabilityMs };
  }
  return {
    title: parsed.title?.trim() || title,
    lang: lang || parsed.lang?.trim() || guessLang(articleText),
    byline: parsed.byline?.trim() || base.byline,
    published: parsed.publishedTime?.trim() || base.published,
    articleText,
    pageText,
    extraction: 'readability',
    readabilityMs,
  };
}
