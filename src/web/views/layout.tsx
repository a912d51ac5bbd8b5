import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page.js';
import { AccountNav, StaffSignInLink } from './account-nav.js';

export interface Crumb {
  href: string;
  label: string;
}

/** The same page with the other language chosen: keeps path and query, replaces `lang`. */
export function otherLanguageUrl(url: string, lang: 'nl' | 'en'): string {
  const parsed = new URL(url, 'http://x');
  parsed.searchParams.set('lang', lang);
  return `${parsed.pathname}?${parsed.searchParams.toString()}`;
}

/** Whether a navigation entry is the page being shown, or a page below it (`/initiatieven/…`). */
export function isCurrentEntry(href: string, url: string): boolean {
  const path = new URL(url, 'http://x').pathname;
  return path === href || (href !== '/' && path.startsWith(`${href}/`));
}

/** A page's text made fit for a meta description: one line, cut at a word before 160 characters. */
export function metaDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= 160) return line;
  const cut = line.slice(0, 159);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 100 ? cut.lastIndexOf(' ') : 159)}…`;
}

/**
 * The primary navigation: every module's resident entries (NL Design System nav bar). The list
 * wraps on a narrow screen, so it needs no script and no menu button.
 */
export function PrimaryNav(props: { ctx: PageContext }) {
  const { ctx } = props;
  const entries = ctx.navigation.filter((e) => e.audience === 'resident');
  if (entries.length === 0) return null;
  return (
    <nav class="utrecht-nav-bar bk-nav" aria-label={ctx.t('layout.mainNav')}>
      <div class="utrecht-nav-bar__content">
        <ul class="utrecht-nav-list" role="list">
          {entries.map((e) => (
            <li class="utrecht-nav-list__item" key={e.href}>
              <a
                class="utrecht-link utrecht-nav-list__link bk-nav__link"
                href={e.href}
                aria-current={isCurrentEntry(e.href, ctx.url) ? 'page' : undefined}
              >
                {ctx.t(e.label)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

/**
 * The page frame: skip link, header with the language switch and staff menu, the primary
 * navigation, breadcrumb, main content and footer with open data and the data attribution. NL Design System (Utrecht components, voorbeeld theme).
 */
export function Layout(props: {
  ctx: PageContext;
  title: string;
  /** The page's summary for search engines and link previews; the site's own by default. */
  description?: string;
  crumbs?: Crumb[];
  /** Enhancement scripts (module scripts at the end of the body); they load Leaflet themselves. */
  scripts?: string[];
  children: ComponentChildren;
}) {
  const { ctx, title } = props;
  const { t, asset } = ctx;
  const other = ctx.locale === 'nl' ? 'en' : 'nl';
  return (
    <html lang={ctx.locale} class="utrecht-html">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('app.name')}`}</title>
        <meta name="description" content={props.description ?? t('layout.description')} />
        {/* One stylesheet: the components and tokens in use, this site's own CSS and print. */}
        <link rel="stylesheet" href={asset('css/app.css')} />
        <link rel="icon" href={asset('favicon.svg')} type="image/svg+xml" />
      </head>
      <body class="voorbeeld-theme utrecht-document utrecht-body">
        <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">
          {t('layout.skipToContent')}
        </a>
        <div class="utrecht-page bk-page">
          <header class="utrecht-page-header bk-header">
            <a class="bk-brand utrecht-link" href="/">
              <span class="bk-brand__name">{t('app.name')}</span>
              <span class="bk-brand__tagline">{t('app.tagline')}</span>
            </a>
            <nav class="bk-lang" aria-label={t('layout.languageSwitch')}>
              <a
                class="utrecht-link"
                href={otherLanguageUrl(ctx.url, other)}
                hreflang={other}
                lang={other}
                aria-label={t('layout.otherLanguageLabel')}
              >
                {t('layout.otherLanguage')}
              </a>
            </nav>
            <AccountNav ctx={ctx} />
          </header>
          <PrimaryNav ctx={ctx} />
          {props.crumbs && props.crumbs.length > 0 ? (
            <nav class="utrecht-breadcrumb-nav bk-breadcrumb" aria-label={t('layout.breadcrumb')}>
              <ol class="utrecht-breadcrumb-nav__list">
                {props.crumbs.map((c) => (
                  <li class="utrecht-breadcrumb-nav__item" key={c.href}>
                    <a class="utrecht-link utrecht-breadcrumb-nav__link" href={c.href}>
                      {c.label}
                    </a>
                  </li>
                ))}
              </ol>
            </nav>
          ) : null}
          <main id="inhoud" class="utrecht-page-content bk-main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="utrecht-page-footer bk-footer">
            <p class="utrecht-paragraph">{t('layout.footer.about')}</p>
            <p class="utrecht-paragraph">
              <a class="utrecht-link" href="/open-data">
                {t('layout.footer.api')}
              </a>
            </p>
            <StaffSignInLink ctx={ctx} />
            <p class="utrecht-paragraph utrecht-paragraph--small">{t('layout.footer.attribution')}</p>
          </footer>
        </div>
        {(props.scripts ?? []).map((src) => (
          <script type="module" src={src} nonce={ctx.nonce} key={src} />
        ))}
      </body>
    </html>
  );
}
