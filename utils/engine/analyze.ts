import type { KnowledgeIndex } from './knowledge';
import type { Thresholds } from './thresholds';
import type { Report } from './types';

export interface AnalyzeOptions {
  url?: string;
  thresholds?: Partial<Thresholds>;
  /** Use Readability (default true); the body text is used otherwise. */
  readability?: boolean;
}

export interface AsyncAnalyzeOptions extends AnalyzeOptions {
  /** Yield to the event loop after this many ms of work (default 30). */
  yieldEvery?: number;
  signal?: AbortSignal;
}

export function analyzeText(_text: string, _kb: KnowledgeIndex, _options: AnalyzeOptions & { title?: string; lang?: string } = {}): Report {
  throw new Error('not implemented yet');
}
export function analyzeDocument(_doc: Document, _kb: KnowledgeIndex, _options: AnalyzeOptions = {}): Report {
  throw new Error('not implemented yet');
}
export async function analyzeDocumentAsync(_doc: Document, _kb: KnowledgeIndex, _options: AsyncAnalyzeOptions = {}): Promise<Report> {
  throw new Error('not implemented yet');
}
