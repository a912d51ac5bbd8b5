import type { PageContext } from '../../../web/page.js';
import { LinkParagraph } from '../../../web/views/page-parts.js';
import type { ArrangementSummary } from '../arrangements.service.js';
import { ArrangementsTable } from './public-pages.js';

/** A wijk's or gemeente's arrangements on its place page, with the ways to compare and to challenge. */
export function ArrangementsPlaceSection(props: {
  ctx: PageContext;
  placeCode: string;
  items: readonly ArrangementSummary[];
  compareHref: string | undefined;
}) {
  const { ctx } = props;
  return (
    <>
      <ArrangementsTable ctx={ctx} items={props.items} label={ctx.t('arrangements.place.section')} />
      {props.compareHref ? (
        <LinkParagraph href={props.compareHref}>{ctx.t('arrangements.compare.title')}</LinkParagraph>
      ) : null}
      <LinkParagraph
        href={`/uitdaagrecht${props.placeCode.startsWith('WK') ? `?wijk=${props.placeCode}` : ''}`}
      >
        {ctx.t('arrangements.tasks.title')}
      </LinkParagraph>
    </>
  );
}
