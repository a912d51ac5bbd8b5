import type { PageContext } from '../../../web/page.js';
import { CsrfField, ErrorSummary, errorFor, SubmitButton, type FormError } from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import type { TrackedInitiative } from '../initiatives.service.js';
import { TextArea } from './fields.js';
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
        {t('initiatives.received.next', { date: formatDate(ctx, props.intakeDueOn) })}
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
          <p class="utrecht-paragraph">
            <a class="utrecht-link" href={`/beheer/initiatieven/${props.reference}`}>
              {t('initiatives.received.toDesk')}
            </a>
          </p>
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
          {t('initiatives.track.dueOn', { date: formatDate(ctx, i.intakeDueOn) })}
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

      <section aria-labelledby="thread">
        <h2 class="utrecht-heading-2" id="thread">
          {t('initiatives.track.thread')}
        </h2>
        {i.messages.length === 0 ? (
          <p class="utrecht-paragraph">{t('initiatives.track.noMessages')}</p>
        ) : null}
        <ol class="bk-thread">
          {i.messages.map((m, n) => (
            <li class={`bk-thread__message bk-thread__message--${m.author}`} key={n}>
              <p class="utrecht-paragraph bk-thread__meta">
                <strong>{m.authorLabel}</strong> ·{' '}
                <time dateTime={m.at.toISOString()}>{formatDateTime(ctx, m.at)}</time>
              </p>
              <Paragraphs text={m.body} />
            </li>
          ))}
        </ol>
        <form method="post" action={`${base}/berichten`} class="bk-form">
          <CsrfField ctx={ctx} />
          <TextArea
            name="body"
            label={t('initiatives.track.reply')}
            value={props.body}
            error={errorFor(props.errors, 'body')}
            rows={4}
            maxLength={5000}
          />
          <SubmitButton>{t('initiatives.track.send')}</SubmitButton>
        </form>
      </section>

      <section aria-labelledby="about">
        <h2 class="utrecht-heading-2" id="about">
          {i.title}
        </h2>
        <Paragraphs text={i.summary} />
        <InitiativeFacts ctx={ctx} initiative={i} />
        <h3 class="utrecht-heading-3">{t('initiatives.page.budget')}</h3>
        <BudgetTable ctx={ctx} initiative={i} />
        {i.photos.length > 0 ? (
          <>
            <h3 class="utrecht-heading-3">{t('initiatives.page.photos')}</h3>
            <div class="bk-photos">
              {i.photos.map((p) => (
                <img class="bk-photo" src={`${base}/fotos/${p.position}`} alt={p.alt} key={p.position} />
              ))}
            </div>
          </>
        ) : null}
        <h3 class="utrecht-heading-3">{t('initiatives.page.timeline')}</h3>
        <Timeline ctx={ctx} entries={i.timeline} />
      </section>

      {i.canWithdraw ? (
        <section aria-labelledby="withdraw">
          <h2 class="utrecht-heading-2" id="withdraw">
            {t('initiatives.track.withdraw')}
          </h2>
          <form method="post" action={`${base}/intrekken`} class="bk-form">
            <CsrfField ctx={ctx} />
            <TextArea
              name="reason"
              label={t('initiatives.desk.moveReason')}
              hint={t('initiatives.track.withdrawHint')}
              value={props.reason}
              error={errorFor(props.errors, 'reason')}
              rows={3}
              maxLength={2000}
            />
            <SubmitButton secondary>{t('initiatives.track.withdraw')}</SubmitButton>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
