/**
 * The options page of the built extension in Chromium: each setting is stored and acts on pages
 * (a site turned off here gets no highlights, unticking a class removes its highlights), and the
 * "this flag is wrong" reports are downloaded as a JSON file made on the device.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  badgeText,
  extensionUrl,
  highlightCounts,
  launchWithExtension,
  screenshot,
  suiteSkipReason,
  snapshotBuild,
  startPageServer,
  waitForTabState,
  type ExtensionBrowser,
  type PageServer,
} from './harness';

const skip = suiteSkipReason({ shared: true, knowledge: true });

type Local = Record<string, unknown>;

async function local(browser: ExtensionBrowser, key: string): Promise<unknown> {
  return browser.serviceWorker.evaluate(async (k) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Local> } } } };
    return (await chrome.storage.local.get(k))[k];
  }, key);
}

async function setLocal(browser: ExtensionBrowser, values: Local): Promise<void> {
  await browser.serviceWorker.evaluate(async (v) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } };
    await chrome.storage.local.set(v);
  }, values);
}

async function clearLocal(browser: ExtensionBrowser): Promise<void> {
  await browser.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { clear(): Promise<void> } } } };
    await chrome.storage.local.clear();
  });
}

describe.skipIf(skip)('options page (Chromium)', () => {
  let browser: ExtensionBrowser;
  let server: PageServer;
  let buildDir: string;
  let keeper: Page;

  beforeAll(async () => {
    server = await startPageServer();
    buildDir = snapshotBuild('options-build');
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

  test('shows the defaults; the options page is declared in the manifest', async () => {
    await clearLocal(browser);
    const manifest = JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')) as { options_ui?: { page: string } };
    expect(manifest.options_ui?.page).toBe('options.html');
    const page = await browser.context.newPage();
    await page.goto(extensionUrl(browser, 'options.html'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Claimlight settings');
    expect(await page.locator('input[name="autoAnalyse"]').isChecked()).toBe(true);
    for (const cls of ['dubious', 'nuance', 'marketing']) expect(await page.locator(`input[name="highlight-${cls}"]`).isChecked()).toBe(true);
    expect(await page.locator('input[name="highlight-agrees"]').isChecked()).toBe(false);
    expect(await page.locator('input[name="uiLanguage"][value="auto"]').isChecked()).toBe(true);
    await screenshot(page, 'options');
    await page.close();
  });

  test('a site added here is not analysed; removing it analyses it again', async () => {
    await clearLocal(browser);
    const options = await browser.context.newPage();
    await options.goto(extensionUrl(browser, 'options.html'));
    await options.locator('#site-input').fill('not a site!');
    await options.locator('form.add-site button[type="submit"]').click();
    await expect.poll(() => options.locator('#site-error').textContent()).toBe('“not a site!” is not a site name.');

    await options.locator('#site-input').fill('http://127.0.0.1:1234/whatever');
    await options.locator('form.add-site button[type="submit"]').click();
    await expect.poll(() => options.locator('[data-site="127.0.0.1"]').count()).toBe(1);
    expect(((await local(browser, 'settings')) as { disabledSites: string[] }).disabledSites).toEqual(['127.0.0.1']);

    const url = server.url('/seeds/000.html');
    const page = await browser.context.newPage();
    await page.goto(url);
    const state = await waitForTabState(browser, url, (s) => s.status === 'disabled');
    expect(await highlightCounts(page).then((c) => Object.values(c).reduce((a, b) => a + b, 0))).toBe(0);
    expect(await badgeText(browser, state.tabId)).toBe('');

    await options.bringToFront();
    await options.locator('[data-site="127.0.0.1"] button').click();
    await expect.poll(() => options.locator('[data-site]').count()).toBe(0);
    await page.reload();
    await waitForTabState(browser, url);
    await expect.poll(async () => Object.values(await highlightCounts(page)).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await page.close();
    await options.close();
  });

  test('unticking a class removes its highlights from open pages', async () => {
    await clearLocal(browser);
    const url = server.url('/seeds/000.html');
    const page = await browser.context.newPage();
    await page.goto(url);
    await waitForTabState(browser, url);
    const counts = await highlightCounts(page);
    const cls = (['marketing', 'dubious', 'nuance'] as const).find((c) => (counts[`claimlight-${c}`] ?? 0) > 0)!;
    expect(cls).toBeDefined();

    const options = await browser.context.newPage();
    await options.goto(extensionUrl(browser, 'options.html'));
    await options.locator(`input[name="highlight-${cls}"]`).uncheck();
    await expect
      .poll(async () => ((await local(browser, 'settings')) as { highlightClasses: Record<string, boolean> }).highlightClasses[cls])
      .toBe(false);
    await expect.poll(async () => (await highlightCounts(page))[`claimlight-${cls}`] ?? 0).toBe(0);
    await options.locator(`input[name="highlight-${cls}"]`).check();
    await expect.poll(async () => (await highlightCounts(page))[`claimlight-${cls}`] ?? 0).toBe(counts[`claimlight-${cls}`]);
    await options.close();
    await page.close();
  });

  test('automatic analysis off: pages are left alone', async () => {
    await clearLocal(browser);
    const options = await browser.context.newPage();
    await options.goto(extensionUrl(browser, 'options.html'));
    await options.locator('input[name="autoAnalyse"]').uncheck();
    await expect.poll(async () => ((await local(browser, 'settings')) as { autoAnalyse: boolean }).autoAnalyse).toBe(false);
    const url = server.url('/seeds/001.html');
    const page = await browser.context.newPage();
    await page.goto(url);
    const state = await waitForTabState(browser, url, (s) => s.status === 'disabled');
    expect(Object.values(await highlightCounts(page)).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await badgeText(browser, state.tabId)).toBe('');
    await page.close();
    await options.close();
    await clearLocal(browser);
  });

  test('language: choosing 中文 switches the page and is stored', async () => {
    await clearLocal(browser);
    const page = await browser.context.newPage();
    await page.goto(extensionUrl(browser, 'options.html'));
    await page.locator('input[name="uiLanguage"][value="zh"]').check();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Claimlight 设置');
    expect(((await local(browser, 'settings')) as { uiLanguage: string }).uiLanguage).toBe('zh');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.locator('input[name="uiLanguage"][value="auto"]').check();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Claimlight settings');
    await page.close();
  });

  test('flag reports are exported as a JSON file and cleared', async () => {
    await clearLocal(browser);
    const reports = [
      { at: '2026-01-01T00:00:00.000Z', url: 'https://a.example/x', claim: 'c1', findingClass: 'dubious', sentence: '他克莫司能让黑色素再生', knowledgeHash: 'h1' },
      { at: '2026-01-02T00:00:00.000Z', url: 'https://b.example/y', claim: 'c2', findingClass: 'marketing', sentence: '<b>call now</b>', knowledgeHash: 'h1', findingId: 'f3' },
    ];
    await setLocal(browser, { flagReports: reports });
    const page = await browser.context.newPage();
    await page.goto(extensionUrl(browser, 'options.html'));
    await expect.poll(() => page.locator('.reports-count').textContent()).toBe('2 reports stored.');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Export reports (JSON)').click()]);
    expect(download.suggestedFilename()).toMatch(/^claimlight-flag-reports-\d{4}-\d{2}-\d{2}\.json$/);
    expect(download.url()).toMatch(/^blob:chrome-extension:\/\//);
    const file = await download.path();
    const json = JSON.parse(readFileSync(file, 'utf8')) as { format: string; reports: unknown[] };
    expect(json.format).toBe('claimlight-flag-reports');
    expect(json.reports).toEqual(reports);

    await page.getByText('Clear reports').click();
    await expect.poll(() => page.locator('.confirm').textContent()).toContain('Delete all 2 reports from this device?');
    await page.locator('.confirm button.danger').click();
    await expect.poll(() => page.locator('.reports-count').textContent()).toBe('0 reports stored.');
    expect(await local(browser, 'flagReports')).toBeUndefined();
    expect(await page.getByText('Export reports (JSON)').isDisabled()).toBe(true);
    expect(browser.outsideRequests).toEqual([]);
    await page.close();
  });

  test('a corrupt stored value still gives a working page with the defaults', async () => {
    await clearLocal(browser);
    await setLocal(browser, { settings: ['not', 'settings'], settings$: { v: 2 }, flagReports: 'nope' });
    const page = await browser.context.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.goto(extensionUrl(browser, 'options.html'));
    await expect.poll(() => page.locator('h1').textContent()).toBe('Claimlight settings');
    expect(await page.locator('input[name="autoAnalyse"]').isChecked()).toBe(true);
    expect(await page.locator('.reports-count').textContent()).toBe('0 reports stored.');
    expect(warnings.some((w) => w.includes('settings'))).toBe(true);
    // A change writes valid settings over the corrupt value.
    await page.locator('input[name="highlight-agrees"]').check();
    await expect.poll(async () => (await local(browser, 'settings')) as Local).toMatchObject({ autoAnalyse: true, highlightClasses: { agrees: true } });
    await page.close();
    await clearLocal(browser);
  });
});
