/**
 * The knowledge base for the panel's search and the selection lookup: the same compiled artifact
 * the analyzer uses, bundled with the extension (a separate chunk, loaded when the panel opens) and
 * validated by the engine's loader. Any failure becomes a message the panel shows, never a crash.
 */
import { loadKnowledge, type KnowledgeIndex } from '../../utils/engine/knowledge';

let loading: Promise<KnowledgeIndex> | undefined;

export function loadPanelKnowledge(): Promise<KnowledgeIndex> {
  loading ??= import('../../knowledge/generated/knowledge.json').then((mod: { default: unknown }) => loadKnowledge(mod.default));
  // A failed load is not cached: reopening the panel tries again.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
