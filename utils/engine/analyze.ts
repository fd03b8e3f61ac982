/**
 * The analysis pipeline: extraction -> segmentation -> matching/classification
 * -> page signals, omissions and verdict -> Report.
 *
 * The work is written as a generator that yields between sentences, so the same
 * code runs synchronously (CLI, tests) or in slices that give the page back its
 * main thread (`analyzeDocumentAsync`, content script).
 */
import { failedSenseChecks, type KnowledgeIndex, type PreparedClaim } from './knowledge';
import { extractArticle } from './extract';
import { marketingCardFor } from './marketing-cards';
import { matchSentence, resolveReportedBelief, type ClaimMatch } from './match';
import { isDebunking, isQuestion, isReportedBeliefNormalized, isWarning, isWarningNormalized, statementBeforeRhetoricalQuestion } from './negation';
import { guessLang, normalize, normalizeLines } from './normalize';
import { limitLength, splitSentences, type Sentence } from './segment';
import { SubjectTracker } from './subject';
import { computeSignals, sentenceMarketingSignals } from './signals';
import { resolveThresholds, type Thresholds } from './thresholds';
import type { ClaimCard, Finding, FindingClass, PageTopic, Region, Report, SignalId } from './types';
import { FLAG_CLASSES } from './types';
import { callsToClinic, decideVerdict, isThreadOfPosts } from './verdict';

export interface AnalyzeOptions {
  url?: string;
  thresholds?: Partial<Thresholds>;
  /** Use Readability (default true); the visible body text is used otherwise. */
  readability?: boolean;
}

export interface AsyncAnalyzeOptions extends AnalyzeOptions {
  /** Give the main thread back after this many ms of work (default 30). */
  yieldEvery?: number;
  signal?: AbortSignal;
}

export interface TextInput {
  title?: string;
  lang?: string;
  byline?: string;
  published?: string;
  articleText: string;
  /** Whole-page text for signals and out-of-article findings; defaults to the article. */
  pageText?: string;
  extraction: Report['extraction'];
  extractMs: number;
  readabilityMs?: number;
}

/** Characters segmented between two break points, and sentences checked for sales talk in one go. */
const SEGMENT_BLOCK_CHARS = 32_000;
const SALES_BATCH = 1000;

/** End of a segmentation block: just after the first line or sentence end past `from + size`. */
function blockEnd(text: string, from: number, size: number): number {
  if (text.length - from <= size) return text.length;
  const ends = /[\n。！？!?；;]/g;
  ends.lastIndex = from + size;
  const m = ends.exec(text);
  return m ? m.index + 1 : text.length;
}

const CLINIC_IN_TITLE = /医院|醫院|门诊|門診|诊所|診所|研究院|专科|專科|医疗中心|醫療中心|医学中心|醫學中心|\bclinics?\b|\bhospitals?\b|\bmedical (?:centre|center|group)\b/i;

/**
 * A bare yes opening an answer ("可以。", "会，要小心。", "Yes, …"): the question just before it is then
 * asserted ("8个月的宝宝能涂普特彼吗？可以。"). Only the word itself, before a stop or a comma.
 */
const BARE_YES = /^\s*(?:答[:：]\s*)?(?:可以|能|会|會|得|係|是的|是啊|是|对|對|对的|對的|当然(?:可以|能|会)?|當然(?:可以|能|會)?|没错|沒錯|yes|yep|yeah|sure|of course|definitely)\s*(?:[,，。.!！~～]|$)/i;

const CLASS_RANK: Record<FindingClass, number> = { agrees: 0, nuance: 1, marketing: 2, dubious: 3 };
const KIND_RANK: Record<string, number> = { caution: 0, consensus: 1 };
const GRADE_RANK = ['guideline', 'systematic-review', 'trial', 'label', 'expert-opinion', 'background-knowledge'];

/** Picks non-overlapping matches, best first; on a near tie over one predicate the milder class wins (when in doubt, say less). */
function selectMatches(matches: ClaimMatch[], t: Thresholds): ClaimMatch[] {
  const eligible = matches.filter(
    (m) => m.cls !== null && m.score >= (FLAG_CLASSES.includes(m.cls) ? t.minFlagScore : t.minScore),
  );
  const predicateAt = (m: ClaimMatch) => Math.max(...m.hits.map((h) => h.start));
  eligible.sort((a, b) => {
    if (Math.abs(a.score - b.score) > t.nearTie) return b.score - a.score;
    // Same predicate word read two ways: the milder reading wins. Different predicates
    // ("an immunosuppressant that causes cancer"): two statements, the flag is the one to show.
    const sign = predicateAt(a) === predicateAt(b) ? 1 : -1;
    return sign * (CLASS_RANK[a.cls as FindingClass] - CLASS_RANK[b.cls as FindingClass]);
  });
  const chosen: ClaimMatch[] = [];
  for (const m of eligible) {
    const overlaps = (x: { start: number; end: number }) => chosen.some((c) => x.start < c.end && c.start < x.end);
    if (!overlaps(m)) chosen.push(m);
    // "白癜风是自身免疫病，并不会传染": both claims share the subject clause; the second keeps its own clause.
    else if (m.coreStart > m.start && !overlaps({ start: m.coreStart, end: m.end })) chosen.push({ ...m, start: m.coreStart });
  }
  return chosen;
}

function topicsOf(kb: KnowledgeIndex, atomCounts: Int32Array): PageTopic[] {
  return kb.topicConcepts
    .map((t) => ({ id: t.id, label: t.concept.label, mentions: atomCounts[t.atom] ?? 0 }))
    .filter((t) => t.mentions > 0)
    .sort((a, b) => b.mentions - a.mentions);
}

/** Concepts that make a claim relevant: its `about`, else the topic concepts among its cues. */
function relevanceConcepts(topicIds: Set<string>, p: PreparedClaim): string[] {
  if (p.claim.about?.length) return p.claim.about;
  return p.about.filter((c) => topicIds.has(c));
}

interface RelevanceIndex {
  /** Consensus points and cautions that can be relevant to a page, most important first, with the concepts that make them so. */
  ranked: { prepared: PreparedClaim; concepts: string[] }[];
  /**
   * Claims about a condition the knowledge covers (a primary concept among their relevance concepts), and
   * those conditions: such a claim flags only a page that mentions one of them. "Stress worsens it" on an
   * eczema page, or vitamin D analogues on a psoriasis page, are not the vitiligo claims they resemble;
   * drug facts hold whatever the disease.
   */
  aboutCondition: Set<string>;
  conditions: string[];
  /** The atoms of those conditions. */
  conditionAtoms: Set<number>;
  /** The atoms of conditions the knowledge does not cover (`otherCondition`: eczema, psoriasis). */
  otherConditionAtoms: number[];
  /** The concept id of each atom (undefined for literal cue atoms). */
  conceptOfAtom: (string | undefined)[];
}

/** Per loaded knowledge, built on first use: the same for every page. */
const relevanceIndexes = new WeakMap<KnowledgeIndex, RelevanceIndex>();

function relevanceIndex(kb: KnowledgeIndex): RelevanceIndex {
  let index = relevanceIndexes.get(kb);
  if (!index) {
    const topicIds = new Set(kb.topicConcepts.map((t) => t.id));
    const ranked = kb.claims
      .filter((p) => p.claim.kind === 'consensus' || p.claim.kind === 'caution')
      .sort(relevanceRanker(kb))
      .map((prepared) => ({ prepared, concepts: relevanceConcepts(topicIds, prepared) }))
      .filter((r) => r.concepts.length > 0);
    const conceptOfAtom: (string | undefined)[] = [];
    for (let atom = 0; atom < kb.terms.atomCount; atom++) {
      const key = kb.terms.atomKey(atom);
      conceptOfAtom.push(key.startsWith('concept:') ? key.slice('concept:'.length) : undefined);
    }
    const conditions = kb.topicConcepts.filter((t) => t.concept.primary).map((t) => t.id);
    const aboutCondition = new Set(
      kb.claims.filter((p) => relevanceConcepts(topicIds, p).some((c) => conditions.includes(c))).map((p) => p.claim.id),
    );
    const otherConditionAtoms: number[] = [];
    conceptOfAtom.forEach((concept, atom) => {
      if (concept !== undefined && kb.artifact.concepts[concept]?.otherCondition) otherConditionAtoms.push(atom);
    });
    const conditionAtoms = new Set(kb.topicConcepts.filter((t) => conditions.includes(t.id)).map((t) => t.atom));
    index = { ranked, conceptOfAtom, aboutCondition, conditions, conditionAtoms, otherConditionAtoms };
    relevanceIndexes.set(kb, index);
  }
  return index;
}

/**
 * Most important first: cautions before consensus points, stronger evidence first, then
 * claims whose cues name a topic itself (the boxed warning names tacrolimus; alcohol
 * flushing does not), then better referenced ones.
 */
function relevanceRanker(kb: KnowledgeIndex): (a: PreparedClaim, b: PreparedClaim) => number {
  const namesTopic = (p: PreparedClaim) => (p.groups.some((g) => g.some((atom) => kb.topicAtoms.has(atom))) ? 0 : 1);
  return (a, b) =>
    (KIND_RANK[a.claim.kind] ?? 9) - (KIND_RANK[b.claim.kind] ?? 9) ||
    GRADE_RANK.indexOf(a.claim.grade) - GRADE_RANK.indexOf(b.claim.grade) ||
    namesTopic(a) - namesTopic(b) ||
    b.claim.references.length - a.claim.references.length ||
    a.claim.id.localeCompare(b.claim.id);
}

function* run(input: TextInput, kb: KnowledgeIndex, options: AnalyzeOptions): Generator<void, Report> {
  const t = resolveThresholds(options.thresholds);
  const t0 = performance.now();
  const article = input.articleText;
  const page = input.pageText ?? '';
  const hasPageRegion = page.length > 0 && page !== article;
  const text = hasPageRegion ? `${article}\n\n${page}` : article;
  const pageOffset = hasPageRegion ? article.length + 2 : text.length;

  // Segmented in blocks cut after a line or sentence end, with a break point between
  // blocks: on a multi-megabyte page segmentation alone would otherwise be one long task.
  const sentences: Sentence[] = [];
  for (let from = 0; from < text.length; ) {
    const to = blockEnd(text, from, SEGMENT_BLOCK_CHARS);
    for (const s of splitSentences(text, from, to)) sentences.push(...limitLength(s, t.maxSentenceLength, text));
    from = to;
    yield;
  }
  const articleSentences = new Set<string>();
  /** Sentences naming each atom, and the atoms named at all. */
  const atomCounts = new Int32Array(kb.terms.atomCount);
  const pageAtoms: number[] = [];
  const mentioned = new Set<string>();
  /** namesCondition: the sentence, or the question or heading it answers, names a condition we cover. */
  const selected: { match: ClaimMatch; region: Region; index: number; namesCondition: boolean }[] = [];
  const { conditionAtoms } = relevanceIndex(kb);
  /** Sentences that ask nothing and have no flag from the knowledge (and their normalised text): sales talk may still be recognised in them by its shape. */
  const unflagged: { sentence: Sentence; norm: string; region: Region; index: number }[] = [];

  // An ambiguous word used in its other sense anywhere on the page counts nowhere on it.
  const failedSenses = failedSenseChecks(kb, text);
  const titleHits = input.title ? kb.terms.scan(normalize(input.title), failedSenses) : [];
  const subjects = new SubjectTracker(kb, titleHits);
  /** The question just before, with what it would assert (see BARE_YES). */
  let openQuestion: { matches: ClaimMatch[]; index: number; region: Region; namesCondition: boolean } | undefined;
  let sliceStart = performance.now();
  for (let index = 0; index < sentences.length; index++) {
    const sentence = sentences[index] as Sentence;
    const region: Region = sentence.start < pageOffset ? 'article' : 'page';
    // The page text repeats the article; a sentence already analysed there is skipped.
    if (region === 'article') articleSentences.add(sentence.text);
    else if (articleSentences.has(sentence.text)) continue;

    const { subject, answered, reach } = subjects.before(sentence);
    const found = matchSentence(kb, sentence, t, { carried: subject, answered, pageTopics: subjects.pageTopics, failedSenses });
    const question = isQuestion(sentence.text);
    subjects.after(sentence, found.hits, question);
    const atoms = found.atoms;
    const namesCondition = atoms.some((a) => conditionAtoms.has(a)) || (subject !== undefined && [...subject.keys()].some((a) => conditionAtoms.has(a)));
    const inReach = reach(found.matches);
    const matches = inReach.length ? resolveReportedBelief(inReach, sentence, sentences[index + 1]?.text) : inReach;
    for (const a of atoms) {
      const count = atomCounts[a] ?? 0;
      if (count === 0) pageAtoms.push(a);
      atomCounts[a] = count + 1;
    }
    for (const m of matches) mentioned.add(m.prepared.claim.id);
    // A question asserts nothing, except the statement a closing rhetorical question argues for.
    const statementEnd = question && matches.length ? statementBeforeRhetoricalQuestion(sentence) : -1;
    const asserted = question ? matches.filter((m) => m.end <= statementEnd) : matches;
    const chosen = asserted.length ? selectMatches(asserted, t) : [];
    for (const match of chosen) selected.push({ match, region, index, namesCondition });
    // "能长期大面积涂吗？可以。": a bare yes asserts the question, and the finding spans both.
    if (!question && chosen.length === 0 && openQuestion?.index === index - 1 && BARE_YES.test(sentence.text)) {
      for (const match of selectMatches(openQuestion.matches, t)) selected.push({ ...openQuestion, match: { ...match, end: sentence.end } });
    }
    openQuestion = question && statementEnd < 0 && matches.length ? { matches, index, region, namesCondition } : undefined;
    // A sentence that refutes something ("没有任何外用药能根治白癜风") is never sales talk, nor one that asks.
    const salesCandidate = !question && !chosen.some((m) => m.cls !== 'agrees' || m.negated || m.refutes);
    if (salesCandidate && sentence.text.length >= 4) unflagged.push({ sentence, norm: found.norm, region, index });

    // Generator steps are cheap: offer a break point every couple of ms and let
    // the driver (analyzeDocumentAsync's yieldEvery) decide when to give the thread back.
    if (performance.now() - sliceStart > 2) {
      yield;
      sliceStart = performance.now();
    }
  }
  const matchMs = performance.now() - t0;

  const t1 = performance.now();
  const topics = topicsOf(kb, atomCounts);
  const { ranked, conceptOfAtom, aboutCondition, conditions, otherConditionAtoms } = relevanceIndex(kb);
  const pageConcepts = new Set<string>();
  for (const atom of pageAtoms) {
    const concept = conceptOfAtom[atom];
    if (concept !== undefined) pageConcepts.add(concept);
  }
  const onTopic = topics.length > 0;
  // A condition we cover is what the page is about when its title names it, or the page names it more often than
  // any condition we do not cover. "情绪紧张会加重瘙痒" on an eczema page that mentions vitiligo in passing is about
  // eczema, not the vitiligo claim it resembles.
  const titleConcepts = new Set<string>();
  for (const hit of titleHits) {
    for (const atom of hit.atoms) {
      const concept = conceptOfAtom[atom];
      if (concept !== undefined) titleConcepts.add(concept);
    }
  }
  let otherConditionMentions = 0;
  for (const atom of otherConditionAtoms) otherConditionMentions = Math.max(otherConditionMentions, atomCounts[atom] ?? 0);
  const aboutACondition = kb.topicConcepts.some(
    (tc) => conditions.includes(tc.id) && (titleConcepts.has(tc.id) || (atomCounts[tc.atom] ?? 0) > otherConditionMentions),
  );
  const meta = { byline: input.byline, published: input.published };
  // Page signals read a bounded prefix: hotlines and banners repeat, and a huge page must stay cheap.
  const normalizedPage = normalizeLines((hasPageRegion ? page : article).slice(0, t.maxSignalChars));
  const signals = onTopic ? computeSignals(normalizedPage, meta) : [];
  yield;

  const findings: Finding[] = [];
  const cards: Record<string, ClaimCard> = {};
  const context = (start: number, end: number) => ({
    prefix: text.slice(Math.max(0, start - t.contextChars), start),
    suffix: text.slice(end, end + t.contextChars),
  });
  if (onTopic) {
    // Sales talk is recognised by its shape (hotline prompts, cure stories, promises), whatever the wording.
    // It outranks an `agrees` match in the same sentence: "Sarah's patches cleared after 3 months of our
    // treatment" agrees that results take months, but it is there to sell.
    const pageHasSalesTalk = signals.some((s) => marketingCardFor(s.id));
    const seen = new Set<string>();
    const sales: { sentence: Sentence; region: Region; signal: SignalId; card: ClaimCard }[] = [];
    if (pageHasSalesTalk) {
      // The same button or banner repeated down the page is one piece of sales talk.
      const candidates = unflagged.filter(({ sentence, norm, index }) => {
        if (seen.has(sentence.text)) return false;
        seen.add(sentence.text);
        // "Some clinics claim a 98% cure rate; be wary of such promises." reports sales talk to warn
        // about it: a page doing that is not selling.
        if (isReportedBeliefNormalized(norm) || isDebunking(norm) || isWarningNormalized(norm)) return false;
        const next = sentences[index + 1]?.text ?? '';
        return !isWarning(next);
      });
      const sentenceSignals: (SignalId | null)[] = [];
      for (let i = 0; i < candidates.length; i += SALES_BATCH) {
        sentenceSignals.push(...sentenceMarketingSignals(candidates.slice(i, i + SALES_BATCH).map(({ norm }) => norm)));
        yield;
      }
      for (const [i, { sentence, region }] of candidates.entries()) {
        const signal = sentenceSignals[i] ?? null;
        const card = signal ? marketingCardFor(signal) : undefined;
        if (card && signal) sales.push({ sentence, region, signal, card });
      }
    }
    const salesSentences = new Set(sales.map((x) => x.sentence.start));
    for (const { match, region, index, namesCondition } of selected) {
      if (match.cls === 'agrees' && salesSentences.has((sentences[index] as Sentence).start)) continue;
      const c = match.prepared.claim;
      if (match.cls !== 'agrees' && aboutCondition.has(c.id) && !namesCondition && !aboutACondition) continue;
      const card = kb.card(c.id);
      if (card) cards[c.id] = card;
      findings.push({
        id: '',
        class: match.cls as FindingClass,
        claim: c.id,
        claimKind: c.kind,
        sentence: text.slice(match.start, match.end),
        start: match.start,
        end: match.end,
        ...context(match.start, match.end),
        score: Math.round(match.score * 1000) / 1000,
        cues: [...(match.inherited ?? []), ...match.hits.map((h) => h.term)],
        negated: match.negated,
        refutes: match.refutes,
        region,
      });
    }
    for (const { sentence, region, signal, card } of sales) {
      cards[card.id] = card;
      findings.push({
        id: '',
        class: 'marketing',
        claim: card.id,
        claimKind: 'marketing',
        sentence: sentence.text,
        start: sentence.start,
        end: sentence.end,
        ...context(sentence.start, sentence.end),
        score: t.minFlagScore,
        cues: [signal],
        negated: false,
        refutes: false,
        region,
        pattern: true,
      });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  findings.forEach((f, i) => (f.id = `f${i}`));

  // Relevant consensus points and cautions, and those the page never mentions.
  const relevantClaims = onTopic ? ranked.filter((r) => r.concepts.every((c) => pageConcepts.has(c))).map((r) => r.prepared) : [];
  const relevant = relevantClaims.map((p) => p.claim.id);
  const omissions = relevantClaims
    .filter((p) => !mentioned.has(p.claim.id))
    .slice(0, t.maxOmissions)
    .map((p) => p.claim.id);
  for (const id of [...relevant, ...omissions]) {
    const card = kb.card(id);
    if (card) cards[id] = card;
  }

  // A clinic's own page names the clinic in its title, or calls for contact in the article itself; on a news
  // or Q&A page the hotline and the chat button sit in an advert beside the article, and in a thread of posts
  // the call is one poster's.
  const clinicsOwnPage = () => {
    if (!hasPageRegion || CLINIC_IN_TITLE.test(input.title ?? '')) return true;
    const read = article.slice(0, t.maxSignalChars);
    return !isThreadOfPosts(read) && callsToClinic(computeSignals(normalizeLines(read), meta));
  };
  const verdict = decideVerdict(signals, findings, onTopic, t, clinicsOwnPage);
  const signalsMs = performance.now() - t1;

  return {
    version: 1,
    knowledgeHash: kb.hash,
    ...(options.url ? { url: options.url } : {}),
    title: input.title ?? '',
    lang: input.lang || guessLang(article),
    ...(input.byline ? { byline: input.byline } : {}),
    ...(input.published ? { published: input.published } : {}),
    extraction: input.extraction,
    text,
    pageOffset,
    topics,
    findings,
    signals,
    verdict,
    relevant,
    omissions,
    claims: cards,
    timings: {
      extractMs: round(input.extractMs),
      readabilityMs: round(input.readabilityMs ?? 0),
      matchMs: round(matchMs),
      signalsMs: round(signalsMs),
      totalMs: round(input.extractMs + performance.now() - t0),
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function runSync<T>(gen: Generator<void, T>): T {
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
  }
}

function extractInput(doc: Document, options: AnalyzeOptions, t: Thresholds): TextInput {
  const t0 = performance.now();
  const a = extractArticle(doc, {
    readability: options.readability,
    maxReadabilityChars: t.maxReadabilityChars,
    maxReadabilityDepth: t.maxReadabilityDepth,
  });
  return {
    title: a.title,
    lang: a.lang,
    byline: a.byline,
    published: a.published,
    articleText: a.articleText,
    pageText: a.pageText,
    extraction: a.extraction,
    extractMs: performance.now() - t0,
    readabilityMs: a.readabilityMs,
  };
}

/** Analyse plain text (no DOM): the whole text is the article. */
export function analyzeText(
  text: string,
  kb: KnowledgeIndex,
  options: AnalyzeOptions & { title?: string; lang?: string } = {},
): Report {
  return runSync(run({ articleText: text, title: options.title, lang: options.lang, extraction: 'text', extractMs: 0 }, kb, options));
}

/** Analyse a document. The document is never modified (Readability runs on a clone). */
export function analyzeDocument(doc: Document, kb: KnowledgeIndex, options: AnalyzeOptions = {}): Report {
  const t = resolveThresholds(options.thresholds);
  return runSync(run(extractInput(doc, options, t), kb, options));
}

/**
 * Like analyzeDocument, but gives the main thread back every `yieldEvery` ms
 * so a large page never sees a long task from the matching. (Readability itself
 * is one call; pages too large for it use the body text, see thresholds.)
 */
export async function analyzeDocumentAsync(doc: Document, kb: KnowledgeIndex, options: AsyncAnalyzeOptions = {}): Promise<Report> {
  const t = resolveThresholds(options.thresholds);
  const budget = options.yieldEvery ?? 30;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const input = extractInput(doc, options, t);
  await pause();
  const gen = run(input, kb, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = gen.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= budget) {
      options.signal?.throwIfAborted();
      await pause();
      sliceStart = performance.now();
    }
  }
}
