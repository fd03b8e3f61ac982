/**
 * Per-tab state, kept by the background in `storage.session` under `tab:<id>`
 * and read by the side panel through the helpers below. Only the background
 * writes it (see entrypoints/background.ts); readers must treat every field as
 * possibly absent in a value written by an older version, hence `readTabState`.
 *
 * Lifecycle of `status`:
 *   (new document) -> 'not-health' (gate failed)
 *                  -> 'disabled'   (gate passed, site disabled or automatic analysis off)
 *                  -> 'analysing'  -> 'done' | 'error'
 */
import { storage } from 'wxt/utils/storage';
import { isStoredReport, type StoredReport } from './messages';

export type TabStatus = 'idle' | 'not-health' | 'disabled' | 'analysing' | 'done' | 'error';

/** Why a tab with health content is not analysed. */
export type DisabledReason = 'site' | 'auto-off';

export interface TabState {
  tabId: number;
  /** URL of the document the state describes (updated on SPA navigation). */
  url: string;
  /** The gate's decision for this document; undefined until the gate has run. */
  gatePassed?: boolean;
  status: TabStatus;
  disabledReason?: DisabledReason;
  /** Human-readable error when status is 'error' (e.g. the knowledge failed to load). */
  error?: string;
  /** Latest report (without the analysed text). */
  report?: StoredReport;
  /** Finding ids drawn on the page. */
  anchored: string[];
  /** Finding ids the analyzer could not find in the live page (still listed in the panel, marked). */
  unanchored: string[];
  /** Number of flagged findings (dubious, nuance, marketing): what the badge shows. */
  flagged: number;
  /** Text the user chose "Check with Claimlight" on, for the panel's lookup. */
  selection?: { text: string; at: number };
  /** A finding the user asked to see in the panel (tooltip "open in side panel"). */
  focus?: { findingId: string; at: number };
  /** Messages dropped by the analyzer in this tab (forged or malformed). */
  dropped: number;
  updatedAt: number;
}

export const tabStateKey = (tabId: number) => `session:tab:${tabId}` as const;

export function emptyTabState(tabId: number, url: string): TabState {
  return { tabId, url, status: 'idle', anchored: [], unanchored: [], flagged: 0, dropped: 0, updatedAt: Date.now() };
}

const STATUSES: ReadonlySet<string> = new Set<TabStatus>(['idle', 'not-health', 'disabled', 'analysing', 'done', 'error']);

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Turns whatever is stored into a TabState, or undefined (missing or foreign value). */
export function readTabState(tabId: number, raw: unknown): TabState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const v = raw as Record<string, unknown>;
  const state = emptyTabState(tabId, typeof v.url === 'string' ? v.url : '');
  if (typeof v.gatePassed === 'boolean') state.gatePassed = v.gatePassed;
  if (typeof v.status === 'string' && STATUSES.has(v.status)) state.status = v.status as TabStatus;
  if (v.disabledReason === 'site' || v.disabledReason === 'auto-off') state.disabledReason = v.disabledReason;
  if (typeof v.error === 'string') state.error = v.error;
  if (isStoredReport(v.report)) state.report = v.report;
  state.anchored = strings(v.anchored);
  state.unanchored = strings(v.unanchored);
  if (typeof v.flagged === 'number') state.flagged = v.flagged;
  if (typeof v.dropped === 'number') state.dropped = v.dropped;
  const sel = v.selection as { text?: unknown; at?: unknown } | undefined;
  if (sel && typeof sel.text === 'string' && typeof sel.at === 'number') state.selection = { text: sel.text, at: sel.at };
  const focus = v.focus as { findingId?: unknown; at?: unknown } | undefined;
  if (focus && typeof focus.findingId === 'string' && typeof focus.at === 'number')
    state.focus = { findingId: focus.findingId, at: focus.at };
  if (typeof v.updatedAt === 'number') state.updatedAt = v.updatedAt;
  return state;
}

/** The current state of a tab, or undefined when the background knows nothing about it yet. */
export async function getTabState(tabId: number): Promise<TabState | undefined> {
  return readTabState(tabId, await storage.getItem(tabStateKey(tabId)));
}

/** Calls `cb` on every change of the tab's state (undefined when it was cleared). Returns the unwatch function. */
export function watchTabState(tabId: number, cb: (state: TabState | undefined) => void): () => void {
  return storage.watch(tabStateKey(tabId), (raw) => cb(readTabState(tabId, raw)));
}

/** Background only. */
export async function setTabState(state: TabState): Promise<void> {
  await storage.setItem(tabStateKey(state.tabId), { ...state, updatedAt: Date.now() });
}

/** Background only. */
export async function removeTabState(tabId: number): Promise<void> {
  await storage.removeItem(tabStateKey(tabId));
}
