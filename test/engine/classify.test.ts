/**
 * Classification mechanics on the fixture knowledge (cue groups, polarity,
 * negation scope, opposite, questions, debunking, omissions). Medical coverage
 * is tested on the real knowledge in unseen.test.ts.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { analyzeDocument, analyzeDocumentAsync, analyzeText } from '../../utils/engine/analyze';
import { KnowledgeLoadError, loadKnowledge } from '../../utils/engine/knowledge';
import { similarity } from '../../utils/engine/match';
import { foldTraditionalCode, normalize, normalizeLines, normalizeWithMap } from '../../utils/engine/normalize';
import { queryTokens, searchKnowledge } from '../../utils/engine/search';
import { computeSignals } from '../../utils/engine/signals';
import { DEFAULT_THRESHOLDS } from '../../utils/engine/thresholds';
import { decideVerdict } from '../../utils/engine/verdict';
import { fixtureKnowledge } from '../fixtures/engine/knowledge';
import { fixtureHtml, fixtureKb } from './helpers';

const kb = fixtureKb();
const one = (text: string) => {
  const r = analyzeText(text, kb);
  return r.findings.map((f) => `${f.class}:${f.claim}`);
};

describe('classification', () => {
  it.each([
    ['他克莫司能让黑色素再生。', 'dubious:tacrolimus-regrows-melanocytes'],
    ['他克莫司软膏并不能直接让黑色素再生。', 'agrees:tacrolimus-regrows-melanocytes'],
    ['Tacrolimus regrows melanocytes.', 'dubious:tacrolimus-regrows-melanocytes'],
    ["Tacrolimus doesn't regenerate melanocytes.", 'agrees:tacrolimus-regrows-melanocytes'],
    ['有人说他克莫司能让色素細胞再生，这是误区。', 'agrees:tacrolimus-regrows-melanocytes'],
    ['他克莫司不宜长期大面积使用。', 'agrees:no-long-term-large-areas'],
    ['他克莫司可以长期大面积使用。', 'dubious:no-long-term-large-areas'],
    ['白癜风并不会传染。', 'agrees:vitiligo-not-contagious'],
    ['白癫风会传染。', 'dubious:vitiligo-not-contagious'],
  ])('%s -> %s', (text, expected) => {
    expect(one(text)).toEqual([expected]);
  });

  it.each([
    ['Some people believe vitiligo is contagious, but it is not.', ['agrees:vitiligo-not-contagious']],
    ['很多人认为白癜风会传染。其实这是错误的。', ['agrees:vitiligo-not-contagious']],
    ['很多人误以为白癜风会传染。', ['agrees:vitiligo-not-contagious']],
    ['有人说他克莫司能让黑色素再生。但事实并非如此。', ['agrees:tacrolimus-regrows-melanocytes']],
    // Reported, never rebutted: the page does not assert it, so nothing is flagged.
    ['很多人认为白癜风会传染。', []],
    ['Many people think tacrolimus regrows melanocytes.', []],
  ])('a reported belief is judged by its rebuttal: %s', (text, expected) => {
    expect(one(text)).toEqual(expected);
  });

  it('a "whether" question inside a sentence asserts neither answer', () => {
    expect(one('至于白癜风是否会传染，很多患者都很关心。')).toEqual([]);
    expect(one('Doctors are still studying whether tacrolimus regrows melanocytes.')).toEqual([]);
  });

  it("a negator inside another claim's cue term still negates", () => {
    // A concept whose term contains a negator ("千万不要") used by some other claim.
    const k = fixtureKnowledge();
    k.concepts['absolute-ban'] = { label: { en: 'never', zh: '千万不要' }, terms: ['千万不要'] };
    k.claims.push({ ...k.claims[0]!, id: 'other-claim', kind: 'caution', cues: [['absolute-ban'], ['stopping']], polarity: 'affirms' });
    const r = analyzeText('千万不要相信白癜风会传染。', loadKnowledge(k));
    expect(r.findings.map((f) => `${f.class}:${f.claim}`)).toEqual(['agrees:vitiligo-not-contagious']);
  });

  it('an answer inherits the subject of the question or heading before it', () => {
    expect(one('问：他克莫司能让黑色素再生吗？\n答：可以让黑色素再生。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('他克莫司的作用\n它不能让黑色素再生。')).toEqual(['agrees:tacrolimus-regrows-melanocytes']);
    // After a plain sentence only a pronoun refers back; without one the subject is unknown, nothing is said.
    expect(one('我们今天聊聊他克莫司。\n它可以让黑色素再生。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('我们今天聊聊他克莫司。\n可以让黑色素再生。')).toEqual([]);
    // A question about "this medicine" asks about the topic named last, and its answer inherits it.
    expect(one('我们今天聊聊他克莫司。\n用这个药能让黑色素再生吗？\n可以让黑色素再生。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('我们今天聊聊他克莫司。\n这样做能让黑色素再生吗？\n可以让黑色素再生。')).toEqual([]);
    const r = analyzeText('问：他克莫司能让黑色素再生吗？\n答：可以让黑色素再生。', kb);
    expect(r.findings[0]?.cues[0]).toBe('他克莫司');
    const en = analyzeText('Q: Can Protopic regrow melanocytes?\nA: Yes, it regrows melanocytes.', kb);
    expect(en.findings.map((f) => [f.class, f.cues[0]])).toEqual([['dubious', 'protopic']]);
  });

  it("a cue said of one of the claim's otherSubjects, in a clause without the claim's topic, is that subject's", () => {
    const withOthers = (otherSubjects?: string[]) => {
      const k = fixtureKnowledge();
      k.concepts.uv = { label: { en: 'UV', zh: '紫外线' }, terms: ['紫外线', 'uv light'] };
      k.concepts['causes-cancer'] = { label: { en: 'causes cancer', zh: '致癌' }, terms: ['致癌', 'cause skin cancer'] };
      k.claims.push({ ...k.claims[0]!, id: 'tac-cancer', kind: 'dubious', cues: [['tacrolimus'], ['causes-cancer']], polarity: 'affirms', ...(otherSubjects ? { otherSubjects } : {}) });
      const kb2 = loadKnowledge(k);
      return (text: string) => analyzeText(text, kb2).findings.filter((f) => f.claim === 'tac-cancer').map((f) => f.class);
    };
    const flags = withOthers(['uv']);
    expect(flags('涂他克莫司期间要防晒，因为紫外线会致癌。')).toEqual([]);
    expect(flags('Avoid sunbeds while using tacrolimus, since UV light can cause skin cancer.')).toEqual([]);
    // The claim's own subject, in its clause or before it, still makes the claim.
    expect(flags('他克莫司会致癌。')).toEqual(['dubious']);
    expect(flags('他克莫司这种药，用久了会致癌。')).toEqual(['dubious']);
    expect(flags('他克莫司和紫外线一样会致癌。')).toEqual(['dubious']);
    // Without the field the sun advice reads as the myth: the field is what tells them apart.
    expect(withOthers()('涂他克莫司期间要防晒，因为紫外线会致癌。')).toEqual(['dubious']);
  });

  it('a negator glued to the start of a cue term still negates it ("不是" + "是激素")', () => {
    const k = fixtureKnowledge();
    k.claims.push({ ...k.claims[0]!, id: 'tacrolimus-is-a-steroid', cues: [['tacrolimus'], ['=是激素']], polarity: 'affirms' });
    const kb2 = loadKnowledge(k);
    const cls = (t: string) => analyzeText(t, kb2).findings.map((f) => `${f.class}:${f.claim}`);
    expect(cls('他克莫司是激素。')).toEqual(['dubious:tacrolimus-is-a-steroid']);
    expect(cls('他克莫司不是激素。')).toEqual(['agrees:tacrolimus-is-a-steroid']);
  });

  it('Traditional script does not lower the similarity part of the score', () => {
    const p = kb.claimById.get('tacrolimus-regrows-melanocytes')!;
    expect(similarity(p, '他克莫司能讓黑色素再生')).toBeCloseTo(similarity(p, '他克莫司能让黑色素再生'), 5);
    const fold = (t: string) => String.fromCharCode(...[...t].map((c) => foldTraditionalCode(c.charCodeAt(0))));
    expect(fold('白癜風不會傳染')).toBe('白癜风不会传染');
  });

  it('spaced-out Chinese reads as the words it spells, and the finding keeps the page text', () => {
    const r = analyzeText('白 癜 风 会 传 染 。', kb);
    expect(r.findings.map((f) => `${f.class}:${f.claim}`)).toEqual(['dubious:vitiligo-not-contagious']);
    expect(r.findings[0]?.sentence).toBe('白 癜 风 会 传 染 。');
    expect(one('白  癜  风  并 不 会 传 染。')).toEqual(['agrees:vitiligo-not-contagious']);
    // Ordinary words separated by spaces stay apart.
    expect(normalize('首页 医院 在线咨询')).toBe('首页 医院 在线咨询');
    expect(normalizeWithMap('白 癜 风 可 以').text).toBe('白癜风可以');
  });

  it('a contrast word ends the reach of a negation', () => {
    expect(one('Tacrolimus is not a steroid but it regrows melanocytes.')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('他克莫司不是激素但能让黑色素再生。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
  });

  it('a negation in another clause does not negate the predicate', () => {
    expect(one('他克莫司不是激素，却能让黑色素再生。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
  });

  it('不仅…还 is not a negation', () => {
    expect(one('他克莫司不仅能抗炎，还能让黑色素再生。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
  });

  it('reads a bare yes as asserting the question before it, and highlights both', () => {
    expect(one('他克莫司能让黑色素再生吗？\n可以。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('Can tacrolimus regrow melanocytes? Yes, in a few months.')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    const r = analyzeText('他克莫司能让黑色素再生吗？\n会，坚持涂就行。', kb);
    expect(r.findings.map((f) => f.sentence)).toEqual(['他克莫司能让黑色素再生吗？\n会，坚持涂就行。']);
    // A no, an answer that says more than yes, or a yes not right after the question: nothing is asserted.
    expect(one('他克莫司能让黑色素再生吗？\n不能。')).toEqual([]);
    expect(one('他克莫司能让黑色素再生吗？\n可以看看医生怎么说。')).toEqual([]);
    expect(one('他克莫司能让黑色素再生吗？\n这要看情况。\n可以。')).toEqual([]);
  });

  it('says nothing of how rarely something happens, and hears 不就是 as affirming', () => {
    expect(one('他克莫司很少能让黑色素再生。')).toEqual([]);
    expect(one('Tacrolimus rarely regrows melanocytes.')).toEqual([]);
    // A small amount (很少量) is no rarity.
    expect(one('他克莫司涂很少量就能让黑色素再生。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('他克莫司不就是能让黑色素再生嘛。')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
  });

  it('stays silent on double negatives and questions', () => {
    expect(one('他克莫司并不是不能让黑色素再生。')).toEqual([]);
    expect(one('他克莫司能让黑色素再生吗？')).toEqual([]);
  });

  it('reads the statement a closing rhetorical question argues for, but not a statement asked about', () => {
    expect(one('他克莫司能让黑色素再生，你还敢不用？')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('白癜风会传染，难道你不知道？')).toEqual(['dubious:vitiligo-not-contagious']);
    expect(one('Tacrolimus regrows melanocytes, so why would you skip it?')).toEqual(['dubious:tacrolimus-regrows-melanocytes']);
    expect(one('白癜风并不会传染，何必躲着病人？')).toEqual(['agrees:vitiligo-not-contagious']);
    // Asking whether the statement is true, or a statement that itself asks: still questions.
    expect(one('他克莫司能让黑色素再生，是真的吗？')).toEqual([]);
    expect(one('他克莫司能让黑色素再生吗，你还敢不用？')).toEqual([]);
    // The rhetorical question itself asserts nothing the knowledge reads.
    expect(one('这药这么好，难道白癜风会传染？')).toEqual([]);
  });

  it('reads a quoted myth by what follows it: refuted, it agrees; left alone, it is not the page speaking', () => {
    const findings = (text: string) => analyzeText(text, kb).findings.map((f) => `${f.class}:${f.claim}`);
    expect(findings('Myth-busting\n"Vitiligo is contagious."\nWrong. Nobody catches it.')).toEqual(['agrees:vitiligo-not-contagious']);
    expect(findings('“白癜风会传染。”\n没有任何证据支持这种说法。')).toEqual(['agrees:vitiligo-not-contagious']);
    expect(findings('“他克莫司能让黑色素再生。”\n这是一位读者的留言。')).toEqual([]);
    // Not quoted, the page says it itself, whatever follows.
    expect(findings('白癜风会传染。\n没有人告诉过我。')).toEqual(['dubious:vitiligo-not-contagious']);
  });

  it('needs every cue group: a partial match flags nothing', () => {
    expect(one('黑色素会再生。')).toEqual([]);
    expect(one('他克莫司是一种药膏。')).toEqual([]);
  });

  it('refuting a nuance or a caution without an explicit opposite says nothing', () => {
    expect(one('停药后不会复发。')).toEqual([]);
  });

  it('keeps offsets that point at the sentence in report.text, with anchoring context', () => {
    const r = analyzeText('前言。白癜风并不会传染，请放心。', kb);
    const f = r.findings[0]!;
    expect(r.text.slice(f.start, f.end)).toBe(f.sentence);
    expect(r.text.slice(0, f.start).endsWith(f.prefix)).toBe(true);
    expect(r.text.slice(f.end).startsWith(f.suffix)).toBe(true);
    expect(f.negated).toBe(true);
    expect(f.cues).toEqual(['白癜风', '传染']);
  });
});

describe('report', () => {
  it('lists relevant cautions and what the page leaves out, cautions first', () => {
    const r = analyzeText('他克莫司能让黑色素再生。白癜风并不会传染。', kb);
    expect(r.relevant).toContain('boxed-warning');
    expect(r.omissions).toContain('boxed-warning');
    expect(r.omissions).not.toContain('vitiligo-not-contagious');
    expect(r.claims['boxed-warning']?.statement.en).toMatch(/boxed warning/);
    const kinds = r.omissions.map((id) => r.claims[id]?.kind);
    expect(kinds.indexOf('consensus') === -1 || kinds.lastIndexOf('caution') < kinds.indexOf('consensus')).toBe(true);
  });

  it('among equally graded cautions, those naming the topic itself come first', () => {
    // A caution about tacrolimus whose cues do not name it, with an id sorting first.
    const k = fixtureKnowledge();
    const relapse = k.claims.find((c) => c.id === 'relapse-after-stopping')!;
    k.claims.push({ ...relapse, id: 'aaa-stopping-caution' });
    const r = analyzeText('他克莫司能让黑色素再生。', loadKnowledge(k));
    const order = r.omissions.filter((id) => id === 'boxed-warning' || id === 'aaa-stopping-caution');
    expect(order).toEqual(['boxed-warning', 'aaa-stopping-caution']);
  });

  it('finds claims and sales talk on a hospital page, inside and outside the article, and calls it hospital marketing', () => {
    const d = parseHTML(fixtureHtml('hospital-page.html')).document as unknown as Document;
    const r = analyzeDocument(d, kb, { url: 'https://example.test/a' });
    const classes = (c: string) => r.findings.filter((f) => f.class === c).map((f) => f.sentence);
    expect(classes('dubious').join('|')).toContain('他克莫司能让黑色素再生');
    expect(classes('dubious').join('|')).toContain('少吃维生素C');
    expect(classes('agrees').join('|')).toContain('并不会传染');
    expect(classes('marketing').join('|')).toContain('治愈率高达98%');
    expect(r.findings.some((f) => f.class === 'marketing' && f.region === 'page' && f.sentence.includes('张女士'))).toBe(true);
    expect(r.signals.map((s) => s.id)).toEqual(expect.arrayContaining(['hotline', 'contact-app', 'call-to-action', 'case-story', 'star-review', 'cure-guarantee', 'timing-guarantee', 'no-author', 'no-references']));
    expect(r.verdict.kind).toBe('hospital-marketing');
    expect(r.verdict.evidence.length).toBeGreaterThan(0);
    expect(r.url).toBe('https://example.test/a');
    for (const f of r.findings) expect(r.text.slice(f.start, f.end)).toBe(f.sentence);
  });

  it('a negated outcome is no cure story; a cure told as done is', () => {
    const ids = (text: string) => computeSignals(normalize(text), { byline: 'x', published: 'y' }).map((s) => s.id);
    expect(ids('有些患者盲目追求治疗,尝试各种偏方;有些患者则过于悲观,认为白癜风无法治愈,放弃了治疗。')).not.toContain('case-story');
    expect(ids('这位患者在我院治疗三个月后白斑消失。')).toContain('case-story');
  });

  it('shows signal evidence cut at spaces or sentence ends, never inside a word, with … where text was left out', () => {
    const nav = '网站首页 健康号 app下载 在线问诊 电话问诊 登录 注册 我的订单 帮助中心';
    const cta = computeSignals(normalize(nav), {}).find((s) => s.id === 'call-to-action');
    const shown = cta?.evidence[0] ?? '';
    expect(shown).toContain('在线问诊');
    expect(shown.startsWith('…') && shown.endsWith('…')).toBe(true);
    for (const word of shown.replace(/…/g, '').split(' ')) expect(nav.split(' ')).toContain(word);
    // A short sentence is shown whole, without ellipses.
    expect(computeSignals(normalize('欢迎点击在线咨询。'), {}).find((s) => s.id === 'call-to-action')?.evidence).toEqual(['欢迎点击在线咨询']);
  });

  it('reads sales talk in Traditional Chinese, one block per line: a refund line does not void the promise below it', () => {
    const clinic = ['預約熱線', '☎ 2812 3456', '立即 WhatsApp 6123 4567 預約免費皮膚評估', '12星期保證見效，無效全數退款', '完成療程後永不復發', '臨床治癒率高達96.8%'].join('\n');
    const signals = computeSignals(normalizeLines(clinic), { byline: 'x', published: 'y' });
    expect(signals.map((s) => s.id)).toEqual(expect.arrayContaining(['hotline', 'contact-app', 'call-to-action', 'cure-guarantee', 'timing-guarantee']));
    // Evidence is shown as the page wrote it, in Traditional characters.
    expect(signals.find((s) => s.id === 'cure-guarantee')?.evidence.join('|')).toContain('永不復發');
  });

  it('reads promises whatever the wording around them, and voids only those the sentence takes back', () => {
    const ids = (text: string) => computeSignals(normalizeLines(text), { byline: 'x', published: 'y' }).map((s) => s.id);
    // A "free of" claim (不含類固醇, 无副作用) is sales talk too, not a negation of the promise after it.
    expect(ids('純天然草本配方，不含類固醇，白斑一掃而空')).toContain('cure-guarantee');
    expect(ids('纯中药，无副作用，三个月根治白癜风')).toContain('cure-guarantee');
    expect(ids('目前还没有能够根治白癜风的方法')).not.toContain('cure-guarantee');
    // Hard to cure, or cure denied after the word, is no promise.
    expect(ids('白癜风很难根治，要长期控制')).not.toContain('cure-guarantee');
    expect(ids('白癜風根治唔到')).not.toContain('cure-guarantee');
    expect(ids('白癜风根治不了的，别信广告')).not.toContain('cure-guarantee');
    expect(ids('我院专家：白癜风可以根治')).toContain('cure-guarantee');
    expect(ids('没有任何药物，包括他克莫司，能根治白癜风')).not.toContain('cure-guarantee');
    expect(ids('白斑克星，涂7天就能看到白斑缩小！')).toContain('timing-guarantee');
    expect(ids('他克莫司一般要涂3个月才能看到白斑缩小。')).not.toContain('timing-guarantee');
    expect(ids('Clear White Spots Naturally in 30 Days')).toContain('timing-guarantee');
    expect(ids('our laser cleared my hands in just 3 sessions')).toContain('timing-guarantee');
    // Sellers' English: scarcity, promo codes, customer success rates, money-back promises, results in weeks.
    expect(ids('Only 23 bottles left at this price!')).toContain('call-to-action');
    expect(ids('Use code MAYA15 for 15% off, this week only!')).toContain('call-to-action');
    expect(ids('94% of customers saw visible repigmentation.')).toContain('cure-guarantee');
    expect(ids('70% of patients saw some repigmentation in the trial.')).not.toContain('cure-guarantee');
    expect(ids("If your patches haven't started filling in within 60 days, we'll refund every penny.")).toContain('sales-pitch');
    expect(ids('Most customers notice new color in 2 to 4 weeks.')).toContain('timing-guarantee');
    expect(ids('You may see new color in 8 to 12 weeks.')).not.toContain('timing-guarantee');
    expect(ids('DM us on WhatsApp for a free virtual consultation, just send a photo of your patches!')).toContain('call-to-action');
    expect(ids('I offer a 12-week program; book a discovery call through the link in my profile.')).toContain('call-to-action');
    expect(ids('Only 4 spring package slots left at this price!')).toContain('call-to-action');
    expect(ids('94% of our patients achieve complete repigmentation.')).toContain('cure-guarantee');
    expect(ids('Lifetime no-relapse guarantee')).toContain('cure-guarantee');
    expect(ids('加微信 kfbdf8899 可以问我')).toContain('call-to-action');
    expect(ids('Clinically proven to restore lost colour in just 14 days!')).toContain('timing-guarantee');
    expect(ids('我家孩子在那里照了一个月激光就全好了，到现在一点没复发。')).toContain('case-story');
    expect(ids('孩子涂了两周，刺痛感都好了。')).not.toContain('case-story');
    expect(ids('孩子涂了三个月药，白斑还没全好。')).not.toContain('case-story');
    // A private-message prompt in Traditional Chinese, and a shop's countdown.
    expect(ids('擦兩週就有感，要的私訊我給你LINE')).toContain('call-to-action');
    expect(ids('限时特惠：第二支半价，今日仅剩12件')).toContain('call-to-action');
    // An advert reported or debunked by a news story promises nothing.
    expect(ids('广告中称该院可实现“7天见效、3个月治愈、永不复发”。')).not.toContain('cure-guarantee');
    expect(ids('我院可实现“7天见效、3个月治愈、永不复发”。')).toContain('cure-guarantee');
    // WeChat spelt past filters, photo assessments, family recipes, timings with a qualifier, family cure stories.
    expect(ids('加V:bb8866 免费领试用装')).toContain('call-to-action');
    expect(ids('需要的加v领取调理方案')).toContain('call-to-action');
    expect(ids('Text a picture of your patches to our team for a free photo evaluation.')).toContain('call-to-action');
    expect(ids('家传秘方，配方从不外传')).toContain('sales-pitch');
    expect(ids('他克莫司属于第二代钙调磷酸酶抑制剂')).not.toContain('sales-pitch');
    expect(ids('不要轻信网上的“祖传秘方”')).not.toContain('sales-pitch');
    // The urge to hurry to a "proper hospital" sells; the disclaimer under every health article does not.
    expect(ids('白癜风一定要及早到正规医院治疗，以免延误病情')).toContain('sales-pitch');
    expect(ids('本文仅供参考，如有不适请及时到正规医院就诊')).not.toContain('sales-pitch');
    // A money-back promise denied is none.
    expect(ids('本院承诺无效全额退款')).toContain('sales-pitch');
    expect(ids('治疗白癜风的正规医院不会承诺无效退款')).not.toContain('sales-pitch');
    // A reader's message reported is no private-message prompt.
    expect(ids('私信我要主任微信')).toContain('call-to-action');
    expect(ids('有姐妹私信问备孕：我医生说孕期要先问医生')).not.toContain('call-to-action');
    expect(ids('坚持用药，3个月大面积复色')).toContain('timing-guarantee');
    expect(ids('我家儿子吃了半年中药，脸上的白斑淡了好多')).toContain('case-story');
    expect(ids('我家儿子吃了半年中药，白斑一点没淡')).not.toContain('case-story');
    expect(ids('Our exclusive protocol permanently reverses vitiligo.')).toContain('cure-guarantee');
    // A site's complaint line is no clinic hotline.
    expect(ids('违法不良信息举报电话：4006676810')).not.toContain('hotline');
    expect(ids('咨询热线：400-667-6810')).toContain('hotline');
  });

  it('a shop with cure promises is promotional; the same promises with a clinic hotline are hospital marketing', () => {
    const promises = '在线问诊\n白斑复色率高达95%！\n坚持涂三个月保证痊愈。\n张女士在我院治疗三个月后白斑消失。\n';
    const verdict = (text: string) => decideVerdict(computeSignals(normalizeLines(text), {}), [], true, DEFAULT_THRESHOLDS).kind;
    expect(verdict(`我的订单 | 购物车(0)\n价格：¥168.00 月销 2000+\n${promises}`)).toBe('promotional');
    expect(verdict(`咨询热线：400-123-4567\n${promises}`)).toBe('hospital-marketing');
  });

  it('flags nothing on an unrelated page even when forced to analyse it', () => {
    const d = parseHTML(fixtureHtml('neutral-article.html')).document as unknown as Document;
    const r = analyzeDocument(d, kb);
    expect(r.findings).toEqual([]);
    expect(r.verdict.kind).toBe('no-claims');
    expect(r.signals).toEqual([]);
  });

  it('the async analysis gives the same report as the sync one', async () => {
    const html = fixtureHtml('hospital-page.html');
    const a = analyzeDocument(parseHTML(html).document as unknown as Document, kb);
    const b = await analyzeDocumentAsync(parseHTML(html).document as unknown as Document, kb, { yieldEvery: 0 });
    expect(b.findings).toEqual(a.findings);
    expect(b.verdict).toEqual(a.verdict);
  });

  it('the async analysis gives the event loop back while it works, and can be aborted', async () => {
    const html = fixtureHtml('hospital-page.html');
    // A long page: the same article many times over, so matching takes many slices.
    const body = html.match(/<body[^>]*>([\s\S]*)<\/body>/)?.[1] ?? '';
    const big = html.replace(body, body.repeat(60));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const r = await analyzeDocumentAsync(parseHTML(big).document as unknown as Document, kb, { yieldEvery: 1 });
      expect(r.findings.length).toBeGreaterThan(0);
      expect(ticks).toBeGreaterThan(1);
    } finally {
      clearInterval(timer);
    }
    const controller = new AbortController();
    controller.abort();
    await expect(
      analyzeDocumentAsync(parseHTML(big).document as unknown as Document, kb, { yieldEvery: 0, signal: controller.signal }),
    ).rejects.toThrow();
  });
});

describe('sales talk on a clinic page (English)', () => {
  const page = [
    'Our vitiligo clinic offers a free consultation — call now!',
    'Our clinic has helped thousands of patients get rid of vitiligo for good.',
    'Sarah, 34, saw her white patches disappear after just 3 months of our treatment.',
    'Our cream works in 30 days.',
    'No cream can cure vitiligo for good.',
    '白癜风没有任何治疗能保证永不复发。',
    'Vitiligo is an autoimmune disease.',
  ].join('\n');
  const byStart = () => {
    const r = analyzeText(page, kb);
    return r.findings.map((f) => `${f.class}:${f.sentence.slice(0, 20)}`);
  };

  it('marks shape-recognised findings as patterns (no confidence to show), knowledge findings not', () => {
    const r = analyzeText(page, kb);
    const patterns = r.findings.filter((f) => f.pattern);
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.every((f) => f.claim.startsWith('page.'))).toBe(true);
    expect(r.findings.filter((f) => !f.claim.startsWith('page.')).every((f) => f.pattern === undefined)).toBe(true);
  });

  it('flags cure stories, cure and timing promises by their shape', () => {
    const got = byStart();
    expect(got).toContain('marketing:Our clinic has helpe');
    expect(got).toContain('marketing:Sarah, 34, saw her w');
    expect(got).toContain('marketing:Our cream works in 3');
  });

  it('leaves a denied promise and a consensus statement alone', () => {
    const got = byStart();
    expect(got.filter((g) => g.includes('No cream can cure'))).toEqual([]);
    // The negator is several words before the promise, still in the same sentence.
    expect(got.filter((g) => g.includes('没有任何治疗'))).toEqual([]);
    expect(got).toContain('agrees:Vitiligo is an autoi');
  });
});

describe('loadKnowledge', () => {
  it('rejects malformed knowledge with a clear error', () => {
    expect(() => loadKnowledge(null)).toThrow(KnowledgeLoadError);
    expect(() => loadKnowledge({ version: 2 })).toThrow(/unsupported version/);
    const broken = JSON.parse(JSON.stringify(fixtureKnowledge()));
    broken.claims[0].cues = [['no-such-concept']];
    expect(() => loadKnowledge(broken)).toThrow(/unknown concept "no-such-concept"/);
    expect(() => loadKnowledge('{not json')).toThrow(/not valid JSON/);
  });
});

describe('searchKnowledge', () => {
  it('finds claims from Chinese and English queries and from a selected sentence', () => {
    expect(searchKnowledge(kb, '传染')[0]?.claim.id).toBe('vitiligo-not-contagious');
    expect(searchKnowledge(kb, 'contagious')[0]?.claim.id).toBe('vitiligo-not-contagious');
    expect(searchKnowledge(kb, '他克莫司可以让黑色素细胞再生吗')[0]?.claim.id).toBe('tacrolimus-regrows-melanocytes');
    expect(searchKnowledge(kb, '   ')).toEqual([]);
  });

  it('finds nothing for unrelated text, and ignores stop words and lone characters', () => {
    expect(searchKnowledge(kb, 'the weather is nice today')).toEqual([]);
    expect(searchKnowledge(kb, 'I like to eat apples in the morning')).toEqual([]);
    expect(queryTokens('is the vitiligo in it')).toEqual(['vitiligo']);
    // Segmenter splits unknown words into characters; they are glued back into one word.
    expect(queryTokens('花斑糠疹')).toEqual(['花斑糠疹']);
  });
});
