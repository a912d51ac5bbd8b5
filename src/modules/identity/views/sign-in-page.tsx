import type { PageContext } from '../../../web/page.js';
import {
  EmailField,
  ErrorSummary,
  errorFor,
  PasswordField,
  PostForm,
  SubmitButton,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { LinkParagraph, Notice, Section } from '../../../web/views/page-parts.js';
import { CodeField } from './common.js';

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
      <PostForm ctx={ctx} action="/inloggen" novalidate hidden={{ terug: props.back }}>
        <EmailField
          name="email"
          label={t('identity.signIn.email')}
          value={props.email}
          error={errorFor(errors, 'email')}
          autocomplete="username"
        />
        <PasswordField
          name="password"
          label={t('identity.signIn.password')}
          error={errorFor(errors, 'password')}
          autocomplete="current-password"
        />
        <SubmitButton>{t('identity.signIn.submit')}</SubmitButton>
      </PostForm>
      <p class="utrecht-paragraph">{t('identity.signIn.forgot')}</p>
      {props.oidc ? (
        <Section id="oidc-title" heading={t('identity.oidc.title')}>
          <p class="utrecht-paragraph">
            <a
              id="oidc"
              class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action"
              href={`/inloggen/oidc?terug=${encodeURIComponent(props.back)}`}
            >
              {props.oidc.label ?? t('identity.oidc.defaultLabel')}
            </a>
          </p>
        </Section>
      ) : null}
      <LinkParagraph href="/inloggen/bewoner">{t('identity.signIn.resident')}</LinkParagraph>
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
      <PostForm ctx={ctx} action="/inloggen/code" novalidate hidden={{ terug: props.back }}>
        <CodeField t={t} error={errorFor(errors, 'code')} />
        <SubmitButton>{t('identity.code.submit')}</SubmitButton>
      </PostForm>
      <LinkParagraph href="/inloggen">{t('identity.code.restart')}</LinkParagraph>
    </Layout>
  );
}
