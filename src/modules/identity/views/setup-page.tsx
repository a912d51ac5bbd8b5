import type { PageContext } from '../../../web/page.js';
import {
  ErrorSummary,
  errorFor,
  PasswordField,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';

export function SetupPage(props: {
  ctx: PageContext;
  token: string;
  email: string;
  displayName: string;
  minLength: number;
  errors: FormError[];
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.setup.title')}>
      <h1 class="utrecht-heading-1">{t('identity.setup.title')}</h1>
      <p class="utrecht-paragraph">{t('identity.setup.intro', { email: props.email })}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action={`/account-instellen/${props.token}`} novalidate>
        {/* For password managers: the account the new password belongs to. */}
        <input type="hidden" name="username" value={props.email} autocomplete="username" />
        <TextField
          name="displayName"
          label={t('identity.setup.name')}
          value={props.displayName}
          error={errorFor(errors, 'displayName')}
          autocomplete="name"
          maxLength={100}
        />
        <PasswordField
          name="password"
          label={t('identity.setup.password')}
          hint={t('identity.password.rules', { min: props.minLength })}
          error={errorFor(errors, 'password')}
          autocomplete="new-password"
        />
        <SubmitButton>{t('identity.setup.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

export function LinkInvalidPage(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('identity.setup.invalidTitle')}>
      <h1 class="utrecht-heading-1">{t('identity.setup.invalidTitle')}</h1>
      <p class="utrecht-paragraph">{t('identity.errors.linkInvalid')}</p>
    </Layout>
  );
}
