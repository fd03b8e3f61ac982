/**
 * The shape of the knowledge source files (knowledge/*.yaml) and of the compiled
 * artifact the extension, the CLI and the tests import. This file is the contract
 * between the knowledge editors, the compiler (knowledge/compile.ts) and the engine.
 */
import { z } from 'zod';
import type { MatcherTable } from '../utils/engine/terms';

export const CLAIM_KINDS = ['consensus', 'caution', 'dubious', 'nuance', 'marketing'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** Strongest first; shown to the user next to every claim. */
export const EVIDENCE_GRADES = [
  'guideline',
  'systematic-review',
  'trial',
  'label',
  'expert-opinion',
  'background-knowledge',
] as const;
export type EvidenceGrade = (typeof EVIDENCE_GRADES)[number];

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Every user-facing text exists in both languages. */
export const Bilingual = z.strictObject({ en: nonEmpty, zh: nonEmpty });
export type Bilingual = z.infer<typeof Bilingual>;

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'ids are lower-case kebab-case (a-z, 0-9, "-", ".")');

// ---------------------------------------------------------------------------
// Source files
// ---------------------------------------------------------------------------

/** knowledge/sources.yaml — the seed documents the knowledge was built from. */
export const SourceDocument = z.strictObject({
  id,
  /** File name under ../shared/seeds/ (used to verify evidence quotes word for word). */
  file: nonEmpty,
  title: Bilingual,
  lang: z.enum(['zh', 'en']),
  kind: z.enum(['hospital-marketing', 'qa', 'encyclopedia', 'article']),
  note: Bilingual.optional(),
});
export type SourceDocument = z.infer<typeof SourceDocument>;

/** knowledge/references.yaml — external references, ids as in shared/editorial/references.md. */
export const Reference = z.strictObject({
  id: z.string().regex(/^R\d{2,3}$/, 'reference ids look like R01'),
  title: nonEmpty,
  publisher: nonEmpty,
  year: z.number().int().min(1950).max(2100),
  url: z.url().optional(),
  /** How the editorial review verified it: V, V-mirror, V-partial. */
  verification: z.enum(['V', 'V-mirror', 'V-partial']),
});
export type Reference = z.infer<typeof Reference>;

/**
 * knowledge/concepts/*.yaml — a map from concept id to the words that mention it.
 * Terms are matched case-insensitively on normalised text (full-width folded,
 * Traditional forms listed explicitly as terms).
 */
export const Concept = z.strictObject({
  label: Bilingual,
  terms: z.array(nonEmpty).min(1, 'a concept needs at least one term'),
  /** Mentioning it makes a page worth analysing (the gate looks for these). */
  topic: z.boolean().optional(),
  /**
   * A condition the knowledge is about (a topic: vitiligo, pigment loss after laser). A claim about one of
   * them (its `about`, or such a concept among its cues) flags only pages that mention one of them:
   * "stress makes it worse" on an eczema page is not about vitiligo.
   */
  primary: z.boolean().optional(),
  /**
   * A condition the knowledge does not cover (eczema, psoriasis). A page naming it at least as often as a
   * covered condition, whose title does not name the covered one, is about it: there a covered condition's
   * claims flag only sentences that name the condition themselves.
   */
  otherCondition: z.boolean().optional(),
  /**
   * Terms that also name something else (Taiwanese 白斑症 is vitiligo, and also oral
   * leukoplakia): they count only on a page that mentions none of `otherSense`.
   */
  ambiguous: z
    .strictObject({
      terms: z.array(nonEmpty).min(1, 'ambiguous needs at least one term'),
      otherSense: z.array(nonEmpty).min(1, 'ambiguous needs the words of the other sense'),
    })
    .optional(),
});
export type Concept = z.infer<typeof Concept>;
export const ConceptFile = z.record(id, Concept);

/**
 * A cue group is a list of alternatives: concept ids, or literal terms written
 * as `"=term"`. A sentence matches a claim when every group has a hit.
 */
export const CueGroup = z.array(nonEmpty).min(1, 'a cue group must not be empty');

export const Evidence = z.strictObject({
  source: id,
  /** Copied exactly from the source document. */
  quote: nonEmpty,
});

export const Claim = z.strictObject({
  id,
  kind: z.enum(CLAIM_KINDS),
  grade: z.enum(EVIDENCE_GRADES),
  /** Date the entry was last reviewed against its references (YYYY-MM-DD). */
  reviewed: z.iso.date(),
  /** What the claim says, as a reader would meet it (for myths: the myth). */
  statement: Bilingual,
  /** Why it is classed so and, for dubious/nuance, what is actually true. */
  explanation: Bilingual,
  /** For dubious/nuance/marketing: the consensus a reader should know instead. */
  consensus: Bilingual.optional(),
  cues: z.array(CueGroup).min(1, 'a claim needs at least one cue group'),
  /**
   * Whether the statement affirms the proposition its cues describe ("tacrolimus
   * regenerates melanocytes") or denies it ("...does not regenerate...").
   * A sentence with the opposite polarity refutes the claim.
   */
  polarity: z.enum(['affirms', 'denies']),
  /** What a sentence that asserts the opposite of this claim is. Defaults: see engine. */
  opposite: z.enum(['agrees', 'dubious', 'none']).optional(),
  /** Further phrasings (both languages) for the fuzzy index; never shown. */
  phrasings: z.array(nonEmpty).optional(),
  evidence: z.array(Evidence).optional(),
  references: z.array(z.string()),
  /** Ids from shared/editorial/*.jsonl this entry covers. */
  reviews: z.array(nonEmpty).optional(),
  /** Concept ids that make this claim relevant to a page (for omissions); defaults to the concepts in cues. */
  about: z.array(id).optional(),
  /**
   * Concepts that can be the subject of this claim's predicate in their own right. One standing just before a cue,
   * in a clause that does not name the claim's topic, makes that clause about it: in "涂他克莫司期间要防晒，因为紫外线
   * 会增加皮肤癌风险" the cancer risk is the UV's (uv), and the sentence says nothing of tacrolimus causing cancer.
   */
  otherSubjects: z.array(id).optional(),
  /**
   * Pages state this claim of their drug without naming it ("孕妇和哺乳期妈妈是绝对不能用的" on a tacrolimus page):
   * a sentence that names no topic of the claim may take the one the page's title names, unless it names one of
   * `otherSubjects`. Only for claims whose other cues are specific to the drug (pregnancy bans, "never enters the
   * blood"): a claim about the disease or about results would borrow the page's topic for sentences about
   * anything else.
   */
  pageSubject: z.boolean().optional(),
});
export type Claim = z.infer<typeof Claim>;

/** knowledge/claims/<topic>.yaml */
export const ClaimFile = z.strictObject({
  topic: id,
  title: Bilingual,
  claims: z.array(Claim).min(1),
});
export type ClaimFile = z.infer<typeof ClaimFile>;

/** knowledge/exclusions.yaml — reviewed claims deliberately not in the knowledge. */
export const Exclusion = z.strictObject({
  review: nonEmpty,
  reason: nonEmpty,
});
export const ExclusionFile = z.array(Exclusion);

// ---------------------------------------------------------------------------
// Compiled artifact (knowledge/generated/knowledge.json)
// ---------------------------------------------------------------------------

export interface CompiledClaim extends Claim {
  topic: string;
  /** Space-separated words (Chinese segmented with Intl.Segmenter) for fuse.js extended search; absent in the page build. */
  searchTerms?: string;
}

export interface KnowledgeArtifact {
  version: 1;
  /** Content hash of the sources; changes whenever the knowledge does. */
  hash: string;
  topics: { id: string; title: Bilingual }[];
  concepts: Record<string, Concept>;
  claims: CompiledClaim[];
  documents: SourceDocument[];
  references: Reference[];
  /** Fuse.js index (Fuse.createIndex(...).toJSON()) over `claims`, keys in FUSE_KEYS. */
  fuseIndex: unknown;
}

/**
 * knowledge/generated/page-knowledge.json — what the analyzer needs in a page: the knowledge without the
 * search index and search terms (half the bytes, a third of the load time). Search runs in the side panel.
 */
export interface PageKnowledgeArtifact extends Omit<KnowledgeArtifact, 'fuseIndex' | 'claims' | 'concepts'> {
  claims: Omit<CompiledClaim, 'searchTerms'>[];
  /** The concepts without their terms: those are in `matcher`, normalised and indexed once by the compiler. */
  concepts: Record<string, Omit<Concept, 'terms'>>;
  /** The term matcher, and each claim's cue groups (in `claims` order) as its atoms. */
  matcher: MatcherTable & { cueAtoms: number[][][] };
  fuseIndex: null;
}

/** The fields the prebuilt fuse.js index covers; the engine and side panel search use the same list. */
export const FUSE_KEYS = [
  { name: 'statement.zh', weight: 2 },
  { name: 'statement.en', weight: 2 },
  { name: 'phrasings', weight: 1.5 },
  { name: 'searchTerms', weight: 1 },
  { name: 'explanation.zh', weight: 0.5 },
  { name: 'explanation.en', weight: 0.5 },
] as const;

/** knowledge/generated/gate.json — the only knowledge the every-page script carries. */
export interface GateArtifact {
  hash: string;
  /** Lower-cased topic terms; a page mentioning one of them is analysed. */
  terms: string[];
}
