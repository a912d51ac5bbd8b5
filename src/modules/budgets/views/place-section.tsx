import type { PublicContext } from '../../../web/views/fragment.js';
import { LinkParagraph } from '../../../web/views/page-parts.js';
import type { PlaceBudget } from '../years.service.js';

/**
 * A place page's section on the household budget (its heading is the place page's): the
 * year's figures for the place, how many initiatives there households can give to now (the
 * initiatives' own section lists them with their progress), and the ways on to giving and to
 * all figures.
 */
export function BudgetPlaceSection(props: {
  ctx: PublicContext;
  place: { name: string; municipalityCode: string };
  budget: PlaceBudget;
}) {
  const { ctx, place, budget: b } = props;
  const { t } = ctx;
  const { euros, number } = ctx.format;
  const year = String(b.year);
  const fact = (label: string, value: string) => (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">{label}</dt>
      <dd class="utrecht-data-list__item-value">{value}</dd>
    </div>
  );
  return (
    <div class="bk-place-budget">
      <p class="utrecht-paragraph">{t('budgets.place.intro', { name: place.name, year })}</p>
      <dl class="utrecht-data-list utrecht-data-list--rows">
        {fact(t('budgets.place.households'), number(b.households))}
        {fact(t('budgets.place.available'), euros(b.availableCents))}
        {fact(t('budgets.place.given'), euros(b.givenCents))}
        {fact(t('budgets.place.funded'), euros(b.fundedCents))}
        {fact(t('budgets.place.initiativesFunded'), number(b.initiativesFunded))}
      </dl>
      <p class="utrecht-paragraph">
        {b.openForSupport === 0
          ? t('budgets.place.noneOpen', { name: place.name })
          : t('budgets.place.openCount', { name: place.name, count: number(b.openForSupport) })}
      </p>
      {b.yearOpen && b.openForSupport > 0 ? (
        <LinkParagraph href="/buurtbudget">{t('budgets.place.give')}</LinkParagraph>
      ) : null}
      <LinkParagraph href={`/buurtbudget/cijfers/${place.municipalityCode}?year=${year}`}>
        {t('budgets.place.figures', { year })}
      </LinkParagraph>
    </div>
  );
}
