// The public side of the desk: initiatives in public stages, listed and one by one (cached by revision).

import type { RevisionTopic } from '../../db/revisions.js';
import { NotFoundError } from '../../shared/errors.js';
import { PUBLIC_STAGES, isPublic, type Stage, type Theme } from './initiative.js';
import {
  loadDetail,
  placeRefs,
  toPublic,
  type InitiativesContext,
  type PublicInitiative,
  type PublicInitiativeDetail,
} from './initiatives.service.js';
import * as repo from './initiatives.repository.js';

export interface PublicListFilter {
  placeCode?: string | undefined;
  stage?: Stage | undefined;
  theme?: Theme | undefined;
  limit?: number;
  offset?: number;
}

const PUBLIC_LIST_STAGES: readonly Stage[] = [...PUBLIC_STAGES, 'withdrawn', 'declined'];

/** What a public initiative shows: its own tables, and the names of its places. */
const PUBLIC_TOPICS: readonly RevisionTopic[] = ['initiatives', 'places'];

/** Public initiatives, newest activity first; no personal data. Cached: never change the result. */
export function listPublicInitiatives(
  ctx: InitiativesContext,
  filter: PublicListFilter,
): Promise<PublicInitiative[]> {
  const key = [filter.placeCode, filter.stage, filter.theme, filter.limit, filter.offset].join('|');
  return ctx.cache.get(`initiatives:list:${key}`, PUBLIC_TOPICS, () => readPublicInitiatives(ctx, filter));
}

async function readPublicInitiatives(
  ctx: InitiativesContext,
  filter: PublicListFilter,
): Promise<PublicInitiative[]> {
  const rows = await repo.findPublicInitiatives(ctx.db, {
    placeCode: filter.placeCode,
    stages: filter.stage ? [filter.stage] : PUBLIC_LIST_STAGES,
    theme: filter.theme,
    limit: filter.limit ?? 100,
    offset: filter.offset ?? 0,
  });
  const [totals, place] = await Promise.all([
    repo.findBudgetTotals(
      ctx.db,
      rows.map((r) => r.id),
    ),
    placeRefs(ctx, rows),
  ]);
  return rows.map((r) => toPublic(r, place, totals.get(r.id) ?? 0));
}

/**
 * Page `page` (from 1) of the public list, `pageSize` long, and whether another page follows
 * (it asks for one more than it shows).
 */
export async function listPublicPage(
  ctx: InitiativesContext,
  filter: Omit<PublicListFilter, 'limit' | 'offset'>,
  page: number,
  pageSize: number,
): Promise<{ items: PublicInitiative[]; hasMore: boolean }> {
  const items = await listPublicInitiatives(ctx, {
    ...filter,
    limit: pageSize + 1,
    offset: (page - 1) * pageSize,
  });
  return { items: items.slice(0, pageSize), hasMore: items.length > pageSize };
}

/**
 * One public initiative by reference; NotFoundError when it does not exist or is not public.
 * Cached: never change the result.
 */
export function getPublicInitiative(
  ctx: InitiativesContext,
  reference: string,
): Promise<PublicInitiativeDetail> {
  return ctx.cache.get(`initiatives:detail:${reference}`, PUBLIC_TOPICS, () =>
    readPublicInitiative(ctx, reference),
  );
}

async function readPublicInitiative(
  ctx: InitiativesContext,
  reference: string,
): Promise<PublicInitiativeDetail> {
  const row = await repo.findInitiativeByReference(ctx.db, reference);
  if (!row || !isPublic(row.stage, row.published_at)) {
    throw new NotFoundError('initiatives.errors.notFound', { reference });
  }
  return loadDetail(ctx, ctx.db, row);
}
