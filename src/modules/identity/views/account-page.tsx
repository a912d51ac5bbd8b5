import type { PageContext } from '../../../web/page.js';
import {
  CsrfField,
  ErrorSummary,
  errorFor,
  PostButton,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { sortGrants } from '../role.js';
import type { StaffAccount, StaffSessionRecord } from '../staff.js';
import { grantLabel, Notice, Time } from './common.js';

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
      <section aria-labelledby="details">
        <h2 class="utrecht-heading-2" id="details">
          {t('identity.account.details')}
        </h2>
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
      </section>
      <section aria-labelledby="security">
        <h2 class="utrecht-heading-2" id="security">
          {t('identity.account.security')}
        </h2>
        <p class="utrecht-paragraph">
          <a class="utrecht-link" href="/account/wachtwoord">
            {t('identity.account.changePassword')}
          </a>
        </p>
        {props.canEnrolTotp || account.totpEnabled ? (
          <p class="utrecht-paragraph">
            {account.totpEnabled ? t('identity.account.totpOn') : t('identity.account.totpOff')}{' '}
            <a class="utrecht-link" href="/account/tweestapsverificatie">
              {t('identity.account.totpManage')}
            </a>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="sessions">
        <h2 class="utrecht-heading-2" id="sessions">
          {t('identity.account.sessions')}
        </h2>
        <p class="utrecht-paragraph">{t('identity.account.sessionsIntro')}</p>
        <div
          class="bk-table-scroll"
          tabindex={0}
          role="region"
          aria-label={t('identity.account.sessionsTable')}
        >
          <table class="utrecht-table">
            <thead class="utrecht-table__header">
              <tr class="utrecht-table__row">
                <th class="utrecht-table__header-cell" scope="col">
                  {t('identity.account.device')}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {t('identity.account.signedInAt')}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {t('identity.account.lastSeen')}
                </th>
                <th class="utrecht-table__header-cell" scope="col">
                  {t('identity.account.ip')}
                </th>
              </tr>
            </thead>
            <tbody class="utrecht-table__body">
              {props.sessions.map((s) => (
                <tr class="utrecht-table__row" key={s.id}>
                  <td class="utrecht-table__cell">
                    {s.userAgent ?? t('identity.account.unknown')}{' '}
                    {s.id === props.currentSessionId ? (
                      <strong>{t('identity.account.thisDevice')}</strong>
                    ) : null}
                  </td>
                  <td class="utrecht-table__cell">
                    <Time at={s.createdAt} locale={locale} />
                  </td>
                  <td class="utrecht-table__cell">
                    <Time at={s.lastSeenAt} locale={locale} />
                  </td>
                  <td class="utrecht-table__cell">{s.ip ?? t('identity.account.unknown')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <PostButton ctx={ctx} action="/account/overal-uitloggen" secondary>
          {t('identity.account.signOutEverywhere')}
        </PostButton>
      </section>
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
      <form method="post" action="/account/wachtwoord" class="bk-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField
          name="currentPassword"
          type="password"
          label={t('identity.password.current')}
          error={errorFor(errors, 'currentPassword')}
          autocomplete="current-password"
          maxLength={1000}
        />
        <TextField
          name="newPassword"
          type="password"
          label={t('identity.password.new')}
          hint={t('identity.password.rules', { min: props.minLength })}
          error={errorFor(errors, 'newPassword')}
          autocomplete="new-password"
          maxLength={1000}
        />
        <SubmitButton>{t('identity.password.submit')}</SubmitButton>
      </form>
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
          <form method="post" action="/account/tweestapsverificatie" class="bk-form" novalidate>
            <CsrfField ctx={ctx} />
            <TextField
              name="code"
              label={t('identity.code.label')}
              hint={t('identity.code.hint')}
              error={errorFor(errors, 'code')}
              autocomplete="one-time-code"
              inputmode="numeric"
              maxLength={10}
            />
            <SubmitButton>{t('identity.totp.submit')}</SubmitButton>
          </form>
        </>
      ) : (
        <>
          <p class="utrecht-paragraph">{t('identity.totp.isOn')}</p>
          <form method="post" action="/account/tweestapsverificatie/uitzetten" class="bk-form" novalidate>
            <CsrfField ctx={ctx} />
            <TextField
              name="password"
              type="password"
              label={t('identity.signIn.password')}
              hint={t('identity.totp.offIntro')}
              error={errorFor(errors, 'password')}
              autocomplete="current-password"
              maxLength={1000}
            />
            <SubmitButton secondary>{t('identity.totp.turnOff')}</SubmitButton>
          </form>
        </>
      )}
    </Layout>
  );
}
