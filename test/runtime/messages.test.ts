import { describe, expect, test } from 'vitest';
import {
  DropCounter,
  isFromOurContentScript,
  isFromOurExtension,
  isFromOurPage,
  isStoredReport,
  parseBackgroundMessage,
  parseContentMessage,
  parsePanelMessage,
} from '../../utils/runtime/messages';
import { readTabState } from '../../utils/runtime/tab-state';
import { OWN, RUNTIME_URL, storedReport } from '../fixtures/runtime/messages';


const report = storedReport;

describe('content -> background messages', () => {
  test('a well-formed gate message passes; extra or wrong fields do not', () => {
    expect(parseContentMessage({ type: 'gate', passed: true, url: 'https://a.example/' })).toEqual({
      type: 'gate',
      passed: true,
      url: 'https://a.example/',
    });
    expect(parseContentMessage({ type: 'gate', passed: 'yes', url: 'x' })).toBeUndefined();
    expect(parseContentMessage({ type: 'gate', passed: true, url: 'x', tabId: 99 })).toBeUndefined();
    expect(parseContentMessage({ type: 'gate', passed: true, url: 'x'.repeat(9000) })).toBeUndefined();
  });

  test('a report must look like a report, without the page text', () => {
    const ok = { type: 'report', url: 'u', report: report(), anchored: ['f0'], unanchored: [], dropped: 0 };
    expect(parseContentMessage(ok)?.type).toBe('report');
    expect(parseContentMessage({ ...ok, report: report({ text: 'whole page' }) })).toBeUndefined();
    expect(parseContentMessage({ ...ok, report: report({ findings: [{ id: 'f0', class: 'evil' }] }) })).toBeUndefined();
    expect(parseContentMessage({ ...ok, anchored: [1, 2] })).toBeUndefined();
    expect(isStoredReport(report({ version: 2 }))).toBe(false);
  });

  test('status errors are kept short; unknown types and non-objects are refused', () => {
    const m = parseContentMessage({ type: 'status', url: 'u', status: 'error', error: 'x'.repeat(2000) });
    expect(m && m.type === 'status' && m.error?.length).toBe(500);
    expect(parseContentMessage({ type: 'status', url: 'u', status: 'done' })).toBeUndefined();
    for (const bad of [null, 'gate', 42, [], { type: 'eval', code: 'alert(1)' }, { type: '__proto__' }]) {
      expect(parseContentMessage(bad)).toBeUndefined();
    }
  });
});

describe('panel and background messages', () => {
  test('panel messages need an integer tab id and a short finding id', () => {
    expect(parsePanelMessage({ type: 'panel:scroll-to', tabId: 3, findingId: 'f2' })).toEqual({ type: 'panel:scroll-to', tabId: 3, findingId: 'f2' });
    expect(parsePanelMessage({ type: 'panel:scroll-to', tabId: -1, findingId: 'f2' })).toBeUndefined();
    expect(parsePanelMessage({ type: 'panel:scroll-to', tabId: 1.5, findingId: 'f2' })).toBeUndefined();
    expect(parsePanelMessage({ type: 'panel:scroll-to', tabId: 1, findingId: 'f'.repeat(65) })).toBeUndefined();
    expect(parsePanelMessage({ type: 'panel:analyse', tabId: 1 })).toEqual({ type: 'panel:analyse', tabId: 1 });
  });

  test('the analyzer accepts only its four commands', () => {
    expect(parseBackgroundMessage({ type: 'cleanup' })).toEqual({ type: 'cleanup' });
    expect(parseBackgroundMessage({ type: 'cleanup', also: 'x' })).toBeUndefined();
    expect(parseBackgroundMessage({ type: 'scroll-to', findingId: 'f1' })).toEqual({ type: 'scroll-to', findingId: 'f1' });
    expect(parseBackgroundMessage({ type: 'gate', passed: true, url: 'u' })).toBeUndefined();
  });
});

describe('sender checks', () => {
  const page = { id: OWN, url: 'https://site.example/a', tab: { id: 7, url: 'https://site.example/a' }, frameId: 0 };

  test('content messages: our id, a tab, the top frame', () => {
    expect(isFromOurContentScript(page, OWN)).toBe(true);
    expect(isFromOurContentScript({ ...page, id: 'other-extension' }, OWN)).toBe(false);
    expect(isFromOurContentScript({ ...page, frameId: 3 }, OWN)).toBe(false);
    expect(isFromOurContentScript({ id: OWN, url: 'https://x' }, OWN)).toBe(false);
  });

  test('panel messages: our id and our own origin, even when the panel is shown in a tab', () => {
    expect(isFromOurPage({ id: OWN, url: `${RUNTIME_URL}sidepanel.html?tab=7`, tab: { id: 9 } }, OWN, RUNTIME_URL)).toBe(true);
    expect(isFromOurPage({ id: OWN, url: 'https://site.example/sidepanel.html' }, OWN, RUNTIME_URL)).toBe(false);
    expect(isFromOurPage({ id: 'x', url: `${RUNTIME_URL}sidepanel.html` }, OWN, RUNTIME_URL)).toBe(false);
    expect(isFromOurPage({ id: OWN }, OWN, RUNTIME_URL)).toBe(false);
    // Opaque origins are all "null": a lookalike host or another scheme must not pass.
    expect(isFromOurPage({ id: OWN, url: `chrome-extension://${OWN}.evil/x.html` }, OWN, RUNTIME_URL)).toBe(false);
    expect(isFromOurPage({ id: OWN, url: 'about:blank' }, OWN, RUNTIME_URL)).toBe(false);
    expect(isFromOurPage({ id: OWN, url: `data:text/html,${RUNTIME_URL}` }, OWN, RUNTIME_URL)).toBe(false);
  });

  test('in the page, only the background (no tab) is listened to', () => {
    expect(isFromOurExtension({ id: OWN }, OWN)).toBe(true);
    expect(isFromOurExtension({ id: OWN, tab: { id: 2 } }, OWN)).toBe(false);
    expect(isFromOurExtension({ id: 'evil' }, OWN)).toBe(false);
  });

  test('dropped messages are counted', () => {
    const c = new DropCounter();
    c.drop('test');
    c.drop('test');
    expect(c.count).toBe(2);
  });
});

describe('tab state read back from storage', () => {
  test('a foreign or corrupt value gives a usable state or nothing, never a crash', () => {
    expect(readTabState(1, null)).toBeUndefined();
    expect(readTabState(1, 'garbage')).toBeUndefined();
    const s = readTabState(1, { status: 'hacked', anchored: 'f0', report: { text: '<img onerror>' }, flagged: 3 })!;
    expect(s.status).toBe('idle');
    expect(s.anchored).toEqual([]);
    expect(s.report).toBeUndefined();
    expect(s.flagged).toBe(3);
  });
});
