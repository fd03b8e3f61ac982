/**
 * Browser-test harness: serves pages from 127.0.0.1, launches Debian's Chromium with the built
 * extension loaded, and finds the extension id from its service worker.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { KNOWLEDGE_PATH } from '../../utils/cli/node-knowledge';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const sharedDir = resolve(repoRoot, '../shared');
export const hasShared = existsSync(join(sharedDir, 'seeds', 'html'));
/** CLAIMLIGHT_CHROME_BUILD / CLAIMLIGHT_FIREFOX_BUILD: test a build copied elsewhere (a shared tree rebuilds .output). */
export const chromeBuildDir = process.env.CLAIMLIGHT_CHROME_BUILD ?? join(repoRoot, '.output', 'chrome-mv3');
export const firefoxBuildDir = process.env.CLAIMLIGHT_FIREFOX_BUILD ?? join(repoRoot, '.output', 'firefox-mv2');
export const artifactsDir = join(repoRoot, 'test', 'artifacts');
export const chromiumPath = process.env.CLAIMLIGHT_CHROMIUM ?? '/usr/bin/chromium';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** URL prefix -> directory on disk. */
export type Mounts = Record<string, string>;

export const defaultMounts: Mounts = {
  '/seeds/': join(sharedDir, 'seeds', 'html'),
  '/corpus/': join(sharedDir, 'corpus', 'web-pages'),
  '/fixtures/': join(repoRoot, 'test', 'fixtures'),
};

export interface PageServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

/** A static file server on an ephemeral loopback port; it never serves outside its mounts. */
export async function startPageServer(mounts: Mounts = defaultMounts): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const mount = Object.keys(mounts).find((prefix) => path.startsWith(prefix));
    const root = mount ? mounts[mount] : undefined;
    const file = mount && root ? normalize(join(root, path.slice(mount.length))) : undefined;
    if (!root || !file || !(file === root || file.startsWith(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => origin + path,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** Requests to anything but the test server and the extension itself, as seen by the browser. */
  outsideRequests: string[];
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Load the extension (default true); false gives the same browser without it, for comparisons. */
  withExtension?: boolean;
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** Load the extension from here instead of .output/chrome-mv3 (e.g. a deliberately broken copy). */
  buildDir?: string;
}

/** Chromium with the built extension; requests leaving 127.0.0.1 are blocked and recorded. */
export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const withExtension = options.withExtension ?? true;
  const buildDir = options.buildDir ?? chromeBuildDir;
  if (withExtension && !existsSync(join(buildDir, 'manifest.json'))) {
    throw new Error(`No Chrome build at ${buildDir}: run "npm run build" first.`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'claimlight-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: false,
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      ...(withExtension ? [`--disable-extensions-except=${buildDir}`, `--load-extension=${buildDir}`] : []),
    ],
    ignoreDefaultArgs: withExtension ? ['--disable-extensions'] : [],
  });
  const outsideRequests: string[] = [];
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname) && !url.protocol.startsWith('chrome'),
    async (route) => {
      outsideRequests.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  let serviceWorker: Worker | undefined;
  let extensionId = '';
  if (withExtension) {
    serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    serviceWorker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
    extensionId = new URL(serviceWorker.url()).host;
  }
  return {
    context,
    extensionId,
    get serviceWorker() {
      if (!serviceWorker) throw new Error('launched without the extension');
      return serviceWorker;
    },
    outsideRequests,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A private copy of the Chrome build: a rebuild in the shared tree during a run cannot pull files from under
 * the browser. Remove it after use.
 */
export function snapshotBuild(name = 'build'): string {
  const dir = mkdtempSync(join(tmpdir(), `claimlight-${name}-`));
  cpSync(chromeBuildDir, dir, { recursive: true });
  return dir;
}

/**
 * A copy of the Chrome build that hands the analyzer a knowledge artifact failing validation
 * (an unsupported version), for the "knowledge failed to load" behaviour. Remove it after use.
 */
export async function brokenKnowledgeBuild(): Promise<string> {
  const dir = snapshotBuild('broken');
  // The background hands the knowledge text to the analyzer; it is a string literal in background.js.
  const background = join(dir, 'background.js');
  const code = readFileSync(background, 'utf8');
  const marker = '{"version":1,"hash":';
  if (!code.includes(marker)) throw new Error('knowledge text not found in background.js: update brokenKnowledgeBuild');
  writeFileSync(background, code.replace(marker, '{"version":99,"hash":'));
  return dir;
}

export function extensionUrl(browser: ExtensionBrowser, path: string): string {
  return `chrome-extension://${browser.extensionId}/${path.replace(/^\//, '')}`;
}

/** Saves a screenshot under test/artifacts/screenshots (ignored by git) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(artifactsDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export function skipReason(): string | undefined {
  if (!existsSync(chromiumPath)) return `skipped: no Chromium at ${chromiumPath} (set CLAIMLIGHT_CHROMIUM)`;
  return undefined;
}

/**
 * Why a browser suite cannot run here (no Chromium; optionally no ../shared seed pages or no compiled knowledge),
 * printed once as the suite's one-line skip reason; undefined when it can run.
 */
export function suiteSkipReason(needs: { shared?: boolean; knowledge?: boolean } = {}): string | undefined {
  const reason =
    skipReason() ??
    (needs.shared && !hasShared ? 'skipped: ../shared/seeds/html is missing' : undefined) ??
    (needs.knowledge && !existsSync(KNOWLEDGE_PATH) ? 'skipped: knowledge not built (npm run knowledge)' : undefined);
  if (reason) console.info(reason);
  return reason;
}

// ---- extension state, read from inside the service worker -----------------------------------------

/** Minimal view of the background's per-tab state (utils/runtime/tab-state.ts). */
export interface TabStateView {
  tabId: number;
  url: string;
  gatePassed?: boolean;
  status: string;
  error?: string;
  flagged: number;
  anchored: string[];
  unanchored: string[];
  focus?: { findingId: string; at: number };
  updatedAt: number;
  selection?: { text: string; at: number };
  report?: {
    knowledgeHash: string;
    findings: { id: string; class: string; claim: string; sentence: string }[];
    claims: Record<string, { explanation: { en: string; zh: string } }>;
  };
}

export async function tabStates(browser: ExtensionBrowser): Promise<TabStateView[]> {
  return browser.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { session: { get(keys: null): Promise<Record<string, unknown>> } } };
    };
    const all = await chrome.storage.session.get(null);
    return Object.entries(all)
      .filter(([k]) => k.startsWith('tab:'))
      .map(([, v]) => v) as TabStateView[];
  });
}

/** The state of the tab showing `url`, once `ready` says it is settled. */
export async function waitForTabState(
  browser: ExtensionBrowser,
  url: string,
  ready: (s: TabStateView) => boolean = (s) => s.status === 'done',
  timeoutMs = 30_000,
): Promise<TabStateView> {
  const until = Date.now() + timeoutMs;
  let last: TabStateView | undefined;
  while (Date.now() < until) {
    last = (await tabStates(browser)).find((s) => s.url === url);
    if (last && ready(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`tab state for ${url} not ready; last: ${JSON.stringify(last)?.slice(0, 400)}`);
}

export async function badgeText(browser: ExtensionBrowser, tabId: number): Promise<string> {
  return browser.serviceWorker.evaluate(async (id) => {
    const { chrome } = globalThis as unknown as { chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string> } } };
    return chrome.action.getBadgeText({ tabId: id });
  }, tabId);
}

/** Merges `patch` into the stored settings (as the options page would). */
export async function patchSettings(browser: ExtensionBrowser, patch: Record<string, unknown>): Promise<void> {
  await browser.serviceWorker.evaluate(async (p) => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>>; set(v: object): Promise<void> } } };
    };
    const current = ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
    await chrome.storage.local.set({
      settings: {
        autoAnalyse: true,
        disabledSites: [],
        highlightClasses: { dubious: true, nuance: true, marketing: true, agrees: false },
        uiLanguage: 'auto',
        ...current,
        ...p,
      },
    });
  }, patch);
}

/** Resolves when the page's main thread has been idle (pending tasks, including the extension's, have run). */
export async function pageIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: object) => void }).requestIdleCallback;
        if (idle) idle(() => idle(() => resolve(), { timeout: 2000 }), { timeout: 2000 });
        else setTimeout(resolve, 200);
      }),
  );
}

/** Number of ranges in each registered Claimlight highlight on the page (read from the page itself). */
export async function highlightCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    const registry = (CSS as unknown as { highlights: Map<string, { size: number }> }).highlights;
    registry.forEach((h, name) => {
      if (name.startsWith('claimlight-')) out[name] = h.size;
    });
    return out;
  });
}
