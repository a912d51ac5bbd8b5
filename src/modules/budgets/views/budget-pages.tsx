import type { PageContext } from '../../../web/page.js';
import { CsrfField, ErrorSummary, SubmitButton, TextField, type FormError } from '../../../web/views/form.js';
import { cachedFragment, type FragmentMemo, type PublicContext } from '../../../web/views/fragment.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, type Column } from '../../../web/views/page-parts.js';
import type { BuurtFigures, Receipt, SupportOption, VoucherLookup } from '../budgets.service.js';

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
    <Layout
      ctx={ctx}
      title={t('budgets.title')}
      description={t('budgets.intro')}
      crumbs={crumbs(ctx).slice(0, 1)}
    >
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
  const amount = ctx.format.euros(lookup.amountCents);
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
                  pledged: ctx.format.euros(o.pledgedCents),
                  goal: ctx.format.euros(o.goalCents),
                  deadline: ctx.format.date(o.deadline),
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
  const amount = ctx.format.euros(props.amountCents);
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
          amount: ctx.format.euros(receipt.amountCents),
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
              amount: ctx.format.euros(props.done.amountCents),
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

type Row = BuurtFigures & { name: string };

/** A gemeente's figures of a year, as the page shows them (the cached read). */
export interface Figures {
  municipality: { code: string; name: string };
  year: number;
  rows: Row[];
}

/**
 * Transparency: per buurt what was available, given, funded, released and lapsed. Everything
 * below the heading is the same for every reader in one language: rendered once per language
 * and kept with the cached figures (`cachedFragment`), so it is rendered again when they are read again.
 */
export function FiguresPage(props: { ctx: PageContext; figures: Figures; memo: FragmentMemo }) {
  const { ctx, figures } = props;
  const title = figuresTitle(ctx, figures);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx).slice(0, 1)}>
      <h1 class="utrecht-heading-1">{title}</h1>
      {cachedFragment(props.memo, [figures], ctx, (c) => (
        <FiguresBody ctx={c} figures={figures} />
      ))}
    </Layout>
  );
}

function figuresTitle(ctx: PublicContext, figures: Figures): string {
  return `${ctx.t('budgets.figures.title', { year: String(figures.year) })}: ${figures.municipality.name}`;
}

function FiguresBody(props: { ctx: PublicContext; figures: Figures }) {
  const { ctx } = props;
  const { rows, municipality, year } = props.figures;
  const t = ctx.t;
  const sum = (f: (r: BuurtFigures) => number) => rows.reduce((n, r) => n + f(r), 0);
  const { euros, number } = ctx.format;
  const amount = (key: string, cents: (r: BuurtFigures) => number): Column<Row> => ({
    label: t(key),
    numeric: true,
    cell: (r) => euros(cents(r)),
  });
  const columns: Column<Row>[] = [
    {
      label: t('budgets.figures.buurt'),
      rowHeader: true,
      cell: (r) => (
        <a class="utrecht-link" href={`/buurten/${r.buurtCode}`}>
          {r.name}
        </a>
      ),
    },
    { label: t('budgets.figures.households'), numeric: true, cell: (r) => number(r.vouchers) },
    amount('budgets.figures.available', (r) => r.issuedCents),
    amount('budgets.figures.pledged', (r) => r.pledgedCents),
    amount('budgets.figures.funded', (r) => r.fundedCents),
    amount('budgets.figures.released', (r) => r.releasedCents),
    amount('budgets.figures.lapsed', (r) => r.lapsedCents),
  ];
  const total: Row = {
    buurtCode: '',
    name: '',
    vouchers: sum((r) => r.vouchers),
    issuedCents: sum((r) => r.issuedCents),
    pledgedCents: sum((r) => r.pledgedCents),
    fundedCents: sum((r) => r.fundedCents),
    releasedCents: sum((r) => r.releasedCents),
    lapsedCents: sum((r) => r.lapsedCents),
    lapsedVouchers: sum((r) => r.lapsedVouchers),
  };
  return (
    <>
      <p class="utrecht-paragraph">{t('budgets.figures.intro')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/buurtbudget/cijfers/${municipality.code}/${year}.csv`} download>
          {t('budgets.figures.csv')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="utrecht-paragraph">{t('budgets.figures.none')}</p>
      ) : (
        <DataTable
          label={figuresTitle(ctx, props.figures)}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.buurtCode}
          totals={{ label: t('budgets.figures.total'), row: total }}
        />
      )}
    </>
  );
}
