/**
 * The side panel search (searchKnowledge) finds every second-edition claim by a
 * Chinese and by an English query a reader might type (topic-queries.ts), among
 * the first results the panel shows.
 */
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../utils/engine/analyze';
import { searchKnowledge } from '../../utils/engine/search';
import { hasKnowledge, realKb, topicClaimFiles } from './topic-helpers';
import { TOPIC_QUERIES } from './topic-queries';
import { TOPIC_SENTENCES } from './topic-sentences';

const TOP = 10;
const ids = [...topicClaimFiles().values()].flatMap((f) => f.claims.map((c) => c.id));

describe('topic search queries', () => {
  it('has a Chinese and an English query for every second-edition claim, and none for claims that do not exist', () => {
    expect(ids.filter((id) => !TOPIC_QUERIES[id])).toEqual([]);
    expect(Object.keys(TOPIC_QUERIES).filter((id) => !ids.includes(id))).toEqual([]);
    for (const [id, q] of Object.entries(TOPIC_QUERIES)) {
      expect(q.zh, id).toMatch(/\p{Script=Han}/u);
      expect(q.en, id).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});

if (!hasKnowledge) console.info('skipped: knowledge/generated/knowledge.json not built (npm run knowledge)');

describe.skipIf(!hasKnowledge)('side panel search finds every second-edition claim (real knowledge)', () => {
  it.each(ids.flatMap((id) => (['zh', 'en'] as const).map((lang) => [id, lang] as const)))('%s (%s)', (id, lang) => {
    const query = TOPIC_QUERIES[id]?.[lang] ?? '';
    const found = searchKnowledge(realKb(), query, TOP).map((h) => h.claim.id);
    expect(found, `query "${query}"`).toContain(id);
  });
});

describe.skipIf(!hasKnowledge)('selection lookup (real knowledge)', () => {
  // Selecting a sentence on a page and looking it up must show the claim the page
  // highlight showed for it: the same second-edition claim among the first 3 results.
  // Only sentences the engine highlights with a second-edition claim are checked.
  const highlighted = (text: string) => {
    const pre = /\p{Script=Han}/u.test(text) ? '白癜风。' : 'Vitiligo. ';
    return analyzeText(pre + text, realKb())
      .findings.filter((f) => f.start >= pre.length && /^(tac|cmp|cam|diet|dis|mkt)-/.test(f.claim))
      .map((f) => f.claim);
  };
  const cases = hasKnowledge
    ? Object.values(TOPIC_SENTENCES)
        .flat()
        .map((s) => [s.text, highlighted(s.text)] as const)
        .filter(([, claims]) => claims.length > 0)
    : [];

  it('covers most test sentences', () => {
    expect(cases.length).toBeGreaterThan(300);
  });

  it.each(cases)('%s', (text, claims) => {
    const top = searchKnowledge(realKb(), text, 3).map((h) => h.claim.id);
    expect(claims.some((c) => top.includes(c)), `highlighted ${claims.join(',')}, lookup ${top.join(',')}`).toBe(true);
  });
});
