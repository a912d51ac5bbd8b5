import type { PageContext } from '../../../web/page.js';
import { ChoiceGroup, SelectField, TextArea } from '../../../web/views/fields.js';
import {
  EmailField,
  ErrorSummary,
  errorFor,
  GetForm,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import { PlaceMap, PlacePicker, type BuurtChoice, type SvgMap } from '../../places/index.js';
import { CLOSE_REASONS, REPORT_STATUSES, STATUS_MOVES } from '../report.js';
import type { SubmitForm } from '../reports.schema.js';
import type {
  CategoryChoice,
  ConfirmationView,
  FixFigure,
  NearbyReport,
  PublicReport,
  ReportSummary,
  StaffReport,
} from '../reports.service.js';
import { CategorySelect, ReportFacts, ReportsTable } from './parts.js';

function titleWithErrors(ctx: PageContext, errors: readonly FormError[], title: string): string {
  return errors.length > 0 ? `${ctx.t('errors.summaryTitle')}: ${title}` : title;
}

/** The submission form: gemeente first (a GET form), then what, where and contact. */
export function SubmitPage(props: {
  ctx: PageContext;
  form: SubmitForm;
  errors: readonly FormError[];
  municipalities: readonly { code: string; name: string }[];
  choice: BuurtChoice | undefined;
  categories: readonly CategoryChoice[];
  staff: boolean;
}) {
  const { ctx, form, errors, choice } = props;
  const { t } = ctx;
  const err = (field: string) => errorFor(errors, field);
  const base = props.staff ? '/beheer/meldingen/nieuw' : '/meldingen/nieuw';
  const heading = t(props.staff ? 'reports.new.staffTitle' : 'reports.new.title');
  return (
    <Layout
      ctx={ctx}
      title={titleWithErrors(ctx, errors, heading)}
      crumbs={[
        { href: '/', label: t('layout.home') },
        props.staff
          ? { href: '/beheer/meldingen', label: t('reports.queue.title') }
          : { href: '/meldingen', label: t('reports.list.title') },
      ]}
      scripts={choice ? [ctx.asset('js/initiative-pin.js')] : []}
    >
      <h1 class="utrecht-heading-1">{heading}</h1>
      <p class="utrecht-paragraph">{t('reports.new.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <GetForm action={base} class="bk-form bk-gemeente-choice">
        <SelectField
          name="gemeente"
          label={choice ? t('reports.new.gemeente') : t('reports.new.chooseGemeente')}
          value={choice?.gemeente.code ?? form.gemeente}
          groups={[{ options: props.municipalities.map((m) => ({ value: m.code, label: m.name })) }]}
          error={err('gemeente')}
        />
        <SubmitButton secondary>{t('reports.new.gemeenteButton')}</SubmitButton>
      </GetForm>
      {choice ? (
        <PostForm ctx={ctx} action={base} novalidate hidden={{ gemeente: choice.gemeente.code }}>
          <h2 class="utrecht-heading-2">{t('reports.new.what')}</h2>
          <SelectField
            name="category"
            label={t('reports.new.category')}
            hint={t('reports.new.categoryHint')}
            value={form.category}
            error={err('category')}
            groups={[
              { options: [{ value: '', label: t('reports.new.chooseCategory') }] },
              ...props.categories.map((m) => ({
                label: m.name,
                options: m.subcategories.map((s) => ({
                  value: s.code,
                  label: t('reports.new.categoryOption', { name: s.name, days: s.workingDays }),
                })),
              })),
            ]}
          />
          <TextArea
            name="description"
            label={t('reports.new.description')}
            hint={t('reports.new.descriptionHint')}
            value={form.description}
            error={err('description')}
            rows={5}
            maxLength={4000}
          />
          <h2 class="utrecht-heading-2">{t('reports.new.where')}</h2>
          <PlacePicker
            ctx={ctx}
            choice={choice}
            lat={form.lat}
            lon={form.lon}
            buurt={form.buurt}
            error={err('buurt')}
            texts={{
              mapHint: t('reports.new.mapHint'),
              mapFound: t('reports.new.mapFound', { name: '{name}' }),
              buurt: t('reports.new.buurt'),
              buurtHint: t('reports.new.buurtHint'),
              buurtNone: t('reports.new.buurtNone'),
            }}
          />
          <TextField
            name="address"
            label={t('reports.new.address')}
            hint={t('reports.new.addressHint')}
            value={form.address}
            error={err('address')}
            maxLength={300}
          />
          <h2 class="utrecht-heading-2">{t('reports.new.contact')}</h2>
          <EmailField
            name="email"
            label={t('reports.new.email')}
            hint={t('reports.new.emailHint')}
            value={form.email}
            error={err('email')}
            autocomplete="email"
          />
          {props.staff ? (
            <ChoiceGroup
              type="radio"
              name="channel"
              legend={t('reports.new.channel')}
              options={(['phone', 'desk', 'paper'] as const).map((c) => ({
                value: c,
                label: t(`reports.channel.${c}`),
              }))}
              checked={[form.channel]}
              error={err('channel')}
            />
          ) : null}
          <SubmitButton>{t('reports.new.submit')}</SubmitButton>
        </PostForm>
      ) : null}
    </Layout>
  );
}

/**
 * "Is this the same?": the open reports of the same kind nearby, each with a button to follow
 * it; below, the whole form again (hidden) with "not the same" to make the new report.
 */
export function SamePage(props: {
  ctx: PageContext;
  form: SubmitForm;
  nearby: readonly NearbyReport[];
  categories: ReadonlyMap<string, string>;
  staff: boolean;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  const base = props.staff ? '/beheer/meldingen/nieuw' : '/meldingen/nieuw';
  const hidden: Record<string, string> = {
    gemeente: form.gemeente,
    category: form.category,
    description: form.description,
    lat: form.lat,
    lon: form.lon,
    buurt: form.buurt,
    address: form.address,
    email: form.email,
    channel: form.channel,
    notSame: '1',
  };
  return (
    <Layout
      ctx={ctx}
      title={t('reports.same.title')}
      crumbs={[
        { href: '/', label: t('layout.home') },
        { href: '/meldingen', label: t('reports.list.title') },
      ]}
    >
      <h1 class="utrecht-heading-1">{t('reports.same.title')}</h1>
      <p class="utrecht-paragraph">{t('reports.same.intro')}</p>
      <ul class="utrecht-unordered-list bk-nearby">
        {props.nearby.map((r) => (
          <li class="utrecht-unordered-list__item" key={r.publicId}>
            <h2 class="utrecht-heading-3">
              <a class="utrecht-link" href={`/meldingen/${r.publicId}`}>
                {r.publicId}
              </a>
              {`: ${props.categories.get(r.categoryCode) ?? r.categoryCode}`}
            </h2>
            <p class="utrecht-paragraph">
              {r.description}
              {' — '}
              {r.metres === undefined
                ? t('reports.same.inBuurt')
                : t('reports.same.near', { metres: r.metres })}
              {r.addressText ? `, ${r.addressText}` : ''}
              {`, ${t(`reports.status.${r.status}`)}, ${ctx.format.date(r.requestedAt)}`}
              {r.supporters > 0
                ? `. ${t('reports.same.supporters', { count: ctx.format.number(r.supporters) })}`
                : ''}
            </p>
            <PostForm
              ctx={ctx}
              action={`/meldingen/${r.publicId}/ook`}
              novalidate
              hidden={{ channel: form.channel }}
            >
              <EmailField
                name="email"
                label={t('reports.same.emailLabel')}
                value={form.email}
                autocomplete="email"
              />
              <SubmitButton>{t('reports.same.mine')}</SubmitButton>
            </PostForm>
          </li>
        ))}
      </ul>
      <h2 class="utrecht-heading-2">{t('reports.same.notSame')}</h2>
      <PostForm ctx={ctx} action={base} hidden={hidden}>
        <SubmitButton secondary>{t('reports.same.new')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

/** After submitting: the number, the deadline, and the private link (shown this once). */
export function ReceivedPage(props: {
  ctx: PageContext;
  report: PublicReport;
  link: string;
  mailed: boolean;
  staff: boolean;
}) {
  const { ctx, report } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reports.received.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('reports.received.title')}</h1>
      <Notice text={t('reports.received.number', { id: report.publicId })} />
      <p class="utrecht-paragraph">
        {t('reports.received.due', { date: ctx.format.date(report.dueOn), team: report.teamName })}
      </p>
      <p class="utrecht-paragraph">
        {props.staff ? t('reports.staff.entered', { id: report.publicId }) : t('reports.received.link')}
      </p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link bk-private-link" href={props.link}>
          {props.link}
        </a>
      </p>
      {props.mailed ? <p class="utrecht-paragraph">{t('reports.received.mailed')}</p> : null}
    </Layout>
  );
}

/** A supporter's confirmation. */
export function SupportedPage(props: { ctx: PageContext; publicId: string; mailed: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('reports.supported.title')}
      crumbs={[
        { href: '/', label: t('layout.home') },
        { href: '/meldingen', label: t('reports.list.title') },
      ]}
    >
      <h1 class="utrecht-heading-1">{t('reports.supported.title')}</h1>
      <Notice text={t('reports.supported.body')} />
      {props.mailed ? <p class="utrecht-paragraph">{t('reports.supported.mailed')}</p> : null}
      <LinkParagraph href={`/meldingen/${props.publicId}`}>
        {t('reports.page.title', { id: props.publicId })}
      </LinkParagraph>
    </Layout>
  );
}

/** A report's public page (or the reporter's private page, `tracked`). */
export function ReportPage(props: {
  ctx: PageContext;
  report: PublicReport;
  category: string;
  where: string;
  tracked: boolean;
  map: SvgMap | undefined;
  errors: readonly FormError[];
}) {
  const { ctx, report } = props;
  const { t } = ctx;
  const title = t(props.tracked ? 'reports.track.title' : 'reports.page.title', { id: report.publicId });
  return (
    <Layout
      ctx={ctx}
      title={titleWithErrors(ctx, props.errors, title)}
      crumbs={[
        { href: '/', label: t('layout.home') },
        { href: `/meldingen?plaats=${report.buurtCode}`, label: t('reports.list.title') },
      ]}
      scripts={props.map ? [ctx.asset('js/place-map.js')] : []}
    >
      <h1 class="utrecht-heading-1">{title}</h1>
      {props.tracked ? <p class="utrecht-paragraph">{t('reports.track.intro')}</p> : null}
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <ReportFacts ctx={ctx} report={report} category={props.category} where={props.where} />
      {props.map ? (
        <PlaceMap
          ctx={ctx}
          map={props.map}
          caption={props.where}
          geojsonUrl={`/api/v1/places/WK${report.buurtCode.slice(2, 8)}/children.geojson`}
        />
      ) : null}
      {!props.tracked && report.status !== 'closed' ? (
        <Section id="support" heading={t('reports.page.support')}>
          <PostForm ctx={ctx} action={`/meldingen/${report.publicId}/ook`} novalidate>
            <EmailField
              name="email"
              label={t('reports.same.emailLabel')}
              value=""
              error={errorFor(props.errors, 'email')}
              autocomplete="email"
            />
            <SubmitButton>{t('reports.page.supportButton')}</SubmitButton>
          </PostForm>
        </Section>
      ) : null}
    </Layout>
  );
}

export interface ListFilterShown {
  placeCode: string | undefined;
  categoryCode: string | undefined;
  status: string | undefined;
  page: number;
}

/** The public list and map of a gemeente, wijk or buurt, with its GET filter form and the fix figures. */
export function ListPage(props: {
  ctx: PageContext;
  filter: ListFilterShown;
  municipalities: readonly { code: string; name: string }[];
  placeName: string | undefined;
  places: readonly { code: string; name: string }[];
  categories: readonly CategoryChoice[];
  categoryNames: ReadonlyMap<string, string>;
  placeNames: ReadonlyMap<string, string>;
  reports: readonly ReportSummary[];
  hasMore: boolean;
  map: SvgMap | undefined;
  figures: readonly FixFigure[] | undefined;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  const title = props.placeName
    ? t('reports.list.titlePlace', { name: props.placeName })
    : t('reports.list.title');
  const query = (page: number) =>
    `/meldingen?${new URLSearchParams({
      ...(filter.placeCode ? { plaats: filter.placeCode } : {}),
      ...(filter.categoryCode ? { categorie: filter.categoryCode } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      pagina: String(page),
    }).toString()}`;
  const gemeente = filter.placeCode ? `GM${filter.placeCode.slice(2, 6)}` : undefined;
  return (
    <Layout
      ctx={ctx}
      title={title}
      crumbs={[{ href: '/', label: t('layout.home') }]}
      scripts={props.map ? [ctx.asset('js/place-map.js')] : []}
    >
      <h1 class="utrecht-heading-1">{title}</h1>
      <p class="utrecht-paragraph">{t('reports.list.intro')}</p>
      <LinkParagraph href={`/meldingen/nieuw${gemeente ? `?gemeente=${gemeente}` : ''}`}>
        {t('reports.list.new')}
      </LinkParagraph>
      <GetForm action="/meldingen" class="bk-form bk-filter">
        <SelectField
          name="plaats"
          label={t('reports.list.place')}
          value={filter.placeCode ?? ''}
          groups={[
            ...(props.places.length > 0
              ? [{ options: props.places.map((p) => ({ value: p.code, label: p.name })) }]
              : [
                  {
                    options: [
                      { value: '', label: t('reports.list.choose') },
                      ...props.municipalities.map((m) => ({ value: m.code, label: m.name })),
                    ],
                  },
                ]),
          ]}
        />
        <CategorySelect ctx={ctx} categories={props.categories} value={filter.categoryCode} />
        <SelectField
          name="status"
          label={t('reports.list.status')}
          value={filter.status ?? ''}
          groups={[
            {
              options: [
                { value: '', label: t('reports.list.allStatuses') },
                { value: 'open', label: t('reports.status.open') },
                ...REPORT_STATUSES.map((s) => ({ value: s, label: t(`reports.status.${s}`) })),
              ],
            },
          ]}
        />
        <SubmitButton secondary>{t('reports.list.filterButton')}</SubmitButton>
      </GetForm>
      {props.map && filter.placeCode ? (
        <PlaceMap
          ctx={ctx}
          map={props.map}
          caption={t('reports.list.map')}
          geojsonUrl={`/api/v1/places/${filter.placeCode.startsWith('BU') ? `WK${filter.placeCode.slice(2, 8)}` : filter.placeCode}/children.geojson`}
          pointsUrl={`/open-data/meldingen.geojson?plaats=${filter.placeCode}${filter.status ? `&status=${filter.status}` : ''}`}
        />
      ) : null}
      {filter.placeCode ? (
        props.reports.length === 0 ? (
          <p class="utrecht-paragraph">{t('reports.list.none')}</p>
        ) : (
          <ReportsTable
            ctx={ctx}
            label={title}
            reports={props.reports}
            categories={props.categoryNames}
            placeNames={props.placeNames}
            hrefOf={(r) => `/meldingen/${r.publicId}`}
          />
        )
      ) : null}
      {props.hasMore ? (
        <LinkParagraph href={query(filter.page + 1)}>{t('reports.list.more')}</LinkParagraph>
      ) : null}
      {props.figures && props.figures.length > 0 ? (
        <Section id="figures" heading={t('reports.list.figures')}>
          <p class="utrecht-paragraph">{t('reports.list.figuresIntro')}</p>
          <DataTable
            label={t('reports.list.figures')}
            rows={props.figures}
            rowKey={(f) => `${f.team}|${f.categoryCode}`}
            columns={[
              { label: t('reports.figures.team'), rowHeader: true, cell: (f) => f.team },
              {
                label: t('reports.col.category'),
                cell: (f) => props.categoryNames.get(f.categoryCode) ?? f.categoryCode,
              },
              { label: t('reports.figures.fixed'), numeric: true, cell: (f) => ctx.format.number(f.fixed) },
              {
                label: t('reports.figures.confirmed'),
                numeric: true,
                cell: (f) => ctx.format.number(f.confirmed),
              },
              {
                label: t('reports.figures.disputed'),
                numeric: true,
                cell: (f) => ctx.format.number(f.disputed),
              },
            ]}
          />
        </Section>
      ) : null}
    </Layout>
  );
}

/** "Was it solved?" behind the link mailed after a closing as fixed. */
export function ConfirmPage(props: {
  ctx: PageContext;
  token: string;
  view: ConfirmationView;
  errors: readonly FormError[];
  form: { solved: string; reason: string };
  done: 'solved' | 'reopened' | 'recorded' | undefined;
}) {
  const { ctx, view } = props;
  const { t } = ctx;
  const err = (field: string) => errorFor(props.errors, field);
  return (
    <Layout
      ctx={ctx}
      title={titleWithErrors(ctx, props.errors, t('reports.confirm.title'))}
      crumbs={[{ href: '/', label: t('layout.home') }]}
    >
      <h1 class="utrecht-heading-1">{t('reports.confirm.title')}</h1>
      {props.done ? (
        <Notice text={t(`reports.confirm.thanks.${props.done}`)} />
      ) : view.open ? (
        <>
          <p class="utrecht-paragraph">{t('reports.confirm.intro', { id: view.publicId })}</p>
          <p class="utrecht-paragraph bk-report-description">{view.description}</p>
          <ErrorSummary ctx={ctx} errors={props.errors} />
          <PostForm ctx={ctx} action={`/meldingen/opgelost/${props.token}`} novalidate>
            <ChoiceGroup
              type="radio"
              name="solved"
              legend={t('reports.confirm.solved')}
              options={[
                { value: 'ja', label: t('reports.confirm.yes') },
                { value: 'nee', label: t('reports.confirm.no') },
              ]}
              checked={[props.form.solved]}
              error={err('solved')}
            />
            <TextArea
              name="reason"
              label={t('reports.confirm.reason')}
              value={props.form.reason}
              error={err('reason')}
              rows={4}
              maxLength={2000}
            />
            <SubmitButton>{t('reports.confirm.send')}</SubmitButton>
          </PostForm>
        </>
      ) : (
        <Notice kind="info" text={t('reports.confirm.closed')} />
      )}
      <LinkParagraph href={`/meldingen/${view.publicId}`}>
        {t('reports.page.title', { id: view.publicId })}
      </LinkParagraph>
    </Layout>
  );
}

/** The staff work queue with its GET filter form. */
export function QueuePage(props: {
  ctx: PageContext;
  filter: ListFilterShown & { team: string | undefined; overdue: boolean };
  places: readonly { code: string; name: string }[];
  teams: readonly { id: string; name: string }[];
  categories: readonly CategoryChoice[];
  categoryNames: ReadonlyMap<string, string>;
  placeNames: ReadonlyMap<string, string>;
  reports: readonly ReportSummary[];
  mayEnter: boolean;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reports.queue.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('reports.queue.title')}</h1>
      <p class="utrecht-paragraph">{t('reports.queue.intro')}</p>
      {props.mayEnter ? (
        <LinkParagraph href="/beheer/meldingen/nieuw">{t('reports.queue.new')}</LinkParagraph>
      ) : null}
      <GetForm action="/beheer/meldingen" class="bk-form bk-filter">
        <SelectField
          name="plaats"
          label={t('reports.list.place')}
          value={filter.placeCode ?? ''}
          groups={[
            {
              options: [
                { value: '', label: t('reports.list.allPlaces') },
                ...props.places.map((p) => ({ value: p.code, label: p.name })),
              ],
            },
          ]}
        />
        <CategorySelect ctx={ctx} categories={props.categories} value={filter.categoryCode} />
        <SelectField
          name="status"
          label={t('reports.list.status')}
          value={filter.status ?? 'open'}
          groups={[
            {
              options: [
                { value: 'open', label: t('reports.status.open') },
                ...REPORT_STATUSES.map((s) => ({ value: s, label: t(`reports.status.${s}`) })),
              ],
            },
          ]}
        />
        {props.teams.length > 0 ? (
          <SelectField
            name="team"
            label={t('reports.col.team')}
            value={filter.team ?? ''}
            groups={[
              {
                options: [
                  { value: '', label: t('reports.queue.allTeams') },
                  ...props.teams.map((tm) => ({ value: tm.id, label: tm.name })),
                ],
              },
            ]}
          />
        ) : null}
        <ChoiceGroup
          type="checkbox"
          name="teLaat"
          legend={t('reports.overdue')}
          options={[{ value: '1', label: t('reports.queue.overdueOnly') }]}
          checked={filter.overdue ? ['1'] : []}
        />
        <SubmitButton secondary>{t('reports.list.filterButton')}</SubmitButton>
      </GetForm>
      {props.reports.length === 0 ? (
        <p class="utrecht-paragraph">{t('reports.queue.none')}</p>
      ) : (
        <ReportsTable
          ctx={ctx}
          label={t('reports.queue.title')}
          reports={props.reports}
          categories={props.categoryNames}
          placeNames={props.placeNames}
          hrefOf={(r) => `/beheer/meldingen/${r.publicId}`}
          withTeam
        />
      )}
    </Layout>
  );
}

/** One report for staff: facts, contact (count only for supporters), notes and the status form. */
export function StaffReportPage(props: {
  ctx: PageContext;
  report: StaffReport;
  category: string;
  where: string;
  errors: readonly FormError[];
  form: {
    to: string;
    message: string;
    note: string;
    team: string;
    reason: string;
    detail: string;
    duplicateOf: string;
  };
  notice: string | undefined;
}) {
  const { ctx, report, form } = props;
  const { t } = ctx;
  const err = (field: string) => errorFor(props.errors, field);
  const moves = STATUS_MOVES[report.status];
  const title = t('reports.staff.title', { id: report.publicId });
  return (
    <Layout
      ctx={ctx}
      title={titleWithErrors(ctx, props.errors, title)}
      crumbs={[
        { href: '/', label: t('layout.home') },
        { href: '/beheer/meldingen', label: t('reports.queue.title') },
      ]}
    >
      <h1 class="utrecht-heading-1">{title}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <dl class="bk-facts">
        <dt>{t('reports.staff.reporter')}</dt>
        <dd>{report.reporterEmail ?? t('reports.staff.noContact')}</dd>
        <dt>{t('reports.staff.channel')}</dt>
        <dd>{t(`reports.channel.${report.channel}`)}</dd>
        {report.supporters > 0 ? (
          <>
            <dt>{t('reports.page.supporters')}</dt>
            <dd>
              {t('reports.page.supportersCount', { count: ctx.format.number(report.supporters) })},{' '}
              {t('reports.staff.supportersContact', {
                count: ctx.format.number(report.supportersWithContact),
              })}
            </dd>
          </>
        ) : null}
      </dl>
      <ReportFacts ctx={ctx} report={report} category={props.category} where={props.where} />
      {report.notes.length > 0 ? (
        <Section id="notes" heading={t('reports.staff.notes')}>
          <ul class="utrecht-unordered-list">
            {report.notes.map((n, i) => (
              <li class="utrecht-unordered-list__item" key={i}>
                {`${ctx.format.dateTime(n.at)}: ${n.note}`}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section id="move" heading={t('reports.staff.move')}>
        {moves.length === 0 ? (
          <p class="utrecht-paragraph">{t('reports.staff.noMoves')}</p>
        ) : (
          <PostForm ctx={ctx} action={`/beheer/meldingen/${report.publicId}/stand`} novalidate>
            <ChoiceGroup
              type="radio"
              name="to"
              legend={t('reports.staff.to')}
              options={moves.map((s) => ({ value: s, label: t(`reports.status.${s}`) }))}
              checked={[form.to]}
              error={err('to')}
            />
            <TextArea
              name="message"
              label={t('reports.staff.message')}
              hint={t('reports.staff.messageHint')}
              value={form.message}
              error={err('message')}
              rows={3}
              maxLength={2000}
            />
            <TextArea
              name="note"
              label={t('reports.staff.note')}
              value={form.note}
              rows={2}
              maxLength={2000}
            />
            {moves.includes('forwarded') ? (
              <SelectField
                name="team"
                label={t('reports.staff.team')}
                value={form.team}
                error={err('team')}
                groups={[
                  {
                    options: [
                      { value: '', label: '' },
                      ...report.teams
                        .filter((tm) => tm.id !== report.teamId)
                        .map((tm) => ({ value: tm.id, label: tm.name })),
                    ],
                  },
                ]}
              />
            ) : null}
            {moves.includes('closed') ? (
              <>
                <ChoiceGroup
                  type="radio"
                  name="reason"
                  legend={t('reports.staff.reason')}
                  options={CLOSE_REASONS.map((r) => ({ value: r, label: t(`reports.reason.${r}`) }))}
                  checked={[form.reason]}
                  error={err('reason')}
                />
                <TextField
                  name="detail"
                  label={t('reports.staff.detail')}
                  value={form.detail}
                  error={err('detail')}
                  maxLength={500}
                />
                <TextField
                  name="duplicateOf"
                  label={t('reports.staff.duplicateOf')}
                  value={form.duplicateOf}
                  error={err('duplicateOf')}
                  maxLength={20}
                />
              </>
            ) : null}
            <SubmitButton>{t('reports.staff.submit')}</SubmitButton>
          </PostForm>
        )}
      </Section>
    </Layout>
  );
}
