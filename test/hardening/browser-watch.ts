/**
 * What the hostile and corpus browser suites observe on a page, read in ways a hostile page cannot fake:
 *
 * - errors: CDP `Runtime` events, attributed by execution context — the extension's content scripts run in
 *   an isolated world whose origin is `chrome-extension://<id>`; everything else is the page's own.
 * - the page's state (highlights, text): evaluated in a fresh isolated world of our own, so a page that
 *   replaced `Array.prototype.map`, `JSON` or `CSS` in its main world cannot change what the test sees.
 * - long tasks: a PerformanceObserver installed before any page script, read back through CDP (which
 *   serialises without the page's JSON).
 * - the background's view of the tab (state, badge) from inside the service worker.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from '../e2e/harness';

export interface LongTask {
  start: number;
  duration: number;
}

export interface ExtensionScriptTime {
  sourceURL: string;
  invoker: string;
  duration: number;
}

/** Installed with `context.addInitScript` before pages load; reads nothing, writes one hidden property. */
export const PERF_OBSERVER_SCRIPT = `(() => {
  const tasks = [];
  const scripts = [];
  Object.defineProperty(window, '__claimlightTestPerf', { value: { tasks, scripts }, enumerable: false });
  try {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      for (let i = 0; i < entries.length; i++) tasks[tasks.length] = { start: entries[i].startTime, duration: entries[i].duration };
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  try {
    // Long animation frames attribute time to script URLs, extension scripts included when Chrome exposes them.
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      for (let i = 0; i < entries.length; i++) {
        const s = entries[i].scripts || [];
        for (let j = 0; j < s.length; j++)
          if (String(s[j].sourceURL).indexOf('-extension://') >= 0)
            scripts[scripts.length] = { sourceURL: String(s[j].sourceURL), invoker: String(s[j].invoker), duration: s[j].duration };
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) {}
})();`;

export interface HighlightRange {
  name: string;
  frameUrl: string;
  text: string;
  connected: boolean;
  collapsed: boolean;
  /** data-claim of the closest marked ancestor (a paragraph the fixture wrote as a claim), or null. */
  expected: string | null;
  /** Inside an element marked data-bait (what forged messages ask to highlight). */
  bait: boolean;
  /** Tag (and id) of the element the range sits in. */
  start: string;
  /** Inside an open shadow root / a <details> element. */
  inShadow: boolean;
  inDetails: boolean;
}

export interface RegistryEntry {
  name: string;
  size: number;
  texts: string[];
}

export interface PageWatch {
  cdp: CDPSession;
  /** Uncaught exceptions and console errors from the extension's contexts (content scripts). */
  extensionErrors: string[];
  /** Uncaught exceptions in the page's own contexts. */
  pageErrors: string[];
  /**
   * Browser log errors (CSP violations, failed loads, …): not tied to a JS context, so attributed by
   * comparison with a run without the extension, or by a chrome-extension:// URL in the entry.
   */
  logErrors: string[];
  /** Evaluates an expression in a private isolated world of the given frame (default: main frame). */
  isolated<T>(expression: string, frameId?: string): Promise<T>;
  /** Evaluates in the page's main world, serialised by CDP. */
  main<T>(expression: string): Promise<T>;
  frames(): Promise<{ id: string; url: string }[]>;
  longTasks(): Promise<{ tasks: LongTask[]; extensionScripts: ExtensionScriptTime[] }>;
  highlights(): Promise<{ ranges: HighlightRange[]; registry: RegistryEntry[] }>;
  /** document.body.innerText, with the text of [data-volatile] elements (changed by the page itself) blanked. */
  stableText(): Promise<string>;
  dispose(): Promise<void>;
}

interface ExecutionContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { isDefault?: boolean; type?: string; frameId?: string };
}

interface ExceptionDetails {
  text: string;
  executionContextId?: number;
  url?: string;
  exception?: { description?: string; value?: unknown };
  stackTrace?: { callFrames: { url: string; functionName: string; lineNumber: number }[] };
}

function describeException(d: ExceptionDetails): string {
  const first = d.stackTrace?.callFrames[0];
  const where = first ? ` at ${first.url}:${first.lineNumber + 1}` : d.url ? ` at ${d.url}` : '';
  return `${d.exception?.description ?? (d.exception?.value !== undefined ? String(d.exception.value) : d.text)}${where}`.slice(0, 600);
}

/** Attach before navigating, so contexts created by the navigation are seen. */
export async function watchPage(context: BrowserContext, page: Page, extensionId: string): Promise<PageWatch> {
  const cdp = await context.newCDPSession(page);
  const extensionOrigin = `chrome-extension://${extensionId}`;
  const extensionContexts = new Set<number>();
  const extensionErrors: string[] = [];
  const pageErrors: string[] = [];
  const fromExtension = (contextId: number | undefined, stackUrls: string[]) =>
    (contextId !== undefined && extensionContexts.has(contextId)) || stackUrls.some((u) => u.startsWith(extensionOrigin));

  cdp.on('Runtime.executionContextCreated', (e: { context: ExecutionContextDescription }) => {
    if (e.context.origin.startsWith(extensionOrigin)) extensionContexts.add(e.context.id);
  });
  cdp.on('Runtime.exceptionThrown', (e: { exceptionDetails: ExceptionDetails }) => {
    const d = e.exceptionDetails;
    const urls = (d.stackTrace?.callFrames ?? []).map((f) => f.url).concat(d.url ? [d.url] : []);
    (fromExtension(d.executionContextId, urls) ? extensionErrors : pageErrors).push(describeException(d));
  });
  cdp.on(
    'Runtime.consoleAPICalled',
    (e: { type: string; executionContextId: number; args: { value?: unknown; description?: string }[]; stackTrace?: ExceptionDetails['stackTrace'] }) => {
      if (e.type !== 'error' && e.type !== 'assert') return;
      const urls = (e.stackTrace?.callFrames ?? []).map((f) => f.url);
      if (!fromExtension(e.executionContextId, urls)) return;
      extensionErrors.push(`console.${e.type}: ${e.args.map((a) => a.description ?? String(a.value)).join(' ')}`.slice(0, 600));
    },
  );
  const logErrors: string[] = [];
  cdp.on('Log.entryAdded', (e: { entry: { level: string; source: string; text: string; url?: string } }) => {
    if (e.entry.level !== 'error') return;
    logErrors.push(`${e.entry.source}: ${e.entry.text}${e.entry.url ? ` (${e.entry.url})` : ''}`.slice(0, 600));
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Page.enable');
  await cdp.send('Log.enable');

  const frames = async () => {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as unknown as { frameTree: FrameTree };
    const out: { id: string; url: string }[] = [];
    const walk = (t: FrameTree) => {
      out.push({ id: t.frame.id, url: t.frame.url });
      for (const c of t.childFrames ?? []) walk(c);
    };
    walk(frameTree);
    return out;
  };

  const evaluate = async <T>(expression: string, contextId?: number): Promise<T> => {
    const result = (await cdp.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
      ...(contextId !== undefined ? { contextId } : {}),
    })) as { result: { value?: unknown }; exceptionDetails?: ExceptionDetails };
    if (result.exceptionDetails) throw new Error(`evaluation failed: ${describeException(result.exceptionDetails)}`);
    return result.result.value as T;
  };

  const isolated = async <T>(expression: string, frameId?: string): Promise<T> => {
    const id = frameId ?? (await frames())[0]?.id;
    if (!id) throw new Error('no main frame');
    const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', {
      frameId: id,
      worldName: 'claimlight-test-observer',
    })) as { executionContextId: number };
    return evaluate<T>(expression, executionContextId);
  };

  return {
    cdp,
    extensionErrors,
    pageErrors,
    logErrors,
    isolated,
    main: (expression) => evaluate(expression),
    frames,
    async longTasks() {
      const perf = await evaluate<{ tasks: LongTask[]; scripts: ExtensionScriptTime[] } | undefined>('window.__claimlightTestPerf');
      return { tasks: perf?.tasks ?? [], extensionScripts: perf?.scripts ?? [] };
    },
    async highlights() {
      const ranges: HighlightRange[] = [];
      const registry: RegistryEntry[] = [];
      const all = await frames();
      for (const frame of all) {
        type Read = { ranges: HighlightRange[]; registry: RegistryEntry[] };
        // A frame that went away, or cannot host a world (about:blank in teardown), has nothing to read.
        const result = await isolated<Read>(READ_HIGHLIGHTS, frame.id).catch((): Read => ({ ranges: [], registry: [] }));
        for (const r of result.ranges) ranges.push({ ...r, frameUrl: frame.url });
        if (frame.id === all[0]?.id) registry.push(...result.registry);
      }
      return { ranges, registry };
    },
    stableText: () => isolated<string>(STABLE_TEXT),
    async dispose() {
      await cdp.detach().catch(() => undefined);
    },
  };
}

interface FrameTree {
  frame: { id: string; url: string };
  childFrames?: FrameTree[];
}

/** Runs in our isolated world: every registered highlight and where each range sits. */
const READ_HIGHLIGHTS = `(() => {
  const ranges = [];
  const registry = [];
  if (typeof CSS === 'undefined' || !CSS.highlights) return { ranges, registry };
  for (const [name, highlight] of CSS.highlights) {
    const texts = [];
    for (const r of highlight) {
      const connected = r.startContainer.isConnected && r.endContainer.isConnected;
      let text = '';
      let node = r.startContainer;
      if (connected) {
        const live = document.createRange();
        try {
          live.setStart(r.startContainer, r.startOffset);
          live.setEnd(r.endContainer, r.endOffset);
          text = live.toString();
          node = live.commonAncestorContainer;
        } catch (e) { text = ''; }
      }
      const el = node && node.nodeType === 1 ? node : node && node.parentElement;
      const marked = el ? el.closest('[data-claim]') : null;
      texts.push(text);
      if (name.startsWith('claimlight')) ranges.push({
        name, text, connected, collapsed: r.collapsed,
        expected: marked ? marked.getAttribute('data-claim') : null,
        bait: !!(el && el.closest('[data-bait]')),
        start: el ? el.tagName + (el.id ? '#' + el.id : '') : '(none)',
        inShadow: !!(el && el.getRootNode() !== document),
        inDetails: !!(el && el.closest('details')),
        frameUrl: '',
      });
    }
    registry.push({ name, size: highlight.size, texts });
  }
  return { ranges, registry };
})()`;

const STABLE_TEXT = `(() => {
  let text = document.body ? document.body.innerText : '';
  for (const el of document.querySelectorAll('[data-volatile]')) {
    const volatile = el.innerText;
    if (volatile) text = text.split(volatile).join('<volatile>');
  }
  return text;
})()`;

export interface TabView {
  tabId: number;
  state: Record<string, unknown> | undefined;
  badge: string;
}

/** The background's state for the tab showing `url`, and its badge, read inside the service worker. */
export async function tabView(browser: ExtensionBrowser, url: string): Promise<TabView | undefined> {
  return browser.serviceWorker.evaluate(async (pageUrl) => {
    const { chrome } = globalThis as unknown as {
      chrome: {
        tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
        storage: { session: { get(k: string): Promise<Record<string, unknown>> } };
        action: { getBadgeText(d: { tabId: number }): Promise<string> };
      };
    };
    const tabs = await chrome.tabs.query({});
    // Exact URL first; else the same path (a page that rewrites its query or hash with pushState).
    const path = (u: string | undefined) => (u ?? '').split(/[?#]/)[0];
    const tab = tabs.find((t) => t.url === pageUrl) ?? tabs.find((t) => path(t.url) === path(pageUrl));
    if (tab?.id === undefined) return undefined;
    const key = `tab:${tab.id}`;
    const state = (await chrome.storage.session.get(key))[key] as Record<string, unknown> | undefined;
    return { tabId: tab.id, state, badge: await chrome.action.getBadgeText({ tabId: tab.id }) };
  }, url);
}

const TERMINAL = new Set(['done', 'error', 'not-health', 'disabled']);

/**
 * Waits until the background reports the tab's analysis finished (or the gate said no); returns the last
 * view and how long it took. Does not throw on timeout: the caller asserts on the status.
 */
export async function waitForAnalysis(
  browser: ExtensionBrowser,
  url: string,
  timeoutMs: number,
): Promise<{ view: TabView | undefined; ms: number; timedOut: boolean }> {
  const started = Date.now();
  let view: TabView | undefined;
  while (Date.now() - started < timeoutMs) {
    view = await tabView(browser, url);
    const status = view?.state?.status;
    if (typeof status === 'string' && TERMINAL.has(status)) return { view, ms: Date.now() - started, timedOut: false };
    await new Promise((r) => setTimeout(r, 100));
  }
  return { view, ms: Date.now() - started, timedOut: true };
}

/**
 * Collects service-worker errors: console errors, uncaught exceptions and unhandled rejections. Listeners
 * registered from outside run after startup, so errors before the first test are caught by console only.
 */
export async function watchServiceWorker(browser: ExtensionBrowser): Promise<{ errors: () => Promise<string[]> }> {
  const consoleErrors: string[] = [];
  browser.serviceWorker.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`console.error: ${msg.text()}`.slice(0, 600));
  });
  await browser.serviceWorker.evaluate(() => {
    const g = globalThis as unknown as { __claimlightTestErrors?: string[] } & typeof globalThis;
    if (g.__claimlightTestErrors) return;
    const errors: string[] = [];
    g.__claimlightTestErrors = errors;
    g.addEventListener('error', (e) => errors.push(`uncaught: ${String((e as ErrorEvent).message)}`));
    g.addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${String((e as PromiseRejectionEvent).reason)}`));
  });
  return {
    async errors() {
      const caught = await browser.serviceWorker.evaluate(
        () => (globalThis as unknown as { __claimlightTestErrors?: string[] }).__claimlightTestErrors ?? [],
      );
      return [...consoleErrors, ...caught];
    },
  };
}

/**
 * Counts, per tab, the analyses the background recorded: every change of the stored report (the analyzer
 * sends one per analysis, first or re-analysis, each with its own timings).
 */
export async function countAnalyses(browser: ExtensionBrowser): Promise<(tabId: number) => Promise<number>> {
  await browser.serviceWorker.evaluate(() => {
    const g = globalThis as unknown as {
      __claimlightTestAnalyses?: Record<string, number>;
      chrome: { storage: { session: { onChanged: { addListener(cb: (changes: Record<string, { newValue?: unknown; oldValue?: unknown }>) => void): void } } } };
    };
    if (g.__claimlightTestAnalyses) return;
    const counts: Record<string, number> = {};
    g.__claimlightTestAnalyses = counts;
    const timings = (v: unknown) => JSON.stringify((v as { report?: { timings?: unknown } } | undefined)?.report?.timings ?? null);
    g.chrome.storage.session.onChanged.addListener((changes) => {
      for (const [key, change] of Object.entries(changes)) {
        const now = timings(change.newValue);
        if (now !== 'null' && now !== timings(change.oldValue)) counts[key] = (counts[key] ?? 0) + 1;
      }
    });
  });
  return (tabId) =>
    browser.serviceWorker.evaluate(
      (key) => (globalThis as unknown as { __claimlightTestAnalyses?: Record<string, number> }).__claimlightTestAnalyses?.[key] ?? 0,
      `tab:${tabId}`,
    );
}

export interface TraceTask {
  /** ms since the trace started */
  start: number;
  duration: number;
  /** ms of JavaScript in the task that is not the page's own (no http(s) script URL): the extension's. */
  extensionJs: number;
  /** ms of the page's own JavaScript in the task. */
  pageJs: number;
  /** The longest JS entry in the task: event name, script URL (empty for hidden extension code), ms. */
  top: string;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string; frame?: string }; beginData?: { frame?: string }; name?: string };
}

const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
const JS_EVENTS = new Set(['FunctionCall', 'EvaluateScript', 'v8.compile', 'RunMicrotasks']);

/**
 * Traces the page's renderer main thread (CDP Tracing on the page's session) and returns its tasks with
 * how much of each was the extension's JavaScript. Chrome does not attribute extension scripts in
 * long-task or long-animation-frame entries, but its trace names the script of every JS entry point: the
 * page's have its http(s) URL, content scripts have chrome-extension:// or an empty URL.
 *
 * The caller must not evaluate anything in the page while tracing (that would count as foreign JS).
 */
export async function startMainThreadTrace(watch: PageWatch): Promise<() => Promise<TraceTask[]>> {
  // Trace events are loosely typed in Playwright's protocol types; this is the shape Chrome sends.
  const cdp = watch.cdp as unknown as {
    on(event: string, cb: (e: { value: TraceEvent[] }) => void): void;
    off(event: string, cb: (e: { value: TraceEvent[] }) => void): void;
    once(event: string, cb: () => void): void;
    send(method: string, params?: object): Promise<unknown>;
  };
  const events: TraceEvent[] = [];
  const onData = (e: { value: TraceEvent[] }) => {
    for (const ev of e.value) if (ev.ph === 'X' || ev.name === 'thread_name') events.push(ev);
  };
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline', 'v8.execute', '__metadata'], excludedCategories: ['*'] },
  });
  return async () => {
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    const frameIds = new Set((await watch.frames()).map((f) => f.id));
    const pids = new Set(
      events.filter((e) => frameIds.has(e.args?.data?.frame ?? '') || frameIds.has(e.args?.beginData?.frame ?? '')).map((e) => e.pid),
    );
    // Renderer main threads: tid === pid on Linux, named CrRendererMain.
    const onMain = events.filter((e) => pids.has(e.pid) && e.tid === e.pid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
    const t0 = events.reduce((m, e) => (e.ts > 0 && e.ts < m ? e.ts : m), Number.POSITIVE_INFINITY);
    const tasks: TraceTask[] = [];
    let i = 0;
    while (i < onMain.length) {
      const task = onMain[i] as TraceEvent;
      i++;
      if (!TASK_EVENTS.has(task.name) || !task.dur) continue;
      const end = task.ts + task.dur;
      let extensionJs = 0;
      let pageJs = 0;
      let microtasks = 0;
      let jsUntil = -1;
      let top: TraceEvent | undefined;
      while (i < onMain.length && (onMain[i] as TraceEvent).ts < end) {
        const e = onMain[i] as TraceEvent;
        i++;
        // Only outermost JS entries count; nested calls are inside their parent's duration.
        if (!JS_EVENTS.has(e.name) || e.ts < jsUntil) continue;
        jsUntil = e.ts + (e.dur ?? 0);
        if ((e.dur ?? 0) > (top?.dur ?? 0)) top = e;
        const url = e.args?.data?.url ?? '';
        if (e.name === 'RunMicrotasks') microtasks += (e.dur ?? 0) / 1000;
        else if (/^https?:/.test(url)) pageJs += (e.dur ?? 0) / 1000;
        else extensionJs += (e.dur ?? 0) / 1000;
      }
      // Microtasks carry no script URL (an async function resuming after await is one): they belong to the
      // page when its own code ran in the task, otherwise to the extension (the hostile fixtures use no promises).
      if (pageJs > 0) pageJs += microtasks;
      else extensionJs += microtasks;
      const where = top ? `${top.name} ${(top.args?.data?.url ?? '').replace(/^chrome-extension:\/\/[a-p]+/, '')} ${Math.round((top.dur ?? 0) / 1000)} ms` : '';
      tasks.push({ start: (task.ts - t0) / 1000, duration: task.dur / 1000, extensionJs, pageJs, top: where.trim() });
    }
    return tasks;
  };
}

/** A task is the extension's when most of it is the extension's JavaScript (forced layout included). */
export function extensionTasks(tasks: TraceTask[]): TraceTask[] {
  return tasks.filter((t) => t.extensionJs > t.duration / 2);
}
