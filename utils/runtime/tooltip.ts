/**
 * The tooltip shown on a highlight (hover, keyboard focus, Alt+Shift+N). It
 * lives in a shadow root on a host attached to <html> (outside <body>, so the
 * page's body text never changes), positioned `fixed` so nothing on the page
 * moves. Everything from the page or the knowledge is set with textContent,
 * never as HTML.
 */
import type { ClaimCard, Finding } from '../engine/types';
import { pick, t, type Lang } from '../i18n';

export const TOOLTIP_TAG = 'claimlight-tooltip';

const STYLE = `
:host { all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647; }
.tip { position: fixed; box-sizing: border-box; max-width: min(420px, calc(100vw - 16px)); max-height: 520px; overflow: auto;
  padding: 12px 14px; border-radius: 10px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", sans-serif;
  background: #ffffff; color: #1d1d1f; border: 1px solid #c9c9cf; box-shadow: 0 6px 24px rgba(0,0,0,.18); text-align: start; }
.tip[hidden] { display: none; }
.cls { display: inline-block; font-weight: 600; font-size: 12px; padding: 1px 8px; border-radius: 999px; border: 2px solid; }
.cls.dubious { color: #a3140f; border-color: #d32f2f; border-style: solid; }
.cls.nuance { color: #7a4a00; border-color: #c77800; border-style: dotted; }
.cls.marketing { color: #6a1b9a; border-color: #8e44ad; border-style: dashed; }
.cls.agrees { color: #1b5e20; border-color: #2e7d32; }
h2 { font-size: 13px; margin: 10px 0 2px; font-weight: 600; }
p { margin: 0; }
.statement { margin-top: 6px; font-weight: 600; }
.match { margin-top: 8px; font-size: 12px; color: #55555a; }
ul { margin: 2px 0 0; padding-inline-start: 18px; }
li { margin: 2px 0; }
.grade { font-size: 12px; color: #55555a; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; align-items: center; }
button { font: inherit; font-size: 13px; padding: 4px 10px; border-radius: 6px; border: 1px solid #8a8a90; background: #f4f4f6; color: inherit; cursor: pointer; }
button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 1px; }
.close { position: absolute; top: 6px; inset-inline-end: 6px; border: 0; background: transparent; font-size: 16px; line-height: 1; padding: 4px 6px; }
.note { font-size: 12px; color: #1b5e20; }
.hint { margin-top: 8px; font-size: 11px; color: #6b6b70; }
@media (prefers-color-scheme: dark) {
  .tip { background: #202124; color: #e8eaed; border-color: #5f6368; box-shadow: 0 6px 24px rgba(0,0,0,.5); }
  .cls.dubious { color: #ff8a80; } .cls.nuance { color: #ffcc80; } .cls.marketing { color: #e1bee7; } .cls.agrees { color: #a5d6a7; }
  .match, .grade, .hint { color: #bdc1c6; }
  button { background: #303134; border-color: #80868b; }
  .note { color: #a5d6a7; }
}
`;

export interface TooltipContent {
  finding: Finding;
  card: ClaimCard | undefined;
  lang: Lang;
}

export interface TooltipActions {
  openPanel(finding: Finding): void;
  flagWrong(finding: Finding): Promise<void>;
  /** The pointer entered/left the tooltip (hover stays open while over it). */
  hover(inside: boolean): void;
  closed(): void;
}

export class Tooltip {
  private host: HTMLElement | undefined;
  private box: HTMLElement | undefined;
  current: Finding | undefined;
  pinned = false;

  constructor(
    private readonly doc: Document,
    private readonly actions: TooltipActions,
    /** Firefox opens its sidebar only from a user action in the browser UI, not from a page click. */
    private readonly canOpenPanel = true,
  ) {}

  get element(): HTMLElement | undefined {
    return this.host;
  }

  private ensure(): HTMLElement {
    if (this.box && this.host?.isConnected) return this.box;
    const host = this.doc.createElement(TOOLTIP_TAG);
    const root = host.attachShadow({ mode: 'open' });
    // A constructed sheet is not an inline <style>, so a strict page CSP (style-src) cannot block it.
    let style: HTMLStyleElement | undefined;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
    } catch {
      style = this.doc.createElement('style');
      style.textContent = STYLE;
    }
    const box = this.doc.createElement('div');
    box.className = 'tip';
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'false');
    box.hidden = true;
    box.addEventListener('pointerenter', () => this.actions.hover(true));
    box.addEventListener('pointerleave', () => this.actions.hover(false));
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.hide();
      }
    });
    if (style) root.append(style);
    root.append(box);
    // Outside <body>: the page's body text and layout stay exactly as they were.
    this.doc.documentElement.appendChild(host);
    this.host = host;
    this.box = box;
    return box;
  }

  show(content: TooltipContent, anchor: DOMRect, options: { pinned?: boolean; focus?: boolean } = {}): void {
    const box = this.ensure();
    const { finding, card, lang } = content;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string) => {
      const e = this.doc.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    box.replaceChildren();
    box.lang = lang === 'zh' ? 'zh-CN' : 'en';
    box.setAttribute('aria-label', t(lang, `class.${finding.class}`));

    const close = el('button', 'close', '\u00d7');
    close.setAttribute('aria-label', t(lang, 'tooltip.close'));
    close.addEventListener('click', () => this.hide());
    box.append(close, el('span', `cls ${finding.class}`, t(lang, `class.${finding.class}`)));

    if (card) {
      box.append(el('p', 'statement', pick(card.statement, lang)));
      box.append(el('h2', undefined, t(lang, 'card.why')), el('p', 'why', pick(card.explanation, lang)));
      if (card.consensus) box.append(el('h2', undefined, t(lang, 'card.consensus')), el('p', 'consensus', pick(card.consensus, lang)));
      box.append(el('h2', undefined, t(lang, 'card.sources')));
      box.append(el('p', 'grade', t(lang, 'card.grade', { grade: t(lang, `grade.${card.grade}`) })));
      if (card.references.length) {
        const list = el('ul', 'sources');
        for (const r of card.references.slice(0, 6)) list.append(el('li', undefined, `${r.title} \u2014 ${r.publisher}, ${r.year}`));
        box.append(list);
      }
    }
    const label = card ? pick(card.statement, lang) || finding.claim : finding.claim;
    box.append(el('p', 'match', t(lang, 'card.match', { claim: `${finding.claim}: ${label}`.slice(0, 160), score: Math.round(finding.score * 100) })));

    const actions = el('div', 'actions');
    const open = el('button', 'open-panel', t(lang, 'tooltip.openPanel'));
    open.addEventListener('click', () => this.actions.openPanel(finding));
    const wrong = el('button', 'flag-wrong', t(lang, 'tooltip.flagWrong'));
    wrong.addEventListener('click', () => {
      wrong.disabled = true;
      void this.actions.flagWrong(finding).then(
        () => wrong.replaceWith(el('span', 'note', t(lang, 'tooltip.flagSaved'))),
        () => (wrong.disabled = false),
      );
    });
    if (this.canOpenPanel) actions.append(open);
    actions.append(wrong);
    box.append(actions, el('p', 'hint', t(lang, 'tooltip.next')));

    this.current = finding;
    this.pinned = options.pinned ?? false;
    box.hidden = false;
    this.place(anchor);
    if (options.focus) (this.canOpenPanel ? open : close).focus({ preventScroll: true });
  }

  /**
   * Below the sentence, or above it when there is more room there; its height is limited to that
   * room (it scrolls inside) so it never covers the words it explains. Always inside the viewport.
   */
  place(anchor: DOMRect): void {
    const box = this.box;
    if (!box) return;
    const view = this.doc.defaultView;
    const vw = view?.innerWidth ?? 1024;
    const vh = view?.innerHeight ?? 768;
    const margin = 8;
    const gap = 6;
    box.style.maxHeight = '';
    const natural = box.getBoundingClientRect().height;
    const below = vh - anchor.bottom - gap - margin;
    const above = anchor.top - gap - margin;
    const useBelow = below >= natural || below >= above;
    const room = Math.max(120, useBelow ? below : above);
    box.style.maxHeight = `${Math.floor(Math.min(room, 520))}px`;
    const { width, height } = box.getBoundingClientRect();
    const top = useBelow ? anchor.bottom + gap : anchor.top - gap - height;
    box.style.top = `${Math.max(margin, Math.min(top, vh - height - margin))}px`;
    box.style.left = `${Math.max(margin, Math.min(anchor.left, vw - width - margin))}px`;
  }

  hide(): void {
    if (this.box && !this.box.hidden) {
      this.box.hidden = true;
      this.current = undefined;
      this.pinned = false;
      this.actions.closed();
    }
  }

  get visible(): boolean {
    return !!this.box && !this.box.hidden;
  }

  /** Whether a DOM event happened inside the tooltip. */
  contains(target: EventTarget | null): boolean {
    return !!this.host && target === this.host;
  }

  destroy(): void {
    this.host?.remove();
    this.host = undefined;
    this.box = undefined;
    this.current = undefined;
  }
}
