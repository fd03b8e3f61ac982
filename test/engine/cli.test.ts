import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../utils/cli/node-knowledge';
import { gateTermsOf } from '../../utils/engine/knowledge';
import { fixtureKnowledge } from '../fixtures/engine/knowledge';
import { FIXTURES } from './helpers';

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'claimlight-cli-'));
  const artifact = fixtureKnowledge();
  writeFileSync(join(dir, 'knowledge.json'), JSON.stringify(artifact));
  writeFileSync(join(dir, 'gate.json'), JSON.stringify({ hash: artifact.hash, terms: gateTermsOf(artifact.concepts) }));
  env = { ...process.env, CLAIMLIGHT_KNOWLEDGE: join(dir, 'knowledge.json'), CLAIMLIGHT_GATE: join(dir, 'gate.json'), NO_COLOR: '1' };
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'utils/cli/analyze.ts'), ...args], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function expectCleanFailure(r: ReturnType<typeof cli>, message: RegExp) {
  expect(r.code).not.toBe(0);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.err.trim().split('\n').length).toBeLessThanOrEqual(2);
}

describe('npm run analyze', { timeout: 60_000 }, () => {
  it('prints a readable report', () => {
    const r = cli(join(FIXTURES, 'hospital-page.html'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Verdict: 医院营销页面/);
    expect(r.out).toMatch(/dubious\s+.*他克莫司能让黑色素再生/);
    expect(r.out).toMatch(/What the page leaves out/);
  });

  it('prints the JSON report with the documented fields', () => {
    const r = cli(join(FIXTURES, 'hospital-page.html'), '--json', '--url', 'https://example.test/p');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.version).toBe(1);
    expect(report.url).toBe('https://example.test/p');
    expect(report.verdict.kind).toBe('hospital-marketing');
    const f = report.findings.find((x: { class: string }) => x.class === 'dubious');
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['class', 'claim', 'sentence', 'start', 'end', 'score', 'cues', 'negated', 'region']));
    expect(report.text.slice(f.start, f.end)).toBe(f.sentence);
  });

  it('refuses a missing file', () => expectCleanFailure(cli(join(dir, 'nope.html')), /no such file/));
  it('refuses no argument', () => expectCleanFailure(cli(), /no input file/));
  it('refuses an unknown option', () => expectCleanFailure(cli('--frobnicate', 'x.html'), /unknown option/));

  it('refuses a file that is not HTML', () => {
    const f = join(dir, 'notes.txt');
    writeFileSync(f, 'just some notes, no markup at all\n');
    expectCleanFailure(cli(f), /does not look like HTML/);
    const b = join(dir, 'image.png');
    writeFileSync(b, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    expectCleanFailure(cli(b), /binary/);
  });

  it('refuses an empty page', () => {
    const e = join(dir, 'empty.html');
    writeFileSync(e, '');
    expectCleanFailure(cli(e), /is empty/);
    const blank = join(dir, 'blank.html');
    writeFileSync(blank, '<html><head><title>x</title></head><body>  <script>1</script></body></html>');
    expectCleanFailure(cli(blank), /no visible text/);
  });

  it('refuses a huge page', () => {
    const h = join(dir, 'huge.html');
    writeFileSync(h, `<html><body>${'<p>白癜风</p>'.repeat(1_700_000)}</body></html>`);
    expectCleanFailure(cli(h), /too large/);
  });

  it('reports a missing knowledge build clearly', () => {
    const saved = env;
    env = { ...env, CLAIMLIGHT_KNOWLEDGE: join(dir, 'missing-knowledge.json') };
    try {
      expectCleanFailure(cli(join(FIXTURES, 'hospital-page.html')), /npm run knowledge/);
    } finally {
      env = saved;
    }
  });
});
