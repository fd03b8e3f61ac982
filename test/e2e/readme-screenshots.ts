/**
 * npm run screenshots — runs the browser tests that take the README's screenshots
 * (test/artifacts/screenshots, ignored) and copies the ones the README shows into
 * test/e2e/screenshots (committed), so the README always shows what the tests saw.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const from = join(repo, 'test/artifacts/screenshots');
const to = join(repo, 'test/e2e/screenshots');
const SHOWN = ['page-tooltip.png', 'sidepanel.png', 'sidepanel-dark.png', 'sidepanel-zh.png', 'options.png'];

execFileSync('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', 'test/e2e/page.e2e.ts', 'test/e2e/sidepanel.e2e.ts', 'test/e2e/options.e2e.ts'], {
  cwd: repo,
  stdio: 'inherit',
});
mkdirSync(to, { recursive: true });
const missing = SHOWN.filter((name) => !existsSync(join(from, name)));
if (missing.length) {
  console.error(`✗ the browser tests did not produce: ${missing.join(', ')} (is ../shared present and Chromium installed?)`);
  process.exit(1);
}
for (const name of SHOWN) copyFileSync(join(from, name), join(to, name));
console.log(`✓ copied ${SHOWN.length} screenshots to test/e2e/screenshots`);
