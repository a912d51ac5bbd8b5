import type { Translate } from '../../../web/i18n/i18n.js';
import type { RoleGrant } from '../role.js';

/** "Coach in Rokkeveen", "Partner (Woonstichting) in Centrum": a grant as people read it. */
export function grantLabel(t: Translate, grant: RoleGrant, names: ReadonlyMap<string, string>): string {
  const place = names.get(grant.placeCode) ?? grant.placeCode;
  const role = t(`identity.role.${grant.role}`);
  return grant.organisation
    ? t('identity.grantPartner', { role, organisation: grant.organisation, place })
    : t('identity.grant', { role, place });
}

/** A short confirmation after a change (shown after the redirect, from `?…` in the URL). */
export function Notice(props: { text: string | undefined }) {
  if (!props.text) return null;
  return (
    <div class="utrecht-alert utrecht-alert--ok bk-notice" role="status">
      <div class="utrecht-alert__content">
        <p class="utrecht-paragraph">{props.text}</p>
      </div>
    </div>
  );
}

const timeFormats = {
  nl: new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'medium',
    timeStyle: 'short',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Amsterdam',
    dateStyle: 'medium',
    timeStyle: 'short',
  }),
};

/** A moment in Dutch time, in the page's language. */
export function Time(props: { at: Date; locale: 'nl' | 'en' }) {
  return <time dateTime={props.at.toISOString()}>{timeFormats[props.locale].format(props.at)}</time>;
}
