/**
 * Deterministic generator of hostile JSON values for property tests: what a forged or corrupted message or
 * stored value can be after structured cloning / JSON (no functions, getters or proxies survive those).
 * Values are biased toward the shapes the receivers look for, so checks are exercised past their first line.
 */

/** mulberry32 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'type', 'passed', 'url', 'report', 'anchored', 'unanchored', 'dropped', 'status', 'error', 'findingId', 'tabId',
  'version', 'knowledgeHash', 'title', 'findings', 'claims', 'verdict', 'kind', 'signals', 'relevant', 'omissions',
  'topics', 'textLength', 'text', 'id', 'class', 'claim', 'sentence', 'start', 'end', 'score', '__proto__',
  'constructor', 'prototype', 'toString', 'autoAnalyse', 'disabledSites', 'highlightClasses', 'uiLanguage',
  'dubious', 'nuance', 'marketing', 'agrees', 'concepts', 'terms', 'label', 'en', 'zh', 'cues', 'polarity',
  'statement', 'explanation', 'topic', 'references', 'fuseIndex', 'hash', 'gatePassed', 'flagged', 'selection', 'focus', 'at',
];

const STRINGS = [
  '', 'gate', 'report', 'status', 'open-panel', 'panel:scroll-to', 'panel:analyse', 'scroll-to', 'cleanup', 'reanalyse', 'ping',
  'analysing', 'error', 'done', 'dubious', 'nuance', 'marketing', 'agrees', 'affirms', 'denies', 'auto', 'en', 'zh', 'f0',
  'https://example.com/', 'javascript:alert(1)', 'http://user:pass@evil.example:8080/x', '<img src=x onerror=alert(1)>',
  '白癜风', '他克莫司', '\u202e\u200b', 'x'.repeat(70), 'y'.repeat(9000), '__proto__', 'NaN', '1',
];

const NUMBERS = [0, 1, -1, 1.5, 42, 2 ** 31, 2 ** 53, -0, 1e308, 10_001];

export function randomJson(random: () => number, depth = 0): unknown {
  const r = random();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  if (depth > 4 || r < 0.35) {
    const leaf = random();
    if (leaf < 0.4) return pick(STRINGS);
    if (leaf < 0.65) return pick(NUMBERS);
    if (leaf < 0.8) return random() < 0.5;
    return null;
  }
  if (r < 0.55) {
    const n = Math.floor(random() * 4);
    return Array.from({ length: n }, () => randomJson(random, depth + 1));
  }
  // Objects are built through JSON so "__proto__" becomes an own key, as it does after cloning.
  const entries: string[] = [];
  const n = 1 + Math.floor(random() * 6);
  for (let i = 0; i < n; i++) entries.push(`${JSON.stringify(pick(KEYS))}:${JSON.stringify(randomJson(random, depth + 1)) ?? 'null'}`);
  return JSON.parse(`{${entries.join(',')}}`);
}

/** A valid value with one random part replaced by hostile JSON (a field removed, retyped or added). */
export function mutate(random: () => number, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  const containers: (Record<string, unknown> | unknown[])[] = [];
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    containers.push(v as Record<string, unknown> | unknown[]);
    for (const child of Object.values(v)) walk(child);
  };
  walk(copy);
  if (!containers.length) return randomJson(random);
  const target = containers[Math.floor(random() * containers.length)] as Record<string, unknown>;
  const keys = Object.keys(target);
  const key = keys.length && random() < 0.8 ? (keys[Math.floor(random() * keys.length)] as string) : 'extra';
  const how = random();
  if (how < 0.3 && !Array.isArray(target)) delete target[key];
  else target[key] = randomJson(random, 2);
  return copy;
}
