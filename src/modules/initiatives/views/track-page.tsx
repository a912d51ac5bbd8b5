import type { PageContext } from '../../../web/page.js';
import { ErrorSummary, errorFor, PostForm, SubmitButton, type FormError } from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import type { TrackedInitiative } from '../initiatives.service.js';
import { MessageField, ReasonField } from './fields.js';
import { BudgetTable, InitiativeFacts, Paragraphs, Photos, StageBadge, Thread, Timeline } from './parts.js';

/** Shown once after submitting: the reference, what happens next and the private link. */
export function ReceivedPage(props: {
  ctx: PageContext;
  reference: string;
  link: string;
  intakeDueOn: string;
  mailed: boolean;
  /** Staff submitted for a resident: the link is for the resident, and the desk is next. */
  staff: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('initiatives.received.title')}
      crumbs={[{ href: '/', label: t('layout.home') }]}
    >
      <h1 class="utrecht-heading-1">{t('initiatives.received.title')}</h1>
      <p class="utrecht-paragraph">
        <strong>{t('initiatives.received.reference', { reference: props.reference })}</strong>
      </p>
      <p class="utrecht-paragraph">
        {t('initiatives.received.next', { date: ctx.format.date(props.intakeDueOn) })}
      </p>
      <p class="utrecht-paragraph">{t('initiatives.received.link')}</p>
      <p class="utrecht-paragraph bk-token-link">
        <a class="utrecht-link" href={props.link} rel="noreferrer">
          {props.link}
        </a>
      </p>
      <p class="utrecht-paragraph">{t('initiatives.received.private')}</p>
      <p class="utrecht-paragraph">
        {t(props.mailed ? 'initiatives.received.mail' : 'initiatives.received.noMail')}
      </p>
      {props.staff ? (
        <>
          <p class="utrecht-paragraph">{t('initiatives.received.staff')}</p>
          <LinkParagraph href={`/beheer/initiatieven/${props.reference}`}>
            {t('initiatives.received.toDesk')}
          </LinkParagraph>
        </>
      ) : null}
    </Layout>
  );
}

/**
 * The initiator's own page behind the private link: stage, thread (without staff notes), a
 * reply form and withdrawal. Sent with `Referrer-Policy: no-referrer` so the link never leaks.
 */
export function TrackPage(props: {
  ctx: PageContext;
  token: string;
  initiative: TrackedInitiative;
  errors: readonly FormError[];
  body: string;
  reason: string;
  notice: string | undefined;
}) {
  const { ctx, initiative: i, token } = props;
  const { t } = ctx;
  const base = `/initiatieven/volgen/${token}`;
  return (
    <Layout
      ctx={ctx}
      title={t('initiatives.track.title', { title: i.title })}
      crumbs={[{ href: '/', label: t('layout.home') }]}
    >
      <h1 class="utrecht-heading-1">{t('initiatives.track.title', { title: i.title })}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <p class="utrecht-paragraph">
        {t('initiatives.track.stage')}: <StageBadge ctx={ctx} stage={i.stage} />
      </p>
      {i.stage === 'submitted' ? (
        <p class="utrecht-paragraph">
          {t('initiatives.track.dueOn', { date: ctx.format.date(i.intakeDueOn) })}
        </p>
      ) : null}
      {i.isPublic ? (
        <p class="utrecht-paragraph">
          {t('initiatives.track.public')}{' '}
          <a class="utrecht-link" href={`/initiatieven/${i.reference}`}>
            {t('initiatives.track.publicLink')}
          </a>
        </p>
      ) : (
        <p class="utrecht-paragraph">{t('initiatives.track.notPublic')}</p>
      )}

      <Section id="thread" heading={t('initiatives.track.thread')}>
        {i.messages.length === 0 ? (
          <p class="utrecht-paragraph">{t('initiatives.track.noMessages')}</p>
        ) : null}
        <Thread ctx={ctx} messages={i.messages} />
        <PostForm ctx={ctx} action={`${base}/berichten`}>
          <MessageField
            label={t('initiatives.track.reply')}
            value={props.body}
            error={errorFor(props.errors, 'body')}
          />
          <SubmitButton>{t('initiatives.track.send')}</SubmitButton>
        </PostForm>
      </Section>

      <Section id="about" heading={i.title}>
        <Paragraphs text={i.summary} />
        <InitiativeFacts ctx={ctx} initiative={i} />
        <h3 class="utrecht-heading-3">{t('initiatives.page.budget')}</h3>
        <BudgetTable ctx={ctx} initiative={i} />
        {i.photos.length > 0 ? (
          <>
            <h3 class="utrecht-heading-3">{t('initiatives.page.photos')}</h3>
            <Photos photos={i.photos.map((p) => ({ ...p, src: `${base}/fotos/${p.position}` }))} />
          </>
        ) : null}
        <h3 class="utrecht-heading-3">{t('initiatives.page.timeline')}</h3>
        <Timeline ctx={ctx} entries={i.timeline} />
      </Section>

      {i.canWithdraw ? (
        <Section id="withdraw" heading={t('initiatives.track.withdraw')}>
          <PostForm ctx={ctx} action={`${base}/intrekken`}>
            <ReasonField
              label={t('initiatives.desk.moveReason')}
              hint={t('initiatives.track.withdrawHint')}
              value={props.reason}
              error={errorFor(props.errors, 'reason')}
            />
            <SubmitButton secondary>{t('initiatives.track.withdraw')}</SubmitButton>
          </PostForm>
        </Section>
      ) : null}
    </Layout>
  );
}
