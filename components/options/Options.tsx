/**
 * The options page: automatic analysis, sites where Claimlight is off, highlighted classes, UI
 * language, and the local "this flag is wrong" reports (exported as a file by the user; nothing is
 * ever sent). Every change is written at once and read back through the validated settings.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { htmlLang, resolveLanguage, translator, type StringKey } from '../../utils/i18n';
import {
  clearFlagReports,
  defaultSettings,
  exportFlagReports,
  getFlagReports,
  getSettings,
  HIGHLIGHT_CLASSES,
  normalizeHostname,
  setSiteDisabled,
  updateSettings,
  watchSettings,
  watchFlagReports,
  type Settings,
  type UiLanguage,
} from '../../utils/settings';

/** Saves `json` as a file through a blob URL: the data never leaves the device. */
export function downloadJson(json: string, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Options() {
  const [settings, setSettings] = useState<Settings | undefined>(undefined);
  const [reports, setReports] = useState<number>(0);
  const [siteInput, setSiteInput] = useState('');
  const [siteError, setSiteError] = useState('');
  const [status, setStatus] = useState('');
  const [confirmClear, setConfirmClear] = useState(false);

  useEffect(() => {
    void getSettings().then(setSettings);
    const unwatch = watchSettings(setSettings);
    const refreshReports = () => void getFlagReports().then((r) => setReports(r.length));
    refreshReports();
    const unwatchReports = watchFlagReports(refreshReports);
    return () => {
      unwatch();
      unwatchReports();
    };
  }, []);

  const shown = settings ?? defaultSettings();
  const lang = resolveLanguage(shown.uiLanguage);
  const t = useMemo(() => translator(lang), [lang]);

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
    document.title = t('options.title');
  }, [lang, t]);

  /** Storage can fail (quota, profile shutting down): say so in the reader's language, details to the console. */
  const failed = (e: unknown) => {
    console.warn('[Claimlight] options: could not save', e);
    setStatus(t('options.saveFailed'));
  };
  const saved = (s: Settings) => {
    setSettings(s);
    setStatus(t('options.saved'));
  };

  const save = (change: (s: Settings) => void) => {
    updateSettings(change).then(saved, failed);
  };

  const addSite = (e: Event) => {
    e.preventDefault();
    const host = normalizeHostname(siteInput);
    if (!host) {
      setSiteError(t('options.siteInvalid', { site: siteInput.trim() }));
      return;
    }
    setSiteError('');
    setSiteInput('');
    setSiteDisabled(host, true).then(saved, failed);
  };

  const languages: [UiLanguage, StringKey][] = [
    ['auto', 'options.langAuto'],
    ['en', 'options.langEn'],
    ['zh', 'options.langZh'],
  ];

  if (!settings) return null;
  return (
    <main class="options" lang={htmlLang(lang)}>
      <h1>{t('options.title')}</h1>

      <section aria-labelledby="opt-analysis">
        <h2 id="opt-analysis">{t('options.analysis')}</h2>
        <label class="check">
          <input
            type="checkbox"
            name="autoAnalyse"
            checked={settings.autoAnalyse}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              save((s) => {
                s.autoAnalyse = on;
              });
            }}
          />{' '}
          {t('options.autoAnalyse')}
        </label>
        <p class="muted hint">{t('options.autoAnalyseHint')}</p>
      </section>

      <section aria-labelledby="opt-classes">
        <h2 id="opt-classes">{t('options.classes')}</h2>
        {HIGHLIGHT_CLASSES.map((cls) => (
          <label class="check" key={cls}>
            <input
              type="checkbox"
              name={`highlight-${cls}`}
              checked={settings.highlightClasses[cls]}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                save((s) => {
                  s.highlightClasses[cls] = on;
                });
              }}
            />{' '}
            <span class={`badge ${cls}`}>{t(`class.${cls}`)}</span>
          </label>
        ))}
      </section>

      <section aria-labelledby="opt-sites">
        <h2 id="opt-sites">{t('options.sites')}</h2>
        {settings.disabledSites.length === 0 ? (
          <p class="muted">{t('options.sitesNone')}</p>
        ) : (
          <ul class="sites">
            {settings.disabledSites.map((site) => (
              <li key={site} data-site={site}>
                <span>{site}</span>{' '}
                <button type="button" onClick={() => setSiteDisabled(site, false).then(saved, failed)} aria-label={t('options.siteRemove', { site })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form class="add-site" onSubmit={addSite}>
          <label for="site-input" class="visually-hidden">
            {t('options.siteInput')}
          </label>
          <input
            id="site-input"
            type="text"
            value={siteInput}
            placeholder={t('options.siteInput')}
            aria-invalid={siteError ? 'true' : undefined}
            aria-describedby={siteError ? 'site-error' : undefined}
            onInput={(e) => setSiteInput(e.currentTarget.value)}
          />
          <button type="submit">{t('options.siteAdd')}</button>
        </form>
        {siteError ? (
          <p id="site-error" class="field-error" role="alert">
            {siteError}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="opt-language">
        <h2 id="opt-language">{t('options.language')}</h2>
        <div role="radiogroup" aria-labelledby="opt-language">
          {languages.map(([value, key]) => (
            <label class="check" key={value}>
              <input
                type="radio"
                name="uiLanguage"
                value={value}
                checked={settings.uiLanguage === value}
                onChange={() =>
                  save((s) => {
                    s.uiLanguage = value;
                  })
                }
              />{' '}
              {key === 'options.langAuto'
                ? t(key, { lang: resolveLanguage('auto') === 'zh' ? '中文' : 'English' })
                : t(key)}
            </label>
          ))}
        </div>
      </section>

      <section aria-labelledby="opt-reports">
        <h2 id="opt-reports">{t('options.reports')}</h2>
        <p class="muted">{t('options.reportsHint')}</p>
        <p class="reports-count">{t('options.reportsCount', { n: reports })}</p>
        <div class="buttons">
          <button
            type="button"
            class="primary"
            disabled={reports === 0}
            onClick={() =>
              exportFlagReports().then(
                (json) => downloadJson(json, `claimlight-flag-reports-${new Date().toISOString().slice(0, 10)}.json`),
                failed,
              )
            }
          >
            {t('options.reportsExport')}
          </button>
          {confirmClear ? (
            <span class="confirm" role="group" aria-label={t('options.reportsClearConfirm', { n: reports })}>
              <span>{t('options.reportsClearConfirm', { n: reports })}</span>{' '}
              <button
                type="button"
                class="danger"
                onClick={() => {
                  setConfirmClear(false);
                  clearFlagReports().then(() => {
                    setReports(0);
                    setStatus(t('options.reportsCleared'));
                  }, failed);
                }}
              >
                {t('options.reportsClearYes')}
              </button>{' '}
              <button type="button" onClick={() => setConfirmClear(false)}>
                {t('options.reportsClearNo')}
              </button>
            </span>
          ) : (
            // Reports cannot be recovered once cleared: ask first.
            <button type="button" class="clear-reports" disabled={reports === 0} onClick={() => setConfirmClear(true)}>
              {t('options.reportsClear')}
            </button>
          )}
        </div>
      </section>

      <p class="status muted" role="status" aria-live="polite">
        {status}
      </p>
    </main>
  );
}
