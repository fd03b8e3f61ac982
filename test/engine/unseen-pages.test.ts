/**
 * Whole pages written for the engine tests by someone who had not seen the seed
 * pages' wording (test/fixtures/pages/unseen/): site chrome, sidebars and footers
 * included, since page signals and the verdict read the whole page. What a
 * careful reader would conclude is asserted, not what the engine happened to say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../utils/cli/node-knowledge';
import { analyzeDocument } from '../../utils/engine/analyze';
import { FLAG_CLASSES } from '../../utils/engine/types';
import { hasKnowledge, realKb } from './helpers';

const CLINIC_AD =
  '<div class="ad"><h4>Bright Skin Vitiligo Clinic</h4><p>Guaranteed results: 96% of our patients see their patches gone in 8 weeks.</p><p>Call now: (212) 555-0142 for a free consultation.</p></div>';

/** Variants of a page differing in one line: [file, what to replace, with what]. */
const VARIANTS: Record<string, [string, string, string]> = {
  'online-pharmacy-chat-tacrolimus-zh.html': ['online-pharmacy-tacrolimus-zh.html', '咨询执业药师', '在线咨询药师'],
  // The news story with a private clinic's advert in its rail.
  'news-jak-vitiligo-clinic-ad-en.html': ['news-jak-vitiligo-en.html', '<aside class="rail">', `<aside class="rail">${CLINIC_AD}`],
  // The same advert on the clinic's own page (its name in the title).
  'clinic-own-page-en.html': ['news-jak-vitiligo-en.html', '<aside class="rail">', `<aside class="rail">${CLINIC_AD}`],
};
/** Titles replaced as well, for variants that are someone else's page. */
const TITLES: Record<string, string> = { 'clinic-own-page-en.html': 'New vitiligo creams explained | Bright Skin Vitiligo Clinic' };

const analyse = (name: string) => {
  const [file, from, to] = VARIANTS[name] ?? [name, '', ''];
  let html = readFileSync(join(REPO_ROOT, 'test/fixtures/pages/unseen', file), 'utf8');
  if (from) {
    expect(html).toContain(from);
    html = html.replace(from, to);
  }
  const title = TITLES[name];
  if (title) html = html.replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`);
  return analyzeDocument(parseHTML(html).document as unknown as Document, realKb());
};

if (!hasKnowledge) console.info('skipped: knowledge/generated/knowledge.json not built (npm run knowledge)');

describe.skipIf(!hasKnowledge)('unseen whole pages (real knowledge)', () => {
  it.each([
    // A public hospital: switchboard, complaint and emergency numbers, "预约挂号" in the menu, and a warning against "包治" ads.
    ['public-hospital-zh.html'],
    ['encyclopedia-tacrolimus-zh.html'],
    // Taiwanese: 白斑症, patients' worry about contagion reported, a warning against 標榜「保證根治」.
    ['taiwan-clinic-blog-zh-tw.html'],
    // News about ruxolitinib: who a drug is approved for is not a cure story; the site's report line is no hotline.
    ['news-ruxolitinib-zh.html'],
    // An English academic-clinic overview: "Request an appointment" in the header, body and footer, a newsletter box.
    ['clinic-overview-vitiligo-en.html'],
    // English news on JAK inhibitors: a patient's own story, a dermatologist saying "not a miracle cream", a newsletter signup.
    ['news-jak-vitiligo-en.html'],
    // An English drug monograph: "wash your hands before and after applying" is no before/after cure story.
    ['drug-monograph-tacrolimus-en.html'],
  ])('%s: correct information, no flag, and not called marketing', (name) => {
    const r = analyse(name);
    expect(r.topics.length).toBeGreaterThan(0);
    expect(r.findings.filter((f) => FLAG_CLASSES.includes(f.class)).map((f) => `${f.class} ${f.claim}: ${f.sentence}`)).toEqual([]);
    expect(r.findings.filter((f) => f.class === 'agrees').length).toBeGreaterThan(2);
    expect(r.verdict.kind).toBe('mostly-consistent');
  });

  it.each([
    // An online pharmacy's product page: price, 加入购物车, the label's fields, star reviews and a customer-service 400 line.
    // It sells the drug, so "promotional" is fair; it is no clinic, and the label text is correct.
    ['online-pharmacy-tacrolimus-zh.html'],
    // The same shop with its pharmacist link worded 在线咨询药师 (a variant, see VARIANTS): star reviews are no cure promise.
    ['online-pharmacy-chat-tacrolimus-zh.html'],
    // A doctor-answer site: a dermatologist's correct answer, and the platform's paid 在线问诊/电话问诊 buttons and ratings around it.
    ['doctor-qa-vitiligo-zh.html'],
  ])('%s: a shop or a Q&A platform with correct content is not a hospital marketing page, and its content raises no flag', (name) => {
    const r = analyse(name);
    expect(r.topics.length).toBeGreaterThan(0);
    expect(r.verdict.kind).not.toBe('hospital-marketing');
    expect(['promotional', 'mostly-consistent']).toContain(r.verdict.kind);
    expect(r.findings.filter((f) => f.class === 'dubious' || f.class === 'nuance').map((f) => `${f.class} ${f.claim}: ${f.sentence}`)).toEqual([]);
    // The buttons and ratings of the site's chrome may be called sales talk; the label or the answer may not.
    expect(r.findings.filter((f) => f.class === 'marketing' && f.region === 'article').map((f) => `${f.claim}: ${f.sentence}`)).toEqual([]);
    expect(r.findings.filter((f) => f.class === 'agrees').length).toBeGreaterThan(2);
  });

  it.each([['private-clinic-zh.html'], ['us-clinic-marketing-en.html']])('%s: a clinic selling cures is a hospital marketing page', (name) => {
    const r = analyse(name);
    expect(r.verdict.kind).toBe('hospital-marketing');
    expect(r.findings.filter((f) => f.class === 'marketing').length).toBeGreaterThan(2);
    expect(r.findings.some((f) => f.class === 'dubious')).toBe(true);
  });

  it("a clinic's advert beside a news story makes the page promotional, not the clinic's own marketing page", () => {
    const withAd = analyse('news-jak-vitiligo-clinic-ad-en.html');
    expect(withAd.signals.map((s) => s.id)).toEqual(expect.arrayContaining(['hotline', 'call-to-action', 'cure-guarantee']));
    expect(withAd.verdict.kind).toBe('promotional');
    // The article itself is still read as before: no flag in it.
    expect(withAd.findings.filter((f) => f.region === 'article' && FLAG_CLASSES.includes(f.class))).toEqual([]);
    expect(analyse('clinic-own-page-en.html').verdict.kind).toBe('hospital-marketing');
  });

  it("a forum thread where one poster advertises a clinic is promotional; the same posts on the clinic's page are its marketing", () => {
    const post = (who: string, when: string, text: string) => `<div class="post"><p class="meta">${who} · ${when}</p><p>${text}</p></div>`;
    const thread = [
      post('楼主 小鱼妈妈', '2025-03-02 21:14', '孩子5岁，脸上有一块白斑，医院诊断白癜风，开了他克莫司软膏，大家用过吗？'),
      post('阿宁', '2025-03-02 21:40', '我家孩子用了四个月，毛孔周围先冒出小黑点，后来慢慢连成片，要有耐心。'),
      post('白斑调理中心', '2025-03-03 08:02', '来我们中心，独家疗法三个月白斑全消，永不复发！点击在线咨询，今日名额有限，加微信领取免费方案。'),
      post('小鱼妈妈', '2025-03-03 09:30', '谢谢，医生说脸上的白斑对他克莫司反应比较好，我们先按医嘱涂。'),
    ].join('');
    const page = (title: string) =>
      analyzeDocument(
        parseHTML(`<html><head><title>${title}</title></head><body><nav><a href="/">首页</a> <a href="/bbs">育儿论坛</a></nav><main><h1>孩子白癜风涂他克莫司有用吗</h1>${thread}</main><footer>论坛规则 · 联系我们</footer></body></html>`)
          .document as unknown as Document,
        realKb(),
      );
    const forum = page('孩子白癜风涂他克莫司有用吗 - 育儿论坛');
    expect(forum.findings.some((f) => f.class === 'marketing')).toBe(true);
    expect(forum.verdict.kind).toBe('promotional');
    expect(page('孩子白癜风涂他克莫司有用吗 - 康美白癜风医院').verdict.kind).toBe('hospital-marketing');
  });

  it('a pregnancy ban said without naming the drug is read as said of the drug the page is about, not of another one', () => {
    const flags = (title: string, body: string) =>
      analyzeDocument(parseHTML(`<html><head><title>${title}</title></head><body><p>${body}</p></body></html>`).document as unknown as Document, realKb())
        .findings.filter((f) => FLAG_CLASSES.includes(f.class))
        .map((f) => `${f.class} ${f.claim}`);
    const ban = '白癜风的孩子用药要听医生的。孕妇和哺乳期妈妈是绝对不能用的，这一点没有商量余地。';
    expect(flags('他克莫司软膏治白癜风要注意什么', ban).join('|')).toMatch(/^nuance /);
    // A page about vitiligo in general: which medicine is banned is not said.
    expect(flags('白癜风患者日常注意什么', ban)).toEqual([]);
    // The answer to a question that names no drug either.
    expect(flags('他克莫司软膏10问10答', '他克莫司软膏是白癜风常用的外用药。</p><p>Q9：孕妇、哺乳期妈妈能用吗？</p><p>孕妇和哺乳期妈妈是禁用的。').join('|')).toMatch(/^nuance /);
    // Another drug named in the sentence is its subject: whatever else is said of it, not the tacrolimus ban.
    const steroid = flags('他克莫司软膏治白癜风要注意什么', '白癜风的孩子用药要听医生的。口服激素孕妇和哺乳期妈妈是绝对不能用的。');
    expect(steroid.filter((f) => /pregnan/.test(f))).toEqual([]);
  });

  it('claims about vitiligo flag a page about it, not the same words on a page about eczema that names tacrolimus', () => {
    const body = '精神压力大、经常熬夜会加重病情。卡泊三醇常和光疗联合使用，效果明显更好。';
    const flags = (text: string, title = '') =>
      analyzeDocument(parseHTML(`<html><head><title>${title}</title></head><body><p>${text}</p></body></html>`).document as unknown as Document, realKb())
        .findings.filter((f) => FLAG_CLASSES.includes(f.class))
        // Two claims overstate vitamin D analogues (their boost to melanocytes, their gain as an add-on): either reading is right.
        .map((f) => (f.claim === 'cmp-vitd-adjunct' ? 'vitamin-d-boosts-melanocytes' : f.claim))
        .sort();
    expect(flags(`他克莫司软膏用于特应性皮炎。${body}`)).toEqual([]);
    expect(flags(`白癜风患者可以用他克莫司软膏。${body}`)).toEqual(['stress-and-late-nights-worsen-vitiligo', 'vitamin-d-boosts-melanocytes']);
    // An eczema page that mentions vitiligo in passing is still about eczema; a title naming vitiligo says otherwise.
    const eczema = `他克莫司软膏主要用于特应性皮炎，白癜风患者也会用到。特应性皮炎的孩子要坚持护肤。${body}`;
    expect(flags(eczema)).toEqual([]);
    expect(flags(eczema, '白癜风和特应性皮炎都能用他克莫司吗')).toEqual(['stress-and-late-nights-worsen-vitiligo', 'vitamin-d-boosts-melanocytes']);
    // A sentence naming vitiligo itself is about it, whatever the page.
    expect(flags(`${eczema}精神压力大会加重白癜风。`)).toEqual(['stress-and-late-nights-worsen-vitiligo']);
  });

  it('a cure rate passed on as hearsay still sells; quoted at a distance or warned against, it does not', () => {
    const marketing = (text: string) =>
      analyzeDocument(parseHTML(`<html><body><p>白癜风患者的经验分享。${text}</p></body></html>`).document as unknown as Document, realKb())
        .findings.filter((f) => f.class === 'marketing')
        .map((f) => f.sentence);
    expect(marketing('听说他们家治愈率有98%，还不会复发。').join('|')).toContain('治愈率有98%');
    expect(marketing('一些医院宣称治愈率高达98%。')).toEqual([]);
    expect(marketing('听说他们家治愈率有98%，其实这种宣传不可信。')).toEqual([]);
    // A news story: the advert quoted, the regulator's warning.
    expect(marketing('广告中称该院“临床治愈率98.6%”，并承诺“无效全额退款”。')).toEqual([]);
    expect(marketing('遇到“包治”“无效退款”等宣传要提高警惕。')).toEqual([]);
  });

  it('a sentence opening with a pronoun inherits the topic named before it; one with a new subject does not', () => {
    const flags = (body: string, title = '') =>
      analyzeDocument(parseHTML(`<html><head><title>${title}</title></head><body><p>${body}</p></body></html>`).document as unknown as Document, realKb())
        .findings.filter((f) => FLAG_CLASSES.includes(f.class))
        .map((f) => f.sentence);
    expect(flags('他克莫司软膏常用于白癜风。它属于激素类药物。')).toEqual(['它属于激素类药物。']);
    expect(flags('Tacrolimus ointment is used for vitiligo. It causes lymphoma, which is why it has a boxed warning.').join('|')).toContain('It causes lymphoma');
    // Without the pronoun the sentence names no subject of its own: nothing to attribute.
    expect(flags('他克莫司软膏常用于白癜风。属于激素类药物。')).toEqual([]);
    // The pronoun's own clause only: the next clause has a subject of its own.
    expect(flags('他克莫司软膏常用于白癜风。它不适合两岁以下的宝宝，而激素药膏属于激素类药物。')).toEqual([]);
    // 用药期间 refers to the ointment named before it, not to tacrolimus pills (which do need blood tests).
    expect(flags('他克莫司软膏是外用药。为了安全，用药期间要定期抽血查肝肾功能。').join('|')).toContain('用药期间要定期抽血查肝肾功能');
    // 本品 on a product page is the product the title names.
    const shop = '亲，本品属于激素类药物哦。另有他克莫司软膏0.03%规格。';
    expect(flags(shop, '他克莫司软膏 0.1% 10g').join('|')).toContain('本品属于激素类药物');
    expect(flags(shop, '店铺首页')).toEqual([]);
  });

  it.each([
    // 几乎不 (hardly) is not the categorical "never gets into the blood" myth.
    '他克莫司软膏涂在皮肤上，几乎不会进入血液。',
    // A link denied after the predicate.
    '白癜风跟体内缺不缺铜没多大关系，不用特意补铜。',
    "Vitiligo has nothing to do with copper deficiency, so copper cups won't help.",
    // A negation before a list joined by 、 governs every item.
    '白蝕是自身免疫病，不會經接觸、共用物品或游泳傳染。',
    '目前沒有任何飲食被證實會引致、根治或減慢白蝕。',
    // Cantonese: 唔 and 冇 negate, 兩樣嘢 are two different things.
    '白蝕亦都唔會蔓延入內臟，大家唔使驚。',
    '白蝕同痳瘋完全係兩樣嘢，白蝕唔會傳染，同佢食飯握手都冇問題。',
    '白癜风与麻风病完全不同。',
  ])('a correct sentence is not flagged: %s', (text) => {
    const r = analyzeDocument(parseHTML(`<html><body><p>白癜风 他克莫司。${text}</p></body></html>`).document as unknown as Document, realKb());
    expect(r.findings.filter((f) => FLAG_CLASSES.includes(f.class)).map((f) => `${f.class} ${f.claim}: ${f.sentence}`)).toEqual([]);
  });

  it("lines under a label heading (注意事项, 禁忌人群) speak of the page's drug", () => {
    const flags = (body: string, title: string) =>
      analyzeDocument(parseHTML(`<html><head><title>${title}</title></head><body>${body}</body></html>`).document as unknown as Document, realKb())
        .findings.filter((f) => FLAG_CLASSES.includes(f.class))
        .map((f) => f.sentence);
    const label = '<p>他克莫司软膏用于白癜风。</p><h3>注意事项</h3><p>孕妇及哺乳期妇女禁用。</p><table><tr><td>禁忌人群</td><td>哺乳期妈妈和孕妇全都禁用</td></tr></table>';
    expect(flags(label, '他克莫司软膏_百科')).toEqual(['孕妇及哺乳期妇女禁用。', '哺乳期妈妈和孕妇全都禁用']);
    // Under another heading, on a page whose title names no drug, the same line names none: nothing to attribute.
    // (On a page about the drug a pregnancy ban is read as said of it anyway: see the pageSubject test.)
    expect(flags(label.replace('注意事项', '生活小贴士').replace('禁忌人群', '小贴士'), '白癜风生活小贴士_百科')).toEqual([]);
  });

  it("a negator inside one of the claim's own terms (不满两岁) is part of the term, even when a shorter term was chosen", () => {
    const r = analyzeDocument(parseHTML('<html><body><p>白癜风 他克莫司。不满两岁的宝宝用他克莫司也很安全。</p></body></html>').document as unknown as Document, realKb());
    expect(r.findings.filter((f) => f.class === 'dubious').map((f) => f.sentence)).toEqual(['不满两岁的宝宝用他克莫司也很安全。']);
  });

  it('the eczema parenting page: advice on itching is not read as the vitiligo stress claim', () => {
    const r = analyse('eczema-tacrolimus-parenting-zh.html');
    const itching = r.findings.filter((f) => f.sentence.includes('瘙痒'));
    expect(itching.filter((f) => FLAG_CLASSES.includes(f.class)).map((f) => `${f.class} ${f.claim}: ${f.sentence}`)).toEqual([]);
  });

  it('the Taiwanese page is on topic through 白斑症, and an oral-leukoplakia page using the same word is not', () => {
    expect(analyse('taiwan-clinic-blog-zh-tw.html').topics.map((t) => t.id)).toContain('vitiligo');
    const html = '<html lang="zh-TW"><body><h1>口腔白斑症</h1><p>口腔白斑症是口腔黏膜上的白色斑塊，屬於癌前病變，長期嚼檳榔的人要小心。白斑症有一定比例會惡變成口腔癌，應定期追蹤。</p></body></html>';
    const r = analyzeDocument(parseHTML(html).document as unknown as Document, realKb());
    expect(r.topics).toEqual([]);
    expect(r.findings).toEqual([]);
  });
});
