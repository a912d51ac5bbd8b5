import type { PageContext } from '../../../web/page.js';
import {
  ErrorSummary,
  errorFor,
  PostButton,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { ChoiceGroup } from '../../../web/views/fields.js';
import { cachedFragment, type FragmentMemo, type PublicContext } from '../../../web/views/fragment.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, Notice, type Column } from '../../../web/views/page-parts.js';
import type { BuurtFigures } from '../years.service.js';
import type { Receipt, SupportOption, VoucherLookup } from '../codes.service.js';

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
      <PostForm
        ctx={ctx}
        action="/buurtbudget"

        novalidate
        hidden={props.chosen ? { initiatief: props.chosen.reference } : undefined}
      >
        <TextField
          name="code"
          label={t('budgets.code.label')}
          hint={t('budgets.code.hint')}
          value={props.code}
          error={errorFor(props.errors, 'code')}
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
          required
        />
        <SubmitButton>{t('budgets.code.button')}</SubmitButton>
      </PostForm>
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
          <ChooseForm
            ctx={ctx}
            code={props.code}
            amount={amount}
            options={lookup.options}
            error={errorFor(props.errors, 'initiativeId')}
          />
        )
      ) : null}
    </Layout>
  );
}

/** The initiatives to give to, as radio buttons; each with its summary and progress read out with it. */
function ChooseForm(props: {
  ctx: PageContext;
  code: string;
  amount: string;
  options: SupportOption[];
  error: string | undefined;
}) {
  const { ctx, options } = props;
  const t = ctx.t;
  return (
    <PostForm ctx={ctx} action="/buurtbudget/kiezen" hidden={{ code: props.code }}>
      <ChoiceGroup
        type="radio"
        name="initiativeId"
        legend={t('budgets.choose.legend', { amount: props.amount })}
        error={props.error}
        required
        checked={options.length === 1 && options[0] ? [options[0].initiativeId] : []}
        options={options.map((o) => ({
          value: o.initiativeId,
          label: o.title,
          hint: (
            <>
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
            </>
          ),
        }))}
      />
      <SubmitButton>{t('budgets.choose.button')}</SubmitButton>
    </PostForm>
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
      <PostButton
        ctx={ctx}
        action="/buurtbudget/geven"
        hidden={{ code: props.code, initiativeId: option.initiativeId }}
      >
        {t('budgets.confirm.button', { amount })}
      </PostButton>{' '}
      <PostButton ctx={ctx} action="/buurtbudget" hidden={{ code: props.code }} secondary>
        {t('budgets.confirm.back')}
      </PostButton>
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
        <Notice>
          {t('budgets.receipt.text', {
            amount: ctx.format.euros(props.done.amountCents),
            title: props.done.initiativeTitle,
          })}{' '}
          {t('budgets.receipt.number')}: <strong id="receipt">{props.done.receipt}</strong>
        </Notice>
      ) : null}
      <p class="utrecht-paragraph">{t('budgets.desk.intro')}</p>
      <PostForm ctx={ctx} action="/beheer/buurtbudget/balie" novalidate>
        <TextField
          name="code"
          label={t('budgets.code.label')}
          value={props.values.code}
          error={errorFor(props.errors, 'code')}
          autocomplete="off"
          spellcheck={false}
          maxLength={40}
        />
        <TextField
          name="reference"
          label={t('budgets.desk.initiative')}
          value={props.values.reference}
          error={errorFor(props.errors, 'reference')}
          autocomplete="off"
          maxLength={40}
        />
        <SubmitButton>{t('budgets.desk.button')}</SubmitButton>
      </PostForm>
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
