/**
 * npm run knowledge — compiles the knowledge sources (knowledge/*.yaml) into the
 * artifacts the extension, the CLI and the tests load:
 *   knowledge/generated/knowledge.json  (KnowledgeArtifact: claims, concepts, prebuilt fuse.js index)
 *   knowledge/generated/gate.json       (GateArtifact: the topic terms the every-page gate looks for)
 *
 * Every problem in the sources is reported at once, each as `file: where: what`,
 * and the command exits non-zero without writing anything: a half-valid knowledge
 * file must never reach users.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Fuse from 'fuse.js';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { normalize } from '../utils/engine/normalize';
import { buildTermMatcher, cueAtomsOf, gateTermsOf } from '../utils/engine/knowledge';
import { words } from '../utils/engine/segment';
import {
  ClaimFile,
  ConceptFile,
  ExclusionFile,
  FUSE_KEYS,
  Reference,
  SourceDocument,
  type CompiledClaim,
  type Concept,
  type GateArtifact,
  type KnowledgeArtifact,
  type PageKnowledgeArtifact,
} from './schema';

export interface CompileOptions {
  /** Folder holding sources.yaml, references.yaml, concepts/, claims/, exclusions*.yaml. */
  knowledgeDir: string;
  /** ../shared/seeds: evidence quotes are checked word for word against these files when present. */
  seedsDir?: string;
  /** ../shared/editorial: review ids named in `reviews` and exclusions are checked when present. */
  editorialDir?: string;
}

export interface CompileResult {
  artifact: KnowledgeArtifact;
  gate: GateArtifact;
  /** Checks that could not run (e.g. ../shared absent) — not errors. */
  notes: string[];
}

export class KnowledgeCompileError extends Error {
  constructor(readonly problems: string[]) {
    super(`knowledge has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
    this.name = 'KnowledgeCompileError';
  }
}

interface Loaded<T> {
  file: string;
  data: T;
}

class Problems {
  readonly list: string[] = [];
  add(file: string, where: string, what: string): void {
    this.list.push(where ? `${file}: ${where}: ${what}` : `${file}: ${what}`);
  }
}

function zodPath(path: readonly PropertyKey[], root: unknown): string {
  // Name claims by their id rather than a bare index: "claims[3] (id tac-regrow).cues" is findable.
  let out = '';
  let node: unknown = root;
  for (const key of path) {
    if (typeof key === 'number') {
      const item = Array.isArray(node) ? (node[key] as unknown) : undefined;
      const id = item && typeof item === 'object' && 'id' in item ? (item as { id: unknown }).id : undefined;
      out += typeof id === 'string' ? `[${key}] (id ${id})` : `[${key}]`;
    } else out += out ? `.${String(key)}` : String(key);
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return out || '(top level)';
}

function readYaml(path: string, rel: string, problems: Problems): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    problems.add(rel, '', `cannot be read (${(e as Error).message})`);
    return undefined;
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const pos = err.linePos?.[0];
      problems.add(rel, pos ? `line ${pos.line}, column ${pos.col}` : '', `YAML error: ${err.message.split('\n')[0]}`);
    }
    return undefined;
  }
  return doc.toJS() as unknown;
}

function load<S extends z.ZodType>(schema: S, path: string, rel: string, problems: Problems): z.infer<S> | undefined {
  const raw = readYaml(path, rel, problems);
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const message = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? `is required (${issue.expected})` : issue.message;
      problems.add(rel, zodPath(issue.path, raw), message);
    }
    return undefined;
  }
  return parsed.data;
}

function yamlFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => (f.endsWith('.yaml') || f.endsWith('.yml')) && f.startsWith(prefix))
    .sort()
    .map((f) => join(dir, f));
}

function readReviewIds(editorialDir: string | undefined): Set<string> | undefined {
  if (!editorialDir || !existsSync(editorialDir)) return undefined;
  const ids = new Set<string>();
  for (const f of readdirSync(editorialDir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(editorialDir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const id = (JSON.parse(line) as { id?: unknown }).id;
      if (typeof id === 'string') ids.add(id);
    }
  }
  return ids;
}

export function compileKnowledge(options: CompileOptions): CompileResult {
  const dir = resolve(options.knowledgeDir);
  const rel = (p: string) => relative(dirname(dir), p) || p;
  const problems = new Problems();
  const notes: string[] = [];

  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new KnowledgeCompileError([`${dir}: knowledge folder not found`]);

  const required = (name: string) => {
    const p = join(dir, name);
    if (!existsSync(p)) problems.add(rel(p), '', 'file is missing');
    return p;
  };

  // --- load -----------------------------------------------------------------
  const sourcesPath = required('sources.yaml');
  const referencesPath = required('references.yaml');
  const documents = existsSync(sourcesPath) ? load(SourceDocument.array(), sourcesPath, rel(sourcesPath), problems) : undefined;
  const references = existsSync(referencesPath) ? load(Reference.array(), referencesPath, rel(referencesPath), problems) : undefined;

  // When a file fails to load, checks that depend on it are skipped: one typo, one message, no cascade.
  let conceptsComplete = true;
  const conceptFiles: Loaded<Record<string, Concept>>[] = [];
  for (const p of yamlFiles(join(dir, 'concepts'))) {
    const data = load(ConceptFile, p, rel(p), problems);
    if (data) conceptFiles.push({ file: rel(p), data });
    else conceptsComplete = false;
  }
  if (!yamlFiles(join(dir, 'concepts')).length) problems.add(rel(join(dir, 'concepts')), '', 'no concept files (concepts/*.yaml)');

  const claimFiles: Loaded<ClaimFile>[] = [];
  for (const p of yamlFiles(join(dir, 'claims'))) {
    const data = load(ClaimFile, p, rel(p), problems);
    if (!data) continue;
    const expected = basename(p).replace(/\.ya?ml$/, '');
    if (data.topic !== expected) problems.add(rel(p), 'topic', `is "${data.topic}" but the file is named ${basename(p)}: they must match`);
    claimFiles.push({ file: rel(p), data });
  }
  if (!yamlFiles(join(dir, 'claims')).length) problems.add(rel(join(dir, 'claims')), '', 'no claim files (claims/*.yaml)');

  const exclusions: Loaded<{ review: string; reason: string }[]>[] = [];
  for (const p of yamlFiles(dir, 'exclusions')) {
    const data = load(ExclusionFile, p, rel(p), problems);
    if (data) exclusions.push({ file: rel(p), data });
  }

  // --- cross-checks ---------------------------------------------------------
  const concepts: Record<string, Concept> = {};
  const conceptHome = new Map<string, string>();
  for (const { file, data } of conceptFiles) {
    for (const [id, concept] of Object.entries(data)) {
      const home = conceptHome.get(id);
      if (home) problems.add(file, id, `concept id also defined in ${home}`);
      else {
        conceptHome.set(id, file);
        concepts[id] = concept;
      }
    }
  }
  for (const [id, c] of Object.entries(concepts)) if (c.primary && !c.topic) problems.add(conceptHome.get(id) ?? '', id, 'a primary concept must also be a topic (topic: true)');
  for (const [id, c] of Object.entries(concepts)) if (c.otherCondition && (c.primary || c.topic)) problems.add(conceptHome.get(id) ?? '', id, 'otherCondition names a condition we do not cover: it cannot be primary or a topic');
  // A term is either plain or ambiguous: the matcher keeps one condition per term.
  const plainTerms = new Map<string, string>();
  for (const [id, c] of Object.entries(concepts)) for (const t of c.terms) plainTerms.set(normalize(t).trim(), id);
  for (const [id, c] of Object.entries(concepts)) {
    for (const t of c.ambiguous?.terms ?? []) {
      const plain = plainTerms.get(normalize(t).trim());
      if (plain) problems.add(conceptHome.get(id) ?? '', `${id}.ambiguous`, `"${t}" is also a plain term of concept "${plain}"`);
    }
  }

  const documentIds = new Set<string>();
  for (const d of documents ?? []) {
    if (documentIds.has(d.id)) problems.add(rel(sourcesPath), d.id, 'duplicate source id');
    documentIds.add(d.id);
  }
  const referenceIds = new Set<string>();
  for (const r of references ?? []) {
    if (referenceIds.has(r.id)) problems.add(rel(referencesPath), r.id, 'duplicate reference id');
    referenceIds.add(r.id);
  }

  const seedsDir = options.seedsDir && existsSync(options.seedsDir) ? options.seedsDir : undefined;
  if (!seedsDir) notes.push('evidence quotes not verified: ../shared/seeds is absent');
  const seedText = new Map<string, string>();
  if (seedsDir) {
    for (const d of documents ?? []) {
      const p = join(seedsDir, d.file);
      if (existsSync(p)) seedText.set(d.id, readFileSync(p, 'utf8'));
      else problems.add(rel(sourcesPath), d.id, `file ${d.file} not found in ${seedsDir}`);
    }
  }
  const reviewIds = readReviewIds(options.editorialDir);
  if (!reviewIds) notes.push('review ids not verified: ../shared/editorial is absent');

  const claimHome = new Map<string, string>();
  const compiled: CompiledClaim[] = [];
  for (const { file, data } of claimFiles) {
    for (const claim of data.claims) {
      const at = (field: string) => `claim ${claim.id}${field ? `.${field}` : ''}`;
      const home = claimHome.get(claim.id);
      if (home) problems.add(file, at(''), `claim id also used in ${home}`);
      claimHome.set(claim.id, file);

      claim.cues.forEach((group, g) =>
        group.forEach((cue) => {
          if (cue.startsWith('=')) {
            if (!normalize(cue.slice(1)).trim()) problems.add(file, at(`cues[${g}]`), `literal "${cue}" is empty`);
          } else if (conceptsComplete && !(cue in concepts)) problems.add(file, at(`cues[${g}]`), `unknown concept "${cue}" (define it in concepts/*.yaml or write a literal as "=${cue}")`);
        }),
      );
      for (const c of claim.about ?? []) if (conceptsComplete && !(c in concepts)) problems.add(file, at('about'), `unknown concept "${c}"`);
      for (const c of claim.otherSubjects ?? []) if (conceptsComplete && !(c in concepts)) problems.add(file, at('otherSubjects'), `unknown concept "${c}"`);
      if (!claim.references.length) problems.add(file, at('references'), 'every claim cites at least one reference');
      for (const r of claim.references) {
        if (r === 'BK') problems.add(file, at('references'), '"BK" is not a reference: use grade background-knowledge');
        else if (references && !referenceIds.has(r)) problems.add(file, at('references'), `unknown reference "${r}" (add it to references.yaml)`);
      }
      if (claim.kind !== 'consensus' && claim.kind !== 'caution' && !claim.consensus)
        problems.add(file, at('consensus'), `a ${claim.kind} claim says what the consensus is instead`);
      for (const [i, ev] of (claim.evidence ?? []).entries()) {
        if (!documents) continue;
        if (!documentIds.has(ev.source)) problems.add(file, at(`evidence[${i}].source`), `unknown source "${ev.source}"`);
        else if (seedsDir && !seedText.get(ev.source)?.includes(ev.quote))
          problems.add(file, at(`evidence[${i}].quote`), `"${ev.quote}" does not appear word for word in source ${ev.source}`);
      }
      if (reviewIds) for (const r of claim.reviews ?? []) if (!reviewIds.has(r)) problems.add(file, at('reviews'), `unknown review id "${r}"`);

      // Intl.Segmenter splits unknown drug names into single characters (他 克 莫 司), so the
      // claim's own concept terms go in whole: a search for 普特彼 or FK506 finds tacrolimus claims.
      const cueTerms = claim.cues.flat().flatMap((cue) => (cue.startsWith('=') ? [cue.slice(1)] : (concepts[cue]?.terms ?? [])));
      const searchWords = [...words([claim.statement.zh, claim.statement.en, ...(claim.phrasings ?? [])].join(' ')), ...cueTerms];
      compiled.push({
        ...claim,
        topic: data.topic,
        searchTerms: [...new Set(searchWords.map((w) => normalize(w).trim()).filter(Boolean))].join(' '),
      });
    }
  }

  const covered = new Set(compiled.flatMap((c) => c.reviews ?? []));
  const excludedIn = new Map<string, string>();
  for (const { file, data } of exclusions) {
    for (const ex of data) {
      if (reviewIds && !reviewIds.has(ex.review)) problems.add(file, ex.review, 'unknown review id');
      if (covered.has(ex.review)) problems.add(file, ex.review, 'is both covered by a claim and excluded: pick one');
      const other = excludedIn.get(ex.review);
      if (other) problems.add(file, ex.review, `already excluded in ${other}`);
      excludedIn.set(ex.review, file);
    }
  }

  const topicConcepts = Object.entries(concepts).filter(([, c]) => c.topic);
  if (conceptFiles.length && !topicConcepts.length) problems.add('concepts', '', 'no concept is marked `topic: true`: the gate would never open');

  if (problems.list.length) throw new KnowledgeCompileError(problems.list);

  // --- emit -----------------------------------------------------------------
  const topics = claimFiles.map(({ data }) => ({ id: data.topic, title: data.title }));
  const content = { topics, concepts, claims: compiled, documents: documents ?? [], references: references ?? [] };
  const hash = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
  const fuseIndex = Fuse.createIndex(
    FUSE_KEYS.map((k) => ({ ...k })),
    compiled,
  ).toJSON();
  const artifact: KnowledgeArtifact = { version: 1, hash, ...content, fuseIndex };
  return { artifact, gate: { hash, terms: gateTermsOf(concepts) }, notes };
}

/**
 * The analyzer's artifact: everything matching and the tooltip need, nothing only search uses, and the
 * concepts' terms as a built matcher table (normalising and indexing them at every page load was most
 * of the load).
 */
export function pageArtifact(artifact: KnowledgeArtifact): PageKnowledgeArtifact {
  const terms = buildTermMatcher(artifact.concepts, artifact.claims);
  return {
    ...artifact,
    concepts: Object.fromEntries(Object.entries(artifact.concepts).map(([id, { terms: _inTable, ...concept }]) => [id, concept])),
    matcher: { ...terms.toTable(), cueAtoms: cueAtomsOf(artifact.claims, terms) },
    fuseIndex: null,
    claims: artifact.claims.map(({ searchTerms: _unused, ...claim }) => claim),
  };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function main(): void {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const shared = resolve(repo, process.env.CLAIMLIGHT_SHARED ?? '../shared');
  // Overridable so the compiler's own tests can run it on a scratch folder.
  const knowledgeDir = resolve(process.env.CLAIMLIGHT_KNOWLEDGE_DIR ?? join(repo, 'knowledge'));
  const outDir = join(knowledgeDir, 'generated');
  let result: CompileResult;
  try {
    result = compileKnowledge({
      knowledgeDir,
      seedsDir: join(shared, 'seeds'),
      editorialDir: join(shared, 'editorial'),
    });
  } catch (e) {
    if (e instanceof KnowledgeCompileError) {
      console.error(`✗ ${e.message}`);
      console.error('Nothing was written. Fix the files above and run `npm run knowledge` again.');
      process.exit(1);
    }
    throw e;
  }
  const { artifact, gate, notes } = result;
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify(artifact);
  writeFileSync(join(outDir, 'knowledge.json'), json);
  const pageJson = JSON.stringify(pageArtifact(artifact));
  writeFileSync(join(outDir, 'page-knowledge.json'), pageJson);
  writeFileSync(join(outDir, 'gate.json'), JSON.stringify(gate));
  const byKind = new Map<string, number>();
  for (const c of artifact.claims) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([k, n]) => `${n} ${k}`).join(', ');
  console.log(`✓ knowledge ${artifact.hash}: ${artifact.claims.length} claims (${kinds}) in ${artifact.topics.length} topics, ${Object.keys(artifact.concepts).length} concepts, ${artifact.references.length} references`);
  console.log(`  knowledge.json ${kb(Buffer.byteLength(json))} (${kb(gzipSync(json).length)} gzipped, side panel and CLI)`);
  console.log(`  page-knowledge.json ${kb(Buffer.byteLength(pageJson))} (${kb(gzipSync(pageJson).length)} gzipped, analyzer: no search index)`);
  console.log(`  gate.json ${gate.terms.length} terms, ${kb(Buffer.byteLength(JSON.stringify(gate)))} (every page)`);
  for (const n of notes) console.log(`  note: ${n}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
