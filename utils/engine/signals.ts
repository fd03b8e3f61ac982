/**
 * Page signals: what makes a page a sales page rather than information. They
 * are computed on the WHOLE page text (hotlines, chat buttons and testimonials
 * usually sit outside the article) with patterns meant to generalise to hospital
 * pages nobody here has seen, not with the seed pages' exact strings.
 */
import { findNegations, isDebunking, isDistancingNormalized, isQuestion, isWarningNormalized, mayNegate } from './negation';
import { foldTraditional } from './normalize';
import type { Bilingual, Signal, SignalId } from './types';

interface SignalSpec {
  id: SignalId;
  label: Bilingual;
  weight: number;
  /** Matching spans (patterns, or a scanner) in NFKC-folded, lower-cased text. */
  patterns: (Pattern | ((text: string) => Span[]))[];
  /** Drop a match when a negation word directly precedes it ("无法根治" is no guarantee). */
  negatable?: boolean;
  /** Sentences showing this signal are marketing findings. */
  sentenceLevel: boolean;
}

interface Span {
  start: number;
  end: number;
}

/**
 * A global regex, and where its matches can be. Running two dozen regexes over
 * the whole page was what signals cost: V8 retries a regex at every position
 * and tries each alternative there, while indexOf for a literal is a memchr.
 * So a pattern may say
 * - `needs`: every match contains a string of each group, so a text lacking a
 *   group is skipped (most pages have no "400", no "qq", no "★");
 * - `starts`: every position where a match can start (repeats and extra
 *   positions do no harm), and the regex is tried there only.
 * With neither, the regex runs over the whole text. Most English patterns do,
 * as in Chinese text indexOf for an English word costs about what they cost.
 *
 * Literals are chosen for their first character. V8's indexOf memchr()s for
 * its larger byte, so 咨询 (54 A8) costs little, while 专家 (4E 13) stops at
 * every 一, 不 and 中 of the page and 'vitiligo' at every 的 and 白 (76 84, 76 7D).
 */
interface Pattern {
  re: RegExp;
  needs: string[][];
  starts?: (scan: Scan, report: (start: number) => void) => void;
  /** `re` made sticky, to try it at one position (patterns with `starts`). */
  sticky?: RegExp;
  /** Dropped where its sentence takes it back (see voidedInSentence), in a spec that is not negatable as a whole. */
  voidable?: boolean;
}

/** A text being matched, with what its patterns share. */
interface Scan {
  text: string;
  /** See resultStarts. */
  results?: number[];
}

function gated(re: RegExp, ...needs: string[][]): Pattern {
  return { re, needs };
}

/** A gated pattern that a warning or negation in its sentence takes back ("不要轻信祖传秘方"). */
function voidable(re: RegExp, ...needs: string[][]): Pattern {
  return { re, needs, voidable: true };
}

function startingAt(re: RegExp, starts: NonNullable<Pattern['starts']>, ...needs: string[][]): Pattern {
  return { re, needs, starts, sticky: new RegExp(re.source, re.flags.replace('g', 'y')) };
}

/**
 * Every match contains one of these literals, some characters after its start:
 * "在线咨询" has 咨询 2 in, so `{ 咨询: [2] }`.
 */
function anchored(re: RegExp, anchors: Record<string, number[]>, ...needs: string[][]): Pattern {
  const entries = Object.entries(anchors);
  const starts = ({ text }: Scan, report: (start: number) => void): void => {
    for (const [literal, offsets] of entries) {
      for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) {
        for (const offset of offsets) if (at >= offset) report(at - offset);
      }
    }
  };
  return startingAt(re, starts, ...needs);
}

function hasAny(text: string, literals: string[]): boolean {
  for (const literal of literals) if (text.includes(literal)) return true;
  return false;
}

const byStart = (a: Span, b: Span): number => a.start - b.start;

/** Adds the spans the global regex matches in the text, left to right without overlap. */
function addMatches(p: Pattern, scan: Scan, out: Span[]): void {
  const { text } = scan;
  for (const group of p.needs) if (!hasAny(text, group)) return;
  const { starts, sticky } = p;
  if (starts && sticky) {
    // A regex matches at a position the same way however it got there: trying every possible
    // start, in any order, then keeping from the left each success that begins where the last
    // kept one ended or later, gives what scanning gives.
    const found: Span[] = [];
    starts(scan, (start) => {
      sticky.lastIndex = start;
      if (sticky.test(text)) found.push({ start, end: sticky.lastIndex });
    });
    found.sort(byStart);
    let next = 0;
    for (const span of found) {
      if (span.start < next) continue;
      out.push(span);
      next = Math.max(span.end, span.start + 1);
    }
    return;
  }
  const { re } = p;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // No pattern matches the empty string; stepping over one anyway keeps the loop finite.
    if (m[0] === '') re.lastIndex++;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
}

const SPACE = /\s/;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Where the run of digits that ends at `end` starts. */
function digitsStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
  return start;
}

/**
 * First-person treatment reports ("我使用了一个多月,感觉…") start at the clause
 * mark before "我" and its spaces, or at the text start: one start per "我".
 */
function firstPersonStarts({ text }: Scan, report: (start: number) => void): void {
  for (let at = text.indexOf('我'); at !== -1; at = text.indexOf('我', at + 1)) {
    let start = at;
    while (start > 0 && SPACE.test(text[start - 1] as string)) start--;
    report(Math.max(0, start - 1));
  }
}

/**
 * The words cure stories ("…白斑消失") and promised timings ("3个月即可见效") end
 * on, by a literal in each and how far into the word it sits: 治愈 and 痊愈 have
 * 愈 1 in, 白斑消失 and 白斑消退 消 2 in, 白斑不见了 见了 3 in.
 */
const RESULT_WORDS = Object.entries({ 见效: 0, 見效: 0, 复色: 0, 復色: 0, 愈: 1, 康复: 0, 消: 2, 见了: 3, 没了: 2, 恢复正常: 0, 缩小: 2, 变小: 2, 变淡: 2, 全好了: 0, 淡了: 0, 小了: 0 });

/**
 * Where result words may start, in order. Both patterns are found from these:
 * they are few where 患者 and digits, which the patterns begin with, are everywhere.
 */
function resultStarts(scan: Scan): number[] {
  if (scan.results) return scan.results;
  const { text } = scan;
  const starts: number[] = [];
  for (const [literal, into] of RESULT_WORDS) {
    for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) if (at >= into) starts.push(at - into);
  }
  return (scan.results = starts.sort((x, y) => x - y));
}

/** What a promised timing may have between its number and its result word (besides spaces). */
const TIMING_FILLER = new Set([...'个多天日周星期月個内后後即可就能以快速保证必定一看到见出大面积部分基本明显完全'].map((ch) => ch.charCodeAt(0)));

/**
 * Promised timings start at a number. Scanning for one tries every digit of the
 * page, and backtracks through a long number once per digit: stepping back from
 * each result word over units, fillers and spaces to the number gives the one
 * start to try. That is the number's first digit: from a later digit the match
 * would end the same, and scanning would get there first, as no match ends
 * inside a number (they end on a result word).
 */
function timingStarts(scan: Scan, report: (start: number) => void): void {
  const { text } = scan;
  for (let end of resultStarts(scan)) {
    while (end > 0 && (TIMING_FILLER.has(text.charCodeAt(end - 1)) || SPACE.test(text[end - 1] as string))) end--;
    const start = digitsStart(text, end);
    if (start < end) report(start);
  }
}

/** From the person to the result word: 小朋友, 40 characters, 在…医院 (11), 30 characters. */
const CURE_STORY_REACH = 3 + 40 + 11 + 30;
const [AGE, FULL_STOP, FULL_EXCLAMATION, FULL_QUESTION] = [...'岁。！？'].map((ch) => ch.charCodeAt(0));
/** The first characters of 宝宝, 患者, 先生, 女士/女儿, 小朋友, 孩子, 闺女, 儿子, 我家 and 娃. */
const PERSON_STARTS = new Set([...'宝患先女小孩闺儿我娃'].map((ch) => ch.charCodeAt(0)));

function isPersonStart(code: number): boolean {
  return PERSON_STARTS.has(code);
}

/** 。!?！？ and line breaks: no cure story crosses them, and they bound the sentence a promise is read in. */
function isClauseEnd(code: number): boolean {
  return code === FULL_STOP || code === 33 || code === 63 || code === FULL_EXCLAMATION || code === FULL_QUESTION || code === 10;
}

/**
 * Cure stories ("患者在我院治疗三个月后白斑消失") start at a person, or at the
 * first digit of an age (9岁, as for timings), within the clause of a result
 * word and at most CURE_STORY_REACH before it. Trying the pattern at every 患者
 * of a vitiligo page costs more than looking around its few result words.
 */
function cureStoryStarts(scan: Scan, report: (start: number) => void): void {
  const { text } = scan;
  let seen = 0;
  for (const result of resultStarts(scan)) {
    // Windows overlap, and what an earlier one has seen this one need not see again.
    let from = result;
    while (from > seen && result - from < CURE_STORY_REACH && !isClauseEnd(text.charCodeAt(from - 1))) from--;
    for (let i = from; i < result; i++) {
      const code = text.charCodeAt(i);
      if (isPersonStart(code)) report(i);
      else if (code === AGE) report(digitsStart(text, i));
    }
    seen = Math.max(seen, result);
  }
}

const TRADE_WORDS = /极速|極速|定向|培植|梅花针|專利|专利|独家|獨家|特色|祛白|自体|活性|微创|五维|三维|靶向/g;
const PACKAGE_WORD = /[\p{Script=Han}\w]/u;
/** A trade word no farther than this from the "+" that glues it to another treatment. */
const PACKAGE_REACH = 10;

/** Where the last trade word of `words` ends (matches do not overlap, so it ends last). */
function lastTradeWordEnd(words: string): number {
  let end = -Infinity;
  TRADE_WORDS.lastIndex = 0;
  for (let m = TRADE_WORDS.exec(words); m !== null; m = TRADE_WORDS.exec(words)) end = m.index + m[0].length;
  return end;
}

function firstTradeWordStart(words: string): number {
  TRADE_WORDS.lastIndex = 0;
  return TRADE_WORDS.exec(words)?.index ?? Infinity;
}

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
    const tradeLeft = right.length >= 2 && lastTradeWordEnd(left) >= left.length - PACKAGE_REACH;
    const tradeRight = left.length >= 2 && firstTradeWordStart(right) <= PACKAGE_REACH;
    if (tradeLeft || tradeRight) out.push({ start: ls, end: re });
  }
  return out;
}

const SPECS: SignalSpec[] = [
  {
    id: 'hotline',
    label: { en: 'Clinic hotline numbers', zh: '医院咨询热线' },
    weight: 0.5,
    patterns: [
      // Not a site's complaint or report line ("违法不良信息举报电话:400…").
      gated(/(?<!(?:举报|投诉|监督)(?:电话|热线|专线)?\s*[:：]?\s*)(?<!\d)400[- ]?\d{3}[- ]?\d{4}(?!\d)/g, ['400']),
      gated(/(?<!(?:举报|投诉|监督)(?:电话|热线|专线)?\s*[:：]?\s*)(?<!\d)800[- ]?\d{3}[- ]?\d{4}(?!\d)/g, ['800']),
      // A landline counts when it is offered for consulting or booking. Every hospital, public or not, and every
      // news site lists switchboard, complaint and emergency numbers: "医院总机:0571-…", "违法和不良信息举报:0755-…".
      gated(/(?:热线|熱線|咨询电话|諮詢電話|预约电话|預約電話|免费电话|免費電話|hotline)\s*[:：]?\s*(?:☎|☏|📞|tel\.?)?\s*\+?[\d][\d -]{6,}/g, ['热线', '熱線', '话', '話', 'hotline']),
      gated(/\b(?:call|phone)(?: us)?(?: now| today)?(?: at| on)?:? ?\+?(?:1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}\b/g, ['call', 'phone']),
    ],
    sentenceLevel: false,
  },
  {
    id: 'contact-app',
    label: { en: 'Private chat contacts (QQ, WeChat)', zh: 'QQ、微信等私聊联系方式' },
    weight: 0.4,
    patterns: [
      gated(/qq\s*[:：号]?\s*\d{5,}/g, ['qq']),
      gated(/(?:加|添加)?(?:微信|weixin|wechat)(?:号)?\s*[:：]\s*[\w-]{5,}/g, ['微信', 'weixin', 'wechat'], [':', '：']),
      gated(/加微信|扫码(?:咨询|添加|加)/g, ['加微信', '扫码']),
      // Hong Kong and Taiwan clinics book through WhatsApp and LINE.
      gated(/(?:whatsapp|line)\s*(?:id)?\s*[:：@]?\s*\+?\d[\d -]{6,}\d/g, ['whatsapp', 'line']),
    ],
    sentenceLevel: false,
  },
  {
    id: 'call-to-action',
    label: { en: 'Calls to contact or book a clinic', zh: '引导咨询、预约的按钮和话术' },
    weight: 0.45,
    patterns: [
      // Each phrase has one of these, at a fixed place (一对一咨询 has 咨询 3 in, 專家團隊 家團 1 in).
      anchored(
        // Not 预约挂号 or 专家团队: every public hospital's menu has them.
        /在线咨询|在線諮詢|免费咨询|免費諮詢|点击咨询|點擊諮詢|立即咨询|马上咨询|在线问诊|在线预约|免费预约|绿色通道|綠色通道|专家坐诊|名额有限|免挂号费|出治疗(?:建议|方案)|一对一(?:咨询|诊疗|服务)|咨询专家|挂号优惠|援助(?:名额|活动)/g,
        { 咨询: [0, 2, 3], 諮詢: [2], 诊: [3], 约: [3], 绿: [0], 綠: [0], 额: [1], 号: [1, 2], 出治疗: [0], 务: [4], 援: [0] },
      ),
      // Private-message prompts ("私信我要主任微信"), booking on WhatsApp, free assessments. Not a reader's message
      // reported ("有姐妹私信问备孕：我医生说…").
      gated(/(?:私信|私讯)(?![问問])(?:我|博主|小编)?[^。!?！？:：\n]{0,8}?(?:微信|联系方式|地址|医院|医生|主任|line)|(?:加|添加)(?:我|药师|医生|专家|客服|主任)?的?微信|(?:给你|加|留)\s*line\b|(?:仅剩|今日仅剩|只剩)\s*\d+\s*(?:件|个|瓶|盒|支|套|名额|个名额|位)|限时(?:特惠|优惠|折扣)|(?:优惠码|折扣码)|(?:主任|医生|专家|客服|医助)的?(?:微信|vx|whatsapp)|预约免费|免费(?:皮肤)?(?:评估|检测)|(?:立即|马上|即刻)\s*(?:whatsapp|预约)/g, ['私信', '私讯', '微信', 'vx', 'whatsapp', '预约', '免费', 'line', '剩', '限时', '码']),
      // WeChat spelt around filters: 加V, +v, 加vx, 加薇, with the handle or a freebie after it.
      gated(/(?:加|\+)\s*(?:v|vx|wx|薇|威)(?![a-z])\s*[:：]?\s*(?:[a-z][\w-]{4,}|\d{5,}|领|免费|咨询|了解)/g, ['加v', '+v', '加 v', '加wx', '加薇', '加威']),
      gated(
        /\b(?:book (?:a|your) (?:free )?(?:consultation|appointment)|free consultation|call (?:us )?now|chat with (?:a|our) (?:doctor|specialist) now|(?:send|text|email|upload|whatsapp) (?:us )?(?:a |your )?(?:photo|picture|pic|selfie)s? of (?:your|the) (?:patches|spots|skin)|free (?:photo|online|virtual|skin|remote) (?:evaluation|assessment|analysis|review)|send (?:us )?(?:a photo|your photos?)|only \d+ (?:[a-z]+ ){0,2}?(?:spots|places|slots|appointments|bottles|jars|tubes|packs|boxes|kits|units|items) left|dm (?:us|me)|whatsapp us|message us on whatsapp|book (?:a|your) (?:free )?(?:discovery|consultation|strategy) call|free (?:virtual |online )?consultation|use (?:the )?(?:code|coupon) [a-z0-9]+|\d{1,2}% off\b|(?:this week|today) only|limited[- ]time (?:offer|deal|price))\b/g,
      ),
    ],
    sentenceLevel: true,
  },
  {
    id: 'case-story',
    label: { en: 'Before/after cure stories', zh: '治疗前后的“康复案例”' },
    weight: 0.5,
    patterns: [
      // "Before and after" as photos or results, not "wash your hands before and after applying".
      gated(
        /(?:真实|康复|治疗|治愈|成功)案例|病例分享|患者(?:故事|见证)|before\s*(?:and|&|\/)\s*after(?!\s+(?:[a-z]+ing|each|every|meals?|use|you|your|the|it)\b)/g,
        ['案例', '病例分享', '患者故事', '见证', 'after'],
      ),
      // English cure stories: "Sarah saw her white patches disappear after just 3 months of our treatment".
      // ('itiligo': see Pattern.)
      gated(
        /\b(?:my|her|his|their)\b[^.!?\n]{0,40}?\b(?:patches|spots|vitiligo)\b[^.!?\n]{0,30}?\b(?:disappear(?:ed)?|vanish(?:ed)?|(?:were|was) gone|clear(?:ed)? up|fully repigmented|completely repigmented)\b/g,
        ['patches', 'spots', 'itiligo'],
      ),
      gated(
        /\b(?:after|in|within) (?:just |only )?(?:\d+|one|two|three|four|five|six|a few) (?:days|weeks|months) of (?:our|this) (?:treatment|therapy|program|programme|formula)\b/g,
        ['days', 'weeks', 'months'],
      ),
      startingAt(
        // The story ends on an outcome: 复色 alone names the aim of a treatment ("用于12岁及以上患者的复色治疗"), not a result.
        // A negated outcome is no story ("有些患者则过于悲观,认为白癜风无法治愈"), and a story ends at a semicolon.
        /(?:\d+岁|宝宝|患者|先生|女士|小朋友|孩子|闺女|女儿|儿子|我家|娃)[^。!?！？;；\n]{0,40}?(?:治疗|在[^。!?！？;；\n]{1,8}?(?:医院|门诊)|用药|疗程|照了|涂了|擦了|喝了|吃了|用了)[^。!?！？;；\n]{0,30}?(?<!无法|不能|不会|没有|没能|未能|难以|不可能|不)(?:白斑(?:消失|消退|不见了|没了)|(?:白斑|白点|白块)[^。!?！？;；\n,，]{0,4}?(?:淡了|变淡|缩小|小了)|(?:完全|全部|基本|明显|已经|已|开始|逐渐)复色|复色(?:了|均匀|良好|明显)|痊愈|治愈|康复|恢复正常|全好了)/g,
        cureStoryStarts,
      ),
      gated(/(?:治疗|用药)\s*\d+\s*(?:个)?(?:多)?(?:天|周|月|个月)\S{0,4}?白斑(?:消失|消退)/g, ['消']),
      // First-person treatment reports: "我使用了一个多月,感觉…"
      startingAt(/(?:^|[,，。!！])\s*我(?:使用|用|涂|擦|抹|治疗|坚持)了?[^。!?！？\n]{0,6}?(?:\d+|一|两|几|半|三)[个個多]*(?:天|周|星期|月|年)/g, firstPersonStarts),
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
    label: { en: 'Fear appeals, slogans, money-back promises and visiting experts', zh: '恐吓式话术、口号、“无效退款”和“专家坐诊”' },
    weight: 0.35,
    patterns: [
      // Not the disclaimer every health site ends with: 如有不适请及时到正规医院就诊.
      anchored(/(?<!(?:如有|如果有?|若有)(?:不适|不適|疑问|疑問|需要)[^。!?！？\n]{0,3})(?:及早|尽早|盡早|尽快|儘快|及时|及時|早日)[^。!?！？\n]{0,8}正规(?:的)?(?:医院|醫院|专科|医疗机构)/g, { 及: [0], 早: [0, 1], 快: [1] }, ['规']),
      anchored(
        /(?:扩散|擴散|蔓延)[^。!?！？\n]{0,12}(?:全身|危害|严重|终身)|延误(?:病情|治疗)[^。!?！？\n]{0,6}(?:扩散|恶化|终身|后悔)/g,
        { 扩散: [0], 擴散: [0], 蔓延: [0], 延误: [0] },
      ),
      anchored(
        /(?:终|終|一定|必将|定能|终将|就能)(?:可以|能)?战胜(?:疾病|病魔|白癜风|白斑)|告别白斑|远离白斑|重拾自信|还您(?:健康|美丽)/g,
        { 胜: [2, 3, 4, 5], 告别: [0], 远离: [0], 拾: [1], 您: [1] },
      ),
      // Family secret recipes: 祖传秘方, 第四代传人, 配方从不外传 (not 第三代药物, a drug generation).
      voidable(/(?:祖传|家传)(?:秘方|偏方|配方|方子|中药|疗法)?|秘方|配方(?:从不|绝不|概不|不)外传|第[二三四五六七八九十\d]代(?:传人|继承人)|到我(?:这儿|这里|这)?(?:已经)?是第[二三四五六七八九十\d]代|\bsecret (?:family )?(?:formula|recipe)\b|\bpassed down (?:for|through) (?:\w+ )?generations\b/g, ['传', '秘方', '第', 'secret', 'passed down']),
      // Money-back promises: a condition ("if it hasn't worked in 60 days") is no negation of them.
      // Not a denial of the promise: 正规医院不会承诺无效退款.
      gated(/(?<!(?:不会|不會|不能|不可能|不敢|从不|從不|绝不|絕不|不)(?:承诺|承諾|保证|保證)[^。!?！？\n]{0,4})(?:无效(?:全额|全数)?退款|不满意(?:全额)?退款)|\bmoney[- ]back\b|\brefund every (?:penny|cent)\b|\bfull refund\b|\bcure[- ]or[- ]refund\b/g, ['退款', 'money', 'refund']),
      // 家 of 专家, after a 2-3 character title, 医院 and 的.
      anchored(
        /(?:北京|上海|广州|知名|权威|國家級|国家级|国内外|三甲)(?:医院)?(?:的)?专家[^。!?！？\n]{0,8}(?:坐诊|会诊|亲诊|定期|过来|来院|到院|莅临)/g,
        { 家: [3, 4, 5, 6, 7] },
      ),
    ],
    sentenceLevel: true,
  },
  {
    // A shop sells the product: its promises are sales talk, but it brings no one to a clinic (see verdict.ts).
    id: 'shop',
    label: { en: 'Online shop (prices, buy buttons)', zh: '网店（价格、购买按钮）' },
    weight: 0,
    patterns: [
      gated(
        /购物车|立即购买|马上购买|立即下单|现在下单|去结算|我的订单|月销\s*\d|[¥$]\s*\d+\.\d{2}\b|\badd to (?:cart|bag|basket)\b|\bbuy (?:it )?now\b/g,
        ['购', '下单', '结算', '订单', '月销', '¥', '$', 'add to', 'buy'],
      ),
    ],
    sentenceLevel: false,
  },
  {
    id: 'star-review',
    label: { en: 'Star ratings and reviews', zh: '星级评价、好评' },
    weight: 0.3,
    patterns: [
      gated(/[★☆]{3,}/g, ['★', '☆']),
      gated(/(?:患者|用户)(?:评价|好评|口碑)|好评率\s*\d+/g, ['评', '口碑']),
      gated(/\b[45](?:\.\d)? ?(?:\/ ?5 )?stars?\b/g, ['star']),
    ],
    sentenceLevel: false,
  },
  {
    id: 'cure-guarantee',
    label: { en: 'Cure guarantees', zh: '“根治”“治愈率”等承诺' },
    weight: 0.55,
    patterns: [
      gated(
        /根治|一扫而空|彻底治愈|徹底治愈|永不复发|永不復發|包治|保证治愈|保證治愈|百分之百|100%\s*(?:治愈|有效|康复|复色)|(?:治愈率|有效率|康复率|复色率)\s*(?:高达|達|达|超过)?\s*\d{2,3}(?:\.\d+)?%/g,
      ),
      gated(
        /\b(?:guaranteed\b(?! by\b)|guarantee (?:results|a cure|that)|100% (?:cure|effective)|cure (?:is )?guaranteed|permanent(?:ly)? cure[sd]?|permanently (?:reverses?|reversed|removes?|eliminates?|clears?|erases?) (?:your |the |all )?(?:vitiligo|white patches|patches|spots)|never come back|cured? for good|(?:get|got|getting) rid of (?:vitiligo|(?:the |your |her |his )?(?:white )?patches|it) (?:for good|forever|permanently)|success rate of (?:9\d|100)%|(?:[5-9]\d|100)% of (?:(?:our )?(?:customers|users|buyers|clients)|our patients) (?:saw|see|had|have|noticed|notice|reported|report|got|get|achieve|achieved|reach|reached|are cured|were cured)|(?:lifetime |life-long |lifelong )?(?:no[- ]relapse|relapse[- ]free) guarantee|lifetime guarantee)\b/g,
      ),
    ],
    negatable: true,
    sentenceLevel: true,
  },
  {
    id: 'timing-guarantee',
    label: { en: 'Promised timings', zh: '承诺见效时间' },
    weight: 0.4,
    patterns: [
      startingAt(
        /\d+\s*(?:个)?(?:多)?(?:天|日|周|星期|月|个月|個月)(?:内|后|後)?\s*(?:即可|就能|就可以|快速|保证|必定|一定)?\s*(?:看到|看见|看出)?\s*(?:大面积|大部分|基本|明显|完全|全部)?\s*(?:见效|見效|复色|復色|治愈|痊愈|白斑(?:消失|消退|缩小|变小|变淡)|康复)/g,
        timingStarts,
      ),
      // "Clear white spots naturally in 30 days", "cleared my hands in just 3 sessions".
      gated(
        /\b(?:results|visible|works?|cured?|clear(?:s|ed)?|repigment\w*|restores?|restored) (?:[a-z']+ ){0,3}?(?:with)?in (?:just |only )?\d+ (?:days|weeks|sessions|treatments)\b/g,
        ['days', 'weeks', 'sessions', 'treatments'],
      ),
      gated(/\bin as little as \d+ (?:days|weeks)\b/g, ['little as']),
      // "Most customers notice new color in 2 to 4 weeks": a result within days or a few weeks (the truth is months).
      gated(
        /\b(?:notice|see|saw|get|got|expect)s? (?:new |visible |real )?(?:colou?r|results?|repigmentation|improvement|a difference)\b[^.!?\n]{0,30}?\b(?:in|within) (?:just |only |the first )?(?:(?:[1-9]|[12]\d|30)(?:\s*(?:to|-|–)\s*(?:[1-9]|[12]\d|30))? days|[1-4](?:\s*(?:to|-|–)\s*[1-4])? weeks|(?:first )?(?:week|month))\b/g,
        ['colo', 'result', 'repigment', 'improvement', 'difference'],
      ),
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

const AUTHOR_IN_TEXT =
  /作者|撰稿|责任编辑|責任編輯|审核|審核|审稿|医师简介|医生简介|(?:^|\s)文\s*\/\s*\p{Script=Han}{2,4}|\bby (?!the\b|a\b|an\b|our\b)[a-z]+ [a-z]+|\bauthor\b|reviewed by|medically reviewed/u;
const DATE_IN_TEXT = /(?:19|20)\d{2}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2},? (?:19|20)\d{2}\b|(?:updated|published|发布时间|发布日期|更新时间|更新日期)/;
const REFERENCES_IN_TEXT = /参考文献|参考资料|參考文獻|参考来源|\breferences\b|\bdoi[:\s]|pubmed|\bpmid\b|et al\.|指南\s*[(（]?\s*\d{4}|guideline/;

const NEGATED_BEFORE = /(?:不|无法|無法|难以|難以|很难|很難|不易|不能|没有|沒有|并非|並非|不可能|not|no|cannot|never|hard to|difficult to)\s*(?:被|能)?\s*$/;
/** A promise denied after its word: 根治不了, 根治唔到, 根治不到 ("cannot be cured"). */
const NEGATED_AFTER = /^\s*(?:不了|唔到|不到|不得|不来|不來|很难|很難|是不可能)/;

/** "Free of" claims (不含激素, 无副作用, no steroids) negate nothing a promise says: they are sales talk themselves. */
const FREE_OF = /^\s*(?:含|添加|任何副作用|副作用|毒副作用|依赖|激素|类固醇|刺激|steroids?\b|side effects?\b|chemicals?\b)/;

function negationCount(text: string): number {
  if (!mayNegate(text)) return 0;
  return findNegations(text).filter((n) => !FREE_OF.test(text.slice(n.end))).length;
}

/** Whitespace that `replace(/\s+/g, ' ')` would change; normalised text has none. */
const UNFOLDED_SPACE = /\s\s|[^\S ]/;

/** A space, comma, semicolon or 、: where a snippet cut looks deliberate. */
function isSoftBreak(code: number): boolean {
  return code === 32 || code === 44 || code === 59 || code === 0xff0c || code === 0xff1b || code === 0x3001;
}

/** Context shown on each side of a signal's match, at most. */
const SNIPPET_REACH = 12;

/**
 * The match with a little context, cut at a sentence end or, failing that, at a space or comma
 * when there is one ("在线问诊 电话问诊", not "生 健康号 … 登录 | 注"), with "…" where text was cut.
 */
function snippet(text: string, start: number, end: number): string {
  let [from, to] = sentenceAround(text, start, end, SNIPPET_REACH);
  const cutBefore = from > 0 && !isClauseEnd(text.charCodeAt(from - 1));
  const cutAfter = to < text.length && !isClauseEnd(text.charCodeAt(to));
  if (cutBefore) {
    let i = from;
    while (i < start && !isSoftBreak(text.charCodeAt(i))) i++;
    if (i < start) from = i + 1;
  }
  if (cutAfter) {
    let i = to - 1;
    while (i >= end && !isSoftBreak(text.charCodeAt(i))) i--;
    if (i >= end) to = i;
  }
  const piece = text.slice(from, to);
  const tidy = (UNFOLDED_SPACE.test(piece) ? piece.replace(/\s+/g, ' ') : piece).trim();
  return `${cutBefore ? '…' : ''}${tidy}${cutAfter ? '…' : ''}`;
}

function matchesOf(spec: SignalSpec, scan: Scan): Span[] {
  const { text } = scan;
  const out: Span[] = [];
  for (const p of spec.patterns) {
    if (typeof p === 'function') for (const span of p(text)) out.push(span);
    else if (p.voidable && !spec.negatable) {
      const own: Span[] = [];
      addMatches(p, scan, own);
      for (const span of own) if (!voidedInSentence(text, span.start, span.end)) out.push(span);
    } else addMatches(p, scan, out);
  }
  if (!spec.negatable) return out;
  return out.filter(
    ({ start, end }) =>
      !NEGATED_BEFORE.test(text.slice(Math.max(0, start - 6), start)) && !NEGATED_AFTER.test(text.slice(end, end + 6)) && !voidedInSentence(text, start, end),
  );
}

/** Characters looked at on each side of a promise for its sentence (sentences are split at 240 anyway). */
const SENTENCE_REACH = 240;

/**
 * A promise the sentence around it takes back: a negation before it ("目前还没有能够根治的方法"),
 * a question ("能根治吗?"), or a warning ("不要轻信'包治'的广告", "be wary of guaranteed cures").
 */
function voidedInSentence(text: string, start: number, end: number): boolean {
  // Bounded: a page of one endless line must not make this quadratic.
  const [from, to] = sentenceAround(text, start, end, SENTENCE_REACH);
  const sentence = text.slice(from, Math.min(text.length, to + 1));
  const before = text.slice(from, start);
  return (
    negationCount(before) > 0 ||
    isQuestion(sentence) ||
    isWarningNormalized(sentence) ||
    // "广告中称可实现'7天见效'", "宣称永不复发，系编造": reported or debunked, not promised.
    isDistancingNormalized(before) ||
    isDebunking(sentence)
  );
}

/** The span around text[start, end) out to the sentence ends on either side, at most `reach` characters each way. */
function sentenceAround(text: string, start: number, end: number, reach: number): [number, number] {
  let from = start;
  while (from > 0 && start - from < reach && !isClauseEnd(text.charCodeAt(from - 1))) from--;
  let to = end;
  while (to < text.length && to - end < reach && !isClauseEnd(text.charCodeAt(to))) to++;
  return [from, to];
}

export interface PageMeta {
  byline?: string;
  published?: string;
}

/** All signals of a page (normalised page text = NFKC + lower-case). */
export function computeSignals(normalizedPageText: string, meta: PageMeta): Signal[] {
  const signals: Signal[] = [];
  // Patterns are written in Simplified and read a folded copy; evidence is shown as the page wrote it.
  const scan: Scan = { text: foldTraditional(normalizedPageText) };
  for (const spec of SPECS) {
    const found = matchesOf(spec, scan);
    if (found.length === 0) continue;
    // The first three distinct snippets among the first twelve matches.
    const evidence: string[] = [];
    for (const m of found.slice(0, 12)) {
      const text = snippet(normalizedPageText, m.start, m.end);
      if (!evidence.includes(text)) evidence.push(text);
      if (evidence.length === 3) break;
    }
    // Repetition strengthens a signal, up to 1.5x (a page with ten "在线咨询" buttons).
    const weight = Math.round(spec.weight * Math.min(1.5, 1 + (found.length - 1) * 0.1) * 100) / 100;
    signals.push({ id: spec.id, label: spec.label, weight, evidence });
  }
  if (!meta.byline && !AUTHOR_IN_TEXT.test(scan.text)) signals.push({ id: 'no-author', ...MISSING['no-author'], evidence: [] });
  if (!meta.published && !DATE_IN_TEXT.test(scan.text)) signals.push({ id: 'no-date', ...MISSING['no-date'], evidence: [] });
  if (!REFERENCES_IN_TEXT.test(scan.text)) signals.push({ id: 'no-references', ...MISSING['no-references'], evidence: [] });
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
    joined += foldTraditional(s) + SEP;
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
  const scan: Scan = { text: joined };
  for (const spec of SPECS) {
    if (!spec.sentenceLevel) continue;
    // A match's last character lies in its sentence (a match may begin on the previous sentence's 。).
    for (const m of matchesOf(spec, scan)) {
      const i = sentenceAt(m.end - 1);
      if (found[i] !== null) continue;
      // Within one sentence a promise is void when any negation precedes it ("没有任何药物能根治").
      if (spec.negatable && negationCount(joined.slice(starts[i] as number, m.start)) > 0) continue;
      if (negationCount(normalizedSentences[i] as string) <= 2) found[i] = spec.id;
    }
  }
  return found;
}

export const SIGNAL_LABELS: Record<SignalId, Bilingual> = Object.fromEntries([
  ...SPECS.map((s) => [s.id, s.label]),
  ...Object.entries(MISSING).map(([id, m]) => [id, m.label]),
]) as Record<SignalId, Bilingual>;
