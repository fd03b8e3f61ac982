/**
 * Node-side helpers shared by the CLI, the evaluation and the benchmark:
 * locating the repo, loading the compiled knowledge, parsing HTML with linkedom.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import type { GateArtifact } from '../../knowledge/schema';
import { loadKnowledge, type KnowledgeIndex } from '../engine/knowledge';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_ROOT = resolve(REPO_ROOT, '../shared');
/** CLAIMLIGHT_KNOWLEDGE / CLAIMLIGHT_GATE override the artifacts (tests, trying a knowledge build elsewhere). */
export const KNOWLEDGE_PATH = process.env.CLAIMLIGHT_KNOWLEDGE ?? join(REPO_ROOT, 'knowledge/generated/knowledge.json');
export const GATE_PATH = process.env.CLAIMLIGHT_GATE ?? join(REPO_ROOT, 'knowledge/generated/gate.json');

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function readKnowledgeJson(path = KNOWLEDGE_PATH): string {
  if (!existsSync(path)) throw new UserError(`knowledge not built: ${path} is missing. Run \`npm run knowledge\` first.`);
  return readFileSync(path, 'utf8');
}

export function loadKnowledgeFile(path = KNOWLEDGE_PATH): KnowledgeIndex {
  return loadKnowledge(JSON.parse(readKnowledgeJson(path)));
}

export function loadGateFile(path = GATE_PATH): GateArtifact {
  if (!existsSync(path)) throw new UserError(`gate not built: ${path} is missing. Run \`npm run knowledge\` first.`);
  return JSON.parse(readFileSync(path, 'utf8')) as GateArtifact;
}

export function parseDocument(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}
