/**
 * One-pass multi-term scanner. Every concept and literal cue term is an "atom"
 * term; scanning a normalised sentence once yields every (atom, position) hit,
 * and only claims that use a hit atom are evaluated afterwards.
 *
 * Semantics (team brief): CJK terms match as plain substrings; terms starting
 * with a Latin letter or digit match only at a word start (prefixes allowed:
 * `regenerat` matches "regeneration").
 */
import { isLatinWordChar, normalize } from './normalize';

export interface TermHit {
  atom: number;
  start: number;
  end: number;
  /** The normalised term as found. */
  term: string;
}

const ALREADY_NORMAL = /^[\u4e00-\u9fffa-z0-9%.+-]+(?: [\u4e00-\u9fffa-z0-9%.+-]+)*$/;

export class TermMatcher {
  private readonly atomKeys: string[] = [];
  private readonly atomByKey = new Map<string, number>();
  private readonly atomsByTerm = new Map<string, number[]>();
  /** Terms of two or more code units by their first two (as one number): most positions of a page start no term. */
  private byFirstTwo = new Map<number, string[]>();
  /** One-code-unit terms ("癌"). */
  private single = new Set<string>();
  /** Code units some term starts with: every other position of a text is skipped with one array read. */
  private startsTerm = new Uint8Array(65536);

  addAtom(key: string, terms: readonly string[]): number {
    const atom = this.atomKeys.length;
    this.atomKeys.push(key);
    this.atomByKey.set(key, atom);
    for (const raw of terms) {
      // Most terms are plain Chinese or lower-case ASCII, which normalisation leaves as they are.
      const term = ALREADY_NORMAL.test(raw) ? raw : normalize(raw).trim();
      if (!term) continue;
      const list = this.atomsByTerm.get(term);
      if (list) {
        if (!list.includes(atom)) list.push(atom);
      } else this.atomsByTerm.set(term, [atom]);
    }
    return atom;
  }

  atomId(key: string): number | undefined {
    return this.atomByKey.get(key);
  }

  atomKey(atom: number): string {
    return this.atomKeys[atom] ?? '';
  }

  /** Indexes the terms by their first two code units, longest first; call after the last addAtom. */
  build(): void {
    const byTwo = new Map<number, string[]>();
    const single = new Set<string>();
    for (const term of this.atomsByTerm.keys()) {
      if (term.length === 1) {
        single.add(term);
        continue;
      }
      const key = term.charCodeAt(0) * 65536 + term.charCodeAt(1);
      const list = byTwo.get(key) ?? [];
      list.push(term);
      byTwo.set(key, list);
    }
    for (const list of byTwo.values()) list.sort((a, b) => b.length - a.length);
    this.byFirstTwo = byTwo;
    this.startsTerm = new Uint8Array(65536);
    for (const term of this.atomsByTerm.keys()) this.startsTerm[term.charCodeAt(0)] = 1;
    this.single = single;
  }

  /** All hits in an already normalised text, in position order. */
  scan(text: string): TermHit[] {
    const hits: TermHit[] = [];
    const push = (term: string, i: number) => {
      for (const atom of this.atomsByTerm.get(term) ?? []) hits.push({ atom, start: i, end: i + term.length, term });
    };
    for (let i = 0; i < text.length; i++) {
      if (this.startsTerm[text.charCodeAt(i)] !== 1) continue;
      const candidates = i + 1 < text.length ? this.byFirstTwo.get(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1)) : undefined;
      const ch = text[i] as string;
      const single = this.single.has(ch);
      if (!candidates && !single) continue;
      if (isLatinWordChar(ch) && isLatinWordChar(text[i - 1])) continue;
      if (candidates) for (const term of candidates) if (text.startsWith(term, i)) push(term, i);
      if (single) push(ch, i);
    }
    return hits;
  }
}
