import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { clip, FINDINGS_SHOWN, PanelView, type KnowledgeState, type PanelViewProps } from '../../components/panel/PanelView';
import { analyzeDocument } from '../../utils/engine/analyze';
import { loadKnowledge, type KnowledgeIndex } from '../../utils/engine/knowledge';
import { translator, type Lang } from '../../utils/i18n';
import type { StoredReport } from '../../utils/runtime/messages';
import { emptyTabState, type TabState } from '../../utils/runtime/tab-state';
import { defaultSettings, type Settings } from '../../utils/settings';
import { fixtureKnowledge } from '../fixtures/engine/knowledge';
import { click, installDom, mount, settle, text, typeInto, unmount } from './dom';

const URL_ = 'https://hospital.example/vitiligo.html';
let kb: KnowledgeIndex;
let report: StoredReport;

beforeAll(() => {
  kb = loadKnowledge(JSON.parse(JSON.stringify(fixtureKnowledge())));
  const html = readFileSync(join(import.meta.dirname, '../fixtures/engine/hospital-page.html'), 'utf8');
  const { document } = parseHTML(html);
  const { text: _text, ...rest } = analyzeDocument(document as unknown as Document, kb, { url: URL_ });
  report = { ...rest, textLength: _text.length };
});

let container: HTMLElement;
beforeEach(() => {
  ({ container } = installDom());
});
afterEach(async () => {
  await unmount(container);
});

function doneState(over: Partial<TabState> = {}, r: StoredReport = report): TabState {
  const flagged = r.findings.filter((f) => f.class !== 'agrees');
  return {
    ...emptyTabState(7, URL_),
    status: 'done',
    gatePassed: true,
    report: r,
    anchored: flagged.map((f) => f.id),
    flagged: flagged.length,
    ...over,
  };
}

function props(over: Partial<PanelViewProps> & { lang?: Lang; settings?: Settings; knowledge?: KnowledgeState } = {}): PanelViewProps {
  const lang = over.lang ?? 'en';
  return {
    lang,
    t: translator(lang),
    tab: { id: 7, url: URL_ },
    state: doneState(),
    settings: defaultSettings(),
    knowledge: { status: 'ready', kb },
    onToggleSite: vi.fn(),
    onToggleLanguage: vi.fn(),
    onOpenOptions: vi.fn(),
    onScrollTo: vi.fn(),
    onAnalyse: vi.fn(),
    ...over,
  };
}

const q = (sel: string) => container.querySelector(sel);
const qa = (sel: string) => [...container.querySelectorAll(sel)];

describe('side panel: a page with flagged claims', () => {
  it('the fixture report has flags of several classes (sanity check of the input)', () => {
    const classes = new Set(report.findings.map((f) => f.class));
    expect(classes.has('dubious')).toBe(true);
    expect(report.findings.filter((f) => f.class !== 'agrees').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the verdict, its signals and the flagged claims in page order', async () => {
    await mount(<PanelView {...props()} />, container);
    expect(text(q('.verdict-label'))).toBe(report.verdict.label.en);
    expect(text(q('.verdict-summary'))).toBe(report.verdict.summary.en);
    expect(qa('.signals > li').map((li) => li.getAttribute('data-signal'))).toEqual(report.signals.map((s) => s.id));

    const flagged = report.findings.filter((f) => f.class !== 'agrees');
    const items = qa('.findings > li');
    expect(items.map((li) => li.getAttribute('data-finding'))).toEqual(flagged.map((f) => f.id));
    expect(flagged.map((f) => f.start)).toEqual([...flagged.map((f) => f.start)].sort((a, b) => a - b));
    for (const [i, li] of items.entries()) {
      const f = flagged[i]!;
      expect(li.className).toContain(f.class);
      expect(text(li.querySelector('.sentence'))).toBe(f.sentence.replace(/\s+/g, ' ').trim());
      expect(text(li.querySelector('.why'))).toContain(report.claims[f.claim]!.explanation.en);
      expect(text(li.querySelector('.grade'))).toMatch(/^Evidence: /);
      // The reviewed date comes from the knowledge (page-pattern marketing cards have none).
      if (kb.claimById.has(f.claim)) expect(text(li.querySelector('.reviewed'))).toBe('· Reviewed 2025-01-01');
      else expect(li.querySelector('.reviewed')).toBeNull();
    }
    expect(text(q('.flagged h2'))).toContain(`${flagged.length} flagged`);
    // agrees findings are not in the flagged list
    for (const f of report.findings.filter((x) => x.class === 'agrees')) expect(q(`[data-finding="${f.id}"]`)).toBeNull();
  });

  it('clicking a claim asks to scroll to it; an unanchored one is marked and does not', async () => {
    const flagged = report.findings.filter((f) => f.class !== 'agrees');
    const [first, second] = flagged;
    const p = props({ state: doneState({ anchored: [first!.id], unanchored: [second!.id] }) });
    await mount(<PanelView {...p} />, container);
    await settle(() => click(q(`[data-finding="${first!.id}"] button`)));
    expect(p.onScrollTo).toHaveBeenCalledWith(first!.id);
    const lost = q(`[data-finding="${second!.id}"]`)!;
    expect(lost.className).toContain('unanchored');
    expect(text(lost)).toContain('Not found on the page');
    await settle(() => click(lost.querySelector('button')));
    expect(p.onScrollTo).toHaveBeenCalledTimes(1);
  });

  it('a sentence-shape pattern shows no match percentage', async () => {
    const [f0, f1, ...rest] = report.findings.filter((f) => f.class !== 'agrees');
    const r: StoredReport = { ...report, findings: [{ ...f0!, pattern: true }, f1!, ...rest] };
    await mount(<PanelView {...props({ state: doneState({}, r) })} />, container);
    expect(text(q(`[data-finding="${f0!.id}"] .match`))).toMatch(/^Recognised by the way the sentence is written: /);
    expect(text(q(`[data-finding="${f0!.id}"] .match`))).not.toMatch(/%/);
    expect(text(q(`[data-finding="${f1!.id}"] .match`))).toMatch(/\(\d+%\)$/);
  });

  it('says when a class is not highlighted because the settings turn it off', async () => {
    const first = report.findings.find((f) => f.class !== 'agrees')!;
    const settings = defaultSettings();
    settings.highlightClasses[first.class] = false;
    await mount(<PanelView {...props({ settings })} />, container);
    expect(text(q(`[data-finding="${first.id}"]`))).toContain('Not highlighted on the page');
    const other = report.findings.find((f) => f.class !== 'agrees' && f.class !== first.class);
    if (other) expect(text(q(`[data-finding="${other.id}"]`))).not.toContain('Not highlighted on the page');
  });

  it('lists consensus points, omissions and references with safe links', async () => {
    const r: StoredReport = {
      ...report,
      relevant: ['vitiligo-autoimmune', 'relapse-after-stopping'],
      omissions: ['relapse-after-stopping'],
      claims: {
        ...report.claims,
        'vitiligo-autoimmune': {
          ...kb.card('vitiligo-autoimmune')!,
          references: [
            { id: 'R01', title: 'Guideline', publisher: 'Society', year: 2020, url: 'https://example.org/guideline' },
            { id: 'R02', title: 'Evil', publisher: 'X', year: 2021, url: 'javascript:alert(1)' },
          ],
        },
        'relapse-after-stopping': kb.card('relapse-after-stopping')!,
      },
    };
    await mount(<PanelView {...props({ state: doneState({}, r) })} />, container);
    expect(qa('.relevant [data-claim]').map((e) => e.getAttribute('data-claim'))).toEqual(['vitiligo-autoimmune']);
    expect(text(q('.relevant'))).toContain(kb.card('vitiligo-autoimmune')!.statement.en);
    expect(qa('.omissions [data-claim]').map((e) => e.getAttribute('data-claim'))).toEqual(['relapse-after-stopping']);
    expect(text(q('.omissions h2'))).toBe('What the page leaves out');
    const links = qa('.references a');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/guideline']);
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
    expect(text(q('[data-ref="R02"]'))).toContain('Evil');
    expect(q('[data-ref="R02"] a')).toBeNull();
  });

  it('long consensus lists show the first six and expand on request', async () => {
    const base = kb.card('vitiligo-autoimmune')!;
    const ids = Array.from({ length: 8 }, (_, i) => `consensus-${i}`);
    const r: StoredReport = {
      ...report,
      relevant: ids,
      omissions: [],
      claims: { ...report.claims, ...Object.fromEntries(ids.map((id) => [id, { ...base, id }])) },
    };
    await mount(<PanelView {...props({ state: doneState({}, r) })} />, container);
    expect(qa('.relevant [data-claim]').map((e) => e.getAttribute('data-claim'))).toEqual(ids.slice(0, 6));
    expect(text(q('.relevant .show-more'))).toBe('Show all 8');
    await settle(() => click(q('.relevant .show-more')));
    expect(qa('.relevant [data-claim]')).toHaveLength(8);
    expect(text(q('.relevant .show-more'))).toBe('Show fewer');
  });

  it('a page with hundreds of flags renders the first ones and the rest on request', async () => {
    const f0 = report.findings.find((f) => f.class !== 'agrees')!;
    const many = Array.from({ length: 300 }, (_, i) => ({ ...f0, id: `f${i}`, start: i * 10, end: i * 10 + 5, sentence: `sentence ${i} ${'x'.repeat(i === 7 ? 5000 : 3)}` }));
    const r: StoredReport = { ...report, findings: many };
    await mount(<PanelView {...props({ state: doneState({ anchored: many.map((f) => f.id) }, r) })} />, container);
    expect(qa('.findings > li')).toHaveLength(FINDINGS_SHOWN);
    expect(text(q('.flagged h2'))).toContain('300 flagged');
    expect(text(q('[data-finding="f7"] .sentence'))).toBe(clip(many[7]!.sentence));
    expect(text(q('[data-finding="f7"] .sentence')).length).toBeLessThan(420);
    await settle(() => click(q('.flagged .show-more')));
    expect(qa('.findings > li')).toHaveLength(300);
  });

  it('a finding the tooltip asked for is rendered even past the first ones', async () => {
    const f0 = report.findings.find((f) => f.class !== 'agrees')!;
    const many = Array.from({ length: 100 }, (_, i) => ({ ...f0, id: `f${i}`, sentence: `s${i}` }));
    const r: StoredReport = { ...report, findings: many };
    await mount(<PanelView {...props({ state: doneState({ focus: { findingId: 'f90', at: 1 } }, r) })} />, container);
    expect(q('[data-finding="f90"]')).not.toBeNull();
  });

  it('renders page content as text, never as HTML', async () => {
    const evil = '<img src=x onerror="window.pwned=1"><b>bold</b>';
    const [f0, ...rest] = report.findings.filter((f) => f.class !== 'agrees');
    const r: StoredReport = {
      ...report,
      title: evil,
      findings: [{ ...f0!, sentence: evil }, ...rest],
      signals: [{ id: 'hotline', label: { en: 'Hotline', zh: '热线' }, weight: 0.3, evidence: [evil] }],
      verdict: { ...report.verdict, evidence: [evil] },
    };
    await mount(<PanelView {...props({ state: doneState({ selection: { text: evil, at: 1 } }, r) })} />, container);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(text(q(`[data-finding="${f0!.id}"] .sentence`))).toBe(evil);
    expect(text(q('.snippet'))).toContain(evil);
    expect(text(q('.selection-text'))).toBe(evil);
  });

  it('switches all UI text to Chinese', async () => {
    await mount(<PanelView {...props({ lang: 'zh' })} />, container);
    expect(text(q('.flagged h2'))).toContain('被标记的说法');
    expect(text(q('.verdict-label'))).toBe(report.verdict.label.zh);
    expect(text(q('.lang-toggle'))).toBe('English');
    expect(text(q('.site-toggle'))).toBe('在 hospital.example 停用');
    const first = report.findings.find((f) => f.class !== 'agrees')!;
    expect(text(q(`[data-finding="${first.id}"] .why`))).toContain(report.claims[first.claim]!.explanation.zh);
  });

  it('the site toggle and the language toggle report what the user asked', async () => {
    const p = props();
    await mount(<PanelView {...p} />, container);
    await settle(() => click(q('.site-toggle')));
    expect(p.onToggleSite).toHaveBeenCalledWith('hospital.example', true);
    await settle(() => click(q('.lang-toggle')));
    expect(p.onToggleLanguage).toHaveBeenCalled();
  });
});

describe('side panel: empty and error states', () => {
  const cases: [string, Partial<PanelViewProps>, string, string][] = [
    ['no health content', { state: { ...emptyTabState(7, URL_), status: 'not-health', gatePassed: false } }, 'no-health', 'No health claims found on this page.'],
    ['site disabled in settings', { settings: { ...defaultSettings(), disabledSites: ['hospital.example'] } }, 'disabled-site', 'Analysis is disabled for this site.'],
    ['site disabled (background state)', { state: { ...emptyTabState(7, URL_), status: 'disabled', disabledReason: 'site' } }, 'disabled-site', 'Analysis is disabled for this site.'],
    ['automatic analysis off', { state: { ...emptyTabState(7, URL_), status: 'disabled', disabledReason: 'auto-off' } }, 'auto-off', 'Automatic analysis is off.'],
    ['not a web page', { tab: { id: 7, url: 'chrome://extensions/' }, state: undefined }, 'not-web-page', 'This is not a web page Claimlight can read.'],
    ['URL unknown', { tab: { id: 7, url: undefined }, state: undefined }, 'not-web-page', 'This is not a web page Claimlight can read.'],
    ['analysis running', { state: { ...emptyTabState(7, URL_), status: 'analysing' } }, 'analysing', 'Analysing this page…'],
    ['analysis failed', { state: { ...emptyTabState(7, URL_), status: 'error', error: 'boom <b>x</b>' } }, 'analysis-error', 'The analysis of this page failed; nothing is highlighted.'],
    ['no tab', { tab: null }, 'no-tab', 'No tab to show.'],
  ];
  it.each(cases)('%s', async (_name, over, state, message) => {
    await mount(<PanelView {...props(over)} />, container);
    const notice = q(`[data-state="${state}"]`);
    expect(notice, container.innerHTML).not.toBeNull();
    expect(text(notice)).toContain(message);
    expect(q('.findings')).toBeNull();
    // the knowledge search works on any page
    expect(q('#search-input')).not.toBeNull();
  });

  it('the analyzer failing to load the knowledge is reported as such, once', async () => {
    const state: TabState = { ...emptyTabState(7, URL_), status: 'error', error: 'knowledge: Claimlight knowledge could not be loaded: bad' };
    await mount(<PanelView {...props({ state })} />, container);
    expect(text(q('[data-state="knowledge-error"]'))).toContain('The knowledge base failed to load');
    expect(text(q('[data-state="knowledge-error"]'))).toContain('could not be loaded: bad');
    expect(q('.findings')).toBeNull();
    await mount(<PanelView {...props({ state, knowledge: { status: 'error', error: 'bad' } })} />, container);
    expect(qa('[data-state="knowledge-error"]')).toHaveLength(1);
  });

  it('an analysis error is explained in the UI language, the raw error folded as text', async () => {
    const state: TabState = { ...emptyTabState(7, URL_), status: 'error', error: 'boom <b>x</b>' };
    await mount(<PanelView {...props({ lang: 'zh', state })} />, container);
    expect(text(q('[data-state="analysis-error"] p'))).toBe('此页面分析失败,页面上没有任何标注。刷新页面可以重试。');
    expect(text(q('.error-details summary'))).toBe('技术详情');
    expect(text(q('.error-details code'))).toBe('boom <b>x</b>');
    expect(container.querySelector('b')).toBeNull();
  });

  it('a report without claims says so', async () => {
    const r: StoredReport = { ...report, findings: [], verdict: { ...report.verdict, kind: 'no-claims' } };
    await mount(<PanelView {...props({ state: doneState({}, r) })} />, container);
    expect(text(q('[data-state="no-health"]'))).toBe('No health claims found on this page.');
  });

  it('auto-off offers to analyse now', async () => {
    const p = props({ state: { ...emptyTabState(7, URL_), status: 'disabled', disabledReason: 'auto-off' } });
    await mount(<PanelView {...p} />, container);
    await settle(() => click(q('[data-state="auto-off"] button')));
    expect(p.onAnalyse).toHaveBeenCalled();
  });

  it('knowledge that failed to load is announced and search is not offered', async () => {
    await mount(<PanelView {...props({ knowledge: { status: 'error', error: 'unsupported version 9' } })} />, container);
    const alert = q('[role="alert"][data-state="knowledge-error"]');
    expect(text(alert)).toContain('The knowledge base failed to load');
    expect(text(alert)).toContain('unsupported version 9');
    expect(q('#search-input')).toBeNull();
  });
});

describe('side panel: search and selection lookup', () => {
  it('finds entries in Chinese and English', async () => {
    await mount(<PanelView {...props({ state: { ...emptyTabState(7, URL_), status: 'not-health' } })} />, container);
    const input = q('#search-input') as HTMLInputElement;
    const search = async (query: string) => {
      await settle(() => typeInto(input, query));
      await settle(undefined, 200); // past the typing debounce
    };
    await search('他克莫司');
    const zhHits = qa('.search [data-claim]').map((e) => e.getAttribute('data-claim'));
    expect(zhHits).toContain('tacrolimus-regrows-melanocytes');
    expect(text(q('.search [data-claim="tacrolimus-regrows-melanocytes"]'))).toContain('Tacrolimus makes pigment cells regenerate.');
    await search('contagious');
    expect(qa('.search [data-claim]').map((e) => e.getAttribute('data-claim'))).toContain('vitiligo-not-contagious');
    expect(text(q('.search-status'))).toMatch(/\d+ entries/);
    await search('zzzzqqq');
    expect(qa('.search [data-claim]')).toHaveLength(0);
    expect(text(q('.search-status'))).toBe('No entries match “zzzzqqq”.');
  });

  it('shows the best entries for a selection sent from the page', async () => {
    const state = doneState({ selection: { text: '他克莫司能让黑色素再生', at: 5 } });
    await mount(<PanelView {...props({ state })} />, container);
    const hits = qa('.selection [data-claim]').map((e) => e.getAttribute('data-claim'));
    expect(hits[0]).toBe('tacrolimus-regrows-melanocytes');
    expect(hits.length).toBeLessThanOrEqual(3);
    await settle(() => click(q('.selection-close')));
    expect(q('.selection')).toBeNull();
  });

  it.each(['今天天气很好', 'the weather is nice today'])('says so when nothing matches the selection (%s)', async (selection) => {
    const state = doneState({ selection: { text: selection, at: 5 } });
    await mount(<PanelView {...props({ state })} />, container);
    expect(text(q('.selection'))).toContain('No knowledge entry matches this selection.');
    expect(q('.selection .hit')).toBeNull();
  });
});
