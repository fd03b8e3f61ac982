/**
 * Search over the whole knowledge base (any page, even without health content) and the lookup of a
 * selection sent from the page's context menu. Both use the engine's `searchKnowledge`.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { searchKnowledge } from '../../utils/engine/search';
import type { KnowledgeIndex } from '../../utils/engine/knowledge';
import type { SearchHit } from '../../utils/engine/types';
import type { Lang, Translate } from '../../utils/i18n';
import { ClaimDetails } from '../shared/ClaimDetails';
import { onRovingKeyDown, syncRoving } from '../shared/roving';

interface Props {
  kb: KnowledgeIndex;
  lang: Lang;
  t: Translate;
}

/** Typing stays responsive on slow machines: searching waits for a short pause. */
const DEBOUNCE_MS = 120;
const MAX_RESULTS = 8;
/** Selection lookups show only entries that match reasonably (fuse.js score: 0 best .. 1 worst). */
const SELECTION_MAX_SCORE = 0.6;

function HitList({ hits, kb, lang, t }: Props & { hits: SearchHit[] }) {
  const ref = useRef<HTMLUListElement>(null);
  useLayoutEffect(() => syncRoving(ref.current));
  return (
    <ul class="cards hits" ref={ref} onKeyDown={onRovingKeyDown}>
      {hits.map((h) => (
        <li key={h.claim.id} class="card hit" data-claim={h.claim.id} data-roving-item tabIndex={-1}>
          <ClaimDetails
            card={h.claim}
            lang={lang}
            t={t}
            extras={{ reviewed: kb.claimById.get(h.claim.id)?.claim.reviewed }}
          />
        </li>
      ))}
    </ul>
  );
}

export function Search({ kb, lang, t }: Props) {
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(input.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [input]);
  const hits = useMemo(() => (query ? searchKnowledge(kb, query, MAX_RESULTS) : []), [kb, query]);

  return (
    <section class="search" aria-labelledby="search-h" role="search">
      <h2 id="search-h">{t('search.heading')}</h2>
      <label class="visually-hidden" for="search-input">
        {t('search.label')}
      </label>
      <input
        id="search-input"
        type="search"
        value={input}
        placeholder={t('search.placeholder')}
        autocomplete="off"
        spellcheck={false}
        onInput={(e) => setInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          // Enter searches at once; ArrowDown moves into the results.
          if (e.key === 'Enter') setQuery(input.trim());
          if (e.key === 'ArrowDown') {
            const first = e.currentTarget.closest('section')?.querySelector<HTMLElement>('[data-roving-item]');
            if (first) {
              e.preventDefault();
              first.focus();
            }
          }
        }}
      />
      <p class="search-status muted" aria-live="polite">
        {query ? (hits.length ? t('search.count', { n: hits.length }) : t('search.none', { q: query })) : ''}
      </p>
      {hits.length > 0 ? <HitList hits={hits} kb={kb} lang={lang} t={t} /> : null}
    </section>
  );
}

export function SelectionLookup({ text, kb, lang, t, onClose }: Props & { text: string; onClose(): void }) {
  const hits = useMemo(
    () => searchKnowledge(kb, text, 3).filter((h) => h.score <= SELECTION_MAX_SCORE),
    [kb, text],
  );
  const ref = useRef<HTMLElement>(null);
  // The user just asked from the page: show the answer rather than leaving it below the fold.
  useEffect(() => ref.current?.scrollIntoView({ block: 'start' }), [text]);
  return (
    <section class="selection" aria-labelledby="selection-h" ref={ref} data-state="selection">
      <div class="selection-head">
        <h2 id="selection-h">{t('selection.heading')}</h2>
        <button type="button" class="selection-close" onClick={onClose} aria-label={t('selection.close')}>
          ×
        </button>
      </div>
      <blockquote class="selection-text" dir="auto">
        {text}
      </blockquote>
      {hits.length > 0 ? (
        <>
          <h3>{t('selection.best')}</h3>
          <HitList hits={hits} kb={kb} lang={lang} t={t} />
        </>
      ) : (
        <p class="muted">{t('selection.none')}</p>
      )}
    </section>
  );
}
