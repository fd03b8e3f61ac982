/**
 * The analyzer in a page loads page-knowledge.json, whose terms come as the compiler's matcher table;
 * the CLI and every other test load the full knowledge, whose matcher is built at load. Both must
 * read a page the same way, or the tests would vouch for something the extension does not do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageArtifact } from '../../knowledge/compile';
import { parseDocument } from '../../utils/cli/node-knowledge';
import { analyzeDocument, analyzeText } from '../../utils/engine/analyze';
import { loadKnowledge, type KnowledgeIndex } from '../../utils/engine/knowledge';
import type { Report } from '../../utils/engine/types';
import { unseenCases } from '../engine/unseen-cases';
import { knowledge, REPO } from './helpers';

const PAGES = ['test/fixtures/pages', 'test/fixtures/pages/unseen', 'test/fixtures/heldout'].map((d) => join(REPO, d));

function withoutTimings(report: Report): Omit<Report, 'timings'> {
  const { timings: _differs, ...rest } = report;
  return rest;
}

describe('the page build of the knowledge', () => {
  const full = knowledge().kb;
  const artifact = pageArtifact(knowledge().artifact);
  const page: KnowledgeIndex = loadKnowledge(JSON.stringify(artifact));

  it('carries the concepts\' terms only in its matcher table, sorted', () => {
    expect(Object.values(artifact.concepts).some((c) => 'terms' in c)).toBe(false);
    const terms = artifact.matcher.terms;
    expect(terms.length).toBeGreaterThan(1000);
    expect(terms.every((t, i) => i === 0 || (terms[i - 1] as string) < t)).toBe(true);
  });

  it('reads every unseen sentence as the full knowledge does', () => {
    const cases = unseenCases();
    expect(cases.length).toBeGreaterThan(1000);
    for (const c of cases) expect(withoutTimings(analyzeText(c.text, page)), c.text).toEqual(withoutTimings(analyzeText(c.text, full)));
  });

  it('reads every fixture page as the full knowledge does', () => {
    const files = PAGES.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => join(dir, f)));
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      expect(withoutTimings(analyzeDocument(parseDocument(html), page)), file).toEqual(withoutTimings(analyzeDocument(parseDocument(html), full)));
    }
  });
});
