/**
 * Knowledge search for the side panel's search box and the selection lookup,
 * Chinese and English.
 *
 * 1. Query words: Intl.Segmenter splits Chinese, but cuts words it does not
 *    know into single characters (麻风 -> 麻, 风); runs of single Han
 *    characters are glued back into one word, since a lone character
 *    ("风", in every 白癜风) would fuzzy-match most claims. English stop words
 *    and one-letter words are dropped for the same reason.
 * 2. fuse.js over the prebuilt index, one search per word: Han words as exact
 *    substrings (`'word`), Latin words fuzzy (typos). A claim's score is the share
 *    of the query it matches, each word weighted by how rare it is among claims.
 * 3. Claims whose cue groups the query satisfies (concept terms, e.g. a selected
 *    sentence naming 他克莫司 and 再生) rank above fuzzy-only hits: full coverage
 *    puts a claim in a better tier, the word score orders it within the tier.
 * Hits weaker than MAX_SEARCH_SCORE are dropped: a sentence about the weather matches nothing.
 */
import type { KnowledgeIndex } from './knowledge';
import { normalize } from './normalize';
import { words } from './segment';
import type { SearchHit } from './types';

const MAX_QUERY_CHARS = 200;
/** fuse scores run 0 (exact) .. 1; beyond this a hit is noise. */
export const MAX_SEARCH_SCORE = 0.6;

const EN_STOP = new Set(
  'the a an and or but if of to in on at by for with from into about as is are was were be been being do does did have has had it its this that these those there here what which who whom how why when where can could should would will may might must not no yes you your we our they them their he she his her i me my so than then too very just also more most some any all each such only own same other us am up go get got like'.split(
    ' ',
  ),
);

const HAN = /\p{Script=Han}/u;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/** Query words, single Han characters glued back into words, noise words dropped. */
export function queryTokens(q: string): string[] {
  const merged: string[] = [];
  let gluing = false;
  for (const w of words(q)) {
    const single = w.length === 1 && HAN.test(w);
    const last = merged[merged.length - 1];
    if (single && gluing && last !== undefined && HAN_ONLY.test(last)) {
      merged[merged.length - 1] = last + w;
    } else if (single && last !== undefined && last.length === 1 && HAN.test(last)) {
      merged[merged.length - 1] = last + w;
      gluing = true;
    } else {
      merged.push(w);
      gluing = false;
    }
  }
  return [
    ...new Set(
      merged
        .map((w) => w.replace(/[|'"!^$=]/g, ''))
        .filter((w) => w.length >= 2 && !EN_STOP.has(w)),
    ),
  ];
}

export function searchKnowledge(kb: KnowledgeIndex, query: string, limit = 10): SearchHit[] {
  const q = normalize(query).trim().slice(0, MAX_QUERY_CHARS);
  if (!q) return [];
  const tokens = queryTokens(q);
  const fuse = kb.fuse();
  const n = kb.claims.length;
  // Bag of words: each word searched on its own; a claim's relevance is the share of
  // the query's weight it matches, rarer words (fewer claims) weighing more.
  const relevance = new Map<string, number>();
  let totalWeight = 0;
  for (const token of tokens) {
    // Extended search: `'word` = exact substring (Han), a bare word is fuzzy (Latin, typos).
    const hits = fuse.search(HAN.test(token) ? `'${token}` : token);
    const weight = Math.log(1 + n / (1 + hits.length));
    totalWeight += weight;
    for (const h of hits) relevance.set(h.item.id, (relevance.get(h.item.id) ?? 0) + weight * (1 - (h.score ?? 1)));
  }
  const scores = new Map<string, number>();
  for (const [id, r] of relevance) scores.set(id, 1 - r / totalWeight);

  const atoms = new Set(kb.terms.scan(q).flatMap((h) => h.atoms));
  if (atoms.size) {
    for (const prepared of kb.claims) {
      const satisfied = prepared.groups.filter((g) => g.some((a) => atoms.has(a))).length;
      if (satisfied === 0) continue;
      const coverage = satisfied / prepared.groups.length;
      const prev = scores.get(prepared.claim.id) ?? 1;
      // Cue coverage sets the tier (full coverage: at most 0.1), the word score orders within it.
      scores.set(prepared.claim.id, Math.min(prev, (1 - coverage * 0.9) * (0.1 + 0.9 * prev)));
    }
  }
  return [...scores.entries()]
    .filter(([, score]) => score <= MAX_SEARCH_SCORE)
    .sort((a, b) => a[1] - b[1])
    .slice(0, limit)
    .flatMap(([id, score]) => {
      const claim = kb.card(id);
      return claim ? [{ claim, score }] : [];
    });
}
