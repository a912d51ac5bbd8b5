import {
  sql,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
} from 'kysely';
import type { QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Queryable } from './db.js';

/** The tables of the revision counters (declared in `CORE_TABLES`). */
export const REVISION_TABLES = ['revision'] as const;

/**
 * What public data a cached value was read from. Each topic has a counter in the `revision`
 * table that a trigger bumps in every transaction that changes the topic's tables (migration
 * 0013): places (`place`), initiatives (`initiative` and its budget lines, photos and
 * timeline), budgets (budget years, support goals; not pledges, see `maxAgeMs`), district (district
 * budgets, decisions and settings, migration 0015; not the ledger's match funding, see `maxAgeMs`).
 */
export type RevisionTopic = 'places' | 'initiatives' | 'budgets' | 'district' | 'arrangements' | 'reports';

/** The current counter of every topic: one query, shared by all topics. */
export async function readRevisions(db: Queryable): Promise<ReadonlyMap<string, number>> {
  const { rows } = await sql<{
    topic: string;
    revision: number;
  }>`select topic, revision from revision`.execute(db);
  return new Map(rows.map((r) => [r.topic, Number(r.revision)]));
}

/**
 * Counts the writes (INSERT, UPDATE, DELETE, MERGE built with Kysely) that this process sends,
 * so that its own cache looks at the counters at once after a change it made itself, instead of
 * at its next poll.
 */
export class WriteCounter implements KyselyPlugin {
  private count = 0;

  get writes(): number {
    return this.count;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const kind = args.node.kind;
    if (
      kind === 'InsertQueryNode' ||
      kind === 'UpdateQueryNode' ||
      kind === 'DeleteQueryNode' ||
      kind === 'MergeQueryNode'
    ) {
      this.count++;
    }
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

/** Where a `RevisionCache` learns that something changed. */
export interface RevisionSource {
  /** Every topic's counter, read from the database. */
  read(): Promise<ReadonlyMap<string, number>>;
  /** How many writes this process has sent so far (`WriteCounter`). */
  writes(): number;
}

export interface RevisionCacheOptions {
  /** How often at most the counters are read: a change elsewhere shows within this time. */
  pollMs?: number;
  /** Entries kept at most; the least recently used goes first. */
  maxEntries?: number;
  /** Milliseconds since some fixed moment (tests pass a clock they move). */
  now?: () => number;
}

interface Entry {
  value: Promise<unknown>;
  topics: readonly RevisionTopic[];
  revisions: readonly number[];
  loadedAt: number;
  writes: number;
  maxAgeMs: number | undefined;
}

/**
 * What public pages read, kept in this process and dropped when a topic it was read from
 * changes (in any process, or the command line): the counters are read at most every `pollMs`
 * (one query for all topics), and at once after this process wrote anything itself. A value
 * is loaded once however many requests ask for it at the same time; a failed load is not kept.
 * At most `maxEntries` values, least recently used dropped first. Only public data belongs
 * here: a key never depends on who asks. Cached values are shared: callers must not change them.
 */
export class RevisionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly derivedValues = new WeakMap<object, Map<string, { rest: unknown[]; value: unknown }>>();
  private revisions: ReadonlyMap<string, number> = new Map();
  private checkedAt = -Infinity;
  private checkedWrites = -1;
  private checking: Promise<void> | undefined;
  private readonly pollMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly source: RevisionSource,
    options: RevisionCacheOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The value under `key`, loaded by `load` when there is none yet or when one of `topics`
   * changed since. `maxAgeMs`: also load again once the value is that old (for figures that
   * move with every pledge and have no counter), and after any write of this process. `same`:
   * a value loaded again that is the same as the one before (by this test) is given back as that
   * very object, so what `derived` made from it stays (a file rendered from figures that are read
   * every second but seldom move).
   */
  async get<T>(
    key: string,
    topics: readonly RevisionTopic[],
    load: () => Promise<T>,
    options: { maxAgeMs?: number; same?: (before: T, now: T) => boolean } = {},
  ): Promise<T> {
    await this.check();
    const now = this.now();
    const found = this.entries.get(key);
    if (found && this.isFresh(found, now)) {
      this.entries.delete(key);
      this.entries.set(key, found);
      // Stored by this same call with this same key: the loader's type.
      return found.value as Promise<T>;
    }
    // The counters were read before the data: a change committed in between makes the entry
    // look stale at the next check, never fresh.
    const same = options.same;
    // Stored by this same call with this same key: the loader's type.
    const before = found?.value as Promise<T> | undefined;
    const loaded = load();
    const entry: Entry = {
      value:
        same && before
          ? Promise.all([before.catch(() => undefined), loaded]).then(([was, now]) =>
              was !== undefined && same(was, now) ? was : now,
            )
          : loaded,
      topics,
      revisions: topics.map((t) => this.revisions.get(t) ?? 0),
      loadedAt: now,
      writes: this.source.writes(),
      maxAgeMs: options.maxAgeMs,
    };
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return entry.value as Promise<T>;
  }

  /**
   * A value made from values this cache returned (`from`, first an object: their rendered HTML
   * in one language, say), kept for as long as each of `from` is the very value the cache
   * returns: when any of them is loaded again (its topic moved, it aged past `maxAgeMs`, it was
   * dropped) the next call makes it anew. So it is never older than what it was made from, and
   * goes away with it (held weakly by `from[0]`). `variant` tells apart what is made from the
   * same values (the language). `make` must depend on nothing but `from` and `variant`.
   */
  derived<T>(from: readonly [object, ...unknown[]], variant: string, make: () => T): T {
    const [first, ...rest] = from;
    let variants = this.derivedValues.get(first);
    if (!variants) {
      variants = new Map();
      this.derivedValues.set(first, variants);
    }
    const found = variants.get(variant);
    if (found && found.rest.length === rest.length && found.rest.every((v, i) => v === rest[i])) {
      // Stored by this same call with this same variant: `make`'s type.
      return found.value as T;
    }
    const value = make();
    variants.set(variant, { rest, value });
    return value;
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  private isFresh(entry: Entry, now: number): boolean {
    if (entry.topics.some((t, i) => (this.revisions.get(t) ?? 0) !== entry.revisions[i])) return false;
    if (entry.maxAgeMs === undefined) return true;
    return now - entry.loadedAt < entry.maxAgeMs && entry.writes === this.source.writes();
  }

  /** Reads the counters when the last read is `pollMs` old or this process wrote since. */
  private async check(): Promise<void> {
    const writes = this.source.writes();
    if (this.now() - this.checkedAt < this.pollMs && writes === this.checkedWrites) return;
    this.checking ??= (async () => {
      try {
        const startedAt = this.now();
        this.revisions = await this.source.read();
        this.checkedAt = startedAt;
        this.checkedWrites = writes;
      } finally {
        this.checking = undefined;
      }
    })();
    await this.checking;
  }
}
