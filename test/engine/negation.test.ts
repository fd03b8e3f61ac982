import { describe, expect, it } from 'vitest';
import {
  deniesOutcome,
  findNegations,
  isAdviceNegation,
  isDebunking,
  isDistancing,
  isHedged,
  isQuestion,
  isQuotedWhole,
  isRebuttal,
  isReportedBelief,
  isWarning,
  negatesCondition,
  opensWithNegativeQuantifier,
  rebutsReported,
  saysHowRarely,
  statementBeforeRhetoricalQuestion,
} from '../../utils/engine/negation';
import { splitSentences } from '../../utils/engine/segment';

const tokens = (t: string) => findNegations(t).map((n) => n.token);

describe('findNegations', () => {
  it.each([
    ['他克莫司软膏并不能直接让黑色素再生', ['并不能']],
    ['白癜风并不会传染', ['并不会']],
    ['无法恢复', ['无法']],
    ['没有证据', ['没有']],
    ['并非所有患者都有效', ['并非']],
    ['不适用于孕妇', ['不']],
    ['it does not regrow', ['not']],
    ["it doesn't work", ["doesn't"]],
    ['never use it on broken skin', ['never']],
  ])('finds the negation in %s', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it.each([
    '他克莫司不仅能治疗白癜风，还能治疗湿疹',
    '不少患者用药后好转',
    '不久后白斑变小',
    '不同部位疗效不同',
    '用药后出现不适',
    '不良反应较轻',
    '无论哪种类型',
    '非常有效',
    '未来可期',
    'not only safe but also effective',
    '除了不好看',
    '除咗唔好睇之外',
    'apply it no later than two hours before',
  ])('finds no negation in "%s"', (text) => {
    expect(tokens(text)).toEqual([]);
  });
});

describe('isAdviceNegation', () => {
  /** Whether the first negation of a normalised text advises against an action. */
  const advises = (t: string) => {
    const n = findNegations(t)[0];
    if (!n) throw new Error(`no negation in ${t}`);
    return isAdviceNegation(n, t.slice(n.start), t.slice(0, n.start));
  };
  it('reads advice against an action as advice, in Chinese, Cantonese and English', () => {
    expect(advises('白癜風患者切勿食海鮮')).toBe(true);
    expect(advises('唔好食維c')).toBe(true);
    expect(advises('不要擅自停药')).toBe(true);
    expect(advises("don't share towels with someone who has vitiligo")).toBe(true);
    expect(advises('no need to wait for your vitiligo to be stable')).toBe(true);
    expect(advises('小孩子得白癜风不用太担心')).toBe(true);
  });
  it('leaves plain negations alone: "without", "cannot", an English negation inside the clause', () => {
    expect(advises('不用他克莫司')).toBe(false);
    expect(advises('白癜风无法根治')).toBe(false);
    expect(advises('他克莫司不会致癌')).toBe(false);
    expect(advises("tacrolimus doesn't regrow pigment")).toBe(false);
    expect(advises("patients who don't use sunscreen")).toBe(false);
  });
});

describe('negatesCondition', () => {
  it('reads "if not treated" as the condition of what follows', () => {
    expect(negatesCondition('不赶紧治会变成皮肤癌')).toBe(true);
    expect(negatesCondition('不及时治疗会扩散')).toBe(true);
    expect(negatesCondition('没有规范治疗，白斑会扩散')).toBe(true);
  });
  it('leaves "does not cure the root", "cannot be cured" and "incurable" to the negation they are', () => {
    expect(negatesCondition('不治本')).toBe(false);
    expect(negatesCondition('不能治好')).toBe(false);
    expect(negatesCondition('不治之症')).toBe(false);
    expect(negatesCondition('不治好')).toBe(false);
  });
});

describe('Cantonese negation', () => {
  it('reads 唔, 冇, 唔係, 唔會 as negators, and 係唔係 / 會唔會 as questions', () => {
    expect(tokens('白蝕唔會傳染')).toEqual(['唔會']);
    expect(tokens('冇證據證明會致癌')).toEqual(['冇']);
    expect(tokens('唔係咩獨家技術')).toEqual(['唔係']);
    expect(tokens('會唔會致癌')).toEqual([]);
    expect(isQuestion('塗他克莫司會唔會致癌')).toBe(true);
  });
  it('reads an A-not-A someone is to judge as an indirect question, not as asking', () => {
    expect(isQuestion('白癜风会不会传染')).toBe(true);
    expect(isQuestion('上传照片，专家帮你判断是不是白癜风。')).toBe(false);
    expect(isQuestion('要坚持涂三个月，才能判断有没有效果。')).toBe(false);
  });
});

describe('isQuestion', () => {
  it.each(['他克莫司软膏可以让黑色素再生吗?', '白癜风会传染吗？', 'Does tacrolimus regrow pigment?', '能治好吗', '白癜风进展期怎么判断', '他克莫司为什么会有灼热感'])('%s is a question', (t) =>
    expect(isQuestion(t)).toBe(true),
  );
  it.each(['他克莫司不能让黑色素再生。', 'Tacrolimus helps.', '医生会告诉你如何涂药。', '白癜风没什么大不了'])('%s is not a question', (t) => expect(isQuestion(t)).toBe(false));
});

describe('statementBeforeRhetoricalQuestion', () => {
  const statementOf = (text: string) => {
    const [sentence] = splitSentences(text);
    const end = statementBeforeRhetoricalQuestion(sentence!);
    return end < 0 ? null : text.slice(0, end);
  };
  it.each([
    ['这药会致癌，你还敢往娃身上抹？', '这药会致癌，'],
    ['這藥會致癌，你還敢用嗎？', '這藥會致癌，'],
    ['激素药副作用那么大，何苦呢？', '激素药副作用那么大，'],
    ["It's a steroid, so why would you put it on a baby?", "It's a steroid, "],
  ])('%s argues for its statement', (text, statement) => expect(statementOf(text)).toBe(statement));
  it.each(['这药会致癌，是真的吗？', '这药会致癌吗，你还敢用？', '你还敢用吗？', '为什么会致癌，谁敢说清楚？', '这药会致癌，你觉得呢？'])('%s asks', (text) =>
    expect(statementOf(text)).toBeNull(),
  );
});

describe('isDebunking', () => {
  it('recognises myth framing in both languages', () => {
    expect(isDebunking('这是一个常见的误区')).toBe(true);
    expect(isDebunking('this is a myth')).toBe(true);
    expect(isDebunking('他克莫司能让黑色素再生')).toBe(false);
    expect(isDebunking('很多人误认为白癜风会传染')).toBe(true);
    // Passive "be mistaken for" names a confusion, it debunks nothing.
    expect(isDebunking('银屑病很容易被误认为白癜风')).toBe(false);
    // Taiwanese 迷思 (myth) and 誤會, and evidence qualified (没有临床证据支持).
    expect(isDebunking('破解5大迷思')).toBe(true);
    expect(isDebunking('不能吃維他命c都是誤會')).toBe(true);
    expect(isDebunking('这些说法都没有临床证据支持')).toBe(true);
    expect(isDebunking('说开心了就能好，没这回事')).toBe(true);
  });
});

describe('reported claims and their rebuttals', () => {
  it('reads a sentence wholly in quotation marks as somebody else\'s words', () => {
    expect(isQuotedWhole('"Protopic causes cancer."')).toBe(true);
    expect(isQuotedWhole('“他克莫司是激素。”')).toBe(true);
    expect(isQuotedWhole('「白斑會傳染」')).toBe(true);
    expect(isQuotedWhole('Protopic causes cancer.')).toBe(false);
    expect(isQuotedWhole('“包治”和“根治”都是广告用语')).toBe(false);
    expect(isQuotedWhole('他说：“会传染”')).toBe(false);
  });

  it('takes a verdict standing alone, or a sentence opening with a denial after a reported claim, as its rebuttal', () => {
    expect(isRebuttal('Wrong.')).toBe(true);
    expect(isRebuttal('错！')).toBe(true);
    expect(isRebuttal('Not true.')).toBe(true);
    expect(isRebuttal('Wrong turn ahead.')).toBe(false);
    expect(rebutsReported('No diet has been shown to cause or cure vitiligo.')).toBe(true);
    expect(rebutsReported('没有任何研究支持这种说法。')).toBe(true);
    expect(rebutsReported('Large studies found a small rise.')).toBe(false);
  });

  it('tells a rarity word from a small amount, and 不就是 from a negation', () => {
    expect(saysHowRarely('白斑很少')).toBe(true);
    expect(saysHowRarely('it rarely')).toBe(true);
    expect(saysHowRarely('涂很少量')).toBe(false);
    expect(findNegations('他克莫司不就是激素嘛')).toEqual([]);
  });

  it('hears a warning in 谨慎点 and 别轻信', () => {
    expect(isWarning('保证治愈这种话还是谨慎点吧')).toBe(true);
    expect(isWarning('别轻信包治的广告')).toBe(true);
  });
});

describe('framing', () => {
  it('recognises a negative quantifier opening the sentence, not an answer "No,"', () => {
    expect(opensWithNegativeQuantifier('no treatment, including tacrolimus, can cure')).toBe(true);
    expect(opensWithNegativeQuantifier('没有任何药物，包括他克莫司，能根治')).toBe(true);
    expect(opensWithNegativeQuantifier('no, tacrolimus can cure')).toBe(false);
    expect(opensWithNegativeQuantifier('no doubt tacrolimus helps')).toBe(false);
  });

  it('tells quoted sales talk from a first-person promise', () => {
    expect(isReportedBelief('Some clinics claim a 98% cure rate')).toBe(true);
    expect(isReportedBelief('一些医院宣称治愈率高达98%')).toBe(true);
    expect(isReportedBelief('Our clinic promises a 100% cure rate')).toBe(false);
    expect(isWarning('be wary of such promises')).toBe(true);
    expect(isWarning('这种宣传不可信')).toBe(true);
  });

  it('reads 以为 as a belief reported, not 可以为 ("can be for")', () => {
    expect(isReportedBelief('我妈一直以为他克莫司是激素')).toBe(true);
    expect(isReportedBelief('他克莫司可以为患者减少激素用量')).toBe(false);
  });

  it('tells sales talk quoted at a distance from hearsay passed on', () => {
    expect(isDistancing('一些医院宣称治愈率高达98%')).toBe(true);
    expect(isDistancing('clinics that claim a 98% cure rate')).toBe(true);
    expect(isDistancing('听说他们家治愈率有98%')).toBe(false);
    // News reporting an advert: 广告中称, 该院 (a hospital's own page says 我院/本院).
    expect(isDistancing('广告中称该院拥有“独家基因修复技术”')).toBe(true);
    expect(isDistancing('我院拥有独家基因修复技术')).toBe(false);
    expect(isDebunking('上述治愈率数据系该院营销人员自行编造')).toBe(true);
    expect(isDebunking('说白癜风可以根治，在医学上是站不住脚的')).toBe(true);
  });

  it('finds an outcome denied right after the predicate, not other things denied', () => {
    expect(deniesOutcome('也没有明显加分')).toBe(true);
    expect(deniesOutcome('，也没有明显加分')).toBe(true);
    expect(deniesOutcome(' brings no real benefit')).toBe(true);
    expect(deniesOutcome('，没有明显副作用')).toBe(false);
    expect(deniesOutcome('效果更好')).toBe(false);
    // What happens if the advice is not followed is no denial of what the advice does.
    expect(deniesOutcome('，不然没效果')).toBe(false);
    expect(deniesOutcome(', otherwise it does nothing')).toBe(false);
    // A link denied: "白癜风跟缺铜没有关系", "has nothing to do with copper".
    expect(deniesOutcome('没多大关系，别瞎补')).toBe(true);
    expect(deniesOutcome(' has nothing to do with copper')).toBe(true);
    // Bare 没关系 is "it doesn't matter" (白癜风不痛不痒没关系), not a link denied.
    expect(deniesOutcome('没关系')).toBe(false);
    expect(deniesOutcome(' every day does nothing, and too much copper')).toBe(true);
    expect(deniesOutcome('都没用')).toBe(true);
    expect(isDebunking('一两周内白斑就明显缩小并不现实')).toBe(true);
  });

  it('recognises qualifiers that take the overstatement out of a claim', () => {
    expect(isHedged('it is safe for older children when used as directed')).toBe(true);
    expect(isHedged('他克莫司软膏在医生指导下使用是安全的')).toBe(true);
    expect(isHedged('他克莫司软膏非常安全')).toBe(false);
  });

  it('reads a denial after an answer or a time, a quoted myth marked wrong, and a myth reported as a 说法', () => {
    expect(opensWithNegativeQuantifier('short answer: no. nothing currently available cures')).toBe(true);
    expect(opensWithNegativeQuantifier('目前没有任何饮食被证实会')).toBe(true);
    expect(isDebunking('1. “白癜风会传染”——错。')).toBe(true);
    expect(isDebunking('5. “橙子要忌口”——这条我倒觉得有道理。')).toBe(false);
    expect(isDebunking('说激素药膏一用就上瘾，未免太绝对了')).toBe(true);
    expect(isReportedBelief('网上有种说法，称吡美莫司是他克莫司的升级版')).toBe(true);
    expect(deniesOutcome('根本是两种病，麻风是细菌感染')).toBe(true);
    expect(deniesOutcome(' are completely different diseases')).toBe(true);
  });

  it('treats "not supported by studies" as debunking', () => {
    expect(isDebunking('claims that tacrolimus causes cancer are not supported by large studies')).toBe(true);
  });
});
