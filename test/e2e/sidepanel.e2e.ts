/**
 * The side panel with the built extension in Chromium, opened as `sidepanel.html?tab=<id>` in a tab
 * (Playwright cannot open the browser's own side panel) next to a seed page: what it lists, what
 * its controls do to the page, search, selection lookup, language, dark mode and keyboard use.
 * Screenshots for the README: test/artifacts/screenshots/sidepanel.png and sidepanel-dark.png.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { KnowledgeArtifact } from '../../knowledge/schema';
import { KNOWLEDGE_PATH, loadKnowledgeFile, parseDocument } from '../../utils/cli/node-knowledge';
import { analyzeDocument } from '../../utils/engine/analyze';
import type { Report } from '../../utils/engine/types';
import type { TabState } from '../../utils/runtime/tab-state';
import {
  badgeText,
  brokenKnowledgeBuild,
  extensionUrl,
  highlightCounts,
  launchWithExtension,
  screenshot,
  sharedDir,
  suiteSkipReason,
  snapshotBuild,
  startPageServer,
  waitForTabState,
  type ExtensionBrowser,
  type PageServer,
} from './harness';

const skip = suiteSkipReason({ shared: true, knowledge: true });

const seedDir = join(sharedDir, 'seeds', 'html');

/** The engine's report for a seed, computed in Node on the same HTML (what the panel must show). */
function nodeReport(file: string, url: string): Report {
  return analyzeDocument(parseDocument(readFileSync(join(seedDir, file), 'utf8')), loadKnowledgeFile(), { url });
}

/** The seed page with the most to show: flagged claims and consensus/cautions. */
function richestSeed(): string {
  const files = readdirSync(seedDir).filter((f) => f.endsWith('.html')).sort();
  const scored = files.map((f) => {
    const r = nodeReport(f, 'http://127.0.0.1/seeds/' + f);
    const flagged = r.findings.filter((x) => x.class !== 'agrees').length;
    return { f, ok: flagged >= 2 && r.relevant.length > 0, score: flagged + r.relevant.length };
  });
  const best = scored.filter((s) => s.ok).sort((a, b) => b.score - a.score)[0];
  if (!best) throw new Error('no seed page has both flagged claims and relevant consensus/cautions');
  return best.f;
}

/**
 * A private copy of the build, so another `npm run build` in the same tree during this file's run
 * (several people work in it) cannot pull files from under the browser.
 */
async function fullState(browser: ExtensionBrowser, tabId: number): Promise<TabState> {
  return browser.serviceWorker.evaluate(async (id) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } };
    return (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] as TabState;
  }, tabId);
}

async function storedSettings(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  return browser.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } };
    return ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
  });
}

async function resetSettings(browser: ExtensionBrowser): Promise<void> {
  await browser.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { remove(k: string[]): Promise<void> } } } };
    await chrome.storage.local.remove(['settings', 'settings$']);
  });
}

function flaggedTotal(counts: Record<string, number>): number {
  return ['claimlight-dubious', 'claimlight-nuance', 'claimlight-marketing'].reduce((n, k) => n + (counts[k] ?? 0), 0);
}

describe.skipIf(skip)('side panel (Chromium)', () => {
  let browser: ExtensionBrowser;
  let server: PageServer;
  let seed: string;
  let seedUrl: string;
  let expected: Report;
  let buildDir: string;
  let keeper: Page;

  beforeAll(async () => {
    seed = richestSeed();
    server = await startPageServer();
    seedUrl = server.url(`/seeds/${seed}`);
    expected = nodeReport(seed, seedUrl);
    buildDir = snapshotBuild('panel-build');
    browser = await launchWithExtension({ buildDir });
    keeper = browser.context.pages()[0] ?? (await browser.context.newPage());
  });
  // A failed test leaves its tabs open; their state would answer the next test's waitForTabState.
  afterEach(async () => {
    for (const p of browser?.context.pages() ?? []) if (p !== keeper) await p.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  /** A seed page analysed, and the panel for its tab. */
  async function pageAndPanel(url = seedUrl, ready?: (s: { status: string }) => boolean): Promise<{ page: Page; panel: Page; tabId: number }> {
    const page = await browser.context.newPage();
    await page.goto(url);
    const state = await waitForTabState(browser, url, ready);
    const panel = await browser.context.newPage();
    await panel.goto(extensionUrl(browser, `sidepanel.html?tab=${state.tabId}`));
    await panel.locator('h1').waitFor();
    return { page, panel, tabId: state.tabId };
  }

  test('lists the verdict, the flagged claims in page order, consensus points and cautions, and references', async () => {
    const { page, panel, tabId } = await pageAndPanel();
    const state = await fullState(browser, tabId);
    const report = state.report!;
    const flagged = report.findings.filter((f) => f.class !== 'agrees');
    expect(flagged.map((f) => `${f.class} ${f.claim}`)).toEqual(
      expected.findings.filter((f) => f.class !== 'agrees').map((f) => `${f.class} ${f.claim}`),
    );

    await expect.poll(() => panel.locator('.verdict-label').textContent()).toBe(report.verdict.label.en);
    const items = panel.locator('.findings > li');
    await expect.poll(() => items.count()).toBe(flagged.length);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')))).toEqual(flagged.map((f) => f.id));
    for (const [i, f] of flagged.entries()) {
      const item = items.nth(i);
      expect(await item.getAttribute('class')).toContain(f.class);
      expect(((await item.locator('.sentence').textContent()) ?? '').replace(/\s+/g, ' ').trim()).toBe(f.sentence.replace(/\s+/g, ' ').trim());
      expect(await item.locator('.why').textContent()).toContain(report.claims[f.claim]!.explanation.en);
      expect(await item.locator('.grade').textContent()).toMatch(/^Evidence: /);
    }

    // README screenshot: the top of the panel at a side panel's width.
    await panel.setViewportSize({ width: 420, height: 1000 });
    await panel.evaluate(() => scrollTo(0, 0));
    await screenshot(panel, 'sidepanel');

    const more = panel.locator('.relevant .show-more');
    if (await more.count()) {
      expect(await panel.locator('.relevant [data-claim]').count()).toBe(6);
      await more.click();
    }
    const cards = await panel.locator('.relevant [data-claim], .omissions [data-claim]').evaluateAll((els) => els.map((e) => e.getAttribute('data-claim')));
    expect(cards.sort()).toEqual([...new Set([...report.relevant, ...report.omissions])].sort());
    const kinds = await panel.locator('.relevant .statement .badge, .omissions .statement .badge').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => k === 'Consensus' || k === 'Caution')).toBe(true);

    const refs = await panel.locator('.references a').evaluateAll((els) =>
      els.map((a) => ({ href: a.getAttribute('href') ?? '', target: a.getAttribute('target'), rel: a.getAttribute('rel') })),
    );
    for (const r of refs) {
      expect(r.href).toMatch(/^https?:\/\//);
      expect(r.target).toBe('_blank');
      expect(r.rel).toContain('noopener');
    }

    expect(browser.outsideRequests).toEqual([]);
    await panel.close();
    await page.close();
  });

  test('clicking a flagged claim scrolls the page to it and flashes it', async () => {
    const { page, panel, tabId } = await pageAndPanel();
    const state = await fullState(browser, tabId);
    // The last anchored claim of the article: far down the page (page-region ones can sit in fixed bars).
    const flagged = state.report!.findings.filter((f) => f.class !== 'agrees' && f.region === 'article' && state.anchored.includes(f.id));
    const target = flagged.at(-1)!;
    expect(await page.evaluate(() => scrollY)).toBe(0);
    const inView = () =>
      page.evaluate(() => {
        const h = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('claimlight-flash');
        const r = h ? [...h][0]?.getBoundingClientRect() : undefined;
        return r ? { top: r.top, bottom: r.bottom, height: innerHeight, y: scrollY } : undefined;
      });
    await panel.locator(`[data-finding="${target.id}"] button.finding-sentence`).click();
    await page.bringToFront();
    await expect.poll(async () => {
      const r = await inView();
      return !!r && r.top >= 0 && r.bottom <= r.height;
    }).toBe(true);
    const flash = await page.evaluate(() => {
      const h = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('claimlight-flash');
      return h ? [...h].map((r) => r.toString()).join('') : '';
    });
    expect(flash.replace(/\s+/g, '')).toContain(target.sentence.replace(/\s+/g, '').slice(0, 12));
    // Only a page longer than the viewport can show the scroll itself.
    const scrollable = await page.evaluate(() => document.documentElement.scrollHeight > innerHeight * 1.5);
    if (scrollable && flagged.length > 1) expect((await inView())!.y).toBeGreaterThan(0);
    await panel.close();
    await page.close();
  });

  test('keyboard: Tab reaches the claims, arrow keys move between them, Enter scrolls, focus is visible', async () => {
    const { page, panel, tabId } = await pageAndPanel();
    const state = await fullState(browser, tabId);
    const ids = state.report!.findings.filter((f) => f.class !== 'agrees').map((f) => f.id);
    const first = panel.locator(`[data-finding="${ids[0]}"] button.finding-sentence`);
    // Only one claim button is in the Tab order.
    expect(await panel.locator('.findings button[tabindex="0"]').count()).toBe(1);
    await first.focus();
    await panel.keyboard.press('ArrowDown');
    const focused = () => panel.evaluate(() => document.activeElement?.closest('[data-finding]')?.getAttribute('data-finding') ?? null);
    await expect.poll(focused).toBe(ids[1]);
    await panel.keyboard.press('End');
    await expect.poll(focused).toBe(ids.at(-1));
    await panel.keyboard.press('Home');
    await expect.poll(focused).toBe(ids[0]);
    const outline = await panel.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(outline.style).not.toBe('none');
    expect(outline.width).toBeGreaterThanOrEqual(2);
    await panel.keyboard.press('Enter');
    // Background tabs get no animation frames; the page draws the flash once it is shown.
    await page.bringToFront();
    await expect
      .poll(() =>
        page.evaluate(() => ((CSS as unknown as { highlights: Map<string, { size: number }> }).highlights.get('claimlight-flash')?.size ?? 0) > 0),
      )
      .toBe(true);
    await panel.close();
    await page.close();
  });

  test('search finds the pregnancy entries in Chinese and in English, on any page', async () => {
    const artifact = JSON.parse(readFileSync(KNOWLEDGE_PATH, 'utf8')) as KnowledgeArtifact;
    const about = (needle: RegExp) =>
      new Set(artifact.claims.filter((c) => needle.test(`${c.statement.zh} ${c.statement.en} ${c.explanation.zh} ${c.explanation.en}`)).map((c) => c.id));
    const pregnancy = about(/孕|妊娠|pregnan/i);
    expect(pregnancy.size, 'the knowledge has entries about pregnancy').toBeGreaterThan(0);

    // An unrelated page: search works without health content.
    const { page, panel } = await pageAndPanel(server.url('/fixtures/pages/unrelated.html'), (s) => s.status === 'not-health');
    await expect.poll(() => panel.locator('[data-state="no-health"]').textContent()).toContain('No health claims found on this page.');
    const input = panel.locator('#search-input');
    for (const query of ['孕妇', 'pregnancy']) {
      await input.fill(query);
      const hits = panel.locator('.search .hit');
      await expect.poll(() => hits.count()).toBeGreaterThan(0);
      const ids = await hits.evaluateAll((els) => els.map((e) => e.getAttribute('data-claim') ?? ''));
      expect(pregnancy.has(ids[0]!), `top hit for ${query}: ${ids.join(', ')}`).toBe(true);
      const text = (await hits.first().textContent()) ?? '';
      expect(text.length).toBeGreaterThan(20);
    }
    // ArrowDown from the search box moves into the results.
    await input.focus();
    await panel.keyboard.press('ArrowDown');
    expect(await panel.evaluate(() => document.activeElement?.classList.contains('hit'))).toBe(true);
    await panel.close();
    await page.close();
  });

  test('selection lookup shows the entry for a selected myth', async () => {
    const myth = expected.findings.find((f) => f.class === 'dubious' && !f.claim.startsWith('page.'));
    expect(myth, 'the seed page states a myth').toBeDefined();
    const { page, panel, tabId } = await pageAndPanel();
    // What the background stores when the user picks "Check with Claimlight" on a selection
    // (a native context menu cannot be clicked from Playwright).
    await browser.serviceWorker.evaluate(
      async ([id, text]) => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { session: { get(k: string): Promise<Record<string, Record<string, unknown>>>; set(v: object): Promise<void> } } };
        };
        const key = `tab:${id}`;
        const current = (await chrome.storage.session.get(key))[key]!;
        await chrome.storage.session.set({ [key]: { ...current, selection: { text, at: Date.now() } } });
      },
      [tabId, myth!.sentence] as const,
    );
    const first = panel.locator('.selection .hit').first();
    await expect.poll(() => first.getAttribute('data-claim')).toBe(myth!.claim);
    expect(await panel.locator('.selection-text').textContent()).toBe(myth!.sentence);
    await panel.close();
    await page.close();
  });

  test('"open in side panel" from a tooltip brings that claim into view in the panel', async () => {
    const { page, panel, tabId } = await pageAndPanel();
    const state = await fullState(browser, tabId);
    const target = state.report!.findings.filter((f) => f.class !== 'agrees').at(-1)!;
    // What the background stores when the tooltip's "open in side panel" is used.
    await browser.serviceWorker.evaluate(
      async ([id, findingId]) => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { session: { get(k: string): Promise<Record<string, Record<string, unknown>>>; set(v: object): Promise<void> } } };
        };
        const key = `tab:${id}`;
        const current = (await chrome.storage.session.get(key))[key]!;
        await chrome.storage.session.set({ [key]: { ...current, focus: { findingId, at: Date.now() } } });
      },
      [tabId, target.id] as const,
    );
    await expect
      .poll(() => panel.evaluate(() => document.activeElement?.closest('[data-finding]')?.getAttribute('data-finding') ?? null))
      .toBe(target.id);
    const box = await panel.locator(`[data-finding="${target.id}"]`).boundingBox();
    const height = await panel.evaluate(() => innerHeight);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(height);
    await panel.close();
    await page.close();
  });

  test('turning the site off from the panel removes highlights and badge; on brings them back', async () => {
    await resetSettings(browser);
    const { page, panel, tabId } = await pageAndPanel();
    await expect.poll(async () => flaggedTotal(await highlightCounts(page))).toBeGreaterThan(0);
    expect(await badgeText(browser, tabId)).not.toBe('');

    const toggle = panel.locator('.site-toggle');
    expect(await toggle.textContent()).toBe('Turn off on 127.0.0.1');
    await toggle.click();
    await expect.poll(() => panel.locator('[data-state="disabled-site"]').textContent()).toBe('Analysis is disabled for this site.');
    await expect.poll(async () => flaggedTotal(await highlightCounts(page))).toBe(0);
    await expect.poll(() => badgeText(browser, tabId)).toBe('');
    expect((await storedSettings(browser)).disabledSites).toEqual(['127.0.0.1']);

    await toggle.click();
    await expect.poll(async () => flaggedTotal(await highlightCounts(page))).toBeGreaterThan(0);
    await expect.poll(() => badgeText(browser, tabId)).not.toBe('');
    await expect.poll(() => panel.locator('.findings > li').count()).toBeGreaterThan(0);
    await panel.close();
    await page.close();
  });

  test('zh/en toggle switches the whole panel and is remembered', async () => {
    await resetSettings(browser);
    const { page, panel, tabId } = await pageAndPanel();
    const report = (await fullState(browser, tabId)).report!;
    await expect.poll(() => panel.locator('#flagged-h').textContent()).toContain('Flagged claims');
    await panel.locator('.lang-toggle').click();
    await expect.poll(() => panel.locator('#flagged-h').textContent()).toContain('被标记的说法');
    expect(await panel.locator('.verdict-label').textContent()).toBe(report.verdict.label.zh);
    expect(await panel.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect((await storedSettings(browser)).uiLanguage).toBe('zh');
    await panel.setViewportSize({ width: 420, height: 1000 });
    await screenshot(panel, 'sidepanel-zh');

    // A new panel opens in the chosen language.
    const again = await browser.context.newPage();
    await again.goto(extensionUrl(browser, `sidepanel.html?tab=${tabId}`));
    await expect.poll(() => again.locator('#search-h').textContent()).toBe('搜索知识库');
    await again.close();

    await panel.locator('.lang-toggle').click();
    await expect.poll(() => panel.locator('#flagged-h').textContent()).toContain('Flagged claims');
    expect((await storedSettings(browser)).uiLanguage).toBe('en');
    await panel.close();
    await page.close();
  });

  test('dark mode follows prefers-color-scheme', async () => {
    await resetSettings(browser);
    const { page, panel } = await pageAndPanel();
    await panel.setViewportSize({ width: 420, height: 1000 });
    const bg = () => panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe('rgb(255, 255, 255)');
    await panel.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(bg).toBe('rgb(23, 25, 28)');
    const fg = await panel.evaluate(() => getComputedStyle(document.body).color);
    expect(fg).toBe('rgb(232, 234, 237)');
    await panel.locator('.findings > li').first().waitFor();
    await screenshot(panel, 'sidepanel-dark');
    await panel.close();
    await page.close();
  });

  test('follows the active tab when opened without ?tab=', async () => {
    const page = await browser.context.newPage();
    await page.goto(seedUrl);
    const state = await waitForTabState(browser, seedUrl);
    const panel = await browser.context.newPage();
    await panel.goto(extensionUrl(browser, 'sidepanel.html'));
    // The active tab is the panel page itself: not a web page.
    await expect.poll(() => panel.locator('[data-state="not-web-page"]').count()).toBe(1);
    await page.bringToFront();
    await expect.poll(() => panel.locator('.findings > li').count()).toBe(state.flagged);
    await panel.close();
    await page.close();
  });

  test('a page the extension cannot read is said so', async () => {
    const page = await browser.context.newPage();
    await page.goto('about:blank');
    const tabId = await browser.serviceWorker.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number; url?: string }[]> } } };
      return (await chrome.tabs.query({ url: undefined })).find((t) => t.url === 'about:blank')?.id ?? -1;
    });
    const panel = await browser.context.newPage();
    await panel.goto(extensionUrl(browser, `sidepanel.html?tab=${tabId}`));
    await expect.poll(() => panel.locator('[data-state="not-web-page"]').textContent()).toContain('This is not a web page Claimlight can read.');
    await expect.poll(() => panel.locator('#search-input').count()).toBe(1);
    await panel.close();
    await page.close();
  });
});

/** A copy of the build whose knowledge is invalid everywhere: in the analyzer and in the panel's chunk. */
async function brokenEverywhere(): Promise<string> {
  const dir = await brokenKnowledgeBuild();
  const chunks = join(dir, 'chunks');
  const file = readdirSync(chunks).find((f) => f.startsWith('knowledge-') && f.endsWith('.js'));
  if (!file) throw new Error('no chunks/knowledge-*.js in the build: update brokenEverywhere');
  const code = readFileSync(join(chunks, file), 'utf8');
  const marker = /\{version:1,hash:/;
  if (!marker.test(code)) throw new Error('knowledge object not found in the panel chunk: update brokenEverywhere');
  writeFileSync(join(chunks, file), code.replace(marker, '{version:99,hash:'));
  return dir;
}

describe.skipIf(skip)('side panel when the knowledge fails to load (Chromium)', () => {
  let browser: ExtensionBrowser;
  let server: PageServer;
  let dir: string;
  beforeAll(async () => {
    server = await startPageServer();
    dir = await brokenEverywhere();
    browser = await launchWithExtension({ buildDir: dir });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the panel says the knowledge failed to load, lists nothing and the page has no highlights', async () => {
    const url = server.url('/seeds/000.html');
    const page = await browser.context.newPage();
    await page.goto(url);
    const state = await waitForTabState(browser, url, (s) => s.status === 'error');
    const panel = await browser.context.newPage();
    const errors: string[] = [];
    panel.on('pageerror', (e) => errors.push(e.message));
    await panel.goto(extensionUrl(browser, `sidepanel.html?tab=${state.tabId}`));
    const alert = panel.locator('[role="alert"][data-state="knowledge-error"]');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('The knowledge base failed to load');
    expect(await alert.textContent()).toContain('unsupported version 99');
    expect(await panel.locator('.findings').count()).toBe(0);
    expect(await panel.locator('#search-input').count()).toBe(0);
    // The header still works: the reader can turn the site off or switch language.
    expect(await panel.locator('.site-toggle').textContent()).toBe('Turn off on 127.0.0.1');
    expect(Object.values(await highlightCounts(page)).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await badgeText(browser, state.tabId)).toBe('');
    expect(errors).toEqual([]);
    await panel.close();
    await page.close();
  });
});
