import type { ErasureLogLine, ErasureReport } from '../../../privacy/index.js';
import type { PageContext } from '../../../web/page.js';
import {
  EmailField,
  ErrorSummary,
  errorFor,
  PostButton,
  PostForm,
  SubmitButton,
  type FormError,
} from '../../../web/views/form.js';
import { CheckboxField } from '../../../web/views/fields.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Notice, Section, Time } from '../../../web/views/page-parts.js';
import type { ElsewhereNotice, FoundEntry, LookUpResult } from '../privacy-requests.service.js';

const BASE = '/beheer/privacy';

function crumbs(ctx: PageContext) {
  return [{ href: BASE, label: ctx.t('privacy.title') }];
}

/** `/beheer/privacy`: look a person up, run retention, and the latest erasures. */
export function PrivacyPage(props: {
  ctx: PageContext;
  email: string;
  errors: FormError[];
  /** The lookup's result, after a search. */
  found: LookUpResult | undefined;
  erasures: ErasureLogLine[];
  notice?: string | undefined;
}) {
  const { ctx, errors, found } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('privacy.title')}>
      <h1 class="utrecht-heading-1">{t('privacy.title')}</h1>
      <Notice text={props.notice} />
      <p class="utrecht-paragraph">{t('privacy.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <Section id="lookup-title" heading={t('privacy.lookup.title')}>
        <PostForm ctx={ctx} action={BASE} novalidate>
          <EmailField
            name="email"
            label={t('privacy.lookup.email')}
            hint={t('privacy.lookup.hint')}
            value={props.email}
            error={errorFor(errors, 'email')}
            autocomplete="off"
          />
          <SubmitButton>{t('privacy.lookup.submit')}</SubmitButton>
        </PostForm>
        {found ? <FoundData ctx={ctx} email={props.email} result={found} /> : null}
      </Section>
      <Section id="retention-title" heading={t('privacy.retention.title')}>
        <p class="utrecht-paragraph">{t('privacy.retention.intro')}</p>
        <PostButton ctx={ctx} action={`${BASE}/bewaartermijnen`} secondary>
          {t('privacy.retention.submit')}
        </PostButton>
      </Section>
      <Section id="erasures-title" heading={t('privacy.erasures.title')}>
        <ErasureTable ctx={ctx} erasures={props.erasures} />
      </Section>
    </Layout>
  );
}

function FoundData(props: { ctx: PageContext; email: string; result: LookUpResult }) {
  const { ctx } = props;
  const { found, elsewhere } = props.result;
  const { t } = ctx;
  if (found.length === 0) {
    return (
      <div role="status">
        <p class="utrecht-paragraph">{t('privacy.lookup.nothing', { email: props.email })}</p>
        <Elsewhere ctx={ctx} elsewhere={elsewhere} />
      </div>
    );
  }
  return (
    <div role="status">
      <h3 class="utrecht-heading-3">{t('privacy.lookup.foundTitle', { email: props.email })}</h3>
      <EntryList ctx={ctx} found={found} />
      <Elsewhere ctx={ctx} elsewhere={elsewhere} />
      <div>
        <PostButton ctx={ctx} action={`${BASE}/export`} hidden={{ email: props.email }}>
          {t('privacy.export.submit')}
        </PostButton>
        <PostButton ctx={ctx} action={`${BASE}/wissen`} hidden={{ email: props.email }} secondary>
          {t('privacy.erase.start')}
        </PostButton>
      </div>
    </div>
  );
}

/** The person's data this administrator does not handle: who does. */
function Elsewhere(props: { ctx: PageContext; elsewhere: ElsewhereNotice }) {
  const { t } = props.ctx;
  const { gemeenten, platform } = props.elsewhere;
  if (gemeenten.length === 0 && !platform) return null;
  return (
    <>
      {gemeenten.map((g) => (
        <p class="utrecht-paragraph" key={g.code}>
          {t('privacy.elsewhere.gemeente', { name: g.name })}
        </p>
      ))}
      {platform ? <p class="utrecht-paragraph">{t('privacy.elsewhere.platform')}</p> : null}
    </>
  );
}

function EntryList(props: { ctx: PageContext; found: FoundEntry[] }) {
  const { t } = props.ctx;
  return (
    <ul class="utrecht-unordered-list">
      {props.found.map((entry) => (
        <li class="utrecht-unordered-list__item" key={entry.id}>
          {t('privacy.lookup.entry', { description: entry.description, rows: entry.rows })}
          {entry.keptBecause ? ` ${t('privacy.lookup.kept', { reason: entry.keptBecause })}` : ''}
        </li>
      ))}
    </ul>
  );
}

function ErasureTable(props: { ctx: PageContext; erasures: ErasureLogLine[] }) {
  const { ctx } = props;
  const { t } = ctx;
  if (props.erasures.length === 0) return <p class="utrecht-paragraph">{t('privacy.erasures.none')}</p>;
  return (
    <DataTable
      label={t('privacy.erasures.caption')}
      caption
      rows={props.erasures}
      rowKey={(line) => `${line.runId}-${line.entryId}`}
      columns={[
        {
          label: t('privacy.erasures.when'),
          cell: (line) => <Time at={line.erasedAt} locale={ctx.locale} />,
        },
        { label: t('privacy.erasures.reason'), cell: (line) => t(`privacy.erasures.reason.${line.reason}`) },
        { label: t('privacy.erasures.entry'), cell: (line) => line.entryId },
        { label: t('privacy.erasures.action'), cell: (line) => t(`privacy.erasures.action.${line.action}`) },
        { label: t('privacy.erasures.rows'), numeric: true, cell: (line) => ctx.format.number(line.rows) },
      ]}
    />
  );
}

/** The confirmation step before an erasure: what goes, what stays and why. */
export function ConfirmErasurePage(props: {
  ctx: PageContext;
  email: string;
  found: LookUpResult;
  errors: FormError[];
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  const error = errorFor(errors, 'confirm');
  return (
    <Layout ctx={ctx} title={t('privacy.erase.title')} crumbs={crumbs(ctx)}>
      <h1 class="utrecht-heading-1">{t('privacy.erase.title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <p class="utrecht-paragraph">{t('privacy.erase.intro', { email: props.email })}</p>
      <EntryList ctx={ctx} found={props.found.found} />
      <Elsewhere ctx={ctx} elsewhere={props.found.elsewhere} />
      <PostForm ctx={ctx} action={`${BASE}/wissen/bevestigen`} novalidate hidden={{ email: props.email }}>
        <CheckboxField name="confirm" value="ja" label={t('privacy.erase.confirm')} error={error} />
        <SubmitButton>{t('privacy.erase.submit')}</SubmitButton>
      </PostForm>
      <LinkParagraph href={BASE}>{t('privacy.erase.cancel')}</LinkParagraph>
    </Layout>
  );
}

/** What an erasure did, to tell the person (and what the law made us keep). */
export function ErasureDonePage(props: {
  ctx: PageContext;
  report: ErasureReport;
  elsewhere: ElsewhereNotice;
}) {
  const { ctx, report } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('privacy.done.title')} crumbs={crumbs(ctx)}>
      <h1 class="utrecht-heading-1">{t('privacy.done.title')}</h1>
      <p class="utrecht-paragraph">{t('privacy.done.reference', { id: report.requestId })}</p>
      {report.erased.length === 0 ? (
        <p class="utrecht-paragraph">{t('privacy.done.nothing')}</p>
      ) : (
        <ul class="utrecht-unordered-list">
          {report.erased.map((e) => (
            <li class="utrecht-unordered-list__item" key={e.entryId}>
              {t(`privacy.done.${e.action}`, { entry: e.entryId, rows: e.rows })}
            </li>
          ))}
        </ul>
      )}
      {report.kept.length > 0 ? (
        <>
          <h2 class="utrecht-heading-2">{t('privacy.done.keptTitle')}</h2>
          <ul class="utrecht-unordered-list">
            {report.kept.map((k) => (
              <li class="utrecht-unordered-list__item" key={k.entryId}>
                {t('privacy.done.kept', { entry: k.entryId, rows: k.rows, reason: k.reason })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Elsewhere ctx={ctx} elsewhere={props.elsewhere} />
      <LinkParagraph href={BASE}>{t('privacy.done.back')}</LinkParagraph>
    </Layout>
  );
}
