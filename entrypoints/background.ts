import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';

interface TabState {
  gatePassed: boolean;
  url: string;
}

export default defineBackground(() => {
  // Chrome: the toolbar button opens the side panel. Firefox opens its sidebar from the action itself.
  const chromeSidePanel = (globalThis as { chrome?: { sidePanel?: { setPanelBehavior(o: object): Promise<void> } } })
    .chrome?.sidePanel;
  void chromeSidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined) return;
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'gate') {
      const state: TabState = { gatePassed: (message as { passed?: unknown }).passed === true, url: sender.tab?.url ?? '' };
      void browser.storage.session.set({ [`tab:${tabId}`]: state });
    }
  });
});
