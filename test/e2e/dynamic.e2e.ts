/**
 * Pages that change after load: an article that arrives a second late, an SPA
 * that changes route with history.pushState (and back with popstate), a
 * re-render of the same content, and the analyzer injected twice. Each time the
 * highlights must be exactly the engine's findings on the page as it is now —
 * computed again in Node from the page's current HTML — never duplicated.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { loadKnowledgeFile, parseDocument } from '../../utils/cli/node-knowledge';
import { analyzeDocument } from '../../utils/engine/analyze';
import type { FindingClass } from '../../utils/engine/types';
import {
  badgeText,
  highlightCounts,
  launchWithExtension,
  suiteSkipReason,
  startPageServer,
  waitForTabState,
  type ExtensionBrowser,
  type PageServer,
} from './harness';

const skip = suiteSkipReason({ knowledge: true });

// A loaded CI machine can take more than the default second to draw or update; failures still fail.
vi.setConfig({ expect: { poll: { timeout: 10_000, interval: 100 } } });

const DRAWN: FindingClass[] = ['dubious', 'nuance', 'marketing'];
const squash = (s: string) => s.replace(/\s+/g, '');

/** What should be highlighted now: the engine on the page's current HTML, flagged classes only. */
async function oracle(page: Page): Promise<{ counts: Record<string, number>; texts: string[] }> {
  // <template> content is inert (never shown); linkedom's Readability would read it, so it goes.
  const html = (await page.content()).replace(/<template[\s\S]*?<\/template>/gi, '');
  const report = analyzeDocument(parseDocument(html), loadKnowledgeFile(), { url: page.url() });
  const drawn = report.findings.filter((f) => DRAWN.includes(f.class));
  const counts: Record<string, number> = {};
  for (const f of drawn) counts[`claimlight-${f.class}`] = (counts[`claimlight-${f.class}`] ?? 0) + 1;
  return { counts, texts: drawn.map((f) => squash(f.sentence)).sort() };
}

/** The text of every highlighted range on the page. */
async function highlightedTexts(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.forEach((h, name) => {
      if (['claimlight-dubious', 'claimlight-nuance', 'claimlight-marketing'].includes(name)) for (const r of h) out.push(r.toString());
    });
    return out;
  });
  return texts.map(squash).sort();
}

async function expectMatchesOracle(page: Page): Promise<number> {
  const want = await oracle(page);
  expect(want.texts.length, 'the fixture must contain flagged claims').toBeGreaterThan(0);
  await expect.poll(() => highlightCounts(page), { timeout: 15_000 }).toEqual(want.counts);
  await expect.poll(() => highlightedTexts(page)).toEqual(want.texts);
  return want.texts.length;
}

describe.skipIf(skip)('dynamic pages (Chromium)', () => {
  let browser: ExtensionBrowser;
  let server: PageServer;

  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an article loaded one second after the page is annotated', async () => {
    const url = server.url('/fixtures/pages/late-article.html');
    const page = await browser.context.newPage();
    await page.goto(url);
    // Before the article arrives the page is not about health.
    await waitForTabState(browser, url, (s) => s.status === 'not-health', 5_000);
    expect(await highlightCounts(page)).toEqual({});
    const state = await waitForTabState(browser, url, (s) => s.status === 'done', 15_000);
    const n = await expectMatchesOracle(page);
    expect(await badgeText(browser, state.tabId)).toBe(String(state.flagged));
    expect(state.flagged).toBe(n);
    await page.close();
  });

  test('an SPA route change (pushState), a re-render and going back are re-annotated without duplicates', async () => {
    const urlA = server.url('/fixtures/pages/spa.html');
    const page = await browser.context.newPage();
    await page.goto(urlA);
    await waitForTabState(browser, urlA);
    const textsA = (await oracle(page)).texts;
    await expectMatchesOracle(page);

    await page.click('#to-b');
    const urlB = server.url('/fixtures/pages/spa.html?route=b');
    const stateB = await waitForTabState(browser, urlB, (s) => s.status === 'done', 15_000);
    const textsB = (await oracle(page)).texts;
    expect(textsB).not.toEqual(textsA);
    await expectMatchesOracle(page);
    expect(stateB.flagged).toBe(textsB.length);
    await expect.poll(() => badgeText(browser, stateB.tabId)).toBe(String(textsB.length));

    // Same content rendered again with new nodes: re-anchored, still exactly once each.
    // (the old ranges collapse with the old nodes, so the texts match again only once re-anchored)
    await page.click('#rerender');
    await expectMatchesOracle(page);

    await page.goBack();
    await waitForTabState(browser, urlA, (s) => s.status === 'done', 15_000);
    await expectMatchesOracle(page);
    expect(await highlightedTexts(page)).toEqual(textsA);
    await page.close();
  });

  test('an SPA that starts on a page without health content and routes to one is annotated', async () => {
    const url = server.url('/fixtures/pages/spa.html?route=home');
    const page = await browser.context.newPage();
    await page.goto(url);
    await waitForTabState(browser, url, (s) => s.status === 'not-health', 5_000);
    await page.click('#to-a');
    const urlA = server.url('/fixtures/pages/spa.html?route=a');
    const state = await waitForTabState(browser, urlA, (s) => s.status === 'done', 15_000);
    const n = await expectMatchesOracle(page);
    expect(state.flagged).toBe(n);
    await page.close();
  });

  test('going back to a page (back/forward cache or reload) shows that page\'s state again', async () => {
    const first = server.url('/fixtures/pages/late-article.html?back');
    const second = server.url('/fixtures/pages/spa.html?route=b');
    const page = await browser.context.newPage();
    await page.goto(first);
    const a = await waitForTabState(browser, first, (s) => s.status === 'done', 15_000);
    await page.goto(second);
    await waitForTabState(browser, second, (s) => s.status === 'done', 15_000);
    await page.goBack();
    const back = await waitForTabState(browser, first, (s) => s.status === 'done', 15_000);
    expect(back.report?.findings.map((f) => f.sentence)).toEqual(a.report?.findings.map((f) => f.sentence));
    await expectMatchesOracle(page);
    await expect.poll(() => badgeText(browser, back.tabId)).toBe(String(back.flagged));
    await page.close();
  });

  test('keyboard focus on a link inside a flagged sentence opens its tooltip', async () => {
    const url = server.url('/fixtures/pages/spa.html');
    const page = await browser.context.newPage();
    await page.goto(url);
    await waitForTabState(browser, url);
    await expectMatchesOracle(page);
    const tip = page.locator('claimlight-tooltip .tip');
    expect(await tip.count()).toBe(0);
    await page.focus('#flagged-link');
    await expect.poll(() => tip.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.focus('#rerender');
    await page.close();
  });

  test('injecting the analyzer a second time re-analyses instead of drawing twice', async () => {
    const url = server.url('/fixtures/pages/spa.html');
    const page = await browser.context.newPage();
    await page.goto(url);
    const state = await waitForTabState(browser, url);
    const before = await expectMatchesOracle(page);
    await browser.serviceWorker.evaluate(async (tabId) => {
      const { chrome } = globalThis as unknown as {
        chrome: { scripting: { executeScript(o: { target: { tabId: number }; files: string[] }): Promise<unknown> } };
      };
      await chrome.scripting.executeScript({ target: { tabId }, files: ['/analyzer.js'] });
    }, state.tabId);
    // The second injection answers with a fresh report (a new updatedAt) once it has re-analysed.
    await waitForTabState(browser, url, (s) => s.status === 'done' && s.updatedAt > state.updatedAt);
    expect(await expectMatchesOracle(page)).toBe(before);
    await page.close();
  });

  test('no request left the browser during these tests', () => {
    expect(browser.outsideRequests).toEqual([]);
  });
});
