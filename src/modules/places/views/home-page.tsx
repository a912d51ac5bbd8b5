import type { HomeTask } from '../../../web/front-door.js';
import type { PageContext } from '../../../web/page.js';
import { GetForm } from '../../../web/views/form.js';
import { Layout } from '../../../web/views/layout.js';
import { LinkParagraph, Section } from '../../../web/views/page-parts.js';
import { displayName, type Place } from '../place.js';
import { placeHref } from '../place-urls.js';

export function SearchForm(props: { ctx: PageContext; query: string; error?: string | undefined }) {
  const { t } = props.ctx;
  const invalid = props.error !== undefined;
  return (
    <GetForm action="/zoeken" search class="bk-search">
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
    </GetForm>
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

/** The front door: every module's tasks, a search for your place, and the way in for staff. */
export function HomePage(props: { ctx: PageContext; tasks: readonly HomeTask[]; withMap: Place[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('places.home.title')} description={t('places.home.description')}>
      <h1 class="utrecht-heading-1">{t('places.home.title')}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{t('places.home.intro')}</p>
      <Section id="tasks" heading={t('places.home.tasks')}>
        <ul class="bk-tasks" role="list">
          {props.tasks.map((task) => (
            <li class="bk-tasks__item" key={task.href}>
              <a class="utrecht-link bk-tasks__link" href={task.href}>
                {task.title}
              </a>
              <p class="utrecht-paragraph bk-tasks__description">{task.description}</p>
            </li>
          ))}
        </ul>
      </Section>
      <Section id="find" heading={t('places.home.find')}>
        <SearchForm ctx={ctx} query="" />
      </Section>
      <Section id="with-map" heading={t('places.home.withMap')}>
        <PlaceLinkList places={props.withMap} />
        <LinkParagraph href="/gemeenten">{t('places.home.allLink')}</LinkParagraph>
      </Section>
      {ctx.actor.kind === 'staff' ? null : (
        <Section id="staff" heading={t('places.home.staff')}>
          <p class="utrecht-paragraph">{t('places.home.staffText')}</p>
          <LinkParagraph href="/inloggen">{t('places.home.staffSignIn')}</LinkParagraph>
        </Section>
      )}
    </Layout>
  );
}

/** Every gemeente: those with a map first, then all of them by name. */
export function AllMunicipalitiesPage(props: { ctx: PageContext; withMap: Place[]; all: Place[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('places.all.title')} crumbs={[{ href: '/', label: t('layout.home') }]}>
      <h1 class="utrecht-heading-1">{t('places.all.title')}</h1>
      <SearchForm ctx={ctx} query="" />
      <Section id="with-map" heading={t('places.home.withMap')}>
        <PlaceLinkList places={props.withMap} />
      </Section>
      <Section id="all-gemeenten" heading={t('places.home.all', { count: props.all.length })}>
        <PlaceLinkList places={props.all} />
      </Section>
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
