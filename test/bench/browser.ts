/**
 * The same measurements as run.ts, inside headless Chromium: the engine bundled
 * with esbuild runs on the real DOM of each page, where Readability costs what
 * it costs a reader (linkedom in Node makes Readability unrealistically cheap,
 * so Node ratios overstate our share). Skips politely without Chromium or esbuild.
 */
import { existsSync, readFileSync } from 'node:fs';
import type * as Esbuild from 'esbuild';
import type * as Playwright from 'playwright-core';
import { REPO_ROOT } from '../../utils/cli/node-knowledge';

export interface BrowserCost {
  page: string;
  gateMs: number;
  readabilityMs: number;
  beyondMs: number;
}

export interface BrowserResult {
  loadMs: number[];
  costs: BrowserCost[];
}

const CHROMIUM = process.env.CLAIMLIGHT_CHROMIUM ?? '/usr/bin/chromium';

interface InPage {
  loadMs: number;
  gateMs: number;
  readabilityMs: number;
  beyondMs: number;
}

/** Returns null (with the reason printed) when the browser bench cannot run here. */
export async function browserBench(files: string[], knowledgeJson: string, gateJson: string, runs: number): Promise<BrowserResult | null> {
  if (!existsSync(CHROMIUM)) {
    console.info(`browser bench skipped: no Chromium at ${CHROMIUM} (set CLAIMLIGHT_CHROMIUM)`);
    return null;
  }
  let esbuild: typeof Esbuild;
  let playwright: typeof Playwright;
  try {
    esbuild = await import('esbuild');
    playwright = await import('playwright-core');
  } catch (e) {
    console.info(`browser bench skipped: ${(e as Error).message}`);
    return null;
  }
  const bundle = await esbuild.build({
    stdin: {
      contents: `
        import { loadKnowledge } from './utils/engine/knowledge';
        import { analyzeDocument } from './utils/engine/analyze';
        import { passesGate } from './utils/engine/gate';
        (window as any).__claimlight = { loadKnowledge, analyzeDocument, passesGate };`,
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  });
  const engine = bundle.outputFiles[0]?.text ?? '';
  // The knowledge travels as a JSON string, parsed inside the timed load as the analyzer does.
  const init = `window.__claimlightKnowledge = ${JSON.stringify(knowledgeJson)}; window.__claimlightGate = ${gateJson};\n${engine}`;

  const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: true });
    // Nothing leaves the machine: only the page itself is served, from memory.
    await context.route('**/*', (route) => (route.request().resourceType() === 'document' ? route.continue() : route.abort()));
    await context.addInitScript({ content: init });
    const page = await context.newPage();
    const loadMs: number[] = [];
    const costs: BrowserCost[] = [];
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      await page.route('http://bench.invalid/page', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
      await page.goto('http://bench.invalid/page', { waitUntil: 'domcontentloaded' });
      await page.unroute('http://bench.invalid/page');
      const r = await page.evaluate((n: number): InPage => {
        const w = window as unknown as {
          __claimlight: {
            loadKnowledge: (j: unknown) => unknown;
            analyzeDocument: (d: Document, kb: unknown) => { timings: { readabilityMs: number } };
            passesGate: (d: Document, g: unknown) => boolean;
          };
          __claimlightKnowledge: string;
          __claimlightGate: unknown;
        };
        const cl = w.__claimlight;
        let t = performance.now();
        const kb = cl.loadKnowledge(JSON.parse(w.__claimlightKnowledge));
        const load = performance.now() - t;
        // Browsers coarsen performance.now(): the gate is timed as the mean of many runs.
        const gateRuns = n * 20;
        t = performance.now();
        for (let i = 0; i < gateRuns; i++) cl.passesGate(document, w.__claimlightGate);
        const gate = (performance.now() - t) / gateRuns;
        let readability = Infinity;
        let beyond = Infinity;
        for (let i = 0; i < n; i++) {
          t = performance.now();
          const report = cl.analyzeDocument(document, kb);
          const total = performance.now() - t;
          readability = Math.min(readability, report.timings.readabilityMs);
          beyond = Math.min(beyond, total - report.timings.readabilityMs);
        }
        return { loadMs: load, gateMs: gate, readabilityMs: readability, beyondMs: beyond };
      }, runs);
      loadMs.push(r.loadMs);
      costs.push({ page: file.split('/').pop() ?? file, gateMs: r.gateMs, readabilityMs: r.readabilityMs, beyondMs: r.beyondMs });
    }
    return { loadMs, costs };
  } finally {
    await browser.close();
  }
}
