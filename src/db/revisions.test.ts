import { describe, expect, it } from 'vitest';
import { RevisionCache, type RevisionSource } from './revisions.js';

/** Counters and writes a test sets by hand, and how often the counters were read. */
function fakeSource(): RevisionSource & {
  counters: Map<string, number>;
  localWrites: number;
  reads: number;
} {
  const source = {
    counters: new Map<string, number>([['places', 1]]),
    localWrites: 0,
    reads: 0,
    read: async () => {
      source.reads++;
      return new Map(source.counters);
    },
    writes: () => source.localWrites,
  };
  return source;
}

describe('the revision cache', () => {
  it('serves a value until its topic’s counter moves, looking at the counters at most once per interval', async () => {
    let now = 0;
    const source = fakeSource();
    const cache = new RevisionCache(source, { pollMs: 1000, now: () => now });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', ['places'], load)).toBe(1);
    expect(await cache.get('k', ['places'], load)).toBe(1);
    source.counters.set('places', 2);
    now = 999;
    expect(await cache.get('k', ['places'], load)).toBe(1);
    expect(source.reads).toBe(1);
    now = 1000;
    expect(await cache.get('k', ['places'], load)).toBe(2);
    expect(source.reads).toBe(2);
    // A write of this process: the counters are read again at once.
    source.counters.set('places', 3);
    source.localWrites++;
    expect(await cache.get('k', ['places'], load)).toBe(3);
  });

  it('loads once for many callers at the same time, and keeps no failure', async () => {
    const cache = new RevisionCache(fakeSource());
    let loads = 0;
    const load = async () => {
      loads++;
      return 'value';
    };
    await Promise.all(Array.from({ length: 10 }, () => cache.get('k', ['places'], load)));
    expect(loads).toBe(1);
    await expect(cache.get('bad', ['places'], () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await cache.get('bad', ['places'], async () => 'now it works')).toBe('now it works');
  });

  it('keeps at most maxEntries values, dropping the least recently used', async () => {
    const cache = new RevisionCache(fakeSource(), { maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, ['places'], async () => key);
    await cache.get('a', ['places'], async () => 'reloaded');
    for (let i = 0; i < 100; i++) await cache.get(`x${i}`, ['places'], async () => i);
    expect(cache.size).toBe(3);
    await cache.get('d', ['places'], async () => 'd');
    await cache.get('a', ['places'], async () => 'a again');
    expect(await cache.get('a', ['places'], async () => 'not this')).toBe('a again');
  });

  it('reads a value with a maximum age again once it is that old', async () => {
    let now = 0;
    const cache = new RevisionCache(fakeSource(), { now: () => now });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('figures', [], load, { maxAgeMs: 1000 });
    now = 999;
    expect(await cache.get('figures', [], load, { maxAgeMs: 1000 })).toBe(1);
    now = 1000;
    expect(await cache.get('figures', [], load, { maxAgeMs: 1000 })).toBe(2);
  });

  it('keeps a value made from cached values exactly as long as they are the values the cache returns', async () => {
    let now = 0;
    const source = fakeSource();
    const cache = new RevisionCache(source, { pollMs: 100, now: () => now });
    let loads = 0;
    const place = () => cache.get('place', ['places'], async () => ({ name: `load ${++loads}` }));
    const figures = () => cache.get('figures', [], async () => ({ given: loads }), { maxAgeMs: 1000 });
    let made = 0;
    const render = async (locale: string) => {
      const [p, f] = [await place(), await figures()];
      return cache.derived([p, f], locale, () => `${locale}: ${p.name}, ${f.given} (${++made})`);
    };
    expect(await render('nl')).toBe('nl: load 1, 1 (1)');
    expect(await render('nl')).toBe('nl: load 1, 1 (1)');
    // Each variant (language) is made once.
    expect(await render('en')).toBe('en: load 1, 1 (2)');
    expect(await render('en')).toBe('en: load 1, 1 (2)');
    // The place's topic moved: the place is read again, so the value is made anew.
    source.counters.set('places', 2);
    now = 500;
    expect(await render('nl')).toBe('nl: load 2, 1 (3)');
    expect(await render('nl')).toBe('nl: load 2, 1 (3)');
    // The second value aged past its maximum: read again, so made anew, though the first is the same.
    now = 1000;
    expect(await render('nl')).toBe('nl: load 2, 2 (4)');
    expect(await render('en')).toBe('en: load 2, 2 (5)');
    expect(await render('en')).toBe('en: load 2, 2 (5)');
  });

  it('gives back the value before when one read again is the same, so what was made from it stays', async () => {
    let now = 0;
    const cache = new RevisionCache(fakeSource(), { now: () => now });
    let moved = 0;
    const figures = () =>
      cache.get('figures', [], async () => ({ matched: moved }), {
        maxAgeMs: 1000,
        same: (before, after) => before.matched === after.matched,
      });
    let made = 0;
    const render = async () => {
      const f = await figures();
      return cache.derived([f], 'csv', () => `matched ${f.matched} (${++made})`);
    };
    expect(await render()).toBe('matched 0 (1)');
    // Read again after a second, and still the same: the file is not made again.
    now = 1000;
    expect(await render()).toBe('matched 0 (1)');
    // Read again, and moved: made anew.
    moved = 1;
    now = 2000;
    expect(await render()).toBe('matched 1 (2)');
  });
});
