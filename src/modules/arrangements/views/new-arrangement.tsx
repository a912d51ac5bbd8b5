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
import { AGGREGATIONS, ARRANGEMENT_THEMES, DIRECTIONS } from '../arrangement.js';
import type { PlaceRef } from '../arrangements.service.js';

/** Indicator rows on the form: enough for most arrangements; more can follow as a later change. */
export const INDICATOR_ROWS = 3;

export type NewArrangementValues = Readonly<Record<string, string>>;

/** A manager's form for a new arrangement: every field as typed, so errors show it again. */
export function NewArrangementPage(props: {
  ctx: PageContext;
  wijken: readonly PlaceRef[];
  values: NewArrangementValues;
  errors: readonly FormError[];
}) {
  const { ctx, values, errors } = props;
  const v = (name: string, fallback = '') => values[name] ?? fallback;
  const e = (name: string) => errorFor(errors, name);
  const t = (key: string) => ctx.t(`arrangements.new.${key}`);
  return (
    <Layout
      ctx={ctx}
      title={t('title')}
      crumbs={[{ href: '/beheer/afspraken', label: ctx.t('arrangements.staff.title') }]}
    >
      <h1 class="utrecht-heading-1">{t('title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action="/beheer/afspraken/nieuw" novalidate>
        <SelectField
          name="wijk"
          label={ctx.t('arrangements.field.wijk')}
          value={v('wijk')}
          error={e('wijk')}
          groups={[{ options: props.wijken.map((w) => ({ value: w.code, label: w.name })) }]}
        />
        <SelectField
          name="theme"
          label={ctx.t('arrangements.field.theme')}
          value={v('theme')}
          groups={[
            {
              options: ARRANGEMENT_THEMES.map((th) => ({
                value: th,
                label: ctx.t(`arrangements.theme.${th}`),
              })),
            },
          ]}
        />
        <TextField
          name="title"
          label={ctx.t('arrangements.field.title')}
          value={v('title')}
          error={e('title')}
        />
        <TextArea name="description" label={t('description')} value={v('description')} />
        <SelectField
          name="providerKind"
          label={t('providerKind')}
          value={v('providerKind', 'organisation')}
          groups={[
            {
              options: (['organisation', 'initiative', 'municipality'] as const).map((k) => ({
                value: k,
                label: ctx.t(`arrangements.kind.${k}`),
              })),
            },
          ]}
        />
        <TextField
          name="providerName"
          label={t('providerName')}
          hint={t('providerNameHint')}
          value={v('providerName')}
          error={e('providerName')}
        />
        <TextField
          name="initiative"
          label={t('initiative')}
          hint={t('initiativeHint')}
          value={v('initiative')}
          error={e('provider')}
        />
        <TextField
          name="externalId"
          label={ctx.t('arrangements.field.externalId')}
          hint={t('externalIdHint')}
          value={v('externalId')}
          error={e('externalId')}
        />
        <TextField name="startYear" label={t('startYear')} value={v('startYear')} error={e('startYear')} />
        <TextField
          name="funding"
          label={t('funding')}
          hint={t('fundingHint')}
          value={v('funding')}
          error={e('funding') ?? e('years')}
        />
        <SelectField
          name="tranches"
          label={t('tranches')}
          value={v('tranches', '4')}
          groups={[{ options: ['1', '2', '4'].map((n) => ({ value: n, label: n })) }]}
        />
        <TextArea name="goals" label={t('goals')} hint={t('goalsHint')} value={v('goals')} />
        {Array.from({ length: INDICATOR_ROWS }, (_, i) => (
          <fieldset class="utrecht-form-fieldset bk-fieldset" key={i}>
            <legend class="utrecht-form-fieldset__legend">
              {ctx.t('arrangements.new.indicator', { n: i + 1 })}
            </legend>
            <TextField
              name={`i${i}-code`}
              label={t('indicatorCode')}
              hint={t('indicatorCodeHint')}
              value={v(`i${i}-code`)}
              error={e(`i${i}-code`) ?? (i === 0 ? e('indicators') : undefined)}
            />
            <TextField
              name={`i${i}-name`}
              label={t('indicatorName')}
              value={v(`i${i}-name`)}
              error={e(`i${i}-name`)}
            />
            <TextField
              name={`i${i}-unit`}
              label={t('indicatorUnit')}
              value={v(`i${i}-unit`)}
              error={e(`i${i}-unit`)}
            />
            <TextField
              name={`i${i}-baseline`}
              label={ctx.t('arrangements.compare.baseline')}
              value={v(`i${i}-baseline`)}
              error={e(`i${i}-baseline`)}
            />
            <TextField
              name={`i${i}-targets`}
              label={t('targets')}
              hint={t('targetsHint')}
              value={v(`i${i}-targets`)}
              error={e(`i${i}-targets`)}
            />
            <SelectField
              name={`i${i}-direction`}
              label={t('direction')}
              value={v(`i${i}-direction`, 'increase')}
              groups={[{ options: DIRECTIONS.map((d) => ({ value: d, label: t(`direction.${d}`) })) }]}
            />
            <SelectField
              name={`i${i}-aggregation`}
              label={t('aggregation')}
              value={v(`i${i}-aggregation`, 'sum')}
              groups={[{ options: AGGREGATIONS.map((a) => ({ value: a, label: t(`aggregation.${a}`) })) }]}
            />
          </fieldset>
        ))}
        <TextArea
          name="deliverables"
          label={ctx.t('arrangements.deliverables')}
          hint={t('deliverablesHint')}
          value={v('deliverables')}
          error={e('deliverables')}
        />
        <SubmitButton>{t('submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}
