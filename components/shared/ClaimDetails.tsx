/**
 * One knowledge entry as the user reads it: what it says, why, what the evidence says, how strong
 * the evidence is, when it was reviewed and where it comes from. Used for flagged claims, the
 * consensus list, omissions, search results and the selection lookup.
 */
import type { ClaimCard, ReferenceCard } from '../../utils/engine/types';
import { pick, type Lang, type Translate } from '../../utils/i18n';

export interface ClaimExtras {
  /** YYYY-MM-DD, from the knowledge (reports do not carry it). */
  reviewed?: string;
}

/** Only http(s) links are made clickable: a `javascript:` URL in the knowledge must never run. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function KindBadge({ kind, t }: { kind: ClaimCard['kind']; t: Translate }) {
  return <span class={`badge ${kind}`}>{t(`kind.${kind}`)}</span>;
}

export function ReferenceLink({ reference, t }: { reference: ReferenceCard; t: Translate }) {
  const href = safeHref(reference.url);
  const label = `${reference.title} — ${reference.publisher}, ${reference.year}`;
  return href ? (
    <a href={href} target="_blank" rel="noopener noreferrer" title={t('references.open')}>
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

export function Sources({ card, extras, t }: { card: ClaimCard; extras?: ClaimExtras; t: Translate }) {
  return (
    <div class="sources">
      <p class="meta muted">
        <span class="grade">{t('card.grade', { grade: t(`grade.${card.grade}`) })}</span>
        {extras?.reviewed ? <span class="reviewed"> · {t('card.reviewed', { date: extras.reviewed })}</span> : null}
      </p>
      {card.references.length > 0 ? (
        // Folded: the grade says how strong the evidence is; the titles are for those who want to read on.
        <details class="card-refs">
          <summary>
            {t('card.sources')} ({card.references.length})
          </summary>
          <ul class="refs">
            {card.references.map((r) => (
              <li key={r.id}>
                <ReferenceLink reference={r} t={t} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

export interface ClaimDetailsProps {
  card: ClaimCard;
  lang: Lang;
  t: Translate;
  extras?: ClaimExtras;
  /** Show the statement as the title (search results, lists); flagged claims show the page's sentence instead. */
  showStatement?: boolean;
}

export function ClaimDetails({ card, lang, t, extras, showStatement = true }: ClaimDetailsProps) {
  // Chinese text takes the full-width colon.
  const colon = lang === 'zh' ? ':' : ':';
  return (
    <div class="claim" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      {showStatement ? (
        <p class="statement">
          <KindBadge kind={card.kind} t={t} /> {pick(card.statement, lang)}
        </p>
      ) : null}
      <p class="why">
        <strong>{t('card.why')}{colon}</strong> {pick(card.explanation, lang)}
      </p>
      {card.consensus ? (
        <p class="consensus">
          <strong>{t('card.consensus')}{colon}</strong> {pick(card.consensus, lang)}
        </p>
      ) : null}
      <Sources card={card} extras={extras} t={t} />
    </div>
  );
}
