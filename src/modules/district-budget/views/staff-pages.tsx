import type { PageContext } from '../../../web/page.js';
import { ChoiceGroup, SelectField, TextArea } from '../../../web/views/fields.js';
import {
  ErrorSummary,
  PostForm,
  SubmitButton,
  TextField,
  errorFor,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import { DECISION_KINDS, formatIban, RECIPIENT_KINDS } from '../district-budget.js';
import type { Decision, DecisionDetail, WijkFigures } from '../district-budget.service.js';

export const STAFF_ROOT = '/beheer/wijkbudget';

export function decisionPath(reference: string): string {
  return `${STAFF_ROOT}/besluiten/${encodeURIComponent(reference)}`;
}

const crumbs = (ctx: PageContext) => [
  { href: '/', label: ctx.t('app.name') },
  { href: STAFF_ROOT, label: ctx.t('districtBudget.staff.title') },
];

/** The staff's overview: budgets of their wijken, what waits for approval, the decisions. */
export function StaffIndexPage(props: {
  ctx: PageContext;
  year: number;
  figures: (WijkFigures & { name: string; mayDecide: boolean })[];
  toApprove: { decision: Decision; wijkName: string; expiresAt: Date | null; mine: boolean }[];
  decisions: { decision: Decision; wijkName: string }[];
  administers: { code: string; name: string }[];
  notice?: string | undefined;
}) {
  const { ctx } = props;
  const { t, format } = ctx;
  return (
    <Layout ctx={ctx} title={t('districtBudget.staff.title')} crumbs={crumbs(ctx).slice(0, 1)}>
      <h1 class="utrecht-heading-1">{t('districtBudget.staff.title')}</h1>
      <Notice text={props.notice} />
      <p class="utrecht-paragraph">{t('districtBudget.staff.intro')}</p>
      {props.administers.map((g) => (
        <LinkParagraph key={g.code} href={`${STAFF_ROOT}/${g.code}/instellingen`}>
          {t('districtBudget.staff.settingsLink', { gemeente: g.name })}
        </LinkParagraph>
      ))}
      <Section id="budgets" heading={t('districtBudget.staff.figures', { year: String(props.year) })}>
        {props.figures.length === 0 ? (
          <p class="utrecht-paragraph">{t('districtBudget.staff.noBudgets')}</p>
        ) : (
          <>
            <DataTable
              label={t('districtBudget.staff.figures', { year: String(props.year) })}
              rows={props.figures}
              rowKey={(f) => f.wijkCode}
              columns={[
                { label: t('districtBudget.col.wijk'), rowHeader: true, cell: (f) => f.name },
                {
                  label: t('districtBudget.col.allocated'),
                  numeric: true,
                  cell: (f) => format.euros(f.allocatedCents + f.carriedInCents),
                },
                {
                  label: t('districtBudget.col.granted'),
                  numeric: true,
                  cell: (f) => format.euros(f.grantedCents),
                },
                {
                  label: t('districtBudget.col.paid'),
                  numeric: true,
                  cell: (f) => format.euros(f.paidCents),
                },
                {
                  label: t('districtBudget.col.returned'),
                  numeric: true,
                  cell: (f) => format.euros(f.returnedCents),
                },
                {
                  label: t('districtBudget.col.awaiting'),
                  numeric: true,
                  cell: (f) => format.euros(f.awaitingCents),
                },
                {
                  label: t('districtBudget.col.remaining'),
                  numeric: true,
                  cell: (f) => format.euros(f.remainingCents - f.awaitingCents),
                },
                {
                  label: t('districtBudget.col.late'),
                  cell: (f) => (f.late.flagged ? t('districtBudget.yes') : t('districtBudget.no')),
                },
              ]}
            />
            {props.figures
              .filter((f) => f.late.flagged)
              .map((f) => (
                <p class="utrecht-paragraph" key={`late-${f.wijkCode}`}>
                  <strong>{f.name}: </strong>
                  {t('districtBudget.staff.lateFlag', {
                    share: `${format.number(Math.round((f.late.lateCents * 100) / Math.max(1, f.late.totalCents)))}%`,
                  })}
                </p>
              ))}
            <ul class="utrecht-unordered-list">
              {props.figures
                .filter((f) => f.mayDecide && !f.closed)
                .map((f) => (
                  <li class="utrecht-unordered-list__item" key={`new-${f.wijkCode}`}>
                    <a
                      class="utrecht-link"
                      href={`${STAFF_ROOT}/besluiten/nieuw?wijk=${f.wijkCode}&jaar=${f.year}`}
                    >
                      {t('districtBudget.staff.newDecision', { wijk: f.name })}
                    </a>
                  </li>
                ))}
            </ul>
          </>
        )}
      </Section>
      <Section id="approve" heading={t('districtBudget.staff.toApprove')}>
        {props.toApprove.length === 0 ? (
          <p class="utrecht-paragraph">{t('districtBudget.staff.noneToApprove')}</p>
        ) : (
          <DataTable
            label={t('districtBudget.staff.toApprove')}
            rows={props.toApprove}
            rowKey={(r) => r.decision.id}
            columns={[
              {
                label: t('districtBudget.col.title'),
                rowHeader: true,
                cell: (r) => (
                  <>
                    <a class="utrecht-link" href={decisionPath(r.decision.reference)}>
                      {r.decision.title}
                    </a>
                    {r.mine ? ` (${t('districtBudget.staff.yours')})` : null}
                  </>
                ),
              },
              { label: t('districtBudget.col.wijk'), cell: (r) => r.wijkName },
              {
                label: t('districtBudget.col.amount'),
                numeric: true,
                cell: (r) => format.euros(r.decision.amountCents),
              },
              { label: t('districtBudget.col.decidedBy'), cell: (r) => r.decision.decidedBy },
              {
                label: t('districtBudget.col.expires'),
                cell: (r) => (r.expiresAt ? format.date(r.expiresAt) : ''),
              },
            ]}
          />
        )}
      </Section>
      <Section id="decisions" heading={t('districtBudget.staff.recent')}>
        {props.decisions.length === 0 ? (
          <p class="utrecht-paragraph">{t('districtBudget.staff.noDecisions')}</p>
        ) : (
          <DataTable
            label={t('districtBudget.staff.recent')}
            rows={props.decisions}
            rowKey={(r) => r.decision.id}
            columns={[
              { label: t('districtBudget.col.reference'), cell: (r) => r.decision.reference },
              {
                label: t('districtBudget.col.title'),
                rowHeader: true,
                cell: (r) => (
                  <a class="utrecht-link" href={decisionPath(r.decision.reference)}>
                    {r.decision.title}
                  </a>
                ),
              },
              { label: t('districtBudget.col.wijk'), cell: (r) => r.wijkName },
              {
                label: t('districtBudget.col.amount'),
                numeric: true,
                cell: (r) => format.euros(r.decision.amountCents),
              },
              {
                label: t('districtBudget.col.status'),
                cell: (r) => t(`districtBudget.status.${r.decision.status}`),
              },
              { label: t('districtBudget.col.decidedAt'), cell: (r) => format.date(r.decision.decidedAt) },
            ]}
          />
        )}
      </Section>
    </Layout>
  );
}

/** The decision form as typed. */
export interface DecisionFormValues {
  kind: string;
  title: string;
  purpose: string;
  reason: string;
  recipientKind: string;
  recipient: string;
  amount: string;
  iban: string;
  accountHolder: string;
  initiative: string;
  buurtCode: string;
  lat: string;
  lon: string;
  ratio: string;
  capPerInitiative: string;
  spendBy: string;
  conflict: string;
  conflictNote: string;
}

export const EMPTY_DECISION_FORM: DecisionFormValues = {
  kind: 'maintenance',
  title: '',
  purpose: '',
  reason: '',
  recipientKind: 'organisation',
  recipient: '',
  amount: '',
  iban: '',
  accountHolder: '',
  initiative: '',
  buurtCode: '',
  lat: '',
  lon: '',
  ratio: '',
  capPerInitiative: '',
  spendBy: '',
  conflict: '',
  conflictNote: '',
};

export function DecisionFormPage(props: {
  ctx: PageContext;
  wijk: { code: string; name: string };
  year: number;
  values: DecisionFormValues;
  errors: readonly FormError[];
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const title = t('districtBudget.form.title', { wijk: props.wijk.name });
  const text = (
    name: keyof DecisionFormValues,
    label: string,
    extra: { hint?: string; type?: 'date' } = {},
  ) => (
    <TextField
      name={name}
      label={label}
      value={values[name]}
      hint={extra.hint}
      type={extra.type}
      error={errorFor(errors, name)}
    />
  );
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx)}>
      <h1 class="utrecht-heading-1">{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm
        ctx={ctx}
        action={`${STAFF_ROOT}/besluiten`}
        novalidate
        hidden={{ wijk: props.wijk.code, jaar: String(props.year) }}
      >
        <ChoiceGroup
          type="radio"
          name="kind"
          legend={t('districtBudget.form.kind')}
          options={DECISION_KINDS.filter((k) => k !== 'arrangement').map((k) => ({
            value: k,
            label: t(`districtBudget.kind.${k}`),
          }))}
          checked={[values.kind]}
          error={errorFor(errors, 'kind')}
        />
        {text('title', t('districtBudget.form.titleField'))}
        {text('purpose', t('districtBudget.form.purpose'), { hint: t('districtBudget.form.purposeHint') })}
        <TextArea
          name="reason"
          label={t('districtBudget.form.reason')}
          value={values.reason}
          error={errorFor(errors, 'reason')}
        />
        <SelectField
          name="recipientKind"
          label={t('districtBudget.form.recipientKind')}
          value={values.recipientKind}
          groups={[
            {
              options: RECIPIENT_KINDS.map((k) => ({
                value: k,
                label: t(`districtBudget.recipientKind.${k}`),
              })),
            },
          ]}
          error={errorFor(errors, 'recipientKind')}
        />
        {text('recipient', t('districtBudget.form.recipient'))}
        {text('amount', t('districtBudget.form.amount'), { hint: t('districtBudget.form.amountHint') })}
        {text('iban', t('districtBudget.form.iban'), { hint: t('districtBudget.form.ibanHint') })}
        {text('accountHolder', t('districtBudget.form.accountHolder'))}
        {text('initiative', t('districtBudget.form.initiative'), {
          hint: t('districtBudget.form.initiativeHint'),
        })}
        {text('buurtCode', t('districtBudget.form.buurt'), { hint: t('districtBudget.form.buurtHint') })}
        {text('lat', t('districtBudget.form.lat'))}
        {text('lon', t('districtBudget.form.lon'))}
        {text('ratio', t('districtBudget.form.ratio'), { hint: t('districtBudget.form.ratioHint') })}
        {text('capPerInitiative', t('districtBudget.form.capPerInitiative'))}
        {text('spendBy', t('districtBudget.form.spendBy'), {
          hint: t('districtBudget.form.spendByHint'),
          type: 'date',
        })}
        <ChoiceGroup
          type="checkbox"
          name="conflict"
          legend={t('districtBudget.form.conflict')}
          options={[{ value: 'yes', label: t('districtBudget.form.conflict') }]}
          checked={values.conflict === 'yes' ? ['yes'] : []}
        />
        {text('conflictNote', t('districtBudget.form.conflictNote'))}
        <SubmitButton>{t('districtBudget.form.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

/** One decision for staff: the facts, the money, related decisions, approvals, every step, and what can be done. */
export function DecisionPage(props: {
  ctx: PageContext;
  detail: DecisionDetail;
  wijkName: string;
  mayAnswer: boolean;
  isOwn: boolean;
  mayDecide: boolean;
  errors: readonly FormError[];
  notice?: string | undefined;
}) {
  const { ctx, detail, errors } = props;
  const { t, format } = ctx;
  const d = detail.decision;
  const path = decisionPath(d.reference);
  const title = t('districtBudget.detail.title', { reference: d.reference });
  const row = (label: string, value: string) => ({ label, value });
  const facts = [
    row(t('districtBudget.detail.kind'), t(`districtBudget.kind.${d.kind}`)),
    row(t('districtBudget.detail.wijk'), props.wijkName),
    row(t('districtBudget.detail.amount'), format.euros(d.amountCents)),
    row(t('districtBudget.detail.purpose'), d.purpose),
    row(t('districtBudget.detail.reason'), d.reason),
    row(
      t('districtBudget.detail.recipient'),
      `${d.recipient} (${t(`districtBudget.recipientKind.${d.recipientKind}`)})`,
    ),
    row(
      t('districtBudget.detail.payment'),
      detail.payment
        ? `${formatIban(detail.payment.iban)}, ${detail.payment.accountHolder}`
        : t('districtBudget.detail.noPayment'),
    ),
    row(t('districtBudget.detail.decidedBy'), `${d.decidedBy}, ${format.date(d.decidedAt)}`),
    row(t('districtBudget.detail.status'), t(`districtBudget.status.${d.status}`)),
    ...(d.buurtCode ? [row(t('districtBudget.detail.place'), d.buurtCode)] : []),
    ...(d.spendBy ? [row(t('districtBudget.detail.spendBy'), format.date(d.spendBy))] : []),
  ];
  const money = [
    row(t('districtBudget.detail.granted'), format.euros(detail.money.grantedCents)),
    row(t('districtBudget.detail.committed'), format.euros(detail.money.committedCents)),
    row(t('districtBudget.detail.paid'), format.euros(detail.money.paidCents)),
    row(t('districtBudget.detail.returned'), format.euros(detail.money.returnedCents)),
    ...(d.kind === 'top_up'
      ? [row(t('districtBudget.detail.matched'), format.euros(detail.money.matchedCents))]
      : []),
  ];
  const changeable =
    props.mayDecide && (d.status === 'awaiting_approval' || (d.status === 'granted' && d.kind !== 'top_up'));
  const movable = props.mayDecide && ['granted', 'committed', 'paid'].includes(d.status);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx)}>
      <h1 class="utrecht-heading-1">
        {title}: {d.title}
      </h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <Section id="facts" heading={t('districtBudget.detail.facts')}>
        <DataTable
          label={t('districtBudget.detail.facts')}
          rows={facts}
          rowKey={(r) => r.label}
          columns={[
            { label: t('districtBudget.detail.facts'), rowHeader: true, cell: (r) => r.label },
            { label: t('districtBudget.col.note'), cell: (r) => r.value },
          ]}
        />
        <p class="utrecht-paragraph">
          {d.objectionDeadline
            ? t('districtBudget.detail.objection', { deadline: format.date(d.objectionDeadline) })
            : t('districtBudget.detail.objectionLater')}
        </p>
      </Section>
      {d.approvalReasons.length > 0 ? (
        <Section id="why-approval" heading={t('districtBudget.detail.whyApproval')}>
          <ul class="utrecht-unordered-list">
            {d.approvalReasons.map((r) => (
              <li class="utrecht-unordered-list__item" key={r}>
                {t(`districtBudget.reason.${r}`)}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section id="money" heading={t('districtBudget.detail.money')}>
        <DataTable
          label={t('districtBudget.detail.money')}
          rows={money}
          rowKey={(r) => r.label}
          columns={[
            { label: t('districtBudget.detail.money'), rowHeader: true, cell: (r) => r.label },
            { label: t('districtBudget.col.amount'), numeric: true, cell: (r) => r.value },
          ]}
        />
      </Section>
      <Section id="related" heading={t('districtBudget.detail.related')}>
        {detail.related.length === 0 ? (
          <p class="utrecht-paragraph">{t('districtBudget.detail.noRelated')}</p>
        ) : (
          <>
            <DataTable
              label={t('districtBudget.detail.related')}
              rows={detail.related}
              rowKey={(r) => r.id}
              columns={[
                {
                  label: t('districtBudget.col.title'),
                  rowHeader: true,
                  cell: (r) => (
                    <a class="utrecht-link" href={decisionPath(r.reference)}>
                      {`${r.reference}: ${r.title}`}
                    </a>
                  ),
                },
                {
                  label: t('districtBudget.col.amount'),
                  numeric: true,
                  cell: (r) => format.euros(r.amountCents),
                },
                {
                  label: t('districtBudget.col.status'),
                  cell: (r) => t(`districtBudget.status.${r.status}`),
                },
                { label: t('districtBudget.col.decidedAt'), cell: (r) => format.date(r.decidedAt) },
                {
                  label: t('districtBudget.col.why'),
                  cell: (r) =>
                    [
                      r.sameRecipient ? t('districtBudget.detail.why.recipient') : null,
                      r.samePaymentDetails ? t('districtBudget.detail.why.iban') : null,
                      r.sameInitiative ? t('districtBudget.detail.why.initiative') : null,
                      r.samePurpose ? t('districtBudget.detail.why.purpose') : null,
                    ]
                      .filter((x) => x !== null)
                      .join(', '),
                },
              ]}
            />
            <p class="utrecht-paragraph">
              {t('districtBudget.detail.relatedSum', {
                amount: format.euros(detail.relatedCents + d.amountCents),
              })}
            </p>
          </>
        )}
      </Section>
      {detail.approvals.length > 0 ? (
        <Section id="approvals" heading={t('districtBudget.detail.approvals')}>
          <ul class="utrecht-unordered-list">
            {detail.approvals.map((a) => (
              <li class="utrecht-unordered-list__item" key={a.id}>
                {t(`districtBudget.detail.approval.${a.status}`, {
                  requested: format.date(a.requestedAt),
                  expires: format.date(a.expiresAt),
                  who: a.approver ?? '',
                  when: a.answeredAt ? format.date(a.answeredAt) : '',
                })}
                {a.note ? `: ${a.note}` : ''}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {d.status === 'awaiting_approval' ? (
        <Section id="answer" heading={t('districtBudget.answer.title')}>
          {props.isOwn ? (
            <p class="utrecht-paragraph">{t('districtBudget.answer.own')}</p>
          ) : props.mayAnswer ? (
            <>
              <p class="utrecht-paragraph">{t('districtBudget.answer.intro')}</p>
              <PostForm ctx={ctx} action={`${path}/antwoord`} novalidate>
                <TextArea
                  name="note"
                  label={t('districtBudget.answer.note')}
                  value=""
                  rows={3}
                  error={errorFor(errors, 'note')}
                />
                <div>
                  <button
                    class="utrecht-button utrecht-button--primary-action"
                    type="submit"
                    name="answer"
                    value="approve"
                  >
                    {t('districtBudget.answer.approve')}
                  </button>{' '}
                  <button
                    class="utrecht-button utrecht-button--secondary-action"
                    type="submit"
                    name="answer"
                    value="reject"
                  >
                    {t('districtBudget.answer.reject')}
                  </button>
                </div>
              </PostForm>
            </>
          ) : null}
        </Section>
      ) : null}
      {changeable ? (
        <Section id="change" heading={t('districtBudget.change.title')}>
          <p class="utrecht-paragraph">{t('districtBudget.change.intro')}</p>
          <PostForm ctx={ctx} action={`${path}/wijzigen`} novalidate>
            <TextField
              name="amount"
              label={t('districtBudget.form.amount')}
              value={format.number(d.amountCents / 100)}
              error={errorFor(errors, 'amount')}
            />
            <TextField
              name="recipient"
              label={t('districtBudget.form.recipient')}
              value={d.recipient}
              error={errorFor(errors, 'recipient')}
            />
            <TextField
              name="iban"
              label={t('districtBudget.form.iban')}
              value={detail.payment ? formatIban(detail.payment.iban) : ''}
              error={errorFor(errors, 'iban')}
            />
            <TextField
              name="accountHolder"
              label={t('districtBudget.form.accountHolder')}
              value={detail.payment?.accountHolder ?? ''}
              error={errorFor(errors, 'accountHolder')}
            />
            <TextField
              name="purpose"
              label={t('districtBudget.form.purpose')}
              value={d.purpose}
              error={errorFor(errors, 'purpose')}
            />
            <TextArea
              name="reason"
              label={t('districtBudget.form.reason')}
              value={d.reason}
              rows={3}
              error={errorFor(errors, 'reason')}
            />
            <TextField
              name="changeNote"
              label={t('districtBudget.change.note')}
              value=""
              error={errorFor(errors, 'note')}
            />
            <SubmitButton secondary>{t('districtBudget.change.submit')}</SubmitButton>
          </PostForm>
        </Section>
      ) : null}
      {movable ? (
        <Section id="move" heading={t('districtBudget.money.title')}>
          <PostForm ctx={ctx} action={`${path}/geld`} novalidate>
            <ChoiceGroup
              type="radio"
              name="movement"
              legend={t('districtBudget.money.movement')}
              options={(d.kind === 'top_up' ? ['return'] : ['commit', 'pay', 'return', 'refund']).map(
                (m) => ({
                  value: m,
                  label: t(`districtBudget.money.${m}`),
                }),
              )}
              checked={[]}
              error={errorFor(errors, 'movement')}
            />
            <TextField
              name="amount"
              label={t('districtBudget.money.amount')}
              value=""
              error={errorFor(errors, 'moveAmount')}
            />
            <TextField name="note" label={t('districtBudget.money.note')} value="" />
            <SubmitButton secondary>{t('districtBudget.money.submit')}</SubmitButton>
          </PostForm>
        </Section>
      ) : null}
      {props.mayDecide && d.status === 'awaiting_approval' ? (
        <Section id="withdraw" heading={t('districtBudget.withdraw.title')}>
          <PostForm ctx={ctx} action={`${path}/intrekken`} novalidate>
            <TextField
              name="note"
              label={t('districtBudget.withdraw.note')}
              value=""
              error={errorFor(errors, 'withdrawNote')}
            />
            <SubmitButton secondary>{t('districtBudget.withdraw.submit')}</SubmitButton>
          </PostForm>
        </Section>
      ) : null}
      <Section id="steps" heading={t('districtBudget.detail.steps')}>
        <DataTable
          label={t('districtBudget.detail.steps')}
          rows={detail.steps}
          rowKey={(s) => `${s.at.toISOString()}-${s.action}-${s.toStatus}`}
          columns={[
            {
              label: t('districtBudget.col.step'),
              rowHeader: true,
              cell: (s) => t(`districtBudget.step.${s.action}`),
            },
            { label: t('districtBudget.col.when'), cell: (s) => format.dateTime(s.at) },
            { label: t('districtBudget.col.who'), cell: (s) => s.actor },
            {
              label: t('districtBudget.col.amount'),
              numeric: true,
              cell: (s) => (s.amountCents === null ? '' : format.euros(s.amountCents)),
            },
            { label: t('districtBudget.col.note'), cell: (s) => s.note ?? '' },
          ]}
        />
      </Section>
    </Layout>
  );
}
