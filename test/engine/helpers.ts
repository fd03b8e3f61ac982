import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWLEDGE_PATH, REPO_ROOT, SHARED_ROOT } from '../../utils/cli/node-knowledge';
import { loadKnowledge, type KnowledgeIndex } from '../../utils/engine/knowledge';
import { fixtureKnowledge } from '../fixtures/engine/knowledge';

export const hasShared = existsSync(SHARED_ROOT);
export const hasKnowledge = existsSync(KNOWLEDGE_PATH);
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/engine');

let fixture: KnowledgeIndex | undefined;
export function fixtureKb(): KnowledgeIndex {
  fixture ??= loadKnowledge(JSON.parse(JSON.stringify(fixtureKnowledge())));
  return fixture;
}

let real: KnowledgeIndex | undefined;
export function realKb(): KnowledgeIndex {
  real ??= loadKnowledge(JSON.parse(readFileSync(KNOWLEDGE_PATH, 'utf8')));
  return real;
}

export function fixtureHtml(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}
