/**
 * User settings and local "this flag is wrong" reports, in `browser.storage.local`
 * through WXT's versioned storage items.
 *
 * Every read goes through `normalizeSettings`: storage can hold anything (an older
 * build, a hand edit in devtools, another extension version, a half-written value),
 * and a bad value must degrade to the defaults with a logged warning, never to a
 * broken side panel or a background that throws.
 */
import { storage } from 'wxt/utils/storage';
import { isRecord } from './is-record';

export type HighlightClass = 'dubious' | 'nuance' | 'marketing' | 'agrees';
export const HIGHLIGHT_CLASSES: readonly HighlightClass[] = ['dubious', 'nuance', 'marketing', 'agrees'];

export type UiLanguage = 'auto' | 'en' | 'zh';
export const UI_LANGUAGES: readonly UiLanguage[] = ['auto', 'en', 'zh'];

export interface Settings {
  /** Analyse pages that pass the gate without being asked. */
  autoAnalyse: boolean;
  /** Hostnames (lower-case, no port) where Claimlight does nothing; subdomains included. */
  disabledSites: string[];
  /** Which finding classes are drawn on the page (`agrees` is off by default). */
  highlightClasses: Record<HighlightClass, boolean>;
  uiLanguage: UiLanguage;
}

export const SETTINGS_VERSION = 2;

export function defaultSettings(): Settings {
  return {
    autoAnalyse: true,
    disabledSites: [],
    highlightClasses: { dubious: true, nuance: true, marketing: true, agrees: false },
    uiLanguage: 'auto',
  };
}

/**
 * Version 1 was the first stored shape: `{ autoAnalyse, disabledSites }` with sites
 * stored as typed by the user (any case, sometimes a full URL). Version 2 added
 * per-class highlighting and the UI language, and stores bare hostnames.
 */
export interface SettingsV1 {
  autoAnalyse?: unknown;
  disabledSites?: unknown;
}

/** v1 -> v2. Written defensively: it runs on whatever was stored, before validation. */
export function migrateV1toV2(old: unknown): unknown {
  if (!isRecord(old)) return old; // left for normalizeSettings to reject with a warning
  const defaults = defaultSettings();
  return {
    autoAnalyse: old.autoAnalyse,
    disabledSites: Array.isArray(old.disabledSites)
      ? old.disabledSites.flatMap((s) => {
          const host = typeof s === 'string' ? normalizeHostname(s) : undefined;
          return host ? [host] : [];
        })
      : old.disabledSites,
    highlightClasses: defaults.highlightClasses,
    uiLanguage: defaults.uiLanguage,
  };
}

export const settingsItem = storage.defineItem<unknown>('local:settings', {
  version: SETTINGS_VERSION,
  migrations: { 2: migrateV1toV2 },
});

function warn(message: string, value?: unknown): void {
  console.warn(`[Claimlight] settings: ${message}; using the default.`, value);
}

/**
 * Turns any stored value into valid settings. Unknown keys are dropped; each
 * invalid field falls back to its default on its own, so one bad field does not
 * throw away the user's other choices.
 */
export function normalizeSettings(raw: unknown): Settings {
  const defaults = defaultSettings();
  if (raw == null) return defaults;
  if (!isRecord(raw)) {
    warn(`stored value is not an object (${Array.isArray(raw) ? 'array' : typeof raw})`, raw);
    return defaults;
  }
  const out = defaults;
  if ('autoAnalyse' in raw) {
    if (typeof raw.autoAnalyse === 'boolean') out.autoAnalyse = raw.autoAnalyse;
    else warn('autoAnalyse is not a boolean', raw.autoAnalyse);
  }
  if ('disabledSites' in raw) {
    if (Array.isArray(raw.disabledSites)) {
      const hosts = new Set<string>();
      for (const s of raw.disabledSites) {
        const host = typeof s === 'string' ? normalizeHostname(s) : undefined;
        if (host) hosts.add(host);
        else warn('dropping an invalid disabled site', s);
      }
      out.disabledSites = [...hosts];
    } else warn('disabledSites is not a list', raw.disabledSites);
  }
  if ('highlightClasses' in raw) {
    const hc = raw.highlightClasses;
    if (isRecord(hc)) {
      for (const cls of HIGHLIGHT_CLASSES) {
        if (!(cls in hc)) continue;
        if (typeof hc[cls] === 'boolean') out.highlightClasses[cls] = hc[cls];
        else warn(`highlightClasses.${cls} is not a boolean`, hc[cls]);
      }
    } else warn('highlightClasses is not an object', hc);
  }
  if ('uiLanguage' in raw) {
    if (UI_LANGUAGES.includes(raw.uiLanguage as UiLanguage)) out.uiLanguage = raw.uiLanguage as UiLanguage;
    else warn('uiLanguage is not auto|en|zh', raw.uiLanguage);
  }
  return out;
}

/** Never throws: a storage failure is logged and gives the defaults. */
export async function getSettings(): Promise<Settings> {
  try {
    return normalizeSettings(await settingsItem.getValue());
  } catch (e) {
    console.warn('[Claimlight] settings: could not read storage; using the defaults.', e);
    return defaultSettings();
  }
}

export async function saveSettings(settings: Settings): Promise<void> {
  await settingsItem.setValue(normalizeSettings(settings));
}

/** Read-modify-write; `change` gets a fresh, valid copy. */
export async function updateSettings(change: (s: Settings) => Settings | void): Promise<Settings> {
  const current = await getSettings();
  const next = change(current) ?? current;
  await saveSettings(next);
  return normalizeSettings(next);
}

/** Calls `cb` with validated settings on every change; returns the unwatch function. */
export function watchSettings(cb: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => cb(normalizeSettings(value)));
}

// ---------------------------------------------------------------------------
// Sites
// ---------------------------------------------------------------------------

/**
 * "Example.COM", "https://www.example.com/path", "example.com:8080" -> "example.com" /
 * "www.example.com". Returns undefined for things that are not a hostname.
 */
export function normalizeHostname(input: string): string | undefined {
  let s = input.trim().toLowerCase();
  if (!s) return undefined;
  try {
    s = new URL(s.includes('://') ? s : `http://${s}`).hostname;
  } catch {
    return undefined;
  }
  s = s.replace(/\.$/, '');
  // IPv6 literals keep their brackets from URL.hostname; everything else is labels.
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9-_]+(\.[a-z0-9-_]+)*)$/.test(s)) return undefined;
  return s;
}

/** Hostname of a page URL, only for pages Claimlight can run on (http/https). */
export function siteOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return normalizeHostname(u.hostname);
  } catch {
    return undefined;
  }
}

/** The listed site that covers `host` (itself or a parent domain; "www." is ignored both ways). */
function coveringSite(host: string, sites: readonly string[]): string | undefined {
  const bare = host.replace(/^www\./, '');
  return sites.find((site) => {
    const s = site.replace(/^www\./, '');
    return bare === s || bare.endsWith(`.${s}`);
  });
}

/** A page URL (http/https only) or a bare hostname as typed in the options page. */
function hostOf(urlOrHost: string): string | undefined {
  return urlOrHost.includes('://') ? siteOf(urlOrHost) : normalizeHostname(urlOrHost);
}

export function isSiteDisabledIn(settings: Settings, url: string): boolean {
  const host = hostOf(url);
  return host !== undefined && coveringSite(host, settings.disabledSites) !== undefined;
}

export async function isSiteDisabled(url: string): Promise<boolean> {
  return isSiteDisabledIn(await getSettings(), url);
}

/** Adds or removes the page's site (accepts a URL or a bare hostname). */
export async function setSiteDisabled(urlOrHost: string, disabled: boolean): Promise<Settings> {
  const host = hostOf(urlOrHost);
  if (!host) throw new Error(`Not a web site: ${urlOrHost}`);
  return updateSettings((s) => {
    if (disabled) {
      if (!coveringSite(host, s.disabledSites)) s.disabledSites.push(host);
    } else {
      // Re-enabling removes every entry that covers the page, or it would stay off.
      let covering: string | undefined;
      while ((covering = coveringSite(host, s.disabledSites))) {
        const c = covering;
        s.disabledSites = s.disabledSites.filter((x) => x !== c);
      }
    }
  });
}

// "This flag is wrong" reports moved to ./flag-reports (one storage key per report); re-exported so
// existing imports keep working.
export {
  addFlagReport,
  clearFlagReports,
  exportFlagReports,
  flagReportsJson,
  getFlagReports,
  MAX_FLAG_REPORTS,
  watchFlagReports,
  type FlagReport,
} from './flag-reports';
