import { formatEuros } from '../../../shared/money.js';
import type { PageContext } from '../../../web/page.js';
import { CsrfField, ErrorSummary, SubmitButton, TextField, type FormError } from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import type { BuurtFigures, Receipt, SupportOption, VoucherLookup } from '../budgets.service.js';

function euros(ctx: PageContext, cents: number): string {
  return formatEuros(cents, ctx.locale);
}

const crumbs = (ctx: PageContext) => [
  { href: '/', label: ctx.t('app.name') },
  { href: '/buurtbudget', label: ctx.t('budgets.title') },
];

/**
 * Step 1: the code (typed, or filled in from the letter's QR link); from an initiative's give
 * link with that initiative `chosen`, carried on with the code.
 */
export function CodePage(props: {
  ctx: PageContext;
  code: string;
  chosen?: { reference: string; title: string } | undefined;
  errors: FormError[];
}) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('budgets.title')} crumbs={crumbs(ctx).slice(0, 1)}>
      <h1 class="utrecht-heading-1">{t('budgets.title')}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <p class="utrecht-paragraph">{t('budgets.intro')}</p>
      {props.chosen ? (
        <p class="utrecht-paragraph" id="chosen">
          {t('budgets.code.chosen', { title: props.chosen.title })}
        </p>
      ) : null}
      <form method="post" action="/buurtbudget" novalidate>
        <CsrfField ctx={ctx} />
        {props.chosen ? <input type="hidden" name="initiatief" value={props.chosen.reference} /> : null}
        <TextField
          name="code"
          label={t('budgets.code.label')}
          hint={t('budgets.code.hint')}
          value={props.code}
          error={props.errors.find((e) => e.field === 'code')?.message}
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
          required
        />
        <SubmitButton>{t('budgets.code.button')}</SubmitButton>
      </form>
      <p class="utrecht-paragraph">{t('budgets.desk.note')}</p>
    </Layout>
  );
}

/** What the code means now; with the initiatives to choose from when the household may give. */
export function StatePage(props: {
  ctx: PageContext;
  code: string;
  lookup: VoucherLookup;
  errors: FormError[];
}) {
  const { ctx, lookup } = props;
  const t = ctx.t;
  const amount = euros(ctx, lookup.amountCents);
  const p = lookup.pledge;
  const state =
    lookup.state === 'pledged' && p
      ? t('budgets.state.pledged', { amount, title: p.initiativeTitle, receipt: p.receipt })
      : lookup.state === 'funded' && p
        ? t('budgets.state.funded', { amount, title: p.initiativeTitle, receipt: p.receipt })
        : lookup.state === 'released' && p
          ? t('budgets.state.released', { amount, title: p.initiativeTitle })
          : lookup.state === 'lapsed'
            ? t('budgets.state.lapsed')
            : t('budgets.state.unused', { amount });
  const mayChoose = lookup.state === 'unused' || lookup.state === 'released';
  return (
    <Layout ctx={ctx} title={mayChoose ? t('budgets.choose.title') : t('budgets.title')} crumbs={crumbs(ctx)}>
      <h1 class="utrecht-heading-1">{mayChoose ? t('budgets.choose.title') : t('budgets.title')}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <p class="utrecht-paragraph" id="state">
        {state}
      </p>
      {mayChoose && !lookup.yearOpen ? (
        <p class="utrecht-paragraph">{t('budgets.state.yearNotOpen')}</p>
      ) : null}
      {mayChoose && lookup.yearOpen ? (
        lookup.options.length === 0 ? (
          <p class="utrecht-paragraph">{t('budgets.choose.none')}</p>
        ) : (
          <ChooseForm ctx={ctx} code={props.code} amount={amount} options={lookup.options} />
        )
      ) : null}
    </Layout>
  );
}

function ChooseForm(props: { ctx: PageContext; code: string; amount: string; options: SupportOption[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <form method="post" action="/buurtbudget/kiezen" id="initiativeId">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="code" value={props.code} />
      <fieldset class="utrecht-form-fieldset">
        <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
          {t('budgets.choose.legend', { amount: props.amount })}
        </legend>
        {props.options.map((o, i) => (
          <div class="utrecht-form-field utrecht-form-field--radio" key={o.initiativeId}>
            <input
              class="utrecht-radio-button utrecht-radio-button--html-input"
              type="radio"
              name="initiativeId"
              id={`initiative-${o.initiativeId}`}
              value={o.initiativeId}
              required
              checked={i === 0 && props.options.length === 1}
              aria-describedby={`initiative-${o.initiativeId}-about`}
            />
            <label class="utrecht-form-label utrecht-form-label--radio" for={`initiative-${o.initiativeId}`}>
              {o.title}
            </label>
            <div class="utrecht-form-field-description" id={`initiative-${o.initiativeId}-about`}>
              <p class="utrecht-paragraph">{o.summary}</p>
              <p class="utrecht-paragraph">
                {t('budgets.choose.progress', {
                  pledged: euros(ctx, o.pledgedCents),
                  goal: euros(ctx, o.goalCents),
                  deadline: o.deadline,
                })}{' '}
                <a class="utrecht-link" href={`/initiatieven/${o.reference}`}>
                  {o.reference}
                </a>
              </p>
            </div>
          </div>
        ))}
      </fieldset>
      <SubmitButton>{t('budgets.choose.button')}</SubmitButton>
    </form>
  );
}

/** Step 3: confirm, so a mistaken tap on a phone gives nothing away. */
export function ConfirmPage(props: {
  ctx: PageContext;
  code: string;
  amountCents: number;
  option: SupportOption;
}) {
  const { ctx, option } = props;
  const t = ctx.t;
  const amount = euros(ctx, props.amountCents);
  return (
    <Layout ctx={ctx} title={t('budgets.confirm.title')} crumbs={crumbs(ctx)}>
      <h1 class="utrecht-heading-1">{t('budgets.confirm.title')}</h1>
      <p class="utrecht-paragraph">{t('budgets.confirm.text', { amount, title: option.title })}</p>
      <form method="post" action="/buurtbudget/geven">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="code" value={props.code} />
        <input type="hidden" name="initiativeId" value={option.initiativeId} />
        <SubmitButton>{t('budgets.confirm.button', { amount })}</SubmitButton>
      </form>
      <form method="post" action="/buurtbudget">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="code" value={props.code} />
        <SubmitButton secondary>{t('budgets.confirm.back')}</SubmitButton>
      </form>
    </Layout>
  );
}

/** The receipt: its number and where the money goes. */
export function ReceiptPage(props: { ctx: PageContext; receipt: Receipt }) {
  const { ctx, receipt } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('budgets.receipt.title')} crumbs={crumbs(ctx)}>
      <h1 class="utrecht-heading-1">{t('budgets.receipt.title')}</h1>
      <p class="utrecht-paragraph">
        {t('budgets.receipt.text', {
          amount: euros(ctx, receipt.amountCents),
          title: receipt.initiativeTitle,
        })}
      </p>
      <dl class="bk-facts">
        <dt>{t('budgets.receipt.number')}</dt>
        <dd id="receipt">{receipt.receipt}</dd>
        <dt>{t('budgets.status.active')}</dt>
        <dd>{t(`budgets.status.${receipt.status}`)}</dd>
      </dl>
      {receipt.status === 'funded' ? <p class="utrecht-paragraph">{t('budgets.receipt.fundedNow')}</p> : null}
      <p class="utrecht-paragraph">{t('budgets.receipt.keep')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/initiatieven/${receipt.initiativeReference}`}>
          {receipt.initiativeTitle}
        </a>
      </p>
    </Layout>
  );
}

/** Staff record a pledge for a resident who came to the desk with their letter. */
export function DeskPage(props: {
  ctx: PageContext;
  values: { code: string; reference: string };
  errors: FormError[];
  done?: Receipt | undefined;
}) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('budgets.desk.title')}>
      <h1 class="utrecht-heading-1">{t('budgets.desk.title')}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} />
      {props.done ? (
        <div class="utrecht-alert utrecht-alert--ok" role="status">
          <p class="utrecht-paragraph">
            {t('budgets.receipt.text', {
              amount: euros(ctx, props.done.amountCents),
              title: props.done.initiativeTitle,
            })}{' '}
            {t('budgets.receipt.number')}: <strong id="receipt">{props.done.receipt}</strong>
          </p>
        </div>
      ) : null}
      <p class="utrecht-paragraph">{t('budgets.desk.intro')}</p>
      <form method="post" action="/beheer/buurtbudget/balie" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          name="code"
          label={t('budgets.code.label')}
          value={props.values.code}
          error={props.errors.find((e) => e.field === 'code')?.message}
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
        />
        <TextField
          name="reference"
          label={t('budgets.desk.initiative')}
          value={props.values.reference}
          error={props.errors.find((e) => e.field === 'reference')?.message}
          autocomplete="off"
          maxLength={40}
        />
        <SubmitButton>{t('budgets.desk.button')}</SubmitButton>
      </form>
    </Layout>
  );
}

/** Transparency: per buurt what was available, given, funded, released and lapsed. */
export function FiguresPage(props: {
  ctx: PageContext;
  municipality: { code: string; name: string };
  year: number;
  rows: (BuurtFigures & { name: string })[];
}) {
  const { ctx, rows } = props;
  const t = ctx.t;
  const sum = (f: (r: BuurtFigures) => number) => rows.reduce((n, r) => n + f(r), 0);
  const cols: [string, (r: BuurtFigures) => string][] = [
    ['budgets.figures.households', (r) => String(r.vouchers)],
    ['budgets.figures.available', (r) => euros(ctx, r.issuedCents)],
    ['budgets.figures.pledged', (r) => euros(ctx, r.pledgedCents)],
    ['budgets.figures.funded', (r) => euros(ctx, r.fundedCents)],
    ['budgets.figures.released', (r) => euros(ctx, r.releasedCents)],
    ['budgets.figures.lapsed', (r) => euros(ctx, r.lapsedCents)],
  ];
  const total: BuurtFigures = {
    buurtCode: '',
    vouchers: sum((r) => r.vouchers),
    issuedCents: sum((r) => r.issuedCents),
    pledgedCents: sum((r) => r.pledgedCents),
    fundedCents: sum((r) => r.fundedCents),
    releasedCents: sum((r) => r.releasedCents),
    lapsedCents: sum((r) => r.lapsedCents),
    lapsedVouchers: sum((r) => r.lapsedVouchers),
  };
  const title = `${t('budgets.figures.title', { year: String(props.year) })}: ${props.municipality.name}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx).slice(0, 1)}>
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">{t('budgets.figures.intro')}</p>
      <p class="utrecht-paragraph">
        <a
          class="utrecht-link"
          href={`/buurtbudget/cijfers/${props.municipality.code}/${props.year}.csv`}
          download
        >
          {t('budgets.figures.csv')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="utrecht-paragraph">{t('budgets.figures.none')}</p>
      ) : (
        <div class="bk-table-scroll">
          <table class="utrecht-table">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">
                  {t('budgets.figures.buurt')}
                </th>
                {cols.map(([key]) => (
                  <th
                    class="utrecht-table__header-cell utrecht-table__header-cell--numeric"
                    scope="col"
                    key={key}
                  >
                    {t(key)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {rows.map((r) => (
                <tr class="utrecht-table__row" key={r.buurtCode}>
                  <th class="utrecht-table__header-cell" scope="row">
                    <a class="utrecht-link" href={`/buurten/${r.buurtCode}`}>
                      {r.name}
                    </a>
                  </th>
                  {cols.map(([key, f]) => (
                    <td class="utrecht-table__cell utrecht-table__cell--numeric" key={key}>
                      {f(r)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot class="utrecht-table__footer">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="row">
                  {t('budgets.figures.total')}
                </th>
                {cols.map(([key, f]) => (
                  <td class="utrecht-table__cell utrecht-table__cell--numeric" key={key}>
                    {f(total)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Layout>
  );
}
