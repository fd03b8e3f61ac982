/**
 * npm run bench — how much Claimlight costs a page, on the seed pages and the
 * 130-page unrelated corpus (../shared), in Node with linkedom:
 *   - gate time per page (runs on every page load)
 *   - Readability time (clone + parse), the reference cost
 *   - analysis beyond Readability (extraction glue, segmentation, matching, signals)
 *   - knowledge artifact load time (JSON.parse + validation + matcher build),
 *     artifact sizes, and the heap the loaded knowledge and one report keep
 * Medians and p95 over pages; each page is measured as the fastest of several
 * runs (BENCH_RUNS): on a shared machine the minimum is the least disturbed
 * figure, and the same rule applies to Readability and to our own code.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeDocument } from '../../utils/engine/analyze';
import { browserBench, type BrowserCost } from './browser';
import { passesGate } from '../../utils/engine/gate';
import { loadKnowledge } from '../../utils/engine/knowledge';
import { extensionBench, extensionBenchSkipReason } from './extension';
import { GATE_PATH, KNOWLEDGE_PATH, loadGateFile, parseDocument, readKnowledgeJson, REPO_ROOT, SHARED_ROOT, UserError } from '../../utils/cli/node-knowledge';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : NaN;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] as number) : NaN;
}
function time(fn: () => void, runs = RUNS): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

interface PageCost {
  page: string;
  gateMs: number;
  readabilityMs: number;
  beyondMs: number;
}

function measure(files: string[]): PageCost[] {
  const kb = loadKnowledge(JSON.parse(readKnowledgeJson()));
  const gate = loadGateFile();
  return files.map((file) => {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    const gateMs = time(() => passesGate(doc, gate), RUNS * 4);
    const readability: number[] = [];
    const beyond: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const report = analyzeDocument(doc, kb);
      const total = performance.now() - t0;
      // The report times Readability itself (clone + parse) inside extraction.
      const r = report.timings.readabilityMs;
      readability.push(r);
      beyond.push(total - r);
    }
    return { page: file.split('/').pop() ?? file, gateMs, readabilityMs: Math.min(...readability), beyondMs: Math.min(...beyond) };
  });
}

function row(label: string, xs: number[], unit = 'ms'): string {
  const fmt = (n: number) => (unit === '%' ? `${(n * 100).toFixed(1)}%` : `${n.toFixed(3)} ms`).padStart(12);
  return `  ${label.padEnd(34)} median ${fmt(median(xs))}   p95 ${fmt(p95(xs))}`;
}

function report(name: string, costs: PageCost[]): void {
  console.log(`\n${name} (${costs.length} pages, ${RUNS} runs each)`);
  console.log(row('gate', costs.map((c) => c.gateMs)));
  console.log(row('Readability', costs.map((c) => c.readabilityMs)));
  console.log(row('analysis beyond Readability', costs.map((c) => c.beyondMs)));
  const withReadability = costs.filter((c) => c.readabilityMs > 0);
  console.log(row('gate / Readability', withReadability.map((c) => c.gateMs / c.readabilityMs), '%'));
  console.log(row('beyond / Readability', withReadability.map((c) => c.beyondMs / c.readabilityMs), '%'));
}

/** A gc() of our own (tsx gives no --expose-gc): retained heap is read after a full collection. */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heap(json: string, samplePage: string): void {
  const gc = gcFunction();
  const used = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  const before = used();
  const kb = loadKnowledge(JSON.parse(json));
  const afterLoad = used();
  const doc = parseDocument(readFileSync(samplePage, 'utf8'));
  const afterParse = used();
  const report = analyzeDocument(doc, kb);
  const grew = process.memoryUsage().heapUsed - afterParse;
  const afterReport = used();
  console.log(
    `heap: loaded knowledge keeps ${mib(afterLoad - before)}; one report (${samplePage.split('/').pop()}, ${report.findings.length} findings) keeps ${mib(afterReport - afterParse)}, heap grew ${mib(grew)} during the analysis (before gc)`,
  );
}

function browserReport(name: string, costs: BrowserCost[]): void {
  report(`${name}, in Chromium`, costs);
}

async function main(): Promise<number> {
  if (!existsSync(SHARED_ROOT)) {
    console.info('bench skipped: ../shared not present');
    return 0;
  }
  // The analyzer loads the page build (no search index); the side panel loads the full knowledge.json.
  const pagePath = join(REPO_ROOT, 'knowledge/generated/page-knowledge.json');
  if (!existsSync(pagePath)) throw new UserError('knowledge/generated/page-knowledge.json is missing: run `npm run knowledge`');
  const fullJson = readKnowledgeJson();
  const json = readFileSync(pagePath, 'utf8');
  const panelMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    loadKnowledge(JSON.parse(fullJson));
    panelMs.push(performance.now() - t0);
  }
  // Warm up the JIT once, then time the load as the content script would do it.
  loadKnowledge(JSON.parse(json));
  const loadMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    loadKnowledge(JSON.parse(json));
    loadMs.push(performance.now() - t0);
  }
  console.log(
    `knowledge load in a page (page-knowledge.json, ${(Buffer.byteLength(json) / 1024).toFixed(0)} KiB: parse + validate + matcher): fastest ${Math.min(...loadMs).toFixed(2)} ms, median ${median(loadMs).toFixed(2)} ms, p95 ${p95(loadMs).toFixed(2)} ms (target < 5 ms)`,
  );
  console.log(`knowledge load in the side panel (knowledge.json with the search index, ${(Buffer.byteLength(fullJson) / 1024).toFixed(0)} KiB): median ${median(panelMs).toFixed(2)} ms`);
  const kib = (path: string) => (existsSync(path) ? `${(statSync(path).size / 1024).toFixed(1)} KiB` : 'missing');
  console.log(`artifacts: knowledge.json ${kib(KNOWLEDGE_PATH)} (side panel), page-knowledge.json ${kib(pagePath)} (analyzer), gate.json ${kib(GATE_PATH)} (the every-page gate script carries only gate.json)`);
  // The built scripts, when a build is present (npm run build): what every page and every analysed page load.
  const built = join(REPO_ROOT, '.output/chrome-mv3');
  console.log(
    existsSync(built)
      ? `built scripts: content-scripts/gate.js ${kib(join(built, 'content-scripts/gate.js'))} (every page), analyzer.js ${kib(join(built, 'analyzer.js'))} (injected on pages that pass the gate)`
      : 'built scripts: no build in .output/chrome-mv3 (npm run build) — sizes not shown',
  );

  const seedDir = join(SHARED_ROOT, 'seeds/html');
  heap(json, join(seedDir, '001.html'));

  const corpusDir = join(SHARED_ROOT, 'corpus/web-pages');
  const list = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.html')).sort().map((f) => join(dir, f));
  // Warm-up pass so the first page does not pay for JIT compilation.
  measure(list(seedDir).slice(0, 1));
  const seeds = measure(list(seedDir));
  const corpus = measure(list(corpusDir));
  report('seed pages', seeds);
  report('unrelated corpus', corpus);

  const inBrowser = process.env.BENCH_BROWSER === '0' ? null : await browserBench([...list(seedDir), ...list(corpusDir)], json, readFileSync(GATE_PATH, 'utf8'), RUNS);
  if (inBrowser) {
    const seedCount = list(seedDir).length;
    console.log(`\nin Chromium: knowledge load (JSON.parse + loadKnowledge) fastest ${Math.min(...inBrowser.loadMs).toFixed(2)} ms, median ${median(inBrowser.loadMs).toFixed(2)} ms`);
    browserReport('seed pages', inBrowser.costs.slice(0, seedCount));
    browserReport('unrelated corpus', inBrowser.costs.slice(seedCount));
  }

  const extensionSkip = process.env.BENCH_EXTENSION === '0' ? 'BENCH_EXTENSION=0' : extensionBenchSkipReason();
  const ext = extensionSkip ? null : await extensionBench(list(corpusDir)[0]!.split('/').pop()!);
  if (extensionSkip) console.log(`\nthe built extension in Chromium: skipped (${extensionSkip})`);
  else if (ext) {
    console.log(`\nthe built extension in Chromium:`);
    console.log(`  unrelated page: ${ext.injectedBytes} bytes of content script injected; analyzer ${ext.unrelatedStatus === 'not-health' ? 'not injected (gate said no)' : `state ${ext.unrelatedStatus}`}`);
    for (const s of ext.seeds)
      console.log(
        `  ${s.page}: first highlight ${s.firstHighlightMs === null ? 'none' : `${s.firstHighlightMs} ms`} after navigation start; longest extension task ${s.longestExtensionTaskMs} ms; over 50 ms: ${s.extensionTasksOver50.length ? s.extensionTasksOver50.join(', ') : 'none'}`,
      );
  }

  // Targets are judged on medians over pages (and over load runs), in Node and, when it ran, in Chromium.
  const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED <<<');
  const seedRatio = (costs: { readabilityMs: number; beyondMs: number }[]) =>
    median(costs.filter((c) => c.readabilityMs > 0).map((c) => c.beyondMs / c.readabilityMs));
  const rows: [string, number, number, string][] = [
    ['gate on unrelated pages, Node (median ms)', median(corpus.map((c) => c.gateMs)), 0.5, 'ms'],
    ['analysis beyond Readability on seeds, Node (median ratio)', seedRatio(seeds), 0.25, '%'],
    ['knowledge load, Node (median ms)', median(loadMs), 5, 'ms'],
  ];
  if (inBrowser) {
    const seedCount = list(seedDir).length;
    rows.push(['gate on unrelated pages, Chromium (median ms)', median(inBrowser.costs.slice(seedCount).map((c) => c.gateMs)), 0.5, 'ms']);
    rows.push(['analysis beyond Readability on seeds, Chromium (median ratio)', seedRatio(inBrowser.costs.slice(0, seedCount)), 0.25, '%']);
    rows.push(['knowledge load, Chromium (median ms)', median(inBrowser.loadMs), 5, 'ms']);
  }
  if (ext) {
    rows.push(['content script injected into every page, Chromium (KiB)', ext.injectedBytes / 1024, 15, 'KiB']);
    rows.push(['extension tasks > 50 ms on seed pages, Chromium (count)', ext.seeds.reduce((n, s) => n + s.extensionTasksOver50.length, 0), 1, 'count']);
  }
  console.log('\ntargets:');
  for (const [label, value, limit, unit] of rows) {
    const shown =
      unit === '%'
        ? `${(value * 100).toFixed(1)}% (< ${limit * 100}%)`
        : unit === 'count'
          ? `${value} (none)`
          : `${value.toFixed(unit === 'KiB' ? 1 : 3)} ${unit} (< ${limit} ${unit})`;
    console.log(`  ${label.padEnd(62)} ${shown.padEnd(24)} ${verdict(value < limit)}`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`bench: ${e instanceof UserError ? e.message : (e as Error).stack}`);
    process.exitCode = 1;
  },
);
