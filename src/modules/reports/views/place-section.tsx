import type { PublicContext } from '../../../web/views/fragment.js';
import { LinkParagraph } from '../../../web/views/page-parts.js';

/** A place's reports on its page: how many are open, the list and map one link away. */
export function ReportsPlaceSection(props: {
  ctx: PublicContext;
  place: { code: string; name: string; municipalityCode: string };
  open: number;
}) {
  const { ctx, place, open } = props;
  const { t } = ctx;
  return (
    <>
      <p class="utrecht-paragraph">
        {open === 0 ? t('reports.place.none') : t('reports.place.open', { count: ctx.format.number(open) })}
      </p>
      <LinkParagraph href={`/meldingen?plaats=${place.code}&status=open`}>
        {t('reports.place.link', { name: place.name })}
      </LinkParagraph>
      <LinkParagraph href={`/meldingen/nieuw?gemeente=${place.municipalityCode}`}>
        {t('reports.place.new')}
      </LinkParagraph>
    </>
  );
}
