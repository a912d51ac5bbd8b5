import type { PageContext } from '../../../web/page.js';
import {
  EmailField,
  ErrorSummary,
  errorFor,
  PostButton,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { ChoiceGroup } from '../../../web/views/fields.js';
import { Layout } from '../../../web/views/layout.js';
import { DataTable, Notice, Time } from '../../../web/views/page-parts.js';
import { displayName, type PlaceDetail } from '../../places/index.js';
import { ROLE_SCOPE_LEVELS, ROLES, sortGrants, type RoleGrant } from '../../../access/index.js';
import type { StaffAccount } from '../staff.js';
import { grantLabel } from './common.js';

const staffCrumbs = (ctx: PageContext) => [
  { href: '/', label: ctx.t('layout.home') },
  { href: '/beheer/medewerkers', label: ctx.t('identity.staff.title') },
];

/** Names of the gemeenten and their wijken offered on the page, for labels. */
export function namesOf(places: readonly PlaceDetail[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const gemeente of places) {
    names.set(gemeente.code, displayName(gemeente));
    for (const wijk of gemeente.children) names.set(wijk.code, displayName(wijk));
  }
  return names;
}

export function StaffListPage(props: { ctx: PageContext; places: PlaceDetail[]; staff: StaffAccount[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const names = namesOf(props.places);
  return (
    <Layout ctx={ctx} title={t('identity.staff.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('identity.staff.title')}</h1>
      <p class="utrecht-paragraph">
        {t('identity.staff.intro', { places: props.places.map((p) => displayName(p)).join(', ') })}
      </p>
      <p class="utrecht-paragraph">
        <a
          class="utrecht-link utrecht-button-link utrecht-button-link--primary-action"
          href="/beheer/medewerkers/uitnodigen"
        >
          {t('identity.staff.invite')}
        </a>
      </p>
      {props.staff.length === 0 ? (
        <p class="utrecht-paragraph">{t('identity.staff.none')}</p>
      ) : (
        <DataTable
          label={t('identity.staff.title')}
          caption
          rows={props.staff}
          rowKey={(a) => a.id}
          columns={[
            {
              label: t('identity.staff.name'),
              rowHeader: true,
              cell: (a) => (
                <a class="utrecht-link" href={`/beheer/medewerkers/${a.id}`}>
                  {a.displayName}
                </a>
              ),
            },
            { label: t('identity.staff.email'), cell: (a) => a.email },
            {
              label: t('identity.staff.roles'),
              cell: (a) => (
                <ul class="bk-plain-list">
                  {sortGrants(a.grants).map((g) => (
                    <li key={`${g.role}-${g.placeCode}`}>{grantLabel(t, g, names)}</li>
                  ))}
                </ul>
              ),
            },
            { label: t('identity.staff.status'), cell: (a) => t(`identity.status.${a.status}`) },
          ]}
        />
      )}
    </Layout>
  );
}

/**
 * The roles as checkboxes: per role, the places it can be given for (a gemeente, or its
 * wijken), each checkbox named after the role. A partner also gets an organisation field.
 * Works without JavaScript; the first fieldset carries the `roles` anchor of the error summary.
 */
export function RoleFields(props: {
  ctx: PageContext;
  places: PlaceDetail[];
  selected: readonly RoleGrant[];
  organisation: string;
  errors: FormError[];
}) {
  const { ctx, errors } = props;
  const { t } = ctx;
  const rolesError = errorFor(errors, 'roles');
  const organisationError = errorFor(errors, 'organisation');
  return (
    <div class={`bk-roles${rolesError ? ' utrecht-form-field--invalid' : ''}`} id="roles" tabindex={-1}>
      <h2 class="utrecht-heading-2">{t('identity.roles.legend')}</h2>
      <p class="utrecht-paragraph">{t('identity.roles.hint')}</p>
      {rolesError ? (
        <p class="utrecht-form-field-error-message" id="roles-error">
          {rolesError}
        </p>
      ) : null}
      {ROLES.map((role) => (
        <ChoiceGroup
          key={role}
          type="checkbox"
          name={role}
          legend={t(`identity.role.${role}`)}
          hint={t(`identity.roleHelp.${role}`)}
          id={(code) => `${role}-${code}`}
          columns
          options={props.places.flatMap((gemeente) => [
            ...(ROLE_SCOPE_LEVELS[role].includes('gemeente')
              ? [
                  {
                    value: gemeente.code,
                    label: t('identity.roles.wholeMunicipality', { name: displayName(gemeente) }),
                  },
                ]
              : []),
            ...(ROLE_SCOPE_LEVELS[role].includes('wijk')
              ? gemeente.children.map((wijk) => ({ value: wijk.code, label: displayName(wijk) }))
              : []),
          ])}
          checked={props.selected.filter((g) => g.role === role).map((g) => g.placeCode)}
        >
          {role === 'partner' ? (
            <TextField
              name="organisation"
              label={t('identity.roles.organisation')}
              hint={t('identity.roles.organisationHint')}
              value={props.organisation}
              error={organisationError}
              maxLength={100}
            />
          ) : null}
        </ChoiceGroup>
      ))}
    </div>
  );
}

export function InvitePage(props: {
  ctx: PageContext;
  places: PlaceDetail[];
  values: { email: string; displayName: string; organisation: string; grants: RoleGrant[] };
  errors: FormError[];
}) {
  const { ctx, errors, values } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.invite.title')} crumbs={staffCrumbs(ctx)}>
      <h1 class="utrecht-heading-1">{t('identity.invite.title')}</h1>
      <p class="utrecht-paragraph">{t('identity.invite.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <PostForm ctx={ctx} action="/beheer/medewerkers/uitnodigen" novalidate>
        <EmailField
          name="email"
          label={t('identity.invite.email')}
          value={values.email}
          error={errorFor(errors, 'email')}
          autocomplete="off"
        />
        <TextField
          name="displayName"
          label={t('identity.invite.name')}
          value={values.displayName}
          error={errorFor(errors, 'displayName')}
          autocomplete="off"
          maxLength={100}
        />
        <RoleFields
          ctx={ctx}
          places={props.places}
          selected={values.grants}
          organisation={values.organisation}
          errors={errors}
        />
        <SubmitButton>{t('identity.invite.submit')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

/** After inviting (or a new link): the link, shown once. */
export function SetupLinkPage(props: {
  ctx: PageContext;
  title: string;
  account: Pick<StaffAccount, 'id' | 'email' | 'displayName'>;
  setupUrl: string;
}) {
  const { ctx, account } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={props.title} crumbs={staffCrumbs(ctx)}>
      <h1 class="utrecht-heading-1">{props.title}</h1>
      <p class="utrecht-paragraph">
        {t('identity.invited.intro', { name: account.displayName, email: account.email })}
      </p>
      <TextField name="setup-link" label={t('identity.invited.link')} value={props.setupUrl} readOnly wide />
      <p class="utrecht-paragraph bk-muted">{t('identity.invited.mailNote')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href={`/beheer/medewerkers/${account.id}`}>
          {account.displayName}
        </a>
        {' · '}
        <a class="utrecht-link" href="/beheer/medewerkers">
          {t('identity.invited.back')}
        </a>
      </p>
    </Layout>
  );
}

export function StaffDetailPage(props: {
  ctx: PageContext;
  account: StaffAccount;
  places: PlaceDetail[];
  /** The roles shown in the form: the account's, or what was just posted. */
  selected: RoleGrant[];
  organisation: string;
  /** Roles the page cannot change (other gemeenten). */
  elsewhere: RoleGrant[];
  canDisable: boolean;
  errors: FormError[];
  notice?: string | undefined;
}) {
  const { ctx, account, errors } = props;
  const { t, locale } = ctx;
  const base = `/beheer/medewerkers/${account.id}`;
  return (
    <Layout ctx={ctx} title={account.displayName} crumbs={staffCrumbs(ctx)}>
      <h1 class="utrecht-heading-1">{account.displayName}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <dl class="bk-facts">
        <dt>{t('identity.staff.email')}</dt>
        <dd>{account.email}</dd>
        <dt>{t('identity.staff.status')}</dt>
        <dd>{t(`identity.status.${account.status}`)}</dd>
        <dt>{t('identity.staffDetail.lastSignIn')}</dt>
        <dd>
          {account.lastSignInAt ? (
            <Time at={account.lastSignInAt} locale={locale} />
          ) : (
            t('identity.staffDetail.never')
          )}
        </dd>
      </dl>
      <PostForm ctx={ctx} action={`${base}/rollen`} novalidate>
        <RoleFields
          ctx={ctx}
          places={props.places}
          selected={props.selected}
          organisation={props.organisation}
          errors={errors}
        />
        {props.elsewhere.length > 0 ? (
          <>
            <h3 class="utrecht-heading-3">{t('identity.roles.elsewhere')}</h3>
            <ul class="utrecht-unordered-list">
              {props.elsewhere.map((g) => (
                <li class="utrecht-unordered-list__item" key={`${g.role}-${g.placeCode}`}>
                  {grantLabel(t, g, new Map())}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <SubmitButton>{t('identity.staffDetail.rolesSubmit')}</SubmitButton>
      </PostForm>
      <h2 class="utrecht-heading-2">{t('identity.staffDetail.access')}</h2>
      {account.status !== 'disabled' ? (
        <>
          <p class="utrecht-paragraph">{t('identity.staffDetail.newLinkHint')}</p>
          <PostButton ctx={ctx} action={`${base}/instellink`} secondary>
            {t('identity.staffDetail.newLink')}
          </PostButton>
        </>
      ) : null}
      {props.canDisable ? (
        account.status === 'disabled' ? (
          <PostButton ctx={ctx} action={`${base}/inschakelen`} secondary>
            {t('identity.staffDetail.enable')}
          </PostButton>
        ) : (
          <>
            <p class="utrecht-paragraph">{t('identity.staffDetail.disableHint')}</p>
            <PostButton ctx={ctx} action={`${base}/uitschakelen`} secondary>
              {t('identity.staffDetail.disable')}
            </PostButton>
          </>
        )
      ) : null}
    </Layout>
  );
}
