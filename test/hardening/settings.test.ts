/**
 * Settings against storage nobody should trust: every generated stored value (with or without version
 * metadata, from the first stored version or a corrupt one) gives valid settings, never a throw, and the
 * user's choices survive the update from version 1.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  defaultSettings,
  getSettings,
  HIGHLIGHT_CLASSES,
  isSiteDisabledIn,
  normalizeSettings,
  settingsItem,
  SETTINGS_VERSION,
  UI_LANGUAGES,
  type Settings,
} from '../../utils/settings';
import { mutate, prng, randomJson } from './fuzz';

// Thousands of generated cases take seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

function expectValid(s: Settings): void {
  expect(Object.keys(s).sort()).toEqual(['autoAnalyse', 'disabledSites', 'highlightClasses', 'uiLanguage']);
  expect(typeof s.autoAnalyse).toBe('boolean');
  expect(Array.isArray(s.disabledSites)).toBe(true);
  for (const site of s.disabledSites) expect(site).toMatch(/^(\[[0-9a-f:.]+\]|[a-z0-9-_]+(\.[a-z0-9-_]+)*)$/);
  expect(Object.keys(s.highlightClasses).sort()).toEqual([...HIGHLIGHT_CLASSES].sort());
  for (const cls of HIGHLIGHT_CLASSES) expect(typeof s.highlightClasses[cls]).toBe('boolean');
  expect(UI_LANGUAGES).toContain(s.uiLanguage);
}

describe('settings from hostile storage', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  test('5,000 random and mutated values: normalizeSettings never throws and always gives valid settings', () => {
    const random = prng(11);
    const good = { ...defaultSettings(), disabledSites: ['example.com'], uiLanguage: 'zh' };
    for (let i = 0; i < 5000; i++) expectValid(normalizeSettings(i % 2 ? randomJson(random) : mutate(random, good)));
  });

  test('a wrong field falls back alone and logs a warning; the other choices are kept', () => {
    const warn = vi.mocked(console.warn);
    const s = normalizeSettings({ autoAnalyse: false, disabledSites: 'example.com', uiLanguage: 'zh', highlightClasses: { dubious: 'yes' } });
    expect(s.autoAnalyse).toBe(false);
    expect(s.uiLanguage).toBe('zh');
    expect(s.disabledSites).toEqual([]);
    expect(s.highlightClasses.dubious).toBe(true);
    expect(warn.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  test('hostile site entries never disable a different site', () => {
    const s = normalizeSettings({
      disabledSites: ['http://user:pass@evil.example:8080/path', 'javascript:alert(1)', '*', '..', '', ' ', 'a b', '<script>', 'x'.repeat(9000)],
    });
    expectValid(s);
    expect(isSiteDisabledIn(s, 'https://evil.example/')).toBe(true);
    expect(isSiteDisabledIn(s, 'https://good.example/')).toBe(false);
    expect(isSiteDisabledIn(s, 'https://example.com/')).toBe(false);
  });

  test.each<[string, Record<string, unknown>]>([
    ['garbage metadata', { settings: { autoAnalyse: false }, settings$: 'v2' }],
    ['a version from the future', { settings: { autoAnalyse: false, uiLanguage: 'klingon' }, settings$: { v: 99 } }],
    ['a negative version', { settings: { autoAnalyse: false }, settings$: { v: -3 } }],
    ['a non-numeric version', { settings: { autoAnalyse: false }, settings$: { v: 'two' } }],
    ['metadata without a value', { settings$: { v: 1 } }],
    ['a value that is a JSON string', { settings: '{"autoAnalyse":false}', settings$: { v: 2 } }],
  ])('%s: reading settings never throws and gives valid settings', async (_label, stored) => {
    await fakeBrowser.storage.local.set(stored);
    await settingsItem.migrate().catch(() => undefined);
    expectValid(await getSettings());
  });

  test('500 random version-1 values: migration then reading never breaks', async () => {
    const random = prng(12);
    for (let i = 0; i < 500; i++) {
      fakeBrowser.reset();
      const value = i % 2 ? randomJson(random) : mutate(random, { autoAnalyse: false, disabledSites: ['A.example', 'https://b.example/x'] });
      await fakeBrowser.storage.local.set({ settings: value, settings$: { v: 1 } });
      await settingsItem.migrate();
      expectValid(await getSettings());
      // WXT leaves the metadata alone when there is no value to migrate (null is "nothing stored").
      if (value !== null) expect((await fakeBrowser.storage.local.get('settings$')).settings$, JSON.stringify(value)).toEqual({ v: SETTINGS_VERSION });
    }
  });

  test('the first stored version (v1) keeps the user choices through the update', async () => {
    await fakeBrowser.storage.local.set({
      settings: { autoAnalyse: false, disabledSites: ['Health-Shop.EXAMPLE', 'https://www.clinic.example/ads?x=1', 42, null] },
      settings$: { v: 1 },
    });
    await settingsItem.migrate();
    const s = await getSettings();
    expect(s).toEqual({ ...defaultSettings(), autoAnalyse: false, disabledSites: ['health-shop.example', 'www.clinic.example'] });
    expect(isSiteDisabledIn(s, 'https://m.health-shop.example/page')).toBe(true);
  });

  test('a storage API that throws gives the defaults with a warning', async () => {
    vi.spyOn(settingsItem, 'getValue').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    expect(await getSettings()).toEqual(defaultSettings());
    expect(vi.mocked(console.warn)).toHaveBeenCalled();
  });
});
