import type { PageContext } from '../page.js';
import { PostButton } from './form.js';

/**
 * The header's account menu for signed-in staff: their name, their account page, the staff
 * pages every module lists in its navigation that they may open, and sign out (a POST with its
 * CSRF token). Nothing for anyone else:
 * residents never need to sign in, so the sign-in link sits in the footer.
 */
export function AccountNav(props: { ctx: PageContext }) {
  const { ctx } = props;
  const { t, actor } = ctx;
  if (actor.kind !== 'staff') return null;
  const links = [
    { href: '/account', label: t('identity.nav.account') },
    ...ctx.navigation
      .filter((e) => e.audience === 'staff' && (e.permission === undefined || ctx.can(e.permission)))
      .map((e) => ({ href: e.href, label: t(e.label) })),
  ];
  return (
    <nav class="bk-account-nav" aria-label={t('identity.nav.label')}>
      <span class="bk-account-nav__name">{t('identity.nav.signedInAs', { name: actor.displayName })}</span>
      <ul class="bk-account-nav__links">
        {links.map((l) => (
          <li key={l.href}>
            <a class="utrecht-link" href={l.href}>
              {l.label}
            </a>
          </li>
        ))}
        <li>
          <PostButton ctx={ctx} action="/uitloggen" secondary>
            {t('identity.nav.signOut')}
          </PostButton>
        </li>
      </ul>
    </nav>
  );
}

/** The footer's way in for staff. */
export function StaffSignInLink(props: { ctx: PageContext }) {
  const { ctx } = props;
  if (ctx.actor.kind === 'staff') return null;
  return (
    <p class="utrecht-paragraph">
      <a class="utrecht-link" href="/inloggen">
        {ctx.t('identity.nav.staffSignIn')}
      </a>
    </p>
  );
}
