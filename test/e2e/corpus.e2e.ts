/**
 * The 130 unrelated web pages of ../shared/corpus/web-pages loaded in Chromium with the extension (the
 * harness blocks every request leaving 127.0.0.1): no extension error, no highlight and an empty badge on
 * every one of them. Several tabs at once in one browser, so the whole corpus takes a minute or two.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasShared, launchWithExtension, sharedDir, skipReason, startPageServer, type ExtensionBrowser, type PageServer } from './harness';
import { waitForAnalysis, watchPage, watchServiceWorker } from '../hardening/browser-watch';

const corpusDir = join(sharedDir, 'corpus', 'web-pages');
const skip = skipReason() ?? (hasShared ? undefined : `skipped: no ${corpusDir} (../shared is absent)`);
if (skip) console.info(skip);

const pages = skip ? [] : readdirSync(corpusDir).filter((f) => f.endsWith('.html')).sort();

interface PageOutcome {
  page: string;
  status: string;
  flagged: unknown;
  badge: string;
  highlights: Record<string, number>;
  extensionErrors: string[];
}

const HIGHLIGHT_SIZES = `(() => {
  const out = {};
  if (typeof CSS !== 'undefined' && CSS.highlights)
    for (const [name, h] of CSS.highlights) if (name.startsWith('claimlight')) out[name] = h.size;
  return out;
})()`;

describe.skipIf(skip)('the unrelated corpus in Chromium with the extension', { concurrent: true }, () => {
  let browser: ExtensionBrowser;
  let server: PageServer;
  let swErrors: () => Promise<string[]>;
  const outcomes: PageOutcome[] = [];

  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchWithExtension();
    swErrors = (await watchServiceWorker(browser)).errors;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const file of pages) {
    test(file, { timeout: 60_000 }, async () => {
      const page = await browser.context.newPage();
      try {
        const watch = await watchPage(browser.context, page, browser.extensionId);
        const url = server.url(`/corpus/${file}`);
        // Blocked subresources fail fast; 'domcontentloaded' keeps a page with a stuck subresource from timing out.
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 30_000 });
        const { view, timedOut } = await waitForAnalysis(browser, url, 20_000);
        // A page the gate passed would go on to be analysed: give it time to (wrongly) draw something.
        if (view?.state?.gatePassed === true) await page.waitForTimeout(1000);
        const settled = (await waitForAnalysis(browser, url, 5_000)).view ?? view;
        const outcome: PageOutcome = {
          page: file,
          status: timedOut ? `no terminal status (${String(view?.state?.status)})` : String(settled?.state?.status),
          flagged: settled?.state?.flagged,
          badge: settled?.badge ?? '(no tab)',
          highlights: await watch.isolated<Record<string, number>>(HIGHLIGHT_SIZES),
          // The pages' own failed (blocked) loads are log errors too; only entries naming this extension count.
          extensionErrors: [...watch.extensionErrors, ...watch.logErrors.filter((e) => e.includes(`chrome-extension://${browser.extensionId}`))],
        };
        outcomes.push(outcome);
        await watch.dispose();
        expect(outcome.extensionErrors).toEqual([]);
        expect(Object.values(outcome.highlights).reduce((a, b) => a + b, 0)).toBe(0);
        expect(outcome.badge).toBe('');
        expect(['not-health', 'done']).toContain(outcome.status);
        if (outcome.status === 'done') expect(outcome.flagged).toBe(0);
      } finally {
        await page.close();
      }
    });
  }

  test.sequential('no service-worker error during the run', async () => {
    expect(await swErrors()).toEqual([]);
    const gatePassed = outcomes.filter((o) => o.status === 'done').map((o) => o.page);
    console.info(
      `corpus: ${outcomes.length} pages, gate passed on ${gatePassed.length}${gatePassed.length ? ` (${gatePassed.join(', ')})` : ''}, ` +
        `${outcomes.filter((o) => o.badge !== '').length} with a badge`,
    );
  });
});
