/**
 * How a reader reaches the findings drawn on a page: hovering a highlight,
 * moving the caret or focus into one, Alt+Shift+N / Alt+Shift+P from one
 * flagged claim to the next, and the side panel's "show on page". It owns the
 * tooltip and its timers; what is drawn, and where, stays with the analyser
 * (kept apart the way the Hypothesis client keeps anchoring from its UI).
 */
import type { ClaimCard, Finding } from '../engine/types';
import { FLAG_CLASSES } from '../engine/types';
import type { Lang } from '../i18n';
import type { Painter } from './highlights';
import { Cleanups } from './cleanups';
import { Tooltip } from './tooltip';

export interface Anchor {
  finding: Finding;
  range: Range;
}

export interface InteractionHost {
  /** Every anchored finding, in page order. */
  anchors(): Anchor[];
  /** The anchored findings whose class is drawn now, in page order. */
  drawn(): Anchor[];
  card(finding: Finding): ClaimCard | undefined;
  lang(): Lang;
  openPanel(finding: Finding): void;
  flagWrong(finding: Finding): Promise<void>;
}

/** Leaving a highlight closes its hover tooltip after this long (time to reach the tooltip). */
const HOVER_HIDE_MS = 300;

export class FindingInteraction {
  readonly tooltip: Tooltip;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private overTooltip = false;
  private hoverFrame = 0;
  private lastPointer: { x: number; y: number } | undefined;
  private focusBefore: Element | null = null;
  private readonly cleanups = new Cleanups();

  constructor(
    private readonly doc: Document,
    private readonly painter: Painter,
    private readonly host: InteractionHost,
    /** The tooltip offers "open side panel" (Firefox opens its sidebar only from the browser's own UI). */
    canOpenPanel: boolean,
  ) {
    this.tooltip = new Tooltip(
      doc,
      {
        openPanel: (f) => host.openPanel(f),
        flagWrong: (f) => host.flagWrong(f),
        hover: (inside) => {
          this.overTooltip = inside;
          if (!inside) this.scheduleHide();
          else if (this.hideTimer) clearTimeout(this.hideTimer);
        },
        closed: () => {
          this.painter.setActive(undefined);
          if (this.focusBefore instanceof HTMLElement) this.focusBefore.focus({ preventScroll: true });
          this.focusBefore = null;
        },
      },
      canOpenPanel,
    );
  }

  /** Starts listening to the page; undone by destroy(). */
  listen(): void {
    const win = this.doc.defaultView ?? window;
    this.cleanups.listen(this.doc, 'mousemove', (e) => this.onPointer(e as MouseEvent), { passive: true, capture: true });
    this.cleanups.listen(this.doc, 'keydown', (e) => this.onKey(e as KeyboardEvent), { capture: true });
    this.cleanups.listen(this.doc, 'selectionchange', () => this.onSelection());
    this.cleanups.listen(this.doc, 'focusin', (e) => this.onFocus(e as FocusEvent));
    this.cleanups.listen(win, 'scroll', () => this.onScroll(), { passive: true, capture: true });
    this.cleanups.listen(win, 'resize', () => this.onScroll(), { passive: true });
    this.cleanups.listen(
      this.doc,
      'pointerdown',
      (e) => {
        if (this.tooltip.visible && !this.tooltip.contains(e.target)) this.tooltip.hide();
      },
      { capture: true },
    );
  }

  /** After re-anchoring (finding ids restart with every report), an open tooltip follows its sentence, or closes. */
  follow(): void {
    const open = this.tooltip.current;
    if (!open) return;
    const same = this.host.anchors().find((a) => a.finding.claim === open.claim && a.finding.sentence === open.sentence);
    if (same) this.showFor(same, { pinned: this.tooltip.pinned });
    else this.tooltip.hide();
  }

  /** The side panel's "show on page": scrolls the finding into view and flashes it. */
  scrollTo(findingId: string): boolean {
    const anchor = this.host.anchors().find((a) => a.finding.id === findingId);
    if (!anchor) return false;
    this.reveal(anchor);
    return true;
  }

  destroy(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    if (this.hoverFrame) cancelAnimationFrame(this.hoverFrame);
    this.hoverFrame = 0;
    this.cleanups.run();
    this.tooltip.destroy();
  }

  private anchorAtPoint(x: number, y: number): Anchor | undefined {
    for (const a of this.host.drawn()) {
      for (const r of a.range.getClientRects()) {
        if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return a;
      }
    }
    return undefined;
  }

  private onPointer(e: MouseEvent): void {
    // Over the tooltip, the highlights under it do not count (it would switch to another finding).
    if (this.tooltip.contains(e.target)) {
      this.lastPointer = undefined;
      return;
    }
    this.lastPointer = { x: e.clientX, y: e.clientY };
    if (this.hoverFrame) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const p = this.lastPointer;
      if (!p) return;
      const hit = this.anchorAtPoint(p.x, p.y);
      if (hit) {
        if (this.hideTimer) clearTimeout(this.hideTimer);
        if (this.tooltip.current?.id !== hit.finding.id) this.showFor(hit, { pinned: false });
      } else if (this.tooltip.visible && !this.tooltip.pinned && !this.overTooltip) this.scheduleHide();
    });
  }

  private scheduleHide(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      if (!this.overTooltip && !this.tooltip.pinned) this.tooltip.hide();
    }, HOVER_HIDE_MS);
  }

  /** Where the tooltip goes: under (or over) the whole sentence, so it never hides the flagged words. */
  private anchorBox(anchor: Anchor): DOMRect {
    const whole = anchor.range.getBoundingClientRect();
    const first = anchor.range.getClientRects()[0] ?? whole;
    return new DOMRect(first.left, whole.top, Math.max(1, whole.right - first.left), whole.height);
  }

  private showFor(anchor: Anchor, options: { pinned: boolean; focus?: boolean }): void {
    // XML and SVG documents get highlights but no tooltip (no HTML elements to host it).
    if (!(this.doc.documentElement instanceof HTMLElement)) return;
    this.painter.setActive(anchor.range);
    this.tooltip.show({ finding: anchor.finding, card: this.host.card(anchor.finding), lang: this.host.lang() }, this.anchorBox(anchor), options);
  }

  private onScroll(): void {
    const current = this.tooltip.current;
    if (!current) return;
    const anchor = this.host.anchors().find((a) => a.finding.id === current.id);
    if (this.tooltip.pinned && anchor) this.tooltip.place(this.anchorBox(anchor));
    else this.tooltip.hide();
  }

  private isEditable(target: EventTarget | null): boolean {
    const el = target as HTMLElement | null;
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName ?? ''));
  }

  /** Alt+Shift+N / Alt+Shift+P: next / previous flagged claim, with its tooltip open and focused. */
  private onKey(e: KeyboardEvent): void {
    if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || (e.code !== 'KeyN' && e.code !== 'KeyP')) return;
    if (this.isEditable(e.target) && !this.tooltip.contains(e.target)) return;
    const flagged = this.host.drawn().filter((a) => FLAG_CLASSES.includes(a.finding.class));
    if (flagged.length === 0) return;
    e.preventDefault();
    e.stopPropagation();
    const currentIndex = flagged.findIndex((a) => a.finding.id === this.tooltip.current?.id);
    const step = e.code === 'KeyN' ? 1 : -1;
    const next = flagged[(currentIndex + step + flagged.length) % flagged.length] ?? flagged[0];
    if (!next) return;
    if (!this.tooltip.visible) this.focusBefore = this.doc.activeElement;
    this.reveal(next);
    this.showFor(next, { pinned: true, focus: true });
  }

  /** Caret browsing / keyboard selection landing inside a highlight opens its tooltip. */
  private onSelection(): void {
    const sel = this.doc.getSelection();
    if (!sel || sel.rangeCount === 0 || !sel.isCollapsed) return;
    const node = sel.anchorNode;
    if (!node || (this.tooltip.element && this.tooltip.element.contains(node))) return;
    const hit = this.host.drawn().find((a) => {
      try {
        return a.range.isPointInRange(node, sel.anchorOffset);
      } catch {
        return false;
      }
    });
    if (hit && this.tooltip.current?.id !== hit.finding.id) this.showFor(hit, { pinned: true });
  }

  /** A focused element (a link inside a flagged sentence) opens the tooltip of its highlight. */
  private onFocus(e: FocusEvent): void {
    const el = e.target as Node | null;
    if (!el || this.tooltip.contains(e.target) || el === this.doc.body) return;
    // The element is part of a flagged sentence (a link in it), not a container of the whole page.
    const hit = this.host
      .drawn()
      .find(
        (a) =>
          a.range.intersectsNode(el) &&
          (!el.contains(a.range.commonAncestorContainer) || (el.textContent?.length ?? 0) <= a.finding.sentence.length * 2),
      );
    if (hit && this.tooltip.current?.id !== hit.finding.id) this.showFor(hit, { pinned: true });
  }

  private reveal(anchor: Anchor): void {
    const target = anchor.range.startContainer.parentElement;
    const reduce = this.doc.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    target?.scrollIntoView({ block: 'center', inline: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
    this.painter.flash(anchor.range);
  }
}
