/**
 * The side panel and the options page wired to (fake) extension storage and messaging: what the
 * user sees when storage holds garbage, and what each control writes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Options } from '../../components/options/Options';
import { SidePanel, tabParam } from '../../components/panel/SidePanel';
import { emptyTabState } from '../../utils/runtime/tab-state';
import { addFlagReport, defaultSettings, getFlagReports, getSettings, SETTINGS_VERSION } from '../../utils/settings';
import { click, installDom, settle, mount, text, typeInto, unmount, waitFor, waitForAsync } from './dom';

let container: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  ({ container } = installDom());
});
afterEach(async () => {
  await unmount(container);
  vi.restoreAllMocks();
});

const q = (sel: string) => container.querySelector(sel);

async function openTab(url: string): Promise<number> {
  const tab = await fakeBrowser.tabs.create({ url });
  return tab.id!;
}

describe('side panel wired to the extension', () => {
  it('reads ?tab=', () => {
    expect(tabParam('?tab=12')).toBe(12);
    expect(tabParam('?tab=abc')).toBeUndefined();
    expect(tabParam('?tab=-1')).toBeUndefined();
    expect(tabParam('')).toBeUndefined();
  });

  it('a corrupt settings value gives a working panel with defaults and a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await fakeBrowser.storage.local.set({ settings: '\u0000garbage{', settings$: { v: SETTINGS_VERSION } });
    const id = await openTab('https://example.org/page');
    await fakeBrowser.storage.session.set({ [`tab:${id}`]: { ...emptyTabState(id, 'https://example.org/page'), status: 'not-health' } });
    await mount(<SidePanel search={`?tab=${id}`} />, container);
    await waitFor(() => q('[data-state="no-health"]') !== null);
    expect(text(q('[data-state="no-health"]')), container.innerHTML).toContain('No health claims found on this page.');
    expect(text(q('.site-toggle'))).toBe('Turn off on example.org');
    expect(warn.mock.calls.some((c) => String(c[0]).includes('settings'))).toBe(true);
  });

  it('a foreign tab state value is ignored rather than breaking the panel', async () => {
    const id = await openTab('https://example.org/page');
    await fakeBrowser.storage.session.set({
      [`tab:${id}`]: { status: 'not-health', anchored: 'x', flagged: 'many', selection: 5, report: { findings: 'nope' }, extra: {} },
    });
    await mount(<SidePanel search={`?tab=${id}`} />, container);
    await waitFor(() => q('[data-state="no-health"]') !== null);
    expect(q('.selection')).toBeNull();
    expect(q('.findings')).toBeNull();
  });

  it('follows tab state changes and turns the site off with one click', async () => {
    const id = await openTab('https://www.health.example/a');
    const sent: unknown[] = [];
    fakeBrowser.runtime.onMessage.addListener((m: unknown) => {
      sent.push(m);
    });
    await mount(<SidePanel search={`?tab=${id}`} />, container);
    await waitFor(() => q('[data-state="idle"]') !== null);
    await settle(() =>
      fakeBrowser.storage.session.set({ [`tab:${id}`]: { ...emptyTabState(id, 'https://www.health.example/a'), status: 'analysing' } }),
    );
    await waitFor(() => q('[data-state="analysing"]') !== null);

    await settle(() => click(q('.site-toggle')));
    await waitFor(() => q('[data-state="disabled-site"]') !== null);
    expect((await getSettings()).disabledSites).toEqual(['www.health.example']);
    expect(text(q('[data-state="disabled-site"]'))).toBe('Analysis is disabled for this site.');
    expect(text(q('.site-toggle'))).toBe('Turn on for www.health.example');

    await settle(() => click(q('.site-toggle')));
    await waitFor(() => q('[data-state="analysing"]') !== null);
    expect((await getSettings()).disabledSites).toEqual([]);
    // Re-analysis is the background's job when the setting changes; the panel sends nothing.
    expect(sent).toEqual([]);
  });

  it('the language toggle is stored and switches the panel', async () => {
    const id = await openTab('https://example.org/');
    await mount(<SidePanel search={`?tab=${id}`} />, container);
    await waitFor(() => q('.search h2') !== null);
    const before = text(q('.lang-toggle'));
    await settle(() => click(q('.lang-toggle')));
    await waitFor(() => text(q('.lang-toggle')) === 'English');
    const after = (await getSettings()).uiLanguage;
    // Node's default UI language is English here; the toggle picks the other language explicitly.
    expect(before).toBe('中文');
    expect(after).toBe('zh');
    expect(text(q('.lang-toggle'))).toBe('English');
    expect(text(q('.search h2'))).toBe('搜索知识库');
  });

  it('a closed tab is said so', async () => {
    await mount(<SidePanel search="?tab=99999" />, container);
    await waitFor(() => q('[data-state="no-tab"]') !== null);
  });
});

describe('options page', () => {
  it('shows the defaults and writes each change', async () => {
    await mount(<Options />, container);
    await waitFor(() => q('input[name="autoAnalyse"]') !== null);
    const auto = q('input[name="autoAnalyse"]') as HTMLInputElement;
    // linkedom keeps `checked` as an attribute
    expect(auto.hasAttribute('checked')).toBe(true);
    expect(q('input[name="highlight-agrees"]')!.hasAttribute('checked')).toBe(false);

    auto.checked = false;
    await settle(() => auto.dispatchEvent(new Event('change', { bubbles: true })));
    await waitForAsync(async () => (await getSettings()).autoAnalyse === false);
    expect(text(q('.status'))).toBe('Saved.');

    const nuance = q('input[name="highlight-nuance"]') as HTMLInputElement;
    nuance.checked = false;
    await settle(() => nuance.dispatchEvent(new Event('change', { bubbles: true })));
    await waitForAsync(async () => (await getSettings()).highlightClasses.nuance === false);
    expect((await getSettings()).highlightClasses).toEqual({ ...defaultSettings().highlightClasses, nuance: false });

    const zh = q('input[name="uiLanguage"][value="zh"]') as HTMLInputElement;
    zh.checked = true;
    await settle(() => zh.dispatchEvent(new Event('change', { bubbles: true })));
    await waitFor(() => text(q('h1')) === 'Claimlight 设置');
    expect((await getSettings()).uiLanguage).toBe('zh');
  });

  it('adds, validates and removes disabled sites', async () => {
    await mount(<Options />, container);
    await waitFor(() => q('#site-input') !== null);
    const input = q('#site-input') as HTMLInputElement;
    const submit = () => q('form.add-site')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle(() => typeInto(input, 'not a site!'));
    await settle(submit);
    await waitFor(() => q('[role="alert"]') !== null);
    expect(text(q('[role="alert"]'))).toBe('“not a site!” is not a site name.');
    expect((await getSettings()).disabledSites).toEqual([]);

    await settle(() => typeInto(input, 'https://WWW.Example.com/path'));
    await settle(submit);
    await waitFor(() => q('[data-site="www.example.com"]') !== null);
    expect((await getSettings()).disabledSites).toEqual(['www.example.com']);
    expect(text(q('[data-site="www.example.com"]'))).toContain('www.example.com');
    expect(q('[role="alert"]')).toBeNull();

    await settle(() => click(q('[data-site="www.example.com"] button')));
    await waitFor(() => q('[data-site]') === null);
    expect((await getSettings()).disabledSites).toEqual([]);
    expect(q('[data-site]')).toBeNull();
  });

  it('exports the flag reports as a JSON file and clears them', async () => {
    await addFlagReport({ url: 'https://a.example/', claim: 'c1', findingClass: 'dubious', sentence: '他克莫司能让黑色素再生', knowledgeHash: 'h' });
    let blob: Blob | undefined;
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:fake';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { href: string; download: string }[] = [];
    const proto = (globalThis as unknown as { HTMLElement: { prototype: { click?: () => void } } }).HTMLElement.prototype;
    const originalClick = proto.click;
    proto.click = function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.getAttribute('download') ?? '' });
    };
    try {
      await mount(<Options />, container);
      await waitFor(() => text(q('.reports-count')) === '1 reports stored.');
      expect(text(q('.reports-count'))).toBe('1 reports stored.');
      const [exportButton, clearButton] = [...container.querySelectorAll('.buttons button')];
      await settle(() => click(exportButton));
      await waitFor(() => clicked.length > 0);
      expect(create).toHaveBeenCalledTimes(1);
      const json = JSON.parse(await blob!.text());
      expect(json.format).toBe('claimlight-flag-reports');
      expect(json.reports[0].sentence).toBe('他克莫司能让黑色素再生');
      expect(clicked).toHaveLength(1);
      expect(clicked[0]!.href).toBe('blob:fake');
      expect(clicked[0]!.download).toMatch(/^claimlight-flag-reports-\d{4}-\d{2}-\d{2}\.json$/);
      expect(container.ownerDocument.querySelector('a[download]')).toBeNull(); // the temporary link is removed

      await settle(() => click(clearButton));
      // Asks first; Cancel keeps the reports.
      expect(text(q('.confirm'))).toContain('Delete all 1 reports from this device?');
      await settle(() => click([...container.querySelectorAll('.confirm button')].find((b) => text(b) === 'Cancel')));
      expect(q('.confirm')).toBeNull();
      expect((await getFlagReports()).length).toBe(1);
      await settle(() => click(q('.clear-reports')));
      await settle(() => click(q('.confirm button.danger')));
      await waitFor(() => text(q('.reports-count')) === '0 reports stored.');
      expect(await getFlagReports()).toEqual([]);
      expect((exportButton as HTMLButtonElement).disabled).toBe(true);
    } finally {
      proto.click = originalClick;
    }
  });
});
