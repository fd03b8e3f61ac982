/**
 * Public API of the Claimlight analysis engine. Plain TypeScript, no extension
 * APIs: runs in the content script (real `document`) and in Node (linkedom).
 *
 *   const kb = loadKnowledge(await (await fetch(url)).json());   // once
 *   if (passesGate(document, gate)) {
 *     const report = await analyzeDocumentAsync(document, kb, { url: location.href, yieldEvery: 30 });
 *   }
 *
 * Everything a renderer needs is in the returned `Report` (see ./types).
 */
export type {
  Finding,
  FindingClass,
  Report,
  Signal,
  SignalId,
  Verdict,
  VerdictKind,
  ClaimCard,
  ReferenceCard,
  PageTopic,
  Region,
  SearchHit,
  Timings,
} from './types';
export { FLAG_CLASSES } from './types';
export { loadKnowledge, KnowledgeLoadError, type KnowledgeIndex } from './knowledge';
export { passesGate, gateText, type GateInput } from './gate';
export { extractArticle, type ExtractedArticle } from './extract';
export { splitSentences, type Sentence } from './segment';
export { analyzeDocument, analyzeDocumentAsync, analyzeText, type AnalyzeOptions, type AsyncAnalyzeOptions } from './analyze';
export { searchKnowledge } from './search';
export { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';
