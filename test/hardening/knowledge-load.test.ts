/**
 * The knowledge artifact failing at run time (truncated download, corrupt storage, a build from another
 * version): loadKnowledge must either load or throw KnowledgeLoadError — never a TypeError halfway through,
 * which would leave the analyzer half-initialised — and the message must say what is wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { pageArtifact } from '../../knowledge/compile';
import { KnowledgeLoadError, loadKnowledge } from '../../utils/engine/knowledge';
import { fixtureKnowledge } from '../fixtures/engine/knowledge';
import { mutate, prng, randomJson } from './fuzz';

// Thousands of generated cases take seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const realPath = join(import.meta.dirname, '../../knowledge/generated/knowledge.json');
const real = existsSync(realPath) ? readFileSync(realPath, 'utf8') : undefined;
const realPagePath = join(import.meta.dirname, '../../knowledge/generated/page-knowledge.json');
const realPage = existsSync(realPagePath) ? readFileSync(realPagePath, 'utf8') : undefined;
/** The page build of the fixture knowledge, with its matcher table (what a page loads). */
const fixturePage = () => pageArtifact(fixtureKnowledge());

function loadOutcome(input: unknown): 'loaded' | 'refused' {
  try {
    loadKnowledge(input);
    return 'loaded';
  } catch (e) {
    if (!(e instanceof KnowledgeLoadError)) throw new Error(`loadKnowledge threw ${String(e)} instead of KnowledgeLoadError`);
    expect(e.message).toMatch(/^Claimlight knowledge could not be loaded: .+/);
    return 'refused';
  }
}

describe('knowledge load failures', () => {
  test.each([
    ['empty text', ''],
    ['truncated JSON', '{"version":1,"hash":"a","concepts":{'],
    ['HTML error page', '<!doctype html><title>404</title>'],
    ['null', 'null'],
    ['an array', '[1,2,3]'],
    ['a future version', JSON.stringify({ ...fixtureKnowledge(), version: 99 })],
    ['a claim using an unknown concept', JSON.stringify({ ...fixtureKnowledge(), claims: [{ ...fixtureKnowledge().claims[0], cues: [['no-such-concept']] }] })],
    ['otherSubjects that is no list', JSON.stringify({ ...fixtureKnowledge(), claims: [{ ...fixtureKnowledge().claims[0], otherSubjects: 'uv' }] })],
    ['otherSubjects naming an unknown concept', JSON.stringify({ ...fixtureKnowledge(), claims: [{ ...fixtureKnowledge().claims[0], otherSubjects: ['no-such-concept'] }] })],
    ['pageSubject that is no boolean', JSON.stringify({ ...fixtureKnowledge(), claims: [{ ...fixtureKnowledge().claims[0], pageSubject: 'yes' }] })],
    ['duplicate claim ids', JSON.stringify({ ...fixtureKnowledge(), claims: [fixtureKnowledge().claims[0], fixtureKnowledge().claims[0]] })],
    ['a page build whose matcher lost its terms', JSON.stringify({ ...fixturePage(), matcher: { ...fixturePage().matcher, terms: [] } })],
    ['a page build whose matcher names an atom it does not have', JSON.stringify({ ...fixturePage(), matcher: { ...fixturePage().matcher, atomCount: 1 } })],
    ['a page build whose cue atoms are for other claims', JSON.stringify({ ...fixturePage(), matcher: { ...fixturePage().matcher, cueAtoms: fixturePage().matcher.cueAtoms.slice(1) } })],
    ['a page build without its matcher', JSON.stringify({ ...fixturePage(), matcher: undefined })],
  ])('%s gives KnowledgeLoadError', (_label, text) => {
    expect(() => loadKnowledge(text)).toThrow(KnowledgeLoadError);
  });

  test.each([
    ['the fixture artifact', fixtureKnowledge as () => unknown, 21],
    ['its page build', fixturePage, 23],
  ])('2,000 mutations of %s: loaded or KnowledgeLoadError, nothing else', (_label, artifact, seed) => {
    const random = prng(seed);
    const base = artifact();
    expect(loadOutcome(base)).toBe('loaded');
    let refused = 0;
    for (let i = 0; i < 2000; i++) if (loadOutcome(mutate(random, base)) === 'refused') refused++;
    expect(refused).toBeGreaterThan(200);
  });

  test('1,000 random JSON values are refused with KnowledgeLoadError', () => {
    const random = prng(22);
    for (let i = 0; i < 1000; i++) expect(loadOutcome(randomJson(random))).toBe('refused');
  });

  test.skipIf(!real)('the built artifact loads; every truncation of its text is refused cleanly', () => {
    const text = real as string;
    expect(loadOutcome(text)).toBe('loaded');
    for (let i = 1; i < 40; i++) expect(loadOutcome(text.slice(0, Math.floor((text.length * i) / 40)))).toBe('refused');
  });

  test.skipIf(!realPage)('the built page build loads; every truncation of its text is refused cleanly', () => {
    const text = realPage as string;
    expect(loadOutcome(text)).toBe('loaded');
    for (let i = 1; i < 40; i++) expect(loadOutcome(text.slice(0, Math.floor((text.length * i) / 40)))).toBe('refused');
  });
});
