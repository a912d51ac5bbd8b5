import type { PageContext } from '../../../web/page.js';
import {
  CsrfField,
  ErrorSummary,
  errorFor,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { Notice } from './common.js';

/** The sign-in button of the OpenID Connect provider: OIDC_LABEL, or the page's own words. */
export interface OidcButton {
  label: string | undefined;
}

export function SignInPage(props: {
  ctx: PageContext;
  email: string;
  back: string;
  errors: FormError[];
  notice?: string | undefined;
  /** The OpenID Connect provider's button, when one is configured. */
  oidc?: OidcButton | undefined;
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.signIn.title')}>
      <h1 class="utrecht-heading-1">{t('identity.signIn.title')}</h1>
      <Notice text={props.notice} />
      <p class="utrecht-paragraph">{t('identity.signIn.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/inloggen" class="bk-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="terug" value={props.back} />
        <TextField
          name="email"
          type="email"
          label={t('identity.signIn.email')}
          value={props.email}
          error={errorFor(errors, 'email')}
          autocomplete="username"
          spellcheck={false}
          maxLength={254}
        />
        <TextField
          name="password"
          type="password"
          label={t('identity.signIn.password')}
          error={errorFor(errors, 'password')}
          autocomplete="current-password"
          maxLength={1000}
        />
        <SubmitButton>{t('identity.signIn.submit')}</SubmitButton>
      </form>
      <p class="utrecht-paragraph">{t('identity.signIn.forgot')}</p>
      {props.oidc ? (
        <section aria-labelledby="oidc-title">
          <h2 class="utrecht-heading-2" id="oidc-title">
            {t('identity.oidc.title')}
          </h2>
          <p class="utrecht-paragraph">
            <a
              id="oidc"
              class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
              href={`/inloggen/oidc?terug=${encodeURIComponent(props.back)}`}
            >
              {props.oidc.label ?? t('identity.oidc.defaultLabel')}
            </a>
          </p>
        </section>
      ) : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/inloggen/bewoner">
          {t('identity.signIn.resident')}
        </a>
      </p>
    </Layout>
  );
}

export function CodePage(props: { ctx: PageContext; back: string; errors: FormError[] }) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.code.title')}>
      <h1 class="utrecht-heading-1">{t('identity.code.title')}</h1>
      <p class="utrecht-paragraph">{t('identity.code.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/inloggen/code" class="bk-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="terug" value={props.back} />
        <TextField
          name="code"
          label={t('identity.code.label')}
          hint={t('identity.code.hint')}
          error={errorFor(errors, 'code')}
          autocomplete="one-time-code"
          inputmode="numeric"
          maxLength={10}
        />
        <SubmitButton>{t('identity.code.submit')}</SubmitButton>
      </form>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/inloggen">
          {t('identity.code.restart')}
        </a>
      </p>
    </Layout>
  );
}
