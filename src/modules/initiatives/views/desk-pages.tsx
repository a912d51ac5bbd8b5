import type { PageContext } from '../../../web/page.js';
import { CsrfField, ErrorSummary, errorFor, SubmitButton, type FormError } from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import type { DeskInitiative, QueueItem, QueueView } from '../initiatives.service.js';
import { ChoiceGroup, SelectField, TextArea } from './fields.js';
import {
  BudgetTable,
  formatDate,
  formatDateTime,
  InitiativeFacts,
  Notice,
  Paragraphs,
  StageBadge,
  Timeline,
} from './parts.js';

const VIEWS: readonly QueueView[] = ['new', 'open', 'mine', 'all'];

/** The intake queue: filtered to the coach's places; overdue intakes stand out in text too. */
export function QueuePage(props: {
  ctx: PageContext;
  view: QueueView;
  placeCode: string | undefined;
  places: readonly { code: string; name: string }[];
  items: readonly QueueItem[];
  intakeWorkingDays: number;
  canSubmit: boolean;
}) {
  const { ctx, items } = props;
  const { t } = ctx;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <Layout ctx={ctx} title={t('initiatives.desk.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('initiatives.desk.title')}</h1>
      <p class="utrecht-paragraph">{t('initiatives.desk.intro', { days: props.intakeWorkingDays })}</p>
      {props.canSubmit ? (
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/beheer/initiatieven/nieuw">
            {t('initiatives.desk.submitForResident')}
          </a>
        </p>
      ) : null}
      <form method="get" action="/beheer/initiatieven" class="bk-form bk-filters">
        <SelectField
          name="weergave"
          label={t('initiatives.desk.views')}
          value={props.view}
          groups={[{ options: VIEWS.map((v) => ({ value: v, label: t(`initiatives.desk.view.${v}`) })) }]}
        />
        <SelectField
          name="plaats"
          label={t('initiatives.desk.place')}
          value={props.placeCode ?? ''}
          groups={[
            {
              options: [
                { value: '', label: t('initiatives.desk.allPlaces') },
                ...props.places.map((p) => ({ value: p.code, label: p.name })),
              ],
            },
          ]}
        />
        <SubmitButton secondary>{t('initiatives.desk.show')}</SubmitButton>
      </form>
      {overdue > 0 ? (
        <div class="utrecht-alert utrecht-alert--warning" role="status">
          <p class="utrecht-paragraph">{t('initiatives.desk.overdueCount', { count: overdue })}</p>
        </div>
      ) : null}
      {items.length === 0 ? (
        <p class="utrecht-paragraph">{t('initiatives.desk.none')}</p>
      ) : (
        <div class="utrecht-table-container utrecht-table-container--overflow-inline">
          <table class="utrecht-table utrecht-table--html-table">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                {(['reference', 'title', 'place', 'stage', 'coach', 'due'] as const).map((c) => (
                  <th class="utrecht-table__header-cell" scope="col" key={c}>
                    {t(`initiatives.desk.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {items.map((i) => (
                <tr class={`utrecht-table__row${i.overdue ? ' bk-row--overdue' : ''}`} key={i.reference}>
                  <td class="utrecht-table__cell">{i.reference}</td>
                  <th class="utrecht-table__header-cell" scope="row">
                    <a class="utrecht-link" href={`/beheer/initiatieven/${i.reference}`}>
                      {i.title}
                    </a>
                  </th>
                  <td class="utrecht-table__cell">
                    {i.buurt.name} ({i.wijk.name})
                  </td>
                  <td class="utrecht-table__cell">
                    <StageBadge ctx={ctx} stage={i.stage} />
                  </td>
                  <td class="utrecht-table__cell">{i.coachName ?? t('initiatives.desk.noCoach')}</td>
                  <td class="utrecht-table__cell">
                    {formatDate(ctx, i.intakeDueOn)}
                    {i.overdue ? (
                      <>
                        {' '}
                        <strong class="bk-overdue">{t('initiatives.desk.overdue')}</strong>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** One initiative at the desk: contact details, assignment, stage moves, the thread with notes. */
export function DeskInitiativePage(props: {
  ctx: PageContext;
  initiative: DeskInitiative;
  errors: readonly FormError[];
  notice: string | undefined;
  form: { to: string; reason: string; body: string; kind: string };
  me: string;
}) {
  const { ctx, initiative: i, errors, form } = props;
  const { t } = ctx;
  const base = `/beheer/initiatieven/${i.reference}`;
  return (
    <Layout
      ctx={ctx}
      title={`${i.reference}: ${i.title}`}
      crumbs={[
        { href: '/', label: t('layout.home') },
        { href: '/beheer/initiatieven', label: t('initiatives.desk.title') },
      ]}
    >
      <p class="utrecht-pre-heading">{i.reference}</p>
      <h1 class="utrecht-heading-1">{i.title}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      {i.overdue ? (
        <div class="utrecht-alert utrecht-alert--warning" role="status">
          <p class="utrecht-paragraph">
            <strong>{t('initiatives.desk.overdue')}</strong>: {t('initiatives.desk.col.due')}{' '}
            {formatDate(ctx, i.intakeDueOn)}
          </p>
        </div>
      ) : null}

      <section aria-labelledby="details">
        <h2 class="utrecht-heading-2" id="details">
          {t('initiatives.desk.details')}
        </h2>
        <Paragraphs text={i.summary} />
        <InitiativeFacts
          ctx={ctx}
          initiative={i}
          extra={
            <>
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t('initiatives.desk.initiator')}</dt>
                <dd class="utrecht-data-list__item-value">
                  {[i.initiatorName, i.initiatorEmail, i.initiatorPhone].filter(Boolean).join(' · ')}
                </dd>
              </div>
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t('initiatives.desk.channel')}</dt>
                <dd class="utrecht-data-list__item-value">
                  {t(`initiatives.channel.${i.channel}`)}, {formatDate(ctx, i.submittedOn)}
                </dd>
              </div>
              <div class="utrecht-data-list__item">
                <dt class="utrecht-data-list__item-key">{t('initiatives.desk.coach')}</dt>
                <dd class="utrecht-data-list__item-value">
                  {i.coach?.name ?? t('initiatives.desk.noCoach')}
                </dd>
              </div>
            </>
          }
        />
        {i.isPublic ? (
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={`/initiatieven/${i.reference}`}>
              {t('initiatives.desk.publicPage')}
            </a>
          </p>
        ) : null}
        <h3 class="utrecht-heading-3">{t('initiatives.page.budget')}</h3>
        <BudgetTable ctx={ctx} initiative={i} />
        {i.photos.length > 0 ? (
          <div class="bk-photos">
            {i.photos.map((p) => (
              <img class="bk-photo" src={`/uploads/${p.uploadId}`} alt={p.alt} key={p.uploadId} />
            ))}
          </div>
        ) : null}
      </section>

      {i.canCoach ? (
        <section aria-labelledby="assign">
          <h2 class="utrecht-heading-2" id="assign">
            {t('initiatives.desk.coach')}
          </h2>
          {i.coach?.id !== props.me && i.coaches.some((c) => c.id === props.me) ? (
            <form method="post" action={`${base}/coach`} class="bk-inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="coach" value={props.me} />
              <SubmitButton>{t('initiatives.desk.assignMe')}</SubmitButton>
            </form>
          ) : null}
          <form method="post" action={`${base}/coach`} class="bk-form">
            <CsrfField ctx={ctx} />
            <SelectField
              name="coach"
              label={t('initiatives.desk.assignTo')}
              value={i.coach?.id ?? ''}
              error={errorFor(errors, 'coach')}
              groups={[{ options: i.coaches.map((c) => ({ value: c.id, label: c.name })) }]}
            />
            <SubmitButton secondary>{t('initiatives.desk.assign')}</SubmitButton>
          </form>
        </section>
      ) : null}

      {i.canCoach ? (
        <section aria-labelledby="move">
          <h2 class="utrecht-heading-2" id="move">
            {t('initiatives.desk.move')}
          </h2>
          <p class="utrecht-paragraph">
            {t('initiatives.page.stage')}: <StageBadge ctx={ctx} stage={i.stage} />
          </p>
          {i.nextStages.length === 0 ? (
            <p class="utrecht-paragraph">{t('initiatives.desk.noMoves')}</p>
          ) : (
            <form method="post" action={`${base}/fase`} class="bk-form">
              <CsrfField ctx={ctx} />
              <ChoiceGroup
                type="radio"
                name="to"
                legend={t('initiatives.desk.moveTo')}
                options={i.nextStages.map((s) => ({ value: s, label: t(`initiatives.stage.${s}`) }))}
                checked={[form.to]}
                error={errorFor(errors, 'to')}
              />
              <TextArea
                name="reason"
                label={t('initiatives.desk.moveReason')}
                hint={t('initiatives.desk.moveReasonHint')}
                value={form.reason}
                error={errorFor(errors, 'reason')}
                rows={3}
                maxLength={2000}
              />
              <SubmitButton>{t('initiatives.desk.moveButton')}</SubmitButton>
            </form>
          )}
        </section>
      ) : null}

      <section aria-labelledby="thread">
        <h2 class="utrecht-heading-2" id="thread">
          {t('initiatives.desk.thread')}
        </h2>
        <ol class="bk-thread">
          {i.messages.map((m, n) => (
            <li
              class={`bk-thread__message bk-thread__message--${m.author}${m.staffOnly ? ' bk-thread__message--note' : ''}`}
              key={n}
            >
              <p class="utrecht-paragraph bk-thread__meta">
                <strong>{m.authorLabel}</strong> ·{' '}
                <time dateTime={m.at.toISOString()}>{formatDateTime(ctx, m.at)}</time>
                {m.staffOnly ? (
                  <>
                    {' '}
                    · <em>{t('initiatives.desk.staffOnly')}</em>
                  </>
                ) : null}
              </p>
              <Paragraphs text={m.body} />
            </li>
          ))}
        </ol>
        <form method="post" action={`${base}/berichten`} class="bk-form">
          <CsrfField ctx={ctx} />
          <TextArea
            name="body"
            label={t('initiatives.desk.message')}
            value={form.body}
            error={errorFor(errors, 'body')}
            rows={4}
            maxLength={5000}
          />
          <ChoiceGroup
            type="radio"
            name="kind"
            legend={t('initiatives.desk.kind')}
            options={[
              { value: 'message', label: t('initiatives.desk.kindMessage') },
              { value: 'note', label: t('initiatives.desk.kindNote') },
            ]}
            checked={[form.kind || 'message']}
          />
          <SubmitButton>{t('initiatives.desk.send')}</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="participants">
        <h2 class="utrecht-heading-2" id="participants">
          {t('initiatives.desk.participants')}
        </h2>
        {i.participants.length === 0 ? (
          <p class="utrecht-paragraph">{t('initiatives.desk.noParticipants')}</p>
        ) : (
          <ul class="utrecht-unordered-list">
            {i.participants.map((p) => (
              <li class="utrecht-unordered-list__item" key={p.id}>
                {p.name}
              </li>
            ))}
          </ul>
        )}
        {i.canCoach && i.colleagues.length > 0 ? (
          <form method="post" action={`${base}/meelezers`} class="bk-form">
            <CsrfField ctx={ctx} />
            <SelectField
              name="participant"
              label={t('initiatives.desk.addParticipant')}
              value=""
              error={errorFor(errors, 'participant')}
              groups={[{ options: i.colleagues.map((c) => ({ value: c.id, label: c.name })) }]}
            />
            <SubmitButton secondary>{t('initiatives.desk.add')}</SubmitButton>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="timeline">
        <h2 class="utrecht-heading-2" id="timeline">
          {t('initiatives.page.timeline')}
        </h2>
        <Timeline ctx={ctx} entries={i.timeline} />
      </section>
    </Layout>
  );
}
