/**
 * The built extension in headless Chromium (issue 5's browser section of `npm run bench`):
 *   - bytes the extension injects into an unrelated page (the manifest's content scripts; the analyzer must
 *     not be injected there — checked through the tab state),
 *   - time from navigation start to the first highlight on each seed page,
 *   - main-thread tasks over 50 ms caused by the extension, from a trace of the page's main thread
 *     (Chrome leaves extension scripts out of `longtask` entries, so a PerformanceObserver cannot see them).
 * Numbers only: targets are printed beside them, nothing here fails a build.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromeBuildDir, chromiumPath, launchWithExtension, sharedDir, startPageServer } from '../e2e/harness';
import { extensionTasks, startMainThreadTrace, waitForAnalysis, watchPage } from '../hardening/browser-watch';

export interface ExtensionBenchResult {
  injectedBytes: number;
  unrelatedStatus: string;
  seeds: { page: string; firstHighlightMs: number | null; extensionTasksOver50: number[]; longestExtensionTaskMs: number }[];
}

const LONG_TASK_MS = 50;

export function extensionBenchSkipReason(): string | undefined {
  if (!existsSync(join(chromeBuildDir, 'manifest.json'))) return 'no Chrome build in .output/chrome-mv3 (npm run build)';
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath}`;
  if (!existsSync(join(sharedDir, 'seeds/html'))) return '../shared not present';
  return undefined;
}

function contentScriptBytes(): number {
  const manifest = JSON.parse(readFileSync(join(chromeBuildDir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[]; css?: string[] }[];
  };
  const files = (manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]);
  return files.reduce((sum, f) => sum + statSync(join(chromeBuildDir, f)).size, 0);
}

export async function extensionBench(unrelatedPage: string): Promise<ExtensionBenchResult> {
  const server = await startPageServer();
  const browser = await launchWithExtension();
  // tsx compiles this file with esbuild's keepNames, which wraps functions in a `__name` helper that does not
  // exist where Playwright sends them (service worker, page): define it there as the identity.
  const defineName = 'globalThis.__name ??= (f) => f';
  await browser.serviceWorker.evaluate(defineName);
  await browser.context.addInitScript(defineName);
  try {
    // Unrelated page: only the gate runs; the background must not inject the analyzer.
    const page = await browser.context.newPage();
    const unrelatedUrl = server.url(`/corpus/${unrelatedPage}`);
    await page.goto(unrelatedUrl, { waitUntil: 'load' });
    const unrelated = await waitForAnalysis(browser, unrelatedUrl, 10_000);
    const unrelatedStatus = String(unrelated.view?.state?.status ?? 'no state');
    await page.close();

    const seeds: ExtensionBenchResult['seeds'] = [];
    const seedFiles = readdirSync(join(sharedDir, 'seeds/html')).filter((f) => f.endsWith('.html')).sort();
    for (const file of seedFiles) {
      const p = await browser.context.newPage();
      // Polls from the first script on the page: the first frame in which any claimlight-* highlight exists.
      await p.addInitScript(() => {
        const w = window as unknown as { __firstHighlight?: number };
        const tick = () => {
          const registry = (CSS as unknown as { highlights?: Map<string, { size: number }> }).highlights;
          let drawn = false;
          registry?.forEach((h, name) => {
            if (name.startsWith('claimlight-') && h.size > 0) drawn = true;
          });
          if (drawn) w.__firstHighlight = performance.now();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      const watch = await watchPage(browser.context, p, browser.extensionId);
      const stopTrace = await startMainThreadTrace(watch);
      const url = server.url(`/seeds/${file}`);
      await p.goto(url, { waitUntil: 'load' });
      await waitForAnalysis(browser, url, 20_000);
      await p.waitForFunction(() => (window as unknown as { __firstHighlight?: number }).__firstHighlight !== undefined, null, { timeout: 10_000 }).catch(() => undefined);
      const trace = await stopTrace();
      const first = await p.evaluate(() => (window as unknown as { __firstHighlight?: number }).__firstHighlight ?? null);
      const ext = extensionTasks(trace);
      seeds.push({
        page: file,
        firstHighlightMs: first === null ? null : Math.round(first),
        extensionTasksOver50: ext.filter((t) => t.duration > LONG_TASK_MS).map((t) => Math.round(t.duration)),
        longestExtensionTaskMs: Math.round(Math.max(0, ...ext.map((t) => t.duration))),
      });
      await p.close();
    }
    return { injectedBytes: contentScriptBytes(), unrelatedStatus, seeds };
  } finally {
    await browser.close();
    await server.close();
  }
}
