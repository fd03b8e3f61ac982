/**
 * Negation and polarity cues. A negation word governs the cue words that follow
 * it within the same clause ("他克莫司并不能直接让黑色素再生": 不能 precedes 再生).
 *
 * Chinese needs care because 不/无/没/非/未 also build ordinary words that are
 * not negations: 不仅/不但 (not only), 不少 (many), 不久 (soon), 不同 (different),
 * 不断 (continually), 不良 (adverse), 不适 (discomfort — but 不适用/不适合 are
 * negations), 无论 (no matter), 非常 (very), 未来 (future)… Those are listed as
 * exceptions, and bare 非/别 are not negations at all (非激素 is "non-steroid",
 * 特别/区别 contain 别).
 */

import { foldCase } from './normalize';

/** Chinese negators, longest first so 并不能 is one token. */
const ZH_NEGATORS = [
  '并不能', '并不会', '并不是', '并没有', '并非', '并无', '并不', '绝不', '决不', '从不', '从未', '毫无', '无法', '无需', '无须', '不能', '不会',
  '不可', '不宜', '不要', '不用', '不必', '不是', '不该', '不应', '没有', '没法', '未能', '未曾', '未经', '禁止', '禁用', '切勿', '勿', '别再', '不',
  '没', '未', '无', '並不', '並非', '沒有', '沒', '無法', '無', '不會', '不應', '別再',
  // Cantonese (Hong Kong pages): 唔 = 不, 冇 = 没有; 唔係 = 不是, 唔會 = 不会, 唔使 = 不用.
  '唔係', '唔會', '唔会', '唔使', '唔好', '唔可以', '唔能夠', '唔', '冇',
];

/** Words that start with a negator character but are not negations. */
const ZH_NOT_NEGATION = [
  '不仅', '不僅', '不但', '不只', '不光', '不少', '不久', '不同', '不断', '不斷', '不良', '不适', '不適', '不足', '不明', '不规则', '不規則',
  '不稳定', '不穩定', '不均', '不对称', '不對稱', '不一样', '不一樣', '不论', '不論', '不管', '不安', '不便', '不已', '不停', '不时', '不時',
  '不外乎', '不过', '不過', '不妨', '不容易', '不易', '不禁', '不得不', '不然', '无论', '無論', '无数', '無數', '未来', '未來', '未知', '没准',
  '无菌', '無菌', '无色', '無色', '无痛', '無痛', '无创', '無創', '不着', '不理想', '不佳', '无意', '未满', '未滿', '不慎',
  // Rhetorical "isn't it just…" affirms: 他克莫司不就是激素嘛.
  '不就是', '不就',
  // "Ugly", "unsightly" are adjectives: 除了不好看，对身体没影响.
  '不好看', '不美观', '不美觀', '不雅观', '不雅觀', '唔好睇',
];
/** 不适 is "discomfort", but 不适用/不适合/不适宜 negate; exceptions to the exceptions. */
const ZH_NEGATION_DESPITE_PREFIX = ['不适用', '不适合', '不适宜', '不適用', '不適合', '不足以'];

const EN_NEGATORS =
  /\b(?:not|no|never|cannot|can't|cant|won't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|shouldn't|mustn't|without|neither|nor|none|nobody|no one|unable|fails? to|no longer|nothing)\b|n't\b/g;
/** English phrases with a negator that do not negate the claim ("not only … but also", "no later than 2 hours before", "doctors won't tell you"). */
const EN_NOT_NEGATION = /\b(?:not only|no doubt|no matter|not just|nothing but|no (?:later|sooner|more|less|fewer) than|(?:won't|will not|don't|do not|doesn't|does not) (?:tell you|want you to know))\b/g;

/** Characters a Chinese negator (or one of its look-alike exceptions) starts with. */
const NEGATOR_CHARS = '不没未无禁切勿并决绝从毫沒無並別别唔冇';
const NEGATOR_START = new Set([...NEGATOR_CHARS].map((c) => c.charCodeAt(0)));
const MAY_NEGATE = new RegExp(`[${NEGATOR_CHARS}a-z]`);

/**
 * An outcome or a link denied right after the predicate, in its clause or at the start of the next:
 * "卡泊三醇和他克莫司一起用(，)也没有明显加分", "白癜风跟缺铜没有关系",
 * "combining them adds no real benefit". The predicate ("一起用", "combining") is not negated itself;
 * what it was said to achieve is.
 */
const OUTCOME_DENIED =
  /^(?:[^,，;；。]{0,4}?[,，]\s*)?[^,，;；。]{0,4}?(?:并没有|並沒有|没有|沒有|没|沒|不会|不會|并不|並不|无|無)(?:什么|什麼|明显|明顯|额外|額外|更多|太大|多大|任何)?的?(?:加分|效果|帮助|幫助|好处|好處|增益|获益|獲益|提高|提升|增强|增強|改善|更好|更有效|区别|區別|差别|差別|关联|關聯)|^[^,，;；。]{0,4}?(?:没有|沒有|并没有|並沒有|没|沒)(?:什么|什麼|多大|太大|直接|任何)(?:的)?(?:关系|關係)|^[^,，;；。]{0,4}?(?:没有|沒有|并没有|並沒有)(?:关系|關係)|^[^,，;；。]{0,4}?(?:无关|無關|不相关|不相關|毫无关系|毫無關係)|^[^,，;；。]{0,4}?(?:没用|沒用|没什么用|沒什麼用|没有用|沒有用|不管用|没效果|沒效果)|^[^,.;]{0,16}?\b(?:does|do|did) (?:absolutely )?nothing\b|^[^,.;]{0,16}?\b(?:is|are) (?:useless|no use)\b|^[^,，;；。]{0,4}?(?:根本|完全|其实|其實)?是两(?:种|回)(?:不同的)?(?:病|疾病|事)|^[^,，;；。]{0,4}?(?:根本|完全|其实|其實)?是兩(?:種|回)(?:不同的)?(?:病|疾病|事)|^[^,，;；。]{0,4}?(?:根本|完全)?不是一回事|^[^,，;；。]{0,4}?(?:完全|截然|根本)(?:不同|不一样|不一樣)|^[^,，;；。]{0,4}?(?:根本|完全)?(?:係|是)兩樣(?:嘢|東西)|^[^,，;；。]{0,4}?(?:根本|完全)?是两样(?:东西)?|^[^,.;]{0,16}?\b(?:are|is) (?:two )?(?:completely |entirely |totally )?(?:different|separate|unrelated) (?:diseases|conditions|things)\b|^[^,.;]{0,16}?\b(?:has|have|had) (?:nothing|little) to do with|^[^,.;]{0,16}?\b(?:is|are|was|were) (?:not |un)(?:related|linked|connected)|^[^,.;]{0,16}?\b(?:adds? no|brings? no|gives? no|with no|no) (?:extra |added |additional |real |clear |significant |further )?(?:benefit|effect|gain|improvement|difference)|^[^,.;]{0,16}?\b(?:does not|doesn't|did not|didn't|won't|will not) (?:help|improve|work better|add (?:anything|much))/;

/** "…，不然没效果", "or else it won't work": the outcome denied for the case where the advice is not followed. */
const OTHERWISE = /^[^,，;；。]{0,4}?[,，]?\s*(?:不然|要不然|要不|否则|否則|otherwise|or else)/;

export function deniesOutcome(textAfterPredicate: string): boolean {
  return !OTHERWISE.test(textAfterPredicate) && OUTCOME_DENIED.test(textAfterPredicate);
}

/**
 * Advice not to do something: "切勿食海鮮", "唔好食維C", "不要错过…", "Don't share towels", "No need to wait",
 * "不用太担心". It negates the action advised against, not the consequence a later clause gives for it
 * ("…，會令白斑擴散", "it's catching"). "No need" counts only for worry and waiting: "不用他克莫司，…" is
 * "without tacrolimus", a plain negation.
 */
const ADVICE_NEGATORS = new Set(['切勿', '勿', '不要', '别再', '別再', '唔好']);
const NO_NEED_FOR_WORRY = /^(?:不用|不必|无需|无须|無需|無須|唔使)(?:太|过于|過於|过分|過分)?(?:担心|擔心|害怕|怕|着急|著急|急|紧张|緊張|等)/;
const ENGLISH_ADVICE = /^(?:don't|do not|never|no need to)\b/;

/** Whether the negation token at the start of `fromToken` (normalised text from the token on) advises against an action. */
export function isAdviceNegation(token: NegationToken, fromToken: string, clauseBeforeToken: string): boolean {
  if (ADVICE_NEGATORS.has(token.token) || NO_NEED_FOR_WORRY.test(fromToken)) return true;
  // English imperatives open their clause.
  return clauseBeforeToken.trim() === '' && ENGLISH_ADVICE.test(fromToken);
}

/**
 * Not treating as a condition ("白斑不赶紧治会变成皮肤癌", "不及时治疗会扩散", "不治疗也会自己好"): the negation is
 * the condition's, and the outcome after it is asserted.
 */
const UNTREATED =
  /^(?:不|没|沒|没有|沒有)(?:去|及时|及時|赶紧|趕緊|尽早|盡早|早点|早點|抓紧|抓緊|积极|積極|好好|规范|規範|正规|正規)?(?:治疗|治療|医治|醫治|治|医|醫|处理|處理|管)(?![好愈癒得本根之而])/;

/** Whether the negation token starting `fromToken` (normalised text from the token on) only says "if not treated". */
export function negatesCondition(fromToken: string): boolean {
  return UNTREATED.test(fromToken);
}

/** False when findNegations would surely find nothing (no negator character, no English): most sentences. */
export function mayNegate(text: string): boolean {
  return MAY_NEGATE.test(text);
}

export interface NegationToken {
  start: number;
  end: number;
  token: string;
}

/** Negation tokens in a normalised text, in order. */
export function findNegations(text: string): NegationToken[] {
  const tokens: NegationToken[] = [];
  for (let i = 0; i < text.length; ) {
    if (!NEGATOR_START.has(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const ch = text[i] as string;
    if (ZH_NEGATION_DESPITE_PREFIX.some((w) => text.startsWith(w, i))) {
      tokens.push({ start: i, end: i + 1, token: ch });
      i += 1;
      continue;
    }
    // A-not-A questions ("能不能", "会不会", "有没有") ask; they do not negate.
    if ((ch === '不' || ch === '没' || ch === '沒' || ch === '唔') && i > 0 && text[i - 1] === text[i + 1]) {
      i += 2;
      continue;
    }
    const exception = ZH_NOT_NEGATION.find((w) => text.startsWith(w, i));
    if (exception) {
      i += exception.length;
      continue;
    }
    const negator = ZH_NEGATORS.find((w) => text.startsWith(w, i));
    if (negator) {
      tokens.push({ start: i, end: i + negator.length, token: negator });
      i += negator.length;
    } else i++;
  }
  if (/[a-z]/.test(text)) {
    const excluded: [number, number][] = [];
    for (const m of text.matchAll(EN_NOT_NEGATION)) excluded.push([m.index, m.index + m[0].length]);
    for (const m of text.matchAll(EN_NEGATORS)) {
      if (excluded.some(([s, e]) => m.index >= s && m.index < e)) continue;
      tokens.push({ start: m.index, end: m.index + m[0].length, token: m[0] });
    }
    tokens.sort((a, b) => a.start - b.start);
  }
  return tokens;
}

/**
 * Words that frame a statement as a myth being debunked ("这是误区", "myth:",
 * "没有科学依据"). A dubious claim in such a sentence is refuted, not asserted.
 */
const DEBUNK = /误区|誤區|谣言|謠言|错误的|錯誤的|是错的|不正确|不正確|不科学|不科學|误以为|誤以為|(?<!被)误认为|(?<!被)誤認為|错误地认为|錯誤地認為|说法不对|說法不對|是不对的|是不對的|并不对|並不對|以讹传讹|以訛傳訛|mistakenly (?:believe|think)|wrongly (?:believe|think)|contrary to (?:popular|common) belief|(?:没有|沒有|缺乏|缺少)(?:任何)?(?:科学|科學|临床|臨床|医学|醫學|可靠|充分|足够|足夠)?(?:的)?(?:依据|根据|证据|依據|根據|證據)|迷思|误会|誤會|伪科学|偽科學|并非如此|並非如此|没这回事|沒這回事|没有这回事|沒有這回事|不是这么回事|不是這麼回事|\bnot the case\b|不可信|不靠谱|不靠譜|靠不住|夸大其词|誇大其詞|不现实|不現實|太绝对|太絕對|过于绝对|過於絕對|未免太|言之过甚|\btoo absolute\b|\boverstat(?:ed|es|ement)\b|\bexaggerat(?:ed|ion|es)\b|[”"」』]\s*[—–-]+\s*(?:错|錯|不对|不對|假的|谣言|謠言|wrong|false|myth)|编造|編造|捏造|虚假(?:宣传|广告)|虛假(?:宣傳|廣告)|夸大宣传|誇大宣傳|站不住脚|站不住腳|\bfabricated\b|false advertising|misleading (?:claims?|ads?|advertising)|不切实际|不切實際|\bunrealistic\b|言过其实|言過其實|夸大了|誇大了|\bmyths?\b|misconception|误解|誤解|misunderst(?:ood|anding)|\bfalse\b|untrue|not true|debunk|no (?:good |solid |reliable |scientific )?evidence|not (?:supported|backed) by|unsupported by|unfounded/;

export function isDebunking(text: string): boolean {
  return DEBUNK.test(text);
}

/** 能不能, 会不会, 是不是, 可不可以, 有没有: asking, even in an indirect question ("患者问…能不能…"). */
const A_NOT_A_VERBS = '能会會是可有要用係';
const A_NOT_A_NEGATORS = '不没沒唔';

/** Whether text[i] is the negator of an A-not-A (能不能, 会不会, 有没有, 是不是…). */
export function isANotAAt(text: string, i: number): boolean {
  return i > 0 && A_NOT_A_NEGATORS.includes(text[i] as string) && text[i - 1] === text[i + 1] && A_NOT_A_VERBS.includes(text[i - 1] as string);
}

const EN_QUESTION_START = /^(?:can|could|does|do|is|are|will|would|should|how|what|why|which|who|when|where)\b/;

/** A question asks, it does not assert ("他克莫司软膏可以让黑色素再生吗?"). */
export function isQuestion(text: string): boolean {
  const t = text.trim();
  // The end tests read backwards from the last character: anchored with `$` alone, a regex
  // would be tried at every position of the sentence.
  let end = t.length;
  while (end > 0 && QUESTION_CLOSERS.includes(t[end - 1] as string)) end--;
  while (end > 0 && /\s/.test(t[end - 1] as string)) end--;
  if (end > 0 && (t[end - 1] === '?' || t[end - 1] === '？')) return true;
  const last = t[t.length - 1];
  if (last === '吗' || last === '嗎' || hasANotA(t)) return true;
  // A title with no end mark that asks ("白癜风进展期怎么判断", related-question links on Q&A sites).
  if (!/[。！!.；;]$/.test(t) && INTERROGATIVE.test(t)) return true;
  return EN_QUESTION_START.test(t) && (last === '?' || last === '？');
}

/**
 * A rhetorical question after a statement argues for the statement instead of asking it:
 * "他克莫司就是激素，你还敢往娃身上抹？", "It's a steroid, so why would you put it on a baby?".
 * The marker must open the last clause (还敢, 难道, 何必, why would you…); "…，是真的吗？" asks
 * whether the statement is true and stays a question.
 */
const RHETORICAL_TAIL =
  /^\s*(?:所以|那|那么|那麼|这样|這樣|這樣子|这样子)?(?:你|妳|您|我们|我們|大家|家长|家長|谁|誰|人)?(?:还|還)?(?:敢|怎么敢|怎麼敢|怎敢|哪敢|哪里敢|哪裡敢)|^\s*(?:你|妳|您)?(?:难道|難道|何必|何苦|凭什么|憑什麼|怎么能|怎麼能|怎能|岂不|豈不)|^\s*(?:so |then |and )?(?:why would (?:you|anyone)|would you (?:really |still |ever )?(?:dare|want|put|use|risk)|who would|how could (?:you|anyone))\b/;

/**
 * Where the statement before a closing rhetorical question ends (absolute offset, the start of the
 * question's clause), or -1 when the sentence is no such pair: one clause only, the statement itself
 * asks something, or the last clause is no rhetorical question.
 */
export function statementBeforeRhetoricalQuestion(sentence: { text: string; start: number; clauses: readonly { start: number; end: number }[] }): number {
  const clauses = sentence.clauses;
  if (clauses.length < 2) return -1;
  const tail = clauses[clauses.length - 1] as { start: number; end: number };
  const tailText = sentence.text.slice(tail.start - sentence.start, tail.end - sentence.start);
  if (!RHETORICAL_TAIL.test(foldCase(tailText))) return -1;
  const head = sentence.text.slice(0, tail.start - sentence.start).replace(/[\s,，:：—–-]+$/, '');
  return head.length > 0 && !isQuestion(head) ? tail.start : -1;
}

const INTERROGATIVE = /怎么|怎麼|怎样|怎樣|如何|为什么|為什麼|为何|為何|哪些|哪种|哪種|多久|多长时间|多長時間|能否|可否/;

const QUESTION_CLOSERS = '"\'”’」』)）';

function hasANotA(t: string): boolean {
  for (let i = 1; i + 1 < t.length; i++) {
    if (isANotAAt(t, i) && !JUDGED_BEFORE.test(t.slice(Math.max(0, i - 7), i - 1))) return true;
  }
  return false;
}

/** An A-not-A someone is to judge is an indirect question ("帮你看是不是白癜风", "判断有没有效"): the sentence still states. */
const JUDGED_BEFORE = /(?:看|看看|看一下|判断|判斷|确定|確定|确认|確認|知道|告诉你|告訴你|鉴别|鑒別|分辨|检查|檢查|查查|评估|評估)(?:一下)?(?:你|您|他|她|孩子)?(?:的)?(?:白斑)?$/;

/**
 * Words that end a negation's reach inside a clause: "Tacrolimus is not a steroid
 * but it regrows pigment" — the "not" belongs to the first half.
 */
const CONTRAST = /但是|但|可是|然而|却|卻|而是|不过|不過|\b(?:but|however|yet|although|though|instead|whereas)\b/;

export function hasContrast(text: string): boolean {
  return CONTRAST.test(text);
}

/**
 * "Whether" words: "至于白癜风是否会传染" names the question, it asserts neither answer.
 * (A-not-A forms such as 会不会 are handled by isQuestion.)
 */
const WHETHER = /是否|能否|可否|会否|會否|有无|有無|\bwhether\b/;

/**
 * A qualifier that takes the overstatement out of a claim: "safe for older children when used as
 * directed", "在医生指导下使用是安全的", or said of some only ("约五分之一的患者会部分自发复色", 少数,
 * "in some patients"; not 大部分, 绝大部分 or 极少数, which overstate the other way). An overstatement
 * (nuance) so hedged is not flagged.
 */
const HEDGE =
  /when used (?:as directed|as prescribed|correctly|properly)|\bas (?:directed|prescribed)\b|under (?:medical|a doctor'?s?|a dermatologist'?s?) (?:supervision|guidance)|遵医嘱|遵醫囑|按医嘱|按醫囑|在医生(?:的)?指导下|在醫生(?:的)?指導下|在医师指导下|在醫師指導下|按(?:照)?说明书|按(?:照)?說明書|规范使用|規範使用|正确使用|正確使用|(?<![大绝絕])部分(?:患者|病人|人|孩子)?|(?<![极極])少数|(?<![极極])少數|个别|個別|[一二三四五六七八九十]+分之一|\ba minority of\b|\bin some (?:cases|patients)\b/;

export function isHedged(text: string): boolean {
  return HEDGE.test(text);
}

/** A rarity word: 很少 (not 很少量, a small amount), 极少, 鲜少, rarely, seldom. */
const RARELY = /(?:很少|極少|极少|甚少|鲜少|鮮少)(?![量许許的])|\b(?:rarely|seldom|hardly ever)\b/;

export function saysHowRarely(text: string): boolean {
  return RARELY.test(text);
}

export function hasWhether(text: string): boolean {
  return WHETHER.test(text);
}

/**
 * Reporting that keeps its distance (宣称, 号称, 所谓, 吓唬说, "clinics that claim"): sales talk quoted so is
 * not the page selling. Hearsay (听说, 据说, 网友说) passes it on: "听说他们家治愈率有98%" still sells.
 */
const DISTANCING =
  /宣称|聲稱|声称|号称|號稱|标榜|標榜|鼓吹|吹嘘|吹噓|所谓|所謂|吓唬|嚇唬|恐吓|恐嚇|危言耸听|危言聳聽|\bclaims? that\b|\bthe (?:claim|idea|belief|notion) that\b|\b(?:some|many|other|certain|these|those) (?:private )?(?:clinics|hospitals|sellers|ads|adverts|websites|companies) (?:claim|promise|say|advertise)|\b(?:clinics|hospitals|sellers|ads|adverts|websites|companies|products) (?:that|which|who) (?:claim|promise|advertise|say)|广告(?:中|里|上)?(?:称|说|宣称|写|的)|廣告(?:中|裡|上)?(?:稱|說|宣稱|寫|的)|该院|該院|涉事(?:医院|醫院)|这家医院(?:宣称|称|声称|承诺)|宣传(?:称|语|中)|宣傳(?:稱|語|中)|自称|自稱|打出(?:了)?|\bads? (?:said|claimed|promised)\b|\badvertised as\b|\bmarketed as\b/;

/**
 * A belief reported rather than asserted: "很多人认为白癜风会传染", "some people believe…", hearsay
 * (听说, 网友说), worry (担心被传染, but not the reassurance 不用太担心), and all reporting at a distance
 * (above). Such sentences are usually followed by the rebuttal. "我个人认为…" is the writer's own opinion, asserted.
 */
const BELIEF_AND_HEARSAY =
  /(?:很多|不少|许多|許多|一些|有些|部分|大部分|多数|多數)?(?<![个個])(?:人|人们|人們|患者|病人|家长|家長)(?:都|常常|往往|一直|总|總)?(?:认为|認為|以为|以為|觉得|覺得|相信)|(?<![可所足得难難])以[为為](?!主)|有人(?:说|說|称|稱|认为|認為|以为|以為|觉得|覺得|相信)|(?:楼上|樓上|上面有人)(?:的)?(?:说|說|讲|講)|有(?:一)?种说法|有(?:一)?種說法|有说法称|有說法稱|网友(?:们)?(?:说|說|称|稱|认为|認為)|網友(?:們)?(?:說|稱|認為)|坊间|坊間|(?:把[^,，。]{1,12})?说成|說成|据说|據說|听说|聽說|传言|傳言|网传|網傳|网上(?:流传|说)|網上(?:流傳|說)|民间(?:流传|说法|认为)|民間(?:流傳|說法|認為)|俗话说|俗話說|流传(?:着|的)?(?:一种|这样的)?说法|(?<!不用|不必|无需|無需|别|別|不要|唔使|用不着|用不著|没必要|沒必要)(?<!不用太|不必太|别太|別太|不要太|唔使太)(?:担心|擔心|害怕)|怕被|怕会|怕會|顾虑|顧慮|\bworr(?:y|ies|ied) (?:that|about)\b|\bafraid (?:that|of)\b|\bfears? that\b|\b(?:many|some|most) (?:people|patients|parents) (?:still )?(?:think|believe|say|assume)|\bsome (?:say|claim|believe)|\bpeople (?:often |commonly )?(?:think|believe|say)|\bit is (?:often |commonly |widely )?(?:said|believed|claimed|thought)|\byou may have heard|\ba (?:common|popular) belief/;
const REPORTED_BELIEF = new RegExp(`${BELIEF_AND_HEARSAY.source}|${DISTANCING.source}`);

export function isDistancing(text: string): boolean {
  return isDistancingNormalized(foldCase(text));
}

/** isDistancing for text already normalised (NFKC, lower case). */
export function isDistancingNormalized(norm: string): boolean {
  return DISTANCING.test(norm);
}

export function isReportedBelief(text: string): boolean {
  return isReportedBeliefNormalized(foldCase(text));
}

/** isReportedBelief for text already normalised (NFKC, lower case), as the matcher holds it. */
export function isReportedBeliefNormalized(norm: string): boolean {
  return REPORTED_BELIEF.test(norm);
}

/**
 * Hearsay the writer passes on as a reason of their own ("听说维C会让白斑变多", "我听说多晒太阳就能好",
 * "I heard it gives you lymphoma"): unlike a belief reported of others ("很多人认为…"), it spreads the
 * claim when nothing rebuts it.
 */
const HEARSAY = /(?:我|我们|我們)?(?:听说|聽說|听人说|聽人說|据说|據說)|\bi(?:'ve| have)? (?:heard|read)(?: somewhere)?(?: that)?\b/;
const HEARSAY_ALL = new RegExp(HEARSAY.source, 'g');

/** Whether the text reports nothing but the writer's hearsay (see HEARSAY). */
export function isPassedOnHearsay(text: string): boolean {
  const norm = foldCase(text);
  return HEARSAY.test(norm) && !REPORTED_BELIEF.test(norm.replace(HEARSAY_ALL, ' '));
}

/** A rebuttal: "其实这是错误的", "但并非如此", "but it is not", "in fact…not…". */
const REBUTTAL_START = /^[\s"'“”「」,，:：—-]*(?:其实|其實|实际上|實際上|事实上|事實上|但是|但|然而|可是|不过|不過|actually|in fact|in reality|however|but)/;

/** A verdict standing alone after a claim: "Wrong.", "Not true!", "错。", "假的", "（这）也不对". */
const REBUTTAL_VERDICT =
  /^[\s"'“”「」]*(?:(?:这|這|那)?(?:也|就)?(?:是)?)(?:wrong|false|not true|untrue|nope|myth|fiction|错|錯|错了|錯了|不对|不對|假的|谣言|謠言|不是的|并不是|並不是)[\s.!！。,，;；:：]*$/;

/** The next sentence opens by denying ("No diet has been shown…", "没有任何研究…", "There is no…"). */
const OPENS_WITH_DENIAL = /^[\s"'“”「」]*(?:no\b|not\b|none\b|nothing\b|never\b|there (?:is|are) no\b|没有|沒有|并没有|並沒有|并不|並不|从来没有|從來沒有|从没|從沒)/;

export function isRebuttal(text: string): boolean {
  return isRebuttalNormalized(foldCase(text));
}

/** isRebuttal for text already normalised (NFKC, lower case). */
function isRebuttalNormalized(norm: string): boolean {
  if (isDebunking(norm)) return true;
  if (REBUTTAL_VERDICT.test(norm)) return true;
  return REBUTTAL_START.test(norm) && findNegations(norm).length > 0;
}

/**
 * The sentence that follows a reported claim rebuts it: a rebuttal, or a sentence opening with a denial
 * ("“Eating black sesame brings colour back.” No diet has been shown to…"). Only after a claim the page
 * reports: after its own statement a denial starts a new point.
 */
export function rebutsReported(nextSentence: string): boolean {
  const norm = foldCase(nextSentence);
  return isRebuttalNormalized(norm) || OPENS_WITH_DENIAL.test(norm);
}

const OPENING_QUOTES = '"“「『‘\'';
const CLOSING_QUOTES = '"”」』’\'';

/**
 * A sentence wholly in quotation marks: somebody's words the page reports (a myth box, a quoted ad,
 * a reply quoting the post before it), not what the page says itself.
 */
export function isQuotedWhole(text: string): boolean {
  const t = text.trim();
  if (t.length < 3 || !OPENING_QUOTES.includes(t[0] as string)) return false;
  let end = t.length - 1;
  while (end > 0 && /[\s.!?。！？]/.test(t[end] as string)) end--;
  if (!CLOSING_QUOTES.includes(t[end] as string)) return false;
  // One quotation: no closing mark inside ("“A” and “B”" quotes twice and says something of its own).
  for (let i = 1; i < end; i++) if ('”」』'.includes(t[i] as string)) return false;
  return true;
}

/** A warning about what was just said: "be wary of such promises", "这种宣传不可信". */
const WARNING = /\bbe (?:wary|careful|cautious|sceptical|skeptical)\b|\bbeware\b|\bdon't believe\b|\bdo not believe\b|不可信|要警惕|警惕|谨慎对待|謹慎對待|不要相信|别相信|別相信|不能相信|小心|谨慎点|謹慎點|谨慎一点|謹慎一點|谨慎些|謹慎些|轻信|輕信/;

export function isWarning(text: string): boolean {
  return isWarningNormalized(foldCase(text));
}

/** isWarning for text already normalised (NFKC, lower case). */
export function isWarningNormalized(norm: string): boolean {
  return WARNING.test(norm);
}

/**
 * A sentence that opens with a negative quantifier ("No treatment, including
 * tacrolimus, can cure…", "没有任何药物，包括他克莫司，能根治…") denies its main
 * predicate even though the negation sits in an earlier clause; so does one after an
 * answer or a time ("No. Nothing currently available cures…", "目前没有任何饮食…").
 */
const NEGATIVE_QUANTIFIER =
  /^\s*(?:(?:[a-z]+ )?answer\s*[:：]\s*|答\s*[:：]\s*)?(?:(?:no|不|不是)\s*[.,!，。！]\s*)?(?:目前|现在|現在|至今|迄今|到目前为止|到目前為止|currently|so far|to date|at present)?\s*(?:no\s+(?!doubt\b|matter\b)[a-z]|none of\b|not (?:one|a single)\b|neither\b|nothing\b|没有任何|沒有任何|没有一种|沒有一種|没有哪(?:一)?种|沒有哪(?:一)?種|没有一个|沒有一個|并没有任何|並沒有任何|任何[^,，。]{0,12}都(?:不|没|無|无))/;

export function opensWithNegativeQuantifier(text: string): boolean {
  return NEGATIVE_QUANTIFIER.test(text);
}
