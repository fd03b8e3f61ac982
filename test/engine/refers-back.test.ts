import { describe, expect, it } from 'vitest';
import { questionRefersBack, referenceEnd } from '../../utils/engine/refers-back';

describe('referenceEnd', () => {
  it.each([
    '它不是激素',
    '答：它会让皮肤变薄吗',
    '本品外用不会进入血液',
    '亲，本品外用不会进入血液',
    '用药期间要定期复查',
    '为了安全，用药期间要定期复查',
    'so it works slowly',
    '這種藥膏要擦很久',
    '1. 这款药很温和',
    '我这个病就是熬夜熬出来的',
    'it causes lymphoma',
    '"it works"',
    'this cream can regrow pigment',
    'the condition is not contagious',
    '这玩意儿就是抗排异药',
    '這東西擦久了會變薄',
  ])('a sentence opening with a pronoun refers back: %s', (text) => {
    expect(referenceEnd(text)).toBeGreaterThanOrEqual(0);
  });

  it.each([
    'it is important to use sunscreen',
    "it's true that tacrolimus helps",
    'it takes months',
    'it seems to work',
    'italy is nice',
    '其他药物也可以',
    '激素会让皮肤变薄',
    '激素药膏，它会让皮肤变薄',
  ])('an empty "it", a word starting with "it" or a new subject does not: %s', (text) => {
    expect(referenceEnd(text)).toBe(-1);
  });
});

describe('questionRefersBack', () => {
  it.each(['用这个药要不要定期查肝肾功能?', '這款藥膏孕婦能擦嗎?', 'can i use this cream on my face?'])('%s asks about the medicine named before', (q) =>
    expect(questionRefersBack(q)).toBe(true),
  );
  it.each(['is it true that vitiligo spreads?', '这样做有用吗?', '白斑会传染吗?'])('%s does not', (q) => expect(questionRefersBack(q)).toBe(false));
});
