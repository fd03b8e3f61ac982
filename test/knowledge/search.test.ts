/**
 * The side panel's search box finds the core entries from what a reader would
 * type, in Chinese and in English: the myths, the cautions the seed pages leave
 * out and the product-card consensus. Queries are short and in a reader's words,
 * not the statements.
 */
import { describe, expect, it } from 'vitest';
import { searchKnowledge } from '../../utils/engine/search';
import { knowledge } from './helpers';

const QUERIES: Record<string, { zh: string; en: string }> = {
  'tacrolimus-does-not-regenerate-melanocytes': { zh: '他克莫司 黑色素 再生', en: 'does tacrolimus regrow melanocytes' },
  'vitiligo-is-immune-deficiency': { zh: '白癜风 免疫力低', en: 'vitiligo weak immune system' },
  'boost-immunity-for-vitiligo': { zh: '增强免疫力 白癜风', en: 'boost immunity vitiligo' },
  'microemulsion-full-name': { zh: '他克莫司微乳剂', en: 'tacrolimus microemulsion' },
  'phototherapy-two-hour-gap': { zh: '他克莫司 光疗 间隔两小时', en: 'tacrolimus phototherapy two hours apart' },
  'regular-blood-tests-needed': { zh: '他克莫司 查肝肾功能', en: 'tacrolimus blood tests liver kidney' },
  'avoid-vitamin-c': { zh: '白癜风 不能吃维生素C', en: 'vitiligo avoid vitamin C' },
  'black-foods-restore-pigment': { zh: '白癜风 吃黑芝麻', en: 'black sesame vitiligo' },
  'copper-supplements-treat-vitiligo': { zh: '白癜风 补铜', en: 'copper supplement vitiligo' },
  'heritability-very-low': { zh: '白癜风 遗传率', en: 'vitiligo heritability' },
  'vitiligo-not-contagious': { zh: '白癜风 传染吗', en: 'is vitiligo contagious' },
  'tacrolimus-is-a-steroid': { zh: '他克莫司 是激素吗', en: 'is tacrolimus a steroid' },
  'vitiligo-untreatable': { zh: '白癜风 绝症', en: 'vitiligo untreatable' },
  'boxed-warning-long-term-safety': { zh: '他克莫司 黑框警告', en: 'protopic boxed warning' },
  'not-under-two': { zh: '他克莫司 2岁以下儿童', en: 'tacrolimus children under 2' },
  'alcohol-flushing': { zh: '他克莫司 喝酒 脸红', en: 'tacrolimus alcohol flushing' },
  'not-on-infected-skin': { zh: '他克莫司 感染的皮肤', en: 'tacrolimus infected skin' },
  'moisturiser-two-hours-apart': { zh: '他克莫司 保湿霜 间隔', en: 'moisturiser tacrolimus two hours' },
  'twice-weekly-maintenance': { zh: '他克莫司 每周两次 维持', en: 'tacrolimus twice weekly maintenance' },
  'ruxolitinib-first-approved-repigmentation': { zh: '芦可替尼乳膏 白癜风', en: 'ruxolitinib cream vitiligo' },
  'forbidden-in-pregnancy-breastfeeding': { zh: '孕妇 他克莫司 禁用', en: 'tacrolimus pregnancy breastfeeding' },
  'relapse-after-stopping': { zh: '他克莫司 停药 复发', en: 'stopping tacrolimus relapse' },
};

const TOP = 10;

const cases = Object.entries(QUERIES).flatMap(([id, q]) => [[id, 'zh', q.zh] as const, [id, 'en', q.en] as const]);

describe('side panel search finds the core entries', () => {
  it('queries only entries that exist', () => {
    const ids = new Set(knowledge().claims.map((c) => c.id));
    expect(Object.keys(QUERIES).filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(cases)('%s (%s)', (id, _lang, query) => {
    const found = searchKnowledge(knowledge().kb, query, TOP).map((h) => h.claim.id);
    expect(found, `query "${query}"`).toContain(id);
  });
});
