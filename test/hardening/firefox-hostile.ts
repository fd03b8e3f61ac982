/**
 * Hostile pages in Debian's firefox-esr (headless, WebDriver BiDi), for test/e2e/hostile.e2e.ts. Runs in a
 * child Node with --experimental-websocket (see firefox-bidi.ts):
 *
 *   node --experimental-websocket --import tsx test/hardening/firefox-hostile.ts <extensionDir|none> <url>...
 *
 * Prints one JSON line per URL: the claimlight-* highlight counts and document.body.innerText, both read in
 * a BiDi sandbox (Firefox's isolated realm), so pages that override JSON or CSS cannot change them; or
 * `{url, error}` for a page that stays unresponsive, after which it stops.
 */
import { FirefoxBiDi } from '../e2e/firefox-bidi';

const READ = `(() => {
  const counts = {};
  if (globalThis.CSS && CSS.highlights) CSS.highlights.forEach((h, name) => { if (name.startsWith('claimlight-')) counts[name] = h.size; });
  return JSON.stringify({ counts, text: document.body ? document.body.innerText : '' });
})()`;

async function read(ff: FirefoxBiDi, context: string): Promise<{ counts: Record<string, number>; text: string }> {
  const result = await ff.send('script.evaluate', {
    expression: READ,
    target: { context, sandbox: 'claimlight-hostile-test' },
    awaitPromise: false,
    resultOwnership: 'none',
  });
  const value = (result.result as { value?: string } | undefined)?.value;
  return JSON.parse(value ?? '{"counts":{},"text":""}') as { counts: Record<string, number>; text: string };
}

const PAGE_BUDGET_MS = 30_000;

async function visit(ff: FirefoxBiDi, context: string, url: string, withExtension: boolean): Promise<{ counts: Record<string, number>; text: string }> {
  await ff.navigate(context, url);
  let seen = await read(ff, context);
  if (!withExtension) {
    await new Promise((r) => setTimeout(r, 1000));
    return read(ff, context);
  }
  // Settled: some highlights, unchanged for a second (or nothing after 15 s).
  let stableSince = Date.now();
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await read(ff, context);
    if (JSON.stringify(now.counts) !== JSON.stringify(seen.counts)) stableSince = Date.now();
    seen = now;
    if (Object.keys(seen.counts).length > 0 && Date.now() - stableSince > 1000) break;
  }
  return seen;
}

async function main(): Promise<void> {
  const [extDir, ...urls] = process.argv.slice(2);
  if (!extDir || !urls.length) throw new Error('usage: firefox-hostile.ts <extensionDir|none> <url>...');
  const ff = await FirefoxBiDi.launch();
  // The test kills this process with SIGTERM on its time limit: take Firefox down too, not leave it orphaned.
  process.once('SIGTERM', () => {
    void ff.close().finally(() => process.exit(1));
  });
  try {
    if (extDir !== 'none') await ff.installExtension(extDir);
    const context = await ff.firstContext();
    for (const url of urls) {
      // A page whose main thread hangs blocks every BiDi call: give each page a budget and stop there.
      let timer: NodeJS.Timeout | undefined;
      const budget = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), PAGE_BUDGET_MS)));
      const outcome = await Promise.race([visit(ff, context, url, extDir !== 'none'), budget]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        process.stdout.write(`${JSON.stringify({ url, error: `page unresponsive for ${PAGE_BUDGET_MS / 1000} s` })}\n`);
        break;
      }
      process.stdout.write(`${JSON.stringify({ url, ...outcome })}\n`);
    }
  } finally {
    await ff.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
