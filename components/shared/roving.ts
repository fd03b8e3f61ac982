/**
 * Arrow-key movement inside a list (WAI-ARIA "roving tabindex"): Tab enters the list once, the
 * arrows, Home and End move between its items, so a long list does not cost thirty Tab presses.
 */
import type { JSX } from 'preact';

const ITEM = '[data-roving-item]';

function items(container: Element): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(ITEM)];
}

/** Keeps exactly one item tabbable: the focused one, else the first. Call after each render. */
export function syncRoving(container: Element | null): void {
  if (!container) return;
  const list = items(container);
  const active = list.find((el) => el === container.ownerDocument.activeElement) ?? list.find((el) => el.tabIndex === 0) ?? list[0];
  for (const el of list) el.tabIndex = el === active ? 0 : -1;
}

export function onRovingKeyDown(event: JSX.TargetedKeyboardEvent<HTMLElement>): void {
  const container = event.currentTarget;
  const list = items(container);
  if (list.length === 0) return;
  const current = list.findIndex((el) => el === container.ownerDocument.activeElement);
  let next: number;
  switch (event.key) {
    case 'ArrowDown':
    case 'ArrowRight':
      next = current < 0 ? 0 : Math.min(list.length - 1, current + 1);
      break;
    case 'ArrowUp':
    case 'ArrowLeft':
      next = current < 0 ? 0 : Math.max(0, current - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = list.length - 1;
      break;
    default:
      return;
  }
  // Only when an item itself has focus: arrows inside a link or a text field keep their meaning.
  if (current < 0) return;
  event.preventDefault();
  for (const el of list) el.tabIndex = -1;
  const target = list[next];
  if (target) {
    target.tabIndex = 0;
    target.focus();
  }
}
