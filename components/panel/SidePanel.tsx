/**
 * The side panel wired to the extension: which tab it describes (`?tab=<id>` when opened for a
 * given tab, as the tests do, otherwise the active tab of its window, followed as the user
 * switches), that tab's state from the background, the settings, and the knowledge for search.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { resolveLanguage, translator } from '../../utils/i18n';
import type { PanelToBackground } from '../../utils/runtime/messages';
import { getTabState, watchTabState, type TabState } from '../../utils/runtime/tab-state';
import { getSettings, setSiteDisabled, updateSettings, watchSettings, type Settings } from '../../utils/settings';
import { describeError, loadPanelKnowledge } from './knowledge';
import { PanelView, type KnowledgeState, type PanelTab } from './PanelView';

/** `?tab=123` -> 123; anything else -> undefined (follow the active tab). */
export function tabParam(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return undefined;
  return Number(raw);
}

async function describeTab(id: number): Promise<PanelTab | null> {
  try {
    const tab = await browser.tabs.get(id);
    return { id, url: tab.url };
  } catch {
    return null; // closed
  }
}

function send(message: PanelToBackground): void {
  browser.runtime.sendMessage(message).catch((e: unknown) => console.warn('[Claimlight] panel message failed', message.type, e));
}

/** Follows one fixed tab, or the active tab of the panel's window. */
function usePanelTab(fixed: number | undefined): PanelTab | null | undefined {
  const [tab, setTab] = useState<PanelTab | null | undefined>(undefined);
  useEffect(() => {
    let windowId: number | undefined;
    let current: number | undefined = fixed;
    let disposed = false;
    const show = async (id: number) => {
      current = id;
      const described = await describeTab(id);
      if (!disposed && current === id) setTab(described);
    };

    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (fixed === undefined && info.windowId === windowId) void show(info.tabId);
    };
    const onUpdated = (tabId: number, change: { url?: string; status?: string }) => {
      if (tabId === current && (change.url !== undefined || change.status === 'complete')) void show(tabId);
    };
    const onRemoved = (tabId: number) => {
      if (tabId === current && fixed !== undefined) setTab(null);
    };
    browser.tabs.onActivated.addListener(onActivated);
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.tabs.onRemoved.addListener(onRemoved);

    void (async () => {
      if (fixed !== undefined) return show(fixed);
      try {
        windowId = (await browser.windows.getCurrent()).id;
        const [active] = await browser.tabs.query({ active: true, windowId });
        if (active?.id !== undefined) await show(active.id);
        else if (!disposed) setTab(null);
      } catch (e) {
        console.warn('[Claimlight] could not find the active tab', e);
        if (!disposed) setTab(null);
      }
    })();
    return () => {
      disposed = true;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onRemoved.removeListener(onRemoved);
    };
  }, [fixed]);
  return tab;
}

export function SidePanel({ search = location.search }: { search?: string }) {
  const fixed = useMemo(() => tabParam(search), [search]);
  const tab = usePanelTab(fixed);
  const [state, setState] = useState<TabState | undefined>(undefined);
  // undefined until read: rendering before would flash the browser's language when the user chose the other.
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [knowledge, setKnowledge] = useState<KnowledgeState>({ status: 'loading' });

  useEffect(() => {
    void getSettings().then(setSettings);
    return watchSettings(setSettings);
  }, []);

  useEffect(() => {
    loadPanelKnowledge().then(
      (kb) => setKnowledge({ status: 'ready', kb }),
      (e: unknown) => {
        console.warn('[Claimlight] knowledge failed to load in the side panel', e);
        setKnowledge({ status: 'error', error: describeError(e) });
      },
    );
  }, []);

  const tabId = tab?.id;
  useEffect(() => {
    setState(undefined);
    if (tabId === undefined) return;
    let live = true;
    const unwatch = watchTabState(tabId, (s) => live && setState(s));
    getTabState(tabId).then(
      (s) => live && setState((prev) => prev ?? s),
      (e: unknown) => console.warn('[Claimlight] could not read the tab state', e),
    );
    return () => {
      live = false;
      unwatch();
    };
  }, [tabId]);

  const lang = resolveLanguage(settings?.uiLanguage ?? 'auto');
  const t = useMemo(() => translator(lang), [lang]);

  // Only the setting is written: the background watches it, cleans pages of a site turned off and
  // analyses them again when it is turned back on (a second request from here would race with that).
  const onToggleSite = useCallback((site: string, disable: boolean) => {
    setSiteDisabled(site, disable).catch((e: unknown) => console.warn('[Claimlight] could not change the site setting', e));
  }, []);

  if (!settings) return null;
  return (
    <PanelView
      lang={lang}
      t={t}
      tab={tab}
      state={state}
      settings={settings}
      knowledge={knowledge}
      onToggleSite={onToggleSite}
      onToggleLanguage={() =>
        void updateSettings((s) => {
          s.uiLanguage = lang === 'zh' ? 'en' : 'zh';
        })
      }
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      onScrollTo={(findingId) => {
        if (tabId !== undefined) send({ type: 'panel:scroll-to', tabId, findingId });
      }}
      onAnalyse={() => {
        if (tabId !== undefined) send({ type: 'panel:analyse', tabId });
      }}
    />
  );
}
