/**
 * Core myths a reviewer found missed or misread, with paraphrases (Simplified,
 * Traditional, English): the myth is flagged with the right class, a page that
 * refutes it agrees (or says nothing), and correct sentences sharing its words
 * are never flagged. Each sentence is read on a page about the topic.
 */
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../utils/engine/analyze';
import { knowledge } from './helpers';

const PAGE = '白癜风 他克莫司 vitiligo tacrolimus。';

function shown(text: string): string[] {
  return analyzeText(`${PAGE}${text}`, knowledge().kb).findings.map((f) => `${f.class}:${f.claim}`);
}

interface Area {
  name: string;
  /** The claim that must flag the myths, and the class it gives. */
  claim: string;
  cls: 'dubious' | 'nuance';
  myths: string[];
  /** Sentences that deny the myth: shown as agrees with the claim (never flagged). */
  refutations: string[];
  /** Correct sentences using the same words: no flag of any kind. */
  correct: string[];
}

const AREAS: Area[] = [
  {
    name: 'vitamin C makes vitiligo worse',
    claim: 'vitamin-c-worsens-vitiligo',
    cls: 'dubious',
    myths: [
      '吃维生素C会加重白癜风',
      '吃維生素C會加重白癜風',
      '白癜风患者多吃橙子会让病情恶化。',
      '白癜風患者吃柑橘會讓病情惡化。',
      'Eating vitamin C makes vitiligo worse.',
      'Oranges and lemons aggravate vitiligo.',
    ],
    refutations: ['没有证据表明维生素C会加重白癜风。', 'There is no evidence that vitamin C makes vitiligo worse.'],
    correct: [
      '吃维生素C不会加重白癜风。',
      '维生素C不会让白癜风恶化，可以正常吃水果。',
      '晒伤会加重白癜风，橙子等水果可以正常吃。',
      '晒伤会加重白癜风，多吃水果和维生素C对健康有益。',
      'Sunburn can make vitiligo worse; oranges are fine to eat.',
      '維生素C會加重白癜風嗎？',
    ],
  },
  {
    name: 'vitiligo is always inherited',
    claim: 'vitiligo-always-inherited',
    cls: 'dubious',
    myths: [
      '白癜风一定会遗传给孩子',
      '白癜風一定會遺傳給孩子',
      '得了白癜风，孩子肯定会被遗传。',
      '白癜风会百分之百遗传给下一代。',
      'Vitiligo is always passed on to your children.',
      'If you have vitiligo, your children will definitely inherit it.',
    ],
    refutations: [
      '白癜风不一定会遗传给孩子。',
      '白癜風不一定會遺傳給孩子。',
      '白癜风有一定遗传性，但不是一定会遗传。',
      '白癜风并非一定会遗传给下一代。',
      'Vitiligo is not always passed on to children.',
      'It is a myth that vitiligo is always inherited.',
    ],
    correct: [
      '白癜风有一定的遗传倾向，但大多数患者的孩子不会得病。',
      '白癜风不及时治疗一定会扩散，它也有遗传倾向。',
      '白癜风一定会遗传吗？',
      'Most children of parents with vitiligo will never develop it.',
    ],
  },
  {
    name: 'tacrolimus is safe for babies under 2',
    claim: 'safe-under-two',
    cls: 'dubious',
    myths: [
      'Tacrolimus ointment is safe for babies under 2.',
      '他克莫司软膏对2岁以下的宝宝也很安全。',
      '两岁以下的婴儿也可以放心使用他克莫司。',
      '兩歲以下的嬰兒也可以放心使用他克莫司軟膏。',
      'Protopic can be used safely in children under two.',
      'Tacrolimus is fine for infants under 2 years old.',
      '2岁以下的孩子也能用他克莫司软膏。',
    ],
    refutations: ['Tacrolimus is not safe for babies under 2.'],
    correct: [
      '他克莫司软膏不能用于2岁以下的孩子。',
      'Tacrolimus ointment is not recommended for children under 2.',
      '2岁以下儿童禁用他克莫司软膏，2岁以上可以使用0.03%浓度。',
      '不满2岁的孩子不建议使用他克莫司软膏，2岁以上可以使用0.03%的浓度。',
      'Protopic is not approved for children under 2; it is safe for older children when used as directed.',
      '他克莫司对2岁以下婴儿的安全性尚未确立。',
      'The safety of tacrolimus in babies under 2 has not been established.',
      '2岁以下的宝宝不可以用他克莫司，也不安全。',
      '两岁以下的宝宝能用他克莫司吗？',
      '两岁以下的宝宝也可以用保湿霜，他克莫司则不建议使用。',
      'The ointment is not approved for babies under 2, though hydrocortisone is safe for infants.',
    ],
  },
  {
    name: 'pregnant women can use tacrolimus freely',
    claim: 'pregnancy-use-freely',
    cls: 'dubious',
    myths: [
      'Pregnant women can use tacrolimus freely.',
      'Tacrolimus is completely safe during pregnancy.',
      '孕妇可以放心使用他克莫司。',
      '怀孕期间可以随便用他克莫司软膏。',
      '孕婦可以放心使用他克莫司軟膏。',
      '孕期涂他克莫司完全没问题，不用担心。',
      'If you are pregnant, you can keep using Protopic without any worry.',
      '怀孕的准妈妈也可以放心涂普特彼。',
    ],
    refutations: [
      '孕妇不可随意使用他克莫司。',
      'Pregnant women should not use tacrolimus freely; ask your doctor first.',
      '孕婦不能隨便使用他克莫司軟膏。',
    ],
    correct: [
      '孕期使用他克莫司并非完全安全，需要医生评估。',
      'Tacrolimus is not completely safe in pregnancy.',
      '孕妇使用他克莫司前应咨询医生。',
      'Tacrolimus is not recommended during pregnancy unless clearly needed.',
      '怀孕期间能否使用他克莫司，需要医生评估。',
      '孕妇应慎用他克莫司软膏。',
      '孕妇可以放心使用他克莫司吗？',
      '孕妇如需使用他克莫司，请放心咨询医生，遵医嘱小面积使用。',
      '孕期可以放心使用保湿霜，他克莫司则应咨询医生。',
      'Sunscreen can be used freely during pregnancy; ask before using tacrolimus.',
    ],
  },
  {
    name: 'tacrolimus is a steroid',
    claim: 'tacrolimus-is-a-steroid',
    cls: 'dubious',
    myths: [
      '他克莫斯软膏是激素药，不能长期用。',
      '他克莫司是激素类药膏。',
      '他克莫司是類固醇藥膏。',
      '他克莫司軟膏是激素，長期用不好。',
      'Tacrolimus is a steroid-based cream.',
    ],
    refutations: ['他克莫司不是激素类药物。', '他克莫司并不是激素，而是免疫调节剂。'],
    correct: [
      '他克莫司不是激素。',
      '他克莫司是激素的良好替代。',
      '他克莫司是激素以外的另一种选择。',
      '他克莫司是激素吗？',
      // A list after the copula: what is prescribed, not what tacrolimus is.
      '门诊最常开的是激素软膏、他克莫司软膏和保湿霜。',
      '首选的是糖皮质激素和他克莫司，效果不好再加光疗。',
    ],
  },
  {
    name: 'tacrolimus thins the skin',
    claim: 'tacrolimus-thins-skin',
    cls: 'dubious',
    myths: [
      '白癜风。他克莫司是激素，会让皮肤变薄。',
      '他克莫司軟膏是激素，會讓皮膚變薄。',
      '他克莫司不是激素，但会让皮肤变薄',
      '他克莫司会让皮肤变薄。',
      '长期涂他克莫司会导致皮肤萎缩。',
      '他克莫司和激素一样会让皮肤变薄。',
      '長期使用他克莫司會導致皮膚萎縮。',
      'Tacrolimus is a steroid, so it thins the skin.',
      'Tacrolimus thins the skin.',
      'Tacrolimus is not a steroid, but it still thins the skin.',
      'Long-term tacrolimus use causes skin atrophy.',
      'Like steroids, tacrolimus can thin your skin.',
    ],
    refutations: ['有人说他克莫司会让皮肤变薄，其实这是误区。'],
    correct: [
      '他克莫司不是激素，不会让皮肤变薄。',
      '他克莫司不会让皮肤变薄。',
      '他克莫司不会像激素一样让皮肤变薄。',
      '激素会让皮肤变薄，而他克莫司不会。',
      '长期使用激素容易造成皮肤萎缩等不良反应,而他克莫司相对柔和。',
      '与激素类药物相比，他克莫司不会引起皮肤萎缩。',
      '激素和他克莫司不同，激素会让皮肤变薄。',
      '长期外用强效激素可能使皮肤萎缩变薄，他克莫司不会。',
      '他克莫司可以用于面部，不会像激素那样让皮肤变薄。',
      '他克莫司会有轻微刺痛，而激素会让皮肤变薄。',
      '他克莫司会引起烧灼感，激素容易让皮肤变薄。',
      '他克莫司会让皮肤暂时发红，激素则会让皮肤变薄。',
      '他克莫司会让皮肤有烧灼感，但不会让皮肤变薄。',
      '他克莫司軟膏不會讓皮膚變薄，適合面部使用。',
      'Tacrolimus can cause skin burning, but it does not thin the skin.',
      '他克莫司适合面部和眼周等皮肤较薄的部位。',
      '他克莫司会让皮肤变薄吗？',
      'Steroids can thin the skin; tacrolimus does not.',
      'Unlike steroids, tacrolimus does not thin the skin.',
      'Tacrolimus does not thin the skin.',
      'Tacrolimus can cause burning at first, while steroids thin the skin.',
      'Strong steroid creams thin the skin, so doctors use tacrolimus on the face instead.',
      'Tacrolimus is preferred on thin skin such as the eyelids.',
    ],
  },
];

describe.each(AREAS)('$name', ({ claim, cls, myths, refutations, correct }) => {
  it.each(myths)(`flags the myth: %s`, (text) => {
    expect(shown(text)).toContain(`${cls}:${claim}`);
  });
  it.each(refutations)('agrees with the refutation: %s', (text) => {
    const found = shown(text);
    expect(found).toContain(`agrees:${claim}`);
    expect(found.filter((f) => !f.startsWith('agrees:'))).toEqual([]);
  });
  it.each(correct)('does not flag the correct sentence: %s', (text) => {
    expect(shown(text).filter((f) => !f.startsWith('agrees:'))).toEqual([]);
  });
});

describe('common misspellings of the disease name', () => {
  it.each(['白殿疯', '白癜疯', '白颠疯', '白巅疯'])('a page writing only %s is on topic and its myths are flagged', (name) => {
    const report = analyzeText(`${name}会传染，要远离${name}患者。`, knowledge().kb);
    expect(report.topics.map((t) => t.id)).toContain('vitiligo');
    expect(report.findings.some((f) => f.class === 'dubious')).toBe(true);
  });
});

describe('relapse after stopping, in English', () => {
  it.each([
    'Vitiligo often returns after treatment stops, so your dermatologist may recommend maintenance treatment.',
    'The patches may come back when treatment ends.',
  ])('agrees: %s', (text) => {
    expect(shown(text)).toEqual(['agrees:relapse-after-stopping']);
  });
});
