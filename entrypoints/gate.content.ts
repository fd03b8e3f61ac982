import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import gate from '../knowledge/generated/gate.json';
import { passesGate } from '../utils/engine/gate';
import type { GateMessage } from '../utils/runtime/messages';

/**
 * Runs on every page, so it only decides whether the page is about a covered
 * topic (a bounded text sample, a few regex tests) and tells the background,
 * which injects the analysis bundle. Pages that fail are watched cheaply for a
 * while: articles loaded late and SPA routes can bring the topic in later.
 */
const RECHECK_MS = 700;
const WATCH_FOR_MS = 60_000;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    const send = (passed: boolean) => {
      const message: GateMessage = { type: 'gate', passed, url: location.href };
      void browser.runtime.sendMessage(message).catch(() => undefined);
    };
    const check = () => {
      try {
        return passesGate(document, gate);
      } catch {
        return false; // a hostile page can break DOM APIs; never throw into it
      }
    };
    if (check()) {
      send(true);
      return;
    }
    send(false);

    let started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver(() => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (check()) pass();
        else if (Date.now() - started > WATCH_FOR_MS) {
          observer.disconnect();
        }
      }, RECHECK_MS);
    });
    const watch = () => observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    watch();
    // An SPA route change (Navigation API, where there is one) opens a new watch window.
    const navigation = (globalThis as { navigation?: EventTarget }).navigation;
    const onNavigate = () => {
      if (check()) return pass();
      started = Date.now();
      watch();
    };
    navigation?.addEventListener('navigatesuccess', onNavigate);
    function pass() {
      observer.disconnect();
      navigation?.removeEventListener('navigatesuccess', onNavigate);
      send(true);
    }
  },
});
