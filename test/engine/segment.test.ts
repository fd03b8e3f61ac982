import { describe, expect, it } from 'vitest';
import { limitLength, splitSentences, words } from '../../utils/engine/segment';

function texts(text: string) {
  return splitSentences(text).map((s) => s.text);
}

describe('splitSentences', () => {
  it('splits Chinese at 。！？； and keeps exact offsets', () => {
    const text = '白癜风不会传染。他克莫司能让黑色素再生吗？不能！注意防晒；避免暴晒…';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['白癜风不会传染。', '他克莫司能让黑色素再生吗？', '不能！', '注意防晒；', '避免暴晒…']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits English at full stops but not inside numbers or abbreviations', () => {
    const text = 'Use the 0.1% ointment, e.g. on the face. Dr. Li agrees! Does it work? Yes.';
    expect(texts(text)).toEqual(['Use the 0.1% ointment, e.g. on the face.', 'Dr. Li agrees!', 'Does it work?', 'Yes.']);
  });

  it('treats the ASCII ? and ; the seed pages use inside Chinese as sentence ends, and the ASCII comma as a clause break', () => {
    const text = '他克莫司软膏可以让黑色素再生吗?再次注意,他克莫司软膏并不能直接让黑色素再生;谢谢';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['他克莫司软膏可以让黑色素再生吗?', '再次注意,他克莫司软膏并不能直接让黑色素再生;', '谢谢']);
    const clauses = (sentences[1]?.clauses ?? []).map((c) => text.slice(c.start, c.end));
    expect(clauses).toEqual(['再次注意,', '他克莫司软膏并不能直接让黑色素再生;']);
  });

  it('keeps mixed Chinese/English text and line breaks apart', () => {
    const text = '  标题\n配合窄谱中波紫外线光疗(NB-UVB)效果更好。It helps.\n\n  ';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['标题', '配合窄谱中波紫外线光疗(NB-UVB)效果更好。', 'It helps.']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('gives a quotation mark opening a line to that line, not to the one before', () => {
    const text = 'Myth-busting\n"You can catch it from a towel."\nWrong.';
    expect(splitSentences(text).map((s) => s.text)).toEqual(['Myth-busting', '"You can catch it from a towel."', 'Wrong.']);
    expect(splitSentences('他说会传染。”\n其实不会。').map((s) => s.text)).toEqual(['他说会传染。”', '其实不会。']);
  });

  it('does not break a thousands separator into clauses', () => {
    const [s] = splitSentences('About 1,000 people took part, and most improved.');
    expect(s?.clauses.length).toBe(2);
  });

  it('keeps a list joined by 、 in one clause, so a negation before it governs every item', () => {
    const [s] = splitSentences('白蚀是自身免疫病，不会经接触、共用物品或游泳传染。');
    expect(s?.clauses.map((c) => s.text.slice(c.start - s.start, c.end - s.start))).toEqual(['白蚀是自身免疫病，', '不会经接触、共用物品或游泳传染。']);
  });

  it('cuts over-long run-on text at clause boundaries, keeping offsets', () => {
    const text = Array.from({ length: 30 }, (_, i) => `第${i}个分句内容`).join('，');
    const [sentence] = splitSentences(text);
    const pieces = limitLength(sentence!, 60, text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.end - p.start).toBeLessThanOrEqual(60);
      expect(text.slice(p.start, p.end)).toBe(p.text);
    }
  });
});

describe('words', () => {
  it('segments Chinese words with Intl.Segmenter and drops punctuation', () => {
    const w = words('他克莫司软膏，不能长期使用。');
    expect(w.join('')).toBe('他克莫司软膏不能长期使用');
    expect(w.length).toBeGreaterThan(2);
  });
});
