/**
 * The Report contract: everything the highlights, the side panel, the CLI and
 * the evaluation need, computed once by the engine. Renderers never recompute
 * matching, offsets or verdicts; they only look things up in this object.
 *
 * Stability: `version` changes only on breaking changes. New optional fields may
 * be added without a version bump.
 */
import type { Bilingual, ClaimKind, EvidenceGrade } from '../../knowledge/schema';

export type { Bilingual, ClaimKind, EvidenceGrade };

/**
 * How a sentence relates to the knowledge:
 * - `dubious`   asserts a myth or a wrong statement (or contradicts a consensus point whose `opposite` is `dubious`)
 * - `nuance`    partly true, overstated or missing conditions
 * - `marketing` promotional content (cure stories, calls to action, guarantees)
 * - `agrees`    consistent with a consensus point or caution, or refutes a myth
 */
export type FindingClass = 'dubious' | 'nuance' | 'marketing' | 'agrees';

/** The classes that are "flags" (shown as warnings); `agrees` is informational. */
export const FLAG_CLASSES: readonly FindingClass[] = ['dubious', 'nuance', 'marketing'];

/** Where a piece of text came from: the extracted article, or the rest of the page (ads, sidebars, footer). */
export type Region = 'article' | 'page';

export interface Finding {
  /** Stable within one report (`f0`, `f1`, …), for linking highlight <-> side panel. */
  id: string;
  class: FindingClass;
  /** Claim id in the knowledge (see `Report.claims[claim]` for its texts). */
  claim: string;
  /** Kind of the matched claim (a refuted myth is class `agrees`, kind `dubious`). */
  claimKind: ClaimKind;
  /** The sentence (or clause) exactly as it appears in `Report.text` (`text.slice(start, end)`). */
  sentence: string;
  /** UTF-16 offsets into `Report.text`. */
  start: number;
  end: number;
  /** Up to ~32 characters of `Report.text` before/after the sentence, to anchor the highlight in the live DOM. */
  prefix: string;
  suffix: string;
  /** Match confidence 0..1; findings below `thresholds.minScore` are never reported. */
  score: number;
  /**
   * The terms that matched, one per cue group, as written in the sentence (normalised). When the
   * sentence leaves its subject to the question or heading just before it ("问：他克莫司能长期用吗？"
   * / "答：可以放心长期使用…"), that subject term comes first and does not occur in `sentence`.
   */
  cues: string[];
  /** A negation word governs the cue words in this sentence. */
  negated: boolean;
  /** The sentence states the opposite of the claim's statement (e.g. refutes a myth). */
  refutes: boolean;
  region: Region;
  /**
   * Present (true) when the finding was recognised by the shape of the sentence (a
   * consultation prompt, a cure story, a promise; claim ids `page.*`) rather than by
   * a knowledge claim: its `score` is then the flag threshold, not a measured match,
   * and should not be shown as a confidence.
   */
  pattern?: true;
}

/** Claim details copied from the knowledge so a report is self-contained (JSON output, side panel). */
export interface ClaimCard {
  id: string;
  kind: ClaimKind;
  topic: string;
  grade: EvidenceGrade;
  statement: Bilingual;
  explanation: Bilingual;
  consensus?: Bilingual;
  references: ReferenceCard[];
}

export interface ReferenceCard {
  id: string;
  title: string;
  publisher: string;
  year: number;
  url?: string;
}

export type SignalId =
  | 'hotline'
  | 'contact-app'
  | 'call-to-action'
  | 'case-story'
  | 'treatment-package'
  | 'sales-pitch'
  | 'star-review'
  | 'shop'
  | 'cure-guarantee'
  | 'timing-guarantee'
  | 'no-author'
  | 'no-date'
  | 'no-references';

/** A page-level signal, computed on the whole page (ads and testimonials often sit outside the article). */
export interface Signal {
  id: SignalId;
  label: Bilingual;
  /** Contribution to the verdict (0..1). */
  weight: number;
  /** Up to a few short snippets of the page showing it (empty for "missing …" signals). */
  evidence: string[];
}

export type VerdictKind = 'hospital-marketing' | 'promotional' | 'mixed' | 'mostly-consistent' | 'no-claims';

export interface Verdict {
  kind: VerdictKind;
  label: Bilingual;
  summary: Bilingual;
  /** Short human-readable reasons (signal snippets, counts). */
  evidence: string[];
}

export interface PageTopic {
  /** Concept id (a concept with `topic: true`). */
  id: string;
  label: Bilingual;
  /** How often the page mentions it. */
  mentions: number;
}

export interface Timings {
  /** Extraction (Readability or body-text fallback), ms. 0 for analyzeText. */
  extractMs: number;
  /** Of which inside Readability (clone + parse), ms. */
  readabilityMs: number;
  /** Segmentation + matching + classification, ms. */
  matchMs: number;
  /** Page signals + verdict + omissions, ms. */
  signalsMs: number;
  totalMs: number;
}

export interface Report {
  version: 1;
  /** `KnowledgeArtifact.hash` the report was computed with. */
  knowledgeHash: string;
  url?: string;
  title: string;
  /** BCP-47-ish language of the article (`zh`, `zh-CN`, `en`, …); guessed from the text when the page says nothing. */
  lang: string;
  byline?: string;
  published?: string;
  /** How the text was obtained. */
  extraction: 'readability' | 'body' | 'text';
  /**
   * The analysed text all offsets point into: the article text, then (after a
   * blank line, from `pageOffset` on) the rest of the page's visible text.
   */
  text: string;
  /** Offset in `text` where the non-article page text starts (=== text.length when there is none). */
  pageOffset: number;
  topics: PageTopic[];
  /** In text order. */
  findings: Finding[];
  signals: Signal[];
  verdict: Verdict;
  /** Consensus and caution claim ids relevant to the page's topics, most important first. */
  relevant: string[];
  /** Relevant cautions/consensus the page never mentions (either way), cautions first, short. */
  omissions: string[];
  /** Details of every claim referenced by findings, relevant and omissions. */
  claims: Record<string, ClaimCard>;
  timings: Timings;
}

/** Result of `searchKnowledge` (side panel search box, selection lookup). */
export interface SearchHit {
  claim: ClaimCard;
  /** 0 (best) .. 1 (worst), as fuse.js scores. */
  score: number;
}
