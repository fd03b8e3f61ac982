/**
 * One-pass multi-term scanner. Every concept and literal cue term is an "atom"
 * term; scanning a normalised sentence once yields every (term, position) hit with its atoms,
 * and only claims that use a hit atom are evaluated afterwards.
 *
 * Semantics (team brief): CJK terms match as plain substrings; terms starting
 * with a Latin letter or digit match only at a word start (prefixes allowed:
 * `regenerat` matches "regeneration").
 */
import { hasSpacedOutHan, isLatinWordCode, normalize } from './normalize';

export interface TermHit {
  /** The atoms using this term (one term can serve several concepts); shared, never modify. */
  atoms: readonly number[];
  start: number;
  end: number;
  /** The normalised term as found. */
  term: string;
}

const ALREADY_NORMAL = /^[\u4e00-\u9fffa-z0-9%.+-]+(?: [\u4e00-\u9fffa-z0-9%.+-]+)*$/;

const NO_CONDITION = -1;
/** Buckets with at least this many terms are sorted and searched by narrowing; smaller ones are scanned. */
const SORTED_FROM = 8;

/** Flags per code unit in `startsTerm`. */
const STARTS_LONG = 1;
const IS_SINGLE = 2;

/**
 * The first two code units of a term folded into one non-negative 30-bit integer
 * (a key of PairTable, whose empty slots are -1). Two pairs may share a key, so
 * every candidate is still compared in full.
 */
function pairKey(c0: number, c1: number): number {
  return ((c0 & 0x7fff) << 15) | (c1 & 0x7fff);
}

/** Orders term ids by their text (code units), the order the narrowing search needs. */
function byText(texts: readonly string[]): (a: number, b: number) => number {
  return (a, b) => ((texts[a] as string) < (texts[b] as string) ? -1 : 1);
}

interface Bucket {
  /** Term ids; sorted by term text, on first use, when the bucket is large (see SORTED_FROM). */
  ids: number[];
  /** Characters every term of the bucket is known to share: 2, or 0 when two pairs collided on one key. */
  shared: number;
  /** Whether a large bucket's ids are sorted yet. */
  sorted?: boolean;
}

/**
 * pairKey -> bucket, open addressing over typed arrays: the scan asks at most
 * positions of a page, and this lookup is several times cheaper than a Map's.
 */
class PairTable {
  private readonly keys: Int32Array;
  private readonly values: Bucket[];
  private readonly mask: number;

  constructor(entries: Map<number, Bucket>) {
    let size = 16;
    while (size < entries.size * 2) size *= 2;
    this.mask = size - 1;
    this.keys = new Int32Array(size).fill(-1);
    this.values = new Array<Bucket>(size);
    for (const [key, bucket] of entries) {
      let slot = this.slotOf(key);
      while (this.keys[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.values[slot] = bucket;
    }
  }

  private slotOf(key: number): number {
    return (Math.imul(key, 0x9e3779b1) >>> 7) & this.mask;
  }

  get(key: number): Bucket | undefined {
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & this.mask) {
      const k = this.keys[slot];
      if (k === key) return this.values[slot];
      if (k === -1) return undefined;
    }
  }
}

/**
 * A built matcher as data, for the page build of the knowledge: the compiler adds the 9,800 terms (and
 * normalises them) once, and a page's load only reads the table back instead of adding them one by one.
 * The knowledge loader adds the claims' cue groups as atoms (`cueAtoms`).
 */
export interface MatcherTable {
  /** Concept atoms first, in the knowledge's concept order; then the literal cues' (see knowledge.ts). */
  atomCount: number;
  /** Normalised terms, once each, sorted: a large bucket's ids then come in order, and its sort on first use is one pass. */
  terms: string[];
  /** Per term: its atom, or its atoms when several concepts share the term. */
  atoms: (number | number[])[];
  /** [term, condition] for the terms that count only while a condition holds (see addConditionalTerms). */
  conditional: [number, number][];
}

export class TermMatcher {
  private readonly atomKeys: string[] = [];
  private readonly atomByKey = new Map<string, number>();
  private readonly termId = new Map<string, number>();
  private termText: string[] = [];
  private readonly termAtoms: number[][] = [];
  /** Per term: the condition it depends on (see addConditionalTerms), or NO_CONDITION. */
  private termCondition: number[] = [];
  /**
   * Ids of terms of two or more code units by pairKey of their first two, sorted by
   * term text: terms sharing a prefix are then contiguous, and the scan narrows the
   * range one character at a time (a trie without building one; some pairs start
   * hundreds of terms, "他克" among them).
   */
  private byPair = new PairTable(new Map());
  /** One-code-unit terms by code unit ("癌"). */
  private singleTerm = new Map<number, number>();
  /** STARTS_LONG | IS_SINGLE per code unit: most positions of a page start no term and cost one array read. */
  private startsTerm = new Uint8Array(65536);

  addAtom(key: string, terms: readonly string[]): number {
    const atom = this.atomKeys.length;
    this.atomKeys.push(key);
    this.atomByKey.set(key, atom);
    for (const raw of terms) this.addTerm(atom, raw, NO_CONDITION);
    return atom;
  }

  /**
   * Terms of an existing atom that count only while `condition` holds: scan() is
   * told which conditions fail on a page (an ambiguous word used in its other sense).
   */
  addConditionalTerms(atom: number, terms: readonly string[], condition: number): void {
    for (const raw of terms) this.addTerm(atom, raw, condition);
  }

  private addTerm(atom: number, raw: string, condition: number): void {
    // Most terms are plain Chinese or lower-case ASCII, which normalisation leaves as they are.
    const term = ALREADY_NORMAL.test(raw) && !(raw.includes(' ') && hasSpacedOutHan(raw)) ? raw : normalize(raw).trim();
    if (!term) return;
    const id = this.termId.get(term);
    if (id === undefined) {
      this.termId.set(term, this.termText.length);
      this.termText.push(term);
      this.termAtoms.push([atom]);
      this.termCondition.push(condition);
    } else {
      const atoms = this.termAtoms[id] as number[];
      if (!atoms.includes(atom)) atoms.push(atom);
      // The compiler keeps a term either plain or ambiguous; a clash here keeps the stricter reading.
      if (condition !== NO_CONDITION) this.termCondition[id] = condition;
    }
  }

  /** The terms as a MatcherTable (after build). */
  toTable(): MatcherTable {
    const order = this.termText.map((_, id) => id).sort(byText(this.termText));
    const atomsOf = (id: number) => this.termAtoms[id] as number[];
    return {
      atomCount: this.atomKeys.length,
      terms: order.map((id) => this.termText[id] as string),
      atoms: order.map((id) => (atomsOf(id).length === 1 ? (atomsOf(id)[0] as number) : [...atomsOf(id)])),
      conditional: order.flatMap((id, at) => (this.termCondition[id] === NO_CONDITION ? [] : [[at, this.termCondition[id] as number] as [number, number]])),
    };
  }

  /**
   * A built matcher from toTable()'s output, given the keys of its first atoms (the concepts'): the other
   * atoms, literal cues, have no key here, since the table's user already holds them as numbers. Throws on a
   * table that is not one.
   */
  static fromTable(table: MatcherTable, firstAtomKeys: readonly string[]): TermMatcher {
    const m = new TermMatcher();
    const { atomCount, terms, atoms, conditional } = table;
    const isAtom = (a: unknown) => Number.isInteger(a) && (a as number) >= 0 && (a as number) < atomCount;
    if (!Number.isInteger(atomCount) || atomCount < firstAtomKeys.length || !Array.isArray(terms) || !Array.isArray(atoms) || !Array.isArray(conditional) || atoms.length !== terms.length)
      throw new TypeError('the matcher table needs an atomCount, terms and atoms of the same length, and conditional');
    firstAtomKeys.forEach((key, atom) => {
      m.atomKeys.push(key);
      m.atomByKey.set(key, atom);
    });
    while (m.atomKeys.length < atomCount) m.atomKeys.push('');
    // Terms of one atom share that atom's list: hits never modify it, and 9,800 small arrays are a page's GC work.
    const single: number[][] = [];
    for (let id = 0; id < terms.length; id++) {
      const term = terms[id];
      const a = atoms[id];
      if (typeof term !== 'string' || !term || !(isAtom(a) || (Array.isArray(a) && a.length > 0 && a.every(isAtom))))
        throw new TypeError(`the matcher table's term ${id} is not a term with atoms`);
      m.termAtoms.push(Array.isArray(a) ? a : (single[a as number] ??= [a as number]));
    }
    m.termText = terms;
    m.termCondition = new Array<number>(terms.length).fill(NO_CONDITION);
    for (const entry of conditional) {
      const [id, condition] = Array.isArray(entry) ? entry : [];
      if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= terms.length || !Number.isInteger(condition))
        throw new TypeError("the matcher table's conditional entries must be [term, condition]");
      m.termCondition[id as number] = condition as number;
    }
    m.build();
    return m;
  }

  atomId(key: string): number | undefined {
    return this.atomByKey.get(key);
  }

  get atomCount(): number {
    return this.atomKeys.length;
  }

  atomKey(atom: number): string {
    return this.atomKeys[atom] ?? '';
  }

  /** Indexes the terms by their first two code units, longest first; call after the last addAtom. */
  build(): void {
    const byPair = new Map<number, Bucket>();
    const singleTerm = new Map<number, number>();
    const startsTerm = new Uint8Array(65536);
    // The table's terms come sorted, so a pair's terms follow one another: the last bucket is the likely one.
    let lastKey = -1;
    let last: Bucket | undefined;
    this.termText.forEach((term, id) => {
      const c0 = term.charCodeAt(0);
      if (term.length === 1) {
        singleTerm.set(c0, id);
        startsTerm[c0] = (startsTerm[c0] as number) | IS_SINGLE;
        return;
      }
      startsTerm[c0] = (startsTerm[c0] as number) | STARTS_LONG;
      const key = pairKey(c0, term.charCodeAt(1));
      const bucket = key === lastKey ? last : byPair.get(key);
      if (!bucket) byPair.set(key, (last = { ids: [id], shared: 2 }));
      else {
        const first = this.termText[bucket.ids[0] as number] as string;
        if (first.charCodeAt(0) !== c0 || first.charCodeAt(1) !== term.charCodeAt(1)) bucket.shared = 0;
        bucket.ids.push(id);
        last = bucket;
      }
      lastKey = key;
    });
    // Only large buckets are sorted for the narrowing search, and each only when a page first reaches it
    // (prefixesAt): sorting all 240 of them was a sixth of the load, and a seed page reaches about a quarter.
    for (const bucket of byPair.values()) if (bucket.ids.length >= SORTED_FROM) bucket.sorted = false;
    this.byPair = new PairTable(byPair);
    this.singleTerm = singleTerm;
    this.startsTerm = startsTerm;
    this.found = new Int32Array(this.termText.reduce((max, t) => Math.max(max, t.length), 0));
  }

  /**
   * All hits in an already normalised text, in position order (longest term first at
   * one position). Terms whose condition is in `failed` are not seen.
   */
  scan(text: string, failed?: ReadonlySet<number>): TermHit[] {
    const hits: TermHit[] = [];
    const found = this.found;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c0 = text.charCodeAt(i);
      const flags = this.startsTerm[c0] as number;
      if (flags === 0) continue;
      const bucket = (flags & STARTS_LONG) !== 0 && i + 1 < n ? this.byPair.get(pairKey(c0, text.charCodeAt(i + 1))) : undefined;
      const single = (flags & IS_SINGLE) !== 0 ? this.singleTerm.get(c0) : undefined;
      if (bucket === undefined && single === undefined) continue;
      if (i > 0 && isLatinWordCode(c0) && isLatinWordCode(text.charCodeAt(i - 1))) continue;
      if (bucket !== undefined) {
        for (let k = this.prefixesAt(text, i, bucket, found) - 1; k >= 0; k--) this.push(hits, found[k] as number, i, failed);
      }
      if (single !== undefined) this.push(hits, single, i, failed);
    }
    return hits;
  }

  /** Scratch for prefixesAt: one slot per character of the longest term. */
  private found = new Int32Array(0);

  /** Writes to `found` the terms of `bucket` that start `text` at `i`, shortest first; returns how many. */
  private prefixesAt(text: string, i: number, bucket: Bucket, found: Int32Array): number {
    const terms = this.termText;
    const ids = bucket.ids;
    let count = 0;
    if (ids.length < SORTED_FROM) {
      // A few terms: compared one by one, kept shortest first (insertion sort of a handful).
      for (const id of ids) {
        const term = terms[id] as string;
        if (!text.startsWith(term, i)) continue;
        let at = count++;
        while (at > 0 && (terms[found[at - 1] as number] as string).length > term.length) {
          found[at] = found[at - 1] as number;
          at--;
        }
        found[at] = id;
      }
      return count;
    }
    if (bucket.sorted === false) {
      ids.sort(byText(terms));
      bucket.sorted = true;
    }
    let lo = 0;
    let hi = ids.length;
    // Invariant: ids[lo..hi) are the terms that share text[i, i + d) and are longer than d.
    // A term of exactly length d + 1 sorts first among those sharing one more character.
    for (let d = bucket.shared; i + d <= text.length; d++) {
      if (d > 0 && (terms[ids[lo] as number] as string).length === d) {
        found[count++] = ids[lo] as number;
        if (++lo >= hi) break;
      }
      if (i + d === text.length) break;
      const c = text.charCodeAt(i + d);
      // Narrow to the terms whose character d is c (they are contiguous).
      let a = lo;
      let b = hi;
      while (a < b) {
        const mid = (a + b) >>> 1;
        if ((terms[ids[mid] as number] as string).charCodeAt(d) < c) a = mid + 1;
        else b = mid;
      }
      let e = a;
      b = hi;
      while (e < b) {
        const mid = (e + b) >>> 1;
        if ((terms[ids[mid] as number] as string).charCodeAt(d) <= c) e = mid + 1;
        else b = mid;
      }
      lo = a;
      hi = e;
      if (lo >= hi) break;
    }
    return count;
  }

  private push(hits: TermHit[], id: number, start: number, failed: ReadonlySet<number> | undefined): void {
    if (failed !== undefined && failed.has(this.termCondition[id] as number)) return;
    const term = this.termText[id] as string;
    hits.push({ atoms: this.termAtoms[id] as number[], start, end: start + term.length, term });
  }
}
