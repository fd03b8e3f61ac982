/**
 * Hostile inputs for every message receiver (utils/runtime/messages.ts) and for the tab state read back from
 * storage: thousands of generated forged/malformed values, none of which may throw, pollute prototypes, or
 * come out of a parser with anything but the fields and types the receiver expects.
 */
import { afterAll, describe, expect, test, vi } from 'vitest';
import {
  isFromOurContentScript,
  isFromOurExtension,
  isFromOurPage,
  isStoredReport,
  parseBackgroundMessage,
  parseContentMessage,
  parsePanelMessage,
  type SenderLike,
} from '../../utils/runtime/messages';
import { readTabState } from '../../utils/runtime/tab-state';
import { mutate, prng, randomJson } from './fuzz';
import { OWN, RUNTIME_URL, storedReport } from '../fixtures/runtime/messages';

const RUNS = 5_000;
// Thousands of generated cases take seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const validReport = storedReport();

const validMessages: unknown[] = [
  { type: 'gate', passed: true, url: 'https://a.example/' },
  { type: 'report', url: 'https://a.example/', report: validReport, anchored: ['f0'], unanchored: [], dropped: 0 },
  { type: 'status', url: 'https://a.example/', status: 'error', error: 'x' },
  { type: 'open-panel', findingId: 'f0' },
  { type: 'panel:scroll-to', tabId: 3, findingId: 'f0' },
  { type: 'panel:analyse', tabId: 3 },
  { type: 'scroll-to', findingId: 'f0' },
  { type: 'cleanup' },
  { type: 'reanalyse' },
];

/** Fields each accepted message type may carry, and their types. */
const SHAPES: Record<string, Record<string, (v: unknown) => boolean>> = {
  gate: { type: () => true, passed: (v) => typeof v === 'boolean', url: (v) => typeof v === 'string' && v.length <= 8192 },
  report: {
    type: () => true,
    url: (v) => typeof v === 'string',
    report: (v) => isStoredReport(v),
    anchored: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    unanchored: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
    dropped: (v) => typeof v === 'number',
  },
  status: {
    type: () => true,
    url: (v) => typeof v === 'string',
    status: (v) => v === 'analysing' || v === 'error',
    error: (v) => typeof v === 'string' && v.length <= 500,
  },
  'open-panel': { type: () => true, findingId: (v) => typeof v === 'string' && v.length > 0 && v.length <= 64 },
  'panel:scroll-to': {
    type: () => true,
    tabId: (v) => Number.isInteger(v) && (v as number) >= 0,
    findingId: (v) => typeof v === 'string' && v.length > 0 && v.length <= 64,
  },
  'panel:analyse': { type: () => true, tabId: (v) => Number.isInteger(v) && (v as number) >= 0 },
  'scroll-to': { type: () => true, findingId: (v) => typeof v === 'string' && v.length > 0 && v.length <= 64 },
  cleanup: { type: () => true },
  reanalyse: { type: () => true },
  ping: { type: () => true },
};

function checkAccepted(parsed: unknown, input: unknown, allowed: string[]): void {
  if (parsed === undefined) return;
  expect(parsed).not.toBe(input); // a fresh object: nothing unexpected rides along by reference
  const message = parsed as Record<string, unknown>;
  expect(allowed).toContain(message.type);
  const shape = SHAPES[message.type as string] ?? {};
  for (const [key, value] of Object.entries(message)) {
    expect(Object.keys(shape), `unexpected field "${key}" on ${String(message.type)}`).toContain(key);
    expect(shape[key]?.(value), `bad ${String(message.type)}.${key}: ${JSON.stringify(value)?.slice(0, 80)}`).toBe(true);
  }
  expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
}

const CONTENT = ['gate', 'report', 'status', 'open-panel'];
const PANEL = ['panel:scroll-to', 'panel:analyse'];
const BACKGROUND = ['scroll-to', 'cleanup', 'reanalyse', 'ping'];

afterAll(() => {
  // Nothing the parsers touched may have reached the shared prototypes.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('message parsers under generated hostile input', () => {
  test(`${RUNS} random JSON values: no throw; anything accepted has exactly the expected fields and types`, () => {
    const random = prng(1);
    let accepted = 0;
    for (let i = 0; i < RUNS; i++) {
      const value = randomJson(random);
      for (const [parse, allowed] of [
        [parseContentMessage, CONTENT],
        [parsePanelMessage, PANEL],
        [parseBackgroundMessage, BACKGROUND],
      ] as const) {
        const parsed = parse(value);
        if (parsed) accepted++;
        checkAccepted(parsed, value, [...allowed]);
      }
    }
    // The generator is biased toward real shapes: some values must get through, or the test proves nothing.
    expect(accepted).toBeGreaterThan(0);
  });

  test(`${RUNS} mutations of valid messages: refused, or accepted with valid fields`, () => {
    const random = prng(2);
    let refused = 0;
    for (let i = 0; i < RUNS; i++) {
      const value = mutate(random, validMessages[i % validMessages.length]);
      const results = [
        [parseContentMessage(value), CONTENT],
        [parsePanelMessage(value), PANEL],
        [parseBackgroundMessage(value), BACKGROUND],
      ] as const;
      if (results.every(([r]) => r === undefined)) refused++;
      for (const [parsed, allowed] of results) checkAccepted(parsed, value, [...allowed]);
    }
    expect(refused).toBeGreaterThan(RUNS / 10);
  });

  test('"__proto__" smuggled in JSON is refused or dropped, never applied', () => {
    const forged = JSON.parse('{"type":"gate","passed":true,"url":"https://a/","__proto__":{"polluted":true}}') as unknown;
    expect(parseContentMessage(forged)).toBeUndefined();
    const cleanup = JSON.parse('{"type":"cleanup","__proto__":{"polluted":true}}') as unknown;
    expect(parseBackgroundMessage(cleanup)).toBeUndefined();
    const report = JSON.parse(JSON.stringify({ type: 'report', url: 'u', anchored: [], unanchored: [], dropped: 0 }).replace(
      /}$/,
      `,"report":${JSON.stringify(validReport).replace(/}$/, ',"__proto__":{"polluted":true}}')}}`,
    )) as unknown;
    const parsed = parseContentMessage(report) as { report?: Record<string, unknown> } | undefined;
    expect((parsed?.report as { polluted?: unknown } | undefined)?.polluted).toBeUndefined();
  });

  test('a report carrying the page text, too many findings or an unknown class is refused', () => {
    expect(isStoredReport(validReport)).toBe(true);
    expect(isStoredReport({ ...validReport, text: 'x'.repeat(1_000_000) })).toBe(false);
    const many = Array.from({ length: 10_001 }, (_, i) => ({ ...validReport.findings[0], id: `f${i}` }));
    expect(isStoredReport({ ...validReport, findings: many })).toBe(false);
    expect(isStoredReport({ ...validReport, findings: [{ ...validReport.findings[0], class: 'dubious<script>' }] })).toBe(false);
    expect(isStoredReport({ ...validReport, findings: [{ ...validReport.findings[0], id: 'x'.repeat(65) }] })).toBe(false);
  });
});

describe('senders', () => {
  const ours = (s: SenderLike) => ({
    content: isFromOurContentScript(s, OWN),
    page: isFromOurPage(s, OWN, RUNTIME_URL),
    extension: isFromOurExtension(s, OWN),
  });

  test('the shapes a web page posts (window.postMessage) reach no receiver: commands need a sender without a tab', () => {
    // A page cannot call runtime.sendMessage without externally_connectable; its content script could be
    // compromised, so even our own content script (a sender with a tab) cannot command the analyzer.
    expect(parseBackgroundMessage({ type: 'cleanup' })).toEqual({ type: 'cleanup' });
    expect(ours({ id: OWN, tab: { id: 4 }, frameId: 0, url: 'https://evil.example/' }).extension).toBe(false);
    expect(ours({ id: 'another-extension', url: `chrome-extension://another-extension/x.html` })).toEqual({
      content: false,
      page: false,
      extension: false,
    });
    expect(ours({})).toEqual({ content: false, page: false, extension: false });
  });

  test('content messages from frames, other extensions or without a tab are refused', () => {
    expect(ours({ id: OWN, tab: { id: 4 }, frameId: 0 }).content).toBe(true);
    expect(ours({ id: OWN, tab: { id: 4 }, frameId: 2 }).content).toBe(false);
    expect(ours({ id: OWN, tab: { id: -1 } }).content).toBe(false);
    expect(ours({ id: OWN, tab: { id: 1.5 } }).content).toBe(false);
    expect(ours({ id: OWN }).content).toBe(false);
    expect(ours({ id: 'x', tab: { id: 4 }, frameId: 0 }).content).toBe(false);
  });

  test('a web page URL with our id in it is not our page', () => {
    expect(ours({ id: OWN, url: `${RUNTIME_URL}sidepanel.html` }).page).toBe(true);
    expect(ours({ id: OWN, url: `https://evil.example/${RUNTIME_URL}sidepanel.html` }).page).toBe(false);
    expect(ours({ id: OWN, url: `https://${OWN}.evil.example/` }).page).toBe(false);
    expect(ours({ id: OWN, url: 'not a url' }).page).toBe(false);
    expect(ours({ id: OWN, url: `chrome-extension://${OWN}.evil/` }).page).toBe(false);
  });

  test(`${RUNS} random senders: only our id with a top-frame tab passes as content script`, () => {
    const random = prng(3);
    for (let i = 0; i < RUNS; i++) {
      const s = randomJson(random) as SenderLike;
      if (typeof s !== 'object' || s === null) continue;
      const candidate: SenderLike = random() < 0.5 ? { ...s, id: OWN } : s;
      const result = ours(candidate);
      if (result.content) {
        expect(candidate.id).toBe(OWN);
        expect(Number.isInteger(candidate.tab?.id) && (candidate.tab?.id as number) >= 0).toBe(true);
        expect(candidate.frameId === undefined || candidate.frameId === 0).toBe(true);
      }
      if (result.extension) expect(candidate.tab).toBeUndefined();
    }
  });
});

describe('tab state read back from storage', () => {
  test(`${RUNS} random and mutated stored values: never throws, always well-typed`, () => {
    const random = prng(4);
    const valid = {
      tabId: 7,
      url: 'https://a/',
      gatePassed: true,
      status: 'done',
      report: { ...validReport },
      anchored: ['f0'],
      unanchored: [],
      flagged: 1,
      dropped: 0,
      updatedAt: 1,
      selection: { text: 't', at: 1 },
      focus: { findingId: 'f0', at: 1 },
    };
    const statuses = ['idle', 'not-health', 'disabled', 'analysing', 'done', 'error'];
    for (let i = 0; i < RUNS; i++) {
      const raw = i % 2 ? randomJson(random) : mutate(random, valid);
      const state = readTabState(7, raw);
      if (!state) continue;
      expect(state.tabId).toBe(7);
      expect(statuses).toContain(state.status);
      expect(typeof state.url).toBe('string');
      expect(state.anchored.every((x) => typeof x === 'string')).toBe(true);
      expect(state.unanchored.every((x) => typeof x === 'string')).toBe(true);
      expect(typeof state.flagged).toBe('number');
      expect(typeof state.dropped).toBe('number');
      if (state.report !== undefined) expect(isStoredReport(state.report)).toBe(true);
      if (state.selection) expect(typeof state.selection.text).toBe('string');
    }
  });
});
