/**
 * The engine on sentences nobody tuned it on (see unseen-sentences.json), with
 * the real knowledge. This is the generalisation check: paraphrases, English,
 * Traditional Chinese, misspellings, myths stated and refuted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../utils/engine/analyze';
import type { FindingClass } from '../../utils/engine/types';
import { hasKnowledge, realKb } from './helpers';
import { unseenCases } from './unseen-cases';

const cases = unseenCases();

/** The most serious class found in a text ('none' without findings). */
export function outcome(text: string): FindingClass | 'none' {
  const order: FindingClass[] = ['dubious', 'marketing', 'nuance', 'agrees'];
  const classes = new Set(analyzeText(text, realKb()).findings.map((f) => f.class));
  return order.find((c) => classes.has(c)) ?? 'none';
}

if (!hasKnowledge) console.info('skipped: knowledge/generated/knowledge.json not built (npm run knowledge)');

const gaps = cases.filter((c) => c.gap);
if (hasKnowledge && gaps.length) console.info(`skipped ${gaps.length} known knowledge gap(s): ${gaps.map((c) => `${c.note} (${c.gap})`).join('; ')}`);

describe.skipIf(!hasKnowledge)('unseen sentences (real knowledge)', () => {
  it.each(cases.filter((c) => !c.gap).map((c) => [c.note, c] as const))('%s', (_note, c) => {
    expect(c.expect).toContain(outcome(c.text));
  });
  it.skip.each(gaps.map((c) => [c.note, c] as const))('known gap: %s', (_note, c) => {
    expect(c.expect).toContain(outcome(c.text));
  });
});

const correctPages = (JSON.parse(readFileSync(join(import.meta.dirname, 'correct-pages.json'), 'utf8')) as { pages: Record<string, string> }).pages;

describe.skipIf(!hasKnowledge)('correct patient-information pages (real knowledge)', () => {
  it.each(Object.entries(correctPages))('%s: no flag, and the page is recognised as on topic', (_name, text) => {
    const r = analyzeText(text, realKb());
    expect(r.findings.filter((f) => f.class !== 'agrees').map((f) => `${f.class} ${f.claim}: ${f.sentence}`)).toEqual([]);
    expect(r.findings.length).toBeGreaterThan(2);
    expect(r.verdict.kind).toBe('mostly-consistent');
  });
});
