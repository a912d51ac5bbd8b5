import type { RevisionCache } from '../../db/revisions.js';
import type { Db } from '../../db/database.js';
import { textsOf, type ModuleStat } from '../../web/front-door.js';
import { PUBLIC_STAGES } from './initiative.js';
import { initiativesMessages } from './initiatives.messages.js';
import * as repo from './initiatives.repository.js';

const text = textsOf(initiativesMessages);
const ALL_LEVELS = ['gemeente', 'wijk', 'buurt'] as const;

/**
 * The desk's figures for a place, public only (a count of what the public list shows), each
 * read through the process's cache under the `initiatives` revision.
 */
export function initiativesStats(db: Db, cache: RevisionCache): readonly ModuleStat[] {
  const cached = (key: string, load: () => Promise<number>) =>
    cache.get(`initiatives:stats:${key}`, ['initiatives'], load);
  return [
    {
      name: 'initiatives.public',
      description: text('initiatives.stats.public'),
      unit: 'count',
      levels: ALL_LEVELS,
      period: 'now',
      read: (place) =>
        cached(`public:${place.code}`, () =>
          repo.countPublicInitiatives(db, place.code, [...PUBLIC_STAGES, 'withdrawn', 'declined']),
        ),
    },
    {
      name: 'initiatives.open',
      description: text('initiatives.stats.open'),
      unit: 'count',
      levels: ALL_LEVELS,
      period: 'now',
      read: (place) =>
        cached(`open:${place.code}`, () => repo.countPublicInitiatives(db, place.code, ['open_for_support'])),
    },
    {
      name: 'initiatives.funded',
      description: text('initiatives.stats.funded'),
      unit: 'count',
      levels: ALL_LEVELS,
      period: 'year',
      read: (place, period) =>
        cached(`funded:${place.code}:${period.year}`, () =>
          repo.countFundedInYear(db, place.code, period.year),
        ),
    },
  ];
}
