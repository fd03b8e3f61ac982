import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';

/**
 * Extension pages (background, side panel, options) only ever run our own bundled code and read our own
 * bundled files: no remote script, no eval, no plugins, no network. `connect-src 'self'` makes "nothing
 * leaves the browser" a property the browser enforces rather than a promise. Dev mode (`wxt` serve) needs
 * the Vite dev server, so there WXT's own relaxed policy applies.
 */
const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "connect-src 'self'",
  "img-src 'self' data:",
  // Only the built stylesheets: the UI styles through files and CSSOM (Preact style props), never inline
  // <style> or style="" (checked by test/e2e/hostile.e2e.ts, which fails on any CSP violation).
  "style-src 'self'",
].join('; ');

/**
 * Chrome refuses to load a content script whose bytes it does not take for UTF-8 ("not UTF-8 encoded"), and
 * the knowledge is Chinese. Rolldown's `charset: 'ascii'` escapes non-ASCII in code; this check fails the
 * build if anything slipped through (a tagged template's raw text, for instance) instead of shipping it.
 */
function assertAsciiBundles(): Plugin {
  return {
    name: 'claimlight:assert-ascii',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const at = chunk.code.search(/[^\t\n\r\x20-\x7e]/);
        if (at >= 0) {
          const around = JSON.stringify(chunk.code.slice(Math.max(0, at - 40), at + 20));
          this.error(`${file} contains a non-ASCII character at offset ${at}: ${around}`);
        }
      }
    },
  };
}

// See README "Permissions" for why each one is needed.
export default defineConfig({
  // The product guide fixes the stack: webextension-polyfill through this module, `browser` only from
  // wxt/browser. It costs ~10 KB of the every-page gate script (content-scripts/gate.js, ~18 KB in all,
  // reported by `npm run bench`).
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports keep the analysis core runnable in Node (CLI, tests, benchmarks).
  imports: false,
  // Also escapes the Unicode non-characters some libraries embed (WXT issue 353).
  experimental: { escapeUnicode: true },
  vite: () => ({
    build: { rolldownOptions: { output: { charset: 'ascii' } } },
    plugins: [assertAsciiBundles()],
  }),
  hooks: {
    // The gate runs on every page the user opens and only sends one message, whose promise form MV3 Chrome and
    // Firefox both provide natively. The polyfill (~10 KB) would be most of that script, so this one bundle
    // resolves `wxt/browser` to WXT's own thin `browser` (globalThis.browser ?? chrome); every other entry point
    // keeps webextension-polyfill through the module above.
    'vite:build:extendConfig'(entrypoints, config) {
      if (entrypoints.length !== 1 || entrypoints[0]?.name !== 'gate') return;
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) {
        config.resolve!.alias = alias.filter((a: { find: unknown }) => a.find !== 'wxt/browser');
      } else if (alias && typeof alias === 'object') {
        delete (alias as Record<string, string>)['wxt/browser'];
      }
    },
  },
  manifest: ({ browser, command }) => ({
    name: 'Claimlight',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // storage: settings + per-tab results; scripting: inject the analyser only into pages the gate passed;
    // contextMenus: "Check with Claimlight" on a selection; sidePanel: the Chrome side panel.
    permissions: ['storage', 'scripting', 'contextMenus', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // executeScript into a page without a user gesture needs host access; activeTab would only allow
    // analysis after a click on the toolbar button, which defeats annotating pages as they are read.
    host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: 'Claimlight' },
    // WXT turns this into the MV2 string form for Firefox.
    ...(command === 'build' ? { content_security_policy: { extension_pages: EXTENSION_PAGES_CSP } } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'claimlight@claimlight.app',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : // storage.session (102), CSS custom highlights (105), sidePanel.setPanelBehavior (116).
        { minimum_chrome_version: '116' }),
  }),
});
