/**
 * Page signals: what makes a page a sales page rather than information. They
 * are computed on the WHOLE page text (hotlines, chat buttons and testimonials
 * usually sit outside the article) with patterns meant to generalise to hospital
 * pages nobody here has seen, not with the seed pages' exact strings.
 */
import { findNegations } from './negation';
import type { Bilingual, Signal, SignalId } from './types';

interface SignalSpec {
  id: SignalId;
  label: Bilingual;
  weight: number;
  /** Matching spans (global regexes, or a scanner) in NFKC-folded, lower-cased text. */
  patterns: (RegExp | ((text: string) => Span[]))[];
  /** Drop a match when a negation word directly precedes it ("无法根治" is no guarantee). */
  negatable?: boolean;
  /** Sentences showing this signal are marketing findings. */
  sentenceLevel: boolean;
}

interface Span {
  start: number;
  end: number;
}

const TRADE_WORDS = /极速|極速|定向|培植|梅花针|專利|专利|独家|獨家|特色|祛白|自体|活性|微创|五维|三维|靶向/g;
const PACKAGE_WORD = /[\p{Script=Han}\w]/u;
/** A trade word no farther than this from the "+" that glues it to another treatment. */
const PACKAGE_REACH = 10;

/**
 * Treatment packages: two word runs joined by "+", one of them carrying a trade
 * word next to the "+". Scanned from each "+" outwards: a regex with a leading
 * `[\p{Han}\w]{0,10}` would retry at every character of the page.
 */
function packageMatches(text: string): Span[] {
  const out: Span[] = [];
  for (let plus = text.indexOf('+'); plus !== -1; plus = text.indexOf('+', plus + 1)) {
    let a = plus;
    while (a > 0 && text[a - 1] === ' ') a--;
    let ls = a;
    while (ls > 0 && a - ls < PACKAGE_REACH * 2 && PACKAGE_WORD.test(text[ls - 1] as string)) ls--;
    let b = plus + 1;
    while (b < text.length && text[b] === ' ') b++;
    let re = b;
    while (re < text.length && re - b < PACKAGE_REACH * 2 && PACKAGE_WORD.test(text[re] as string)) re++;
    const left = text.slice(ls, a);
    const right = text.slice(b, re);
    const tradeLeft = [...left.matchAll(TRADE_WORDS)].some((m) => m.index + m[0].length >= left.length - PACKAGE_REACH);
    const tradeRight = [...right.matchAll(TRADE_WORDS)].some((m) => m.index <= PACKAGE_REACH);
    if ((tradeLeft && right.length >= 2) || (tradeRight && left.length >= 2)) out.push({ start: ls, end: re });
  }
  return out;
}

const SPECS: SignalSpec[] = [
  {
    id: 'hotline',
    label: { en: 'Clinic hotline numbers', zh: '医院咨询热线' },
    weight: 0.5,
    patterns: [
      /(?<!\d)400[- ]?\d{3}[- ]?\d{4}(?!\d)/g,
      /(?<!\d)800[- ]?\d{3}[- ]?\d{4}(?!\d)/g,
      /(?<![\d-])0\d{2,3}-\d{7,8}(?!\d)/g,
      /(?:热线|電話|电话|咨询电话|tel|hotline)\s*[:：]?\s*\+?[\d][\d -]{6,}/g,
    ],
    sentenceLevel: false,
  },
  {
    id: 'contact-app',
    label: { en: 'Private chat contacts (QQ, WeChat)', zh: 'QQ、微信等私聊联系方式' },
    weight: 0.4,
    patterns: [/qq\s*[:：号]?\s*\d{5,}/g, /(?:加|添加)?(?:微信|weixin|wechat)(?:号)?\s*[:：]\s*[\w-]{5,}/g, /加微信|扫码(?:咨询|添加|加)/g],
    sentenceLevel: false,
  },
  {
    id: 'call-to-action',
    label: { en: 'Calls to contact or book a clinic', zh: '引导咨询、预约的按钮和话术' },
    weight: 0.45,
    patterns: [
      /在线咨询|在線諮詢|免费咨询|免費諮詢|点击咨询|點擊諮詢|立即咨询|马上咨询|在线问诊|在线预约|免费预约|预约挂号|預約掛號|绿色通道|綠色通道|专家团队|專家團隊|专家坐诊|名额有限|免挂号费|出治疗(?:建议|方案)|一对一(?:咨询|诊疗|服务)|咨询专家|挂号优惠|援助(?:名额|活动)/g,
      /\b(?:book (?:a|your) (?:free )?(?:consultation|appointment)|free consultation|call (?:us )?now|chat with (?:a|our) (?:doctor|specialist) now)\b/g,
    ],
    sentenceLevel: true,
  },
  {
    id: 'case-story',
    label: { en: 'Before/after cure stories', zh: '治疗前后的“康复案例”' },
    weight: 0.5,
    patterns: [
      /(?:真实|康复|治疗|治愈|成功)案例|病例分享|患者(?:故事|见证)|before\s*(?:and|&|\/)\s*after/g,
      // English cure stories: "Sarah saw her white patches disappear after just 3 months of our treatment".
      /\b(?:my|her|his|their)\b[^.!?\n]{0,40}?\b(?:patches|spots|vitiligo)\b[^.!?\n]{0,30}?\b(?:disappear(?:ed)?|vanish(?:ed)?|(?:were|was) gone|clear(?:ed)? up|fully repigmented|completely repigmented)\b/g,
      /\b(?:after|in|within) (?:just |only )?(?:\d+|one|two|three|four|five|six|a few) (?:days|weeks|months) of (?:our|this) (?:treatment|therapy|program|programme|formula)\b/g,
      /(?:\d+岁|宝宝|患者|先生|女士|小朋友)[^。!?！？\n]{0,40}?(?:治疗|在[^。!?！？\n]{1,8}?(?:医院|门诊)|用药|疗程)[^。!?！？\n]{0,30}?(?:白斑(?:消失|消退|不见了|没了)|复色|痊愈|治愈|康复|恢复正常)/g,
      /(?:治疗|用药)\s*\d+\s*(?:个)?(?:多)?(?:天|周|月|个月)\S{0,4}?白斑(?:消失|消退)/g,
      // First-person treatment reports: "我使用了一个多月,感觉…"
      /(?:^|[,，。!！])\s*我(?:使用|用|涂|擦|抹|治疗|坚持)了?[^。!?！？\n]{0,6}?(?:\d+|一|两|几|半|三)[个個多]*(?:天|周|星期|月|年)/g,
    ],
    sentenceLevel: true,
  },
  {
    id: 'treatment-package',
    label: { en: 'Branded treatment packages', zh: '包装成套餐的“特色疗法”' },
    weight: 0.4,
    // "黑色素细胞培植+308激光+梅花针", "极速308+中医定向": a trade name glued to other treatments.
    patterns: [packageMatches],
    sentenceLevel: true,
  },
  {
    id: 'sales-pitch',
    label: { en: 'Fear appeals, slogans and visiting experts', zh: '恐吓式话术、口号和“专家坐诊”' },
    weight: 0.35,
    patterns: [
      /(?:及早|尽早|盡早|尽快|儘快|及时|及時|早日)[^。!?！？\n]{0,8}正规(?:的)?(?:医院|醫院|专科|医疗机构)/g,
      /(?:扩散|擴散|蔓延)[^。!?！？\n]{0,12}(?:全身|危害|严重|终身)|延误(?:病情|治疗)[^。!?！？\n]{0,6}(?:扩散|恶化|终身|后悔)/g,
      /(?:终|終|一定|必将|定能|终将|就能)(?:可以|能)?战胜(?:疾病|病魔|白癜风|白斑)|告别白斑|远离白斑|重拾自信|还您(?:健康|美丽)/g,
      /(?:北京|上海|广州|知名|权威|國家級|国家级|国内外|三甲)(?:医院)?(?:的)?专家[^。!?！？\n]{0,8}(?:坐诊|会诊|亲诊|定期|过来|来院|到院|莅临)/g,
    ],
    sentenceLevel: true,
  },
  {
    id: 'star-review',
    label: { en: 'Star ratings and reviews', zh: '星级评价、好评' },
    weight: 0.3,
    patterns: [/[★☆]{3,}/g, /(?:患者|用户)(?:评价|好评|口碑)|好评率\s*\d+/g, /\b[45](?:\.\d)? ?(?:\/ ?5 )?stars?\b/g],
    sentenceLevel: false,
  },
  {
    id: 'cure-guarantee',
    label: { en: 'Cure guarantees', zh: '“根治”“治愈率”等承诺' },
    weight: 0.55,
    patterns: [
      /根治|彻底治愈|徹底治愈|永不复发|永不復發|包治|保证治愈|保證治愈|百分之百|100%\s*(?:治愈|有效|康复|复色)|(?:治愈率|有效率|康复率|复色率)\s*(?:高达|達|达|超过)?\s*\d{2,3}(?:\.\d+)?%/g,
      /\b(?:guaranteed (?:cure|results)|100% (?:cure|effective)|cure (?:is )?guaranteed|permanent(?:ly)? cure[sd]?|never come back|cured? for good|(?:get|got|getting) rid of (?:vitiligo|(?:the |your |her |his )?(?:white )?patches|it) (?:for good|forever|permanently)|success rate of (?:9\d|100)%)\b/g,
    ],
    negatable: true,
    sentenceLevel: true,
  },
  {
    id: 'timing-guarantee',
    label: { en: 'Promised timings', zh: '承诺见效时间' },
    weight: 0.4,
    patterns: [
      /\d+\s*(?:个)?(?:多)?(?:天|日|周|星期|月|个月|個月)(?:内|后|後)?\s*(?:即可|就能|就可以|快速)?\s*(?:见效|見效|复色|復色|治愈|痊愈|白斑(?:消失|消退)|康复)/g,
      /\b(?:results|visible|works?|cured?|clear(?:s|ed)?|repigment\w*) (?:with)?in (?:just |only )?\d+ (?:days|weeks)\b/g,
    ],
    negatable: true,
    sentenceLevel: true,
  },
];

const MISSING: Record<'no-author' | 'no-date' | 'no-references', { label: Bilingual; weight: number }> = {
  'no-author': { label: { en: 'No named author or medical reviewer', zh: '没有署名作者或审核医生' }, weight: 0.15 },
  'no-date': { label: { en: 'No publication or review date', zh: '没有发布日期或审核日期' }, weight: 0.1 },
  'no-references': { label: { en: 'No references to studies or guidelines', zh: '没有引用研究或指南' }, weight: 0.15 },
};

const AUTHOR_IN_TEXT = /作者|撰稿|责任编辑|責任編輯|审核|審核|审稿|医师简介|医生简介|\bby [a-z]+ [a-z]+|\bauthor\b|reviewed by|medically reviewed/;
const DATE_IN_TEXT = /(?:19|20)\d{2}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2},? (?:19|20)\d{2}\b|(?:updated|published|发布时间|发布日期|更新时间|更新日期)/;
const REFERENCES_IN_TEXT = /参考文献|参考资料|參考文獻|参考来源|\breferences\b|\bdoi[:\s]|pubmed|\bpmid\b|et al\.|指南\s*[(（]?\s*\d{4}|guideline/;

const NEGATED_BEFORE = /(?:不|无法|無法|难以|難以|不能|没有|沒有|并非|並非|不可能|not|no|cannot|never)\s*(?:被|能)?\s*$/;

function snippet(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 12);
  const to = Math.min(text.length, end + 12);
  return text.slice(from, to).replace(/\s+/g, ' ').trim();
}

function matchesOf(spec: SignalSpec, text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const pattern of spec.patterns) {
    if (typeof pattern === 'function') {
      out.push(...pattern(text));
      continue;
    }
    pattern.lastIndex = 0;
    for (const m of text.matchAll(pattern)) {
      if (spec.negatable && NEGATED_BEFORE.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
      out.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

export interface PageMeta {
  byline?: string;
  published?: string;
}

/** All signals of a page (normalised page text = NFKC + lower-case). */
export function computeSignals(normalizedPageText: string, meta: PageMeta): Signal[] {
  const signals: Signal[] = [];
  for (const spec of SPECS) {
    const found = matchesOf(spec, normalizedPageText);
    if (found.length === 0) continue;
    const evidence = [...new Set(found.slice(0, 12).map((m) => snippet(normalizedPageText, m.start, m.end)))].slice(0, 3);
    // Repetition strengthens a signal, up to 1.5x (a page with ten "在线咨询" buttons).
    const weight = Math.round(spec.weight * Math.min(1.5, 1 + (found.length - 1) * 0.1) * 100) / 100;
    signals.push({ id: spec.id, label: spec.label, weight, evidence });
  }
  if (!meta.byline && !AUTHOR_IN_TEXT.test(normalizedPageText)) signals.push({ id: 'no-author', ...MISSING['no-author'], evidence: [] });
  if (!meta.published && !DATE_IN_TEXT.test(normalizedPageText)) signals.push({ id: 'no-date', ...MISSING['no-date'], evidence: [] });
  if (!REFERENCES_IN_TEXT.test(normalizedPageText)) signals.push({ id: 'no-references', ...MISSING['no-references'], evidence: [] });
  return signals;
}

/**
 * The marketing signal of each sentence (first matching sentence-level spec),
 * none for a sentence heavy with negations ("并不能保证…不会…"). The sentences are
 * joined with "。\n" (no pattern crosses it: they stop at 。 and line breaks)
 * and each pattern runs once over the whole, instead of once per sentence.
 */
export function sentenceMarketingSignals(normalizedSentences: string[]): (SignalId | null)[] {
  const SEP = '。\n';
  const starts: number[] = [];
  let joined = '';
  for (const s of normalizedSentences) {
    starts.push(joined.length);
    joined += s + SEP;
  }
  const found: (SignalId | null)[] = normalizedSentences.map(() => null);
  const sentenceAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const spec of SPECS) {
    if (!spec.sentenceLevel) continue;
    // A match's last character lies in its sentence (a match may begin on the previous sentence's 。).
    for (const m of matchesOf(spec, joined)) {
      const i = sentenceAt(m.end - 1);
      // Within one sentence a promise is void when any negation precedes it ("没有任何药物能根治").
      if (spec.negatable && findNegations(joined.slice(starts[i] as number, m.start)).length > 0) continue;
      if (found[i] === null && findNegations(normalizedSentences[i] as string).length <= 2) found[i] = spec.id;
    }
  }
  return found;
}

export const SIGNAL_LABELS: Record<SignalId, Bilingual> = Object.fromEntries([
  ...SPECS.map((s) => [s.id, s.label]),
  ...Object.entries(MISSING).map(([id, m]) => [id, m.label]),
]) as Record<SignalId, Bilingual>;
