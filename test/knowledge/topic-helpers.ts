/** Shared loading for the second-edition knowledge tests (test/knowledge/topic-*.test.ts). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ClaimFile } from '../../knowledge/schema';
import { REPO_ROOT, SHARED_ROOT } from '../../utils/cli/node-knowledge';

export const KNOWLEDGE_DIR = join(REPO_ROOT, 'knowledge');
export const TOPIC_REVIEW = join(SHARED_ROOT, 'editorial/topic-review.jsonl');
export const hasTopicReview = existsSync(TOPIC_REVIEW);

export interface ReviewEntry {
  id: string;
  area: string;
  kind: string;
  references: string[];
  example_phrasings: string[];
}

export function topicReview(): ReviewEntry[] {
  return readFileSync(TOPIC_REVIEW, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ReviewEntry);
}

/** The topic-*.yaml claim files as written (not compiled), by file name. */
export function topicClaimFiles(): Map<string, ClaimFile> {
  const dir = join(KNOWLEDGE_DIR, 'claims');
  const files = new Map<string, ClaimFile>();
  for (const f of readdirSync(dir).filter((n) => n.startsWith('topic-') && n.endsWith('.yaml')).sort())
    files.set(f, parse(readFileSync(join(dir, f), 'utf8')) as ClaimFile);
  return files;
}

export function topicExclusions(): { review: string; reason: string }[] {
  const p = join(KNOWLEDGE_DIR, 'exclusions-topic.yaml');
  return existsSync(p) ? ((parse(readFileSync(p, 'utf8')) as { review: string; reason: string }[] | null) ?? []) : [];
}

/** The compiled knowledge (npm run knowledge), as the extension loads it: one loaded copy for all test files. */
export { hasKnowledge, realKb } from '../engine/helpers';
