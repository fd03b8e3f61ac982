/**
 * A minimal WebDriver BiDi client for Debian's firefox-esr: starts it headless
 * on a throwaway profile, installs the built extension temporarily
 * (`webExtension.install`), loads a page and evaluates expressions in it.
 *
 * Needs a global WebSocket: Node 22+, or Node 20 with `--experimental-websocket`
 * (firefox.e2e.ts runs this file in such a child process). No extra package.
 *
 * Run as a script: `node --experimental-websocket --import tsx firefox-bidi.ts <extDir> <pageUrl> <screenshot.png>`
 * prints one JSON line with the highlight counts seen on the page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const firefoxPath = process.env.CLAIMLIGHT_FIREFOX ?? '/usr/bin/firefox-esr';

// Keep Firefox's own traffic inside the machine: everything but loopback goes to a dead proxy.
const PREFS: Record<string, string | number | boolean> = {
  'xpinstall.signatures.required': false,
  'extensions.autoDisableScopes': 0,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'app.update.disabledForTesting': true,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.allow_hijacking_localhost': false,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'remote.prefs.recommended': true,
};

interface BiDiResponse {
  id?: number;
  type?: string;
  result?: Record<string, unknown>;
  error?: string;
  message?: string;
}

export class FirefoxBiDi {
  private ws!: WebSocket;
  private nextId = 1;
  private pending = new Map<number, { resolve(v: Record<string, unknown>): void; reject(e: Error): void }>();

  private constructor(
    private readonly proc: ChildProcess,
    private readonly profile: string,
  ) {}

  static async launch(timeoutMs = 60_000): Promise<FirefoxBiDi> {
    const profile = mkdtempSync(join(tmpdir(), 'claimlight-ff-'));
    writeFileSync(
      join(profile, 'user.js'),
      Object.entries(PREFS)
        .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
        .join('\n'),
    );
    const proc = spawn(firefoxPath, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
    });
    const self = new FirefoxBiDi(proc, profile);
    const url = await new Promise<string>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => reject(new Error(`Firefox did not start BiDi in time:\n${log.slice(-2000)}`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        log += chunk.toString();
        const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      proc.stderr?.on('data', onData);
      proc.stdout?.on('data', onData);
      proc.on('exit', (code) => reject(new Error(`Firefox exited (${code}):\n${log.slice(-2000)}`)));
    });
    self.ws = new WebSocket(`${url.replace(/\/$/, '')}/session`);
    await new Promise<void>((resolve, reject) => {
      self.ws.addEventListener('open', () => resolve());
      self.ws.addEventListener('error', () => reject(new Error('BiDi websocket failed')));
    });
    self.ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as BiDiResponse;
      if (msg.id === undefined) return;
      const p = self.pending.get(msg.id);
      if (!p) return;
      self.pending.delete(msg.id);
      if (msg.type === 'error') p.reject(new Error(`${msg.error}: ${msg.message}`));
      else p.resolve(msg.result ?? {});
    });
    await self.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
    return self;
  }

  send(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async installExtension(dir: string): Promise<string> {
    const result = await this.send('webExtension.install', { extensionData: { type: 'path', path: resolve(dir) } });
    return String(result.extension);
  }

  async firstContext(): Promise<string> {
    const tree = await this.send('browsingContext.getTree', {});
    const contexts = tree.contexts as { context: string }[];
    if (!contexts[0]) throw new Error('no browsing context');
    return contexts[0].context;
  }

  async navigate(context: string, url: string): Promise<void> {
    await this.send('browsingContext.navigate', { context, url, wait: 'complete' });
  }

  /** Evaluates a JSON-returning expression in the page's main world. */
  async evaluate<T>(context: string, expression: string): Promise<T> {
    const result = await this.send('script.evaluate', {
      expression: `JSON.stringify((() => { ${expression} })())`,
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    const value = (result.result as { type: string; value?: string } | undefined)?.value;
    return JSON.parse(value ?? 'null') as T;
  }

  async screenshot(context: string, path: string): Promise<void> {
    const result = await this.send('browsingContext.captureScreenshot', { context });
    writeFileSync(path, Buffer.from(String(result.data), 'base64'));
  }

  async close(): Promise<void> {
    try {
      await Promise.race([this.send('browser.close', {}), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      // already gone
    }
    this.ws.close();
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(this.profile, { recursive: true, force: true });
  }
}

const HIGHLIGHT_COUNTS = `
  const out = {};
  if (!globalThis.CSS || !CSS.highlights) return { unsupported: true };
  CSS.highlights.forEach((h, name) => { if (name.startsWith('claimlight-')) out[name] = h.size; });
  return out;
`;

/** Moves the pointer onto the first flagged highlight; returns the tooltip's text ('' if none showed). */
async function hoverFirstHighlight(ff: FirefoxBiDi, context: string): Promise<string> {
  const point = await ff.evaluate<{ x: number; y: number } | null>(
    context,
    `
    for (const name of ['claimlight-dubious', 'claimlight-marketing', 'claimlight-nuance']) {
      const h = CSS.highlights.get(name);
      const range = h && [...h][0];
      if (!range) continue;
      window.scrollTo(0, Math.max(0, range.getBoundingClientRect().top + scrollY - 160));
      const r = range.getClientRects()[0];
      if (r) return { x: Math.round(r.left + Math.min(r.width / 2, 20)), y: Math.round(r.top + r.height / 2) };
    }
    return null;
  `,
  );
  if (!point) return '';
  await ff.send('input.performActions', {
    context,
    actions: [{ type: 'pointer', id: 'mouse', actions: [{ type: 'pointerMove', x: point.x, y: point.y, duration: 50 }] }],
  });
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    const text = await ff.evaluate<string>(
      context,
      `const tip = document.querySelector('claimlight-tooltip')?.shadowRoot?.querySelector('.tip');
       return tip && !tip.hidden ? tip.textContent : '';`,
    );
    if (text) return text;
    await new Promise((r) => setTimeout(r, 150));
  }
  return '';
}

/** Script mode: load the page, wait for highlights to settle, print what was drawn. */
async function main(): Promise<void> {
  const [extDir, pageUrl, shot] = process.argv.slice(2);
  if (!extDir || !pageUrl) throw new Error('usage: firefox-bidi.ts <extensionDir> <pageUrl> [screenshot.png]');
  const ff = await FirefoxBiDi.launch();
  try {
    const extension = await ff.installExtension(extDir);
    const context = await ff.firstContext();
    await ff.navigate(context, pageUrl);
    let counts: Record<string, number> = {};
    let stableSince = 0;
    let previous = '';
    const until = Date.now() + 30_000;
    // Settled: some highlights, unchanged for a second.
    while (Date.now() < until) {
      counts = await ff.evaluate<Record<string, number>>(context, HIGHLIGHT_COUNTS);
      const key = JSON.stringify(counts);
      if (key !== previous) {
        previous = key;
        stableSince = Date.now();
      } else if (Object.keys(counts).length > 0 && Date.now() - stableSince > 1000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const innerText = await ff.evaluate<string>(context, 'return document.body.innerText;');
    const tooltip = await hoverFirstHighlight(ff, context);
    if (shot) await ff.screenshot(context, shot);
    process.stdout.write(`${JSON.stringify({ extension, counts, innerTextLength: innerText.length, tooltip })}\n`);
  } finally {
    await ff.close();
  }
}

if (process.argv[1] && /firefox-bidi\.ts$/.test(process.argv[1])) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
