/**
 * A linkedom document installed as the global DOM, so Preact components render in Node exactly as
 * in the panel (Preact creates nodes through the global `document`). No browser, no extra package.
 */
import { parseHTML } from 'linkedom';
import { act } from 'preact/test-utils';
import { render, type ComponentChild } from 'preact';

export function installDom(): { document: Document; container: HTMLElement } {
  const { window, document } = parseHTML('<!doctype html><html><head></head><body><div id="app"></div></body></html>');
  const g = globalThis as Record<string, unknown>;
  for (const name of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'KeyboardEvent', 'MouseEvent', 'CustomEvent']) {
    g[name] = name === 'window' ? window : name === 'document' ? document : (window as unknown as Record<string, unknown>)[name];
  }
  const proto = (window as unknown as { Element: { prototype: Record<string, unknown> } }).Element.prototype;
  // Layout does not exist in linkedom; the panel only asks to scroll, so a no-op is faithful enough.
  proto.scrollIntoView ??= () => undefined;
  g.CSS ??= { escape: (s: string) => s.replace(/["\\]/g, '\\$&') };
  return { document: document as unknown as Document, container: document.getElementById('app') as unknown as HTMLElement };
}

export async function mount(ui: ComponentChild, container: HTMLElement): Promise<void> {
  await act(() => {
    render(ui, container);
  });
}

export async function unmount(container: HTMLElement): Promise<void> {
  await act(() => {
    render(null, container);
  });
}

/** Runs `fn` and lets Preact apply the state updates and effects it caused. */
export async function settle(fn: () => unknown = () => undefined, ms = 0): Promise<void> {
  await act(async () => {
    await fn();
    await new Promise((r) => setTimeout(r, ms));
  });
}

export function click(el: Element | null | undefined): void {
  if (!el) throw new Error('nothing to click');
  // linkedom has no MouseEvent; Preact's onClick listens for the event type only.
  el.dispatchEvent(new (globalThis as unknown as { Event: typeof Event }).Event('click', { bubbles: true }));
}

export function typeInto(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new (globalThis as unknown as { Event: typeof Event }).Event('input', { bubbles: true }));
}

/** Visible text of an element with whitespace collapsed (what a reader sees, roughly). */
export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Lets Preact settle until `check` passes (storage round trips take a variable number of ticks). */
export async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await settle(undefined, 10);
  }
}

/** Like waitFor, for conditions that need a storage read. */
export async function waitForAsync(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await settle(undefined, 10);
  }
}
