import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { FLAG_CLASSES } from '../utils/engine/types';
import {
  DropCounter,
  isFromOurContentScript,
  isFromOurPage,
  parseContentMessage,
  parsePanelMessage,
  type BackgroundToContent,
  type ContentToBackground,
  type PanelToBackground,
  type SenderLike,
} from '../utils/runtime/messages';
import { PAGE_CSS } from '../utils/runtime/highlight-style';
import { getSettings, isSiteDisabledIn, watchSettings, type Settings } from '../utils/settings';
import { emptyTabState, getTabState, removeTabState, setTabState, type TabState } from '../utils/runtime/tab-state';

// The knowledge travels to the page as data (executeScript args), not as part of the analyzer's source:
// compiling a megabyte of string literal on the page's main thread was the longest task we caused.
// The page build: the same knowledge without the search index (the analyzer never searches).
import knowledgeText from '../knowledge/generated/page-knowledge.json?raw';

const MENU_ID = 'claimlight-check-selection';
const ANALYZER = '/analyzer.js';

interface ChromeSidePanel {
  setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void>;
  open(o: { tabId?: number; windowId?: number }): Promise<void>;
}
interface FirefoxSidebar {
  open(): Promise<void>;
  toggle?(): Promise<void>;
}
interface BadgeApi {
  setBadgeText(d: { tabId?: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(d: { tabId?: number; color: string }): Promise<void>;
}

const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
const firefoxSidebar = (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;
// MV3 has `action`, Firefox MV2 `browserAction`.
const badgeApi = ((browser as unknown as { action?: BadgeApi }).action ??
  (browser as unknown as { browserAction?: BadgeApi }).browserAction) as BadgeApi | undefined;

const dropped = new DropCounter();

/** Serialises read-modify-write of one tab's state (messages and tab events interleave). */
const queues = new Map<number, Promise<unknown>>();
function updateTab(tabId: number, url: string, change: (state: TabState) => TabState | undefined): Promise<void> {
  const run = async () => {
    const current = (await getTabState(tabId)) ?? emptyTabState(tabId, url);
    const next = change(current);
    if (next) {
      await setTabState(next);
      await showBadge(next);
    }
  };
  const previous = queues.get(tabId) ?? Promise.resolve();
  const done = previous.then(run, run).catch((e: unknown) => console.warn('[Claimlight] tab state update failed', e));
  queues.set(tabId, done);
  return done.finally(() => {
    if (queues.get(tabId) === done) queues.delete(tabId);
  });
}

async function showBadge(state: TabState): Promise<void> {
  if (!badgeApi) return;
  // Nothing on pages without health content, disabled pages, or before the analysis finished.
  const onTopic = (state.report?.topics.length ?? 0) > 0;
  const text = state.status === 'done' && onTopic ? String(state.flagged) : '';
  try {
    await badgeApi.setBadgeText({ tabId: state.tabId, text });
    if (text) await badgeApi.setBadgeBackgroundColor({ tabId: state.tabId, color: state.flagged > 0 ? '#b3261e' : '#2e7d32' });
  } catch {
    // the tab was closed in the meantime
  }
}

function allowed(settings: Settings, url: string): TabState['disabledReason'] | true {
  if (isSiteDisabledIn(settings, url)) return 'site';
  if (!settings.autoAnalyse) return 'auto-off';
  return true;
}

async function removePageCss(tabId: number): Promise<void> {
  await browser.scripting.removeCSS({ target: { tabId, frameIds: [0] }, css: PAGE_CSS, origin: 'USER' }).catch(() => undefined);
}

async function inject(tabId: number): Promise<boolean> {
  try {
    // Removing first keeps re-injection (re-enabled site) from stacking copies of the sheet.
    await removePageCss(tabId);
    await browser.scripting.insertCSS({ target: { tabId, frameIds: [0] }, css: PAGE_CSS, origin: 'USER' });
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [0] },
      func: (text: string) => {
        (globalThis as { __claimlightKnowledgeText?: string }).__claimlightKnowledgeText = text;
      },
      args: [knowledgeText],
    });
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [ANALYZER] });
    return true;
  } catch (e) {
    // The tab navigated away, or the page cannot be scripted (e.g. the Web Store).
    await updateTab(tabId, '', (s) => ({ ...s, status: 'error', error: `could not start the analysis: ${String(e)}` }));
    return false;
  }
}

/** True when an analyzer in the tab's top frame received it. */
async function toContent(tabId: number, message: BackgroundToContent): Promise<boolean> {
  try {
    return (await browser.tabs.sendMessage(tabId, message, { frameId: 0 })) === true;
  } catch {
    return false; // no analyzer in that tab (not injected, or the page navigated)
  }
}

async function startAnalysis(tabId: number, url: string, force = false): Promise<void> {
  const settings = await getSettings();
  const verdict = force && !isSiteDisabledIn(settings, url) ? true : allowed(settings, url);
  if (verdict !== true) {
    await updateTab(tabId, url, (s) => ({ ...s, status: 'disabled', disabledReason: verdict }));
    return;
  }
  await updateTab(tabId, url, (s) => {
    const { disabledReason: _r, error: _e, ...rest } = s;
    return { ...rest, status: 'analysing' };
  });
  await inject(tabId);
}

async function onContentMessage(message: ContentToBackground, tabId: number, tabUrl: string): Promise<void> {
  switch (message.type) {
    case 'gate': {
      // One gate message per document (or a second one when a late article brings the topic in).
      await updateTab(tabId, message.url, (s) => {
        const fresh = emptyTabState(tabId, message.url);
        if (s.selection) fresh.selection = s.selection;
        return { ...fresh, gatePassed: message.passed, status: message.passed ? 'analysing' : 'not-health' };
      });
      if (message.passed) await startAnalysis(tabId, message.url);
      return;
    }
    case 'status':
      await updateTab(tabId, message.url, (s) => {
        if (s.status === 'disabled') return undefined; // a late message from a page the user just turned off
        return { ...s, url: message.url, status: message.status, ...(message.error ? { error: message.error } : {}) };
      });
      return;
    case 'report':
      await updateTab(tabId, message.url, (s) => {
        if (s.status === 'disabled') return undefined;
        const { error: _e, ...rest } = s;
        return {
          ...rest,
          url: message.url,
          gatePassed: true,
          status: 'done',
          report: message.report,
          anchored: message.anchored,
          unanchored: message.unanchored,
          flagged: message.report.findings.filter((f) => FLAG_CLASSES.includes(f.class)).length,
          dropped: message.dropped,
        };
      });
      return;
    case 'open-panel': {
      // Must run before any await: Chrome only opens the panel inside the user gesture.
      const opening = chromeSidePanel?.open({ tabId }).catch(() => undefined) ?? firefoxSidebar?.open().catch(() => undefined);
      if (message.findingId) {
        const findingId = message.findingId;
        await updateTab(tabId, tabUrl, (s) => ({ ...s, focus: { findingId, at: Date.now() } }));
      }
      await opening;
      return;
    }
  }
}

async function onPanelMessage(message: PanelToBackground): Promise<void> {
  switch (message.type) {
    case 'panel:scroll-to':
      await toContent(message.tabId, { type: 'scroll-to', findingId: message.findingId });
      return;
    case 'panel:analyse': {
      const state = await getTabState(message.tabId);
      if (!state?.url) return;
      if (state.status === 'done' || state.status === 'analysing') await toContent(message.tabId, { type: 'reanalyse' });
      else await startAnalysis(message.tabId, state.url, true);
      return;
    }
  }
}

/** Settings changed: turn pages off (cleanly) or back on. */
async function applySettings(settings: Settings): Promise<void> {
  const all = await browser.storage.session.get(null);
  for (const key of Object.keys(all)) {
    if (!key.startsWith('tab:')) continue;
    const tabId = Number(key.slice(4));
    const state = await getTabState(tabId);
    if (!state?.gatePassed) continue;
    // Only a site switched off stops a running page; "analyse automatically" concerns pages opened from now on.
    const verdict = isSiteDisabledIn(settings, state.url) ? 'site' : true;
    if (verdict !== true && (state.status === 'done' || state.status === 'analysing' || state.status === 'error')) {
      await toContent(tabId, { type: 'cleanup' });
      await removePageCss(tabId);
      await updateTab(tabId, state.url, (s) => {
        const { report: _r, ...rest } = s;
        return { ...rest, status: 'disabled', disabledReason: verdict, anchored: [], unanchored: [], flagged: 0 };
      });
    } else if (verdict === true && state.status === 'disabled' && state.disabledReason === 'site') {
      await startAnalysis(tabId, state.url);
    }
  }
}

export default defineBackground(() => {
  // Chrome: the toolbar button opens the side panel.
  void chromeSidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
  // Firefox: the toolbar button toggles the sidebar (called synchronously: it needs the click's user action).
  const firefoxAction = (browser as unknown as { browserAction?: { onClicked: { addListener(cb: () => void): void } } })
    .browserAction;
  if (!chromeSidePanel && firefoxSidebar && firefoxAction) {
    firefoxAction.onClicked.addListener(() => {
      void (firefoxSidebar.toggle ? firefoxSidebar.toggle() : firefoxSidebar.open()).catch(() => undefined);
    });
  }

  browser.runtime.onInstalled.addListener(() => {
    void (async () => {
      const title = menuTitle((await getSettings()).uiLanguage);
      await browser.contextMenus.removeAll();
      browser.contextMenus.create({ id: MENU_ID, title, contexts: ['selection'] });
    })();
  });

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    // Open first, synchronously: the panel may only be opened inside the click's user gesture.
    const opening = chromeSidePanel
      ? chromeSidePanel.open({ tabId: tab.id }).catch(() => undefined)
      : firefoxSidebar?.open().catch(() => undefined);
    const text = (info.selectionText ?? '').slice(0, 2000);
    void updateTab(tab.id, tab.url ?? '', (s) => ({ ...s, selection: { text, at: Date.now() } }));
    void opening;
  });

  browser.runtime.onMessage.addListener((raw: unknown, sender: SenderLike) => {
    // Our own pages first: the side panel opened in a tab also has a `sender.tab`.
    if (isFromOurPage(sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      const message = parsePanelMessage(raw);
      // Other extension pages use storage, not messages: an unknown type is dropped silently but counted.
      if (!message) return dropped.drop('unknown panel message', raw);
      return onPanelMessage(message).then(() => undefined);
    }
    if (isFromOurContentScript(sender, browser.runtime.id)) {
      const message = parseContentMessage(raw);
      if (!message) return dropped.drop('malformed content message', raw);
      return onContentMessage(message, sender.tab.id, sender.tab.url ?? '').then(() => undefined);
    }
    return dropped.drop('foreign sender', raw);
  });

  browser.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
    if (changeInfo.status !== 'loading' && changeInfo.url === undefined) return;
    const url = changeInfo.url ?? tab.url ?? '';
    void (async () => {
      const state = await getTabState(tabId);
      if (!state) return;
      // The analyzer already reported for this URL (an SPA route change it noticed first).
      if (changeInfo.url !== undefined && changeInfo.url === state.url && changeInfo.status !== 'loading') return;
      // Same-document navigation (pushState, fragment): the analyzer is still there and answers.
      if (changeInfo.url !== undefined && (state.status === 'done' || state.status === 'analysing')) {
        const message: BackgroundToContent = sameDocument(state.url, changeInfo.url) ? { type: 'ping' } : { type: 'reanalyse' };
        if (await toContent(tabId, message)) return;
      }
      if (changeInfo.status !== 'loading') return;
      await updateTab(tabId, url, (s) => {
        const fresh = emptyTabState(tabId, url);
        if (s.selection) fresh.selection = s.selection;
        return fresh;
      });
    })();
  });

  browser.tabs.onRemoved.addListener((tabId) => void removeTabState(tabId));

  watchSettings((settings) => {
    void applySettings(settings);
    // The menu speaks the language chosen in the options, not only the browser's.
    void Promise.resolve(browser.contextMenus.update(MENU_ID, { title: menuTitle(settings.uiLanguage) })).catch(() => undefined);
  });

  // For tests and the hardening report: how many messages were refused.
  (globalThis as { claimlightDropped?: () => number }).claimlightDropped = () => dropped.count;
});

/** The context menu title; an explicit language setting wins over the browser's (_locales "contextMenuCheck"). */
function menuTitle(language: Settings['uiLanguage']): string {
  if (language === 'zh') return '\u7528 Claimlight \u67e5\u4e00\u67e5';
  if (language === 'en') return 'Check with Claimlight';
  return (browser.i18n.getMessage as (key: string) => string)('contextMenuCheck') || 'Check with Claimlight';
}

/** Only the fragment changed: the document is the same. */
function sameDocument(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}
