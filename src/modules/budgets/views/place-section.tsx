import { formatEuros } from '../../../shared/money.js';
import { formatNumber } from '../../../web/i18n/i18n.js';
import type { PageContext } from '../../../web/page.js';
import { LinkParagraph } from '../../../web/views/page-parts.js';
import { SupportBrief } from '../../initiatives/index.js';
import type { PlaceBudget } from '../budgets.service.js';

/**
 * A place page's section on the household budget (its heading is the place page's): the
 * year's figures for the place, the initiatives households can give to there now, with their
 * progress and deadline, and the ways on to giving and to all figures.
 */
export function BudgetPlaceSection(props: {
  ctx: PageContext;
  place: { name: string; municipalityCode: string };
  budget: PlaceBudget;
  giveHref: (reference: string) => string;
}) {
  const { ctx, place, budget: b } = props;
  const { t } = ctx;
  const year = String(b.year);
  const euros = (cents: number) => formatEuros(cents, ctx.locale);
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
        {fact(t('budgets.place.households'), formatNumber(ctx.locale, b.households))}
        {fact(t('budgets.place.available'), euros(b.availableCents))}
        {fact(t('budgets.place.given'), euros(b.givenCents))}
        {fact(t('budgets.place.funded'), euros(b.fundedCents))}
        {fact(t('budgets.place.initiativesFunded'), formatNumber(ctx.locale, b.initiativesFunded))}
      </dl>
      <h3 class="utrecht-heading-3">{t('budgets.place.open')}</h3>
      {b.openForSupport.length === 0 ? (
        <p class="utrecht-paragraph">{t('budgets.place.noneOpen', { name: place.name })}</p>
      ) : (
        <ul class="bk-cards">
          {b.openForSupport.map((s) => (
            <li class="bk-card" key={s.reference}>
              <h4 class="utrecht-heading-4">
                <a class="utrecht-link" href={`/initiatieven/${s.reference}`}>
                  {s.title}
                </a>
              </h4>
              <SupportBrief ctx={ctx} support={s} id={`budget-support-${s.reference}`} />
              <LinkParagraph href={props.giveHref(s.reference)}>
                {t('budgets.place.giveTo', { title: s.title })}
              </LinkParagraph>
            </li>
          ))}
        </ul>
      )}
      {b.yearOpen && b.openForSupport.length > 0 ? (
        <LinkParagraph href="/buurtbudget">{t('budgets.place.give')}</LinkParagraph>
      ) : null}
      <LinkParagraph href={`/buurtbudget/cijfers/${place.municipalityCode}?year=${year}`}>
        {t('budgets.place.figures', { year })}
      </LinkParagraph>
    </div>
  );
}
