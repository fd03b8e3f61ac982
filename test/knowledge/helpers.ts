/**
 * Shared loading for the knowledge-content tests: the YAML sources as editors
 * wrote them (not the generated artifact, which may be stale), compiled in memory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { compileKnowledge } from '../../knowledge/compile';
import { ExclusionFile, SourceDocument } from '../../knowledge/schema';
import type { CompiledClaim, KnowledgeArtifact } from '../../knowledge/schema';
import { loadKnowledge, type KnowledgeIndex } from '../../utils/engine/knowledge';

export const REPO = resolve(import.meta.dirname, '../..');
export const KNOWLEDGE_DIR = join(REPO, 'knowledge');
export const SHARED = resolve(REPO, '../shared');
export const hasShared = existsSync(join(SHARED, 'editorial/seed-claims-review.jsonl')) && existsSync(join(SHARED, 'seeds'));

let compiled: { artifact: KnowledgeArtifact; kb: KnowledgeIndex } | undefined;
export function knowledge(): { artifact: KnowledgeArtifact; kb: KnowledgeIndex; claims: CompiledClaim[] } {
  compiled ??= (() => {
    const { artifact } = compileKnowledge({
      knowledgeDir: KNOWLEDGE_DIR,
      ...(hasShared ? { seedsDir: join(SHARED, 'seeds'), editorialDir: join(SHARED, 'editorial') } : {}),
    });
    return { artifact, kb: loadKnowledge(JSON.parse(JSON.stringify(artifact))) };
  })();
  return { ...compiled, claims: compiled.artifact.claims };
}

export function claim(id: string): CompiledClaim {
  const c = knowledge().claims.find((x) => x.id === id);
  if (!c) throw new Error(`claim ${id} is missing from the knowledge`);
  return c;
}

/** Every exclusions*.yaml entry, with the file it came from. */
export function exclusions(): { review: string; reason: string; file: string }[] {
  return readdirSync(KNOWLEDGE_DIR)
    .filter((f) => /^exclusions.*\.ya?ml$/.test(f))
    .flatMap((f) => ExclusionFile.parse(parse(readFileSync(join(KNOWLEDGE_DIR, f), 'utf8')) ?? []).map((e) => ({ ...e, file: f })));
}

export function sourceDocuments(): SourceDocument[] {
  return SourceDocument.array().parse(parse(readFileSync(join(KNOWLEDGE_DIR, 'sources.yaml'), 'utf8')));
}

export interface Review {
  id: string;
  quote_zh: string;
  files: string[];
  verdict: 'consensus' | 'caution' | 'nuance' | 'dubious' | 'marketing';
  references: string[];
}

export function seedReviews(): Review[] {
  return readFileSync(join(SHARED, 'editorial/seed-claims-review.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Review);
}
