import { textsOf, type ModuleStat, type StatPlace } from '../../web/front-door.js';
import type { Place } from './place.js';
import { placesMessages } from './places.messages.js';
import type { PlaceReads } from './places.reads.js';
import type { PlaceStats } from './places.schema.js';

const text = textsOf(placesMessages);
const ALL_LEVELS = ['gemeente', 'wijk', 'buurt'] as const;

/** The CBS figures of a place, as its page shows them (the latest year imported). */
export function placesStats(reads: PlaceReads): readonly ModuleStat[] {
  const figure =
    (pick: (p: Place) => number | null) =>
    async (place: StatPlace): Promise<number | null> =>
      pick(await reads.detail(place.code));
  return [
    {
      name: 'places.households',
      description: text('places.stats.households'),
      unit: 'count',
      levels: ALL_LEVELS,
      period: 'now',
      read: figure((p) => p.households),
    },
    {
      name: 'places.inhabitants',
      description: text('places.stats.inhabitants'),
      unit: 'count',
      levels: ALL_LEVELS,
      period: 'now',
      read: figure((p) => p.inhabitants),
    },
  ];
}

/**
 * Every module's figures for one place and year, grouped by module (in build order): what
 * `/api/v1/places/:code/stats` answers. Figures not known for the place's level are left out.
 */
export async function readPlaceStats(
  place: StatPlace & { name: string | null },
  year: number,
  stats: readonly ModuleStat[],
): Promise<PlaceStats> {
  const known = stats.filter((s) => s.levels.includes(place.level));
  const values = await Promise.all(known.map((s) => s.read(place, { year })));
  const modules: PlaceStats['modules'] = [];
  known.forEach((s, i) => {
    const module = s.name.slice(0, s.name.indexOf('.'));
    let group = modules.find((m) => m.module === module);
    if (!group) {
      group = { module, stats: [] };
      modules.push(group);
    }
    group.stats.push({
      name: s.name,
      description: s.description,
      unit: s.unit,
      period: s.period,
      value: values[i] ?? null,
    });
  });
  return { place: { code: place.code, level: place.level, name: place.name }, year, modules };
}
