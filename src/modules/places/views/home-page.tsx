import type { PageContext } from '../../../web/page.js';
import { Layout } from '../../../web/views/layout.js';
import { displayName, type Place } from '../place.js';
import { placeHref } from '../place-urls.js';

export function SearchForm(props: { ctx: PageContext; query: string; error?: string | undefined }) {
  const { t } = props.ctx;
  const invalid = props.error !== undefined;
  return (
    <form method="get" action="/zoeken" role="search" class="bk-search">
      <div
        class={`utrecht-form-field utrecht-form-field--text${invalid ? ' utrecht-form-field--invalid' : ''}`}
      >
        <div class="utrecht-form-field__label">
          <label class="utrecht-form-label" for="q">
            {t('places.search.label')}
          </label>
        </div>
        <div class="utrecht-form-field__description utrecht-form-field-description" id="q-hint">
          {t('places.search.hint')}
        </div>
        {invalid ? (
          <div class="utrecht-form-field-error-message" id="q-error">
            {props.error}
          </div>
        ) : null}
        <div class="utrecht-form-field__input bk-search__row">
          <input
            class={`utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}`}
            type="search"
            id="q"
            name="q"
            value={props.query}
            maxLength={100}
            autocomplete="off"
            aria-describedby={invalid ? 'q-hint q-error' : 'q-hint'}
            aria-invalid={invalid ? 'true' : undefined}
          />
          <button class="utrecht-button utrecht-button--primary-action" type="submit">
            {t('places.search.button')}
          </button>
        </div>
      </div>
    </form>
  );
}

export function PlaceLinkList(props: { places: Place[] }) {
  return (
    <ul class="utrecht-unordered-list bk-columns">
      {props.places.map((p) => (
        <li class="utrecht-unordered-list__item" key={p.code}>
          <a class="utrecht-link" href={placeHref(p.code)}>
            {displayName(p)}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function HomePage(props: { ctx: PageContext; withMap: Place[]; all: Place[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('places.home.title')} description={t('places.home.description')}>
      <h1 class="utrecht-heading-1">{t('places.home.title')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('places.home.intro')}</p>
      <SearchForm ctx={ctx} query="" />
      <section aria-labelledby="with-map">
        <h2 class="utrecht-heading-2" id="with-map">
          {t('places.home.withMap')}
        </h2>
        <PlaceLinkList places={props.withMap} />
      </section>
      <section aria-labelledby="all-gemeenten">
        <details class="bk-details">
          <summary>
            <h2 class="utrecht-heading-2 bk-inline" id="all-gemeenten">
              {t('places.home.all', { count: props.all.length })}
            </h2>
          </summary>
          <PlaceLinkList places={props.all} />
        </details>
      </section>
    </Layout>
  );
}

export function SearchPage(props: {
  ctx: PageContext;
  query: string;
  results: Place[];
  error?: string | undefined;
}) {
  const { ctx, query, results } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('places.search.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('places.search.title')}</h1>
      <SearchForm ctx={ctx} query={query} error={props.error} />
      {props.error ? null : results.length === 0 ? (
        <p class="utrecht-paragraph" role="status">
          {t('places.search.none', { query })}
        </p>
      ) : (
        <section aria-labelledby="results">
          {/* No role="status" here: it would replace the heading role, and a page that has just
              loaded announces nothing from a live region anyway. */}
          <h2 class="utrecht-heading-2" id="results">
            {t('places.search.results', { count: results.length, query })}
          </h2>
          <ul class="utrecht-unordered-list">
            {results.map((p) => (
              <li class="utrecht-unordered-list__item" key={p.code}>
                <a class="utrecht-link" href={placeHref(p.code)}>
                  {displayName(p)}
                </a>{' '}
                <span class="bk-muted">
                  {t(`places.level.${p.level}`)} · {p.code}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
