/**
 * The engine on the second-edition sentences (topic-sentences.ts), with the real
 * compiled knowledge: myths flagged, refutations not flagged, consensus agreed,
 * in both languages, for every review area.
 *
 * Each sentence is analysed on a minimal vitiligo page (a one-word heading before
 * it), because the engine only reports on pages about the topic; the heading alone
 * produces no finding (checked below), so every finding comes from the sentence.
 */
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../utils/engine/analyze';
import type { FindingClass } from '../../utils/engine/types';
import { hasKnowledge, hasTopicReview, realKb, topicReview } from './topic-helpers';
import { TOPIC_SENTENCES, type TopicSentence } from './topic-sentences';

const isZh = (t: string) => /\p{Script=Han}/u.test(t);
const heading = (t: string) => (isZh(t) ? '白癜风。' : 'Vitiligo. ');

function classesOf(text: string): FindingClass[] {
  const pre = heading(text);
  const report = analyzeText(pre + text, realKb());
  return [...new Set(report.findings.filter((f) => f.start >= pre.length).map((f) => f.class))].sort();
}

function accepted(s: TopicSentence, got: FindingClass[]): boolean {
  if (got.length === 0) return s.expect.includes('none');
  return got.every((c) => s.expect.includes(c));
}

describe('topic sentences: structure', () => {
  it.each(Object.entries(TOPIC_SENTENCES))('%s has myth, refutation and consensus sentences in both languages', (_area, list) => {
    for (const role of ['myth', 'refute', 'consensus'] as const) {
      for (const zh of [true, false]) {
        const n = list.filter((s) => s.role === role && isZh(s.text) === zh).length;
        expect(n, `${role} ${zh ? 'zh' : 'en'}`).toBeGreaterThan(0);
      }
    }
  });

  it('labels myths with a flag class and refutations without one', () => {
    for (const list of Object.values(TOPIC_SENTENCES))
      for (const s of list) {
        const flags = s.expect.filter((c) => c === 'dubious' || c === 'nuance' || c === 'marketing');
        expect(flags.length > 0, s.text).toBe(s.role === 'myth');
      }
  });
});

if (!hasKnowledge) console.info('skipped: knowledge/generated/knowledge.json not built (npm run knowledge)');

describe.skipIf(!hasKnowledge)('topic sentences: engine classification (real knowledge)', () => {
  it('the page heading alone is not a finding', () => {
    expect(analyzeText('白癜风。', realKb()).findings).toEqual([]);
    expect(analyzeText('Vitiligo. ', realKb()).findings).toEqual([]);
  });

  for (const [area, list] of Object.entries(TOPIC_SENTENCES)) {
    it.each(list.map((s) => [s.role, s.text, s] as const))(`${area}: %s %s`, (_role, _text, s) => {
      const got = classesOf(s.text);
      expect(accepted(s, got), `got [${got.join(', ') || 'none'}], expected one of [${s.expect.join(', ')}]`).toBe(true);
    });
  }

  it('matches Traditional Chinese and common misspellings, not only the simplified spelling', () => {
    expect(classesOf('他克莫司軟膏會致癌')).toEqual(['dubious']);
    expect(classesOf('白癜風會傳染')).toEqual(['dubious']);
    expect(classesOf('吃褪黑激素可以補充黑色素')).toEqual(['dubious']);
    expect(classesOf('Pimecrolimus (Elidel) is the stronger upgrade of Protopic.')).toEqual(['dubious']);
    expect(classesOf('Homoeopathic remedies cured my vitiligo.')).toEqual(['dubious']);
    // Traditional forms of clinic wording and myths (Hong Kong / Taiwan pages).
    expect(classesOf('上傳白斑照片,醫生在線為您確診。')).toEqual(['marketing']);
    expect(classesOf('本院白癜風治癒率高達98%。')).toEqual(['marketing']);
    expect(classesOf('看看這些康復患者的前後對比')).toEqual(['marketing']);
    expect(classesOf('多吃黑芝麻黑豆補黑色素')).toEqual(['dubious']);
    expect(classesOf('白斑不及時治療會癌變')).toEqual(['dubious']);
    expect(classesOf('白癜風不會癌變。')).toEqual(['agrees']);
  });
});

/**
 * The review's own explanations are correct prose about exactly these topics: the
 * second-edition claims must not call them dubious or marketing. Known exception,
 * a limit of sentence-level matching rather than of the knowledge:
 */
const KNOWN_EXPLANATION_FLAGS: Record<string, string> = {
  // The pattern is named in order to debunk it; marketing claims have no debunking reading.
  'mkt_unneeded_tests/zh/mkt-unneeded-tests': 'pattern named to debunk it',
  'mkt_unneeded_tests/en/mkt-unneeded-tests': 'pattern named to debunk it',
};

describe.skipIf(!hasKnowledge || !hasTopicReview)('correct prose is not flagged (the review explanations, real knowledge)', () => {
  it('gives no dubious or marketing finding from a second-edition claim on the 280 explanations', () => {
    const flags: string[] = [];
    for (const r of topicReview() as unknown as Record<string, string>[]) {
      for (const lang of ['zh', 'en'] as const) {
        const text = r[`explanation_${lang}`] ?? '';
        const pre = lang === 'zh' ? '白癜风。' : 'Vitiligo. ';
        for (const f of analyzeText(pre + text, realKb()).findings) {
          if ((f.class === 'dubious' || f.class === 'marketing') && /^(tac|cmp|cam|diet|dis|mkt)-/.test(f.claim)) flags.push(`${r.id}/${lang}/${f.claim}`);
        }
      }
    }
    expect(flags.filter((k) => !(k in KNOWN_EXPLANATION_FLAGS))).toEqual([]);
  });
});

/** Sentences a vitiligo page may contain about other conditions or in plain description: never a flag. */
const NOT_FLAGGED = [
  '熬夜和压力大会导致失眠和焦虑。',
  '胃病患者要少吃橘子。',
  '甲减会导致乏力。',
  '红斑狼疮会侵犯内脏。',
  '海鲜会加重过敏。',
  '大剂量维生素C可以治疗坏血病。',
  '戒麸质能治好乳糜泻。',
  'Smoking makes lung disease worse.',
  'Seafood can trigger allergies in some people.',
  '他克莫司说明书中有关于恶性肿瘤的黑框警告。',
  '说明书仍建议避免紫外线治疗(出于理论上的致癌担忧)。',
  'APPLES followed 7,954 children using tacrolimus ointment: 6 cancers, no lymphoma.',
  'Eat a balanced diet and rely on proven treatments.',
  'Harmless general skin care, with one catch: tacrolimus should not go on infected skin.',
  // A negated cue in one clause, the drug named in the next: no cure claim is made.
  '白癜风无法根治,但他克莫司可以帮助复色。',
  'There is no cure, but tacrolimus helps many people.',
  'Vitiligo cannot be cured, but it can be treated: creams (steroids, tacrolimus, ruxolitinib) and phototherapy.',
  '白癜风目前无法根治,常用治疗包括外用药(激素、他克莫司、芦可替尼)和光疗。',
  '白癜风患者不需要特别忌口，维生素C也不用刻意回避。',
  // Correct statements typical of a good patient-information page.
  '白癜风目前无法根治,但规范治疗可以控制病情。',
  '他克莫司软膏适用于面部和颈部白斑,一般需要使用三到六个月。',
  '光疗需要每周两到三次,坚持数月才能见效。',
  '口服激素只在进展期短期使用。',
  '芦可替尼乳膏是一种JAK抑制剂,外用后吸收很少。',
  '补骨脂有光敏作用,服用期间要避免暴晒。',
  '白癜风与遗传有关,但患者的子女大多数不会发病。',
  '白癜风不会传染,也不会癌变。',
  '目前没有证据表明某种食物会加重白癜风。',
  '中药治疗白癜风的证据质量不高。',
  '移植手术适合稳定期患者,进展期不宜手术。',
  '308准分子激光适合面积较小的白斑。',
  '部分患者停药后会复发,因此需要维持治疗。',
  '维生素D水平偏低与白癜风有关,但补充维生素D不能治疗白癜风。',
  '银杏叶提取物的证据有限。',
  '伍德灯检查有助于诊断白癜风。',
  '白斑处皮肤容易晒伤,应注意防晒。',
  '他克莫司不能根治白癜风,停药后可能复发。',
  '顺势疗法对白癜风没有效果。',
  '他克莫司和吡美莫司都属于钙调神经磷酸酶抑制剂。',
  '芦可替尼乳膏在美国获批用于12岁以上的非节段型白癜风。',
  '激素药膏应在医生指导下限期使用,避免皮肤萎缩。',
  'Tacrolimus works best on the face and neck.',
  'Phototherapy usually takes several months to work.',
  'There is no evidence that any diet cures vitiligo.',
  'Vitiligo is not contagious and does not turn into cancer.',
  'Ruxolitinib cream is approved for non-segmental vitiligo from age 12.',
  'Most children of a parent with vitiligo never develop it.',
  'Grafting is reserved for stable vitiligo.',
];

describe.skipIf(!hasKnowledge)('plain or off-topic sentences on a vitiligo page (real knowledge)', () => {
  it.each(NOT_FLAGGED.map((t) => [t] as const))('%s', (text) => {
    expect(classesOf(text).filter((c) => c !== 'agrees')).toEqual([]);
  });
});

describe.skipIf(!hasKnowledge || !hasTopicReview)('the review statements themselves (real knowledge)', () => {
  const rows = hasTopicReview ? (topicReview() as unknown as Record<string, string>[]) : [];
  const onPage = (lang: 'zh' | 'en', text: string) => {
    const pre = lang === 'zh' ? '白癜风。' : 'Vitiligo. ';
    return analyzeText(pre + text, realKb()).findings.filter((f) => f.start >= pre.length);
  };

  it('flags every myth the review quotes ("Claim in circulation: …"), in both languages', () => {
    const missed: string[] = [];
    for (const r of rows.filter((x) => x.kind === 'dubious' || x.kind === 'nuance'))
      for (const lang of ['zh', 'en'] as const) {
        const raw = r[`statement_${lang}`] ?? '';
        const myth = raw.replace(/^(Claim in circulation( \(the opposite direction\))?: |流传说法(\(反方向\))?:)/, '');
        if (myth === raw) continue; // stated as a fact, not as a myth in circulation
        if (!onPage(lang, myth).some((f) => f.class !== 'agrees')) missed.push(`${r.id}/${lang}`);
      }
    expect(missed).toEqual([]);
  });

  it('never calls a consensus or caution statement of the review dubious or marketing', () => {
    const flagged: string[] = [];
    for (const r of rows.filter((x) => x.kind === 'consensus' || x.kind === 'caution'))
      for (const lang of ['zh', 'en'] as const)
        for (const f of onPage(lang, r[`statement_${lang}`] ?? ''))
          if (f.class === 'dubious' || f.class === 'marketing') flagged.push(`${r.id}/${lang}/${f.claim}`);
    expect(flagged).toEqual([]);
  });
});

/**
 * All 420 example phrasings of the review, each under a section heading that names
 * the drug or the disease (many phrasings leave the subject out, as page sections
 * do): a consensus or caution phrasing is never called dubious or marketing, and a
 * myth or marketing phrasing is never merely agreed with.
 */
const PITCH_UNDER_A_CAUTION = new Set([
  // cam_hidden_steroid warns about exactly this pitch; cam-steroid-free-pitch flags it as marketing.
  '纯中药药膏,不含任何激素',
  'Our herbal cream is 100% steroid-free',
]);

describe.skipIf(!hasKnowledge || !hasTopicReview)('every example phrasing of the review, under a section heading (real knowledge)', () => {
  const rows = hasTopicReview ? topicReview() : [];
  it('has 420 phrasings', () => {
    expect(rows.flatMap((r) => r.example_phrasings)).toHaveLength(420);
  });
  // Nuance phrasings may fairly be read either way, so they are checked in topic-sentences.ts instead.
  const checked = rows.filter((r) => r.kind !== 'nuance');
  it.each(checked.flatMap((r) => r.example_phrasings.map((p) => [r.id, p, r.kind] as const)))('%s: %s', (id, phrasing, kind) => {
    const zh = isZh(phrasing);
    const head = id.startsWith('tac_') ? (zh ? '他克莫司软膏\n' : 'Tacrolimus ointment\n') : id.startsWith('cmp_rux') ? (zh ? '芦可替尼乳膏\n' : 'Ruxolitinib cream\n') : zh ? '白癜风\n' : 'Vitiligo\n';
    const got = [...new Set(analyzeText(head + phrasing, realKb()).findings.filter((f) => f.start >= head.length).map((f) => f.class))];
    if ((kind === 'consensus' || kind === 'caution') && !PITCH_UNDER_A_CAUTION.has(phrasing))
      expect(got.filter((c) => c === 'dubious' || c === 'marketing')).toEqual([]);
    if (kind === 'dubious' || kind === 'marketing') expect(got).not.toEqual(['agrees']);
  });
});
