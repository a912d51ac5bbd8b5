import type { PageContext } from '../../../web/page.js';
import { ChoiceGroup } from '../../../web/views/fields.js';
import {
  ErrorSummary,
  PostButton,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import type { BudgetYearSummary } from '../years.service.js';

/** The year form as typed (or as stored, shown again): euros as text, dates `YYYY-MM-DD`. */
export interface YearFormValues {
  amount: string;
  scope: string;
  opensOn: string;
  closesOn: string;
}

export interface GoalFormValues {
  reference: string;
  goal: string;
  deadline: string;
}

const SCOPES = ['buurt', 'wijk'] as const;
const DATE_FIELDS = ['opensOn', 'closesOn'] as const;

const adminCrumbs = (ctx: PageContext) => [
  { href: '/', label: ctx.t('app.name') },
  { href: '/beheer/buurtbudget', label: ctx.t('budgets.admin.indexTitle') },
];

function yearPath(municipalityCode: string, year: number): string {
  return `/beheer/buurtbudget/${municipalityCode}/${year}`;
}

/** Where a budget year stands today: not open yet, open, over, or closed. */
function yearStatus(year: BudgetYearSummary, today: string): string {
  if (year.closed) return 'budgets.admin.status.closed';
  if (today < year.opensOn) return 'budgets.admin.status.notYetOpen';
  if (today > year.closesOn) return 'budgets.admin.status.ended';
  return 'budgets.admin.status.open';
}

/** The staff's way in: the service desk, and per gemeente its budget years and a new one. */
export function AdminIndexPage(props: {
  ctx: PageContext;
  today: string;
  gemeenten: {
    code: string;
    name: string;
    years: BudgetYearSummary[];
    /** Years the staff member may set up from here (this year and the next, when missing). */
    newYears: number[];
  }[];
}) {
  const { ctx } = props;
  const { t, format } = ctx;
  return (
    <Layout ctx={ctx} title={t('budgets.admin.indexTitle')} crumbs={adminCrumbs(ctx).slice(0, 1)}>
      <h1 class="utrecht-heading-1">{t('budgets.admin.indexTitle')}</h1>
      <LinkParagraph href="/beheer/buurtbudget/balie">{t('budgets.admin.deskLink')}</LinkParagraph>
      {props.gemeenten.length === 0 ? (
        <p class="utrecht-paragraph">{t('budgets.admin.noGemeenten')}</p>
      ) : (
        <p class="utrecht-paragraph">{t('budgets.admin.indexIntro')}</p>
      )}
      {props.gemeenten.map((g) => (
        <Section key={g.code} id={`years-${g.code}`} heading={t('budgets.admin.yearsOf', { name: g.name })}>
          {g.years.length === 0 ? (
            <p class="utrecht-paragraph">{t('budgets.admin.noYears')}</p>
          ) : (
            <DataTable
              label={t('budgets.admin.yearsTable', { name: g.name })}
              rows={g.years}
              rowKey={(y) => y.year}
              columns={[
                {
                  label: t('budgets.admin.col.year'),
                  rowHeader: true,
                  cell: (y) => (
                    <a class="utrecht-link" href={yearPath(g.code, y.year)}>
                      {String(y.year)}
                    </a>
                  ),
                },
                {
                  label: t('budgets.admin.col.amount'),
                  numeric: true,
                  cell: (y) => format.euros(y.amountCents),
                },
                { label: t('budgets.admin.col.scope'), cell: (y) => t(`budgets.scope.${y.scope}`) },
                {
                  label: t('budgets.admin.col.period'),
                  cell: (y) =>
                    t('budgets.admin.period', {
                      opens: format.date(y.opensOn),
                      closes: format.date(y.closesOn),
                    }),
                },
                {
                  label: t('budgets.admin.col.vouchers'),
                  numeric: true,
                  cell: (y) => format.number(y.vouchers),
                },
                { label: t('budgets.admin.col.status'), cell: (y) => t(yearStatus(y, props.today)) },
              ]}
            />
          )}
          {g.newYears.length > 0 ? (
            <ul class="utrecht-unordered-list">
              {g.newYears.map((year) => (
                <li class="utrecht-unordered-list__item" key={year}>
                  <a class="utrecht-link" href={yearPath(g.code, year)}>
                    {t('budgets.admin.startYear', { year: String(year) })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </Section>
      ))}
    </Layout>
  );
}

/**
 * The administrator's page of one budget year: its terms (set up here, or changed while the
 * database allows), vouchers, support goals, and the close.
 */
export function AdminYearPage(props: {
  ctx: PageContext;
  municipality: { code: string; name: string };
  year: number;
  summary: BudgetYearSummary | undefined;
  errors: FormError[];
  notice?: string | undefined;
  yearValues: YearFormValues;
  goalValues: GoalFormValues;
}) {
  const { ctx, summary, year } = props;
  const t = ctx.t;
  // A year is a name, not a quantity: "2026", never "2.026".
  const yearText = String(year);
  const base = yearPath(props.municipality.code, year);
  const title = `${t('budgets.admin.title', { year: yearText })}: ${props.municipality.name}`;
  const administers = ctx.can('budgets.administer', { placeCode: props.municipality.code });
  const open = summary !== undefined && !summary.closed;
  const error = (field: string) => props.errors.find((e) => e.field === field)?.message;
  return (
    <Layout ctx={ctx} title={title} crumbs={adminCrumbs(ctx)}>
      <h1 class="utrecht-heading-1">{title}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <Notice text={props.notice} />
      <p class="utrecht-paragraph" id="terms">
        {summary
          ? t('budgets.admin.terms', {
              amount: ctx.format.euros(summary.amountCents),
              scope: t(`budgets.scope.${summary.scope}`),
              opens: ctx.format.date(summary.opensOn),
              closes: ctx.format.date(summary.closesOn),
            })
          : t('budgets.errors.noYear', { year: yearText })}
      </p>
      {summary?.closed ? <p class="utrecht-paragraph">{t('budgets.admin.closedNote')}</p> : null}
      {summary ? (
        <LinkParagraph href={`/buurtbudget/cijfers/${props.municipality.code}?year=${year}`}>
          {t('budgets.figures.title', { year: yearText })}
        </LinkParagraph>
      ) : null}
      {administers && !summary?.closed ? (
        <YearForm
          ctx={ctx}
          action={`${base}/instellen`}
          year={year}
          summary={summary}
          values={props.yearValues}
          error={error}
        />
      ) : null}
      {administers && open ? (
        <Section id="issue" heading={t('budgets.admin.vouchersTitle')}>
          <p class="utrecht-paragraph">{t('budgets.admin.vouchersCount', { count: summary.vouchers })}</p>
          <p class="utrecht-paragraph">{t('budgets.admin.vouchersText')}</p>
          <PostButton ctx={ctx} action={`${base}/tegoedbonnen`}>
            {t('budgets.admin.vouchersButton')}
          </PostButton>
          <p class="utrecht-paragraph">{t('budgets.admin.vouchersLetters')}</p>
        </Section>
      ) : null}
      {open ? (
        <Section id="goals" heading={t('budgets.admin.goalTitle')}>
          <PostForm ctx={ctx} action={`${base}/doel`} novalidate>
            <TextField
              name="reference"
              label={t('budgets.desk.initiative')}
              value={props.goalValues.reference}
              error={error('reference')}
            />
            <TextField
              name="goal"
              label={t('budgets.admin.goal')}
              value={props.goalValues.goal}
              inputmode="numeric"
              error={error('goal')}
            />
            <TextField
              name="deadline"
              label={t('budgets.admin.deadline')}
              type="date"
              value={props.goalValues.deadline}
              error={error('deadline')}
            />
            <SubmitButton>{t('budgets.admin.goalButton')}</SubmitButton>
          </PostForm>
        </Section>
      ) : null}
      {administers && open ? (
        <Section id="close" heading={t('budgets.admin.closeTitle')}>
          <p class="utrecht-paragraph">{t('budgets.admin.closeText')}</p>
          <PostButton ctx={ctx} action={`${base}/afsluiten`} secondary>
            {t('budgets.admin.closeButton')}
          </PostButton>
        </Section>
      ) : null}
    </Layout>
  );
}

/**
 * Amount, scope and dates. What vouchers or pledges already hold is shown as a fixed value
 * with the reason, not as a field: the database would refuse a change anyway.
 */
function YearForm(props: {
  ctx: PageContext;
  action: string;
  year: number;
  summary: BudgetYearSummary | undefined;
  values: YearFormValues;
  error: (field: string) => string | undefined;
}) {
  const { ctx, summary, values, error } = props;
  const t = ctx.t;
  const year = String(props.year);
  const dateHint = t('budgets.admin.dateHint', { year });
  return (
    <Section
      id="year-terms"
      heading={summary ? t('budgets.admin.yearTitle') : t('budgets.admin.newYearTitle', { year })}
    >
      {summary ? null : <p class="utrecht-paragraph">{t('budgets.admin.newYearIntro', { year })}</p>}
      {summary?.amountLocked ? (
        <p class="utrecht-paragraph">
          {summary.scopeLocked ? t('budgets.admin.allLocked') : t('budgets.admin.amountLocked')}
        </p>
      ) : null}
      <PostForm ctx={ctx} action={props.action} novalidate>
        {summary?.amountLocked ? (
          <dl class="bk-facts">
            <dt>{t('budgets.admin.amount')}</dt>
            <dd id="amount">
              {ctx.format.euros(summary.amountCents)} ({t('budgets.admin.fixed')})
            </dd>
            {summary.scopeLocked ? (
              <>
                <dt>{t('budgets.admin.scope')}</dt>
                <dd id="scope">
                  {t(`budgets.admin.scopeOption.${summary.scope}`)} ({t('budgets.admin.fixed')})
                </dd>
              </>
            ) : null}
          </dl>
        ) : (
          <TextField
            name="amount"
            label={t('budgets.admin.amount')}
            hint={t('budgets.admin.amountHint')}
            value={values.amount}
            error={error('amount')}
            maxLength={20}
            autocomplete="off"
          />
        )}
        {summary?.scopeLocked ? null : (
          <ChoiceGroup
            type="radio"
            name="scope"
            legend={t('budgets.admin.scope')}
            options={SCOPES.map((scope) => ({
              value: scope,
              label: t(`budgets.admin.scopeOption.${scope}`),
            }))}
            checked={[values.scope]}
            error={error('scope')}
          />
        )}
        {DATE_FIELDS.map((name) => (
          <TextField
            key={name}
            name={name}
            type="date"
            label={t(`budgets.admin.${name}`)}
            hint={dateHint}
            value={values[name]}
            error={error(name)}
          />
        ))}
        <SubmitButton>
          {summary ? t('budgets.admin.yearButton') : t('budgets.admin.newYearTitle', { year })}
        </SubmitButton>
      </PostForm>
    </Section>
  );
}
