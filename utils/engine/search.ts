/**
 * Knowledge search for the side panel's search box and the selection lookup,
 * Chinese and English: the query is split into words (Intl.Segmenter for
 * Chinese) and run as a fuse.js extended search (OR of fuzzy words) over the
 * prebuilt index; an exact cue-term hit in the query boosts the claims using it.
 */
import type { KnowledgeIndex } from './knowledge';
import { normalize } from './normalize';
import { words } from './segment';
import type { SearchHit } from './types';

const MAX_QUERY_CHARS = 200;

export function searchKnowledge(kb: KnowledgeIndex, query: string, limit = 10): SearchHit[] {
  const q = normalize(query).trim().slice(0, MAX_QUERY_CHARS);
  if (!q) return [];
  const tokens = [...new Set(words(q).filter((w) => w.length > 1 || /\p{Script=Han}/u.test(w)))];
  if (tokens.length === 0) return [];
  // Extended search: space = AND, `|` = OR; a bare token is fuzzy. OR keeps partial queries useful.
  const expression = tokens.map((t) => t.replace(/[|'"!^$=]/g, '')).filter(Boolean).join(' | ');
  const scores = new Map<string, number>();
  for (const r of kb.fuse().search(expression, { limit: limit * 3 })) scores.set(r.item.id, r.score ?? 1);

  // Concept hits in the query (e.g. a selected sentence naming 他克莫司 and 再生) rank claims whose cues they satisfy.
  const atoms = new Set(kb.terms.scan(q).map((h) => h.atom));
  if (atoms.size) {
    for (const prepared of kb.claims) {
      const satisfied = prepared.groups.filter((g) => g.some((a) => atoms.has(a))).length;
      if (satisfied === 0) continue;
      const coverage = satisfied / prepared.groups.length;
      const conceptScore = 1 - coverage * 0.9; // all groups hit -> 0.1
      const prev = scores.get(prepared.claim.id) ?? 1;
      scores.set(prepared.claim.id, Math.min(prev, conceptScore, prev * conceptScore + 0.05));
    }
  }
  return [...scores.entries()]
    .sort((a, b) => a[1] - b[1])
    .slice(0, limit)
    .flatMap(([id, score]) => {
      const claim = kb.card(id);
      return claim ? [{ claim, score }] : [];
    });
}
