/**
 * The side panel's content as a pure function of its inputs (tab, tab state, settings, knowledge),
 * so every state can be rendered and checked without a browser; SidePanel.tsx wires it to the
 * extension APIs. Page content (sentences, snippets, selections, titles) is only ever rendered as
 * text nodes: nothing here uses innerHTML.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { KnowledgeIndex } from '../../utils/engine/knowledge';
import type { ClaimCard, Finding, ReferenceCard } from '../../utils/engine/types';
import { htmlLang, pick, type Lang, type Translate } from '../../utils/i18n';
import type { StoredReport } from '../../utils/runtime/messages';
import type { TabState } from '../../utils/runtime/tab-state';
import { isSiteDisabledIn, siteOf, type Settings } from '../../utils/settings';
import { ClaimDetails, ReferenceLink, type ClaimExtras } from '../shared/ClaimDetails';
import { onRovingKeyDown, syncRoving } from '../shared/roving';
import { Search, SelectionLookup } from './Search';

export type KnowledgeState =
  | { status: 'loading' }
  | { status: 'ready'; kb: KnowledgeIndex }
  | { status: 'error'; error: string };

export interface PanelTab {
  id: number;
  /** undefined when the browser does not tell us (chrome:// pages, the store, PDF viewer…). */
  url: string | undefined;
}

export interface PanelViewProps {
  lang: Lang;
  t: Translate;
  /** undefined while looking for the tab, null when there is none. */
  tab: PanelTab | null | undefined;
  state: TabState | undefined;
  settings: Settings;
  knowledge: KnowledgeState;
  onToggleSite(site: string, disable: boolean): void;
  onToggleLanguage(): void;
  onOpenOptions(): void;
  onScrollTo(findingId: string): void;
  onAnalyse(): void;
}

/** A topic can have dozens of consensus points; the most important come first (engine order). */
const RELEVANT_SHOWN = 6;
/** A huge page can flag hundreds of sentences; the rest render on request, not all at once. */
export const FINDINGS_SHOWN = 40;
const MAX_PAGE_TEXT = 400;

/** Page text is shown whole up to a readable length (a run-on "sentence" can be a whole page). */
export function clip(text: string, max = MAX_PAGE_TEXT): string {
  return text.length > max ? `${text.slice(0, max).trimEnd()}…` : text;
}

function extrasFor(knowledge: KnowledgeState, claimId: string): ClaimExtras | undefined {
  if (knowledge.status !== 'ready') return undefined;
  const claim = knowledge.kb.claimById.get(claimId)?.claim;
  return claim ? { reviewed: claim.reviewed } : undefined;
}

export function PanelView(props: PanelViewProps) {
  const { lang, t, tab, state, settings, knowledge } = props;
  const site = siteOf(tab?.url ?? state?.url);
  const siteDisabled = site !== undefined && isSiteDisabledIn(settings, site);

  // A lookup stays in the tab state until the next one; the reader can put it away.
  const [dismissedSelection, setDismissedSelection] = useState<number | undefined>(undefined);

  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);

  return (
    <div class="panel" lang={htmlLang(lang)}>
      <header class="panel-header">
        <h1>{t('appName')}</h1>
        <div class="header-actions">
          <button
            type="button"
            class="lang-toggle"
            onClick={props.onToggleLanguage}
            aria-label={t('header.switchToLabel')}
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
          >
            {t('header.switchTo')}
          </button>
          <button type="button" class="options-link" onClick={props.onOpenOptions}>
            {t('header.settings')}
          </button>
        </div>
        {site ? (
          <div class="site-row">
            <span class="site-name" title={site}>
              {site}
            </span>
            <button
              type="button"
              class={`site-toggle${siteDisabled ? ' primary' : ''}`}
              aria-pressed={siteDisabled}
              onClick={() => props.onToggleSite(site, !siteDisabled)}
            >
              {siteDisabled ? t('site.on', { site }) : t('site.off', { site })}
            </button>
          </div>
        ) : null}
      </header>

      {knowledge.status === 'error' ? (
        <div class="notice error" role="alert" data-state="knowledge-error">
          <p>{t('state.knowledgeError')}</p>
          <ErrorDetails t={t} error={knowledge.error} />
        </div>
      ) : null}

      <main>
        {state?.selection && knowledge.status === 'ready' && state.selection.at !== dismissedSelection ? (
          <SelectionLookup
            key={state.selection.at}
            text={state.selection.text}
            kb={knowledge.kb}
            lang={lang}
            t={t}
            onClose={() => setDismissedSelection(state.selection?.at)}
          />
        ) : null}
        <PageSection {...props} site={site} siteDisabled={siteDisabled} />
        {knowledge.status === 'ready' ? <Search kb={knowledge.kb} lang={lang} t={t} /> : null}
      </main>
    </div>
  );
}

/** Error texts come from the engine and the browser, in English: shown folded, for a bug report. */
function ErrorDetails({ t, error }: { t: Translate; error: string }) {
  return (
    <details class="error-details muted">
      <summary>{t('state.errorDetails')}</summary>
      <code lang="en">{clip(error)}</code>
    </details>
  );
}

type PageSectionProps = PanelViewProps & { site: string | undefined; siteDisabled: boolean };

/** What the panel says about the page: one clear state, or the report. */
function PageSection(props: PageSectionProps) {
  const { t, tab, state, site, siteDisabled } = props;
  const notice = (kind: string, text: string, extra?: ComponentChildren) => (
    <section class={`notice ${kind}`} data-state={kind} role="status">
      <p>{text}</p>
      {extra}
    </section>
  );

  if (tab === undefined) return null;
  if (tab === null) return notice('no-tab', t('state.noTab'));
  if (!site) return notice('not-web-page', t('state.notWebPage'), <p class="muted">{t('state.noHealthHint')}</p>);
  if (siteDisabled) return notice('disabled-site', t('state.disabledSite'));

  const report = state?.report;
  switch (state?.status) {
    case undefined:
      // Nothing recorded for this tab: typically a page opened before Claimlight was installed or updated.
      return notice('idle', t('state.idle'), <p class="muted">{t('state.reloadHint')}</p>);
    case 'idle':
      return notice('idle', t('state.idle'));
    case 'not-health':
      return notice('no-health', t('state.noHealth'), <p class="muted">{t('state.noHealthHint')}</p>);
    case 'disabled':
      if (state.disabledReason === 'site') return notice('disabled-site', t('state.disabledSite'));
      return notice(
        'auto-off',
        t('state.autoOff'),
        <button type="button" class="primary" onClick={props.onAnalyse}>
          {t('state.analyseNow')}
        </button>,
      );
    case 'error':
      // The analyzer reports a knowledge failure as `knowledge: …` (entrypoints/analyzer.ts): it drew
      // nothing, and the reader should hear the same plain message the panel uses for its own copy.
      if (state.error?.startsWith('knowledge:')) {
        if (props.knowledge.status === 'error') return null; // the banner above already says it
        return notice('knowledge-error', t('state.knowledgeError'), <ErrorDetails t={t} error={state.error.slice('knowledge:'.length).trim()} />);
      }
      return notice('analysis-error', t('state.analysisError'), state.error ? <ErrorDetails t={t} error={state.error} /> : undefined);
    case 'analysing':
      return report ? <ReportView {...props} report={report} busy /> : notice('analysing', t('state.analysing'));
    case 'done':
      return report ? <ReportView {...props} report={report} /> : notice('idle', t('state.idle'));
  }
}

function ReportView(props: PageSectionProps & { report: StoredReport; busy?: boolean }) {
  const { report, lang, t, state, knowledge } = props;
  const flagged = report.findings.filter((f) => f.class !== 'agrees');
  const card = (id: string): ClaimCard | undefined => report.claims[id];
  const omitted = new Set(report.omissions);
  const relevant = report.relevant.filter((id) => !omitted.has(id) && card(id));
  const omissions = report.omissions.filter((id) => card(id));
  const noClaims = report.verdict.kind === 'no-claims' && flagged.length === 0;
  const [showAllRelevant, setShowAllRelevant] = useState(false);

  const references = useMemo(() => {
    const byId = new Map<string, ReferenceCard>();
    const ids = [...flagged.map((f) => f.claim), ...relevant, ...omissions];
    for (const id of ids) for (const r of card(id)?.references ?? []) byId.set(r.id, r);
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }, [report]);

  return (
    <div class="report" aria-busy={props.busy ? 'true' : undefined} data-state="report">
      {noClaims ? (
        <section class="notice no-health" data-state="no-health" role="status">
          <p>{t('state.noHealth')}</p>
        </section>
      ) : (
        <section class="verdict" aria-labelledby="verdict-h">
          <h2 id="verdict-h">{t('verdict.heading')}</h2>
          <p class={`verdict-label verdict-${report.verdict.kind}`}>{pick(report.verdict.label, lang)}</p>
          <p class="verdict-summary">{pick(report.verdict.summary, lang)}</p>
          {report.signals.length === 0 && report.verdict.evidence.length > 0 ? (
            <ul class="verdict-evidence muted">
              {report.verdict.evidence.map((e, i) => (
                <li key={i} dir="auto">
                  {clip(e)}
                </li>
              ))}
            </ul>
          ) : null}
          {report.signals.length > 0 ? (
            <>
              <h3>{t('verdict.signals')}</h3>
              {/* Labels stay visible; the page snippets behind each one open on demand, so the flagged
                  claims are not pushed below the fold. */}
              <ul class="signals">
                {report.signals.map((s) =>
                  s.evidence.length > 0 ? (
                    <li key={s.id} data-signal={s.id}>
                      <details>
                        <summary class="signal-label">
                          {pick(s.label, lang)} <span class="count">({s.evidence.length})</span>
                        </summary>
                        <ul class="snippets">
                          {s.evidence.map((e, i) => (
                            <li key={i} class="snippet" dir="auto">
                              “{clip(e)}”
                            </li>
                          ))}
                        </ul>
                      </details>
                    </li>
                  ) : (
                    <li key={s.id} data-signal={s.id}>
                      <span class="signal-label">{pick(s.label, lang)}</span>
                    </li>
                  ),
                )}
              </ul>
            </>
          ) : null}
        </section>
      )}

      <section class="flagged" aria-labelledby="flagged-h">
        <h2 id="flagged-h">
          {t('flagged.heading')} <span class="count">{t('flagged.count', { n: flagged.length })}</span>
        </h2>
        {flagged.length === 0 ? (
          <p class="muted empty">{t('flagged.none')}</p>
        ) : (
          <FindingsList
            findings={flagged}
            report={report}
            state={state}
            knowledge={knowledge}
            settings={props.settings}
            lang={lang}
            t={t}
            onScrollTo={props.onScrollTo}
          />
        )}
      </section>

      {relevant.length > 0 ? (
        <section class="relevant" aria-labelledby="relevant-h">
          <h2 id="relevant-h">
            {t('relevant.heading')} <span class="count">({relevant.length})</span>
          </h2>
          <ul class="cards">
            {(showAllRelevant ? relevant : relevant.slice(0, RELEVANT_SHOWN)).map((id) => (
              <li key={id} class="card" data-claim={id}>
                <ClaimDetails card={card(id) as ClaimCard} lang={lang} t={t} extras={extrasFor(knowledge, id)} />
              </li>
            ))}
          </ul>
          {relevant.length > RELEVANT_SHOWN ? (
            <button type="button" class="show-more" aria-expanded={showAllRelevant} onClick={() => setShowAllRelevant(!showAllRelevant)}>
              {showAllRelevant ? t('list.showFewer') : t('list.showAll', { n: relevant.length })}
            </button>
          ) : null}
        </section>
      ) : null}

      {omissions.length > 0 ? (
        <section class="omissions" aria-labelledby="omissions-h">
          <h2 id="omissions-h">{t('omissions.heading')}</h2>
          <p class="muted">{t('omissions.intro')}</p>
          <ul class="cards">
            {omissions.map((id) => (
              <li key={id} class="card" data-claim={id}>
                <ClaimDetails card={card(id) as ClaimCard} lang={lang} t={t} extras={extrasFor(knowledge, id)} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {references.length > 0 ? (
        <section class="references" aria-labelledby="references-h">
          <h2 id="references-h">{t('references.heading')}</h2>
          <ul class="refs">
            {references.map((r) => (
              <li key={r.id} data-ref={r.id}>
                <ReferenceLink reference={r} t={t} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

interface FindingsListProps {
  findings: Finding[];
  report: StoredReport;
  state: TabState | undefined;
  knowledge: KnowledgeState;
  settings: Settings;
  lang: Lang;
  t: Translate;
  onScrollTo(findingId: string): void;
}

function FindingsList({ findings, report, state, knowledge, settings, lang, t, onScrollTo }: FindingsListProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const unanchored = new Set(state?.unanchored ?? []);
  const [showAll, setShowAll] = useState(false);
  const focusIndex = state?.focus ? findings.findIndex((f) => f.id === state.focus?.findingId) : -1;
  // A finding the tooltip asked for is always rendered, even past the cut.
  const shown = showAll || focusIndex >= FINDINGS_SHOWN ? findings : findings.slice(0, FINDINGS_SHOWN);
  useLayoutEffect(() => syncRoving(listRef.current));

  // "Open in side panel" from the page's tooltip: bring that finding into view and focus it.
  const focus = state?.focus;
  useEffect(() => {
    if (!focus) return;
    const item = listRef.current?.querySelector<HTMLElement>(`[data-finding="${CSS.escape(focus.findingId)}"]`);
    if (!item) return;
    item.scrollIntoView({ block: 'center' });
    item.querySelector<HTMLElement>('[data-roving-item]')?.focus();
  }, [focus?.at]);

  return (
    <>
    <ol class="findings" ref={listRef} onKeyDown={onRovingKeyDown}>
      {shown.map((f) => {
        const card = report.claims[f.claim];
        const lost = unanchored.has(f.id);
        return (
          <li key={f.id} class={`finding ${f.class}${lost ? ' unanchored' : ''}`} data-finding={f.id}>
            <button
              type="button"
              class="finding-sentence"
              data-roving-item
              aria-disabled={lost ? 'true' : undefined}
              onClick={() => {
                if (!lost) onScrollTo(f.id);
              }}
            >
              <span class={`badge ${f.class}`}>{t(`class.${f.class}`)}</span>{' '}
              <span class="sentence" dir="auto">
                {clip(f.sentence)}
              </span>
              {lost ? (
                <span class="unanchored-note">{t('flagged.unanchored')}</span>
              ) : (
                <span class="visually-hidden"> — {t('flagged.show')}</span>
              )}
              {f.region === 'page' ? <span class="region-note muted">{t('flagged.region')}</span> : null}
              {!settings.highlightClasses[f.class] ? <span class="region-note muted">{t('flagged.classOff')}</span> : null}
            </button>
            {card ? (
              <>
                <p class="match muted">
                  {/* A sentence-shape pattern has no graded match: its score is only the flag threshold. */}
                  {f.pattern
                    ? t('card.pattern', { claim: pick(card.statement, lang) })
                    : t('card.match', { claim: pick(card.statement, lang), score: Math.round(f.score * 100) })}
                </p>
                <ClaimDetails card={card} lang={lang} t={t} extras={extrasFor(knowledge, f.claim)} showStatement={false} />
              </>
            ) : null}
          </li>
        );
      })}
    </ol>
    {shown.length < findings.length ? (
      <button type="button" class="show-more" onClick={() => setShowAll(true)}>
        {t('list.showAll', { n: findings.length })}
      </button>
    ) : null}
    </>
  );
}
