/**
 * The Firefox build in Debian's firefox-esr (headless), installed through
 * WebDriver BiDi `webExtension.install`: on a seed page it draws the engine's
 * flagged findings. The BiDi client runs in a child Node with
 * `--experimental-websocket` (Node 20 has no global WebSocket otherwise).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KNOWLEDGE_PATH, loadKnowledgeFile, parseDocument } from '../../utils/cli/node-knowledge';
import { analyzeDocument } from '../../utils/engine/analyze';
import { firefoxPath } from './firefox-bidi';
import { artifactsDir, firefoxBuildDir, hasShared, repoRoot, sharedDir, startPageServer, type PageServer } from './harness';

const run = promisify(execFile);

const skip = !existsSync(firefoxPath)
  ? `skipped: no Firefox at ${firefoxPath} (set CLAIMLIGHT_FIREFOX)`
  : !existsSync(join(firefoxBuildDir, 'manifest.json'))
    ? `skipped: no Firefox build at ${firefoxBuildDir} (npm run build)`
    : !hasShared
      ? 'skipped: ../shared/seeds/html is missing'
      : !existsSync(KNOWLEDGE_PATH)
        ? 'skipped: knowledge not built (npm run knowledge)'
        : undefined;
if (skip) console.info(skip);

describe.skipIf(skip)('the Firefox build in firefox-esr', () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await startPageServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  test('highlights the flagged claims of a seed page and shows the tooltip on hover', { timeout: 120_000 }, async () => {
    const file = '000.html';
    const url = server.url(`/seeds/${file}`);
    const report = analyzeDocument(parseDocument(readFileSync(join(sharedDir, 'seeds', 'html', file), 'utf8')), loadKnowledgeFile(), { url });
    const want: Record<string, number> = {};
    for (const f of report.findings) if (f.class !== 'agrees') want[`claimlight-${f.class}`] = (want[`claimlight-${f.class}`] ?? 0) + 1;
    expect(Object.keys(want).length, 'seed 000 has flagged claims').toBeGreaterThan(0);

    mkdirSync(join(artifactsDir, 'screenshots'), { recursive: true });
    const { stdout } = await run(
      process.execPath,
      [
        '--experimental-websocket',
        '--import',
        'tsx',
        join(repoRoot, 'test/e2e/firefox-bidi.ts'),
        firefoxBuildDir,
        url,
        join(artifactsDir, 'screenshots', 'firefox-seed-000.png'),
      ],
      { cwd: repoRoot, timeout: 110_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      extension: string;
      counts: Record<string, number>;
      tooltip: string;
    };
    expect(result.extension).toBe('claimlight@claimlight.app');
    expect(result.counts).toEqual(want);
    // Hovering a highlight shows the tooltip with one of the flagged entries' explanations.
    const explanations = report.findings
      .filter((f) => f.class !== 'agrees')
      .map((f) => report.claims[f.claim]?.explanation)
      .flatMap((e) => (e ? [e.en, e.zh] : []));
    expect(explanations.some((e) => e && result.tooltip.includes(e)), `tooltip: ${result.tooltip.slice(0, 200)}`).toBe(true);
  });
});
