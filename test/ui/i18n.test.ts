import { describe, expect, it } from 'vitest';
import {
  _tablesForTests,
  pick,
  prefersTraditional,
  resolveLanguage,
  SAME_IN_BOTH,
  SIMPLIFIED_CONVERTED,
  STRING_KEYS,
  t,
  translator,
} from '../../utils/i18n';

describe('i18n', () => {
  it('follows the browser language when set to auto', () => {
    expect(resolveLanguage('auto', 'zh-CN')).toBe('zh');
    expect(resolveLanguage('auto', 'zh-TW')).toBe('zh');
    expect(resolveLanguage('auto', 'zh_HK')).toBe('zh');
    expect(resolveLanguage('auto', 'zh')).toBe('zh');
    expect(resolveLanguage('auto', 'en-US')).toBe('en');
    expect(resolveLanguage('auto', 'de')).toBe('en');
    expect(resolveLanguage('auto', 'zha')).toBe('en');
  });

  it('the user choice wins over the browser language', () => {
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    expect(resolveLanguage('zh', 'en-US')).toBe('zh');
  });

  it('every key has text in both languages, Chinese text for zh', () => {
    for (const key of STRING_KEYS) {
      expect(_tablesForTests.en[key].trim(), key).not.toBe('');
      expect(_tablesForTests.zh[key].trim(), key).not.toBe('');
    }
    // Almost every Chinese string contains Han characters (the exceptions are names and the language switch).
    const latinOnly = STRING_KEYS.filter((k) => !/\p{Script=Han}/u.test(_tablesForTests.zh[k]));
    expect(latinOnly.sort()).toEqual(['appName', 'header.switchTo', 'options.langEn'].sort());
  });

  it('placeholders match between languages and are filled in', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of STRING_KEYS) expect(names(_tablesForTests.zh[key]), key).toEqual(names(_tablesForTests.en[key]));
    expect(t('en', 'site.off', { site: 'example.com' })).toBe('Turn off on example.com');
    expect(t('zh', 'flagged.count', { n: 3 })).toBe('已标记 3 处');
    expect(t('en', 'state.noHealth')).toBe('No health claims found on this page.');
  });

  it('Traditional characters for Taiwan, Hong Kong and Macau browsers', () => {
    for (const l of ['zh-TW', 'zh_TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW']) expect(prefersTraditional(l), l).toBe(true);
    for (const l of ['zh-CN', 'zh', 'zh-SG', 'zh-Hans', 'en-US']) expect(prefersTraditional(l), l).toBe(false);
    expect(t('zh', 'state.noHealth', undefined, true)).toBe('此頁面未發現健康說法。');
    expect(t('zh', 'site.off', { site: 'a.cn' }, true)).toBe('在 a.cn 停用');
    expect(translator('zh', true)('options.reportsHint')).toBe(
      '你標記為有誤的反饋只保存在本設備上。可以導出為文件發送給知識庫維護者;不會自動發送任何內容。',
    );
    // English is never touched, and neither are placeholders' values.
    expect(t('en', 'state.noHealth', undefined, true)).toBe('No health claims found on this page.');
    expect(t('zh', 'search.none', { q: '孕妇' }, true)).toBe('沒有與“孕妇”相關的條目。');
  });

  it('every Chinese UI character has a decided Traditional form', () => {
    const decided = new Set([...SIMPLIFIED_CONVERTED, ...SAME_IN_BOTH]);
    const undecided = new Set<string>();
    for (const key of STRING_KEYS) for (const c of _tablesForTests.zh[key].match(/\p{Script=Han}/gu) ?? []) if (!decided.has(c)) undecided.add(c);
    expect([...undecided].join(''), 'add these to SIMPLIFIED/TRADITIONAL or SAME_IN_BOTH in utils/i18n.ts').toBe('');
  });

  it('picks the bilingual text in the UI language', () => {
    expect(pick({ en: 'Pregnancy', zh: '孕妇' }, 'zh')).toBe('孕妇');
    expect(pick({ en: 'Pregnancy', zh: '孕妇' }, 'en')).toBe('Pregnancy');
    expect(pick({ en: 'Only English', zh: '' }, 'zh')).toBe('Only English');
    expect(pick(undefined, 'en')).toBe('');
  });
});

describe('manifest locales', () => {
  it('every locale has the same keys as the default (en), with Chinese text for zh_CN and zh_TW', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '../../public/_locales');
    const read = (l: string) => JSON.parse(readFileSync(join(dir, l, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
    const en = read('en');
    const locales = readdirSync(dir);
    expect(locales.sort()).toEqual(['en', 'zh_CN', 'zh_TW']);
    for (const l of locales) {
      const m = read(l);
      expect(Object.keys(m).sort(), l).toEqual(Object.keys(en).sort());
      for (const [key, v] of Object.entries(m)) {
        expect(v.message.trim(), `${l}.${key}`).not.toBe('');
        if (l !== 'en' && key !== 'contextMenuCheck') expect(v.message, `${l}.${key}`).toMatch(/\p{Script=Han}/u);
      }
    }
    expect(read('zh_CN').contextMenuCheck!.message).toMatch(/\p{Script=Han}/u);
  });
});
