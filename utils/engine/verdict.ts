/**
 * Page verdict from the weighted signals and the findings. Deliberately simple
 * and explainable: every verdict lists the evidence it rests on.
 */
import type { Thresholds } from './thresholds';
import type { Finding, Signal, Verdict, VerdictKind } from './types';

const TEXTS: Record<VerdictKind, { label: Verdict['label']; summary: Verdict['summary'] }> = {
  'hospital-marketing': {
    label: { en: 'Hospital marketing page', zh: '医院营销页面' },
    summary: {
      en: 'This page is built to bring patients to a clinic: hotlines, chat and booking prompts, cure stories or promises. Treat its medical statements with caution.',
      zh: '这个页面的目的是为医院招揽患者：咨询热线、在线咨询和预约入口、“康复案例”或疗效承诺。请谨慎看待其中的医学说法。',
    },
  },
  promotional: {
    label: { en: 'Promotional content', zh: '推广内容' },
    summary: {
      en: 'The page mixes health information with promotion (calls to action, testimonials or promises).',
      zh: '页面把健康信息和推广内容（咨询引导、用户评价或承诺）混在一起。',
    },
  },
  mixed: {
    label: { en: 'Mixed: some statements need context', zh: '参差不齐：部分说法需要补充背景' },
    summary: {
      en: 'Several statements on this page are doubtful or overstated; the highlighted ones explain why.',
      zh: '页面中有若干说法存疑或夸大，高亮处给出了原因。',
    },
  },
  'mostly-consistent': {
    label: { en: 'Mostly consistent with current evidence', zh: '大体符合现有证据' },
    summary: {
      en: 'The statements Claimlight recognised mostly agree with guidelines and reviews. Check what the page leaves out.',
      zh: 'Claimlight 识别到的说法大多与指南和综述一致。也请留意页面没有提到的内容。',
    },
  },
  'no-claims': {
    label: { en: 'No recognised health claims', zh: '未识别到相关健康说法' },
    summary: {
      en: 'Claimlight found no statement it has knowledge about on this page.',
      zh: 'Claimlight 在这个页面上没有找到它了解的说法。',
    },
  },
};

const HOSPITAL_SIGNALS = new Set(['hotline', 'contact-app', 'call-to-action']);

/** Whether signals call the reader to contact or visit a clinic (hotline, chat contacts, booking prompts). */
export function callsToClinic(signals: Signal[]): boolean {
  return signals.some((s) => HOSPITAL_SIGNALS.has(s.id));
}
/** Timestamps of posts ("2024-05-20", "03/11 23:22", "3天前", "2 hours ago") and reply markers (楼主, 回复, "Reply"). */
const POST_MARKS =
  /\b\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\b\d{1,2}\/\d{1,2}\s+\d{1,2}:\d{2}\b|\d+\s*(?:分钟|分鐘|小时|小時|天|周|週|个月|個月)前|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?) ago\b|楼主|樓主|回复|回覆|\d+\s*[楼樓](?![上下])|\brepl(?:y|ies)\b|\bupvotes?\b|发表于|發表於/gi;

/**
 * A thread of posts (a forum, a Q&A page, a comment section): three or more post timestamps or reply
 * markers in the article. A call to contact a clinic there is one poster's, not the page's own.
 */
export function isThreadOfPosts(article: string): boolean {
  let marks = 0;
  for (const _ of article.matchAll(POST_MARKS)) if (++marks >= 3) return true;
  return false;
}

// Star ratings are not a promise: a pharmacy's product reviews or an answer site's doctor ratings have them too.
const PROMISE_SIGNALS = new Set(['case-story', 'cure-guarantee', 'timing-guarantee']);

/**
 * @param clinicsOwnPage whether the page is a clinic's own, asked only when its signals would make it a hospital
 *   marketing page: a news article or Q&A answer with a clinic's advert beside it mixes information with
 *   promotion, but it is not the clinic speaking.
 */
export function decideVerdict(signals: Signal[], findings: Finding[], onTopic: boolean, t: Thresholds, clinicsOwnPage: () => boolean = () => true): Verdict {
  const make = (kind: VerdictKind, evidence: string[]): Verdict => ({ kind, ...TEXTS[kind], evidence });
  if (!onTopic && findings.length === 0) return make('no-claims', []);
  const total = signals.reduce((sum, s) => sum + s.weight, 0);
  const signalEvidence = signals.filter((s) => s.evidence.length).map((s) => `${s.label.en}: ${s.evidence[0]}`);
  const hasHospital = callsToClinic(signals);
  const hasPromise = signals.some((s) => PROMISE_SIGNALS.has(s.id));
  const marketing = findings.filter((f) => f.class === 'marketing').length;
  // A shop's chat button is customer service; with no hotline or private contact it sells goods, not visits.
  const shopOnly = signals.some((s) => s.id === 'shop') && !signals.some((s) => s.id === 'hotline' || s.id === 'contact-app');
  const promotional = () => make('promotional', [...signalEvidence, ...(marketing ? [`${marketing} promotional sentence(s)`] : [])]);
  if (!shopOnly && total >= t.hospitalMarketingWeight && hasHospital && (hasPromise || marketing >= 2)) {
    return clinicsOwnPage() ? make('hospital-marketing', signalEvidence) : promotional();
  }
  const promoWeight = signals.filter((s) => HOSPITAL_SIGNALS.has(s.id) || PROMISE_SIGNALS.has(s.id)).reduce((a, s) => a + s.weight, 0);
  if (promoWeight >= t.promotionalWeight || marketing >= 2) return promotional();
  if (findings.length === 0) return make('no-claims', []);
  const flagged = findings.filter((f) => f.class === 'dubious' || f.class === 'nuance').length;
  const dubious = findings.filter((f) => f.class === 'dubious').length;
  if (dubious > 0 && flagged / findings.length >= t.mixedFlagShare) {
    return make('mixed', [`${dubious} doubtful and ${flagged - dubious} overstated statement(s) out of ${findings.length}`]);
  }
  if (flagged / findings.length >= t.mixedFlagShare) {
    return make('mixed', [`${flagged} statement(s) needing context out of ${findings.length}`]);
  }
  return make('mostly-consistent', [`${findings.length - flagged} of ${findings.length} recognised statement(s) agree with the evidence`]);
}
