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
import { AGGREGATIONS, ARRANGEMENT_THEMES, DIRECTIONS, PROVIDER_KINDS } from '../arrangement.js';
import type { PlaceRef } from '../arrangements.service.js';

/** Indicator rows on the new form: enough for most arrangements; the edit form adds more. */
export const INDICATOR_ROWS = 3;

/** Form values as typed (field name → value), so a form with errors shows them again. */
export type FormValues = Readonly<Record<string, string>>;

/** A select of fixed values, each labelled by its message (`labelOf`). */
export function ChoiceSelect(props: {
  name: string;
  label: string;
  value: string;
  choices: readonly string[];
  labelOf: (choice: string) => string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <SelectField
      name={props.name}
      label={props.label}
      value={props.value}
      hint={props.hint}
      error={props.error}
      groups={[{ options: props.choices.map((c) => ({ value: c, label: props.labelOf(c) })) }]}
    />
  );
}

interface FieldsProps {
  ctx: PageContext;
  values: FormValues;
  errors: readonly FormError[];
}

const t = (ctx: PageContext, key: string, params?: Record<string, string | number>) =>
  ctx.t(`arrangements.new.${key}`, params);

/** Theme, name, description and goals: the same on the new and the edit form. */
function ArrangementTexts(props: FieldsProps) {
  const { ctx, values, errors } = props;
  return (
    <>
      <ChoiceSelect
        name="theme"
        label={ctx.t('arrangements.field.theme')}
        value={values.theme ?? ''}
        error={errorFor(errors, 'theme')}
        choices={ARRANGEMENT_THEMES}
        labelOf={(th) => ctx.t(`arrangements.theme.${th}`)}
      />
      <TextField
        name="title"
        label={ctx.t('arrangements.field.title')}
        value={values.title ?? ''}
        error={errorFor(errors, 'title')}
      />
      <TextArea name="description" label={t(ctx, 'description')} value={values.description ?? ''} />
      <TextArea name="goals" label={t(ctx, 'goals')} hint={t(ctx, 'goalsHint')} value={values.goals ?? ''} />
    </>
  );
}

/**
 * One indicator as a group of fields named `i<n>-…`: the same on the new and the edit form. On
 * the edit form a known indicator's code is read-only: it keys the values and the comparison.
 */
function IndicatorFieldset(props: FieldsProps & { index: number; codeFixed: boolean; targetsHint: string }) {
  const { ctx, values, errors, index } = props;
  const name = (field: string) => `i${index}-${field}`;
  const v = (field: string, fallback = '') => values[name(field)] ?? fallback;
  const e = (field: string) => errorFor(errors, name(field));
  return (
    <fieldset class="utrecht-form-fieldset bk-fieldset">
      <legend class="utrecht-form-fieldset__legend">{t(ctx, 'indicator', { n: index + 1 })}</legend>
      <TextField
        name={name('code')}
        label={t(ctx, 'indicatorCode')}
        hint={t(ctx, 'indicatorCodeHint')}
        value={v('code')}
        error={e('code') ?? (index === 0 ? errorFor(errors, 'indicators') : undefined)}
        readOnly={props.codeFixed}
      />
      <TextField name={name('name')} label={t(ctx, 'indicatorName')} value={v('name')} error={e('name')} />
      <TextField name={name('unit')} label={t(ctx, 'indicatorUnit')} value={v('unit')} error={e('unit')} />
      <TextField
        name={name('baseline')}
        label={ctx.t('arrangements.compare.baseline')}
        value={v('baseline')}
        error={e('baseline')}
      />
      <TextField
        name={name('targets')}
        label={t(ctx, 'targets')}
        hint={props.targetsHint}
        value={v('targets')}
        error={e('targets')}
      />
      <ChoiceSelect
        name={name('direction')}
        label={t(ctx, 'direction')}
        value={v('direction', 'increase')}
        choices={DIRECTIONS}
        labelOf={(d) => t(ctx, `direction.${d}`)}
      />
      <ChoiceSelect
        name={name('aggregation')}
        label={t(ctx, 'aggregation')}
        value={v('aggregation', 'sum')}
        choices={AGGREGATIONS}
        labelOf={(a) => t(ctx, `aggregation.${a}`)}
      />
    </fieldset>
  );
}

/** A manager's form for a new arrangement: every field as typed, so errors show it again. */
export function NewArrangementPage(props: FieldsProps & { wijken: readonly PlaceRef[] }) {
  const { ctx, values, errors } = props;
  const v = (name: string, fallback = '') => values[name] ?? fallback;
  const e = (name: string) => errorFor(errors, name);
  return (
    <Layout
      ctx={ctx}
      title={t(ctx, 'title')}
      crumbs={[{ href: '/beheer/afspraken', label: ctx.t('arrangements.staff.title') }]}
    >
      <h1 class="utrecht-heading-1">{t(ctx, 'title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action="/beheer/afspraken/nieuw" novalidate>
        <SelectField
          name="wijk"
          label={ctx.t('arrangements.field.wijk')}
          value={v('wijk')}
          error={e('wijk')}
          groups={[{ options: props.wijken.map((w) => ({ value: w.code, label: w.name })) }]}
        />
        <ArrangementTexts {...props} />
        <ChoiceSelect
          name="providerKind"
          label={t(ctx, 'providerKind')}
          value={v('providerKind', 'organisation')}
          choices={PROVIDER_KINDS}
          labelOf={(k) => ctx.t(`arrangements.kind.${k}`)}
        />
        <TextField
          name="providerName"
          label={t(ctx, 'providerName')}
          hint={t(ctx, 'providerNameHint')}
          value={v('providerName')}
          error={e('providerName')}
        />
        <TextField
          name="initiative"
          label={t(ctx, 'initiative')}
          hint={t(ctx, 'initiativeHint')}
          value={v('initiative')}
          error={e('provider')}
        />
        <TextField
          name="externalId"
          label={ctx.t('arrangements.field.externalId')}
          hint={t(ctx, 'externalIdHint')}
          value={v('externalId')}
          error={e('externalId')}
        />
        <TextField
          name="startYear"
          label={t(ctx, 'startYear')}
          value={v('startYear')}
          error={e('startYear')}
        />
        <TextField
          name="funding"
          label={t(ctx, 'funding')}
          hint={t(ctx, 'fundingHint')}
          value={v('funding')}
          error={e('funding') ?? e('years')}
        />
        <ChoiceSelect
          name="tranches"
          label={t(ctx, 'tranches')}
          value={v('tranches', '4')}
          choices={['1', '2', '4']}
          labelOf={(n) => n}
        />
        {Array.from({ length: INDICATOR_ROWS }, (_, i) => (
          <IndicatorFieldset
            key={i}
            {...props}
            index={i}
            codeFixed={false}
            targetsHint={t(ctx, 'targetsHint')}
          />
        ))}
        <TextArea
          name="deliverables"
          label={ctx.t('arrangements.deliverables')}
          hint={t(ctx, 'deliverablesHint')}
          value={v('deliverables')}
          error={e('deliverables')}
        />
        <SubmitButton>{t(ctx, 'submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

/** What the edit form needs to know of the arrangement besides the values typed. */
export interface EditedArrangement {
  reference: string;
  title: string;
  years: readonly number[];
  /** Years with a tranche proposed to the district budget: their amount is changed there. */
  lockedYears: ReadonlyMap<number, string>;
  /** Codes of the indicators it has (read-only on the form). */
  indicatorCodes: readonly string[];
}

/**
 * A manager's form to change an arrangement: the same fields as the new form for texts and
 * indicators (one empty group to add one), and an amount per year; a year already proposed to
 * the district budget is shown but cannot be changed here.
 */
export function EditArrangementPage(props: FieldsProps & { a: EditedArrangement }) {
  const { ctx, values, errors, a } = props;
  const rows = a.indicatorCodes.length + 1;
  const targetsHint = t(ctx, 'targetsHintYears', { years: a.years.join('; ') });
  return (
    <Layout
      ctx={ctx}
      title={`${ctx.t('arrangements.edit.title')}: ${a.title}`}
      crumbs={[
        { href: '/beheer/afspraken', label: ctx.t('arrangements.staff.title') },
        { href: `/beheer/afspraken/${a.reference}`, label: a.title },
      ]}
    >
      <h1 class="utrecht-heading-1">{ctx.t('arrangements.edit.title')}</h1>
      <p class="utrecht-paragraph">{ctx.t('arrangements.edit.intro', { title: a.title })}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action={`/beheer/afspraken/${a.reference}/wijzigen`} novalidate>
        <ArrangementTexts {...props} />
        <fieldset class="utrecht-form-fieldset bk-fieldset">
          <legend class="utrecht-form-fieldset__legend">{ctx.t('arrangements.edit.funding')}</legend>
          {a.years.map((year) => {
            const decision = a.lockedYears.get(year);
            return (
              <TextField
                key={year}
                name={`funding-${year}`}
                label={ctx.t('arrangements.edit.fundingYear', { year: String(year) })}
                hint={decision ? ctx.t('arrangements.edit.fundingLocked', { decision }) : undefined}
                value={values[`funding-${year}`] ?? ''}
                error={errorFor(errors, `funding-${year}`)}
                readOnly={decision !== undefined}
                inputmode="numeric"
              />
            );
          })}
        </fieldset>
        {Array.from({ length: rows }, (_, i) => (
          <IndicatorFieldset
            key={i}
            {...props}
            index={i}
            codeFixed={i < a.indicatorCodes.length}
            targetsHint={targetsHint}
          />
        ))}
        <SubmitButton>{ctx.t('arrangements.edit.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}
