import type { PageContext } from '../../../web/page.js';
import { Layout } from '../../../web/views/layout.js';
import { BUDGET_ROWS, HELP_KINDS, THEMES } from '../initiative.js';
import type { BuurtChoice } from './submit-page.js';

/** Empty boxes to write in, labelled as on the online form. */
function Box(props: { label: string; lines?: 1 | 2 | 5; hint?: string }) {
  return (
    <div class="bk-paper__field">
      <p class="utrecht-paragraph bk-paper__label">
        <strong>{props.label}</strong>
        {props.hint ? <span class="bk-paper__hint"> {props.hint}</span> : null}
      </p>
      <div class={`bk-paper__box bk-paper__box--${props.lines ?? 1}`} aria-hidden="true" />
    </div>
  );
}

function Ticks(props: { legend: string; options: readonly string[]; hint: string }) {
  return (
    <div class="bk-paper__field">
      <p class="utrecht-paragraph bk-paper__label">
        <strong>{props.legend}</strong> <span class="bk-paper__hint">{props.hint}</span>
      </p>
      <ul class="bk-paper__ticks">
        {props.options.map((o) => (
          <li key={o}>
            <span class="bk-paper__tick" aria-hidden="true" /> {o}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The paper form (A4, print stylesheet): the same questions as the online form, with boxes to
 * write in. Printed for a gemeente, it lists its wijken to tick.
 */
export function PaperFormPage(props: {
  ctx: PageContext;
  choice: BuurtChoice | undefined;
  onlineUrl: string;
  intakeWorkingDays: number;
}) {
  const { ctx, choice } = props;
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('initiatives.paper.title')}
      crumbs={[
        { href: '/', label: t('layout.home') },
        { href: '/initiatieven', label: t('initiatives.title') },
      ]}
    >
      <div class="bk-paper">
        <h1 class="utrecht-heading-1">{t('initiatives.paper.title')}</h1>
        <p class="utrecht-paragraph">{t('initiatives.paper.intro', { days: props.intakeWorkingDays })}</p>
        <p class="utrecht-paragraph bk-no-print">{t('initiatives.paper.print')}</p>
        <p class="utrecht-paragraph">{t('initiatives.paper.online', { url: props.onlineUrl })}</p>

        <h2 class="utrecht-heading-2">{t('initiatives.new.what')}</h2>
        <Box label={t('initiatives.new.titleLabel')} />
        <Box label={t('initiatives.new.summaryLabel')} hint={t('initiatives.new.summaryHint')} lines={5} />
        <Box label={t('initiatives.new.forWhomLabel')} lines={2} />
        <Ticks
          legend={t('initiatives.new.themes')}
          hint={t('initiatives.paper.tick')}
          options={THEMES.map((th) => t(`initiatives.theme.${th}`))}
        />

        <h2 class="utrecht-heading-2">{t('initiatives.new.where')}</h2>
        {choice ? (
          <Ticks
            legend={`${t('initiatives.new.gemeente')}: ${choice.gemeente.name}`}
            hint={t('initiatives.paper.tick')}
            options={choice.wijken.map((w) => w.name)}
          />
        ) : (
          <Box label={t('initiatives.new.gemeente')} />
        )}
        <Box label={t('initiatives.new.buurt')} />
        <Box label={t('initiatives.new.locationLabel')} hint={t('initiatives.new.locationHint')} lines={2} />

        <h2 class="utrecht-heading-2">{t('initiatives.new.budget')}</h2>
        <p class="utrecht-paragraph">{t('initiatives.new.budgetHint')}</p>
        <table class="bk-paper__table">
          <thead>
            <tr>
              <th scope="col">{t('initiatives.page.budgetItem')}</th>
              <th scope="col">{t('initiatives.paper.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: BUDGET_ROWS }, (_, i) => (
              <tr key={i}>
                <td>
                  <span class="bk-visually-hidden">{t('initiatives.new.lineDescription', { n: i + 1 })}</span>
                </td>
                <td>
                  <span class="bk-visually-hidden">{t('initiatives.new.lineAmount', { n: i + 1 })}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Ticks
          legend={t('initiatives.new.help')}
          hint={t('initiatives.paper.tick')}
          options={HELP_KINDS.map((h) => t(`initiatives.help.${h}`))}
        />

        <h2 class="utrecht-heading-2">{t('initiatives.new.contact')}</h2>
        <p class="utrecht-paragraph">{t('initiatives.new.contactHint')}</p>
        <Box label={t('initiatives.new.name')} />
        <Box label={t('initiatives.new.email')} />
        <Box label={t('initiatives.new.phone')} />
        <p class="utrecht-paragraph">{t('initiatives.new.contactOr')}</p>
        <Box label={t('initiatives.paper.office')} />
      </div>
    </Layout>
  );
}
