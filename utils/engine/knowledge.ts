/**
 * Loads the compiled knowledge artifact (knowledge/generated/knowledge.json, or
 * page-knowledge.json, whose term matcher comes prebuilt as a table) and builds,
 * once, everything matching needs: the term automaton, the claim index by
 * concept, and (lazily) the fuse.js searcher over the prebuilt index.
 *
 * The artifact is validated structurally here (not with zod) so the check costs
 * well under a millisecond in the content script; the compiler already ran the
 * full zod schema.
 */
import Fuse from 'fuse.js';
// Types only from the schema: its values would pull zod (and its Function() probe) into the content script.
import type { CompiledClaim, KnowledgeArtifact, Concept, PageKnowledgeArtifact } from '../../knowledge/schema';
import { normalize } from './normalize';
import { TermMatcher } from './terms';
import type { ClaimCard } from './types';
import { isRecord } from '../is-record';

export class KnowledgeLoadError extends Error {
  constructor(message: string) {
    super(`Claimlight knowledge could not be loaded: ${message}`);
    this.name = 'KnowledgeLoadError';
  }
}

/** Ambiguous terms (normalised) and the words whose presence on a page means the other sense. */
export interface SenseCheck {
  terms: string[];
  otherSense: string[];
}

/**
 * The sense checks that fail on a page: it uses an ambiguous term and also words
 * of the term's other sense (口腔白斑症 beside 白斑症). The matcher then ignores
 * those terms on the whole page, not only next to the giveaway words.
 */
export function failedSenseChecks(kb: KnowledgeIndex, text: string): Set<number> | undefined {
  if (kb.senseChecks.length === 0) return undefined;
  const lower = text.toLowerCase();
  let failed: Set<number> | undefined;
  let norm: string | undefined;
  kb.senseChecks.forEach((check, i) => {
    if (!check.terms.some((t) => lower.includes(t))) return;
    norm ??= normalize(text);
    const page = norm;
    if (check.otherSense.some((w) => page.includes(w))) (failed ??= new Set()).add(i);
  });
  return failed;
}

/**
 * The terms the gate looks for: every term of the topic concepts, normalised, sorted, once each. Ambiguous
 * terms open the gate too: whether they count is decided on the whole page, by the analyser. The compiler
 * writes these to gate.json.
 */
export function gateTermsOf(concepts: Record<string, Concept>): string[] {
  const terms = Object.values(concepts)
    .filter((c) => c.topic)
    .flatMap((c) => [...c.terms, ...(c.ambiguous?.terms ?? [])].map((t) => normalize(t).trim()));
  return [...new Set(terms.filter(Boolean))].sort();
}

/** A claim prepared for matching: cue groups resolved to atom ids of the term matcher. */
export interface PreparedClaim {
  claim: CompiledClaim;
  /** One entry per cue group: the atom ids any of which satisfies the group. */
  groups: number[][];
  /** Concept ids that make the claim relevant to a page (for omissions). */
  about: string[];
  /** The atoms of the claim's otherSubjects (see the schema), when it has any. */
  otherSubjects?: ReadonlySet<number>;
}

/** Either build: the full knowledge.json (search, CLI, tests) or the page build with its prebuilt matcher. */
type LoadedArtifact = (KnowledgeArtifact & { matcher?: undefined }) | PageKnowledgeArtifact;

export interface KnowledgeIndex {
  artifact: LoadedArtifact;
  hash: string;
  claims: PreparedClaim[];
  claimById: Map<string, PreparedClaim>;
  /** The candidate index: each claim listed under the atoms of its rarest cue group (see loadKnowledge). */
  claimsByAtom: Map<number, PreparedClaim[]>;
  terms: TermMatcher;
  /** Concept ids marked `topic`, with their atom ids. */
  topicConcepts: { id: string; concept: Omit<Concept, 'terms'>; atom: number }[];
  /** The atoms of the topic concepts. */
  topicAtoms: Set<number>;
  /** One per concept with ambiguous terms; its index is the terms' condition in the matcher. */
  senseChecks: SenseCheck[];
  /** fuse.js over the claims, from the prebuilt index (created on first use). */
  fuse(): Fuse<CompiledClaim>;
  card(claimId: string): ClaimCard | undefined;
}

function fail(message: string): never {
  throw new KnowledgeLoadError(message);
}

function checkBilingual(v: unknown, where: string): void {
  if (!isRecord(v) || typeof v.en !== 'string' || typeof v.zh !== 'string') fail(`${where} must be {en, zh} text`);
}

function validate(json: unknown): LoadedArtifact {
  if (!isRecord(json)) fail('expected a JSON object (knowledge/generated/knowledge.json)');
  if (json.version !== 1) fail(`unsupported version ${String(json.version)} (expected 1); rebuild with \`npm run knowledge\``);
  if (typeof json.hash !== 'string' || !json.hash) fail('missing "hash"');
  if (!isRecord(json.concepts)) fail('"concepts" must be an object');
  // The page build keeps the terms in its matcher table (checked as it is read).
  const termsInConcepts = json.matcher === undefined;
  if (!termsInConcepts && !isRecord(json.matcher)) fail('"matcher" must be a matcher table');
  for (const [cid, c] of Object.entries(json.concepts)) {
    if (!isRecord(c)) fail(`concept "${cid}" must be an object`);
    if (termsInConcepts && (!Array.isArray(c.terms) || c.terms.some((t) => typeof t !== 'string')))
      fail(`concept "${cid}" needs a list of string terms`);
    checkBilingual(c.label, `concept "${cid}".label`);
    if (c.ambiguous !== undefined) {
      const a = c.ambiguous;
      const strings = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((t) => typeof t === 'string');
      if (!isRecord(a) || !strings(a.terms) || !strings(a.otherSense)) fail(`concept "${cid}".ambiguous needs lists of terms and otherSense words`);
    }
  }
  if (!Array.isArray(json.claims)) fail('"claims" must be an array');
  const kinds = new Set(['consensus', 'caution', 'dubious', 'nuance', 'marketing']);
  json.claims.forEach((c: unknown, i: number) => {
    const where = `claim #${i}${isRecord(c) && typeof c.id === 'string' ? ` "${c.id}"` : ''}`;
    if (!isRecord(c) || typeof c.id !== 'string') fail(`${where} needs an id`);
    if (typeof c.kind !== 'string' || !kinds.has(c.kind)) fail(`${where} has an unknown kind ${String(c.kind)}`);
    if (c.polarity !== 'affirms' && c.polarity !== 'denies') fail(`${where} polarity must be affirms|denies`);
    if (
      !Array.isArray(c.cues) ||
      c.cues.length === 0 ||
      c.cues.some((g: unknown) => !Array.isArray(g) || g.length === 0 || g.some((t: unknown) => typeof t !== 'string'))
    )
      fail(`${where} needs non-empty cue groups of strings`);
    checkBilingual(c.statement, `${where}.statement`);
    checkBilingual(c.explanation, `${where}.explanation`);
    if (typeof c.topic !== 'string') fail(`${where} needs a topic`);
    if (c.otherSubjects !== undefined && (!Array.isArray(c.otherSubjects) || c.otherSubjects.some((t: unknown) => typeof t !== 'string')))
      fail(`${where}.otherSubjects must be a list of concept ids`);
    if (c.pageSubject !== undefined && typeof c.pageSubject !== 'boolean') fail(`${where}.pageSubject must be true or false`);
  });
  if (!Array.isArray(json.topics)) fail('"topics" must be an array');
  if (!Array.isArray(json.references)) fail('"references" must be an array');
  // null in the page build (page-knowledge.json): pages match, only the side panel searches.
  if (json.fuseIndex !== null && (!isRecord(json.fuseIndex) || !Array.isArray(json.fuseIndex.keys)))
    fail('"fuseIndex" is missing; rebuild with `npm run knowledge`');
  return json as unknown as LoadedArtifact;
}

const CONCEPT_KEY = 'concept:';
const LITERAL_KEY = 'literal:';

/**
 * The term matcher of a knowledge: an atom per concept (its terms, and its ambiguous terms under the
 * concept's sense check, numbered in concept order like `senseChecksOf`), then one per literal cue
 * ("=千万不要") in claim order. The compiler writes it into the page build as a table (`matcher`);
 * other artifacts build it at load.
 */
export function buildTermMatcher(concepts: Record<string, Concept>, claims: readonly Pick<CompiledClaim, 'cues'>[]): TermMatcher {
  const terms = new TermMatcher();
  let condition = 0;
  for (const [cid, concept] of Object.entries(concepts)) {
    const atom = terms.addAtom(CONCEPT_KEY + cid, concept.terms);
    if (concept.ambiguous) terms.addConditionalTerms(atom, concept.ambiguous.terms, condition++);
  }
  for (const claim of claims) {
    for (const group of claim.cues) {
      for (const alt of group) {
        if (alt.startsWith('=') && terms.atomId(LITERAL_KEY + alt.slice(1)) === undefined) terms.addAtom(LITERAL_KEY + alt.slice(1), [alt.slice(1)]);
      }
    }
  }
  terms.build();
  return terms;
}

/** Each claim's cue groups as atoms of buildTermMatcher's matcher; throws on a cue naming no concept. */
export function cueAtomsOf(claims: readonly Pick<CompiledClaim, 'id' | 'cues'>[], terms: TermMatcher): number[][][] {
  return claims.map((claim) =>
    claim.cues.map((group) =>
      group.map((alt) => {
        const atom = terms.atomId(alt.startsWith('=') ? LITERAL_KEY + alt.slice(1) : CONCEPT_KEY + alt);
        return atom ?? fail(`claim "${claim.id}" uses unknown concept "${alt}"`);
      }),
    ),
  );
}

/** The page build's cue atoms, checked against its claims and matcher. */
function checkedCueAtoms(cueAtoms: unknown, claims: readonly CompiledClaim[], atomCount: number): number[][][] {
  const fits = (groups: unknown, claim: CompiledClaim) =>
    Array.isArray(groups) &&
    groups.length === claim.cues.length &&
    groups.every((g: unknown) => Array.isArray(g) && g.length > 0 && g.every((a: unknown) => Number.isInteger(a) && (a as number) >= 0 && (a as number) < atomCount));
  if (!Array.isArray(cueAtoms) || cueAtoms.length !== claims.length || !claims.every((c, i) => fits(cueAtoms[i], c)))
    fail('the matcher\'s cue atoms do not fit the claims; rebuild with `npm run knowledge`');
  return cueAtoms as number[][][];
}

function senseChecksOf(concepts: Record<string, Pick<Concept, 'ambiguous'>>): SenseCheck[] {
  const norm = (list: string[]) => list.map((t) => normalize(t).trim()).filter(Boolean);
  return Object.values(concepts).flatMap((c) => (c.ambiguous ? [{ terms: norm(c.ambiguous.terms), otherSense: norm(c.ambiguous.otherSense) }] : []));
}

export function loadKnowledge(json: unknown): KnowledgeIndex {
  const artifact = validate(typeof json === 'string' ? parseJson(json) : json);
  let terms: TermMatcher;
  let cueAtoms: number[][][];
  if (artifact.matcher) {
    try {
      terms = TermMatcher.fromTable(artifact.matcher, Object.keys(artifact.concepts).map((cid) => CONCEPT_KEY + cid));
    } catch (e) {
      fail(`${(e as Error).message}; rebuild with \`npm run knowledge\``);
    }
    cueAtoms = checkedCueAtoms(artifact.matcher.cueAtoms, artifact.claims, terms.atomCount);
  } else {
    terms = buildTermMatcher(artifact.concepts as Record<string, Concept>, artifact.claims);
    cueAtoms = cueAtomsOf(artifact.claims, terms);
  }
  const senseChecks = senseChecksOf(artifact.concepts);
  const conceptAtom = (cid: string) => terms.atomId(CONCEPT_KEY + cid);

  const claims: PreparedClaim[] = [];
  const claimById = new Map<string, PreparedClaim>();
  const claimsByAtom = new Map<number, PreparedClaim[]>();
  artifact.claims.forEach((claim, i) => {
    if (claimById.has(claim.id)) fail(`duplicate claim id "${claim.id}"`);
    const groups = cueAtoms[i] as number[][];
    const about = claim.about ?? claim.cues.flat().filter((alt) => !alt.startsWith('='));
    const others = claim.otherSubjects?.map((c) => conceptAtom(c) ?? fail(`claim "${claim.id}" names unknown concept "${c}" in otherSubjects`));
    const prepared: PreparedClaim = { claim, groups, about, ...(others?.length ? { otherSubjects: new Set(others) } : {}) };
    claims.push(prepared);
    claimById.set(claim.id, prepared);
  });
  // A claim matches only when every cue group has a hit, so it is enough to index it under
  // the atoms of ONE group: the group whose atoms the fewest claims use (not "白癜风", which
  // half the claims share). A sentence then only wakes the claims of its rarer words.
  // Claims using each atom (an atom counted once per claim: `seenIn` holds the last claim that counted it).
  const uses = new Int32Array(terms.atomCount);
  const seenIn = new Int32Array(terms.atomCount).fill(-1);
  claims.forEach((p, i) => {
    for (const g of p.groups) {
      for (const atom of g) {
        if (seenIn[atom] === i) continue;
        seenIn[atom] = i;
        uses[atom] = (uses[atom] as number) + 1;
      }
    }
  });
  for (const p of claims) {
    let key = p.groups[0] as number[];
    let keyCost = Infinity;
    for (const g of p.groups) {
      let cost = 0;
      for (const atom of g) cost += uses[atom] as number;
      if (cost < keyCost) [key, keyCost] = [g, cost];
    }
    for (const atom of new Set(key)) {
      const list = claimsByAtom.get(atom) ?? [];
      list.push(p);
      claimsByAtom.set(atom, list);
    }
  }
  const topicConcepts = Object.entries(artifact.concepts)
    .filter(([, c]) => c.topic)
    .map(([id, concept]) => ({ id, concept, atom: conceptAtom(id) as number }));

  let fuse: Fuse<CompiledClaim> | undefined;
  const referenceById = new Map(artifact.references.map((r) => [r.id, r]));
  const cards = new Map<string, ClaimCard>();

  return {
    artifact,
    hash: artifact.hash,
    claims,
    claimById,
    claimsByAtom,
    terms,
    topicConcepts,
    topicAtoms: new Set(topicConcepts.map((t) => t.atom)),
    senseChecks,
    fuse() {
      if (artifact.fuseIndex === null) fail('this is the page build of the knowledge (no search index): search with knowledge.json');
      fuse ??= new Fuse(
        artifact.claims,
        { keys: fuseKeys(artifact.fuseIndex), includeScore: true, ignoreLocation: true, threshold: 0.45, useExtendedSearch: true },
        Fuse.parseIndex(artifact.fuseIndex as Parameters<typeof Fuse.parseIndex>[0]),
      );
      return fuse;
    },
    card(claimId) {
      const cached = cards.get(claimId);
      if (cached) return cached;
      const c = claimById.get(claimId)?.claim;
      if (!c) return undefined;
      const card: ClaimCard = {
        id: c.id,
        kind: c.kind,
        topic: c.topic,
        grade: c.grade,
        statement: c.statement,
        explanation: c.explanation,
        ...(c.consensus ? { consensus: c.consensus } : {}),
        references: c.references.flatMap((rid) => {
          const r = referenceById.get(rid);
          return r ? [{ id: r.id, title: r.title, publisher: r.publisher, year: r.year, ...(r.url ? { url: r.url } : {}) }] : [];
        }),
      };
      cards.set(claimId, card);
      return card;
    },
  };
}

/** The keys the compiler built the index with (schema's FUSE_KEYS), read back from the index itself. */
function fuseKeys(index: unknown): { name: string; weight: number }[] {
  const keys = isRecord(index) && Array.isArray(index.keys) ? index.keys : [];
  return keys.flatMap((k: unknown) =>
    isRecord(k) && (typeof k.src === 'string' || typeof k.id === 'string')
      ? [{ name: String(typeof k.src === 'string' ? k.src : k.id), weight: typeof k.weight === 'number' ? k.weight : 1 }]
      : [],
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
}
