/**
 * Where a sentence that leaves its subject out takes it from, sentence by sentence:
 * - the question or heading just before it ("问：他克莫司软膏能长期用吗？" / "答：可以放心长期使用。"),
 *   or what a question about "this medicine" refers to ("用这个药要定期查肝功能吗？"); the answer to a
 *   question may also take the question's other words (`answered`; see inheritedCues in match.ts);
 * - the topic named last, when it opens by referring back (它, 本品, 用药期间, "it", "this cream");
 *   for 本品 on a product page with nothing named yet, the title's topic;
 * - the page's drug (the title's topic), under a label heading (注意事项, 【禁忌】, 禁忌人群).
 * Only these: "激素会让皮肤变薄" after a tacrolimus sentence is about steroids.
 */
import type { KnowledgeIndex } from './knowledge';
import type { CarriedSubject, ClaimMatch } from './match';
import { opensLabelSection, questionRefersBack, referenceEnd, refersToBoth } from './refers-back';
import type { Sentence } from './segment';
import type { TermHit } from './terms';

/** A short line without an end mark: a heading, a menu item, a table cell. */
function isHeadingLine(text: string): boolean {
  const t = text.trim();
  return t.length <= 30 && !/[。.!！;；,，]$/.test(t);
}

/**
 * The topics a sentence names, with what the words naming them also mean (atom -> the term as
 * written), if any: "他克莫司软膏" names tacrolimus and, as a longer term over the same words,
 * topical tacrolimus, which the claims about the ointment (not the transplant pill) ask for.
 */
export function topicsNamed(kb: KnowledgeIndex, hits: TermHit[]): CarriedSubject | undefined {
  const topicHits = hits.filter((h) => h.atoms.some((atom) => kb.topicAtoms.has(atom)));
  if (topicHits.length === 0) return undefined;
  const carried: CarriedSubject = new Map();
  // The topic's own terms first: the inherited cue shown for a topic is the word that named it.
  for (const h of [...topicHits, ...hits]) {
    if (!topicHits.some((t) => h.start < t.end && t.start < h.end)) continue;
    for (const atom of h.atoms) if (!carried.has(atom)) carried.set(atom, h.term);
  }
  return carried;
}

/** Every atom the hits name, with the first term naming it. */
function termsByAtom(hits: TermHit[]): CarriedSubject {
  const terms: CarriedSubject = new Map();
  for (const h of hits) for (const atom of h.atoms) if (!terms.has(atom)) terms.set(atom, h.term);
  return terms;
}

export interface SentenceSubject {
  /** What the sentence may inherit (undefined: nothing). */
  subject: CarriedSubject | undefined;
  /**
   * The words of the sentence before that this one speaks of as a whole, which it may take cues from: everything
   * the question just before named (for its answer), or what the sentence before named together ("两者…").
   */
  answered: CarriedSubject | undefined;
  /**
   * Drops the matches a pronoun's subject does not reach: it governs its own clause only ("The ointment
   * is not for babies, though hydrocortisone is safe for infants": the second clause has its own subject).
   */
  reach(matches: ClaimMatch[]): ClaimMatch[];
}

const ALL_IN_REACH = (matches: ClaimMatch[]): ClaimMatch[] => matches;

export class SubjectTracker {
  private readonly titleTopics: CarriedSubject | undefined;
  private latestTopics: CarriedSubject | undefined;
  /** Topics of the question or heading just before. */
  private carried: CarriedSubject | undefined;
  /** What the question just before named. */
  private asked: CarriedSubject | undefined;
  /** The terms found in the sentence just before. */
  private previousHits: TermHit[] = [];
  private inLabelSection = false;
  private afterLabelHeading = false;

  constructor(
    private readonly kb: KnowledgeIndex,
    titleHits: TermHit[],
  ) {
    this.titleTopics = topicsNamed(kb, titleHits);
    this.latestTopics = this.titleTopics;
  }

  /** The topics the page's title names (for claims stated of the page's drug without naming it). */
  get pageTopics(): CarriedSubject | undefined {
    return this.titleTopics;
  }

  /** Call for each sentence in order, before matching it. */
  before(sentence: Sentence): SentenceSubject {
    // Lower case is all the lead patterns need (NFKC per sentence cost more than the rest of this).
    const lead = sentence.text.slice(0, 40).toLowerCase();
    // A heading line ends the section, except the line right after the label (a table's value cell).
    const opensSection = opensLabelSection(lead);
    if (opensSection) this.inLabelSection = true;
    else if (!this.afterLabelHeading && isHeadingLine(sentence.text)) this.inLabelSection = false;
    this.afterLabelHeading = opensSection && isHeadingLine(sentence.text);

    const carried = this.carried;
    // An answer speaks of what its question named; "两者…" of what the sentence before named together.
    const answered = this.asked ?? (this.previousHits.length && refersToBoth(lead) ? termsByAtom(this.previousHits) : undefined);
    const sectionTopics = this.inLabelSection ? (this.titleTopics ?? this.latestTopics) : undefined;
    const reference = this.latestTopics ? referenceEnd(lead) : -1;
    const pronounTopics = reference >= 0 ? this.latestTopics : undefined;
    const subject = sectionTopics || pronounTopics ? new Map([...(pronounTopics ?? []), ...(sectionTopics ?? []), ...(carried ?? [])]) : carried;
    if (reference < 0 || sectionTopics) return { subject, answered, reach: ALL_IN_REACH };
    const own = sentence.clauses.find((c) => sentence.start + reference <= c.end) ?? sentence;
    const fromBefore = new Set([...(carried?.values() ?? []), ...(answered?.values() ?? [])]);
    return {
      subject,
      answered,
      reach: (matches) => matches.filter((m) => m.inherited === undefined || m.inherited.every((term) => fromBefore.has(term)) || m.start < own.end),
    };
  }

  /** Call for each sentence in order, after matching it, with the terms found in it and whether it asks (isQuestion). */
  after(sentence: Sentence, hits: TermHit[], question: boolean): void {
    const named = topicsNamed(this.kb, hits);
    this.latestTopics = named ?? this.latestTopics;
    const t = sentence.text.trim();
    this.previousHits = hits;
    // Only a sentence asking outright ("…能马上照光吗？"), not one with an A-not-A inside ("跟有沒有效沒有關係").
    this.asked = question && hits.length && /[?？]$/.test(t) ? termsByAtom(hits) : undefined;
    if (!named) {
      // A question about "this medicine" hands on what it refers to ("用这个药要不要定期查肝肾功能？").
      this.carried = question && questionRefersBack(t.toLowerCase()) ? this.latestTopics : undefined;
      return;
    }
    // A question or a heading hands the topic it names to the next sentence only.
    this.carried = isHeadingLine(t) || question || /[:：]$/.test(t) ? named : undefined;
  }
}
