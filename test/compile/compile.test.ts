/**
 * The knowledge compiler must refuse every kind of broken source with a message
 * that names the file, the place and the fix — editors read these, not stack traces.
 * Each test starts from a small valid knowledge folder and breaks one thing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileKnowledge, KnowledgeCompileError, pageArtifact } from '../../knowledge/compile';
import { analyzeText } from '../../utils/engine/analyze';
import { KnowledgeLoadError } from '../../utils/engine/knowledge';
import { loadKnowledge } from '../../utils/engine/knowledge';
import { searchKnowledge } from '../../utils/engine/search';

const VALID = {
  'sources.yaml': `
- id: doc-a
  file: doc-a.txt
  title: { en: Doc A, zh: 文档A }
  lang: zh
  kind: qa
`,
  'references.yaml': `
- id: R01
  title: Protopic label
  publisher: FDA
  year: 2006
  url: https://example.org/label
  verification: V
`,
  'concepts/core.yaml': `
tacrolimus:
  label: { en: tacrolimus, zh: 他克莫司 }
  terms: [他克莫司, tacrolimus, Protopic]
  topic: true
melanocyte:
  label: { en: pigment cells, zh: 黑色素细胞 }
  terms: [黑色素, melanocyte]
regenerate:
  label: { en: regenerate, zh: 再生 }
  terms: [再生, regenerat]
`,
  'claims/mechanism.yaml': `
topic: mechanism
title: { en: How it works, zh: 作用机制 }
claims:
  - id: tac-regrows-melanocytes
    kind: dubious
    grade: label
    reviewed: 2026-11-24
    statement: { en: Tacrolimus regrows pigment cells., zh: 他克莫司能让黑色素再生。 }
    explanation: { en: It calms the immune attack., zh: 它平息免疫攻击。 }
    consensus: { en: Surviving melanocytes repigment., zh: 残存黑素细胞复色。 }
    cues: [[tacrolimus], [melanocyte], [regenerate]]
    polarity: affirms
    evidence:
      - source: doc-a
        quote: 并不能直接让黑色素再生
    references: [R01]
    reviews: [rev-1]
`,
  'exclusions.yaml': `
- review: rev-2
  reason: Not a claim about treatment.
`,
};

const SEED = '他克莫司软膏并不能直接让黑色素再生,只是调节免疫。';
const EDITORIAL = '{"id": "rev-1"}\n{"id": "rev-2"}\n{"id": "rev-3"}\n';

let root: string;
const kdir = () => join(root, 'knowledge');

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(kdir(), name, '..'), { recursive: true });
    writeFileSync(join(kdir(), name), text);
  }
}

function compile() {
  return compileKnowledge({ knowledgeDir: kdir(), seedsDir: join(root, 'seeds'), editorialDir: join(root, 'editorial') });
}

/** The problems the compiler reports for the folder as it stands. */
function problems(): string[] {
  try {
    compile();
  } catch (e) {
    if (e instanceof KnowledgeCompileError) return e.problems;
    throw e;
  }
  return [];
}

function edit(name: string, from: string, to: string): void {
  const p = join(kdir(), name);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture edit: "${from}" not in ${name}`);
  writeFileSync(p, text.replace(from, to));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'claimlight-kb-'));
  write(VALID);
  mkdirSync(join(root, 'seeds'));
  writeFileSync(join(root, 'seeds', 'doc-a.txt'), SEED);
  mkdirSync(join(root, 'editorial'));
  writeFileSync(join(root, 'editorial', 'review.jsonl'), EDITORIAL);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('knowledge compiler', () => {
  it('compiles a valid folder into an artifact the engine loads and searches', () => {
    const { artifact, gate, notes } = compile();
    expect(notes).toEqual([]);
    expect(artifact.claims.map((c) => c.id)).toEqual(['tac-regrows-melanocytes']);
    expect(artifact.claims[0]?.topic).toBe('mechanism');
    // Whole concept terms, not the single characters Intl.Segmenter makes of an unknown drug name.
    expect(artifact.claims[0]?.searchTerms?.split(' ')).toEqual(expect.arrayContaining(['他克莫司', 'protopic', 'regenerat', '黑色素']));
    expect(gate.terms).toEqual(['protopic', 'tacrolimus', '他克莫司']);
    expect(gate.hash).toBe(artifact.hash);
    const kb = loadKnowledge(JSON.parse(JSON.stringify(artifact)));
    expect(searchKnowledge(kb, '黑色素再生')[0]?.claim.id).toBe('tac-regrows-melanocytes');
    expect(searchKnowledge(kb, 'Protopic')[0]?.claim.id).toBe('tac-regrows-melanocytes');
  });

  it('makes a smaller page build that classifies like the full one and refuses to search', () => {
    const { artifact } = compile();
    const page = pageArtifact(artifact);
    expect(JSON.stringify(page).length).toBeLessThan(JSON.stringify(artifact).length);
    expect(page.claims[0]).not.toHaveProperty('searchTerms');
    const full = loadKnowledge(JSON.parse(JSON.stringify(artifact)));
    const slim = loadKnowledge(JSON.stringify(page));
    for (const text of ['他克莫司能让黑色素再生。', '他克莫司并不能直接让黑色素再生。', 'Tacrolimus regenerates melanocytes.']) {
      const classes = (kb: typeof full) => analyzeText(text, kb).findings.map((f) => [f.class, f.claim]);
      expect(classes(slim)).toEqual(classes(full));
      expect(classes(slim).length).toBe(1);
    }
    expect(() => slim.fuse()).toThrow(KnowledgeLoadError);
  });

  it('changes the hash when the knowledge changes, and only then', () => {
    const before = compile().artifact.hash;
    expect(compile().artifact.hash).toBe(before);
    edit('claims/mechanism.yaml', 'It calms the immune attack.', 'It calms the autoimmune attack.');
    expect(compile().artifact.hash).not.toBe(before);
  });

  it('reports YAML syntax errors with file, line and column', () => {
    edit('concepts/core.yaml', 'terms: [再生, regenerat]', 'terms: [再生, regenerat');
    expect(problems()).toEqual([expect.stringMatching(/^knowledge\/concepts\/core\.yaml: line \d+, column \d+: YAML error: /)]);
  });

  it('reports a missing field by claim id and field name', () => {
    edit('claims/mechanism.yaml', '    polarity: affirms\n', '');
    expect(problems()).toEqual([expect.stringMatching(/^knowledge\/claims\/mechanism\.yaml: claims\[0\] \(id tac-regrows-melanocytes\)\.polarity: /)]);
  });

  it('reports text missing in one language', () => {
    edit('claims/mechanism.yaml', 'zh: 它平息免疫攻击。', 'zh: ""');
    expect(problems()).toEqual(['knowledge/claims/mechanism.yaml: claims[0] (id tac-regrows-melanocytes).explanation.zh: must not be empty']);
  });

  it('reports an unknown kind or grade', () => {
    edit('claims/mechanism.yaml', 'grade: label', 'grade: anecdote');
    expect(problems()[0]).toMatch(/mechanism\.yaml: claims\[0\] \(id tac-regrows-melanocytes\)\.grade: /);
  });

  it('reports a cue naming an unknown concept, with the fix', () => {
    edit('claims/mechanism.yaml', '[regenerate]]', '[regrow]]');
    expect(problems()).toEqual([
      'knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.cues[2]: unknown concept "regrow" (define it in concepts/*.yaml or write a literal as "=regrow")',
    ]);
  });

  it('reports an otherSubjects entry naming an unknown concept', () => {
    edit('claims/mechanism.yaml', '[regenerate]]', '[regenerate]]\n    otherSubjects: [sunshine]');
    expect(problems()).toEqual(['knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.otherSubjects: unknown concept "sunshine"']);
  });

  it('accepts a literal cue written "=term"', () => {
    edit('claims/mechanism.yaml', '[regenerate]]', '["=再生"]]');
    expect(problems()).toEqual([]);
  });

  it('reports an unknown reference, and "BK" used as a reference', () => {
    edit('claims/mechanism.yaml', 'references: [R01]', 'references: [R01, R99, BK]');
    expect(problems()).toEqual([
      'knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.references: unknown reference "R99" (add it to references.yaml)',
      'knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.references: "BK" is not a reference: use grade background-knowledge',
    ]);
  });

  it('requires at least one reference', () => {
    edit('claims/mechanism.yaml', 'references: [R01]', 'references: []');
    expect(problems()).toEqual(['knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.references: every claim cites at least one reference']);
  });

  it('requires the consensus on a dubious claim', () => {
    edit('claims/mechanism.yaml', '    consensus: { en: Surviving melanocytes repigment., zh: 残存黑素细胞复色。 }\n', '');
    expect(problems()).toEqual(['knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.consensus: a dubious claim says what the consensus is instead']);
  });

  it('verifies evidence quotes word for word against the source document', () => {
    edit('claims/mechanism.yaml', 'quote: 并不能直接让黑色素再生', 'quote: 不能让黑色素再生');
    expect(problems()).toEqual([
      'knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.evidence[0].quote: "不能让黑色素再生" does not appear word for word in source doc-a',
    ]);
  });

  it('reports evidence from an unknown source and a source whose file is missing', () => {
    edit('claims/mechanism.yaml', 'source: doc-a', 'source: doc-b');
    edit('sources.yaml', 'file: doc-a.txt', 'file: gone.txt');
    const p = problems();
    expect(p).toContain('knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.evidence[0].source: unknown source "doc-b"');
    expect(p.some((m) => m.startsWith('knowledge/sources.yaml: doc-a: file gone.txt not found'))).toBe(true);
  });

  it('reports duplicate claim ids across files and duplicate concept ids', () => {
    write({
      'claims/relapse.yaml': readFileSync(join(kdir(), 'claims/mechanism.yaml'), 'utf8').replace('topic: mechanism', 'topic: relapse'),
      'concepts/extra.yaml': 'tacrolimus:\n  label: { en: t, zh: 他 }\n  terms: [FK506]\n',
    });
    expect(problems()).toEqual([
      'knowledge/concepts/extra.yaml: tacrolimus: concept id also defined in knowledge/concepts/core.yaml',
      'knowledge/claims/relapse.yaml: claim tac-regrows-melanocytes: claim id also used in knowledge/claims/mechanism.yaml',
    ]);
  });

  it('an ambiguous term opens the gate and counts only on pages without words of its other sense', () => {
    edit('concepts/core.yaml', '  topic: true\n', '  topic: true\n  ambiguous: { terms: [FK], otherSense: [赛车, racing] }\n');
    const { artifact, gate } = compile();
    expect(gate.terms).toContain('fk');
    const kb = loadKnowledge(JSON.parse(JSON.stringify(artifact)));
    const flags = (text: string) => analyzeText(text, kb).findings.map((f) => `${f.class}:${f.claim}`);
    expect(flags('FK能让黑色素再生。')).toEqual(['dubious:tac-regrows-melanocytes']);
    // The same sentence on a page about the other FK: nothing, anywhere on the page.
    expect(flags('FK赛车队的新闻。FK能让黑色素再生。')).toEqual([]);
    expect(flags('FK赛车队的新闻。他克莫司能让黑色素再生。')).toEqual(['dubious:tac-regrows-melanocytes']);
  });

  it('reports a primary concept that is not a topic', () => {
    edit('concepts/core.yaml', '  terms: [黑色素, melanocyte]\n', '  terms: [黑色素, melanocyte]\n  primary: true\n');
    expect(problems()).toEqual(['knowledge/concepts/core.yaml: melanocyte: a primary concept must also be a topic (topic: true)']);
  });

  it('reports a condition we do not cover (otherCondition) marked as a topic', () => {
    edit('concepts/core.yaml', '  topic: true\n', '  topic: true\n  otherCondition: true\n');
    expect(problems()).toEqual(['knowledge/concepts/core.yaml: tacrolimus: otherCondition names a condition we do not cover: it cannot be primary or a topic']);
  });

  it('reports a term that is both plain and ambiguous', () => {
    edit('concepts/core.yaml', '  topic: true\n', '  topic: true\n  ambiguous: { terms: [黑色素], otherSense: [赛车] }\n');
    expect(problems()).toEqual(['knowledge/concepts/core.yaml: tacrolimus.ambiguous: "黑色素" is also a plain term of concept "melanocyte"']);
  });

  it('requires the topic to match the file name', () => {
    edit('claims/mechanism.yaml', 'topic: mechanism', 'topic: efficacy');
    expect(problems()).toEqual(['knowledge/claims/mechanism.yaml: topic: is "efficacy" but the file is named mechanism.yaml: they must match']);
  });

  it('checks review ids in claims and exclusions, and that nothing is both covered and excluded', () => {
    edit('claims/mechanism.yaml', 'reviews: [rev-1]', 'reviews: [rev-1, rev-9]');
    write({ 'exclusions-topic.yaml': '- review: rev-1\n  reason: duplicate\n- review: nope\n  reason: x\n' });
    expect(problems()).toEqual([
      'knowledge/claims/mechanism.yaml: claim tac-regrows-melanocytes.reviews: unknown review id "rev-9"',
      'knowledge/exclusions-topic.yaml: rev-1: is both covered by a claim and excluded: pick one',
      'knowledge/exclusions-topic.yaml: nope: unknown review id',
    ]);
  });

  it('requires an exclusion to give a reason', () => {
    edit('exclusions.yaml', '  reason: Not a claim about treatment.\n', '');
    expect(problems()).toEqual([expect.stringMatching(/^knowledge\/exclusions\.yaml: \[0\]\.reason: /)]);
  });

  it('reports missing files and folders', () => {
    rmSync(join(kdir(), 'references.yaml'));
    rmSync(join(kdir(), 'claims'), { recursive: true });
    const p = problems();
    expect(p).toContain('knowledge/references.yaml: file is missing');
    expect(p).toContain('knowledge/claims: no claim files (claims/*.yaml)');
    // The claim's reference can no longer resolve either: every consequence is listed, nothing is skipped silently.
    expect(p.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses knowledge no page could ever open (no topic concept)', () => {
    edit('concepts/core.yaml', '  topic: true\n', '');
    expect(problems()).toEqual(['concepts: no concept is marked `topic: true`: the gate would never open']);
  });

  it('says which checks it skipped when ../shared is absent, and still compiles', () => {
    const { notes } = compileKnowledge({ knowledgeDir: kdir(), seedsDir: join(root, 'nope'), editorialDir: join(root, 'nope') });
    expect(notes).toEqual([
      'evidence quotes not verified: ../shared/seeds is absent',
      'review ids not verified: ../shared/editorial is absent',
    ]);
  });

  it('as a command: exits non-zero, writes nothing, and prints every problem without a stack trace', () => {
    writeFileSync(join(kdir(), 'references.yaml'), '- id: X1\n');
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../knowledge/compile.ts')], {
        cwd: join(import.meta.dirname, '../..'),
        env: { ...process.env, CLAIMLIGHT_SHARED: join(root, 'missing'), CLAIMLIGHT_KNOWLEDGE_DIR: kdir() },
        stdio: 'pipe',
      });
    } catch (e) {
      const err = e as { status: number; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    }
    expect(status).toBe(1);
    expect(stderr).toContain('knowledge/references.yaml: [0] (id X1).id: reference ids look like R01');
    expect(stderr).toContain('knowledge/references.yaml: [0] (id X1).year: is required (number)');
    expect(stderr).toContain('Nothing was written.');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(kdir(), 'generated'))).toBe(false);
  });
});
