import type { PageContext } from '../../../web/page.js';
import {
  ErrorSummary,
  errorFor,
  GetForm,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { SelectField, TextArea } from '../../../web/views/fields.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import { ARRANGEMENT_THEMES } from '../arrangement.js';
import type {
  ArrangementSummary,
  ArrangementView,
  ChallengeView,
  Comparison,
  PlaceRef,
  TaskView,
} from '../arrangements.service.js';
import { amount, ComparisonTable, Definitions, percent, QualityFlag } from './parts.js';
import { criterionCell } from '../arrangements.service.js';

const yearText = (year: number) => String(year);

export function ArrangementsListPage(props: { ctx: PageContext; items: readonly ArrangementSummary[] }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('arrangements.list.title')}>
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.list.title')}</h1>
      <p class="utrecht-paragraph">{ctx.t('arrangements.list.intro')}</p>
      <LinkParagraph href="/afspraken/naast-elkaar">{ctx.t('arrangements.compare.title')}</LinkParagraph>
      <LinkParagraph href="/uitdaagrecht">{ctx.t('arrangements.tasks.title')}</LinkParagraph>
      <ArrangementsTable ctx={ctx} items={props.items} label={ctx.t('arrangements.list.title')} />
    </Layout>
  );
}

export function ArrangementsTable(props: {
  ctx: PageContext;
  items: readonly ArrangementSummary[];
  label: string;
  hrefOf?: (a: ArrangementSummary) => string;
}) {
  const { ctx } = props;
  if (props.items.length === 0) return <p class="utrecht-paragraph">{ctx.t('arrangements.list.none')}</p>;
  return (
    <DataTable
      label={props.label}
      columns={[
        {
          label: ctx.t('arrangements.field.title'),
          rowHeader: true,
          cell: (a: ArrangementSummary) => (
            <a class="utrecht-link" href={props.hrefOf ? props.hrefOf(a) : `/afspraken/${a.reference}`}>
              {a.title}
            </a>
          ),
        },
        {
          label: ctx.t('arrangements.field.provider'),
          cell: (a) => `${a.providerName} (${ctx.t(`arrangements.kind.${a.providerKind}`)})`,
        },
        { label: ctx.t('arrangements.field.wijk'), cell: (a) => a.wijk.name },
        { label: ctx.t('arrangements.field.theme'), cell: (a) => ctx.t(`arrangements.theme.${a.theme}`) },
        {
          label: ctx.t('arrangements.field.period'),
          cell: (a) => `${a.startYear}–${a.startYear + a.years - 1}`,
        },
        { label: ctx.t('arrangements.field.status'), cell: (a) => ctx.t(`arrangements.status.${a.status}`) },
      ]}
      rows={props.items}
      rowKey={(a) => a.id}
    />
  );
}

function decisionText(ctx: PageContext, t: ArrangementView['tranches'][number]): string {
  if (!t.decision)
    return t.decisionReference ? t.decisionReference : ctx.t('arrangements.tranche.notProposed');
  return `${t.decisionReference ?? ''} · ${ctx.t(`arrangements.decision.${t.decision.status}`)} · ${ctx.t('arrangements.tranche.paid', { amount: ctx.format.euros(t.decision.paidCents) })}`;
}

/** Everything about one arrangement, for everyone: no personal data is kept in it. */
export function ArrangementPage(props: {
  ctx: PageContext;
  a: ArrangementView;
  manageHref?: string | undefined;
  notice?: string | undefined;
}) {
  const { ctx, a } = props;
  const years = Array.from({ length: a.years }, (_, i) => a.startYear + i);
  return (
    <Layout
      ctx={ctx}
      title={a.title}
      crumbs={[{ href: '/afspraken', label: ctx.t('arrangements.list.title') }]}
    >
      <h1 class="utrecht-heading-1">{a.title}</h1>
      <Notice text={props.notice} />
      {props.manageHref ? (
        <LinkParagraph href={props.manageHref}>{ctx.t('arrangements.manage.link')}</LinkParagraph>
      ) : null}
      <p class="utrecht-paragraph">{a.description}</p>
      <Definitions
        items={[
          [ctx.t('arrangements.field.reference'), a.reference],
          [
            ctx.t('arrangements.field.provider'),
            `${a.providerName} (${ctx.t(`arrangements.kind.${a.providerKind}`)})`,
          ],
          ...(a.initiativeReference
            ? ([
                [
                  ctx.t('arrangements.field.initiative'),
                  <a class="utrecht-link" href={`/initiatieven/${a.initiativeReference}`}>
                    {a.initiativeReference}
                  </a>,
                ],
              ] as [string, preact.ComponentChildren][])
            : []),
          [ctx.t('arrangements.field.externalId'), a.externalId],
          [ctx.t('arrangements.field.wijk'), a.wijk.name],
          [ctx.t('arrangements.field.theme'), ctx.t(`arrangements.theme.${a.theme}`)],
          [ctx.t('arrangements.field.period'), `${a.startYear}–${a.startYear + a.years - 1}`],
          [ctx.t('arrangements.field.contractEnd'), ctx.format.date(a.contractEnd)],
          [ctx.t('arrangements.field.status'), ctx.t(`arrangements.status.${a.status}`)],
        ]}
      />
      <LinkParagraph href={`/afspraken/naast-elkaar?wijk=${a.wijk.code}&thema=${a.theme}`}>
        {ctx.t('arrangements.compare.withOthers')}
      </LinkParagraph>
      {a.challengeId ? (
        <LinkParagraph href={`/uitdaagrecht/uitdaging/${a.challengeId}`}>
          {ctx.t('arrangements.challenge.seeChallenge')}
        </LinkParagraph>
      ) : null}

      <Section id="doelen" heading={ctx.t('arrangements.goals')}>
        {a.goals.length === 0 ? (
          <p class="utrecht-paragraph">{ctx.t('arrangements.goals.none')}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {a.goals.map((g) => (
              <li class="utrecht-unordered-list__item" key={g}>
                {g}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="resultaten" heading={ctx.t('arrangements.results')}>
        {a.indicators.map((indicator) => (
          <DataTable
            key={indicator.id}
            label={`${indicator.name} (${indicator.unit}), ${ctx.t('arrangements.compare.baseline').toLowerCase()} ${amount(ctx, indicator.baseline, indicator.unit)}`}
            caption
            columns={[
              { label: ctx.t('arrangements.field.year'), rowHeader: true, cell: (y: number) => yearText(y) },
              {
                label: ctx.t('arrangements.compare.target'),
                numeric: true,
                cell: (y) => amount(ctx, indicator.targets.get(y), indicator.unit),
              },
              {
                label: ctx.t('arrangements.compare.value'),
                numeric: true,
                cell: (y) =>
                  amount(ctx, criterionCell(indicator, y, a.funding.get(y)).value?.value, indicator.unit),
              },
              {
                label: ctx.t('arrangements.compare.attainment'),
                numeric: true,
                cell: (y) => percent(ctx, criterionCell(indicator, y, a.funding.get(y)).attainment),
              },
              {
                label: ctx.t('arrangements.compare.quality'),
                cell: (y) => (
                  <QualityFlag ctx={ctx} quality={criterionCell(indicator, y, a.funding.get(y)).quality} />
                ),
              },
            ]}
            rows={years}
            rowKey={(y) => y}
          />
        ))}
        <h3 class="utrecht-heading-3">{ctx.t('arrangements.measurements')}</h3>
        <DataTable
          label={ctx.t('arrangements.measurements')}
          columns={[
            {
              label: ctx.t('arrangements.field.indicator'),
              rowHeader: true,
              cell: (m: { name: string; unit: string; period: string; value: number; source: string }) =>
                m.name,
            },
            { label: ctx.t('arrangements.field.period'), cell: (m) => m.period },
            {
              label: ctx.t('arrangements.compare.value'),
              numeric: true,
              cell: (m) => amount(ctx, m.value, m.unit),
            },
            {
              label: ctx.t('arrangements.field.source'),
              cell: (m) => ctx.t(`arrangements.source.${m.source}`),
            },
          ]}
          rows={a.indicators.flatMap((i) =>
            i.measurements.map((m) => ({ ...m, name: i.name, unit: i.unit })),
          )}
          rowKey={(m, i) => `${m.name}-${m.period}-${i}`}
        />
      </Section>

      <Section id="geld" heading={ctx.t('arrangements.money')}>
        <DataTable
          label={ctx.t('arrangements.money')}
          columns={[
            {
              label: ctx.t('arrangements.field.year'),
              rowHeader: true,
              cell: (t: ArrangementView['tranches'][number]) =>
                `${t.year}, ${ctx.t('arrangements.tranche.number', { number: t.number })}`,
            },
            {
              label: ctx.t('arrangements.tranche.amount'),
              numeric: true,
              cell: (t) => ctx.format.euros(t.amountCents),
            },
            { label: ctx.t('arrangements.tranche.due'), cell: (t) => ctx.format.date(t.dueOn) },
            { label: ctx.t('arrangements.tranche.decision'), cell: (t) => decisionText(ctx, t) },
          ]}
          rows={a.tranches}
          rowKey={(t) => t.id}
        />
      </Section>

      <Section id="opleveringen" heading={ctx.t('arrangements.deliverables')}>
        <DataTable
          label={ctx.t('arrangements.deliverables')}
          columns={[
            {
              label: ctx.t('arrangements.field.title'),
              rowHeader: true,
              cell: (d: ArrangementView['deliverables'][number]) => d.title,
            },
            { label: ctx.t('arrangements.deliverable.due'), cell: (d) => ctx.format.date(d.dueOn) },
            {
              label: ctx.t('arrangements.field.status'),
              cell: (d) => ctx.t(`arrangements.deliverable.${d.status}`),
            },
            { label: ctx.t('arrangements.deliverable.review'), cell: (d) => d.review },
          ]}
          rows={a.deliverables}
          rowKey={(d) => d.id}
        />
      </Section>

      <Section id="evaluaties" heading={ctx.t('arrangements.evaluations')}>
        {a.evaluations.length === 0 ? (
          <p class="utrecht-paragraph">{ctx.t('arrangements.evaluations.none')}</p>
        ) : null}
        {a.evaluations.map((e) => (
          <div key={e.year}>
            <h3 class="utrecht-heading-3">
              {ctx.t('arrangements.evaluation.of', { year: yearText(e.year) })}
            </h3>
            <Definitions
              items={[
                [ctx.t('arrangements.evaluation.judgement'), ctx.t(`arrangements.judgement.${e.judgement}`)],
                [ctx.t('arrangements.evaluation.results'), e.results],
                [ctx.t('arrangements.evaluation.narrative'), e.narrative],
                [ctx.t('arrangements.evaluation.on'), ctx.format.date(e.evaluatedAt)],
              ]}
            />
          </div>
        ))}
        {a.renewals.map((r, i) => (
          <div key={i}>
            <h3 class="utrecht-heading-3">{ctx.t('arrangements.renewal.title')}</h3>
            <Definitions
              items={[
                [ctx.t('arrangements.renewal.decision'), ctx.t(`arrangements.renewal.${r.decision}`)],
                ...(r.years
                  ? ([[ctx.t('arrangements.renewal.years'), ctx.format.number(r.years)]] as [
                      string,
                      string,
                    ][])
                  : []),
                [ctx.t('arrangements.renewal.reason'), r.reason],
                [ctx.t('arrangements.renewal.input'), r.evaluationYears.map(yearText).join(', ')],
                [ctx.t('arrangements.renewal.on'), ctx.format.date(r.decidedAt)],
              ]}
            />
          </div>
        ))}
      </Section>
    </Layout>
  );
}

/** The side-by-side page: a GET form to choose place, theme and year, then the table. */
export function SideBySidePage(props: {
  ctx: PageContext;
  wijken: readonly PlaceRef[];
  wijk: string;
  theme: string;
  comparison: Comparison | undefined;
}) {
  const { ctx, comparison } = props;
  const choose = ctx.t('arrangements.compare.choose');
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('arrangements.compare.title')}
      crumbs={[{ href: '/afspraken', label: ctx.t('arrangements.list.title') }]}
    >
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.compare.title')}</h1>
      <p class="utrecht-paragraph">{ctx.t('arrangements.compare.intro')}</p>
      <GetForm action="/afspraken/naast-elkaar" submit={{ label: ctx.t('arrangements.compare.show') }}>
        <SelectField
          name="wijk"
          label={ctx.t('arrangements.field.wijk')}
          value={props.wijk}
          empty={choose}
          options={props.wijken.map((w) => ({ value: w.code, label: w.name }))}
        />
        <SelectField
          name="thema"
          label={ctx.t('arrangements.field.theme')}
          value={props.theme}
          empty={choose}
          options={ARRANGEMENT_THEMES.map((t) => ({ value: t, label: ctx.t(`arrangements.theme.${t}`) }))}
        />
        {comparison && comparison.years.length > 1 ? (
          <SelectField
            name="jaar"
            label={ctx.t('arrangements.field.year')}
            value={String(comparison.year)}
            groups={[{ options: comparison.years.map((y) => ({ value: String(y), label: yearText(y) })) }]}
          />
        ) : null}
      </GetForm>
      {comparison ? (
        comparison.arrangements.length === 0 ? (
          <p class="utrecht-paragraph">{ctx.t('arrangements.compare.none')}</p>
        ) : (
          <>
            <p class="utrecht-paragraph">{ctx.t('arrangements.compare.explain')}</p>
            <ComparisonTable
              ctx={ctx}
              comparison={comparison}
              label={ctx.t('arrangements.compare.caption', { year: yearText(comparison.year) })}
            />
          </>
        )
      ) : null}
    </Layout>
  );
}

/** The public register of tasks residents may take over (right to challenge), per wijk. */
export function TasksPage(props: {
  ctx: PageContext;
  tasks: readonly TaskView[];
  wijken: readonly PlaceRef[];
  wijk: string;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('arrangements.tasks.title')}>
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.tasks.title')}</h1>
      <p class="utrecht-paragraph">{ctx.t('arrangements.tasks.intro')}</p>
      <GetForm action="/uitdaagrecht" submit={{ label: ctx.t('arrangements.compare.show') }}>
        <SelectField
          name="wijk"
          label={ctx.t('arrangements.field.wijk')}
          value={props.wijk}
          empty={ctx.t('arrangements.tasks.allWijken')}
          options={props.wijken.map((w) => ({ value: w.code, label: w.name }))}
        />
      </GetForm>
      {props.tasks.length === 0 ? <p class="utrecht-paragraph">{ctx.t('arrangements.tasks.none')}</p> : null}
      {props.tasks.map((task) => (
        <Section id={`taak-${task.id}`} heading={task.title} key={task.id}>
          <p class="utrecht-paragraph">{task.description}</p>
          <Definitions
            items={[
              [ctx.t('arrangements.field.wijk'), task.wijk.name],
              [
                ctx.t('arrangements.tasks.provider'),
                `${task.current.providerName} (${ctx.t(`arrangements.kind.${task.current.providerKind}`)})`,
              ],
              [
                ctx.t('arrangements.tasks.cost'),
                ctx.format.euros(Math.max(0, ...task.current.funding.values())),
              ],
              [
                ctx.t('arrangements.tasks.indicators'),
                task.current.indicators.map((i) => `${i.name} (${i.unit})`).join('; '),
              ],
              [ctx.t('arrangements.field.contractEnd'), ctx.format.date(task.current.contractEnd)],
            ]}
          />
          <LinkParagraph href={`/afspraken/${task.current.reference}`}>
            {ctx.t('arrangements.tasks.current')}
          </LinkParagraph>
          <LinkParagraph href={`/uitdaagrecht/${task.id}/uitdagen`}>
            {ctx.t('arrangements.tasks.challenge')}
          </LinkParagraph>
          {task.challenges.length > 0 ? (
            <DataTable
              label={ctx.t('arrangements.tasks.challenges', { task: task.title })}
              columns={[
                {
                  label: ctx.t('arrangements.field.title'),
                  rowHeader: true,
                  cell: (c: TaskView['challenges'][number]) => (
                    <a class="utrecht-link" href={`/uitdaagrecht/uitdaging/${c.id}`}>
                      {c.title}
                    </a>
                  ),
                },
                {
                  label: ctx.t('arrangements.challenge.submitted'),
                  cell: (c) => ctx.format.date(c.submittedAt),
                },
                {
                  label: ctx.t('arrangements.field.status'),
                  cell: (c) => ctx.t(`arrangements.challenge.status.${c.status}`),
                },
              ]}
              rows={task.challenges}
              rowKey={(c) => c.id}
            />
          ) : null}
        </Section>
      ))}
    </Layout>
  );
}

export interface ChallengeFormValues {
  title: string;
  plan: string;
  cost: string;
  years: string;
  buurt: string;
  name: string;
  email: string;
  phone: string;
  targets: Record<string, string>;
}

/** The resident's challenge: their plan on the current provider's own indicators, through the initiatives desk. */
export function ChallengeFormPage(props: {
  ctx: PageContext;
  task: TaskView;
  buurten: readonly PlaceRef[];
  values: ChallengeFormValues;
  errors: readonly FormError[];
}) {
  const { ctx, task, values, errors } = props;
  const e = (f: string) => errorFor(errors, f);
  return (
    <Layout
      ctx={ctx}
      title={ctx.t('arrangements.challenge.formTitle', { task: task.title })}
      crumbs={[{ href: '/uitdaagrecht', label: ctx.t('arrangements.tasks.title') }]}
    >
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.challenge.formTitle', { task: task.title })}</h1>
      <p class="utrecht-paragraph">{ctx.t('arrangements.challenge.formIntro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action={`/uitdaagrecht/${task.id}/uitdagen`} novalidate>
        <TextField
          name="title"
          label={ctx.t('arrangements.challenge.fieldTitle')}
          value={values.title}
          error={e('title')}
        />
        <TextArea
          name="plan"
          label={ctx.t('arrangements.challenge.fieldPlan')}
          hint={ctx.t('arrangements.challenge.fieldPlanHint')}
          value={values.plan}
          error={e('plan')}
        />
        <TextField
          name="cost"
          label={ctx.t('arrangements.challenge.fieldCost')}
          hint={ctx.t('arrangements.challenge.fieldCostHint', {
            current: ctx.format.euros(Math.max(0, ...task.current.funding.values())),
          })}
          value={values.cost}
          error={e('cost')}
        />
        <SelectField
          name="years"
          label={ctx.t('arrangements.challenge.fieldYears')}
          value={values.years}
          error={e('years')}
          groups={[{ options: [1, 2, 3, 4].map((n) => ({ value: String(n), label: ctx.format.number(n) })) }]}
        />
        <fieldset class="utrecht-form-fieldset bk-fieldset">
          <legend class="utrecht-form-fieldset__legend">
            {ctx.t('arrangements.challenge.targetsLegend')}
          </legend>
          {task.current.indicators.map((i) => (
            <TextField
              key={i.code}
              name={`target-${i.code}`}
              label={`${i.name} (${i.unit})`}
              hint={ctx.t('arrangements.challenge.targetHint', {
                baseline: amount(ctx, i.baseline, i.unit),
                target: amount(ctx, i.targets.get(task.current.startYear + task.current.years - 1), i.unit),
              })}
              value={values.targets[i.code] ?? ''}
              error={e(`target-${i.code}`)}
            />
          ))}
        </fieldset>
        <SelectField
          name="buurt"
          label={ctx.t('arrangements.challenge.fieldBuurt')}
          value={values.buurt}
          error={e('buurt')}
          groups={[{ options: props.buurten.map((b) => ({ value: b.code, label: b.name })) }]}
        />
        <TextField
          name="name"
          label={ctx.t('arrangements.challenge.fieldName')}
          hint={ctx.t('arrangements.challenge.fieldNameHint')}
          value={values.name}
          error={e('name')}
        />
        <TextField
          name="email"
          type="email"
          label={ctx.t('arrangements.challenge.fieldEmail')}
          value={values.email}
          error={e('email')}
        />
        <TextField
          name="phone"
          label={ctx.t('arrangements.challenge.fieldPhone')}
          value={values.phone}
          error={e('phone')}
        />
        <SubmitButton>{ctx.t('arrangements.challenge.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

export function ChallengeSentPage(props: {
  ctx: PageContext;
  reference: string;
  challengeId: string;
  trackingHref: string;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('arrangements.challenge.sentTitle')}>
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.challenge.sentTitle')}</h1>
      <p class="utrecht-paragraph">
        {ctx.t('arrangements.challenge.sentText', { reference: props.reference })}
      </p>
      <p class="utrecht-paragraph">{ctx.t('arrangements.challenge.sentTracking')}</p>
      <LinkParagraph href={props.trackingHref}>{ctx.t('arrangements.challenge.trackingLink')}</LinkParagraph>
      <LinkParagraph href={`/uitdaagrecht/uitdaging/${props.challengeId}`}>
        {ctx.t('arrangements.challenge.seeChallenge')}
      </LinkParagraph>
    </Layout>
  );
}

/** A challenge in public: the current provider and the proposal side by side, and the decision with its route. */
export function ChallengePage(props: {
  ctx: PageContext;
  challenge: ChallengeView;
  mayDecide: boolean;
  errors: readonly FormError[];
  values: { status: string; reason: string; route: string };
  notice?: string | undefined;
}) {
  const { ctx, challenge: c, errors } = props;
  return (
    <Layout
      ctx={ctx}
      title={c.title}
      crumbs={[{ href: '/uitdaagrecht', label: ctx.t('arrangements.tasks.title') }]}
    >
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.challenge.pageTitle', { title: c.title })}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <Definitions
        items={[
          [ctx.t('arrangements.challenge.task'), c.task.title],
          [ctx.t('arrangements.field.wijk'), c.task.wijk.name],
          [ctx.t('arrangements.challenge.submitted'), ctx.format.date(c.submittedAt)],
          [ctx.t('arrangements.field.initiative'), c.initiativeReference],
          [ctx.t('arrangements.field.status'), ctx.t(`arrangements.challenge.status.${c.status}`)],
        ]}
      />
      <Section id="naast-elkaar" heading={ctx.t('arrangements.challenge.sideBySide')}>
        <p class="utrecht-paragraph">{ctx.t('arrangements.challenge.sideBySideIntro')}</p>
        <ComparisonTable
          ctx={ctx}
          comparison={c.comparison}
          label={ctx.t('arrangements.compare.caption', { year: yearText(c.comparison.year) })}
        />
      </Section>
      <Section id="besluit" heading={ctx.t('arrangements.challenge.decision')}>
        {c.decidedAt ? (
          <Definitions
            items={[
              [ctx.t('arrangements.challenge.decision'), ctx.t(`arrangements.challenge.status.${c.status}`)],
              [ctx.t('arrangements.challenge.decidedOn'), ctx.format.date(c.decidedAt)],
              [ctx.t('arrangements.renewal.reason'), c.decisionReason],
              [ctx.t('arrangements.challenge.route'), c.objectionRoute],
              [
                ctx.t('arrangements.challenge.deadline'),
                c.objectionDeadline ? ctx.format.date(c.objectionDeadline) : '–',
              ],
            ]}
          />
        ) : (
          <p class="utrecht-paragraph">{ctx.t('arrangements.challenge.undecided')}</p>
        )}
        {props.mayDecide && !c.decidedAt ? (
          <PostForm ctx={ctx} action={`/uitdaagrecht/uitdaging/${c.id}/besluit`} novalidate>
            <SelectField
              name="status"
              label={ctx.t('arrangements.challenge.decision')}
              value={props.values.status}
              groups={[
                {
                  options: (['granted', 'refused'] as const).map((s) => ({
                    value: s,
                    label: ctx.t(`arrangements.challenge.status.${s}`),
                  })),
                },
              ]}
            />
            <TextArea
              name="reason"
              label={ctx.t('arrangements.renewal.reason')}
              value={props.values.reason}
              error={errorFor(errors, 'reason')}
            />
            <TextArea
              name="route"
              label={ctx.t('arrangements.challenge.route')}
              hint={ctx.t('arrangements.challenge.routeHint')}
              value={props.values.route}
              error={errorFor(errors, 'route')}
            />
            <SubmitButton>{ctx.t('arrangements.challenge.decide')}</SubmitButton>
          </PostForm>
        ) : null}
      </Section>
    </Layout>
  );
}
