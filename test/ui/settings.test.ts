import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  addFlagReport,
  clearFlagReports,
  defaultSettings,
  exportFlagReports,
  getFlagReports,
  getSettings,
  isSiteDisabled,
  MAX_FLAG_REPORTS,
  normalizeHostname,
  saveSettings,
  setSiteDisabled,
  settingsItem,
  SETTINGS_VERSION,
  watchSettings,
} from '../../utils/settings';

/** What storage looks like right after the first release stored settings (version 1). */
async function storeV1(value: unknown): Promise<void> {
  await fakeBrowser.storage.local.set({ settings: value, settings$: { v: 1 } });
}

describe('settings storage', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('gives the defaults when nothing is stored', async () => {
    expect(await getSettings()).toEqual(defaultSettings());
    expect(defaultSettings().highlightClasses.agrees).toBe(false);
  });

  it('migrates a version-1 value and keeps the user choices', async () => {
    await storeV1({ autoAnalyse: false, disabledSites: ['Example.COM', 'https://www.health-shop.cn/page?x=1', 42] });
    await settingsItem.migrate();
    const s = await getSettings();
    expect(s.autoAnalyse).toBe(false);
    expect(s.disabledSites).toEqual(['example.com', 'www.health-shop.cn']);
    expect(s.highlightClasses).toEqual(defaultSettings().highlightClasses);
    expect(s.uiLanguage).toBe('auto');
    const stored = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(stored.settings$).toEqual({ v: SETTINGS_VERSION });
    expect(stored.settings).toMatchObject({ autoAnalyse: false, uiLanguage: 'auto' });
  });

  it('a value stored without version metadata is treated as version 1', async () => {
    await fakeBrowser.storage.local.set({ settings: { autoAnalyse: false, disabledSites: ['A.org'] } });
    await settingsItem.migrate();
    expect((await getSettings()).disabledSites).toEqual(['a.org']);
  });

  it.each([
    ['a string', 'garbage'],
    ['a number', 17],
    ['an array', [1, 2, 3]],
    ['true', true],
  ])('a corrupt value (%s) gives the defaults and a warning', async (_label, value) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ settings: value, settings$: { v: SETTINGS_VERSION } });
    expect(await getSettings()).toEqual(defaultSettings());
    expect(warn).toHaveBeenCalled();
    expect(String(warn.mock.calls[0]?.[0])).toContain('settings');
  });

  it('a corrupt version-1 value survives the migration as defaults', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await storeV1('{"autoAnalyse": fal');
    await settingsItem.migrate();
    expect(await getSettings()).toEqual(defaultSettings());
    expect(warn).toHaveBeenCalled();
  });

  it('foreign fields are dropped and each bad field falls back on its own', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({
      settings: {
        autoAnalyse: 'yes',
        disabledSites: ['ok.example', { host: 'x' }, '   ', 'bad host name!'],
        highlightClasses: { dubious: false, nuance: 'no', agrees: true, extra: true },
        uiLanguage: 'fr',
        theme: 'neon',
      },
      settings$: { v: SETTINGS_VERSION },
    });
    const s = await getSettings();
    expect(s).toEqual({
      autoAnalyse: true,
      disabledSites: ['ok.example'],
      highlightClasses: { dubious: false, nuance: true, marketing: true, agrees: true },
      uiLanguage: 'auto',
    });
    expect(warn.mock.calls.length).toBeGreaterThanOrEqual(5);
  });

  it('a value from a newer version (downgrade) is still read safely', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ settings: { autoAnalyse: false, future: 1 }, settings$: { v: 99 } });
    await expect(settingsItem.migrate()).rejects.toThrow(/downgrade/i);
    expect((await getSettings()).autoAnalyse).toBe(false);
  });

  it('saving validates, and watchers get validated values', async () => {
    const seen: boolean[] = [];
    const unwatch = watchSettings((s) => seen.push(s.autoAnalyse));
    await saveSettings({ ...defaultSettings(), autoAnalyse: false });
    await fakeBrowser.storage.local.set({ settings: 'broken' });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    unwatch();
    expect(seen).toEqual([false, true]);
  });
});

describe('sites', () => {
  beforeEach(() => fakeBrowser.reset());

  it('normalises hostnames', () => {
    expect(normalizeHostname(' WWW.Example.com ')).toBe('www.example.com');
    expect(normalizeHostname('https://a.b.cn:8080/x')).toBe('a.b.cn');
    expect(normalizeHostname('')).toBeUndefined();
    expect(normalizeHostname('not a host')).toBeUndefined();
  });

  it('disables a site, its subdomains and www., and re-enables it', async () => {
    expect(await isSiteDisabled('https://news.example.com/a')).toBe(false);
    await setSiteDisabled('https://www.example.com/article', true);
    expect(await isSiteDisabled('https://www.example.com/other')).toBe(true);
    expect(await isSiteDisabled('http://example.com/')).toBe(true);
    expect(await isSiteDisabled('https://news.example.com/a')).toBe(true);
    expect(await isSiteDisabled('https://example.org/')).toBe(false);
    expect(await isSiteDisabled('chrome://extensions')).toBe(false);
    await setSiteDisabled('https://www.example.com/x', true);
    expect((await getSettings()).disabledSites).toEqual(['www.example.com']);
    await setSiteDisabled('https://news.example.com/', false);
    expect(await isSiteDisabled('https://www.example.com/other')).toBe(false);
    expect((await getSettings()).disabledSites).toEqual([]);
  });

  it('refuses something that is not a site', async () => {
    await expect(setSiteDisabled('chrome://newtab', true)).rejects.toThrow();
  });
});

describe('flag reports', () => {
  beforeEach(() => fakeBrowser.reset());
  const report = {
    url: 'https://example.com/a',
    claim: 'some-claim',
    findingClass: 'dubious' as const,
    sentence: '<img src=x onerror=alert(1)> 他克莫司能让黑色素再生',
    knowledgeHash: 'abc',
  };

  it('stores, exports as JSON and clears', async () => {
    await addFlagReport(report);
    await addFlagReport({ ...report, claim: 'other', note: 'wrong sense' });
    const all = await getFlagReports();
    expect(all.map((r) => r.claim)).toEqual(['some-claim', 'other']);
    const exported = JSON.parse(await exportFlagReports());
    expect(exported.format).toBe('claimlight-flag-reports');
    expect(exported.reports).toHaveLength(2);
    expect(exported.reports[0].sentence).toBe(report.sentence);
    await clearFlagReports();
    expect(await getFlagReports()).toEqual([]);
  });

  it('reports written at the same time from many tabs are all kept', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => addFlagReport({ ...report, claim: `c${i}` })));
    const claims = (await getFlagReports()).map((r) => r.claim).sort();
    expect(claims).toEqual(Array.from({ length: 25 }, (_, i) => `c${i}`).sort());
    const keys = Object.keys(await fakeBrowser.storage.local.get(null)).filter((k) => k.startsWith('flagReport:'));
    expect(keys).toHaveLength(25);
  });

  it('reads reports stored as one list (first format) together with new ones, and clears both', async () => {
    const old = { ...report, claim: 'old', at: '2020-01-01T00:00:00.000Z' };
    await fakeBrowser.storage.local.set({ flagReports: [old] });
    await addFlagReport({ ...report, claim: 'new' });
    expect((await getFlagReports()).map((r) => r.claim)).toEqual(['old', 'new']);
    await clearFlagReports();
    expect(await getFlagReports()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('caps the number of reports, dropping the oldest', async () => {
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < MAX_FLAG_REPORTS + 3; i++) {
      await addFlagReport({ ...report, claim: `c${i}`, at: new Date(base + i * 1000).toISOString() });
    }
    const all = await getFlagReports();
    expect(all).toHaveLength(MAX_FLAG_REPORTS);
    expect(all[0]?.claim).toBe('c3');
    expect(all.at(-1)?.claim).toBe(`c${MAX_FLAG_REPORTS + 2}`);
  });

  it('ignores corrupt stored reports with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({
      flagReports: [{ ...report, at: 'x' }, { nope: 1 }, 'str'],
      'flagReport:000000000000001-abc': { nope: true },
    });
    expect(await getFlagReports()).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('ignoring 3 invalid');
    await fakeBrowser.storage.local.clear();
    await fakeBrowser.storage.local.set({ flagReports: { not: 'a list' } });
    expect(await getFlagReports()).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
