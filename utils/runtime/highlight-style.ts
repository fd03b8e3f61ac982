/**
 * Highlight names and their page stylesheet. The background inserts it with
 * `scripting.insertCSS` at the USER origin with !important, so the page's own
 * `::highlight()` or `mark` rules cannot restyle (or hide) our highlights, and
 * nothing is added to the page's DOM.
 *
 * Only background, underline and decoration are set, never `color`: the page
 * keeps its own text colour, so the text stays as readable as it was on light
 * and dark pages. The classes differ by underline style as well as by colour
 * (wavy / dotted / dashed), so they are told apart without colour vision.
 */
import type { FindingClass } from '../engine/types';

export const HIGHLIGHT_PREFIX = 'claimlight-';
export const highlightName = (cls: FindingClass) => `${HIGHLIGHT_PREFIX}${cls}`;
/** Briefly drawn over a finding the user jumped to (panel click, keyboard). */
export const FLASH_HIGHLIGHT = `${HIGHLIGHT_PREFIX}flash`;
/** The finding whose tooltip is open. */
export const ACTIVE_HIGHLIGHT = `${HIGHLIGHT_PREFIX}active`;
/** Fallback element where the Highlight API is missing (wrapping, text untouched). */
export const FALLBACK_TAG = 'claimlight-mark';

interface ClassStyle {
  background: string;
  line: string;
  style: 'wavy' | 'dotted' | 'dashed' | 'solid';
}

export const CLASS_STYLES: Record<FindingClass, ClassStyle> = {
  dubious: { background: 'rgba(229, 57, 53, 0.24)', line: '#d32f2f', style: 'wavy' },
  nuance: { background: 'rgba(255, 179, 0, 0.30)', line: '#c77800', style: 'dotted' },
  marketing: { background: 'rgba(142, 68, 173, 0.22)', line: '#8e44ad', style: 'dashed' },
  agrees: { background: 'rgba(46, 125, 50, 0.16)', line: '#2e7d32', style: 'solid' },
};

function rule(selector: string, s: ClassStyle): string {
  return `${selector} { background-color: ${s.background} !important; text-decoration: underline ${s.style} ${s.line} 2px !important; text-decoration-skip-ink: none !important; }`;
}

export const PAGE_CSS = [
  ...(Object.keys(CLASS_STYLES) as FindingClass[]).map((cls) => rule(`::highlight(${highlightName(cls)})`, CLASS_STYLES[cls])),
  `::highlight(${ACTIVE_HIGHLIGHT}) { background-color: rgba(25, 118, 210, 0.28) !important; }`,
  `::highlight(${FLASH_HIGHLIGHT}) { background-color: rgba(255, 214, 0, 0.65) !important; }`,
  // Fallback marks: inline, no box of their own, so layout does not move.
  `${FALLBACK_TAG} { display: inline !important; margin: 0 !important; padding: 0 !important; border: 0 !important; font: inherit !important; color: inherit !important; }`,
  ...(Object.keys(CLASS_STYLES) as FindingClass[]).map((cls) => rule(`${FALLBACK_TAG}[data-claimlight-class="${cls}"]`, CLASS_STYLES[cls])),
].join('\n');
