/**
 * Every message between the gate script, the analyzer (content scripts), the
 * background and the side panel. Each receiver validates shape AND sender with
 * the functions here; anything else is dropped and counted (`dropCount`).
 *
 * No dependency on zod or the engine: the gate bundle imports this file and
 * must stay tiny.
 */
import type { FindingClass, Report } from '../engine/types';
import { isRecord } from '../is-record';

/** The report as stored and sent: without `text`, which can be megabytes (the panel never needs it). */
export type StoredReport = Omit<Report, 'text'> & { textLength: number };

export type AnalysisStatus = 'analysing' | 'done' | 'error';

// ---- content scripts -> background --------------------------------------------------------------

/** gate.content.ts, once per document load. */
export interface GateMessage {
  type: 'gate';
  passed: boolean;
  url: string;
}

/** analyzer.ts: a (re-)analysis finished. */
export interface ReportMessage {
  type: 'report';
  url: string;
  report: StoredReport;
  /** Finding ids drawn on the page / that could not be found in the live DOM. */
  anchored: string[];
  unanchored: string[];
  /** Messages the analyzer dropped so far (forged or malformed). */
  dropped: number;
}

/** analyzer.ts: analysis started, or failed (knowledge did not load, engine threw). */
export interface StatusMessage {
  type: 'status';
  url: string;
  status: 'analysing' | 'error';
  error?: string;
}

/** Tooltip: "open in side panel" for one finding. */
export interface OpenPanelMessage {
  type: 'open-panel';
  findingId?: string;
}

export type ContentToBackground = GateMessage | ReportMessage | StatusMessage | OpenPanelMessage;

// ---- side panel -> background ------------------------------------------------------------------

/** Scroll the page of `tabId` to a finding and flash it. */
export interface PanelScrollTo {
  type: 'panel:scroll-to';
  tabId: number;
  findingId: string;
}

/** Run the analysis again on `tabId` (e.g. after re-enabling a site, or "analyse anyway"). */
export interface PanelAnalyse {
  type: 'panel:analyse';
  tabId: number;
}

export type PanelToBackground = PanelScrollTo | PanelAnalyse;

// ---- background -> analyzer --------------------------------------------------------------------

export interface ScrollToMessage {
  type: 'scroll-to';
  findingId: string;
}

/** Remove every highlight, listener and element; the analyzer stops. */
export interface CleanupMessage {
  type: 'cleanup';
}

/** Re-run the analysis now (SPA navigation seen by the background, panel request). */
export interface ReanalyseMessage {
  type: 'reanalyse';
}

/** Is an analyzer alive in this document? (answers true) */
export interface PingMessage {
  type: 'ping';
}

export type BackgroundToContent = ScrollToMessage | CleanupMessage | ReanalyseMessage | PingMessage;

// ---- validation ---------------------------------------------------------------------------------

/** The parts of `runtime.MessageSender` the checks need (same in Chrome and Firefox). */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

const FINDING_CLASSES: ReadonlySet<string> = new Set<FindingClass>(['dubious', 'nuance', 'marketing', 'agrees']);
const MAX_ID = 64;
const MAX_URL = 8192;

function isShortString(v: unknown, max = MAX_ID): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

function isTabId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function isIdList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length <= 10_000 && v.every((x) => isShortString(x));
}

function hasOnlyKeys(v: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(v).every((k) => allowed.includes(k));
}

/** Enough of a Report that the panel and the badge cannot be broken by it. */
export function isStoredReport(v: unknown): v is StoredReport {
  if (!isRecord(v) || v.version !== 1 || typeof v.knowledgeHash !== 'string' || typeof v.title !== 'string') return false;
  if (!Array.isArray(v.findings) || v.findings.length > 10_000) return false;
  for (const f of v.findings) {
    if (!isRecord(f) || !isShortString(f.id) || typeof f.class !== 'string' || !FINDING_CLASSES.has(f.class)) return false;
    if (typeof f.claim !== 'string' || typeof f.sentence !== 'string') return false;
    if (typeof f.start !== 'number' || typeof f.end !== 'number' || typeof f.score !== 'number') return false;
  }
  if (!isRecord(v.claims) || !isRecord(v.verdict) || typeof v.verdict.kind !== 'string') return false;
  if (!Array.isArray(v.signals) || !Array.isArray(v.relevant) || !Array.isArray(v.omissions) || !Array.isArray(v.topics))
    return false;
  if (typeof v.textLength !== 'number' || 'text' in v) return false;
  return true;
}

export function parseContentMessage(v: unknown): ContentToBackground | undefined {
  if (!isRecord(v)) return undefined;
  switch (v.type) {
    case 'gate':
      return typeof v.passed === 'boolean' && typeof v.url === 'string' && v.url.length <= MAX_URL && hasOnlyKeys(v, ['type', 'passed', 'url'])
        ? { type: 'gate', passed: v.passed, url: v.url }
        : undefined;
    case 'report':
      return typeof v.url === 'string' &&
        v.url.length <= MAX_URL &&
        isStoredReport(v.report) &&
        isIdList(v.anchored) &&
        isIdList(v.unanchored) &&
        typeof v.dropped === 'number'
        ? { type: 'report', url: v.url, report: v.report, anchored: v.anchored, unanchored: v.unanchored, dropped: v.dropped }
        : undefined;
    case 'status':
      if (typeof v.url !== 'string' || v.url.length > MAX_URL) return undefined;
      if (v.status !== 'analysing' && v.status !== 'error') return undefined;
      if (v.error !== undefined && typeof v.error !== 'string') return undefined;
      return {
        type: 'status',
        url: v.url,
        status: v.status,
        ...(typeof v.error === 'string' ? { error: v.error.slice(0, 500) } : {}),
      };
    case 'open-panel':
      if (v.findingId !== undefined && !isShortString(v.findingId)) return undefined;
      return { type: 'open-panel', ...(typeof v.findingId === 'string' ? { findingId: v.findingId } : {}) };
    default:
      return undefined;
  }
}

export function parsePanelMessage(v: unknown): PanelToBackground | undefined {
  if (!isRecord(v)) return undefined;
  if (v.type === 'panel:scroll-to' && isTabId(v.tabId) && isShortString(v.findingId))
    return { type: 'panel:scroll-to', tabId: v.tabId, findingId: v.findingId };
  if (v.type === 'panel:analyse' && isTabId(v.tabId)) return { type: 'panel:analyse', tabId: v.tabId };
  return undefined;
}

export function parseBackgroundMessage(v: unknown): BackgroundToContent | undefined {
  if (!isRecord(v)) return undefined;
  if (v.type === 'scroll-to' && isShortString(v.findingId)) return { type: 'scroll-to', findingId: v.findingId };
  if (v.type === 'cleanup' && hasOnlyKeys(v, ['type'])) return { type: 'cleanup' };
  if (v.type === 'reanalyse' && hasOnlyKeys(v, ['type'])) return { type: 'reanalyse' };
  if (v.type === 'ping' && hasOnlyKeys(v, ['type'])) return { type: 'ping' };
  return undefined;
}

/**
 * One of this extension's own pages (side panel, options), whether or not it is shown in a tab.
 * A prefix test on our base URL (`chrome-extension://<id>/`, `moz-extension://<uuid>/`), not
 * URL.origin: for these schemes the WHATWG origin is the opaque "null", equal for any such URL.
 */
export function isFromOurPage(sender: SenderLike, ownId: string, runtimeUrl: string): boolean {
  if (sender.id !== ownId || typeof sender.url !== 'string' || !runtimeUrl.endsWith('/')) return false;
  return sender.url.startsWith(runtimeUrl);
}

/**
 * A content script of this extension in a top-level page: our id, a tab, frame 0.
 * Pages cannot reach `runtime.onMessage` (no `externally_connectable`), but other
 * extensions' and frames' messages must not change a tab's state either.
 */
export function isFromOurContentScript(sender: SenderLike, ownId: string): sender is SenderLike & { tab: { id: number } } {
  return sender.id === ownId && isTabId(sender.tab?.id) && (sender.frameId === undefined || sender.frameId === 0);
}

/** In a content script: only the background or our own pages send to us (never another tab's content script). */
export function isFromOurExtension(sender: SenderLike, ownId: string): boolean {
  return sender.id === ownId && sender.tab === undefined;
}

/** Counts dropped messages per receiver, for tests and the hardening report. */
export class DropCounter {
  count = 0;
  drop(reason: string, message?: unknown): undefined {
    this.count++;
    if (this.count <= 20) console.warn(`[Claimlight] dropped a message (${reason})`, typeof message === 'object' ? (message as { type?: unknown })?.type : message);
    return undefined;
  }
}
