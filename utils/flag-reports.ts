/**
 * "This flag is wrong" reports, kept on the device only (the user exports them from the options
 * page as a file for the knowledge curators; nothing is ever sent).
 *
 * Each report is its own `storage.local` key (`flagReport:<time>-<random>`): reports are written
 * from content scripts in many tabs at once, and a single list under one key would lose reports to
 * interleaved read-modify-write. A list under `flagReports` (the first format) is still read, so
 * nothing stored earlier is lost, and is removed by `clearFlagReports`.
 */
import { browser } from 'wxt/browser';
import { isRecord } from './is-record';

export type FlagReportClass = 'dubious' | 'nuance' | 'marketing' | 'agrees';
const CLASSES: readonly string[] = ['dubious', 'nuance', 'marketing', 'agrees'];

export interface FlagReport {
  /** ISO time of the report. */
  at: string;
  url: string;
  /** Claim id in the knowledge. */
  claim: string;
  findingClass: FlagReportClass;
  /** The flagged sentence as the page showed it (page content: only ever rendered as text). */
  sentence: string;
  knowledgeHash: string;
  /** Finding id within the report the user saw (only meaningful together with url + knowledgeHash). */
  findingId?: string;
  note?: string;
}

export const FLAG_REPORT_PREFIX = 'flagReport:';
/** The first format: one list under one key (read for compatibility, never written). */
export const LEGACY_FLAG_REPORTS_KEY = 'flagReports';
/** Oldest reports are dropped beyond this, so storage cannot grow without bound. */
export const MAX_FLAG_REPORTS = 500;
const MAX_TEXT = 1000;

export function isFlagReport(r: unknown): r is FlagReport {
  return (
    isRecord(r) &&
    typeof r.at === 'string' &&
    typeof r.url === 'string' &&
    typeof r.claim === 'string' &&
    typeof r.findingClass === 'string' &&
    CLASSES.includes(r.findingClass) &&
    typeof r.sentence === 'string' &&
    typeof r.knowledgeHash === 'string' &&
    (r.note === undefined || typeof r.note === 'string') &&
    (r.findingId === undefined || typeof r.findingId === 'string')
  );
}

let sequence = 0;

/**
 * Keys sort by time (zero-padded milliseconds), then by order of writing within this script; the
 * random tail keeps two tabs writing in the same millisecond apart.
 */
function reportKey(at: string): string {
  const ms = Date.parse(at);
  const time = String(Number.isFinite(ms) ? ms : Date.now()).padStart(15, '0');
  const seq = String(sequence++ % 1_000_000).padStart(6, '0');
  return `${FLAG_REPORT_PREFIX}${time}-${seq}-${Math.random().toString(36).slice(2, 10)}`;
}

async function everything(): Promise<Record<string, unknown>> {
  return (await browser.storage.local.get(null)) as Record<string, unknown>;
}

/** All valid reports, oldest first; invalid entries are skipped with a warning, never thrown. */
export async function getFlagReports(): Promise<FlagReport[]> {
  let all: Record<string, unknown>;
  try {
    all = await everything();
  } catch (e) {
    console.warn('[Claimlight] flag reports: could not read storage.', e);
    return [];
  }
  const found: FlagReport[] = [];
  let invalid = 0;
  const legacy = all[LEGACY_FLAG_REPORTS_KEY];
  if (legacy !== undefined) {
    if (Array.isArray(legacy)) {
      for (const r of legacy) {
        if (isFlagReport(r)) found.push(r);
        else invalid++;
      }
    }
    else console.warn('[Claimlight] flag reports: the stored list is not a list; ignoring it.', legacy);
  }
  const keys = Object.keys(all)
    .filter((k) => k.startsWith(FLAG_REPORT_PREFIX))
    .sort();
  for (const k of keys) {
    const r = all[k];
    if (isFlagReport(r)) found.push(r);
    else invalid++;
  }
  if (invalid) console.warn(`[Claimlight] flag reports: ignoring ${invalid} invalid entries.`);
  // Stable sort keeps insertion order for equal times.
  return found.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export async function addFlagReport(report: Omit<FlagReport, 'at'> & { at?: string }): Promise<void> {
  const entry: FlagReport = {
    at: report.at ?? new Date().toISOString(),
    url: report.url,
    claim: report.claim,
    findingClass: report.findingClass,
    sentence: report.sentence.slice(0, MAX_TEXT),
    knowledgeHash: report.knowledgeHash,
    ...(report.findingId ? { findingId: report.findingId.slice(0, 64) } : {}),
    ...(report.note ? { note: report.note.slice(0, MAX_TEXT) } : {}),
  };
  if (!isFlagReport(entry)) throw new Error('invalid flag report');
  await browser.storage.local.set({ [reportKey(entry.at)]: entry });
  // Over the cap: drop the oldest. Two tabs trimming at once remove the same keys; no report of
  // anyone else's is lost beyond the cap.
  const keys = Object.keys(await everything())
    .filter((k) => k.startsWith(FLAG_REPORT_PREFIX))
    .sort();
  if (keys.length > MAX_FLAG_REPORTS) await browser.storage.local.remove(keys.slice(0, keys.length - MAX_FLAG_REPORTS));
}

export async function clearFlagReports(): Promise<void> {
  const keys = Object.keys(await everything()).filter((k) => k.startsWith(FLAG_REPORT_PREFIX) || k === LEGACY_FLAG_REPORTS_KEY);
  if (keys.length) await browser.storage.local.remove(keys);
}

/** Calls `cb` whenever a report is added or the reports are cleared; returns the unsubscribe function. */
export function watchFlagReports(cb: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'local') return;
    if (Object.keys(changes).some((k) => k.startsWith(FLAG_REPORT_PREFIX) || k === LEGACY_FLAG_REPORTS_KEY)) cb();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** The export file's content: self-describing so curators can read it without the extension. */
export function flagReportsJson(reports: FlagReport[], now = new Date()): string {
  return `${JSON.stringify({ format: 'claimlight-flag-reports', version: 1, exportedAt: now.toISOString(), reports }, null, 2)}\n`;
}

export async function exportFlagReports(): Promise<string> {
  return flagReportsJson(await getFlagReports());
}
