import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { amsterdamDate } from '../../shared/dates.js';
import { NotFoundError } from '../../shared/errors.js';
import { pageContext, sendPage, type PageContext, type WebDeps } from '../../web/page.js';
import type { Crumb } from '../../web/views/layout.js';
import {
  displayName,
  levelOfCode,
  municipalityCodeOf,
  normalizePlaceCode,
  placeHref,
  type PlacesModule,
} from '../places/index.js';
import type { PlaceSection, PlaceSectionPlace } from '../manifest.js';
import {
  budgetYear,
  municipalitiesWithBudgets,
  overview,
  publicDecision,
  registerPage,
  type DistrictPublicContext,
  type RegisterScope,
} from './district-budget.public.js';
import {
  DistrictPlaceSection,
  OverviewPage,
  sumFigures,
  overviewHref,
  IndexPage,
  type NamedPlace,
} from './views/overview.js';
import { DecisionPage, RegisterPage } from './views/register.js';

/** What the public pages, the API and the open data files are built with. */
export interface DistrictPublicDeps {
  ctx: DistrictPublicContext;
  places: PlacesModule;
  web: WebDeps;
}

export const yearQuery = z.coerce.number().int().min(2000).max(2200).optional();
const pageQuery = z.coerce.number().int().min(1).max(100_000).optional();

/**
 * A gemeente or wijk by its code, named as the public pages name it (NotFoundError for any other
 * code or level: a buurt has no district budget of its own).
 */
export async function namedPlaceOf(
  places: PlacesModule,
  input: string,
): Promise<NamedPlace & { wijken: Map<string, string> }> {
  const code = normalizePlaceCode(input);
  if (!code) throw new NotFoundError();
  const detail = await places.getPlaceDetail(code);
  if (detail.level === 'buurt') throw new NotFoundError();
  const wijken = new Map<string, string>(
    detail.level === 'gemeente'
      ? detail.children.map((c) => [c.code, displayName(c)])
      : [[detail.code, displayName(detail)]],
  );
  return {
    code: detail.code,
    name: displayName(detail),
    level: detail.level,
    municipalityCode: detail.municipalityCode,
    href: placeHref(detail.code),
    wijken,
  };
}

/** Where a place's district budget is, from its code alone (a buurt has none: undefined). */
function whereOfCode(code: string): { municipalityCode: string; wijkCode?: string } | undefined {
  const level = levelOfCode(code);
  if (level === 'gemeente') return { municipalityCode: code };
  if (level === 'wijk') return { municipalityCode: municipalityCodeOf(code), wijkCode: code };
  return undefined;
}

/**
 * A place and its district budget's years, read side by side (the scope follows from the code),
 * and with them `alongside(where)` when the year is given: a first view waits for one read, not
 * three in a row. NotFoundError for an unknown place, a buurt, or a year without a budget.
 */
export async function placeAndYear<T>(
  deps: Pick<DistrictPublicDeps, 'ctx' | 'places'>,
  input: string,
  year: number | undefined,
  alongside?: (scope: RegisterScope) => Promise<T>,
): Promise<{
  place: Awaited<ReturnType<typeof namedPlaceOf>>;
  where: { municipalityCode: string; wijkCode?: string };
  scope: RegisterScope;
  years: number[];
  early: T | undefined;
}> {
  const code = normalizePlaceCode(input);
  const where = code === undefined ? undefined : whereOfCode(code);
  if (code === undefined || where === undefined) throw new NotFoundError();
  const [place, found, early] = await Promise.all([
    namedPlaceOf(deps.places, code),
    budgetYear(deps.ctx, where, year),
    year !== undefined && alongside ? alongside({ ...where, year }) : undefined,
  ]);
  if (!found) throw new NotFoundError();
  return { place, where, scope: { ...where, year: found.year }, years: found.years, early };
}

function crumbsOf(ctx: PageContext, place: NamedPlace, own?: Crumb): Crumb[] {
  const crumbs: Crumb[] = [{ href: '/', label: ctx.t('layout.home') }];
  crumbs.push({ href: place.href, label: place.name });
  if (own) crumbs.push(own);
  return crumbs;
}

/** The public pages: overview per wijk and gemeente, the register, one decision. */
export async function registerDistrictPublicPages(
  app: FastifyInstance,
  deps: DistrictPublicDeps,
): Promise<void> {
  const { ctx, places, web } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(
    '/wijkbudget',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const codes = await municipalitiesWithBudgets(ctx);
      const found = await places.findPlaces(codes);
      const gemeenten = found
        .map((p) => ({ code: p.code, name: displayName(p) }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nl'));
      return sendPage(reply, IndexPage({ ctx: pageContext(request, reply, web), gemeenten }));
    },
  );

  pages.get(
    '/wijkbudget/:plaats',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ plaats: z.string().max(12) }),
        querystring: z.object({ jaar: yearQuery }),
      },
    },
    async (request, reply) => {
      const place = await namedPlaceOf(places, request.params.plaats);
      const found = await overview(
        ctx,
        {
          municipalityCode: place.municipalityCode,
          ...(place.level === 'wijk' ? { wijkCode: place.code } : {}),
        },
        request.query.jaar,
      );
      if (!found && request.query.jaar !== undefined) throw new NotFoundError();
      const pc = pageContext(request, reply, web);
      return sendPage(
        reply,
        OverviewPage({
          ctx: pc,
          place,
          crumbs: crumbsOf(pc, place),
          overview: found,
          wijkNames: place.wijken,
        }),
      );
    },
  );

  pages.get(
    '/wijkbudget/:plaats/besluiten',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        params: z.object({ plaats: z.string().max(12) }),
        querystring: z.object({ jaar: yearQuery, pagina: pageQuery }),
      },
    },
    async (request, reply) => {
      const page = request.query.pagina ?? 1;
      const found = await placeAndYear(deps, request.params.plaats, request.query.jaar, (scope) =>
        registerPage(ctx, scope, page),
      );
      const { place } = found;
      const register = found.early ?? (await registerPage(ctx, found.scope, page));
      if (page > register.pages) throw new NotFoundError();
      const pc = pageContext(request, reply, web);
      const crumbs = crumbsOf(pc, place, {
        href: overviewHref(place.code, found.scope.year),
        label: pc.t('districtBudget.public.overview.title', { place: place.name }),
      });
      return sendPage(
        reply,
        RegisterPage({
          ctx: pc,
          place,
          crumbs,
          year: found.scope.year,
          years: found.years,
          page,
          pages: register.pages,
          total: register.total,
          awaiting: register.awaiting,
          decisions: register.decisions,
          wijkNames: place.wijken,
        }),
      );
    },
  );

  pages.get(
    '/wijkbudget/besluit/:reference',
    {
      config: { access: 'public' },
      schema: { hide: true, params: z.object({ reference: z.string().max(40) }) },
    },
    async (request, reply) => {
      const decision = await publicDecision(ctx, request.params.reference.toUpperCase());
      if (!decision) throw new NotFoundError('districtBudget.public.notFound');
      const wijk = await namedPlaceOf(places, decision.wijkCode);
      const pc = pageContext(request, reply, web);
      const crumbs = crumbsOf(pc, wijk, {
        href: overviewHref(wijk.code, decision.year),
        label: pc.t('districtBudget.public.overview.title', { place: wijk.name }),
      });
      return sendPage(
        reply,
        DecisionPage({ ctx: pc, decision, wijk, crumbs, today: amsterdamDate(ctx.clock()) }),
      );
    },
  );
}

/** The district budget's section on a gemeente or wijk page: the newest year's figures in a sentence. */
export async function districtPlaceSection(
  deps: DistrictPublicDeps,
  place: PlaceSectionPlace,
  pc: PageContext,
): Promise<PlaceSection | undefined> {
  if (place.level === 'buurt') return undefined;
  const found = await overview(
    deps.ctx,
    { municipalityCode: place.municipalityCode, ...(place.level === 'wijk' ? { wijkCode: place.code } : {}) },
    undefined,
  );
  if (!found) return undefined;
  return {
    id: 'wijkbudget',
    order: 30,
    title: pc.t('districtBudget.public.section.title'),
    content: DistrictPlaceSection({
      ctx: pc,
      code: place.code,
      year: found.year,
      total: sumFigures(found.wijken, place.code),
    }),
  };
}
