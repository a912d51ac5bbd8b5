import type { PublicContext } from '../../../web/views/fragment.js';
import { LinkParagraph } from '../../../web/views/page-parts.js';
import type { SupportSummary } from '../initiative-support.js';
import type { PublicInitiative } from '../initiatives.service.js';
import { StageBadge } from './parts.js';
import { SupportBrief } from './support.js';

/**
 * The initiatives of a place on its page: those open for support first (a resident can act on
 * them now), each with its progress towards the goal and deadline, then the others by latest
 * activity; the whole list is one link away.
 */
export function InitiativesPlaceSection(props: {
  ctx: PublicContext;
  place: { code: string; name: string };
  items: readonly PublicInitiative[];
  /** The household budget's support of these initiatives (those without a goal have none). */
  support: ReadonlyMap<string, SupportSummary>;
  more: boolean;
}) {
  const { ctx, place, items } = props;
  const { t } = ctx;
  if (items.length === 0) {
    return (
      <>
        <p class="utrecht-paragraph">{t('initiatives.place.none', { name: place.name })}</p>
        <LinkParagraph href="/initiatieven/nieuw">{t('initiatives.place.submit')}</LinkParagraph>
      </>
    );
  }
  return (
    <>
      <ul class="utrecht-unordered-list bk-place-initiatives">
        {items.map((i) => (
          <li class="utrecht-unordered-list__item" key={i.reference}>
            <a class="utrecht-link" href={`/initiatieven/${i.reference}`}>
              {i.title}
            </a>{' '}
            <StageBadge ctx={ctx} stage={i.stage} />
            {props.support.has(i.id) ? (
              <SupportBrief ctx={ctx} support={props.support.get(i.id)} id={`place-support-${i.reference}`} />
            ) : null}
          </li>
        ))}
      </ul>
      <LinkParagraph href={`/initiatieven?plaats=${place.code}`}>
        {props.more
          ? t('initiatives.place.all', { name: place.name })
          : t('initiatives.place.link', { name: place.name })}
      </LinkParagraph>
    </>
  );
}
