import type { PageContext } from '../../../web/page.js';
import {
  ErrorSummary,
  errorFor,
  GetForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, Time } from '../../../web/views/page-parts.js';
import type { AuditFilter, AuditRecord } from '../audit.js';

/** The filter as a query string (for the next page and the CSV link), without empty fields. */
export function filterQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra })) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** An entry's details as `key: value` lines (arrays joined), rather than raw JSON. */
function AuditDetails(props: { details: Record<string, unknown> }) {
  const entries = Object.entries(props.details);
  if (entries.length === 0) return <>–</>;
  return (
    <ul class="bk-plain-list bk-audit-details">
      {entries.map(([key, value]) => (
        <li key={key}>
          <span class="bk-muted">{key}:</span>{' '}
          {Array.isArray(value)
            ? value.map(String).join(', ') || '–'
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value)}
        </li>
      ))}
    </ul>
  );
}

function actionLabel(ctx: PageContext, action: string): string {
  const key = `audit.action.${action}`;
  const text = ctx.t(key);
  return text === key ? action : text;
}

export function AuditPage(props: {
  ctx: PageContext;
  filter: AuditFilter;
  errors: FormError[];
  entries: AuditRecord[];
  nextBeforeId: number | undefined;
  isFirstPage: boolean;
}) {
  const { ctx, filter, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('audit.title')}>
      <h1 class="utrecht-heading-1">{t('audit.title')}</h1>
      <p class="utrecht-paragraph">{t('audit.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <GetForm action="/beheer/audit" class="bk-filter">
        <fieldset class="utrecht-form-fieldset">
          <legend class="utrecht-form-fieldset__legend">{t('audit.filter.title')}</legend>
          <div class="bk-filter__fields">
            <TextField name="actor" label={t('audit.filter.actor')} value={filter.actor} maxLength={200} />
            <TextField
              name="action"
              label={t('audit.filter.action')}
              hint={t('audit.filter.actionHint')}
              value={filter.action}
              maxLength={100}
              spellcheck={false}
            />
            <TextField
              name="subjectType"
              label={t('audit.filter.subjectType')}
              value={filter.subjectType}
              maxLength={100}
            />
            <TextField
              name="subjectId"
              label={t('audit.filter.subjectId')}
              value={filter.subjectId}
              maxLength={100}
            />
            <TextField
              name="from"
              type="date"
              label={t('audit.filter.from')}
              value={filter.from}
              error={errorFor(errors, 'from')}
            />
            <TextField
              name="to"
              type="date"
              label={t('audit.filter.to')}
              value={filter.to}
              error={errorFor(errors, 'to')}
            />
          </div>
          <p class="utrecht-button-group">
            <SubmitButton>{t('audit.filter.submit')}</SubmitButton>
            <a class="utrecht-link" href="/beheer/audit">
              {t('audit.filter.reset')}
            </a>
          </p>
        </fieldset>
      </GetForm>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/beheer/audit.csv${filterQuery(filter)}`} download>
          {t('audit.export')}
        </a>
      </p>
      {props.entries.length === 0 ? (
        <p class="utrecht-paragraph">{t('audit.none')}</p>
      ) : (
        <DataTable
          label={t('audit.table.caption')}
          caption
          rows={props.entries}
          rowKey={(e) => e.id}
          columns={[
            {
              label: t('audit.table.when'),
              // To the second: entries of one action follow each other closely.
              cell: (e) => <Time at={e.occurredAt} locale={ctx.locale} seconds />,
            },
            { label: t('audit.table.who'), cell: (e) => e.actor.label },
            {
              label: t('audit.table.what'),
              cell: (e) => (
                <>
                  {actionLabel(ctx, e.action)}
                  <br />
                  <code class="bk-muted">{e.action}</code>
                </>
              ),
            },
            {
              label: t('audit.table.subject'),
              cell: (e) => (e.subject ? `${e.subject.type} ${e.subject.id}` : '–'),
            },
            { label: t('audit.table.channel'), cell: (e) => t(`audit.channel.${e.channel}`) },
            { label: t('audit.table.ip'), cell: (e) => e.ip ?? '–' },
            { label: t('audit.table.details'), cell: (e) => <AuditDetails details={e.details} /> },
          ]}
        />
      )}
      <nav class="bk-pagination" aria-label={t('audit.table.caption')}>
        {props.isFirstPage ? null : (
          <a class="utrecht-link" href={`/beheer/audit${filterQuery(filter)}`}>
            {t('audit.newest')}
          </a>
        )}
        {props.nextBeforeId !== undefined ? (
          <a
            class="utrecht-link"
            href={`/beheer/audit${filterQuery(filter, { voor: String(props.nextBeforeId) })}`}
          >
            {t('audit.older')}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
