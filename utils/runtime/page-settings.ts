/**
 * What the page runtime needs from the user's settings, read tolerantly from
 * `local:settings` (the item U2 defines in utils/settings.ts with versioned
 * migrations). Reading the raw value keeps the background and the analyzer
 * working whatever the panel's settings module adds; anything missing or
 * malformed falls back to the defaults.
 */
import { storage } from 'wxt/utils/storage';
import type { FindingClass } from '../engine/types';

export interface PageSettings {
  autoAnalyse: boolean;
  /** Hostnames where Claimlight is off. */
  disabledSites: string[];
  highlightClasses: FindingClass[];
}

export const SETTINGS_KEY = 'local:settings' as const;

export const DEFAULT_PAGE_SETTINGS: PageSettings = {
  autoAnalyse: true,
  disabledSites: [],
  highlightClasses: ['dubious', 'nuance', 'marketing'],
};

const CLASSES: ReadonlySet<string> = new Set<FindingClass>(['dubious', 'nuance', 'marketing', 'agrees']);

export function readPageSettings(raw: unknown): PageSettings {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_PAGE_SETTINGS };
  const v = raw as Record<string, unknown>;
  return {
    autoAnalyse: typeof v.autoAnalyse === 'boolean' ? v.autoAnalyse : DEFAULT_PAGE_SETTINGS.autoAnalyse,
    disabledSites: Array.isArray(v.disabledSites)
      ? v.disabledSites.filter((s): s is string => typeof s === 'string').map((s) => s.trim().toLowerCase())
      : [],
    highlightClasses: Array.isArray(v.highlightClasses)
      ? v.highlightClasses.filter((c): c is FindingClass => typeof c === 'string' && CLASSES.has(c))
      : [...DEFAULT_PAGE_SETTINGS.highlightClasses],
  };
}

export async function getPageSettings(): Promise<PageSettings> {
  try {
    return readPageSettings(await storage.getItem(SETTINGS_KEY));
  } catch {
    return { ...DEFAULT_PAGE_SETTINGS };
  }
}

export function watchPageSettings(cb: (settings: PageSettings) => void): () => void {
  return storage.watch(SETTINGS_KEY, (raw) => cb(readPageSettings(raw)));
}

/** The site key used in `disabledSites` for a page URL (its hostname; `www.` is the same site). */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}

export function isSiteDisabled(settings: PageSettings, url: string): boolean {
  const site = siteOf(url);
  if (!site) return false;
  return settings.disabledSites.some((d) => {
    const entry = d.replace(/^www\./, '');
    return site === entry || site.endsWith(`.${entry}`);
  });
}
