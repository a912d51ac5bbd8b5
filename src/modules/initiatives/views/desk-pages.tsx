import type { PageContext } from '../../../web/page.js';
import { uploadHref } from '../../uploads/index.js';
import {
  ErrorSummary,
  errorFor,
  GetForm,
  PostButton,
  PostForm,
  SubmitButton,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import type { DeskInitiative, QueueItem } from '../initiatives.service.js';
import type { QueueView } from '../desk.service.js';
import { ChoiceGroup, SelectField } from '../../../web/views/fields.js';
import { MessageField, ReasonField } from './fields.js';
import {
  BudgetTable,
  Fact,
  InitiativeFacts,
  Paragraphs,
  Photos,
  StageBadge,
  Thread,
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
        <LinkParagraph href="/beheer/initiatieven/nieuw">
          {t('initiatives.desk.submitForResident')}
        </LinkParagraph>
      ) : null}
      <GetForm
        action="/beheer/initiatieven"
        class="bk-form bk-filters"
        submit={{ label: t('initiatives.desk.show'), secondary: true }}
      >
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
          empty={t('initiatives.desk.allPlaces')}
          options={props.places.map((p) => ({ value: p.code, label: p.name }))}
        />
      </GetForm>
      {overdue > 0 ? (
        <Notice kind="warning" text={t('initiatives.desk.overdueCount', { count: overdue })} />
      ) : null}
      {items.length === 0 ? (
        <p class="utrecht-paragraph">{t('initiatives.desk.none')}</p>
      ) : (
        <DataTable
          label={`${t('initiatives.desk.title')}: ${t(`initiatives.desk.view.${props.view}`)}`}
          rows={items}
          rowKey={(i) => i.reference}
          rowClass={(i) => (i.overdue ? 'bk-row--overdue' : undefined)}
          columns={[
            { label: t('initiatives.desk.col.reference'), cell: (i) => i.reference },
            {
              label: t('initiatives.desk.col.title'),
              rowHeader: true,
              cell: (i) => (
                <a class="utrecht-link" href={`/beheer/initiatieven/${i.reference}`}>
                  {i.title}
                </a>
              ),
            },
            { label: t('initiatives.desk.col.place'), cell: (i) => `${i.buurt.name} (${i.wijk.name})` },
            { label: t('initiatives.desk.col.stage'), cell: (i) => <StageBadge ctx={ctx} stage={i.stage} /> },
            {
              label: t('initiatives.desk.col.coach'),
              cell: (i) => i.coachName ?? t('initiatives.desk.noCoach'),
            },
            {
              label: t('initiatives.desk.col.due'),
              cell: (i) => (
                <>
                  {ctx.format.date(i.intakeDueOn)}
                  {i.overdue ? (
                    <>
                      {' '}
                      <strong class="bk-overdue">{t('initiatives.desk.overdue')}</strong>
                    </>
                  ) : null}
                </>
              ),
            },
          ]}
        />
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
        <Notice kind="warning">
          <strong>{t('initiatives.desk.overdue')}</strong>: {t('initiatives.desk.col.due')}{' '}
          {ctx.format.date(i.intakeDueOn)}
        </Notice>
      ) : null}

      <Section id="details" heading={t('initiatives.desk.details')}>
        <Paragraphs text={i.summary} />
        <InitiativeFacts
          ctx={ctx}
          initiative={i}
          extra={
            <>
              <Fact label={t('initiatives.desk.initiator')}>
                {[i.initiatorName, i.initiatorEmail, i.initiatorPhone].filter(Boolean).join(' · ')}
              </Fact>
              <Fact label={t('initiatives.desk.channel')}>
                {t(`initiatives.channel.${i.channel}`)}, {ctx.format.date(i.submittedOn)}
              </Fact>
              <Fact label={t('initiatives.desk.coach')}>
                {i.coach?.name ?? t('initiatives.desk.noCoach')}
              </Fact>
            </>
          }
        />
        {i.isPublic ? (
          <LinkParagraph href={`/initiatieven/${i.reference}`}>
            {t('initiatives.desk.publicPage')}
          </LinkParagraph>
        ) : null}
        <h3 class="utrecht-heading-3">{t('initiatives.page.budget')}</h3>
        <BudgetTable ctx={ctx} initiative={i} />
        {i.photos.length > 0 ? (
          <Photos photos={i.photos.map((p) => ({ ...p, src: uploadHref(p.uploadId) }))} />
        ) : null}
      </Section>

      {i.canCoach ? (
        <Section id="assign" heading={t('initiatives.desk.coach')}>
          {i.coach?.id !== props.me && i.coaches.some((c) => c.id === props.me) ? (
            <PostButton ctx={ctx} action={`${base}/coach`} hidden={{ coach: props.me }}>
              {t('initiatives.desk.assignMe')}
            </PostButton>
          ) : null}
          <PostForm ctx={ctx} action={`${base}/coach`}>
            <SelectField
              name="coach"
              label={t('initiatives.desk.assignTo')}
              value={i.coach?.id ?? ''}
              error={errorFor(errors, 'coach')}
              groups={[{ options: i.coaches.map((c) => ({ value: c.id, label: c.name })) }]}
            />
            <SubmitButton secondary>{t('initiatives.desk.assign')}</SubmitButton>
          </PostForm>
        </Section>
      ) : null}

      {i.canCoach ? (
        <Section id="move" heading={t('initiatives.desk.move')}>
          <p class="utrecht-paragraph">
            {t('initiatives.page.stage')}: <StageBadge ctx={ctx} stage={i.stage} />
          </p>
          {i.nextStages.length === 0 ? (
            <p class="utrecht-paragraph">{t('initiatives.desk.noMoves')}</p>
          ) : (
            <PostForm ctx={ctx} action={`${base}/fase`}>
              <ChoiceGroup
                type="radio"
                name="to"
                legend={t('initiatives.desk.moveTo')}
                options={i.nextStages.map((s) => ({ value: s, label: t(`initiatives.stage.${s}`) }))}
                checked={[form.to]}
                error={errorFor(errors, 'to')}
              />
              <ReasonField
                label={t('initiatives.desk.moveReason')}
                hint={t('initiatives.desk.moveReasonHint')}
                value={form.reason}
                error={errorFor(errors, 'reason')}
              />
              <SubmitButton>{t('initiatives.desk.moveButton')}</SubmitButton>
            </PostForm>
          )}
        </Section>
      ) : null}

      <Section id="thread" heading={t('initiatives.desk.thread')}>
        <Thread ctx={ctx} messages={i.messages} />
        <PostForm ctx={ctx} action={`${base}/berichten`}>
          <MessageField
            label={t('initiatives.desk.message')}
            value={form.body}
            error={errorFor(errors, 'body')}
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
        </PostForm>
      </Section>

      <Section id="participants" heading={t('initiatives.desk.participants')}>
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
          <PostForm ctx={ctx} action={`${base}/meelezers`}>
            <SelectField
              name="participant"
              label={t('initiatives.desk.addParticipant')}
              value=""
              error={errorFor(errors, 'participant')}
              groups={[{ options: i.colleagues.map((c) => ({ value: c.id, label: c.name })) }]}
            />
            <SubmitButton secondary>{t('initiatives.desk.add')}</SubmitButton>
          </PostForm>
        ) : null}
      </Section>

      <Section id="timeline" heading={t('initiatives.page.timeline')}>
        <Timeline ctx={ctx} entries={i.timeline} />
      </Section>
    </Layout>
  );
}
