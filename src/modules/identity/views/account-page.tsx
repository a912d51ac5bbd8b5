import type { PageContext } from '../../../web/page.js';
import {
  ErrorSummary,
  errorFor,
  PasswordField,
  PostButton,
  PostForm,
  SubmitButton,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, LinkParagraph, Notice, Section, Time } from '../../../web/views/page-parts.js';
import { sortGrants } from '../../../access/index.js';
import type { StaffAccount, StaffSessionRecord } from '../staff.js';
import { CodeField, grantLabel } from './common.js';

const accountCrumbs = (ctx: PageContext) => [
  { href: '/', label: ctx.t('layout.home') },
  { href: '/account', label: ctx.t('identity.account.title') },
];

export function AccountPage(props: {
  ctx: PageContext;
  account: StaffAccount;
  placeNames: ReadonlyMap<string, string>;
  sessions: StaffSessionRecord[];
  currentSessionId: number | undefined;
  canEnrolTotp: boolean;
  notice?: string | undefined;
}) {
  const { ctx, account } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.account.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('identity.account.title')}</h1>
      <Notice text={props.notice} />
      <Section id="details" heading={t('identity.account.details')}>
        <dl class="bk-facts">
          <dt>{t('identity.account.name')}</dt>
          <dd>{account.displayName}</dd>
          <dt>{t('identity.account.email')}</dt>
          <dd>{account.email}</dd>
        </dl>
        <h3 class="utrecht-heading-3">{t('identity.account.roles')}</h3>
        <ul class="utrecht-unordered-list">
          {sortGrants(account.grants).map((g) => (
            <li class="utrecht-unordered-list__item" key={`${g.role}-${g.placeCode}`}>
              {grantLabel(t, g, props.placeNames)}
            </li>
          ))}
        </ul>
      </Section>
      <Section id="security" heading={t('identity.account.security')}>
        <LinkParagraph href="/account/wachtwoord">{t('identity.account.changePassword')}</LinkParagraph>
        {props.canEnrolTotp || account.totpEnabled ? (
          <p class="utrecht-paragraph">
            {account.totpEnabled ? t('identity.account.totpOn') : t('identity.account.totpOff')}{' '}
            <a class="utrecht-link" href="/account/tweestapsverificatie">
              {t('identity.account.totpManage')}
            </a>
          </p>
        ) : null}
      </Section>
      <Section id="sessions" heading={t('identity.account.sessions')}>
        <p class="utrecht-paragraph">{t('identity.account.sessionsIntro')}</p>
        <DataTable
          label={t('identity.account.sessionsTable')}
          rows={props.sessions}
          rowKey={(s) => s.id}
          columns={[
            {
              label: t('identity.account.device'),
              cell: (s) => (
                <>
                  {s.userAgent ?? t('identity.account.unknown')}{' '}
                  {s.id === props.currentSessionId ? (
                    <strong>{t('identity.account.thisDevice')}</strong>
                  ) : null}
                </>
              ),
            },
            {
              label: t('identity.account.signedInAt'),
              cell: (s) => <Time at={s.createdAt} locale={locale} />,
            },
            {
              label: t('identity.account.lastSeen'),
              cell: (s) => <Time at={s.lastSeenAt} locale={locale} />,
            },
            { label: t('identity.account.ip'), cell: (s) => s.ip ?? t('identity.account.unknown') },
          ]}
        />
        <PostButton ctx={ctx} action="/account/overal-uitloggen" secondary>
          {t('identity.account.signOutEverywhere')}
        </PostButton>
      </Section>
    </Layout>
  );
}

export function ChangePasswordPage(props: { ctx: PageContext; minLength: number; errors: FormError[] }) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.password.title')} crumbs={accountCrumbs(ctx)}>
      <h1 class="utrecht-heading-1">{t('identity.password.title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action="/account/wachtwoord" novalidate>
        <PasswordField
          name="currentPassword"
          label={t('identity.password.current')}
          error={errorFor(errors, 'currentPassword')}
          autocomplete="current-password"
        />
        <PasswordField
          name="newPassword"
          label={t('identity.password.new')}
          hint={t('identity.password.rules', { min: props.minLength })}
          error={errorFor(errors, 'newPassword')}
          autocomplete="new-password"
        />
        <SubmitButton>{t('identity.password.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

export function TotpPage(props: {
  ctx: PageContext;
  enrolment: { groupedSecret: string; uri: string } | undefined;
  errors: FormError[];
}) {
  const { ctx, errors, enrolment } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.totp.title')} crumbs={accountCrumbs(ctx)}>
      <h1 class="utrecht-heading-1">{t('identity.totp.title')}</h1>
      <p class="utrecht-paragraph">{t('identity.totp.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      {enrolment ? (
        <>
          <ol class="utrecht-ordered-list">
            <li class="utrecht-ordered-list__item">{t('identity.totp.step1')}</li>
            <li class="utrecht-ordered-list__item">
              {t('identity.totp.step2')}
              <dl class="bk-facts">
                <dt>{t('identity.totp.secret')}</dt>
                <dd>
                  <code class="bk-secret">{enrolment.groupedSecret}</code>
                </dd>
              </dl>
              {t('identity.totp.uri')}{' '}
              <a class="utrecht-link bk-break" href={enrolment.uri}>
                {enrolment.uri}
              </a>
            </li>
            <li class="utrecht-ordered-list__item">{t('identity.totp.step3')}</li>
          </ol>
          <PostForm ctx={ctx} action="/account/tweestapsverificatie" novalidate>
            <CodeField t={t} error={errorFor(errors, 'code')} />
            <SubmitButton>{t('identity.totp.submit')}</SubmitButton>
          </PostForm>
        </>
      ) : (
        <>
          <p class="utrecht-paragraph">{t('identity.totp.isOn')}</p>
          <PostForm ctx={ctx} action="/account/tweestapsverificatie/uitzetten" novalidate>
            <PasswordField
              name="password"
              label={t('identity.signIn.password')}
              hint={t('identity.totp.offIntro')}
              error={errorFor(errors, 'password')}
              autocomplete="current-password"
            />
            <SubmitButton secondary>{t('identity.totp.turnOff')}</SubmitButton>
          </PostForm>
        </>
      )}
    </Layout>
  );
}
