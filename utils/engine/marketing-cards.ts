/**
 * Claim cards for marketing findings that come from page-signal patterns
 * rather than from a knowledge claim (a hotline prompt or a cure story is
 * recognised by its shape, whatever its wording). Ids live in the `page.`
 * namespace, which knowledge claim ids never use.
 */
import type { ClaimCard, SignalId } from './types';

type SentenceSignal = Extract<
  SignalId,
  'call-to-action' | 'case-story' | 'cure-guarantee' | 'timing-guarantee' | 'treatment-package' | 'sales-pitch'
>;

const base: Pick<ClaimCard, 'kind' | 'topic' | 'grade' | 'references'> = {
  kind: 'marketing',
  topic: 'page-signals',
  grade: 'background-knowledge',
  references: [],
};

export const MARKETING_CARDS: Record<SentenceSignal, ClaimCard> = {
  'call-to-action': {
    ...base,
    id: 'page.call-to-action',
    statement: { en: 'A prompt to contact, chat with or book a clinic.', zh: '引导读者咨询、私聊或预约医院的话术。' },
    explanation: {
      en: 'Consultation buttons, hotlines and "green channels" are there to turn readers into patients of one clinic. They are not medical information; a dermatologist of your own choosing can advise you.',
      zh: '咨询按钮、热线和“绿色通道”的目的是把读者变成某家医院的患者，并不是医学信息。可以找自己选择的皮肤科医生咨询。',
    },
  },
  'case-story': {
    ...base,
    id: 'page.case-story',
    statement: { en: 'A patient story with a before/after cure.', zh: '讲述患者治疗前后“治好了”的案例。' },
    explanation: {
      en: 'Single success stories are chosen by the page owner and say nothing about how often a treatment works; results vary widely between people and body sites.',
      zh: '个别成功案例由网站挑选，不能说明治疗的总体效果；不同的人、不同部位的疗效差别很大。',
    },
  },
  'treatment-package': {
    ...base,
    id: 'page.treatment-package',
    statement: { en: 'A branded package of treatments sold by one clinic.', zh: '某家医院包装推出的“特色疗法”套餐。' },
    explanation: {
      en: 'Trade names glued together ("fast 308 + targeted TCM") describe a product, not a treatment with published evidence; ask what each part is and what studies support it.',
      zh: '把几种疗法拼成一个商品名（如“极速308+中医定向”）是在推销产品，而非有公开证据的治疗；可以问清每一部分是什么、有什么研究支持。',
    },
  },
  'sales-pitch': {
    ...base,
    id: 'page.sales-pitch',
    statement: { en: 'A fear appeal, slogan, money-back promise or "visiting expert" pitch.', zh: '恐吓式话术、口号、“无效退款”承诺或“名医坐诊”式推销。' },
    explanation: {
      en: 'Urgency ("see a proper hospital now before it spreads"), slogans, money-back promises and famous visiting experts are persuasion, not information about the disease or its treatment.',
      zh: '“尽早到正规医院，否则扩散”之类的紧迫感、口号、“无效退款”和“名医坐诊”都是说服手段，并不提供关于疾病或治疗的信息。',
    },
  },
  'cure-guarantee': {
    ...base,
    id: 'page.cure-guarantee',
    statement: { en: 'A promise of a cure or of a high cure rate.', zh: '承诺“根治”或很高的治愈率。' },
    explanation: {
      en: 'No treatment can promise a permanent cure or a fixed success rate to an individual; such promises are a marketing device.',
      zh: '没有任何治疗能向个人承诺“根治”或固定的成功率，这类承诺是营销手段。',
    },
  },
  'timing-guarantee': {
    ...base,
    id: 'page.timing-guarantee',
    statement: { en: 'A promise that results come within a fixed time.', zh: '承诺在固定时间内见效。' },
    explanation: {
      en: 'How fast and how far a treatment works varies from person to person; a promised timing is a sales argument, not a medical one.',
      zh: '见效快慢和程度因人而异，承诺固定的见效时间是销售话术，而非医学判断。',
    },
  },
};

export function marketingCardFor(signal: SignalId): ClaimCard | undefined {
  return (MARKETING_CARDS as Partial<Record<SignalId, ClaimCard>>)[signal];
}
