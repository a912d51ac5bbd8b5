import type { PageContext } from '../../../web/page.js';
import {
  EmailField,
  ErrorSummary,
  errorFor,
  PostButton,
  PostForm,
  SubmitButton,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { LinkParagraph, Notice } from '../../../web/views/page-parts.js';

/** `/inloggen/bewoner`: a resident asks for a sign-in link by e-mail. */
export function ResidentSignInPage(props: {
  ctx: PageContext;
  email: string;
  errors: FormError[];
  notice?: string | undefined;
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.resident.title')}>
      <h1 class="utrecht-heading-1">{t('identity.resident.title')}</h1>
      <Notice text={props.notice} />
      <p class="utrecht-paragraph">{t('identity.resident.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action="/inloggen/bewoner" novalidate>
        <EmailField
          name="email"
          label={t('identity.resident.email')}
          hint={t('identity.resident.emailHint')}
          value={props.email}
          error={errorFor(errors, 'email')}
          autocomplete="email"
        />
        <SubmitButton>{t('identity.resident.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

/** After asking: the same page whether or not the address was seen before. */
export function ResidentLinkSentPage(props: { ctx: PageContext; minutes: number }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.resident.sentTitle')}>
      <h1 class="utrecht-heading-1">{t('identity.resident.sentTitle')}</h1>
      <p class="utrecht-paragraph">{t('identity.resident.sent', { minutes: props.minutes })}</p>
      <LinkParagraph href="/inloggen/bewoner">{t('identity.resident.again')}</LinkParagraph>
    </Layout>
  );
}

/**
 * The link's landing: one click to sign in. Not at once on opening, because mail scanners open
 * links before the resident does and would use the one-time link up.
 */
export function ResidentConfirmPage(props: { ctx: PageContext; token: string; email: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.resident.confirmTitle')}>
      <h1 class="utrecht-heading-1">{t('identity.resident.confirmTitle')}</h1>
      <p class="utrecht-paragraph">{t('identity.resident.confirm', { email: props.email })}</p>
      <PostButton ctx={ctx} action={`/inloggen/bewoner/${props.token}`}>
        {t('identity.resident.confirmSubmit')}
      </PostButton>
    </Layout>
  );
}

export function ResidentLinkInvalidPage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('identity.resident.invalidTitle')}>
      <h1 class="utrecht-heading-1">{t('identity.resident.invalidTitle')}</h1>
      <p class="utrecht-paragraph">{t('identity.resident.invalid')}</p>
      <LinkParagraph href="/inloggen/bewoner">{t('identity.resident.again')}</LinkParagraph>
    </Layout>
  );
}

/** `/mijn`: the signed-in resident's page. */
export function MinePage(props: { ctx: PageContext; email: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.mine.title')}>
      <h1 class="utrecht-heading-1">{t('identity.mine.title')}</h1>
      <p class="utrecht-paragraph">{t('identity.mine.signedInAs', { email: props.email })}</p>
      <p class="utrecht-paragraph">{t('identity.mine.intro')}</p>
      <PostButton ctx={ctx} action="/uitloggen" secondary>
        {t('identity.nav.signOut')}
      </PostButton>
    </Layout>
  );
}
