import type { PageContext } from '../../../web/page.js';
import { SelectField } from '../../../web/views/fields.js';
import {
  ErrorSummary,
  PostButton,
  PostForm,
  SubmitButton,
  TextField,
  errorFor,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, Notice, Section } from '../../../web/views/page-parts.js';
import type { Settings } from '../district-budget.service.js';
import { STAFF_ROOT } from './staff-pages.js';

export function settingsPath(municipalityCode: string): string {
  return `${STAFF_ROOT}/${municipalityCode}/instellingen`;
}

/** The administrator's page of a gemeente's district budget: rules, mandates, backup pool, allocations, the close. */
export function SettingsPage(props: {
  ctx: PageContext;
  gemeente: { code: string; name: string };
  year: number;
  settings: Settings;
  managers: { id: string; name: string; limitCents: number | null }[];
  staff: { id: string; name: string }[];
  pool: { id: string; name: string }[];
  wijken: { code: string; name: string }[];
  errors: readonly FormError[];
  notice?: string | undefined;
}) {
  const { ctx, errors, settings } = props;
  const { t, format } = ctx;
  const path = settingsPath(props.gemeente.code);
  const title = t('districtBudget.settings.title', { gemeente: props.gemeente.name });
  const wijkOptions = [{ options: props.wijken.map((w) => ({ value: w.code, label: w.name })) }];
  return (
    <Layout
      ctx={ctx}
      title={title}
      crumbs={[
        { href: '/', label: t('app.name') },
        { href: STAFF_ROOT, label: t('districtBudget.staff.title') },
      ]}
    >
      <h1 class="utrecht-heading-1">{title}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <Section id="rules" heading={t('districtBudget.settings.rules')}>
        <PostForm ctx={ctx} action={`${path}/regels`} novalidate>
          <TextField
            name="carryOverYears"
            label={t('districtBudget.settings.carryOver')}
            value={String(settings.carryOverYears)}
            inputmode="numeric"
            error={errorFor(errors, 'carryOverYears')}
          />
          <TextField
            name="lateSharePercent"
            label={t('districtBudget.settings.lateShare')}
            value={String(settings.lateSharePercent)}
            inputmode="numeric"
            error={errorFor(errors, 'lateSharePercent')}
          />
          <TextField
            name="approvalDays"
            label={t('districtBudget.settings.approvalDays')}
            value={String(settings.approvalDays)}
            inputmode="numeric"
            error={errorFor(errors, 'approvalDays')}
          />
          <SubmitButton>{t('districtBudget.settings.save')}</SubmitButton>
        </PostForm>
      </Section>
      <Section id="mandates" heading={t('districtBudget.settings.mandates')}>
        <p class="utrecht-paragraph">{t('districtBudget.settings.mandatesIntro')}</p>
        <DataTable
          label={t('districtBudget.settings.mandates')}
          rows={props.managers}
          rowKey={(m) => m.id}
          columns={[
            { label: t('districtBudget.col.manager'), rowHeader: true, cell: (m) => m.name },
            {
              label: t('districtBudget.col.mandate'),
              numeric: true,
              cell: (m) =>
                m.limitCents === null ? t('districtBudget.settings.noMandate') : format.euros(m.limitCents),
            },
          ]}
        />
        <PostForm ctx={ctx} action={`${path}/mandaat`} novalidate>
          <SelectField
            name="accountId"
            label={t('districtBudget.settings.mandatePerson')}
            value=""
            groups={[{ options: props.managers.map((m) => ({ value: m.id, label: m.name })) }]}
            error={errorFor(errors, 'accountId')}
          />
          <TextField
            name="limit"
            label={t('districtBudget.settings.mandateAmount')}
            value=""
            error={errorFor(errors, 'limit')}
          />
          <SubmitButton secondary>{t('districtBudget.settings.mandateSave')}</SubmitButton>
        </PostForm>
      </Section>
      <Section id="pool" heading={t('districtBudget.settings.pool')}>
        <p class="utrecht-paragraph">{t('districtBudget.settings.poolIntro')}</p>
        {props.pool.length === 0 ? (
          <p class="utrecht-paragraph">{t('districtBudget.settings.poolEmpty')}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {props.pool.map((p) => (
              <li class="utrecht-unordered-list__item" key={p.id}>
                {p.name}{' '}
                <PostButton
                  ctx={ctx}
                  action={`${path}/reserve`}
                  secondary
                  hidden={{ poolAccountId: p.id, inPool: 'no' }}
                >
                  {t('districtBudget.settings.poolRemove', { name: p.name })}
                </PostButton>
              </li>
            ))}
          </ul>
        )}
        <PostForm ctx={ctx} action={`${path}/reserve`} novalidate hidden={{ inPool: 'yes' }}>
          <SelectField
            name="poolAccountId"
            label={t('districtBudget.settings.mandatePerson')}
            value=""
            groups={[{ options: props.staff.map((m) => ({ value: m.id, label: m.name })) }]}
            error={errorFor(errors, 'poolAccountId')}
          />
          <SubmitButton secondary>{t('districtBudget.settings.poolAdd')}</SubmitButton>
        </PostForm>
      </Section>
      <Section id="allocate" heading={t('districtBudget.settings.allocate')}>
        <PostForm ctx={ctx} action={`${path}/toekennen`} novalidate>
          <SelectField
            name="wijk"
            label={t('districtBudget.form.wijk')}
            value=""
            groups={wijkOptions}
            error={errorFor(errors, 'wijk')}
          />
          <TextField
            name="year"
            label={t('districtBudget.settings.allocateYear')}
            value={String(props.year)}
            inputmode="numeric"
            error={errorFor(errors, 'year')}
          />
          <TextField
            name="amount"
            label={t('districtBudget.settings.allocateAmount')}
            value=""
            error={errorFor(errors, 'amount')}
          />
          <SubmitButton secondary>{t('districtBudget.settings.allocateSubmit')}</SubmitButton>
        </PostForm>
      </Section>
      <Section id="close" heading={t('districtBudget.settings.close')}>
        <PostForm ctx={ctx} action={`${path}/afsluiten`} novalidate hidden={{ year: String(props.year) }}>
          <SelectField
            name="closeWijk"
            label={t('districtBudget.form.wijk')}
            value=""
            groups={wijkOptions}
            error={errorFor(errors, 'closeWijk')}
          />
          <SubmitButton secondary>
            {t('districtBudget.settings.closeSubmit', { year: String(props.year) })}
          </SubmitButton>
        </PostForm>
      </Section>
    </Layout>
  );
}
