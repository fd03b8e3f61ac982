/**
 * npm run analyze -- <file.html> [--json] [--url URL]
 *
 * Prints what Claimlight finds in a saved web page: a readable report (coloured
 * on a terminal), or with --json the Report object (see README, "JSON report").
 * Bad input gets a one-line message and a non-zero exit, never a stack trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../engine/analyze';
import { visibleText } from '../engine/dom-text';
import type { KnowledgeIndex } from '../engine/knowledge';
import { KnowledgeLoadError } from '../engine/knowledge';
import type { Finding, FindingClass, Report } from '../engine/types';
import { loadKnowledgeFile, parseDocument, UserError } from './node-knowledge';

/** Pages larger than this are refused: no real article page is this big, and parsing would take long. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

const USAGE = 'usage: npm run analyze -- <file.html> [--json] [--url URL]';

interface Args {
  file: string;
  json: boolean;
  url?: string;
}

export function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let json = false;
  let url: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') json = true;
    else if (a === '--url') {
      url = argv[++i];
      if (!url) throw new UserError(`--url needs a value\n${USAGE}`);
    } else if (a.startsWith('--url=')) url = a.slice('--url='.length);
    else if (a === '--help' || a === '-h') throw new UserError(USAGE);
    else if (a.startsWith('-')) throw new UserError(`unknown option ${a}\n${USAGE}`);
    else if (file) throw new UserError(`one file at a time (got ${file} and ${a})\n${USAGE}`);
    else file = a;
  }
  if (!file) throw new UserError(`no input file\n${USAGE}`);
  return { file, json, url };
}

export function readHtml(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new UserError(`${file} is a directory, not an HTML file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size === 0) throw new UserError(`${file} is empty`);
  if (size > MAX_INPUT_BYTES)
    throw new UserError(`${file} is too large (${(size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1024 / 1024} MB)`);
  const buf = readFileSync(file);
  if (buf.subarray(0, 8192).includes(0)) throw new UserError(`${file} is a binary file, not HTML`);
  const html = buf.toString('utf8');
  if (!html.trim()) throw new UserError(`${file} is empty`);
  if (!/<\s*(?:!doctype\s+html|html|head|body|p|div|article|main|section|span|h[1-6]|title|meta)[\s>/]/i.test(html.slice(0, 200_000)))
    throw new UserError(`${file} does not look like HTML (no HTML tags found)`);
  return html;
}

// ---------------------------------------------------------------------------
// Readable output
// ---------------------------------------------------------------------------

const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (useColour ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = paint('1');
const dim = paint('2');
const COLOURS: Record<FindingClass, (s: string) => string> = {
  dubious: paint('31'),
  nuance: paint('33'),
  marketing: paint('35'),
  agrees: paint('32'),
};

function findingLine(f: Finding, report: Report, zh: boolean): string {
  const card = report.claims[f.claim];
  const tag = COLOURS[f.class](f.class.padEnd(9));
  const lines = [`  ${tag} ${f.sentence}  ${dim(`[${f.claim}, ${f.score.toFixed(2)}${f.region === 'page' ? ', outside article' : ''}]`)}`];
  if (card && f.class !== 'agrees') {
    lines.push(`            ${dim('→')} ${zh ? card.explanation.zh : card.explanation.en}`);
  }
  return lines.join('\n');
}

export function formatReport(report: Report): string {
  const zh = report.lang.startsWith('zh');
  const pick = (b: { en: string; zh: string }) => (zh ? b.zh : b.en);
  const out: string[] = [];
  out.push(bold(report.title || '(untitled)'));
  out.push(dim([report.url, report.byline, report.published, `lang ${report.lang}`, `extraction ${report.extraction}`].filter(Boolean).join(' · ')));
  out.push('');
  out.push(`${bold('Verdict:')} ${pick(report.verdict.label)}`);
  out.push(`  ${pick(report.verdict.summary)}`);
  for (const e of report.verdict.evidence) out.push(dim(`  - ${e}`));
  if (report.topics.length) out.push(`${bold('Topics:')} ${report.topics.map((t) => `${pick(t.label)} (${t.mentions})`).join(', ')}`);
  out.push('');
  const counts = (['dubious', 'nuance', 'marketing', 'agrees'] as const).map((c) => `${COLOURS[c](c)} ${report.findings.filter((f) => f.class === c).length}`);
  out.push(`${bold('Findings:')} ${counts.join('  ')}`);
  for (const f of report.findings) out.push(findingLine(f, report, zh));
  if (report.signals.length) {
    out.push('');
    out.push(bold('Page signals:'));
    for (const s of report.signals) out.push(`  ${pick(s.label)}${s.evidence.length ? dim(`  e.g. "${s.evidence[0]}"`) : ''}`);
  }
  if (report.omissions.length) {
    out.push('');
    out.push(bold('What the page leaves out:'));
    for (const id of report.omissions) {
      const card = report.claims[id];
      if (card) out.push(`  • ${pick(card.statement)} ${dim(`[${card.kind}, ${id}]`)}`);
    }
  }
  out.push('');
  out.push(dim(`analysed in ${report.timings.totalMs.toFixed(1)} ms (extraction ${report.timings.extractMs.toFixed(1)} ms), knowledge ${report.knowledgeHash}`));
  return out.join('\n');
}

export function main(argv: string[], kbLoader: () => KnowledgeIndex = loadKnowledgeFile): number {
  try {
    const args = parseArgs(argv);
    const html = readHtml(args.file);
    const kb = kbLoader();
    const doc = parseDocument(html);
    if (!visibleText(doc.body ?? doc.documentElement)) throw new UserError(`${args.file} has no visible text to analyse`);
    const report = analyzeDocument(doc, kb, { url: args.url });
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UserError || e instanceof KnowledgeLoadError) {
      process.stderr.write(`claimlight: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`claimlight: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

// Run only as a script, so the helpers above can be imported without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
