/**
 * npm run eval — scores the engine against ../shared/eval/seed-labels.jsonl and
 * runs it over the 130 unrelated pages of ../shared/corpus/web-pages/.
 * Exits 1 when a target is missed (targets below, from the engine issue).
 * Flags: --verbose lists every labelled quote with what the engine said.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../../utils/engine/analyze';
import { passesGate } from '../../utils/engine/gate';
import type { KnowledgeIndex } from '../../utils/engine/knowledge';
import type { Thresholds } from '../../utils/engine/thresholds';
import type { Finding, FindingClass, Report } from '../../utils/engine/types';
import { FLAG_CLASSES } from '../../utils/engine/types';
import { loadGateFile, loadKnowledgeFile, parseDocument, REPO_ROOT, SHARED_ROOT, UserError } from '../../utils/cli/node-knowledge';
import { findQuote, overlaps, type Occurrence } from './quote';

export const TARGETS = {
  recallDubiousMarketing: 0.9,
  recallNuance: 0.75,
  agreesFalseFlags: 0,
  corpusFlags: 0,
  corpusExceptions: 0,
};

interface Label {
  page: string;
  quote: string;
  expect: FindingClass;
  claim?: string;
}

interface LabelResult extends Label {
  found: boolean;
  classes: FindingClass[];
  findings: Finding[];
}

const CLASSES: FindingClass[] = ['dubious', 'nuance', 'marketing', 'agrees'];

function pct(n: number, d: number): string {
  return d === 0 ? '   –  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

export function seedPages(): Map<string, string> {
  const dir = join(SHARED_ROOT, 'seeds/html');
  const pages = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) pages.set(f.replace(/\.html$/, ''), join(dir, f));
  return pages;
}

export function corpusPages(): string[] {
  const dir = join(SHARED_ROOT, 'corpus/web-pages');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => join(dir, f));
}

export function evaluateSeeds(kb: KnowledgeIndex, thresholds?: Partial<Thresholds>) {
  return evaluateLabelled(kb, join(SHARED_ROOT, 'eval/seed-labels.jsonl'), seedPages(), thresholds);
}

/** Pages written for us in the seeds' genre, with our own labels (test/fixtures/heldout/). */
export function heldoutPages(): Map<string, string> {
  const dir = join(REPO_ROOT, 'test/fixtures/heldout');
  const pages = new Map<string, string>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) pages.set(f.replace(/\.html$/, ''), join(dir, f));
  return pages;
}

export function evaluateLabelled(kb: KnowledgeIndex, labelsPath: string, pages: Map<string, string>, thresholds?: Partial<Thresholds>) {
  const labels: Label[] = readFileSync(labelsPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Label);
  const gate = loadGateFile();
  const reports = new Map<string, Report>();
  const gateFailures: string[] = [];
  for (const [page, file] of pages) {
    const doc = parseDocument(readFileSync(file, 'utf8'));
    if (!passesGate(doc, gate)) gateFailures.push(page);
    reports.set(page, analyzeDocument(doc, kb, { thresholds }));
  }
  const results: LabelResult[] = [];
  const occurrencesByPage = new Map<string, { label: Label; occ: Occurrence }[]>();
  for (const label of labels) {
    const report = reports.get(label.page);
    if (!report) {
      results.push({ ...label, found: false, classes: [], findings: [] });
      continue;
    }
    const occ = findQuote(report.text, label.quote, report);
    const findings = report.findings.filter((f) => occ.some((o) => overlaps(o, f)));
    results.push({ ...label, found: occ.length > 0, classes: [...new Set(findings.map((f) => f.class))], findings });
    const list = occurrencesByPage.get(label.page) ?? [];
    for (const o of occ) list.push({ label, occ: o });
    occurrencesByPage.set(label.page, list);
  }
  // Precision: every finding on the seed pages, judged by the labels it overlaps.
  const precision = Object.fromEntries(CLASSES.map((c) => [c, { correct: 0, wrong: 0, unlabelled: 0 }])) as Record<
    FindingClass,
    { correct: number; wrong: number; unlabelled: number }
  >;
  const unlabelledFlags: { page: string; finding: Finding }[] = [];
  for (const [page, report] of reports) {
    const occs = occurrencesByPage.get(page) ?? [];
    for (const f of report.findings) {
      const labelsHere = occs.filter((o) => overlaps(o.occ, f)).map((o) => o.label.expect);
      const bucket = precision[f.class];
      if (labelsHere.length === 0) {
        bucket.unlabelled++;
        if (f.class !== 'agrees') unlabelledFlags.push({ page, finding: f });
      } else if (labelsHere.includes(f.class)) bucket.correct++;
      else bucket.wrong++;
    }
  }
  return { labels, results, precision, unlabelledFlags, gateFailures, reports };
}

export function evaluateCorpus(kb: KnowledgeIndex, thresholds?: Partial<Thresholds>) {
  const rows: { file: string; flags: Finding[]; findings: number; verdict: string; error?: string; ms: number }[] = [];
  for (const file of corpusPages()) {
    const t0 = performance.now();
    try {
      const report = analyzeDocument(parseDocument(readFileSync(file, 'utf8')), kb, { thresholds });
      rows.push({
        file,
        flags: report.findings.filter((f) => FLAG_CLASSES.includes(f.class)),
        findings: report.findings.length,
        verdict: report.verdict.kind,
        ms: performance.now() - t0,
      });
    } catch (e) {
      rows.push({ file, flags: [], findings: 0, verdict: 'error', error: (e as Error).stack ?? String(e), ms: performance.now() - t0 });
    }
  }
  return rows;
}

function main(): number {
  if (!existsSync(SHARED_ROOT)) {
    console.info('eval skipped: ../shared not present');
    return 0;
  }
  const verbose = process.argv.includes('--verbose');
  const kb = loadKnowledgeFile();
  const seeds = evaluateSeeds(kb);
  const { results, precision } = seeds;

  console.log(`Claimlight eval — knowledge ${kb.hash}, ${results.length} labelled quotes on ${seeds.reports.size} seed pages\n`);
  console.log('class       labels  recall   | findings  correct  wrong  unlabelled  precision(labelled)');
  const recall = (cls: FindingClass[]) => {
    const rs = results.filter((r) => cls.includes(r.expect));
    return { n: rs.length, hit: rs.filter((r) => r.classes.includes(r.expect)).length };
  };
  for (const c of CLASSES) {
    const r = recall([c]);
    const p = precision[c];
    const total = p.correct + p.wrong + p.unlabelled;
    console.log(
      `${c.padEnd(10)}  ${String(r.n).padStart(6)}  ${pct(r.hit, r.n)}  | ${String(total).padStart(8)}  ${String(p.correct).padStart(7)}  ${String(p.wrong).padStart(5)}  ${String(p.unlabelled).padStart(10)}  ${pct(p.correct, p.correct + p.wrong)}`,
    );
  }
  const dm = recall(['dubious', 'marketing']);
  const nu = recall(['nuance']);
  const falseFlags = results.filter((r) => r.expect === 'agrees' && r.classes.some((c) => FLAG_CLASSES.includes(c)));
  const notFound = results.filter((r) => !r.found);
  console.log(`\ndubious+marketing recall ${pct(dm.hit, dm.n)} (target ≥ ${TARGETS.recallDubiousMarketing * 100}%)`);
  console.log(`nuance recall            ${pct(nu.hit, nu.n)} (target ≥ ${TARGETS.recallNuance * 100}%)`);
  console.log(`agrees quotes flagged    ${falseFlags.length} (target ${TARGETS.agreesFalseFlags})`);
  for (const r of falseFlags)
    console.log(`  FALSE FLAG [${r.page}] "${r.quote}" -> ${r.findings.map((f) => `${f.class} ${f.claim} (${f.score})`).join(', ')}`);
  if (notFound.length) for (const r of notFound) console.log(`  quote not found in extracted text [${r.page}] "${r.quote}"`);
  if (seeds.gateFailures.length) console.log(`  gate rejected seed page(s): ${seeds.gateFailures.join(', ')}`);
  const misses = results.filter((r) => r.expect !== 'agrees' && !r.classes.includes(r.expect));
  if (misses.length) {
    console.log(`\nmissed ${misses.length} flag(s):`);
    for (const r of misses)
      console.log(`  [${r.page}] ${r.expect.padEnd(9)} "${r.quote}"${r.classes.length ? ` -> got ${r.findings.map((f) => `${f.class} ${f.claim}`).join(', ')}` : ''}`);
  }
  if (verbose) {
    console.log('\nflags on unlabelled text:');
    for (const { page, finding: f } of seeds.unlabelledFlags) console.log(`  [${page}] ${f.class} ${f.claim} (${f.score}) "${f.sentence}"`);
    console.log('\nall labels:');
    for (const r of results) console.log(`  [${r.page}] ${r.expect.padEnd(9)} got ${r.classes.join('/') || '-'}  "${r.quote}"`);
  }

  const corpus = evaluateCorpus(kb);
  const flagged = corpus.filter((r) => r.flags.length > 0);
  const errors = corpus.filter((r) => r.error);
  const wrongVerdicts = corpus.filter((r) => !r.error && r.verdict !== 'no-claims');
  const times = corpus.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const totalFlags = flagged.reduce((n, r) => n + r.flags.length, 0);
  console.log(
    `\nunrelated corpus: ${corpus.length} pages, ${totalFlags} flag(s) on ${flagged.length} page(s), ${corpus.reduce((n, r) => n + r.findings, 0)} finding(s) in all, ${errors.length} exception(s), ${wrongVerdicts.length} verdict(s) other than no-claims; median ${median.toFixed(1)} ms/page, total ${(times.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s`,
  );
  for (const r of flagged) for (const f of r.flags) console.log(`  FLAG ${r.file.split('/').pop()}: ${f.class} ${f.claim} "${f.sentence.slice(0, 80)}"`);
  for (const r of errors) console.log(`  EXCEPTION ${r.file.split('/').pop()}: ${r.error?.split('\n').slice(0, 3).join(' | ')}`);
  for (const r of wrongVerdicts) console.log(`  VERDICT ${r.file.split('/').pop()}: ${r.verdict}`);

  reportHeldout(kb);

  const failures: string[] = [];
  if (dm.n && dm.hit / dm.n < TARGETS.recallDubiousMarketing) failures.push('dubious+marketing recall');
  if (nu.n && nu.hit / nu.n < TARGETS.recallNuance) failures.push('nuance recall');
  if (falseFlags.length > TARGETS.agreesFalseFlags) failures.push('agrees quotes flagged');
  if (totalFlags > TARGETS.corpusFlags) failures.push('flags on the unrelated corpus');
  if (errors.length > TARGETS.corpusExceptions) failures.push('exceptions on the unrelated corpus');
  if (wrongVerdicts.length) failures.push('verdicts on the unrelated corpus');
  if (seeds.gateFailures.length) failures.push('gate rejected a seed page');
  console.log(failures.length ? `\nEVAL FAILED: ${failures.join('; ')}` : '\nEVAL PASSED: all targets met');
  return failures.length ? 1 : 0;
}

/**
 * The simulated held-out pages: reported, not a target. Their labels are ours. A batch whose misses led to
 * changes (batches.json, usedForFixes) is no longer held out and is reported apart from those kept held out:
 * the latter are the honest reading of how the engine meets wording nobody tuned it to.
 */
function reportHeldout(kb: KnowledgeIndex): void {
  const dir = join(REPO_ROOT, 'test/fixtures/heldout');
  const { results } = evaluateLabelled(kb, join(dir, 'labels.jsonl'), heldoutPages());
  const { batches } = JSON.parse(readFileSync(join(dir, 'batches.json'), 'utf8')) as {
    batches: { first: number; last: number; usedForFixes: boolean }[];
  };
  const usedForFixes = (page: string) => batches.some((b) => b.usedForFixes && Number(page) >= b.first && Number(page) <= b.last);
  const line = (name: string, rs: typeof results) => {
    const recall = (classes: FindingClass[]) => {
      const of = rs.filter((r) => classes.includes(r.expect));
      return `${pct(of.filter((r) => r.classes.some((c) => classes.includes(c))).length, of.length).trim()} of ${of.length}`;
    };
    const agrees = rs.filter((r) => r.expect === 'agrees');
    const flagged = agrees.filter((r) => r.classes.some((c) => c !== 'agrees')).length;
    return `  ${name}: dubious+marketing recall ${recall(['dubious', 'marketing'])}, nuance ${recall(['nuance'])}, agrees quotes flagged ${flagged} of ${agrees.length}`;
  };
  console.log('\nsimulated held-out pages (test/fixtures/heldout, our labels; reported, not a target):');
  console.log(line('kept held out (no change made from them)', results.filter((r) => !usedForFixes(r.page))));
  console.log(line('used for fixes since (no longer held out)', results.filter((r) => usedForFixes(r.page))));
}

// Run only as a script (the threshold sweep imports the functions above).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.error(`eval: ${e instanceof UserError ? e.message : (e as Error).stack}`);
    process.exitCode = 1;
  }
}
