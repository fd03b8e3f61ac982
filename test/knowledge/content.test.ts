/**
 * What the knowledge must say, checked through the engine as a user would meet
 * it: the product-card consensus, the cautions the seed pages leave out, and
 * cues that generalise beyond the seed wording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDocument, analyzeText } from '../../utils/engine/analyze';
import { passesGate } from '../../utils/engine/gate';
import { loadGateFile, parseDocument } from '../../utils/cli/node-knowledge';
import { matchSentence } from '../../utils/engine/match';
import { splitSentences } from '../../utils/engine/segment';
import { resolveThresholds } from '../../utils/engine/thresholds';
import { claim, hasShared, knowledge, SHARED } from './helpers';

/** The finding classes the engine gives a sentence, with the claims behind them. */
function read(text: string): string[] {
  return analyzeText(text, knowledge().kb).findings.map((f) => `${f.class}:${f.claim}`);
}

/** Every claim a text matches and the class each would give, before overlapping matches are resolved. */
function matches(text: string): string[] {
  return splitSentences(text).flatMap((s) =>
    matchSentence(knowledge().kb, s, resolveThresholds()).matches.map((m) => `${m.cls ?? 'none'}:${m.prepared.claim.id}`),
  );
}

describe('product-card consensus', () => {
  const id = 'tacrolimus-does-not-regenerate-melanocytes';

  it('reads as a dermatologist would put it, in both languages', () => {
    const c = claim(id);
    expect(c.kind).toBe('consensus');
    expect(c.statement.en).toBe(
      'Tacrolimus is an immunosuppressant (a calcineurin inhibitor) and does not directly regenerate melanocytes; repigmentation comes from surviving melanocytes once the immune attack is calmed.',
    );
    expect(c.statement.zh).toContain('钙调神经磷酸酶抑制剂');
    expect(c.statement.zh).toContain('残存的黑素细胞');
    expect(c.references.length).toBeGreaterThan(2);
  });

  it('agrees with a page that denies regeneration, and does not agree with one that asserts it', () => {
    expect(read('他克莫司软膏并不能让黑素细胞再生，它的作用是抑制免疫。')).toContain(`agrees:${id}`);
    expect(read('Tacrolimus does not regenerate melanocytes.')).toContain(`agrees:${id}`);
    const asserted = read('他克莫司可以让黑色素细胞再生。');
    expect(asserted).not.toContain(`agrees:${id}`);
    expect(asserted).toContain('nuance:treatment-creates-new-melanocytes');
  });
});

describe('cautions and consensus points the seed pages leave out', () => {
  // Each must exist, carry a reference, and be recognised when a page does say it.
  const cases: { id: string; kind: string; zh: string; en: string }[] = [
    { id: 'boxed-warning-long-term-safety', kind: 'caution', zh: '他克莫司软膏的说明书有一个黑框警告。', en: 'Protopic carries a boxed warning about long-term safety.' },
    { id: 'not-under-two', kind: 'caution', zh: '他克莫司软膏不能用于2岁以下的孩子。', en: 'Tacrolimus ointment is not recommended for children under 2.' },
    { id: 'alcohol-flushing', kind: 'caution', zh: '涂他克莫司期间喝酒，脸上可能会潮红。', en: 'Drinking alcohol while on tacrolimus may cause facial flushing.' },
    { id: 'not-on-infected-skin', kind: 'caution', zh: '他克莫司不要涂在感染的皮肤上。', en: 'Do not apply tacrolimus to infected skin.' },
    { id: 'moisturiser-two-hours-apart', kind: 'caution', zh: '保湿霜要和他克莫司间隔两个小时。', en: 'Keep your moisturiser two hours apart from tacrolimus.' },
    { id: 'twice-weekly-maintenance', kind: 'consensus', zh: '复色以后每周两次涂他克莫司维持，可以减少复发。', en: 'After repigmentation, tacrolimus twice weekly helps prevent relapse.' },
    { id: 'ruxolitinib-first-approved-repigmentation', kind: 'consensus', zh: '芦可替尼乳膏是首个获批用于白癜风复色的药物。', en: 'Ruxolitinib cream was approved for vitiligo in 2022.' },
  ];

  it.each(cases)('$id', ({ id, kind, zh, en }) => {
    const c = claim(id);
    expect(c.kind).toBe(kind);
    expect(c.references.length).toBeGreaterThan(0);
    // Other entries (the second review's) may make the same point; this one must match, and
    // what the reader sees must not be a flag.
    for (const text of [zh, en]) {
      expect(matches(text), text).toContain(`agrees:${id}`);
      const shown = read(`他克莫司 白癜风 tacrolimus vitiligo。${text}`);
      expect(shown.length, text).toBeGreaterThan(0);
      expect(shown.filter((f) => !f.startsWith('agrees:')), text).toEqual([]);
    }
  });

  it('says the 2-hour rule on the label is about moisturisers, and the phototherapy gap is a myth', () => {
    expect(claim('moisturiser-two-hours-apart').statement.en).toMatch(/only 2-hour rule/);
    expect(read('他克莫司和光疗之间要间隔两个小时。')).toContain('dubious:phototherapy-two-hour-gap');
    expect(read('他克莫司和光疗之间不需要间隔两个小时。')).not.toContain('dubious:phototherapy-two-hour-gap');
  });

  it('dates ruxolitinib\'s approval (July 2022) and says it was the first', () => {
    const c = claim('ruxolitinib-first-approved-repigmentation');
    expect(c.statement.en).toMatch(/first approved.*2022/);
    expect(c.references).toContain('R21');
  });

  it.skipIf(!hasShared)('lists them as relevant on a tacrolimus page that never mentions them (seed 000)', () => {
    const html = readFileSync(join(SHARED, 'seeds/html/000.html'), 'utf8');
    const report = analyzeDocument(parseDocument(html), knowledge().kb);
    for (const id of cases.map((c) => c.id)) expect(report.relevant, id).toContain(id);
    expect(report.claims['boxed-warning-long-term-safety']?.grade).toBe('label');
  });
});

describe('cues generalise', () => {
  it('recognises myths in paraphrase, English, Traditional Chinese and misspellings', () => {
    expect(read('白癜風患者應該多吃黑芝麻、核桃這些黑色食物。')).toContain('dubious:black-foods-restore-pigment');
    expect(read('Eating black sesame and walnuts helps vitiligo patches regain colour.')).toContain('dubious:black-foods-restore-pigment');
    expect(read('用普特彼期间要定期抽血检查肝肾功能。')).toContain('dubious:regular-blood-tests-needed');
    expect(read('白殿风是免疫力低下引起的。')).toContain('dubious:vitiligo-is-immune-deficiency');
    expect(read('Vitiligo is contagious.')).toContain('dubious:vitiligo-not-contagious');
    expect(read('他克莫司属于激素类药物。')).toContain('dubious:tacrolimus-is-a-steroid');
    expect(read('Tacrolimus is a steroid cream.')).toContain('dubious:tacrolimus-is-a-steroid');
    expect(read('白癜风是绝症，没法治。')).toContain('dubious:vitiligo-untreatable');
  });

  it('does not flag a myth that a page refutes, a question, or a correct statement that shares its words', () => {
    for (const text of [
      '口服他克莫司的器官移植患者需要定期监测肝肾功能和血药浓度。',
      '白癜风的遗传率其实很高，但亲属患病的绝对风险不高。',
      '银屑病与白癜风不容易混淆，银屑病是红斑鳞屑。',
      'Psoriasis is rarely mistaken for vitiligo.',
      'Copper supplements have not been shown to help vitiligo.',
      '他克莫司软膏的说明书适应症是特应性皮炎，白癜风属于超说明书用药。',
      'Ruxolitinib cream was approved for vitiligo in 2022.',
      '治疗白癜风需要调节免疫，而不是增强免疫力。',
      '他克莫司不属于激素，比激素药膏更适合面部。',
      '与激素类药物相比，他克莫司不会引起皮肤萎缩。',
      '白癜风并不是绝症，可以治疗。',
      '白癜风治不好，只能控制。',
      '黑芝麻营养丰富，但不能治疗白癜风。',
      '长期大面积使用他克莫司可能增加吸收，不用担心小面积使用。',
      'Black sesame and walnuts are healthy foods but will not restore pigment.',
      '白癜风不会传染。',
      '白癜风目前还不能根治，但可以控制。',
      '说多吃黑芝麻能治白癜风，其实没有科学依据。',
      '他克莫司需要定期检查肝肾功能吗？',
      '白癜风患者不需要增强免疫力，因为这是免疫过度。',
    ]) {
      const flagged = read(`他克莫司 白癜风 tacrolimus vitiligo。${text}`).filter((f) => !f.startsWith('agrees:'));
      expect(flagged, text).toEqual([]);
    }
  });

  it.skipIf(!hasShared)('never uses a labelled seed sentence as a phrasing or a cue term', () => {
    const quotes = readFileSync(join(SHARED, 'eval/seed-labels.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { quote: string }).quote)
      .filter((q) => q.length >= 12);
    const { artifact } = knowledge();
    const texts = [
      ...artifact.claims.flatMap((c) => c.phrasings ?? []),
      ...artifact.claims.flatMap((c) => c.cues.flat().filter((t) => t.startsWith('='))),
      ...Object.values(artifact.concepts).flatMap((c) => c.terms),
    ];
    const copied = texts.filter((t) => quotes.some((q) => t.includes(q) || (t.length >= 12 && q.includes(t))));
    expect(copied).toEqual([]);
  });

  it('never flags our own explanations as dubious (they are correct text that names the myths)', () => {
    const core = knowledge().claims.filter((c) => !c.topic.startsWith('topic-'));
    const coreIds = new Set(core.map((c) => c.id));
    const flagged: string[] = [];
    for (const c of core)
      for (const text of [c.explanation.zh, c.explanation.en, c.consensus?.zh, c.consensus?.en]) {
        if (!text) continue;
        for (const f of read(`白癜风 他克莫司 vitiligo tacrolimus。${text}`))
          if (f.startsWith('dubious:') && coreIds.has(f.slice('dubious:'.length))) flagged.push(`${c.id}: ${f}`);
      }
    expect(flagged).toEqual([]);
  });

  it('writes every user-facing text in both languages (not swapped)', () => {
    const han = /\p{Script=Han}/u;
    for (const c of knowledge().claims) {
      for (const field of ['statement', 'explanation', 'consensus'] as const) {
        const b = c[field];
        if (!b) continue;
        expect(han.test(b.zh), `${c.id}.${field}.zh`).toBe(true);
        expect(b.en.replace(/[^\p{Script=Han}]/gu, '').length, `${c.id}.${field}.en`).toBeLessThan(8);
        expect(b.en, `${c.id}.${field}.en`).toMatch(/[a-z]{3}/);
      }
    }
  });
});

/** Paraphrases written after the cues, never tuned on the seed wording: a page on the topic saying them is flagged. */
const MYTHS = [
  '他克莫司可以放心长期大面积涂抹，不用担心。',
  'You can safely use tacrolimus long-term on large areas.',
  '涂他克莫司后要隔两个小时再照光。',
  '照完光疗至少等两小时才能擦他克莫司。',
  'Wait at least two hours between tacrolimus and your UVB session.',
  '他克莫司的正式名称叫他克莫司微乳剂。',
  '白癜风是因为抵抗力差引起的。',
  '白癜风说明免疫功能不足。',
  'People with vitiligo have a weakened immune system.',
  '平时要多吃提高免疫力的东西，白斑才会好。',
  'Patients should strengthen their immune system to fight vitiligo.',
  '得了白癜风不能吃橙子。',
  '白癜风忌口：少吃含维C的水果。',
  'Vitamin C should be avoided by vitiligo patients.',
  '多吃黑豆黑米，有助于白斑变黑。',
  'Eating walnuts and black beans can help restore pigment.',
  '补锌补铜可以治疗白癜风。',
  'He needs copper tablets to treat his vitiligo.',
  '白癜风遗传率只有百分之几。',
  'The heritability of vitiligo is only about 5%.',
  '白癜风是会传染的，不要和患者共用毛巾。',
  'You can catch vitiligo by touching someone who has it.',
  'While on Protopic you need monthly kidney function monitoring.',
  '白癜风能彻底根治。',
  'This cream can permanently cure vitiligo.',
  '他克莫司本质上是一种激素。',
  'Protopic is a type of steroid.'
];
const NUANCES = [
  '他克莫司能促进新的黑素细胞生成。',
  '他克莫司说明书的适应症：白癜风。',
  '他克莫司也能治疗银屑病和特应性皮炎。',
  '节段型白癜风用他克莫司效果最好。',
  '病程越短、白斑越小，治疗效果越好。',
  '小孩子比大人更容易治好。',
  '他克莫司只能控制症状，并不能真正治疗。',
  '孕妇绝对不能用他克莫司。',
  'Tacrolimus must not be used during pregnancy or breastfeeding.',
  '他克莫司会增加皮肤对阳光的敏感度。',
  'Tacrolimus makes your skin sensitive to UV light.',
  '他克莫司软膏非常安全，可以放心长期使用。',
  '白斑消失后停药，效果一般能维持。',
  '白癜风极少会自己好。',
  '熬夜会加重白癜风。',
  'Lack of sleep can make vitiligo worse.',
  '光疗的副作用一般很轻微。',
  '维生素D3类似物和他克莫司联合使用效果更好。',
  '移植前后涂他克莫司可以提高存活率。',
  '激光后的色素脱失用他克莫司有帮助。',
  '激光后白斑主要是炎症导致的。',
  '父母都有白癜风，孩子得病的可能性很高。',
  '白癜风不影响身体健康。'
];

describe('paraphrased myths and overstatements on a page about the topic', () => {
  const onTopic = (t: string) => read(`白癜风 他克莫司 激光后色素脱失 vitiligo tacrolimus。${t}`);
  it.each(MYTHS)('dubious: %s', (text) => {
    expect(onTopic(text).some((f) => f.startsWith('dubious:'))).toBe(true);
  });
  it.each(NUANCES)('nuance: %s', (text) => {
    const found = onTopic(text);
    expect(found.some((f) => f.startsWith('nuance:')), found.join(', ')).toBe(true);
    expect(found.some((f) => f.startsWith('dubious:')), found.join(', ')).toBe(false);
  });
});

describe.skipIf(!hasShared)('gate', () => {
  it('opens on every seed page and on none of the 130 unrelated pages', () => {
    const gate = loadGateFile();
    for (const f of readdirSync(join(SHARED, 'seeds/html')))
      expect(passesGate(parseDocument(readFileSync(join(SHARED, 'seeds/html', f), 'utf8')), gate), f).toBe(true);
    const dir = join(SHARED, 'corpus/web-pages');
    const opened = readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .filter((f) => passesGate(parseDocument(readFileSync(join(dir, f), 'utf8')), gate));
    expect(opened).toEqual([]);
    // Parsing 135 pages takes a few seconds, more on a loaded CI machine.
  }, 60_000);
});
