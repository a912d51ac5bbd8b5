import type { PageContext } from '../../../web/page.js';
import {
  ErrorSummary,
  errorFor,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { SelectField, TextArea } from '../../../web/views/fields.js';
import { Layout } from '../../../web/views/layout.js';
import { LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import { JUDGEMENTS, RENEWAL_DECISIONS, SOURCES } from '../arrangement.js';
import type { ArrangementSummary, ArrangementView } from '../arrangements.service.js';
import { ChoiceSelect } from './arrangement-form.js';
import { ArrangementsTable } from './public-pages.js';

/** Form values kept when a form comes back with errors: field name → value. */
export type Values = Readonly<Record<string, string>>;

/** A CSV upload's refusal: every bad row by line. */
export interface CsvReport {
  problems: readonly { line: number; text: string }[];
}

function CsvUploadForm(props: { ctx: PageContext; back: string; report: CsvReport | undefined }) {
  const { ctx, report } = props;
  return (
    <Section id="csv-upload" heading={ctx.t('arrangements.csv.title')}>
      <p class="utrecht-paragraph">{ctx.t('arrangements.csv.intro')}</p>
      <pre class="bk-example">
        {'extern_id;indicator;periode;waarde;bron\nBUURTHUIS-01;bezoekers;2026-Q1;1.234;zelf gerapporteerd'}
      </pre>
      {report ? (
        <div class="utrecht-alert utrecht-alert--error" role="alert" id="csv-problems" tabindex={-1}>
          <div class="utrecht-alert__content">
            <h3 class="utrecht-heading-3">
              {ctx.t('arrangements.csv.rejectedTitle', { count: ctx.format.number(report.problems.length) })}
            </h3>
            <ul class="utrecht-unordered-list">
              {report.problems.map((p, i) => (
                <li class="utrecht-unordered-list__item" key={i}>
                  {p.line > 0 ? `${ctx.t('arrangements.csv.line', { line: String(p.line) })}: ` : ''}
                  {p.text}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      <PostForm
        ctx={ctx}
        action="/beheer/afspraken/metingen"
        enctype="multipart/form-data"
        hidden={{ terug: props.back }}
        novalidate
      >
        <div class="utrecht-form-field utrecht-form-field--text">
          <div class="utrecht-form-field__label">
            <label class="utrecht-form-label" for="bestand">
              {ctx.t('arrangements.csv.file')}
            </label>
          </div>
          <div class="utrecht-form-field__input">
            <input class="utrecht-textbox" type="file" id="bestand" name="bestand" accept=".csv,text/csv" />
          </div>
        </div>
        <TextArea name="csv" label={ctx.t('arrangements.csv.paste')} value="" rows={6} />
        <SubmitButton>{ctx.t('arrangements.csv.submit')}</SubmitButton>
      </PostForm>
    </Section>
  );
}

/** Staff's list: the arrangements they manage or report on, and the CSV upload. */
export function StaffListPage(props: {
  ctx: PageContext;
  items: readonly ArrangementSummary[];
  notice?: string | undefined;
  report?: CsvReport | undefined;
  mayCreate?: boolean;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('arrangements.staff.title')}>
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.staff.title')}</h1>
      <Notice text={props.notice} />
      {props.mayCreate ? (
        <LinkParagraph href="/beheer/afspraken/nieuw">{ctx.t('arrangements.new.title')}</LinkParagraph>
      ) : null}
      <ArrangementsTable
        ctx={ctx}
        items={props.items}
        label={ctx.t('arrangements.staff.title')}
        hrefOf={(a) => `/beheer/afspraken/${a.reference}`}
      />
      <CsvUploadForm ctx={ctx} back="/beheer/afspraken" report={props.report} />
    </Layout>
  );
}

/** One arrangement for its manager (and a partner reporting values): every change is a small form. */
export function ManagePage(props: {
  ctx: PageContext;
  a: ArrangementView;
  mayManage: boolean;
  errors: readonly FormError[];
  values: Values;
  notice?: string | undefined;
  report?: CsvReport | undefined;
}) {
  const { ctx, a, errors, values } = props;
  const e = (f: string) => errorFor(errors, f);
  const v = (f: string, fallback = '') => values[f] ?? fallback;
  const action = (path: string) => `/beheer/afspraken/${a.reference}/${path}`;
  const years = Array.from({ length: a.years }, (_, i) => String(a.startYear + i));
  const open = a.tranches.filter((t) => !t.decisionReference);
  return (
    <Layout
      ctx={ctx}
      title={`${a.title} · ${ctx.t('arrangements.manage.title')}`}
      crumbs={[{ href: '/beheer/afspraken', label: ctx.t('arrangements.staff.title') }]}
    >
      <h1 class="utrecht-heading-1">{a.title}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <LinkParagraph href={`/afspraken/${a.reference}`}>{ctx.t('arrangements.manage.public')}</LinkParagraph>
      {props.mayManage && a.status === 'active' ? (
        <LinkParagraph href={`/beheer/afspraken/${a.reference}/wijzigen`}>
          {ctx.t('arrangements.manage.edit')}
        </LinkParagraph>
      ) : null}

      <Section id="meting" heading={ctx.t('arrangements.manage.measurement')}>
        <PostForm ctx={ctx} action={action('meting')} novalidate>
          <SelectField
            name="meting-indicator"
            label={ctx.t('arrangements.field.indicator')}
            value={v('meting-indicator')}
            error={e('meting-indicator')}
            groups={[
              { options: a.indicators.map((i) => ({ value: i.code, label: `${i.name} (${i.unit})` })) },
            ]}
          />
          <TextField
            name="meting-period"
            label={ctx.t('arrangements.field.period')}
            hint={ctx.t('arrangements.manage.periodHint')}
            value={v('meting-period')}
            error={e('meting-period')}
          />
          <TextField
            name="meting-value"
            label={ctx.t('arrangements.compare.value')}
            value={v('meting-value')}
            error={e('meting-value')}
          />
          <ChoiceSelect
            name="meting-source"
            label={ctx.t('arrangements.field.source')}
            value={v('meting-source', 'self_reported')}
            choices={SOURCES}
            labelOf={(s) => ctx.t(`arrangements.source.${s}`)}
          />
          <SubmitButton>{ctx.t('arrangements.manage.save')}</SubmitButton>
        </PostForm>
      </Section>

      <CsvUploadForm ctx={ctx} back={`/beheer/afspraken/${a.reference}`} report={props.report} />

      {props.mayManage ? (
        <>
          <Section id="tranche" heading={ctx.t('arrangements.manage.tranche')}>
            {open.length === 0 ? (
              <p class="utrecht-paragraph">{ctx.t('arrangements.manage.noOpenTranches')}</p>
            ) : (
              <PostForm ctx={ctx} action={action('tranche')} novalidate>
                <SelectField
                  name="tranche-id"
                  label={ctx.t('arrangements.manage.whichTranche')}
                  value={v('tranche-id')}
                  error={e('tranche-id')}
                  groups={[
                    {
                      options: open.map((t) => ({
                        value: t.id,
                        label: `${t.year}, ${ctx.t('arrangements.tranche.number', { number: t.number })}: ${ctx.format.euros(t.amountCents)}`,
                      })),
                    },
                  ]}
                />
                <TextArea
                  name="tranche-reason"
                  label={ctx.t('arrangements.renewal.reason')}
                  value={v('tranche-reason')}
                  error={e('tranche-reason')}
                />
                <SubmitButton>{ctx.t('arrangements.manage.propose')}</SubmitButton>
              </PostForm>
            )}
          </Section>

          {a.deliverables.some((d) => d.status === 'open') ? (
            <Section id="oplevering" heading={ctx.t('arrangements.manage.deliverable')}>
              <PostForm ctx={ctx} action={action('oplevering')} novalidate>
                <SelectField
                  name="oplevering-id"
                  label={ctx.t('arrangements.deliverables')}
                  value={v('oplevering-id')}
                  groups={[
                    {
                      options: a.deliverables
                        .filter((d) => d.status === 'open')
                        .map((d) => ({ value: d.id, label: `${d.title} (${ctx.format.date(d.dueOn)})` })),
                    },
                  ]}
                />
                <ChoiceSelect
                  name="oplevering-status"
                  label={ctx.t('arrangements.field.status')}
                  value={v('oplevering-status', 'accepted')}
                  choices={['accepted', 'rejected']}
                  labelOf={(s) => ctx.t(`arrangements.deliverable.${s}`)}
                />
                <TextArea
                  name="oplevering-review"
                  label={ctx.t('arrangements.deliverable.review')}
                  value={v('oplevering-review')}
                  error={e('oplevering-review')}
                />
                <SubmitButton>{ctx.t('arrangements.manage.save')}</SubmitButton>
              </PostForm>
            </Section>
          ) : null}

          <Section id="evaluatie" heading={ctx.t('arrangements.manage.evaluation')}>
            <PostForm ctx={ctx} action={action('evaluatie')} novalidate>
              <ChoiceSelect
                name="evaluatie-year"
                label={ctx.t('arrangements.field.year')}
                value={v('evaluatie-year', years[0])}
                error={e('evaluatie-year')}
                choices={years}
                labelOf={(y) => y}
              />
              <TextArea
                name="evaluatie-results"
                label={ctx.t('arrangements.evaluation.results')}
                value={v('evaluatie-results')}
                error={e('evaluatie-results')}
              />
              <TextArea
                name="evaluatie-narrative"
                label={ctx.t('arrangements.evaluation.narrative')}
                value={v('evaluatie-narrative')}
                error={e('evaluatie-narrative')}
              />
              <ChoiceSelect
                name="evaluatie-judgement"
                label={ctx.t('arrangements.evaluation.judgement')}
                value={v('evaluatie-judgement', 'continue')}
                choices={JUDGEMENTS}
                labelOf={(j) => ctx.t(`arrangements.judgement.${j}`)}
              />
              <SubmitButton>{ctx.t('arrangements.manage.save')}</SubmitButton>
            </PostForm>
          </Section>

          <Section id="verlenging" heading={ctx.t('arrangements.renewal.title')}>
            <p class="utrecht-paragraph">{ctx.t('arrangements.manage.renewalIntro')}</p>
            <PostForm ctx={ctx} action={action('verlenging')} novalidate>
              <ChoiceSelect
                name="verlenging-decision"
                label={ctx.t('arrangements.renewal.decision')}
                value={v('verlenging-decision', 'renew')}
                error={e('verlenging-decision')}
                choices={RENEWAL_DECISIONS}
                labelOf={(d) => ctx.t(`arrangements.renewal.${d}`)}
              />
              <ChoiceSelect
                name="verlenging-years"
                label={ctx.t('arrangements.renewal.years')}
                value={v('verlenging-years', '2')}
                error={e('verlenging-years')}
                choices={['1', '2', '3', '4']}
                labelOf={(n) => n}
              />
              <TextField
                name="verlenging-amount"
                label={ctx.t('arrangements.renewal.amount')}
                hint={ctx.t('arrangements.renewal.amountHint')}
                value={v('verlenging-amount')}
                error={e('verlenging-amount')}
              />
              <TextArea
                name="verlenging-reason"
                label={ctx.t('arrangements.renewal.reason')}
                value={v('verlenging-reason')}
                error={e('verlenging-reason')}
              />
              <SubmitButton>{ctx.t('arrangements.manage.save')}</SubmitButton>
            </PostForm>
          </Section>

          <Section id="uitdaagbaar" heading={ctx.t('arrangements.manage.task')}>
            <p class="utrecht-paragraph">{ctx.t('arrangements.manage.taskIntro')}</p>
            <PostForm ctx={ctx} action={action('uitdaagbaar')} novalidate>
              <TextField
                name="taak-title"
                label={ctx.t('arrangements.field.title')}
                value={v('taak-title')}
                error={e('taak-title')}
              />
              <TextArea
                name="taak-description"
                label={ctx.t('arrangements.manage.taskDescription')}
                value={v('taak-description')}
              />
              <SubmitButton>{ctx.t('arrangements.manage.save')}</SubmitButton>
            </PostForm>
          </Section>
        </>
      ) : null}
    </Layout>
  );
}
