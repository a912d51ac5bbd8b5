import type { Translate } from '../../../web/i18n/i18n.js';
import { TextField } from '../../../web/views/form.js';
import type { RoleGrant } from '../../../access/index.js';

/** "Coach in Rokkeveen", "Partner (Woonstichting) in Centrum": a grant as people read it. */
export function grantLabel(t: Translate, grant: RoleGrant, names: ReadonlyMap<string, string>): string {
  const place = names.get(grant.placeCode) ?? grant.placeCode;
  const role = t(`identity.role.${grant.role}`);
  return grant.organisation
    ? t('identity.grantPartner', { role, organisation: grant.organisation, place })
    : t('identity.grant', { role, place });
}

/** The one-time code of an authenticator app: at sign-in, and to confirm turning it on. */
export function CodeField(props: { t: Translate; error: string | undefined }) {
  const { t } = props;
  return (
    <TextField
      name="code"
      label={t('identity.code.label')}
      hint={t('identity.code.hint')}
      error={props.error}
      autocomplete="one-time-code"
      inputmode="numeric"
      maxLength={10}
    />
  );
}
