/**
 * Editorial bar for the second-edition knowledge (issue 7): every entry of
 * ../shared/editorial/topic-review.jsonl is a claim or a reasoned exclusion, and
 * every claim is dated, graded, bilingual and cites references that exist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ClaimFile, type Reference } from '../../knowledge/schema';
import { hasTopicReview, KNOWLEDGE_DIR, topicClaimFiles, topicExclusions, topicReview } from './topic-helpers';

const files = topicClaimFiles();
const claims = [...files.values()].flatMap((f) => f.claims);

describe('second-edition claim files', () => {
  it('has one claim file per review area, each valid against the schema and named after its topic', () => {
    expect([...files.keys()]).toEqual([
      'topic-comparators.yaml',
      'topic-complementary.yaml',
      'topic-diet-lifestyle.yaml',
      'topic-disease-facts.yaml',
      'topic-marketing.yaml',
      'topic-tacrolimus.yaml',
    ]);
    for (const [name, file] of files) {
      const parsed = ClaimFile.safeParse(file);
      expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
      expect(`${file.topic}.yaml`).toBe(name);
    }
  });

  it('dates, grades and references every claim; flags say what the consensus is instead', () => {
    const refs = new Set((parse(readFileSync(join(KNOWLEDGE_DIR, 'references.yaml'), 'utf8')) as Reference[]).map((r) => r.id));
    for (const c of claims) {
      expect(c.reviewed, c.id).toBe('2026-11-24');
      expect(c.references.length, `${c.id} has no reference`).toBeGreaterThan(0);
      for (const r of c.references) expect(refs.has(r), `${c.id} cites ${r}, missing from references.yaml`).toBe(true);
      if (c.kind !== 'consensus' && c.kind !== 'caution') expect(c.consensus, `${c.id} needs a consensus`).toBeDefined();
      for (const text of [c.statement, c.explanation, ...(c.consensus ? [c.consensus] : [])]) {
        expect(text.zh, c.id).toMatch(/\p{Script=Han}/u);
        expect(text.en, c.id).toMatch(/[a-z]{3}/i);
      }
    }
  });

  it('says so in the explanation, in both languages, when a claim rests on expert opinion or background knowledge', () => {
    for (const c of claims.filter((x) => x.grade === 'expert-opinion' || x.grade === 'background-knowledge')) {
      expect(c.explanation.en, c.id).toMatch(/background knowledge|expert opinion/i);
      expect(c.explanation.zh, c.id).toMatch(/背景知识|专家意见/);
    }
  });

  it('never cites the pages Claimlight checks: R60 (a clinic blog) and R62 (hospital pages quoted as examples of a claim)', () => {
    // references.md lists them for context; they are what the extension checks, not what it trusts.
    for (const c of claims) expect(c.references.filter((r) => r === 'R60' || r === 'R62'), c.id).toEqual([]);
  });

  it('never uses an id twice', () => {
    const ids = claims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

if (!hasTopicReview) console.info('skipped: ../shared/editorial/topic-review.jsonl is absent');

describe.skipIf(!hasTopicReview)('topic-review.jsonl coverage', () => {
  const review = hasTopicReview ? topicReview() : [];
  const byId = new Map(review.map((r) => [r.id, r]));
  const covering = new Map<string, string[]>();
  for (const c of claims) for (const r of c.reviews ?? []) covering.set(r, [...(covering.get(r) ?? []), c.id]);
  const excluded = topicExclusions();

  it('covers every one of the 140 entries by a claim or a reasoned exclusion, never both', () => {
    expect(review).toHaveLength(140);
    const excludedIds = new Set(excluded.map((e) => e.review));
    const missing = review.filter((r) => !covering.has(r.id) && !excludedIds.has(r.id)).map((r) => r.id);
    expect(missing).toEqual([]);
    for (const e of excluded) {
      expect(byId.has(e.review), `unknown review id ${e.review}`).toBe(true);
      expect(covering.has(e.review), `${e.review} is covered and excluded`).toBe(false);
      expect(e.reason.length, `${e.review} needs a reason`).toBeGreaterThan(20);
    }
    console.info(`topic review: ${covering.size} covered by ${claims.length} claims, ${excluded.length} excluded`);
  });

  it('uses no example phrasing of the review verbatim as a cue term or phrasing (cues must generalise)', () => {
    const norm = (t: string) => t.normalize('NFKC').toLowerCase().trim().replace(/[。.!！?？]+$/u, '');
    const phrasings = new Set(review.flatMap((r) => r.example_phrasings).map(norm));
    const concepts = parse(readFileSync(join(KNOWLEDGE_DIR, 'concepts/topic.yaml'), 'utf8')) as Record<string, { terms: string[] }>;
    const used = [
      ...Object.entries(concepts).flatMap(([id, c]) => c.terms.map((t) => [id, t] as const)),
      ...claims.flatMap((c) => [
        ...c.cues.flat().filter((x) => x.startsWith('=')).map((x) => [c.id, x.slice(1)] as const),
        ...(c.phrasings ?? []).map((x) => [c.id, x] as const),
      ]),
    ];
    expect(used.filter(([, t]) => phrasings.has(norm(t))).map(([id, t]) => `${id}: ${t}`)).toEqual([]);
  });

  it('names only review ids that exist', () => {
    for (const id of covering.keys()) expect(byId.has(id), `unknown review id ${id}`).toBe(true);
  });

  it('cites, for every claim, at least one of the references its review entry gives', () => {
    for (const c of claims) {
      const given = new Set((c.reviews ?? []).flatMap((r) => byId.get(r)?.references ?? []));
      expect(c.references.some((r) => given.has(r)), `${c.id}: ${c.references.join(',')} vs review ${[...given].join(',')}`).toBe(true);
    }
  });

  it('grades a claim background-knowledge or expert-opinion only where the review does, and never hides it', () => {
    // A claim may be graded more cautiously than the review, never more strongly.
    const order = ['guideline', 'systematic-review', 'trial', 'label', 'expert-opinion', 'background-knowledge'];
    for (const c of claims) {
      const reviewGrades = (c.reviews ?? []).map((r) => (byId.get(r) as { grade?: string } | undefined)?.grade ?? '');
      const weakest = Math.max(...reviewGrades.map((g) => order.indexOf(g)));
      if (weakest >= order.indexOf('expert-opinion')) expect(order.indexOf(c.grade), c.id).toBeGreaterThanOrEqual(order.indexOf('expert-opinion'));
    }
  });
});
