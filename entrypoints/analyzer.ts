/**
 * The analysis bundle, injected by the background (scripting.executeScript)
 * only into pages the gate passed. It analyses the page with the engine,
 * anchors findings to the live text, draws highlights, and keeps all that
 * current as the page changes; hover, keyboard and tooltip are
 * utils/runtime/finding-interaction.ts. Injected twice, it re-analyses instead
 * of starting a second copy.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { analyzeDocumentAsync } from '../utils/engine/analyze';
import { loadKnowledge, type KnowledgeIndex } from '../utils/engine/knowledge';
import type { FindingClass, Report } from '../utils/engine/types';
import { FLAG_CLASSES } from '../utils/engine/types';
import { resolveLanguage, type Lang } from '../utils/i18n';
import { anchorAllAsync } from '../utils/runtime/anchor';
import { Painter } from '../utils/runtime/highlights';
import {
  DropCounter,
  isFromOurExtension,
  parseBackgroundMessage,
  type ContentToBackground,
  type SenderLike,
  type StoredReport,
} from '../utils/runtime/messages';
import { buildTextMapAsync, toRange, type TextMap } from '../utils/runtime/text-map';
import { TOOLTIP_TAG } from '../utils/runtime/tooltip';
import { Cleanups } from '../utils/runtime/cleanups';
import { FindingInteraction, type Anchor } from '../utils/runtime/finding-interaction';
import { addFlagReport, getSettings, isSiteDisabledIn, watchSettings, type Settings } from '../utils/settings';

const GLOBAL_KEY = '__claimlightAnalyzer';
/** Quiet time after the last page change before re-analysing, and the longest a busy page waits. */
const DEBOUNCE_MS = 500;
const MAX_WAIT_MS = 3000;
/** A page that keeps changing without changing its findings (a clock) is re-checked ever less often, up to this. */
const MAX_BACKOFF_MS = 30_000;

/** Gives the page its main thread back before the next step. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface Controller {
  reanalyse(): void;
}

class Analyzer implements Controller {
  private kb: KnowledgeIndex | undefined;
  private settings: Settings | undefined;
  private lang: Lang = 'en';
  private report: Report | undefined;
  private anchors: Anchor[] = [];
  private unanchored: string[] = [];
  private analysedText = '';
  private analysedUrl = '';
  private lastSent = '';
  /** Page mutations seen so far (to know whether a text map is still current). */
  private mutations = 0;
  private running: AbortController | undefined;
  private rerun = false;
  private rerunForced = false;
  private reportNext = false;
  /** Re-analyses in a row that changed nothing (backs off the re-check of a busy page). */
  private quietRuns = 0;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private firstChange = 0;
  private readonly dropped = new DropCounter();
  private readonly painter = new Painter(document);
  private readonly interaction: FindingInteraction;
  private readonly observer: MutationObserver;
  private readonly cleanups = new Cleanups();
  private stopped = false;

  constructor() {
    this.interaction = new FindingInteraction(
      document,
      this.painter,
      {
        anchors: () => this.anchors,
        drawn: () => this.drawn(),
        card: (f) => this.report?.claims[f.claim],
        lang: () => this.lang,
        openPanel: (f) => void this.send({ type: 'open-panel', findingId: f.id }),
        flagWrong: (f) =>
          addFlagReport({
            url: location.href,
            claim: f.claim,
            findingClass: f.class,
            sentence: f.sentence,
            knowledgeHash: this.report?.knowledgeHash ?? '',
            findingId: f.id,
          }),
      },
      !import.meta.env.FIREFOX,
    );
    this.observer = new MutationObserver((records) => this.onMutations(records));
  }

  /** `knowledgeText`: taken from the background's hand-over when this script ran (see inject() there). */
  async start(knowledgeText: unknown): Promise<void> {
    // Each step gets its own task so that starting up never blocks the page for long.
    try {
      if (typeof knowledgeText !== 'string') throw new Error('the knowledge was not handed over');
      const json: unknown = JSON.parse(knowledgeText);
      await breathe();
      this.kb = loadKnowledge(json);
      await breathe();
    } catch (e) {
      // Never half-annotate: with no valid knowledge, nothing is drawn and the panel says why.
      await this.send({ type: 'status', url: location.href, status: 'error', error: `knowledge: ${(e as Error).message}` });
      this.stop();
      return;
    }
    this.settings = await getSettings();
    this.lang = resolveLanguage(this.settings.uiLanguage);
    this.listen();
    await this.analyse(true);
  }

  reanalyse(): void {
    if (!this.stopped) void this.analyse(true);
  }

  private send(message: ContentToBackground): Promise<void> {
    return browser.runtime.sendMessage(message).then(
      () => undefined,
      () => undefined,
    );
  }

  private visibleClasses(): Set<FindingClass> {
    const on = this.settings?.highlightClasses;
    const all: FindingClass[] = ['dubious', 'nuance', 'marketing', 'agrees'];
    return new Set(on ? all.filter((c) => on[c]) : FLAG_CLASSES);
  }

  /** Runs the engine, then anchors and draws. A newer request aborts an older run. */
  private async analyse(force: boolean): Promise<void> {
    if (!this.kb || this.stopped) return;
    if (this.running) {
      this.rerun = true;
      this.rerunForced ||= force;
      return;
    }
    const controller = new AbortController();
    this.running = controller;
    const root = document.body ?? document.documentElement;
    const urlChanged = location.href !== this.analysedUrl;
    const mustReport = force || this.reportNext;
    this.reportNext = false;
    try {
      // On a page change, first see whether the text changed at all (a re-render of the same article).
      let map: TextMap | undefined;
      const mutationsBefore = this.mutations;
      if (!force && !urlChanged) {
        map = await buildTextMapAsync(root);
        if (this.stopped) return;
        if (map.text === this.analysedText) {
          // Same text, nodes possibly replaced: re-anchoring is enough; the panel hears only of a change.
          const before = this.anchors.map((a) => a.finding.id).join();
          await this.anchorAndPaint(controller.signal, map);
          if (mustReport || this.anchors.map((a) => a.finding.id).join() !== before) await this.sendReport(mustReport);
          return;
        }
      }
      if (!this.report) await this.send({ type: 'status', url: location.href, status: 'analysing' });
      const report = await analyzeDocumentAsync(document, this.kb, { url: location.href, yieldEvery: 30, signal: controller.signal });
      // Anchoring and drawing get tasks of their own: on a 5 MB page each is tens of milliseconds.
      await breathe();
      if (this.stopped || controller.signal.aborted) return;
      this.report = report;
      this.analysedUrl = location.href;
      await this.anchorAndPaint(controller.signal, map && this.mutations === mutationsBefore ? map : undefined);
      await breathe();
      await this.sendReport(mustReport);
    } catch (e) {
      if (!controller.signal.aborted && !this.stopped) {
        this.painter.clear();
        this.anchors = [];
        await this.send({ type: 'status', url: location.href, status: 'error', error: String((e as Error)?.message ?? e).slice(0, 300) });
      }
    } finally {
      this.running = undefined;
      if (this.rerun && !this.stopped) {
        const forced = this.rerunForced;
        this.rerun = false;
        this.rerunForced = false;
        void this.analyse(forced);
      }
    }
  }

  /**
   * Anchors the report's findings in the page (`map`: the page's text map if it is still current),
   * in slices that give the page its main thread back, then draws them all at once.
   */
  private async anchorAndPaint(signal: AbortSignal, map?: TextMap): Promise<void> {
    const report = this.report;
    if (!report) return;
    const root = document.body ?? document.documentElement;
    const textMap = map ?? (await buildTextMapAsync(root));
    if (signal.aborted || this.stopped || this.report !== report) return;
    this.analysedText = textMap.text;
    const result = await anchorAllAsync(
      report.findings.map((f) => ({
        id: f.id,
        sentence: f.sentence,
        prefix: f.prefix,
        suffix: f.suffix,
        position: report.text.length ? f.start / report.text.length : undefined,
      })),
      textMap,
    );
    if (signal.aborted || this.stopped || this.report !== report) return;
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    this.pauseObserver(() => {
      this.painter.clear();
      this.anchors = result.anchored.flatMap((a) => {
        const finding = byId.get(a.id);
        return finding ? [{ finding, range: toRange(document, a.span) }] : [];
      });
      this.unanchored = result.unanchored;
      this.painter.paint(
        this.anchors.map((a) => ({ id: a.finding.id, cls: a.finding.class, range: a.range })),
        this.visibleClasses(),
      );
    });
    this.interaction.follow();
  }

  /** `always`: an explicit request (injection, panel, background) gets an answer even if nothing changed. */
  private async sendReport(always = false): Promise<void> {
    const report = this.report;
    if (!report) return;
    const anchored = this.anchors.map((a) => a.finding.id);
    // A page that keeps changing (a clock, a ticker) re-analyses often; the panel hears only of real changes,
    // and each re-analysis that found nothing new makes the next one wait longer.
    const signature = JSON.stringify([
      location.href,
      report.verdict.kind,
      report.findings.map((f) => [f.class, f.claim, f.sentence]),
      anchored,
      this.dropped.count,
    ]);
    this.quietRuns = signature === this.lastSent && !always ? this.quietRuns + 1 : 0;
    if (signature === this.lastSent && !always) return;
    this.lastSent = signature;
    const { text, ...rest } = report;
    const stored: StoredReport = { ...rest, textLength: text.length };
    await this.send({
      type: 'report',
      url: location.href,
      report: stored,
      anchored,
      unanchored: this.unanchored,
      dropped: this.dropped.count,
    });
  }

  // ---- page changes -----------------------------------------------------------------------------

  private pauseObserver(fn: () => void): void {
    fn();
    // Our own writes (fallback marks, tooltip host) are not page changes.
    this.observer.takeRecords();
  }

  private onMutations(records: MutationRecord[]): void {
    const host = this.interaction.tooltip.element;
    const relevant = records.some((r) => {
      if (host && (r.target === host || host.contains(r.target))) return false;
      if (r.type === 'childList') {
        const nodes = [...r.addedNodes, ...r.removedNodes];
        if (nodes.length > 0 && nodes.every((n) => n.nodeName.toLowerCase() === TOOLTIP_TAG)) return false;
      }
      return true;
    });
    if (relevant) {
      this.mutations++;
      this.scheduleAnalysis();
    }
  }

  /** `report`: the background asked (its idea of the tab changed): answer with a report even if nothing did. */
  private scheduleAnalysis(report = false): void {
    if (report) this.reportNext = true;
    // A new route or an explicit request is never kept waiting by the back-off.
    if (report || location.href !== this.analysedUrl) this.quietRuns = 0;
    const now = Date.now();
    if (!this.debounce) this.firstChange = now;
    if (this.debounce) clearTimeout(this.debounce);
    // Debounced, but a page that never stops changing is still re-checked every few seconds.
    const maxWait = Math.min(MAX_BACKOFF_MS, MAX_WAIT_MS * 2 ** this.quietRuns);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstChange + maxWait - now));
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.analyse(false);
    }, wait);
  }

  // ---- listeners ------------------------------------------------------------------------------

  private listen(): void {
    this.observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    this.cleanups.add(() => this.observer.disconnect());

    // SPA navigation: the page's pushState is out of reach from here; route changes show as popstate,
    // as DOM changes (with a new location.href), or as a 'reanalyse' from the background's tab events.
    this.cleanups.listen(window, 'popstate', () => this.scheduleAnalysis());
    const nav = (window as { navigation?: EventTarget }).navigation;
    if (nav && typeof nav.addEventListener === 'function') this.cleanups.listen(nav, 'navigatesuccess', () => this.scheduleAnalysis());

    this.interaction.listen();

    // Answers through sendResponse, synchronously: works with and without the promise polyfill.
    const onMessage = (raw: unknown, sender: SenderLike, sendResponse: (answer: boolean) => void): undefined => {
      if (!isFromOurExtension(sender, browser.runtime.id)) return this.dropped.drop('foreign sender', raw);
      const message = parseBackgroundMessage(raw);
      if (!message) return this.dropped.drop('malformed', raw);
      switch (message.type) {
        case 'ping':
          sendResponse(true);
          return;
        case 'reanalyse':
          this.scheduleAnalysis(true);
          sendResponse(true);
          return;
        case 'scroll-to':
          sendResponse(this.interaction.scrollTo(message.findingId));
          return;
        case 'cleanup':
          this.stop();
          sendResponse(true);
          return;
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    this.cleanups.add(() => browser.runtime.onMessage.removeListener(onMessage));

    const unwatch = watchSettings((settings) => {
      this.settings = settings;
      this.lang = resolveLanguage(settings.uiLanguage);
      if (isSiteDisabledIn(settings, location.href)) {
        this.stop();
        return;
      }
      this.interaction.tooltip.hide();
      this.pauseObserver(() =>
        this.painter.paint(
          this.anchors.map((a) => ({ id: a.finding.id, cls: a.finding.class, range: a.range })),
          this.visibleClasses(),
        ),
      );
    });
    this.cleanups.add(unwatch);
  }

  /** Anchors currently drawn (their class is shown), in page order. */
  private drawn(): Anchor[] {
    const visible = this.visibleClasses();
    return this.anchors.filter((a) => visible.has(a.finding.class) && !a.range.collapsed);
  }

  /** Removes everything: highlights, tooltip, listeners, observer. The page is as before. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.running?.abort();
    if (this.debounce) clearTimeout(this.debounce);
    this.cleanups.run();
    this.interaction.destroy();
    this.painter.clear();
    this.anchors = [];
    delete (globalThis as Record<string, unknown>)[GLOBAL_KEY];
  }
}

export default defineUnlistedScript(() => {
  const g = globalThis as Record<string, unknown>;
  const existing = g[GLOBAL_KEY] as Controller | undefined;
  if (existing) {
    // The running copy already has its knowledge: drop the text handed over again.
    delete (g as { __claimlightKnowledgeText?: unknown }).__claimlightKnowledgeText;
    existing.reanalyse();
    return;
  }
  // Taken now, in the same task as the hand-over: a second injection must not find (and drop) it.
  const knowledgeText = (g as { __claimlightKnowledgeText?: unknown }).__claimlightKnowledgeText;
  delete (g as { __claimlightKnowledgeText?: unknown }).__claimlightKnowledgeText;
  const analyzer = new Analyzer();
  g[GLOBAL_KEY] = analyzer;
  // Evaluating this bundle is one task already; the work starts in the next one.
  setTimeout(() => {
    void analyzer.start(knowledgeText).catch((e: unknown) => {
      console.warn('[Claimlight] analysis failed', e);
      analyzer.stop();
    });
  }, 0);
});
