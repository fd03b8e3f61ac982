/**
 * The content script runs analyzeDocumentAsync; the CLI and the evaluation run
 * analyzeDocument. On every seed page both must give the same report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_ROOT, parseDocument } from '../../utils/cli/node-knowledge';
import { analyzeDocument, analyzeDocumentAsync } from '../../utils/engine/analyze';
import { hasKnowledge, hasShared, realKb } from './helpers';

const seedDir = join(SHARED_ROOT, 'seeds/html');
const pages = hasShared ? readdirSync(seedDir).filter((f) => f.endsWith('.html')) : [];
if (!hasShared || !hasKnowledge) console.info('skipped: ../shared or the knowledge build is missing');

describe.skipIf(!hasShared || !hasKnowledge)('async analysis on the seed pages', () => {
  it.each(pages)('%s: same findings, verdict and omissions as the sync analysis', async (name) => {
    const html = readFileSync(join(seedDir, name), 'utf8');
    const sync = analyzeDocument(parseDocument(html), realKb());
    const async = await analyzeDocumentAsync(parseDocument(html), realKb(), { yieldEvery: 1 });
    expect(async.findings).toEqual(sync.findings);
    expect(async.verdict).toEqual(sync.verdict);
    expect(async.omissions).toEqual(sync.omissions);
    expect(sync.findings.length).toBeGreaterThan(0);
  });
});
